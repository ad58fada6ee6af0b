/*
 * sb_raster: pictures of pages for OCR (sb_raster.h), through MuPDF.
 *
 * MuPDF's errors are setjmp/longjmp: each fz_try lives in one small
 * function below, which records the message and returns -1 (docs/style.md
 * rule 6); the public functions turn that into an sb_error.
 */
#include "sb_raster.h"

#include "sb_mupdf.h"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MuPDF's memory for one picture: a 100-megapixel colour frame decodes to
 * 300 MB, and drawing needs a second copy in grey. */
#define SB_RASTER_MEMORY_MAX ((size_t)768 << 20)
#define SB_RASTER_NOTE_MAX 200
/* MuPDF's cache: one picture is decoded once per call, so little is kept. */
#define SB_RASTER_STORE_MAX ((size_t)16 << 20)
/* A page wider or taller than this on paper (inches) is not a page: its
 * stated resolution is a camera's default (72 dpi on a 4000-pixel photo),
 * so the size is worked out as if the picture were of an A4 sheet. */
#define SB_RASTER_MAX_INCHES 17.0f
#define SB_A4_LONG_INCHES 11.69f
/* Below this, a stated resolution is no resolution (fax headers say 0). */
#define SB_RASTER_MIN_DPI 50.0f

typedef struct raster {
	fz_context *ctx;
	sb_mem_budget mem;
	fz_alloc_context alloc;
	char caught[SB_RASTER_NOTE_MAX];
} raster;

void sb_gray_release(sb_gray *g)
{
	if (g == NULL)
		return;
	free(g->px);
	memset(g, 0, sizeof(*g));
}

const char *sb_image_kind(const unsigned char *d, size_t len)
{
	if (len >= 3 && memcmp(d, "\xFF\xD8\xFF", 3) == 0)
		return "JPEG";
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1A\n", 8) == 0)
		return "PNG";
	if (len >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
		return "TIFF";
	return NULL;
}

/*
 * What a JPEG's own markers say, before any decoder sees it: its size (from
 * the SOF segment) and whether it is whole. libjpeg pads a truncated file
 * with grey and only prints a warning to stderr, so a photo cut off half-way
 * through a download would otherwise go into a bundle half grey. Whole
 * means: well-formed segments up to the first SOS, then an EOI marker
 * (FF D9) somewhere after it (entropy-coded data cannot hold FF D9: its FF
 * bytes are stuffed as FF 00). Returns 0, or -1 when truncated or malformed.
 */
static int jpeg_header(const unsigned char *d, size_t len, int *w, int *h)
{
	size_t pos = 2;

	*w = *h = 0;
	while (pos + 4 <= len) {
		unsigned marker;
		size_t seg;

		if (d[pos] != 0xFF)
			return -1;
		marker = d[pos + 1];
		if (marker == 0xFF) { /* fill byte */
			pos++;
			continue;
		}
		if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			pos += 2;
			continue;
		}
		if (marker == 0xD9)
			return -1; /* the end before any picture */
		seg = ((size_t)d[pos + 2] << 8) | d[pos + 3];
		if (seg < 2 || seg > len - pos - 2)
			return -1;
		/* SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC). */
		if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
		    marker != 0xCC && seg >= 7) {
			*h = (d[pos + 5] << 8) | d[pos + 6];
			*w = (d[pos + 7] << 8) | d[pos + 8];
		}
		pos += 2 + seg;
		if (marker == 0xDA) { /* SOS: the picture's data follows */
			for (; pos + 1 < len; pos++)
				if (d[pos] == 0xFF && d[pos + 1] == 0xD9)
					return *w > 0 && *h > 0 ? 0 : -1;
			return -1;
		}
	}
	return -1;
}

/* A PNG's size from its IHDR, which must come first (PNG spec 5.6). */
static int png_header(const unsigned char *d, size_t len, int *w, int *h)
{
	unsigned long uw, uh;

	*w = *h = 0;
	if (len < 24 || memcmp(d + 12, "IHDR", 4) != 0)
		return -1;
	uw = ((unsigned long)d[16] << 24) | ((unsigned long)d[17] << 16) |
	     ((unsigned long)d[18] << 8) | d[19];
	uh = ((unsigned long)d[20] << 24) | ((unsigned long)d[21] << 16) |
	     ((unsigned long)d[22] << 8) | d[23];
	if (uw == 0 || uh == 0 || uw > INT_MAX || uh > INT_MAX)
		return -1;
	*w = (int)uw;
	*h = (int)uh;
	return 0;
}

