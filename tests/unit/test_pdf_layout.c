/*
 * Tests for sb_pdf_layout: the text, table and cover pages the bundle draws
 * itself. Each test lays out into a fresh output, saves it, re-opens it with
 * MuPDF and reads the text back as a reader would (structured text), so
 * what is asserted is what a person can search and copy: exact page counts,
 * the words in order, where each table row is (its link rectangle), and
 * that measuring gives exactly what drawing gives.
 *
 * Most tests build the output here from a MuPDF context and an empty
 * document, freed the way sb_pdf_out_free does (fonts, document, context),
 * so they test the layout alone; test_with_sb_pdf_out uses the real one.
 * All names and text are fictional.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sb_pdf_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The layout's geometry, restated: the tests check the module against
 * these numbers, not against itself. */
#define MARGIN 50.0f
#define RIGHT (595.0f - 50.0f)
#define BOTTOM 770.0f
#define TEXT_TOP 70.0f
#define TEXT_FIRST_BASE (70.0f + 0.95f * 10.5f)
#define TEXT_LEADING 14.0f
#define TEXT_LINES 50
#define HEAD_BAND 62.0f /* the grey header line sits above this */
#define ROW_H 17.5f	/* one-line table row: 3 + 11.5 + 3 */
#define ROW_LINE 11.5f

/* ---- the output, and reading it back ---- */

static sb_pdf_out *out_new(void)
{
	sb_pdf_out *o = calloc(1, sizeof(*o));

	assert_non_null(o);
	o->ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
	assert_non_null(o->ctx);
	o->doc = pdf_create_document(o->ctx);
	assert_non_null(o->doc);
	return o;
}

static void out_free(sb_pdf_out *o)
{
	fz_drop_font(o->ctx, o->font_regular);
	fz_drop_font(o->ctx, o->font_bold);
	pdf_drop_document(o->ctx, o->doc);
	fz_drop_context(o->ctx);
	free(o);
}

static int out_pages(sb_pdf_out *o)
{
	return pdf_count_pages(o->ctx, o->doc);
}

/* One character as a reader extracts it. */
typedef struct tchar {
	int c;
	fz_rect box;
	fz_point origin;
	float size;
	bool bold;
	int line; /* running number of the structured-text line it is on */
} tchar;

typedef struct page_text {
	tchar *v;
	size_t n;
} page_text;

/* The saved PDF, re-opened: its pages' characters. */
typedef struct saved {
	fz_context *ctx;
	fz_buffer *buf;
	fz_document *doc;
	int npages;
	page_text *pages;
} saved;

static void saved_free(saved *sv)
{
	int i;

	for (i = 0; i < sv->npages; i++)
		free(sv->pages[i].v);
	free(sv->pages);
	fz_drop_document(sv->ctx, sv->doc);
	fz_drop_buffer(sv->ctx, sv->buf);
}

static void read_page(saved *sv, int number)
{
	fz_stext_options opts;
	fz_page *page = fz_load_page(sv->ctx, sv->doc, number);
	fz_stext_page *st;
	fz_stext_block *b;
	page_text *pt = &sv->pages[number];
	size_t cap = 256;
	int line = 0;

	memset(&opts, 0, sizeof(opts));
	st = fz_new_stext_page_from_page(sv->ctx, page, &opts);
	pt->v = malloc(cap * sizeof(tchar));
	assert_non_null(pt->v);
	for (b = st->first_block; b != NULL; b = b->next) {
		fz_stext_line *l;

		if (b->type != FZ_STEXT_BLOCK_TEXT)
			continue;
		for (l = b->u.t.first_line; l != NULL; l = l->next, line++) {
			fz_stext_char *ch;

			for (ch = l->first_char; ch != NULL; ch = ch->next) {
				tchar *t;

				if (pt->n == cap) {
					cap *= 2;
					pt->v = realloc(pt->v, cap * sizeof(tchar));
					assert_non_null(pt->v);
				}
				t = &pt->v[pt->n++];
				t->c = ch->c;
				t->box = fz_rect_from_quad(ch->quad);
				t->origin = ch->origin;
				t->size = ch->size;
				t->bold = fz_font_is_bold(sv->ctx, ch->font);
				t->line = line;
			}
		}
	}
	fz_drop_stext_page(sv->ctx, st);
	fz_drop_page(sv->ctx, page);
}

/* Save o (compressed, as the bundle is saved) and read it back. */
static void save_and_read(sb_pdf_out *o, saved *sv)
{
	pdf_write_options opts = pdf_default_write_options;
	fz_output *out;
	fz_stream *stm;
	int i;

	memset(sv, 0, sizeof(*sv));
	sv->ctx = o->ctx;
	opts.do_compress = 1;
	opts.do_compress_fonts = 1;
	opts.do_garbage = 3;
	sv->buf = fz_new_buffer(o->ctx, 1 << 16);
	out = fz_new_output_with_buffer(o->ctx, sv->buf);
	pdf_write_document(o->ctx, o->doc, out, &opts);
	fz_close_output(o->ctx, out);
	fz_drop_output(o->ctx, out);
	stm = fz_open_buffer(o->ctx, sv->buf);
	sv->doc = (fz_document *)pdf_open_document_with_stream(o->ctx, stm);
	fz_drop_stream(o->ctx, stm);
	sv->npages = fz_count_pages(o->ctx, sv->doc);
	sv->pages = calloc((size_t)sv->npages + 1, sizeof(page_text));
	assert_non_null(sv->pages);
	for (i = 0; i < sv->npages; i++)
		read_page(sv, i);
}

