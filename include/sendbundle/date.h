/*
 * sendbundle: calendar dates (proleptic Gregorian, no time zone).
 *
 * sb_date is a plain value: copy it freely, nothing to free. All arithmetic
 * goes through a day number so that month and day counting have one
 * implementation each.
 */
#ifndef SENDBUNDLE_DATE_H
#define SENDBUNDLE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_date {
	int year;  /* 1..9999 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
} sb_date;

/* Dates the program accepts; outside this range functions return SB_ERANGE. */
#define SB_DATE_MIN_YEAR 1900
#define SB_DATE_MAX_YEAR 2999

/* Buffer sizes for the formatters, including the terminating NUL. */
#define SB_DATE_ISO_LEN 11  /* "2026-12-03" */
#define SB_DATE_LONG_LEN 40 /* "Wednesday 30 September 2026" */

bool sb_date_is_leap_year(int year);
int sb_date_days_in_month(int year, int month);
/* True when y-m-d is a real calendar date inside the supported range. */
bool sb_date_is_valid(sb_date d);

/* Days since 1970-01-01 (negative before). d must be valid. */
long sb_date_to_days(sb_date d);
sb_date sb_date_from_days(long days);

/* 1 = Monday ... 7 = Sunday (ISO 8601). */
int sb_date_weekday(sb_date d);
int sb_date_compare(sb_date a, sb_date b); /* <0, 0, >0 */
long sb_date_diff_days(sb_date later, sb_date earlier);
sb_date sb_date_add_days(sb_date d, long n);

/*
 * Add n calendar months the way the courts count a period "of n months after"
 * an event (Dodds v Walker [1981] 1 WLR 1441, HL): the period ends on the
 * corresponding date of the later month, or on that month's last day when it
 * has no corresponding date (31 Jul + 2 = 30 Sep). Nothing else is snapped:
 * 28 Feb + 2 months = 28 Apr. n may be negative.
 */
sb_date sb_date_add_months(sb_date d, int n);

/*
 * Parse a date as people in the UK type it. Accepts, with surrounding spaces:
 *   2026-03-15            ISO 8601
 *   15/03/2026  15.3.26  15-03-2026   numeric, always day first
 *   15 March 2026  15th Mar 2026  15 March, 2026  Sunday 15 March 2026
 *   March 15 2026  March 15th, 2026
 * Two-digit years mean 2000-2099. An impossible date (31/02/2026) or any other
 * text fails with SB_EINVAL and an error saying why.
 */
int sb_date_parse(const char *text, sb_date *out, sb_error *err);

/* "2026-12-03" into buf (at least SB_DATE_ISO_LEN bytes). Returns buf. */
char *sb_date_format_iso(sb_date d, char *buf, size_t size);
/* "Thursday 3 December 2026" into buf (at least SB_DATE_LONG_LEN). Returns buf. */
char *sb_date_format_long(sb_date d, char *buf, size_t size);
/* "Thu 3 Dec 2026" into buf (at least SB_DATE_LONG_LEN). Returns buf. */
char *sb_date_format_short(sb_date d, char *buf, size_t size);

const char *sb_date_month_name(int month);   /* "January" */
const char *sb_date_weekday_name(int wday);  /* 1 -> "Monday" */

#ifdef __cplusplus
}
#endif
#endif
