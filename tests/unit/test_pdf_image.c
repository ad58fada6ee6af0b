/*
 * Scanned pages in the bundle (issue 7; sb_pdf_image.c, the text layer in
 * sb_pdf_out.c): where an OCR word's text goes in a page's user space, how
 * a picture is fitted to A4, pictures added as pages, and a text layer on
 * every page geometry of tests/data/pdf_out/geometry.pdf read back by
 * MuPDF's own text extraction at the box it was given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/doc.h>

#include "sb_pdf_out.h"
#include "sb_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_DIR SB_TEST_DATA "/pdf_out"

static void assert_near(float got, float want)
{
	if (fabsf(got - want) > 0.001f)
		fail_msg("got %.4f, want %.4f", (double)got, (double)want);
}

static void assert_matrix(fz_matrix m, float a, float b, float c, float d, float e, float f)
{
	assert_near(m.a, a);
	assert_near(m.b, b);
	assert_near(m.c, c);
	assert_near(m.d, d);
	assert_near(m.e, e);
	assert_near(m.f, f);
}

/* ---- the word's place, pure ---- */

/* A box 60 x 9.25 pt at (100, 200) in display space, for a word 3 em wide:
 * 10 pt (9.25 / (0.718 + 0.207)), stretched to 200%, baseline 2.07 pt
 * above the box's bottom. */
static const fz_rect word_box = {100, 200, 160, 209.25f};

static void test_word_place_upright(void **state)
{
	sb_pdf_word_place wp;

	(void)state;
	/* An A4 page without /Rotate: display y = 842 - user y. */
	assert_true(sb_pdf_word_place_for(fz_make_matrix(1, 0, 0, -1, 0, 842), word_box, 3.0f,
					  &wp));
	assert_near(wp.size, 10.0f);
	assert_near(wp.scale, 200.0f);
	assert_matrix(wp.tm, 1, 0, 0, 1, 100, 842 - 207.18f);
}

static void test_word_place_rotated(void **state)
{
	sb_pdf_word_place wp;

	(void)state;
	/* /Rotate 90 on a 595 x 842 MediaBox: user (x, y) shows at (y, x).
	 * The text runs up the page in user space, right in display space. */
	assert_true(sb_pdf_word_place_for(fz_make_matrix(0, 1, 1, 0, 0, 0), word_box, 3.0f, &wp));
	assert_matrix(wp.tm, 0, 1, -1, 0, 207.18f, 100);
	/* /Rotate 270: user (x, y) shows at (842 - y, 595 - x). */
	assert_true(sb_pdf_word_place_for(fz_make_matrix(0, -1, -1, 0, 842, 595), word_box, 3.0f,
					  &wp));
	assert_matrix(wp.tm, 0, -1, 1, 0, 595 - 207.18f, 842 - 100);
	/* /Rotate 180 with a CropBox from (50, 40): user (x, y) shows at
	 * (545 - x, y - 40). */
	assert_true(sb_pdf_word_place_for(fz_make_matrix(-1, 0, 0, 1, 545, -40), word_box, 3.0f,
					  &wp));
	assert_matrix(wp.tm, -1, 0, 0, -1, 445, 247.18f);
	assert_near(wp.size, 10.0f);
	assert_near(wp.scale, 200.0f);
}

static void test_word_place_refused(void **state)
{
	sb_pdf_word_place wp;
	fz_matrix a4 = fz_make_matrix(1, 0, 0, -1, 0, 842);

	(void)state;
	assert_false(sb_pdf_word_place_for(a4, fz_make_rect(100, 200, 100, 210), 3.0f, &wp));
	assert_false(sb_pdf_word_place_for(a4, fz_make_rect(100, 210, 160, 200), 3.0f, &wp));
	assert_false(sb_pdf_word_place_for(a4, word_box, 0.0f, &wp));
	assert_false(sb_pdf_word_place_for(fz_make_matrix(0, 0, 0, 0, 0, 0), word_box, 3.0f, &wp));
}

/* ---- fitting a picture to A4, pure ---- */