static size_t put_utf8(char *p, int c)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xC0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xE0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		p[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | (c >> 18));
	p[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	p[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	p[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* The text of page i whose characters' centres lie in r, as UTF-8 with a
 * newline between structured-text lines (free() it). */
static char *text_in(const saved *sv, int page, fz_rect r)
{
	const page_text *pt = &sv->pages[page];
	char *s = malloc(pt->n * 4 + pt->n + 1);
	size_t i, n = 0;
	int line = -1;

	assert_non_null(s);
	for (i = 0; i < pt->n; i++) {
		const tchar *t = &pt->v[i];
		float cx = (t->box.x0 + t->box.x1) / 2, cy = (t->box.y0 + t->box.y1) / 2;

		if (cx < r.x0 || cx > r.x1 || cy < r.y0 || cy > r.y1)
			continue;
		if (line != -1 && t->line != line)
			s[n++] = '\n';
		line = t->line;
		n += put_utf8(s + n, t->c);
	}
	s[n] = '\0';
	return s;
}

static const fz_rect everywhere = {-1e6f, -1e6f, 1e6f, 1e6f};
static const fz_rect body = {0, HEAD_BAND, 595, 842};
static const fz_rect head_band = {0, 0, 595, HEAD_BAND};

/* Words of s (split at ASCII white space), joined by one space. */
static char *words(const char *s)
{
	char *w = malloc(strlen(s) + 1);
	size_t n = 0;
	bool gap = false;

	assert_non_null(w);
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == '\f') {
			gap = n > 0;
			continue;
		}
		if (gap)
			w[n++] = ' ';
		gap = false;
		w[n++] = *s;
	}
	w[n] = '\0';
	return w;
}

/* The body text of pages [from, to), words joined by single spaces. */
static char *body_words(const saved *sv, int from, int to)
{
	size_t cap = 1024, n = 0;
	char *all = malloc(cap);
	char *w;
	int i;

	assert_non_null(all);
	all[0] = '\0';
	for (i = from; i < to; i++) {
		char *t = text_in(sv, i, body);
		size_t k = strlen(t);

		while (n + k + 2 > cap) {
			cap *= 2;
			all = realloc(all, cap);
			assert_non_null(all);
		}
		memcpy(all + n, t, k);
		n += k;
		all[n++] = '\n';
		all[n] = '\0';
		free(t);
	}
	w = words(all);
	free(all);
	return w;
}

/* Every character of every page inside the printable area: right of the
 * left margin, left of the right margin, above the stamp band. */
static void assert_inside_margins(const saved *sv)
{
	int i;
	size_t j;

	for (i = 0; i < sv->npages; i++)
		for (j = 0; j < sv->pages[i].n; j++) {
			const tchar *t = &sv->pages[i].v[j];

			if (t->c == ' ')
				continue;
			assert_true(t->origin.x >= MARGIN - 0.01f);
			assert_true(t->box.x1 <= RIGHT + 0.5f);
			assert_true(t->origin.y <= BOTTOM);
		}
}

/* ---- text ---- */

static void lay_text(sb_pdf_out *o, const char *header, const char *text, size_t expect)
{
	sb_error err;
	size_t measured = 0, drawn = 0;
	int before = out_pages(o);

	sb_error_clear(&err);
	assert_int_equal(sb_pdf_layout_text(o, header, text, strlen(text), true, &measured, &err),
			 SB_OK);
	assert_int_equal(out_pages(o), before); /* measuring adds nothing */
	assert_int_equal(sb_pdf_layout_text(o, header, text, strlen(text), false, &drawn, &err),
			 SB_OK);
	assert_int_equal(measured, expect);
	assert_int_equal(drawn, expect);
	assert_int_equal(out_pages(o), before + (int)expect);
}

/* Short lines: 50 to a page, a header on each saying which page of how many. */
static void test_text_lines_paginate(void **state)
{
	sb_pdf_out *o = out_new();
	char *text = malloc(120 * 64), *w;
	size_t n = 0;
	saved sv;
	int i;

	(void)state;
	assert_non_null(text);
	for (i = 1; i <= 120; i++)
		n += (size_t)sprintf(text + n, "Line %03d of the support plan review\n", i);
	lay_text(o, "Original: 07-review-notes.txt (text file)", text, 3);
	save_and_read(o, &sv);
	assert_int_equal(sv.npages, 3);

	w = text_in(&sv, 1, head_band);
	assert_string_equal(w, "Original: 07-review-notes.txt (text file), page 2 of 3");
	free(w);
	w = text_in(&sv, 2, head_band);
	assert_string_equal(w, "Original: 07-review-notes.txt (text file), page 3 of 3");
	free(w);

	/* Lines 1-50, 51-100, 101-120, each starting at the top of its page. */
	w = text_in(&sv, 1, fz_make_rect(0, TEXT_TOP, 595, TEXT_TOP + TEXT_LEADING));
	assert_string_equal(w, "Line 051 of the support plan review");
	free(w);
	w = text_in(&sv, 0, fz_make_rect(0, BOTTOM - TEXT_LEADING, 595, BOTTOM));
	assert_string_equal(w, "Line 050 of the support plan review");
	free(w);
	w = text_in(&sv, 2, fz_make_rect(0, TEXT_TOP + 19 * TEXT_LEADING, 595,
					   TEXT_TOP + 20 * TEXT_LEADING));
	assert_string_equal(w, "Line 120 of the support plan review");
	free(w);
	assert_true(fabsf(sv.pages[0].v[0].origin.y - 58.0f) < 0.01f); /* header baseline */

	w = body_words(&sv, 0, 3);
	{
		char *expect = words(text);

		assert_string_equal(w, expect);
		free(expect);
	}
	free(w);
	assert_inside_margins(&sv);
	saved_free(&sv);
	free(text);
	out_free(o);
}

/* A long paragraph wraps at word boundaries and comes back word for word. */
static void test_text_wraps_words_in_order(void **state)
{
	static const char *const sentence[] = {
		"The", "educational", "psychologist", "observed", "Sam", "in", "class", "on",
		"three", "occasions", "and", "recommended", "a", "structured", "literacy",
		"programme,", "daily", "adult", "support", "and", "a", "quiet", "workstation."};
	sb_pdf_out *o = out_new();
	char *text = malloc(1 << 16), *got, *expect;
	size_t n = 0, i;
	saved sv;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 2300; i++)
		n += (size_t)sprintf(text + n, "%s%s", i ? " " : "",
				     sentence[i % (sizeof(sentence) / sizeof(sentence[0]))]);
	lay_text(o, "Original: 04-ep-report.docx (Word document)", text, 4);
	save_and_read(o, &sv);
	got = body_words(&sv, 0, sv.npages);
	expect = words(text);
	assert_string_equal(got, expect);
	assert_inside_margins(&sv);
	/* A full page: the header line and 50 lines of text. */
	assert_int_equal(sv.pages[0].v[sv.pages[0].n - 1].line - sv.pages[0].v[0].line, 50);
	free(got);
	free(expect);
	saved_free(&sv);
	free(text);
	out_free(o);
}

