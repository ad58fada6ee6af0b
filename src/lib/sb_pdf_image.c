/*
 * sb_pdf_image: scanned and photographed letters as pages of the bundle
 * (issue 7; sb_pdf_out.h). Each picture becomes one A4 page, portrait or
 * landscape as the picture stands, fitted inside margins that leave the
 * stamp its room, upright as its EXIF orientation says, at most 300 dpi
 * (bundle-spec "Format" 4).
 *
 * Why pictures are kept as they are when they can be: a JPEG re-encoded
 * loses detail each time, so a picture already within 300 dpi goes in with
 * its own bytes and is turned by the matrix that places it. Only a larger
 * one is redrawn, at 300 dpi; photos (a JPEG, or anything in colour) are
 * stored as JPEG through libjpeg, since MuPDF 1.21 has no JPEG writer and a
 * 12-megapixel photo as Flate would be tens of megabytes; grey and
 * black-and-white scans as Flate, which keeps their text sharp and small.
 *
 * MuPDF's errors stay in the small adapters below (docs/style.md rule 6),
 * libjpeg's (also setjmp/longjmp) in encode_jpeg alone.
 */
#include "sb_pdf_out.h"
#include "sb_mupdf.h"
#include "sb_raster.h"

#include <jpeglib.h>

#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JPEG quality for redrawn photos: text in a photo stays clean, the file
 * about a tenth of the pixels' size. */
#define SB_PDF_JPEG_QUALITY 85
/* A picture a hair over max dpi (rounding in the size on paper) is not
 * worth redrawing. */
#define SB_PDF_DPI_SLACK 1.001f

/* ---- placing, pure ---- */

bool sb_pdf_word_place_for(fz_matrix page_ctm, fz_rect box, float advance,
			   sb_pdf_word_place *out)
{
	float w = box.x1 - box.x0, h = box.y1 - box.y0;
	float det = page_ctm.a * page_ctm.d - page_ctm.b * page_ctm.c;
	fz_matrix disp;

	if (!(w > 0 && h > 0 && advance > 0) || fabsf(det) < 1e-6f)
		return false;
	out->size = h / (SB_PDF_WORD_ASCENT + SB_PDF_WORD_DESCENT);
	out->scale = 100.0f * w / (advance * out->size);
	/* In display space (y down) the text matrix flips y so the glyphs
	 * stand upright, its origin on the baseline above the descender;
	 * the inverse page transform takes it to user space. */
	disp = fz_make_matrix(1, 0, 0, -1, box.x0, box.y1 - SB_PDF_WORD_DESCENT * out->size);
	out->tm = fz_concat(disp, fz_invert_matrix(page_ctm));
	return true;
}

bool sb_pdf_image_fit_page(int px_w, int px_h, float width_pt, float height_pt, float max_dpi,
			   sb_pdf_image_fit *out)
{
	float avail_w, avail_h, scale, w, h, most_w, most_h;

	memset(out, 0, sizeof(*out));
	if (px_w <= 0 || px_h <= 0 || !(max_dpi > 0))
		return false;
	if (!(width_pt > 0 && height_pt > 0)) {
		width_pt = (float)px_w;
		height_pt = (float)px_h;
	}
	/* "Orientation kept": a page as the picture stands. */
	if (height_pt > width_pt) {
		out->page_w = SB_PDF_A4_WIDTH;
		out->page_h = SB_PDF_A4_HEIGHT;
	} else {
		out->page_w = SB_PDF_A4_HEIGHT;
		out->page_h = SB_PDF_A4_WIDTH;
	}
	avail_w = out->page_w - 2 * SB_PDF_IMAGE_MARGIN_X;
	avail_h = out->page_h - 2 * SB_PDF_IMAGE_MARGIN_Y;
	scale = fminf(1.0f, fminf(avail_w / width_pt, avail_h / height_pt));
	w = width_pt * scale;
	h = height_pt * scale;
	out->place.x0 = (out->page_w - w) / 2;
	out->place.y0 = (out->page_h - h) / 2;
	out->place.x1 = out->place.x0 + w;
	out->place.y1 = out->place.y0 + h;
	out->px_w = px_w;
	out->px_h = px_h;
	most_w = w / 72.0f * max_dpi;
	most_h = h / 72.0f * max_dpi;
	if ((float)px_w > most_w * SB_PDF_DPI_SLACK || (float)px_h > most_h * SB_PDF_DPI_SLACK) {
		out->resample = true;
		out->px_w = most_w >= 1 ? (int)floorf(most_w) : 1;
		out->px_h = most_h >= 1 ? (int)floorf(most_h) : 1;
	}
	return true;
}

/* ---- JPEG, through libjpeg ---- */

typedef struct jpeg_fail {
	struct jpeg_error_mgr pub; /* first: libjpeg hands back a pointer to it */
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
} jpeg_fail;

