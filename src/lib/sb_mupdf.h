/*
 * Internal: what every MuPDF user in the library shares (sb_reader_pdf.c,
 * sb_pdf_out.c): MuPDF's messages made safe to print, and an allocator that
 * counts MuPDF's memory against a cap, so a hostile PDF fails with a clear
 * message instead of exhausting the machine (libraries.md, MuPDF).
 */
#ifndef SB_MUPDF_H
#define SB_MUPDF_H

#include <stdbool.h>
#include <stddef.h>

#include <mupdf/fitz.h>

typedef struct sb_mem_budget {
	size_t used;
	size_t cap;
	bool hit; /* a request was refused: the work needs more than cap */
} sb_mem_budget;

/* Start b at cap bytes and fill *alloc with the counting allocator for
 * fz_new_context. MuPDF keeps pointers to both: they must outlive the
 * context. */
void sb_mem_budget_init(sb_mem_budget *b, size_t cap, fz_alloc_context *alloc);

/* MuPDF's messages quote bytes from the file ("unknown keyword: '...'"):
 * copy src into dst (size bytes) keeping printable ASCII only, so a hostile
 * PDF cannot put terminal escapes or broken UTF-8 into our messages. */
void sb_mupdf_clean_message(char *dst, size_t size, const char *src);

/*
 * Whether page draws nothing inside its visible box (its bound), contents
 * and annotations: a blank page, left out of a bundle (bundle-spec
 * "Format" 6). Invisible text (render mode 3, a scan's OCR layer) draws
 * nothing. Stops at the first mark, so a page with content costs little
 * more than reading as far as its first text or line. Clipping is not
 * followed: content clipped away counts as drawn, and a page that cannot be
 * drawn to the end counts as not blank, so a page is only ever kept by
 * mistake, never dropped. Throws only when out of memory (or when the
 * page's box cannot be read).
 */
bool sb_mupdf_page_is_blank(fz_context *ctx, fz_page *page);

/*
 * Frame `frame` (0-based) of a JPEG, PNG or TIFF picture in data as an
 * fz_image (sb_raster.c): a TIFF's frames are decoded one at a time (MuPDF
 * has no header-only call for them); any other picture stays compressed,
 * with only its header read, so a JPEG keeps its bytes and its EXIF
 * orientation. The data are copied. Throws when there is no such frame,
 * when the picture has no pixels, or when it is damaged. Shared by OCR's
 * drawing (sb_raster.c) and the bundle's picture pages (sb_pdf_image.c).
 */
fz_image *sb_mupdf_load_frame(fz_context *ctx, const unsigned char *data, size_t len, int frame);

#endif
