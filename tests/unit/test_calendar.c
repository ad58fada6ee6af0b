/*
 * Unit tests for sb_calendar and sb_holiday_rules: England and Wales working
 * days, the statutory holiday rules, the GOV.UK file loader and the Tribunal's
 * SEN day count.
 *
 * Why: one wrong holiday moves a deadline by a day, and a late appeal needs
 * the Tribunal's permission. So the rules are checked against the shipped
 * GOV.UK data for every year it covers (dates, titles and notes, both ways,
 * read from the file by a scanner written here, not by the loader), the
 * one-off proclamations are pinned, the "working day" definition of HESC
 * Rules r.1(1) is checked against a file that tries to leave Christmas Day and
 * Good Friday out, and the r.12(3)(b) day count is checked against
 * tests/data/deadline/workdays.tsv (recomputed by tests/oracle).
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

#define SHIPPED_FILE SB_DATA_DIR "/bank-holidays.json"
#define WORKDAYS_TSV SB_TEST_DATA "/deadline/workdays.tsv"
#define RSQUO "\xE2\x80\x99" /* GOV.UK writes "New Year’s Day" with U+2019 */

static bool same_date(sb_date a, sb_date b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day;
}

static sb_date next_day(sb_date d)
{
	return sb_date_add_days(d, 1);
}

static sb_calendar *load_shipped(void)
{
	sb_calendar *cal = NULL;
	sb_error err;
	int rc;

	sb_error_clear(&err);
	rc = sb_calendar_load(&cal, SHIPPED_FILE, NULL, &err);
	if (rc != SB_OK)
		fail_msg("cannot load %s: %s", SHIPPED_FILE, err.message);
	assert_non_null(cal);
	return cal;
}

/* ---- a scanner for GOV.UK's file, independent of the loader --------------- */

#define STR_MAX 256

struct file_event {
	sb_date date;
	char title[STR_MAX];
	char notes[STR_MAX];
};

#define FILE_EVENTS_MAX 400

/* Copy the JSON string at p (at its opening quote) into out, decoding the
 * escapes JSON allows (\uXXXX in the Basic Multilingual Plane only). Returns
 * the character after the closing quote, or NULL. */
static const char *scan_string(const char *p, char *out, size_t size)
{
	size_t n = 0;

	p++;
	while (*p != '"') {
		unsigned long cp;

		if (*p == '\0' || n + 4 >= size)
			return NULL;
		if (*p != '\\') {
			out[n++] = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case 'u':
			if (sscanf(p + 1, "%4lx", &cp) != 1)
				return NULL;
			if (cp < 0x80) {
				out[n++] = (char)cp;
			} else if (cp < 0x800) {
				out[n++] = (char)(0xC0 | (cp >> 6));
				out[n++] = (char)(0x80 | (cp & 0x3F));
			} else {
				out[n++] = (char)(0xE0 | (cp >> 12));
				out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				out[n++] = (char)(0x80 | (cp & 0x3F));
			}
			p += 5;
			continue;
		case 'n':
			out[n++] = '\n';
			break;
		case 't':
			out[n++] = '\t';
			break;
		default: /* \" \\ \/ */
			out[n++] = *p;
			break;
		}
		p++;
	}
	out[n] = '\0';
	return p + 1;
}

/* The england-and-wales events of a GOV.UK-format file: root object (depth 1)
 * -> division object (2) -> "events" array (3) -> event objects (4). */
static size_t scan_events(const char *text, struct file_event *ev, size_t max)
{
	char division[STR_MAX] = "";
	char key[STR_MAX] = "";
	struct file_event cur;
	const char *p = text;
	size_t n = 0;
	int depth = 0;

	memset(&cur, 0, sizeof(cur));
	while (*p != '\0') {
		if (*p == '"') {
			char s[STR_MAX];

			p = scan_string(p, s, sizeof(s));
			assert_non_null(p);
			while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
				p++;
			if (*p == ':') {
				snprintf(key, sizeof(key), "%s", s);
				if (depth == 1)
					snprintf(division, sizeof(division), "%s", s);
				p++;
			} else if (depth == 4 && strcmp(division, "england-and-wales") == 0) {
				if (strcmp(key, "title") == 0)
					snprintf(cur.title, sizeof(cur.title), "%s", s);
				else if (strcmp(key, "notes") == 0)
					snprintf(cur.notes, sizeof(cur.notes), "%s", s);
				else if (strcmp(key, "date") == 0 && !sb_test_parse_iso(s, &cur.date))
					fail_msg("file has date '%s'", s);
			}
			continue;
		}
		if (*p == '{' || *p == '[') {
			depth++;
			if (depth == 4)
				memset(&cur, 0, sizeof(cur));
		} else if (*p == '}' || *p == ']') {
			if (depth == 4 && *p == '}' && strcmp(division, "england-and-wales") == 0) {
				assert_true(n < max);
				ev[n++] = cur;
			}
			depth--;
		}
		p++;
	}
	assert_int_equal(depth, 0);
	return n;
}

/* ---- Easter and the statutory rules --------------------------------------- */

