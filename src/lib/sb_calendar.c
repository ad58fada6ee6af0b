/*
 * sb_calendar: which days are working days in England and Wales, from a
 * GOV.UK-format holiday file where it has the year and from the statutory
 * rules otherwise (docs/legal-rules.md, "Bank holidays").
 *
 * "Working day" follows HESC Rules r.1(1): not a Saturday, Sunday, Christmas
 * Day, Good Friday or a bank holiday under the Banking and Financial Dealings
 * Act 1971 in England and Wales. Only the "england-and-wales" division of a
 * file is read: Scottish and Northern Irish holidays are working days here.
 */
#include <sendbundle/calendar.h>
#include <sendbundle/fileio.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define YEARS (SB_DATE_MAX_YEAR - SB_DATE_MIN_YEAR + 1)
/* Every England and Wales year since 1978 has had at least 8 holidays. */
#define MIN_HOLIDAYS_IN_A_YEAR 8
#define MAX_EVENTS 10000

struct sb_calendar {
	char *label;
	sb_holiday *holidays; /* sorted by date; strings owned in titles */
	char **strings;       /* titles and notes we own */
	size_t nholidays;
	size_t nstrings;
	int first_year, last_year;
	unsigned char proclaimed[YEARS];
};

int sb_calendar_new(sb_calendar **out, sb_error *err)
{
	sb_calendar *cal;

	if (out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no calendar to return");
	*out = NULL;
	cal = calloc(1, sizeof(*cal));
	if (cal == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	*out = cal;
	return SB_OK;
}

void sb_calendar_free(sb_calendar *cal)
{
	size_t i;

	if (cal == NULL)
		return;
	for (i = 0; i < cal->nstrings; i++)
		free(cal->strings[i]);
	free(cal->strings);
	free(cal->holidays);
	free(cal->label);
	free(cal);
}

const char *sb_calendar_source(const sb_calendar *cal)
{
	if (cal == NULL || cal->label == NULL)
		return "statutory rules";
	return cal->label;
}

void sb_calendar_coverage(const sb_calendar *cal, int *first, int *last)
{
	if (first != NULL)
		*first = cal != NULL ? cal->first_year : 0;
	if (last != NULL)
		*last = cal != NULL ? cal->last_year : 0;
}

bool sb_calendar_year_is_proclaimed(const sb_calendar *cal, int year)
{
	if (cal == NULL || year < SB_DATE_MIN_YEAR || year > SB_DATE_MAX_YEAR)
		return false;
	return cal->proclaimed[year - SB_DATE_MIN_YEAR] != 0;
}

static int cmp_holiday(const void *a, const void *b)
{
	const sb_holiday *x = a, *y = b;

	return sb_date_compare(x->date, y->date);
}

/* The value of n decimal digits, already checked to be digits. */
static int digits_value(const char *s, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* ISO "YYYY-MM-DD" exactly, as GOV.UK writes it. */
static bool parse_iso_strict(const char *s, sb_date *out)
{
	size_t i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	out->year = digits_value(s, 4);
	out->month = digits_value(s + 5, 2);
	out->day = digits_value(s + 8, 2);
	return sb_date_is_valid(*out);
}

static int keep_string(sb_calendar *cal, const char *s, const char **kept, sb_error *err)
{
	char *copy = strdup(s);

	if (copy == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	cal->strings[cal->nstrings++] = copy;
	*kept = copy;
	return SB_OK;
}

static int load_events(sb_calendar *cal, json_t *events, const char *label, sb_error *err)
{
	static const char hint[] =
		"use GOV.UK's file from https://www.gov.uk/bank-holidays.json unchanged";
	size_t n = json_array_size(events);
	size_t i;
	int count[YEARS];
	int y;
	int rc;

	if (n == 0)
		return sb_error_set(err, SB_EPARSE, label, hint,
				    "'%s' lists no england-and-wales holidays", label);
	if (n > MAX_EVENTS)
		return sb_error_set(err, SB_EPARSE, label, hint,
				    "'%s' lists %zu holidays, more than %d", label, n, MAX_EVENTS);
	cal->holidays = calloc(n, sizeof(*cal->holidays));
	cal->strings = calloc(2 * n, sizeof(*cal->strings));
	if (cal->holidays == NULL || cal->strings == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++) {
		json_t *ev = json_array_get(events, i);
		const char *date = NULL, *title = NULL, *notes = "";
		json_error_t jerr;
		sb_holiday *h = &cal->holidays[i];

		if (json_unpack_ex(ev, &jerr, 0, "{s:s, s:s, s?:s}", "date", &date, "title",
				   &title, "notes", &notes) != 0)
			return sb_error_set(err, SB_EPARSE, label, hint,
					    "'%s': england-and-wales event %zu: %s", label, i + 1,
					    jerr.text);
		if (!parse_iso_strict(date, &h->date))
			return sb_error_set(err, SB_EPARSE, label, hint,
					    "'%s': england-and-wales event %zu has date '%s', "
					    "not a real YYYY-MM-DD date in %d-%d",
					    label, i + 1, date, SB_DATE_MIN_YEAR, SB_DATE_MAX_YEAR);
		rc = keep_string(cal, title, &h->title, err);
		if (rc != SB_OK)
			return rc;
		rc = keep_string(cal, notes, &h->notes, err);
		if (rc != SB_OK)
			return rc;
		count[h->date.year - SB_DATE_MIN_YEAR]++;
		cal->nholidays++;
	}
	qsort(cal->holidays, cal->nholidays, sizeof(*cal->holidays), cmp_holiday);
	for (y = 0; y < YEARS; y++) {
		if (count[y] == 0)
			continue;
		/* A year with too few holidays is a cut-down file: trusting it would
		 * turn real bank holidays into working days and move deadlines. */
		if (count[y] < MIN_HOLIDAYS_IN_A_YEAR)
			return sb_error_set(err, SB_EPARSE, label, hint,
					    "'%s' lists only %d holidays in %d; every year has "
					    "at least %d, so the file looks incomplete",
					    label, count[y], y + SB_DATE_MIN_YEAR,
					    MIN_HOLIDAYS_IN_A_YEAR);
		cal->proclaimed[y] = 1;
		if (cal->first_year == 0)
			cal->first_year = y + SB_DATE_MIN_YEAR;
		cal->last_year = y + SB_DATE_MIN_YEAR;
	}
	return SB_OK;
}

int sb_calendar_load_buffer(sb_calendar **out, const char *data, size_t len,
			    const char *label, sb_error *err)
{
	static const char hint[] =
		"use GOV.UK's file from https://www.gov.uk/bank-holidays.json unchanged";
	sb_calendar *cal = NULL;
	json_t *root = NULL;
	json_t *division = NULL;
	json_t *events = NULL;
	json_error_t jerr;
	int rc;

	if (out == NULL || data == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no holiday data given");
	*out = NULL;
	if (label == NULL)
		label = "holiday data";
	rc = sb_calendar_new(&cal, err);
	if (cal == NULL) /* set exactly when rc is SB_OK */
		goto done;
	cal->label = strdup(label);
	if (cal->label == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		rc = sb_error_set(err, SB_EPARSE, label, hint,
				  "'%s' is not valid JSON: line %d, column %d: %s", label,
				  jerr.line, jerr.column, jerr.text);
		goto done;
	}
	division = json_object_get(root, "england-and-wales");
	if (!json_is_object(division)) {
		rc = sb_error_set(err, SB_EPARSE, label, hint,
				  "'%s' has no \"england-and-wales\" object; is it GOV.UK's "
				  "bank-holidays.json?",
				  label);
		goto done;
	}
	if (json_object_get(division, "division") != NULL &&
	    (!json_is_string(json_object_get(division, "division")) ||
	     strcmp(json_string_value(json_object_get(division, "division")),
		    "england-and-wales") != 0)) {
		rc = sb_error_set(err, SB_EPARSE, label, hint,
				  "'%s': the england-and-wales object names another division",
				  label);
		goto done;
	}
	events = json_object_get(division, "events");
	if (!json_is_array(events)) {
		rc = sb_error_set(err, SB_EPARSE, label, hint,
				  "'%s': england-and-wales has no \"events\" list", label);
		goto done;
	}
	rc = load_events(cal, events, label, err);
	if (rc != SB_OK)
		goto done;
	*out = cal;
	cal = NULL;
done:
	json_decref(root);
	sb_calendar_free(cal);
	return rc;
}

int sb_calendar_load(sb_calendar **out, const char *path, const char *label,
		     sb_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (out == NULL || path == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no holiday file given");
	*out = NULL;
	rc = sb_file_read(path, (size_t)SB_HOLIDAY_FILE_MAX, &data, &len, err);
	if (rc != SB_OK)
		goto done;
	rc = sb_calendar_load_buffer(out, data, len, label != NULL ? label : path, err);
done:
	free(data);
	return rc;
}

static bool find_loaded(const sb_calendar *cal, sb_date d, const char **title)
{
	size_t lo = 0, hi = cal->nholidays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = sb_date_compare(cal->holidays[mid].date, d);

		if (c == 0) {
			if (title != NULL)
				*title = cal->holidays[mid].title;
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool sb_calendar_is_holiday(const sb_calendar *cal, sb_date d, const char **title)
{
	sb_holiday rules[SB_HOLIDAYS_PER_YEAR_MAX];
	size_t n, i;

	/* Christmas Day and Good Friday are never working days (r.1(1)), whatever a
	 * file says: they are common-law holidays, not bank holidays. */
	if (d.month == 12 && d.day == 25) {
		if (title != NULL)
			*title = "Christmas Day";
		return true;
	}
	if (sb_date_compare(d, sb_date_add_days(sb_easter_sunday(d.year), -2)) == 0) {
		if (title != NULL)
			*title = "Good Friday";
		return true;
	}
	if (sb_calendar_year_is_proclaimed(cal, d.year))
		return find_loaded(cal, d, title);
	n = sb_holiday_rules(d.year, rules, SB_HOLIDAYS_PER_YEAR_MAX);
	if (n > SB_HOLIDAYS_PER_YEAR_MAX)
		n = SB_HOLIDAYS_PER_YEAR_MAX;
	for (i = 0; i < n; i++) {
		if (sb_date_compare(rules[i].date, d) == 0) {
			if (title != NULL)
				*title = rules[i].title;
			return true;
		}
	}
	return false;
}

bool sb_calendar_is_working_day(const sb_calendar *cal, sb_date d)
{
	if (sb_date_weekday(d) >= 6)
		return false;
	return !sb_calendar_is_holiday(cal, d, NULL);
}

sb_date sb_calendar_working_day_on_or_after(const sb_calendar *cal, sb_date d)
{
	/* Bounded: no run of non-working days is longer than a fortnight. */
	int guard;

	for (guard = 0; guard < 31 && !sb_calendar_is_working_day(cal, d); guard++)
		d = sb_date_add_days(d, 1);
	return d;
}

bool sb_calendar_is_tribunal_day(const sb_calendar *cal, sb_date d)
{
	/* HESC Rules r.12(3)(b): in an SEN case 25 December to 1 January and all
	 * of August do not count. */
	if (d.month == 8)
		return false;
	if ((d.month == 12 && d.day >= 25) || (d.month == 1 && d.day == 1))
		return false;
	return sb_calendar_is_working_day(cal, d);
}

int sb_calendar_add_tribunal_days(const sb_calendar *cal, sb_date from, int n,
				  sb_date *out, sb_error *err)
{
	sb_date d = from;
	int counted = 0;

	if (out == NULL || !sb_date_is_valid(from))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no valid start date given");
	if (n < 0 || n > SB_TRIBUNAL_DAYS_MAX)
		return sb_error_set(err, SB_ERANGE, NULL,
				    "give a number of working days from 0 to 2000",
				    "%d working days is outside 0-%d", n, SB_TRIBUNAL_DAYS_MAX);
	while (counted < n) {
		d = sb_date_add_days(d, 1);
		if (!sb_date_is_valid(d))
			return sb_error_set(err, SB_ERANGE, NULL, NULL,
					    "the count runs past the year %d", SB_DATE_MAX_YEAR);
		if (sb_calendar_is_tribunal_day(cal, d))
			counted++;
	}
	*out = d;
	return SB_OK;
}