static float first_base(const saved *sv, int page, int c)
{
	size_t i;

	for (i = 0; i < sv->pages[page].n; i++)
		if (sv->pages[page].v[i].c == c && sv->pages[page].v[i].origin.y > HEAD_BAND)
			return sv->pages[page].v[i].origin.y;
	fail_msg("no '%c' on page %d", c, page + 1);
	return 0;
}

/* Blank lines kept, CR, LF and CRLF alike, form feeds start pages, and no
 * blank page ever comes of them. */
static void test_text_breaks(void **state)
{
	sb_pdf_out *o = out_new();
	saved sv;
	char *w;

	(void)state;
	lay_text(o, "h", "A\n\nC\r\nD\rE\fF\n", 2);
	lay_text(o, NULL, "\f\f\n\n\f", 1);	 /* nothing to show: one page */
	lay_text(o, "h", "G\f\f\f\n\n\fH\f\n\n", 2); /* runs of feeds: one break */
	lay_text(o, "h", "\n\n\nI", 1);		 /* leading blank lines dropped */
	lay_text(o, "h", "", 1);
	save_and_read(o, &sv);
	assert_int_equal(sv.npages, 7);
	assert_true(fabsf(first_base(&sv, 0, 'A') - TEXT_FIRST_BASE) < 0.01f);
	assert_true(fabsf(first_base(&sv, 0, 'C') - (TEXT_FIRST_BASE + 2 * TEXT_LEADING)) < 0.01f);
	assert_true(fabsf(first_base(&sv, 0, 'D') - (TEXT_FIRST_BASE + 3 * TEXT_LEADING)) < 0.01f);
	assert_true(fabsf(first_base(&sv, 0, 'E') - (TEXT_FIRST_BASE + 4 * TEXT_LEADING)) < 0.01f);
	assert_true(fabsf(first_base(&sv, 1, 'F') - TEXT_FIRST_BASE) < 0.01f);
	assert_true(fabsf(first_base(&sv, 4, 'H') - TEXT_FIRST_BASE) < 0.01f);
	assert_true(fabsf(first_base(&sv, 5, 'I') - TEXT_FIRST_BASE) < 0.01f);
	w = text_in(&sv, 2, everywhere);
	assert_string_equal(w, "Page 1 of 1");
	free(w);
	w = text_in(&sv, 6, everywhere);
	assert_string_equal(w, "h, page 1 of 1");
	free(w);
	saved_free(&sv);
	out_free(o);
}

/* Blank lines that would run past the bottom are dropped with the page
 * break, not carried to the top of the next page. */
static void test_text_blank_lines_at_page_end(void **state)
{
	sb_pdf_out *o = out_new();
	char text[512];
	size_t n = 0;
	saved sv;
	int i;

	(void)state;
	for (i = 0; i < 49; i++)
		n += (size_t)sprintf(text + n, "x\n");
	n += (size_t)sprintf(text + n, "\n\n\nlast\n\n\n");
	lay_text(o, NULL, text, 2);
	save_and_read(o, &sv);
	assert_true(fabsf(first_base(&sv, 1, 'l') - TEXT_FIRST_BASE) < 0.01f);
	saved_free(&sv);
	out_free(o);
}

/* Tabs jump to the next half-inch stop; the header is cut short with an
 * ellipsis when it would not fit. */
static void test_text_tabs_and_long_header(void **state)
{
	sb_pdf_out *o = out_new();
	char header[400];
	saved sv;
	char *w;
	size_t i;

	(void)state;
	memset(header, 'W', sizeof(header) - 1);
	header[sizeof(header) - 1] = '\0';
	lay_text(o, header, "Name:\tZed\n\tIndented\n", 1);
	save_and_read(o, &sv);
	for (i = 0; i < sv.pages[0].n; i++) {
		const tchar *t = &sv.pages[0].v[i];

		if (t->c == 'Z')
			assert_true(fabsf(t->origin.x - (MARGIN + 36.0f)) < 0.01f);
		if (t->c == 'I')
			assert_true(fabsf(t->origin.x - (MARGIN + 36.0f)) < 0.01f);
	}
	w = text_in(&sv, 0, head_band);
	assert_non_null(strstr(w, "W\xE2\x80\xA6, page 1 of 1"));
	assert_int_equal(strlen(w) - strlen("\xE2\x80\xA6, page 1 of 1") < 400, 1);
	free(w);
	assert_inside_margins(&sv);
	saved_free(&sv);
	out_free(o);
}