static void assert_fit(const sb_pdf_image_fit *f, float pw, float ph, float x0, float y0,
		       float x1, float y1, int px_w, int px_h, bool resample)
{
	assert_near(f->page_w, pw);
	assert_near(f->page_h, ph);
	assert_near(f->place.x0, x0);
	assert_near(f->place.y0, y0);
	assert_near(f->place.x1, x1);
	assert_near(f->place.y1, y1);
	assert_int_equal(f->px_w, px_w);
	assert_int_equal(f->px_h, px_h);
	assert_int_equal(f->resample, resample);
}

static void test_fit_page(void **state)
{
	sb_pdf_image_fit f;

	(void)state;
	/* An A4 scan at 300 dpi (595.2 x 841.92 pt): shrunk into 539 x 770
	 * (28 and 36 pt margins) by 539 / 595.2, which is 326 dpi: redrawn
	 * at 300, floor(539 / 72 * 300) x floor(762.4242 / 72 * 300). */
	assert_true(sb_pdf_image_fit_page(2480, 3508, 595.2f, 841.92f, 300, &f));
	assert_fit(&f, 595, 842, 28, 39.7879f, 567, 802.2121f, 2245, 3176, true);
	/* Wider than tall: landscape; 1600 x 1200 with no size on paper is
	 * 1600 x 1200 pt, shrunk into 786 x 523 by 523 / 1200; 165 dpi. */
	assert_true(sb_pdf_image_fit_page(1600, 1200, 0, 0, 300, &f));
	assert_fit(&f, 842, 595, 72.3333f, 36, 769.6667f, 559, 1600, 1200, false);
	/* Square: landscape too ("portrait when taller than wide"). */
	assert_true(sb_pdf_image_fit_page(300, 300, 144, 144, 300, &f));
	assert_fit(&f, 842, 595, 349, 225.5f, 493, 369.5f, 300, 300, false);
	/* Small on paper: at its own size, never enlarged; exactly 300 dpi
	 * is kept. */
	assert_true(sb_pdf_image_fit_page(600, 900, 144, 216, 300, &f));
	assert_fit(&f, 595, 842, 225.5f, 313, 369.5f, 529, 600, 900, false);
	/* Over 300 dpi by more than the slack: redrawn. */
	assert_true(sb_pdf_image_fit_page(601, 901, 144, 216, 300, &f));
	assert_fit(&f, 595, 842, 225.5f, 313, 369.5f, 529, 600, 900, true);
	/* Over by less than 0.1%: kept. */
	assert_true(sb_pdf_image_fit_page(600, 900, 143.9f, 215.85f, 300, &f));
	assert_false(f.resample);
	assert_false(sb_pdf_image_fit_page(0, 10, 0, 0, 300, &f));
	assert_false(sb_pdf_image_fit_page(10, 10, 0, 0, 0, &f));
}

/* ---- pictures as pages ---- */

static sb_pdf_out *new_out(void)
{
	sb_pdf_out *o = NULL;
	sb_error err;

	if (sb_pdf_out_new(0, &o, &err) != SB_OK)
		fail_msg("sb_pdf_out_new: %s", err.message);
	return o;
}

/* A grey PNG of w x h pixels (malloc'd), made with MuPDF. */
static unsigned char *make_png(sb_pdf_out *o, int w, int h, size_t *len)
{
	fz_context *ctx = o->ctx;
	fz_pixmap *pix = NULL;
	fz_buffer *buf = NULL;
	unsigned char *out = NULL;

	fz_var(pix);
	fz_var(buf);
	fz_var(out);
	fz_try(ctx)
	{
		pix = fz_new_pixmap(ctx, fz_device_gray(ctx), w, h, NULL, 0);
		fz_clear_pixmap_with_value(ctx, pix, 200);
		buf = fz_new_buffer_from_pixmap_as_png(ctx, pix, fz_default_color_params);
		out = malloc(buf->len);
		if (out != NULL) {
			memcpy(out, buf->data, buf->len);
			*len = buf->len;
		}
	}
	fz_always(ctx)
	{
		fz_drop_pixmap(ctx, pix);
		fz_drop_buffer(ctx, buf);
	}
	fz_catch(ctx)
		fail_msg("making a PNG: %s", fz_caught_message(ctx));
	assert_non_null(out);
	return out;
}

