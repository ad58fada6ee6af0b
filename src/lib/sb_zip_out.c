/*
 * Writing the bundle zip with libzip (issue 4, "The zip"; libraries.md,
 * libzip: set every entry's time, names in UTF-8, zip_discard on failure).
 * libzip's zip_close writes a temporary file and renames it, but that
 * rename replaces whatever is there, and a process killed part way leaves
 * the half-written file behind (issue 8, "Nothing lost"). So libzip writes
 * through our own source (fd_sink) into a file with no name yet
 * (sb_file_temp_unnamed: O_TMPFILE on Linux), which sb_file_place names
 * once complete: linkat(2) refuses an existing file atomically; rename(2)
 * replaces one when the user said --force.
 */
#include <sendbundle/zip_out.h>

#include "sb_text.h"
#include "sb_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* The range a zip (MS-DOS) time can hold: 1980-01-01T00:00:00Z to
 * 2107-12-31T23:59:58Z. */
#define ZIP_TIME_MIN ((time_t)315532800LL)
#define ZIP_TIME_MAX ((time_t)(sizeof(time_t) > 4 ? 4354819198LL : 2147483647LL))

/*
 * A zip stores local wall-clock time without a zone, and libzip fills it in
 * with localtime(); a bundle built in another zone would then differ. So
 * hand libzip the instant whose local time reads as t's UTC time: every
 * build stores the UTC fields (as reproducible-builds tools do). In the
 * hour a daylight-saving change skips, that wall time does not exist
 * locally and mktime moves it by an hour; the result is still the same
 * for every build in that zone.
 */
static time_t zip_time(time_t t)
{
	struct tm utc;
	time_t local;

	if (t < ZIP_TIME_MIN)
		t = ZIP_TIME_MIN;
	if (t > ZIP_TIME_MAX)
		t = ZIP_TIME_MAX;
	if (gmtime_r(&t, &utc) == NULL)
		return t;
	utc.tm_isdst = -1;
	local = mktime(&utc);
	return local == (time_t)-1 ? t : local;
}

/* A name that unpacks inside the folder it is unpacked in, on any system:
 * relative, '/'-separated, no empty, "." or ".." parts, no backslash, drive
 * colon or control character, valid UTF-8. */
static bool name_ok(const char *name)
{
	const char *p, *part;
	char *clean = NULL;
	size_t len;
	bool ok;

	if (name == NULL || name[0] == '\0' || name[0] == '/')
		return false;
	for (p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == '\\' || *p == ':')
			return false;
	for (part = name;; part = p + 1) {
		p = strchr(part, '/');
		len = p != NULL ? (size_t)(p - part) : strlen(part);
		if (len == 0 || (len == 1 && part[0] == '.') ||
		    (len == 2 && part[0] == '.' && part[1] == '.'))
			return false;
		if (p == NULL)
			break;
	}
	/* Valid UTF-8 is exactly what the decoder gives back unchanged. */
	len = strlen(name);
	if (sb_text_decode((const unsigned char *)name, len, "UTF-8", len * 3 + 4, &clean, NULL,
			   NULL) != SB_OK)
		return false;
	ok = strcmp(clean, name) == 0;
	free(clean);
	return ok;
}

/*
 * A libzip source that writes the archive to fd (and reads it as empty: the
 * archive is always new). libzip seeks back to finish local headers, so
 * writes go where the write position is, with pwrite(2).
 */
typedef struct fd_sink {
	int fd;
	zip_uint64_t pos; /* write position */
	zip_uint64_t end; /* bytes written so far, the file's length */
	zip_error_t error;
} fd_sink;

static zip_int64_t sink_fail(fd_sink *s, int ze)
{
	zip_error_set(&s->error, ze, errno);
	return -1;
}

