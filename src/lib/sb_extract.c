/*
 * sb_extract: the facts of one document (issue 3, "Extraction"): its dates,
 * its own date, its author and the author's profession, the professionals
 * and areas of need it speaks of, and what kind of document it is.
 *
 * Why this shape: real SEND documents arrive as scanned letters, Word files,
 * e-mails and PDFs with tables flattened into lines, so every fact is taken
 * from the text with patterns (tables in sb_patterns.h) and a few rules about
 * where things stand on a page: a letter's date above "Dear", a signature
 * under "Yours sincerely", a title line under a name. Kind is a weighted
 * score over many cues rather than the first cue found, so one stray phrase
 * ("a mediation certificate" in a decision letter) cannot decide it.
 *
 * Container metadata (DOCX core properties, PDF dates) is never used for the
 * document's date or author: it is usually the date a file was saved or
 * scanned and the name of whoever's account saved it, and an annotator of a
 * real document gives null where the text shows no date (issue 3: core
 * properties are weak fallbacks only). E-mail headers are used: they are the
 * message's own date and sender.
 *
 * Thread safety: the extractor holds compiled patterns only; each call makes
 * its own match data and working copy of the text.
 */
#include "sb_anchor.h"
#include "sb_extract_internal.h"
#include "sb_patterns.h"
#include "sb_regex.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Kind scores below this are "other" (sb_kind_cues weights add up to it
 * with two specific cues, e.g. a salutation and a closing). */
#define SB_KIND_MIN_SCORE 4

/* Structural kind cues that are not patterns (documented with the table in
 * sb_patterns.h): an e-mail is correspondence unless its text says much
 * more; the author's profession leans towards the kind that profession
 * writes. */
#define SB_KIND_EMAIL_WEIGHT 10
#define SB_KIND_CLINICIAN_WEIGHT 5 /* EP, SALT, OT, CAMHS, paediatrician, physio */
#define SB_KIND_LA_OFFICER_WEIGHT 2
#define SB_KIND_JUDGE_WEIGHT 4
#define SB_KIND_PARENT_WEIGHT 4
#define SB_KIND_SOLICITOR_WEIGHT 3
#define SB_KIND_SCHOOL_STAFF_WEIGHT 2

/* Lines looked at for a printed e-mail's header block, a signature, a
 * title under a name, and a letter's date above "Dear". */
#define EMAIL_HEADER_LINES 14
#define SIGNATURE_LINES 8
#define TITLE_LINES 4
#define LETTER_DATE_LINES 20
#define TAIL_DATE_LINES 15
#define MAX_ROLE_LINE 90
#define MAX_LABEL_LINE 50
#define MAX_NAME_LEN 120

/* Kind cues find_kind can hold (sb_kind_cues; sb_extractor_new checks). */
#define SB_MAX_KIND_CUES 256

/* Name stopwords: remembered answers per call, and the longest word asked. */
#define STOPWORD_SLOTS 1024u
#define STOPWORD_MAX 40

static const char *const honorifics[] = {
    "Dr",   "Dr.",   "Mrs",	  "Mrs.", "Mr",	  "Mr.", "Ms",	 "Ms.",	 "Miss", "Mx",
    "Prof", "Prof.", "Professor", "Sir",  "Dame", "Rev", "Revd", "Cllr", NULL};
/* Letters after a name (degrees, registrations): dropped from the name. */
static const char *const postnominals[] = {
    "bsc",	"msc",	      "ma",	   "ba",	  "bed",       "med",	   "phd",
    "dedpsy",	"dedpsych",   "dappedpsy", "dappedpsych", "cpsychol",  "afbpss",   "hcpc",
    "rcslt",	"mrcslt",     "mrcpch",	   "frcpch",	  "mbchb",     "mbbs",	   "mrcpsych",
    "frcpsych", "pgce",	      "pgcert",	   "pgdip",	  "qts",       "nasenco",  "hons",
    "dclinpsy", "dclinpsych", "rgn",	   "rn",	  "mbe",       "obe",	   "frcp",
    "mrcp",	"dch",	      "bmedsci",   "mres",	  "mphil",     "edd",	   "llb",
    "llm",	"dip",	      "cert",	   "mcsp",	  "rmn",       "bscot",	   "dipcot",
    "mrcot",	"cpd",	      "mb",	   "chb",	  "bs",	       "mrcgp",	   "ed",
    "cs",	"npqsl",      "npqh",	   "ma(ed)",	  "bsc(hons)", "ba(hons)", NULL};
static const char *const particles[] = {"van", "von", "de", "der", "den", "da", "di",
					"du",  "le",  "la", "del", "bin", "al", NULL};

/* Per first byte (folded as the list's in_list folds it), bit L: an entry
 * of that list is L bytes long (bit 15: 15 or more); in_masked. */
typedef uint16_t list_mask[256];

/* Words that lines begin with, for the line filters (starts_with_any). */
/* After "^\W*": "dear\s+\S", "to\s+whom ...". */
static const char *const salutation_words[] = {"dear", "to", NULL};
/* After "^\W*": yours ..., kind(est) regards, best ..., warm(est) ...,
 * many thanks, with ..., regards, thanks, thank you, sincerely,
 * signed, signature. */
static const char *const closing_words[] = {"yours", "kind",	"best",	     "warm", "many",
					    "with",  "regards", "thank", "sincerely", "sign",
					    NULL};
/* After "^[ \t>]*": "-{2,}...", "on ... wrote:", "begin forwarded ...",
 * "_{10,}" (none of whose first bytes [ \t>]* could have taken). */
static const char *const reply_words[] = {"--", "on", "begin", "__________", NULL};
/* The first words of SB_MISC_SIG_STOP's line starts (sig_stop_possible). */
static const char *const sig_stop_words[] = {
    "cc",    "c.c.",   "copy", "copies", "enc", "tel", "phone", "mob",	       "fax",
    "email", "e-mail", "web",  "direct", "ref", "our", "p",	"distribution", "attachment",
    NULL};
/* Where an author label may start (author_label_starts): a line's first
 * word, or the word after a "(". */
static const char *const label_words[] = {
    "report",	  "assessment", "plan",	     "advice",	  "letter",   "this",
    "written",	  "prepared",	"compiled",  "completed", "produced", "authored",
    "undertaken", "carried",	"conducted", "signed",	  "issued",   "chaired",
    "convened",	  "kept",	"recorded",  "by",	  "author",   "assessing",
    "name",	  NULL};
static const char *const bracketed_words[] = {"kept", "written", "compiled", "recorded", NULL};

struct sb_extractor {
	sb_date_finder *dates;
	sb_regex *pro;
	sb_regex *kind;
	sb_regex *area;
	sb_regex *role;
	sb_regex misc[SB_MISC_COUNT];
	/* Literal prefilters (sb_prefilter) by table index; NULL: none. */
	const char **kind_needs;
	const char **area_needs;
	/* Where those words occur (sb_anchor.h): kind cue i is set KIND_SET(i),
	 * area pattern i AREA_SET(i), professional pattern i PRO_SET(i); the
	 * words read from the pattern itself (sb_anchor_derive) are set
	 * DERIVED(set), their window reach[DERIVED(set)] (reach[set] for the
	 * table's words is SB_ANCHOR_REACH). */
	sb_anchor_words *anchor_words;
	char **derived; /* N_DERIVED: derived words, or NULL */
	size_t *reach;	/* ALL_SETS */
	/* Per misc pattern, words of which each match holds one (NUL-separated,
	 * ending in an empty word; NULL: none known): label_possible. */
	char *misc_words[SB_MISC_COUNT];
	/* The order find_kind reads the kind cues in (kind_order_new). */
	size_t kind_order[SB_MAX_KIND_CUES];
	/* The words of SB_MISC_NAME_STOPWORD, sorted (stop_words_new); NULL
	 * when the pattern is not a plain list: the pattern answers then. */
	char **stop_words;
	size_t nstop;
	/* The first bytes and lengths of honorifics, postnominals, particles. */
	list_mask hon_mask, post_mask, part_mask;
	/* The first bytes of the line filters' word lists (starts_with_any). */
	list_mask salutation_mask, closing_mask, reply_mask, sig_stop_mask, label_mask,
	    bracketed_mask;
};

#define KIND_SET(i) (i)
#define AREA_SET(i) (sb_kind_cues_count + (i))
#define PRO_SET(i) (sb_kind_cues_count + sb_area_patterns_count + (i))
#define N_SETS (sb_kind_cues_count + sb_area_patterns_count + sb_professional_patterns_count)
#define DERIVED(set) (N_SETS + (set))
/* Role title i: its derived words only (role_possible). */
#define ROLE_SET(i) (2 * N_SETS + (i))
/* The first three letters of the months' names (find_dates). */
#define MONTH_SET (2 * N_SETS + sb_role_titles_count)
/* Misc pattern i: words each of its matches holds (misc_possible). */
#define MISC_SET(i) (MONTH_SET + 1 + (size_t)(i))
#define ALL_SETS (MONTH_SET + 1 + SB_MISC_COUNT)
/* Entries of ex->derived: N_SETS patterns, the role titles, misc patterns. */
#define N_DERIVED (N_SETS + sb_role_titles_count + SB_MISC_COUNT)

/* ------------------------------------------------------------------------ */
/* Compiling the tables.                                                     */
/* ------------------------------------------------------------------------ */

static void free_table(sb_regex *re, size_t n)
{
	size_t i;

	if (re == NULL)
		return;
	for (i = 0; i < n; i++)
		sb_regex_free(&re[i]);
	free(re);
}

static int compile_table(const sb_pattern *t, size_t n, uint32_t options, sb_regex **out,
			 sb_error *err)
{
	sb_regex *re = NULL;
	size_t i;
	int rc = SB_OK;

	re = calloc(n, sizeof(*re));
	if (re == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		rc = sb_regex_compile(&re[i], t[i].name, t[i].pattern, options, err);
		if (rc != SB_OK)
			goto done;
	}
	*out = re;
	re = NULL;
done:
	free_table(re, n);
	return rc;
}

/* needs[i]: the prefilter words of t[i] from the sb_prefilter table f. A
 * prefilter that names no entry of t is a bug in the tables. */