static void jpeg_on_error(j_common_ptr cinfo)
{
	jpeg_fail *f = (jpeg_fail *)(void *)cinfo->err;

	(*cinfo->err->format_message)(cinfo, f->msg);
	longjmp(f->jump, 1);
}

/* libjpeg would print warnings to stderr; the caller owns the terminal. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

/*
 * w x h pixels of n (1: grey, 3: RGB) bytes, rows stride bytes apart, as a
 * baseline JPEG in *out (*outlen bytes, malloc'd by libjpeg: free()). 0, or
 * -1 with msg set. Nothing that changes after setjmp lives in a local of
 * this function: libjpeg writes *out and *outlen through the pointers.
 */
static int encode_jpeg(const unsigned char *samples, int w, int h, int n, size_t stride,
		       unsigned char **out, unsigned long *outlen, char *msg, size_t msglen)
{
	struct jpeg_compress_struct c;
	jpeg_fail f;

	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	*out = NULL;
	*outlen = 0;
	c.err = jpeg_std_error(&f.pub);
	f.pub.error_exit = jpeg_on_error;
	f.pub.emit_message = jpeg_on_message;
	if (setjmp(f.jump) != 0) {
		jpeg_destroy_compress(&c);
		free(*out);
		*out = NULL;
		*outlen = 0;
		snprintf(msg, msglen, "%s", f.msg);
		return -1;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, out, outlen);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = n;
	c.in_color_space = n == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, SB_PDF_JPEG_QUALITY, TRUE);
	c.optimize_coding = TRUE; /* smaller, and still the same bytes every time */
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = (JSAMPROW)(uintptr_t)(samples + (size_t)c.next_scanline * stride);

		(void)jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return 0;
}

/* ---- the adapters: each returns 0 or -1 with what MuPDF said kept ---- */

typedef struct picture {
	fz_image *img;	 /* the picture as stored */
	int w, h;	 /* upright pixels */
	bool jpeg;	 /* stored as JPEG */
	bool grey;	 /* grey or black and white */
	bool cmyk;	 /* in CMYK (print colours) */
} picture;

static bool grey_space(fz_context *ctx, fz_colorspace *cs)
{
	if (cs != NULL && fz_colorspace_is_indexed(ctx, cs))
		cs = cs->u.indexed.base;
	return cs == NULL || fz_colorspace_is_gray(ctx, cs);
}

/* Frame `frame` of the picture (sb_mupdf_load_frame: a JPEG keeps its
 * bytes), measured upright. The data are copied: the document keeps the
 * picture's buffer until it is saved. */
static int load_picture(sb_pdf_out *o, const unsigned char *data, size_t len, int frame,
			picture *pic)
{
	fz_context *ctx = o->ctx;
	int rc = 0;

	sb_pdf_out_mu_begin(o);
	fz_var(rc);
	fz_try(ctx)
	{
		const char *kind = sb_image_kind(data, len);
		int orientation;

		pic->img = sb_mupdf_load_frame(ctx, data, len, frame);
		orientation = fz_image_orientation(ctx, pic->img);
		/* MuPDF's codes 2, 4, 6 and 8 are quarter turns (sb_raster.c). */
		if (orientation == 2 || orientation == 4 || orientation == 6 || orientation == 8) {
			pic->w = pic->img->h;
			pic->h = pic->img->w;
		} else {
			pic->w = pic->img->w;
			pic->h = pic->img->h;
		}
		pic->jpeg = kind != NULL && strcmp(kind, "JPEG") == 0;
		pic->grey = grey_space(ctx, pic->img->colorspace);
		pic->cmyk = pic->img->colorspace != NULL &&
			    fz_colorspace_type(ctx, pic->img->colorspace) == FZ_COLORSPACE_CMYK;
	}
	fz_catch(ctx)
	{
		sb_pdf_out_mu_caught(o);
		rc = -1;
	}
	return rc;
}

/*
 * The unit square turned clockwise by turn (0, 90, 180, 270) in display
 * space (y down), onto itself: after the EXIF orientation, the turn OCR
 * found a page needs (sb_page.ocr_turn: fed into the scanner upside down or
 * sideways), so the bundle shows it upright (bundle-spec "Format" 4).
 */
static fz_matrix unit_turn(int turn)
{
	switch (turn) {
	case 90: /* (x, y) -> (1 - y, x): the left edge becomes the top */
		return fz_make_matrix(0, 1, -1, 0, 1, 0);
	case 180:
		return fz_make_matrix(-1, 0, 0, -1, 1, 1);
	case 270: /* (x, y) -> (y, 1 - x): the right edge becomes the top */
		return fz_make_matrix(0, -1, 1, 0, 0, 1);
	default:
		return fz_identity;
	}
}

