/*
 * Unit tests for sb_fileio: bounded reads and atomic writes.
 *
 * Why: every input file is treated as hostile, so reads are capped and
 * anything that is not a regular file is refused; and an output (a bundle, a
 * calendar file) must never be seen half-written, so writes go to a temporary
 * file beside the target and are renamed into place. These tests run in a
 * fresh folder under /tmp and check that no "*.tmp.*" file is ever left over.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_LEN 4096

struct fixture {
	char dir[64];
};

/* Remove every entry of dir (files and empty folders), then dir itself. */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_LEN];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) != 0)
			remove_tree(path);
	}
	closedir(d);
	rmdir(dir);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/sb-test-fileio-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	remove_tree(f->dir);
	free(f);
	return 0;
}

static const char *in_dir(void **state, const char *name, char *buf, size_t size)
{
	const struct fixture *f = *state;

	snprintf(buf, size, "%s/%s", f->dir, name);
	return buf;
}

static void write_raw(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Entries in the test folder; *tmp counts those with ".tmp." in the name. */
static int count_entries(void **state, int *tmp)
{
	const struct fixture *f = *state;
	DIR *d = opendir(f->dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	*tmp = 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n++;
		if (strstr(e->d_name, ".tmp.") != NULL)
			(*tmp)++;
	}
	closedir(d);
	return n;
}

/* The whole file, independently of sb_file_read. */
static void assert_file_is(const char *path, const void *data, size_t len)
{
	char buf[256];
	FILE *fp = fopen(path, "rb");
	size_t got;

	assert_non_null(fp);
	assert_true(len < sizeof(buf));
	got = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	assert_int_equal(got, len);
	assert_memory_equal(buf, data, len);
}

/* ---- sb_file_read ---------------------------------------------------------- */

static void test_read_exact(void **state)
{
	static const char data[] = "ab\0cd\n\xff"; /* a NUL inside, no final newline */
	char path[PATH_LEN];
	char *out = NULL;
	size_t len = 99;
	sb_error err;

	in_dir(state, "in.bin", path, sizeof(path));
	write_raw(path, data, 7);
	sb_error_clear(&err);
	/* max equal to the size is allowed. */
	assert_int_equal(sb_file_read(path, 7, &out, &len, &err), SB_OK);
	assert_int_equal(len, 7);
	assert_memory_equal(out, data, 7);
	assert_int_equal(out[7], '\0'); /* NUL-terminated for convenience */
	free(out);

	/* len may be NULL. */
	out = NULL;
	assert_int_equal(sb_file_read(path, 100, &out, NULL, &err), SB_OK);
	assert_memory_equal(out, data, 7);
	free(out);
}

static void test_read_empty(void **state)
{
	char path[PATH_LEN];
	char *out = NULL;
	size_t len = 99;
	sb_error err;

	in_dir(state, "empty", path, sizeof(path));
	write_raw(path, "", 0);
	assert_int_equal(sb_file_read(path, 0, &out, &len, &err), SB_OK);
	assert_int_equal(len, 0);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
}

static void test_read_too_large(void **state)
{
	char path[PATH_LEN];
	char msg[PATH_LEN + 100];
	static char sentinel[] = "sentinel";
	char *out = sentinel; /* must be reset to NULL */
	size_t len = 99;
	sb_error err;

	in_dir(state, "big", path, sizeof(path));
	write_raw(path, "1234567", 7);
	sb_error_clear(&err);
	assert_int_equal(sb_file_read(path, 6, &out, &len, &err), SB_ERANGE);
	assert_int_equal(err.code, SB_ERANGE);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(err.file, path);
	snprintf(msg, sizeof(msg), "'%s' is 7 bytes, more than the 6 this file may have", path);
	assert_string_equal(err.message, msg);
}

static void test_read_max_is_size_max(void **state)
{
	/* "At most max bytes" with no real limit: max + 1 must not wrap to 0 when
	 * sizing the buffer (a heap overflow that AddressSanitizer reports). */
	char path[PATH_LEN];
	char *out = NULL;
	size_t len = 0;
	sb_error err;

	in_dir(state, "small", path, sizeof(path));
	write_raw(path, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
	assert_int_equal(sb_file_read(path, SIZE_MAX, &out, &len, &err), SB_OK);
	assert_int_equal(len, 36);
	assert_string_equal(out, "0123456789abcdefghijklmnopqrstuvwxyz");
	free(out);
}

static void test_read_directory(void **state)
{
	const struct fixture *f = *state;
	char msg[PATH_LEN + 100];
	char *out = NULL;
	sb_error err;

	sb_error_clear(&err);
	assert_int_equal(sb_file_read(f->dir, 1000, &out, NULL, &err), SB_EIO);
	assert_int_equal(err.code, SB_EIO);
	assert_null(out);
	assert_string_equal(err.file, f->dir);
	snprintf(msg, sizeof(msg), "cannot read '%s': not a regular file", f->dir);
	assert_string_equal(err.message, msg);
}

static void test_read_missing(void **state)
{
	char path[PATH_LEN];
	char msg[PATH_LEN + 100];
	char *out = NULL;
	sb_error err;

	in_dir(state, "no-such-file.json", path, sizeof(path));
	sb_error_clear(&err);
	assert_int_equal(sb_file_read(path, 1000, &out, NULL, &err), SB_EIO);
	assert_int_equal(err.code, SB_EIO);
	assert_null(out);
	assert_string_equal(err.file, path);
	snprintf(msg, sizeof(msg), "cannot open '%s': No such file or directory", path);
	assert_string_equal(err.message, msg);
	assert_int_equal(sb_file_read(NULL, 1000, &out, NULL, &err), SB_EINVAL);
	assert_int_equal(sb_file_read(path, 1000, NULL, NULL, &err), SB_EINVAL);
}

/* ---- sb_file_write_atomic ---------------------------------------------------- */

static void test_write_exact_bytes(void **state)
{
	static const char data[] = "line one\r\n\0binary\xff\xfe end";
	const size_t len = sizeof(data) - 1;
	char path[PATH_LEN];
	sb_error err;
	int tmp = -1;

	in_dir(state, "out.bin", path, sizeof(path));
	sb_error_clear(&err);
	assert_int_equal(sb_file_write_atomic(path, data, len, &err), SB_OK);
	assert_int_equal(err.code, SB_OK);
	assert_file_is(path, data, len);
	assert_int_equal(count_entries(state, &tmp), 1);
	assert_int_equal(tmp, 0);
}

static void test_write_replaces_existing(void **state)
{
	char path[PATH_LEN];
	sb_error err;
	int tmp = -1;

	in_dir(state, "deadline.ics", path, sizeof(path));
	write_raw(path, "an older and much longer file than the new one", 46);
	assert_int_equal(sb_file_write_atomic(path, "new", 3, &err), SB_OK);
	assert_file_is(path, "new", 3); /* nothing of the old file is left */
	/* Writing nothing gives an empty file (data may be NULL when len is 0). */
	assert_int_equal(sb_file_write_atomic(path, NULL, 0, &err), SB_OK);
	assert_file_is(path, "", 0);
	assert_int_equal(count_entries(state, &tmp), 1);
	assert_int_equal(tmp, 0);
}

static void test_write_large_round_trip(void **state)
{
	const size_t len = 1024 * 1024 + 17;
	char path[PATH_LEN];
	char *data = malloc(len);
	char *back = NULL;
	size_t got = 0, i;
	sb_error err;
	int tmp = -1;

	assert_non_null(data);
	for (i = 0; i < len; i++)
		data[i] = (char)(i * 31 + 7);
	in_dir(state, "large", path, sizeof(path));
	assert_int_equal(sb_file_write_atomic(path, data, len, &err), SB_OK);
	assert_int_equal(sb_file_read(path, len, &back, &got, &err), SB_OK);
	assert_int_equal(got, len);
	assert_memory_equal(back, data, len);
	assert_int_equal(count_entries(state, &tmp), 1);
	assert_int_equal(tmp, 0);
	free(back);
	free(data);
}

static void test_write_into_missing_folder(void **state)
{
	char path[PATH_LEN];
	char folder[PATH_LEN];
	char msg[PATH_LEN + 100];
	struct stat st;
	sb_error err;
	int tmp = -1;

	in_dir(state, "missing/out.txt", path, sizeof(path));
	in_dir(state, "missing", folder, sizeof(folder));
	sb_error_clear(&err);
	assert_int_equal(sb_file_write_atomic(path, "x", 1, &err), SB_EIO);
	assert_int_equal(err.code, SB_EIO);
	assert_string_equal(err.file, path);
	snprintf(msg, sizeof(msg), "cannot create a file beside '%s': No such file or directory",
		 path);
	assert_string_equal(err.message, msg);
	/* Nothing created: no folder, no file, no temporary. */
	assert_int_not_equal(stat(folder, &st), 0);
	assert_int_equal(count_entries(state, &tmp), 0);
	assert_int_equal(tmp, 0);
}

static void test_write_onto_a_folder(void **state)
{
	/* The temporary file is written, then rename(2) fails: it must be removed. */
	char path[PATH_LEN];
	char msg[PATH_LEN + 100];
	struct stat st;
	sb_error err;
	int tmp = -1;

	in_dir(state, "a-folder", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	sb_error_clear(&err);
	assert_int_equal(sb_file_write_atomic(path, "data", 4, &err), SB_EIO);
	assert_string_equal(err.file, path);
	snprintf(msg, sizeof(msg), "cannot put '%s' in place: Is a directory", path);
	assert_string_equal(err.message, msg);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(count_entries(state, &tmp), 1);
	assert_int_equal(tmp, 0);
	assert_int_equal(rmdir(path), 0);
}

static void test_write_bad_arguments(void **state)
{
	char path[PATH_LEN];
	sb_error err;
	int tmp = -1;

	in_dir(state, "never", path, sizeof(path));
	sb_error_clear(&err);
	assert_int_equal(sb_file_write_atomic(NULL, "x", 1, &err), SB_EINVAL);
	assert_int_equal(sb_file_write_atomic(path, NULL, 1, &err), SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);
	assert_string_equal(err.message, "nothing to write");
	assert_int_equal(count_entries(state, &tmp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_max_is_size_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_exact_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_replaces_existing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_large_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_into_missing_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_onto_a_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_bad_arguments, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