static int attach_needs(const sb_pattern *t, size_t n, const sb_prefilter *f, size_t nf,
			const char ***out, sb_error *err)
{
	const char **needs;
	size_t i, j;

	needs = calloc(n, sizeof(*needs));
	if (needs == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (j = 0; j < nf; j++) {
		for (i = 0; i < n && strcmp(t[i].name, f[j].name) != 0; i++)
			;
		if (i == n) {
			free(needs);
			return sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
					    "prefilter '%s' names no pattern", f[j].name);
		}
		needs[i] = f[j].needs;
	}
	*out = needs;
	return SB_OK;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * The name stopwords as a sorted list, read from the pattern when it has
 * the shape "(?i)^(?:word|word|...)$" with words of a-z and "-" only: for
 * such a word w of ASCII letters and "-", the pattern matches exactly when
 * w in lower case is on the list (stop_word_lookup), and a binary search
 * costs far less than the pattern's two hundred alternatives. Any other
 * shape leaves ex->stop_words NULL.
 */
static int stop_words_new(sb_extractor *ex, sb_error *err)
{
	static const char head[] = "(?i)^(?:", tail[] = ")$";
	const char *p = sb_misc_patterns[SB_MISC_NAME_STOPWORD].pattern, *q;
	size_t len = strlen(p), n = 1, k = 0;
	const char *body, *end;

	if (len < sizeof(head) + sizeof(tail) || strncmp(p, head, sizeof(head) - 1) != 0 ||
	    strcmp(p + len - (sizeof(tail) - 1), tail) != 0)
		return SB_OK;
	body = p + sizeof(head) - 1;
	end = p + len - (sizeof(tail) - 1);
	for (q = body; q < end; q++) {
		if (*q == '|')
			n++;
		else if (!((*q >= 'a' && *q <= 'z') || *q == '-'))
			return SB_OK;
	}
	ex->stop_words = calloc(n, sizeof(*ex->stop_words));
	if (ex->stop_words == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (q = body; q <= end; q++) {
		const char *b = q;

		while (q < end && *q != '|')
			q++;
		if (q == b || (size_t)(q - b) >= STOPWORD_MAX) {
			/* An empty alternative matches an empty word: not a list. */
			for (; k > 0; k--)
				free(ex->stop_words[k - 1]);
			free(ex->stop_words);
			ex->stop_words = NULL;
			return SB_OK;
		}
		ex->stop_words[k] = malloc((size_t)(q - b) + 1);
		if (ex->stop_words[k] == NULL) {
			ex->nstop = k;
			return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		}
		memcpy(ex->stop_words[k], b, (size_t)(q - b));
		ex->stop_words[k][q - b] = '\0';
		k++;
	}
	ex->nstop = k;
	qsort(ex->stop_words, k, sizeof(*ex->stop_words), cmp_str);
	return SB_OK;
}

/* Weight of kind cue i at most, either way: the most it can move a score. */
static int kind_reach(size_t i)
{
	const sb_pattern *p = &sb_kind_cues[i];
	int most = p->weight * (p->max_hits > 0 ? p->max_hits : 1);

	return most < 0 ? -most : most;
}

/* The order find_kind reads cues in: decisive cues first (a kind none of
 * whose decisive cues hits scores 0, and its other cues need not run), then
 * the heaviest first, each group in table order. Any order gives the same
 * answer (find_kind); this one tends to settle it sooner. */
static void kind_order_new(sb_extractor *ex)
{
	size_t i, j, n = 0;

	for (i = 0; i < sb_kind_cues_count; i++)
		if ((sb_kind_cues[i].flags & SB_PAT_DECISIVE) != 0)
			ex->kind_order[n++] = i;
	for (j = n; j < sb_kind_cues_count; j++) {
		size_t pick = SIZE_MAX;

		for (i = 0; i < sb_kind_cues_count; i++) {
			bool taken = false;
			size_t t;

			for (t = 0; t < j && !taken; t++)
				taken = ex->kind_order[t] == i;
			if (!taken && (pick == SIZE_MAX || kind_reach(i) > kind_reach(pick)))
				pick = i;
		}
		ex->kind_order[j] = pick;
	}
}

/* "a|b|c" (consumed) as "a\0b\0c\0\0", or NULL when a word has fewer than
 * three letters (too common to rule anything out) or words is NULL. */
static char *word_list(char *words)
{
	size_t k, m, run = 0;
	char *list;

	if (words == NULL)
		return NULL;
	m = strlen(words);
	list = realloc(words, m + 2);
	if (list == NULL) {
		free(words);
		return NULL;
	}
	list[m + 1] = '\0';
	for (k = 0; k <= m; k++) {
		if (k < m && list[k] != '|') {
			run++;
			continue;
		}
		if (run < 3) {
			free(list);
			return NULL;
		}
		list[k] = '\0';
		run = 0;
	}
	return list;
}

/* The pattern of anchor set `set` (KIND_SET, AREA_SET, PRO_SET). */
static const char *set_pattern(size_t set)
{
	if (set < sb_kind_cues_count)
		return sb_kind_cues[set].pattern;
	set -= sb_kind_cues_count;
	if (set < sb_area_patterns_count)
		return sb_area_patterns[set].pattern;
	return sb_professional_patterns[set - sb_area_patterns_count].pattern;
}

/* The length of the shortest of "|"-separated words (SIZE_MAX: none), not
 * counting their marks (sb_anchor.h). */
static size_t shortest_word(const char *words)
{
	size_t best = SIZE_MAX;

	while (words != NULL && *words != '\0') {
		const char *bar = strchr(words, '|');
		size_t m = bar != NULL ? (size_t)(bar - words) : strlen(words);
		size_t from = m > 0 && words[0] == SB_ANCHOR_AT_START ? 1 : 0;

		if (m > from &&
		    (words[m - 1] == SB_ANCHOR_AT_END || words[m - 1] == SB_ANCHOR_BEFORE_DIGIT))
			m--;
		m -= from;
		if (m < best)
			best = m;
		words = bar != NULL ? bar + 1 : NULL;
	}
	return best;
}

/* The shortest derived word worth a set of its own, beside the table's
 * words table (NULL: none). Every word is found all through the text by
 * the one pass (sb_anchors_find): two-letter words ("in", "my") occur
 * every few lines and cost that pass more than their windows save, unless
 * the table's words are as short ("hi") or there are none (a pattern the
 * table gives no words is otherwise run over the whole text). Three
 * letters ("low" in "\blow\s+mood") are worth it: their windows are one
 * place each where the table's reach 256 bytes back. */
static size_t derived_min_len(const char *table)
{
	size_t t = table != NULL ? shortest_word(table) : 2;

	return t < 2 ? 2 : t > 3 ? 3 : t;
}

/*
 * The anchor sets (KIND_SET, AREA_SET, PRO_SET and their DERIVED sets): the
 * table's prefilter words, searched SB_ANCHOR_REACH bytes back, and the
 * words every match holds near its start as the pattern itself shows
 * (sb_anchor_derive), searched only as far back as they can lead.
 */
static int anchor_sets_new(sb_extractor *ex, sb_error *err)
{
	const char **all = NULL;
	size_t i, n = N_SETS;
	int rc = SB_OK;

	all = calloc(ALL_SETS, sizeof(*all));
	ex->derived = calloc(N_DERIVED, sizeof(*ex->derived));
	ex->reach = calloc(ALL_SETS, sizeof(*ex->reach));
	if (all == NULL || ex->derived == NULL || ex->reach == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	memcpy(all, ex->kind_needs, sb_kind_cues_count * sizeof(*all));
	memcpy(all + sb_kind_cues_count, ex->area_needs, sb_area_patterns_count * sizeof(*all));
	for (i = 0; i < n; i++) {
		size_t lead = SIZE_MAX;

		ex->reach[i] = SB_ANCHOR_REACH;
		/* Without the words (out of memory) the table's words serve. */
		ex->derived[i] = sb_anchor_derive_edges(set_pattern(i), false, &lead);
		/* Words at no bounded distance still rule a pattern out where
		 * they are absent (possible), where the table gives no words;
		 * window_cost never picks them. */
		if (ex->derived[i] == NULL && all[i] == NULL)
			ex->derived[i] = sb_anchor_derive_edges(set_pattern(i), true, &lead);
		if (ex->derived[i] != NULL &&
		    shortest_word(ex->derived[i]) < derived_min_len(all[i])) {
			free(ex->derived[i]);
			ex->derived[i] = NULL;
		}
		all[DERIVED(i)] = ex->derived[i];
		ex->reach[DERIVED(i)] = lead;
	}
	/* Role titles: only to skip a title that cannot match on a line (a
	 * two-letter word such as "gp" is rare enough on one line). */
	for (i = 0; i < sb_role_titles_count; i++) {
		size_t lead = SIZE_MAX;
		/* Marked: a title is matched against a line, or a part of
		 * one that role_possible checks. */
		char *w = sb_anchor_derive_edges(sb_role_titles[i].pattern, true, &lead);

		if (w != NULL && shortest_word(w) < 2) {
			free(w);
			w = NULL;
		}
		ex->derived[n + i] = w;
		all[ROLE_SET(i)] = w;
		ex->reach[ROLE_SET(i)] = lead;
	}
	all[MONTH_SET] = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
	ex->reach[MONTH_SET] = 0;
	/* Misc patterns: only to skip one whose words are nowhere. */
	for (i = 0; i < SB_MISC_COUNT; i++) {
		size_t lead = SIZE_MAX;
		char *w = sb_anchor_derive(sb_misc_patterns[i].pattern, true, &lead);

		if (w != NULL && shortest_word(w) < 3) {
			free(w);
			w = NULL;
		}
		ex->derived[n + sb_role_titles_count + i] = w;
		all[MISC_SET(i)] = w;
		ex->reach[MISC_SET(i)] = lead;
	}
	rc = sb_anchor_words_new(all, ALL_SETS, &ex->anchor_words, err);
done:
	free(all);
	return rc;
}

/* m: the first bytes and lengths of list's entries (in_masked). */
static void list_mask_new(const char *const *list, bool fold, list_mask m)
{
	size_t i, n;

	for (i = 0; list[i] != NULL; i++) {
		unsigned char first = (unsigned char)list[i][0];

		if (fold && first >= 'A' && first <= 'Z')
			first = (unsigned char)(first - 'A' + 'a');
		n = strlen(list[i]);
		m[first] |= (uint16_t)(1u << (n < 15 ? n : 15));
	}
}

int sb_extractor_new(sb_extractor **out, sb_error *err)
{
	sb_extractor *ex = NULL;
	int rc;
	size_t i;

	*out = NULL;
	ex = calloc(1, sizeof(*ex));
	if (ex == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	if (sb_kind_cues_count > SB_MAX_KIND_CUES) {
		rc = sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
				  "%zu kind cues, at most %d", sb_kind_cues_count,
				  SB_MAX_KIND_CUES);
		goto done;
	}
	kind_order_new(ex);
	list_mask_new(honorifics, false, ex->hon_mask);
	list_mask_new(postnominals, true, ex->post_mask);
	list_mask_new(particles, false, ex->part_mask);
	list_mask_new(salutation_words, false, ex->salutation_mask);
	list_mask_new(closing_words, false, ex->closing_mask);
	list_mask_new(reply_words, false, ex->reply_mask);
	list_mask_new(sig_stop_words, false, ex->sig_stop_mask);
	list_mask_new(label_words, false, ex->label_mask);
	list_mask_new(bracketed_words, false, ex->bracketed_mask);
	rc = sb_date_finder_new(&ex->dates, err);
	if (rc != SB_OK)
		goto done;
	rc = compile_table(sb_professional_patterns, sb_professional_patterns_count,
			   PCRE2_MULTILINE | PCRE2_USE_OFFSET_LIMIT, &ex->pro, err);
	if (rc != SB_OK)
		goto done;
	rc = compile_table(sb_kind_cues, sb_kind_cues_count,
			   PCRE2_MULTILINE | PCRE2_USE_OFFSET_LIMIT, &ex->kind, err);
	if (rc != SB_OK)
		goto done;
	rc = compile_table(sb_area_patterns, sb_area_patterns_count,
			   PCRE2_MULTILINE | PCRE2_USE_OFFSET_LIMIT, &ex->area, err);
	if (rc != SB_OK)
		goto done;
	rc = compile_table(sb_role_titles, sb_role_titles_count, PCRE2_MULTILINE, &ex->role, err);
	if (rc != SB_OK)
		goto done;
	rc = attach_needs(sb_kind_cues, sb_kind_cues_count, sb_kind_needs, sb_kind_needs_count,
			  &ex->kind_needs, err);
	if (rc != SB_OK)
		goto done;
	rc = attach_needs(sb_area_patterns, sb_area_patterns_count, sb_area_needs,
			  sb_area_needs_count, &ex->area_needs, err);
	if (rc != SB_OK)
		goto done;
	rc = anchor_sets_new(ex, err);
	if (rc != SB_OK)
		goto done;
	for (i = 0; i < SB_MISC_COUNT; i++) {
		/* The offset limit: some are searched only where they can start
		 * (author_label_match). */
		rc = sb_regex_compile(&ex->misc[i], sb_misc_patterns[i].name,
				      sb_misc_patterns[i].pattern,
				      PCRE2_MULTILINE | PCRE2_USE_OFFSET_LIMIT, err);
		if (rc != SB_OK)
			goto done;
	}
	rc = stop_words_new(ex, err);
	if (rc != SB_OK)
		goto done;
	for (i = 0; i < SB_MISC_COUNT; i++) {
		size_t lead = 0;

		/* Out of memory here only costs speed: no words, no filter. */
		ex->misc_words[i] =
		    word_list(sb_anchor_derive(sb_misc_patterns[i].pattern, true, &lead));
	}
	*out = ex;
	ex = NULL;
done:
	sb_extractor_free(ex);
	return rc;
}

void sb_extractor_free(sb_extractor *ex)
{
	size_t i;

	if (ex == NULL)
		return;
	sb_date_finder_free(ex->dates);
	free_table(ex->pro, sb_professional_patterns_count);
	free_table(ex->kind, sb_kind_cues_count);
	free_table(ex->area, sb_area_patterns_count);
	free_table(ex->role, sb_role_titles_count);
	for (i = 0; i < SB_MISC_COUNT; i++)
		sb_regex_free(&ex->misc[i]);
	free(ex->kind_needs);
	free(ex->area_needs);
	sb_anchor_words_free(ex->anchor_words);
	if (ex->derived != NULL)
		for (i = 0; i < N_DERIVED; i++)
			free(ex->derived[i]);
	free(ex->derived);
	free(ex->reach);
	for (i = 0; i < ex->nstop; i++)
		free(ex->stop_words[i]);
	for (i = 0; i < SB_MISC_COUNT; i++)
		free(ex->misc_words[i]);
	free(ex->stop_words);
	free(ex);
}

/* A lower-cased copy of s[0..n) for the prefilters, NUL-terminated, with the
 * two non-ASCII characters that caseless matching (UCP) equates with ASCII
 * letters folded too: U+017F long s and U+212A Kelvin sign. NULL when out
 * of memory. */
static char *fold_copy(const char *s, size_t n, size_t *out_len)
{
	char *f = malloc(n + 1);
	size_t i = 0, o = 0;

	if (f == NULL)
		return NULL;
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];

		/* Eight ASCII bytes at a time (most text): each of A-Z gains
		 * 0x20, the bit a byte's high bit marks after adding 0x3F
		 * ("A" and up) but not after adding 0x25 ("[" and up); no
		 * carry crosses a byte below 0x80. */
		if (i + 8 <= n) {
			uint64_t x, ge_a, gt_z;

			memcpy(&x, s + i, sizeof(x));
			if ((x & UINT64_C(0x8080808080808080)) == 0) {
				ge_a = x + UINT64_C(0x3F3F3F3F3F3F3F3F);
				gt_z = x + UINT64_C(0x2525252525252525);
				x |= ((ge_a & ~gt_z) & UINT64_C(0x8080808080808080)) >> 2;
				memcpy(f + o, &x, sizeof(x));
				o += 8;
				i += 8;
				continue;
			}
		}
		if (ch == 0xC5 && i + 1 < n && (unsigned char)s[i + 1] == 0xBF) {
			f[o++] = 's';
			i += 2;
		} else if (ch == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x84 &&
			   (unsigned char)s[i + 2] == 0xAA) {
			f[o++] = 'k';
			i += 3;
		} else {
			f[o++] = (char)((ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch);
			i++;
		}
	}
	f[o] = '\0';
	*out_len = o;
	return f;
}

/* Whether folded text f[0..n) holds one of the "|"-separated words of
 * needs (NULL: no prefilter, so yes). */
/* Whether folded text f[0..n) holds the word w[0..m) (m > 0). */
static bool has_word(const char *f, size_t n, const char *w, size_t m)
{
	const char *p = f, *end = f + n;

	while (m > 0 && (size_t)(end - p) >= m) {
		p = memchr(p, w[0], (size_t)(end - p) - m + 1);
		if (p == NULL)
			break;
		/* The second byte first: most candidates fail there, without a call. */
		if ((m < 2 || p[1] == w[1]) && memcmp(p, w, m) == 0)
			return true;
		p++;
	}
	return false;
}

static bool has_needed_word(const char *f, size_t n, const char *needs)
{
	const char *w = needs;

	if (needs == NULL)
		return true;
	while (*w != '\0') {
		const char *bar = strchr(w, '|');
		size_t m = bar != NULL ? (size_t)(bar - w) : strlen(w);

		if (has_word(f, n, w, m))
			return true;
		if (bar == NULL)
			break;
		w = bar + 1;
	}
	return false;
}

/* Every example of a table with prefilters holds one of its words. */
static int check_needs(const char *table, const sb_pattern *t, const char *const *needs, size_t n,
		       sb_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t flen = 0;
		char *f;
		bool ok;

		if (needs[i] == NULL || t[i].example == NULL)
			continue;
		f = fold_copy(t[i].example, strlen(t[i].example), &flen);
		if (f == NULL)
			return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		ok = has_needed_word(f, flen, needs[i]);
		free(f);
		if (!ok)
			return sb_error_set(err, SB_EINVAL, NULL, NULL,
					    "%s pattern '%s': its example '%s' has none of its "
					    "prefilter words '%s'",
					    table, t[i].name, t[i].example, needs[i]);
	}
	return SB_OK;
}

/* 1 when re matches s, 0 when not, -1 when PCRE2 fails or the pattern's two
 * forms (sb_regex.h) disagree on an ASCII s. */
static int example_matches(const sb_regex *re, const char *s, pcre2_match_data *md)
{
	sb_error local;
	size_t n = strlen(s);
	int rc = sb_regex_match(re, s, n, 0, false, md, &local);

	if (rc >= 0 && sb_regex_is_ascii(s, n) &&
	    sb_regex_match(re, s, n, 0, true, md, &local) != rc)
		return -1;
	return rc;
}

static int check_table(const char *table, const sb_pattern *t, const sb_regex *re, size_t n,
		       sb_error *err)
{
	pcre2_match_data *md = NULL;
	size_t i;
	int rc = SB_OK;

	md = pcre2_match_data_create(32, NULL);
	if (md == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < n; i++) {
		if (t[i].example == NULL || example_matches(&re[i], t[i].example, md) != 1) {
			rc = sb_error_set(err, SB_EINVAL, NULL, NULL,
					  "%s pattern '%s' does not match its example '%s'", table,
					  t[i].name, t[i].example != NULL ? t[i].example : "");
			goto done;
		}
		if (t[i].non_example != NULL &&
		    example_matches(&re[i], t[i].non_example, md) != 0) {
			rc = sb_error_set(err, SB_EINVAL, NULL, NULL,
					  "%s pattern '%s' matches its counter-example '%s'", table,
					  t[i].name, t[i].non_example);
			goto done;
		}
	}
done:
	pcre2_match_data_free(md);
	return rc;
}

int sb_extractor_check_examples(const sb_extractor *ex, sb_error *err)
{
	int rc;

	rc = check_table("professional", sb_professional_patterns, ex->pro,
			 sb_professional_patterns_count, err);
	if (rc == SB_OK)
		rc = check_table("kind", sb_kind_cues, ex->kind, sb_kind_cues_count, err);
	if (rc == SB_OK)
		rc = check_table("area", sb_area_patterns, ex->area, sb_area_patterns_count, err);
	if (rc == SB_OK)
		rc = check_table("role", sb_role_titles, ex->role, sb_role_titles_count, err);
	if (rc == SB_OK)
		rc = check_table("misc", sb_misc_patterns, ex->misc, SB_MISC_COUNT, err);
	if (rc == SB_OK)
		rc = check_needs("kind", sb_kind_cues, ex->kind_needs, sb_kind_cues_count, err);
	if (rc == SB_OK)
		rc = check_needs("area", sb_area_patterns, ex->area_needs, sb_area_patterns_count,
				 err);
	return rc;
}

int sb_extract_dates(const sb_extractor *ex, const char *text, size_t len, int page,
		     sb_found_date **out, size_t *n, sb_error *err)
{
	return sb_date_finder_find(ex->dates, text, len, page, out, n, err);
}

void sb_found_dates_free(sb_found_date *dates, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(dates[i].text);
	free(dates);
}

/* ------------------------------------------------------------------------ */
/* The working text of one call.                                             */
/* ------------------------------------------------------------------------ */

typedef struct line {
	size_t start, end; /* in ctx.text; end excludes the newline */
	size_t page;	   /* 0-based */
	bool blank;
} line;

/* What is known of one line's misc patterns and role (line_matches,
 * role_of_line): the same question on the same line has the same answer,
 * and signature and title rules ask it many times. */
typedef struct line_memo {
	uint32_t known, matched; /* bit m: SB_MISC pattern m */
	int8_t role;		 /* -1 unknown, else an sb_role */
} line_memo;

_Static_assert(SB_MISC_COUNT <= 32, "line_memo holds one bit per misc pattern");
_Static_assert(SB_ROLE_COUNT <= 127, "line_memo holds a role in an int8_t");

/* A remembered answer of the name-stopword pattern for one word. */
typedef struct stopword_slot {
	uint8_t len; /* 0: empty */
	bool is_stop;
	char word[STOPWORD_MAX];
} stopword_slot;

typedef struct ctx {
	const sb_extractor *ex;
	sb_doc *doc;
	char *text; /* normalised pages, each followed by "\n\n" */
	size_t len;
	size_t *page_start;
	line *lines;
	line_memo *memo;	  /* one per line */
	stopword_slot *stopwords; /* STOPWORD_SLOTS, made on first use; NULL: none */
	size_t nlines;
	size_t head_end; /* end of the head (SB_HEAD_LINES, SB_HEAD_BYTES) */
	pcre2_match_data *md;
	char *folded; /* text lower-cased for the prefilters (fold_copy) */
	size_t folded_len;
	/* Where the prefilter words occur (sb_anchor.h); windowed: their
	 * offsets are the text's (folding kept every byte), so patterns may run
	 * in windows around them (next_hit). */
	sb_anchors *anchors;
	bool windowed;
	pcre2_match_context *wmc; /* for sb_regex_match_window */
	bool ascii;		/* text is ASCII: patterns' faster form (sb_regex.h) */
	/* Where SB_MISC_AUTHOR_LABEL may start (author_label_starts). */
	bool label_known;
	size_t *label_starts;
	size_t nlabel_starts;
	bool gave_up;		/* a pattern hit its match limit somewhere */
	int speech;		/* -1 unknown, else whether SB_MISC_SPEECH_CONTEXT matched */
	/* Printed or real e-mail. */
	bool is_email;
	size_t hdr_first, hdr_last; /* printed header block lines, when is_email && !eml */
	bool has_hdr_block;
	const char *from; /* From value (doc's or the printed line, in text) */
	size_t from_len;
	size_t own_end;	     /* where quoted earlier messages start */
	size_t own_b, own_e; /* the author's own words, as bytes of text */
	/* Letter shape. */
	bool has_salutation;
	bool has_closing;
	bool is_minutes; /* notes of a meeting: its date is the document's */
	sb_kind kind;	 /* found before the document's date */
	size_t salutation_line;
	size_t salutation_page, salutation_nb; /* its page, non-empty lines above it */
	/* Per line, whether a word of some role title starts on it
	 * (role_lines_new); role_lines: 0 not asked yet, 1 known, -1 unknown
	 * (every line may then hold a title). */
	bool *role_line;
	int role_lines;
} ctx;

/* Append one UTF-8 page to buf at *o with the normalisations that let one
 * pattern serve every source: unusual spaces to spaces, curly quotes to
 * straight ones, soft hyphens and zero-width characters dropped, ligatures
 * expanded, CR and CRLF to LF, and words split by a hyphen at a line end
 * joined ("occupa-\ntional"). Never grows the text by more than it is. */
static void normalise_into(char *buf, size_t *o, const char *s, size_t n)
{
	/* Bytes that some rule below looks at; all others are copied as they
	 * are, a run at a time. */
	static const bool special[256] = {['\r'] = true, ['\t'] = true, ['\v'] = true,
					  ['\f'] = true, ['\0'] = true, ['-'] = true,
					  [0xC2] = true,  [0xE2] = true,  [0xEF] = true};
	size_t i = 0, w = *o;

	while (i < n) {
		unsigned char c, c1, c2;

		/* Eight bytes at a time while none is below 0x0E, "-" or 0x80
		 * and up (which holds every special byte): most text. A byte
		 * below k is told by (x - k) & ~x & 0x80 (k at most 0x80), a
		 * "-" as a zero byte of x ^ "--------". */
		if (i + 8 <= n) {
			uint64_t x, d;

			memcpy(&x, s + i, sizeof(x));
			d = x ^ UINT64_C(0x2D2D2D2D2D2D2D2D);
			if (((((x - UINT64_C(0x0E0E0E0E0E0E0E0E)) & ~x) |
			      ((d - UINT64_C(0x0101010101010101)) & ~d) | x) &
			     UINT64_C(0x8080808080808080)) == 0) {
				memcpy(buf + w, &x, sizeof(x));
				w += 8;
				i += 8;
				continue;
			}
		}
		if (!special[(unsigned char)s[i]]) {
			buf[w++] = s[i++];
			continue;
		}
		c = (unsigned char)s[i];
		c1 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		c2 = i + 2 < n ? (unsigned char)s[i + 2] : 0;
		if (c == '\r') {
			buf[w++] = '\n';
			i += (c1 == '\n') ? 2 : 1;
		} else if (c == '\t' || c == '\v' || c == '\f' || c == '\0') {
			buf[w++] = ' ';
			i++;
		} else if (c == '-' && c1 == '\n' && w > 0 && islower((unsigned char)buf[w - 1])) {
			size_t j = i + 2;

			while (j < n && s[j] == ' ')
				j++;
			if (j < n && islower((unsigned char)s[j])) {
				i = j; /* join the split word */
			} else {
				buf[w++] = '-';
				i++;
			}
		} else if (c == 0xC2 && c1 == 0xA0) { /* no-break space */
			buf[w++] = ' ';
			i += 2;
		} else if (c == 0xC2 && c1 == 0xAD) { /* soft hyphen */
			i += 2;
		} else if (c == 0xE2 && c1 == 0x80 && /* spaces, narrow no-break space */
			   ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xAF)) {
			buf[w++] = ' ';
			i += 3;
		} else if ((c == 0xE2 && c1 == 0x80 && c2 >= 0x8B && c2 <= 0x8D) || /* zero width */
			   (c == 0xEF && c1 == 0xBB && c2 == 0xBF)) {                /* BOM */
			i += 3;
		} else if (c == 0xE2 && c1 == 0x80 && (c2 == 0x98 || c2 == 0x99)) {
			buf[w++] = '\'';
			i += 3;
		} else if (c == 0xE2 && c1 == 0x80 && (c2 == 0x9C || c2 == 0x9D)) {
			buf[w++] = '"';
			i += 3;
		} else if (c == 0xE2 && c1 == 0x80 && (c2 == 0x90 || c2 == 0x91)) {
			buf[w++] = '-';
			i += 3;
		} else if (c == 0xEF && c1 == 0xAC && c2 >= 0x80 && c2 <= 0x84) {
			static const char *const lig[] = {"ff", "fi", "fl", "ffi", "ffl"};
			const char *l = lig[c2 - 0x80];

			while (*l != '\0')
				buf[w++] = *l++;
			i += 3;
		} else {
			buf[w++] = (char)c;
			i++;
		}
	}
	*o = w;
}

