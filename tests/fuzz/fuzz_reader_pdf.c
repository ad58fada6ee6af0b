/*
 * Fuzz target: the PDF reader, through the one entry point every caller
 * uses (sb_read_buffer). A hostile PDF must never crash, leak or hang; it is
 * read or refused, and a refusal always carries a reason word. Limits are
 * kept small so one input stays fast.
 */
#include <sendbundle/reader.h>

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;
	size_t i, p;

	sb_read_limits_init(&lim);
	lim.max_file_size = (size_t)4 << 20;
	lim.max_pages = 64;
	lim.max_text = (size_t)1 << 20;
	sb_doc_list_init(&list);
	sb_error_clear(&err);
	if (sb_read_buffer("fuzz.pdf", data, size, &lim, &list, &err) == SB_OK) {
		for (i = 0; i < list.ndocs; i++) {
			const sb_doc *doc = list.docs[i];

			if (doc->format == SB_FORMAT_PDF && doc->npages > lim.max_pages)
				abort();
			for (p = 0; p < doc->npages; p++)
				if (doc->pages[p].text == NULL || doc->pages[p].rotation % 90 != 0)
					abort();
		}
	} else if (err.reason[0] == '\0') {
		abort();
	}
	sb_doc_list_free(&list);
	return 0;
}
