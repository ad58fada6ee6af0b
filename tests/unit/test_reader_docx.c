/*
 * Unit tests for sb_reader_docx: the text of Word .docx files.
 *
 * Why: parents' folders hold letters saved from Word, whose letterhead, date
 * and reference often sit in the page header; a reader that drops headers or
 * keeps tracked deletions and field codes gives extraction the wrong words.
 * And a .docx is a zip of XML, the classic carrier of zip bombs and entity
 * expansion, so every hostile fixture must be refused quickly, with a stable
 * reason word, without allocating what its headers promise (this suite runs
 * under AddressSanitizer too). Fixtures: tests/data/readers/docx, made by
 * make-fixtures.sh (tests/tools/mkdocx.py and fixtures.py there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include "sb_test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DOCX_DIR SB_TEST_DATA "/readers/docx/"

static unsigned char *slurp(const char *name, size_t *len)
{
	return sb_test_slurp(DOCX_DIR, name, len);
}

/* Read fixture `name` with limits lim (NULL: defaults) into a one-document list. */
static int read_fixture(const char *name, const sb_read_limits *lim, sb_doc_list *list,
			sb_doc **doc, sb_error *err)
{
	unsigned char *data;
	size_t len;
	int rc;

	data = slurp(name, &len);
	sb_doc_list_init(list);
	*doc = sb_doc_list_add(list, name, SB_FORMAT_DOCX);
	assert_non_null(*doc);
	sb_error_clear(err);
	rc = sb_reader_docx(name, data, len, lim, *doc, err);
	free(data);
	return rc;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* letter.txt with make-fixtures.sh's options: header and footer (once, first), the body
 * with the tracked insertion but not the deletion, then the footnote and the endnote. */
static const char LETTER_TEXT[] =
	"Northbrook Borough Council, Town Hall, Northbrook NB1 1AA\n"
	"Our ref: NBC/SEND/0117\n"
	"Northbrook Borough Council is a fictional authority.\n"
	"Page 1\n"
	"Northbrook Borough Council\n"
	"Children's Services, SEND Team\n"
	"\n"
	"12 March 2024\n"
	"\n"
	"Dear Ms Okonjo-Hart\n"
	"\n"
	"Re: Tomasz Brennan-Achebe, date of birth 4 June 2015\n"
	"\n"
	"We have decided not to carry out an education, health and care needs assessment "
	"for Tomasz.\n"
	"The panel met on 7 March 2024.\tItem 4.\n"
	"\n"
	"Yours sincerely\n"
	"\n"
	"Priya Castellane\n"
	"SEND Casework Officer Please keep this letter.\n"
	" Children and Families Act 2014, section 36(8).\n"
	" Copied to the school SENCO.\n";

static void test_letter_text(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	assert_int_equal(read_fixture("letter.docx", NULL, &list, &doc, &err), SB_OK);
	assert_int_equal(doc->npages, 1);
	assert_string_equal(doc->pages[0].text, LETTER_TEXT);
	assert_int_equal(doc->pages[0].len, strlen(LETTER_TEXT));
	assert_true(doc->pages[0].has_text);
	/* Tracked deletion and field instruction are in the file but not in the text. */
	assert_null(strstr(doc->pages[0].text, "look at this again"));
	assert_null(strstr(doc->pages[0].text, "MERGEFORMAT"));
	assert_int_equal(doc->nwarnings, 0);
	sb_doc_list_free(&list);
}

static void test_letter_meta(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	assert_int_equal(read_fixture("letter.docx", NULL, &list, &doc, &err), SB_OK);
	assert_string_equal(doc->meta_title, "Decision not to assess");
	assert_string_equal(doc->meta_author, "Priya Castellane");
	assert_true(doc->has_meta_date);
	assert_int_equal(doc->meta_date.year, 2024);
	assert_int_equal(doc->meta_date.month, 3);
	assert_int_equal(doc->meta_date.day, 12);
	sb_doc_list_free(&list);
}

/* Through the one entry point: detected as DOCX from the bytes, hashed, read. */
static void test_letter_through_read_buffer(void **state)
{
	unsigned char *data;
	size_t len;
	sb_doc_list list;
	sb_error err;

	(void)state;
	data = slurp("letter.docx", &len);
	sb_doc_list_init(&list);
	sb_error_clear(&err);
	assert_int_equal(sb_read_buffer("case/letter.docx", data, len, NULL, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 1);
	assert_int_equal(list.docs[0]->format, SB_FORMAT_DOCX);
	assert_int_equal(list.docs[0]->size, len);
	assert_int_equal(strlen(list.docs[0]->sha256), 64);
	assert_string_equal(list.docs[0]->pages[0].text, LETTER_TEXT);
	sb_doc_list_free(&list);
	free(data);
}

/* fixtures.py tricky(): every construct, with WordprocessingML under the prefix "ns0". */
static const char TRICKY_TEXT[] = "Letterhead line\n"
				  "Tenth header\n"
				  "Footer only\n"
				  "Tab stops are not tabs\n"
				  "Smith & Jones\xE2\x80\x99s\n"
				  "shown words\n"
				  "BeforeIn a text box\n"
				  "after\n"
				  "moved here\n"
				  "Ref-42\tline\n"
				  "two\n"
				  "three\n"
				  "1 April 2024\n"
				  "Cell A\n"
				  "Cell B\n"
				  "x < y\n"
				  "a+b\n"
				  "\n"
				  " Note one\n"
				  " End one\n";

static void test_tricky_text(void **state)
{
	static const char *const absent[] = {"decoy",	 "hidden words", "moved away",
					     "Glossary", "DATE",	 "separator"};
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;
	size_t i;

	(void)state;
	assert_int_equal(read_fixture("tricky.docx", NULL, &list, &doc, &err), SB_OK);
	assert_int_equal(doc->npages, 1);
	assert_string_equal(doc->pages[0].text, TRICKY_TEXT);
	for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		assert_null(strstr(doc->pages[0].text, absent[i]));
	sb_doc_list_free(&list);
}

/* Core properties: whitespace folded, a placeholder author dropped, and a UTC time read as
 * the date in England (23:30 UTC on 30 June 2024 is 00:30 BST on 1 July). */
static void test_tricky_meta(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	assert_int_equal(read_fixture("tricky.docx", NULL, &list, &doc, &err), SB_OK);
	assert_string_equal(doc->meta_title, "Tricky constructs");
	assert_null(doc->meta_author);
	assert_true(doc->has_meta_date);
	assert_int_equal(doc->meta_date.year, 2024);
	assert_int_equal(doc->meta_date.month, 7);
	assert_int_equal(doc->meta_date.day, 1);
	sb_doc_list_free(&list);
}

/* 23:30 at UTC-5 on 15 January is 04:30 GMT on the 16th. */
static void test_core_offset(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	assert_int_equal(read_fixture("core-offset.docx", NULL, &list, &doc, &err), SB_OK);
	assert_string_equal(doc->meta_author, "Dr Imogen Falstaff");
	assert_true(doc->has_meta_date);
	assert_int_equal(doc->meta_date.year, 2024);
	assert_int_equal(doc->meta_date.month, 1);
	assert_int_equal(doc->meta_date.day, 16);
	/* No header, footer or notes: the text is the input file, one line per paragraph. */
	assert_int_equal(strncmp(doc->pages[0].text, "Northbrook Borough Council\n", 27), 0);
	sb_doc_list_free(&list);
}

/* A zip that fails libzip's strict consistency check (a local header dated unlike its
 * central one, as some zip tools write) is read from the central directory, with a
 * warning. */
static void test_inconsistent_zip(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	assert_int_equal(read_fixture("inconsistent.docx", NULL, &list, &doc, &err), SB_OK);
	assert_string_equal(doc->pages[0].text, LETTER_TEXT);
	assert_int_equal(doc->nwarnings, 1);
	assert_string_equal(doc->warnings[0], "the zip structure of 'inconsistent.docx' is "
					      "inconsistent; it was read anyway");
	sb_doc_list_free(&list);
}

static void test_strict_namespace(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	assert_int_equal(read_fixture("strict.docx", NULL, &list, &doc, &err), SB_OK);
	assert_string_equal(doc->pages[0].text, "Strict Open XML text\n");
	assert_null(doc->meta_title);
	assert_false(doc->has_meta_date);
	sb_doc_list_free(&list);
}

struct refusal {
	const char *file;
	size_t max_zip_entry; /* 0: the default */
	int code;
	const char *reason;
	const char *says; /* a phrase the message must hold */
};

static const struct refusal refusals[] = {
	{"billion-laughs.docx", 0, SB_EIO, "damaged", "word/document.xml"},
	{"external-entity.docx", 0, SB_EIO, "damaged", "DTD"},
	{"invalid-xml.docx", 0, SB_EIO, "damaged", "not well-formed XML"},
	{"no-document.docx", 0, SB_EIO, "not-docx", "without word/document.xml"},
	{"not-a-zip.docx", 0, SB_EIO, "damaged", "not a readable zip"},
	{"truncated.docx", 0, SB_EIO, "damaged", "not a readable zip"},
	{"encrypted-entry.docx", 0, SB_EIO, "encrypted", "password-protected"},
	{"encrypted-ole.docx", 0, SB_EIO, "encrypted", "password-protected"},
	{"bomb-2gb.docx", 0, SB_ERANGE, "too-large", "2000000000 bytes"},
	{"bomb-lying-size.docx", 1 << 20, SB_ERANGE, "too-large", "more than the 1048576"},
};

static void test_refusals(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *t = &refusals[i];
		sb_read_limits lim;
		sb_doc_list list;
		sb_doc *doc;
		sb_error err;
		struct timespec start;

		sb_read_limits_init(&lim);
		if (t->max_zip_entry > 0)
			lim.max_zip_entry = t->max_zip_entry;
		clock_gettime(CLOCK_MONOTONIC, &start);
		print_message("%s\n", t->file);
		assert_int_equal(read_fixture(t->file, &lim, &list, &doc, &err), t->code);
		/* Refused quickly: nothing was inflated or expanded past the caps. */
		assert_true(seconds_since(&start) < 5.0);
		assert_string_equal(err.reason, t->reason);
		assert_string_equal(err.file, t->file);
		assert_non_null(strstr(err.message, t->says));
		assert_non_null(strstr(err.message, t->file));
		assert_non_null(strstr(err.hint, strcmp(t->reason, "encrypted") == 0
							 ? "remove the password"
							 : "save it again as .docx"));
		/* Never half-read. */
		assert_int_equal(doc->npages, 0);
		assert_null(doc->meta_title);
		sb_doc_list_free(&list);
	}
}

/* The bomb's 2 GB are refused from the zip directory before one byte is inflated. */
static void test_bomb_fails_fast(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;
	struct timespec start;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(read_fixture("bomb-2gb.docx", NULL, &list, &doc, &err), SB_ERANGE);
	assert_true(seconds_since(&start) < 1.0);
	assert_string_equal(err.reason, "too-large");
	sb_doc_list_free(&list);
}

/*
 * With an entry limit larger than the bomb, the bomb is inflated, but only
 * until libxml2's own cap on one text node (10 MB without XML_PARSE_HUGE,
 * which the reader never sets) stops the parse: refused, quickly.
 */
static void test_bomb_with_generous_entry_limit(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;
	struct timespec start;

	(void)state;
	sb_read_limits_init(&lim);
	lim.max_zip_entry = (size_t)4 << 30;
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(read_fixture("bomb-2gb.docx", &lim, &list, &doc, &err), SB_EIO);
	assert_true(seconds_since(&start) < 10.0);
	assert_string_equal(err.reason, "damaged");
	assert_non_null(strstr(err.message, "huge text node"));
	assert_int_equal(doc->npages, 0);
	sb_doc_list_free(&list);
}

static void test_text_limit(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	sb_read_limits_init(&lim);
	lim.max_text = strlen(LETTER_TEXT);
	assert_int_equal(read_fixture("letter.docx", &lim, &list, &doc, &err), SB_OK);
	assert_string_equal(doc->pages[0].text, LETTER_TEXT);
	sb_doc_list_free(&list);

	lim.max_text = strlen(LETTER_TEXT) - 1;
	assert_int_equal(read_fixture("letter.docx", &lim, &list, &doc, &err), SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_int_equal(doc->npages, 0);
	sb_doc_list_free(&list);
}

static void test_entry_limit(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	sb_read_limits_init(&lim);
	/* letter.docx's document.xml unpacks to a few KiB. */
	lim.max_zip_entry = 1000;
	assert_int_equal(read_fixture("letter.docx", &lim, &list, &doc, &err), SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_non_null(strstr(err.message, "word/document.xml"));
	sb_doc_list_free(&list);

	lim.max_zip_entry = 64 << 10;
	assert_int_equal(read_fixture("letter.docx", &lim, &list, &doc, &err), SB_OK);
	sb_doc_list_free(&list);
}

/* A zip of `count` empty stored entries, the first one word/document.xml. */
static unsigned char *many_entries(size_t count, size_t *len)
{
	size_t local = 0, central = 0, i, cap = count * 128 + 64;
	unsigned char *z = calloc(1, cap), *cd = calloc(1, cap);
	char name[32];

	assert_non_null(z);
	assert_non_null(cd);
	for (i = 0; i < count; i++) {
		size_t n = (size_t)snprintf(name, sizeof(name),
					    i == 0 ? "word/document.xml" : "word/media/e%zu", i);
		unsigned char *h = z + local, *c = cd + central;
		uint32_t off = (uint32_t)local;

		memcpy(h, "PK\x03\x04\x14\0\0\0\0\0", 10); /* version 2.0, stored */
		h[26] = (unsigned char)n;
		memcpy(h + 30, name, n);
		local += 30 + n;
		memcpy(c, "PK\x01\x02\x14\0\x14\0\0\0\0\0", 12);
		c[28] = (unsigned char)n;
		memcpy(c + 42, &off, 4); /* little-endian hosts only, as this test runs */
		memcpy(c + 46, name, n);
		central += 46 + n;
	}
	memcpy(z + local, cd, central);
	{
		unsigned char *e = z + local + central;
		uint16_t n16 = (uint16_t)count;
		uint32_t size = (uint32_t)central, off = (uint32_t)local;

		memcpy(e, "PK\x05\x06", 4);
		memcpy(e + 8, &n16, 2);
		memcpy(e + 10, &n16, 2);
		memcpy(e + 12, &size, 4);
		memcpy(e + 16, &off, 4);
		*len = local + central + 22;
	}
	free(cd);
	return z;
}

static void test_entry_count_limit(void **state)
{
	static const struct {
		size_t count;
		int code;
		const char *reason;
	} cases[] = {
	    /* document.xml is empty: not XML, so damaged, but it was looked at. */
	    {10000, SB_EIO, "damaged"},
	    {10001, SB_ERANGE, "too-large"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		unsigned char *z = many_entries(cases[i].count, &len);
		sb_doc_list list;
		sb_doc *doc;
		sb_error err;

		sb_doc_list_init(&list);
		doc = sb_doc_list_add(&list, "many.docx", SB_FORMAT_DOCX);
		assert_non_null(doc);
		assert_int_equal(sb_reader_docx("many.docx", z, len, NULL, doc, &err),
				 cases[i].code);
		assert_string_equal(err.reason, cases[i].reason);
		sb_doc_list_free(&list);
		free(z);
	}
}

static void test_bad_arguments(void **state)
{
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;

	(void)state;
	sb_doc_list_init(&list);
	doc = sb_doc_list_add(&list, "x.docx", SB_FORMAT_DOCX);
	assert_non_null(doc);
	assert_int_equal(sb_reader_docx(NULL, NULL, 0, NULL, doc, &err), SB_EINVAL);
	assert_int_equal(sb_reader_docx("x.docx", NULL, 5, NULL, doc, &err), SB_EINVAL);
	assert_int_equal(sb_reader_docx("x.docx", NULL, 0, NULL, NULL, &err), SB_EINVAL);
	assert_int_equal(sb_reader_docx("x.docx", NULL, 0, NULL, doc, &err), SB_EIO);
	assert_string_equal(err.reason, "damaged");
	/* No error detail wanted: still refused, still no crash. */
	assert_int_equal(sb_reader_docx("x.docx", (const unsigned char *)"PK", 2, NULL, doc, NULL),
			 SB_EIO);
	assert_int_equal(doc->npages, 0);
	sb_doc_list_free(&list);
}

/* scan reads files on several threads: the reader keeps no shared state. */
struct thread_job {
	const unsigned char *data;
	size_t len;
	int failures;
};

static void *read_many(void *arg)
{
	struct thread_job *job = arg;
	int i;

	for (i = 0; i < 25; i++) {
		sb_doc_list list;
		sb_doc *doc;
		sb_error err;

		sb_doc_list_init(&list);
		doc = sb_doc_list_add(&list, "letter.docx", SB_FORMAT_DOCX);
		if (doc == NULL ||
		    sb_reader_docx("letter.docx", job->data, job->len, NULL, doc, &err) != SB_OK ||
		    strcmp(doc->pages[0].text, LETTER_TEXT) != 0)
			job->failures++;
		sb_doc_list_free(&list);
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t threads[4];
	struct thread_job jobs[4];
	size_t len, i;
	unsigned char *data;

	(void)state;
	data = slurp("letter.docx", &len);
	for (i = 0; i < 4; i++) {
		jobs[i].data = data;
		jobs[i].len = len;
		jobs[i].failures = 0;
		assert_int_equal(pthread_create(&threads[i], NULL, read_many, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(jobs[i].failures, 0);
	}
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letter_text),
		cmocka_unit_test(test_letter_meta),
		cmocka_unit_test(test_letter_through_read_buffer),
		cmocka_unit_test(test_tricky_text),
		cmocka_unit_test(test_tricky_meta),
		cmocka_unit_test(test_core_offset),
		cmocka_unit_test(test_inconsistent_zip),
		cmocka_unit_test(test_strict_namespace),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bomb_fails_fast),
		cmocka_unit_test(test_bomb_with_generous_entry_limit),
		cmocka_unit_test(test_text_limit),
		cmocka_unit_test(test_entry_limit),
		cmocka_unit_test(test_entry_count_limit),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
