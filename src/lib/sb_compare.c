/*
 * sb_compare: the family's documents against the LA's bundle by text
 * fingerprints (issue 6, `check --against`; include/sendbundle/compare.h).
 *
 * Every family shingle goes into one sorted index of (hash, document);
 * each bundle page's shingles are looked up there, which counts, for every
 * page and document, how many of the page's shingles the document has.
 * That costs one binary search per page shingle, so a 500-page bundle
 * against 300 documents is quick, where comparing every page with every
 * document would not be.
 */
#include <sendbundle/compare.h>

#include "sb_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sb_compare_result_release(sb_compare_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nextras; i++)
		free(r->extras[i].title);
	free(r->extras);
	free(r->docs);
	memset(r, 0, sizeof(*r));
}

/* ---- shingles ---- */

typedef struct hashes {
	uint64_t *h;
	size_t n, cap;
} hashes;

static bool push(hashes *s, uint64_t h)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap == 0 ? 256 : s->cap * 2;
		uint64_t *p = realloc(s->h, ncap * sizeof(*p));

		if (p == NULL)
			return false;
		s->h = p;
		s->cap = ncap;
	}
	s->h[s->n++] = h;
	return true;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void sort_unique(hashes *s)
{
	size_t i, o = 0;

	if (s->n == 0)
		return;
	qsort(s->h, s->n, sizeof(*s->h), cmp_u64);
	for (i = 1; i < s->n; i++)
		if (s->h[i] != s->h[o])
			s->h[++o] = s->h[i];
	s->n = o + 1;
}

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

/* The shingles of text appended to s (unsorted): words are runs of letters
 * and digits (any case), everything else separates them, so line breaks,
 * hyphenation at line ends aside, layout and punctuation do not matter. */
static bool shingle(const char *text, size_t len, uint64_t window[SB_COMPARE_SHINGLE],
		    size_t *nwords, hashes *s)
{
	size_t i = 0;

	while (i < len) {
		uint64_t h = 1469598103934665603ULL; /* FNV-1a */
		size_t k;

		while (i < len && !word_byte((unsigned char)text[i]))
			i++;
		if (i >= len)
			break;
		while (i < len && word_byte((unsigned char)text[i])) {
			unsigned char c = (unsigned char)text[i++];

			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + 32);
			h = (h ^ c) * 1099511628211ULL;
		}
		memmove(window, window + 1, (SB_COMPARE_SHINGLE - 1) * sizeof(*window));
		window[SB_COMPARE_SHINGLE - 1] = h;
		if (++*nwords >= SB_COMPARE_SHINGLE) {
			uint64_t sh = 0;

			for (k = 0; k < SB_COMPARE_SHINGLE; k++)
				sh = (sh ^ window[k]) * 0x9E3779B97F4A7C15ULL + (uint64_t)k;
			if (!push(s, sh))
				return false;
		}
	}
	return true;
}

/* A document's shingles, all pages as one text (sorted, unique). */
static bool doc_shingles(const sb_doc *d, hashes *s)
{
	uint64_t window[SB_COMPARE_SHINGLE] = {0};
	size_t nwords = 0, p;

	for (p = 0; p < d->npages; p++)
		if (!shingle(d->pages[p].text, d->pages[p].len, window, &nwords, s))
			return false;
	sort_unique(s);
	return true;
}

/* ---- the index of family shingles ---- */

typedef struct entry {
	uint64_t h;
	uint32_t doc;
} entry;