static int refuse_pixels(const char *name, size_t page, size_t max_pixels, sb_error *err);

/* The checks made from the file's own header, before MuPDF decodes
 * anything: a damaged JPEG, and a picture that claims more than max_pixels
 * (a decompression bomb: a few bytes that inflate to gigabytes). TIFF
 * frames are checked as they are decoded, under the memory cap. */
static int check_header(const char *name, const unsigned char *data, size_t len,
			size_t max_pixels, sb_error *err)
{
	const char *kind = sb_image_kind(data, len);
	int w = 0, h = 0;

	if (kind != NULL && strcmp(kind, "JPEG") == 0 && jpeg_header(data, len, &w, &h) != 0) {
		sb_error_set(err, SB_EIO, name, "copy or download the picture again",
			     "'%s' is damaged: the JPEG is cut off or malformed", name);
		return sb_error_reason(err, "damaged");
	}
	if (kind != NULL && strcmp(kind, "PNG") == 0 && png_header(data, len, &w, &h) != 0) {
		sb_error_set(err, SB_EIO, name, "copy or download the picture again",
			     "'%s' is damaged: the PNG has no proper header", name);
		return sb_error_reason(err, "damaged");
	}
	if (w > 0 && h > 0 && (size_t)w > max_pixels / (size_t)h)
		return refuse_pixels(name, 0, max_pixels, err);
	return SB_OK;
}

static void ignore_message(void *user, const char *message)
{
	(void)user;
	(void)message; /* the caller owns the terminal; errors come back caught */
}

static int raster_open(raster *r, const char *name, sb_error *err)
{
	memset(r, 0, sizeof(*r));
	sb_mem_budget_init(&r->mem, SB_RASTER_MEMORY_MAX, &r->alloc);
	r->ctx = fz_new_context(&r->alloc, NULL, SB_RASTER_STORE_MAX);
	if (r->ctx == NULL)
		return sb_error_set(err, SB_ENOMEM, name, NULL, "out of memory reading '%s'",
				    name);
	fz_set_warning_callback(r->ctx, ignore_message, NULL);
	fz_set_error_callback(r->ctx, ignore_message, NULL);
	return SB_OK;
}

static void raster_close(raster *r)
{
	fz_drop_context(r->ctx);
	r->ctx = NULL;
}

static void catch_message(raster *r)
{
	sb_mupdf_clean_message(r->caught, sizeof(r->caught), fz_caught_message(r->ctx));
}

/* What went wrong, for the user: too big for the memory cap, or damaged. */
static int raster_fail(raster *r, const char *name, const char *what, sb_error *err)
{
	if (r->mem.hit) {
		sb_error_set(err, SB_ERANGE, name, "scan it again at a lower resolution, or leave it out",
			     "'%s' %s: it needs more memory than one page may use", name, what);
		return sb_error_reason(err, "too-large");
	}
	sb_error_set(err, SB_EIO, name, "open it on your computer; scan or save it again",
		     "'%s' %s: %s", name, what, r->caught[0] != '\0' ? r->caught : "damaged");
	return sb_error_reason(err, "damaged");
}

/* ---- images ---- */

static bool quarter_turn(int orientation)
{
	/* MuPDF's codes 2, 4, 6 and 8 turn the picture by 90 or 270 degrees
	 * (fz_image_orientation: Exif 8, 6, 5, 7). */
	return orientation == 2 || orientation == 4 || orientation == 6 || orientation == 8;
}

/* The resolution that gives the picture a believable size on paper. */
static float paper_dpi(int w, int h, int xres, int yres)
{
	float dpi = (float)(xres > yres ? xres : yres);
	int longest = w > h ? w : h;

	if (dpi < SB_RASTER_MIN_DPI || (float)longest / dpi > SB_RASTER_MAX_INCHES)
		dpi = (float)longest / SB_A4_LONG_INCHES;
	if (dpi < 1.0f)
		dpi = 1.0f;
	return dpi;
}

/* The frames of a TIFF (a fax or a scanner's multi-page file); every other
 * image has one. */
static int frame_count(raster *r, const unsigned char *data, size_t len, int *count)
{
	int rc = 0;

	r->caught[0] = '\0';
	*count = 1;
	fz_var(rc);
	fz_try(r->ctx)
	{
		if (len >= 4 && (memcmp(data, "II*\0", 4) == 0 || memcmp(data, "MM\0*", 4) == 0))
			*count = fz_load_tiff_subimage_count(r->ctx, data, len);
	}
	fz_catch(r->ctx)
	{
		catch_message(r);
		rc = -1;
	}
	return rc;
}

