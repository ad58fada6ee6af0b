/*
 * Unit tests for the date finder (sb_extract_dates, src/lib/sb_extract_dates.c).
 *
 * Why: a scan is only as good as the dates it reads from letters and reports
 * (issue 3, "Extraction"): every form UK SEND documents use must be found
 * with its exact date, precision, role, text and offset, and everything that
 * merely looks like a date (times, money, section numbers, academic years,
 * placeholders, references) must not become a full date. All names, places
 * and documents here are fictional.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>
#include <sendbundle/extract.h>

#include "sb_extract_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Short names for the tables. */
#define DAY SB_PRECISION_DAY
#define MONTH SB_PRECISION_MONTH
#define MENT SB_DATE_ROLE_MENTIONED
#define DOC SB_DATE_ROLE_DOCUMENT
#define BIRTH SB_DATE_ROLE_BIRTH
#define ASSESS SB_DATE_ROLE_ASSESSMENT
#define MEET SB_DATE_ROLE_MEETING

#define MAX_WANT 16

/* One expected date. */
typedef struct want {
	const char *date; /* "YYYY-MM-DD"; NULL ends a list */
	sb_date_precision precision;
	sb_date_role role;
	const char *text; /* as reported: whitespace folded */
	const char *at;   /* where it starts: the first occurrence in the input
			   * after the previous date's start (NULL: at its text) */
} want;

typedef struct date_case {
	const char *input;
	want dates[MAX_WANT];
} date_case;

static const char *const role_names[SB_DATE_ROLE_COUNT] = {"mentioned", "document", "birth",
							    "assessment", "meeting"};

static int setup(void **state)
{
	sb_extractor *ex = NULL;
	sb_error err;

	if (sb_extractor_new(&ex, &err) != SB_OK) {
		fprintf(stderr, "sb_extractor_new: %s\n", err.message);
		return -1;
	}
	*state = ex;
	return 0;
}

static int teardown(void **state)
{
	sb_extractor_free(*state);
	return 0;
}

static void dump(const char *input, const sb_found_date *d, size_t n)
{
	size_t i;

	fprintf(stderr, "input: \"%s\"\nfound %zu:\n", input, n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %04d-%02d-%02d %s %s off=%zu page=%d \"%s\"\n", d[i].date.year,
			d[i].date.month, d[i].date.day,
			d[i].precision == SB_PRECISION_DAY ? "day" : "partial",
			role_names[d[i].role], d[i].offset, d[i].page, d[i].text);
}

