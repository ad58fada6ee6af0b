/*
 * Internal: MuPDF's memory counted against a cap (sb_mupdf.h). Each block
 * carries its size in a header as wide as max_align_t, so alignment is kept.
 */
#include "sb_mupdf.h"

#include <stdlib.h>
#include <string.h>

typedef union mem_header {
	max_align_t align;
	size_t size;
} mem_header;

static void *budget_malloc(void *user, size_t size)
{
	sb_mem_budget *b = user;
	mem_header *h;

	if (size > b->cap - b->used) {
		b->hit = true;
		return NULL;
	}
	h = malloc(sizeof(*h) + size);
	if (h == NULL)
		return NULL;
	h->size = size;
	b->used += size;
	return h + 1;
}

static void budget_free(void *user, void *ptr)
{
	sb_mem_budget *b = user;
	mem_header *h;

	if (ptr == NULL)
		return;
	h = (mem_header *)ptr - 1;
	b->used -= h->size;
	free(h);
}

static void *budget_realloc(void *user, void *old, size_t size)
{
	sb_mem_budget *b = user;
	mem_header *h, *grown;
	size_t was;

	if (old == NULL)
		return budget_malloc(user, size);
	h = (mem_header *)old - 1;
	was = h->size;
	if (size > was && size - was > b->cap - b->used) {
		b->hit = true;
		return NULL;
	}
	grown = realloc(h, sizeof(*grown) + size);
	if (grown == NULL)
		return NULL;
	grown->size = size;
	b->used = b->used - was + size;
	return grown + 1;
}

void sb_mem_budget_init(sb_mem_budget *b, size_t cap, fz_alloc_context *alloc)
{
	b->used = 0;
	b->cap = cap;
	b->hit = false;
	alloc->user = b;
	alloc->malloc = budget_malloc;
	alloc->realloc = budget_realloc;
	alloc->free = budget_free;
}

void sb_mupdf_clean_message(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (char)(src[i] >= 0x20 && src[i] < 0x7F ? src[i] : '?');
	dst[i] = '\0';
}

/* ---- blank pages ---- */

typedef struct mark_device {
	fz_device super;
	fz_rect bounds;	   /* the visible page */
	fz_cookie *cookie; /* aborted at the first mark: the interpreter stops */
	bool marked;
} mark_device;

static void mark(fz_device *dev, fz_rect r)
{
	mark_device *d = (mark_device *)dev;

	if (!fz_is_empty_rect(fz_intersect_rect(r, d->bounds))) {
		d->marked = true;
		d->cookie->abort = 1;
	}
}

static void mark_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
			   fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha,
			   fz_color_params params)
{
	(void)even_odd, (void)cs, (void)color, (void)alpha, (void)params;
	mark(dev, fz_bound_path(ctx, path, NULL, ctm));
}

static void mark_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
			     const fz_stroke_state *stroke, fz_matrix ctm, fz_colorspace *cs,
			     const float *color, float alpha, fz_color_params params)
{
	(void)cs, (void)color, (void)alpha, (void)params;
	mark(dev, fz_bound_path(ctx, path, stroke, ctm));
}

static void mark_fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
			   fz_colorspace *cs, const float *color, float alpha,
			   fz_color_params params)
{
	(void)cs, (void)color, (void)alpha, (void)params;
	mark(dev, fz_bound_text(ctx, text, NULL, ctm));
}

static void mark_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
			     const fz_stroke_state *stroke, fz_matrix ctm, fz_colorspace *cs,
			     const float *color, float alpha, fz_color_params params)
{
	(void)cs, (void)color, (void)alpha, (void)params;
	mark(dev, fz_bound_text(ctx, text, stroke, ctm));
}

static void mark_fill_shade(fz_context *ctx, fz_device *dev, fz_shade *shade, fz_matrix ctm,
			    float alpha, fz_color_params params)
{
	(void)alpha, (void)params;
	mark(dev, fz_bound_shade(ctx, shade, ctm));
}

static void mark_fill_image(fz_context *ctx, fz_device *dev, fz_image *image, fz_matrix ctm,
			    float alpha, fz_color_params params)
{
	(void)ctx, (void)image, (void)alpha, (void)params;
	mark(dev, fz_transform_rect(fz_unit_rect, ctm));
}

static void mark_fill_image_mask(fz_context *ctx, fz_device *dev, fz_image *image, fz_matrix ctm,
				 fz_colorspace *cs, const float *color, float alpha,
				 fz_color_params params)
{
	(void)ctx, (void)image, (void)cs, (void)color, (void)alpha, (void)params;
	mark(dev, fz_transform_rect(fz_unit_rect, ctm));
}

bool sb_mupdf_page_is_blank(fz_context *ctx, fz_page *page)
{
	fz_cookie cookie;
	mark_device *d;
	bool marked = false;
	/* Before the device exists: nothing to free if the page's box throws. */
	fz_rect bounds = fz_bound_page(ctx, page);

	memset(&cookie, 0, sizeof(cookie));
	d = fz_new_derived_device(ctx, mark_device);
	d->bounds = bounds;
	d->cookie = &cookie;
	d->super.fill_path = mark_fill_path;
	d->super.stroke_path = mark_stroke_path;
	d->super.fill_text = mark_fill_text;
	d->super.stroke_text = mark_stroke_text;
	d->super.fill_shade = mark_fill_shade;
	d->super.fill_image = mark_fill_image;
	d->super.fill_image_mask = mark_fill_image_mask;
	fz_var(marked);
	fz_try(ctx)
	{
		fz_run_page(ctx, page, &d->super, fz_identity, &cookie);
		fz_close_device(ctx, &d->super);
		marked = d->marked;
	}
	fz_always(ctx)
		fz_drop_device(ctx, &d->super);
	fz_catch(ctx)
	{
		/* A page MuPDF cannot finish drawing (an image of height zero, a
		 * broken stream) may still show something in other readers:
		 * keep it. Only running out of memory is an error here. */
		if (fz_caught(ctx) == FZ_ERROR_MEMORY)
			fz_rethrow(ctx);
		marked = true;
	}
	return !marked;
}
