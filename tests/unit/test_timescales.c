/*
 * Unit tests for sb_timescales: the local authority's dates after a request
 * for an EHC needs assessment (SEND Regulations 2014 reg 5(1): 6 weeks,
 * reg 10(1): 16 weeks, reg 13(2): 20 weeks).
 *
 * Why: these are calendar weeks with no HESC Rules r.12 adjustment (r.12
 * governs Tribunal acts, not the Regulations), so a date that lands on a bank
 * holiday or in August stays put. The dates are read from
 * tests/data/deadline/timescales.tsv (recomputed by tests/oracle); "overdue"
 * starts the day after the due date; the JSON is pinned byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include "sb_test.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMESCALES_TSV SB_TEST_DATA "/deadline/timescales.tsv"

static bool same_date(sb_date a, sb_date b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day;
}

static void compute(sb_date request, const sb_date *today, sb_timescales *t)
{
	sb_error err;

	sb_error_clear(&err);
	if (sb_timescales_compute(request, today, t, &err) != SB_OK)
		fail_msg("%04d-%02d-%02d: %s", request.year, request.month, request.day,
			 err.message);
}

/* The fixed part of every result: order, keys, regulations and weeks. */
static void test_table_of_duties(void **state)
{
	static const struct {
		const char *key, *regulation;
		int weeks;
	} want[SB_TIMESCALE_COUNT] = {
		{"decision_due", "SEND Regs 2014 reg 5(1)", 6},
		{"no_plan_due", "SEND Regs 2014 reg 10(1)", 16},
		{"final_plan_due", "SEND Regs 2014 reg 13(2)", 20},
	};
	sb_timescales t;
	int i;

	(void)state;
	compute((sb_date){2025, 1, 6}, NULL, &t);
	assert_true(same_date(t.request_date, (sb_date){2025, 1, 6}));
	assert_false(t.has_today);
	for (i = 0; i < SB_TIMESCALE_COUNT; i++) {
		assert_string_equal(t.items[i].key, want[i].key);
		assert_string_equal(t.items[i].regulation, want[i].regulation);
		assert_int_equal(t.items[i].weeks, want[i].weeks);
		assert_non_null(t.items[i].duty);
		assert_false(t.items[i].overdue);
	}
	assert_string_equal(t.items[2].duty, "issue the final EHC plan");
}

