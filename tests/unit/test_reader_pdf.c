/*
 * The PDF reader on the fixtures in tests/data/readers/pdf (made by
 * make-fixtures.sh from the .txt files there): exact text, page geometry,
 * pages without text, metadata, and every refusal with its reason word.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/reader.h>

#include "sb_test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PDF_DIR SB_TEST_DATA "/readers/pdf/"
#define LIT(s) s, sizeof(s) - 1

typedef struct fixture {
	unsigned char *data;
	size_t len;
} fixture;

static fixture load(const char *name)
{
	fixture f = {NULL, 0};

	f.data = sb_test_slurp(PDF_DIR, name, &f.len);
	return f;
}

/* Read a fixture through sb_read_buffer; returns its rc, list filled. */
static int read_fixture(const char *name, const sb_read_limits *lim, sb_doc_list *list,
			sb_error *err)
{
	fixture f = load(name);
	int rc;

	sb_doc_list_init(list);
	sb_error_clear(err);
	rc = sb_read_buffer(name, f.data, f.len, lim, list, err);
	free(f.data);
	return rc;
}

/* A fixture that must be read: the one PDF document it gives. */
static sb_doc *read_ok(const char *name, const sb_read_limits *lim, sb_doc_list *list)
{
	sb_error err;
	int rc = read_fixture(name, lim, list, &err);

	if (rc != SB_OK)
		fail_msg("%s: %s (%s)", name, err.message, err.reason);
	assert_int_equal(list->ndocs, 1);
	assert_int_equal(list->docs[0]->format, SB_FORMAT_PDF);
	return list->docs[0];
}

static const char letter_page1[] =
    "Elmbury Borough Council\n"
    "\n"
    "Special Educational Needs Team\n"
    "\n"
    "14 Quarry Lane, Elmbury EB4 7QT\n"
    "\n"
    "12 March 2024\n"
    "\n"
    "Mr and Mrs Okonkwo-Hale\n"
    "3 Lantern Close\n"
    "Elmbury EB2 9LX\n"
    "\n"
    "Decision not to issue an EHC plan\n"
    "Re: Tobias Okonkwo-Hale, date of birth 3 May 2015\n"
    "\n"
    "Dear Mr and Mrs Okonkwo-Hale,\n"
    "\n"
    "Thank you for your request of 8 January 2024 for an education, health and care needs\n"
    "assessment for Tobias. The local authority has now completed the assessment and\n"
    "considered the advice received.\n"
    "\n"
    "The panel met on 5 March 2024 and decided that it is not necessary to issue an EHC "
    "plan.\n"
    "This letter explains why, and what you can do if you disagree.\n"
    "\n"
    "Page 1 of 3";

/* "figures" and "certificate" are set with the fi ligature glyph. */
static const char letter_page2[] =
    "Reasons for the decision\n"
    "The panel considered the reports of the educational psychologist, the speech and "
    "language\n"
    "therapist and the school's SENCO. Tobias's needs can be met from the resources "
    "ordinarily\n"
    "available to his school, with the support set out in his SEN support plan.\n"
    "\n"
    "The panel noted the difficulties with reading and spelling described in the "
    "educational\n"
    "psychology report, and the progress shown in the school's figures since September "
    "2023.\n"
    "\n"
    "Your right of appeal\n"
    "You may appeal to the First-tier Tribunal (Special Educational Needs and Disability). "
    "Before\n"
    "you appeal you must contact a mediation adviser, within two months of the date of this "
    "letter\n"
    "or one month from the date of a mediation certificate, whichever is later.\n"
    "\n"
    "Page 2 of 3";

static const char letter_page3[] =
    "If you would like to discuss this decision, please contact the SEN team on 01632 960 "
    "418.\n"
    "\n"
    "Yours sincerely,\n"
    "\n"
    "Ruth Abernethy-Clarke\n"
    "Senior SEN Case Officer\n"
    "Elmbury Borough Council\n"
    "\n"
    "Page 3 of 3";

static const char short_text[] = "Note of a telephone call\n"
				 "Date of call: 2 February 2024\n"
				 "Caller: Ms Priya Valdane, class teacher, Hollowmere Primary "
				 "School\n"
				 "Subject: Transition support for Year 6";

