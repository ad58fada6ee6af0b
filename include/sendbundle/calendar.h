/*
 * sendbundle: England and Wales working days, bank holidays and the
 * Tribunal's SEN day count.
 *
 * A working day is any day but a Saturday, Sunday, Christmas Day, Good Friday
 * or an England and Wales bank holiday (HESC Rules r.1(1) "working day").
 * Scottish and Northern Irish holidays are working days here: a loaded file's
 * other divisions are ignored.
 *
 * Holidays for a year come from the loaded GOV.UK-format file when the file
 * has that year ("proclaimed"), and otherwise from the statutory rules
 * (Banking and Financial Dealings Act 1971 Sch. 1 plus the known one-off
 * changes), labelled "computed, not yet proclaimed".
 *
 * Ownership: sb_calendar_new/sb_calendar_load give the caller a calendar to
 * release with sb_calendar_free. Titles and source strings returned by
 * accessors are borrowed from the calendar.
 */
#ifndef SENDBUNDLE_CALENDAR_H
#define SENDBUNDLE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/date.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_calendar sb_calendar;

/* A holiday from the rules or from a file. Strings are static or borrowed. */
typedef struct sb_holiday {
	sb_date date;
	const char *title; /* GOV.UK's wording, e.g. "Early May bank holiday" */
	const char *notes; /* "" or "Substitute day" */
} sb_holiday;

/* Largest number of England and Wales holidays any year has had (2022: 10). */
#define SB_HOLIDAYS_PER_YEAR_MAX 16

/* Largest holiday file the loader reads. */
#define SB_HOLIDAY_FILE_MAX (4 * 1024 * 1024)

/* Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm. */
sb_date sb_easter_sunday(int year);

/*
 * The England and Wales holidays of `year` by the statutory rules and the
 * one-off changes (2011, 2012, 2020, 2022, 2023), in date order. Writes at
 * most `max` entries and returns how many the year has.
 */
size_t sb_holiday_rules(int year, sb_holiday *out, size_t max);

/* A calendar with no file: every year computed from the rules. */
int sb_calendar_new(sb_calendar **out, sb_error *err);

/*
 * Load a file in GOV.UK's bank-holidays.json format and use its
 * "england-and-wales" events for every year the file has. `label` names the
 * data in messages (NULL: the path). Malformed JSON fails with SB_EPARSE and
 * an error naming the file, line and column; a structurally wrong file names
 * the offending event.
 */
int sb_calendar_load(sb_calendar **out, const char *path, const char *label,
		     sb_error *err);

/* The same, from a buffer already in memory (used by tests and fuzzers). */
int sb_calendar_load_buffer(sb_calendar **out, const char *data, size_t len,
			    const char *label, sb_error *err);

void sb_calendar_free(sb_calendar *cal);

/* What the calendar's data is, for output: the label or "statutory rules". */
const char *sb_calendar_source(const sb_calendar *cal);

/* First and last year the file proclaims; both 0 for a rules-only calendar. */
void sb_calendar_coverage(const sb_calendar *cal, int *first, int *last);

/* True when the year's holidays come from the file, not from the rules. */
bool sb_calendar_year_is_proclaimed(const sb_calendar *cal, int year);

/*
 * True when d is a holiday in England and Wales (Christmas Day and Good
 * Friday always are). When title is not NULL it receives the holiday's name.
 */
bool sb_calendar_is_holiday(const sb_calendar *cal, sb_date d, const char **title);

/* Not a weekend day and not a holiday. */
bool sb_calendar_is_working_day(const sb_calendar *cal, sb_date d);

/* The first working day on or after d. */
sb_date sb_calendar_working_day_on_or_after(const sb_calendar *cal, sb_date d);

/*
 * A day that counts for HESC Rules r.12(3)(b) in an SEN case: a working day
 * that is not 25 December to 1 January and not in August.
 */
bool sb_calendar_is_tribunal_day(const sb_calendar *cal, sb_date d);

/*
 * The date `n` Tribunal days (r.12(3)(b)) after `from`: the first counted day
 * is the first Tribunal day after `from`. n = 0 gives `from`. n must be
 * 0..SB_TRIBUNAL_DAYS_MAX (SB_ERANGE otherwise).
 */
#define SB_TRIBUNAL_DAYS_MAX 2000
int sb_calendar_add_tribunal_days(const sb_calendar *cal, sb_date from, int n,
				  sb_date *out, sb_error *err);

/*
 * Find a data file the program ships (e.g. "bank-holidays.json"). When
 * $SENDBUNDLE_DATA_DIR is set, only that folder is looked in. Otherwise:
 * beside the executable (../share/sendbundle), the installed data directory,
 * and the source tree's data/ (for a build tree).
 * Returns 0 and the path in buf, or SB_EUNSAFE when none exists.
 */
int sb_data_find(const char *name, char *buf, size_t size, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
