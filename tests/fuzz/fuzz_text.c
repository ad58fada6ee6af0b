/*
 * Fuzz target: text decoding (sb_text_to_utf8), the HTML reducer and the
 * plain-text reader. The first byte picks the declared charset (none, the
 * ones handled by hand, and some that go through iconv); the rest is the
 * text. Whatever the bytes, the output must be clean UTF-8 with no NUL and
 * no CR, exactly as long as it says, and reading must never crash.
 */
/* The internal header: fuzz targets also see src/lib. */
#include "sb_text.h"

#include <sendbundle/reader.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sb_utf8_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {NULL,	   "utf-8",	"windows-1252",
					       "iso-8859-1", "us-ascii",	"utf-16",
					       "utf-16le",   "utf-16be",	"iso-8859-15",
					       "koi8-r",     "shift_jis",	"utf-7",
					       "x-unknown",  "\"UTF-8\"",	"gb18030",
					       "iso-2022-jp"};
	const char *charset;
	sb_read_limits lim;
	sb_doc_list list;
	sb_doc *doc;
	char *text = NULL, *plain = NULL;
	size_t n = 0, m = 0, i;

	if (size == 0)
		return 0;
	charset = charsets[data[0] % (sizeof(charsets) / sizeof(charsets[0]))];
	data++;
	size--;
	if (sb_text_to_utf8(data, size, charset, &text, &n, NULL) != SB_OK)
		abort(); /* only running out of memory may fail */
	if (!sb_test_clean_utf8(text, n))
		abort();
	if (sb_text_from_html(text, n, &plain, &m, NULL) != SB_OK ||
	    !sb_test_clean_utf8(plain, m) || m > n + 2)
		abort();
	free(plain);
	free(text);

	sb_read_limits_init(&lim);
	lim.max_text = (size_t)1 << 16;
	lim.max_pages = 16;
	sb_doc_list_init(&list);
	doc = sb_doc_list_add(&list, "fuzz.txt", SB_FORMAT_TEXT);
	if (doc != NULL && sb_reader_text("fuzz.txt", data, size, &lim, doc, NULL) == SB_OK) {
		if (doc->npages == 0 || doc->npages > lim.max_pages)
			abort();
		for (i = 0; i < doc->npages; i++)
			if (!sb_test_clean_utf8(doc->pages[i].text, doc->pages[i].len) ||
			    memchr(doc->pages[i].text, '\f', doc->pages[i].len) != NULL)
				abort();
	}
	sb_doc_list_free(&list);
	return 0;
}