/* Whether s[b..e), a part of one line of the working text, is all space.
 * A line ends where memchr found its '\n' (build_text), inside the text
 * written; the analyser does not bound what memchr returns. */
static bool is_blank(const char *s, size_t b, size_t e)
{
	size_t i;

	for (i = b; i < e; i++) {
		// NOLINTNEXTLINE(clang-analyzer-core.uninitialized.ArraySubscript): within a line
		if (!isspace((unsigned char)s[i]))
			return false;
	}
	return true;
}

static int build_text(ctx *c, sb_error *err)
{
	size_t total = 1, i, o = 0, cap = 0, p;
	sb_doc *d = c->doc;

	for (i = 0; i < d->npages; i++)
		total += d->pages[i].len + 2;
	c->text = malloc(total);
	c->page_start = calloc(d->npages + 1, sizeof(*c->page_start));
	if (c->text == NULL || c->page_start == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < d->npages; i++) {
		c->page_start[i] = o;
		normalise_into(c->text, &o, d->pages[i].text, d->pages[i].len);
		c->text[o++] = '\n';
		c->text[o++] = '\n';
	}
	c->page_start[d->npages] = o;
	c->text[o] = '\0';
	c->len = o;

	/* Lines, each knowing its page. */
	p = 0;
	i = 0;
	while (i < c->len) {
		const char *nl = memchr(c->text + i, '\n', c->len - i);
		size_t e = nl != NULL ? (size_t)(nl - c->text) : c->len;

		if (c->nlines == cap) {
			size_t ncap = cap == 0 ? 256 : cap * 2;
			line *grown = realloc(c->lines, ncap * sizeof(*grown));

			if (grown == NULL)
				return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			c->lines = grown;
			cap = ncap;
		}
		while (p + 1 < d->npages && i >= c->page_start[p + 1])
			p++;
		c->lines[c->nlines].start = i;
		c->lines[c->nlines].end = e;
		c->lines[c->nlines].page = p;
		c->lines[c->nlines].blank = is_blank(c->text, i, e);
		c->nlines++;
		i = e + 1;
	}

	if (c->nlines == 0) { /* no pages: one empty line, so every index is valid */
		c->lines = calloc(1, sizeof(*c->lines));
		if (c->lines == NULL)
			return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		c->lines[0].blank = true;
		c->nlines = 1;
	}

	c->memo = malloc(c->nlines * sizeof(*c->memo));
	if (c->memo == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < c->nlines; i++) {
		c->memo[i].known = 0;
		c->memo[i].matched = 0;
		c->memo[i].role = -1;
	}

	/* The head: the first lines of page 1. */
	{
		size_t n = 0, end = 0;

		for (i = 0; i < c->nlines && c->lines[i].page == 0; i++) {
			if (c->lines[i].start > SB_HEAD_BYTES)
				break;
			end = c->lines[i].end;
			if (!c->lines[i].blank && ++n >= SB_HEAD_LINES)
				break;
		}
		c->head_end = end;
	}
	return SB_OK;
}

/* ------------------------------------------------------------------------ */
/* Matching.                                                                 */
/* ------------------------------------------------------------------------ */

/* Match re in s[0..len) from start; true on a match with its span in *b, *e.
 * A pattern that gives up (match limit) counts as no match and is reported
 * once as a warning: the rest of the document is still read. */
static bool match_in(ctx *c, const sb_regex *re, const char *s, size_t len, size_t start, size_t *b,
		     size_t *e)
{
	sb_error local;
	int rc;

	/* Every subject is the text or a part or copy of it, but a name may
	 * come from an e-mail header (is_person): ask unless it is the text. */
	rc = sb_regex_match(re, s, len, start, s == c->text ? c->ascii : sb_regex_is_ascii(s, len),
			    c->md, &local);
	if (rc < 0) {
		c->gave_up = true;
		return false;
	}
	if (rc == 0)
		return false;
	if (b != NULL && e != NULL)
		(void)sb_regex_group(c->md, 0, b, e);
	return true;
}

static bool match_text(ctx *c, const sb_regex *re, size_t start, size_t end, size_t *b, size_t *e)
{
	return match_in(c, re, c->text, end, start, b, e);
}

/* Group n of the last match, or false. */
static bool group(ctx *c, int n, size_t *b, size_t *e)
{
	return sb_regex_group(c->md, n, b, e);
}

static size_t next_start(const char *s, size_t len, size_t b, size_t e)
{
	if (e > b)
		return e;
	e = b + 1;
	while (e < len && ((unsigned char)s[e] & 0xC0) == 0x80)
		e++;
	return e;
}

/* Whether the pattern of anchor set `set` (KIND_SET, AREA_SET, PRO_SET) can
 * match: one of its table's words occurs, and one of its derived words.
 * (The folded text keeps every word a match holds, whatever its length.) */
static bool possible(const ctx *c, size_t set)
{
	return sb_anchors_possible(c->anchors, set) &&
	       sb_anchors_possible(c->anchors, DERIVED(set));
}

/* Match re in text[0..end) from start, the match starting at or before last. */
static bool match_window(ctx *c, const sb_regex *re, size_t start, size_t end, size_t last,
			 size_t *b, size_t *e)
{
	sb_error local;
	int rc;

	rc = sb_regex_match_window(re, c->text, end, start, last, c->ascii, c->wmc, c->md, &local);
	if (rc < 0) {
		c->gave_up = true;
		return false;
	}
	if (rc == 0)
		return false;
	(void)sb_regex_group(c->md, 0, b, e);
	return true;
}

/* What one more window costs, as bytes of text searched: a pcre2_match
 * call's own work. */
#define WINDOW_CALL_BYTES 48

/* The rough cost of searching the windows of anchor set `set` (as bytes);
 * SIZE_MAX when it has none. */
static size_t window_cost(const ctx *c, size_t set)
{
	size_t n = sb_anchors_count(c->anchors, set), r = c->ex->reach[set], bytes;

	if (n == SIZE_MAX || r > SB_ANCHOR_REACH)
		return SIZE_MAX;
	bytes = n * (r + 1);
	return (bytes < c->len ? bytes : c->len) + n * WINDOW_CALL_BYTES;
}

/*
 * The next match of the pattern of anchor set `set` (re) starting at or
 * after pos in text[0..end), as match_text would find it, but searched only
 * where it can start: within reach bytes before an occurrence of one of the
 * set's words (sb_anchor.h), the table's words or the derived ones,
 * whichever costs less here. Windows whose reaches touch, or nearly (a
 * call costs more than the few places between), are searched as one:
 * every place where a match can start is searched, in order, so the first
 * match found is the first match.
 */
