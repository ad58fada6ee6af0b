/*
 * test_deadline: the appeal deadline engine against the worked examples in
 * tests/data/deadline/examples.tsv (checked independently by
 * tests/oracle/deadline_oracle.py), plus every warning and refusal.
 * Rules: HESC Rules 2008 r.20(1)(c), r.12(1)-(3)(a); Dodds v Walker; SEND
 * Regulations 2014 reg 33 (docs/legal-rules.md).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include "sb_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sb_calendar *shipped;

static int setup(void **state)
{
	sb_error err;

	(void)state;
	return sb_calendar_load(&shipped, SB_DATA_DIR "/bank-holidays.json", "shipped", &err);
}

static int teardown(void **state)
{
	(void)state;
	sb_calendar_free(shipped);
	return 0;
}

static sb_date D(const char *iso)
{
	sb_date d = {0, 0, 0};
	sb_error err;

	assert_int_equal(sb_date_parse(iso, &d, &err), SB_OK);
	return d;
}

static void assert_date(sb_date got, const char *want)
{
	char iso[SB_DATE_ISO_LEN];

	assert_string_equal(sb_date_format_iso(got, iso, sizeof(iso)), want);
}

static sb_deadline *compute_ok(const sb_deadline_input *in)
{
	sb_calendar *cals[1] = {shipped};
	sb_deadline *d = NULL;
	sb_error err;

	sb_error_clear(&err);
	if (sb_deadline_compute(in, cals, 1, &d, &err) != SB_OK)
		fail_msg("compute failed: %s", err.message);
	return d;
}
static void test_worked_examples(void **state)
{
	FILE *f = fopen(SB_TEST_DATA "/deadline/examples.tsv", "r");
	char line[2048];
	int rows = 0;

	(void)state;
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f)); /* header */
	assert_string_equal(line, "letter\tsent\tcertificate\tdeadline\tlimb\traw_end\t"
				  "alternative\tmediation_contact_by\twhy\n");
	while (fgets(line, sizeof(line), f) != NULL) {
		char *c[9] = {0};
		sb_deadline_input in;
		sb_deadline *d;
		char iso[SB_DATE_ISO_LEN];

		line[strcspn(line, "\n")] = '\0';
		assert_int_equal(sb_test_split_tabs(line, c, 9), 9);
		sb_deadline_input_init(&in);
		in.decision_date = D(c[0]);
		if (c[1][0] != '\0') {
			in.has_sent_date = true;
			in.sent_date = D(c[1]);
		}
		if (c[2][0] != '\0') {
			in.has_certificate_date = true;
			in.certificate_date = D(c[2]);
		}
		d = compute_ok(&in);
		sb_date_format_iso(d->deadline, iso, sizeof(iso));
		if (strcmp(iso, c[3]) != 0)
			fail_msg("letter %s sent '%s' certificate '%s': deadline %s, expected %s (%s)",
				 c[0], c[1], c[2], iso, c[3], c[8]);
		assert_string_equal(d->limb, c[4]);
		assert_date(d->raw_end, c[5]);
		if (c[6][0] == '\0') {
			assert_false(d->has_alternative);
			assert_null(sb_deadline_find_warning(d, "arguable-alternative"));
		} else {
			assert_true(d->has_alternative);
			assert_date(d->alternative, c[6]);
			assert_non_null(sb_deadline_find_warning(d, "arguable-alternative"));
		}
		assert_date(d->mediation_contact_by, c[7]);
		sb_deadline_free(d);
		rows++;
	}
	fclose(f);
	assert_true(rows >= 80);
}