/* A word longer than a line is broken where the line is full, and nothing
 * of it is lost. */
static void test_text_long_word(void **state)
{
	sb_pdf_out *o = out_new();
	char word[3001], *got;
	saved sv;
	size_t i, j, lines = 0;

	(void)state;
	for (i = 0; i < 3000; i++)
		word[i] = (char)('a' + i % 26);
	word[3000] = '\0';
	lay_text(o, "h", word, 1);
	save_and_read(o, &sv);
	got = text_in(&sv, 0, body);
	for (i = 0, j = 0; got[i] != '\0'; i++)
		if (got[i] == '\n')
			lines++;
		else
			got[j++] = got[i];
	got[j] = '\0';
	assert_string_equal(got, word);
	assert_true(lines >= 20 && lines < 40);
	assert_inside_margins(&sv);
	free(got);
	saved_free(&sv);
	out_free(o);
}

/* Names in other scripts: nothing vanishes. Latin, Greek, Cyrillic and Han
 * come back exactly; Arabic comes back as Arabic letters (drawn unshaped,
 * so a reader may extract presentation forms). */
static void test_text_non_ascii(void **state)
{
	static const char *const text =
		"Zo\xC3\xAB N\xC3\xAD Bhriain, \xC5\x81ukasz Nowak, Dafydd ap Gw\xC5\xB7n "
		"\xC5\xB5\xC5\xB7, \xCE\xA9\xCE\xBC\xCE\xAD\xCE\xB3\xCE\xB1, "
		"\xD0\x9E\xD0\xBB\xD1\x8C\xD0\xB3\xD0\xB0, \xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E, "
		"\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF.";
	sb_pdf_out *o = out_new();
	saved sv;
	char *got;
	size_t i, arabic = 0, visible = 0;

	(void)state;
	lay_text(o, "Original: letter from Zo\xC3\xAB's mother (e-mail)", text, 1);
	save_and_read(o, &sv);
	got = text_in(&sv, 0, body);
	assert_non_null(strstr(got, "Zo\xC3\xAB N\xC3\xAD Bhriain, \xC5\x81ukasz Nowak, Dafydd ap "
				    "Gw\xC5\xB7n \xC5\xB5\xC5\xB7, "));
	assert_non_null(strstr(got, "\xCE\xA9\xCE\xBC\xCE\xAD\xCE\xB3\xCE\xB1, "
				    "\xD0\x9E\xD0\xBB\xD1\x8C\xD0\xB3\xD0\xB0, "
				    "\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E, "));
	free(got);
	for (i = 0; i < sv.pages[0].n; i++) {
		int c = sv.pages[0].v[i].c;

		if (sv.pages[0].v[i].origin.y < HEAD_BAND)
			continue;
		if (c != ' ')
			visible++;
		if ((c >= 0x600 && c <= 0x6FF) || (c >= 0xFE70 && c <= 0xFEFF))
			arabic++;
	}
	assert_int_equal(arabic, 4);
	assert_int_equal(visible, 61); /* every non-space character of the input */
	got = text_in(&sv, 0, head_band);
	assert_string_equal(got, "Original: letter from Zo\xC3\xAB's mother (e-mail), page 1 of 1");
	free(got);
	saved_free(&sv);
	out_free(o);
}

/* Bytes that are not UTF-8, controls and NULs: shown as U+FFFD or skipped,
 * never a crash or a lost page. */
static void test_text_bad_bytes(void **state)
{
	static const char bad[] = "ok \xFF\xFE bad \xC3 end\x01\x7F\xC2\x85next";
	sb_pdf_out *o = out_new();
	sb_error err;
	size_t n = 0;
	saved sv;
	char *got;

	(void)state;
	assert_int_equal(sb_pdf_layout_text(o, NULL, bad, sizeof(bad), false, &n, &err), SB_OK);
	assert_int_equal(n, 1);
	save_and_read(o, &sv);
	got = text_in(&sv, 0, body);
	assert_string_equal(got, "ok \xEF\xBF\xBD\xEF\xBF\xBD bad \xEF\xBF\xBD end\nnext");
	free(got);
	saved_free(&sv);
	out_free(o);
}

/* The same text gives the same page content, byte for byte. */
static void test_text_deterministic(void **state)
{
	static const char *const text = "Riverside Primary School\n\tSENCo: Ms Ada Example\n"
					"Zo\xC3\xAB \xE7\x8E\x8B\fPage two\n";
	sb_pdf_out *a = out_new(), *b = out_new();
	size_t n;
	int i;

	(void)state;
	assert_int_equal(sb_pdf_layout_text(a, "x", text, strlen(text), false, &n, NULL), SB_OK);
	assert_int_equal(sb_pdf_layout_text(b, "x", text, strlen(text), false, &n, NULL), SB_OK);
	assert_int_equal(n, 2);
	for (i = 0; i < 2; i++) {
		pdf_obj *pa = pdf_lookup_page_obj(a->ctx, a->doc, i);
		pdf_obj *pb = pdf_lookup_page_obj(b->ctx, b->doc, i);
		pdf_obj *sa = pdf_dict_get(a->ctx, pa, PDF_NAME(Contents));
		pdf_obj *sb = pdf_dict_get(b->ctx, pb, PDF_NAME(Contents));
		fz_buffer *ca = pdf_load_stream(a->ctx, sa), *cb = pdf_load_stream(b->ctx, sb);
		unsigned char *da, *db;
		size_t la = fz_buffer_storage(a->ctx, ca, &da);
		size_t lb = fz_buffer_storage(b->ctx, cb, &db);

		assert_true(la > 100);
		assert_int_equal(la, lb);
		assert_memory_equal(da, db, la);
		fz_drop_buffer(a->ctx, ca);
		fz_drop_buffer(b->ctx, cb);
	}
	out_free(a);
	out_free(b);
}

