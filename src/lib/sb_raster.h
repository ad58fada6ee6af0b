/*
 * Internal: pictures of pages, through MuPDF (issue 7). Images (JPEG, PNG,
 * TIFF, one page per TIFF frame) are probed and decoded upright, as their
 * EXIF orientation asks; PDF pages are drawn. Both come out as 8-bit grey
 * pixels, the input Tesseract wants.
 *
 * Every input is hostile: an image that claims more than max_pixels is
 * refused from its header, before anything is decoded (a decompression
 * bomb), and MuPDF's memory is capped, so a frame that hides its size still
 * fails cleanly. Errors carry the file's name and a stable reason
 * ("damaged", "too-large").
 */
#ifndef SB_RASTER_H
#define SB_RASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/error.h>

/* 8-bit grey, one byte per pixel, rows of w bytes; px is malloc'd. */
typedef struct sb_gray {
	unsigned char *px;
	int w, h;
	float dpi; /* pixels per inch the page was drawn at (or the image's own) */
} sb_gray;

void sb_gray_release(sb_gray *g);

/* One page of an image file, as it is meant to be seen. */
typedef struct sb_image_page {
	int w, h;          /* pixels, upright (after the EXIF orientation) */
	float dpi;         /* the resolution used for its size on paper */
	int orientation;   /* MuPDF's code (fz_image_orientation), 0 or 1 upright */
	float width_pt;    /* size on paper, points: w and h at dpi */
	float height_pt;
} sb_image_page;

/* The format of data if it is an image sendbundle reads ("JPEG", "PNG",
 * "TIFF"), else NULL. */
const char *sb_image_kind(const unsigned char *data, size_t len);

/*
 * Read every page (frame) of the image in data: each one's size and
 * orientation, each decoded once so a damaged file is found now, not
 * half-way through a bundle. *pages is malloc'd (*npages entries). At most
 * max_pages frames and max_pixels pixels in one frame.
 */
int sb_image_probe(const char *name, const unsigned char *data, size_t len, size_t max_pages,
		   size_t max_pixels, sb_image_page **pages, size_t *npages, sb_error *err);

/* Page `page` (0-based) of the image in data, upright, in grey at its own
 * resolution (out->dpi as sb_image_probe gives it). */
int sb_image_gray(const char *name, const unsigned char *data, size_t len, size_t page,
		  size_t max_pixels, sb_gray *out, sb_error *err);

/* Page `page` (0-based) of the PDF in data drawn in grey at dpi (less if the
 * page is so large that it would pass max_pixels), as a reader shows it
 * (crop box, rotation). */
int sb_pdf_page_gray(const char *name, const unsigned char *data, size_t len, size_t page,
		     float dpi, size_t max_pixels, sb_gray *out, sb_error *err);

#endif