fz_image *sb_mupdf_load_frame(fz_context *ctx, const unsigned char *data, size_t len, int frame)
{
	const char *kind = sb_image_kind(data, len);
	fz_buffer *buf = NULL;
	fz_pixmap *pix = NULL;
	fz_image *img = NULL;
	int frames = 1;

	fz_var(buf);
	fz_var(pix);
	fz_var(img);
	fz_try(ctx)
	{
		if (kind != NULL && strcmp(kind, "TIFF") == 0)
			frames = fz_load_tiff_subimage_count(ctx, data, len);
		if (frame < 0 || frame >= frames)
			fz_throw(ctx, FZ_ERROR_GENERIC, "it has no picture %d", frame + 1);
		if (frames > 1) {
			pix = fz_load_tiff_subimage(ctx, data, len, frame);
			img = fz_new_image_from_pixmap(ctx, pix, NULL);
		} else {
			buf = fz_new_buffer_from_copied_data(ctx, data, len);
			img = fz_new_image_from_buffer(ctx, buf);
		}
		if (img->w <= 0 || img->h <= 0)
			fz_throw(ctx, FZ_ERROR_GENERIC, "the picture has no pixels");
	}
	fz_always(ctx)
	{
		fz_drop_pixmap(ctx, pix);
		fz_drop_buffer(ctx, buf);
	}
	fz_catch(ctx)
	{
		fz_drop_image(ctx, img);
		fz_rethrow(ctx);
	}
	return img;
}

/* Frame `page` as an fz_image (sb_mupdf_load_frame), refused when it holds
 * more than max_pixels: from the header for single pictures, after decoding
 * (under the memory cap) for a TIFF's frames. */
static int load_image(raster *r, const unsigned char *data, size_t len, int page,
		      size_t max_pixels, fz_image **out, bool *too_many)
{
	r->caught[0] = '\0';
	*out = NULL;
	*too_many = false;
	fz_try(r->ctx)
	{
		*out = sb_mupdf_load_frame(r->ctx, data, len, page);
		if ((size_t)(*out)->w > max_pixels / (size_t)(*out)->h) {
			*too_many = true;
			fz_throw(r->ctx, FZ_ERROR_GENERIC, "too many pixels");
		}
	}
	fz_catch(r->ctx)
	{
		catch_message(r);
		fz_drop_image(r->ctx, *out);
		*out = NULL;
	}
	/* Judged by the frame itself, NULL exactly when fz_catch ran: a flag
	 * set in fz_catch is one the analyzer cannot follow through setjmp. */
	return *out != NULL ? 0 : -1;
}

static void image_page_info(raster *r, fz_image *img, sb_image_page *p)
{
	int xres = 0, yres = 0;

	p->orientation = fz_image_orientation(r->ctx, img);
	p->w = quarter_turn(p->orientation) ? img->h : img->w;
	p->h = quarter_turn(p->orientation) ? img->w : img->h;
	fz_image_resolution(img, &xres, &yres);
	p->dpi = paper_dpi(p->w, p->h, xres, yres);
	p->width_pt = (float)p->w * 72.0f / p->dpi;
	p->height_pt = (float)p->h * 72.0f / p->dpi;
}

/* The grey samples of pix, rows packed, into gray (malloc'd); throws when
 * out of memory. Called inside fz_try. */
static void copy_gray(raster *r, const fz_pixmap *pix, float dpi, sb_gray *gray)
{
	size_t n = (size_t)pix->w * (size_t)pix->h;
	int y;

	gray->px = malloc(n > 0 ? n : 1);
	if (gray->px == NULL)
		fz_throw(r->ctx, FZ_ERROR_MEMORY, "out of memory");
	for (y = 0; y < pix->h; y++)
		memcpy(gray->px + (size_t)y * (size_t)pix->w,
		       pix->samples + (size_t)y * (size_t)pix->stride, (size_t)pix->w);
	gray->w = pix->w;
	gray->h = pix->h;
	gray->dpi = dpi;
}

/* Draw img upright into a new grey pixmap of p->w x p->h (white first: a
 * transparent PNG is text on nothing). gray->px gets a copy. */