static void test_easter_sunday(void **state)
{
	/* Anonymous Gregorian algorithm; dates as published. */
	static const struct {
		int year;
		sb_date easter;
	} cases[] = {
		{2024, {2024, 3, 31}}, {2025, {2025, 4, 20}}, {2026, {2026, 4, 5}},
		{2027, {2027, 3, 28}}, {2038, {2038, 4, 25}}, /* the latest possible */
		{2285, {2285, 3, 22}},                        /* the earliest possible */
		{2011, {2011, 4, 24}}, {2019, {2019, 4, 21}}, {2000, {2000, 4, 23}},
		{1900, {1900, 4, 15}}, {2999, {2999, 3, 24}},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_date got = sb_easter_sunday(cases[i].year);

		if (!same_date(got, cases[i].easter))
			fail_msg("Easter %d: got %04d-%02d-%02d", cases[i].year, got.year,
				 got.month, got.day);
		assert_int_equal(sb_date_weekday(got), 7);
	}
}

/* Is d in the rules' list for its year? Sets *title when it is. */
static bool in_rules(sb_date d, const char **title)
{
	sb_holiday h[SB_HOLIDAYS_PER_YEAR_MAX];
	size_t n = sb_holiday_rules(d.year, h, SB_HOLIDAYS_PER_YEAR_MAX);
	size_t i;

	assert_true(n <= SB_HOLIDAYS_PER_YEAR_MAX);
	for (i = 0; i < n; i++) {
		if (same_date(h[i].date, d)) {
			*title = h[i].title;
			return true;
		}
	}
	return false;
}

static void test_rules_match_shipped_file(void **state)
{
	/* The shipped data is GOV.UK's for 2019-2027 (bank-holidays.source.json):
	 * the rules must reproduce every event, title and note, and nothing more. */
	static struct file_event ev[FILE_EVENTS_MAX];
	sb_calendar *cal = load_shipped();
	char *text = NULL;
	size_t len = 0, nev, i;
	sb_error err;
	int year;
	size_t total = 0;

	(void)state;
	assert_int_equal(sb_file_read(SHIPPED_FILE, SB_HOLIDAY_FILE_MAX, &text, &len, &err), 0);
	nev = scan_events(text, ev, FILE_EVENTS_MAX);
	assert_int_equal(nev, 123); /* 15 years x 8, plus 2022's 2 extras and 2023's 1 */

	for (year = 2014; year <= 2028; year++) {
		sb_holiday h[SB_HOLIDAYS_PER_YEAR_MAX];
		size_t n = sb_holiday_rules(year, h, SB_HOLIDAYS_PER_YEAR_MAX);
		size_t in_file = 0;
		sb_date d = {year, 1, 1};

		/* File -> rules: every event of the year is in the rules, same words. */
		for (i = 0; i < nev; i++) {
			size_t k;
			bool found = false;

			if (ev[i].date.year != year)
				continue;
			in_file++;
			for (k = 0; k < n && k < SB_HOLIDAYS_PER_YEAR_MAX; k++) {
				if (!same_date(h[k].date, ev[i].date))
					continue;
				found = true;
				if (strcmp(h[k].title, ev[i].title) != 0 ||
				    strcmp(h[k].notes, ev[i].notes) != 0)
					fail_msg("%04d-%02d-%02d: rules say '%s' / '%s', file says "
						 "'%s' / '%s'",
						 year, ev[i].date.month, ev[i].date.day, h[k].title,
						 h[k].notes, ev[i].title, ev[i].notes);
			}
			if (!found)
				fail_msg("%04d-%02d-%02d '%s' is in the file but not the rules",
					 year, ev[i].date.month, ev[i].date.day, ev[i].title);
		}
		/* Rules -> file: the same number, so nothing is missing either way. */
		if (n != in_file)
			fail_msg("%d: rules give %zu holidays, the file %zu", year, n, in_file);
		/* The rules list is in date order with no duplicates. */
		for (i = 1; i < n; i++)
			assert_true(sb_date_compare(h[i - 1].date, h[i].date) < 0);
		total += in_file;

		/* Through the loaded calendar, every day of the year: a holiday exactly
		 * when the rules say so, with the rules' title. Christmas Day is always
		 * a holiday (r.1(1)), even on a weekend when the bank holiday moves. */
		assert_true(sb_calendar_year_is_proclaimed(cal, year));
		while (d.year == year) {
			const char *cal_title = NULL;
			const char *rule_title = NULL;
			bool cal_h = sb_calendar_is_holiday(cal, d, &cal_title);
			bool rule_h = in_rules(d, &rule_title);

			if (d.month == 12 && d.day == 25) {
				assert_true(cal_h);
				assert_string_equal(cal_title, "Christmas Day");
			} else if (cal_h != rule_h) {
				fail_msg("%04d-%02d-%02d: calendar %d, rules %d", d.year, d.month,
					 d.day, cal_h, rule_h);
			} else if (cal_h) {
				assert_string_equal(cal_title, rule_title);
			}
			d = next_day(d);
		}
	}
	assert_int_equal(total, nev);
	free(text);
	sb_calendar_free(cal);
}

