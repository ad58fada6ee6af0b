/*
 * The bundle PDF (sb_pdf_out): pages grafted whole with their annotations
 * and form fields flattened, stamps upright inside the visible box on every
 * page geometry, page labels, bookmarks, links, reproducible saving, and
 * reading a finished PDF back. Fixtures: tests/data/pdf_out (made by
 * make-fixtures.sh there) and tests/data/readers/pdf.
 *
 * Page text and geometry are read back through the PDF reader
 * (sb_read_buffer), which knows nothing of how the bundle was made; the
 * oracle test (tests/oracle/pdf_out_oracle.py) checks the bundle this file
 * writes with poppler and qpdf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/reader.h>

#include "sb_pdf_out.h"
#include "sb_test.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_DIR SB_TEST_DATA "/pdf_out"
#define READERS_DIR SB_TEST_DATA "/readers/pdf"

/* The stamp's geometry (sb_pdf_out.c): 10 pt Helvetica, 3 pt and 2 pt of
 * padding, 12 pt from the visible edge, a box 10 * (0.718 + 0.207) + 4 pt
 * tall. Helvetica's digits are 556/1000 em wide (its AFM). */
#define STAMP_MARGIN 12.0f
#define STAMP_H 13.25f
#define DIGIT_W 5.56f

typedef struct fixture {
	unsigned char *data;
	size_t len;
} fixture;

/* The visible size of each page of geometry.pdf, after /Rotate and /CropBox. */
static const float geometry_size[11][2] = {
	{595, 842}, /* 1 portrait */
	{842, 595}, /* 2 landscape MediaBox */
	{842, 595}, /* 3 /Rotate 90 */
	{595, 842}, /* 4 /Rotate 180 */
	{842, 595}, /* 5 /Rotate 270 */
	{495, 740}, /* 6 offset MediaBox and CropBox */
	{700, 500}, /* 7 CropBox 500 x 700, /Rotate 90 */
	{842, 595}, /* 8 /Rotate -90 */
	{595, 842}, /* 9 content leaves a cm and a q open */
	{400, 600}, /* 10 inherited /Rotate 270, MediaBox 600 x 400 */
	{400, 600}, /* 11 the same */
};
static const int geometry_rotation[11] = {0, 0, 90, 180, 270, 0, 90, 270, 0, 270, 270};

static fixture load(const char *dir, const char *name)
{
	fixture f;

	f.data = sb_test_slurp(dir, name, &f.len);
	return f;
}

static sb_pdf_out *new_out(void)
{
	sb_pdf_out *o = NULL;
	sb_error err;

	if (sb_pdf_out_new(0, &o, &err) != SB_OK)
		fail_msg("sb_pdf_out_new: %s", err.message);
	return o;
}

static void add(sb_pdf_out *o, const char *dir, const char *name, const size_t *keep,
		size_t nkeep)
{
	fixture f = load(dir, name);
	sb_error err;

	if (sb_pdf_out_add_pdf(o, name, f.data, f.len, keep, nkeep, &err) != SB_OK)
		fail_msg("adding %s: %s", name, err.message);
	free(f.data);
}

static fixture save(sb_pdf_out *o, const char *seed)
{
	fixture f = {NULL, 0};
	sb_error err;

	if (sb_pdf_out_save(o, seed, &f.data, &f.len, &err) != SB_OK)
		fail_msg("saving: %s", err.message);
	return f;
}

static void inspect(const fixture *f, const char *const *stamps, sb_stamp_pos pos,
		    sb_pdf_info *info)
{
	sb_error err;

	if (sb_pdf_inspect(f->data, f->len, stamps, pos, SB_INSPECT_WHOLE_PAGE, info, &err) != SB_OK)
		fail_msg("inspecting: %s", err.message);
}

/* The saved bundle's pages as the PDF reader sees them. */
static sb_doc *read_back(const fixture *f, sb_doc_list *list)
{
	sb_error err;

	sb_doc_list_init(list);
	if (sb_read_buffer("bundle.pdf", f->data, f->len, NULL, list, &err) != SB_OK)
		fail_msg("reading the bundle back: %s", err.message);
	assert_int_equal(list->ndocs, 1);
	return list->docs[0];
}

static void assert_near(float got, float want)
{
	if (fabsf(got - want) > 0.01f)
		fail_msg("got %.3f, want %.3f", (double)got, (double)want);
}

static void assert_rect(fz_rect got, float x0, float y0, float x1, float y1)
{
	assert_near(got.x0, x0);
	assert_near(got.y0, y0);
	assert_near(got.x1, x1);
	assert_near(got.y1, y1);
}

/* Where a stamp of `digits` digits must be on a page w x h (display space). */
static fz_rect expected_stamp(float w, float h, int digits, sb_stamp_pos pos)
{
	float bw = digits * DIGIT_W + 6;
	fz_rect r;

	switch (pos) {
	case SB_STAMP_BOTTOM_LEFT:
	case SB_STAMP_TOP_LEFT:
		r.x0 = STAMP_MARGIN;
		break;
	case SB_STAMP_BOTTOM_RIGHT:
	case SB_STAMP_TOP_RIGHT:
		r.x0 = w - STAMP_MARGIN - bw;
		break;
	default:
		r.x0 = (w - bw) / 2;
	}
	if (pos == SB_STAMP_TOP_LEFT || pos == SB_STAMP_TOP_CENTRE || pos == SB_STAMP_TOP_RIGHT)
		r.y0 = STAMP_MARGIN;
	else
		r.y0 = h - STAMP_MARGIN - STAMP_H;
	r.x1 = r.x0 + bw;
	r.y1 = r.y0 + STAMP_H;
	return r;
}