/* The picture drawn upright into a new w x h pixmap, grey or RGB, on white
 * (a transparent PNG is text on nothing). */
static int draw_picture(sb_pdf_out *o, const picture *pic, int turn, int w, int h,
			fz_pixmap **out)
{
	fz_context *ctx = o->ctx;
	fz_device *dev = NULL;

	sb_pdf_out_mu_begin(o);
	*out = NULL;
	fz_var(dev);
	fz_try(ctx)
	{
		fz_matrix ctm;

		*out = fz_new_pixmap(ctx, pic->grey ? fz_device_gray(ctx) : fz_device_rgb(ctx), w,
				     h, NULL, 0);
		fz_clear_pixmap_with_value(ctx, *out, 255);
		dev = fz_new_draw_device(ctx, fz_identity, *out);
		ctm = fz_concat(fz_concat(fz_image_orientation_matrix(ctx, pic->img),
					  unit_turn(turn)),
				fz_scale((float)w, (float)h));
		fz_fill_image(ctx, dev, pic->img, ctm, 1.0f, fz_default_color_params);
		fz_close_device(ctx, dev);
	}
	fz_always(ctx)
		fz_drop_device(ctx, dev);
	fz_catch(ctx)
	{
		sb_pdf_out_mu_caught(o);
		fz_drop_pixmap(ctx, *out);
		*out = NULL;
	}
	/* Judged by the pixmap itself, NULL exactly when fz_catch ran: a flag
	 * set in fz_catch is one the analyzer cannot follow through setjmp. */
	return *out != NULL ? 0 : -1;
}

/* A picture from a pixmap (kept losslessly) or JPEG bytes (copied). */
static int new_image(sb_pdf_out *o, fz_pixmap *pix, const unsigned char *jpeg, size_t len,
		     fz_image **out)
{
	fz_context *ctx = o->ctx;
	fz_buffer *buf = NULL;
	int rc = 0;

	sb_pdf_out_mu_begin(o);
	*out = NULL;
	fz_var(buf);
	fz_var(rc);
	fz_try(ctx)
	{
		if (jpeg != NULL) {
			buf = fz_new_buffer_from_copied_data(ctx, jpeg, len);
			*out = fz_new_image_from_buffer(ctx, buf);
		} else {
			*out = fz_new_image_from_pixmap(ctx, pix, NULL);
		}
	}
	fz_always(ctx)
		fz_drop_buffer(ctx, buf);
	fz_catch(ctx)
	{
		sb_pdf_out_mu_caught(o);
		rc = -1;
	}
	return rc;
}

/*
 * A new last page of page_w x page_h showing img through `place`, the
 * matrix (display space, y down) that maps the unit square onto the
 * picture's box as MuPDF draws images: (0,0) the picture's top-left.
 */
static int put_page(sb_pdf_out *o, fz_image *img, float page_w, float page_h, fz_matrix place)
{
	fz_context *ctx = o->ctx;
	pdf_obj *ref = NULL, *res = NULL, *page = NULL;
	fz_buffer *draw = NULL;
	int rc = 0;

	sb_pdf_out_mu_begin(o);
	fz_var(ref);
	fz_var(res);
	fz_var(page);
	fz_var(draw);
	fz_var(rc);
	fz_try(ctx)
	{
		/* A PDF image's unit square has its first row at the top (y
		 * up), MuPDF's at y = 0 (y down): flip it first; then the
		 * placement; then display space back to the page's user
		 * space (y up from the bottom). */
		fz_matrix m = fz_concat(fz_concat(fz_make_matrix(1, 0, 0, -1, 0, 1), place),
					fz_make_matrix(1, 0, 0, -1, 0, page_h));

		ref = pdf_add_image(ctx, o->doc, img);
		res = pdf_new_dict(ctx, o->doc, 1);
		pdf_dict_puts(ctx, pdf_dict_put_dict(ctx, res, PDF_NAME(XObject), 1), "SbImg", ref);
		draw = fz_new_buffer(ctx, 128);
		/* + 0: -0 prints as "-0", legal but odd. */
		fz_append_printf(ctx, draw, "q\n%g %g %g %g %g %g cm\n/SbImg Do\nQ\n", m.a + 0.0f,
				 m.b + 0.0f, m.c + 0.0f, m.d + 0.0f, m.e + 0.0f, m.f + 0.0f);
		page = pdf_add_page(ctx, o->doc, fz_make_rect(0, 0, page_w, page_h), 0, res, draw);
		pdf_insert_page(ctx, o->doc, -1, page);
	}
	fz_always(ctx)
	{
		pdf_drop_obj(ctx, ref);
		pdf_drop_obj(ctx, res);
		pdf_drop_obj(ctx, page);
		fz_drop_buffer(ctx, draw);
	}
	fz_catch(ctx)
	{
		sb_pdf_out_mu_caught(o);
		rc = -1;
	}
	return rc;
}