static void test_rules_counts_and_max(void **state)
{
	static const struct {
		int year;
		size_t count;
	} cases[] = {
		{2011, 9},  /* + Royal wedding */
		{2012, 9},  /* spring moved to 4 Jun, + Diamond Jubilee 5 Jun */
		{2019, 8},
		{2020, 8},  /* early May moved to 8 May: moved, not extra */
		{2022, 10}, /* spring moved, + Platinum Jubilee, + State Funeral */
		{2023, 9},  /* + Coronation */
		{2029, 8},
	};
	sb_holiday h[3];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_holiday all[SB_HOLIDAYS_PER_YEAR_MAX];

		assert_int_equal(sb_holiday_rules(cases[i].year, all, SB_HOLIDAYS_PER_YEAR_MAX),
				 cases[i].count);
	}
	/* With a short array it writes at most max and still returns the count. */
	memset(h, 0, sizeof(h));
	assert_int_equal(sb_holiday_rules(2022, h, 2), 10);
	assert_true(same_date(h[0].date, (sb_date){2022, 1, 3}));
	assert_string_equal(h[0].notes, "Substitute day");
	assert_true(same_date(h[1].date, (sb_date){2022, 4, 15}));
	assert_int_equal(h[2].date.year, 0);
	assert_null(h[2].title);
	assert_int_equal(sb_holiday_rules(2022, NULL, 0), 10);
}

/* ---- one-off proclamations and rules-only years ---------------------------- */

static void test_one_offs_rules_only(void **state)
{
	/* docs/legal-rules.md "One-off changes", in a calendar with no file. */
	static const struct {
		sb_date d;
		bool holiday;
		const char *title; /* when a holiday */
	} cases[] = {
		{{2011, 4, 29}, true, "Royal wedding"},
		{{2011, 5, 2}, true, "Early May bank holiday"},
		{{2011, 5, 30}, true, "Spring bank holiday"},
		{{2012, 5, 28}, false, NULL}, /* last Monday in May, moved away */
		{{2012, 6, 4}, true, "Spring bank holiday"},
		{{2012, 6, 5}, true, "Queen" RSQUO "s Diamond Jubilee"},
		{{2020, 5, 4}, false, NULL}, /* first Monday in May 2020: a WORKING day */
		{{2020, 5, 8}, true, "Early May bank holiday (VE day)"},
		{{2022, 5, 30}, false, NULL}, /* last Monday in May 2022, moved away */
		{{2022, 6, 2}, true, "Spring bank holiday"},
		{{2022, 6, 3}, true, "Platinum Jubilee bank holiday"},
		{{2022, 9, 19}, true, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
		{{2023, 5, 1}, true, "Early May bank holiday"},
		{{2023, 5, 8}, true, "Bank holiday for the coronation of King Charles III"},
		/* Rules-only years beyond the data (Banking and Financial Dealings Act
		 * 1971 Sch. 1, with weekday substitutes). */
		{{2029, 1, 1}, true, "New Year" RSQUO "s Day"},
		{{2029, 3, 30}, true, "Good Friday"},
		{{2029, 4, 2}, true, "Easter Monday"},
		{{2029, 5, 7}, true, "Early May bank holiday"},
		{{2029, 5, 28}, true, "Spring bank holiday"},
		{{2029, 8, 27}, true, "Summer bank holiday"},
		{{2029, 12, 25}, true, "Christmas Day"},
		{{2029, 12, 26}, true, "Boxing Day"},
		{{2029, 12, 27}, false, NULL},
		{{2032, 12, 27}, true, "Christmas Day"}, /* 25 Dec 2032 a Saturday */
		{{2032, 12, 28}, true, "Boxing Day"},
		{{2033, 1, 3}, true, "New Year" RSQUO "s Day"}, /* 1 Jan 2033 a Saturday */
		{{2033, 12, 26}, true, "Boxing Day"}, /* 25 Dec 2033 a Sunday */
		{{2033, 12, 27}, true, "Christmas Day"},
		{{2033, 12, 25}, true, "Christmas Day"}, /* Christmas Day itself, r.1(1) */
	};
	sb_calendar *cal = NULL;
	sb_error err;
	size_t i;

	(void)state;
	assert_int_equal(sb_calendar_new(&cal, &err), SB_OK);
	assert_non_null(cal);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *title = NULL;
		sb_date d = cases[i].d;

		if (sb_calendar_is_holiday(cal, d, &title) != cases[i].holiday)
			fail_msg("%04d-%02d-%02d: is_holiday should be %d", d.year, d.month,
				 d.day, cases[i].holiday);
		if (cases[i].holiday)
			assert_string_equal(title, cases[i].title);
		/* All these are Monday-Friday apart from Christmas Day 2033. */
		if (sb_date_weekday(d) <= 5)
			assert_int_equal(sb_calendar_is_working_day(cal, d), !cases[i].holiday);
	}
	sb_calendar_free(cal);
}