static void test_letter_text(void **state)
{
	static const char *const pages[] = {letter_page1, letter_page2, letter_page3};
	sb_doc_list list;
	sb_doc *doc;
	size_t i;

	(void)state;
	doc = read_ok("letter.pdf", NULL, &list);
	assert_int_equal(doc->npages, 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(doc->pages[i].text, pages[i]);
		assert_int_equal(doc->pages[i].len, strlen(pages[i]));
		assert_true(doc->pages[i].has_text);
	}
	assert_int_equal(doc->nwarnings, 0);
	assert_null(doc->meta_title);
	assert_null(doc->meta_author);
	assert_false(doc->has_meta_date);
	sb_doc_list_free(&list);
}

/* Size after /Rotate and CropBox, and the rotation, for every kind of page. */
static void test_geometry(void **state)
{
	static const struct {
		const char *file;
		size_t npages;
		size_t page; /* 0-based */
		double width, height;
		int rotation;
		bool has_text;
	} cases[] = {
	    {"letter.pdf", 3, 0, 595, 842, 0, true},
	    {"letter.pdf", 3, 2, 595, 842, 0, true},
	    {"rotated.pdf", 1, 0, 842, 595, 90, true},
	    /* /Rotate -90 on the page tree, inherited: 270. */
	    {"rotate-inherited.pdf", 1, 0, 842, 595, 270, true},
	    /* CropBox 36pt inside each edge of A4. */
	    {"cropped.pdf", 1, 0, 523, 770, 0, true},
	    {"text-and-scan.pdf", 2, 0, 595, 842, 0, true},
	    {"text-and-scan.pdf", 2, 1, 595, 842, 0, false},
	    {"mixed.pdf", 6, 3, 595, 842, 0, false},
	    {"mixed.pdf", 6, 5, 595, 842, 0, true},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *doc = read_ok(cases[i].file, NULL, &list);
		const sb_page *pg;

		assert_int_equal(doc->npages, cases[i].npages);
		pg = &doc->pages[cases[i].page];
		assert_float_equal(pg->width, cases[i].width, 0.01);
		assert_float_equal(pg->height, cases[i].height, 0.01);
		assert_int_equal(pg->rotation, cases[i].rotation);
		assert_int_equal(pg->has_text, cases[i].has_text);
		if (!cases[i].has_text) {
			assert_string_equal(pg->text, "");
			assert_int_equal(pg->len, 0);
		}
		sb_doc_list_free(&list);
	}
}

/* Rotated and cropped pages give the same words; text under the CropBox
 * (the corner text "HIDDEN BY THE CROP BOX") is not on the visible page. */
static void test_rotated_and_cropped_text(void **state)
{
	sb_doc_list list;
	sb_doc *doc;

	(void)state;
	doc = read_ok("cropped.pdf", NULL, &list);
	assert_string_equal(doc->pages[0].text, short_text);
	assert_null(strstr(doc->pages[0].text, "HIDDEN"));
	sb_doc_list_free(&list);

	/* MuPDF puts each line of a turned page in its own block. */
	doc = read_ok("rotated.pdf", NULL, &list);
	assert_string_equal(doc->pages[0].text,
			    "Note of a telephone call\n\n"
			    "Date of call: 2 February 2024\n\n"
			    "Caller: Ms Priya Valdane, class teacher, Hollowmere Primary School\n\n"
			    "Subject: Transition support for Year 6");
	sb_doc_list_free(&list);

	doc = read_ok("rotate-inherited.pdf", NULL, &list);
	assert_string_equal(doc->pages[0].text, "Turned by the page tree.");
	sb_doc_list_free(&list);
}

