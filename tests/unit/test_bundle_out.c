/*
 * test_bundle_out: the files beside the bundle PDF in the zip (issue 4, "The
 * zip"): index and chronology as JSON, CSV and HTML, the names of the PDF
 * and the originals, and the zip writer itself.
 *
 * Why: these files are what a parent, a solicitor and the Tribunal open
 * first. Their page numbers must be the plan's, a hostile title (a formula,
 * a path, a script) must stay words in every format, the child's name must
 * never reach a file name, and the zip must be byte-for-byte reproducible
 * and never replace or half-write a file. The plan is built by hand here,
 * so these tests do not depend on the planner.
 *
 * Golden files: tests/data/bundle_out/. After a deliberate change, rerun
 * with SB_UPDATE_GOLDEN=1 to rewrite them, and review the diff.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include "sb_test.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#define GOLDEN_DIR SB_TEST_DATA "/bundle_out"
#define PDF_NAME "bundle-EH881-26-00117-hearing-2027-01-14.pdf"

/* 2027-01-14T09:30:17Z: an odd second, which a zip cannot hold (2 s steps). */
#define T_WINTER ((time_t)1799919017)
/* 2026-07-01T02:30:00Z: summer, when the test's other zone is on DST. */
#define T_SUMMER ((time_t)1782873000)

/* ---- a hand-built plan ---- */

static sb_doc decision_doc, certificate_doc;
#define NPLAN 8
static sb_plan_entry entries[NPLAN];
static sb_plan_excluded excluded[2];
static sb_plan plan;
static sb_case_file cf;

static void entry(size_t i, sb_section s, unsigned tab, char *title, char *author, sb_role role,
		  int y, int m, int d, size_t first, size_t last, char *source, const sb_doc *doc)
{
	sb_plan_entry *e = &entries[i];

	memset(e, 0, sizeof(*e));
	e->section = s;
	e->tab = tab;
	e->title = title;
	e->author = author;
	e->author_role = role;
	e->has_date = y != 0;
	e->date.year = y;
	e->date.month = m;
	e->date.day = d;
	e->source = source;
	/* A fictional hash per entry: 64 times one hex digit. */
	memset(e->sha256, "0123456789abcdef"[(i * 5 + 3) % 16], 64);
	e->sha256[64] = '\0';
	e->doc = doc;
	e->npages = last - first + 1;
	e->first_page = first;
	e->last_page = last;
}

/* Cover 1, index 2-3, chronology 4, then three sections; two documents
 * undated; hostile and non-ASCII words in titles, authors and sources. */
static void make_plan(void)
{
	memset(&decision_doc, 0, sizeof(decision_doc));
	memset(&certificate_doc, 0, sizeof(certificate_doc));
	decision_doc.facts.kind = SB_KIND_LA_DECISION;
	certificate_doc.facts.kind = SB_KIND_MEDIATION_CERTIFICATE;
	entry(0, SB_SECTION_APPEAL, 1, "Decision letter", "Jo Bloggs", SB_ROLE_LA_OFFICER, 2026, 9,
	      14, 5, 6, "la/decision letter.PDF", &decision_doc);
	entry(1, SB_SECTION_APPEAL, 2, "Mediation certificate", NULL, SB_ROLE_NONE, 2026, 10, 2,
	      7, 7, "mediation/certificate.pdf", &certificate_doc);
	entry(2, SB_SECTION_APPEAL, 3, "Appeal form (SEND35a)", "Alex Morgan", SB_ROLE_PARENT,
	      2026, 10, 20, 8, 13, "appeal/SEND35a.pdf", NULL);
	entry(3, SB_SECTION_APPELLANT, 1, "Educational psychologist\xE2\x80\x99s report",
	      "Zo\xC3\xAB N\xC3\xAD Bhriain", SB_ROLE_EP, 2026, 3, 12, 14, 20,
	      "reports/EP report \xE2\x80\x93 Zo\xC3\xAB.pdf", NULL);
	entry(4, SB_SECTION_APPELLANT, 2, "=cmd|' /C calc'!A0", "@SUM(1+1)", SB_ROLE_NONE, 2026, 9,
	      14, 21, 21, "emails/thread.eml#2/notes, \"final\".docx", NULL);
	entry(5, SB_SECTION_APPELLANT, 3, "../../etc", NULL, SB_ROLE_NONE, 0, 0, 0, 22, 23,
	      "misc/passwd", NULL);
	entry(6, SB_SECTION_APPELLANT, 4, "<script>alert('x')</script> & more",
	      "Dr \"Quote\" <b>", SB_ROLE_SALT, 0, 0, 0, 24, 24, "reports/salt.docx", NULL);
	entry(7, SB_SECTION_LA, 1, "Panel minutes", NULL, SB_ROLE_LA_OFFICER, 2026, 8, 30, 25, 26,
	      "la/panel.pdf", NULL);
	excluded[0].source = "reports/EP report copy.pdf";
	excluded[0].reason = "duplicate of D1 (same SHA-256)";
	excluded[1].source = "notes/private <b>.txt";
	excluded[1].reason = "excluded in sendbundle.json: not relevant";
	memset(&plan, 0, sizeof(plan));
	plan.numbering = SB_NUMBERING_CONTINUOUS;
	plan.cover_pages = 1;
	plan.index_first = 2;
	plan.index_pages = 2;
	plan.chron_first = 4;
	plan.chron_pages = 1;
	plan.entries = entries;
	plan.nentries = NPLAN;
	plan.excluded = excluded;
	plan.nexcluded = 2;
	plan.total_pages = 26;
	memset(&cf, 0, sizeof(cf));
	cf.appeal_type = SB_APPEAL_REFUSAL_TO_ASSESS;
	cf.appeal_number = "EH881/26/00117";
	cf.has_hearing_date = true;
	cf.hearing_date.year = 2027;
	cf.hearing_date.month = 1;
	cf.hearing_date.day = 14;
	cf.child = "A. M.";
	cf.la = "Northshire County Council";
	cf.bundle_version = 1;
}

