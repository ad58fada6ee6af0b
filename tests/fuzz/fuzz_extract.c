/*
 * Fuzz target: fact extraction (sb_extract) on arbitrary text, as any
 * reader could hand it over: invalid UTF-8, huge lines, pathological
 * repetitions. It must never crash, and what it reports must be consistent.
 * The input is split at form feeds into pages; a first line "From: ..."
 * becomes an e-mail hint so the e-mail paths run too.
 */
#include <sendbundle/sendbundle.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sb_extractor *ex;
	sb_doc_list list;
	sb_doc *doc;
	sb_error err;
	size_t start = 0, i;

	if (ex == NULL && sb_extractor_new(&ex, &err) != SB_OK)
		abort();
	sb_doc_list_init(&list);
	doc = sb_doc_list_add(&list, "fuzz.txt", SB_FORMAT_TEXT);
	if (doc == NULL)
		abort();
	for (i = 0; i <= size; i++) {
		if (i == size || data[i] == '\f') {
			if (sb_doc_add_page(doc, (const char *)data + start, i - start, &err) != SB_OK)
				abort();
			start = i + 1;
		}
	}
	if (size > 6 && memcmp(data, "From: ", 6) == 0) {
		doc->format = SB_FORMAT_EMAIL;
		if (sb_doc_set_string(&doc->email_from, "A Person <a@example.org>") != SB_OK)
			abort();
		doc->has_email_date = true;
		doc->email_date = (sb_date){2026, 7, 6};
	}
	if (sb_extract(ex, doc, &err) == SB_OK) {
		const sb_facts *f = &doc->facts;

		if (f->has_document_date && !sb_date_is_valid(f->document_date))
			abort();
		for (i = 0; i < f->ndates; i++)
			if (f->dates[i].page < 1 || (size_t)f->dates[i].page > doc->npages)
				abort();
		if (sb_kind_name(f->kind) == NULL || f->professionals >= (1u << SB_PRO_COUNT) ||
		    f->areas >= (1u << SB_AREA_COUNT))
			abort();
	}
	sb_doc_list_free(&list);
	return 0;
}
