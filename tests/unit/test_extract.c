/*
 * Unit tests for sb_extract: the facts of a document (kind, own date,
 * author and role, professionals, areas of need).
 *
 * Why three parts:
 *  - every entry of the pattern tables (src/lib/sb_patterns.h) must match its
 *    own example and miss its counter-example, so the tables stay honest;
 *  - small exact cases pin one behaviour each (a birth date is never the
 *    document's date, "not" is not "OT", a signature's title gives the role);
 *  - the corpus in tests/data/extract/ (fictional letters, reports, plans,
 *    e-mails, tribunal papers and guidance, each with <name>.expected.json)
 *    is scored per field the way real documents are scored (issue 3: kind and
 *    date accuracy, professionals F1, precision and recall of the full dates
 *    each document mentions), and must stay above the bars below. A
 *    file named *.eml.txt is an e-mail: its header lines become the reader's
 *    hints (From, Subject, Date) and the page holds headers and body, as the
 *    .eml reader gives them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>
#include <sendbundle/extract.h>

#include "sb_patterns.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EXTRACT_DIR SB_TEST_DATA "/extract"

/* The bars the corpus must stay above (issue 3 asks 0.9 F1 for
 * professionals and 0.85 accuracy for kind and date on real documents;
 * fictional ones written for the purpose should do better). */
#define BAR_KIND 0.90
#define BAR_DATE 0.90
#define BAR_PROFESSIONALS_F1 0.90
#define BAR_AUTHOR 0.80
#define BAR_ROLE 0.85
#define BAR_AREAS_F1 0.80
/* Issue 3 ("Proof"): date precision and recall of at least 0.95 over every
 * full date (day, month and year) the documents mention, each file's list
 * annotated by reading its text ("dates" in <name>.expected.json). */
#define BAR_DATES_PRECISION 0.95
#define BAR_DATES_RECALL 0.95

static sb_extractor *extractor;