/* ---- stamp positions by name ---- */

static void test_stamp_pos_names(void **state)
{
	static const char *const names[] = {"bottom-centre", "bottom-right", "bottom-left",
					    "top-right",     "top-centre",   "top-left"};
	sb_stamp_pos pos;
	int i;

	(void)state;
	for (i = 0; i < 6; i++) {
		pos = SB_STAMP_TOP_LEFT;
		assert_true(sb_stamp_pos_parse(names[i], &pos));
		assert_int_equal(pos, i);
		assert_string_equal(sb_stamp_pos_name((sb_stamp_pos)i), names[i]);
	}
	assert_int_equal(SB_STAMP_BOTTOM_CENTRE, 0);
	assert_false(sb_stamp_pos_parse("bottom-center", &pos));
	assert_false(sb_stamp_pos_parse("Bottom-Centre", &pos));
	assert_false(sb_stamp_pos_parse("", &pos));
	assert_false(sb_stamp_pos_parse(NULL, &pos));
	assert_string_equal(sb_stamp_pos_name((sb_stamp_pos)99), "bottom-centre");
}

/* ---- grafting ---- */

/* Every geometry survives the graft: sizes and rotation as the reader sees
 * them, each page's own text, in order. */
static void test_graft_keeps_geometry(void **state)
{
	sb_pdf_out *o = new_out();
	sb_doc_list list;
	sb_doc *doc;
	fixture f;
	size_t i;

	(void)state;
	assert_int_equal(sb_pdf_out_page_count(o), 0);
	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	assert_int_equal(sb_pdf_out_page_count(o), 11);
	f = save(o, "geometry");
	doc = read_back(&f, &list);
	assert_int_equal(doc->npages, 11);
	for (i = 0; i < 11; i++) {
		char want[64];

		assert_near((float)doc->pages[i].width, geometry_size[i][0]);
		assert_near((float)doc->pages[i].height, geometry_size[i][1]);
		assert_int_equal(doc->pages[i].rotation, geometry_rotation[i]);
		snprintf(want, sizeof(want), "Geometry page %zu: ", i + 1);
		if (strstr(doc->pages[i].text, want) == NULL)
			fail_msg("page %zu: '%s' lacks '%s'", i + 1, doc->pages[i].text, want);
	}
	sb_doc_list_free(&list);
	free(f.data);
	sb_pdf_out_free(o);
}

/* keep: only the pages listed, in order; a bad list adds nothing. */
static void test_graft_keep_subset(void **state)
{
	static const size_t keep[] = {0, 2, 4};
	static const size_t unsorted[] = {2, 1};
	static const size_t twice[] = {1, 1};
	static const size_t past[] = {3, 11};
	static const char *const want[] = {"Geometry page 1: portrait",
					   "Geometry page 3: rotate 90",
					   "Geometry page 5: rotate 270"};
	sb_pdf_out *o = new_out();
	fixture src = load(OUT_DIR, "geometry.pdf"), f;
	sb_doc_list list;
	sb_error err;
	sb_doc *doc;
	size_t i;

	(void)state;
	add(o, OUT_DIR, "geometry.pdf", keep, 3);
	assert_int_equal(sb_pdf_out_page_count(o), 3);
	assert_int_equal(sb_pdf_out_add_pdf(o, "g.pdf", src.data, src.len, unsorted, 2, &err),
			 SB_EINVAL);
	assert_int_equal(sb_pdf_out_add_pdf(o, "g.pdf", src.data, src.len, twice, 2, &err),
			 SB_EINVAL);
	assert_int_equal(sb_pdf_out_add_pdf(o, "g.pdf", src.data, src.len, past, 2, &err),
			 SB_EINVAL);
	assert_int_equal(sb_pdf_out_page_count(o), 3);
	f = save(o, "subset");
	doc = read_back(&f, &list);
	assert_int_equal(doc->npages, 3);
	for (i = 0; i < 3; i++) {
		char line[64];

		snprintf(line, sizeof(line), "%s\n\nXX 99", want[i]);
		assert_string_equal(doc->pages[i].text, i == 0 ? line : want[i]);
	}
	sb_doc_list_free(&list);
	free(f.data);
	free(src.data);
	sb_pdf_out_free(o);
}

/* sb_mkpdf's fixtures: an embedded font grafted intact (ligatures and
 * all), a rotated page, and a CropBox whose cut-off text stays cut off. */
static void test_graft_mkpdf_fixtures(void **state)
{
	sb_pdf_out *o = new_out();
	sb_doc_list src_list, list;
	sb_doc *src, *doc;
	fixture letter = load(READERS_DIR, "letter.pdf"), f;
	sb_error err;
	size_t i;

	(void)state;
	add(o, READERS_DIR, "letter.pdf", NULL, 0);
	add(o, READERS_DIR, "rotated.pdf", NULL, 0);
	add(o, READERS_DIR, "cropped.pdf", NULL, 0);
	assert_int_equal(sb_pdf_out_page_count(o), 5);
	f = save(o, "mkpdf");
	doc = read_back(&f, &list);
	sb_doc_list_init(&src_list);
	assert_int_equal(sb_read_buffer("letter.pdf", letter.data, letter.len, NULL, &src_list,
					&err),
			 SB_OK);
	src = src_list.docs[0];
	for (i = 0; i < 3; i++)
		assert_string_equal(doc->pages[i].text, src->pages[i].text);
	assert_near((float)doc->pages[3].width, 842);
	assert_near((float)doc->pages[3].height, 595);
	assert_int_equal(doc->pages[3].rotation, 90);
	assert_near((float)doc->pages[4].width, 523);
	assert_near((float)doc->pages[4].height, 770);
	assert_null(strstr(doc->pages[4].text, "HIDDEN"));
	sb_doc_list_free(&src_list);
	sb_doc_list_free(&list);
	free(letter.data);
	free(f.data);
	sb_pdf_out_free(o);
}

