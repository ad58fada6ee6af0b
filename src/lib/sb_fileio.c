/*
 * sb_fileio: bounded reads and atomic writes (the brief: "write outputs to a
 * temporary file and rename into place"; "treat every input file as hostile:
 * bounded sizes").
 */
/* O_TMPFILE is Linux's (open(2)); elsewhere the named fallback is used. */
#define _GNU_SOURCE
#include <sendbundle/fileio.h>
#include "sb_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int sb_file_read(const char *path, size_t max, char **out, size_t *len, sb_error *err)
{
	FILE *f = NULL;
	char *buf = NULL;
	struct stat st;
	size_t got = 0;
	int rc = SB_OK;

	if (path == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no file given");
	*out = NULL;
	if (len != NULL)
		*len = 0;
	f = fopen(path, "rb");
	if (f == NULL) {
		rc = sb_error_set(err, SB_EIO, path, "check the file name and that you can read it",
				  "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = sb_error_set(err, SB_EIO, path, "give the path of a regular file",
				  "cannot read '%s': not a regular file", path);
		goto done;
	}
	if ((unsigned long long)st.st_size > max) {
		rc = sb_error_set(err, SB_ERANGE, path, NULL,
				  "'%s' is %lld bytes, more than the %zu this file may have",
				  path, (long long)st.st_size, max);
		goto done;
	}
	/* st_size <= max was checked above; never compute max + 1 (it may wrap). */
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'", path);
		goto done;
	}
	got = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		rc = sb_error_set(err, SB_EIO, path, NULL, "cannot read '%s': %s", path,
				  strerror(errno));
		goto done;
	}
	/* A file that grew while we read it is cut at the size we checked. */
	buf[got] = '\0';
	*out = buf;
	buf = NULL;
	if (len != NULL)
		*len = got;
done:
	free(buf);
	if (f != NULL)
		(void)fclose(f); /* only read: nothing of ours to lose */
	return rc;
}

/* A new empty file beside path ("<path>.tmp.XXXXXX", mkstemp), so that the
 * final rename stays in one file system: the fallback where a file cannot
 * be made without a name. The codes are written out, not taken from
 * sb_error_set (the same), so that "SB_OK exactly when *tmp is set" is
 * plain to clang-tidy. */
static int sb_file_temp_beside(const char *path, char **tmp, int *fd, sb_error *err)
{
	size_t plen = strlen(path);

	*fd = -1;
	*tmp = malloc(plen + sizeof(".tmp.XXXXXX"));
	if (*tmp == NULL) {
		sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory");
		return SB_ENOMEM;
	}
	memcpy(*tmp, path, plen);
	memcpy(*tmp + plen, ".tmp.XXXXXX", sizeof(".tmp.XXXXXX"));
	*fd = mkstemp(*tmp);
	if (*fd < 0) {
		sb_error_set(err, SB_EIO, path,
			     "check that the folder exists and that you can write to it",
			     "cannot create a file beside '%s': %s", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return SB_EIO;
	}
	return SB_OK;
}

int sb_file_temp_unnamed(const char *path, char **tmp, int *fd, sb_error *err)
{
	*tmp = NULL;
	*fd = -1;
#ifdef O_TMPFILE
	{
		const char *slash = strrchr(path, '/');
		char *dir = slash == NULL ? strdup(".")
			    : slash == path ? strdup("/")
					    : sb_strdup_printf("%.*s", (int)(slash - path), path);
		char proc[64];

		if (dir == NULL)
			return sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory");
		*fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
		free(dir);
		if (*fd >= 0) {
			/* sb_file_place names it through /proc (linkat with
			 * AT_EMPTY_PATH needs a privilege); without /proc, a name. */
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", *fd);
			if (access(proc, F_OK) == 0)
				return SB_OK;
			close(*fd);
			*fd = -1;
		}
	}
#endif
	return sb_file_temp_beside(path, tmp, fd, err);
}

/* Whether link(2) failed with e only because the file system has no hard
 * links (FAT, some network shares), so that a rename may still work.
 * ENOTSUP and EOPNOTSUPP are one value on Linux, two on some systems. */
static bool no_hard_links(int e)
{
#if EOPNOTSUPP != ENOTSUP
	if (e == EOPNOTSUPP)
		return true;
#endif
	return e == EPERM || e == ENOTSUP || e == EMLINK || e == ENOSYS;
}

/* Give the unnamed file open on fd the name to (linkat(2) never replaces). */
static int link_unnamed(int fd, const char *to)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, to, AT_SYMLINK_FOLLOW);
}

