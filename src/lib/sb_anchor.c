/*
 * Internal: occurrences of the pattern tables' prefilter words (sb_anchor.h).
 *
 * Why a table keyed by the first two bytes: a text of a few thousand bytes
 * is checked against a few hundred words in one pass, and almost every
 * position's pair of bytes starts no word at all, so the pass costs about
 * one table look-up per byte.
 */
#include "sb_anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_WORD UINT32_MAX
#define PAIRS 65536u

typedef struct word {
	char *s;
	size_t len;
	uint32_t next; /* next word with the same first one (len 1) or two bytes */
} word;

struct sb_anchor_words {
	word *words;
	size_t nwords;
	uint32_t head1[256];   /* one-byte words by their byte */
	uint32_t *head2;       /* PAIRS: longer words by their first two bytes */
	uint8_t pair_bits[PAIRS / 8]; /* bit p: head2[p] has a word (fits in cache) */
	size_t nsets;
	size_t *set_first;     /* nsets + 1: set i's words are set_words[set_first[i]..] */
	uint32_t *set_words;
	bool *set_filtered;    /* whether set i has a prefilter */
};

typedef struct set_cache {
	size_t *pos; /* NULL until asked */
	size_t n;
	bool done;
} set_cache;

struct sb_anchors {
	const sb_anchor_words *w;
	size_t *first; /* nwords + 1: word k's occurrences are occ[first[k]..first[k + 1]) */
	size_t *occ;
	set_cache *sets;
};

void sb_anchor_words_free(sb_anchor_words *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nwords; i++)
		free(w->words[i].s);
	free(w->words);
	free(w->head2);
	free(w->set_first);
	free(w->set_words);
	free(w->set_filtered);
	free(w);
}

/* The id of word s[0..m) in w, adding it when new; NO_WORD when out of memory. */
static uint32_t word_id(sb_anchor_words *w, const char *s, size_t m, size_t cap)
{
	size_t i;
	uint32_t *head;
	char *copy;

	for (i = 0; i < w->nwords; i++)
		if (w->words[i].len == m && memcmp(w->words[i].s, s, m) == 0)
			return (uint32_t)i;
	if (w->nwords >= cap)
		return NO_WORD;
	copy = malloc(m + 1);
	if (copy == NULL)
		return NO_WORD;
	memcpy(copy, s, m);
	copy[m] = '\0';
	head = m == 1 ? &w->head1[(unsigned char)s[0]]
		      : &w->head2[((unsigned)(unsigned char)s[0] << 8) | (unsigned char)s[1]];
	if (m > 1) {
		unsigned p = ((unsigned)(unsigned char)s[0] << 8) | (unsigned char)s[1];

		w->pair_bits[p >> 3] |= (uint8_t)(1u << (p & 7));
	}
	w->words[w->nwords].s = copy;
	w->words[w->nwords].len = m;
	w->words[w->nwords].next = *head;
	*head = (uint32_t)w->nwords;
	return (uint32_t)w->nwords++;
}

int sb_anchor_words_new(const char *const *needs, size_t n, sb_anchor_words **out, sb_error *err)
{
	sb_anchor_words *w = NULL;
	size_t i, total = 0, k = 0;
	int rc = SB_OK;

	*out = NULL;
	for (i = 0; i < n; i++) {
		const char *p;

		if (needs[i] == NULL)
			continue;
		total++;
		for (p = needs[i]; *p != '\0'; p++)
			if (*p == '|')
				total++;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		goto oom;
	w->nsets = n;
	w->words = calloc(total + 1, sizeof(*w->words));
	w->head2 = malloc(PAIRS * sizeof(*w->head2));
	w->set_first = calloc(n + 1, sizeof(*w->set_first));
	w->set_words = calloc(total + 1, sizeof(*w->set_words));
	w->set_filtered = calloc(n + 1, sizeof(*w->set_filtered));
	if (w->words == NULL || w->head2 == NULL || w->set_first == NULL ||
	    w->set_words == NULL || w->set_filtered == NULL)
		goto oom;
	for (i = 0; i < 256; i++)
		w->head1[i] = NO_WORD;
	for (i = 0; i < PAIRS; i++)
		w->head2[i] = NO_WORD;
	for (i = 0; i < n; i++) {
		const char *p = needs[i];

		w->set_first[i] = k;
		if (p == NULL)
			continue;
		w->set_filtered[i] = true;
		while (*p != '\0') {
			const char *bar = strchr(p, '|');
			size_t m = bar != NULL ? (size_t)(bar - p) : strlen(p);
			uint32_t id;

			if (m == 0) {
				rc = sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
						  "prefilter '%s' has an empty word", needs[i]);
				goto done;
			}
			id = word_id(w, p, m, total);
			if (id == NO_WORD)
				goto oom;
			w->set_words[k++] = id;
			if (bar == NULL)
				break;
			p = bar + 1;
		}
	}
	w->set_first[n] = k;
	*out = w;
	w = NULL;
	goto done;
oom:
	rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
done:
	sb_anchor_words_free(w);
	return rc;
}