/* What a person typed or added survives: the FreeText without an
 * appearance, the one with its own, the filled field; the hidden note stays
 * hidden and the web link (an annotation, not content) is gone. */
static void test_annotations_flattened(void **state)
{
	sb_pdf_out *o = new_out();
	sb_doc_list list;
	sb_pdf_info info;
	sb_doc *doc;
	fixture f;

	(void)state;
	add(o, OUT_DIR, "annotated.pdf", NULL, 0);
	f = save(o, "annotated");
	doc = read_back(&f, &list);
	assert_int_equal(doc->npages, 2);
	/* Annotations after the content, widgets last, as MuPDF lists them. */
	assert_string_equal(doc->pages[0].text, "Appeal form, page one.\n\n"
						"Child's name:\n\n"
						"Typed note by the parent\n\n"
						"Stamped by the school office\n\n"
						"Ada Quennell-Brook");
	assert_string_equal(doc->pages[1].text, "Appeal form, page two.");
	inspect(&f, NULL, SB_STAMP_BOTTOM_CENTRE, &info);
	assert_int_equal(info.nlinks, 0);
	assert_string_equal(info.stamp_text[0], "");
	sb_pdf_info_free(&info);
	sb_doc_list_free(&list);
	free(f.data);
	sb_pdf_out_free(o);
}

/* Owner-password-only encryption opens without a password: accepted. */
static void test_graft_restricted(void **state)
{
	sb_pdf_out *o = new_out();
	sb_doc_list list;
	sb_doc *doc;
	fixture f;

	(void)state;
	add(o, OUT_DIR, "restricted.pdf", NULL, 0);
	assert_int_equal(sb_pdf_out_page_count(o), 11);
	f = save(o, "restricted");
	doc = read_back(&f, &list);
	assert_string_equal(doc->pages[1].text, "Geometry page 2: landscape");
	sb_doc_list_free(&list);
	free(f.data);
	sb_pdf_out_free(o);
}

typedef struct refusal {
	const char *dir;
	const char *name;
	int code;
	const char *reason;
	const char *message;
} refusal;

/* Whole documents or none: each refusal names the file and leaves the
 * bundle as it was, even when the damage is found after pages were copied. */
static void test_refusals(void **state)
{
	static const refusal cases[] = {
		{READERS_DIR, "encrypted.pdf", SB_EIO, "encrypted",
		 "'encrypted.pdf' is encrypted: it cannot be read without its password"},
		{READERS_DIR, "truncated.pdf", SB_EPARSE, "damaged",
		 "'truncated.pdf' is damaged: some pages may be missing"},
		{READERS_DIR, "not-a-pdf.pdf", SB_EPARSE, "damaged",
		 "'not-a-pdf.pdf' is damaged or not a PDF"},
		{OUT_DIR, "late-damage.pdf", SB_EPARSE, "damaged",
		 "'late-damage.pdf' is damaged: some pages may be missing"},
	};
	sb_pdf_out *o = new_out();
	size_t i;

	(void)state;
	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture src = load(cases[i].dir, cases[i].name);
		sb_error err;
		int rc;

		sb_error_clear(&err);
		rc = sb_pdf_out_add_pdf(o, cases[i].name, src.data, src.len, NULL, 0, &err);
		if (rc != cases[i].code || strcmp(err.reason, cases[i].reason) != 0 ||
		    strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("%s: rc %d, reason '%s', message '%s'", cases[i].name, rc,
				 err.reason, err.message);
		assert_string_equal(err.file, cases[i].name);
		assert_int_equal(sb_pdf_out_page_count(o), 11);
		free(src.data);
	}
	sb_pdf_out_free(o);
}

/* A memory cap stops the work with "too-large", not a crash, and leaves
 * the bundle as it was. MuPDF's context alone needs about 330 KiB; with
 * 384 KiB the letter cannot be opened, with 2 MiB everything fits. */
