/*
 * Internal: occurrences of the pattern tables' prefilter words (sb_anchor.h).
 *
 * Why tables keyed by a word's first bytes: a text of a few thousand bytes
 * is checked against several hundred words in one pass, and almost every
 * position starts no word at all, so the pass costs about two bit tests
 * per byte. Words of three bytes or more are keyed by a hash of their
 * first three (two bytes such as "re" or "co" start dozens of words, and
 * walking them all at every "re" of the text was most of the pass); the
 * few one-byte words ("?", "/") are found apart with memchr.
 */
#include "sb_anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_WORD UINT32_MAX
#define PAIRS 65536u
/* Buckets of two-byte and of longer words: few enough that the tables stay
 * in cache between documents (a scan reads a PDF between two of them). */
#define HASH2 256u
#define HASH3 4096u
/* Bits of the filter before a bucket of HASH3: eight per bucket, so that a
 * place whose first three bytes start no word is mostly told at once. */
#define HASH3_BITS (HASH3 * 8u)
/* pair_row: a two-byte word, and the row's bits (at most PAIRS rows). */
#define PAIR_WORD 0x8000u
#define PAIR_ROW 0x7FFFu

/* The filter bit of three bytes p[0..3) (a word's first three); its bucket
 * in HASH3 is the bit's number / 8. */
static unsigned hash3(const unsigned char *p)
{
	uint32_t k = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;

	return (unsigned)((k * 0x9E3779B1u) >> 17) & (HASH3_BITS - 1);
}

/* The index in pair_row of the two bytes p[0..2): one load, in the machine's
 * byte order (the table is built with the same loads). */