static int setup(void **state)
{
	sb_error err;

	(void)state;
	if (sb_extractor_new(&extractor, &err) != SB_OK) {
		fprintf(stderr, "sb_extractor_new: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sb_extractor_free(extractor);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* 1. The tables: each example matches, each counter-example does not.    */
/* ---------------------------------------------------------------------- */

static void test_pattern_examples(void **state)
{
	sb_error err;

	(void)state;
	if (sb_extractor_check_examples(extractor, &err) != SB_OK)
		fail_msg("%s", err.message);
}

/* ---------------------------------------------------------------------- */
/* 2. Exact cases.                                                         */
/* ---------------------------------------------------------------------- */

/* Extract from text given as pages separated by "\f". */
static sb_doc *extract_pages(sb_doc_list *list, const char *text)
{
	sb_error err;
	sb_doc *d = sb_doc_list_add(list, "case.txt", SB_FORMAT_TEXT);
	const char *p = text;

	assert_non_null(d);
	for (;;) {
		const char *ff = strchr(p, '\f');
		size_t n = ff != NULL ? (size_t)(ff - p) : strlen(p);

		assert_int_equal(sb_doc_add_page(d, p, n, &err), SB_OK);
		if (ff == NULL)
			break;
		p = ff + 1;
	}
	if (sb_extract(extractor, d, &err) != SB_OK)
		fail_msg("sb_extract: %s", err.message);
	return d;
}

static const char *iso_or_null(const sb_facts *f, char *buf)
{
	return f->has_document_date ? sb_date_format_iso(f->document_date, buf, 16) : "null";
}

static void test_professional_cases(void **state)
{
	static const struct {
		const char *text;
		unsigned want;
	} cases[] = {
	    {"I do not know what to do. Please step in.", 0},
	    {"A referral to OT was made; the O.T. will visit.", 1u << SB_PRO_OT},
	    {"physiological changes were noted", 0},
	    {"Paediatric Occupational Therapy Service", 1u << SB_PRO_OT},
	    {"The Pediatrician and the peadiatrician agreed.", 1u << SB_PRO_PAEDIATRICIAN},
	    {"Seen by the Educational Phsychologist", 1u << SB_PRO_EP},
	    {"She is known to CAHMS.", 1u << SB_PRO_CAMHS},
	    {"Discussed with the Senco and the SENDCo.", 1u << SB_PRO_SENCO},
	    {"Speech & Language Therapy Service", 1u << SB_PRO_SALT},
	    /* SLT alone is the senior leadership team unless speech is in view. */
	    {"The plan was agreed by SLT.", 0},
	    {"The SLT report recommends a language programme.", 1u << SB_PRO_SALT},
	    {"a pinch of salt", 0},
	    {"weekly physio sessions", 1u << SB_PRO_PHYSIOTHERAPIST},
	    {"Child and Adolescent Mental Health Service", 1u << SB_PRO_CAMHS},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *d;

		sb_doc_list_init(&list);
		d = extract_pages(&list, cases[i].text);
		if (d->facts.professionals != cases[i].want)
			fail_msg("'%s': professionals %#x, want %#x", cases[i].text,
				 d->facts.professionals, cases[i].want);
		sb_doc_list_free(&list);
	}
}

static void test_author_cases(void **state)
{
	static const struct {
		const char *text;
		const char *author; /* NULL: none */
		sb_role role;
	} cases[] = {
	    {"Dear Mrs Morgan\n\nText.\n\nYours sincerely\n\nDr Jane Smith BSc (Hons), MSc, "
	     "DEdPsych\nSenior Educational Pyschologist\n",
	     "Dr Jane Smith", SB_ROLE_EP},
	    {"Dear Sir\n\nText.\n\nKind regards,\n\nTom Hughes, Specialist Teacher\n", "Tom Hughes",
	     SB_ROLE_TEACHER},
	    {"Dear Sir\n\nText.\n\nYours faithfully\n\npp\nMARY JONES\nSEN Officer\n", "MARY JONES",
	     SB_ROLE_LA_OFFICER},
	    {"Report written by: Sam O'Connor-Reid, Speech and Language Therapist\n",
	     "Sam "
	     "O'Connor-Reid",
	     SB_ROLE_SALT},
	    {"Dear Mr Khan\n\nThank you for your letter.\n\nThe panel met.\n", NULL, SB_ROLE_NONE},
	    /* An addressee with a title is not the author. */
	    {"Dr A Brown\nConsultant Paediatrician\nNorthtown Hospital\n\nDear Dr Brown\n\nI am "
	     "writing about my son.\n\nYours sincerely\n\nKate Morgan\n",
	     "Kate Morgan", SB_ROLE_PARENT},
	    {"Yours sincerely\n\nSEND Team\nNorthshire County Council\n", NULL, SB_ROLE_LA_OFFICER},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *d;

		sb_doc_list_init(&list);
		d = extract_pages(&list, cases[i].text);
		if (cases[i].author == NULL)
			assert_null(d->facts.author);
		else if (d->facts.author == NULL || strcmp(d->facts.author, cases[i].author) != 0)
			fail_msg("case %zu: author '%s', want '%s'", i,
				 d->facts.author != NULL ? d->facts.author : "(null)",
				 cases[i].author);
		if (d->facts.author_role != cases[i].role)
			fail_msg("case %zu: role %d, want %d", i, d->facts.author_role,
				 cases[i].role);
		sb_doc_list_free(&list);
	}
}

static void test_document_date_cases(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
	    /* A birth date is never the document's date. */
	    {"Re: Riley Morgan, date of birth 3 May 2017\n\nDear Mrs Morgan\n", "null"},
	    {"Name: Riley\nDOB: 03/05/2017\nDate of assessment: 04/02/2025\n"
	     "Date of report: 10/02/2025\n",
	     "2025-02-10"},
	    /* Labels on the line above their values (a table flattened). */
	    {"Date of birth\n03/05/2017\nDate of report\n10/02/2025\n", "2025-02-10"},
	    /* A letter's date alone on a line above "Dear". */
	    {"County Hall\nNorthtown\n\n    14th September 2025\n\nDear Mr Morgan\n\nWe met on "
	     "2 September 2025.\n",
	     "2025-09-14"},
	    /* Month and year only: no document date. */
	    {"Published: September 2024\n", "null"},
	    /* The label on page 2 still counts when page 1 has none. */
	    {"SPEECH AND LANGUAGE THERAPY REPORT\nName: Riley\f"
	     "Summary\nDate of report: 21 July 2025\n",
	     "2025-07-21"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *d;
		char buf[16];

		sb_doc_list_init(&list);
		d = extract_pages(&list, cases[i].text);
		if (strcmp(iso_or_null(&d->facts, buf), cases[i].want) != 0)
			fail_msg("case %zu: document date %s, want %s", i,
				 iso_or_null(&d->facts, buf), cases[i].want);
		sb_doc_list_free(&list);
	}
}

static void test_area_cases(void **state)
{
	static const struct {
		const char *text;
		unsigned want;
	} cases[] = {
	    /* A template's headings alone say nothing about the child. */
	    {"Communication and Interaction\n\nCognition and Learning\n\nSEMH\n", 0},
	    {"Primary area of need: Communication and interaction\n",
	     1u << SB_AREA_COMMUNICATION_INTERACTION},
	    {"Referred to the Child and Adolescent Mental Health Service.\n", 0},
	    {"He has a moderate hearing loss and wears hearing aids.\n",
	     1u << SB_AREA_SENSORY_PHYSICAL},
	    {"Her non-verbal reasoning is average.\n", 1u << SB_AREA_COGNITION_LEARNING},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *d;

		sb_doc_list_init(&list);
		d = extract_pages(&list, cases[i].text);
		if (d->facts.areas != cases[i].want)
			fail_msg("'%s': areas %#x, want %#x", cases[i].text, d->facts.areas,
				 cases[i].want);
		sb_doc_list_free(&list);
	}
}

/* Facts are replaced, not added to; odd bytes and empty pages are safe. */
static void test_robustness(void **state)
{
	static const char bad[] = "Dear \xff\xfe Sir\xc3\n\nYours sincerely\n\n\xe2\x82\n";
	sb_doc_list list;
	sb_doc *d;
	sb_error err;
	unsigned pros;

	(void)state;
	sb_doc_list_init(&list);
	d = extract_pages(&list, "Seen by the OT on 3 March 2025. Kind regards, Jo");
	pros = d->facts.professionals;
	assert_int_equal(sb_extract(extractor, d, &err), SB_OK);
	assert_int_equal(d->facts.professionals, pros);
	sb_doc_list_free(&list);

	sb_doc_list_init(&list);
	d = extract_pages(&list, bad);
	assert_int_equal(d->facts.kind, SB_KIND_OTHER);
	sb_doc_list_free(&list);

	sb_doc_list_init(&list);
	d = sb_doc_list_add(&list, "empty.pdf", SB_FORMAT_PDF);
	assert_non_null(d);
	assert_int_equal(sb_extract(extractor, d, &err), SB_OK);
	assert_int_equal(d->facts.kind, SB_KIND_OTHER);
	assert_false(d->facts.has_document_date);
	assert_null(d->facts.author);
	sb_doc_list_free(&list);
}

/* ---------------------------------------------------------------------- */
/* 3. The corpus.                                                          */
/* ---------------------------------------------------------------------- */

/* The most full dates one expected file may list (the longest lists six). */
#define MAX_EXPECTED_DATES 64

/* The expected file: one flat JSON object whose values are strings, null,
 * or arrays of strings; read here without a JSON library (the test links
 * only libsendbundle and cmocka). "dates" is required: a file without it
 * would leave its document's dates silently unscored. */
typedef struct expected {
	char *kind, *date, *author, *role;
	char *pros[SB_PRO_COUNT + 1];
	char *areas[SB_AREA_COUNT + 1];
	char *dates[MAX_EXPECTED_DATES];
	size_t npros, nareas, ndates;
	bool has_dates;
} expected;

static const char *skip_ws(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* A JSON string at p (after the quote is checked); NULL on a syntax error. */
static char *json_string(const char **pp)
{
	const char *p = *pp;
	char *out, *o;

	if (*p != '"')
		return NULL;
	p++;
	out = malloc(strlen(p) + 1);
	assert_non_null(out);
	o = out;
	while (*p != '\0' && *p != '"') {
		if (*p == '\\' && p[1] != '\0')
			p++;
		*o++ = *p++;
	}
	if (*p != '"') {
		free(out);
		return NULL;
	}
	*o = '\0';
	*pp = p + 1;
	return out;
}

/* "2024-03-12" exactly, and a day that exists. */
static bool is_iso_date(const char *s)
{
	sb_date d;
	char buf[16];
	int n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &d.year, &d.month, &d.day, &n) != 3 ||
	    n != 10 || !sb_date_is_valid(d))
		return false;
	return strcmp(sb_date_format_iso(d, buf, sizeof(buf)), s) == 0;
}

static void read_expected(const char *path, expected *e)
{
	sb_error err;
	char *text = NULL;
	size_t len = 0;
	const char *p;

	memset(e, 0, sizeof(*e));
	if (sb_file_read(path, 1u << 20, &text, &len, &err) != SB_OK)
		fail_msg("%s: %s", path, err.message);
	p = skip_ws(text);
	if (*p++ != '{')
		fail_msg("%s: not a JSON object", path);
	for (;;) {
		char *key;

		p = skip_ws(p);
		if (*p == '}')
			break;
		key = json_string(&p);
		if (key == NULL)
			fail_msg("%s: bad key", path);
		p = skip_ws(p);
		if (*p++ != ':')
			fail_msg("%s: missing ':' after %s", path, key);
		p = skip_ws(p);
		if (*p == '[') {
			char **list;
			size_t *n, max;

			if (strcmp(key, "professionals") == 0) {
				list = e->pros;
				n = &e->npros;
				max = SB_PRO_COUNT;
			} else if (strcmp(key, "areas_of_need") == 0) {
				list = e->areas;
				n = &e->nareas;
				max = SB_AREA_COUNT;
			} else if (strcmp(key, "dates") == 0) {
				list = e->dates;
				n = &e->ndates;
				max = MAX_EXPECTED_DATES;
				e->has_dates = true;
			} else {
				fail_msg("%s: unknown list %s", path, key);
				return;
			}
			p = skip_ws(p + 1);
			while (*p != ']') {
				char *v = json_string(&p);

				if (v == NULL || *n >= max)
					fail_msg("%s: bad list %s", path, key);
				/* A typo in an annotation must not pass as a miss. */
				if (list == e->dates && !is_iso_date(v))
					fail_msg("%s: '%s' in dates is not a valid YYYY-MM-DD date",
						 path, v);
				list[(*n)++] = v;
				p = skip_ws(p);
				if (*p == ',')
					p = skip_ws(p + 1);
			}
			p++;
		} else {
			char *v = NULL;

			if (strncmp(p, "null", 4) == 0)
				p += 4;
			else if ((v = json_string(&p)) == NULL)
				fail_msg("%s: bad value for %s", path, key);
			if (strcmp(key, "kind") == 0)
				e->kind = v;
			else if (strcmp(key, "document_date") == 0)
				e->date = v;
			else if (strcmp(key, "author") == 0)
				e->author = v;
			else if (strcmp(key, "author_role") == 0)
				e->role = v;
			else
				fail_msg("%s: unknown key %s", path, key);
		}
		free(key);
		p = skip_ws(p);
		if (*p == ',')
			p++;
	}
	if (e->kind == NULL)
		fail_msg("%s: no kind", path);
	if (!e->has_dates)
		fail_msg("%s: no \"dates\" (every document's dates must be scored)", path);
	free(text);
}

static void expected_free(expected *e)
{
	size_t i;

	free(e->kind);
	free(e->date);
	free(e->author);
	free(e->role);
	for (i = 0; i < e->npros; i++)
		free(e->pros[i]);
	for (i = 0; i < e->nareas; i++)
		free(e->areas[i]);
	for (i = 0; i < e->ndates; i++)
		free(e->dates[i]);
}

/* Names compared as people compare them: case, dots, honorifics and extra
 * spaces aside ("Dr Amelia Hart" = "amelia hart"). */
static void normalise_name(const char *s, char *out, size_t n)
{
	static const char *const hon[] = {"dr ", "mrs ", "mr ", "ms ", "miss ", "prof ", NULL};
	size_t o = 0, i;
	char tmp[256];

	for (i = 0; s[i] != '\0' && o + 1 < sizeof(tmp); i++) {
		char ch = (char)tolower((unsigned char)s[i]);

		if (ch == '.')
			continue;
		if (ch == ' ' && (o == 0 || tmp[o - 1] == ' '))
			continue;
		tmp[o++] = ch;
	}
	while (o > 0 && tmp[o - 1] == ' ')
		o--;
	tmp[o] = '\0';
	for (i = 0; hon[i] != NULL; i++)
		if (strncmp(tmp, hon[i], strlen(hon[i])) == 0) {
			snprintf(out, n, "%s", tmp + strlen(hon[i]));
			return;
		}
	snprintf(out, n, "%s", tmp);
}

/* "Mon, 21 Jul 2025 21:47:10 +0100" (RFC 5322), as GMime gives the date. */
static bool parse_rfc5322_date(const char *s, sb_date *out)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char m[4];
	int d, y, i;
	const char *comma = strchr(s, ',');

	if (comma != NULL)
		s = comma + 1;
	if (sscanf(s, "%d %3s %d", &d, m, &y) != 3)
		return false;
	for (i = 0; i < 12; i++)
		if (strcmp(m, mon[i]) == 0) {
			out->year = y;
			out->month = i + 1;
			out->day = d;
			return sb_date_is_valid(*out);
		}
	return false;
}

/* An *.eml.txt file: header lines become the e-mail hints. */
static void load_email(sb_doc *d, const char *text, sb_error *err)
{
	const char *p = text;

	d->format = SB_FORMAT_EMAIL;
	while (*p != '\0' && *p != '\n') {
		const char *eol = strchr(p, '\n');
		size_t n = eol != NULL ? (size_t)(eol - p) : strlen(p);
		char value[512];
		const char *colon = memchr(p, ':', n);

		if (colon != NULL) {
			const char *v = colon + 1;
			size_t vn;

			while (*v == ' ')
				v++;
			vn = (size_t)(p + n - v) < sizeof(value) - 1 ? (size_t)(p + n - v)
								     : sizeof(value) - 1;
			memcpy(value, v, vn);
			value[vn] = '\0';
			if (strncasecmp(p, "From:", 5) == 0)
				assert_int_equal(sb_doc_set_string(&d->email_from, value), SB_OK);
			else if (strncasecmp(p, "To:", 3) == 0)
				assert_int_equal(sb_doc_set_string(&d->email_to, value), SB_OK);
			else if (strncasecmp(p, "Subject:", 8) == 0)
				assert_int_equal(sb_doc_set_string(&d->email_subject, value),
						 SB_OK);
			else if (strncasecmp(p, "Date:", 5) == 0)
				d->has_email_date = parse_rfc5322_date(value, &d->email_date);
		}
		p = eol != NULL ? eol + 1 : p + n;
	}
	/* The reader puts the header lines above the body, as here. */
	assert_int_equal(sb_doc_add_page(d, text, strlen(text), err), SB_OK);
}

typedef struct score {
	size_t docs, kind, date, author, role;
	size_t pro_tp, pro_fp, pro_fn, area_tp, area_fp, area_fn;
	size_t date_tp, date_fp, date_fn;
} score;

static bool in_names(char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static void set_score(unsigned got, char *const *want, size_t nwant, size_t count,
		      const char *(*name)(int), size_t *tp, size_t *fp, size_t *fn, char *msg,
		      size_t msglen)
{
	size_t i;

	for (i = 0; i < count; i++) {
		bool g = (got & (1u << i)) != 0;
		bool w = in_names(want, nwant, name((int)i));
		size_t l = strlen(msg);

		if (g && w)
			(*tp)++;
		else if (g)
			(*fp)++;
		else if (w)
			(*fn)++;
		if (g != w)
			snprintf(msg + l, msglen - l, " %s%s", g ? "+" : "-", name((int)i));
	}
}

static const char *pro_name(int i)
{
	return sb_professional_name((sb_professional)i);
}

static const char *area_name(int i)
{
	return sb_area_name((sb_area)i);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static double f1(size_t tp, size_t fp, size_t fn)
{
	return tp == 0 ? (fp + fn == 0 ? 1.0 : 0.0) : 2.0 * tp / (2.0 * tp + fp + fn);
}

/* Nothing claimed is nothing wrong; nothing to find is nothing missed. */
static double ratio_or_one(size_t num, size_t den)
{
	return den == 0 ? 1.0 : (double)num / (double)den;
}

/* Sort a list of ISO dates and drop repeats (ISO sorts as text); returns the
 * new count. Repeats are freed. */
static size_t sort_unique(char **list, size_t n)
{
	size_t i, o = 0;

	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_str);
	for (i = 0; i < n; i++) {
		if (o > 0 && strcmp(list[o - 1], list[i]) == 0) {
			free(list[i]);
			continue;
		}
		list[o++] = list[i];
	}
	return o;
}

/*
 * The full dates the extractor found (day precision, a real day) against the
 * expected ones, as sets: a date written twice counts once, as in the
 * annotation. Partial dates ("March 2024") are never reported as dates, so
 * they are not scored here. Misses go to msg as " date+ISO" (found, not
 * expected) and " date-ISO" (expected, not found).
 */
static void score_dates(const sb_facts *f, expected *e, score *s, char *msg, size_t msglen)
{
	char **got = NULL;
	size_t ngot = 0, i = 0, j = 0, k;

	if (f->ndates > 0) {
		got = calloc(f->ndates, sizeof(*got));
		assert_non_null(got);
	}
	for (k = 0; k < f->ndates; k++) {
		const sb_found_date *d = &f->dates[k];

		if (d->precision != SB_PRECISION_DAY || !sb_date_is_valid(d->date))
			continue;
		got[ngot] = malloc(16);
		assert_non_null(got[ngot]);
		sb_date_format_iso(d->date, got[ngot], 16);
		ngot++;
	}
	ngot = sort_unique(got, ngot);
	e->ndates = sort_unique(e->dates, e->ndates);
	while (i < ngot || j < e->ndates) {
		int c = i >= ngot ? 1 : j >= e->ndates ? -1 : strcmp(got[i], e->dates[j]);
		size_t l = strlen(msg);

		if (c == 0) {
			s->date_tp++;
			i++;
			j++;
		} else if (c < 0) {
			s->date_fp++;
			snprintf(msg + l, msglen - l, " date+%s", got[i++]);
		} else {
			s->date_fn++;
			snprintf(msg + l, msglen - l, " date-%s", e->dates[j++]);
		}
	}
	for (i = 0; i < ngot; i++)
		free(got[i]);
	free(got);
}

static void score_one(const char *name, score *s)
{
	char path[1024], epath[1024], msg[2048] = "";
	char *text = NULL;
	size_t len = 0, base;
	sb_error err;
	sb_doc_list list;
	sb_doc *d;
	expected e;
	char buf[16], g[256], w[256];
	const sb_facts *f;
	const char *role;

	snprintf(path, sizeof(path), "%s/%s", EXTRACT_DIR, name);
	base = strlen(name) - strlen(".txt");
	snprintf(epath, sizeof(epath), "%s/%.*s.expected.json", EXTRACT_DIR, (int)base, name);
	read_expected(epath, &e);
	if (sb_file_read(path, 1u << 20, &text, &len, &err) != SB_OK)
		fail_msg("%s: %s", path, err.message);
	sb_doc_list_init(&list);
	d = sb_doc_list_add(&list, name, SB_FORMAT_TEXT);
	assert_non_null(d);
	if (strstr(name, ".eml.txt") != NULL)
		load_email(d, text, &err);
	else
		assert_int_equal(sb_doc_add_page(d, text, len, &err), SB_OK);
	if (sb_extract(extractor, d, &err) != SB_OK)
		fail_msg("%s: %s", name, err.message);
	f = &d->facts;
	s->docs++;

	if (strcmp(sb_kind_name(f->kind), e.kind) == 0)
		s->kind++;
	else
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), " kind=%s(want %s)",
			 sb_kind_name(f->kind), e.kind);
	if (strcmp(iso_or_null(f, buf), e.date != NULL ? e.date : "null") == 0)
		s->date++;
	else
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), " date=%s(want %s)",
			 iso_or_null(f, buf), e.date != NULL ? e.date : "null");
	normalise_name(f->author != NULL ? f->author : "", g, sizeof(g));
	normalise_name(e.author != NULL ? e.author : "", w, sizeof(w));
	if (strcmp(g, w) == 0)
		s->author++;
	else
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), " author=%s(want %s)",
			 f->author != NULL ? f->author : "null",
			 e.author != NULL ? e.author : "null");
	role = sb_role_name(f->author_role);
	if (strcmp(role != NULL ? role : "null", e.role != NULL ? e.role : "null") == 0)
		s->role++;
	else
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), " role=%s(want %s)",
			 role != NULL ? role : "null", e.role != NULL ? e.role : "null");
	set_score(f->professionals, e.pros, e.npros, SB_PRO_COUNT, pro_name, &s->pro_tp, &s->pro_fp,
		  &s->pro_fn, msg, sizeof(msg));
	set_score(f->areas, e.areas, e.nareas, SB_AREA_COUNT, area_name, &s->area_tp, &s->area_fp,
		  &s->area_fn, msg, sizeof(msg));
	score_dates(f, &e, s, msg, sizeof(msg));
	if (msg[0] != '\0')
		printf("  %-40s%s\n", name, msg);
	sb_doc_list_free(&list);
	expected_free(&e);
	free(text);
}

