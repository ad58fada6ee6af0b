/*
 * sb_date: calendar arithmetic and the parser for dates people type.
 *
 * Day numbers use Howard Hinnant's civil-from-days algorithm, so every other
 * calculation (weekdays, differences, adding days) goes through one exact
 * conversion. Month arithmetic follows Dodds v Walker [1981] 1 WLR 1441 (HL):
 * corresponding date, or the last day of a shorter month; nothing else.
 */
#include <sendbundle/date.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"};

static const char *const weekday_names[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

bool sb_date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int sb_date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && sb_date_is_leap_year(year))
		return 29;
	return days[month - 1];
}

bool sb_date_is_valid(sb_date d)
{
	if (d.year < SB_DATE_MIN_YEAR || d.year > SB_DATE_MAX_YEAR)
		return false;
	if (d.month < 1 || d.month > 12)
		return false;
	return d.day >= 1 && d.day <= sb_date_days_in_month(d.year, d.month);
}

long sb_date_to_days(sb_date d)
{
	long y = d.year - (d.month <= 2 ? 1 : 0);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d.month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

sb_date sb_date_from_days(long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	sb_date d;

	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
	return d;
}

int sb_date_weekday(sb_date d)
{
	long days = sb_date_to_days(d);
	/* 1970-01-01 was a Thursday (ISO weekday 4). */
	long w = (days % 7 + 7 + 3) % 7;

	return (int)w + 1;
}

int sb_date_compare(sb_date a, sb_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

long sb_date_diff_days(sb_date later, sb_date earlier)
{
	return sb_date_to_days(later) - sb_date_to_days(earlier);
}

sb_date sb_date_add_days(sb_date d, long n)
{
	return sb_date_from_days(sb_date_to_days(d) + n);
}

sb_date sb_date_add_months(sb_date d, int n)
{
	long index = (long)d.year * 12 + (d.month - 1) + n;
	sb_date out;
	int last;

	out.year = (int)(index / 12);
	out.month = (int)(index % 12) + 1;
	last = sb_date_days_in_month(out.year, out.month);
	/* Dodds v Walker: the corresponding date, else the month's last day. */
	out.day = d.day <= last ? d.day : last;
	return out;
}

const char *sb_date_month_name(int month)
{
	if (month < 1 || month > 12)
		return "?";
	return month_names[month - 1];
}

const char *sb_date_weekday_name(int wday)
{
	if (wday < 1 || wday > 7)
		return "?";
	return weekday_names[wday - 1];
}

char *sb_date_format_iso(sb_date d, char *buf, size_t size)
{
	snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
	return buf;
}

char *sb_date_format_long(sb_date d, char *buf, size_t size)
{
	snprintf(buf, size, "%s %d %s %d", sb_date_weekday_name(sb_date_weekday(d)), d.day,
		 sb_date_month_name(d.month), d.year);
	return buf;
}

char *sb_date_format_short(sb_date d, char *buf, size_t size)
{
	snprintf(buf, size, "%.3s %d %.3s %d", sb_date_weekday_name(sb_date_weekday(d)), d.day,
		 sb_date_month_name(d.month), d.year);
	return buf;
}

/* ---- parsing ------------------------------------------------------------ */

#define PARSE_MAX_TOKENS 8
#define PARSE_WORD_MAX 16
#define PARSE_INPUT_MAX 64

enum tok_kind { TOK_NUM, TOK_MONTH, TOK_WEEKDAY };

struct tok {
	enum tok_kind kind;
	int value;   /* number, month 1-12 or ISO weekday */
	int digits;  /* for numbers */
	char sep;    /* separator that followed: '/', '.', '-', ' ' or 0 at end */
};

/* Month names and the abbreviations people write ("Sept" included). */
static int match_month(const char *w)
{
	static const char *const extra[] = {"sept"};
	size_t len = strlen(w);
	int i;

	for (i = 0; i < 12; i++) {
		char full[PARSE_WORD_MAX];
		size_t j;

		for (j = 0; month_names[i][j] != '\0' && j + 1 < sizeof(full); j++)
			full[j] = (char)tolower((unsigned char)month_names[i][j]);
		full[j] = '\0';
		if (strcmp(w, full) == 0)
			return i + 1;
		if (len == 3 && strncmp(w, full, 3) == 0)
			return i + 1;
	}
	if (strcmp(w, extra[0]) == 0)
		return 9;
	return 0;
}

static int match_weekday(const char *w)
{
	static const char *const four[] = {"tues", "weds", "thur", "thurs"};
	static const int four_day[] = {2, 3, 4, 4};
	size_t len = strlen(w);
	size_t k;
	int i;

	for (i = 0; i < 7; i++) {
		char full[PARSE_WORD_MAX];
		size_t j;

		for (j = 0; weekday_names[i][j] != '\0' && j + 1 < sizeof(full); j++)
			full[j] = (char)tolower((unsigned char)weekday_names[i][j]);
		full[j] = '\0';
		if (strcmp(w, full) == 0 || (len == 3 && strncmp(w, full, 3) == 0))
			return i + 1;
	}
	for (k = 0; k < sizeof(four) / sizeof(four[0]); k++)
		if (strcmp(w, four[k]) == 0)
			return four_day[k];
	return 0;
}

static bool is_ordinal_suffix(const char *s)
{
	return strcmp(s, "st") == 0 || strcmp(s, "nd") == 0 || strcmp(s, "rd") == 0 ||
	       strcmp(s, "th") == 0;
}

static int bad_date(sb_error *err, const char *text, const char *why)
{
	return sb_error_set(err, SB_EINVAL, NULL,
			    "write the date as 15/03/2026, 15 March 2026 or 2026-03-15 "
			    "(day first)",
			    "'%s' is not a date I can read: %s", text, why);
}

/* Split text into numbers, month names and weekday names. */
static int tokenize(const char *text, struct tok *toks, size_t *ntoks, sb_error *err)
{
	const char *p = text;
	size_t n = 0;

	while (*p != '\0') {
		struct tok t;
		char word[PARSE_WORD_MAX];
		size_t wl = 0;

		if (isspace((unsigned char)*p) || *p == ',') {
			if (n > 0 && toks[n - 1].sep == 0)
				toks[n - 1].sep = ' ';
			p++;
			continue;
		}
		if (*p == '/' || *p == '.' || *p == '-') {
			if (n == 0 || (toks[n - 1].sep != 0 && toks[n - 1].sep != ' ') ||
			    (toks[n - 1].kind == TOK_WEEKDAY && *p != '.'))
				return bad_date(err, text, "a separator is out of place");
			toks[n - 1].sep = *p;
			p++;
			continue;
		}
		if (n == PARSE_MAX_TOKENS)
			return bad_date(err, text, "it has too many parts");
		memset(&t, 0, sizeof(t));
		if (isdigit((unsigned char)*p)) {
			long v = 0;
			int digits = 0;

			while (isdigit((unsigned char)*p)) {
				if (digits >= 4)
					return bad_date(err, text, "a number is too long");
				v = v * 10 + (*p - '0');
				digits++;
				p++;
			}
			t.kind = TOK_NUM;
			t.value = (int)v;
			t.digits = digits;
			/* An ordinal suffix glued to the day: 15th, 1st, 22nd, 3rd. */
			if (isalpha((unsigned char)*p)) {
				char suf[4];
				size_t sl = 0;

				while (isalpha((unsigned char)*p) && sl < 3)
					suf[sl++] = (char)tolower((unsigned char)*p++);
				suf[sl] = '\0';
				if (isalpha((unsigned char)*p) || !is_ordinal_suffix(suf))
					return bad_date(err, text, "letters are stuck to a number");
			}
			toks[n++] = t;
			continue;
		}
		if (isalpha((unsigned char)*p)) {
			while (isalpha((unsigned char)*p)) {
				if (wl + 1 >= sizeof(word))
					return bad_date(err, text, "a word is not a month or day name");
				word[wl++] = (char)tolower((unsigned char)*p++);
			}
			word[wl] = '\0';
			/* "15th of March", "15 th March": only straight after the day. */
			if ((strcmp(word, "of") == 0 || is_ordinal_suffix(word)) && n > 0 &&
			    toks[n - 1].kind == TOK_NUM)
				continue;
			t.value = match_month(word);
			if (t.value != 0) {
				t.kind = TOK_MONTH;
			} else {
				t.value = match_weekday(word);
				if (t.value == 0)
					return bad_date(err, text,
							"a word is not a month or day name");
				t.kind = TOK_WEEKDAY;
			}
			toks[n++] = t;
			continue;
		}
		return bad_date(err, text, "it contains a character that is not part of a date");
	}
	/* "15/03/2026." ends a sentence; "15/03/2026/" is cut short. */
	if (n > 0 && (toks[n - 1].sep == '/' || toks[n - 1].sep == '-'))
		return bad_date(err, text, "it ends with a separator");
	*ntoks = n;
	return SB_OK;
}

static int year_of(const struct tok *t, const char *text, int *year, sb_error *err)
{
	if (t->kind != TOK_NUM)
		return bad_date(err, text, "the year is missing");
	if (t->digits == 4) {
		*year = t->value;
		return SB_OK;
	}
	if (t->digits == 2) {
		/* Two-digit years are this century: 15.3.26 is 2026. */
		*year = 2000 + t->value;
		return SB_OK;
	}
	return bad_date(err, text, "the year must have 2 or 4 digits");
}

int sb_date_parse(const char *text, sb_date *out, sb_error *err)
{
	struct tok toks[PARSE_MAX_TOKENS];
	const struct tok *t;
	size_t n = 0;
	int weekday = 0;
	sb_date d = {0, 0, 0};
	int rc;

	if (text == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no date given");
	if (strlen(text) > PARSE_INPUT_MAX)
		return bad_date(err, "(too long)", "it is longer than any date");
	rc = tokenize(text, toks, &n, err);
	if (rc != SB_OK)
		return rc;
	t = toks;
	if (n > 0 && t[0].kind == TOK_WEEKDAY) {
		weekday = t[0].value;
		t++;
		n--;
	}
	if (n != 3)
		return bad_date(err, text, n < 3 ? "it needs a day, a month and a year"
						 : "it has more than a day, a month and a year");
	if (t[0].kind == TOK_NUM && t[1].kind == TOK_NUM && t[2].kind == TOK_NUM) {
		if (t[0].digits == 4) {
			/* ISO 8601 order, year first: 2026-03-15. */
			d.year = t[0].value;
			d.month = t[1].value;
			d.day = t[2].value;
		} else {
			/* UK numeric dates are always day first. */
			if (t[0].digits > 2 || t[1].digits > 2)
				return bad_date(err, text, "day and month have 1 or 2 digits");
			d.day = t[0].value;
			d.month = t[1].value;
			rc = year_of(&t[2], text, &d.year, err);
			if (rc != SB_OK)
				return rc;
		}
		if (d.month < 1 || d.month > 12) {
			return sb_error_set(err, SB_EINVAL, NULL,
					    "numeric dates are read day first: 15/03/2026 is "
					    "15 March 2026",
					    "'%s' is not a date: there is no month %d", text, d.month);
		}
	} else if (t[0].kind == TOK_NUM && t[1].kind == TOK_MONTH) {
		if (t[0].digits > 2)
			return bad_date(err, text, "the day has 1 or 2 digits");
		d.day = t[0].value;
		d.month = t[1].value;
		rc = year_of(&t[2], text, &d.year, err);
		if (rc != SB_OK)
			return rc;
	} else if (t[0].kind == TOK_MONTH && t[1].kind == TOK_NUM) {
		if (t[1].digits > 2)
			return bad_date(err, text, "the day has 1 or 2 digits");
		d.month = t[0].value;
		d.day = t[1].value;
		rc = year_of(&t[2], text, &d.year, err);
		if (rc != SB_OK)
			return rc;
	} else {
		return bad_date(err, text, "expected a day, a month and a year");
	}
	if (d.year < SB_DATE_MIN_YEAR || d.year > SB_DATE_MAX_YEAR)
		return sb_error_set(err, SB_ERANGE, NULL, "check the year",
				    "'%s': the year %d is outside %d-%d", text, d.year,
				    SB_DATE_MIN_YEAR, SB_DATE_MAX_YEAR);
	if (d.day < 1 || d.day > sb_date_days_in_month(d.year, d.month)) {
		return sb_error_set(err, SB_EINVAL, NULL, "check the day of the month",
				    "'%s' is not a real date: %s %d has %d days", text,
				    sb_date_month_name(d.month), d.year,
				    sb_date_days_in_month(d.year, d.month));
	}
	if (weekday != 0 && weekday != sb_date_weekday(d)) {
		return sb_error_set(err, SB_EINVAL, NULL,
				    "check which is right, the day name or the date",
				    "'%s': %d %s %d is a %s, not a %s", text, d.day,
				    sb_date_month_name(d.month), d.year,
				    sb_date_weekday_name(sb_date_weekday(d)),
				    sb_date_weekday_name(weekday));
	}
	*out = d;
	return SB_OK;
}
