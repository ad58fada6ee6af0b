/*
 * sb_vanish: an LD_PRELOAD shim for tests/e2e/test_hostile.sh (issue 8, "a
 * file that vanishes or becomes unreadable during the scan").
 *
 * The scan lists the folder first (sb_walk.c) and reads each file later
 * (sb_scan.c, read_file). A race between the two is hard to win on purpose
 * from a test: a deleting process would have to land after the walk and
 * before the read, every time. This shim makes it certain: when the program
 * opens a file whose name ends with a name given here, the shim first
 * changes the file system, then lets the real open(2) run:
 *
 *   SB_VANISH_DELETE=name  the file is deleted (it vanished after the walk)
 *   SB_VANISH_FIFO=name    the file is replaced by a FIFO (it is no longer a
 *                          regular file, and a blocking read would hang)
 *
 * Each acts once. The changes are real: what sendbundle then sees is what a
 * user's file manager or a sync client deleting the file would give it.
 * Tests run as root in CI, so chmod cannot make a file unreadable; a FIFO,
 * which read_file must refuse without blocking, is the stand-in.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);

static int done_delete, done_fifo;

static int ends_with(const char *path, const char *name)
{
	size_t n, m;

	if (path == NULL || name == NULL || name[0] == '\0')
		return 0;
	n = strlen(path);
	m = strlen(name);
	return n >= m && strcmp(path + n - m, name) == 0 && (n == m || path[n - m - 1] == '/');
}

/* Change the file system if path is one of ours; once each. */
static void act(const char *path)
{
	if (!done_delete && ends_with(path, getenv("SB_VANISH_DELETE"))) {
		done_delete = 1;
		unlink(path);
	}
	if (!done_fifo && ends_with(path, getenv("SB_VANISH_FIFO"))) {
		done_fifo = 1;
		if (unlink(path) == 0)
			mkfifo(path, 0644);
	}
}

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

/* A function pointer from dlsym's void * (ISO C has no such cast). */
static open_fn open_next(const char *name)
{
	open_fn f;
	void *p = next(name);

	memcpy(&f, &p, sizeof(f));
	return f;
}

static openat_fn openat_next(const char *name)
{
	openat_fn f;
	void *p = next(name);

	memcpy(&f, &p, sizeof(f));
	return f;
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) != 0 ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...);
int open64(const char *path, int flags, ...);
int openat(int dir, const char *path, int flags, ...);
int openat64(int dir, const char *path, int flags, ...);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	act(path);
	return open_next("open")(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	act(path);
	return open_next("open64")(path, flags, mode);
}

int openat(int dir, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	act(path);
	return openat_next("openat")(dir, path, flags, mode);
}

int openat64(int dir, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	act(path);
	return openat_next("openat64")(dir, path, flags, mode);
}

int __open_2(const char *path, int flags)
{
	act(path);
	return open_next("open")(path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
	act(path);
	return open_next("open64")(path, flags, 0);
}
