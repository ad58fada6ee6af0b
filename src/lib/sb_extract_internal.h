/*
 * Internal: the date finder is its own module (sb_extract_dates.c) with its
 * own compiled patterns; sb_extract.c owns struct sb_extractor, holds a
 * date finder inside it, and builds every other fact on top of its dates.
 */
#ifndef SB_EXTRACT_INTERNAL_H
#define SB_EXTRACT_INTERNAL_H

#include <sendbundle/extract.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct sb_date_finder sb_date_finder;

/* Compile the date patterns (once per extractor). */
int sb_date_finder_new(sb_date_finder **out, sb_error *err);
void sb_date_finder_free(sb_date_finder *f);

/*
 * Every date in text, in order (see sb_extract_dates in extract.h for the
 * contract). Thread-safe: f is read-only here.
 */
int sb_date_finder_find(const sb_date_finder *f, const char *text, size_t len, int page,
			sb_found_date **out, size_t *n, sb_error *err);

/*
 * The same, given where in text three letters begin a month's name in any
 * case ("jan", "feb", ... "dec"): hint[0..nhint), ascending, every such
 * place (sb_extract finds them in its one pass over the text). The finder
 * then need not look for them itself; NULL hint: it does.
 */
int sb_date_finder_find_hinted(const sb_date_finder *f, const char *text, size_t len, int page,
			       const size_t *hint, size_t nhint, sb_found_date **out, size_t *n,
			       sb_error *err);

/* Whether one of the eight bytes of x is an ASCII digit, for scans that skip
 * eight bytes of words at a time. Per byte b below 0x80, 0xB9 - b has its
 * high bit set when b < 0x3A and b + 0x50 when b > 0x2F (no carry crosses a
 * byte: b is taken without its high bit, and a byte with it is no digit). */
static inline bool sb_has_digit8(uint64_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), a = x & (ones * 0x7F);

	return ((ones * 0xB9 - a) & ~x & (a + ones * 0x50) & (ones * 0x80)) != 0;
}

/* Past the blocks of eight bytes from s[i] on (of s[0..n)) that hold no
 * digit: the first place from i on that may be one, or a place in the last
 * seven bytes. */
static inline size_t sb_skip_digitless(const char *s, size_t n, size_t i)
{
	uint64_t x;

	while (i + 8 <= n) {
		memcpy(&x, s + i, sizeof(x));
		if (sb_has_digit8(x))
			break;
		i += 8;
	}
	return i;
}

#endif
