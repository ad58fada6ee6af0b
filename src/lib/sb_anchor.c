/*
 * Internal: occurrences of the pattern tables' prefilter words (sb_anchor.h).
 *
 * Why tables keyed by a word's first bytes: a text of a few thousand bytes
 * is checked against several hundred words in one pass, and almost every
 * position starts no word at all, so the pass costs about one look-up per
 * byte (the pair of bytes there). Words of three bytes or more are then
 * told by their third byte and kept together by their first three (two
 * bytes such as "re" or "co" start dozens of words, and walking them all
 * at every "re" of the text was most of the pass); the few one-byte words
 * ("?", "/") are found apart with memchr.
 */
#include "sb_anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_WORD UINT32_MAX
/* Rows are numbered in 16 bits (row 0: none). */
#define MAX_ROWS 65535u

/* What a word's marks (sb_anchor.h) ask of the bytes beside it. */
#define NEED_START 1u /* no letter, digit or "_" before it */
#define NEED_END 2u   /* none after it */
#define NEED_DIGIT 4u /* a digit (or a non-ASCII byte) after it */

typedef struct word {
	char *s;
	size_t len;
	uint32_t next; /* next one-byte word of the same byte (head1) */
	/* The next word of the same text with other marks: the pass finds a
	 * text once, as its first word, and take gives the others. */
	uint32_t same;
	bool twin;     /* in the chain of a word of the same text before it */
	unsigned need; /* NEED_START, NEED_END, NEED_DIGIT */
} word;

/* An ASCII letter, digit or "_": a word character for \b in every mode. */
static bool ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Bytes p[0..8) as one number (fewer when n < 8, the rest zero): a word's
 * first bytes compare in one step instead of a call to memcmp. */
static uint64_t load8(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	if (n >= 8)
		memcpy(&v, p, 8); /* one load */
	else
		memcpy(&v, p, n);
	return v;
}

/* The set bits of x (portable: no instruction set is assumed). */
static inline unsigned bit_count(uint64_t x)
{
	x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
	x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
	return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* The words of two bytes or more that begin with one pair of bytes. */
typedef struct pair_row {
	uint64_t third[4]; /* bit c: a word of three bytes or more goes on with c */
	uint16_t before[4]; /* bits set in third[0..k) */
	uint32_t two;	    /* the two-byte word that is this pair, or NO_WORD */
	uint32_t base;	    /* the index in prefix_first of this row's first prefix */
} pair_row;

/* A word of three bytes or more, in prefix order: its first (up to) 8 bytes
 * as load8 reads them, so that most compare in one step. */
typedef struct entry {
	uint64_t pre, mask;
	uint32_t id;
	uint32_t len;
} entry;

struct sb_anchor_words {
	word *words;
	size_t nwords;
	uint32_t head1[256];   /* one-byte words by their byte */
	uint8_t one_bits[256 / 8];	    /* bit c: head1[c] has a word */
	unsigned char ones[256];	    /* the bytes that are one-byte words */
	size_t nones;
	/*
	 * Words of two bytes or more, in small tables: a scan reads a PDF
	 * between two texts, and what the pass reads must come back into the
	 * cache for each. Each byte that begins or follows the first byte of
	 * a word has a class (0: none); the pair of classes of two bytes gives
	 * their row (0: no word begins with them), the row the two-byte word
	 * and which third bytes go on; a word's first three bytes are a
	 * prefix, whose words stand together in ent.
	 */
	/*
	 * Per byte, the marks (NEED_*) it satisfies beside a word: NEED_START
	 * and NEED_END when it is no word character (ascii_word), NEED_DIGIT
	 * when it is a digit. A byte of 0x80 or more (part of a character
	 * that may or may not be a letter or a digit) rules nothing out.
	 */
	uint8_t edge_bits[256];
	uint8_t cls[256];
	size_t ncls;
	unsigned shift;	       /* classes take this many bits: a pair is c0 << shift | c1 */
	uint16_t *pairs;       /* the row of a pair of classes */
	pair_row *rows;	       /* nrows, row 0 unused */
	size_t nrows;
	uint32_t *prefix_first; /* prefix p's words are ent[prefix_first[p]..[p + 1]) */
	entry *ent;
	size_t nsets;
	size_t *set_first;     /* nsets + 1: set i's words are set_words[set_first[i]..] */
	uint32_t *set_words;
	bool *set_filtered;    /* whether set i has a prefilter */
	/* Per word, what the pass needs to take a hit of it (take): a copy of
	 * word's fields, small enough to stay in the cache. */
	struct word_meta {
		uint32_t same;	/* word.same */
		uint16_t len;	/* word.len (at most UINT16_MAX: sb_anchor_words_new) */
		uint8_t need;	/* word.need */
		uint8_t plain;	/* no marks and no other words of its text */
	} *meta;
};

/* A set's merged positions (sb_anchors_positions), once asked. */
typedef struct set_cache {
	size_t *pos;
	size_t n;
} set_cache;

/* What is known of a set (sb_anchors.state), found when first asked: most
 * sets of a text never are, so nothing is done for them. */
#define SET_PRESENCE_KNOWN 1u
#define SET_PRESENT 2u
#define SET_POSITIONS 4u /* sets[i] is filled in */

struct sb_anchors {
	const sb_anchor_words *w;
	size_t *first; /* nwords + 1: word k's occurrences are occ[first[k]..first[k + 1]) */
	size_t *occ;
	set_cache *sets;  /* nsets, each valid once SET_POSITIONS is set */
	uint8_t *state;	  /* nsets: SET_PRESENCE_KNOWN, SET_PRESENT, SET_POSITIONS */
};

void sb_anchor_words_free(sb_anchor_words *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nwords; i++)
		free(w->words[i].s);
	free(w->words);
	free(w->set_first);
	free(w->set_words);
	free(w->set_filtered);
	free(w->pairs);
	free(w->rows);
	free(w->prefix_first);
	free(w->ent);
	free(w->meta);
	free(w);
}

