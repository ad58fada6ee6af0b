/*
 * Unit tests for sb_check (include/sendbundle/check.h) on the sample case:
 * the deadline from the documents, the findings in order of urgency, and
 * what the evidence covers. Every finding code on made-up folders is
 * tests/e2e/test_check.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <stdlib.h>
#include <string.h>

#define SAMPLE SB_TEST_DATA "/../../samples/refusal-to-assess"

typedef struct fixture {
	sb_doc_list docs;
	sb_case_file cf;
	sb_calendar *cal;
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
	    sb_case_file_load(SAMPLE "/sendbundle.json", &f->cf, &err) != SB_OK ||
	    sb_calendar_load(&f->cal, SB_DATA_DIR "/bank-holidays.json", "test", &err) != SB_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	sb_doc_list_free(&f->docs);
	sb_case_file_release(&f->cf);
	sb_calendar_free(f->cal);
	free(f);
	return 0;
}

static void input(fixture *f, sb_check_input *in, const char *today)
{
	sb_error err;

	memset(in, 0, sizeof(*in));
	in->docs = &f->docs;
	in->cf = &f->cf;
	in->cals = &f->cal;
	in->ncals = 1;
	assert_int_equal(sb_date_parse(today, &in->today, &err), SB_OK);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(sb_severity_name(SB_SEVERITY_ERROR), "error");
	assert_string_equal(sb_severity_name(SB_SEVERITY_WARNING), "warning");
	assert_string_equal(sb_severity_name(SB_SEVERITY_INFO), "info");
}

/* HESC Rules r.20(1)(c): decision 14 Sep 2026, certificate 3 Nov 2026: by
 * 3 Dec 2026 (limb ii). 11 days before: deadline-soon first. */
static void test_sample(void **state)
{
	fixture *f = *state;
	sb_check_input in;
	sb_check_result r;
	sb_error err;

	input(f, &in, "2026-11-22");
	assert_int_equal(sb_check_run(&in, &r, &err), SB_OK);
	assert_non_null(r.deadline);
	assert_int_equal(r.deadline->deadline.year, 2026);
	assert_int_equal(r.deadline->deadline.month, 12);
	assert_int_equal(r.deadline->deadline.day, 3);
	assert_int_equal(r.deadline->days_left, 11);
	assert_string_equal(r.decision_from, "sendbundle.json");
	assert_int_equal(r.nfindings, 4);
	assert_string_equal(r.findings[0].code, "deadline-soon");
	assert_int_equal(r.findings[0].severity, SB_SEVERITY_WARNING);
	assert_string_equal(r.findings[1].code, "email-thread");
	assert_string_equal(r.findings[3].code, "la-late");
	assert_string_equal(r.findings[3].paths[0], "07-email-parent-to-la.eml");
	assert_false(sb_check_has_errors(&r));
	assert_int_equal(r.bundle_pages, 20);
	assert_int_equal(r.coverage.reports, 2);
	assert_int_equal(r.coverage.reported, (1u << SB_PRO_EP) | (1u << SB_PRO_SALT));
	assert_int_equal(r.coverage.school_plans, 2);
	assert_true(r.coverage.graduated);
	sb_check_result_release(&r);

	/* A day after the deadline: an error, and nothing else about time. */
	input(f, &in, "2026-12-04");
	assert_int_equal(sb_check_run(&in, &r, &err), SB_OK);
	assert_string_equal(r.findings[0].code, "deadline-passed");
	assert_true(sb_check_has_errors(&r));
	sb_check_result_release(&r);
}

/* Without the case file's dates, they come from the letters themselves. */
static void test_dates_from_documents(void **state)
{
	fixture *f = *state;
	sb_check_input in;
	sb_check_result r;
	sb_error err;

	f->cf.has_decision_date = false;
	f->cf.has_certificate_date = false;
	input(f, &in, "2026-11-22");
	assert_int_equal(sb_check_run(&in, &r, &err), SB_OK);
	assert_string_equal(r.decision_from, "01-decision-letter.pdf");
	assert_string_equal(r.certificate_from, "02-mediation-certificate.txt");
	assert_int_equal(r.deadline->deadline.day, 3);
	sb_check_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test_setup_teardown(test_sample, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dates_from_documents, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
