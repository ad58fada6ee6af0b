/*
 * Unit tests for sb_build (include/sendbundle/build.h): plan, render and
 * verify the sample case's bundle, reproducibly; write the zip. The page
 * by page reading of a built bundle by other tools is tests/e2e/test_build.sh
 * with tests/oracle/bundle_oracle.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define SAMPLE SB_TEST_DATA "/../../samples/refusal-to-assess"

typedef struct fixture {
	sb_doc_list docs;
	sb_case_file cf;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	sb_scan_options so;
	sb_error err;

	if (f == NULL)
		return -1;
	sb_doc_list_init(&f->docs);
	sb_scan_options_init(&so);
	so.jobs = 1;
	so.limits.keep_original = true;
	if (sb_scan_folder(SAMPLE, &so, NULL, &f->docs, &err) != SB_OK ||
	    sb_case_file_load(SAMPLE "/sendbundle.json", &f->cf, &err) != SB_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	sb_doc_list_free(&f->docs);
	sb_case_file_release(&f->cf);
	free(f);
	return 0;
}

static void test_stamp_position_parse(void **state)
{
	static const char *const names[] = {"bottom-centre", "bottom-right", "bottom-left",
					    "top-right",     "top-centre",   "top-left"};
	size_t i, j;
	int pos[6];

	(void)state;
	for (i = 0; i < 6; i++) {
		assert_true(sb_build_stamp_position_parse(names[i], &pos[i]));
		for (j = 0; j < i; j++)
			assert_int_not_equal(pos[i], pos[j]);
	}
	assert_false(sb_build_stamp_position_parse("middle", &pos[0]));
	assert_false(sb_build_stamp_position_parse("bottom-center", &pos[0]));
	assert_false(sb_build_stamp_position_parse("", &pos[0]));
}

static size_t progress_calls, progress_last_done, progress_total;

static void progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	progress_calls++;
	assert_true(done > progress_last_done);
	progress_last_done = done;
	progress_total = total;
}

/* The sample case (samples/README.md): cover 1, index 2, chronology 3,
 * section A pages 4-5, section D pages 6-20. */
static void test_build_sample(void **state)
{
	fixture *f = *state;
	sb_build_options opt;
	sb_build_result r, again;
	sb_error err;
	const sb_plan *p = &r.plan;

	sb_build_options_init(&opt);
	opt.built_on = 1795000000;
	opt.progress = progress;
	progress_calls = progress_last_done = progress_total = 0;
	assert_int_equal(sb_build_pdf(&f->docs, &f->cf, &opt, &r, &err), SB_OK);
	assert_int_equal(p->total_pages, 20);
	assert_int_equal(p->nentries, 9);
	assert_int_equal(p->nexcluded, 0);
	assert_int_equal(p->index_first, 2);
	assert_int_equal(p->index_pages, 1);
	assert_int_equal(p->chron_first, 3);
	assert_int_equal(p->chron_pages, 1);
	assert_int_equal(p->entries[0].section, SB_SECTION_APPEAL);
	assert_string_equal(p->entries[0].source, "01-decision-letter.pdf");
	assert_int_equal(p->entries[0].first_page, 4);
	assert_int_equal(p->entries[1].first_page, 5);
	assert_int_equal(p->entries[2].section, SB_SECTION_APPELLANT);
	assert_int_equal(p->entries[2].first_page, 6);
	assert_string_equal(p->entries[8].title,
			    "Request for an EHC needs assessment (e-mail to the LA)");
	assert_int_equal(p->entries[8].last_page, 20);
	assert_int_equal(progress_calls, 9);
	assert_int_equal(progress_last_done, 9);
	assert_int_equal(progress_total, 9);
	assert_true(r.pdf_len > 1000);
	assert_memory_equal(r.pdf, "%PDF-", 5);

	/* The same inputs, the same bytes (issue 4, "Reproducible"). */
	opt.progress = NULL;
	assert_int_equal(sb_build_pdf(&f->docs, &f->cf, &opt, &again, &err), SB_OK);
	assert_int_equal(again.pdf_len, r.pdf_len);
	assert_memory_equal(again.pdf, r.pdf, r.pdf_len);
	sb_build_result_release(&again);
	/* Another build date prints another date on the cover. */
	opt.built_on += 86400;
	assert_int_equal(sb_build_pdf(&f->docs, &f->cf, &opt, &again, &err), SB_OK);
	assert_true(again.pdf_len != r.pdf_len || memcmp(again.pdf, r.pdf, r.pdf_len) != 0);
	sb_build_result_release(&again);
	sb_build_result_release(&r);
}

/* Section numbering changes the labels, not the pages. */
static void test_build_section_numbering(void **state)
{
	fixture *f = *state;
	sb_build_options opt;
	sb_build_result r;
	sb_error err;
	char buf[32];

	sb_build_options_init(&opt);
	opt.plan.numbering = SB_NUMBERING_SECTION;
	assert_true(sb_build_stamp_position_parse("top-right", &opt.stamp_position));
	assert_int_equal(sb_build_pdf(&f->docs, &f->cf, &opt, &r, &err), SB_OK);
	assert_int_equal(r.plan.total_pages, 20);
	assert_string_equal(sb_plan_page_label(&r.plan, 3, buf, sizeof(buf)), "3");
	assert_string_equal(sb_plan_page_label(&r.plan, 5, buf, sizeof(buf)), "A2");
	assert_string_equal(sb_plan_page_label(&r.plan, 20, buf, sizeof(buf)), "D15");
	sb_build_result_release(&r);
}