/* The id of word s[0..m) with marks need in w, adding it when new; NO_WORD
 * when out of memory. */
static uint32_t word_id(sb_anchor_words *w, const char *s, size_t m, unsigned need, size_t cap)
{
	size_t i;
	char *copy;
	uint32_t text = NO_WORD;

	for (i = 0; i < w->nwords; i++)
		if (w->words[i].len == m && memcmp(w->words[i].s, s, m) == 0) {
			if (w->words[i].need == need)
				return (uint32_t)i;
			if (text == NO_WORD)
				text = (uint32_t)i;
		}
	if (w->nwords >= cap)
		return NO_WORD;
	copy = malloc(m + 1);
	if (copy == NULL)
		return NO_WORD;
	memcpy(copy, s, m);
	copy[m] = '\0';
	w->words[w->nwords].s = copy;
	w->words[w->nwords].len = m;
	w->words[w->nwords].need = need;
	w->words[w->nwords].next = NO_WORD;
	w->words[w->nwords].same = NO_WORD;
	w->words[w->nwords].twin = false;
	if (text != NO_WORD) {
		/* Its text is in a chain already: after that word. */
		w->words[w->nwords].same = w->words[text].same;
		w->words[w->nwords].twin = true;
		w->words[text].same = (uint32_t)w->nwords;
	} else if (m == 1) {
		unsigned char c = (unsigned char)s[0];

		if ((w->one_bits[c >> 3] & (1u << (c & 7))) == 0)
			w->ones[w->nones++] = c;
		w->one_bits[c >> 3] |= (uint8_t)(1u << (c & 7));
		w->words[w->nwords].next = w->head1[c];
		w->head1[c] = (uint32_t)w->nwords;
	}
	return (uint32_t)w->nwords++;
}

/* The row of word wd's first two bytes (its classes are set). */
static uint16_t *row_of(const sb_anchor_words *w, const word *wd)
{
	return &w->pairs[(size_t)w->cls[(unsigned char)wd->s[0]] << w->shift |
			 w->cls[(unsigned char)wd->s[1]]];
}

/* The prefix (an index in prefix_first) of the three bytes that start a word
 * in row r, the third c (its bit is set). */
static inline size_t prefix_of(const pair_row *r, unsigned char c)
{
	return r->base + r->before[c >> 6] +
	       bit_count(r->third[c >> 6] & ((UINT64_C(1) << (c & 63)) - 1));
}

/* The tables of the words of two bytes or more (above), once every word is
 * in: only the first word of each text (word.same has the others). */
static int build_tables(sb_anchor_words *w, sb_error *err)
{
	size_t i, k, nprefix = 0;
	uint32_t *fill = NULL;
	int rc = SB_OK;

	w->meta = calloc(w->nwords + 1, sizeof(*w->meta));
	if (w->meta == NULL)
		goto oom;
	for (i = 0; i < w->nwords; i++) {
		const word *wd = &w->words[i];

		w->meta[i].same = wd->same;
		w->meta[i].len = (uint16_t)wd->len;
		w->meta[i].need = (uint8_t)wd->need;
		w->meta[i].plain = wd->need == 0 && wd->same == NO_WORD;
	}
	for (i = 0; i < 256; i++) {
		unsigned char c = (unsigned char)i;

		if (c >= 0x80)
			w->edge_bits[i] = NEED_START | NEED_END | NEED_DIGIT;
		else if (!ascii_word(c))
			w->edge_bits[i] = NEED_START | NEED_END;
		else if (c >= '0' && c <= '9')
			w->edge_bits[i] = NEED_DIGIT;
	}
	/* Classes: every byte a word of two bytes or more begins with or has
	 * second. */
	w->ncls = 1;
	for (i = 0; i < w->nwords; i++) {
		const word *wd = &w->words[i];

		for (k = 0; k < 2 && wd->len >= 2 && !wd->twin; k++)
			if (w->cls[(unsigned char)wd->s[k]] == 0)
				w->cls[(unsigned char)wd->s[k]] = (uint8_t)w->ncls++;
		if (w->ncls > 255)
			break;
	}
	if (w->ncls > 255) {
		rc = sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
				  "prefilter words begin with too many different bytes");
		goto done;
	}
	while ((1u << w->shift) < w->ncls)
		w->shift++;
	w->pairs = calloc((size_t)1 << (2 * w->shift), sizeof(*w->pairs));
	w->rows = calloc(w->nwords + 1, sizeof(*w->rows));
	if (w->pairs == NULL || w->rows == NULL)
		goto oom;
	w->nrows = 1;
	for (i = 0; i < w->nwords; i++) {
		const word *wd = &w->words[i];
		uint16_t *r;
		pair_row *row;

		if (wd->len < 2 || wd->twin)
			continue;
		r = row_of(w, wd);
		if (*r == 0) {
			if (w->nrows > MAX_ROWS)
				goto too_many;
			w->rows[w->nrows].two = NO_WORD;
			*r = (uint16_t)w->nrows++;
		}
		row = &w->rows[*r];
		if (wd->len == 2) {
			row->two = (uint32_t)i;
		} else {
			unsigned char c = (unsigned char)wd->s[2];

			row->third[c >> 6] |= UINT64_C(1) << (c & 63);
		}
	}
	/* Prefixes in row order, each row's by its third byte. */
	for (i = 1; i < w->nrows; i++) {
		pair_row *row = &w->rows[i];

		row->base = (uint32_t)nprefix;
		for (k = 0; k < 4; k++) {
			row->before[k] = (uint16_t)(k == 0 ? 0 : row->before[k - 1] +
								 bit_count(row->third[k - 1]));
		}
		nprefix += (size_t)row->before[3] + bit_count(row->third[3]);
	}
	w->prefix_first = calloc(nprefix + 2, sizeof(*w->prefix_first));
	w->ent = calloc(w->nwords + 1, sizeof(*w->ent));
	fill = calloc(nprefix + 1, sizeof(*fill));
	if (w->prefix_first == NULL || w->ent == NULL || fill == NULL)
		goto oom;
	for (i = 0; i < w->nwords; i++) {
		const word *wd = &w->words[i];

		if (wd->len >= 3 && !wd->twin)
			w->prefix_first[prefix_of(&w->rows[*row_of(w, wd)],
						  (unsigned char)wd->s[2]) + 1]++;
	}
	for (k = 0; k < nprefix; k++)
		w->prefix_first[k + 1] += w->prefix_first[k];
	for (i = 0; i < w->nwords; i++) {
		static const unsigned char ones[8] = {0xff, 0xff, 0xff, 0xff,
						      0xff, 0xff, 0xff, 0xff};
		const word *wd = &w->words[i];
		size_t p;
		entry *e;

		if (wd->len < 3 || wd->twin)
			continue;
		p = prefix_of(&w->rows[*row_of(w, wd)], (unsigned char)wd->s[2]);
		e = &w->ent[w->prefix_first[p] + fill[p]++];
		e->pre = load8((const unsigned char *)wd->s, wd->len);
		e->mask = load8(ones, wd->len);
		e->id = (uint32_t)i;
		e->len = (uint32_t)wd->len; /* at most UINT16_MAX: sb_anchor_words_new */
	}
	goto done;
