/*
 * Internal PCRE2 wrapper: every pattern compiled once with UTF, UCP and
 * MATCH_INVALID_UTF (so bad bytes cannot crash a match), JIT-compiled when
 * the platform allows (falling back to the interpreter), and matched with
 * match and heap limits (docs/libraries.md, "PCRE2").
 *
 * An sb_regex is immutable after sb_regex_compile and may be shared between
 * threads; each match uses its own match data.
 *
 * Why two compiled forms: most documents are plain ASCII, and on a subject
 * of ASCII bytes a pattern compiled without UTF and UCP gives exactly the
 * answers of the Unicode form (\w, \b, \s, \d, \p{..}, caseless letters and
 * lookbehind lengths all agree on ASCII; the two non-ASCII characters that
 * caseless matching equates with s and k cannot occur) while PCRE2's JIT
 * runs it about twice as fast (issue 3). Callers say whether the subject
 * is ASCII (sb_regex_is_ascii); -DSB_PREFILTER_VERIFY=ON builds run both
 * forms on every ASCII subject and abort on any difference.
 */
#ifndef SB_REGEX_H
#define SB_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/error.h>

typedef struct sb_regex {
	pcre2_code *code;	 /* UTF, UCP, MATCH_INVALID_UTF: for any subject */
	pcre2_code *ascii;	 /* for ASCII subjects only (see above); NULL: use code */
	pcre2_match_context *mc; /* limits; read-only while matching */
	const char *name;      /* for error messages: the table entry's name */
	/* Whether code and ascii are compiled by the JIT: they are then matched
	 * through pcre2_jit_match, PCRE2's fast path to the same answers. */
	bool code_jit, ascii_jit;
} sb_regex;

/* Extra PCRE2 options are or-ed with UTF | UCP | MATCH_INVALID_UTF. */
int sb_regex_compile(sb_regex *re, const char *name, const char *pattern, uint32_t options,
		     sb_error *err);
void sb_regex_free(sb_regex *re);

/* Whether s[0..n) holds only ASCII bytes (none >= 0x80). */
bool sb_regex_is_ascii(const char *s, size_t n);

/* Match data sized for re; NULL when out of memory. Free with pcre2_match_data_free. */
pcre2_match_data *sb_regex_match_data(const sb_regex *re);

/*
 * Match re in subject from offset start. Returns 1 on a match (ovector in md),
 * 0 for none, and a negative SB_E* code when PCRE2 fails (e.g. the match limit
 * is hit on a pathological input), with err filled. ascii: the caller knows
 * that subject[0..len) is ASCII (sb_regex_is_ascii), so the faster form may
 * run; false is always correct.
 */
int sb_regex_match(const sb_regex *re, const char *subject, size_t len, size_t start, bool ascii,
		   pcre2_match_data *md, sb_error *err);

/*
 * A window context for sb_regex_match_window: the same limits, and an
 * offset limit that each call sets. One per thread (it is written to).
 * NULL when out of memory; free with pcre2_match_context_free.
 */
pcre2_match_context *sb_regex_window_context(void);

/*
 * As sb_regex_match, but the match must start at or before last_start
 * (pcre2_set_offset_limit; re must be compiled with PCRE2_USE_OFFSET_LIMIT).
 * The subject is still s[0..len): lookarounds, \b and $ see the whole text.
 */
int sb_regex_match_window(const sb_regex *re, const char *subject, size_t len, size_t start,
			  size_t last_start, bool ascii, pcre2_match_context *mc,
			  pcre2_match_data *md, sb_error *err);

/* Capture group n of the last match as offsets; false when the group did not take part. */
bool sb_regex_group(pcre2_match_data *md, int n, size_t *begin, size_t *end);

#endif
