/*
 * sb_reader_text: plain text files. The bytes go through sb_text_decode
 * (UTF-8, UTF-16 with a BOM, else Windows-1252), and a form feed, which is
 * how pdftotext and old word processors mark a new page, starts a new page
 * so page numbers in the bundle index match the printed document.
 */
#include "sb_text.h"

#include <sendbundle/reader.h>

#include <stdlib.h>
#include <string.h>

int sb_reader_text(const char *path, const unsigned char *data, size_t len,
		   const sb_read_limits *lim, sb_doc *doc, sb_error *err)
{
	sb_read_limits defaults;
	char *text = NULL;
	size_t n = 0, start = 0, i;
	bool any = false;
	int rc;

	if (doc == NULL || (data == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, path, NULL, "nothing to read");
	if (lim == NULL) {
		sb_read_limits_init(&defaults);
		lim = &defaults;
	}
	rc = sb_text_decode(data, len, NULL, lim->max_text, &text, &n, err);
	if (rc != SB_OK) {
		if (rc == SB_ERANGE) {
			sb_error_set(err, SB_ERANGE, path,
				     "split the file, or leave it out of the case",
				     "'%s' holds more than the %zu bytes of text a document "
				     "may have",
				     path, lim->max_text);
			sb_error_reason(err, "too-large");
		}
		goto done;
	}
	for (i = 0; i <= n; i++) {
		sb_page *page;

		if (i < n && text[i] != '\f')
			continue;
		/* A form feed that ends the file starts no page of its own. */
		if (i == n && start == n && doc->npages > 0)
			break;
		if (doc->npages >= lim->max_pages) {
			rc = sb_error_set(err, SB_ERANGE, path,
					  "split the file, or leave it out of the case",
					  "'%s' has more than the %zu pages a document may have",
					  path, lim->max_pages);
			sb_error_reason(err, "too-large");
			goto done;
		}
		rc = sb_doc_add_page(doc, text + start, i - start, err);
		if (rc != SB_OK)
			goto done;
		page = &doc->pages[doc->npages - 1];
		page->has_text = sb_text_has_visible(page->text, page->len);
		any = any || page->has_text;
		start = i + 1;
	}
	if (!any && sb_doc_add_warning(doc, "the file holds no text") != SB_OK) {
		rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'", path);
		goto done;
	}
done:
	free(text);
	return rc;
}