static int setup_plan(void **state)
{
	(void)state;
	make_plan();
	return 0;
}

/* ---- golden files ---- */

static void check_golden(const char *name, const char *got)
{
	unsigned char *want;
	size_t len;

	assert_non_null(got);
	if (getenv("SB_UPDATE_GOLDEN") != NULL) {
		char path[1024];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, strlen(got), f), strlen(got));
		assert_int_equal(fclose(f), 0);
		return;
	}
	want = sb_test_slurp(GOLDEN_DIR, name, &len);
	if (len != strlen(got) || memcmp(want, got, len) != 0) {
		fprintf(stderr, "%s differs from the golden file; got:\n%s\n", name, got);
		free(want);
		fail_msg("%s: output differs from %s/%s", name, GOLDEN_DIR, name);
	}
	free(want);
}

static void test_index_csv(void **state)
{
	char *out = NULL;
	sb_error err;

	(void)state;
	assert_int_equal(sb_bundle_index_to_csv(&plan, &out, &err), SB_OK);
	/* The formula is defused and quoted; the path stays a plain word. */
	assert_non_null(strstr(out, "\r\nD,2,\"'=cmd|' /C calc'!A0\",\"'@SUM(1+1)\",2026-09-14,"));
	assert_non_null(strstr(out, "\r\nD,3,../../etc,,Undated,22,23,misc/passwd,"));
	free(out);
}

static void test_chronology_csv(void **state)
{
	static const char *const rows[] = {
		/* Earliest first; the two documents of 14 Sep 2026 in bundle order
		 * (A1 before D2); the undated D3 and D4 left out. */
		"Date,Event,Document,Author (profession),Bundle page,Note\r\n",
		("2026-03-12,Educational psychologist\xE2\x80\x99s report,D1,"
		 "Zo\xC3\xAB N\xC3\xAD Bhriain (EP),14,\r\n"),
		"2026-08-30,Panel minutes,E1,(LA officer),25,\r\n",
		"2026-09-14,Decision letter,A1,Jo Bloggs (LA officer),5,Key date:",
		"2026-09-14,\"'=cmd|' /C calc'!A0\",D2,\"'@SUM(1+1)\",21,\r\n",
		"2026-10-02,Mediation certificate,A2,,7,\"Key date:",
		"2026-10-20,Appeal form (SEND35a),A3,Alex Morgan (parent),8,\r\n",
	};
	char *out = NULL;
	const char *at;
	size_t i;
	sb_error err;

	(void)state;
	assert_int_equal(sb_bundle_chronology_to_csv(&plan, &out, &err), SB_OK);
	at = out;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		at = strstr(at, rows[i]);
		assert_non_null(at);
	}
	assert_null(strstr(out, "etc"));
	assert_null(strstr(out, "script"));
	free(out);
}

/* What must hold in any HTML page we write, whatever the words in it. */
static void check_html_safe(const char *html)
{
	/* Markup from the words, anything fetched or run. */
	static const char *const never[] = {"<script", "<b>", "http:", "https:", "src=",
					    "@import", "url(", "javascript:"};
	const char *p;
	size_t i;

	assert_true(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "default-src 'none'"));
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (strstr(html, never[i]) != NULL)
			fail_msg("the page holds '%s'", never[i]);
	/* Every link goes to the PDF beside the page. */
	for (p = strstr(html, "href=\""); p != NULL; p = strstr(p + 1, "href=\""))
		assert_true(strncmp(p + 6, PDF_NAME, strlen(PDF_NAME)) == 0);
}

typedef int (*plain_writer)(const sb_plan *p, char **out, sb_error *err);
typedef int (*page_writer)(const sb_plan *p, const sb_case_file *c, const char *pdf_name,
			   char **out, sb_error *err);

/* Every output of the plan above, byte for byte against its golden file. */
static void test_goldens(void **state)
{
	static const struct {
		const char *file;
		plain_writer plain;
		page_writer page;
	} outputs[] = {
		{"index.json", sb_bundle_index_to_json, NULL},
		{"index.csv", sb_bundle_index_to_csv, NULL},
		{"chronology.json", sb_bundle_chronology_to_json, NULL},
		{"chronology.csv", sb_bundle_chronology_to_csv, NULL},
		{"index.html", NULL, sb_bundle_index_to_html},
		{"chronology.html", NULL, sb_bundle_chronology_to_html},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		char *out = NULL;
		sb_error err;
		int rc = outputs[i].plain != NULL
				 ? outputs[i].plain(&plan, &out, &err)
				 : outputs[i].page(&plan, &cf, PDF_NAME, &out, &err);

		assert_int_equal(rc, SB_OK);
		check_golden(outputs[i].file, out);
		if (outputs[i].page != NULL)
			check_html_safe(out);
		free(out);
	}
}

