/*
 * test_scan: walking and scanning a case folder built in /tmp: what is
 * read, what is skipped, and what is listed as not read (issue 3: nothing is
 * dropped silently; links never lead outside the folder; one bad file never
 * stops the scan; output order is stable).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

static void write_file(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *target, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	char path[512];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/sb-test-scan-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/reports", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/reports/old", root);
	mkdir(path, 0755);
	write_file("b-letter.txt", "Date: 14 September 2026\nDear Mr and Mrs Morgan,\n");
	write_file("reports/a-report.txt", "Educational Psychologist report\n");
	write_file("reports/old/c.txt", "An older note\n");
	write_file(".hidden.txt", "not part of the case\n");
	write_file("~$lock.docx", "Office lock file\n");
	write_file("sendbundle.json", "{}\n");
	write_file("guide.pdf.source.json", "{}\n");
	write_file("out.zip.tmp.ABC123", "half an output\n");
	write_file("photo.jpg", "\xFF\xD8\xFF\xE0 not really a photo");
	link_to("/etc/passwd", "outside-link.txt"); /* exists on every system */
	link_to("b-letter.txt", "inside-link.txt");
	link_to("no-such-file.txt", "broken-link.txt");
	link_to("..", "reports/up"); /* a loop back to the case folder */
	snprintf(path, sizeof(path), "%s/pipe", root);
	assert_int_equal(mkfifo(path, 0644), 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static const sb_file_error *find_error(const sb_doc_list *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->nerrors; i++)
		if (strcmp(l->errors[i].path, path) == 0)
			return &l->errors[i];
	return NULL;
}

static void test_scan_folder(void **state)
{
	static const char *const want_docs[] = {
		"b-letter.txt", "inside-link.txt", "reports/a-report.txt", "reports/old/c.txt"};
	static const struct {
		const char *path, *reason;
	} want_errors[] = {
		{"broken-link.txt", "broken-link"},
		{"outside-link.txt", "outside-folder"},
		{"photo.jpg", "damaged"},
		{"pipe", "not-a-file"},
	};
	sb_scan_options opt;
	sb_doc_list list;
	sb_error err;
	size_t i;

	(void)state;
	sb_scan_options_init(&opt);
	opt.jobs = 3;
	sb_doc_list_init(&list);
	assert_int_equal(sb_scan_folder(root, &opt, NULL, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, sizeof(want_docs) / sizeof(want_docs[0]));
	for (i = 0; i < list.ndocs; i++) {
		assert_string_equal(list.docs[i]->path, want_docs[i]);
		assert_int_equal(list.docs[i]->format, SB_FORMAT_TEXT);
		assert_int_equal(strlen(list.docs[i]->sha256), 64);
	}
	/* The link inside the folder reads the same bytes as its target. */
	assert_string_equal(list.docs[0]->sha256, list.docs[1]->sha256);
	assert_int_equal(list.nerrors, sizeof(want_errors) / sizeof(want_errors[0]));
	for (i = 0; i < list.nerrors; i++) {
		assert_string_equal(list.errors[i].path, want_errors[i].path);
		assert_string_equal(list.errors[i].reason, want_errors[i].reason);
		assert_true(strlen(list.errors[i].message) > 0);
	}
	assert_non_null(strstr(find_error(&list, "outside-link.txt")->message,
			       "points outside the case folder"));
	assert_non_null(strstr(find_error(&list, "photo.jpg")->message, "the JPEG is cut off"));
	sb_doc_list_free(&list);
}

/* Progress: one call per file, counting up to the total, one at a time. */
static size_t progress_calls, progress_last, progress_total;

static void count_progress(void *arg, size_t done, size_t total)
{
	assert_ptr_equal(arg, &progress_calls);
	assert_int_equal(done, progress_last + 1);
	progress_last = done;
	progress_total = total;
	progress_calls++;
}

static void test_same_result_whatever_the_jobs(void **state)
{
	char *one = NULL, *many = NULL;
	sb_scan_options opt;
	sb_doc_list a, b;
	sb_error err;

	(void)state;
	sb_scan_options_init(&opt);
	sb_doc_list_init(&a);
	sb_doc_list_init(&b);
	opt.jobs = 1;
	assert_int_equal(sb_scan_folder(root, &opt, NULL, &a, &err), SB_OK);
	opt.jobs = 8;
	opt.progress = count_progress;
	opt.progress_arg = &progress_calls;
	assert_int_equal(sb_scan_folder(root, &opt, NULL, &b, &err), SB_OK);
	assert_true(progress_calls > 1);
	assert_int_equal(progress_last, progress_total);
	assert_int_equal(progress_calls, progress_total);
	assert_int_equal(sb_scan_to_json(&a, &one, &err), SB_OK);
	assert_int_equal(sb_scan_to_json(&b, &many, &err), SB_OK);
	assert_string_equal(one, many);
	free(one);
	free(many);
	sb_doc_list_free(&a);
	sb_doc_list_free(&b);
}

static void test_limits_and_bad_folders(void **state)
{
	sb_scan_options opt;
	sb_doc_list list;
	sb_error err;
	char path[512];

	(void)state;
	sb_scan_options_init(&opt);
	sb_doc_list_init(&list);
	opt.max_files = 2;
	assert_int_equal(sb_scan_folder(root, &opt, NULL, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 2);
	assert_non_null(find_error(&list, "."));
	assert_string_equal(find_error(&list, ".")->reason, "too-many-files");
	sb_doc_list_free(&list);

	sb_scan_options_init(&opt);
	opt.max_depth = 1;
	assert_int_equal(sb_scan_folder(root, &opt, NULL, &list, &err), SB_OK);
	assert_string_equal(find_error(&list, "reports/old")->reason, "too-deep");
	sb_doc_list_free(&list);

	assert_int_equal(sb_scan_folder("/no/such/folder", NULL, NULL, &list, &err), SB_EIO);
	assert_non_null(strstr(err.message, "cannot open the case folder '/no/such/folder'"));
	snprintf(path, sizeof(path), "%s/b-letter.txt", root);
	assert_int_equal(sb_scan_folder(path, NULL, NULL, &list, &err), SB_EINVAL);
	assert_non_null(strstr(err.message, "is not a folder"));
	assert_int_equal(list.ndocs, 0);
}

static void test_csv_is_safe_for_spreadsheets(void **state)
{
	sb_doc_list list;
	sb_doc *d;
	char *csv = NULL;
	sb_error err;

	(void)state;
	sb_doc_list_init(&list);
	d = sb_doc_list_add(&list, "=HYPERLINK(\"x\").txt", SB_FORMAT_TEXT);
	assert_non_null(d);
	assert_int_equal(sb_doc_add_warning(d, "a, \"quoted\" note"), SB_OK);
	assert_int_equal(sb_doc_list_add_error(&list, "scan.jpg", "not-read", "an image", ""),
			 SB_OK);
	assert_int_equal(sb_scan_to_csv(&list, &csv, &err), SB_OK);
	assert_string_equal(csv,
			    "path,status,format,kind,document_date,author,author_role,"
			    "professionals,areas_of_need,pages,dates,sha256,notes\r\n"
			    "\"'=HYPERLINK(\"\"x\"\").txt\",read,text,other,,,,,,0,,,"
			    "\"a, \"\"quoted\"\" note\"\r\n"
			    "scan.jpg,not-read,,,,,,,,,,,an image\r\n");
	free(csv);
	sb_doc_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_folder),
		cmocka_unit_test(test_same_result_whatever_the_jobs),
		cmocka_unit_test(test_limits_and_bad_folders),
		cmocka_unit_test(test_csv_is_safe_for_spreadsheets),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
