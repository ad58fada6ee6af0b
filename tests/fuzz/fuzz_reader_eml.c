/*
 * Fuzz target: the e-mail reader, through sb_read_buffer (as a .eml, so
 * every input reaches GMime). A hostile message must never crash, leak or
 * hang: it is read or refused with a reason word; every document it yields
 * has text, every attachment is named under the e-mail and has a parent,
 * every error entry has a reason. Limits are small so one input stays fast.
 */
#include <sendbundle/reader.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char name[] = "fuzz.eml";
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;
	size_t i, p;

	sb_read_limits_init(&lim);
	lim.max_file_size = (size_t)4 << 20;
	lim.max_pages = 64;
	lim.max_text = (size_t)1 << 20;
	lim.max_mime_parts = 64;
	lim.max_mime_depth = 8;
	lim.max_decoded = (size_t)4 << 20;
	sb_doc_list_init(&list);
	sb_error_clear(&err);
	if (sb_read_buffer(name, data, size, &lim, &list, &err) == SB_OK) {
		if (list.ndocs == 0 || strcmp(list.docs[0]->path, name) != 0 ||
		    list.docs[0]->format != SB_FORMAT_EMAIL || list.docs[0]->npages != 1)
			abort();
		for (i = 0; i < list.ndocs; i++) {
			const sb_doc *doc = list.docs[i];

			if (i > 0 && (doc->parent == NULL || doc->title == NULL ||
				      strncmp(doc->path, "fuzz.eml#", 9) != 0))
				abort();
			for (p = 0; p < doc->npages; p++)
				if (doc->pages[p].text == NULL ||
				    strlen(doc->pages[p].text) != doc->pages[p].len)
					abort();
		}
		for (i = 0; i < list.nerrors; i++)
			if (list.errors[i].reason[0] == '\0' ||
			    strncmp(list.errors[i].path, "fuzz.eml#", 9) != 0)
				abort();
	} else if (err.reason[0] == '\0' || list.ndocs != 0) {
		abort();
	}
	sb_doc_list_free(&list);
	return 0;
}