static void test_index_html(void **state)
{
	char *out = NULL;
	sb_error err;

	(void)state;
	assert_int_equal(sb_bundle_index_to_html(&plan, &cf, PDF_NAME, &out, &err), SB_OK);
	assert_non_null(strstr(out, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
	assert_non_null(strstr(out, "<a href=\"" PDF_NAME "#page=14\">Educational psychologist"
				    "\xE2\x80\x99s report</a>"));
	assert_non_null(strstr(out, "<a href=\"" PDF_NAME "#page=14\">14\xE2\x80\x93"
				    "20</a>"));
	assert_non_null(strstr(out, "<td class=\"date\">Undated</td>"));
	assert_non_null(strstr(out, "<td class=\"date\">12 Mar 2026</td>"));
	assert_non_null(strstr(out, "Section D: Appellant"));
	assert_non_null(strstr(out, "<dd>Thursday 14 January 2027</dd>"));
	assert_non_null(strstr(out, "<dd>A. M.</dd>"));
	assert_non_null(strstr(out, "notes/private &lt;b&gt;.txt"));
	free(out);
}

static void test_chronology_html(void **state)
{
	static const char key_row[] = "<tr class=\"key\">";
	char *out = NULL;
	const char *p;
	size_t keys = 0;
	sb_error err;

	(void)state;
	assert_int_equal(sb_bundle_chronology_to_html(&plan, &cf, PDF_NAME, &out, &err), SB_OK);
	for (p = strstr(out, key_row); p != NULL; p = strstr(p + 1, key_row))
		keys++;
	assert_int_equal(keys, 2);
	assert_non_null(strstr(out, "HESC Rules r.20(1)(c)(i)"));
	assert_non_null(strstr(out, "HESC Rules r.20(1)(c)(ii)"));
	assert_null(strstr(out, "etc"));
	free(out);
}

/* With section numbering the printed labels are "A1", "D3"...; the JSON
 * keeps the PDF page numbers that links need. */
static void test_section_numbering(void **state)
{
	char *csv = NULL, *json = NULL, *html = NULL;
	sb_error err;

	(void)state;
	plan.numbering = SB_NUMBERING_SECTION;
	assert_int_equal(sb_bundle_index_to_csv(&plan, &csv, &err), SB_OK);
	assert_int_equal(sb_bundle_index_to_json(&plan, &json, &err), SB_OK);
	assert_int_equal(sb_bundle_index_to_html(&plan, &cf, PDF_NAME, &html, &err), SB_OK);
	plan.numbering = SB_NUMBERING_CONTINUOUS;
	assert_non_null(strstr(csv, "\r\nA,1,Decision letter,Jo Bloggs (LA officer),2026-09-14,A1,"
				    "A2,"));
	assert_non_null(strstr(csv, "\r\nD,4,"));
	assert_non_null(strstr(csv, ",Undated,D11,D11,reports/salt.docx,"));
	assert_non_null(strstr(json, "\"first_page\": 25,"));
	assert_non_null(strstr(html, "<a href=\"" PDF_NAME "#page=24\">D11</a>"));
	assert_non_null(strstr(html, "<a href=\"" PDF_NAME "#page=25\">E1\xE2\x80\x93" "E2</a>"));
	free(csv);
	free(json);
	free(html);
}

static void test_empty_and_bad_plans(void **state)
{
	sb_plan empty;
	char *out = NULL;
	sb_error err;

	(void)state;
	memset(&empty, 0, sizeof(empty));
	empty.total_pages = 3;
	assert_int_equal(sb_bundle_index_to_json(&empty, &out, &err), SB_OK);
	assert_string_equal(out, "{\n  \"documents\": [],\n  \"excluded\": [],\n"
				 "  \"total_pages\": 3\n}\n");
	free(out);
	assert_int_equal(sb_bundle_chronology_to_json(&empty, &out, &err), SB_OK);
	assert_string_equal(out, "{\n  \"events\": []\n}\n");
	free(out);
	assert_int_equal(sb_bundle_chronology_to_csv(&empty, &out, &err), SB_OK);
	assert_string_equal(out, "Date,Event,Document,Author (profession),Bundle page,Note\r\n");
	free(out);
	assert_int_equal(sb_bundle_chronology_to_html(&empty, NULL, NULL, &out, &err), SB_OK);
	assert_non_null(strstr(out, "No dated documents."));
	assert_non_null(strstr(out, "<a href=\"bundle.pdf\">bundle.pdf</a>, 3 pages"));
	free(out);

	/* A page past the end is a planner bug: refused, not written. */
	entries[7].last_page = 27;
	assert_int_equal(sb_bundle_index_to_csv(&plan, &out, &err), SB_EINVAL);
	assert_null(out);
	assert_int_equal(sb_bundle_chronology_to_html(&plan, &cf, PDF_NAME, &out, &err),
			 SB_EINVAL);
	assert_null(out);
	entries[7].last_page = 26;
	entries[2].title = NULL;
	assert_int_equal(sb_bundle_index_to_json(&plan, &out, &err), SB_EINVAL);
	assert_null(out);
	make_plan();
}

/* Bytes that are not UTF-8 are repaired, never passed on or refused: the
 * readers' rule (sb_text_decode), so a stray Windows-1252 byte is read as
 * that character and damage inside UTF-8 becomes U+FFFD. */
static void test_bad_utf8_repaired(void **state)
{
	char title[] = "caf\xE9";
	char author[] = "Zo\xC3\xAB \xC3\xA9 \xFF";
	char controls[] = "a\x01" "b\xC2\x85" "c\x7F";
	char *json = NULL, *html = NULL, *csv = NULL;
	sb_error err;

	(void)state;
	entries[0].title = title;
	entries[0].author = author;
	entries[1].title = controls;
	assert_int_equal(sb_bundle_index_to_json(&plan, &json, &err), SB_OK);
	assert_int_equal(sb_bundle_index_to_html(&plan, &cf, PDF_NAME, &html, &err), SB_OK);
	assert_int_equal(sb_bundle_index_to_csv(&plan, &csv, &err), SB_OK);
	make_plan();
	assert_non_null(strstr(json, "\"title\": \"caf\\u00E9\""));
	assert_non_null(strstr(json, "\"author\": \"Zo\\u00EB \\u00E9 \\uFFFD\""));
	assert_non_null(strstr(html, ">caf\xC3\xA9</a>"));
	/* HTML forbids control characters; they show as U+FFFD. */
	assert_non_null(strstr(html, ">a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD</a>"));
	assert_non_null(strstr(html, "<td>Zo\xC3\xAB \xC3\xA9 \xEF\xBF\xBD (LA officer)</td>"));
	assert_non_null(strstr(csv, ",caf\xC3\xA9,Zo\xC3\xAB \xC3\xA9 \xEF\xBF\xBD (LA officer),"));
	free(json);
	free(html);
	free(csv);
}

/* ---- names ---- */

static void test_pdf_name(void **state)
{
	static const struct {
		const char *appeal;
		int y, m, d; /* hearing date; y 0: none */
		int version;
		const char *child;
		const char *want;
	} cases[] = {
		{"EH881/26/00117", 2027, 1, 14, 1, "Zo\xC3\xAB Smith", PDF_NAME},
		{"EH881/26/00117", 0, 0, 0, 1, NULL, "bundle-EH881-26-00117.pdf"},
		{NULL, 2027, 1, 14, 1, NULL, "bundle-hearing-2027-01-14.pdf"},
		{NULL, 0, 0, 0, 0, "Zo\xC3\xAB Smith", "bundle.pdf"},
		{"///", 2027, 1, 14, 1, NULL, "bundle-hearing-2027-01-14.pdf"},
		{"EH881/26/00117", 2027, 1, 14, 2, NULL,
		 "bundle-EH881-26-00117-hearing-2027-01-14-v2.pdf"},
		{"  ../../Zo\xC3\xAB v LA\\x. ", 0, 0, 0, 1, NULL, "bundle-Zo-v-LA-x.pdf"},
		{"EH881 - 26 -- 00117", 0, 0, 0, 1, NULL, "bundle-EH881-26-00117.pdf"},
		{"a_b\n.c", 0, 0, 0, 1, NULL, "bundle-a_b-c.pdf"},
		/* 70 characters: 64 kept. */
		{"0123456789012345678901234567890123456789012345678901234567890123456789", 0, 0, 0,
		 1, NULL,
		 "bundle-0123456789012345678901234567890123456789012345678901234567890123.pdf"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_case_file c;
		char appeal[128], child[64];
		char *out = NULL;
		sb_error err;

		memset(&c, 0, sizeof(c));
		if (cases[i].appeal != NULL) {
			snprintf(appeal, sizeof(appeal), "%s", cases[i].appeal);
			c.appeal_number = appeal;
		}
		if (cases[i].child != NULL) {
			snprintf(child, sizeof(child), "%s", cases[i].child);
			c.child = child;
		}
		c.has_hearing_date = cases[i].y != 0;
		c.hearing_date.year = cases[i].y;
		c.hearing_date.month = cases[i].m;
		c.hearing_date.day = cases[i].d;
		c.bundle_version = cases[i].version;
		assert_int_equal(sb_bundle_pdf_name(&c, &out, &err), SB_OK);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, out, cases[i].want);
		free(out);
	}
	{
		char *out = NULL;

		assert_int_equal(sb_bundle_pdf_name(NULL, &out, NULL), SB_OK);
		assert_string_equal(out, "bundle.pdf");
		free(out);
	}
}

static void test_original_name(void **state)
{
	char long_e[161], long_a[161];
	const struct {
		sb_section section;
		unsigned tab;
		const char *title;
		const char *source;
		const char *want;
	} cases[] = {
		{SB_SECTION_APPEAL, 1, "Decision letter", "la/decision letter.PDF",
		 "originals/A/1 Decision letter.pdf"},
		{SB_SECTION_APPELLANT, 3, "../../etc", "misc/passwd", "originals/D/3 _.._etc"},
		{SB_SECTION_APPELLANT, 2, "=cmd|' /C calc'!A0",
		 "emails/thread.eml#2/notes, \"final\".docx",
		 "originals/D/2 =cmd_' _C calc'!A0.docx"},
		{SB_SECTION_LA, 1, "Panel minutes\twith  tab\r\nand newline", "la/panel.pdf",
		 "originals/E/1 Panel minutes with tab and newline.pdf"},
		{SB_SECTION_LA, 2, "  ...hidden...  ", "x.txt", "originals/E/2 hidden.txt"},
		{SB_SECTION_LA, 3, "", "x.txt", "originals/E/3 Untitled.txt"},
		{SB_SECTION_LA, 4, NULL, "x.txt", "originals/E/4 Untitled.txt"},
		{SB_SECTION_LA, 5, "...", "x.txt", "originals/E/5 Untitled.txt"},
		{SB_SECTION_APPELLANT, 4, "report\xE2\x80\xAE" "fdp.exe", "r.pdf",
		 "originals/D/4 report_fdp.exe.pdf"},
		{SB_SECTION_APPELLANT, 5, "a\xC2\x85" "b<c>d:e*f?g\"h|i\\j\x01k\x7Fl", "r.pdf",
		 "originals/D/5 a_b_c_d_e_f_g_h_i_j_k_l.pdf"},
		{SB_SECTION_APPELLANT, 6, "Zo\xC3\xAB\xE2\x80\x99s caf\xC3\xA9", "r.PdF",
		 "originals/D/6 Zo\xC3\xAB\xE2\x80\x99s caf\xC3\xA9.pdf"},
		{SB_SECTION_APPELLANT, 7, "x", "mail.eml#1/scan.JPG", "originals/D/7 x.jpg"},
		{SB_SECTION_APPELLANT, 8, "x", "a.b/c", "originals/D/8 x"},
		{SB_SECTION_APPELLANT, 9, "x", "dir/.bashrc", "originals/D/9 x"},
		{SB_SECTION_APPELLANT, 10, "x", "f.p$f", "originals/D/10 x"},
		{SB_SECTION_APPELLANT, 11, "x", "f.abcdefghijk", "originals/D/11 x"},
		{SB_SECTION_APPELLANT, 12, "x", "f.tar.GZ", "originals/D/12 x.gz"},
		{SB_SECTION_LATE, 12, long_e, "f.pdf", NULL},
		{SB_SECTION_LATE, 13, long_a, "f.pdf", NULL},
	};
	char want_e[200], want_a[200];
	size_t i;

	(void)state;
	/* 80 two-byte characters: cut at 50 of them (100 bytes), never in one. */
	for (i = 0; i < 80; i++)
		memcpy(long_e + 2 * i, "\xC3\xA9", 2);
	long_e[160] = '\0';
	memcpy(want_e, "originals/F/12 ", 15);
	memcpy(want_e + 15, long_e, 100);
	memcpy(want_e + 115, ".pdf", 5);
	/* 99 'a' then 'é': the 'é' would pass 100 bytes, so it goes. */
	memset(long_a, 'a', 99);
	memcpy(long_a + 99, "\xC3\xA9z", 4);
	snprintf(want_a, sizeof(want_a), "originals/F/13 %.99s.pdf", long_a);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_plan_entry e;
		char title[200], source[100];
		char *out = NULL;
		const char *want = cases[i].want;
		sb_error err;

		memset(&e, 0, sizeof(e));
		e.section = cases[i].section;
		e.tab = cases[i].tab;
		if (cases[i].title != NULL) {
			snprintf(title, sizeof(title), "%s", cases[i].title);
			e.title = title;
		}
		snprintf(source, sizeof(source), "%s", cases[i].source);
		e.source = source;
		if (want == NULL)
			want = cases[i].title == long_e ? want_e : want_a;
		assert_int_equal(sb_bundle_original_name(&e, NULL, &out, &err), SB_OK);
		if (strcmp(out, want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, out, want);
		free(out);
	}
}

/* bundle-spec "Cover page": the child's full name stays out of file names;
 * each word of the configured name is cut to its initial, whole words only,
 * any case; initials and other words are left alone. */
static void test_original_name_child(void **state)
{
	static const struct {
		const char *title, *child, *want;
	} cases[] = {
	    {"E-mail: Request for an EHC needs assessment - Riley Morgan, DOB 03/05/2017",
	     "Riley Morgan",
	     "originals/D/7 E-mail_ Request for an EHC needs assessment - R. M., DOB 03_05_2017.eml"},
	    {"Report on RILEY and riley's progress", "Riley", "originals/D/7 Report on R. and r.'s progress.eml"},
	    {"Rileys Morganite Riley-Morgan", "Riley Morgan", "originals/D/7 Rileys Morganite R.-M.eml"},
	    {"Zo\u00eb Smith EP report", "Zo\u00eb", "originals/D/7 Z. Smith EP report.eml"},
	    {"Letter about RM", "R.M.", "originals/D/7 Letter about RM.eml"},
	    {"Letter about Jo", "Jo", "originals/D/7 Letter about J.eml"},
	    {"Letter", NULL, "originals/D/7 Letter.eml"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_plan_entry e;
		char title[200], source[] = "07-email.eml", *out = NULL;
		sb_error err;

		memset(&e, 0, sizeof(e));
		e.section = SB_SECTION_APPELLANT;
		e.tab = 7;
		snprintf(title, sizeof(title), "%s", cases[i].title);
		e.title = title;
		e.source = source;
		assert_int_equal(sb_bundle_original_name(&e, cases[i].child, &out, &err), SB_OK);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, out, cases[i].want);
		free(out);
	}
}

/* ---- the zip ---- */

static char dir[256];

static int setup_dir(void **state)
{
	(void)state;
	make_plan();
	snprintf(dir, sizeof(dir), "/tmp/sb-test-bundle-out-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown_dir(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void path_in(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

/* The names in the test folder, sorted, joined by '\n' (malloc'd). */
static char *listing(void)
{
	struct dirent **names = NULL;
	char *out = calloc(1, 1);
	size_t len = 0;
	int n, i;

	assert_non_null(out);
	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		size_t k = strlen(names[i]->d_name);

		out = realloc(out, len + k + 2);
		assert_non_null(out);
		memcpy(out + len, names[i]->d_name, k);
		out[len + k] = '\n';
		len += k + 1;
		out[len] = '\0';
		free(names[i]);
	}
	free(names);
	return out;
}

static unsigned char *read_all(const char *path, size_t *len)
{
	char copy[512], *slash;

	snprintf(copy, sizeof(copy), "%s", path);
	slash = strrchr(copy, '/');
	assert_non_null(slash);
	*slash = '\0';
	return sb_test_slurp(copy, slash + 1, len);
}

/* The set a bundle zip holds, from the plan above; the texts are made by
 * the functions under test and freed by free_bundle. */
#define NTEXT 6
#define NENTRIES (1 + NTEXT + NPLAN + 1)
static char *texts[NTEXT];
static char *orig_names[NPLAN];
static const char pdf_bytes[] = "%PDF-1.7\nnot really a PDF, but stored as one\n%%EOF\n";
static const char note[] = "Appellant's evidence is 76 pages: 1 over the 75-page limit.\n";

static void make_bundle(sb_zip_entry *z)
{
	static const char *const names[NTEXT] = {"index.json",      "index.csv",
						  "index.html",      "chronology.json",
						  "chronology.csv", "chronology.html"};
	sb_error err;
	size_t i, k = 0;

	assert_int_equal(sb_bundle_index_to_json(&plan, &texts[0], &err), SB_OK);
	assert_int_equal(sb_bundle_index_to_csv(&plan, &texts[1], &err), SB_OK);
	assert_int_equal(sb_bundle_index_to_html(&plan, &cf, PDF_NAME, &texts[2], &err), SB_OK);
	assert_int_equal(sb_bundle_chronology_to_json(&plan, &texts[3], &err), SB_OK);
	assert_int_equal(sb_bundle_chronology_to_csv(&plan, &texts[4], &err), SB_OK);
	assert_int_equal(sb_bundle_chronology_to_html(&plan, &cf, PDF_NAME, &texts[5], &err),
			 SB_OK);
	z[k++] = (sb_zip_entry){PDF_NAME, pdf_bytes, sizeof(pdf_bytes) - 1, true};
	for (i = 0; i < NTEXT; i++)
		z[k++] = (sb_zip_entry){names[i], texts[i], strlen(texts[i]), false};
	for (i = 0; i < NPLAN; i++) {
		assert_int_equal(sb_bundle_original_name(&entries[i], NULL, &orig_names[i], &err), SB_OK);
		/* The "original" is its own source path: distinct bytes per entry. */
		z[k++] = (sb_zip_entry){orig_names[i], entries[i].source,
					strlen(entries[i].source), i == 0};
	}
	z[k++] = (sb_zip_entry){"non-compliance.txt", note, sizeof(note) - 1, false};
	assert_int_equal(k, NENTRIES);
}

static void free_bundle(void)
{
	size_t i;

	for (i = 0; i < NTEXT; i++) {
		free(texts[i]);
		texts[i] = NULL;
	}
	for (i = 0; i < NPLAN; i++) {
		free(orig_names[i]);
		orig_names[i] = NULL;
	}
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Walk the local file headers of a zip (our writer puts sizes in them, no
 * data descriptors) and check each entry's raw fields against z[]: name,
 * method, the UTF-8 flag (bit 11) exactly when the name is not ASCII, no
 * extra fields (so no second, zone-dependent timestamp), and the MS-DOS
 * time and date equal to t's UTC fields.
 */
static void check_raw(const unsigned char *data, size_t len, const sb_zip_entry *z, size_t n,
		      time_t t)
{
	struct tm utc;
	uint16_t dos_time, dos_date;
	size_t off = 0, i;

	gmtime_r(&t, &utc);
	dos_time = (uint16_t)(utc.tm_hour << 11 | utc.tm_min << 5 | utc.tm_sec / 2);
	dos_date = (uint16_t)((utc.tm_year - 80) << 9 | (utc.tm_mon + 1) << 5 | utc.tm_mday);
	for (i = 0; i < n; i++) {
		const unsigned char *h = data + off;
		uint16_t flags, nlen, xlen;
		uint32_t csize;
		bool ascii = true;
		const char *c;

		assert_true(off + 30 <= len);
		assert_int_equal(le32(h), 0x04034b50);
		flags = le16(h + 6);
		csize = le32(h + 18);
		nlen = le16(h + 26);
		xlen = le16(h + 28);
		for (c = z[i].name; *c != '\0'; c++)
			if ((unsigned char)*c >= 0x80)
				ascii = false;
		assert_int_equal(flags & 0x0008, 0);
		assert_int_equal((flags & 0x0800) != 0, !ascii);
		assert_int_equal(le16(h + 8), z[i].store ? 0 : 8);
		assert_int_equal(le16(h + 10), dos_time);
		assert_int_equal(le16(h + 12), dos_date);
		assert_int_equal(nlen, strlen(z[i].name));
		assert_memory_equal(h + 30, z[i].name, nlen);
		assert_int_equal(xlen, 0);
		off += 30 + nlen + xlen + csize;
	}
	assert_int_equal(le32(data + off), 0x02014b50); /* the central directory follows */
}

static void test_zip_contents(void **state)
{
	sb_zip_entry z[NENTRIES];
	char path[512];
	zip_t *za;
	int zerr = 0;
	size_t i;
	unsigned char *raw;
	size_t rawlen;
	sb_error err;

	(void)state;
	make_bundle(z);
	path_in(path, sizeof(path), "bundle.zip");
	assert_int_equal(sb_zip_write(path, z, NENTRIES, T_WINTER, false, &err), SB_OK);
	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), NENTRIES);
	for (i = 0; i < NENTRIES; i++) {
		zip_stat_t st;
		zip_file_t *f;
		char *got = malloc(z[i].len + 1);

		assert_non_null(got);
		/* Order, names (decoded as UTF-8), size, time, method. */
		assert_string_equal(zip_get_name(za, i, ZIP_FL_ENC_STRICT), z[i].name);
		assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
		assert_int_equal(st.size, z[i].len);
		/* The test runs in UTC (main), where libzip reads the stored time back as
		 * itself, less the odd second a zip cannot hold. */
		assert_int_equal(st.mtime, T_WINTER - 1);
		assert_int_equal(st.comp_method, z[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE);
		f = zip_fopen_index(za, i, 0);
		assert_non_null(f);
		assert_int_equal(zip_fread(f, got, z[i].len + 1), (zip_int64_t)z[i].len);
		assert_memory_equal(got, z[i].data, z[i].len);
		zip_fclose(f);
		free(got);
		{
			zip_uint8_t opsys;
			zip_uint32_t attr;

			assert_int_equal(zip_file_get_external_attributes(za, i, 0, &opsys, &attr),
					 0);
			assert_int_equal(opsys, ZIP_OPSYS_UNIX);
			assert_int_equal(attr >> 16, 0100644);
		}
	}
	zip_close(za);
	raw = read_all(path, &rawlen);
	check_raw(raw, rawlen, z, NENTRIES, T_WINTER);
	free(raw);
	{
		struct stat st;
		char *names = listing();

		/* Nothing but the zip: no temporary file left beside it. */
		assert_string_equal(names, ".\n..\nbundle.zip\n");
		free(names);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0644);
	}
	assert_int_equal(unlink(path), 0);
	free_bundle();
}

static void write_bytes(const char *name, time_t t, const char *tz, unsigned char **data,
			size_t *len)
{
	sb_zip_entry z[NENTRIES];
	char path[512];
	sb_error err;

	make_bundle(z);
	path_in(path, sizeof(path), name);
	setenv("TZ", tz, 1);
	tzset();
	assert_int_equal(sb_zip_write(path, z, NENTRIES, t, false, &err), SB_OK);
	setenv("TZ", "UTC", 1);
	tzset();
	*data = read_all(path, len);
	assert_int_equal(unlink(path), 0);
	free_bundle();
}

/* The same entries and time give the same bytes: twice over, and in a
 * zone far from UTC, in winter and on summer time. */
static void test_zip_reproducible(void **state)
{
	static const char *const zones[] = {"UTC", "UTC", "EST5EDT,M3.2.0,M11.1.0",
					    "NZST-12NZDT,M9.5.0,M4.1.0/3"};
	static const time_t times[] = {T_WINTER, T_SUMMER};
	size_t t, k;

	(void)state;
	for (t = 0; t < 2; t++) {
		unsigned char *first = NULL;
		size_t first_len = 0;

		for (k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
			unsigned char *data;
			size_t len;

			write_bytes("again.zip", times[t], zones[k], &data, &len);
			if (first == NULL) {
				first = data;
				first_len = len;
				continue;
			}
			if (len != first_len || memcmp(data, first, len) != 0)
				fail_msg("time %zu, zone %s: the bytes differ", t, zones[k]);
			free(data);
		}
		free(first);
	}
}

/* Times a zip cannot hold are clamped to its range, not wrapped. */
static void test_zip_time_range(void **state)
{
	sb_zip_entry z = {"a.txt", "a", 1, false};
	char path[512];
	zip_t *za;
	zip_stat_t st;
	sb_error err;

	(void)state;
	path_in(path, sizeof(path), "old.zip");
	assert_int_equal(sb_zip_write(path, &z, 1, 0, false, &err), SB_OK);
	za = zip_open(path, ZIP_RDONLY, NULL);
	assert_non_null(za);
	assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
	assert_int_equal(st.mtime, 315532800); /* 1980-01-01T00:00:00Z */
	zip_close(za);
	assert_int_equal(unlink(path), 0);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_zip_refuses_existing(void **state)
{
	sb_zip_entry z = {"a.txt", "new", 3, false};
	char path[512], link_path[512], target[512], *before, *after;
	unsigned char *data;
	size_t len;
	struct stat st;
	sb_error err;

	(void)state;
	path_in(path, sizeof(path), "out.zip");
	write_text(path, "keep me");
	before = listing();
	sb_error_clear(&err);
	assert_int_equal(sb_zip_write(path, &z, 1, T_WINTER, false, &err), SB_EIO);
	assert_string_equal(err.reason, "exists");
	assert_non_null(strstr(err.message, "out.zip' already exists"));
	assert_non_null(strstr(err.hint, "--force"));
	data = read_all(path, &len);
	assert_string_equal((char *)data, "keep me");
	free(data);
	after = listing();
	assert_string_equal(before, after);
	free(after);

	/* --force replaces it. */
	assert_int_equal(sb_zip_write(path, &z, 1, T_WINTER, true, &err), SB_OK);
	data = read_all(path, &len);
	assert_true(len > 4 && memcmp(data, "PK\x03\x04", 4) == 0);
	free(data);
	after = listing();
	assert_string_equal(before, after);
	free(after);
	free(before);
	assert_int_equal(unlink(path), 0);

	/* A link counts as existing, even a broken one; with --force the link
	 * itself is replaced, never the file it points to. */
	path_in(link_path, sizeof(link_path), "link.zip");
	path_in(target, sizeof(target), "target.txt");
	assert_int_equal(symlink("nowhere.zip", link_path), 0);
	assert_int_equal(sb_zip_write(link_path, &z, 1, T_WINTER, false, &err), SB_EIO);
	assert_string_equal(err.reason, "exists");
	assert_int_equal(lstat(link_path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(unlink(link_path), 0);
	write_text(target, "the target");
	assert_int_equal(symlink("target.txt", link_path), 0);
	assert_int_equal(sb_zip_write(link_path, &z, 1, T_WINTER, false, &err), SB_EIO);
	assert_int_equal(sb_zip_write(link_path, &z, 1, T_WINTER, true, &err), SB_OK);
	assert_int_equal(lstat(link_path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	data = read_all(target, &len);
	assert_string_equal((char *)data, "the target");
	free(data);
	assert_int_equal(unlink(link_path), 0);
	assert_int_equal(unlink(target), 0);
}

/* Whatever fails, the folder is as it was: no zip, no temporary file. */
static void test_zip_failure_leaves_nothing(void **state)
{
	sb_zip_entry dup[2] = {{"same.txt", "a", 1, false}, {"same.txt", "b", 1, false}};
	sb_zip_entry one = {"a.txt", "a", 1, false};
	char path[512], file[512], sub[512], *before, *after;
	sb_error err;

	(void)state;
	path_in(file, sizeof(file), "a-file");
	write_text(file, "x");
	path_in(sub, sizeof(sub), "a-folder");
	assert_int_equal(mkdir(sub, 0755), 0);
	before = listing();

	/* The folder is a file (fails even for root, unlike chmod 0555). */
	path_in(path, sizeof(path), "a-file/out.zip");
	assert_int_equal(sb_zip_write(path, &one, 1, T_WINTER, false, &err), SB_EIO);
	assert_non_null(strstr(err.message, "cannot create a file beside"));
	/* The folder does not exist. */
	path_in(path, sizeof(path), "missing/out.zip");
	assert_int_equal(sb_zip_write(path, &one, 1, T_WINTER, false, &err), SB_EIO);
	/* Two entries of one name: found by libzip after the temporary file is made. */
	path_in(path, sizeof(path), "dup.zip");
	assert_int_equal(sb_zip_write(path, dup, 2, T_WINTER, false, &err), SB_EINVAL);
	assert_non_null(strstr(err.message, "two entries are named 'same.txt'"));
	/* The last step fails: --force cannot put a file over a folder. */
	assert_int_equal(sb_zip_write(sub, &one, 1, T_WINTER, true, &err), SB_EIO);
	/* Nothing to write. */
	path_in(path, sizeof(path), "empty.zip");
	assert_int_equal(sb_zip_write(path, &one, 0, T_WINTER, false, &err), SB_EINVAL);

	after = listing();
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(unlink(file), 0);
	assert_int_equal(rmdir(sub), 0);
}

static void test_zip_refuses_unsafe_names(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "../x", "a/../b", "a/./b", "a//b", "a/", ".", "..",
		"a\\b", "C:x", ("a\x01" "b"), "a\nb", "\xFF.txt", "caf\xE9.txt", "\xC0\xAF",
	};
	char path[512], *before, *after;
	size_t i;

	(void)state;
	path_in(path, sizeof(path), "unsafe.zip");
	before = listing();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sb_zip_entry z = {bad[i], "x", 1, false};
		sb_error err;

		if (sb_zip_write(path, &z, 1, T_WINTER, false, &err) != SB_EINVAL)
			fail_msg("name %zu was accepted", i);
	}
	{
		sb_zip_entry z = {NULL, "x", 1, false};
		sb_error err;

		assert_int_equal(sb_zip_write(path, &z, 1, T_WINTER, false, &err), SB_EINVAL);
	}
	after = listing();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest plan_tests[] = {
		cmocka_unit_test(test_goldens),
		cmocka_unit_test(test_index_csv),
		cmocka_unit_test(test_chronology_csv),
		cmocka_unit_test(test_index_html),
		cmocka_unit_test(test_chronology_html),
		cmocka_unit_test(test_section_numbering),
		cmocka_unit_test(test_empty_and_bad_plans),
		cmocka_unit_test(test_bad_utf8_repaired),
		cmocka_unit_test(test_pdf_name),
		cmocka_unit_test(test_original_name),
		cmocka_unit_test(test_original_name_child),
	};
	const struct CMUnitTest zip_tests[] = {
		cmocka_unit_test(test_zip_contents),
		cmocka_unit_test(test_zip_reproducible),
		cmocka_unit_test(test_zip_time_range),
		cmocka_unit_test(test_zip_refuses_existing),
		cmocka_unit_test(test_zip_failure_leaves_nothing),
		cmocka_unit_test(test_zip_refuses_unsafe_names),
	};
	int failed;

	/* Zip times are read back through localtime(): pin the zone. */
	setenv("TZ", "UTC", 1);
	tzset();
	failed = cmocka_run_group_tests_name("bundle_out", plan_tests, setup_plan, NULL);
	failed += cmocka_run_group_tests_name("zip_out", zip_tests, setup_dir, teardown_dir);
	return failed;
}
