/*
 * Writing the bundle zip with libzip (issue 4, "The zip"; libraries.md,
 * libzip: set every entry's time, names in UTF-8, zip_discard on failure).
 * libzip's zip_close already writes a temporary file and renames it, but
 * that rename replaces whatever is there; so libzip writes to our own
 * temporary name, and we move it into place with link(2), which refuses an
 * existing file atomically, or with rename(2) when the user said --force.
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

/* Put the finished temporary file in place: mode 0644, on disk, then moved. */
static int put_in_place(const char *tmp, const char *path, bool force, sb_error *err)
{
	struct stat st;
	int fd;

	fd = open(tmp, O_RDONLY);
	if (fd < 0 || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return sb_error_set(err, SB_EIO, path, "check the free disk space",
				    "cannot write '%s': %s", path, strerror(e));
	}
	close(fd);
	if (force) {
		if (rename(tmp, path) != 0)
			return sb_error_set(err, SB_EIO, path,
					    "check that the path is not a folder",
					    "cannot put '%s' in place: %s", path, strerror(errno));
		return SB_OK;
	}
	/* link(2) fails with EEXIST if path appeared since we looked: no
	 * window in which another file could be replaced. */
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return SB_OK;
	}
	if (errno == EEXIST)
		goto exists;
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EMLINK &&
	    errno != ENOSYS)
		return sb_error_set(err, SB_EIO, path, NULL, "cannot put '%s' in place: %s", path,
				    strerror(errno));
	/* A file system without hard links (FAT, some network shares): look,
	 * then rename; the window is the width of two system calls. */
	if (lstat(path, &st) == 0)
		goto exists;
	if (rename(tmp, path) != 0)
		return sb_error_set(err, SB_EIO, path, NULL, "cannot put '%s' in place: %s", path,
				    strerror(errno));
	return SB_OK;
exists:
	sb_error_set(err, SB_EIO, path, "choose another name, or add --force to replace it",
		     "'%s' already exists", path);
	sb_error_reason(err, "exists");
	return SB_EIO;
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
	zip_t *za = NULL;
	struct stat st;
	time_t when;
	size_t i;
	int fd, zerr = 0;
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
	rc = sb_file_temp_beside(path, &tmp, &fd, err);
	if (rc != SB_OK)
		return rc;
	close(fd);
	za = zip_open(tmp, ZIP_TRUNCATE, &zerr);
	if (za == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		rc = sb_error_set(err, SB_EIO, path, NULL, "cannot write '%s': %s", path,
				  zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto done;
	}
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
	rc = put_in_place(tmp, path, force, err);
done:
	/* zip_discard writes nothing; libzip removes its own temporary file
	 * when zip_close fails. */
	if (za != NULL)
		zip_discard(za);
	if (rc != SB_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}