/* More than 5000 pages is refused, measured or drawn, and nothing is added. */
static void test_text_page_cap(void **state)
{
	size_t lines = 5000 * TEXT_LINES, i;
	char *text = malloc(lines * 2 + 3);
	sb_pdf_out *o = out_new();
	sb_error err;
	size_t n = 99;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < lines; i++)
		memcpy(text + 2 * i, "x\n", 2);
	assert_int_equal(sb_pdf_layout_text(o, NULL, text, lines * 2, true, &n, &err), SB_OK);
	assert_int_equal(n, 5000);
	memcpy(text + 2 * lines, "y\n", 3);
	assert_int_equal(sb_pdf_layout_text(o, NULL, text, lines * 2 + 2, true, &n, &err),
			 SB_ERANGE);
	assert_string_equal(err.reason, "too-many-pages");
	assert_int_equal(n, 0);
	assert_int_equal(sb_pdf_layout_text(o, NULL, text, lines * 2 + 2, false, &n, &err),
			 SB_ERANGE);
	assert_int_equal(out_pages(o), 0);
	free(text);
	out_free(o);
}

static void test_text_bad_args(void **state)
{
	sb_pdf_out *o = out_new();
	sb_error err;
	size_t n;

	(void)state;
	assert_int_equal(sb_pdf_layout_text(NULL, NULL, "a", 1, false, &n, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_layout_text(o, NULL, NULL, 1, false, &n, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_layout_text(o, NULL, "a", 1, false, NULL, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_layout_text(o, NULL, NULL, 0, false, &n, &err), SB_OK);
	assert_int_equal(n, 1);
	out_free(o);
}

/* ---- tables ---- */

#define IDX_COLS 6

static const char *const idx_heads[IDX_COLS] = {"Section", "Tab", "Title",
						"Author (profession)", "Date", "Pages"};
static const float idx_widths[IDX_COLS] = {1.2f, 0.6f, 4.0f, 2.6f, 1.4f, 1.0f};

/* An index of nrows rows: every tenth a bold section row, the rest
 * documents (one line each unless long_titles). Cells point into store. */
typedef struct index_rows {
	const char **cells;
	bool *bold;
	char (*store)[IDX_COLS][96];
} index_rows;

static void make_index(index_rows *ix, size_t nrows, bool long_titles)
{
	size_t r, c;

	ix->cells = calloc(nrows * IDX_COLS + 1, sizeof(char *));
	ix->bold = calloc(nrows + 1, sizeof(bool));
	ix->store = calloc(nrows + 1, sizeof(*ix->store));
	assert_true(ix->cells && ix->bold && ix->store);
	for (r = 0; r < nrows; r++) {
		ix->bold[r] = r % 10 == 0;
		if (ix->bold[r]) {
			snprintf(ix->store[r][0], 96, "S%zu", r / 10 + 1);
			snprintf(ix->store[r][2], 96, "Section %zu: appellant's evidence", r / 10);
		} else {
			snprintf(ix->store[r][0], 96, "D%zu", r);
			snprintf(ix->store[r][1], 96, "%zu", r % 10);
			snprintf(ix->store[r][2], 96,
				 long_titles && r % 3 == 0
					 ? "Speech and language therapy report number %zu with "
					   "the appendices and the school's comments"
					 : "Report %zu",
				 r);
			snprintf(ix->store[r][3], 96, "A. Example (EP)");
			snprintf(ix->store[r][4], 96, "%02zu Mar 2024", r % 28 + 1);
			snprintf(ix->store[r][5], 96, "%zu-%zu", 3 * r, 3 * r + 2);
		}
		for (c = 0; c < IDX_COLS; c++)
			ix->cells[r * IDX_COLS + c] = ix->store[r][c];
	}
}

static void free_index(index_rows *ix)
{
	free(ix->cells);
	free(ix->bold);
	free(ix->store);
}

static sb_pdf_table index_table(const index_rows *ix, size_t nrows)
{
	static const char *const intro[] = {"Appeal EH123/45/678, hearing 12 June 2025",
					    "Bundle version 2"};
	sb_pdf_table t;

	memset(&t, 0, sizeof(t));
	t.title = "Index";
	t.intro = intro;
	t.nintro = 2;
	t.heads = idx_heads;
	t.widths = idx_widths;
	t.ncols = IDX_COLS;
	t.cells = ix->cells;
	t.nrows = nrows;
	t.bold_rows = ix->bold;
	return t;
}

/* Measure, then draw: the same page count and the same places. */
static void lay_table(sb_pdf_out *o, const sb_pdf_table *t, sb_pdf_row_place *places,
		      size_t expect)
{
	sb_pdf_row_place *measured = calloc(t->nrows + 1, sizeof(*measured));
	int before = out_pages(o);
	size_t n1 = 0, n2 = 0;
	sb_error err;

	assert_non_null(measured);
	assert_int_equal(sb_pdf_layout_table(o, t, true, measured, &n1, &err), SB_OK);
	assert_int_equal(out_pages(o), before);
	assert_int_equal(sb_pdf_layout_table(o, t, false, places, &n2, &err), SB_OK);
	assert_int_equal(n1, expect);
	assert_int_equal(n2, expect);
	assert_int_equal(out_pages(o), before + (int)expect);
	if (places != NULL && t->nrows > 0)
		assert_memory_equal(measured, places, t->nrows * sizeof(*places));
	free(measured);
}

/* The first cell's column on page p, inside row rectangle r. */
static char *first_cell_in(const saved *sv, size_t page, fz_rect r, float col_right)
{
	fz_rect cell = r;

	cell.x1 = col_right;
	return text_in(sv, (int)page, cell);
}

/* 100 rows after one page already in the output: rows fill page 2 under
 * the title, then pages 3 and 4 under repeated heads; each row's rectangle
 * holds exactly its own first cell. */
static void test_table_places(void **state)
{
	sb_pdf_out *o = out_new();
	sb_pdf_row_place places[100];
	index_rows ix;
	sb_pdf_table t;
	saved sv;
	float col0 = MARGIN + 495.0f * (1.2f / 10.8f);
	size_t r, n;
	char *got;

	(void)state;
	make_index(&ix, 100, false);
	t = index_table(&ix, 100);
	assert_int_equal(sb_pdf_layout_text(o, "cover", "Cover", 5, false, &n, NULL), SB_OK);
	lay_table(o, &t, places, 3);

	/* Page 1 (0-based) starts at 50: title 18, intro 2 x 13, gap 10,
	 * heads 17.5, so the first row is at 121.5 and 37 rows fit above 770;
	 * later pages have heads at 50 and 40 rows. */
	assert_int_equal(places[0].page, 1);
	assert_true(places[0].rect.y0 == 121.5f);
	assert_true(places[0].rect.y1 == 121.5f + ROW_H);
	assert_true(places[0].rect.x0 == MARGIN && places[0].rect.x1 == RIGHT);
	assert_int_equal(places[36].page, 1);
	assert_true(places[36].rect.y1 == 121.5f + 37 * ROW_H);
	assert_int_equal(places[37].page, 2);
	assert_true(places[37].rect.y0 == 67.5f);
	assert_int_equal(places[76].page, 2);
	assert_int_equal(places[77].page, 3);
	assert_true(places[99].rect.y0 == 67.5f + 22 * ROW_H);

	save_and_read(o, &sv);
	assert_int_equal(sv.npages, 4);
	for (r = 0; r < 100; r++) {
		got = first_cell_in(&sv, places[r].page, places[r].rect, col0);
		assert_string_equal(got, ix.cells[r * IDX_COLS]);
		free(got);
	}
	/* Section rows are bold; the rest are not. */
	for (r = 0; r < sv.pages[1].n; r++) {
		const tchar *c = &sv.pages[1].v[r];

		if (c->origin.y > places[0].rect.y0 && c->origin.y < places[0].rect.y1)
			assert_true(c->bold);
		if (c->origin.y > places[1].rect.y0 && c->origin.y < places[1].rect.y1)
			assert_false(c->bold);
	}
	/* Title, intro and heads on the first table page; heads again on the next. */
	got = text_in(&sv, 1, fz_make_rect(0, 0, 595, 121.5f));
	assert_string_equal(got, "Index\nAppeal EH123/45/678, hearing 12 June 2025\nBundle version "
				 "2\nSection\nTab\nTitle\nAuthor (profession)\nDate\nPages");
	free(got);
	got = text_in(&sv, 3, fz_make_rect(0, 50, 595, 67.5f));
	assert_string_equal(got, "Section\nTab\nTitle\nAuthor (profession)\nDate\nPages");
	free(got);
	assert_inside_margins(&sv);
	saved_free(&sv);
	free_index(&ix);
	out_free(o);
}

/* Cells wrap inside their columns and a row is as tall as its tallest cell;
 * a row that does not fit moves whole to the next page. */
static void test_table_wrapping_cells(void **state)
{
	sb_pdf_out *o = out_new();
	sb_pdf_row_place places[120];
	index_rows ix;
	sb_pdf_table t;
	saved sv;
	float title_x0 = MARGIN + 495.0f * (1.8f / 10.8f);
	float title_x1 = MARGIN + 495.0f * (5.8f / 10.8f);
	size_t r, i, npages = 0;

	(void)state;
	make_index(&ix, 120, true);
	t = index_table(&ix, 120);
	npages = 5; /* 36 three-line rows (40.5pt) and 84 of 17.5pt: 2928pt */
	lay_table(o, &t, places, npages);
	for (r = 0; r < 120; r++) {
		float h = places[r].rect.y1 - places[r].rect.y0;
		bool long_title = !ix.bold[r] && r % 3 == 0;

		assert_true(h == (long_title ? 2 * 3.0f + 3 * ROW_LINE : ROW_H));
		assert_true(places[r].rect.y1 <= BOTTOM);
		if (r > 0 && places[r].page == places[r - 1].page)
			assert_true(places[r].rect.y0 == places[r - 1].rect.y1);
	}
	save_and_read(o, &sv);
	for (r = 0; r < 120; r++) {
		char *got;

		if (ix.bold[r] || r % 3 != 0)
			continue;
		/* The long title, in its column, inside its row. */
		got = text_in(&sv, (int)places[r].page,
			      fz_make_rect(title_x0, places[r].rect.y0, title_x1,
					   places[r].rect.y1));
		{
			char *w = words(got), *e = words(ix.cells[r * IDX_COLS + 2]);

			assert_string_equal(w, e);
			free(w);
			free(e);
		}
		assert_non_null(strchr(got, '\n'));
		free(got);
	}
	for (i = 0; i < (size_t)sv.npages; i++) {
		size_t j;

		for (j = 0; j < sv.pages[i].n; j++) {
			const tchar *c = &sv.pages[i].v[j];

			/* Title-column text stays in the title column. */
			if (c->c != ' ' && c->box.x0 > title_x0 && c->box.x0 < title_x1)
				assert_true(c->box.x1 <= title_x1 + 0.5f);
		}
	}
	assert_inside_margins(&sv);
	saved_free(&sv);
	free_index(&ix);
	out_free(o);
}

/* A row taller than a page starts on a fresh page and is split at line
 * boundaries under repeated heads; the rows after it carry on below it. */
static void test_table_tall_row(void **state)
{
	static const char *const heads[2] = {"Date", "Event"};
	static const float widths[2] = {1, 4};
	const char *cells[6];
	char *tall = malloc(200 * 16), *got;
	sb_pdf_out *o = out_new();
	sb_pdf_row_place places[3];
	sb_pdf_table t;
	saved sv;
	size_t i, n = 0;

	(void)state;
	assert_non_null(tall);
	for (i = 1; i <= 200; i++)
		n += (size_t)sprintf(tall + n, "line %zu\n", i);
	cells[0] = "1 May 2024";
	cells[1] = "Request for assessment";
	cells[2] = "2 May 2024";
	cells[3] = tall;
	cells[4] = "3 May 2024";
	cells[5] = "Decision";
	memset(&t, 0, sizeof(t));
	t.heads = heads;
	t.widths = widths;
	t.ncols = 2;
	t.cells = cells;
	t.nrows = 3;
	lay_table(o, &t, places, 5);
	/* Heads at 50, rows from 67.5: 60 lines fit, (770-67.5-6)/11.5 = 60.6. */
	assert_int_equal(places[0].page, 0);
	assert_int_equal(places[1].page, 1);
	assert_true(places[1].rect.y0 == 67.5f);
	assert_true(places[1].rect.y1 == 67.5f + 6 + 60 * ROW_LINE);
	assert_int_equal(places[2].page, 4);
	assert_true(places[2].rect.y0 == 67.5f + 6 + 20 * ROW_LINE);
	save_and_read(o, &sv);
	assert_int_equal(sv.npages, 5);
	{
		size_t cap = 200 * 16, len = 0;
		char *all = malloc(cap);
		char *w, *e;

		assert_non_null(all);
		for (i = 1; i <= 4; i++) {
			got = text_in(&sv, (int)i, fz_make_rect(MARGIN + 99, 67.5f, 595, BOTTOM));
			len += (size_t)snprintf(all + len, cap - len, "%s\n", got);
			free(got);
		}
		w = words(all);
		e = words(tall);
		/* The last page also has the row after the tall one. */
		assert_int_equal(strncmp(w, e, strlen(e)), 0);
		assert_string_equal(w + strlen(e), " Decision");
		free(w);
		free(e);
		free(all);
	}
	got = text_in(&sv, 3, fz_make_rect(0, 50, 595, 67.5f));
	assert_string_equal(got, "Date\nEvent");
	free(got);
	saved_free(&sv);
	free(tall);
	out_free(o);
}

/* Hostile cells: one of a million newlines would need more than 5000 pages
 * (refused, and a drawing run leaves no pages behind); one of a million
 * letters without a space wraps in its column. */
static void test_table_hostile_cells(void **state)
{
	static const char *const heads[2] = {"A", "B"};
	static const float widths[2] = {1, 1};
	size_t big = 1000000, n = 0;
	char *lines = malloc(big + 1), *letters = malloc(big + 1);
	const char *cells[2];
	sb_pdf_out *o = out_new();
	sb_pdf_row_place place;
	sb_pdf_table t;
	sb_error err;

	(void)state;
	assert_true(lines && letters);
	memset(lines, '\n', big);
	lines[big] = '\0';
	memset(letters, 'm', big);
	letters[big] = '\0';
	memset(&t, 0, sizeof(t));
	t.heads = heads;
	t.widths = widths;
	t.ncols = 2;
	t.cells = cells;
	t.nrows = 1;
	cells[0] = "x";
	cells[1] = lines;
	assert_int_equal(sb_pdf_layout_table(o, &t, true, &place, &n, &err), SB_ERANGE);
	assert_string_equal(err.reason, "too-many-pages");
	assert_int_equal(sb_pdf_layout_table(o, &t, false, &place, &n, &err), SB_ERANGE);
	assert_int_equal(out_pages(o), 0);
	cells[1] = letters;
	assert_int_equal(sb_pdf_layout_table(o, &t, true, &place, &n, &err), SB_OK);
	/* 31 'm's (0.833 em at 9pt) to a 239.5pt column: 32259 lines, 60 a page. */
	assert_int_equal(n, 538);
	free(lines);
	free(letters);
	out_free(o);
}

/* No rows: the title, intro and heads, one page. */
static void test_table_empty(void **state)
{
	index_rows ix;
	sb_pdf_out *o = out_new();
	sb_pdf_table t;
	saved sv;
	char *got;

	(void)state;
	make_index(&ix, 0, false);
	t = index_table(&ix, 0);
	t.cells = NULL;
	lay_table(o, &t, NULL, 1);
	save_and_read(o, &sv);
	got = text_in(&sv, 0, everywhere);
	assert_string_equal(got, "Index\nAppeal EH123/45/678, hearing 12 June 2025\nBundle version "
				 "2\nSection\nTab\nTitle\nAuthor (profession)\nDate\nPages");
	free(got);
	saved_free(&sv);
	free_index(&ix);
	out_free(o);
}

static void test_table_bad_args(void **state)
{
	static const char *const heads[2] = {"A", "B"};
	float widths[2] = {1, 1};
	sb_pdf_out *o = out_new();
	sb_pdf_table t;
	sb_error err;
	size_t n;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.heads = heads;
	t.widths = widths;
	t.ncols = 0;
	assert_int_equal(sb_pdf_layout_table(o, &t, true, NULL, &n, &err), SB_EINVAL);
	t.ncols = 2;
	widths[1] = -1;
	assert_int_equal(sb_pdf_layout_table(o, &t, true, NULL, &n, &err), SB_EINVAL);
	widths[1] = NAN;
	assert_int_equal(sb_pdf_layout_table(o, &t, true, NULL, &n, &err), SB_EINVAL);
	widths[1] = 1;
	t.nrows = 1; /* rows without cells */
	assert_int_equal(sb_pdf_layout_table(o, &t, true, NULL, &n, &err), SB_EINVAL);
	t.nrows = 0;
	assert_int_equal(sb_pdf_layout_table(o, NULL, true, NULL, &n, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_layout_table(o, &t, true, NULL, &n, &err), SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out_pages(o), 0);
	out_free(o);
}

/* ---- the cover ---- */

static void test_cover(void **state)
{
	static const char *const lines[] = {"Hearing bundle", "Appeal EH123/45/678", "",
					    "Child: S.E.", "Hearing: 12 June 2025",
					    "Built 1 June 2025, version 2"};
	sb_pdf_out *o = out_new();
	sb_error err;
	saved sv;
	char *got;
	size_t i;
	int line = -1;
	float x0 = 0, x1 = 0;

	(void)state;
	assert_int_equal(sb_pdf_layout_cover(o, lines, 6, &err), SB_OK);
	save_and_read(o, &sv);
	assert_int_equal(sv.npages, 1);
	got = text_in(&sv, 0, everywhere);
	assert_string_equal(got, "Hearing bundle\nAppeal EH123/45/678\nChild: S.E.\n"
				 "Hearing: 12 June 2025\nBuilt 1 June 2025, version 2");
	free(got);
	/* Each line centred on the page; the first large and bold. */
	for (i = 0; i <= sv.pages[0].n; i++) {
		const tchar *c = i < sv.pages[0].n ? &sv.pages[0].v[i] : NULL;

		if (c == NULL || c->line != line) {
			if (line != -1)
				assert_true(fabsf((x0 + x1) / 2 - 297.5f) < 0.5f);
			if (c == NULL)
				break;
			line = c->line;
			x0 = c->box.x0;
		}
		x1 = c->box.x1;
		assert_true(line == sv.pages[0].v[0].line ? c->size == 20.0f && c->bold
							  : c->size == 12.0f && !c->bold);
	}
	saved_free(&sv);
	out_free(o);
}

static void test_cover_too_long(void **state)
{
	const char *lines[60];
	sb_pdf_out *o = out_new();
	sb_error err;
	size_t i;

	(void)state;
	for (i = 0; i < 60; i++)
		lines[i] = "A line of the cover";
	assert_int_equal(sb_pdf_layout_cover(o, lines, 60, &err), SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_int_equal(out_pages(o), 0);
	assert_int_equal(sb_pdf_layout_cover(o, lines, 10, &err), SB_OK);
	assert_int_equal(out_pages(o), 1);
	out_free(o);
}

/* With the real output (sb_pdf_out_new): the fonts the layout loads are
 * dropped by sb_pdf_out_free (the sanitizer build checks for leaks), and
 * running out of the output's memory budget fails cleanly, taking back the
 * pages already drawn. */
static void test_with_sb_pdf_out(void **state)
{
	static const char *const cover[] = {"Hearing bundle", "Appeal EH123/45/678"};
	static const char *const heads[2] = {"Date", "Event"};
	static const float widths[2] = {1, 3};
	static const char *const cells[4] = {"1 May 2024", "Request", "2 May 2024", "Decision"};
	size_t len = 2000000, i, n = 0;
	char *text = malloc(len);
	sb_pdf_row_place places[2];
	sb_pdf_table t;
	sb_pdf_out *o = NULL;
	sb_error err;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < len; i++)
		text[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
	memset(&t, 0, sizeof(t));
	t.heads = heads;
	t.widths = widths;
	t.ncols = 2;
	t.cells = cells;
	t.nrows = 2;
	assert_int_equal(sb_pdf_out_new(0, &o, &err), SB_OK);
	assert_int_equal(sb_pdf_layout_cover(o, cover, 2, &err), SB_OK);
	assert_int_equal(sb_pdf_layout_table(o, &t, false, places, &n, &err), SB_OK);
	assert_int_equal(places[1].page, 1);
	assert_int_equal(sb_pdf_layout_text(o, "h", "Some text", 9, false, &n, &err), SB_OK);
	assert_int_equal(sb_pdf_out_page_count(o), 3);
	sb_pdf_out_free(o);

	assert_int_equal(sb_pdf_out_new((size_t)1 << 20, &o, &err), SB_OK);
	assert_int_not_equal(sb_pdf_layout_text(o, "h", text, len, false, &n, &err), SB_OK);
	assert_true(err.code == SB_ENOMEM || err.code == SB_ERANGE);
	assert_int_equal(sb_pdf_out_page_count(o), 0);
	sb_pdf_out_free(o);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_lines_paginate),
		cmocka_unit_test(test_text_wraps_words_in_order),
		cmocka_unit_test(test_text_breaks),
		cmocka_unit_test(test_text_blank_lines_at_page_end),
		cmocka_unit_test(test_text_tabs_and_long_header),
		cmocka_unit_test(test_text_long_word),
		cmocka_unit_test(test_text_non_ascii),
		cmocka_unit_test(test_text_bad_bytes),
		cmocka_unit_test(test_text_deterministic),
		cmocka_unit_test(test_text_page_cap),
		cmocka_unit_test(test_text_bad_args),
		cmocka_unit_test(test_table_places),
		cmocka_unit_test(test_table_wrapping_cells),
		cmocka_unit_test(test_table_tall_row),
		cmocka_unit_test(test_table_hostile_cells),
		cmocka_unit_test(test_table_empty),
		cmocka_unit_test(test_table_bad_args),
		cmocka_unit_test(test_cover),
		cmocka_unit_test(test_cover_too_long),
		cmocka_unit_test(test_with_sb_pdf_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