static void test_memory_cap(void **state)
{
	sb_pdf_out *o = NULL;
	fixture src = load(READERS_DIR, "letter.pdf"), f;
	sb_error err;

	(void)state;
	assert_int_equal(sb_pdf_out_new((size_t)2 << 20, &o, &err), SB_OK);
	assert_int_equal(sb_pdf_out_add_pdf(o, "letter.pdf", src.data, src.len, NULL, 0, &err),
			 SB_OK);
	assert_int_equal(sb_pdf_out_stamp(o, 0, "1", SB_STAMP_BOTTOM_CENTRE, &err), SB_OK);
	f = save(o, "capped");
	free(f.data);
	sb_pdf_out_free(o);

	assert_int_equal(sb_pdf_out_new((size_t)320 << 10, &o, &err), SB_ERANGE);
	assert_null(o);
	assert_string_equal(err.reason, "too-large");
	assert_string_equal(err.message,
			    "the bundle needs more than the 320 KiB of memory allowed");

	assert_int_equal(sb_pdf_out_new((size_t)384 << 10, &o, &err), SB_OK);
	assert_int_equal(sb_pdf_out_add_pdf(o, "letter.pdf", src.data, src.len, NULL, 0, &err),
			 SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_string_equal(err.message,
			    "'letter.pdf' needs more than the 384 KiB of memory allowed");
	assert_int_equal(sb_pdf_out_page_count(o), 0);
	sb_pdf_out_free(o);
	free(src.data);
}

/* ---- blank pages ---- */

static void test_blank_pages(void **state)
{
	static const bool want[8] = {false, true, true, true, true, false, true, false};
	fixture f = load(OUT_DIR, "blank.pdf"), g = load(OUT_DIR, "geometry.pdf");
	fixture e = load(READERS_DIR, "encrypted.pdf");
	bool blank[11];
	sb_error err;
	size_t i;

	(void)state;
	assert_int_equal(sb_pdf_blank_pages("blank.pdf", f.data, f.len, blank, 8, &err), SB_OK);
	for (i = 0; i < 8; i++)
		if (blank[i] != want[i])
			fail_msg("page %zu: blank %d, want %d", i + 1, blank[i], want[i]);
	assert_int_equal(sb_pdf_blank_pages("geometry.pdf", g.data, g.len, blank, 11, &err),
			 SB_OK);
	for (i = 0; i < 11; i++)
		assert_false(blank[i]);
	assert_int_equal(sb_pdf_blank_pages("blank.pdf", f.data, f.len, blank, 7, &err),
			 SB_EINVAL);
	assert_string_equal(err.message, "'blank.pdf' has 8 pages, not 7");
	assert_int_equal(sb_pdf_blank_pages("encrypted.pdf", e.data, e.len, blank, 3, &err),
			 SB_EIO);
	assert_string_equal(err.reason, "encrypted");
	free(f.data);
	free(g.data);
	free(e.data);
}

/* ---- stamps ---- */

/* Every geometry, every position: the stamp is where it should be in
 * display space, inside the visible box, and reads back as the label. On
 * page 1 it covers the source's own footer, which is not mistaken for it. */
static void test_stamp_every_geometry(void **state)
{
	char labels[11][8];
	const char *stamps[11];
	int p;
	size_t i;

	(void)state;
	for (i = 0; i < 11; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%zu", i + 1);
		stamps[i] = labels[i];
	}
	for (p = 0; p < 6; p++) {
		sb_stamp_pos pos = (sb_stamp_pos)p;
		sb_pdf_out *o = new_out();
		sb_pdf_info info;
		sb_error err;
		fixture f;

		add(o, OUT_DIR, "geometry.pdf", NULL, 0);
		for (i = 0; i < 11; i++) {
			float w = geometry_size[i][0], h = geometry_size[i][1];
			fz_rect r, want = expected_stamp(w, h, (int)strlen(labels[i]), pos);

			assert_int_equal(sb_pdf_out_stamp_rect(o, i, labels[i], pos, &r, &err),
					 SB_OK);
			assert_rect(r, want.x0, want.y0, want.x1, want.y1);
			assert_true(r.x0 >= 0 && r.y0 >= 0 && r.x1 <= w && r.y1 <= h);
			assert_int_equal(sb_pdf_out_stamp(o, i, labels[i], pos, &err), SB_OK);
		}
		f = save(o, "stamps");
		inspect(&f, stamps, pos, &info);
		assert_int_equal(info.npages, 11);
		for (i = 0; i < 11; i++)
			if (strcmp(info.stamp_text[i], labels[i]) != 0)
				fail_msg("%s, page %zu: read '%s'", sb_stamp_pos_name(pos), i + 1,
					 info.stamp_text[i]);
		sb_pdf_info_free(&info);
		/* Read at another position, nothing is there but page 1's
		 * footer ("XX 99", 9 pt from x = 288) where a bottom-centre
		 * "1" would be: the second X and the space have their centres
		 * inside 291.72-303.28. */
		inspect(&f, stamps, (sb_stamp_pos)((p + 3) % 6), &info);
		for (i = 0; i < 11; i++)
			assert_string_equal(info.stamp_text[i],
					    i == 0 && p == SB_STAMP_TOP_RIGHT ? "X " : "");
		sb_pdf_info_free(&info);
		free(f.data);
		sb_pdf_out_free(o);
	}
}

/* The page's own text and the stamp both stay in the text layer: the stamp
 * is text, not a picture of it. */
static void test_stamp_is_text(void **state)
{
	sb_pdf_out *o = new_out();
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;
	fixture f;

	(void)state;
	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	assert_int_equal(sb_pdf_out_stamp(o, 0, "1", SB_STAMP_BOTTOM_CENTRE, &err), SB_OK);
	assert_int_equal(sb_pdf_out_stamp(o, 2, "D3", SB_STAMP_TOP_RIGHT, &err), SB_OK);
	f = save(o, "text");
	doc = read_back(&f, &list);
	assert_string_equal(doc->pages[0].text, "Geometry page 1: portrait\n\nXX 99\n1");
	assert_string_equal(doc->pages[2].text, "Geometry page 3: rotate 90\n\nD3");
	sb_doc_list_free(&list);
	free(f.data);
	sb_pdf_out_free(o);
}

static void test_stamp_labels(void **state)
{
	/* One per page of the 11-page document: NULL, no stamp there. */
	static const char *const stamps[11] = {"\xc3\x84" "1", "\xce\xa9" "2", "A-12"};
	char long_label[80];
	sb_pdf_out *o = new_out();
	sb_pdf_info info;
	sb_error err;
	fz_rect r;
	fixture f;

	(void)state;
	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	/* Windows-1252 has A-umlaut; Omega becomes '?'. */
	assert_int_equal(sb_pdf_out_stamp(o, 0, stamps[0], SB_STAMP_BOTTOM_RIGHT, &err), SB_OK);
	assert_int_equal(sb_pdf_out_stamp(o, 1, stamps[1], SB_STAMP_BOTTOM_RIGHT, &err), SB_OK);
	assert_int_equal(sb_pdf_out_stamp(o, 2, stamps[2], SB_STAMP_BOTTOM_RIGHT, &err), SB_OK);
	/* "A-12": A 667, hyphen 333, two digits: 21.12 pt of text. */
	assert_int_equal(sb_pdf_out_stamp_rect(o, 2, stamps[2], SB_STAMP_BOTTOM_RIGHT, &r, &err),
			 SB_OK);
	assert_rect(r, 842 - 12 - 27.12f, 595 - 12 - STAMP_H, 842 - 12, 595 - 12);
	memset(long_label, '7', 65);
	long_label[65] = '\0';
	assert_int_equal(sb_pdf_out_stamp(o, 3, long_label, SB_STAMP_BOTTOM_RIGHT, &err),
			 SB_EINVAL);
	assert_int_equal(sb_pdf_out_stamp(o, 3, "", SB_STAMP_BOTTOM_RIGHT, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_stamp(o, 3, NULL, SB_STAMP_BOTTOM_RIGHT, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_stamp(o, 11, "12", SB_STAMP_BOTTOM_RIGHT, &err), SB_EINVAL);
	assert_string_equal(err.message,
			    "cannot stamp: page 12 does not exist (the bundle has 11)");
	assert_int_equal(sb_pdf_out_stamp_rect(o, 11, "12", SB_STAMP_BOTTOM_RIGHT, &r, &err),
			 SB_EINVAL);
	f = save(o, "labels");
	inspect(&f, stamps, SB_STAMP_BOTTOM_RIGHT, &info);
	assert_string_equal(info.stamp_text[0], "\xc3\x84" "1");
	assert_string_equal(info.stamp_text[1], "?2");
	assert_string_equal(info.stamp_text[2], "A-12");
	sb_pdf_info_free(&info);
	free(f.data);
	sb_pdf_out_free(o);
}

/* ---- page labels ---- */

static void test_page_labels(void **state)
{
	static const sb_page_label_range first[] = {{0, "", 1}};
	static const sb_page_label_range ranges[] = {
		{0, "", 1}, {3, "A", 1}, {5, "\xc3\x84-", 7}};
	static const char *const want[11] = {"1",	     "2",	     "3",
					     "A1",	     "A2",	     "\xc3\x84-7",
					     "\xc3\x84-8", "\xc3\x84-9", "\xc3\x84-10",
					     "\xc3\x84-11", "\xc3\x84-12"};
	static const sb_page_label_range bad[][2] = {
		{{1, "", 1}, {3, "", 1}}, /* not from page 1 */
		{{0, "", 1}, {0, "", 1}}, /* not ascending */
		{{0, "", 1}, {11, "", 1}}, /* past the end */
		{{0, "", 0}, {3, "", 1}}, /* /St 0 */
	};
	sb_pdf_out *o = new_out();
	sb_pdf_info info;
	sb_error err;
	fixture f;
	size_t i;

	(void)state;
	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	f = save(o, "none");
	inspect(&f, NULL, SB_STAMP_BOTTOM_CENTRE, &info);
	for (i = 0; i < 11; i++)
		assert_string_equal(info.labels[i], "");
	sb_pdf_info_free(&info);
	free(f.data);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sb_pdf_out_set_page_labels(o, bad[i], 2, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_set_page_labels(o, first, 0, &err), SB_EINVAL);
	/* Set twice: the second replaces the first. */
	assert_int_equal(sb_pdf_out_set_page_labels(o, first, 1, &err), SB_OK);
	assert_int_equal(sb_pdf_out_set_page_labels(o, ranges, 3, &err), SB_OK);
	f = save(o, "labels");
	inspect(&f, NULL, SB_STAMP_BOTTOM_CENTRE, &info);
	for (i = 0; i < 11; i++)
		assert_string_equal(info.labels[i], want[i]);
	sb_pdf_info_free(&info);
	free(f.data);
	sb_pdf_out_free(o);
}

/* ---- outline ---- */

static void test_outline(void **state)
{
	static const sb_outline_item items[] = {
		{1, "A Appeal and Tribunal documents (pp. 1\xe2\x80\x93" "4)", 0},
		{2, "Decision letter \xe2\x80\x93 Elmbury Borough Council \xe2\x80\x93 "
		    "12 Mar 2024 \xe2\x80\x93 p. 2", 1},
		{2, "Mediation certificate \xe2\x80\x93 p. 4", 3},
		{1, "D Appellant's evidence (pp. 5\xe2\x80\x93" "10)", 4},
		{2, "Zo\xc3\xab's school report \xe2\x80\x93 p. 5", 4},
		{1, "F Late evidence (p. 11)", 10},
	};
	static const sb_outline_item orphan[] = {{2, "no section", 0}};
	static const sb_outline_item deep[] = {{1, "s", 0}, {3, "too deep", 0}};
	static const sb_outline_item past[] = {{1, "s", 11}};
	static const sb_outline_item untitled[] = {{1, NULL, 0}};
	sb_pdf_out *o = new_out();
	sb_pdf_info info;
	sb_error err;
	fixture f;
	size_t i;

	(void)state;
	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	f = save(o, "no outline");
	inspect(&f, NULL, SB_STAMP_BOTTOM_CENTRE, &info);
	assert_int_equal(info.noutline, 0);
	assert_false(info.opens_at_100);
	assert_false(info.shows_outline);
	sb_pdf_info_free(&info);
	free(f.data);
	assert_int_equal(sb_pdf_out_set_outline(o, orphan, 1, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_set_outline(o, deep, 2, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_set_outline(o, past, 1, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_set_outline(o, untitled, 1, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_set_outline(o, items, 2, &err), SB_OK);
	assert_int_equal(sb_pdf_out_set_outline(o, items, 6, &err), SB_OK);
	f = save(o, "outline");
	inspect(&f, NULL, SB_STAMP_BOTTOM_CENTRE, &info);
	assert_int_equal(info.noutline, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(info.outline[i].level, items[i].level);
		assert_string_equal(info.outline[i].title, items[i].title);
		assert_int_equal(info.outline[i].page, items[i].page);
		assert_true(info.outline[i].keeps_zoom);
	}
	assert_true(info.opens_at_100);
	assert_true(info.shows_outline);
	sb_pdf_info_free(&info);
	free(f.data);
	sb_pdf_out_free(o);
}

/* ---- links ---- */

typedef struct link_case {
	size_t page;
	fz_rect rect;
	size_t dest;
} link_case;

/* Links on rotated and cropped pages read back where they were put, in
 * display space, and go where they were sent. */
static void test_links(void **state)
{
	static const link_case cases[] = {
		{0, {72, 100, 300, 120}, 2},  {2, {50, 60, 250, 80}, 6},
		{5, {10, 20, 110, 40}, 0},    {6, {600, 400, 690, 490}, 10},
		{9, {20, 500, 380, 520}, 1},  {10, {0, 0, 400, 600}, 9},
	};
	sb_pdf_out *o = new_out();
	sb_pdf_info info;
	sb_error err;
	fixture f;
	size_t i, n = sizeof(cases) / sizeof(cases[0]);

	(void)state;
	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(sb_pdf_out_add_link(o, cases[i].page, cases[i].rect, cases[i].dest,
						     &err),
				 SB_OK);
	assert_int_equal(sb_pdf_out_add_link(o, 11, cases[0].rect, 0, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_add_link(o, 0, cases[0].rect, 11, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_add_link(o, 0, fz_empty_rect, 1, &err), SB_EINVAL);
	f = save(o, "links");
	inspect(&f, NULL, SB_STAMP_BOTTOM_CENTRE, &info);
	assert_int_equal(info.nlinks, n);
	for (i = 0; i < n; i++) {
		fz_rect r = cases[i].rect;

		assert_int_equal(info.links[i].page, cases[i].page);
		assert_rect(info.links[i].rect, r.x0, r.y0, r.x1, r.y1);
		assert_int_equal(info.links[i].dest, cases[i].dest);
	}
	sb_pdf_info_free(&info);
	free(f.data);
	sb_pdf_out_free(o);
}

/* ---- reading what other writers made ---- */

static void test_inspect_other_writers(void **state)
{
	static const char *const labels[4] = {"i", "ii", "App-AA", "App-BB"};
	fixture f = load(OUT_DIR, "reader.pdf");
	sb_pdf_info info;
	size_t i;

	(void)state;
	inspect(&f, NULL, SB_STAMP_BOTTOM_CENTRE, &info);
	assert_int_equal(info.npages, 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(info.labels[i], labels[i]);
	assert_int_equal(info.nlinks, 4);
	assert_rect(info.links[0].rect, 10, 812, 50, 832);
	assert_int_equal(info.links[0].dest, 3);  /* GoTo action */
	assert_int_equal(info.links[1].dest, 1);  /* named destination */
	assert_int_equal(info.links[2].dest, SIZE_MAX); /* the web */
	assert_int_equal(info.links[3].dest, 2);  /* page index */
	assert_rect(info.links[3].rect, 160, 812, 200, 832);
	assert_int_equal(info.noutline, 3);
	assert_int_equal(info.outline[0].level, 1);
	assert_string_equal(info.outline[0].title, "Fit page two");
	assert_int_equal(info.outline[0].page, 1);
	assert_false(info.outline[0].keeps_zoom);
	assert_int_equal(info.outline[1].level, 2);
	assert_string_equal(info.outline[1].title, "Zo\xc3\xab \xe2\x80\x93 child");
	assert_int_equal(info.outline[1].page, 0);
	assert_true(info.outline[1].keeps_zoom);
	assert_int_equal(info.outline[2].level, 1);
	assert_string_equal(info.outline[2].title, "Zoom two");
	assert_int_equal(info.outline[2].page, 2);
	assert_false(info.outline[2].keeps_zoom);
	assert_true(info.opens_at_100);
	assert_false(info.shows_outline);
	sb_pdf_info_free(&info);
	free(f.data);
}

/* ---- saving ---- */

/* A small bundle with everything in it, built from scratch. */
static sb_pdf_out *build_sample(void)
{
	static const sb_page_label_range labels[] = {{0, "Pg", 1}};
	static const sb_outline_item items[] = {
		{1, "A Geometry (pp. 1\xe2\x80\x93" "11)", 0},
		{2, "Rotated 90 \xe2\x80\x93 p. 3", 2},
		{2, "Cropped and rotated \xe2\x80\x93 p. 7", 6},
		{1, "D Appellant's evidence (pp. 12\xe2\x80\x93" "13)", 11},
		{2, "Appeal form (Zo\xc3\xab) \xe2\x80\x93 p. 12", 11},
	};
	static const fz_rect rect1 = {72, 100, 300, 120}, rect3 = {50, 60, 250, 80};
	sb_pdf_out *o = new_out();
	sb_error err;
	size_t i;

	add(o, OUT_DIR, "geometry.pdf", NULL, 0);
	add(o, OUT_DIR, "annotated.pdf", NULL, 0);
	for (i = 0; i < 13; i++) {
		char label[16];

		snprintf(label, sizeof(label), "Pg%zu", i + 1);
		assert_int_equal(sb_pdf_out_stamp(o, i, label, SB_STAMP_BOTTOM_CENTRE, &err),
				 SB_OK);
	}
	assert_int_equal(sb_pdf_out_set_page_labels(o, labels, 1, &err), SB_OK);
	assert_int_equal(sb_pdf_out_set_outline(o, items, 5, &err), SB_OK);
	assert_int_equal(sb_pdf_out_add_link(o, 0, rect1, 11, &err), SB_OK);
	assert_int_equal(sb_pdf_out_add_link(o, 2, rect3, 6, &err), SB_OK);
	assert_int_equal(sb_pdf_out_set_info(o, "Hearing bundle SE123/24/00042",
					     "Refusal to assess", &err),
			 SB_OK);
	return o;
}

/* The trailer's /ID as MuPDF writes it: two hex strings. */
static void trailer_id(const fixture *f, char out[80])
{
	const char *p = NULL;
	size_t i;

	for (i = 0; i + 4 < f->len; i++)
		if (memcmp(f->data + i, "/ID[", 4) == 0)
			p = (const char *)f->data + i;
	assert_non_null(p);
	for (i = 0; i < 79 && p[i] != ']'; i++)
		out[i] = p[i];
	out[i] = '\0';
}

/* "/ID[<hex><hex>" for a seed: the first 16 bytes of its SHA-256, twice,
 * in the upper-case hex MuPDF writes. */
static void expected_id(const char *seed, char out[80])
{
	char hex[65];
	size_t i;

	sb_sha256_hex(seed, strlen(seed), hex);
	for (i = 0; i < 64; i++)
		hex[i] = (char)toupper((unsigned char)hex[i]);
	snprintf(out, 80, "/ID[<%.32s><%.32s>", hex, hex);
}

static bool contains(const fixture *f, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= f->len; i++)
		if (memcmp(f->data + i, s, n) == 0)
			return true;
	return false;
}

/* The same inputs and seed, the same bytes; another seed, another /ID. */
static void test_save_reproducible(void **state)
{
	sb_pdf_out *a = build_sample(), *b = build_sample();
	fixture fa = save(a, "SE123/24/00042 v1"), fb = save(b, "SE123/24/00042 v1");
	fixture again = save(a, "SE123/24/00042 v1"), other = save(b, "SE123/24/00042 v2");
	char id[80], want[80];

	(void)state;
	assert_int_equal(fa.len, fb.len);
	assert_memory_equal(fa.data, fb.data, fa.len);
	assert_int_equal(again.len, fa.len);
	assert_memory_equal(again.data, fa.data, fa.len);
	/* The /ID: the first 16 bytes of the seed's SHA-256, twice. */
	trailer_id(&fa, id);
	expected_id("SE123/24/00042 v1", want);
	assert_string_equal(id, want);
	trailer_id(&other, id);
	expected_id("SE123/24/00042 v2", want);
	assert_string_equal(id, want);
	assert_false(contains(&fa, "CreationDate"));
	assert_false(contains(&fa, "ModDate"));
	free(fa.data);
	free(fb.data);
	free(again.data);
	free(other.data);
	sb_pdf_out_free(a);
	sb_pdf_out_free(b);
}

/* The sample read back whole, then written for the oracle test
 * (tests/oracle/pdf_out_oracle.py checks it with poppler and qpdf). */
static void test_sample_bundle(void **state)
{
	sb_pdf_out *o = build_sample();
	fixture f = save(o, "SE123/24/00042 v1");
	char labels[13][8];
	const char *stamps[13];
	sb_doc_list list;
	sb_pdf_info info;
	sb_doc *doc;
	FILE *out;
	size_t i;

	(void)state;
	for (i = 0; i < 13; i++) {
		snprintf(labels[i], sizeof(labels[i]), "Pg%zu", i + 1);
		stamps[i] = labels[i];
	}
	inspect(&f, stamps, SB_STAMP_BOTTOM_CENTRE, &info);
	assert_int_equal(info.npages, 13);
	for (i = 0; i < 13; i++) {
		assert_string_equal(info.stamp_text[i], labels[i]);
		assert_string_equal(info.labels[i], labels[i]);
	}
	assert_int_equal(info.nlinks, 2);
	assert_int_equal(info.noutline, 5);
	assert_true(info.opens_at_100 && info.shows_outline);
	sb_pdf_info_free(&info);
	doc = read_back(&f, &list);
	assert_string_equal(doc->meta_title, "Hearing bundle SE123/24/00042");
	sb_doc_list_free(&list);
	out = fopen(SB_TEST_OUT "/pdf_out_sample.pdf", "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(f.data, 1, f.len, out), f.len);
	assert_int_equal(fclose(out), 0);
	free(f.data);
	sb_pdf_out_free(o);
}

/* Saving garbage-collects and renumbers the document in place; the
 * bundle can still be stamped, linked and saved again afterwards. */
static void test_edit_after_save(void **state)
{
	/* One per page of the result: letter (3) and blank (8); NULL: no stamp. */
	static const char *const stamps[11] = {"1", "2", "3"};
	static const fz_rect rect = {10, 10, 100, 30};
	static const bool want[11] = {false, false, false, false, true, true,
				      true,  true,  false, true,  false};
	sb_pdf_out *o = new_out();
	sb_pdf_info info;
	bool blank[11];
	sb_error err;
	fixture f;
	size_t i;

	(void)state;
	add(o, READERS_DIR, "letter.pdf", NULL, 0);
	assert_int_equal(sb_pdf_out_stamp(o, 0, "1", SB_STAMP_BOTTOM_CENTRE, &err), SB_OK);
	f = save(o, "first");
	free(f.data);
	assert_int_equal(sb_pdf_out_stamp(o, 1, "2", SB_STAMP_BOTTOM_CENTRE, &err), SB_OK);
	assert_int_equal(sb_pdf_out_stamp(o, 2, "3", SB_STAMP_BOTTOM_CENTRE, &err), SB_OK);
	assert_int_equal(sb_pdf_out_add_link(o, 2, rect, 0, &err), SB_OK);
	add(o, OUT_DIR, "blank.pdf", NULL, 0);
	f = save(o, "second");
	inspect(&f, stamps, SB_STAMP_BOTTOM_CENTRE, &info);
	assert_int_equal(info.npages, 11);
	assert_string_equal(info.stamp_text[0], "1");
	assert_string_equal(info.stamp_text[1], "2");
	assert_string_equal(info.stamp_text[2], "3");
	assert_int_equal(info.nlinks, 1);
	assert_int_equal(info.links[0].page, 2);
	assert_int_equal(info.links[0].dest, 0);
	sb_pdf_info_free(&info);
	/* blank.pdf's pages as they were, its last page's annotation (the
	 * only thing it draws) flattened into the content. */
	assert_int_equal(sb_pdf_blank_pages("bundle.pdf", f.data, f.len, blank, 11, &err), SB_OK);
	for (i = 0; i < 11; i++)
		if (blank[i] != want[i])
			fail_msg("page %zu: blank %d, want %d", i + 1, blank[i], want[i]);
	free(f.data);
	sb_pdf_out_free(o);
}

/* An earlier bundle (bundle-spec "Format" 5) that cannot be added to is
 * refused with a message naming it: no name, no bytes, a file MuPDF had to
 * repair (truncated) or one that needs a password. A sound one opens. */
static void test_open_refusals(void **state)
{
	static const struct {
		const char *name;
		int code;
		const char *message;
	} cases[] = {
	    {"truncated.pdf", SB_EPARSE,
	     "the earlier bundle 'truncated.pdf' is damaged or encrypted"},
	    {"encrypted.pdf", SB_EPARSE,
	     "the earlier bundle 'encrypted.pdf' is damaged or encrypted"},
	};
	sb_pdf_out *o = NULL;
	sb_error err;
	fixture f;
	size_t i;

	(void)state;
	f = load(READERS_DIR, "letter.pdf");
	assert_int_equal(sb_pdf_out_open(0, NULL, f.data, f.len, &o, &err), SB_EINVAL);
	assert_string_equal(err.message, "no name for the earlier bundle");
	assert_int_equal(sb_pdf_out_open(0, "bundle.pdf", f.data, 0, &o, &err), SB_EPARSE);
	assert_string_equal(err.message, "the earlier bundle 'bundle.pdf' is empty");
	assert_int_equal(sb_pdf_out_open(0, "bundle.pdf", f.data, f.len, &o, &err), SB_OK);
	assert_int_equal(sb_pdf_out_page_count(o), 3);
	sb_pdf_out_free(o);
	free(f.data);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o = NULL;
		f = load(READERS_DIR, cases[i].name);
		assert_int_equal(sb_pdf_out_open(0, cases[i].name, f.data, f.len, &o, &err),
				 cases[i].code);
		assert_null(o);
		assert_string_equal(err.message, cases[i].message);
		free(f.data);
	}
}

static void test_save_errors(void **state)
{
	sb_pdf_out *o = new_out();
	unsigned char *data = NULL;
	size_t len = 0;
	sb_error err;

	(void)state;
	assert_int_equal(sb_pdf_out_save(o, "x", &data, &len, &err), SB_EINVAL);
	assert_null(data);
	assert_int_equal(sb_pdf_out_save(NULL, "x", &data, &len, &err), SB_EINVAL);
	sb_pdf_out_free(o);
	sb_pdf_out_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stamp_pos_names),
		cmocka_unit_test(test_graft_keeps_geometry),
		cmocka_unit_test(test_graft_keep_subset),
		cmocka_unit_test(test_graft_mkpdf_fixtures),
		cmocka_unit_test(test_annotations_flattened),
		cmocka_unit_test(test_graft_restricted),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_open_refusals),
		cmocka_unit_test(test_memory_cap),
		cmocka_unit_test(test_blank_pages),
		cmocka_unit_test(test_stamp_every_geometry),
		cmocka_unit_test(test_stamp_is_text),
		cmocka_unit_test(test_stamp_labels),
		cmocka_unit_test(test_page_labels),
		cmocka_unit_test(test_outline),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_inspect_other_writers),
		cmocka_unit_test(test_save_reproducible),
		cmocka_unit_test(test_sample_bundle),
		cmocka_unit_test(test_edit_after_save),
		cmocka_unit_test(test_save_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