static void test_one_offs_shipped(void **state)
{
	sb_calendar *cal = load_shipped();

	(void)state;
	assert_true(sb_calendar_is_working_day(cal, (sb_date){2020, 5, 4}));
	assert_false(sb_calendar_is_working_day(cal, (sb_date){2020, 5, 8}));
	assert_false(sb_calendar_is_working_day(cal, (sb_date){2022, 6, 2}));
	assert_false(sb_calendar_is_working_day(cal, (sb_date){2022, 6, 3}));
	assert_true(sb_calendar_is_working_day(cal, (sb_date){2022, 5, 30}));
	assert_false(sb_calendar_is_working_day(cal, (sb_date){2022, 9, 19}));
	assert_false(sb_calendar_is_working_day(cal, (sb_date){2023, 5, 8}));
	sb_calendar_free(cal);
}

/* ---- working days with a file that tries to omit the common-law days ------ */

#define EV(date, title, notes) \
	"{\"title\": \"" title "\", \"date\": \"" date "\", \"notes\": \"" notes \
	"\", \"bunting\": true}"

/* Eight 2026 events (the loader wants at least 8 a year) WITHOUT Christmas Day
 * (Fri 25 Dec), Good Friday (3 Apr) and New Year's Day (Thu 1 Jan), three of
 * them made up so that the test can see the file is used. */
#define EVENTS_2026                                                              \
	EV("2026-02-02", "Test day zero", "") ","                                \
	EV("2026-04-06", "Easter Monday", "") ","                                \
	EV("2026-05-04", "Early May bank holiday", "") ","                       \
	EV("2026-05-25", "Spring bank holiday", "") ","                          \
	EV("2026-07-01", "Test day one", "") ","                                 \
	EV("2026-08-31", "Summer bank holiday", "") ","                          \
	EV("2026-10-01", "Test day two", "") ","                                 \
	EV("2026-12-28", "Boxing Day", "Substitute day")

static const char minimal_2026[] =
	"{\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": ["
	EVENTS_2026 "]},\n"
	/* Scottish holidays: working days for the SEND Tribunal (r.1(1)). Only
	 * three, so the loader would refuse them if it read this division. */
	"\"scotland\": {\"division\": \"scotland\", \"events\": ["
	EV("2026-01-02", "2nd January", "") ","
	EV("2026-08-03", "Summer bank holiday", "") ","
	EV("2026-11-30", "St Andrew" RSQUO "s Day", "") "]}}";

static void test_working_days_minimal_file(void **state)
{
	static const struct {
		sb_date d;
		bool working;
		const char *title; /* holiday title, or NULL */
		const char *why;
	} cases[] = {
		{{2026, 12, 25}, false, "Christmas Day", "r.1(1): Christmas Day, even if omitted"},
		{{2026, 4, 3}, false, "Good Friday", "r.1(1): Good Friday, even if omitted"},
		{{2026, 4, 6}, false, "Easter Monday", "from the file"},
		{{2026, 12, 28}, false, "Boxing Day", "from the file"},
		{{2026, 7, 1}, false, "Test day one", "the file, not the rules, for 2026"},
		{{2026, 10, 1}, false, "Test day two", "the file, not the rules, for 2026"},
		{{2026, 12, 26}, false, NULL, "a Saturday"},
		{{2026, 12, 27}, false, NULL, "a Sunday"},
		{{2026, 3, 14}, false, NULL, "a Saturday"},
		{{2026, 3, 15}, false, NULL, "a Sunday"},
		{{2026, 1, 2}, true, NULL, "Scotland's 2nd January is a working day"},
		{{2026, 8, 3}, true, NULL, "Scotland's summer holiday is a working day"},
		{{2026, 11, 30}, true, NULL, "St Andrew's Day is a working day"},
		{{2026, 12, 24}, true, NULL, "Christmas Eve is a working day"},
		{{2026, 3, 16}, true, NULL, "an ordinary Monday"},
		{{2026, 1, 1}, true, NULL, "left out of the file: the file wins for 2026"},
		{{2026, 2, 2}, false, "Test day zero", "the file, not the rules, for 2026"},
		/* 2025 is not in the file: the rules apply. */
		{{2025, 5, 5}, false, "Early May bank holiday", "rules for 2025"},
		{{2025, 4, 18}, false, "Good Friday", "rules for 2025"},
		{{2025, 7, 1}, true, NULL, "rules for 2025: no test day"},
	};
	sb_calendar *cal = NULL;
	sb_error err;
	int first = -1, last = -1;
	size_t i;

	(void)state;
	sb_error_clear(&err);
	if (sb_calendar_load_buffer(&cal, minimal_2026, strlen(minimal_2026), "mini.json",
				    &err) != SB_OK)
		fail_msg("minimal file refused: %s", err.message);
	assert_string_equal(sb_calendar_source(cal), "mini.json");
	sb_calendar_coverage(cal, &first, &last);
	assert_int_equal(first, 2026);
	assert_int_equal(last, 2026);
	assert_true(sb_calendar_year_is_proclaimed(cal, 2026));
	assert_false(sb_calendar_year_is_proclaimed(cal, 2025));
	assert_false(sb_calendar_year_is_proclaimed(cal, 2027));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *title = NULL;
		sb_date d = cases[i].d;
		bool hol = sb_calendar_is_holiday(cal, d, &title);

		if (sb_calendar_is_working_day(cal, d) != cases[i].working)
			fail_msg("%04d-%02d-%02d: working should be %d (%s)", d.year, d.month,
				 d.day, cases[i].working, cases[i].why);
		assert_int_equal(hol, cases[i].title != NULL);
		if (cases[i].title != NULL)
			assert_string_equal(title, cases[i].title);
	}
	/* HESC r.12(3)(b): 25 Dec-1 Jan never count, whatever the file says. */
	assert_false(sb_calendar_is_tribunal_day(cal, (sb_date){2026, 1, 1}));
	assert_false(sb_calendar_is_tribunal_day(cal, (sb_date){2026, 12, 29}));
	assert_true(sb_calendar_is_tribunal_day(cal, (sb_date){2026, 1, 2}));
	assert_true(sb_calendar_is_tribunal_day(cal, (sb_date){2026, 12, 24}));
	/* First working day on or after: Christmas Day 2026 (Fri) -> Tue 29 Dec. */
	assert_true(same_date(sb_calendar_working_day_on_or_after(cal, (sb_date){2026, 12, 25}),
			      (sb_date){2026, 12, 29}));
	/* Good Friday 3 Apr 2026 -> Tue 7 Apr (Easter Monday 6 Apr). */
	assert_true(same_date(sb_calendar_working_day_on_or_after(cal, (sb_date){2026, 4, 3}),
			      (sb_date){2026, 4, 7}));
	assert_true(same_date(sb_calendar_working_day_on_or_after(cal, (sb_date){2026, 3, 16}),
			      (sb_date){2026, 3, 16}));
	sb_calendar_free(cal);
}