/* Page i's MediaBox, /Rotate and its picture's size in pixels. */
static void page_facts(sb_pdf_out *o, int i, fz_rect *box, int *rotate, int *w, int *h)
{
	fz_context *ctx = o->ctx;

	fz_try(ctx)
	{
		pdf_obj *page = pdf_lookup_page_obj(ctx, o->doc, i);
		pdf_obj *img = pdf_dict_getp(ctx, page, "Resources/XObject/SbImg");

		*box = pdf_to_rect(ctx, pdf_dict_get(ctx, page, PDF_NAME(MediaBox)));
		*rotate = pdf_dict_get_int(ctx, page, PDF_NAME(Rotate));
		*w = pdf_dict_get_int(ctx, img, PDF_NAME(Width));
		*h = pdf_dict_get_int(ctx, img, PDF_NAME(Height));
	}
	fz_catch(ctx)
		fail_msg("reading page %d: %s", i, fz_caught_message(ctx));
}

static void test_add_image(void **state)
{
	sb_pdf_out *o = new_out();
	unsigned char *tall, *wide, *fine;
	size_t tall_len = 0, wide_len = 0, fine_len = 0;
	fz_rect placed, box;
	int rotate = -1, w = 0, h = 0;
	sb_error err;

	(void)state;
	tall = make_png(o, 100, 200, &tall_len);
	wide = make_png(o, 300, 200, &wide_len);
	fine = make_png(o, 1000, 500, &fine_len);
	/* No size on paper: 100 x 200 pt, centred on A4 portrait, as it is. */
	assert_int_equal(sb_pdf_out_add_image(o, "tall.png", tall, tall_len, 0, 0, 0, 0, &placed,
					      &err),
			 SB_OK);
	assert_near(placed.x0, 247.5f);
	assert_near(placed.y0, 321);
	assert_near(placed.x1, 347.5f);
	assert_near(placed.y1, 521);
	page_facts(o, 0, &box, &rotate, &w, &h);
	assert_near(box.x1, 595);
	assert_near(box.y1, 842);
	assert_int_equal(rotate, 0);
	assert_int_equal(w, 100);
	assert_int_equal(h, 200);
	/* 720 x 480 pt (30 dpi): landscape, at its own size. */
	assert_int_equal(sb_pdf_out_add_image(o, "wide.png", wide, wide_len, 0, 720, 480, 0, &placed,
					      &err),
			 SB_OK);
	assert_near(placed.x0, 61);
	assert_near(placed.y0, 57.5f);
	page_facts(o, 1, &box, &rotate, &w, &h);
	assert_near(box.x1, 842);
	assert_near(box.y1, 595);
	assert_int_equal(w, 300);
	/* 1000 x 500 pixels on 100 x 50 pt is 720 dpi: redrawn at 300,
	 * floor(100 / 72 * 300) x floor(50 / 72 * 300). */
	assert_int_equal(sb_pdf_out_add_image(o, "fine.png", fine, fine_len, 0, 100, 50, 0, &placed,
					      &err),
			 SB_OK);
	page_facts(o, 2, &box, &rotate, &w, &h);
	assert_int_equal(w, 416);
	assert_int_equal(h, 208);
	assert_int_equal(sb_pdf_out_page_count(o), 3);
	/* The tall picture fed in sideways (OCR found a quarter turn): a
	 * landscape page, the picture 200 x 100 pt on it. */
	assert_int_equal(sb_pdf_out_add_image(o, "tall.png", tall, tall_len, 0, 0, 0, 90, &placed,
					      &err),
			 SB_OK);
	assert_near(placed.x1 - placed.x0, 200);
	assert_near(placed.y1 - placed.y0, 100);
	page_facts(o, 3, &box, &rotate, &w, &h);
	assert_near(box.x1, 842);
	assert_near(box.y1, 595);
	assert_int_equal(rotate, 0);
	/* An output page turned upright by /Rotate. */
	assert_int_equal(sb_pdf_out_turn_page(o, 0, 180, &err), SB_OK);
	page_facts(o, 0, &box, &rotate, &w, &h);
	assert_int_equal(rotate, 180);
	assert_int_equal(sb_pdf_out_turn_page(o, 0, 45, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_turn_page(o, 9, 90, &err), SB_EINVAL);
	sb_pdf_out_free(o);
	o = NULL;
	assert_int_equal(sb_pdf_out_new(0, &o, &err), SB_OK);
	assert_int_equal(sb_pdf_out_add_image(o, "tall.png", tall, tall_len, 0, 0, 0, 0, &placed,
					      &err),
			 SB_OK);
	assert_int_equal(sb_pdf_out_add_image(o, "wide.png", wide, wide_len, 0, 720, 480, 0,
					      &placed, &err),
			 SB_OK);
	assert_int_equal(sb_pdf_out_add_image(o, "fine.png", fine, fine_len, 0, 100, 50, 0,
					      &placed, &err),
			 SB_OK);
	assert_int_equal(sb_pdf_out_page_count(o), 3);
	/* A PNG has one picture; bytes that are no picture are refused;
	 * nothing is added either time. */
	assert_int_equal(sb_pdf_out_add_image(o, "tall.png", tall, tall_len, 1, 0, 0, 0, NULL, &err),
			 SB_EPARSE);
	assert_int_equal(sb_pdf_out_add_image(o, "junk.png", (const unsigned char *)"junk", 4, 0,
					      0, 0, 0, NULL, &err),
			 SB_EPARSE);
	assert_non_null(strstr(err.message, "junk.png"));
	assert_int_equal(sb_pdf_out_page_count(o), 3);
	free(tall);
	free(wide);
	free(fine);
	sb_pdf_out_free(o);
}

/* ---- the text layer on every page geometry ---- */

/* The word's first glyph origin, its last glyph's right edge and its
 * direction, as MuPDF's text extraction finds them on page i of data;
 * false if the word is not there. */
static bool find_word(const unsigned char *data, size_t len, int i, const char *word,
		      fz_point *origin, float *right, fz_point *dir)
{
	fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
	fz_stream *stm = NULL;
	pdf_document *doc = NULL;
	fz_page *page = NULL;
	fz_stext_page *st = NULL;
	bool found = false;

	assert_non_null(ctx);
	fz_var(stm);
	fz_var(doc);
	fz_var(page);
	fz_var(st);
	fz_var(found);
	fz_try(ctx)
	{
		fz_stext_block *b;

		stm = fz_open_memory(ctx, data, len);
		doc = pdf_open_document_with_stream(ctx, stm);
		page = fz_load_page(ctx, &doc->super, i);
		st = fz_new_stext_page_from_page(ctx, page, NULL);
		for (b = st->first_block; b != NULL && !found; b = b->next) {
			fz_stext_line *l;

			if (b->type != FZ_STEXT_BLOCK_TEXT)
				continue;
			for (l = b->u.t.first_line; l != NULL && !found; l = l->next) {
				fz_stext_char *c = l->first_char, *last = NULL;
				size_t k = 0;

				while (c != NULL && word[k] != '\0' && c->c == word[k]) {
					last = c;
					c = c->next;
					k++;
				}
				if (word[k] != '\0')
					continue;
				*origin = l->first_char->origin;
				*right = last->quad.ur.x;
				*dir = l->dir;
				found = true;
			}
		}
	}
	fz_always(ctx)
	{
		fz_drop_stext_page(ctx, st);
		fz_drop_page(ctx, page);
		pdf_drop_document(ctx, doc);
		fz_drop_stream(ctx, stm);
	}
	fz_catch(ctx)
		fail_msg("reading page %d back: %s", i, fz_caught_message(ctx));
	fz_drop_context(ctx);
	return found;
}

static void test_text_layer_geometry(void **state)
{
	sb_pdf_out *o = new_out();
	size_t len = 0, n, i;
	unsigned char *src = sb_test_slurp(OUT_DIR, "geometry.pdf", &len);
	unsigned char *out = NULL;
	size_t out_len = 0;
	/* Two words: the first with a space after it, so copied text keeps
	 * it; the second placed by a scale and offset, as a picture's are. */
	char w1[] = "Sbfirst", w2[] = "Sbsecond";
	sb_ocr_word words[2] = {
	    {40, 100, 100, 109.25f, 95, w1},
	    {10, 20, 40, 29.25f, 95, w2},
	};
	sb_error err;

	(void)state;
	assert_int_equal(sb_pdf_out_add_pdf(o, "geometry.pdf", src, len, NULL, 0, &err), SB_OK);
	n = sb_pdf_out_page_count(o);
	assert_int_equal(n, 11);
	for (i = 0; i < n; i++) {
		assert_int_equal(sb_pdf_out_add_text_layer(o, i, words, 1, fz_identity, &err),
				 SB_OK);
		/* Doubled and moved by (100, 150): (120, 190)-(180, 208.5). */
		assert_int_equal(sb_pdf_out_add_text_layer(o, i, words + 1, 1,
							   fz_concat(fz_scale(2, 2),
								     fz_translate(100, 150)),
							   &err),
				 SB_OK);
		assert_int_equal(sb_pdf_out_stamp(o, i, "7", SB_STAMP_BOTTOM_CENTRE, &err), SB_OK);
	}
	assert_int_equal(sb_pdf_out_add_text_layer(o, n, words, 1, fz_identity, &err), SB_EINVAL);
	assert_int_equal(sb_pdf_out_save(o, "seed", &out, &out_len, &err), SB_OK);
	for (i = 0; i < n; i++) {
		fz_point origin = {0, 0}, dir = {0, 0};
		float right = 0;

		if (!find_word(out, out_len, (int)i, "Sbfirst ", &origin, &right, &dir) &&
		    !find_word(out, out_len, (int)i, "Sbfirst", &origin, &right, &dir))
			fail_msg("page %zu: the first word is not found", i + 1);
		/* 10 pt, baseline 2.07 above the box's bottom, upright. */
		assert_near(origin.x, 40);
		assert_near(origin.y, 107.18f);
		assert_near(dir.x, 1);
		assert_near(dir.y, 0);
		if (!find_word(out, out_len, (int)i, "Sbsecond", &origin, &right, &dir))
			fail_msg("page %zu: the second word is not found", i + 1);
		assert_near(origin.x, 120);
		assert_near(origin.y, 208.5f - 4.14f);
		assert_near(right, 180);
	}
	/* The stamps still read back from their own stream. */
	{
		const char *stamps[11] = {"7", "7", "7", "7", "7", "7", "7", "7", "7", "7", "7"};
		sb_pdf_info info;

		assert_int_equal(sb_pdf_inspect(out, out_len, stamps, SB_STAMP_BOTTOM_CENTRE,
						SB_INSPECT_STAMP_STREAM, &info, &err),
				 SB_OK);
		for (i = 0; i < n; i++)
			assert_string_equal(info.stamp_text[i], "7");
		sb_pdf_info_free(&info);
	}
	free(out);
	free(src);
	sb_pdf_out_free(o);
}

/* A page with only a text layer draws nothing: it is still blank. */
static void test_text_layer_is_invisible(void **state)
{
	sb_pdf_out *o = new_out();
	size_t len = 0, out_len = 0;
	unsigned char *src = sb_test_slurp(OUT_DIR, "blank.pdf", &len);
	unsigned char *out = NULL;
	char w1[] = "Invisible";
	sb_ocr_word word = {40, 100, 100, 109.25f, 95, w1};
	bool blank[16];
	size_t n, i;
	sb_error err;

	(void)state;
	assert_int_equal(sb_pdf_out_add_pdf(o, "blank.pdf", src, len, NULL, 0, &err), SB_OK);
	n = sb_pdf_out_page_count(o);
	assert_true(n > 0 && n <= 16);
	assert_int_equal(sb_pdf_blank_pages("blank.pdf", src, len, blank, n, &err), SB_OK);
	for (i = 0; i < n; i++)
		if (blank[i])
			break;
	assert_true(i < n);
	assert_int_equal(sb_pdf_out_add_text_layer(o, i, &word, 1, fz_identity, &err), SB_OK);
	assert_int_equal(sb_pdf_out_save(o, "seed", &out, &out_len, &err), SB_OK);
	memset(blank, 0, sizeof(blank));
	assert_int_equal(sb_pdf_blank_pages("out.pdf", out, out_len, blank, n, &err), SB_OK);
	assert_true(blank[i]);
	free(out);
	free(src);
	sb_pdf_out_free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_place_upright),
		cmocka_unit_test(test_word_place_rotated),
		cmocka_unit_test(test_word_place_refused),
		cmocka_unit_test(test_fit_page),
		cmocka_unit_test(test_add_image),
		cmocka_unit_test(test_text_layer_geometry),
		cmocka_unit_test(test_text_layer_is_invisible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
