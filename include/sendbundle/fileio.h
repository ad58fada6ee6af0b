/*
 * sendbundle: reading and writing files safely.
 *
 * Inputs are bounded (a hostile file cannot exhaust memory) and outputs are
 * written to a temporary file in the destination folder and renamed into
 * place, so a reader never sees half a file and a failure leaves nothing.
 *
 * Ownership: *out buffers are the caller's, to free with free().
 */
#ifndef SENDBUNDLE_FILEIO_H
#define SENDBUNDLE_FILEIO_H

#include <stddef.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Read a whole regular file of at most max bytes; NUL-terminated for convenience. */
int sb_file_read(const char *path, size_t max, char **out, size_t *len, sb_error *err);

/* Write data to path whole or not at all: into a file with no name yet in
 * the same folder (O_TMPFILE; else a private "PATH.tmp.XXXXXX"), then put in
 * place, replacing path (rename(2)). */
int sb_file_write_atomic(const char *path, const void *data, size_t len, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
