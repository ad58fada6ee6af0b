/*
 * Internal: a growing text buffer for the writers of CSV, HTML and other
 * outputs (not part of the public API). The first allocation failure sticks,
 * so a writer emits a whole document and checks once, at the end, instead
 * of after every cell.
 */
#ifndef SB_BUF_H
#define SB_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/error.h>

typedef struct sb_buf {
	char *s;     /* NUL-terminated once anything was put; NULL before */
	size_t len;  /* bytes, without the NUL */
	size_t cap;
	bool failed; /* an allocation failed: the contents are incomplete */
} sb_buf;

#define SB_BUF_INIT {NULL, 0, 0, false}

void sb_buf_put(sb_buf *b, const char *s, size_t n);
void sb_buf_puts(sb_buf *b, const char *s);
void sb_buf_printf(sb_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Hand the text to *out (the caller frees it; "" when nothing was put) and
 * return 0, or free it and return SB_ENOMEM when any put failed. */
int sb_buf_finish(sb_buf *b, char **out, sb_error *err);
void sb_buf_release(sb_buf *b);

#endif