/* Where needle first occurs in hay[from, len) (hay may hold NUL bytes), or -1. */
static size_t find_bytes(const char *hay, size_t len, size_t from, const char *needle)
{
	size_t nlen = strlen(needle), i;

	for (i = from; i + nlen <= len; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return i;
	return (size_t)-1;
}

/* Find the dates in input (of len bytes) on page and compare with w exactly. */
static void check_dates(const sb_extractor *ex, const char *input, size_t len, int page,
			const want *w)
{
	sb_found_date *d = NULL;
	size_t n = 0, nw = 0, i, from = 0;
	sb_error err;

	while (nw < MAX_WANT && w[nw].date != NULL)
		nw++;
	assert_int_equal(sb_extract_dates(ex, input, len, page, &d, &n, &err), SB_OK);
	if (n != nw) {
		dump(input, d, n);
		fail_msg("found %zu dates, expected %zu", n, nw);
	}
	for (i = 0; i < n; i++) {
		char iso[SB_DATE_ISO_LEN];
		const char *at = w[i].at != NULL ? w[i].at : w[i].text;
		size_t off = find_bytes(input, len, from, at);

		sb_date_format_iso(d[i].date, iso, sizeof(iso));
		if (strcmp(iso, w[i].date) != 0 || d[i].precision != w[i].precision ||
		    d[i].role != w[i].role || strcmp(d[i].text, w[i].text) != 0 ||
		    d[i].offset != off || d[i].page != page) {
			dump(input, d, n);
			fail_msg("date %zu: expected %s %s %s off=%zu page=%d \"%s\"", i,
				 w[i].date, w[i].precision == SB_PRECISION_DAY ? "day" : "partial",
				 role_names[w[i].role], off, page, w[i].text);
		}
		from = off;
	}
	sb_found_dates_free(d, n);
}

static void run_cases(void **state, const date_case *cases, size_t ncases)
{
	size_t i;

	for (i = 0; i < ncases; i++)
		check_dates(*state, cases[i].input, strlen(cases[i].input), 1, cases[i].dates);
}

#define RUN(state, cases) run_cases(state, cases, sizeof(cases) / sizeof(cases[0]))

/* ---- every written form -------------------------------------------------- */

static void test_forms(void **state)
{
	static const date_case cases[] = {
		{"12 March 2024", {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		{"12th March, 2024", {{"2024-03-12", DAY, MENT, "12th March, 2024", NULL}}},
		{"the 12th of March 2024",
		 {{"2024-03-12", DAY, MENT, "12th of March 2024", NULL}}},
		{"12th day of March 2024",
		 {{"2024-03-12", DAY, MENT, "12th day of March 2024", NULL}}},
		{"March 12th 2024", {{"2024-03-12", DAY, MENT, "March 12th 2024", NULL}}},
		{"March 12, 2024", {{"2024-03-12", DAY, MENT, "March 12, 2024", NULL}}},
		{"12/03/2024", {{"2024-03-12", DAY, MENT, "12/03/2024", NULL}}},
		{"12.3.24", {{"2024-03-12", DAY, MENT, "12.3.24", NULL}}},
		{"12-03-2024", {{"2024-03-12", DAY, MENT, "12-03-2024", NULL}}},
		{"12-Mar-24", {{"2024-03-12", DAY, MENT, "12-Mar-24", NULL}}},
		{"12 Mar 24", {{"2024-03-12", DAY, MENT, "12 Mar 24", NULL}}},
		{"12 Mar '24", {{"2024-03-12", DAY, MENT, "12 Mar '24", NULL}}},
		{"2024-03-12", {{"2024-03-12", DAY, MENT, "2024-03-12", NULL}}},
		{"2024-03-12T10:15:00Z", {{"2024-03-12", DAY, MENT, "2024-03-12", NULL}}},
		{"Tue 12 Mar 2024", {{"2024-03-12", DAY, MENT, "Tue 12 Mar 2024", NULL}}},
		{"Tuesday, 12 March 2024",
		 {{"2024-03-12", DAY, MENT, "Tuesday, 12 March 2024", NULL}}},
		{"Tuesday the 12th of March 2024",
		 {{"2024-03-12", DAY, MENT, "Tuesday the 12th of March 2024", NULL}}},
		{"Thu 14/03/2024", {{"2024-03-14", DAY, MENT, "Thu 14/03/2024", NULL}}},
		{"Thursday, March 14, 2024",
		 {{"2024-03-14", DAY, MENT, "Thursday, March 14, 2024", NULL}}},
		{"12 Sept. 2023", {{"2023-09-12", DAY, MENT, "12 Sept. 2023", NULL}}},
		{"12 Sept 2023", {{"2023-09-12", DAY, MENT, "12 Sept 2023", NULL}}},
		{"12 Sep 2023", {{"2023-09-12", DAY, MENT, "12 Sep 2023", NULL}}},
		{"12 Sep. 2023", {{"2023-09-12", DAY, MENT, "12 Sep. 2023", NULL}}},
		{"3 Feb. 2023", {{"2023-02-03", DAY, MENT, "3 Feb. 2023", NULL}}},
		{"12 MARCH 2024", {{"2024-03-12", DAY, MENT, "12 MARCH 2024", NULL}}},
		{"12 march 2024", {{"2024-03-12", DAY, MENT, "12 march 2024", NULL}}},
		{"12 Febuary 2024", {{"2024-02-12", DAY, MENT, "12 Febuary 2024", NULL}}},
		{"1/2/2015", {{"2015-02-01", DAY, MENT, "1/2/2015", NULL}}},
		{"12 / 03 / 2024", {{"2024-03-12", DAY, MENT, "12 / 03 / 2024", NULL}}},
		{"2024/03/12", {{"2024-03-12", DAY, MENT, "2024/03/12", NULL}}},
		{"(12/03/2024)", {{"2024-03-12", DAY, MENT, "12/03/2024", NULL}}},
		{"on 12 March 2024.", {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		{"12\xc2\xa0March\xc2\xa0" "2024", /* no-break spaces, as PDFs write them */
		 {{"2024-03-12", DAY, MENT, "12 March 2024", "12"}}},
		{"12 th March 2024", /* a superscript set apart */
		 {{"2024-03-12", DAY, MENT, "12 th March 2024", NULL}}},
		{"29 February 2024", {{"2024-02-29", DAY, MENT, "29 February 2024", NULL}}},
		{"31/12/1999", {{"1999-12-31", DAY, MENT, "31/12/1999", NULL}}},
		{"01/01/2099", {{"2099-01-01", DAY, MENT, "01/01/2099", NULL}}},
	};

	RUN(state, cases);
}

static void test_two_digit_years(void **state)
{
	/* 00-69 are 2000-2069, 70-99 are 1970-1999 (a parent's date of birth). */
	static const date_case cases[] = {
		{"12/03/00", {{"2000-03-12", DAY, MENT, "12/03/00", NULL}}},
		{"12/03/69", {{"2069-03-12", DAY, MENT, "12/03/69", NULL}}},
		{"12/03/70", {{"1970-03-12", DAY, MENT, "12/03/70", NULL}}},
		{"4.7.85", {{"1985-07-04", DAY, MENT, "4.7.85", NULL}}},
		{"12 Mar 99", {{"1999-03-12", DAY, MENT, "12 Mar 99", NULL}}},
	};

	RUN(state, cases);
}

static void test_line_breaks_and_glued_words(void **state)
{
	static const date_case cases[] = {
		{"12 March\n2024", {{"2024-03-12", DAY, MENT, "12 March 2024", "12"}}},
		{"12\nMarch 2024", {{"2024-03-12", DAY, MENT, "12 March 2024", "12"}}},
		{"12\r\nMarch  \t2024", {{"2024-03-12", DAY, MENT, "12 March 2024", "12"}}},
		{"Tuesday\n12 March 2024", {{"2024-03-12", DAY, MENT, "Tuesday 12 March 2024",
					     "Tuesday"}}},
		{"12/03/2024Dear Mrs Smith", {{"2024-03-12", DAY, MENT, "12/03/2024", NULL}}},
		{"12 March 2024Report", {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		{"12.3.24Minutes", {{"2024-03-12", DAY, MENT, "12.3.24", NULL}}},
		{"2024-03-12Summary", {{"2024-03-12", DAY, MENT, "2024-03-12", NULL}}},
		{"12thMarch 2024", {{"2024-03-12", DAY, MENT, "12thMarch 2024", NULL}}},
		{"Date:12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"DOB: 01.02.2015", {{"2015-02-01", DAY, BIRTH, "01.02.2015", NULL}}},
		{"DOB01.02.2015", {{"2015-02-01", DAY, BIRTH, "01.02.2015", NULL}}},
		{"Dated12 March 2024", {{"2024-03-12", DAY, DOC, "12 March 2024", NULL}}},
	};

	RUN(state, cases);
}

/* ---- ranges and lists ------------------------------------------------------ */

static void test_ranges(void **state)
{
	static const date_case cases[] = {
		{"6 and 13 May 2009",
		 {{"2009-05-06", DAY, MENT, "6 and 13 May 2009", NULL},
		  {"2009-05-13", DAY, MENT, "13 May 2009", NULL}}},
		{"6, 13 and 20 May 2009",
		 {{"2009-05-06", DAY, MENT, "6, 13 and 20 May 2009", NULL},
		  {"2009-05-13", DAY, MENT, "13 and 20 May 2009", NULL},
		  {"2009-05-20", DAY, MENT, "20 May 2009", NULL}}},
		{"4th, 11th, 18th & 25th March 2024",
		 {{"2024-03-04", DAY, MENT, "4th, 11th, 18th & 25th March 2024", NULL},
		  {"2024-03-11", DAY, MENT, "11th, 18th & 25th March 2024", NULL},
		  {"2024-03-18", DAY, MENT, "18th & 25th March 2024", NULL},
		  {"2024-03-25", DAY, MENT, "25th March 2024", NULL}}},
		{"1 May to 31 July 2020",
		 {{"2020-05-01", DAY, MENT, "1 May to 31 July 2020", NULL},
		  {"2020-07-31", DAY, MENT, "31 July 2020", NULL}}},
		{"from 1st May until 31st July 2020",
		 {{"2020-05-01", DAY, MENT, "1st May until 31st July 2020", NULL},
		  {"2020-07-31", DAY, MENT, "31st July 2020", NULL}}},
		{"1st-3rd June 2021",
		 {{"2021-06-01", DAY, MENT, "1st-3rd June 2021", NULL},
		  {"2021-06-03", DAY, MENT, "3rd June 2021", NULL}}},
		{"12\xe2\x80\x93" "14 March 2024", /* en dash */
		 {{"2024-03-12", DAY, MENT, "12\xe2\x80\x93" "14 March 2024", NULL},
		  {"2024-03-14", DAY, MENT, "14 March 2024", NULL}}},
		{"between 3 and 5 March 2024",
		 {{"2024-03-03", DAY, MENT, "3 and 5 March 2024", NULL},
		  {"2024-03-05", DAY, MENT, "5 March 2024", NULL}}},
		{"2nd/3rd May 2024",
		 {{"2024-05-02", DAY, MENT, "2nd/3rd May 2024", NULL},
		  {"2024-05-03", DAY, MENT, "3rd May 2024", NULL}}},
		{"Monday 12th & Tuesday 13th March 2024",
		 {{"2024-03-12", DAY, MENT, "Monday 12th & Tuesday 13th March 2024", NULL},
		  {"2024-03-13", DAY, MENT, "Tuesday 13th March 2024", NULL}}},
		{"between 12 March and 3 April 2024",
		 {{"2024-03-12", DAY, MENT, "12 March and 3 April 2024", NULL},
		  {"2024-04-03", DAY, MENT, "3 April 2024", NULL}}},
		/* A range across the new year: the first end is in the year before. */
		{"29 December to 2 January 2024",
		 {{"2023-12-29", DAY, MENT, "29 December to 2 January 2024", NULL},
		  {"2024-01-02", DAY, MENT, "2 January 2024", NULL}}},
		{"March 12-14, 2024",
		 {{"2024-03-12", DAY, MENT, "March 12-14, 2024", NULL},
		  {"2024-03-14", DAY, MENT, "14, 2024", NULL}}},
		{"May 1 to July 31, 2020",
		 {{"2020-05-01", DAY, MENT, "May 1 to July 31, 2020", NULL},
		  {"2020-07-31", DAY, MENT, "31, 2020", NULL}}},
		/* Two full dates stay two matches. */
		{"1 May 2019 to 31 July 2020",
		 {{"2019-05-01", DAY, MENT, "1 May 2019", NULL},
		  {"2020-07-31", DAY, MENT, "31 July 2020", NULL}}},
		{"01/03/2024-14/03/2024",
		 {{"2024-03-01", DAY, MENT, "01/03/2024", NULL},
		  {"2024-03-14", DAY, MENT, "14/03/2024", NULL}}},
		{"04/03/24 \xe2\x80\x93 08/03/24",
		 {{"2024-03-04", DAY, MENT, "04/03/24", NULL},
		  {"2024-03-08", DAY, MENT, "08/03/24", NULL}}},
		{"12 March 2024-13 March 2024",
		 {{"2024-03-12", DAY, MENT, "12 March 2024", NULL},
		  {"2024-03-13", DAY, MENT, "13 March 2024", NULL}}},
		/* A year after the first month makes two dates, not a range. */
		{"8-Dec-27 \xe2\x80\x93 25-Oct-26",
		 {{"2027-12-08", DAY, MENT, "8-Dec-27", NULL},
		  {"2026-10-25", DAY, MENT, "25-Oct-26", NULL}}},
		{"3 Oct 25 \xe2\x80\x93 December 3rd 2027",
		 {{"2025-10-03", DAY, MENT, "3 Oct 25", NULL},
		  {"2027-12-03", DAY, MENT, "December 3rd 2027", NULL}}},
		/* An impossible end is dropped, the possible one kept. */
		{"30 and 31 April 2024",
		 {{"2024-04-30", DAY, MENT, "30 and 31 April 2024", NULL}}},
	};

	RUN(state, cases);
}

/* ---- partial dates --------------------------------------------------------- */

/* ---- dates next to other dates and numbers ---------------------------------- */

static void test_neighbours(void **state)
{
	static const date_case cases[] = {
		/* A match that loses to an earlier one does not hide a date inside it. */
		{"on 2022-10-29 and\n3rd May, 2025",
		 {{"2022-10-29", DAY, MENT, "2022-10-29", NULL},
		  {"2025-05-03", DAY, MENT, "3rd May, 2025", NULL}}},
		/* A year that begins an ISO date belongs to it. */
		{"3 May 2021-10-20", {{"2021-10-20", DAY, MENT, "2021-10-20", NULL}}},
		/* A number followed by a month is that month's day, not a year. */
		{"3 May\n19 July 2026", {{"2026-07-19", DAY, MENT, "19 July 2026", NULL}}},
		{"3 May 19th June 2024", {{"2024-06-19", DAY, MENT, "19th June 2024", NULL}}},
		/* A two-digit year is not a count of days or a time. */
		{"on 3 May 14 days later", {{NULL, DAY, MENT, NULL, NULL}}},
		{"Sent: 19-May-22\n Year 11 pupils",
		 {{"2022-05-19", DAY, DOC, "19-May-22", NULL}}},
		{"12/03/24 10:00", {{"2024-03-12", DAY, MENT, "12/03/24", NULL}}},
		/* Plural or large numbers are not section numbers or school years. */
		{"the 2014 Regulations 20 October 2019",
		 {{"2019-10-20", DAY, MENT, "20 October 2019", NULL}}},
		{"aged 16 in year 16 January 1998",
		 {{"1998-01-16", DAY, MENT, "16 January 1998", NULL}}},
		{"year 22-03-2001", {{"2001-03-22", DAY, MENT, "22-03-2001", NULL}}},
		/* The words around real dates in a tribunal decision. */
		{"[2024] UKUT 388 (AAC)\nDecided following an oral hearing on 15 October 2024\n"
		 "Reference: |\nEH312/23/00021 |\nDecision date: |\n7 March 2024 |\n"
		 "(S.I. 2014/2270) published in December 2022",
		 {{"2024-10-15", DAY, MEET, "15 October 2024", NULL},
		  {"2024-03-07", DAY, DOC, "7 March 2024", NULL},
		  {"2022-12-01", MONTH, MENT, "December 2022", NULL}}},
	};

	RUN(state, cases);
}

static void test_partial_dates(void **state)
{
	static const date_case cases[] = {
		{"March 2024", {{"2024-03-01", MONTH, MENT, "March 2024", NULL}}},
		{"Sept 2023", {{"2023-09-01", MONTH, MENT, "Sept 2023", NULL}}},
		{"Sept. 2023", {{"2023-09-01", MONTH, MENT, "Sept. 2023", NULL}}},
		{"SEPTEMBER, 2023", {{"2023-09-01", MONTH, MENT, "SEPTEMBER, 2023", NULL}}},
		{"in May 2022", {{"2022-05-01", MONTH, MENT, "May 2022", NULL}}},
		{"DOB: March 2015", {{"2015-03-01", MONTH, BIRTH, "March 2015", NULL}}},
		{"from September 2023 to July 2024",
		 {{"2023-09-01", MONTH, MENT, "September 2023", NULL},
		  {"2024-07-01", MONTH, MENT, "July 2024", NULL}}},
		/* "Year 6" is a school year, not a day: only the month is a date. */
		{"in Year 6 May 2024", {{"2024-05-01", MONTH, MENT, "May 2024", NULL}}},
		{"KS2 May 2024", {{"2024-05-01", MONTH, MENT, "May 2024", NULL}}},
		{"Page 3 of 12\nMarch 2024", {{"2024-03-01", MONTH, MENT, "March 2024", NULL}}},
		/* An impossible day leaves the month. */
		{"32 March 2024", {{"2024-03-01", MONTH, MENT, "March 2024", NULL}}},
		{"31 February 2024", {{"2024-02-01", MONTH, MENT, "February 2024", NULL}}},
		/* The first full date wins over the month inside it. */
		{"12 March 2024", {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
	};

	RUN(state, cases);
}

/* ---- roles ----------------------------------------------------------------- */

static void test_roles(void **state)
{
	static const date_case cases[] = {
		/* birth */
		{"Date of birth: 01/02/2015", {{"2015-02-01", DAY, BIRTH, "01/02/2015", NULL}}},
		{"Date of Birth 14th September 2015",
		 {{"2015-09-14", DAY, BIRTH, "14th September 2015", NULL}}},
		{"D.O.B. 01.02.2015", {{"2015-02-01", DAY, BIRTH, "01.02.2015", NULL}}},
		{"DoB - 1/2/15", {{"2015-02-01", DAY, BIRTH, "1/2/15", NULL}}},
		{"Date of birth (dd/mm/yyyy): 01/02/2015",
		 {{"2015-02-01", DAY, BIRTH, "01/02/2015", NULL}}},
		{"Date of birth\n01/02/2015", {{"2015-02-01", DAY, BIRTH, "01/02/2015", NULL}}},
		{"Date of birth is 1.2.15", {{"2015-02-01", DAY, BIRTH, "1.2.15", NULL}}},
		{"Sam was born on 3 June 2016.",
		 {{"2016-06-03", DAY, BIRTH, "3 June 2016", NULL}}},
		{"He was born at 32 weeks on 3 June 2016",
		 {{"2016-06-03", DAY, BIRTH, "3 June 2016", NULL}}},
		/* assessment */
		{"Date of assessment: 12 March 2024",
		 {{"2024-03-12", DAY, ASSESS, "12 March 2024", NULL}}},
		{"Date(s) of assessment: 3 and 5 March 2024",
		 {{"2024-03-03", DAY, ASSESS, "3 and 5 March 2024", NULL},
		  {"2024-03-05", DAY, ASSESS, "5 March 2024", NULL}}},
		{"Dates of assessment: 4/3/24", {{"2024-03-04", DAY, ASSESS, "4/3/24", NULL}}},
		{"Date of EP assessment: 12/03/2024",
		 {{"2024-03-12", DAY, ASSESS, "12/03/2024", NULL}}},
		{"Date of observation: 12.3.24", {{"2024-03-12", DAY, ASSESS, "12.3.24", NULL}}},
		{"Date seen: 12/03/2024", {{"2024-03-12", DAY, ASSESS, "12/03/2024", NULL}}},
		{"Assessment date: 12/03/2024", {{"2024-03-12", DAY, ASSESS, "12/03/2024", NULL}}},
		{"Sam was assessed on 12 March 2024",
		 {{"2024-03-12", DAY, ASSESS, "12 March 2024", NULL}}},
		{"I observed Sam in class on Tuesday 12 March 2024",
		 {{"2024-03-12", DAY, ASSESS, "Tuesday 12 March 2024", NULL}}},
		{"Seen on 12/03/2024", {{"2024-03-12", DAY, ASSESS, "12/03/2024", NULL}}},
		{"seen by Dr Patel, Consultant Paediatrician, on 3 Feb 2023",
		 {{"2023-02-03", DAY, ASSESS, "3 Feb 2023", NULL}}},
		/* meeting */
		{"Date of meeting: 12/03/2024", {{"2024-03-12", DAY, MEET, "12/03/2024", NULL}}},
		{"Date of review: 12/03/2024", {{"2024-03-12", DAY, MEET, "12/03/2024", NULL}}},
		{"Review date: 12/03/2025", {{"2025-03-12", DAY, MEET, "12/03/2025", NULL}}},
		{"Date of the next annual review meeting: 12/03/2025",
		 {{"2025-03-12", DAY, MEET, "12/03/2025", NULL}}},
		{"Hearing date: 2 September 2024",
		 {{"2024-09-02", DAY, MEET, "2 September 2024", NULL}}},
		{"The annual review meeting was held on 12 March 2024",
		 {{"2024-03-12", DAY, MEET, "12 March 2024", NULL}}},
		{"The review on 12 March 2024",
		 {{"2024-03-12", DAY, MEET, "12 March 2024", NULL}}},
		{"The hearing will take place on 12 March 2024",
		 {{"2024-03-12", DAY, MEET, "12 March 2024", NULL}}},
		{"The SEND panel met on 29 February 2024",
		 {{"2024-02-29", DAY, MEET, "29 February 2024", NULL}}},
		{"Heard on: 2 and 3 September 2024",
		 {{"2024-09-02", DAY, MEET, "2 and 3 September 2024", NULL},
		  {"2024-09-03", DAY, MEET, "3 September 2024", NULL}}},
		/* the document's own date */
		{"Date: 12 March 2024", {{"2024-03-12", DAY, DOC, "12 March 2024", NULL}}},
		{"Date 12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"Dated 12 March 2024", {{"2024-03-12", DAY, DOC, "12 March 2024", NULL}}},
		{"Dated this 12th day of March 2024",
		 {{"2024-03-12", DAY, DOC, "12th day of March 2024", NULL}}},
		{"Date of report: 22nd March 2024",
		 {{"2024-03-22", DAY, DOC, "22nd March 2024", NULL}}},
		{"Report date: 12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"Date of letter: 12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"Date of issue: 12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"Date issued: 12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"Date written: 12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"Date of decision: 10 September 2024",
		 {{"2024-09-10", DAY, DOC, "10 September 2024", NULL}}},
		/* A mediation certificate's own date (CFA 2014 s.55; the
		 * appeal deadline counts from it: HESC Rules r.20(1)(c)(ii)). */
		{"Date of certificate: 6 November 2026",
		 {{"2026-11-06", DAY, DOC, "6 November 2026", NULL}}},
		{"Certificate date: 06/11/2026", {{"2026-11-06", DAY, DOC, "06/11/2026", NULL}}},
		{"Sent: Tuesday, March 19, 2024 8:47 PM",
		 {{"2024-03-19", DAY, DOC, "Tuesday, March 19, 2024", NULL}}},
		{"Sent: 19 March 2024 20:47", {{"2024-03-19", DAY, DOC, "19 March 2024", NULL}}},
		{"Date: Tue, 12 Mar 2024 10:15:00 +0000",
		 {{"2024-03-12", DAY, DOC, "Tue, 12 Mar 2024", NULL}}},
		{"Date:\n12/03/2024", {{"2024-03-12", DAY, DOC, "12/03/2024", NULL}}},
		{"Date\n12/03/24\n14/03/24",
		 {{"2024-03-12", DAY, MENT, "12/03/24", NULL},
		  {"2024-03-14", DAY, MENT, "14/03/24", NULL}}},
		{"Our ref: ABC/123   Date: 12 March 2024",
		 {{"2024-03-12", DAY, DOC, "12 March 2024", NULL}}},
		/* mentioned */
		{"12 March 2024", {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		{"your letter dated 12 March 2024",
		 {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		{"as seen in the report dated 12 March 2024",
		 {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		{"hearing impairment diagnosed on 12 March 2020",
		 {{"2020-03-12", DAY, MENT, "12 March 2020", NULL}}},
		{"at a later date. 12 March 2024 was",
		 {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		{"We met on 12 March 2024. He was well.",
		 {{"2024-03-12", DAY, MENT, "12 March 2024", NULL}}},
		/* Each date's label is its own: the window stops at the date before. */
		{"Name: Sam Jones   Date of birth: 01/02/2015   Date of assessment: 12/03/2024",
		 {{"2015-02-01", DAY, BIRTH, "01/02/2015", NULL},
		  {"2024-03-12", DAY, ASSESS, "12/03/2024", NULL}}},
	};

	RUN(state, cases);
}

/* ---- a weekday without a year ------------------------------------------------- */

static void test_weekday_without_year(void **state)
{
	static const date_case cases[] = {
		/* 24 April 2024 was a Wednesday: the letter's year fits. */
		{"Date: 12 March 2024. The review is on Wed 24th April at 10am.",
		 {{"2024-03-12", DAY, DOC, "12 March 2024", NULL},
		  {"2024-04-24", DAY, MEET, "Wed 24th April", NULL}}},
		/* A letter of December about January: the next year. */
		{"Letter of 5 December 2023: meeting on Tuesday 9th January",
		 {{"2023-12-05", DAY, MENT, "5 December 2023", NULL},
		  {"2024-01-09", DAY, MEET, "Tuesday 9th January", NULL}}},
		/* The year comes from the nearest date, after it too. */
		{"Come on Tuesday 12 March. Signed, 1 March 2024",
		 {{"2024-03-12", DAY, MENT, "Tuesday 12 March", NULL},
		  {"2024-03-01", DAY, MENT, "1 March 2024", NULL}}},
		/* 24 April 2024 was no Thursday, and 2025 is too far away: nothing. */
		{"Date: 12 March 2024. The review is on Thu 24th April at 10am.",
		 {{"2024-03-12", DAY, DOC, "12 March 2024", NULL}}},
		/* No full date to take a year from: nothing. */
		{"The review is on Wed 24th April.", {{NULL, DAY, MENT, NULL, NULL}}},
		/* No weekday: a year would be a guess. */
		{"Date: 12 March 2024. The review is on 24th April.",
		 {{"2024-03-12", DAY, DOC, "12 March 2024", NULL}}},
	};

	RUN(state, cases);
}

/* ---- not dates ------------------------------------------------------------------ */

static void test_not_dates(void **state)
{
	/* None of these may yield a full date; most yield nothing at all. */
	static const struct {
		const char *input;
		bool partial_ok; /* a month-and-year partial date is fine */
	} cases[] = {
		{"Autumn term 2023", false},
		{"Spring 2024", false},
		{"Summer term 2 2024", false},
		{"the 2014/15 academic year", false},
		{"2023/2024", false},
		{"2023-24", false},
		{"2023-2024", false},
		{"2024", false},
		{"born in 2015", false},
		{"00.00.2018", false},
		{"[Date]", false},
		{"DD/MM/YYYY", false},
		{"xx/xx/2020", false},
		{"__/__/____", false},
		{"01/01/1900", false},
		{"12.30", false},
		{"10:15", false},
		{"12.30pm", false},
		{"10.15.30", false},
		{"Tuesday 12 March 10.30", false},
		{"on 12 March 10am", false},
		{"12 March 10-11am", false},
		{"12 March 10 am", false},
		{"\xc2\xa3" "12.50", false},
		{"\xc2\xa3" "1,200.00", false},
		{"6.28", false},
		{"section 1.2.3", false},
		{"para 9.14", false},
		{"para 6.2.15", false},
		{"section 1.2.15", false},
		{"Section 36(8)", false},
		{"v1.2.3", false},
		{"v1.2.15", false},
		{"1.12.03.2024", false},
		{"12.3.24.1", false},
		{"01234 567 890", false},
		{"0161 123 4567", false},
		{"Tel 01.02.2015", false},
		{"85/100", false},
		{"3/4", false},
		{"SS 85", false},
		{"NHS number 943 476 5919", false},
		{"NM1 4XX", false},
		{"SEND/2026/04417", false},
		{"EHC/12/03/45", false},
		{"EHC/12/03/2024", false},
		{"12/03/45/2", false},
		{"AB12/03/45", false},
		{"EH999/24/00012", false},
		{"[2024] UKUT 123 (AAC)", false},
		{"31/02/2024", false},
		{"31/04/2024", false},
		{"29/02/2023", false},
		{"32/01/2024", false},
		{"00/01/2024", false},
		{"12/13/2024", false},
		{"03/15/2024", false},
		{"12/03/1899", false},
		{"12/03/2100", false},
		{"12 March 2124", false},
		{"2124-03-12", false},
		{"1899-12-31", false},
		{"12 March", false},
		{"12th March 2023-24", false},
		{"12 March 2023/24 academic year", false},
		{"March 2024/25", false},
		{"on 12th March", false},
		{"the 3rd of may", false},
		{"12/03", false},
		{"pupils may 2024", false},
		{"Marks 2024", false},
		{"32 March 2024", true},
		{"Year 6 May 2024", true},
		{"Children and Families Act 2014", false},
		{"Regulations 2014 reg 6", false},
		{"1,200", false},
		{"0.5", false},
		{"95%", false},
		{"12.5.4", false},
	};
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_found_date *d = NULL;
		size_t n = 0;
		sb_error err;

		assert_int_equal(sb_extract_dates(*state, cases[i].input, strlen(cases[i].input),
						  1, &d, &n, &err),
				 SB_OK);
		for (j = 0; j < n; j++) {
			if (d[j].precision == SB_PRECISION_DAY ||
			    (!cases[i].partial_ok && n > 0)) {
				dump(cases[i].input, d, n);
				fail_msg("\"%s\" is not a date", cases[i].input);
			}
		}
		sb_found_dates_free(d, n);
	}
}

/* ---- offsets, pages, order -------------------------------------------------------- */

static void test_offsets_and_page(void **state)
{
	static const char text[] = "Ref: SEND/2026/04417\n"
				   "Date: 12 March 2024\n"
				   "Re: Sam (DOB 01.02.2015)\n"
				   "We met on 6 and 13 May 2009 and on Tue 14/05/2024.";
	static const want w[] = {
		{"2024-03-12", DAY, DOC, "12 March 2024", NULL},
		{"2015-02-01", DAY, BIRTH, "01.02.2015", NULL},
		{"2009-05-06", DAY, MENT, "6 and 13 May 2009", NULL},
		{"2009-05-13", DAY, MENT, "13 May 2009", NULL},
		{"2024-05-14", DAY, MENT, "Tue 14/05/2024", NULL},
		{NULL, DAY, MENT, NULL, NULL},
	};
	sb_found_date *d = NULL;
	size_t n = 0, i;
	sb_error err;

	check_dates(*state, text, strlen(text), 7, w);
	/* Offsets are exact bytes in the page text, and text is what is there. */
	assert_int_equal(sb_extract_dates(*state, text, strlen(text), 7, &d, &n, &err), SB_OK);
	assert_int_equal(n, 5);
	assert_int_equal(d[0].offset, 27);
	assert_int_equal(d[1].offset, 54);
	assert_int_equal(d[2].offset, 76);
	assert_int_equal(d[3].offset, 82);
	for (i = 0; i < n; i++) {
		assert_int_equal(d[i].page, 7);
		assert_memory_equal(text + d[i].offset, d[i].text, strlen(d[i].text));
		if (i > 0)
			assert_true(d[i].offset > d[i - 1].offset);
	}
	sb_found_dates_free(d, n);
}

static void test_order_and_no_duplicates(void **state)
{
	/* Several patterns could claim parts of these; each date comes once, in
	 * text order, and offset plus text length never runs past the text. */
	static const char text[] =
		"Tuesday, 12 March 2024 (12/03/2024, 2024-03-12) March 2024 12 Mar 24\n"
		"Sent: Thursday, March 14, 2024 and 14th-15th March 2024; Sept 2023.";
	sb_found_date *d = NULL;
	size_t n = 0, i;
	sb_error err;

	assert_int_equal(sb_extract_dates(*state, text, strlen(text), 1, &d, &n, &err), SB_OK);
	assert_int_equal(n, 9);
	for (i = 0; i < n; i++) {
		assert_true(d[i].offset + strlen(d[i].text) <= strlen(text));
		if (i > 0)
			assert_true(d[i].offset > d[i - 1].offset);
	}
	assert_int_equal(d[3].precision, SB_PRECISION_MONTH);
	assert_int_equal(d[8].precision, SB_PRECISION_MONTH);
	sb_found_dates_free(d, n);
}

/* ---- realistic documents (fictional) ------------------------------------------------ */

static void test_ep_report(void **state)
{
	static const char text[] =
		"EDUCATIONAL PSYCHOLOGY SERVICE\n"
		"Northmere County Council\n"
		"Psychological Advice for Education, Health and Care Needs Assessment\n"
		"\n"
		"Name: Alfie Brampton          Date of Birth: 14/09/2015\n"
		"School: Larkfield Primary School   Year Group: Year 3\n"
		"Date(s) of assessment: 4th and 11th March 2024\n"
		"Date of report: 22nd March 2024\n"
		"NHS No: 943 476 5919\n"
		"\n"
		"1. Background\n"
		"1.1 Alfie was referred by the school SENCO, Mrs Okafor, in January 2024\n"
		"following concerns raised at his SEN support review on 9 November 2023.\n"
		"His reading age was recorded as 6.2 (chronological age 8:05) and he\n"
		"scored 85/100 on the school's own spelling check. A previous report\n"
		"from the Speech and Language Therapy service dated\n"
		"17.05.2022 noted difficulties with expressive language.\n"
		"1.2 Alfie was born at 32 weeks. Mrs Brampton told me that Alfie was seen by\n"
		"Dr Patel, Consultant Paediatrician, on 3 Feb 2023 and an ADOS assessment\n"
		"is booked for Tuesday 16th April 2024.\n"
		"\n"
		"2. Assessment\n"
		"I observed Alfie in class on Monday, 4 March 2024 between 9.15 and 10.30 and\n"
		"assessed him individually on 11/03/24 using the BAS-3 (standard scores:\n"
		"Verbal 82, Non-verbal 96; percentile 12). Section 36(8) of the Children\n"
		"and Families Act 2014\n"
		"applies, and para 9.14 of the SEND Code of Practice (January 2015) sets out the\n"
		"timescales. During the Autumn term 2023 and Spring 2024 he had 3 x 20 minute\n"
		"sessions per week. The provision map for 2023/24 costs \xc2\xa3" "1,200.00\n"
		"(\xc2\xa3" "12.50 per session).\n"
		"\n"
		"3. Next steps\n"
		"A multi-agency meeting will be held on 25.04.2024 at 10:15. The annual\n"
		"review is due in March 2025. Please contact me on 01632 960 123.\n"
		"\n"
		"Dr Hannah Whitcombe\n"
		"HCPC registered Educational Psychologist\n"
		"Page 3 of 12\n";
	static const want w[] = {
		{"2015-09-14", DAY, BIRTH, "14/09/2015", NULL},
		{"2024-03-04", DAY, ASSESS, "4th and 11th March 2024", NULL},
		{"2024-03-11", DAY, ASSESS, "11th March 2024", NULL},
		{"2024-03-22", DAY, DOC, "22nd March 2024", NULL},
		{"2024-01-01", MONTH, MENT, "January 2024", NULL},
		{"2023-11-09", DAY, MEET, "9 November 2023", NULL},
		{"2022-05-17", DAY, MENT, "17.05.2022", NULL},
		{"2023-02-03", DAY, ASSESS, "3 Feb 2023", NULL},
		{"2024-04-16", DAY, ASSESS, "Tuesday 16th April 2024", NULL},
		{"2024-03-04", DAY, ASSESS, "Monday, 4 March 2024", NULL},
		{"2024-03-11", DAY, ASSESS, "11/03/24", NULL},
		{"2015-01-01", MONTH, MENT, "January 2015", NULL},
		{"2024-04-25", DAY, MEET, "25.04.2024", NULL},
		{"2025-03-01", MONTH, MEET, "March 2025", NULL},
		{NULL, DAY, MENT, NULL, NULL},
	};

	check_dates(*state, text, strlen(text), 1, w);
}

static void test_council_letter(void **state)
{
	static const char text[] =
		"Northmere County Council\n"
		"Children's Services, SEND Team\n"
		"County Hall, Northmere NM1 4XX\n"
		"\n"
		"Our ref: SEND/2026/04417\n"
		"Your ref: EHC/12/03/45\n"
		"Date: 12 March 2024\n"
		"\n"
		"Dear Mrs Brampton,\n"
		"\n"
		"Re: Alfie Brampton, DOB 14.09.2015\n"
		"Decision not to carry out an Education, Health and Care needs assessment\n"
		"\n"
		"Thank you for your request dated 18 January 2024, which we received on 22nd\n"
		"January 2024. The SEND panel met on 29 February 2024 and considered the\n"
		"information from Larkfield Primary School, including the SEN support plan\n"
		"reviewed on 6 and 13 February 2024.\n"
		"\n"
		"The panel decided not to carry out an EHC needs assessment under section 36(8)\n"
		"of the Children and Families Act 2014. If you disagree, you may appeal to the\n"
		"First-tier Tribunal (SEND) within two months of the date of this letter or one\n"
		"month from the date of the mediation certificate, whichever is later. Mediation\n"
		"is available between 1 April and 30 April 2024. The Tribunal is closed on\n"
		"Monday 6 May (a bank holiday).\n"
		"\n"
		"Yours sincerely,\n"
		"P. Lindqvist\n"
		"SEND Casework Officer\n";
	static const want w[] = {
		{"2024-03-12", DAY, DOC, "12 March 2024", NULL},
		{"2015-09-14", DAY, BIRTH, "14.09.2015", NULL},
		{"2024-01-18", DAY, MENT, "18 January 2024", NULL},
		{"2024-01-22", DAY, MENT, "22nd January 2024", "22nd"},
		{"2024-02-29", DAY, MEET, "29 February 2024", NULL},
		{"2024-02-06", DAY, MEET, "6 and 13 February 2024", NULL},
		{"2024-02-13", DAY, MEET, "13 February 2024", NULL},
		{"2024-04-01", DAY, MENT, "1 April and 30 April 2024", NULL},
		{"2024-04-30", DAY, MENT, "30 April 2024", NULL},
		{"2024-05-06", DAY, MENT, "Monday 6 May", NULL},
		{NULL, DAY, MENT, NULL, NULL},
	};

	check_dates(*state, text, strlen(text), 1, w);
}

static void test_email(void **state)
{
	static const char text[] =
		"From: Jane Brampton <jane.b@example.org>\n"
		"Sent: Tuesday, March 19, 2024 8:47 PM\n"
		"To: SEND Team <send@northmere.example.gov.uk>\n"
		"Subject: RE: Alfie Brampton - EHCNA request\n"
		"\n"
		"Thank you for your letter of 12/3/24. Alfie's school have told me that his\n"
		"next review will be on Wed 24th April. I attach the EP report (22.03.2024)\n"
		"and the SALT report from May 2022.\n"
		"\n"
		"On Thu, 14 Mar 2024 at 09:12, SEND Team <send@northmere.example.gov.uk> wrote:\n"
		"> Please find attached the decision letter dated 12 March 2024.\n";
	static const want w[] = {
		{"2024-03-19", DAY, DOC, "Tuesday, March 19, 2024", NULL},
		{"2024-03-12", DAY, MENT, "12/3/24", NULL},
		{"2024-04-24", DAY, MEET, "Wed 24th April", NULL},
		{"2024-03-22", DAY, MENT, "22.03.2024", NULL},
		{"2022-05-01", MONTH, MENT, "May 2022", NULL},
		{"2024-03-14", DAY, MENT, "Thu, 14 Mar 2024", NULL},
		{"2024-03-12", DAY, MENT, "12 March 2024", NULL},
		{NULL, DAY, MENT, NULL, NULL},
	};

	check_dates(*state, text, strlen(text), 1, w);
}

static void test_support_plan_table(void **state)
{
	static const char text[] =
		"LARKFIELD PRIMARY SCHOOL - SEN SUPPORT PLAN\n"
		"Pupil: Alfie Brampton   DOB: 14-09-2015   Class: 3W\n"
		"Date of meeting | Present | Outcome\n"
		"02.10.23 | Mrs Okafor (SENCO), Mrs Brampton | Plan agreed\n"
		"06.02.24 | Mrs Okafor, Mrs Brampton, Mr Hale | Referral to EP\n"
		"Target 1.2.3: Alfie will read 10 words by Feb 2024 (85%).\n"
		"Target 2: 3/4 of sessions attended. Signed: ____________ Date: __/__/____\n"
		"Next review: 14th May 2024\n";
	static const want w[] = {
		{"2015-09-14", DAY, BIRTH, "14-09-2015", NULL},
		{"2023-10-02", DAY, MEET, "02.10.23", NULL},
		{"2024-02-06", DAY, MENT, "06.02.24", NULL},
		{"2024-02-01", MONTH, MENT, "Feb 2024", NULL},
		{"2024-05-14", DAY, MEET, "14th May 2024", NULL},
		{NULL, DAY, MENT, NULL, NULL},
	};

	check_dates(*state, text, strlen(text), 1, w);
}

/* ---- robustness ------------------------------------------------------------------------ */

static void test_invalid_utf8_and_nul(void **state)
{
	/* Bad bytes around and between dates: no crash, and the dates in the
	 * valid stretches are still found. A NUL inside the text is just a byte. */
	static const char text[] = "\xff\xfe 12 March 2024 \xc3 \xe2\x80 Date: 01/02/2015\x80"
				   "\0 3 May 2024 \xf0\x9f\x98";
	static const want w[] = {
		{"2024-03-12", DAY, MENT, "12 March 2024", NULL},
		{"2015-02-01", DAY, DOC, "01/02/2015", NULL},
		{"2024-05-03", DAY, MENT, "3 May 2024", NULL},
		{NULL, DAY, MENT, NULL, NULL},
	};
	sb_found_date *d = NULL;
	size_t n = 0;
	sb_error err;

	check_dates(*state, text, sizeof(text) - 1, 1, w);
	/* A bad byte inside a date breaks it: "12 Ma\xffrch 2024" is not one. */
	assert_int_equal(sb_extract_dates(*state, "12 Ma\xffrch 2024", 14, 1, &d, &n, &err),
			 SB_OK);
	assert_int_equal(n, 0);
	sb_found_dates_free(d, n);
}

/* sb_has_digit8, which lets the number scans skip eight bytes at a time:
 * every byte value in every place, among bytes that are no digits (letters,
 * 0x2F and 0x3A on either side of the digits, bytes of 0x80 and up). */
static void test_has_digit8(void **state)
{
	static const unsigned char fillers[] = {'a', '/', ':', 0x80, 0xB9, 0xFF, 0x00};
	size_t f, place;
	unsigned b;

	(void)state;
	for (f = 0; f < sizeof(fillers); f++)
		for (place = 0; place < 8; place++)
			for (b = 0; b < 256; b++) {
				unsigned char bytes[8];
				uint64_t x;

				memset(bytes, fillers[f], sizeof(bytes));
				bytes[place] = (unsigned char)b;
				memcpy(&x, bytes, sizeof(x));
				assert_int_equal(sb_has_digit8(x), b >= '0' && b <= '9');
			}
}

/* A date found wherever it stands against the eight-byte steps of the
 * number scans: after 0 to 16 bytes of words, and with digits just before
 * a step ends ("x9" at the end of a run of letters). */
static void test_dates_at_every_offset(void **state)
{
	size_t lead;

	for (lead = 0; lead <= 16; lead++) {
		char text[64];
		sb_found_date *d = NULL;
		size_t n = 0;
		sb_error err;

		memset(text, 'x', lead);
		snprintf(text + lead, sizeof(text) - lead, " 12/03/2024 and 3 May 2025");
		assert_int_equal(sb_extract_dates(*state, text, strlen(text), 1, &d, &n, &err),
				 SB_OK);
		assert_int_equal(n, 2);
		assert_int_equal(d[0].offset, lead + 1);
		assert_int_equal(d[0].date.day, 12);
		assert_int_equal(d[0].date.month, 3);
		assert_int_equal(d[1].offset, lead + 16);
		assert_int_equal(d[1].date.month, 5);
		sb_found_dates_free(d, n);
	}
}

static void test_bounded_work(void **state)
{
	/* Inputs that invite backtracking (long runs of day lists, separators
	 * and digits) finish and return SB_OK; what they contain is checked. */
	static const char *const units[] = {"1 and ", "12, ", "1st-", "12/", "1.", " ", "Mon 1 ",
					    "March ", "0"};
	size_t u;

	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t ulen = strlen(units[u]), reps = 20000, i;
		char *big = malloc(ulen * reps + 32);
		sb_found_date *d = NULL;
		size_t n = 0, len = 0;
		sb_error err;

		assert_non_null(big);
		for (i = 0; i < reps; i++) {
			memcpy(big + len, units[u], ulen);
			len += ulen;
		}
		memcpy(big + len, "12 March 2024", 13);
		len += 13;
		assert_int_equal(sb_extract_dates(*state, big, len, 1, &d, &n, &err), SB_OK);
		for (i = 0; i < n; i++) {
			assert_true(d[i].offset < len);
			assert_true(sb_date_is_valid(d[i].date));
		}
		/* The full date at the end is always found, whatever precedes it. */
		assert_true(n >= 1);
		assert_int_equal(d[n - 1].date.year, 2024);
		assert_int_equal(d[n - 1].date.month, 3);
		sb_found_dates_free(d, n);
		free(big);
	}
}

static void test_arguments(void **state)
{
	sb_found_date *d = (sb_found_date *)1;
	size_t n = 99;
	sb_error err;

	/* Empty text: no dates, not an error. */
	assert_int_equal(sb_extract_dates(*state, "", 0, 1, &d, &n, &err), SB_OK);
	assert_null(d);
	assert_int_equal(n, 0);
	assert_int_equal(sb_extract_dates(*state, NULL, 0, 1, &d, &n, &err), SB_OK);
	assert_int_equal(n, 0);
	/* No text but a length, or nowhere to put the answer: refused. */
	assert_int_equal(sb_extract_dates(*state, NULL, 5, 1, &d, &n, &err), SB_EINVAL);
	assert_int_equal(sb_extract_dates(*state, "12 March 2024", 13, 1, NULL, &n, &err),
			 SB_EINVAL);
	assert_int_equal(sb_extract_dates(*state, "12 March 2024", 13, 1, &d, NULL, &err),
			 SB_EINVAL);
	/* Only len bytes are read: the date past len is not seen. */
	assert_int_equal(sb_extract_dates(*state, "12 March 2024", 8, 1, &d, &n, &err), SB_OK);
	assert_int_equal(n, 0);
	sb_found_dates_free(d, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_two_digit_years),
		cmocka_unit_test(test_line_breaks_and_glued_words),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_neighbours),
		cmocka_unit_test(test_partial_dates),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_weekday_without_year),
		cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_offsets_and_page),
		cmocka_unit_test(test_order_and_no_duplicates),
		cmocka_unit_test(test_ep_report),
		cmocka_unit_test(test_council_letter),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_support_plan_table),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_has_digit8),
		cmocka_unit_test(test_dates_at_every_offset),
		cmocka_unit_test(test_bounded_work),
		cmocka_unit_test(test_arguments),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