static int draw_image(raster *r, fz_image *img, const sb_image_page *p, sb_gray *gray)
{
	fz_pixmap *pix = NULL;
	fz_device *dev = NULL;
	int rc = 0;

	r->caught[0] = '\0';
	fz_var(pix);
	fz_var(dev);
	fz_var(rc);
	fz_try(r->ctx)
	{
		fz_irect box = fz_make_irect(0, 0, p->w, p->h);
		fz_matrix ctm;

		pix = fz_new_pixmap_with_bbox(r->ctx, fz_device_gray(r->ctx), box, NULL, 0);
		fz_clear_pixmap_with_value(r->ctx, pix, 255);
		dev = fz_new_draw_device(r->ctx, fz_identity, pix);
		/* The orientation matrix turns the unit square the image is
		 * drawn into; scaling it to the upright size puts it on the
		 * pixmap the right way up, as MuPDF's image viewer does. */
		ctm = fz_concat(fz_image_orientation_matrix(r->ctx, img),
				fz_scale((float)p->w, (float)p->h));
		fz_fill_image(r->ctx, dev, img, ctm, 1.0f, fz_default_color_params);
		fz_close_device(r->ctx, dev);
		copy_gray(r, pix, p->dpi, gray);
	}
	fz_always(r->ctx)
	{
		fz_drop_device(r->ctx, dev);
		fz_drop_pixmap(r->ctx, pix);
	}
	fz_catch(r->ctx)
	{
		catch_message(r);
		free(gray->px);
		gray->px = NULL;
		rc = -1;
	}
	return rc;
}

static int refuse_pixels(const char *name, size_t page, size_t max_pixels, sb_error *err)
{
	sb_error_set(err, SB_ERANGE, name,
		     "scan it again at 300 dpi, or make the picture smaller, and put it back",
		     "'%s' page %zu is too large a picture: more than %zu million pixels (a "
		     "damaged or hostile file?)",
		     name, page + 1, max_pixels / 1000000);
	return sb_error_reason(err, "too-large");
}

int sb_image_probe(const char *name, const unsigned char *data, size_t len, size_t max_pages,
		   size_t max_pixels, sb_image_page **pages, size_t *npages, sb_error *err)
{
	sb_image_page *list = NULL;
	fz_image *img = NULL;
	raster r;
	int frames = 0, i, rc;
	bool too_many = false;

	*pages = NULL;
	*npages = 0;
	rc = check_header(name, data, len, max_pixels, err);
	if (rc != SB_OK)
		return rc;
	rc = raster_open(&r, name, err);
	if (rc != SB_OK)
		return rc;
	if (frame_count(&r, data, len, &frames) != 0 || frames < 1) {
		rc = raster_fail(&r, name, "is damaged or not a picture", err);
		goto done;
	}
	if ((size_t)frames > max_pages) {
		rc = sb_error_set(err, SB_ERANGE, name, "split the file, or leave it out of the case",
				  "'%s' has %d pages, more than the %zu a document may have", name,
				  frames, max_pages);
		sb_error_reason(err, "too-many-pages");
		goto done;
	}
	list = calloc((size_t)frames, sizeof(*list));
	if (list == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, name, NULL, "out of memory reading '%s'", name);
		goto done;
	}
	for (i = 0; i < frames; i++) {
		sb_gray g = {NULL, 0, 0, 0.0f};

		if (load_image(&r, data, len, i, max_pixels, &img, &too_many) != 0) {
			rc = too_many ? refuse_pixels(name, (size_t)i, max_pixels, err)
				      : raster_fail(&r, name, "is damaged or not a picture", err);
			goto done;
		}
		image_page_info(&r, img, &list[i]);
		/* Decoded once now, so a truncated or corrupt picture is named
		 * here, with its file, and never half-drawn into a bundle. */
		if (draw_image(&r, img, &list[i], &g) != 0) {
			rc = raster_fail(&r, name, "is damaged: its picture cannot be decoded", err);
			goto done;
		}
		sb_gray_release(&g);
		fz_drop_image(r.ctx, img);
		img = NULL;
	}
	*pages = list;
	*npages = (size_t)frames;
	list = NULL;
	rc = SB_OK;
done:
	fz_drop_image(r.ctx, img);
	free(list);
	raster_close(&r);
	return rc;
}