/*
 * Give the unnamed file open on fd a fresh name beside path,
 * "PATH.tmp.XXXXXX" (*side, the caller's to free), for the instant before
 * rename(2) puts it in place. The name is made here and taken by linkat
 * itself, which fails on a name that exists: no empty file is created
 * first to reserve it (mkstemp's way), which a kill would leave behind.
 * Returns 0, or -1 with errno set.
 */
static int link_beside(int fd, const char *path, char **side)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	size_t plen = strlen(path), i;
	unsigned char rnd[6];
	int attempt;

	*side = malloc(plen + sizeof(".tmp.XXXXXX"));
	if (*side == NULL) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(*side, path, plen);
	memcpy(*side + plen, ".tmp.", 5);
	for (attempt = 0; attempt < 100; attempt++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return -1;
		for (i = 0; i < sizeof(rnd); i++)
			(*side)[plen + 5 + i] = set[rnd[i] % (sizeof(set) - 1)];
		(*side)[plen + 5 + sizeof(rnd)] = '\0';
		if (link_unnamed(fd, *side) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	return -1; /* errno is EEXIST */
}

int sb_file_place(int fd, const char *tmp, const char *path, bool replace, sb_error *err)
{
	char *side = NULL;
	struct stat st;
	int rc;

	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
		return sb_error_set(err, SB_EIO, path, "check the free disk space",
				    "cannot write '%s': %s", path, strerror(errno));
	if (tmp == NULL && !replace) {
		if (link_unnamed(fd, path) == 0)
			return SB_OK;
		if (errno == EEXIST)
			goto exists;
		return sb_error_set(err, SB_EIO, path, "check that you can write to the folder",
				    "cannot put '%s' in place: %s", path, strerror(errno));
	}
	if (tmp == NULL) {
		/* linkat cannot replace a file: a name of our own, then
		 * rename(2), so path is always the old file or the new one whole.
		 * Only for that instant has the complete file a temporary name. */
		if (link_beside(fd, path, &side) != 0) {
			rc = sb_error_set(err, errno == ENOMEM ? SB_ENOMEM : SB_EIO, path,
					  "check that you can write to the folder",
					  "cannot put '%s' in place: %s", path, strerror(errno));
			free(side);
			return rc;
		}
		if (rename(side, path) != 0) {
			rc = sb_error_set(err, SB_EIO, path, "check that the path is not a folder",
					  "cannot put '%s' in place: %s", path, strerror(errno));
			unlink(side);
			free(side);
			return rc;
		}
		free(side);
		return SB_OK;
	}
	if (replace) {
		if (rename(tmp, path) != 0)
			return sb_error_set(err, SB_EIO, path, "check that the path is not a folder",
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
	if (!no_hard_links(errno))
		return sb_error_set(err, SB_EIO, path, NULL, "cannot put '%s' in place: %s", path,
				    strerror(errno));
	/* A file system without hard links: look, then rename; the window is
	 * the width of two system calls. */
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

int sb_file_write_atomic(const char *path, const void *data, size_t len, sb_error *err)
{
	char *tmp = NULL;
	int fd = -1;
	int rc = SB_OK;
	const char *p = data;
	size_t left = len;

	if (path == NULL || (data == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to write");
	/* A file with no name where the system has them: a kill while writing
	 * leaves nothing behind, not a part under "PATH.tmp.XXXXXX". */
	rc = sb_file_temp_unnamed(path, &tmp, &fd, err);
	if (rc != SB_OK)
		return rc;
	while (left > 0) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = sb_error_set(err, SB_EIO, path, "check the free disk space",
					  "cannot write '%s': %s", path, strerror(errno));
			goto done;
		}
		p += n;
		left -= (size_t)n;
	}
	rc = sb_file_place(fd, tmp, path, true, err);
done:
	if (fd >= 0)
		close(fd);
	if (rc != SB_OK && tmp != NULL)
		unlink(tmp);
	free(tmp);
	return rc;
}
