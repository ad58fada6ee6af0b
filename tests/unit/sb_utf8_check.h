/*
 * Test oracle shared by test_text and fuzz_text: is a decoder's output clean?
 * Written apart from the library's own decoder on purpose, so the tests do not
 * check sb_text with sb_text. No cmocka here: the fuzz targets include it too.
 */
#ifndef SB_UTF8_CHECK_H
#define SB_UTF8_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* True when s (n bytes) is well-formed UTF-8 (Unicode 15 Table 3-7) with no
 * NUL and no CR. */
static inline bool sb_test_clean_utf8(const char *s, size_t n)
{
	size_t i = 0;

	if (s == NULL)
		return false;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k, need;

		if (c == 0 || c == '\r')
			return false;
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
			return false;
		for (k = 1; k <= need; k++)
			if (i + k >= n || ((unsigned char)s[i + k] & 0xC0) != 0x80)
				return false;
		/* Overlong, surrogate and out-of-range second bytes. */
		if ((c == 0xE0 && (unsigned char)s[i + 1] < 0xA0) ||
		    (c == 0xED && (unsigned char)s[i + 1] > 0x9F) ||
		    (c == 0xF0 && (unsigned char)s[i + 1] < 0x90) ||
		    (c == 0xF4 && (unsigned char)s[i + 1] > 0x8F))
			return false;
		i += need + 1;
	}
	return true;
}

#endif