too_many:
	rc = sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
			  "more than %u pairs of bytes begin prefilter words", MAX_ROWS);
	goto done;
oom:
	rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
done:
	free(fill);
	return rc;
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
	w->set_first = calloc(n + 1, sizeof(*w->set_first));
	w->set_words = calloc(total + 1, sizeof(*w->set_words));
	w->set_filtered = calloc(n + 1, sizeof(*w->set_filtered));
	if (w->words == NULL || w->set_first == NULL || w->set_words == NULL ||
	    w->set_filtered == NULL)
		goto oom;
	for (i = 0; i < 256; i++)
		w->head1[i] = NO_WORD;
	for (i = 0; i < n; i++) {
		const char *p = needs[i];

		w->set_first[i] = k;
		if (p == NULL)
			continue;
		w->set_filtered[i] = true;
		while (*p != '\0') {
			const char *bar = strchr(p, '|');
			size_t m = bar != NULL ? (size_t)(bar - p) : strlen(p);
			const char *at = p;
			unsigned need = 0;
			uint32_t id;

			if (m > 0 && at[0] == SB_ANCHOR_AT_START) {
				need |= NEED_START;
				at++;
				m--;
			}
			if (m > 0 && at[m - 1] == SB_ANCHOR_AT_END) {
				need |= NEED_END;
				m--;
			} else if (m > 0 && at[m - 1] == SB_ANCHOR_BEFORE_DIGIT) {
				need |= NEED_DIGIT;
				m--;
			}
			if (m == 0 || m > UINT16_MAX) {
				rc = sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
						  "prefilter '%s' has an empty word or one over "
						  "65535 bytes",
						  needs[i]);
				goto done;
			}
			id = word_id(w, at, m, need, total);
			if (id == NO_WORD)
				goto oom;
			w->set_words[k++] = id;
			if (bar == NULL)
				break;
			p = bar + 1;
		}
	}
	w->set_first[n] = k;
	rc = build_tables(w, err);
	if (rc != SB_OK)
		goto done;
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
	if (a->sets != NULL && a->state != NULL)
		for (i = 0; i < a->w->nsets; i++)
			if ((a->state[i] & SET_POSITIONS) != 0)
				free(a->sets[i].pos);
	free(a->sets);
	free(a->state);
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

/*
 * Take the hit at f[i..) of f[0..n) where the pass found word id's text: a
 * hit of id and of every other word of that text (word.same) whose marks
 * allow it there (take_plain is the common case). The bytes beside the
 * text are read once, through edge_bits; the text's start and end stand
 * in for a byte that is no word character. False when out of memory.
 */
static bool take(const sb_anchor_words *w, uint32_t id, const unsigned char *f, size_t n,
		 size_t i, hit **hits, size_t *nhits, size_t *cap)
{
	unsigned before;

	if (w->meta[id].plain)
		return add_hit(hits, nhits, cap, id, i);
	before = i > 0 ? w->edge_bits[f[i - 1]] & NEED_START : NEED_START;
	for (; id != NO_WORD; id = w->meta[id].same) {
		size_t e = i + w->meta[id].len;
		unsigned after = e < n ? w->edge_bits[f[e]] & (NEED_END | NEED_DIGIT) : NEED_END;

		if ((w->meta[id].need & ~(before | after)) == 0 &&
		    !add_hit(hits, nhits, cap, id, i))
			return false;
	}
	return true;
}

/* take's common case, small enough to stay in the pass's loop: a word of
 * no marks and no other words of its text, with room for the hit. False:
 * take must. */
