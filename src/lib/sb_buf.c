/* Internal growing text buffer (sb_buf.h): one place that checks sizes and
 * allocations for every text writer. */
#include "sb_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_buf_put(sb_buf *b, const char *s, size_t n)
{
	size_t cap;
	char *grown;

	if (b->failed)
		return;
	if (n > SIZE_MAX / 4 - b->len) {
		b->failed = true;
		return;
	}
	/* No text yet (s NULL, cap 0) always takes the first block, even for
	 * n == 0: the terminator needs a place. */
	if (b->s == NULL || b->len + n + 1 > b->cap) {
		cap = b->cap == 0 ? 4096 : b->cap;
		while (b->len + n + 1 > cap)
			cap *= 2;
		grown = realloc(b->s, cap);
		if (grown == NULL) {
			b->failed = true;
			return;
		}
		b->s = grown;
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_buf_puts(sb_buf *b, const char *s)
{
	if (s != NULL)
		sb_buf_put(b, s, strlen(s));
}

void sb_buf_printf(sb_buf *b, const char *fmt, ...)
{
	char small[256];
	char *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		sb_buf_put(b, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		b->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_buf_put(b, big, (size_t)n);
	free(big);
}

int sb_buf_finish(sb_buf *b, char **out, sb_error *err)
{
	*out = NULL;
	if (!b->failed && b->s == NULL)
		sb_buf_put(b, "", 0);
	if (b->failed) {
		sb_buf_release(b);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	*out = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return SB_OK;
}

void sb_buf_release(sb_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}