static unsigned pair_at(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

typedef struct word {
	char *s;
	size_t len;
	uint64_t pre, mask; /* the first (up to) 8 bytes, as loaded by load8 */
	uint32_t next; /* next word with the same head (head1, head2 or head3) */
} word;

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

struct sb_anchor_words {
	word *words;
	size_t nwords;
	uint32_t head1[256];   /* one-byte words by their byte */
	uint32_t head2[HASH2]; /* two-byte words by their pair, hashed */
	uint32_t head3[HASH3]; /* longer words by hash3 */
	uint8_t pair_bits[PAIRS / 8]; /* bit p: head2[p] has a word (fits in cache) */
	uint8_t hash_bits[HASH3_BITS / 8]; /* bit h: some word's hash3 is h */
	/* Per pair of bytes p (first << 8 | second): PAIR_WORD when p is a
	 * two-byte word, and in PAIR_ROW the row of third[] of the words of
	 * three bytes or more that begin with p (0: none). Most places of a
	 * text are told at one look-up. */
	uint16_t pair_row[PAIRS];
	uint8_t (*third)[32]; /* row r, bit c: a word begins with r's pair and c */
	size_t nrows;	      /* rows used, row 0 unused */
	uint8_t one_bits[256 / 8];	    /* bit c: head1[c] has a word */
	unsigned char ones[256];	    /* the bytes that are one-byte words */
	size_t nones;
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
	bool *present; /* nsets: one of set i's words occurs (sb_anchors_possible) */
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
	free(w->third);
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
	if (m == 1) {
		unsigned char c = (unsigned char)s[0];

		head = &w->head1[c];
		if ((w->one_bits[c >> 3] & (1u << (c & 7))) == 0)
			w->ones[w->nones++] = c;
		w->one_bits[c >> 3] |= (uint8_t)(1u << (c & 7));
	} else if (m == 2) {
		unsigned p = ((unsigned)(unsigned char)s[0] << 8) | (unsigned char)s[1];

		head = &w->head2[p % HASH2];
		w->pair_bits[p >> 3] |= (uint8_t)(1u << (p & 7));
		w->pair_row[pair_at((const unsigned char *)s)] |= PAIR_WORD;
	} else {
		unsigned h = hash3((const unsigned char *)s);
		unsigned char c3 = (unsigned char)s[2];
		size_t row = w->pair_row[pair_at((const unsigned char *)s)] & PAIR_ROW;

		if (row == 0) {
			/* Room was made for a row per word (sb_anchor_words_new). */
			row = ++w->nrows;
			w->pair_row[pair_at((const unsigned char *)s)] |= (uint16_t)row;
		}
		w->third[row][c3 >> 3] |= (uint8_t)(1u << (c3 & 7));
		head = &w->head3[h / 8];
		w->hash_bits[h >> 3] |= (uint8_t)(1u << (h & 7));
	}
	w->words[w->nwords].s = copy;
	w->words[w->nwords].len = m;
	{
		static const unsigned char ones[8] = {0xff, 0xff, 0xff, 0xff,
						      0xff, 0xff, 0xff, 0xff};

		w->words[w->nwords].pre = load8((const unsigned char *)copy, m);
		w->words[w->nwords].mask = load8(ones, m);
	}
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
	w->set_first = calloc(n + 1, sizeof(*w->set_first));
	w->set_words = calloc(total + 1, sizeof(*w->set_words));
	w->set_filtered = calloc(n + 1, sizeof(*w->set_filtered));
	/* A row per word at most (and row 0), numbered in PAIR_ROW's bits. */
	if (total >= PAIR_ROW) {
		rc = sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
				  "%zu prefilter words, more than %u", total, PAIR_ROW - 1);
		goto done;
	}
	w->third = calloc(total + 1, sizeof(*w->third));
	if (w->words == NULL || w->set_first == NULL ||
	    w->set_words == NULL || w->set_filtered == NULL || w->third == NULL)
		goto oom;
	for (i = 0; i < 256; i++)
		w->head1[i] = NO_WORD;
	for (i = 0; i < HASH2; i++)
		w->head2[i] = NO_WORD;
	for (i = 0; i < HASH3; i++)
		w->head3[i] = NO_WORD;
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
	free(a->present);
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
	a->present = calloc(w->nsets + 1, sizeof(*a->present));
	if (a->first == NULL || a->sets == NULL || a->present == NULL)
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
				if (!add_hit(&hits, &nhits, &cap, id, (size_t)(p - f)))
					goto oom;
			p++;
		}
	}
	for (i = 0; i + 1 < len; i++) {
		uint32_t id;
		unsigned pair, look;
		size_t row;

		/* Most places start no word at all: one look-up tells. */
		look = w->pair_row[pair_at(f + i)];
		if (look == 0)
			continue;
		pair = ((unsigned)f[i] << 8) | f[i + 1];
		/* Two-byte words: the pair is the word. */
		if ((look & PAIR_WORD) != 0)
			for (id = w->head2[pair % HASH2]; id != NO_WORD; id = w->words[id].next)
				if ((unsigned char)w->words[id].s[0] == f[i] &&
				    (unsigned char)w->words[id].s[1] == f[i + 1] &&
				    !add_hit(&hits, &nhits, &cap, id, i))
					goto oom;
		row = look & PAIR_ROW;
		if (i + 2 >= len || row == 0 ||
		    (w->third[row][f[i + 2] >> 3] & (1u << (f[i + 2] & 7))) == 0)
			continue;
		{
			unsigned h = hash3(f + i);
			uint64_t here;

			if ((w->hash_bits[h >> 3] & (1u << (h & 7))) == 0)
				continue;
			here = load8(f + i, len - i);
			for (id = w->head3[h / 8]; id != NO_WORD; id = w->words[id].next) {
				const word *wd = &w->words[id];

				if ((here & wd->mask) == wd->pre && wd->len <= len - i &&
				    (wd->len <= 8 ||
				     memcmp(f + i + 8, wd->s + 8, wd->len - 8) == 0) &&
				    !add_hit(&hits, &nhits, &cap, id, i))
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
	/* Whether each set can match at all, asked many times per text. */
	for (k = 0; k < w->nsets; k++) {
		size_t j;

		a->present[k] = !w->set_filtered[k];
		for (j = w->set_first[k]; j < w->set_first[k + 1] && !a->present[k]; j++)
			a->present[k] = a->first[w->set_words[j] + 1] > a->first[w->set_words[j]];
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
	return i >= a->w->nsets || a->present[i];
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
	if (!s->done) {
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
		s->done = true;
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

typedef struct derive_parser {
	const char *p;
	bool fail;     /* a construct this reader does not take: nothing is sure */
	bool nomem;    /* out of memory: nothing is sure either */
	bool anywhere; /* words count at any distance (lead LEAD_INF) */
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

/* The sig of a literal run (already lower case). */
static sig sig_run(derive_parser *ps, const char *run, size_t n)
{
	sig s = {NULL, 0, n};

	s.words = malloc(n + 1);
	if (s.words == NULL) {
		ps->nomem = true;
		return s;
	}
	memcpy(s.words, run, n);
	s.words[n] = '\0';
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
		ps->p = p + 1;
		return none;
	}
	if (*p == '\\') {
		char e = p[1];
		unsigned long v = 0;

		ps->p = p + 2;
		switch (e) {
		case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G':
			return none;
		case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'h': case 'H':
		case 'v': case 'V': case 'N': case 'R':
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
} seq_item;

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
		if (!ps->fail)
			parse_quantifier(ps, &it.lo, &it.hi);
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
			seq_item r1 = {{nrun, sig_run(ps, run, nrun)}, 1, 1};

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
		seq_item r1 = {{nrun, sig_run(ps, run, nrun)}, 1, 1};

		(void)push_item(ps, &items, &n, &cap, r1);
	}
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

char *sb_anchor_derive(const char *pattern, bool anywhere, size_t *lead)
{
	derive_parser ps = {pattern, false, false, anywhere};
	piece r;

	*lead = LEAD_INF;
	if (pattern == NULL)
		return NULL;
	r = parse_alt(&ps);
	if (ps.fail || ps.nomem || *ps.p != '\0' || r.s.words == NULL) {
		sig_clear(&r.s);
		return NULL;
	}
	*lead = r.s.lead;
	return r.s.words;
}