static int cmp_entry(const void *a, const void *b)
{
	const entry *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static size_t lower_bound(const entry *e, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- front matter and titles ---- */

static const char *first_line(const char *t, size_t len, size_t *n)
{
	size_t i = 0, end;

	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	end = i;
	while (end < len && t[end] != '\n')
		end++;
	while (end > i && (t[end - 1] == ' ' || t[end - 1] == '\r'))
		end--;
	*n = end - i;
	return t + i;
}

static bool front_matter(const sb_page *pg)
{
	size_t n, i;
	const char *l = first_line(pg->text, pg->len, &n);
	static const char *const heads[] = {"index", "contents", "chronology"};

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (n >= strlen(heads[i]) && strncasecmp(l, heads[i], strlen(heads[i])) == 0)
			return true;
	for (i = 0; i + 14 <= pg->len && i < 400; i++)
		if (strncasecmp(pg->text + i, "hearing bundle", 14) == 0)
			return true;
	return false;
}

/* ---- the comparison ---- */

int sb_compare_bundle(const sb_doc *const *family, size_t nfamily, const sb_doc *bundle,
		      sb_compare_result *out, sb_error *err)
{
	hashes *fam = NULL, page = {NULL, 0, 0};
	entry *idx = NULL;
	uint32_t *overlap = NULL; /* npages x nfamily */
	size_t *page_n = NULL, nidx = 0, total = 0, np = bundle->npages, i, p, d;
	bool *taken = NULL;
	int rc = SB_OK;

	memset(out, 0, sizeof(*out));
	out->bundle_pages = np;
	fam = calloc(nfamily + 1, sizeof(*fam));
	out->docs = calloc(nfamily + 1, sizeof(*out->docs));
	page_n = calloc(np + 1, sizeof(*page_n));
	taken = calloc(np + 1, sizeof(*taken));
	if (fam == NULL || out->docs == NULL || page_n == NULL || taken == NULL ||
	    (np > 0 && nfamily > SIZE_MAX / np / sizeof(*overlap)))
		goto nomem;
	overlap = calloc(np * nfamily + 1, sizeof(*overlap));
	if (overlap == NULL)
		goto nomem;
	out->ndocs = nfamily;
	for (d = 0; d < nfamily; d++) {
		if (!doc_shingles(family[d], &fam[d]))
			goto nomem;
		total += fam[d].n;
	}
	idx = calloc(total + 1, sizeof(*idx));
	if (idx == NULL)
		goto nomem;
	for (d = 0; d < nfamily; d++)
		for (i = 0; i < fam[d].n; i++) {
			idx[nidx].h = fam[d].h[i];
			idx[nidx].doc = (uint32_t)d;
			nidx++;
		}
	qsort(idx, nidx, sizeof(*idx), cmp_entry);
	/* For each page, how many of its shingles each document has. */
	for (p = 0; p < np; p++) {
		uint64_t window[SB_COMPARE_SHINGLE] = {0};
		size_t nwords = 0;

		page.n = 0;
		if (!shingle(bundle->pages[p].text, bundle->pages[p].len, window, &nwords, &page))
			goto nomem;
		sort_unique(&page);
		page_n[p] = page.n;
		for (i = 0; i < page.n; i++) {
			size_t k = lower_bound(idx, nidx, page.h[i]);

			for (; k < nidx && idx[k].h == page.h[i]; k++)
				overlap[p * nfamily + idx[k].doc]++;
		}
	}
	/* Each document: the run of pages, mostly its own, that holds most of
	 * it. Pages with too little text (scans, images) may sit inside a run. */
	for (d = 0; d < nfamily; d++) {
		sb_compare_doc *cd = &out->docs[d];
		size_t best_sum = 0, best_a = 0, best_b = 0;

		cd->doc = family[d];
		if (fam[d].n < SB_COMPARE_MIN_SHINGLES) {
			cd->status = SB_COMPARE_NO_TEXT;
			continue;
		}
		for (p = 0; p < np; p++) {
			size_t a = p, b = p, sum = 0, q;

			if (page_n[p] < SB_COMPARE_MIN_SHINGLES ||
			    2 * (size_t)overlap[p * nfamily + d] < page_n[p])
				continue;
			for (q = p; q < np; q++) {
				/* A page that goes on from the document's run needs
				 * only a quarter of its shingles from it, or, when it
				 * is short, a couple: a last page may be a signature
				 * under the bundle's own header line. */
				size_t ov = overlap[q * nfamily + d];
				bool mine = page_n[q] >= SB_COMPARE_MIN_SHINGLES &&
					    (4 * ov >= page_n[q] ||
					     (q > p && ov >= 2 &&
					      page_n[q] < 3 * (size_t)SB_COMPARE_MIN_SHINGLES));

				if (!mine && page_n[q] >= SB_COMPARE_MIN_SHINGLES)
					break;
				if (mine) {
					sum += overlap[q * nfamily + d];
					b = q;
				}
			}
			if (sum > best_sum) {
				best_sum = sum;
				best_a = a;
				best_b = b;
			}
			p = b; /* the next run starts after this one */
		}
		cd->share = (double)best_sum / (double)fam[d].n;
		if (best_sum > 0 && 2 * best_sum >= fam[d].n) {
			cd->status = SB_COMPARE_FOUND;
			cd->first_page = best_a + 1;
			cd->last_page = best_b + 1;
			for (p = best_a; p <= best_b; p++)
				taken[p] = true;
		} else {
			cd->status = SB_COMPARE_MISSING;
		}
	}
	/* What is left: the LA's documents the family does not have. */
	for (p = 0; p < np; p++) {
		size_t q = p, n;
		const char *l;
		sb_compare_extra *x;

		if (taken[p] || page_n[p] < SB_COMPARE_MIN_SHINGLES || front_matter(&bundle->pages[p]))
			continue;
		while (q + 1 < np && !taken[q + 1] && page_n[q + 1] >= SB_COMPARE_MIN_SHINGLES &&
		       !front_matter(&bundle->pages[q + 1]))
			q++;
		x = realloc(out->extras, (out->nextras + 1) * sizeof(*x));
		if (x == NULL)
			goto nomem;
		out->extras = x;
		x = &out->extras[out->nextras];
		l = first_line(bundle->pages[p].text, bundle->pages[p].len, &n);
		x->first_page = p + 1;
		x->last_page = q + 1;
		/* A clue, not the whole page: 100 bytes, cut between characters. */
		if (n > 100) {
			n = 100;
			while (n > 0 && ((unsigned char)l[n] & 0xC0) == 0x80)
				n--;
		}
		x->title = sb_strdup_printf("%.*s", (int)n, l);
		if (x->title == NULL)
			goto nomem;
		out->nextras++;
		p = q;
	}
	goto cleanup;
nomem:
	rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory comparing with the bundle");
	sb_compare_result_release(out);
cleanup:
	if (fam != NULL)
		for (d = 0; d < nfamily; d++)
			free(fam[d].h);
	free(fam);
	free(page.h);
	free(idx);
	free(overlap);
	free(page_n);
	free(taken);
	return rc;
}
