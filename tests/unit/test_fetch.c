/*
 * Unit tests for sb_fetch (include/sendbundle/fetch.h): the names files are
 * saved under, the record, the catalogue, the data folder, and the
 * refusals made before any connection. Downloads themselves are tested
 * against loopback servers in tests/e2e/test_fetch.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_file_names(void **state)
{
	static const struct {
		const char *cd, *url, *want;
	} cases[] = {
	    {NULL, "https://example.org/a/b/SEND%20Code.pdf?x=1#top", "SEND Code.pdf"},
	    {"attachment; filename=\"../../evil name.pdf\"", "https://example.org/x", "evil name.pdf"},
	    {"attachment; FileName=plain.pdf; size=3", "https://example.org/x", "plain.pdf"},
	    {"inline", "https://example.org/dir/report.pdf", "report.pdf"},
	    {"attachment; filename=\"\"", "https://example.org/dir/report.pdf", "report.pdf"},
	    {NULL, "https://example.org/", "download"},
	    {NULL, "https://example.org", "download"},
	    {NULL, "https://example.org/.hidden", "hidden"},
	    {NULL, "https://example.org/..", "download"},
	    {NULL, "https://example.org/a%0Ab%00c.json", "abc.json"},
	    {NULL, "https://example.org/a%2F..%2Fb.pdf", "a..b.pdf"},
	    {NULL, "https://example.org/-rf", "rf"},
	    {"attachment; filename=\"C:\\\\Windows\\\\evil.exe\"", "https://example.org/x", "evil.exe"},
	    {NULL, "https://example.org/caf%E9.pdf", "caf_.pdf"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		sb_error err;

		assert_int_equal(sb_fetch_file_name(cases[i].cd, cases[i].url, &out, &err), SB_OK);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, out, cases[i].want);
		assert_true(sb_fetch_name_ok(out));
		free(out);
	}
}

/* Names are cut at SB_FETCH_NAME_MAX bytes, never inside a character. */
static void test_long_name(void **state)
{
	char url[1024], *out = NULL;
	sb_error err;
	size_t i, o;

	(void)state;
	o = (size_t)snprintf(url, sizeof(url), "https://example.org/");
	for (i = 0; i < 150; i++) {
		memcpy(url + o, "\xc3\xa9", 2); /* "é", two bytes */
		o += 2;
	}
	url[o] = '\0';
	assert_int_equal(sb_fetch_file_name(NULL, url, &out, &err), SB_OK);
	assert_int_equal(strlen(out), SB_FETCH_NAME_MAX);
	assert_int_equal((unsigned char)out[SB_FETCH_NAME_MAX - 2], 0xc3);
	free(out);
}

static void test_name_ok(void **state)
{
	(void)state;
	assert_true(sb_fetch_name_ok("guidance.pdf"));
	assert_true(sb_fetch_name_ok("Code of Practice (2015).pdf"));
	assert_false(sb_fetch_name_ok(""));
	assert_false(sb_fetch_name_ok(".hidden"));
	assert_false(sb_fetch_name_ok("-rf"));
	assert_false(sb_fetch_name_ok("a/b.pdf"));
	assert_false(sb_fetch_name_ok("..\\b.pdf"));
	assert_false(sb_fetch_name_ok("a\nb"));
	assert_false(sb_fetch_name_ok(NULL));
}

static void test_catalogue(void **state)
{
	size_t n, i;
	const sb_fetch_known *k = sb_fetch_catalogue(&n);

	(void)state;
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		assert_memory_equal(k[i].url, "https://", 8);
		assert_true(sb_fetch_name_ok(k[i].file));
		assert_ptr_equal(sb_fetch_lookup(k[i].name), &k[i]);
	}
	assert_string_equal(sb_fetch_lookup("bank-holidays")->url,
			    "https://www.gov.uk/bank-holidays.json");
	assert_null(sb_fetch_lookup("bank-holiday"));
	assert_null(sb_fetch_lookup(NULL));
}

static void test_source_json(void **state)
{
	sb_fetch_result r;
	char *json = NULL, url[] = "https://example.org/a.pdf", eff[] = "https://example.org/b.pdf";
	char type[] = "application/pdf", etag[] = "\"v1\"";
	sb_error err;

	(void)state;
	sb_fetch_result_init(&r);
	r.url = url;
	r.effective_url = eff;
	r.content_type = type;
	r.etag = etag;
	snprintf(r.retrieved_at, sizeof(r.retrieved_at), "2026-11-22T10:15:00Z");
	snprintf(r.sha256, sizeof(r.sha256), "%064d", 0);
	r.size = 1234;
	assert_int_equal(sb_fetch_source_json(&r, &json, &err), SB_OK);
	assert_string_equal(json, "{\n"
				  "  \"content_type\": \"application/pdf\",\n"
				  "  \"effective_url\": \"https://example.org/b.pdf\",\n"
				  "  \"etag\": \"\\\"v1\\\"\",\n"
				  "  \"last_modified\": null,\n"
				  "  \"retrieved_at\": \"2026-11-22T10:15:00Z\",\n"
				  "  \"sha256\": "
				  "\"0000000000000000000000000000000000000000000000000000000000000000\",\n"
				  "  \"size\": 1234,\n"
				  "  \"url\": \"https://example.org/a.pdf\"\n"
				  "}\n");
	free(json);
}

/* XDG Base Directory: XDG_DATA_HOME if absolute, else ~/.local/share. */
static void test_user_data_dir(void **state)
{
	char buf[256];
	sb_error err;

	(void)state;
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	setenv("HOME", "/home/parent", 1);
	assert_int_equal(sb_user_data_dir(buf, sizeof(buf), &err), SB_OK);
	assert_string_equal(buf, "/srv/data/sendbundle");
	setenv("XDG_DATA_HOME", "relative/data", 1);
	assert_int_equal(sb_user_data_dir(buf, sizeof(buf), &err), SB_OK);
	assert_string_equal(buf, "/home/parent/.local/share/sendbundle");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(sb_user_data_dir(buf, sizeof(buf), &err), SB_EIO);
	assert_int_equal(sb_user_data_dir(buf, 8, &err) != SB_OK, 1);
}

/* Refused before anything is opened or created. */
static void test_refusals(void **state)
{
	sb_fetch_options opt;
	sb_fetch_result r;
	sb_error err;

	(void)state;
	sb_fetch_options_init(&opt);
	assert_int_equal(opt.max_size, SB_FETCH_MAX_SIZE);
	assert_int_equal(sb_fetch_save("file:///etc/passwd", "/tmp", &opt, &r, &err),
			 SB_EREFUSED);
	assert_int_equal(sb_fetch_save("ftp://example.org/a.pdf", "/tmp", &opt, &r, &err),
			 SB_EREFUSED);
	assert_int_equal(sb_fetch_save("http://example.org/a.pdf", "/tmp", &opt, &r, &err),
			 SB_EREFUSED);
	assert_non_null(strstr(err.hint, "--allow-http"));
	assert_int_equal(sb_fetch_save("https://example.org/a.pdf", "/nonexistent/dir", &opt, &r,
				       &err),
			 SB_EIO);
	opt.name = "../up.pdf";
	assert_int_equal(sb_fetch_save("https://example.org/a.pdf", "/tmp", &opt, &r, &err),
			 SB_EINVAL);
	assert_null(r.path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file_names),	 cmocka_unit_test(test_long_name),
	    cmocka_unit_test(test_name_ok),	 cmocka_unit_test(test_catalogue),
	    cmocka_unit_test(test_source_json), cmocka_unit_test(test_user_data_dir),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