/* ---- the page ---- */

int sb_pdf_out_add_image(sb_pdf_out *o, const char *name, const unsigned char *data, size_t len,
			 size_t frame, float width_pt, float height_pt, int turn, fz_rect *placed,
			 sb_error *err)
{
	picture pic = {NULL, 0, 0, false, false, false};
	fz_pixmap *pix = NULL;
	fz_image *redrawn = NULL;
	unsigned char *jpeg = NULL;
	unsigned long jpeg_len = 0;
	sb_pdf_image_fit fit;
	fz_matrix place;
	char what[SB_ERROR_FILE_MAX + 64];
	int rc;

	if (o == NULL || name == NULL || data == NULL || len == 0)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no picture to add");
	if (frame > (size_t)INT_MAX)
		return sb_error_set(err, SB_EINVAL, name, NULL, "'%s' has no picture %zu", name,
				    frame + 1);
	if (load_picture(o, data, len, (int)frame, &pic) != 0) {
		snprintf(what, sizeof(what), "'%s' is damaged or not a picture", name);
		rc = sb_pdf_out_mu_fail(o, err, SB_EPARSE, name, what);
		goto cleanup;
	}
	if (turn != 0 && turn != 90 && turn != 180 && turn != 270)
		turn = 0;
	/* A quarter turn swaps the picture's sides, in pixels and on paper. */
	if (turn % 180 != 0) {
		int t = pic.w;
		float tp = width_pt;

		pic.w = pic.h;
		pic.h = t;
		width_pt = height_pt;
		height_pt = tp;
	}
	if (!sb_pdf_image_fit_page(pic.w, pic.h, width_pt, height_pt, SB_PDF_IMAGE_MAX_DPI,
				   &fit)) {
		rc = sb_error_set(err, SB_EPARSE, name, NULL, "'%s' has no pixels", name);
		goto cleanup;
	}
	/* A CMYK JPEG's bytes mean different colours to different readers
	 * (Adobe's inverted CMYK): redrawn in RGB as MuPDF, and OCR, saw it. */
	if (pic.jpeg && pic.cmyk)
		fit.resample = true;
	place = fz_concat(fz_scale(fit.place.x1 - fit.place.x0, fit.place.y1 - fit.place.y0),
			  fz_translate(fit.place.x0, fit.place.y0));
	if (fit.resample) {
		if (draw_picture(o, &pic, turn, fit.px_w, fit.px_h, &pix) != 0) {
			snprintf(what, sizeof(what), "'%s': picture %zu cannot be drawn", name,
				 frame + 1);
			rc = sb_pdf_out_mu_fail(o, err, SB_EPARSE, name, what);
			goto cleanup;
		}
		if (pic.jpeg || !pic.grey) {
			char msg[JMSG_LENGTH_MAX];

			if (encode_jpeg(pix->samples, pix->w, pix->h, pix->n, (size_t)pix->stride,
					&jpeg, &jpeg_len, msg, sizeof(msg)) != 0) {
				rc = sb_error_set(err, SB_EIO, name, NULL,
						  "'%s': the picture cannot be stored as JPEG (%s)",
						  name, msg);
				goto cleanup;
			}
		}
		if (new_image(o, pix, jpeg, jpeg_len, &redrawn) != 0) {
			snprintf(what, sizeof(what), "'%s': the picture cannot be stored", name);
			rc = sb_pdf_out_mu_fail(o, err, SB_EIO, name, what);
			goto cleanup;
		}
		/* Drawn upright already: no turn left to make. */
		if (put_page(o, redrawn, fit.page_w, fit.page_h, place) != 0) {
			snprintf(what, sizeof(what), "'%s': the picture's page cannot be added",
				 name);
			rc = sb_pdf_out_mu_fail(o, err, SB_EIO, name, what);
			goto cleanup;
		}
	} else {
		/* As stored, turned by the same matrix MuPDF draws it with. */
		fz_matrix m = fz_concat(fz_image_orientation_matrix(o->ctx, pic.img),
					unit_turn(turn));

		if (put_page(o, pic.img, fit.page_w, fit.page_h, fz_concat(m, place)) != 0) {
			snprintf(what, sizeof(what), "'%s': the picture's page cannot be added",
				 name);
			rc = sb_pdf_out_mu_fail(o, err, SB_EIO, name, what);
			goto cleanup;
		}
	}
	if (placed != NULL)
		*placed = fit.place;
	rc = SB_OK;
cleanup:
	free(jpeg);
	/* None of these throw. */
	fz_drop_image(o->ctx, redrawn);
	fz_drop_pixmap(o->ctx, pix);
	fz_drop_image(o->ctx, pic.img);
	return rc;
}