int sb_image_gray(const char *name, const unsigned char *data, size_t len, size_t page,
		  size_t max_pixels, sb_gray *out, sb_error *err)
{
	fz_image *img = NULL;
	sb_image_page info;
	raster r;
	int frames = 0, rc;
	bool too_many = false;

	memset(out, 0, sizeof(*out));
	rc = check_header(name, data, len, max_pixels, err);
	if (rc != SB_OK)
		return rc;
	rc = raster_open(&r, name, err);
	if (rc != SB_OK)
		return rc;
	if (frame_count(&r, data, len, &frames) != 0 || page >= (size_t)frames) {
		rc = raster_fail(&r, name, "is damaged or not a picture", err);
		goto done;
	}
	if (load_image(&r, data, len, (int)page, max_pixels, &img, &too_many) != 0) {
		rc = too_many ? refuse_pixels(name, page, max_pixels, err)
			      : raster_fail(&r, name, "is damaged or not a picture", err);
		goto done;
	}
	image_page_info(&r, img, &info);
	if (draw_image(&r, img, &info, out) != 0) {
		rc = raster_fail(&r, name, "is damaged: its picture cannot be decoded", err);
		goto done;
	}
	rc = SB_OK;
done:
	fz_drop_image(r.ctx, img);
	raster_close(&r);
	return rc;
}

/* ---- PDF pages ---- */

static int draw_pdf_page(raster *r, const unsigned char *data, size_t len, int number, float dpi,
			 size_t max_pixels, sb_gray *gray)
{
	fz_stream *stm = NULL;
	pdf_document *doc = NULL;
	fz_page *page = NULL;
	fz_pixmap *pix = NULL;
	fz_device *dev = NULL;
	int rc = 0;

	r->caught[0] = '\0';
	fz_var(stm);
	fz_var(doc);
	fz_var(page);
	fz_var(pix);
	fz_var(dev);
	fz_var(rc);
	fz_try(r->ctx)
	{
		fz_rect bounds;
		fz_irect box;
		fz_matrix ctm;
		double w, h, scale = dpi / 72.0;

		stm = fz_open_memory(r->ctx, data, len);
		doc = pdf_open_document_with_stream(r->ctx, stm);
		if (pdf_needs_password(r->ctx, doc))
			fz_throw(r->ctx, FZ_ERROR_GENERIC, "the file is encrypted");
		page = fz_load_page(r->ctx, &doc->super, number);
		bounds = fz_bound_page(r->ctx, page);
		w = (double)(bounds.x1 - bounds.x0);
		h = (double)(bounds.y1 - bounds.y0);
		if (!(w > 0.0 && h > 0.0))
			fz_throw(r->ctx, FZ_ERROR_GENERIC, "the page has no size");
		/* A poster-sized page is drawn at less than dpi, never at more
		 * than max_pixels. */
		if (w * scale * h * scale > (double)max_pixels)
			scale = sqrt((double)max_pixels / (w * h));
		ctm = fz_concat(fz_translate(-bounds.x0, -bounds.y0),
				fz_scale((float)scale, (float)scale));
		box = fz_round_rect(fz_transform_rect(bounds, ctm));
		pix = fz_new_pixmap_with_bbox(r->ctx, fz_device_gray(r->ctx), box, NULL, 0);
		fz_clear_pixmap_with_value(r->ctx, pix, 255);
		dev = fz_new_draw_device(r->ctx, fz_identity, pix);
		fz_run_page(r->ctx, page, dev, ctm, NULL);
		fz_close_device(r->ctx, dev);
		copy_gray(r, pix, (float)(scale * 72.0), gray);
	}
	fz_always(r->ctx)
	{
		fz_drop_device(r->ctx, dev);
		fz_drop_pixmap(r->ctx, pix);
		fz_drop_page(r->ctx, page);
		pdf_drop_document(r->ctx, doc);
		fz_drop_stream(r->ctx, stm);
	}
	fz_catch(r->ctx)
	{
		catch_message(r);
		free(gray->px);
		gray->px = NULL;
		rc = -1;
	}
	return rc;
}

int sb_pdf_page_gray(const char *name, const unsigned char *data, size_t len, size_t page,
		     float dpi, size_t max_pixels, sb_gray *out, sb_error *err)
{
	raster r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (page > (size_t)INT_MAX || !(dpi > 0.0f) || max_pixels == 0)
		return sb_error_set(err, SB_EINVAL, name, NULL, "no such page in '%s'", name);
	rc = raster_open(&r, name, err);
	if (rc != SB_OK)
		return rc;
	if (draw_pdf_page(&r, data, len, (int)page, dpi, max_pixels, out) != 0) {
		char what[64];

		snprintf(what, sizeof(what), "is damaged: page %zu cannot be drawn", page + 1);
		rc = raster_fail(&r, name, what, err);
	}
	raster_close(&r);
	return rc;
}
