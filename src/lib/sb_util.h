/*
 * Internal helpers shared by library modules (not part of the public API).
 */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#include <stdarg.h>

/* A newly allocated formatted string, or NULL when out of memory. */
char *sb_strdup_printf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
char *sb_strdup_vprintf(const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 0)))
#endif
	;

#endif
