/*
 * Unit tests for sb_date: day numbers, month arithmetic and the parser.
 *
 * Why: every deadline starts with "letter date + 2 months" (HESC Rules
 * r.20(1)(c)) counted as the courts count months (Dodds v Walker [1981]
 * 1 WLR 1441, HL), and with a date a parent typed. So month arithmetic is
 * checked for every day 2000-2040 against an oracle written here that walks
 * the calendar one day at a time with its own month table (it never calls
 * sb_date_add_months or sb_date_from_days), and the parser is pinned by a
 * table of every form docs and users write, plus failures with their codes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ---- an independent calendar, for the oracles ---------------------------- */

static bool own_leap(int y)
{
	/* Gregorian: every 4th year, except centuries, except every 400th. */
	if (y % 400 == 0)
		return true;
	if (y % 100 == 0)
		return false;
	return y % 4 == 0;
}

static int own_days_in_month(int y, int m)
{
	/* Thirty days hath September, April, June and November... */
	static const int table[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && own_leap(y) ? 29 : table[m];
}

static sb_date own_next_day(sb_date d)
{
	if (d.day < own_days_in_month(d.year, d.month)) {
		d.day++;
	} else if (d.month < 12) {
		d.month++;
		d.day = 1;
	} else {
		d.year++;
		d.month = 1;
		d.day = 1;
	}
	return d;
}

static sb_date own_prev_day(sb_date d)
{
	if (d.day > 1) {
		d.day--;
	} else if (d.month > 1) {
		d.month--;
		d.day = own_days_in_month(d.year, d.month);
	} else {
		d.year--;
		d.month = 12;
		d.day = 31;
	}
	return d;
}

/*
 * Dodds v Walker by walking: step one day at a time from `start` (forwards for
 * n > 0, backwards for n < 0), counting each month boundary crossed. Once n
 * boundaries are behind us we are in the target month; stop at the
 * corresponding day, or at the month's last day when the month is too short
 * for it. Walking forwards we reach min(day, last) from day 1; walking
 * backwards we reach it from the last day. Either way the stop rule is the same.
 */
static sb_date oracle_add_months(sb_date start, int n)
{
	sb_date d = start;
	int crossed = 0;
	int step = n >= 0 ? 1 : -1;
	int want = n >= 0 ? n : -n;

	if (n == 0)
		return start;
	for (;;) {
		int month_before = d.month;
		int last;
		int target_day;

		d = step > 0 ? own_next_day(d) : own_prev_day(d);
		if (d.month != month_before)
			crossed++;
		if (crossed < want)
			continue;
		last = own_days_in_month(d.year, d.month);
		target_day = start.day < last ? start.day : last;
		if (d.day == target_day)
			return d;
	}
}

static bool same_date(sb_date a, sb_date b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day;
}

static void assert_date(sb_date got, int y, int m, int d)
{
	if (got.year != y || got.month != m || got.day != d)
		fail_msg("got %04d-%02d-%02d, expected %04d-%02d-%02d", got.year, got.month,
			 got.day, y, m, d);
}

/* ---- month arithmetic ---------------------------------------------------- */

static void test_add_months_worked_examples(void **state)
{
	/* Dodds v Walker and docs/legal-rules.md "Counting months". */
	static const struct {
		sb_date from;
		int n;
		sb_date want;
		const char *why;
	} cases[] = {
		{{2025, 7, 31}, 2, {2025, 9, 30}, "no 31 Sep: last day of the month"},
		{{2023, 12, 31}, 2, {2024, 2, 29}, "leap year: 29 Feb 2024 is the last day"},
		{{2024, 12, 31}, 2, {2025, 2, 28}, "common year: 28 Feb 2025"},
		{{2025, 2, 28}, 2, {2025, 4, 28}, "no snapping to month end: 28 Apr, not 30 Apr"},
		{{2024, 2, 29}, 2, {2024, 4, 29}, "29 Feb + 2 = 29 Apr"},
		{{2025, 11, 30}, 2, {2026, 1, 30}, "30 Nov + 2 = 30 Jan, not 31 Jan"},
		{{2025, 7, 15}, 2, {2025, 9, 15}, "August is not excluded from r.20 (r.12(3)(b))"},
		{{2025, 1, 14}, 2, {2025, 3, 14}, "legal-rules.md example 1"},
		{{2025, 10, 31}, 2, {2025, 12, 31}, "legal-rules.md example 2"},
		{{2025, 9, 30}, 2, {2025, 11, 30}, "legal-rules.md example 3"},
		{{2024, 11, 29}, 1, {2024, 12, 29}, "limb (ii): certificate + 1 month"},
		{{2025, 1, 31}, 1, {2025, 2, 28}, "31 Jan + 1 = 28 Feb"},
		{{2024, 1, 31}, 1, {2024, 2, 29}, "31 Jan 2024 + 1 = 29 Feb 2024"},
		{{2100, 1, 29}, 1, {2100, 2, 28}, "2100 is not a leap year"},
		{{2000, 1, 30}, 1, {2000, 2, 29}, "2000 is a leap year"},
		{{2025, 3, 31}, -1, {2025, 2, 28}, "backwards: 31 Mar - 1 = 28 Feb"},
		{{2025, 1, 15}, -1, {2024, 12, 15}, "backwards across a year"},
		{{2024, 2, 29}, 12, {2025, 2, 28}, "29 Feb + 12 months = 28 Feb"},
		{{2024, 2, 29}, 48, {2028, 2, 29}, "29 Feb + 4 years = 29 Feb"},
		{{2025, 12, 31}, 13, {2027, 1, 31}, "13 months"},
		{{2026, 5, 10}, 0, {2026, 5, 10}, "n = 0"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_date got = sb_date_add_months(cases[i].from, cases[i].n);

		if (!same_date(got, cases[i].want))
			fail_msg("%04d-%02d-%02d %+d months = %04d-%02d-%02d, expected "
				 "%04d-%02d-%02d (%s)",
				 cases[i].from.year, cases[i].from.month, cases[i].from.day,
				 cases[i].n, got.year, got.month, got.day, cases[i].want.year,
				 cases[i].want.month, cases[i].want.day, cases[i].why);
		/* The oracle must agree with the hand-worked table too. */
		assert_true(same_date(oracle_add_months(cases[i].from, cases[i].n),
				      cases[i].want));
	}
}

static void test_add_months_every_day_2000_2040(void **state)
{
	static const int ns[] = {1, 2, -1, -2, 12, 13, 0, 24};
	const size_t nn = sizeof(ns) / sizeof(ns[0]);
	sb_date d = {2000, 1, 1};
	long checked = 0;
	size_t k;

	(void)state;
	for (;;) {
		for (k = 0; k < nn; k++) {
			sb_date got = sb_date_add_months(d, ns[k]);
			sb_date want = oracle_add_months(d, ns[k]);

			if (!same_date(got, want))
				fail_msg("%04d-%02d-%02d %+d months = %04d-%02d-%02d, expected "
					 "%04d-%02d-%02d (Dodds v Walker)",
					 d.year, d.month, d.day, ns[k], got.year, got.month,
					 got.day, want.year, want.month, want.day);
			checked++;
		}
		if (d.year == 2040 && d.month == 12 && d.day == 31)
			break;
		d = own_next_day(d);
	}
	/* 41 years, 11 of them leap (2000, 2004, ..., 2040): 14976 days. */
	assert_int_equal(checked, 14976L * (long)nn);
}

/* ---- day numbers, weekdays, validity ------------------------------------- */

static void test_days_known_values(void **state)
{
	static const struct {
		sb_date d;
		long days;
		int weekday;
	} cases[] = {
		{{1970, 1, 1}, 0, 4},        /* the epoch was a Thursday */
		{{1969, 12, 31}, -1, 3},
		{{1900, 1, 1}, -25567, 1},   /* first supported day, a Monday */
		{{2000, 1, 1}, 10957, 6},
		{{2000, 2, 29}, 11016, 2},   /* a Tuesday */
		{{2026, 12, 3}, 20790, 4},   /* a Thursday */
		{{2026, 3, 15}, 20527, 7},   /* a Sunday (parser tests rely on it) */
		{{2999, 12, 31}, 376199, 2}, /* last supported day, a Tuesday */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_date back;

		assert_int_equal(sb_date_to_days(cases[i].d), cases[i].days);
		assert_int_equal(sb_date_weekday(cases[i].d), cases[i].weekday);
		back = sb_date_from_days(cases[i].days);
		assert_date(back, cases[i].d.year, cases[i].d.month, cases[i].d.day);
	}
}

static void test_days_round_trip_1900_2999(void **state)
{
	/* Every supported day: the day number goes up by exactly one, the weekday
	 * cycles, and from_days inverts to_days. */
	sb_date d = {SB_DATE_MIN_YEAR, 1, 1};
	long expect = -25567;
	int wday = 1;
	long count = 0;

	(void)state;
	for (;;) {
		long got = sb_date_to_days(d);
		sb_date back = sb_date_from_days(got);

		if (got != expect || !same_date(back, d) || sb_date_weekday(d) != wday)
			fail_msg("%04d-%02d-%02d: days %ld (expected %ld), back "
				 "%04d-%02d-%02d, weekday %d (expected %d)",
				 d.year, d.month, d.day, got, expect, back.year, back.month,
				 back.day, sb_date_weekday(d), wday);
		count++;
		if (d.year == SB_DATE_MAX_YEAR && d.month == 12 && d.day == 31)
			break;
		d = own_next_day(d);
		expect++;
		wday = wday % 7 + 1;
	}
	assert_int_equal(count, 401767);
	assert_int_equal(expect, 376199);
}

static void test_add_days_compare_diff(void **state)
{
	sb_date a = {2024, 2, 28};
	sb_date b = {2024, 3, 1};

	(void)state;
	assert_date(sb_date_add_days(a, 1), 2024, 2, 29);
	assert_date(sb_date_add_days(a, 2), 2024, 3, 1);
	assert_date(sb_date_add_days(b, -366), 2023, 3, 1);
	assert_date(sb_date_add_days((sb_date){2025, 12, 31}, 1), 2026, 1, 1);
	assert_int_equal(sb_date_diff_days(b, a), 2);
	assert_int_equal(sb_date_diff_days(a, b), -2);
	assert_int_equal(sb_date_compare(a, b), -1);
	assert_int_equal(sb_date_compare(b, a), 1);
	assert_int_equal(sb_date_compare(a, a), 0);
	assert_int_equal(sb_date_compare((sb_date){2024, 12, 1}, (sb_date){2025, 1, 1}), -1);
	assert_int_equal(sb_date_compare((sb_date){2025, 1, 2}, (sb_date){2025, 1, 1}), 1);
}

static void test_is_valid(void **state)
{
	static const struct {
		sb_date d;
		bool valid;
	} cases[] = {
		{{1900, 2, 29}, false}, /* 1900: century, not a leap year */
		{{2000, 2, 29}, true},  /* 2000: divisible by 400 */
		{{2024, 2, 29}, true},
		{{2025, 2, 29}, false},
		{{2100, 2, 29}, false},
		{{2026, 4, 31}, false},
		{{2026, 12, 31}, true},
		{{2026, 13, 1}, false},
		{{2026, 0, 10}, false},
		{{2026, 1, 0}, false},
		{{2026, 1, 32}, false},
		{{1900, 1, 1}, true},   /* SB_DATE_MIN_YEAR */
		{{1899, 12, 31}, false},
		{{2999, 12, 31}, true}, /* SB_DATE_MAX_YEAR */
		{{3000, 1, 1}, false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sb_date_is_valid(cases[i].d) != cases[i].valid)
			fail_msg("%04d-%02d-%02d: is_valid should be %s", cases[i].d.year,
				 cases[i].d.month, cases[i].d.day,
				 cases[i].valid ? "true" : "false");
	}
	assert_true(sb_date_is_leap_year(2000));
	assert_false(sb_date_is_leap_year(1900));
	assert_true(sb_date_is_leap_year(2024));
	assert_false(sb_date_is_leap_year(2025));
	assert_int_equal(sb_date_days_in_month(2024, 2), 29);
	assert_int_equal(sb_date_days_in_month(2025, 2), 28);
	assert_int_equal(sb_date_days_in_month(2025, 9), 30);
	assert_int_equal(sb_date_days_in_month(2025, 12), 31);
	assert_int_equal(sb_date_days_in_month(2025, 0), 0);
	assert_int_equal(sb_date_days_in_month(2025, 13), 0);
}

/* ---- formatting ---------------------------------------------------------- */

static void test_format(void **state)
{
	static const struct {
		sb_date d;
		const char *iso, *lng, *shrt;
	} cases[] = {
		{{2026, 12, 3}, "2026-12-03", "Thursday 3 December 2026", "Thu 3 Dec 2026"},
		{{2026, 9, 30}, "2026-09-30", "Wednesday 30 September 2026", "Wed 30 Sep 2026"},
		{{2000, 2, 29}, "2000-02-29", "Tuesday 29 February 2000", "Tue 29 Feb 2000"},
		{{1970, 1, 1}, "1970-01-01", "Thursday 1 January 1970", "Thu 1 Jan 1970"},
		{{2026, 3, 15}, "2026-03-15", "Sunday 15 March 2026", "Sun 15 Mar 2026"},
	};
	char buf[SB_DATE_LONG_LEN];
	char iso[SB_DATE_ISO_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_ptr_equal(sb_date_format_iso(cases[i].d, iso, sizeof(iso)), iso);
		assert_string_equal(iso, cases[i].iso);
		assert_ptr_equal(sb_date_format_long(cases[i].d, buf, sizeof(buf)), buf);
		assert_string_equal(buf, cases[i].lng);
		assert_ptr_equal(sb_date_format_short(cases[i].d, buf, sizeof(buf)), buf);
		assert_string_equal(buf, cases[i].shrt);
	}
	/* A short buffer truncates, NUL-terminated. */
	sb_date_format_iso((sb_date){2026, 12, 3}, iso, 5);
	assert_string_equal(iso, "2026");
	assert_string_equal(sb_date_month_name(1), "January");
	assert_string_equal(sb_date_month_name(12), "December");
	assert_string_equal(sb_date_month_name(0), "?");
	assert_string_equal(sb_date_month_name(13), "?");
	assert_string_equal(sb_date_weekday_name(1), "Monday");
	assert_string_equal(sb_date_weekday_name(7), "Sunday");
	assert_string_equal(sb_date_weekday_name(0), "?");
	assert_string_equal(sb_date_weekday_name(8), "?");
}

/* ---- parsing ------------------------------------------------------------- */

static void test_parse_accepts(void **state)
{
	/* date.h: the forms people in the UK type; numeric dates are day first,
	 * two-digit years are 2000-2099. 15 March 2026 is a Sunday. */
	static const struct {
		const char *text;
		int y, m, d;
	} cases[] = {
		{"2026-03-15", 2026, 3, 15},          /* ISO 8601 */
		{"2026-3-15", 2026, 3, 15},           /* ISO, year first, short month */
		{"2026/03/15", 2026, 3, 15},
		{"15/03/2026", 2026, 3, 15},
		{"15/3/2026", 2026, 3, 15},
		{"5/3/2026", 2026, 3, 5},
		{"15.3.26", 2026, 3, 15},
		{"15.03.2026", 2026, 3, 15},
		{"15-03-2026", 2026, 3, 15},
		{"15/03/26", 2026, 3, 15},
		{"01/01/00", 2000, 1, 1},
		{"31/12/99", 2099, 12, 31},
		{"15 March 2026", 2026, 3, 15},
		{"15th Mar 2026", 2026, 3, 15},
		{"15-Mar-26", 2026, 3, 15},
		{"15 Mar. 2026", 2026, 3, 15},
		{"Sunday 15 March 2026", 2026, 3, 15},
		{"Sun 15 Mar 2026", 2026, 3, 15},
		{"Sun. 15 Mar 2026", 2026, 3, 15},
		{"Sunday, 15 March 2026", 2026, 3, 15},
		{"March 15 2026", 2026, 3, 15},
		{"March 15th, 2026", 2026, 3, 15},
		{"15 March, 2026", 2026, 3, 15},
		{"15th of March 2026", 2026, 3, 15},
		{"15/03/2026.", 2026, 3, 15}, /* the end of a sentence */
		{"15 th March 2026", 2026, 3, 15},
		{"1st Sept 2026", 2026, 9, 1},
		{"2nd Sep 2026", 2026, 9, 2},
		{"3rd September 2026", 2026, 9, 3},
		{"22nd Jan 2026", 2026, 1, 22},
		{"Thurs 3 Dec 2026", 2026, 12, 3},
		{"Tues 1 Dec 2026", 2026, 12, 1},
		{"  15/03/2026  ", 2026, 3, 15},      /* surrounding spaces */
		{"\t15 March 2026\n", 2026, 3, 15},
		{"15 MARCH 2026", 2026, 3, 15},       /* any case */
		{"15 march 2026", 2026, 3, 15},
		{"SUNDAY 15 MAR 2026", 2026, 3, 15},
		{"sunday 15 march 2026", 2026, 3, 15},
		{"15TH MAR 2026", 2026, 3, 15},
		{"29/02/2024", 2024, 2, 29},          /* leap day */
		{"29 February 2000", 2000, 2, 29},
		{"1/1/1900", 1900, 1, 1},             /* SB_DATE_MIN_YEAR */
		{"31/12/2999", 2999, 12, 31},         /* SB_DATE_MAX_YEAR */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_error err;
		sb_date out = {0, 0, 0};
		int rc;

		sb_error_clear(&err);
		rc = sb_date_parse(cases[i].text, &out, &err);
		if (rc != SB_OK)
			fail_msg("'%s': rc %d: %s", cases[i].text, rc, err.message);
		if (out.year != cases[i].y || out.month != cases[i].m || out.day != cases[i].d)
			fail_msg("'%s' parsed as %04d-%02d-%02d, expected %04d-%02d-%02d",
				 cases[i].text, out.year, out.month, out.day, cases[i].y,
				 cases[i].m, cases[i].d);
	}
}

static void test_parse_rejects(void **state)
{
	static const struct {
		const char *text;
		int code;
		const char *message; /* a substring of err.message */
	} cases[] = {
		/* Impossible dates say why (the month's real length). */
		{"31/02/2026", SB_EINVAL, "'31/02/2026' is not a real date: February 2026 has 28 days"},
		{"29/02/2025", SB_EINVAL, "February 2025 has 28 days"},
		{"29 Feb 1900", SB_EINVAL, "February 1900 has 28 days"},
		{"31 April 2026", SB_EINVAL, "April 2026 has 30 days"},
		{"0/01/2026", SB_EINVAL, "January 2026 has 31 days"},
		{"2026-02-30", SB_EINVAL, "February 2026 has 28 days"},
		/* Day first, always: a US-style date has no month 15. */
		{"03/15/2026", SB_EINVAL, "there is no month 15"},
		{"15/00/2026", SB_EINVAL, "there is no month 0"},
		/* Missing parts. */
		{"15/03", SB_EINVAL, "it needs a day, a month and a year"},
		{"March 2026", SB_EINVAL, "it needs a day, a month and a year"},
		{"", SB_EINVAL, "it needs a day, a month and a year"},
		{"   ", SB_EINVAL, "it needs a day, a month and a year"},
		{"Sunday", SB_EINVAL, "it needs a day, a month and a year"},
		{"15 March 2026 2027", SB_EINVAL, "more than a day, a month and a year"},
		/* Words and stray characters. */
		{"tomorrow", SB_EINVAL, "'tomorrow' is not a date I can read: a word is not a "
					"month or day name"},
		{"15 Marchh 2026", SB_EINVAL, "a word is not a month or day name"},
		{"15/03/2026x", SB_EINVAL, "letters are stuck to a number"},
		{"15xx March 2026", SB_EINVAL, "letters are stuck to a number"},
		{"15//03/2026", SB_EINVAL, "a separator is out of place"},
		{"15/03/2026/", SB_EINVAL, "it ends with a separator"},
		{"2026-03-15-", SB_EINVAL, "it ends with a separator"},
		{"st 15 March 2026", SB_EINVAL, "a word is not a month or day name"},
		{"of 15 March 2026", SB_EINVAL, "a word is not a month or day name"},
		{"/15/03/2026", SB_EINVAL, "a separator is out of place"},
		{"15/03/2026?", SB_EINVAL, "a character that is not part of a date"},
		{"15 March 2026 Sunday", SB_EINVAL, "more than a day, a month and a year"},
		{"March March 2026", SB_EINVAL, "expected a day, a month and a year"},
		/* The weekday must agree with the date: 15 March 2026 is a Sunday. */
		{"Monday 15 March 2026", SB_EINVAL, "15 March 2026 is a Sunday, not a Monday"},
		{"Sat 15/03/2026", SB_EINVAL, "15 March 2026 is a Sunday, not a Saturday"},
		/* Digits. */
		{"15.03.202", SB_EINVAL, "the year must have 2 or 4 digits"},
		{"15/03/2", SB_EINVAL, "the year must have 2 or 4 digits"},
		{"15/03/20266", SB_EINVAL, "a number is too long"},
		{"150/03/2026", SB_EINVAL, "day and month have 1 or 2 digits"},
		{"150 March 2026", SB_EINVAL, "the day has 1 or 2 digits"},
		/* Supported years. */
		{"1/1/1899", SB_ERANGE, "the year 1899 is outside 1900-2999"},
		{"1 January 3000", SB_ERANGE, "the year 3000 is outside 1900-2999"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_error err;
		sb_date out = {0, 0, 0};
		int rc;

		sb_error_clear(&err);
		rc = sb_date_parse(cases[i].text, &out, &err);
		if (rc != cases[i].code || err.code != cases[i].code)
			fail_msg("'%s': rc %d, err.code %d, expected %d (message: %s)",
				 cases[i].text, rc, err.code, cases[i].code, err.message);
		if (strstr(err.message, cases[i].message) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", cases[i].text, err.message,
				 cases[i].message);
	}
}

static void test_parse_too_long_and_null(void **state)
{
	char text[201];
	sb_error err;
	sb_date out = {0, 0, 0};

	(void)state;
	/* 200 characters: longer than any date, refused before tokenising. */
	memset(text, '1', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(strlen(text), 200);
	sb_error_clear(&err);
	assert_int_equal(sb_date_parse(text, &out, &err), SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);
	assert_non_null(strstr(err.message, "it is longer than any date"));
	/* The input is not echoed back whole. */
	assert_null(strstr(err.message, "1111111111"));

	sb_error_clear(&err);
	assert_int_equal(sb_date_parse(NULL, &out, &err), SB_EINVAL);
	assert_string_equal(err.message, "no date given");
	assert_int_equal(sb_date_parse("15/03/2026", NULL, &err), SB_EINVAL);
	/* err may be NULL. */
	assert_int_equal(sb_date_parse("31/02/2026", &out, NULL), SB_EINVAL);
}

static void test_parse_every_day_round_trips(void **state)
{
	/* Whatever the formatters write, the parser reads back (2000-2040). */
	sb_date d = {2000, 1, 1};
	char iso[SB_DATE_ISO_LEN];
	char lng[SB_DATE_LONG_LEN];
	char shrt[SB_DATE_LONG_LEN];
	char uk[32];

	(void)state;
	for (;;) {
		const char *forms[4];
		size_t k;

		forms[0] = sb_date_format_iso(d, iso, sizeof(iso));
		forms[1] = sb_date_format_long(d, lng, sizeof(lng));
		forms[2] = sb_date_format_short(d, shrt, sizeof(shrt));
		snprintf(uk, sizeof(uk), "%d/%d/%02d", d.day, d.month, d.year % 100);
		forms[3] = uk;
		for (k = 0; k < 4; k++) {
			sb_error err;
			sb_date out = {0, 0, 0};

			if (sb_date_parse(forms[k], &out, &err) != SB_OK || !same_date(out, d))
				fail_msg("'%s' did not parse back to %04d-%02d-%02d", forms[k],
					 d.year, d.month, d.day);
		}
		if (d.year == 2040 && d.month == 12 && d.day == 31)
			break;
		d = own_next_day(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_months_worked_examples),
		cmocka_unit_test(test_add_months_every_day_2000_2040),
		cmocka_unit_test(test_days_known_values),
		cmocka_unit_test(test_days_round_trip_1900_2999),
		cmocka_unit_test(test_add_days_compare_diff),
		cmocka_unit_test(test_is_valid),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_too_long_and_null),
		cmocka_unit_test(test_parse_every_day_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
