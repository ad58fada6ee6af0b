/*
 * Internal helpers shared by library modules (not part of the public API).
 */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#include <stdarg.h>
#include <sendbundle/error.h>

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

/*
 * A new empty file beside path ("<path>.tmp.XXXXXX", mkstemp), so that the
 * final rename stays in one file system and is atomic: its name in *tmp
 * (malloc'd) and its descriptor in *fd. Defined in sb_fileio.c.
 */
int sb_file_temp_beside(const char *path, char **tmp, int *fd, sb_error *err);

#endif