void sb_anchors_free(sb_anchors *a)
{
	size_t i;

	if (a == NULL)
		return;
	if (a->sets != NULL)
		for (i = 0; i < a->w->nsets; i++)
			free(a->sets[i].pos);
	free(a->sets);
	free(a->first);
	free(a->occ);
	free(a);
}

typedef struct hit {
	uint32_t word;
	size_t pos;
} hit;

/* Append (word, pos) to *hits, growing it; false when out of memory. */
static bool add_hit(hit **hits, size_t *n, size_t *cap, uint32_t id, size_t pos)
{
	if (*n == *cap) {
		size_t ncap = *cap != 0 ? *cap * 2 : 256;
		hit *grown = realloc(*hits, ncap * sizeof(*grown));

		if (grown == NULL)
			return false;
		*hits = grown;
		*cap = ncap;
	}
	(*hits)[*n].word = id;
	(*hits)[*n].pos = pos;
	(*n)++;
	return true;
}

int sb_anchors_find(const sb_anchor_words *w, const char *folded, size_t len, sb_anchors **out,
		    sb_error *err)
{
	const unsigned char *f = (const unsigned char *)folded;
	sb_anchors *a = NULL;
	hit *hits = NULL;
	size_t nhits = 0, cap = 0, i, k;
	int rc = SB_OK;

	*out = NULL;
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		goto oom;
	a->w = w;
	a->first = calloc(w->nwords + 1, sizeof(*a->first));
	a->sets = calloc(w->nsets + 1, sizeof(*a->sets));
	if (a->first == NULL || a->sets == NULL)
		goto oom;
	for (i = 0; i < len; i++) {
		uint32_t id;
		unsigned pair;

		for (id = w->head1[f[i]]; id != NO_WORD; id = w->words[id].next)
			if (!add_hit(&hits, &nhits, &cap, id, i))
				goto oom;
		if (i + 1 >= len)
			continue;
		pair = ((unsigned)f[i] << 8) | f[i + 1];
		if ((w->pair_bits[pair >> 3] & (1u << (pair & 7))) == 0)
			continue;
		for (id = w->head2[pair]; id != NO_WORD;
		     id = w->words[id].next) {
			const word *wd = &w->words[id];

			if (wd->len <= len - i && memcmp(f + i + 2, wd->s + 2, wd->len - 2) == 0 &&
			    !add_hit(&hits, &nhits, &cap, id, i))
				goto oom;
		}
	}
	/* Group by word (a counting sort keeps each word's positions ascending). */
	a->occ = malloc((nhits + 1) * sizeof(*a->occ));
	if (a->occ == NULL)
		goto oom;
	for (k = 0; k < nhits; k++)
		a->first[hits[k].word + 1]++;
	for (k = 0; k < w->nwords; k++)
		a->first[k + 1] += a->first[k];
	{
		size_t *fill = calloc(w->nwords + 1, sizeof(*fill));

		if (fill == NULL)
			goto oom;
		for (k = 0; k < nhits; k++) {
			uint32_t id = hits[k].word;

			a->occ[a->first[id] + fill[id]++] = hits[k].pos;
		}
		free(fill);
	}
	*out = a;
	a = NULL;
	goto done;
oom:
	rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
done:
	free(hits);
	sb_anchors_free(a);
	return rc;
}

bool sb_anchors_possible(const sb_anchors *a, size_t i)
{
	const sb_anchor_words *w = a->w;
	size_t k;

	if (i >= w->nsets || !w->set_filtered[i])
		return true;
	for (k = w->set_first[i]; k < w->set_first[i + 1]; k++) {
		uint32_t id = w->set_words[k];

		if (a->first[id + 1] > a->first[id])
			return true;
	}
	return false;
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return (a > b) - (a < b);
}

bool sb_anchors_positions(sb_anchors *a, size_t i, const size_t **pos, size_t *n)
{
	const sb_anchor_words *w = a->w;
	set_cache *s;
	size_t k, total = 0, o = 0;

	if (i >= w->nsets || !w->set_filtered[i])
		return false;
	s = &a->sets[i];
	if (!s->done) {
		for (k = w->set_first[i]; k < w->set_first[i + 1]; k++) {
			uint32_t id = w->set_words[k];

			total += a->first[id + 1] - a->first[id];
		}
		s->pos = malloc((total + 1) * sizeof(*s->pos));
		if (s->pos == NULL)
			return false;
		for (k = w->set_first[i]; k < w->set_first[i + 1]; k++) {
			uint32_t id = w->set_words[k];
			size_t m = a->first[id + 1] - a->first[id];

			memcpy(s->pos + o, a->occ + a->first[id], m * sizeof(*s->pos));
			o += m;
		}
		if (w->set_first[i + 1] - w->set_first[i] > 1)
			qsort(s->pos, total, sizeof(*s->pos), cmp_size);
		for (k = 0, o = 0; k < total; k++)
			if (o == 0 || s->pos[o - 1] != s->pos[k])
				s->pos[o++] = s->pos[k];
		s->n = o;
		s->done = true;
	}
	*pos = s->pos;
	*n = s->n;
	return true;
}
