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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Well-formed UTF-8 (Unicode 15 Table 3-7), no NUL, no CR. */
static int clean(const char *s, size_t n)
{
	size_t i = 0;

	if (s == NULL || strlen(s) != n)
		return 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i], lo = 0x80, hi = 0xBF;
		size_t need, k;

		if (c == '\r')
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return 0;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		for (k = 1; k <= need; k++) {
			unsigned char b;

			if (i + k >= n)
				return 0;
			b = (unsigned char)s[i + k];
			if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
				return 0;
		}
		i += need + 1;
	}
	return 1;
}

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
	if (!clean(text, n))
		abort();
	if (sb_text_from_html(text, n, &plain, &m, NULL) != SB_OK || !clean(plain, m) ||
	    m > n + 2)
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
			if (!clean(doc->pages[i].text, doc->pages[i].len) ||
			    memchr(doc->pages[i].text, '\f', doc->pages[i].len) != NULL)
				abort();
	}
	sb_doc_list_free(&list);
	return 0;
}