static void test_tsv_rows(void **state)
{
	sb_error err;
	char *text = NULL;
	char *line;
	size_t len = 0;
	int rows = 0;
	bool header = true;

	(void)state;
	sb_error_clear(&err);
	if (sb_file_read(TIMESCALES_TSV, 1 << 20, &text, &len, &err) != SB_OK)
		fail_msg("%s", err.message);
	line = text;
	while (line != NULL && *line != '\0') {
		char *nl = strchr(line, '\n');

		if (nl != NULL)
			*nl = '\0';
		if (header) {
			assert_string_equal(line, "request\tdecision_due\tno_plan_due\tfinal_plan_due");
			header = false;
		} else if (*line != '\0') {
			char f[4][16];
			sb_date request, due[SB_TIMESCALE_COUNT];
			sb_timescales t;
			int i;

			if (sscanf(line, "%15[^\t]\t%15[^\t]\t%15[^\t]\t%15s", f[0], f[1], f[2],
				   f[3]) != 4)
				fail_msg("bad row '%s'", line);
			assert_true(sb_test_parse_iso(f[0], &request));
			for (i = 0; i < SB_TIMESCALE_COUNT; i++)
				assert_true(sb_test_parse_iso(f[i + 1], &due[i]));
			compute(request, NULL, &t);
			for (i = 0; i < SB_TIMESCALE_COUNT; i++) {
				sb_date got = t.items[i].due;

				if (!same_date(got, due[i]))
					fail_msg("request %s: %s %04d-%02d-%02d, expected %s", f[0],
						 t.items[i].key, got.year, got.month, got.day,
						 f[i + 1]);
				/* Calendar weeks: exactly 7 x weeks days, whatever the day. */
				assert_int_equal(sb_date_diff_days(got, request),
						 7L * t.items[i].weeks);
			}
			rows++;
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	assert_int_equal(rows, 13);
	free(text);
}

static void test_overdue_flags(void **state)
{
	/* Overdue only AFTER the due date: the LA may still act on the day. */
	static const sb_date requests[] = {{2025, 1, 6}, {2023, 12, 20}, {2028, 11, 15}};
	size_t r;

	(void)state;
	for (r = 0; r < sizeof(requests) / sizeof(requests[0]); r++) {
		sb_timescales plain;
		int i;

		compute(requests[r], NULL, &plain);
		for (i = 0; i < SB_TIMESCALE_COUNT; i++) {
			static const struct {
				long offset;
				bool overdue;
			} days[] = {{-1, false}, {0, false}, {1, true}};
			sb_date due = plain.items[i].due;
			size_t k;

			for (k = 0; k < sizeof(days) / sizeof(days[0]); k++) {
				sb_date today = sb_date_add_days(due, days[k].offset);
				sb_timescales t;
				int j;

				compute(requests[r], &today, &t);
				assert_true(t.has_today);
				assert_true(same_date(t.today, today));
				for (j = 0; j < SB_TIMESCALE_COUNT; j++) {
					/* Each item against its own date: later ones are
					 * never overdue before earlier ones. */
					bool want = sb_date_compare(today, t.items[j].due) > 0;

					if (j == i)
						assert_int_equal(want, days[k].overdue);
					if (t.items[j].overdue != want)
						fail_msg("request %04d-%02d-%02d, today %04d-%02d-%02d: "
							 "%s overdue %d",
							 requests[r].year, requests[r].month,
							 requests[r].day, today.year, today.month,
							 today.day, t.items[j].key, t.items[j].overdue);
				}
			}
		}
	}
}

#define NOTE                                                                           \
	"Latest dates the local authority should have acted; the exceptions in SEND "  \
	"Regs 2014 reg 5(4), 10(4) and 13(3) can excuse delay. Calendar weeks, no "    \
	"adjustment for holidays."

static void test_json_exact(void **state)
{
	static const char want_today[] =
		"{\n"
		"  \"decision_due\": \"2025-02-17\",\n"
		"  \"final_plan_due\": \"2025-05-26\",\n"
		"  \"no_plan_due\": \"2025-04-28\",\n"
		"  \"note\": \"" NOTE "\",\n"
		"  \"request_date\": \"2025-01-06\",\n"
		"  \"timescales\": [\n"
		"    {\n"
		"      \"due\": \"2025-02-17\",\n"
		"      \"duty\": \"tell you whether it will carry out an EHC needs assessment\",\n"
		"      \"key\": \"decision_due\",\n"
		"      \"overdue\": true,\n"
		"      \"regulation\": \"SEND Regs 2014 reg 5(1)\",\n"
		"      \"weeks\": 6\n"
		"    },\n"
		"    {\n"
		"      \"due\": \"2025-04-28\",\n"
		"      \"duty\": \"tell you, after assessing, that it will not issue an EHC "
		"plan\",\n"
		"      \"key\": \"no_plan_due\",\n"
		"      \"overdue\": false,\n"
		"      \"regulation\": \"SEND Regs 2014 reg 10(1)\",\n"
		"      \"weeks\": 16\n"
		"    },\n"
		"    {\n"
		"      \"due\": \"2025-05-26\",\n"
		"      \"duty\": \"issue the final EHC plan\",\n"
		"      \"key\": \"final_plan_due\",\n"
		"      \"overdue\": false,\n"
		"      \"regulation\": \"SEND Regs 2014 reg 13(2)\",\n"
		"      \"weeks\": 20\n"
		"    }\n"
		"  ],\n"
		"  \"today\": \"2025-02-18\"\n"
		"}\n";
	sb_timescales t;
	sb_date today = {2025, 2, 18}; /* the day after the reg 5(1) date */
	char *json = NULL;
	sb_error err;

	(void)state;
	compute((sb_date){2025, 1, 6}, &today, &t);
	sb_error_clear(&err);
	assert_int_equal(sb_timescales_to_json(&t, &json, &err), SB_OK);
	assert_string_equal(json, want_today);
	free(json);

	/* Without today: "today" and every "overdue" are null, not false. */
	compute((sb_date){2025, 1, 6}, NULL, &t);
	json = NULL;
	assert_int_equal(sb_timescales_to_json(&t, &json, &err), SB_OK);
	assert_non_null(strstr(json, "  \"today\": null\n}\n"));
	assert_null(strstr(json, "\"overdue\": false"));
	assert_null(strstr(json, "\"overdue\": true"));
	{
		const char *p = json;
		int nulls = 0;

		while ((p = strstr(p, "\"overdue\": null,")) != NULL) {
			nulls++;
			p++;
		}
		assert_int_equal(nulls, 3);
	}
	free(json);
}

static void test_errors(void **state)
{
	sb_timescales t;
	sb_date bad_today = {2025, 2, 30};
	char *json = NULL;
	sb_error err;

	(void)state;
	sb_error_clear(&err);
	assert_int_equal(sb_timescales_compute((sb_date){2025, 2, 29}, NULL, &t, &err),
			 SB_ERANGE);
	assert_int_equal(err.code, SB_ERANGE);
	assert_string_equal(err.message, "the request date is outside the supported years");
	/* Requests in the last supported year are refused, so no due date can
	 * run past 2999-12-31. */
	assert_int_equal(sb_timescales_compute((sb_date){2999, 1, 1}, NULL, &t, &err),
			 SB_ERANGE);
	assert_int_equal(sb_timescales_compute((sb_date){1899, 12, 31}, NULL, &t, &err),
			 SB_ERANGE);
	assert_int_equal(sb_timescales_compute((sb_date){2998, 12, 31}, NULL, &t, &err),
			 SB_OK);
	assert_true(same_date(t.items[2].due, (sb_date){2999, 5, 20}));
	sb_error_clear(&err);
	assert_int_equal(sb_timescales_compute((sb_date){2025, 1, 6}, &bad_today, &t, &err),
			 SB_EINVAL);
	assert_string_equal(err.message, "today's date is not a real date");
	assert_int_equal(sb_timescales_compute((sb_date){2025, 1, 6}, NULL, NULL, &err),
			 SB_EINVAL);
	assert_int_equal(sb_timescales_to_json(NULL, &json, &err), SB_EINVAL);
	assert_null(json);
	compute((sb_date){2025, 1, 6}, NULL, &t);
	assert_int_equal(sb_timescales_to_json(&t, NULL, &err), SB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_of_duties),
		cmocka_unit_test(test_tsv_rows),
		cmocka_unit_test(test_overdue_flags),
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