static void test_corpus(void **state)
{
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	score s;
	double kind, date, author, role, pros, areas, dates_p, dates_r;

	(void)state;
	memset(&s, 0, sizeof(s));
	dir = opendir(EXTRACT_DIR);
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			names = realloc(names, cap * sizeof(*names));
			assert_non_null(names);
		}
		names[n] = strdup(de->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_str);
	assert_true(n >= 25);
	printf("corpus: %zu documents; misses (+ found but not expected, - missed; date+/date- "
	       "for the full dates mentioned):\n",
	       n);
	for (i = 0; i < n; i++) {
		score_one(names[i], &s);
		free(names[i]);
	}
	free(names);
	kind = (double)s.kind / s.docs;
	date = (double)s.date / s.docs;
	author = (double)s.author / s.docs;
	role = (double)s.role / s.docs;
	pros = f1(s.pro_tp, s.pro_fp, s.pro_fn);
	areas = f1(s.area_tp, s.area_fp, s.area_fn);
	dates_p = ratio_or_one(s.date_tp, s.date_tp + s.date_fp);
	dates_r = ratio_or_one(s.date_tp, s.date_tp + s.date_fn);
	printf("corpus scores: kind %.3f, document_date %.3f, author %.3f, author_role %.3f, "
	       "professionals F1 %.3f (tp %zu fp %zu fn %zu), areas F1 %.3f (tp %zu fp %zu "
	       "fn %zu), dates precision %.3f recall %.3f (tp %zu fp %zu fn %zu)\n",
	       kind, date, author, role, pros, s.pro_tp, s.pro_fp, s.pro_fn, areas, s.area_tp,
	       s.area_fp, s.area_fn, dates_p, dates_r, s.date_tp, s.date_fp, s.date_fn);
	assert_true(kind >= BAR_KIND);
	assert_true(date >= BAR_DATE);
	assert_true(author >= BAR_AUTHOR);
	assert_true(role >= BAR_ROLE);
	assert_true(pros >= BAR_PROFESSIONALS_F1);
	assert_true(areas >= BAR_AREAS_F1);
	assert_true(dates_p >= BAR_DATES_PRECISION);
	assert_true(dates_r >= BAR_DATES_RECALL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pattern_examples), cmocka_unit_test(test_professional_cases),
	    cmocka_unit_test(test_author_cases),     cmocka_unit_test(test_document_date_cases),
	    cmocka_unit_test(test_area_cases),	     cmocka_unit_test(test_robustness),
	    cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