/* The eight examples of docs/legal-rules.md, kept here verbatim as well. */
static void test_legal_rules_examples(void **state)
{
	static const struct {
		const char *letter, *certificate, *deadline;
	} ex[] = {
		{"2025-01-14", NULL, "2025-03-14"}, {"2025-10-31", NULL, "2026-01-02"},
		{"2025-09-30", NULL, "2025-12-01"}, {"2025-06-10", NULL, "2025-09-01"},
		{"2025-07-15", NULL, "2025-09-15"}, {"2024-10-01", "2024-11-29", "2025-01-02"},
		{"2025-01-06", "2025-01-20", "2025-03-06"}, {"2025-02-21", NULL, "2025-04-22"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		sb_deadline_input in;
		sb_deadline *d;

		sb_deadline_input_init(&in);
		in.decision_date = D(ex[i].letter);
		if (ex[i].certificate != NULL) {
			in.has_certificate_date = true;
			in.certificate_date = D(ex[i].certificate);
		}
		d = compute_ok(&in);
		assert_date(d->deadline, ex[i].deadline);
		sb_deadline_free(d);
	}
}

static void test_issue_example_steps(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	sb_deadline_input_init(&in);
	in.decision_date = D("14 September 2026");
	in.has_certificate_date = true;
	in.certificate_date = D("3/11/2026");
	in.has_today = true;
	in.today = D("2026-11-22");
	d = compute_ok(&in);
	assert_date(d->deadline, "2026-12-03");
	assert_string_equal(d->limb, "ii");
	assert_date(d->limb_i_end, "2026-11-14");
	assert_date(d->limb_ii_end, "2026-12-03");
	assert_date(d->mediation_contact_by, "2026-11-14");
	assert_int_equal(d->days_left, 11);
	assert_false(d->passed);
	assert_int_equal(d->nsteps, 7);
	assert_string_equal(d->steps[0].rule, "HESC r.20(1)(c)(i)");
	assert_string_equal(d->steps[2].rule, "HESC r.20(1)(c)(ii); Dodds v Walker");
	assert_string_equal(d->steps[4].rule, "HESC r.12(2)");
	assert_string_equal(d->steps[5].rule, "HESC r.12(1)");
	assert_string_equal(d->steps[5].text,
			    "An act due on a day must be done by 5pm: the Tribunal must receive "
			    "the appeal by 5pm on Thursday 3 December 2026");
	assert_string_equal(d->steps[6].rule, "SEND Regs 2014 reg 33");
	/* 11 days left: under 14, so the "soon" warning and nothing else. */
	assert_int_equal(d->nwarnings, 1);
	assert_string_equal(d->warnings[0].code, "deadline-soon");
	sb_deadline_free(d);
}

static void test_roll_forward_names_the_holiday(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	/* 21 Feb 2025 + 2 months = Mon 21 Apr 2025, Easter Monday: r.12(2). */
	sb_deadline_input_init(&in);
	in.decision_date = D("2025-02-21");
	d = compute_ok(&in);
	assert_date(d->deadline, "2025-04-22");
	assert_string_equal(d->steps[3].rule, "HESC r.12(2)");
	assert_string_equal(d->steps[3].text,
			    "Mon 21 Apr 2025 is not a working day (Easter Monday), so the period "
			    "ends on the next working day, Tue 22 Apr 2025");
	sb_deadline_free(d);
}

static void test_alternative_reading(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	/* 31 May 2027 + 2 months = Sat 31 Jul 2027; r.12(2) rolls to Mon 2 Aug, inside
	 * August: keep 2 Aug (safest), report 1 Sep as arguable (legal-rules step 4). */
	sb_deadline_input_init(&in);
	in.decision_date = D("2027-05-31");
	d = compute_ok(&in);
	assert_date(d->raw_end, "2027-07-31");
	assert_date(d->deadline, "2027-08-02");
	assert_true(d->has_alternative);
	assert_date(d->alternative, "2027-09-01");
	assert_string_equal(sb_deadline_find_warning(d, "arguable-alternative")->text,
			    "A later deadline, Wed 1 Sep 2027, is arguable under HESC r.12(3)(a) "
			    "because Mon 2 Aug 2027 falls in August. Do not rely on it: appeal by "
			    "5pm on Mon 2 Aug 2027.");
	sb_deadline_free(d);
}

static void test_no_certificate_warning(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	sb_deadline_input_init(&in);
	in.decision_date = D("2025-06-10");
	d = compute_ok(&in);
	assert_non_null(sb_deadline_find_warning(d, "no-certificate"));
	assert_non_null(strstr(sb_deadline_find_warning(d, "no-certificate")->text,
			       "by Sun 10 Aug 2025"));
	sb_deadline_free(d);

	/* An appeal only about the school named needs no certificate. */
	in.appeal_type = SB_APPEAL_PLACEMENT_ONLY;
	d = compute_ok(&in);
	assert_null(sb_deadline_find_warning(d, "no-certificate"));
	sb_deadline_free(d);
}

static void test_certificate_after_limb_i(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	sb_deadline_input_init(&in);
	in.decision_date = D("2026-01-12");
	in.has_certificate_date = true;
	in.certificate_date = D("2026-03-20"); /* limb (i) ends 12 Mar 2026 */
	d = compute_ok(&in);
	assert_string_equal(d->limb, "ii");
	assert_date(d->deadline, "2026-04-20");
	assert_non_null(sb_deadline_find_warning(d, "certificate-after-limb-i"));
	assert_null(sb_deadline_find_warning(d, "no-certificate"));
	sb_deadline_free(d);
}

static void test_certificate_before_decision(void **state)
{
	sb_calendar *cals[1];
	sb_deadline_input in;
	sb_deadline *d = NULL;
	sb_error err;

	(void)state;
	cals[0] = shipped;
	sb_deadline_input_init(&in);
	in.decision_date = D("2026-03-10");
	in.has_certificate_date = true;
	in.certificate_date = D("2026-03-01");
	assert_int_equal(sb_deadline_compute(&in, cals, 1, &d, &err), SB_EINVAL);
	assert_null(d);
	assert_string_equal(err.message,
			    "the mediation certificate is dated before the decision letter");
	assert_non_null(strstr(err.hint, "--confirm-dates"));

	in.confirm_dates = true;
	d = compute_ok(&in);
	assert_string_equal(d->limb, "i");
	assert_date(d->deadline, "2026-05-11"); /* Sun 10 May -> Mon 11 May */
	assert_non_null(sb_deadline_find_warning(d, "certificate-before-decision"));
	sb_deadline_free(d);
}

static void test_disability_discrimination_refused(void **state)
{
	sb_calendar *cals[1];
	sb_deadline_input in;
	sb_deadline *d = NULL;
	sb_error err;

	(void)state;
	cals[0] = shipped;
	sb_deadline_input_init(&in);
	in.decision_date = D("2026-03-10");
	in.appeal_type = SB_APPEAL_DISABILITY_DISCRIMINATION;
	assert_int_equal(sb_deadline_compute(&in, cals, 1, &d, &err), SB_EREFUSED);
	assert_null(d);
	assert_non_null(strstr(err.message, "Equality Act 2010 Sch. 17"));
}

static void test_passed_and_today(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	sb_deadline_input_init(&in);
	in.decision_date = D("2025-01-14"); /* deadline Fri 14 Mar 2025 */
	in.has_today = true;
	in.today = D("2025-03-17");
	d = compute_ok(&in);
	assert_int_equal(d->days_left, -3);
	assert_true(d->passed);
	assert_non_null(strstr(sb_deadline_find_warning(d, "deadline-passed")->text,
			       "r.20(4) and r.5(3)(a)"));
	assert_non_null(strstr(sb_deadline_find_warning(d, "deadline-passed")->text,
			       "reg 5(3)"));
	sb_deadline_free(d);

	/* On the day itself: in time before 5pm, passed after (r.12(1)). */
	in.today = D("2025-03-14");
	d = compute_ok(&in);
	assert_int_equal(d->days_left, 0);
	assert_false(d->passed);
	assert_non_null(sb_deadline_find_warning(d, "deadline-soon"));
	sb_deadline_free(d);
	in.today_after_5pm = true;
	d = compute_ok(&in);
	assert_true(d->passed);
	sb_deadline_free(d);

	/* Plenty of time: no warning about time at all. */
	in.today = D("2025-01-20");
	in.today_after_5pm = false;
	d = compute_ok(&in);
	assert_int_equal(d->days_left, 53);
	assert_null(sb_deadline_find_warning(d, "deadline-soon"));
	assert_null(sb_deadline_find_warning(d, "deadline-passed"));
	sb_deadline_free(d);
}

static void test_sent_date(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	/* Sent later than dated: count from the letter's date (the earlier). */
	sb_deadline_input_init(&in);
	in.decision_date = D("2026-03-02");
	in.has_sent_date = true;
	in.sent_date = D("2026-03-09");
	d = compute_ok(&in);
	assert_date(d->start, "2026-03-02");
	assert_date(d->deadline, "2026-05-05"); /* Sat 2 May, Mon 4 May holiday */
	sb_deadline_free(d);

	/* Sent before the date on the letter: count from sending. */
	in.sent_date = D("2026-02-27");
	d = compute_ok(&in);
	assert_date(d->start, "2026-02-27");
	assert_date(d->limb_i_end, "2026-04-27");
	sb_deadline_free(d);
}

static void test_older_law_and_future(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	sb_deadline_input_init(&in);
	in.decision_date = D("2014-08-29");
	d = compute_ok(&in);
	assert_non_null(sb_deadline_find_warning(d, "older-law"));
	sb_deadline_free(d);

	in.decision_date = D("2026-12-01");
	in.has_today = true;
	in.today = D("2026-11-22");
	d = compute_ok(&in);
	assert_null(sb_deadline_find_warning(d, "older-law"));
	assert_non_null(sb_deadline_find_warning(d, "decision-in-future"));
	sb_deadline_free(d);
}

static void test_computed_years_are_labelled(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;

	(void)state;
	/* The shipped data covers 2014-2028; a 2029 deadline uses computed holidays. */
	sb_deadline_input_init(&in);
	in.decision_date = D("2028-11-15");
	d = compute_ok(&in);
	assert_date(d->deadline, "2029-01-15");
	assert_non_null(sb_deadline_find_warning(d, "holidays-computed"));
	assert_non_null(strstr(sb_deadline_find_warning(d, "holidays-computed")->text,
			       "Bank holidays for 2029"));
	sb_deadline_free(d);

	in.decision_date = D("2026-03-02");
	d = compute_ok(&in);
	assert_null(sb_deadline_find_warning(d, "holidays-computed"));
	sb_deadline_free(d);
}

/* A user file with an extra proclaimed holiday (as 2022's State Funeral came
 * at nine days' notice) moves the deadline; the two sources disagree and the
 * earlier deadline wins, and the output says so. */
static void test_sources_disagree_earlier_wins(void **state)
{
	char *json = NULL;
	size_t len = 0;
	sb_calendar *user = NULL;
	sb_calendar *cals[2];
	sb_deadline_input in;
	sb_deadline *d = NULL;
	sb_error err;
	char *p;

	(void)state;
	assert_int_equal(sb_file_read(SB_DATA_DIR "/bank-holidays.json", 1 << 20, &json,
				      &len, &err),
			 SB_OK);
	/* Turn the 2026 summer bank holiday into an extra day on Tue 1 Sep 2026. */
	p = strstr(json, "\"2026-08-31\"");
	assert_non_null(p);
	memcpy(p, "\"2026-09-01\"", 12);
	assert_int_equal(sb_calendar_load_buffer(&user, json, len, "extra.json", &err), SB_OK);
	free(json);

	sb_deadline_input_init(&in);
	in.decision_date = D("2026-07-01"); /* raw end Tue 1 Sep 2026 */
	cals[0] = user;
	cals[1] = shipped;
	assert_int_equal(sb_deadline_compute(&in, cals, 2, &d, &err), SB_OK);
	assert_date(d->deadline, "2026-09-01");
	assert_string_equal(sb_deadline_find_warning(d, "holiday-sources-disagree")->text,
			    "The holiday data disagree (extra.json gives 2026-09-02; shipped gives "
			    "2026-09-01). The earliest date, from shipped, is the deadline.");
	assert_non_null(strstr(d->holidays_source, "shipped"));
	sb_deadline_free(d);

	/* Where they agree there is no warning. */
	in.decision_date = D("2026-03-02");
	assert_int_equal(sb_deadline_compute(&in, cals, 2, &d, &err), SB_OK);
	assert_null(sb_deadline_find_warning(d, "holiday-sources-disagree"));
	sb_deadline_free(d);
	sb_calendar_free(user);
}

static void test_appeal_type_names(void **state)
{
	sb_appeal_type t;
	sb_error err;
	int i;

	(void)state;
	for (i = 0; i < SB_APPEAL_TYPE_COUNT; i++) {
		assert_int_equal(sb_appeal_type_parse(sb_appeal_type_name((sb_appeal_type)i), &t,
						      &err),
				 SB_OK);
		assert_int_equal(t, i);
	}
	assert_int_equal(sb_appeal_type_parse("tribunal", &t, &err), SB_EINVAL);
	assert_string_equal(err.message, "unknown appeal type 'tribunal'");
	assert_null(sb_appeal_type_name(SB_APPEAL_TYPE_COUNT));
}

static void test_json_keys(void **state)
{
	sb_deadline_input in;
	sb_deadline *d;
	char *json = NULL;
	sb_error err;

	(void)state;
	sb_deadline_input_init(&in);
	in.decision_date = D("2025-10-31");
	d = compute_ok(&in);
	assert_int_equal(sb_deadline_to_json(d, &json, &err), SB_OK);
	assert_non_null(strstr(json, "\"deadline\": \"2026-01-02\""));
	assert_non_null(strstr(json, "\"deadline_time\": \"17:00\""));
	assert_non_null(strstr(json, "\"limb\": \"i\""));
	assert_non_null(strstr(json, "\"raw_end\": \"2025-12-31\""));
	assert_non_null(strstr(json, "\"alternative_deadline\": null"));
	assert_non_null(strstr(json, "\"days_left\": null"));
	assert_non_null(strstr(json, "\"rule\": \"HESC r.12(3)(a)\""));
	assert_int_equal(json[strlen(json) - 1], '\n');
	free(json);
	sb_deadline_free(d);
	assert_int_equal(sb_deadline_to_json(NULL, &json, &err), SB_EINVAL);
}

static void test_bad_input(void **state)
{
	sb_calendar *cals[1];
	sb_deadline_input in;
	sb_deadline *d = NULL;
	sb_error err;

	(void)state;
	cals[0] = shipped;
	sb_deadline_input_init(&in); /* decision date 0-0-0 */
	assert_int_equal(sb_deadline_compute(&in, cals, 1, &d, &err), SB_EINVAL);
	assert_int_equal(sb_deadline_compute(NULL, cals, 1, &d, &err), SB_EINVAL);
	in.decision_date = D("2026-01-01");
	assert_int_equal(sb_deadline_compute(&in, cals, 0, &d, &err), SB_EINVAL);
	in.decision_date.year = SB_DATE_MAX_YEAR;
	assert_int_equal(sb_deadline_compute(&in, cals, 1, &d, &err), SB_ERANGE);
	assert_null(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_examples),
		cmocka_unit_test(test_legal_rules_examples),
		cmocka_unit_test(test_issue_example_steps),
		cmocka_unit_test(test_roll_forward_names_the_holiday),
		cmocka_unit_test(test_alternative_reading),
		cmocka_unit_test(test_no_certificate_warning),
		cmocka_unit_test(test_certificate_after_limb_i),
		cmocka_unit_test(test_certificate_before_decision),
		cmocka_unit_test(test_disability_discrimination_refused),
		cmocka_unit_test(test_passed_and_today),
		cmocka_unit_test(test_sent_date),
		cmocka_unit_test(test_older_law_and_future),
		cmocka_unit_test(test_computed_years_are_labelled),
		cmocka_unit_test(test_sources_disagree_earlier_wins),
		cmocka_unit_test(test_appeal_type_names),
		cmocka_unit_test(test_json_keys),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
