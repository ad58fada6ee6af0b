/*
 * Fuzz target: pictures (sb_reader_image, through sb_raster.c's JPEG and
 * PNG header checks and MuPDF's decoders): scans and photos from a
 * downloads folder. It must never crash, leak or hang; a picture it accepts
 * has pages of a real size, and each page can be drawn for OCR.
 */
#include <sendbundle/reader.h>

#include "sb_raster.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;
	size_t i;

	if (size > ((size_t)1 << 20))
		return 0;
	sb_read_limits_init(&lim);
	/* Small pictures only: the fuzzer looks for faults, not for slow
	 * decodes of large but honest pictures. */
	lim.max_image_pixels = 4000000;
	lim.max_pages = 16;
	sb_doc_list_init(&list);
	doc = sb_doc_list_add(&list, "fuzz.img", SB_FORMAT_IMAGE);
	if (doc == NULL)
		abort();
	if (sb_reader_image("fuzz.img", data, size, &lim, doc, &err) == SB_OK) {
		if (doc->npages == 0 || doc->npages > lim.max_pages)
			abort();
		for (i = 0; i < doc->npages; i++) {
			sb_gray g;

			if (!(doc->pages[i].width > 0.0 && doc->pages[i].height > 0.0))
				abort();
			if (sb_image_gray("fuzz.img", data, size, i, lim.max_image_pixels, &g,
					  &err) == SB_OK) {
				if (g.w <= 0 || g.h <= 0 || g.px == NULL)
					abort();
				sb_gray_release(&g);
			}
		}
	}
	sb_doc_list_free(&list);
	return 0;
}