static void test_proclaimed_and_coverage(void **state)
{
	sb_calendar *cal = load_shipped();
	sb_calendar *rules = NULL;
	sb_error err;
	const char *title = NULL;
	int first = -1, last = -1;
	int y;

	(void)state;
	sb_calendar_coverage(cal, &first, &last);
	assert_int_equal(first, 2014);
	assert_int_equal(last, 2028);
	for (y = 2014; y <= 2028; y++)
		assert_true(sb_calendar_year_is_proclaimed(cal, y));
	assert_false(sb_calendar_year_is_proclaimed(cal, 2013));
	assert_false(sb_calendar_year_is_proclaimed(cal, 2029));
	assert_false(sb_calendar_year_is_proclaimed(cal, 1899));
	assert_false(sb_calendar_year_is_proclaimed(cal, 3000));
	/* sb_calendar_load with no label names the data by its path. */
	assert_string_equal(sb_calendar_source(cal), SHIPPED_FILE);

	/* Years outside the file fall back to the rules. */
	assert_true(sb_calendar_is_holiday(cal, (sb_date){2029, 5, 7}, &title));
	assert_string_equal(title, "Early May bank holiday");
	assert_true(sb_calendar_is_holiday(cal, (sb_date){2013, 5, 6}, &title));
	assert_string_equal(title, "Early May bank holiday");
	assert_true(sb_calendar_is_holiday(cal, (sb_date){2013, 5, 27}, &title));
	assert_string_equal(title, "Spring bank holiday");
	assert_true(sb_calendar_is_working_day(cal, (sb_date){2029, 5, 8}));
	/* NULL title is allowed. */
	assert_true(sb_calendar_is_holiday(cal, (sb_date){2029, 8, 27}, NULL));

	assert_int_equal(sb_calendar_new(&rules, &err), SB_OK);
	sb_calendar_coverage(rules, &first, &last);
	assert_int_equal(first, 0);
	assert_int_equal(last, 0);
	assert_false(sb_calendar_year_is_proclaimed(rules, 2026));
	assert_string_equal(sb_calendar_source(rules), "statutory rules");
	sb_calendar_free(rules);
	sb_calendar_free(cal);
	sb_calendar_free(NULL); /* like free(NULL) */
}

/* ---- the loader's errors ----------------------------------------------------- */