static bool windowed_hit(ctx *c, size_t set, const sb_regex *re, size_t pos, size_t end,
			 size_t *b, size_t *e)
{
	const size_t *at;
	size_t n, k, lo, hi, reach, gap, cost = SIZE_MAX;

	if (c->windowed) {
		size_t derived = window_cost(c, DERIVED(set));

		cost = window_cost(c, set);
		if (derived < cost) {
			set = DERIVED(set);
			cost = derived;
		}
	}
	/* Windows all over the text cost more than one search of it. */
	if (cost >= c->len + WINDOW_CALL_BYTES ||
	    !sb_anchors_positions(c->anchors, set, &at, &n))
		return match_text(c, re, pos, end, b, e);
	reach = c->ex->reach[set];
	gap = reach > WINDOW_CALL_BYTES ? reach : WINDOW_CALL_BYTES;
	lo = 0;
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (at[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < n && at[k] < end; k++) {
		size_t from = at[k] > reach ? at[k] - reach : 0;
		size_t last = at[k];

		if (from < pos)
			from = pos;
		while (k + 1 < n && at[k + 1] < end && at[k + 1] <= last + 1 + gap)
			last = at[++k];
		if (match_window(c, re, from, end, last, b, e))
			return true;
	}
	return false;
}

static bool next_hit(ctx *c, size_t set, const sb_regex *re, size_t pos, size_t end, size_t *b,
		     size_t *e)
{
#ifdef SB_PREFILTER_VERIFY
	/* Checking builds (scripts/test --sanitize): the windows find exactly
	 * what a scan of the whole text finds, or SB_ANCHOR_REACH is too small
	 * for some pattern. */
	size_t vb = 0, ve = 0;
	bool full = match_text(c, re, pos, end, &vb, &ve);
	bool got = windowed_hit(c, set, re, pos, end, b, e);

	if (got != full || (got && (*b != vb || *e != ve)))
		abort();
	return got;
#else
	return windowed_hit(c, set, re, pos, end, b, e);
#endif
}

/* Hits of kind cue i in the text between start and end, at most max. */
static int count_hits(ctx *c, size_t i, size_t start, size_t end, int max)
{
	const sb_regex *re = &c->ex->kind[i];
	size_t pos = start, b, e;
	int n = 0;

	while (n < max && pos <= end && next_hit(c, KIND_SET(i), re, pos, end, &b, &e)) {
		n++;
		pos = next_start(c->text, end, b, e);
	}
	return n;
}

/* The index of the line holding byte offset off. */
static size_t line_of(const ctx *c, size_t off)
{
	size_t lo = 0, hi = c->nlines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->lines[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Whether line li stands as a title: first on its page, or after a blank
 * line or a short line (a letterhead's), and not long itself. */
static bool is_title_line(const ctx *c, size_t li)
{
	const line *l = &c->lines[li];
	const line *up;

	if (l->end - l->start > 100)
		return false;
	if (li == 0 || c->lines[li - 1].page != l->page)
		return true;
	up = &c->lines[li - 1];
	return up->blank || up->end - up->start < 60;
}

/* count_hits for a title pattern: only hits on title lines. */
static int count_title_hits(ctx *c, size_t i, size_t end, int max)
{
	const sb_regex *re = &c->ex->kind[i];
	size_t pos = 0, b, e;
	int n = 0;

	while (n < max && pos <= end && next_hit(c, KIND_SET(i), re, pos, end, &b, &e)) {
		if (is_title_line(c, line_of(c, b)))
			n++;
		pos = next_start(c->text, end, b, e);
	}
	return n;
}

/* Whether misc pattern misc may match in text[start..end) (false: it
 * cannot): one of the words each of its matches holds (MISC_SET) occurs
 * somewhere in the text. Checking builds run the pattern anyway. */
static bool misc_possible(ctx *c, int misc, size_t start, size_t end)
{
	bool maybe = sb_anchors_possible(c->anchors, MISC_SET(misc));

#ifdef SB_PREFILTER_VERIFY
	if (!maybe && match_text(c, &c->ex->misc[misc], start, end, NULL, NULL))
		abort();
#else
	(void)start;
	(void)end;
#endif
	return maybe;
}

static bool speech_context(ctx *c)
{
	if (c->speech < 0)
		c->speech =
		    misc_possible(c, SB_MISC_SPEECH_CONTEXT, 0, c->len) &&
		    match_text(c, &c->ex->misc[SB_MISC_SPEECH_CONTEXT], 0, c->len, NULL, NULL);
	return c->speech > 0;
}

/* ------------------------------------------------------------------------ */
/* Names and roles.                                                          */
/* ------------------------------------------------------------------------ */

/* ASCII lower case: what strncasecmp compares in the C locale, which the
 * library never changes. */
static char ascii_lower(char ch)
{
	return (char)((ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch);
}

static bool in_list(const char *const *list, const char *s, size_t n, bool fold)
{
	size_t i;
	char first;

	if (n == 0)
		return false; /* no entry is empty */
	first = (char)(fold ? ascii_lower(s[0]) : s[0]);
	for (i = 0; list[i] != NULL; i++) {
		/* The first byte first: most entries differ there already. */
		if ((fold ? ascii_lower(list[i][0]) : list[i][0]) != first || strlen(list[i]) != n)
			continue;
		if (fold ? strncasecmp(list[i], s, n) == 0 : strncmp(list[i], s, n) == 0)
			return true;
	}
	return false;
}

/* in_list, told at once for most words: no entry has s's first byte and
 * length (m, from list_mask_new). */
static bool in_masked(const list_mask m, const char *const *list, const char *s, size_t n,
		      bool fold)
{
	unsigned char first;

	if (n == 0)
		return false; /* no entry is empty */
	first = (unsigned char)(fold ? ascii_lower(s[0]) : s[0]);
	if (((m[first] >> (n < 15 ? n : 15)) & 1u) == 0) {
#ifdef SB_PREFILTER_VERIFY
		/* Checking builds: the list holds no such word. */
		if (in_list(list, s, n, fold))
			abort();
#endif
		return false;
	}
	return in_list(list, s, n, fold);
}

static bool is_upper_ascii(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z';
}

/* Letters as far as names go: ASCII letters, and any byte of a non-ASCII
 * character (Siân, Zoë, Łukasz) counted as a lower-case letter. */
static bool is_lowerish(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || ch >= 0x80;
}

typedef enum tok_kind { TOK_BAD, TOK_WORD, TOK_INITIAL, TOK_PARTICLE, TOK_POSTNOMINAL } tok_kind;

static tok_kind classify_token(const sb_extractor *ex, const char *t, size_t n,
			       bool all_caps_line)
{
	size_t i, upper = 0, lower = 0, other = 0;
	char buf[16];
	size_t m = 0;

	/* "(Hons)", "MSc,", "B.Sc." compared without brackets and dots. */
	for (i = 0; i < n && m + 1 < sizeof(buf); i++)
		if (t[i] != '(' && t[i] != ')' && t[i] != '.' && t[i] != ',')
			buf[m++] = t[i];
	buf[m] = '\0';
	if (m > 0 && in_masked(ex->post_mask, postnominals, buf, m, true) &&
	    !(all_caps_line && m > 3))
		return TOK_POSTNOMINAL;
	if (in_masked(ex->part_mask, particles, t, n, false))
		return TOK_PARTICLE;
	/* Initials: "J", "J.", "J.R.", "JR" (only two letters with no vowel pattern
	 * is still an initial pair when written with dots). */
	if (n <= 4 && is_upper_ascii((unsigned char)t[0])) {
		bool dotted = true;

		for (i = 0; i < n; i++) {
			bool want_letter = (i % 2) == 0;

			if (want_letter ? !is_upper_ascii((unsigned char)t[i]) : t[i] != '.')
				dotted = false;
		}
		if (n == 1 || dotted)
			return TOK_INITIAL;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)t[i];

		if (is_upper_ascii(ch))
			upper++;
		else if (is_lowerish(ch))
			lower++;
		else if (ch != '\'' && ch != '-')
			other++;
	}
	if (other > 0 || n < 2 || !is_upper_ascii((unsigned char)t[0]))
		return TOK_BAD;
	if (lower == 0)
		return all_caps_line ? TOK_WORD : TOK_POSTNOMINAL;
	/* Mixed case with two capitals is a degree (BSc, DEdPsych) unless it
	 * is a Mc/Mac/O'/hyphenated surname. */
	if (upper >= 2 && n <= 10 && strncmp(t, "Mc", 2) != 0 && strncmp(t, "Mac", 3) != 0 &&
	    memchr(t, '\'', n) == NULL && memchr(t, '-', n) == NULL)
		return TOK_POSTNOMINAL;
	return TOK_WORD;
}

/*
 * Whether word w[0..m) is a name stopword, from the word list read out of
 * SB_MISC_NAME_STOPWORD (stop_words_new): false when the list cannot answer
 * (no list, or a byte other than an ASCII letter or "-", where "$" before a
 * newline or caseless non-ASCII letters would need the pattern itself).
 */
static bool stop_word_lookup(const sb_extractor *ex, const char *w, size_t m, bool *is_stop)
{
	char low[STOPWORD_MAX];
	size_t i, lo = 0, hi = ex->nstop;

	if (ex->stop_words == NULL || m == 0 || m >= sizeof(low))
		return false;
	for (i = 0; i < m; i++) {
		char ch = w[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		else if (!((ch >= 'a' && ch <= 'z') || ch == '-'))
			return false;
		low[i] = ch;
	}
	low[m] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(ex->stop_words[mid], low);

		if (cmp == 0) {
			*is_stop = true;
			return true;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*is_stop = false;
	return true;
}

static bool is_stopword(ctx *c, const char *t, size_t n)
{
	char buf[STOPWORD_MAX];
	size_t i, m = 0;
	uint32_t h = 2166136261u;
	stopword_slot *slot = NULL;
	bool r;

	for (i = 0; i < n && m + 1 < sizeof(buf); i++)
		if (t[i] != '.' && t[i] != ',')
			buf[m++] = t[i];
	buf[m] = '\0';
	if (stop_word_lookup(c->ex, buf, m, &r)) {
#ifdef SB_PREFILTER_VERIFY
		/* Checking builds: the word list answers as the pattern does. */
		if (r != match_in(c, &c->ex->misc[SB_MISC_NAME_STOPWORD], buf, m, 0, NULL, NULL))
			abort();
#endif
		return r;
	}
	/* Names repeat through a document: the answer for a word is kept
	 * (the same pattern on the same bytes answers the same). */
	if (c->stopwords == NULL && m > 0)
		c->stopwords = calloc(STOPWORD_SLOTS, sizeof(*c->stopwords));
	if (c->stopwords != NULL && m > 0) {
		for (i = 0; i < m; i++)
			h = (h ^ (unsigned char)buf[i]) * 16777619u;
		for (i = 0; i < 8; i++) {
			stopword_slot *sl = &c->stopwords[(h + i) & (STOPWORD_SLOTS - 1)];

			if (sl->len == 0) {
				slot = sl;
				break;
			}
			if (sl->len == m && memcmp(sl->word, buf, m) == 0)
				return sl->is_stop;
		}
	}
	r = match_in(c, &c->ex->misc[SB_MISC_NAME_STOPWORD], buf, m, 0, NULL, NULL);
	if (slot != NULL) {
		slot->len = (uint8_t)m;
		slot->is_stop = r;
		memcpy(slot->word, buf, m);
	}
	return r;
}

/* Strip "Signed:", "Name:", "pp", "From:" and similar from the front. */
static const char *skip_name_prefix(const char *s, const char *e)
{
	static const char *const pre[] = {"signed:", "signed", "signature:",   "name:", "pp.",
					  "pp ",     "p.p.",   "from:",	       "by:",	"(signed)",
					  "author:", "-",      "\xe2\x80\x93", NULL};
	bool again = true;

	while (again) {
		size_t i;

		again = false;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		/* "(signed on the original)  Thomas Church" */
		if (s < e && *s == '(') {
			const char *close = memchr(s, ')', (size_t)(e - s));

			if (close != NULL && close + 1 < e) {
				s = close + 1;
				again = true;
				continue;
			}
		}
		/* The first byte first: a name starts with none of theirs. */
		if (s >= e)
			break;
		switch (ascii_lower(*s)) {
		case 's': case 'n': case 'p': case 'f': case 'b': case '(': case 'a': case '-':
		case '\xe2':
			break;
		default:
			continue; /* again is false: done */
		}
		for (i = 0; pre[i] != NULL; i++) {
			size_t n = strlen(pre[i]);

			if ((size_t)(e - s) >= n && strncasecmp(s, pre[i], n) == 0) {
				s += n;
				again = true;
				break;
			}
		}
	}
	return s;
}

/* Where a name ends and its title begins on one line: at a comma, a dash
 * between spaces, a bracket, a bar, two spaces (a right-aligned column). */
static const char *name_cut(const char *s, const char *e)
{
	const char *p;

	for (p = s; p < e; p++) {
		if (*p == ',' || *p == '(' || *p == '|' || *p == '\t' || *p == '<')
			return p;
		if (*p == ' ' && p + 1 < e && (p[1] == ' '))
			return p;
		if (*p == ' ' && p + 2 < e && (p[1] == '-') && p[2] == ' ')
			return p;
		if (*p == ' ' && p + 4 < e && (unsigned char)p[1] == 0xE2 &&
		    (unsigned char)p[2] == 0x80 &&
		    ((unsigned char)p[3] == 0x93 || (unsigned char)p[3] == 0x94))
			return p;
	}
	return e;
}

/*
 * A person's name in s..e (a line or part of one), as written: an optional
 * honorific, two to four name words or initials (one is enough after an
 * honorific), then only degrees and registrations. On success *out is a
 * new string ("Dr Amelia Hart") and *rest points after the name part (a
 * title may follow there: "Jane Smith, SENCo").
 */
static bool parse_name(ctx *c, const char *s, const char *e, char **out, const char **rest)
{
	const char *p, *cut, *name_end = NULL;
	size_t words = 0, names = 0, ntok = 0;
	bool honorific = false, post = false, all_caps = true, last_word = false, joined = false;
	const char *first = NULL;
	char *r;

	*out = NULL;
	s = skip_name_prefix(s, e);
	while (e > s && (e[-1] == ' ' || e[-1] == '.' || e[-1] == ':' || e[-1] == ';'))
		e--;
	cut = name_cut(s, e);
	if (cut == s || (size_t)(cut - s) > MAX_NAME_LEN)
		return false;
	for (p = s; p < cut; p++) {
		if (*p >= 'a' && *p <= 'z')
			all_caps = false;
		if (isdigit((unsigned char)*p) || *p == '@' || *p == ':' || *p == '/')
			return false;
	}
	p = s;
	while (p < cut) {
		const char *t = p;
		size_t n;
		tok_kind k;

		while (p < cut && *p != ' ')
			p++;
		n = (size_t)(p - t);
		while (p < cut && *p == ' ')
			p++;
		if (n == 0)
			continue;
		ntok++;
		if (ntok == 1 && in_masked(c->ex->hon_mask, honorifics, t, n, false)) {
			honorific = true;
			first = t;
			continue;
		}
		/* Two people of one family: "Kate and Daniel Morgan". */
		if ((n == 3 && strncmp(t, "and", 3) == 0) || (n == 1 && *t == '&')) {
			if (names == 0 || post || joined)
				return false;
			joined = true;
			last_word = false;
			continue;
		}
		k = classify_token(c->ex, t, n, all_caps);
		if (k == TOK_POSTNOMINAL && names > 0) {
			post = true;
			continue;
		}
		if (post || k == TOK_BAD || k == TOK_POSTNOMINAL)
			return false;
		if (k == TOK_WORD && is_stopword(c, t, n))
			return false;
		if (first == NULL)
			first = t;
		names++;
		if (k == TOK_WORD)
			words++;
		last_word = (k == TOK_WORD);
		name_end = t + n;
		if (names > 4)
			return false;
	}
	if (words == 0 || !last_word || (!honorific && names < 2))
		return false;
	r = malloc((size_t)(name_end - first) + 1);
	if (r == NULL)
		return false;
	memcpy(r, first, (size_t)(name_end - first));
	r[name_end - first] = '\0';
	*out = r;
	*rest = cut;
	return true;
}

/* \w and \W as PCRE2 reads ASCII text (with or without UCP). */
static bool is_word_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/*
 * Whether the part s[0..n) of the text begins and ends where a word does
 * (not inside one): then a pattern matched against the part alone sees
 * beside each word what the text has there, as far as the role titles'
 * marked words (sb_anchor_derive_edges) ask. A name's rest (parse_name
 * cuts at a comma or space) and a whole line always do.
 */
static bool part_on_word_edges(const ctx *c, const char *s, size_t n)
{
	const char *e = s + n, *end = c->text + c->len;

	if (s < c->text || e > end)
		return false;
	return (s == c->text || n == 0 || !is_word_byte((unsigned char)s[-1]) ||
		!is_word_byte((unsigned char)s[0])) &&
	       (e == end || n == 0 || !is_word_byte((unsigned char)e[-1]) ||
		!is_word_byte((unsigned char)e[0]));
}

/* Whether role title i may match in s[0..n), a part of the text: one of
 * its derived words (ROLE_SET) starts there (false: it cannot match). A
 * part cut inside a word may match where the text's words are marked out:
 * it is always tried. */
static bool role_possible(const ctx *c, size_t i, const char *s, size_t n)
{
	const size_t *at;
	size_t cnt, lo = 0, hi, off;

	if (!part_on_word_edges(c, s, n))
		return true;
	if (!sb_anchors_possible(c->anchors, ROLE_SET(i)))
		return false; /* its words are nowhere: presence needs no offsets */
	if (!c->windowed || !sb_anchors_positions(c->anchors, ROLE_SET(i), &at, &cnt))
		return true;
	off = (size_t)(s - c->text);
	hi = cnt;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (at[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cnt && at[lo] < off + n;
}

/*
 * c->role_line: the lines on which a derived word of some role title starts
 * (ROLE_SET). role_possible is false for every title on a part of a line
 * without one, so role_of answers SB_ROLE_NONE there. False when that
 * cannot be told (text not windowed, a title without words, out of memory):
 * any line may then hold a title.
 */
static bool role_lines_new(ctx *c)
{
	size_t i, k;

	if (c->role_lines != 0)
		return c->role_lines > 0;
	c->role_lines = -1;
	if (!c->windowed)
		return false;
	c->role_line = calloc(c->nlines, sizeof(*c->role_line));
	if (c->role_line == NULL)
		return false;
	for (i = 0; i < sb_role_titles_count; i++) {
		const size_t *at;
		size_t cnt;

		if (!sb_anchors_possible(c->anchors, ROLE_SET(i)))
			continue; /* its words are nowhere */
		if (!sb_anchors_positions(c->anchors, ROLE_SET(i), &at, &cnt))
			return false; /* no words (or no memory): it may match anywhere */
		for (k = 0; k < cnt; k++)
			c->role_line[line_of(c, at[k])] = true;
	}
	c->role_lines = 1;
	return true;
}

/* The role a title line names, or SB_ROLE_NONE. */
static sb_role role_of(ctx *c, const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MAX_ROLE_LINE)
		return SB_ROLE_NONE;
	for (i = 0; i < sb_role_titles_count; i++) {
		if (!role_possible(c, i, s, n)) {
#ifdef SB_PREFILTER_VERIFY
			/* Checking builds: a skipped title cannot match. */
			if (match_in(c, &c->ex->role[i], s, n, 0, NULL, NULL))
				abort();
#endif
			continue;
		}
		if (match_in(c, &c->ex->role[i], s, n, 0, NULL, NULL))
			return (sb_role)sb_role_titles[i].target;
	}
	return SB_ROLE_NONE;
}

/* role_of for the whole of line li, remembered. */
static sb_role role_of_line(ctx *c, size_t li)
{
	line_memo *m = &c->memo[li];

	if (m->role < 0)
		m->role = (int8_t)role_of(c, c->text + c->lines[li].start,
					  c->lines[li].end - c->lines[li].start);
	return (sb_role)m->role;
}

/* Longest line line_possible answers for: on a line this short a pattern
 * cannot reach its match limit, so skipping it changes no warning. */
#define LINE_FILTER_MAX 4096


/* Whether s[0..n) begins with one of words (lower case), ignoring case;
 * mask is words' list_mask: a first byte no word has is told at once. */
static bool starts_with_any(const char *s, size_t n, const char *const *words,
			    const list_mask mask)
{
	size_t i;

	if (n == 0 || mask[(unsigned char)ascii_lower(s[0])] == 0)
		return false; /* no word is empty */
	for (i = 0; words[i] != NULL; i++) {
		size_t m;

		if (words[i][0] != ascii_lower(s[0]))
			continue; /* the first byte first */
		m = strlen(words[i]);
		if (n >= m && strncasecmp(s, words[i], m) == 0)
			return true;
	}
	return false;
}

/* Where "^\W*" of a line of ASCII text s[0..n) ends: its first word byte. An
 * alternative that starts with a word byte starts there, as \W* cannot
 * hold one (and gives back only bytes that no such alternative takes). */
static size_t first_word_byte(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !is_word_byte((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * Whether SB_MISC_SIG_STOP may match on ASCII line s[0..n), read from the
 * pattern in sb_patterns.h: "@"; "https?://" (holds "://"); "www."; a
 * postcode, whose "(?-i:[A-Z]{1,2}\d" holds a capital followed by a digit;
 * or, after "^\W*", one of its words (cc, c.c., copy to, copies to, enc...,
 * tel..., phone, mob..., fax, e-mail, email, web, direct, ref, our ref,
 * p.s., ps, distribution, attachments).
 */
static bool sig_stop_possible(const sb_extractor *ex, const char *s, size_t n)
{
	size_t i, w = first_word_byte(s, n);
	const char *p, *end = s + n;

	if (starts_with_any(s + w, n - w, sig_stop_words, ex->sig_stop_mask))
		return true;
	/* An e-mail address, "://", "www." (memchr finds the rare bytes). */
	if (memchr(s, '@', n) != NULL)
		return true;
	for (p = s; (p = memchr(p, ':', (size_t)(end - p))) != NULL; p++)
		if (end - p > 2 && p[1] == '/' && p[2] == '/')
			return true;
	for (p = s + (n < 3 ? n : 3); (p = memchr(p, '.', (size_t)(end - p))) != NULL; p++)
		if (strncasecmp(p - 3, "www", 3) == 0)
			return true;
	/* A capital before a digit ("Tel. 01632", a postcode "B15 2TT"): at
	 * each digit, eight bytes of words skipped at a time. */
	for (i = sb_skip_digitless(s, n, 1); i < n; i = sb_skip_digitless(s, n, i + 1))
		if (s[i] >= '0' && s[i] <= '9' && s[i - 1] >= 'A' && s[i - 1] <= 'Z')
			return true;
	return false;
}

/*
 * Whether misc pattern misc may match on line li (false: it cannot), for the
 * patterns asked line by line, read from sb_patterns.h. Each answer needs
 * only bytes that every match holds, so a "false" is sure; checking builds
 * (SB_PREFILTER_VERIFY) run the pattern anyway and abort if it matches.
 * The word tests hold for ASCII lines, where \w, \W and caseless letters are
 * ASCII's; any other line is always matched.
 */
static bool line_possible(const ctx *c, int misc, size_t li)
{
	const sb_extractor *ex = c->ex;
	const char *s = c->text + c->lines[li].start;
	size_t n = c->lines[li].end - c->lines[li].start, w;

	if (n > LINE_FILTER_MAX)
		return true;
	/* Literal bytes every match holds, whatever the encoding. */
	if (misc == SB_MISC_SENDER_LINE)
		return memchr(s, '@', n) != NULL;
	if (!c->ascii && !sb_regex_is_ascii(s, n))
		return true;
	switch (misc) {
	case SB_MISC_SIG_STOP:
		return sig_stop_possible(ex, s, n);
	case SB_MISC_SALUTATION:
		w = first_word_byte(s, n);
		return starts_with_any(s + w, n - w, salutation_words, ex->salutation_mask);
	case SB_MISC_CLOSING:
		w = first_word_byte(s, n);
		return starts_with_any(s + w, n - w, closing_words, ex->closing_mask);
	case SB_MISC_REPLY_MARKER:
		for (w = 0; w < n && (s[w] == ' ' || s[w] == '\t' || s[w] == '>'); w++)
			;
		return starts_with_any(s + w, n - w, reply_words, ex->reply_mask);
	case SB_MISC_CHECKBOX: /* the boxes are not ASCII; else "\[\s?[xX]?\s?\]" */
		return memchr(s, '[', n) != NULL;
	default:
		return true;
	}
}

/* Whether misc pattern misc matches on line li, remembered (callers that
 * need the match's groups match again with match_text). */
static bool line_matches(ctx *c, int misc, size_t li)
{
	line_memo *m = &c->memo[li];
	uint32_t bit = (uint32_t)1 << misc;

	if ((m->known & bit) == 0) {
		if (!line_possible(c, misc, li)) {
#ifdef SB_PREFILTER_VERIFY
			/* Checking builds: the filter must never hide a match. */
			if (match_text(c, &c->ex->misc[misc], c->lines[li].start, c->lines[li].end,
				       NULL, NULL))
				abort();
#endif
		} else if (match_text(c, &c->ex->misc[misc], c->lines[li].start, c->lines[li].end,
				      NULL, NULL)) {
			m->matched |= bit;
		}
		m->known |= bit;
	}
	return (m->matched & bit) != 0;
}

/* An author found by one rule. */
typedef struct author {
	char *name;
	sb_role role;
} author;

static void author_clear(author *a)
{
	free(a->name);
	a->name = NULL;
	a->role = SB_ROLE_NONE;
}

/* A role from the title lines under line li (and rest, the part of the name
 * line after the name), looking at most max non-empty lines: the first
 * specific role wins; a general title ("Officer") is kept only when nothing
 * specific follows. Lines with a colon ("HCPC Reg: PYL04411") are not
 * titles; a blank line or a contact line ends the block. */
static sb_role roles_below(ctx *c, const char *rest, const char *rest_end, size_t li, size_t limit,
			   size_t max)
{
	/* A title after the name on its line is short ("Jane Smith, SENCo");
	 * a sentence after a comma is not one. */
	sb_role found =
	    rest_end - rest <= 60 ? role_of(c, rest, (size_t)(rest_end - rest)) : SB_ROLE_NONE;
	size_t j, seen = 0;

	if (found != SB_ROLE_NONE && found != SB_ROLE_OTHER)
		return found;
	for (j = li + 1; j < c->nlines && j < limit && seen < max; j++) {
		const line *l = &c->lines[j];
		sb_role r;

		if (l->blank) {
			if (seen > 0)
				break;
			continue;
		}
		seen++;
		if (line_matches(c, SB_MISC_SIG_STOP, j))
			break;
		if (memchr(c->text + l->start, ':', l->end - l->start) != NULL)
			continue;
		r = role_of_line(c, j);
		if (r != SB_ROLE_NONE && r != SB_ROLE_OTHER)
			return r;
		if (r == SB_ROLE_OTHER && found == SB_ROLE_NONE)
			found = r;
	}
	return found;
}

/* The signature after a closing phrase on line li. */
static bool signature_after(ctx *c, size_t li, size_t limit, author *a)
{
	size_t b, e, j, seen = 0;
	const line *l = &c->lines[li];

	/* Most lines are no closing: the filtered, remembered answer first. */
	if (!line_matches(c, SB_MISC_CLOSING, li) ||
	    !match_text(c, &c->ex->misc[SB_MISC_CLOSING], l->start, l->end, &b, &e))
		return false;
	/* "Signed: P. Okafor" on one line. */
	if (!is_blank(c->text, e, l->end)) {
		const char *rest;
		const char *word = c->text + b;

		while (!isalpha((unsigned char)*word))
			word++;
		if (strncasecmp(word, "signed", 6) != 0 && strncasecmp(word, "signature", 9) != 0)
			return false; /* "Thank you for your letter": not a closing */
		if (parse_name(c, c->text + e, c->text + l->end, &a->name, &rest)) {
			a->role = roles_below(c, rest, c->text + l->end, li, limit, TITLE_LINES);
			return true;
		}
		return false;
	}
	for (j = li + 1; j < c->nlines && j < limit && seen < SIGNATURE_LINES; j++) {
		const line *m = &c->lines[j];
		const char *rest;
		sb_role r;

		if (m->blank || line_matches(c, SB_MISC_SIG_SKIP, j))
			continue;
		seen++;
		if (line_matches(c, SB_MISC_SIG_STOP, j))
			break;
		if (parse_name(c, c->text + m->start, c->text + m->end, &a->name, &rest)) {
			a->role = roles_below(c, rest, c->text + m->end, j, limit, TITLE_LINES);
			return true;
		}
		r = role_of_line(c, j);
		if (r != SB_ROLE_NONE) {
			/* A team or a title with no name ("SEND Team"); a name
			 * may still follow ("Educational Psychologist" above
			 * is rare, "Jane" alone is common in e-mails). */
			a->role = r;
			return true;
		}
		if (seen >= 2)
			break;
	}
	return false;
}

/* The first closing between lines from and to that gives a signature. */
static bool find_signature(ctx *c, size_t from, size_t to, author *a)
{
	size_t i;

	for (i = from; i < to && i < c->nlines; i++) {
		if (c->lines[i].blank || c->lines[i].end - c->lines[i].start > 60)
			continue;
		if (signature_after(c, i, to, a))
			return true;
		author_clear(a);
	}
	return false;
}

/* "Report written by: Dr Amelia Hart, Senior Educational Psychologist". */
/*
 * Where SB_MISC_AUTHOR_LABEL may start a match in an ASCII text, read from
 * the pattern in sb_patterns.h: its first branch starts at a line's start
 * ("^[ \t]*") and goes on with one of its first words (an optional
 * "report", "assessment", "plan", "advice", "letter" or "this", then
 * written, prepared, compiled, completed, produced, authored, undertaken,
 * carried out, conducted, signed, issued, chaired, convened, kept,
 * recorded, by, author, report author, assessing or name); its second at a
 * "(" before kept, written, compiled or recorded. In an ASCII text "\n" is
 * the only newline (build_text turned the others into it or a space). Sets
 * c->label_starts (ascending; c->nlabel_starts); false when out of memory
 * or not an ASCII text: every place may start a match then.
 */
static bool author_label_starts(ctx *c)
{
	const sb_extractor *ex = c->ex;
	size_t i, n = 0, cap = 16;

	if (c->label_known)
		return c->label_starts != NULL;
	c->label_known = true;
	if (!c->ascii)
		return false;
	c->label_starts = malloc(cap * sizeof(*c->label_starts));
	if (c->label_starts == NULL)
		return false;
	/* Line starts and "(" in order: the next of each found with memchr. */
	i = 0;
	while (i < c->len) {
		const char *nl = memchr(c->text + i, '\n', c->len - i);
		size_t line_end = nl != NULL ? (size_t)(nl - c->text) : c->len;
		const char *br = memchr(c->text + i, '(', line_end - i);
		size_t p = i, at = i;
		bool start;

		/* Line i's start first, then each "(" on the line. */
		while (p < c->len && (c->text[p] == ' ' || c->text[p] == '\t'))
			p++;
		start = starts_with_any(c->text + p, c->len - p, label_words, ex->label_mask);
		while (true) {
			if (start) {
				if (n == cap) {
					size_t *grown =
					    realloc(c->label_starts, 2 * cap * sizeof(*grown));

					if (grown == NULL) {
						free(c->label_starts);
						c->label_starts = NULL;
						return false;
					}
					c->label_starts = grown;
					cap *= 2;
				}
				c->label_starts[n++] = at;
			}
			if (br == NULL)
				break;
			at = (size_t)(br - c->text);
			/* A "(" that starts its line counts as the line's start. */
			start = at > i && starts_with_any(c->text + at + 1, c->len - at - 1,
							  bracketed_words, ex->bracketed_mask);
			br = memchr(c->text + at + 1, '(', line_end - at - 1);
		}
		i = line_end + 1;
	}
	c->nlabel_starts = n;
	return true;
}
/* The next match of SB_MISC_AUTHOR_LABEL from pos, as match_text finds it,
 * tried only where it may start (author_label_starts), in order, each place
 * by itself. */
static bool author_label_match(ctx *c, size_t pos, size_t *b, size_t *e)
{
	const sb_regex *re = &c->ex->misc[SB_MISC_AUTHOR_LABEL];
	bool got = false;
	size_t k;

	if (!author_label_starts(c))
		return match_text(c, re, pos, c->len, b, e);
	for (k = 0; k < c->nlabel_starts && !got; k++)
		if (c->label_starts[k] >= pos)
			got = match_window(c, re, c->label_starts[k], c->len, c->label_starts[k],
					   b, e);
#ifdef SB_PREFILTER_VERIFY
	{
		/* Checking builds: the same match as a search of the text. */
		size_t vb = 0, ve = 0, gb = got ? *b : 0, ge = got ? *e : 0;

		if (match_text(c, re, pos, c->len, &vb, &ve) != got ||
		    (got && (vb != gb || ve != ge)))
			abort();
		if (got) /* the groups the caller reads: match where the search did */
			(void)match_window(c, re, gb, c->len, gb, b, e);
	}
#endif
	return got;
}

static bool find_author_label(ctx *c, author *a)
{
	size_t pos = 0, b, e;

	while (pos < c->len && author_label_match(c, pos, &b, &e)) {
		size_t vb, ve;
		const char *rest;
		size_t li = line_of(c, b);

		/* "Issued by" / "Hannah Cole, Mediation Adviser": the value may
		 * stand on the next line. */
		if (!group(c, 1, &vb, &ve)) {
			size_t j = li + 1;

			while (j < c->nlines && c->lines[j].blank && j < li + 3)
				j++;
			if (j < c->nlines && !c->lines[j].blank) {
				li = j;
				vb = c->lines[j].start;
				ve = c->lines[j].end;
			} else {
				vb = ve = 0;
			}
		}
		if (ve > vb && parse_name(c, c->text + vb, c->text + ve, &a->name, &rest)) {
			a->role = roles_below(c, rest, c->text + ve, li, c->nlines, TITLE_LINES);
			return true;
		}
		/* The title first: "Kept by Mum, Sarah Holt", "Written by the
		 * SENCo, Mrs A Patel". */
		if (ve > vb) {
			const char *comma = memchr(c->text + vb, ',', ve - vb);
			sb_role r = comma != NULL ? role_of(c, c->text + vb,
							    (size_t)(comma - (c->text + vb)))
						  : SB_ROLE_NONE;

			if (r != SB_ROLE_NONE &&
			    parse_name(c, comma + 1, c->text + ve, &a->name, &rest)) {
				a->role = r;
				return true;
			}
		}
		pos = next_start(c->text, c->len, b, e);
	}
	return false;
}

/* "SENCo: Mrs A Patel": the author of a school plan, a report's header
 * table. The SENCO's label wins over a class teacher's. */
static bool find_role_label(ctx *c, author *a)
{
	size_t pos = 0, b, e;
	author first = {NULL, SB_ROLE_NONE};

	while (pos < c->len &&
	       match_text(c, &c->ex->misc[SB_MISC_ROLE_LABEL], pos, c->len, &b, &e)) {
		size_t tb, te, vb, ve;
		const char *rest;
		char *name = NULL;

		pos = next_start(c->text, c->len, b, e);
		if (!group(c, 1, &tb, &te) || !group(c, 2, &vb, &ve))
			continue;
		if (!parse_name(c, c->text + vb, c->text + ve, &name, &rest))
			continue;
		{
			sb_role r = role_of(c, c->text + tb, te - tb);
			sb_role r2 = role_of(c, rest, (size_t)(c->text + ve - rest));

			if (r == SB_ROLE_NONE || r == SB_ROLE_OTHER)
				r = r2 != SB_ROLE_NONE ? r2 : r;
			if (r == SB_ROLE_SENCO) {
				author_clear(&first);
				a->name = name;
				a->role = r;
				return true;
			}
			if (first.name == NULL) {
				first.name = name;
				first.role = r;
				name = NULL;
			}
		}
		free(name);
	}
	*a = first;
	return a->name != NULL;
}

/* "Tribunal Judge Helen Marsh", "Judge R. Okoro  Date: ...". */
static bool find_judge(ctx *c, author *a)
{
	size_t pos = 0, b, e;

	while (pos < c->len &&
	       misc_possible(c, SB_MISC_JUDGE_LINE, pos, c->len) &&
	       match_text(c, &c->ex->misc[SB_MISC_JUDGE_LINE], pos, c->len, &b, &e)) {
		size_t tb, te, vb, ve;
		const char *rest, *s, *x, *p;

		pos = next_start(c->text, c->len, b, e);
		if (!group(c, 1, &tb, &te) || !group(c, 2, &vb, &ve))
			continue;
		/* The name ends where a date label or a second column begins. */
		s = c->text + vb;
		x = c->text + ve;
		for (p = s; p + 4 < x; p++)
			if (strncmp(p, " Date", 5) == 0) {
				x = p;
				break;
			}
		if (parse_name(c, s, x, &a->name, &rest)) {
			/* "Judge" is a judge; a registrar or caseworker of the
			 * tribunal is "other". */
			a->role = role_of(c, c->text + tb, te - tb);
			return true;
		}
	}
	return false;
}

/* Lines find_name_title_pair_in looks at: not blank, at most 80 bytes. */
static bool name_line(const ctx *c, size_t i)
{
	return !c->lines[i].blank && c->lines[i].end - c->lines[i].start <= 80;
}

/*
 * Whether roles_below(c, rest, end of line li, li, limit, 2) may find a role
 * (false: it surely gives SB_ROLE_NONE): a role title's word starts on line
 * li or on one of the lines below it that roles_below reads, found as it
 * finds them (it may stop sooner, never later).
 */
static bool title_possible(ctx *c, size_t li, size_t limit)
{
	size_t j, seen = 0;

	if (!role_lines_new(c) || c->role_line[li])
		return true;
	for (j = li + 1; j < c->nlines && j < limit && seen < 2; j++) {
		if (c->lines[j].blank) {
			if (seen > 0)
				break;
			continue;
		}
		seen++;
		if (c->role_line[j])
			return true;
	}
	return false;
}

/* Whether line li is in a "cc" block: one of the five lines above it (from
 * start on) that find_name_title_pair_in looks at opens one. */
static bool in_cc_block(ctx *c, size_t start, size_t li)
{
	size_t k;

	for (k = li > start + 5 ? li - 5 : start; k < li; k++)
		if (name_line(c, k) && line_matches(c, SB_MISC_SIG_STOP, k))
			return true;
	return false;
}

/* A name line with a professional title on the next line (or after a comma),
 * outside a letter's address block and outside "cc" lists. The last such
 * pair in the final part of the document (a report's signature) wins, else
 * the first.
 *
 * Most lines of a text have no role title's word on them or the two lines
 * below (title_possible): roles_below would find no role there, so the name
 * is not read, and whether a "cc" line above closes the line off
 * (in_cc_block, the same as the loop's cc_until) is asked only of the
 * others. */
static bool find_name_title_pair_in(ctx *c, size_t start, size_t to, author *a)
{
	size_t i;
	author first = {NULL, SB_ROLE_NONE}, last = {NULL, SB_ROLE_NONE};
	size_t last_line = 0;

	for (i = start; i < to && i < c->nlines; i++) {
		const line *l = &c->lines[i];
		const char *rest;
		char *name = NULL;
		sb_role r;

		if (!name_line(c, i))
			continue;
		if (!title_possible(c, i, to)) {
#ifdef SB_PREFILTER_VERIFY
			/* Checking builds: no role would be found under the name. */
			if (parse_name(c, c->text + l->start, c->text + l->end, &name, &rest)) {
				free(name);
				r = roles_below(c, rest, c->text + l->end, i, to, 2);
				if (r != SB_ROLE_NONE)
					abort();
			}
#endif
			continue;
		}
		if (line_matches(c, SB_MISC_SIG_STOP, i) || in_cc_block(c, start, i))
			continue;
		if (!parse_name(c, c->text + l->start, c->text + l->end, &name, &rest))
			continue;
		r = roles_below(c, rest, c->text + l->end, i, to, 2);
		if (r == SB_ROLE_NONE) {
			free(name);
			continue;
		}
		/* A general title ("Mediator", "Officer") only signs at the end. */
		if (r == SB_ROLE_OTHER && c->lines[i].start * 100 < c->len * 65) {
			free(name);
			continue;
		}
		if (first.name == NULL && r != SB_ROLE_OTHER) {
			first.name = name;
			first.role = r;
		} else {
			author_clear(&last);
			last.name = name;
			last.role = r;
			last_line = i;
		}
	}
	if (last.name != NULL && c->lines[last_line].start * 100 >= c->len * 65 &&
	    (last.role != SB_ROLE_OTHER || first.name == NULL)) {
		author_clear(&first);
		*a = last;
		return true;
	}
	author_clear(&last);
	*a = first;
	return a->name != NULL;
}

/* An e-mail address's sender: "Jane Whitfield <j.whitfield@x.gov.uk>",
 * "\"Whitfield, Jane\" <...>", or the address alone ("jane.whitfield@..."
 * gives "Jane Whitfield"). Role from the domain, as a last resort. */
static char *name_from_address(const char *s, size_t n, sb_role *domain_role)
{
	const char *lt = memchr(s, '<', n), *at, *p, *e = s + n;
	char *out = NULL;
	size_t i, m = 0;

	*domain_role = SB_ROLE_NONE;
	at = memchr(s, '@', n);
	if (at != NULL) {
		const char *d = at + 1, *de = d;
		char dom[128];
		size_t dl;

		while (de < e && *de != '>' && *de != ' ' && *de != '"')
			de++;
		dl = (size_t)(de - d) < sizeof(dom) - 1 ? (size_t)(de - d) : sizeof(dom) - 1;
		for (i = 0; i < dl; i++)
			dom[i] = (char)tolower((unsigned char)d[i]);
		dom[dl] = '\0';
		/* Councils write from gov.uk (but courts from justice.gov.uk),
		 * schools from sch.uk. A guess: a signature's title wins. */
		if (strstr(dom, "justice.gov.uk") != NULL || strstr(dom, "hmcts") != NULL)
			*domain_role = SB_ROLE_OTHER;
		else if (strstr(dom, ".gov.uk") != NULL)
			*domain_role = SB_ROLE_LA_OFFICER;
		else if (strstr(dom, ".sch.uk") != NULL)
			*domain_role = SB_ROLE_TEACHER;
	}
	/* The display name before "<". */
	if (lt != NULL) {
		const char *b = s, *x = lt;

		while (b < x && (*b == ' ' || *b == '"' || *b == '\''))
			b++;
		while (x > b && (x[-1] == ' ' || x[-1] == '"' || x[-1] == '\''))
			x--;
		if (x > b && memchr(b, '@', (size_t)(x - b)) == NULL) {
			const char *comma = memchr(b, ',', (size_t)(x - b));

			out = malloc((size_t)(x - b) + 2);
			if (out == NULL)
				return NULL;
			if (comma != NULL) { /* "Whitfield, Jane" -> "Jane Whitfield" */
				const char *f = comma + 1;

				while (f < x && *f == ' ')
					f++;
				memcpy(out, f, (size_t)(x - f));
				m = (size_t)(x - f);
				out[m++] = ' ';
				memcpy(out + m, b, (size_t)(comma - b));
				m += (size_t)(comma - b);
			} else {
				memcpy(out, b, (size_t)(x - b));
				m = (size_t)(x - b);
			}
			out[m] = '\0';
			return out;
		}
	}
	if (at == NULL) {
		/* "Brown, Tom" or "Tom Brown" with no address (Outlook prints
		 * people in the same organisation so). */
		const char *b = s, *x = e, *comma;

		while (b < x && (*b == ' ' || *b == '"'))
			b++;
		while (x > b && (x[-1] == ' ' || x[-1] == '"'))
			x--;
		if (x <= b || (size_t)(x - b) > MAX_NAME_LEN)
			return NULL;
		comma = memchr(b, ',', (size_t)(x - b));
		out = malloc((size_t)(x - b) + 2);
		if (out == NULL)
			return NULL;
		if (comma != NULL) {
			const char *f = comma + 1;

			while (f < x && *f == ' ')
				f++;
			m = (size_t)(x - f);
			memcpy(out, f, m);
			out[m++] = ' ';
			memcpy(out + m, b, (size_t)(comma - b));
			m += (size_t)(comma - b);
		} else {
			m = (size_t)(x - b);
			memcpy(out, b, m);
		}
		out[m] = '\0';
		return out;
	}
	/* "jane.whitfield@" -> "Jane Whitfield"; anything else stays unknown. */
	p = at;
	while (p > s && p[-1] != ' ' && p[-1] != '<' && p[-1] != '"')
		p--;
	{
		size_t ln = (size_t)(at - p), dots = 0;

		for (i = 0; i < ln; i++) {
			if (p[i] == '.' || p[i] == '_')
				dots++;
			else if (!isalpha((unsigned char)p[i]))
				return NULL;
		}
		if (dots != 1 || ln < 4 || p[0] == '.' || p[ln - 1] == '.' || p[ln - 1] == '_')
			return NULL;
		out = malloc(ln + 1);
		if (out == NULL)
			return NULL;
		for (i = 0; i < ln; i++) {
			char ch = p[i];

			if (ch == '.' || ch == '_')
				out[i] = ' ';
			else if (i == 0 || p[i - 1] == '.' || p[i - 1] == '_')
				out[i] = (char)toupper((unsigned char)ch);
			else
				out[i] = (char)tolower((unsigned char)ch);
		}
		out[ln] = '\0';
		if (strlen(out) < 4 || out[1] == ' ') { /* "j.whitfield": an initial only */
			free(out);
			return NULL;
		}
	}
	return out;
}

/* ------------------------------------------------------------------------ */
/* E-mails printed to PDF or text: "From:", "Sent:", "To:", "Subject:".      */
/* ------------------------------------------------------------------------ */

/* Whether SB_MISC_EMAIL_HEADER may match on line l: "name[ \t]*:" needs a
 * colon (checking builds run the pattern anyway). */
static bool header_possible(ctx *c, const line *l)
{
	bool maybe = memchr(c->text + l->start, ':', l->end - l->start) != NULL;

#ifdef SB_PREFILTER_VERIFY
	if (!maybe &&
	    match_text(c, &c->ex->misc[SB_MISC_EMAIL_HEADER], l->start, l->end, NULL, NULL))
		abort();
#endif
	return maybe;
}

static void find_email_block(ctx *c)
{
	size_t i, seen = 0;
	unsigned names = 0;
	bool from = false;

	for (i = 0; i < c->nlines && c->lines[i].page == 0 && seen < EMAIL_HEADER_LINES; i++) {
		size_t b, e, nb, ne, vb, ve;
		const line *l = &c->lines[i];

		/* The block ends at its first blank line: the header lines of a
		 * quoted message further down (an Outlook reply chain) are not
		 * this message's. */
		if (l->blank) {
			if (c->has_hdr_block)
				break;
			continue;
		}
		seen++;
		if (!header_possible(c, l) ||
		    !match_text(c, &c->ex->misc[SB_MISC_EMAIL_HEADER], l->start, l->end, &b, &e))
			continue;
		if (!group(c, 1, &nb, &ne) || !group(c, 2, &vb, &ve))
			continue;
		if (!c->has_hdr_block)
			c->hdr_first = i;
		c->has_hdr_block = true;
		c->hdr_last = i;
		switch (tolower((unsigned char)c->text[nb])) {
		case 'f':
			if (!from) {
				from = true;
				c->from = c->text + vb;
				c->from_len = ve - vb;
			}
			names |= 1u;
			break;
		case 't':
			names |= 2u;
			break;
		case 's':
			names |= (ne - nb == 4) ? 4u : 8u; /* Sent or Subject */
			break;
		case 'd':
			names |= 4u;
			break;
		default:
			break;
		}
	}
	/* A From line and at least two of To, Sent/Date, Subject. */
	if (from && ((names & 2u) != 0) + ((names & 4u) != 0) + ((names & 8u) != 0) >= 2) {
		c->is_email = true;
		return;
	}
	c->has_hdr_block = false;
	/* A Gmail print: "Name <address>   date" with "To:" under it. */
	for (i = 0, seen = 0; i < c->nlines && c->lines[i].page == 0 && seen < EMAIL_HEADER_LINES;
	     i++) {
		size_t b, e, vb, ve, j;

		if (c->lines[i].blank)
			continue;
		seen++;
		if (!line_matches(c, SB_MISC_SENDER_LINE, i))
			continue;
		(void)match_text(c, &c->ex->misc[SB_MISC_SENDER_LINE], c->lines[i].start,
				 c->lines[i].end, &b, &e);
		if (!group(c, 1, &vb, &ve))
			continue;
		for (j = i + 1; j < c->nlines && j < i + 3; j++) {
			size_t nb, ne;

			if (c->lines[j].blank)
				continue;
			if (header_possible(c, &c->lines[j]) &&
			    match_text(c, &c->ex->misc[SB_MISC_EMAIL_HEADER], c->lines[j].start,
				       c->lines[j].end, &b, &e) &&
			    group(c, 1, &nb, &ne) && tolower((unsigned char)c->text[nb]) == 't') {
				c->is_email = true;
				c->has_hdr_block = true;
				c->hdr_first = i;
				c->hdr_last = j;
				c->from = c->text + vb;
				c->from_len = ve - vb;
				return;
			}
			break;
		}
	}
}

/* Where the e-mail's own text ends: a reply marker, or a second header
 * block ("From: ..." of the quoted message). */
static void find_own_end(ctx *c)
{
	size_t i = c->has_hdr_block ? c->hdr_last + 1 : 0;

	c->own_end = c->nlines;
	c->own_b = 0;
	c->own_e = c->len;
	if (!c->is_email)
		return;
	if (c->has_hdr_block && i < c->nlines)
		c->own_b = c->lines[i].start;
	for (; i < c->nlines; i++) {
		size_t b, e, nb, ne;
		const line *l = &c->lines[i];

		if (l->blank)
			continue;
		if (line_matches(c, SB_MISC_REPLY_MARKER, i) ||
		    line_matches(c, SB_MISC_SENDER_LINE, i) ||
		    (header_possible(c, l) &&
		     match_text(c, &c->ex->misc[SB_MISC_EMAIL_HEADER], l->start, l->end, &b, &e) &&
		     group(c, 1, &nb, &ne) && tolower((unsigned char)c->text[nb]) == 'f')) {
			c->own_end = i;
			c->own_e = l->start;
			return;
		}
	}
}

static void find_salutation(ctx *c)
{
	size_t i;

	for (i = 0; i < c->nlines && !c->has_closing; i++)
		if (!c->lines[i].blank && c->lines[i].end - c->lines[i].start < 40 &&
		    line_matches(c, SB_MISC_CLOSING, i))
			c->has_closing = true;
	for (i = 0; i < c->nlines; i++) {
		if (c->lines[i].blank || c->lines[i].end - c->lines[i].start > 120)
			continue;
		if (line_matches(c, SB_MISC_SALUTATION, i)) {
			size_t j;

			c->has_salutation = true;
			c->salutation_line = i;
			c->salutation_page = c->lines[i].page;
			for (j = i; j > 0 && c->lines[j - 1].page == c->lines[i].page; j--)
				if (!c->lines[j - 1].blank)
					c->salutation_nb++;
			return;
		}
	}
}

/* ------------------------------------------------------------------------ */
/* Facts.                                                                    */
/* ------------------------------------------------------------------------ */

/* Whether two names end with the same word ("Dr Amelia Hart", "A. Hart"). */
static bool same_surname(const char *a, const char *b)
{
	const char *sa = strrchr(a, ' '), *sb = strrchr(b, ' ');

	sa = sa != NULL ? sa + 1 : a;
	sb = sb != NULL ? sb + 1 : b;
	return strcasecmp(sa, sb) == 0;
}

static bool find_name_title_pair(ctx *c, author *a)
{
	return find_name_title_pair_in(c, c->has_salutation ? c->salutation_line + 1 : 0, c->nlines,
				       a);
}

/* Whether s reads as a person's name. */
static bool is_person(ctx *c, const char *s)
{
	char *name = NULL;
	const char *rest;
	bool ok = parse_name(c, s, s + strlen(s), &name, &rest);

	free(name);
	return ok;
}

static bool find_signature_all(ctx *c, author *a)
{
	return find_signature(c, 0, c->nlines, a);
}

/* Keep the more specific of two roles: a title beats "other", "other"
 * beats nothing. */
static sb_role better_role(sb_role have, sb_role found)
{
	if (found == SB_ROLE_NONE)
		return have;
	if (have == SB_ROLE_NONE || (have == SB_ROLE_OTHER && found != SB_ROLE_OTHER))
		return found;
	return have;
}

static void find_author(ctx *c, sb_facts *f)
{
	author a = {NULL, SB_ROLE_NONE};
	sb_role domain_role = SB_ROLE_NONE;
	sb_role role = SB_ROLE_NONE;
	char *name = NULL;
	const char *from = c->doc->email_from != NULL ? c->doc->email_from : c->from;
	size_t from_len = c->doc->email_from != NULL ? strlen(c->doc->email_from) : c->from_len;

	if (c->is_email && from != NULL) {
		size_t body = c->has_hdr_block ? c->hdr_last + 1 : 0;

		name = name_from_address(from, from_len, &domain_role);
		if (find_signature(c, body, c->own_end, &a)) {
			role = a.role;
			/* A team mailbox ("SEND Casework") is not a person: the
			 * signature names who wrote. */
			if (a.name != NULL && (name == NULL || !is_person(c, name))) {
				free(name);
				name = a.name;
				a.name = NULL;
			}
		} else if (find_name_title_pair_in(c, body, c->own_end, &a)) {
			/* No closing phrase: a name over a title ends the message. */
			role = a.role;
			if (name == NULL || !is_person(c, name)) {
				free(name);
				name = a.name;
				a.name = NULL;
			}
		}
		author_clear(&a);
	} else {
		/* In order of trust: a label that says who wrote it, a judge's
		 * line, a signature under a closing, a name over a title, a
		 * "SENCo: name" label. A rule that finds only a role lends it
		 * to the name a later rule finds. */
		bool (*const rules[])(ctx *, author *) = {find_author_label, find_judge,
							  find_signature_all, find_name_title_pair,
							  find_role_label};
		size_t i;

		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
			if (rules[i](c, &a)) {
				if (name == NULL) {
					name = a.name;
					a.name = NULL;
					role = better_role(role, a.role);
				} else if (a.name == NULL || same_surname(name, a.name)) {
					/* The same person found again, with a title:
					 * "Report by: Helen Baptiste BSc" ... "Helen
					 * Baptiste / Educational Psychologist". */
					role = better_role(role, a.role);
				}
			}
			author_clear(&a);
			if (name != NULL && role != SB_ROLE_NONE && role != SB_ROLE_OTHER)
				break;
			/* Signed by a team ("SEND Team"): no person to find. */
			if (name == NULL && role != SB_ROLE_NONE && rules[i] == find_signature_all)
				break;
		}
	}
	/* No title: in a letter or an e-mail, the writer's voice says who
	 * writes ("my son", "we act for"). */
	if (role == SB_ROLE_NONE && (c->is_email || c->has_salutation)) {
		if (misc_possible(c, SB_MISC_PARENT_VOICE, c->own_b, c->own_e) &&
		    match_text(c, &c->ex->misc[SB_MISC_PARENT_VOICE], c->own_b, c->own_e, NULL,
			       NULL))
			role = SB_ROLE_PARENT;
		else if (misc_possible(c, SB_MISC_SOLICITOR_VOICE, c->own_b, c->own_e) &&
			 match_text(c, &c->ex->misc[SB_MISC_SOLICITOR_VOICE], c->own_b, c->own_e,
				    NULL, NULL))
			role = SB_ROLE_SOLICITOR;
	}
	if (role == SB_ROLE_NONE)
		role = domain_role;
	f->author = name;
	f->author_role = role;
}

static void find_professionals(ctx *c, sb_facts *f)
{
	size_t i;

	for (i = 0; i < sb_professional_patterns_count; i++) {
		const sb_pattern *p = &sb_professional_patterns[i];
		unsigned bit = 1u << p->target;

		size_t b, e;

		if ((f->professionals & bit) != 0)
			continue;
		if (!possible(c, PRO_SET(i))) {
#ifdef SB_PREFILTER_VERIFY
			/* Checking builds: a skipped pattern has no match. */
			if (match_text(c, &c->ex->pro[i], 0, c->len, NULL, NULL))
				abort();
#endif
			continue;
		}
		if (!next_hit(c, PRO_SET(i), &c->ex->pro[i], 0, c->len, &b, &e))
			continue;
		if ((p->flags & SB_PAT_NEEDS_SPEECH) != 0 && !speech_context(c))
			continue;
		f->professionals |= bit;
	}
}

/* Letters on line li that are not part of any area-heading term: a line that
 * is only "Communication and Interaction" (a template's heading) has none. */
static size_t letters_besides_headings(ctx *c, size_t li)
{
	const line *l = &c->lines[li];
	size_t i, letters = 0, in_heads = 0;

	for (i = l->start; i < l->end; i++)
		if (isalpha((unsigned char)c->text[i]))
			letters++;
	for (i = 0; i < sb_area_patterns_count; i++) {
		size_t pos = l->start, b, e, k;

		if ((sb_area_patterns[i].flags & SB_PAT_HEADING_TERM) == 0 ||
		    !possible(c, AREA_SET(i)))
			continue;
		while (pos < l->end &&
		       next_hit(c, AREA_SET(i), &c->ex->area[i], pos, l->end, &b, &e)) {
			for (k = b; k < e; k++)
				if (isalpha((unsigned char)c->text[k]))
					in_heads++;
			pos = next_start(c->text, l->end, b, e);
		}
	}
	return letters > in_heads ? letters - in_heads : 0;
}

/* Whether an area-heading term on line li stands in a sentence: the line
 * has other words, or it carries on a sentence from the line above (text
 * wrapped in a paragraph). */
static bool in_sentence(ctx *c, size_t li)
{
	size_t other = letters_besides_headings(c, li);

	if (other >= 10)
		return true;
	if (li > 0 && !c->lines[li - 1].blank) {
		const line *up = &c->lines[li - 1];
		const line *here = &c->lines[li];
		size_t e = up->end, h = here->end;
		bool wrapped;

		while (e > up->start && isspace((unsigned char)c->text[e - 1]))
			e--;
		while (h > here->start && isspace((unsigned char)c->text[h - 1]))
			h--;
		wrapped = e > up->start && strchr(".:!?", c->text[e - 1]) == NULL &&
			  e - up->start > 40;
		/* A paragraph wrapped just before the term ("...difficulties in
		 * cognition and learning and in" / "communication and
		 * interaction.") ends like a sentence; a heading does not. */
		if (wrapped && (other >= 3 || (h > here->start &&
					       strchr(".,;", c->text[h - 1]) != NULL)))
			return true;
	}
	return false;
}

static void find_areas(ctx *c, sb_facts *f)
{
	size_t i;

	for (i = 0; i < sb_area_patterns_count; i++) {
		const sb_pattern *p = &sb_area_patterns[i];
		unsigned bit = 1u << p->target;
		size_t pos = 0, b, e;

		if ((f->areas & bit) != 0 || !possible(c, AREA_SET(i)))
			continue;
		while (pos < c->len &&
		       next_hit(c, AREA_SET(i), &c->ex->area[i], pos, c->len, &b, &e)) {
			size_t li = line_of(c, b);

			/* A heading term counts inside a sentence about the child
			 * ("Primary area of need: communication and
			 * interaction"), not as a bare heading; on a line of tick
			 * boxes only the ticked option counts. */
			if (((p->flags & SB_PAT_HEADING_TERM) == 0 || in_sentence(c, li)) &&
			    (!line_matches(c, SB_MISC_CHECKBOX, li) ||
			     match_text(c, &c->ex->misc[SB_MISC_TICKED], c->lines[li].start, b,
					NULL, NULL))) {
				f->areas |= bit;
				break;
			}
			pos = next_start(c->text, c->len, b, e);
		}
	}
}

/* Points that a kind gets besides its cues (structural cues): an e-mail is
 * correspondence, the author's profession leans towards the kind that
 * profession writes. */
static void kind_bonus(const ctx *c, const sb_facts *f, bool letter_shaped,
		       int bonus[SB_KIND_COUNT])
{
	memset(bonus, 0, SB_KIND_COUNT * sizeof(*bonus));
	if (c->is_email)
		bonus[SB_KIND_CORRESPONDENCE] += SB_KIND_EMAIL_WEIGHT;
	switch (f->author_role) {
	case SB_ROLE_EP:
	case SB_ROLE_SALT:
	case SB_ROLE_OT:
	case SB_ROLE_CAMHS:
	case SB_ROLE_PAEDIATRICIAN:
	case SB_ROLE_PHYSIOTHERAPIST:
		bonus[SB_KIND_PROFESSIONAL_REPORT] += SB_KIND_CLINICIAN_WEIGHT;
		break;
	case SB_ROLE_LA_OFFICER:
		bonus[SB_KIND_LA_DECISION] += SB_KIND_LA_OFFICER_WEIGHT;
		break;
	case SB_ROLE_TRIBUNAL_JUDGE:
		bonus[SB_KIND_TRIBUNAL_DOCUMENT] += SB_KIND_JUDGE_WEIGHT;
		break;
	/* A parent's or a solicitor's letter or e-mail is correspondence; a
	 * parent's diary or statement of views, with no letter shape, is not. */
	case SB_ROLE_PARENT:
		if (letter_shaped)
			bonus[SB_KIND_CORRESPONDENCE] += SB_KIND_PARENT_WEIGHT;
		break;
	case SB_ROLE_SOLICITOR:
		if (letter_shaped)
			bonus[SB_KIND_CORRESPONDENCE] += SB_KIND_SOLICITOR_WEIGHT;
		break;
	case SB_ROLE_SENCO:
	case SB_ROLE_TEACHER:
		bonus[SB_KIND_SCHOOL_PLAN] += SB_KIND_SCHOOL_STAFF_WEIGHT;
		break;
	default:
		break;
	}
}

/* Hits of kind cue i, at most its max_hits (0 when its words are absent). */
static int kind_hits(ctx *c, size_t i)
{
	const sb_pattern *p = &sb_kind_cues[i];
	size_t end = (p->flags & SB_PAT_HEAD) != 0 ? c->head_end : c->len;
	int max = p->max_hits > 0 ? p->max_hits : 1;

	if (possible(c, KIND_SET(i)))
		return (p->flags & SB_PAT_TITLE) != 0 ? count_title_hits(c, i, end, max)
						      : count_hits(c, i, 0, end, max);
#ifdef SB_PREFILTER_VERIFY
	/* Checking builds (scripts/test --sanitize): a pattern the word
	 * prefilter skipped must really have no match, or results changed. */
	if (match_text(c, &c->ex->kind[i], 0, c->len, NULL, NULL))
		abort();
#endif
	return 0;
}

_Static_assert(SB_KIND_MIN_SCORE > 0, "kind_bound: OTHER's 0 never beats a kind that counts");

/* What is known of one kind's score while its cues are read (find_kind). */
typedef struct kind_bound {
	int lo, hi;	   /* the cues' points so far plus the least and most to come */
	int decisive_left; /* decisive cues not read yet */
	bool gated;	   /* has decisive cues (SB_PAT_DECISIVE) */
	bool decided;	   /* one of them hit */
} kind_bound;

/* The least and most kind k can score in the end: its cues' range, zero
 * when gated and undecided, halved as find_kind halves it, plus bonus. */
static void kind_range(const kind_bound *b, bool halve, int bonus, int *lo, int *hi)
{
	int l = b->lo, h = b->hi;

	if (b->gated && !b->decided) {
		if (b->decisive_left == 0) {
			l = h = 0;
		} else { /* 0 if none of the rest hits, else the cues' range */
			l = l < 0 ? l : 0;
			h = h > 0 ? h : 0;
		}
	}
	if (halve) { /* x / 2 only grows with x */
		l /= 2;
		h /= 2;
	}
	*lo = l + bonus;
	*hi = h + bonus;
}

/*
 * Whether kind k can no longer be find_kind's answer, whatever the cues not
 * read yet find: another kind j surely scores more (or as much, j coming
 * first: the first best wins), or k cannot reach SB_KIND_MIN_SCORE (then it
 * is the answer only as "other", which a kind that counts beats anyway).
 */
static bool kind_out(const int lo[SB_KIND_COUNT], const int hi[SB_KIND_COUNT], size_t k)
{
	size_t j;

	if (hi[k] < SB_KIND_MIN_SCORE)
		return true;
	for (j = 0; j < SB_KIND_COUNT; j++)
		if (j != k && (lo[j] > hi[k] || (lo[j] == hi[k] && j < k)))
			return true;
	return false;
}

/* Read kind cue i: its hits into hits[i], and its kind's range narrowed. */
static void kind_read(ctx *c, kind_bound *kb, size_t i, int *hits, bool *read)
{
	const sb_pattern *p = &sb_kind_cues[i];
	int most = p->weight * (p->max_hits > 0 ? p->max_hits : 1);
	kind_bound *b = &kb[p->target];

	hits[i] = kind_hits(c, i);
	read[i] = true;
	b->lo += p->weight * hits[i] - (most < 0 ? most : 0);
	b->hi += p->weight * hits[i] - (most > 0 ? most : 0);
	if ((p->flags & SB_PAT_DECISIVE) != 0) {
		b->decisive_left--;
		if (hits[i] > 0)
			b->decided = true;
	}
}

/*
 * The document's kind: a weighted score over the kind cues (sb_kind_cues),
 * the best score winning from SB_KIND_MIN_SCORE up. Why not every cue is
 * read: the answer is often settled early. Each kind's score is kept as a
 * range (kind_bound); a cue of a kind that can no longer win (kind_out) is
 * not run, since no value of that kind's score changes the answer (a kind
 * that can no longer win never wins again, as the ranges only narrow). The
 * cues run in ex->kind_order: those whose words are absent cost nothing,
 * then the decisive ones (a kind with none of them scores 0, so its other
 * cues need not run), then the heaviest. Every cue of a kind that can
 * still win is read, so the answer is the one a reading of every cue
 * gives; checking builds read them all and compare.
 */
static void find_kind(ctx *c, sb_facts *f)
{
	kind_bound kb[SB_KIND_COUNT];
	int bonus[SB_KIND_COUNT], lo[SB_KIND_COUNT], hi[SB_KIND_COUNT];
	int hits[SB_MAX_KIND_CUES];
	bool read[SB_MAX_KIND_CUES] = {false};
	bool letter_shaped = c->has_salutation || c->is_email || c->has_closing;
	size_t i, k, n = sb_kind_cues_count, running = 0, last = 0;
	bool out[SB_KIND_COUNT], changed = true;
	int best = -1;

	memset(hits, 0, sizeof(hits));

	kind_bonus(c, f, letter_shaped, bonus);
	memset(kb, 0, sizeof(kb));
	for (i = 0; i < n; i++) {
		const sb_pattern *p = &sb_kind_cues[i];
		int most = p->weight * (p->max_hits > 0 ? p->max_hits : 1);

		kb[p->target].lo += most < 0 ? most : 0;
		kb[p->target].hi += most > 0 ? most : 0;
		if ((p->flags & SB_PAT_DECISIVE) != 0) {
			kb[p->target].gated = true;
			kb[p->target].decisive_left++;
		}
	}
	/* Cues whose words are absent first: they cost nothing. */
	for (i = 0; i < n; i++)
		if (!possible(c, KIND_SET(i)))
			kind_read(c, kb, i, hits, read);
	for (k = 0; k <= n; k++) {
		size_t j;

		/* The ranges change only when a cue is read. */
		if (changed) {
			for (j = 0; j < SB_KIND_COUNT; j++)
				kind_range(&kb[j], j == SB_KIND_LA_DECISION && !letter_shaped,
					   bonus[j], &lo[j], &hi[j]);
			running = 0;
			for (j = 0; j < SB_KIND_COUNT; j++) {
				out[j] = kind_out(lo, hi, j);
				if (!out[j]) {
					running++;
					last = j;
				}
			}
			changed = false;
		}
		/* Settled: one kind left that surely counts is the answer
		 * (any other best would beat or tie it first), and with none
		 * left no kind counts. Its own cues left unread change nothing. */
		if (running == 0 || (running == 1 && lo[last] >= SB_KIND_MIN_SCORE)) {
			best = running == 1 ? (int)last : -1;
			break;
		}
		if (k == n) {
			/* Every cue of the kinds still running read: exact scores. */
			for (j = 0; j < SB_KIND_COUNT; j++)
				if (!out[j] && (best < 0 || lo[j] > lo[best]))
					best = (int)j;
			break;
		}
		i = c->ex->kind_order[k];
		if (!read[i] && !out[sb_kind_cues[i].target]) {
			kind_read(c, kb, i, hits, read);
			changed = true;
		}
	}
	f->kind = best >= 0 && lo[best] >= SB_KIND_MIN_SCORE ? (sb_kind)best : SB_KIND_OTHER;
#ifdef SB_PREFILTER_VERIFY
	{
		/* Checking builds: every cue read, scored as ever. */
		int score[SB_KIND_COUNT] = {0};
		bool gated[SB_KIND_COUNT] = {false}, decided[SB_KIND_COUNT] = {false};
		int full = SB_KIND_OTHER;

		for (i = 0; i < n; i++) {
			const sb_pattern *p = &sb_kind_cues[i];
			int h = read[i] ? hits[i] : kind_hits(c, i);

			score[p->target] += p->weight * h;
			if ((p->flags & SB_PAT_DECISIVE) != 0) {
				gated[p->target] = true;
				if (h > 0)
					decided[p->target] = true;
			}
		}
		for (k = 0; k < SB_KIND_COUNT; k++)
			if (gated[k] && !decided[k])
				score[k] = 0;
		if (!letter_shaped)
			score[SB_KIND_LA_DECISION] /= 2;
		for (k = 0; k < SB_KIND_COUNT; k++)
			score[k] += bonus[k];
		for (k = 1; k < SB_KIND_COUNT; k++)
			if (score[k] > score[full])
				full = (int)k;
		if ((score[full] >= SB_KIND_MIN_SCORE ? (sb_kind)full : SB_KIND_OTHER) != f->kind)
			abort();
	}
#endif
}

/* ------------------------------------------------------------------------ */
/* The document's own date.                                                  */
/* ------------------------------------------------------------------------ */

enum {
	DATE_SCORE_SENT = 100,	     /* a printed e-mail's "Sent:" header */
	DATE_SCORE_STRONG = 90,	     /* "Date of report:", "Dated" */
	DATE_SCORE_GENERIC = 70,     /* "Date:", "Date of issue:" */
	DATE_SCORE_LETTER = 65,	     /* a date alone on a line above "Dear" */
	DATE_SCORE_LATER_PAGE = -10, /* labels past page 1 */
	DATE_SCORE_HEAD = 40,	     /* first unlabelled date near the top */
	DATE_SCORE_TAIL = 35	     /* a date alone on a line at the end */
};

typedef struct date_score {
	int score;
	const char *source; /* static, for sb_facts.document_date_source */
} date_score;

/* Trimmed copy of the end of s[b..e) into buf (size n): labels stand just
 * before dates, so a long prefix keeps its last words. */
static size_t trimmed(const char *s, size_t b, size_t e, char *buf, size_t n)
{
	size_t m;

	while (b < e && isspace((unsigned char)s[b]))
		b++;
	while (e > b && isspace((unsigned char)s[e - 1]))
		e--;
	m = e - b < n - 1 ? e - b : n - 1;
	memcpy(buf, s + e - m, m);
	buf[m] = '\0';
	return m;
}

static bool letters_in(const char *s, size_t b, size_t e, size_t max)
{
	size_t i, n = 0;

	for (i = b; i < e; i++)
		if (isalpha((unsigned char)s[i]) && ++n > max)
			return true;
	return false;
}

/* Labels are copied into buffers of this size (score_date). */
#define LABEL_MAX 160

/*
 * Whether misc pattern misc may match in label[0..n) (false: it cannot):
 * one of the words that each of its matches holds (ex->misc_words) is in
 * the label. Labels are short and asked of several patterns each, and a
 * search of one costs far more than looking for a few words in it.
 */
static bool label_possible(const ctx *c, int misc, const char *label, size_t n)
{
	char low[LABEL_MAX];
	const char *w = c->ex->misc_words[misc];
	size_t i;

	if (w == NULL || n > sizeof(low) || !sb_regex_is_ascii(label, n))
		return true;
	for (i = 0; i < n; i++)
		low[i] = ascii_lower(label[i]);
	for (; *w != '\0'; w += strlen(w) + 1) {
		size_t m = strlen(w);
		const char *q = low, *end = low + n;

		while ((size_t)(end - q) >= m &&
		       (q = memchr(q, w[0], (size_t)(end - q) - m + 1)) != NULL) {
			if (memcmp(q, w, m) == 0)
				return true;
			q++;
		}
	}
	return false;
}

static bool label_is(ctx *c, int misc, const char *label, size_t n)
{
	if (n == 0)
		return false;
	if (!label_possible(c, misc, label, n)) {
#ifdef SB_PREFILTER_VERIFY
		/* Checking builds: a label without the words cannot match. */
		if (match_in(c, &c->ex->misc[misc], label, n, 0, NULL, NULL))
			abort();
#endif
		return false;
	}
	return match_in(c, &c->ex->misc[misc], label, n, 0, NULL, NULL);
}

/* Whether a label's last word ties the date into a sentence ("made on",
 * "dated", "by"): such dates are not a document's date line. */
static bool ends_with_preposition(const char *label, size_t n)
{
	static const char *const words[] = {"on",    "of",	"in",	  "at",	   "by",    "from",
					    "to",    "until",	"before", "after", "since", "made",
					    "dated", "between", "and",	  "the",   "for",   NULL};
	size_t e = n, b, i;

	while (e > 0 && !isalpha((unsigned char)label[e - 1]))
		e--;
	b = e;
	while (b > 0 && isalpha((unsigned char)label[b - 1]))
		b--;
	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == e - b && strncasecmp(label + b, words[i], e - b) == 0)
			return true;
	return false;
}

/* Non-empty lines of page text s between b and e, counting no further than
 * cap (callers only ask "fewer than n?", and a long page must not make
 * each date cost a scan of the page). */
static size_t nonblank_lines(const char *s, size_t b, size_t e, size_t cap)
{
	size_t i, n = 0;
	bool text = false;

	for (i = b; i < e && n < cap; i++) {
		if (s[i] == '\n') {
			if (text)
				n++;
			text = false;
		} else if (!isspace((unsigned char)s[i])) {
			text = true;
		}
	}
	return n;
}

/* nonblank_lines(text + ps, 0, ls, cap) for a page starting at ps, read
 * from the lines (build_text) instead of the bytes: the non-empty lines
 * whose newline comes before ls, no more than cap. */
static size_t nonblank_before(const ctx *c, size_t ps, size_t ls, size_t cap)
{
	size_t li = line_of(c, ps), n = 0;

	for (; li < c->nlines && n < cap && c->lines[li].end < ps + ls; li++)
		if (c->lines[li].start >= ps && !c->lines[li].blank)
			n++;
	return n;
}

/*
 * Score one full date as the document's own date, from the words before it
 * on its line (or the short line above it: tables flattened to text put a
 * label on its own line), its place on the page and the date finder's role.
 * 0: not the document's date (a birth, an assessment, a meeting, a letter
 * referred to).
 */
static date_score score_date(ctx *c, const sb_found_date *d, size_t prev_end)
{
	const date_score none = {0, NULL};
	const char *s;
	size_t pglen;
	size_t ls, le, x, pb, nonblank;
	char label[LABEL_MAX], above[LABEL_MAX];
	size_t lablen, abovelen = 0;
	bool standalone, standalone_after, other, long_above = false;

	if (d->page < 1 || (size_t)d->page > c->doc->npages)
		return none;
	/* Dates were found in the working text (find_dates), page by page. */
	s = c->text + c->page_start[d->page - 1];
	pglen = c->page_start[d->page] - c->page_start[d->page - 1];
	if (d->offset > pglen)
		return none;
	/* An e-mail's date is its own, not that of a message quoted under it. */
	if (c->is_email && c->page_start[d->page - 1] + d->offset >= c->own_e)
		return none;
	ls = d->offset;
	while (ls > 0 && s[ls - 1] != '\n' && s[ls - 1] != '\r')
		ls--;
	le = d->offset + strlen(d->text);
	if (le > pglen)
		le = pglen;
	x = le;
	while (x < pglen && s[x] != '\n' && s[x] != '\r')
		x++;
	standalone = !letters_in(s, le, x, 3); /* "14 September 2026", "10:15 am" */
	standalone_after = standalone;
	le = x;
	pb = prev_end > ls && prev_end <= d->offset ? prev_end : ls;
	lablen = trimmed(s, pb, d->offset, label, sizeof(label));
	nonblank = nonblank_before(c, c->page_start[d->page - 1], ls, LETTER_DATE_LINES);
#ifdef SB_PREFILTER_VERIFY
	if (nonblank != nonblank_lines(s, 0, ls, LETTER_DATE_LINES))
		abort(); /* checking builds: the lines answer as the bytes do */
#endif
	if (lablen > 0) {
		/* Only a weekday before the date: still a date line. */
		const char *w = label;

		while (*w != '\0' && isalpha((unsigned char)*w))
			w++;
		if ((*w == '\0' || *w == ',' || *w == '.') && lablen <= 10 &&
		    !label_is(c, SB_MISC_DATE_GENERIC, label, lablen))
			lablen = 0;
		else
			standalone = false;
	} else if (ls > 0) {
		size_t pe = ls, ps;

		while (pe > 0 && isspace((unsigned char)s[pe - 1]))
			pe--;
		ps = pe;
		while (ps > 0 && s[ps - 1] != '\n' && s[ps - 1] != '\r')
			ps--;
		abovelen = trimmed(s, ps, pe, above, sizeof(above));
		long_above = pe - ps > MAX_LABEL_LINE;
		if (abovelen > 0 && !long_above &&
		    (above[abovelen - 1] == ':' || strncasecmp(above, "date", 4) == 0 ||
		     label_is(c, SB_MISC_DATE_STRONG, above, abovelen) ||
		     label_is(c, SB_MISC_DATE_GENERIC, above, abovelen) ||
		     (abovelen <= 25 && label_is(c, SB_MISC_DATE_NOT_DOC, above, abovelen)))) {
			memcpy(label, above, abovelen + 1);
			lablen = abovelen;
			standalone = false;
		}
	}
	if (c->is_email && d->page == 1 && nonblank < EMAIL_HEADER_LINES &&
	    (label_is(c, SB_MISC_DATE_SENT, label, lablen) ||
	     (lablen > 0 && label[lablen - 1] == '>' && memchr(label, '@', lablen) != NULL)))
		return (date_score){DATE_SCORE_SENT, "e-mail Sent line"};
	if (label_is(c, SB_MISC_DATE_STRONG, label, lablen))
		return (date_score){DATE_SCORE_STRONG + (d->page == 1 ? 0 : DATE_SCORE_LATER_PAGE),
				    "dated label"};
	/* The date finder's role counts for a date inside a sentence; a label
	 * read here, or a date alone on its line, speaks for itself (the
	 * finder may read a letterhead's "Assessment and Review Team" above a
	 * letter's date as a meeting). */
	other = lablen == 0 && !standalone &&
		(d->role == SB_DATE_ROLE_BIRTH || d->role == SB_DATE_ROLE_ASSESSMENT ||
		 d->role == SB_DATE_ROLE_MEETING);
	if (lablen > 0 && label_is(c, SB_MISC_DATE_GENERIC, label, lablen))
		return (date_score){DATE_SCORE_GENERIC + (d->page == 1 ? 0 : DATE_SCORE_LATER_PAGE),
				    "Date: label"};
	/* A school plan's start date is the plan's date. */
	if (c->kind == SB_KIND_SCHOOL_PLAN && label_is(c, SB_MISC_PLAN_START, label, lablen))
		return (date_score){DATE_SCORE_GENERIC - 5, "plan start date"};
	if (label_is(c, SB_MISC_DATE_NOT_DOC, label, lablen)) {
		/* Notes of a meeting are dated by the meeting. */
		if (c->is_minutes && d->page == 1 &&
		    label_is(c, SB_MISC_MEETING_LABEL, label, lablen))
			return (date_score){DATE_SCORE_GENERIC - 5, "meeting date of notes"};
		other = true;
	}
	/* A sentence that runs onto the date's line: "... which we received on
	 * / 27 July 2026". */
	if (lablen == 0 && long_above && abovelen > 0) {
		size_t tail = abovelen > 40 ? abovelen - 40 : 0;

		if (label_is(c, SB_MISC_DATE_NOT_DOC, above + tail, abovelen - tail))
			other = true;
		standalone = false;
	}
	if (other)
		return none;
	if (d->role == SB_DATE_ROLE_DOCUMENT)
		return (date_score){DATE_SCORE_GENERIC + (d->page == 1 ? 0 : DATE_SCORE_LATER_PAGE),
				    "document date"};
	if (d->page == 1 && nonblank < LETTER_DATE_LINES && standalone &&
	    (!c->has_salutation || c->salutation_page > 0 || nonblank < c->salutation_nb))
		return (date_score){DATE_SCORE_LETTER, "letter date line"};
	if (d->page == 1 && nonblank < LETTER_DATE_LINES && standalone_after &&
	    !ends_with_preposition(label, lablen))
		return (date_score){DATE_SCORE_HEAD, "date near the top"};
	if ((size_t)d->page == c->doc->npages && standalone &&
	    nonblank_lines(s, le, pglen, TAIL_DATE_LINES) < TAIL_DATE_LINES)
		return (date_score){DATE_SCORE_TAIL, "date at the end"};
	return none;
}

static void find_document_date(ctx *c, sb_facts *f)
{
	size_t i, prev_end = 0;
	int prev_page = 0;
	date_score best = {0, NULL};
	const sb_found_date *pick = NULL;

	if (c->doc->has_email_date) {
		f->has_document_date = true;
		f->document_date = c->doc->email_date;
		f->document_date_source = "e-mail Date header";
		return;
	}
	for (i = 0; i < f->ndates; i++) {
		const sb_found_date *d = &f->dates[i];
		date_score sc;

		if (d->page != prev_page)
			prev_end = 0;
		prev_page = d->page;
		if (d->precision == SB_PRECISION_DAY && sb_date_is_valid(d->date)) {
			sc = score_date(c, d, prev_end);
			if (sc.score > best.score) {
				best = sc;
				pick = d;
			}
		}
		prev_end = d->offset + strlen(d->text);
	}
	if (pick == NULL)
		return;
	f->has_document_date = true;
	f->document_date = pick->date;
	f->document_date_source = best.source;
}

/* ------------------------------------------------------------------------ */
/* sb_extract.                                                               */
/* ------------------------------------------------------------------------ */

/*
 * Whether SB_MISC_MINUTES may match in the head (false: it cannot): each of
 * its branches holds "minutes", "notes" or "record", which the folded text
 * keeps at the same offsets when c->windowed. Checking builds run the
 * pattern anyway.
 */
static bool minutes_possible(ctx *c)
{
	bool maybe = !c->windowed || has_word(c->folded, c->head_end, "minutes", 7) ||
		     has_word(c->folded, c->head_end, "notes", 5) ||
		     has_word(c->folded, c->head_end, "record", 6);

#ifdef SB_PREFILTER_VERIFY
	if (!maybe && match_text(c, &c->ex->misc[SB_MISC_MINUTES], 0, c->head_end, NULL, NULL))
		abort();
#endif
	return maybe;
}

static void facts_clear(sb_facts *f)
{
	sb_found_dates_free(f->dates, f->ndates);
	free(f->author);
	memset(f, 0, sizeof(*f));
}

static int find_dates(ctx *c, sb_facts *f, sb_error *err)
{
	size_t p, cap = 0, nmonths = 0;
	const size_t *months = NULL;
	size_t *page_hint = NULL;
	int rc = SB_OK;

	/* No page_hint (out of memory too): the finder looks for months itself. */
	if (c->windowed && sb_anchors_positions(c->anchors, MONTH_SET, &months, &nmonths))
		page_hint = malloc((nmonths + 1) * sizeof(*page_hint));

	for (p = 0; p < c->doc->npages; p++) {
		sb_found_date *d = NULL;
		size_t n = 0, k, nhint = 0;
		const size_t *hint = NULL;

		/* Where months' names may start on this page: from the one pass
		 * over the folded text, which has the text's offsets when
		 * windowed. */
		if (page_hint != NULL) {
			size_t lo = 0, hi = nmonths;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (months[mid] < c->page_start[p])
					lo = mid + 1;
				else
					hi = mid;
			}
			for (k = lo; k < nmonths && months[k] < c->page_start[p + 1]; k++)
				page_hint[nhint++] = months[k] - c->page_start[p];
			hint = page_hint;
		}
		/* The working text, not the page as read: the same characters
		 * every other rule sees (curly quotes, odd spaces and split words
		 * normalised), and offsets that place a date among its lines. */
		rc = sb_date_finder_find_hinted(c->ex->dates, c->text + c->page_start[p],
						c->page_start[p + 1] - c->page_start[p] - 2,
						(int)p + 1, hint, nhint, &d, &n, err);
		if (rc != SB_OK)
			goto done;
		if (f->ndates + n > cap) {
			size_t ncap = (f->ndates + n) * 2;
			sb_found_date *grown = realloc(f->dates, ncap * sizeof(*grown));

			if (grown == NULL) {
				sb_found_dates_free(d, n);
				rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
				goto done;
			}
			f->dates = grown;
			cap = ncap;
		}
		for (k = 0; k < n; k++) {
			f->dates[f->ndates] = d[k];
			f->dates[f->ndates].page = (int)p + 1;
			f->ndates++;
		}
		free(d); /* the texts moved into f->dates */
	}
done:
	free(page_hint);
	return rc;
}

int sb_extract(const sb_extractor *ex, sb_doc *doc, sb_error *err)
{
	ctx c;
	sb_facts f;
	/* Out values come back through locals, not &c.folded_len or &c.anchors:
	 * the analyser forgets every field of c once one field's address is
	 * passed on, and then takes c.text and c.folded for leaked. */
	sb_anchors *anchors = NULL;
	size_t folded_len = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	c.ex = ex;
	c.doc = doc;
	c.speech = -1;
	facts_clear(&doc->facts);
	c.md = pcre2_match_data_create(32, NULL);
	if (c.md == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	rc = build_text(&c, err);
	if (rc != SB_OK)
		goto done;
	c.ascii = sb_regex_is_ascii(c.text, c.len);
	c.folded = fold_copy(c.text, c.len, &folded_len);
	c.folded_len = folded_len;
	if (c.folded == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	c.windowed = c.folded_len == c.len;
	rc = sb_anchors_find(ex->anchor_words, c.folded, c.folded_len, &anchors, err);
	c.anchors = anchors;
	if (rc != SB_OK)
		goto done;
	c.wmc = sb_regex_window_context();
	if (c.wmc == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
#ifdef SB_PREFILTER_VERIFY
	{
		size_t i;

		/* Checking builds: a skipped area pattern must have no match. */
		for (i = 0; i < sb_area_patterns_count; i++)
			if (!possible(&c, AREA_SET(i)) &&
			    match_text(&c, &ex->area[i], 0, c.len, NULL, NULL))
				abort();
	}
#endif
	rc = find_dates(&c, &f, err);
	if (rc != SB_OK)
		goto done;
	/* Printed headers (a PDF of an e-mail, or the header lines the e-mail
	 * reader puts above the body) mark where the message's text begins. */
	find_email_block(&c);
	if (doc->format == SB_FORMAT_EMAIL || doc->email_from != NULL)
		c.is_email = true;
	find_own_end(&c);
	find_salutation(&c);
	c.is_minutes = minutes_possible(&c) &&
		       match_text(&c, &ex->misc[SB_MISC_MINUTES], 0, c.head_end, NULL, NULL);
	find_author(&c, &f);
	find_professionals(&c, &f);
	find_areas(&c, &f);
	find_kind(&c, &f);
	/* What a kind says of an author with no title: decision letters are
	 * signed by council officers, certificates by mediation advisers. */
	if (f.author != NULL && f.author_role == SB_ROLE_NONE) {
		if (f.kind == SB_KIND_LA_DECISION)
			f.author_role = SB_ROLE_LA_OFFICER;
		else if (f.kind == SB_KIND_MEDIATION_CERTIFICATE)
			f.author_role = SB_ROLE_OTHER;
	}
	c.kind = f.kind;
	find_document_date(&c, &f);
	if (c.gave_up) {
		rc = sb_doc_add_warning(doc, "some patterns gave up on unusual text; "
					     "facts may be incomplete");
		if (rc != SB_OK)
			goto done;
	}
	doc->facts = f;
	memset(&f, 0, sizeof(f));
done:
	facts_clear(&f);
	pcre2_match_data_free(c.md);
	free(c.text);
	free(c.folded);
	free(c.page_start);
	free(c.lines);
	free(c.memo);
	sb_anchors_free(c.anchors);
	pcre2_match_context_free(c.wmc);
	free(c.stopwords);
	free(c.label_starts);
	free(c.role_line);
	return rc;
}