static inline bool take_plain(const sb_anchor_words *w, uint32_t id, size_t i, hit *hits,
			      size_t *nhits, size_t cap)
{
	if (!w->meta[id].plain || *nhits >= cap)
		return false;
	hits[*nhits].word = id;
	hits[(*nhits)++].pos = i;
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
	a->sets = malloc((w->nsets + 1) * sizeof(*a->sets));
	a->state = calloc(w->nsets + 1, sizeof(*a->state));
	if (a->first == NULL || a->sets == NULL || a->state == NULL)
		goto oom;
	/* About one hit in eight bytes of ordinary text: room for most texts
	 * at once. */
	cap = len / 4 + 64;
	hits = malloc(cap * sizeof(*hits));
	if (hits == NULL)
		goto oom;
	/* One-byte words ("?", "/"): each found on its own, in order. */
	for (k = 0; k < w->nones; k++) {
		const unsigned char *p = f, *end = f + len;
		uint32_t id;

		while ((p = memchr(p, w->ones[k], (size_t)(end - p))) != NULL) {
			for (id = w->head1[w->ones[k]]; id != NO_WORD; id = w->words[id].next)
				if (!take(w, id, f, len, (size_t)(p - f), &hits, &nhits, &cap))
					goto oom;
			p++;
		}
	}
	if (len >= 2) {
		const uint8_t *cls = w->cls;
		const uint16_t *pairs = w->pairs;
		unsigned shift = w->shift, c0 = cls[f[0]];

		for (i = 0; i + 1 < len; i++) {
			unsigned c1 = cls[f[i + 1]], r = pairs[c0 << shift | c1];
			const pair_row *row;
			unsigned char c;
			size_t e, end, p;
			uint64_t here;

			c0 = c1;
			/* Most places start no word at all: one look-up tells. */
			if (r == 0)
				continue;
			row = &w->rows[r];
			if (row->two != NO_WORD && !take_plain(w, row->two, i, hits, &nhits, cap) &&
			    !take(w, row->two, f, len, i, &hits, &nhits, &cap))
				goto oom;
			if (i + 2 >= len)
				continue;
			c = f[i + 2];
			if (((row->third[c >> 6] >> (c & 63)) & 1u) == 0)
				continue;
			p = prefix_of(row, c);
			e = w->prefix_first[p];
			end = w->prefix_first[p + 1];
			here = load8(f + i, len - i);
			for (; e < end; e++) {
				const entry *en = &w->ent[e];

				if ((here & en->mask) != en->pre || en->len > len - i ||
				    (en->len > 8 &&
				     memcmp(f + i + 8, w->words[en->id].s + 8, en->len - 8) != 0))
					continue;
				if (!take_plain(w, en->id, i, hits, &nhits, cap) &&
				    !take(w, en->id, f, len, i, &hits, &nhits, &cap))
					goto oom;
			}
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
	/* first[id] serves as word id's write cursor, ending at the next
	 * word's start; one shift puts every start back. */
	for (k = 0; k < nhits; k++)
		a->occ[a->first[hits[k].word]++] = hits[k].pos;
	for (k = w->nwords; k > 0; k--)
		a->first[k] = a->first[k - 1];
	a->first[0] = 0;
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

bool sb_anchors_possible(sb_anchors *a, size_t i)
{
	const sb_anchor_words *w = a->w;
	size_t j;
	bool present;

	if (i >= w->nsets)
		return true;
	if ((a->state[i] & SET_PRESENCE_KNOWN) != 0)
		return (a->state[i] & SET_PRESENT) != 0;
	present = !w->set_filtered[i];
	for (j = w->set_first[i]; j < w->set_first[i + 1] && !present; j++)
		present = a->first[w->set_words[j] + 1] > a->first[w->set_words[j]];
	a->state[i] |= (uint8_t)(SET_PRESENCE_KNOWN | (present ? SET_PRESENT : 0u));
	return present;
}

size_t sb_anchors_count(const sb_anchors *a, size_t i)
{
	const sb_anchor_words *w = a->w;
	size_t k, total = 0;

	if (i >= w->nsets || !w->set_filtered[i])
		return SIZE_MAX;
	for (k = w->set_first[i]; k < w->set_first[i + 1]; k++) {
		uint32_t id = w->set_words[k];

		total += a->first[id + 1] - a->first[id];
	}
	return total;
}

bool sb_anchors_positions(sb_anchors *a, size_t i, const size_t **pos, size_t *n)
{
	const sb_anchor_words *w = a->w;
	set_cache *s;
	size_t k, total = 0, o = 0, merged;

	if (i >= w->nsets || !w->set_filtered[i])
		return false;
	s = &a->sets[i];
	if ((a->state[i] & SET_POSITIONS) == 0) {
		for (k = w->set_first[i]; k < w->set_first[i + 1]; k++) {
			uint32_t id = w->set_words[k];

			total += a->first[id + 1] - a->first[id];
		}
		s->pos = malloc((2 * total + 1) * sizeof(*s->pos));
		if (s->pos == NULL)
			return false;
		/* Each word's places are in order already: merge them, one word
		 * at a time, into the places so far (most sets have few words
		 * that occur). The second half of pos is the merge's room. */
		for (k = w->set_first[i]; k < w->set_first[i + 1]; k++) {
			uint32_t id = w->set_words[k];
			size_t m = a->first[id + 1] - a->first[id];

			if (m == 0)
				continue;
			if (o == 0) {
				memcpy(s->pos, a->occ + a->first[id], m * sizeof(*s->pos));
			} else {
				const size_t *x = s->pos, *y = a->occ + a->first[id];
				size_t *out = s->pos + total, nx = o, ny = m, ix = 0, iy = 0, t = 0;

				while (ix < nx && iy < ny)
					out[t++] = x[ix] <= y[iy] ? x[ix++] : y[iy++];
				while (ix < nx)
					out[t++] = x[ix++];
				while (iy < ny)
					out[t++] = y[iy++];
				memcpy(s->pos, out, t * sizeof(*s->pos));
			}
			o += m;
		}
		/* Drop repeats among the o places merged (o == total: both sum
		 * the same words' counts). */
		for (k = 0, merged = o, o = 0; k < merged; k++)
			if (o == 0 || s->pos[o - 1] != s->pos[k])
				s->pos[o++] = s->pos[k];
		s->n = o;
		a->state[i] |= SET_POSITIONS;
	}
	*pos = s->pos;
	*n = s->n;
	return true;
}

/* ------------------------------------------------------------------------ */
/* Literal text every match holds near its start (sb_anchor_derive).       */
/* ------------------------------------------------------------------------ */

#define LEAD_INF SIZE_MAX
/* Most bytes one character can take in UTF-8 (classes, \s, ., \p{..}). */
#define CHAR_MAX_BYTES 4
/* Longest run of literal text kept as one word (a longer run is cut: a
 * shorter word of the same match, still sure). */
#define RUN_MAX 64
/* Words this long or longer are all alike rare: past it a nearer word wins. */
#define RARE_LEN 4

/* Literal words of which every match of a piece of pattern holds one,
 * starting at most lead bytes after the piece's start. */
typedef struct sig {
	char *words; /* "a|b|...", lower case; NULL: none is sure */
	size_t lead;
	size_t minlen; /* the shortest word's length */
} sig;

/* A piece of pattern: the most bytes its matches take, and its words. */
typedef struct piece {
	size_t maxlen;
	sig s;
} piece;

/*
 * What an atom is, for what it says of the bytes beside a word next to it
 * (sb_anchor_derive_edges): an assertion (\b, ^ or \A, $ or \z), a
 * character that is never a word character (\s, \h, \v, \W, \R), a digit
 * (\d), an ASCII literal, something that takes no bytes and says nothing
 * (a lookaround, an option setting), or anything else.
 */
enum atom_kind {
	ATOM_OTHER,
	ATOM_BOUNDARY,
	ATOM_START,
	ATOM_END,
	ATOM_EMPTY,
	ATOM_NONWORD,
	ATOM_DIGIT,
	ATOM_LITERAL
};

/* While a sequence is read, a word at its start or end is marked as
 * waiting for what stands before or after the sequence (resolve_edges). */
#define PEND_START '\x05'
#define PEND_END '\x04'

typedef struct derive_parser {
	const char *p;
	bool fail;     /* a construct this reader does not take: nothing is sure */
	bool nomem;    /* out of memory: nothing is sure either */
	bool anywhere; /* words count at any distance (lead LEAD_INF) */
	bool edges;    /* mark words (sb_anchor_derive_edges) */
	enum atom_kind atom; /* the atom parse_atom read last */
} derive_parser;

static size_t sat_add(size_t a, size_t b)
{
	return (a == LEAD_INF || b == LEAD_INF || a >= LEAD_INF - b) ? LEAD_INF : a + b;
}

static size_t sat_mul(size_t a, size_t n)
{
	if (a == 0 || n == 0)
		return 0;
	if (a == LEAD_INF || n == LEAD_INF || a >= (LEAD_INF - 1) / n)
		return LEAD_INF;
	return a * n;
}

static void sig_clear(sig *s)
{
	free(s->words);
	s->words = NULL;
}

/* The sig of a literal run (already lower case); with edges, the word
 * waits for its neighbours at both ends. */
static sig sig_run(derive_parser *ps, const char *run, size_t n)
{
	sig s = {NULL, 0, n};
	size_t o = 0;

	s.words = malloc(n + 3);
	if (s.words == NULL) {
		ps->nomem = true;
		return s;
	}
	if (ps->edges)
		s.words[o++] = PEND_START;
	memcpy(s.words + o, run, n);
	o += n;
	if (ps->edges)
		s.words[o++] = PEND_END;
	s.words[o] = '\0';
	return s;
}

/* Either of two alternatives: each match holds a word of a or of b. Both
 * are consumed. */
static sig sig_either(derive_parser *ps, sig a, sig b)
{
	sig r = {NULL, 0, 0};
	size_t la, lb;

	if (a.words == NULL || b.words == NULL) {
		sig_clear(&a);
		sig_clear(&b);
		return r;
	}
	if (strcmp(a.words, b.words) == 0) {
		/* The same words (an optional part with none of its own). */
		a.lead = a.lead > b.lead ? a.lead : b.lead;
		sig_clear(&b);
		return a;
	}
	la = strlen(a.words);
	lb = strlen(b.words);
	r.words = malloc(la + lb + 2);
	if (r.words == NULL) {
		ps->nomem = true;
	} else {
		memcpy(r.words, a.words, la);
		r.words[la] = '|';
		memcpy(r.words + la + 1, b.words, lb + 1);
		r.lead = a.lead > b.lead ? a.lead : b.lead;
		r.minlen = a.minlen < b.minlen ? a.minlen : b.minlen;
	}
	sig_clear(&a);
	sig_clear(&b);
	return r;
}

/* The better of two sure sigs for windows: longer (rarer) words, then a
 * nearer lead. The other is freed. */
static sig sig_better(sig a, sig b)
{
	size_t ra, rb;

	if (a.words == NULL)
		return b;
	if (b.words == NULL)
		return a;
	ra = a.minlen < RARE_LEN ? a.minlen : RARE_LEN;
	rb = b.minlen < RARE_LEN ? b.minlen : RARE_LEN;
	if (rb > ra || (rb == ra && b.lead < a.lead)) {
		sig_clear(&a);
		return b;
	}
	sig_clear(&b);
	return a;
}

/* s moved to start offset bytes into its sequence (at most). */
static sig sig_at(const derive_parser *ps, sig s, size_t offset)
{
	s.lead = sat_add(s.lead, offset);
	if (s.lead == LEAD_INF && !ps->anywhere)
		sig_clear(&s);
	return s;
}

static piece parse_alt(derive_parser *ps);

/* A quantifier at ps->p, if any: its least and most repeats (1 and 1 when
 * there is none). */
static void parse_quantifier(derive_parser *ps, size_t *lo, size_t *hi)
{
	const char *p = ps->p;

	*lo = 1;
	*hi = 1;
	if (*p == '?') {
		*lo = 0;
		p++;
	} else if (*p == '*') {
		*lo = 0;
		*hi = LEAD_INF;
		p++;
	} else if (*p == '+') {
		*hi = LEAD_INF;
		p++;
	} else if (*p == '{') {
		size_t a = 0, b;
		const char *q = p + 1;

		if (*q < '0' || *q > '9') {
			ps->fail = true; /* "{,n}" or a literal "{": not taken */
			return;
		}
		while (*q >= '0' && *q <= '9' && a < 100000)
			a = a * 10 + (size_t)(*q++ - '0');
		b = a;
		if (*q == ',') {
			q++;
			if (*q == '}') {
				b = LEAD_INF;
			} else {
				b = 0;
				if (*q < '0' || *q > '9') {
					ps->fail = true;
					return;
				}
				while (*q >= '0' && *q <= '9' && b < 100000)
					b = b * 10 + (size_t)(*q++ - '0');
			}
		}
		if (*q != '}') {
			ps->fail = true;
			return;
		}
		*lo = a;
		*hi = b;
		p = q + 1;
	} else {
		return;
	}
	if (*p == '+' || *p == '?') /* possessive or lazy: the same lengths */
		p++;
	ps->p = p;
}

/* Past a character class at ps->p ('['): escapes, a leading ']', "[:alpha:]". */
static void skip_class(derive_parser *ps)
{
	const char *p = ps->p + 1;

	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']') {
		if (*p == '\\' && p[1] != '\0') {
			p += 2;
		} else if (*p == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");

			if (e == NULL)
				break;
			p = e + 2;
		} else {
			p++;
		}
	}
	if (*p != ']')
		ps->fail = true;
	else
		ps->p = p + 1;
}

/* Past "{...}" after \x, \p or \P; its hexadecimal value in *value. */
static bool skip_braces(derive_parser *ps, unsigned long *value)
{
	const char *e = strchr(ps->p, '}');
	char *end = NULL;
	unsigned long v;

	if (*ps->p != '{' || e == NULL) {
		ps->fail = true;
		return false;
	}
	v = strtoul(ps->p + 1, &end, 16);
	if (value != NULL && end != e) {
		ps->fail = true;
		return false;
	}
	if (value != NULL)
		*value = v;
	ps->p = e + 1;
	return true;
}

/* A group at ps->p ('('). */
static piece parse_group(derive_parser *ps)
{
	piece none = {0, {NULL, 0, 0}}, in;
	const char *p = ps->p + 1;
	bool look = false;

	ps->atom = ATOM_EMPTY; /* a verb, an option setting or a lookaround */
	if (*p == '*') {
		/* Of the verbs only (*FAIL) and (*F): a branch that never matches. */
		if (strncmp(p, "*FAIL)", 6) == 0)
			ps->p = p + 6;
		else if (strncmp(p, "*F)", 3) == 0)
			ps->p = p + 3;
		else
			ps->fail = true;
		return none;
	}
	if (*p == '?') {
		p++;
		if (*p == ':' || *p == '|' || *p == '>') {
			p++;
		} else if (*p == '=' || *p == '!') {
			look = true;
			p++;
		} else if (*p == '<' && (p[1] == '=' || p[1] == '!')) {
			look = true;
			p += 2;
		} else if (*p == '<' || *p == '\'' || (*p == 'P' && p[1] == '<')) {
			const char *e = strchr(p + 1, *p == '\'' ? '\'' : '>');

			if (e == NULL) {
				ps->fail = true;
				return none;
			}
			p = e + 1;
		} else {
			/* Options: "(?i)", "(?-i:", "(?m)". Not (?x), which changes
			 * how the rest reads, nor anything else. */
			const char *q = p;

			while (*q == 'i' || *q == 'm' || *q == 's' || *q == 'n' || *q == 'U' ||
			       *q == 'J' || *q == '-' || *q == '^')
				q++;
			if (q == p || (*q != ')' && *q != ':')) {
				ps->fail = true;
				return none;
			}
			if (*q == ')') {
				ps->p = q + 1;
				return none;
			}
			p = q + 1;
		}
	}
	ps->p = p;
	in = parse_alt(ps);
	if (ps->fail || *ps->p != ')') {
		ps->fail = true;
		sig_clear(&in.s);
		return none;
	}
	ps->p++;
	ps->atom = look ? ATOM_EMPTY : ATOM_OTHER;
	if (look) {
		/* A lookaround takes no bytes; what it sees is not counted. */
		sig_clear(&in.s);
		return none;
	}
	return in;
}

/*
 * One atom at ps->p. A literal ASCII character is returned in *ch (its
 * piece is one byte); anything else sets *ch to -1.
 */
static piece parse_atom(derive_parser *ps, int *ch)
{
	piece none = {0, {NULL, 0, 0}}, one_char = {CHAR_MAX_BYTES, {NULL, 0, 0}};
	piece one_byte = {1, {NULL, 0, 0}};
	const char *p = ps->p;

	*ch = -1;
	ps->atom = ATOM_OTHER;
	if (*p == '(')
		return parse_group(ps);
	if (*p == '[') {
		skip_class(ps);
		return one_char;
	}
	if (*p == '.') {
		ps->p = p + 1;
		return one_char;
	}
	if (*p == '^' || *p == '$') {
		ps->atom = *p == '^' ? ATOM_START : ATOM_END;
		ps->p = p + 1;
		return none;
	}
	if (*p == '\\') {
		char e = p[1];
		unsigned long v = 0;

		ps->p = p + 2;
		switch (e) {
		case 'b':
			ps->atom = ATOM_BOUNDARY;
			return none;
		case 'A':
			ps->atom = ATOM_START;
			return none;
		case 'z': case 'Z':
			ps->atom = ATOM_END;
			return none;
		case 'B': case 'G':
			return none;
		case 'd':
			ps->atom = ATOM_DIGIT;
			return one_char;
		case 'W': case 's': case 'h': case 'v': case 'R':
			ps->atom = ATOM_NONWORD;
			return one_char;
		case 'D': case 'w': case 'S': case 'H': case 'V': case 'N':
			return one_char;
		case 'p': case 'P':
			if (*ps->p == '{')
				skip_braces(ps, NULL);
			else if (*ps->p != '\0')
				ps->p++;
			return one_char;
		case 'x':
			if (*ps->p != '{') {
				ps->fail = true; /* "\xhh": not used by the tables */
				return none;
			}
			if (!skip_braces(ps, &v))
				return none;
			if (v >= 0x80)
				return one_char;
			*ch = (int)v;
			return one_byte;
		case 't':
			*ch = '\t';
			return one_byte;
		case 'n':
			*ch = '\n';
			return one_byte;
		case 'r':
			*ch = '\r';
			return one_byte;
		case 'f':
			*ch = '\f';
			return one_byte;
		default:
			/* An escaped punctuation character is itself; escaped letters
			 * and digits (back references, \K, \Q, \X...) are not taken. */
			if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
			    (e >= '0' && e <= '9') ||
			    e == '\0' || (unsigned char)e >= 0x80) {
				ps->fail = true;
				return none;
			}
			*ch = (unsigned char)e;
			return one_byte;
		}
	}
	if ((unsigned char)*p >= 0x80) {
		/* A character written in UTF-8: its other case may be longer. */
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		ps->p = p;
		return one_char;
	}
	if (*p == '*' || *p == '+' || *p == '?' || *p == '{' || *p == ')' || *p == '|' ||
	    *p == '\0') {
		ps->fail = true; /* nothing to repeat: PCRE2 would refuse it */
		return none;
	}
	ps->p = p + 1;
	*ch = (unsigned char)*p;
	return one_byte;
}

static char fold_ascii(int ch)
{
	return (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
}

/* A copy of s (NULL words stay NULL). */
static sig sig_copy(derive_parser *ps, sig s)
{
	sig r = s;

	if (s.words != NULL) {
		size_t n = strlen(s.words) + 1;

		r.words = malloc(n);
		if (r.words == NULL)
			ps->nomem = true;
		else
			memcpy(r.words, s.words, n);
	}
	return r;
}

/* One part of a sequence: an atom (or a run of literal characters) and how
 * often it repeats. */
typedef struct seq_item {
	piece p;   /* one repeat */
	size_t lo, hi;
	enum atom_kind atom;
	unsigned char first, last; /* a literal's (ATOM_LITERAL) */
} seq_item;

/* What stands beside a word, as far as a sequence shows it. */
enum edge {
	EDGE_UNKNOWN, /* anything may */
	EDGE_WAIT,    /* what stands beside the sequence (it is at its end) */
	EDGE_NONWORD, /* a character that is not a word character, or the text's end */
	EDGE_BOUNDARY, /* \b: not a word character if the word's own is one */
	EDGE_DIGIT     /* a digit (after a word only) */
};

/*
 * What stands beside items[k] of n, before it or after it, read over the
 * items that may take no bytes: assertions (a repeated one, "\b?", may be
 * skipped: it says nothing), lookarounds, and parts that may be empty and
 * are not word characters ("\s*"). Past such a part only "not a word
 * character" stays sure after the item: a digit, or what follows the
 * sequence, may be behind it. (Before an item nothing else is asked.)
 */
static enum edge edge_beside(const seq_item *items, size_t n, size_t k, bool after)
{
	bool skipped = false;

	while (after ? ++k < n : k-- > 0) {
		const seq_item *it = &items[k];
		unsigned char ch = after ? it->first : it->last;

		switch (it->atom) {
		case ATOM_BOUNDARY:
		case ATOM_START:
		case ATOM_END:
			if (it->atom == (after ? ATOM_START : ATOM_END))
				return EDGE_UNKNOWN;
			if (it->lo == 0)
				continue;
			return it->atom == ATOM_BOUNDARY ? EDGE_BOUNDARY : EDGE_NONWORD;
		case ATOM_EMPTY:
			continue;
		case ATOM_DIGIT:
			return after && it->lo > 0 && !skipped ? EDGE_DIGIT : EDGE_UNKNOWN;
		case ATOM_LITERAL:
		case ATOM_NONWORD:
			if (it->atom == ATOM_LITERAL && ascii_word(ch))
				return after && it->lo > 0 && !skipped && ch >= '0' && ch <= '9'
					   ? EDGE_DIGIT
					   : EDGE_UNKNOWN;
			/* A character that is no word character. */
			if (it->lo == 0) {
				skipped = true;
				continue;
			}
			return EDGE_NONWORD;
		default:
			return EDGE_UNKNOWN;
		}
	}
	return after && skipped ? EDGE_UNKNOWN : EDGE_WAIT;
}

/*
 * Settle the waiting marks of the words in *s (one repeat of an item, or a
 * whole pattern): before and after are what stands beside it; once is
 * false when the item repeats (a word of a later repeat has an earlier one
 * beside it, not the item's neighbours). A word keeps a mark only where
 * the neighbour is sure to be no word character (or a digit after it).
 */
static void resolve_edges(sig *s, enum edge before, enum edge after, bool once)
{
	const char *r;
	char *w;

	if (s->words == NULL)
		return;
	for (r = s->words, w = s->words; *r != '\0';) {
		const char *bar = strchr(r, '|');
		size_t m = bar != NULL ? (size_t)(bar - r) : strlen(r);
		const char *wd = r, *end = r + m;

		if (w != s->words)
			*w++ = '|';
		if (*wd == PEND_START) {
			wd++;
			if (!once || before == EDGE_UNKNOWN)
				; /* no mark */
			else if (before == EDGE_WAIT)
				*w++ = PEND_START;
			else if (before == EDGE_NONWORD ||
				 (before == EDGE_BOUNDARY && ascii_word((unsigned char)*wd)))
				*w++ = SB_ANCHOR_AT_START;
		}
		if (end > wd && end[-1] == PEND_END) {
			size_t len = (size_t)(end - 1 - wd);
			unsigned char last = len > 0 ? (unsigned char)end[-2] : 0;

			memmove(w, wd, len);
			w += len;
			if (!once || after == EDGE_UNKNOWN)
				; /* no mark */
			else if (after == EDGE_WAIT)
				*w++ = PEND_END;
			else if (after == EDGE_NONWORD || (after == EDGE_BOUNDARY && ascii_word(last)))
				*w++ = SB_ANCHOR_AT_END;
			else if (after == EDGE_DIGIT)
				*w++ = SB_ANCHOR_BEFORE_DIGIT;
		} else {
			memmove(w, wd, (size_t)(end - wd));
			w += end - wd;
		}
		r = bar != NULL ? bar + 1 : end;
	}
	*w = '\0';
}

/* Append item to *items; false (ps->nomem) when out of memory. */
static bool push_item(derive_parser *ps, seq_item **items, size_t *n, size_t *cap, seq_item it)
{
	if (*n == *cap) {
		size_t ncap = *cap != 0 ? *cap * 2 : 16;
		seq_item *grown = realloc(*items, ncap * sizeof(*grown));

		if (grown == NULL) {
			ps->nomem = true;
			sig_clear(&it.p.s);
			return false;
		}
		*items = grown;
		*cap = ncap;
	}
	(*items)[(*n)++] = it;
	return true;
}

/*
 * A sequence of atoms up to '|', ')' or the end. Literal characters in a
 * row make a run, itself a word that every match holds. The sequence's
 * words are found from its end: a part that must occur offers its own
 * words at its start, else the rest's words, moved by its greatest length
 * (the better of the two is kept, sig_better); a part that may be absent
 * ("(?:the\s+)?word") gives either that or the rest's words unmoved.
 */
static piece parse_seq(derive_parser *ps)
{
	piece r = {0, {NULL, 0, 0}};
	seq_item *items = NULL;
	size_t n = 0, cap = 0, k;
	char run[RUN_MAX];
	size_t nrun = 0;
	sig rest = {NULL, 0, 0};

	while (!ps->fail && !ps->nomem && *ps->p != '\0' && *ps->p != '|' && *ps->p != ')') {
		int ch;
		seq_item it;

		it.p = parse_atom(ps, &ch);
		it.atom = ch >= 0 ? ATOM_LITERAL : ps->atom;
		it.first = it.last = ch >= 0 ? (unsigned char)fold_ascii(ch) : 0;
		if (!ps->fail)
			parse_quantifier(ps, &it.lo, &it.hi);
		/* The marks' bytes are no pattern's text. */
		if (ps->edges && ch >= 0 && ch <= PEND_START)
			ps->fail = true;
		if (ps->fail) {
			sig_clear(&it.p.s);
			break;
		}
		/* '|' is the words' separator: a literal one ends the run. */
		if (ch >= 0 && ch != '|' && it.lo == 1 && it.hi == 1 && nrun < RUN_MAX) {
			run[nrun++] = fold_ascii(ch);
			continue;
		}
		if (nrun > 0) {
			seq_item r1 = {{nrun, sig_run(ps, run, nrun)}, 1, 1, ATOM_LITERAL,
				       (unsigned char)run[0], (unsigned char)run[nrun - 1]};

			nrun = 0;
			if (!push_item(ps, &items, &n, &cap, r1))
				break;
		}
		if (ch >= 0 && ch != '|') {
			char c1 = fold_ascii(ch);

			it.p.s = sig_run(ps, &c1, 1);
		}
		if (!push_item(ps, &items, &n, &cap, it))
			break;
	}
	if (nrun > 0 && !ps->fail && !ps->nomem) {
		seq_item r1 = {{nrun, sig_run(ps, run, nrun)}, 1, 1, ATOM_LITERAL,
			       (unsigned char)run[0], (unsigned char)run[nrun - 1]};

		(void)push_item(ps, &items, &n, &cap, r1);
	}
	/* Each part's waiting marks, from its neighbours in this sequence;
	 * those at the sequence's ends wait on for the enclosing one. */
	for (k = 0; ps->edges && k < n && !ps->fail && !ps->nomem; k++)
		resolve_edges(&items[k].p.s, edge_beside(items, n, k, false),
			      edge_beside(items, n, k, true), items[k].hi == 1);
	for (k = n; k > 0 && !ps->fail && !ps->nomem; k--) {
		seq_item *it = &items[k - 1];
		size_t len = sat_mul(it->p.maxlen, it->hi);
		/* A part repeated at most 0 times is never there. An optional
		 * part whose rest has words anywhere adds none of its own: the
		 * rest's words alone are fewer (with anywhere, distance does not
		 * matter). */
		bool rest_only = ps->anywhere && it->lo == 0 && rest.words != NULL;
		sig mine = it->hi >= 1 && !rest_only ? sig_copy(ps, it->p.s) : (sig){NULL, 0, 0};
		sig present = sig_better(mine, sig_at(ps, sig_copy(ps, rest), len));

		if (it->lo >= 1) {
			sig_clear(&rest);
			rest = present;
		} else {
			rest = sig_either(ps, present, rest);
		}
		r.maxlen = sat_add(r.maxlen, len);
	}
	for (k = 0; k < n; k++)
		sig_clear(&items[k].p.s);
	free(items);
	if (ps->fail || ps->nomem)
		sig_clear(&rest);
	r.s = rest;
	return r;
}

/* Alternatives: the longest of their lengths; words sure only if each has. */
static piece parse_alt(derive_parser *ps)
{
	piece r = parse_seq(ps);

	while (!ps->fail && !ps->nomem && *ps->p == '|') {
		piece b;

		ps->p++;
		b = parse_seq(ps);
		r.maxlen = r.maxlen > b.maxlen ? r.maxlen : b.maxlen;
		r.s = sig_either(ps, r.s, b.s);
	}
	return r;
}

static char *derive(const char *pattern, bool anywhere, bool edges, size_t *lead)
{
	derive_parser ps = {pattern, false, false, anywhere, edges, ATOM_OTHER};
	piece r;

	*lead = LEAD_INF;
	if (pattern == NULL)
		return NULL;
	r = parse_alt(&ps);
	if (ps.fail || ps.nomem || *ps.p != '\0' || r.s.words == NULL) {
		sig_clear(&r.s);
		return NULL;
	}
	/* What stands before or after a match is anything: a mark still
	 * waiting is dropped. */
	resolve_edges(&r.s, EDGE_UNKNOWN, EDGE_UNKNOWN, true);
	*lead = r.s.lead;
	return r.s.words;
}

char *sb_anchor_derive(const char *pattern, bool anywhere, size_t *lead)
{
	return derive(pattern, anywhere, false, lead);
}

char *sb_anchor_derive_edges(const char *pattern, bool anywhere, size_t *lead)
{
	return derive(pattern, anywhere, true, lead);
}
