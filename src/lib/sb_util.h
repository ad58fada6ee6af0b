/*
 * Internal helpers shared by library modules (not part of the public API).
 */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
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
 * A new file for path's contents that has no name until it is complete
 * (issue 8, "Nothing lost": a program killed part way must leave no partial
 * output, and SIGKILL runs no clean-up). On Linux an O_TMPFILE file in
 * path's folder: *tmp is NULL and the file vanishes with the process. Where
 * the file system cannot (FAT, some network shares) or /proc is missing, a
 * named file beside path ("<path>.tmp.XXXXXX"), *tmp its name. Defined
 * in sb_fileio.c.
 */
int sb_file_temp_unnamed(const char *path, char **tmp, int *fd, sb_error *err);

/*
 * Give the complete file (fd, and tmp as sb_file_temp_unnamed set them) the
 * name path: mode 0644 and on disk first. Without replace, an existing path
 * is never replaced, atomically where links exist (err->reason "exists");
 * with replace, rename(2) replaces it whole. A named tmp is gone on success;
 * on failure the caller unlinks it. fd stays the caller's to close.
 */
int sb_file_place(int fd, const char *tmp, const char *path, bool replace, sb_error *err);

#endif