static zip_int64_t fd_sink_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	fd_sink *s = ud;
	zip_int64_t off;

	switch (cmd) {
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
			ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
			ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
			ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_WRITE,
			ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_SEEK_WRITE,
			ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;

		if (len < sizeof(*st))
			return sink_fail(s, ZIP_ER_INVAL);
		/* An empty archive: with ZIP_TRUNCATE, libzip starts a new one. */
		zip_stat_init(st);
		st->size = 0;
		st->valid |= ZIP_STAT_SIZE;
		return (zip_int64_t)sizeof(*st);
	}
	/* Nothing to do; and the archive as read is empty (see STAT), so a
	 * read gives 0 bytes and its position is 0. */
	case ZIP_SOURCE_OPEN:
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
	case ZIP_SOURCE_REMOVE:
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_SEEK:
	case ZIP_SOURCE_READ:
	case ZIP_SOURCE_TELL:
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_BEGIN_WRITE:
		s->pos = 0;
		s->end = 0;
		if (ftruncate(s->fd, 0) != 0)
			return sink_fail(s, ZIP_ER_WRITE);
		return 0;
	case ZIP_SOURCE_WRITE: {
		zip_uint64_t done = 0;

		while (done < len) {
			ssize_t n = pwrite(s->fd, (const char *)data + done, (size_t)(len - done),
					   (off_t)(s->pos + done));

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return sink_fail(s, ZIP_ER_WRITE);
			done += (zip_uint64_t)n;
		}
		s->pos += len;
		if (s->pos > s->end)
			s->end = s->pos;
		return (zip_int64_t)len;
	}
	case ZIP_SOURCE_SEEK_WRITE:
		off = zip_source_seek_compute_offset(s->pos, s->end, data, len, &s->error);
		if (off < 0)
			return -1;
		s->pos = (zip_uint64_t)off;
		return 0;
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)s->pos;
	case ZIP_SOURCE_COMMIT_WRITE:
		return 0;
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static int zip_failure(sb_error *err, const char *path, zip_t *za, const char *what)
{
	return sb_error_set(err, SB_EIO, path, "check the free disk space",
			    "cannot write '%s': %s: %s", path, what, zip_strerror(za));
}

int sb_zip_write(const char *path, const sb_zip_entry *entries, size_t n, time_t mtime,
		 bool force, sb_error *err)
{
	char *tmp = NULL;
	fd_sink sink = {.fd = -1};
	zip_source_t *out = NULL;
	zip_error_t ze;
	zip_t *za = NULL;
	struct stat st;
	time_t when;
	size_t i;
	int rc = SB_OK;

	if (path == NULL || path[0] == '\0' || entries == NULL || n == 0)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to write to a zip");
	for (i = 0; i < n; i++)
		if (!name_ok(entries[i].name) || (entries[i].data == NULL && entries[i].len > 0))
			return sb_error_set(err, SB_EINVAL, path, NULL,
					    "cannot put entry %zu ('%s') in '%s': not a safe "
					    "relative name, or no data",
					    i + 1, entries[i].name != NULL ? entries[i].name : "",
					    path);
	/* Say so before any work; put_in_place checks again without a race. */
	if (!force && lstat(path, &st) == 0) {
		sb_error_set(err, SB_EIO, path, "choose another name, or add --force to replace it",
			     "'%s' already exists", path);
		sb_error_reason(err, "exists");
		return SB_EIO;
	}
	rc = sb_file_temp_unnamed(path, &tmp, &sink.fd, err);
	if (rc != SB_OK)
		return rc;
	zip_error_init(&sink.error);
	zip_error_init(&ze);
	out = zip_source_function_create(fd_sink_cb, &sink, &ze);
	if (out != NULL)
		za = zip_open_from_source(out, ZIP_TRUNCATE, &ze);
	if (za == NULL) {
		rc = sb_error_set(err, SB_EIO, path, NULL, "cannot write '%s': %s", path,
				  zip_error_strerror(&ze));
		goto done;
	}
	out = NULL; /* the archive's now */
	when = zip_time(mtime);
	for (i = 0; i < n; i++) {
		const sb_zip_entry *e = &entries[i];
		zip_source_t *src = zip_source_buffer(za, e->len > 0 ? e->data : "", e->len, 0);
		zip_int64_t idx;

		if (src == NULL) {
			rc = zip_failure(err, path, za, e->name);
			goto done;
		}
		idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			if (zip_error_code_zip(zip_get_error(za)) == ZIP_ER_EXISTS)
				rc = sb_error_set(err, SB_EINVAL, path, NULL,
						  "cannot write '%s': two entries are named '%s'",
						  path, e->name);
			else
				rc = zip_failure(err, path, za, e->name);
			goto done;
		}
		/* Deflate level 9 is deterministic for a given zlib; store is
		 * for data that is compressed already (PDF streams). */
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
					     e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
					     e->store ? 0 : 9) != 0 ||
		    zip_file_set_mtime(za, (zip_uint64_t)idx, when, 0) != 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
						     (zip_uint32_t)0100644 << 16) != 0) {
			rc = zip_failure(err, path, za, e->name);
			goto done;
		}
	}
	if (zip_close(za) != 0) {
		rc = zip_failure(err, path, za, "closing");
		goto done;
	}
	za = NULL;
	rc = sb_file_place(sink.fd, tmp, path, force, err);
done:
	/* zip_discard writes nothing. An unnamed file goes with its fd. */
	if (za != NULL)
		zip_discard(za);
	zip_source_free(out);
	zip_error_fini(&ze);
	zip_error_fini(&sink.error);
	if (sink.fd >= 0)
		close(sink.fd);
	if (rc != SB_OK && tmp != NULL)
		unlink(tmp);
	free(tmp);
	return rc;
}