static void test_loader_errors(void **state)
{
	static const struct {
		const char *name;
		const char *data;
		int code;
		const char *msg1, *msg2; /* substrings of err.message */
	} cases[] = {
		{"malformed JSON",
		 "{\n  \"england-and-wales\": {\n    \"events\": [,]\n  }\n}", SB_EPARSE,
		 "'bad.json' is not valid JSON: line 3, column 16: ", "near ','"},
		{"truncated JSON", "{\"england-and-wales\": {\"events\": [", SB_EPARSE,
		 "'bad.json' is not valid JSON: line 1, column 34", "end of file"},
		{"empty buffer", "", SB_EPARSE, "'bad.json' is not valid JSON: line 1, column 0",
		 "'[' or '{' expected"},
		{"text after the object", "{\"england-and-wales\": {}} x", SB_EPARSE,
		 "'bad.json' is not valid JSON: line 1, column 27", "end of file expected"},
		{"duplicate keys (JSON_REJECT_DUPLICATES)",
		 "{\"england-and-wales\": {\"events\": []},\n"
		 " \"england-and-wales\": {\"events\": []}}",
		 SB_EPARSE, "'bad.json' is not valid JSON: line 2, column 20",
		 "duplicate object key"},
		{"no england-and-wales", "{\"scotland\": {\"events\": [" EVENTS_2026 "]}}",
		 SB_EPARSE, "'bad.json' has no \"england-and-wales\" object",
		 "is it GOV.UK's bank-holidays.json?"},
		{"england-and-wales not an object", "{\"england-and-wales\": [" EVENTS_2026 "]}",
		 SB_EPARSE, "has no \"england-and-wales\" object", ""},
		{"root is an array", "[" EVENTS_2026 "]", SB_EPARSE,
		 "has no \"england-and-wales\" object", ""},
		{"another division's object",
		 "{\"england-and-wales\": {\"division\": \"scotland\", \"events\": [" EVENTS_2026
		 "]}}",
		 SB_EPARSE, "'bad.json': the england-and-wales object names another division", ""},
		{"events not an array", "{\"england-and-wales\": {\"events\": {}}}", SB_EPARSE,
		 "'bad.json': england-and-wales has no \"events\" list", ""},
		{"events missing", "{\"england-and-wales\": {\"division\": \"england-and-wales\"}}",
		 SB_EPARSE, "england-and-wales has no \"events\" list", ""},
		{"empty events list", "{\"england-and-wales\": {\"events\": []}}", SB_EPARSE,
		 "'bad.json' lists no england-and-wales holidays", ""},
		{"event with no date",
		 "{\"england-and-wales\": {\"events\": [" EVENTS_2026 ", {\"title\": \"X\"}]}}",
		 SB_EPARSE, "'bad.json': england-and-wales event 9: ", "date"},
		{"event with no title",
		 "{\"england-and-wales\": {\"events\": [{\"date\": \"2026-01-01\"}]}}", SB_EPARSE,
		 "'bad.json': england-and-wales event 1: ", "title"},
		{"date not a string",
		 "{\"england-and-wales\": {\"events\": [{\"title\": \"X\", \"date\": 20260101}]}}",
		 SB_EPARSE, "england-and-wales event 1: ", "string"},
		{"event not an object", "{\"england-and-wales\": {\"events\": [42]}}", SB_EPARSE,
		 "england-and-wales event 1: ", "object"},
		{"30 February",
		 "{\"england-and-wales\": {\"events\": [" EVENTS_2026 ","
		 EV("2026-02-30", "Bad", "") "]}}",
		 SB_EPARSE,
		 "'bad.json': england-and-wales event 9 has date '2026-02-30', not a real "
		 "YYYY-MM-DD date in 1900-2999",
		 ""},
		{"date not in GOV.UK's form",
		 "{\"england-and-wales\": {\"events\": [" EV("2026-1-1", "X", "") "]}}", SB_EPARSE,
		 "event 1 has date '2026-1-1', not a real YYYY-MM-DD date", ""},
		{"date in 1899",
		 "{\"england-and-wales\": {\"events\": [" EV("1899-12-25", "X", "") "]}}",
		 SB_EPARSE, "event 1 has date '1899-12-25'", ""},
		{"a year with only 3 events",
		 "{\"england-and-wales\": {\"events\": [" EVENTS_2026 ","
		 EV("2027-01-01", "New Year" RSQUO "s Day", "") ","
		 EV("2027-03-26", "Good Friday", "") ","
		 EV("2027-03-29", "Easter Monday", "") "]}}",
		 SB_EPARSE,
		 "'bad.json' lists only 3 holidays in 2027; every year has at least 8, so the "
		 "file looks incomplete",
		 ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static int sentinel;
		sb_calendar *cal = (sb_calendar *)(void *)&sentinel; /* must be reset to NULL */
		sb_error err;
		int rc;

		sb_error_clear(&err);
		rc = sb_calendar_load_buffer(&cal, cases[i].data, strlen(cases[i].data), "bad.json",
					     &err);
		if (rc != cases[i].code || err.code != cases[i].code)
			fail_msg("%s: rc %d, expected %d (%s)", cases[i].name, rc, cases[i].code,
				 err.message);
		assert_null(cal);
		if (strstr(err.message, cases[i].msg1) == NULL ||
		    strstr(err.message, cases[i].msg2) == NULL)
			fail_msg("%s: message '%s' lacks '%s' or '%s'", cases[i].name,
				 err.message, cases[i].msg1, cases[i].msg2);
		assert_string_equal(err.file, "bad.json");
		assert_non_null(strstr(err.hint, "https://www.gov.uk/bank-holidays.json"));
	}
}

static void test_loader_arguments_and_missing_file(void **state)
{
	static const char path[] = "/nonexistent-sendbundle-dir/bank-holidays.json";
	sb_calendar *cal = NULL;
	sb_error err;

	(void)state;
	sb_error_clear(&err);
	assert_int_equal(sb_calendar_load(&cal, path, NULL, &err), SB_EIO);
	assert_int_equal(err.code, SB_EIO);
	assert_null(cal);
	assert_string_equal(err.file, path);
	assert_string_equal(err.message, "cannot open '/nonexistent-sendbundle-dir/"
					 "bank-holidays.json': No such file or directory");

	/* Default label when none is given. */
	sb_error_clear(&err);
	assert_int_equal(sb_calendar_load_buffer(&cal, "{}", 2, NULL, &err), SB_EPARSE);
	assert_non_null(strstr(err.message, "'holiday data' has no \"england-and-wales\""));

	sb_error_clear(&err);
	assert_int_equal(sb_calendar_load_buffer(&cal, NULL, 0, "x", &err), SB_EINVAL);
	assert_int_equal(sb_calendar_load_buffer(NULL, "{}", 2, "x", &err), SB_EINVAL);
	assert_int_equal(sb_calendar_load(&cal, NULL, NULL, &err), SB_EINVAL);
	assert_int_equal(sb_calendar_new(NULL, &err), SB_EINVAL);

	/* Only len bytes are read: a valid file followed by junk. */
	{
		char buf[sizeof(minimal_2026) + 8];

		memcpy(buf, minimal_2026, strlen(minimal_2026));
		memcpy(buf + strlen(minimal_2026), "garbage", 8);
		sb_error_clear(&err);
		assert_int_equal(sb_calendar_load_buffer(&cal, buf, strlen(minimal_2026), NULL,
							 &err),
				 SB_OK);
		assert_non_null(cal);
		assert_string_equal(sb_calendar_source(cal), "holiday data");
		sb_calendar_free(cal);
	}
}

/* ---- Tribunal days, r.12(3)(b) ------------------------------------------------ */

static void test_is_tribunal_day(void **state)
{
	static const struct {
		sb_date d;
		bool counts;
		const char *why;
	} cases[] = {
		{{2025, 7, 31}, true, "Thu 31 Jul"},
		{{2025, 8, 1}, false, "August (r.12(3)(b))"},
		{{2025, 8, 29}, false, "August (r.12(3)(b))"},
		{{2025, 9, 1}, true, "Mon 1 Sep"},
		{{2025, 12, 24}, true, "Wed 24 Dec"},
		{{2025, 12, 29}, false, "a working day, but 25 Dec-1 Jan (r.12(3)(b))"},
		{{2025, 12, 31}, false, "25 Dec-1 Jan (r.12(3)(b))"},
		{{2026, 1, 1}, false, "25 Dec-1 Jan and a bank holiday"},
		{{2026, 1, 2}, true, "Fri 2 Jan"},
		{{2025, 3, 15}, false, "a Saturday"},
		{{2025, 4, 18}, false, "Good Friday"},
		{{2025, 5, 26}, false, "spring bank holiday"},
	};
	sb_calendar *cal = load_shipped();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sb_calendar_is_tribunal_day(cal, cases[i].d) != cases[i].counts)
			fail_msg("%04d-%02d-%02d: should be %d (%s)", cases[i].d.year,
				 cases[i].d.month, cases[i].d.day, cases[i].counts, cases[i].why);
	}
	assert_true(sb_calendar_is_working_day(cal, (sb_date){2025, 12, 29}));
	assert_true(sb_calendar_is_working_day(cal, (sb_date){2025, 8, 1}));
	sb_calendar_free(cal);
}
static void test_workdays_table(void **state)
{
	sb_calendar *cal = load_shipped();
	char *text = NULL;
	char *line;
	size_t len = 0;
	sb_error err;
	int rows = 0;
	bool header = true;

	(void)state;
	sb_error_clear(&err);
	if (sb_file_read(WORKDAYS_TSV, 1 << 20, &text, &len, &err) != SB_OK)
		fail_msg("%s", err.message);
	line = text;
	while (line != NULL && *line != '\0') {
		char *nl = strchr(line, '\n');
		char *f[4];
		sb_date from, want, got = {0, 0, 0};
		char *end = NULL;
		long n;
		int rc;

		if (nl != NULL)
			*nl = '\0';
		if (header) {
			assert_string_equal(line, "from\tn\texpected\twhy");
			header = false;
		} else if (*line != '\0') {
			assert_int_equal(sb_test_split_tabs(line, f, 4), 4);
			assert_true(sb_test_parse_iso(f[0], &from));
			assert_true(sb_test_parse_iso(f[2], &want));
			n = strtol(f[1], &end, 10);
			assert_true(end != f[1] && *end == '\0');
			sb_error_clear(&err);
			rc = sb_calendar_add_tribunal_days(cal, from, (int)n, &got, &err);
			if (rc != SB_OK || !same_date(got, want))
				fail_msg("%s + %ld Tribunal days = %04d-%02d-%02d (rc %d), expected "
					 "%s: %s",
					 f[0], n, got.year, got.month, got.day, rc, f[2], f[3]);
			/* The result is a counted day, unless n = 0. */
			if (n > 0)
				assert_true(sb_calendar_is_tribunal_day(cal, got));
			rows++;
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	assert_int_equal(rows, 34);
	free(text);
	sb_calendar_free(cal);
}

static void test_tribunal_days_range(void **state)
{
	sb_calendar *cal = load_shipped();
	sb_date out = {1, 1, 1};
	sb_error err;

	(void)state;
	sb_error_clear(&err);
	assert_int_equal(sb_calendar_add_tribunal_days(cal, (sb_date){2025, 3, 14}, -1, &out, &err),
			 SB_ERANGE);
	assert_int_equal(err.code, SB_ERANGE);
	assert_string_equal(err.message, "-1 working days is outside 0-2000");
	assert_int_equal(out.year, 1); /* untouched */
	sb_error_clear(&err);
	assert_int_equal(sb_calendar_add_tribunal_days(cal, (sb_date){2025, 3, 14},
						       SB_TRIBUNAL_DAYS_MAX + 1, &out, &err),
			 SB_ERANGE);
	assert_string_equal(err.message, "2001 working days is outside 0-2000");
	/* The largest count is fine. */
	sb_error_clear(&err);
	assert_int_equal(sb_calendar_add_tribunal_days(cal, (sb_date){2025, 3, 14},
						       SB_TRIBUNAL_DAYS_MAX, &out, &err),
			 SB_OK);
	assert_true(sb_date_compare(out, (sb_date){2033, 1, 1}) > 0);
	assert_true(sb_calendar_is_tribunal_day(cal, out));
	/* A count that runs past the last supported year. */
	sb_error_clear(&err);
	assert_int_equal(sb_calendar_add_tribunal_days(cal, (sb_date){2999, 12, 20}, 10, &out,
						       &err),
			 SB_ERANGE);
	assert_non_null(strstr(err.message, "runs past the year 2999"));
	/* An impossible start date. */
	sb_error_clear(&err);
	assert_int_equal(sb_calendar_add_tribunal_days(cal, (sb_date){2025, 2, 29}, 1, &out, &err),
			 SB_EINVAL);
	assert_int_equal(sb_calendar_add_tribunal_days(cal, (sb_date){2025, 3, 14}, 1, NULL, &err),
			 SB_EINVAL);
	sb_calendar_free(cal);
}

/* ---- sb_data_find ------------------------------------------------------------ */

static void test_data_find(void **state)
{
	char buf[4096];
	sb_error err;

	(void)state;
	assert_int_equal(setenv("SENDBUNDLE_DATA_DIR", SB_DATA_DIR, 1), 0);
	sb_error_clear(&err);
	assert_int_equal(sb_data_find("bank-holidays.json", buf, sizeof(buf), &err), SB_OK);
	assert_string_equal(buf, SB_DATA_DIR "/bank-holidays.json");

	/* No path components: a name must not escape the data folder. */
	sb_error_clear(&err);
	assert_int_equal(sb_data_find("../data/bank-holidays.json", buf, sizeof(buf), &err),
			 SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);
	assert_int_equal(sb_data_find("/etc/passwd", buf, sizeof(buf), &err), SB_EINVAL);

	/* When SENDBUNDLE_DATA_DIR is set it is the only place looked: a file
	 * missing there is no safe answer, even if another copy exists. */
	sb_error_clear(&err);
	assert_int_equal(sb_data_find("no-such-sendbundle-file.json", buf, sizeof(buf), &err),
			 SB_EUNSAFE);
	assert_int_equal(err.code, SB_EUNSAFE);
	assert_string_equal(err.message, "cannot find 'no-such-sendbundle-file.json' in "
					 "SENDBUNDLE_DATA_DIR ('" SB_DATA_DIR "')");
	assert_string_equal(err.file, "no-such-sendbundle-file.json");
	assert_string_equal(buf, "");
	assert_int_equal(setenv("SENDBUNDLE_DATA_DIR", "/nonexistent-sendbundle-dir", 1), 0);
	sb_error_clear(&err);
	assert_int_equal(sb_data_find("bank-holidays.json", buf, sizeof(buf), &err), SB_EUNSAFE);
	assert_string_equal(err.file, "bank-holidays.json");

	/* Unset: the other places are searched; a name that is nowhere fails. */
	assert_int_equal(unsetenv("SENDBUNDLE_DATA_DIR"), 0);
	sb_error_clear(&err);
	assert_int_equal(sb_data_find("no-such-sendbundle-file.json", buf, sizeof(buf), &err),
			 SB_EUNSAFE);
	assert_string_equal(err.message,
			    "cannot find the shipped data file 'no-such-sendbundle-file.json'");
	assert_string_equal(err.file, "no-such-sendbundle-file.json");
	assert_non_null(strstr(err.hint, "SENDBUNDLE_DATA_DIR"));
	assert_string_equal(buf, "");
	/* The build tree's data/ is found without the variable. */
	sb_error_clear(&err);
	assert_int_equal(sb_data_find("bank-holidays.json", buf, sizeof(buf), &err), SB_OK);
	assert_non_null(strstr(buf, "bank-holidays.json"));
	assert_int_equal(setenv("SENDBUNDLE_DATA_DIR", SB_DATA_DIR, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easter_sunday),
		cmocka_unit_test(test_rules_match_shipped_file),
		cmocka_unit_test(test_rules_counts_and_max),
		cmocka_unit_test(test_one_offs_rules_only),
		cmocka_unit_test(test_one_offs_shipped),
		cmocka_unit_test(test_working_days_minimal_file),
		cmocka_unit_test(test_proclaimed_and_coverage),
		cmocka_unit_test(test_loader_errors),
		cmocka_unit_test(test_loader_arguments_and_missing_file),
		cmocka_unit_test(test_is_tribunal_day),
		cmocka_unit_test(test_workdays_table),
		cmocka_unit_test(test_tribunal_days_range),
		cmocka_unit_test(test_data_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