/* One warning listing every page without a text layer, ranges folded. */
static void test_textless_warning(void **state)
{
	static const struct {
		const char *file;
		const char *warning; /* NULL: no warning at all */
	} cases[] = {
	    {"letter.pdf", NULL},
	    {"text-and-scan.pdf", "page 2 has no text layer (scanned?): it needs OCR"},
	    {"mixed.pdf", "pages 2, 4-5 have no text layer (scanned?): they need OCR"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *doc = read_ok(cases[i].file, NULL, &list);

		if (cases[i].warning == NULL) {
			assert_int_equal(doc->nwarnings, 0);
		} else {
			assert_int_equal(doc->nwarnings, 1);
			assert_string_equal(doc->warnings[0], cases[i].warning);
		}
		sb_doc_list_free(&list);
	}
}

static void test_mixed_text(void **state)
{
	static const char *const texts[] = {
	    "Covering note\nThe following pages are scanned copies of the school reports.",
	    "",
	    "Page three is typed again: this one has a text layer.",
	    "",
	    "",
	    "The last page is typed as well."};
	sb_doc_list list;
	sb_doc *doc;
	size_t i;

	(void)state;
	doc = read_ok("mixed.pdf", NULL, &list);
	assert_int_equal(doc->npages, 6);
	for (i = 0; i < 6; i++) {
		assert_string_equal(doc->pages[i].text, texts[i]);
		assert_int_equal(doc->pages[i].has_text, texts[i][0] != '\0');
	}
	sb_doc_list_free(&list);
}

/* Ligatures spelt out; form feed and tab (through a ToUnicode map) are
 * spaces. */
static void test_normalised_text(void **state)
{
	sb_doc_list list;
	sb_doc *doc;

	(void)state;
	doc = read_ok("tounicode.pdf", NULL, &list);
	assert_int_equal(doc->npages, 1);
	assert_string_equal(doc->pages[0].text, "office, officer, one two three, flat");
	sb_doc_list_free(&list);
}

/* MuPDF splits a row at a wide gap; the reader joins it again, and keeps
 * columns drawn one after the other apart. */
static void test_rows_and_columns(void **state)
{
	sb_doc_list list;
	sb_doc *doc;

	(void)state;
	doc = read_ok("form-and-columns.pdf", NULL, &list);
	assert_string_equal(doc->pages[0].text, "Date of report: 12 March 2024\n"
						"\n"
						"Name: Ada Quennell-Brook\n"
						"\n"
						"Left column, first line.\n"
						"Left column, second line.\n"
						"Left column, third line.\n"
						"\n"
						"Right column, first line.\n"
						"Right column, second line.\n"
						"Right column, third line.");
	sb_doc_list_free(&list);
}

static void test_metadata(void **state)
{
	sb_doc_list list;
	sb_doc *doc;

	(void)state;
	doc = read_ok("info.pdf", NULL, &list);
	assert_string_equal(doc->meta_title,
			    "Speech and Language Therapy Report \xE2\x80\x93 Zo\xC3\xAB");
	assert_string_equal(doc->meta_author, "Dr Imogen Farrow-Basset");
	assert_true(doc->has_meta_date);
	assert_int_equal(doc->meta_date.year, 2024);
	assert_int_equal(doc->meta_date.month, 3);
	assert_int_equal(doc->meta_date.day, 12);
	assert_string_equal(doc->pages[0].text,
			    "Speech and Language Therapy Report\nPrepared for Elmbury Borough "
			    "Council.");
	sb_doc_list_free(&list);

	/* A blank title is no title; 1970-01-01 is a writer's default. */
	doc = read_ok("info-baddate.pdf", NULL, &list);
	assert_null(doc->meta_title);
	assert_null(doc->meta_author);
	assert_false(doc->has_meta_date);
	sb_doc_list_free(&list);
}

/* Files that are refused: code, reason word, message and hint. */
static void test_refused(void **state)
{
	static const struct {
		const char *file;
		int code;
		const char *reason;
		const char *message_start;
		const char *hint;
	} cases[] = {
	    {"encrypted.pdf", SB_EIO, "encrypted",
	     "'encrypted.pdf' is encrypted: it cannot be read without its password",
	     "remove the password (open it and print to PDF) and scan again"},
	    {"truncated.pdf", SB_EPARSE, "damaged",
	     "'truncated.pdf' is damaged: some pages may be missing (",
	     "download it again, or open it and save or print it to a new PDF, then scan "
	     "again"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_error err;
		int rc = read_fixture(cases[i].file, NULL, &list, &err);

		assert_int_equal(rc, cases[i].code);
		assert_int_equal(err.code, cases[i].code);
		assert_string_equal(err.reason, cases[i].reason);
		assert_string_equal(err.file, cases[i].file);
		if (strncmp(err.message, cases[i].message_start, strlen(cases[i].message_start)) !=
		    0)
			fail_msg("%s: message '%s'", cases[i].file, err.message);
		assert_string_equal(err.hint, cases[i].hint);
		/* Never half a document: nothing reaches the list. */
		assert_int_equal(list.ndocs, 0);
		sb_doc_list_free(&list);
	}
}

/* A truncated file that the caller accepts: what is left, with warnings. */
static void test_truncated_allowed(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_doc *doc;

	(void)state;
	sb_read_limits_init(&lim);
	lim.allow_repaired = true;
	doc = read_ok("truncated.pdf", &lim, &list);
	/* The page tree survives the cut, pages 2 and 3 themselves do not. */
	assert_int_equal(doc->npages, 3);
	assert_string_equal(doc->pages[0].text, letter_page1);
	assert_false(doc->pages[1].has_text);
	assert_false(doc->pages[2].has_text);
	assert_int_equal(doc->nwarnings, 2);
	assert_string_equal(doc->warnings[0],
			    "pages 2-3 have no text layer (scanned?): they need OCR");
	assert_string_equal(doc->warnings[1], "the file was damaged and has been repaired "
					      "(cannot find startxref): some pages may be "
					      "missing");
	sb_doc_list_free(&list);
}

/* Not a PDF at all, called directly (sb_read_buffer would sniff the bytes
 * and pass it to another reader). */
static void test_not_a_pdf(void **state)
{
	static const struct {
		const char *name;
		const char *data; /* NULL: the fixture file */
		size_t len;
	} cases[] = {
	    {"not-a-pdf.pdf", NULL, 0},
	    {"empty.pdf", LIT("")},
	    {"header-only.pdf", LIT("%PDF-1.7\n")},
	    {"no-pages.pdf",
	     LIT("%PDF-1.4\n1 0 obj <</Type/Catalog>> endobj\ntrailer <</Root 1 0 R>>\n")},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *doc;
		sb_error err;
		fixture f = {NULL, 0};
		int rc;

		if (cases[i].data == NULL)
			f = load(cases[i].name);
		sb_doc_list_init(&list);
		sb_error_clear(&err);
		doc = sb_doc_list_add(&list, cases[i].name, SB_FORMAT_PDF);
		assert_non_null(doc);
		rc = sb_reader_pdf(cases[i].name,
				   f.data != NULL ? f.data : (const unsigned char *)cases[i].data,
				   f.data != NULL ? f.len : cases[i].len, NULL, doc, &err);
		if (rc != SB_EPARSE)
			fail_msg("%s: rc %d, %s", cases[i].name, rc, err.message);
		assert_string_equal(err.reason, "damaged");
		assert_string_equal(err.file, cases[i].name);
		assert_non_null(strstr(err.message, "is damaged"));
		assert_int_equal(doc->npages, 0);
		free(f.data);
		sb_doc_list_free(&list);
	}
}

/* Faults MuPDF reads past are reported in one warning, with the text it
 * could read: a damaged content stream, and a font that inflates to 640 MiB
 * (MuPDF stops it and falls back to a built-in font). */
static void test_faults_read_past(void **state)
{
	static const char start[] = "some text may be wrong or missing: the PDF reader reported '";
	static const struct {
		const char *file;
		const char *text;
	} cases[] = {
	    {"faulty.pdf", "Before the damage."},
	    {"font-bomb.pdf", "A page whose font is a bomb."},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_doc_list list;
		sb_doc *doc = read_ok(cases[i].file, NULL, &list);

		assert_int_equal(doc->npages, 1);
		assert_string_equal(doc->pages[0].text, cases[i].text);
		assert_int_equal(doc->nwarnings, 1);
		assert_memory_equal(doc->warnings[0], start, strlen(start));
		sb_doc_list_free(&list);
	}
}

static void test_max_pages(void **state)
{
	static const struct {
		size_t max_pages;
		int rc;
	} cases[] = {{3, SB_OK}, {2, SB_ERANGE}, {1, SB_ERANGE}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_read_limits lim;
		sb_doc_list list;
		sb_error err;
		int rc;

		sb_read_limits_init(&lim);
		lim.max_pages = cases[i].max_pages;
		rc = read_fixture("letter.pdf", &lim, &list, &err);
		assert_int_equal(rc, cases[i].rc);
		if (rc == SB_OK) {
			assert_int_equal(list.docs[0]->npages, 3);
		} else {
			char want[128];

			snprintf(want, sizeof(want),
				 "'letter.pdf' has 3 pages, more than the %zu a document may have",
				 cases[i].max_pages);
			assert_string_equal(err.reason, "too-many-pages");
			assert_string_equal(err.message, want);
			assert_int_equal(list.ndocs, 0);
		}
		sb_doc_list_free(&list);
	}
}

/* The letter holds exactly this many bytes of text: one fewer is too many. */
static void test_max_text(void **state)
{
	const size_t total = sizeof(letter_page1) + sizeof(letter_page2) + sizeof(letter_page3) - 3;
	static const struct {
		int delta;
		int rc;
	} cases[] = {{0, SB_OK}, {1000, SB_OK}, {-1, SB_ERANGE}, {-1000, SB_ERANGE}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_read_limits lim;
		sb_doc_list list;
		sb_error err;
		int rc;

		sb_read_limits_init(&lim);
		lim.max_text = (size_t)((long)total + cases[i].delta);
		rc = read_fixture("letter.pdf", &lim, &list, &err);
		assert_int_equal(rc, cases[i].rc);
		if (rc != SB_OK) {
			assert_string_equal(err.reason, "too-large");
			assert_int_equal(list.ndocs, 0);
		}
		sb_doc_list_free(&list);
	}
}

/* Hash and size come from sb_read_buffer, the rest from the reader. */
static void test_read_buffer_fields(void **state)
{
	fixture f;
	sb_doc_list list;
	sb_doc *doc;
	char want[65];

	(void)state;
	f = load("letter.pdf");
	sb_sha256_hex(f.data, f.len, want);
	doc = read_ok("letter.pdf", NULL, &list);
	assert_int_equal(doc->size, f.len);
	assert_string_equal(doc->sha256, want);
	assert_string_equal(doc->path, "letter.pdf");
	free(f.data);
	sb_doc_list_free(&list);
}

/* Each call has its own MuPDF context: readers on several threads at once
 * give the same text as one alone. */
static void *read_in_thread(void *arg)
{
	fixture *f = arg;
	sb_doc_list list;
	sb_error err;
	int i, ok = 1;

	for (i = 0; i < 4 && ok; i++) {
		sb_doc_list_init(&list);
		ok = sb_read_buffer("letter.pdf", f->data, f->len, NULL, &list, &err) == SB_OK &&
		     list.ndocs == 1 && list.docs[0]->npages == 3 &&
		     strcmp(list.docs[0]->pages[2].text, letter_page3) == 0;
		sb_doc_list_free(&list);
	}
	return ok ? arg : NULL;
}

static void test_threads(void **state)
{
	fixture f;
	pthread_t t[4];
	size_t i;

	(void)state;
	f = load("letter.pdf");
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, read_in_thread, &f), 0);
	for (i = 0; i < 4; i++) {
		void *res = NULL;

		assert_int_equal(pthread_join(t[i], &res), 0);
		assert_ptr_equal(res, &f);
	}
	free(f.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_letter_text),
	    cmocka_unit_test(test_geometry),
	    cmocka_unit_test(test_rotated_and_cropped_text),
	    cmocka_unit_test(test_textless_warning),
	    cmocka_unit_test(test_mixed_text),
	    cmocka_unit_test(test_normalised_text),
	    cmocka_unit_test(test_rows_and_columns),
	    cmocka_unit_test(test_metadata),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_truncated_allowed),
	    cmocka_unit_test(test_not_a_pdf),
	    cmocka_unit_test(test_faults_read_past),
	    cmocka_unit_test(test_max_pages),
	    cmocka_unit_test(test_max_text),
	    cmocka_unit_test(test_read_buffer_fields),
	    cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