/* Everything excluded: nothing to bundle is an error with a way out. */
static void test_build_nothing(void **state)
{
	fixture *f = *state;
	sb_doc_list none;
	sb_build_options opt;
	sb_build_result r;
	sb_error err;

	sb_doc_list_init(&none);
	sb_build_options_init(&opt);
	assert_int_equal(sb_build_pdf(&none, &f->cf, &opt, &r, &err), SB_EINVAL);
	assert_string_equal(err.message, "there is nothing to put in the bundle");
	assert_null(r.pdf);
}

static char dir[] = "/tmp/sb-test-build.XXXXXX";

static void test_write_zip(void **state)
{
	fixture *f = *state;
	sb_build_options opt;
	sb_build_result r;
	sb_error err;
	char path[sizeof(dir) + 32];
	zip_t *za;
	zip_stat_t st;
	char note[2048];
	zip_file_t *zf;
	zip_int64_t n;
	struct stat sb;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/bundle.zip", dir);
	sb_build_options_init(&opt);
	opt.built_on = 1795000000;
	assert_int_equal(sb_build_pdf(&f->docs, &f->cf, &opt, &r, &err), SB_OK);
	assert_int_equal(sb_build_write_zip(path, false, &f->cf, &r, "Late reports.", opt.built_on,
					    &err),
			 SB_OK);
	/* Never over an existing file without force; the file is kept. */
	assert_int_equal(sb_build_write_zip(path, false, &f->cf, &r, NULL, opt.built_on, &err),
			 SB_EIO);
	assert_string_equal(err.reason, "exists");

	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
	assert_non_null(za);
	/* The PDF, six index and chronology files, the note, nine originals. */
	assert_int_equal(zip_get_num_entries(za, 0), 1 + 6 + 1 + 9);
	assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
	assert_string_equal(st.name, "bundle-EH881-26-00117-hearing-2027-01-14.pdf");
	assert_int_equal(st.size, r.pdf_len);
	assert_int_equal(zip_stat_index(za, 7, 0, &st), 0);
	assert_string_equal(st.name, "non-compliance.txt");
	zf = zip_fopen_index(za, 7, 0);
	assert_non_null(zf);
	n = zip_fread(zf, note, sizeof(note) - 1);
	assert_true(n > 0);
	note[n] = '\0';
	zip_fclose(zf);
	assert_non_null(strstr(note, "Appeal number: EH881/26/00117\r\n"));
	assert_non_null(strstr(note, "Reason given:\r\n\r\nLate reports.\r\n"));
	assert_int_equal(zip_stat_index(za, 8, 0, &st), 0);
	assert_string_equal(st.name, "originals/A/1 Decision letter.pdf");
	assert_int_equal(zip_stat_index(za, 16, 0, &st), 0);
	assert_string_equal(
	    st.name, "originals/D/7 Request for an EHC needs assessment (e-mail to the LA).eml");
	zip_close(za);

	assert_int_equal(stat(path, &sb), 0);

	/* Read back for --late-after: the PDF, index.json's plan, originals. */
	{
		sb_build_previous prev;
		char bad[sizeof(dir) + 32];
		sb_zip_entry only_pdf = {"bundle.pdf", "%PDF-1.7\n", 9, true};
		FILE *fp;

		assert_int_equal(sb_build_previous_load(path, &prev, &err), SB_OK);
		assert_int_equal(prev.pdf.len, r.pdf_len);
		assert_memory_equal(prev.pdf.data, r.pdf, r.pdf_len);
		assert_int_equal(prev.plan.nentries, 9);
		assert_int_equal(prev.plan.total_pages, 20);
		assert_int_equal(prev.noriginals, 9);
		assert_string_equal(prev.plan.entries[0].title, "Decision letter");
		assert_int_equal(prev.plan.entries[0].author_role, SB_ROLE_LA_OFFICER);
		assert_int_equal(prev.plan.entries[0].first_page, 4);
		assert_true(prev.plan.entries[0].has_date);
		assert_string_equal(prev.plan.entries[8].sha256, r.plan.entries[8].sha256);
		sb_build_previous_release(&prev);

		snprintf(bad, sizeof(bad), "%s/not-a-zip.zip", dir);
		fp = fopen(bad, "w");
		assert_non_null(fp);
		fputs("PK but not really", fp);
		fclose(fp);
		assert_int_equal(sb_build_previous_load(bad, &prev, &err), SB_EPARSE);
		assert_non_null(strstr(err.message, "cannot open the earlier bundle"));
		assert_int_equal(unlink(bad), 0);
		assert_int_equal(sb_zip_write(bad, &only_pdf, 1, 0, false, &err), SB_OK);
		assert_int_equal(sb_build_previous_load(bad, &prev, &err), SB_EPARSE);
		assert_non_null(strstr(err.message, "it has no index.json"));
		assert_int_equal(unlink(bad), 0);
	}
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	sb_build_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stamp_position_parse),
	    cmocka_unit_test_setup_teardown(test_build_sample, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_build_section_numbering, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_build_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_zip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
