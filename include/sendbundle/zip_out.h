/*
 * sendbundle: writing a zip of in-memory files (issue 4, "The zip"), so that
 * the same entries and time give the same bytes, a failure leaves nothing
 * behind, and an existing file is never replaced unless asked.
 *
 * Ownership: the entries and their data are the caller's, only read.
 */
#ifndef SENDBUNDLE_ZIP_OUT_H
#define SENDBUNDLE_ZIP_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_zip_entry {
	const char *name; /* UTF-8, relative, '/'-separated: "originals/D/3 EP report.pdf" */
	const void *data; /* len bytes (may be NULL when len is 0) */
	size_t len;
	bool store;	  /* true: stored as is (a PDF gains little); false: deflated */
} sb_zip_entry;

/*
 * Write the n entries, in the order given, to the zip file `path`.
 *
 * - Every entry's time is `mtime` (seconds since 1970, e.g. from
 *   SOURCE_DATE_EPOCH or the case data; never the clock), stored as that
 *   time in UTC whatever the local time zone, clamped to the years zip can
 *   hold (1980-2107); file mode 0644; names flagged UTF-8. The same entries
 *   and mtime give the same bytes.
 * - Names are checked first: empty, absolute, "." or ".." components, empty
 *   components, backslashes, colons (drive letters), control characters,
 *   bad UTF-8 and duplicates are refused (SB_EINVAL), so no entry can
 *   unpack outside its folder.
 * - Written to a temporary file beside path, then moved into place. Unless
 *   force, an existing path (a file, folder or link, even a broken one) is
 *   refused with SB_EIO and reason "exists", and left as it was; the final
 *   step cannot replace a file that appears meanwhile. With force, path is
 *   replaced (a link itself, never its target). On any failure nothing new
 *   is left behind.
 */
int sb_zip_write(const char *path, const sb_zip_entry *entries, size_t n, time_t mtime,
		 bool force, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
