/*
 * sb_reader_image: a scanned or photographed letter (JPEG, PNG, TIFF) as a
 * document of one page per picture (issue 7). The pages have no text until
 * OCR reads them (sb_scan); here the pictures are only measured, turned
 * upright as their EXIF orientation says, and decoded once, so a damaged or
 * oversized picture is refused with its file's name (sb_raster.c).
 */
#include <sendbundle/reader.h>

#include "sb_raster.h"

#include <stdlib.h>
#include <string.h>

int sb_reader_image(const char *path, const unsigned char *data, size_t len,
		    const sb_read_limits *lim, sb_doc *doc, sb_error *err)
{
	sb_read_limits defaults;
	sb_image_page *pages = NULL;
	size_t n = 0, i;
	int rc;

	if (path == NULL || (data == NULL && len > 0) || doc == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to read");
	if (lim == NULL) {
		sb_read_limits_init(&defaults);
		lim = &defaults;
	}
	rc = sb_image_probe(path, data, len, lim->max_pages, lim->max_image_pixels, &pages, &n,
			    err);
	if (rc != SB_OK)
		goto done;
	for (i = 0; i < n; i++) {
		sb_page *pg;

		rc = sb_doc_add_page(doc, "", 0, err);
		if (rc != SB_OK)
			goto done;
		pg = &doc->pages[doc->npages - 1];
		pg->width = pages[i].width_pt;
		pg->height = pages[i].height_pt;
		pg->rotation = 0; /* already upright: the orientation is applied */
		pg->has_text = false;
	}
	rc = lim->ocr_later ? SB_OK : sb_doc_warn_textless(doc, SB_TEXTLESS_OCR_OFF);
	if (rc != SB_OK)
		rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'", path);
done:
	free(pages);
	return rc;
}
