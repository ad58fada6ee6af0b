/*
 * Internal text helpers shared by the readers (not part of the public API):
 * bounded decoding of bytes in any charset to clean UTF-8, and reducing an
 * HTML e-mail body to plain text. The public sb_text_to_utf8 in reader.h is
 * sb_text_decode without a size cap.
 */
#ifndef SB_TEXT_H
#define SB_TEXT_H

#include <sendbundle/error.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * data (len bytes) to UTF-8 in *out (the caller's, to free(); NUL-terminated,
 * *out_len bytes without the NUL; out_len may be NULL). The order of choice:
 * a byte order mark, then `charset` (may be NULL), then detection (UTF-8,
 * else Windows-1252). Invalid sequences become U+FFFD, NULs are dropped and
 * CRLF and CR become LF. More than max_out bytes of output fails with
 * SB_ERANGE and err->reason "too-large".
 */
int sb_text_decode(const unsigned char *data, size_t len, const char *charset, size_t max_out,
		   char **out, size_t *out_len, sb_error *err);

/*
 * HTML (already UTF-8) to plain text in *out (the caller's, to free()):
 * <script>, <style>, <head> and comments dropped, block elements and <br>
 * become line breaks, entities decoded, runs of white space folded. A
 * bounded, non-recursive scanner: never fails on broken markup.
 */
int sb_text_from_html(const char *html, size_t len, char **out, size_t *out_len,
		      sb_error *err);

/* True when text holds anything but white space (ASCII white space and
 * U+00A0 NO-BREAK SPACE). */
bool sb_text_has_visible(const char *text, size_t len);

/*
 * One code point from p (n > 0 bytes) into *cp; returns the bytes used
 * (at least 1). An ill-formed sequence gives U+FFFD for its maximal subpart
 * (Unicode 15 Table 3-7: no overlongs, no surrogates, nothing past
 * U+10FFFF) and sets *bad. The one UTF-8 decoder of the library.
 */
size_t sb_utf8_step(const unsigned char *p, size_t n, uint32_t *cp, bool *bad);

#endif
