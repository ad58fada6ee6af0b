/*
 * sb_data: finding the data files the program ships (bank holidays today;
 * section schemes and page limits later), so an installed binary, a relocated
 * install and a build tree all find the same files.
 */
#include <sendbundle/calendar.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SB_INSTALL_DATADIR
#define SB_INSTALL_DATADIR "/usr/local/share/sendbundle"
#endif
#ifndef SB_SOURCE_DATADIR
#define SB_SOURCE_DATADIR ""
#endif

static bool try_path(const char *dir, const char *name, char *buf, size_t size)
{
	struct stat st;
	int n;

	if (dir == NULL || dir[0] == '\0')
		return false;
	n = snprintf(buf, size, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= size)
		return false;
	return stat(buf, &st) == 0 && S_ISREG(st.st_mode);
}

int sb_data_find(const char *name, char *buf, size_t size, sb_error *err)
{
	char exe[PATH_MAX];
	char dir[PATH_MAX + 32];
	const char *env;
	ssize_t n;

	if (name == NULL || buf == NULL || size == 0 || strchr(name, '/') != NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "bad data file name");
	env = getenv("SENDBUNDLE_DATA_DIR");
	if (env != NULL && env[0] != '\0') {
		/* An explicit data folder is the only place looked: a user (or a
		 * test) who names one must not silently get another copy. */
		if (try_path(env, name, buf, size))
			return SB_OK;
		buf[0] = '\0';
		return sb_error_set(err, SB_EUNSAFE, name,
				    "put the file there, unset SENDBUNDLE_DATA_DIR, or give a "
				    "file with --holidays",
				    "cannot find '%s' in SENDBUNDLE_DATA_DIR ('%s')", name, env);
	}
	/* Beside the executable: <prefix>/bin/sendbundle -> <prefix>/share/sendbundle. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/../share/sendbundle", exe);
			if (try_path(dir, name, buf, size))
				return SB_OK;
		}
	}
	if (try_path(SB_INSTALL_DATADIR, name, buf, size))
		return SB_OK;
	if (try_path(SB_SOURCE_DATADIR, name, buf, size))
		return SB_OK;
	buf[0] = '\0';
	return sb_error_set(err, SB_EUNSAFE, name,
			    "reinstall sendbundle, set SENDBUNDLE_DATA_DIR to the folder "
			    "that holds it, or give a file with --holidays",
			    "cannot find the shipped data file '%s'", name);
}
