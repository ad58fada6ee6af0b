/*
 * sendbundle: iCalendar (RFC 5545) export of a computed deadline.
 *
 * Why this file exists: people keep deadlines in their calendar app, and the
 * SEND Tribunal deadline is a time of day (5pm, HESC Rules r.12(1)) in UK
 * local time, so the event carries its own VTIMEZONE for Europe/London rather
 * than a UTC time that would drift by an hour across the clock change.
 *
 * The text is built in two small growable buffers: one logical content line
 * at a time, which is then folded into the output at 75 octets without
 * splitting a UTF-8 sequence (RFC 5545 section 3.1). A buffer that fails to
 * grow remembers it, so a long run of appends needs one check at the end.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sendbundle/date.h>
#include <sendbundle/deadline.h>
#include <sendbundle/error.h>
#include <sendbundle/fileio.h>
#include <sendbundle/ics.h>
#include <sendbundle/version.h>

/* RFC 5545 section 3.1: lines SHOULD NOT be longer than 75 octets, excluding CRLF. */
#define SB_ICS_FOLD_OCTETS 75
#define SB_ICS_TZID "Europe/London"
#define SB_ICS_STAMP_LEN 32 /* "20231114T221320Z" and room to spare */
#define SB_ICS_YMD_LEN 32   /* "20261203" and room to spare */

/* A growable byte buffer, always NUL-terminated once anything was added. */
typedef struct sb_ics_buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed; later appends do nothing */
} sb_ics_buf;

/* What a render needs: the output, a scratch line, a scratch text. */
typedef struct sb_ics_ctx {
	sb_ics_buf out;
	sb_ics_buf line;
	sb_ics_buf text;
	const sb_deadline *d;
	char stamp[SB_ICS_STAMP_LEN];
	char deadline_long[SB_DATE_LONG_LEN];
} sb_ics_ctx;

static void ics_buf_release(sb_ics_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

static int ics_buf_grow(sb_ics_buf *b, size_t extra)
{
	size_t need;
	size_t cap;
	char *p = NULL;

	if (b->failed)
		return SB_ENOMEM;
	if (extra > SIZE_MAX - b->len - 1) {
		b->failed = true;
		return SB_ENOMEM;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = true;
		return SB_ENOMEM;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

static int ics_buf_add(sb_ics_buf *b, const char *s, size_t n)
{
	int rc = ics_buf_grow(b, n);

	if (rc != 0)
		return rc;
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

static int ics_buf_puts(sb_ics_buf *b, const char *s)
{
	return ics_buf_add(b, s, strlen(s));
}

static void ics_buf_reset(sb_ics_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/*
 * Octets in the UTF-8 sequence starting at s (at most avail). A stray or
 * truncated sequence counts as what is actually there, so folding always
 * makes progress and never separates a lead byte from its continuations.
 */
static size_t ics_utf8_unit(const char *s, size_t avail)
{
	unsigned char c = (unsigned char)s[0];
	size_t want = 1;
	size_t k = 1;

	if (c >= 0xF0 && c < 0xF8)
		want = 4;
	else if (c >= 0xE0 && c < 0xF0)
		want = 3;
	else if (c >= 0xC0 && c < 0xE0)
		want = 2;
	while (k < want && k < avail && ((unsigned char)s[k] & 0xC0) == 0x80)
		k++;
	return k;
}

/* Fold one logical line into out: CRLF + one space before any octet past 75. */
static void ics_fold_into(sb_ics_buf *out, const char *s, size_t n)
{
	size_t col = 0;
	size_t i = 0;

	while (i < n) {
		size_t unit = ics_utf8_unit(s + i, n - i);

		if (col + unit > SB_ICS_FOLD_OCTETS) {
			ics_buf_add(out, "\r\n ", 3);
			col = 1;
		}
		ics_buf_add(out, s + i, unit);
		col += unit;
		i += unit;
	}
	ics_buf_add(out, "\r\n", 2);
}

/*
 * TEXT escaping, RFC 5545 section 3.3.11: backslash, semicolon and comma get
 * a backslash, a line break becomes \n. CR LF and lone CR count as one line
 * break; other control characters are not allowed in TEXT and become spaces.
 */
static void ics_escape_into(sb_ics_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == ';' || c == ',') {
			char esc[2] = { '\\', (char)c };

			ics_buf_add(b, esc, 2);
		} else if (c == '\r') {
			if (s[1] == '\n')
				s++;
			ics_buf_add(b, "\\n", 2);
		} else if (c == '\n') {
			ics_buf_add(b, "\\n", 2);
		} else if ((c < 0x20 && c != '\t') || c == 0x7F) {
			ics_buf_add(b, " ", 1);
		} else {
			ics_buf_add(b, s, 1);
		}
	}
}

/* "NAME:value" with value written as is (dates, codes, fixed words). */
static void ics_prop(sb_ics_ctx *c, const char *name, const char *value)
{
	ics_buf_reset(&c->line);
	ics_buf_puts(&c->line, name);
	ics_buf_add(&c->line, ":", 1);
	ics_buf_puts(&c->line, value);
	if (c->line.failed) {
		c->out.failed = true;
		return;
	}
	ics_fold_into(&c->out, c->line.data, c->line.len);
}

/* "NAME:value" with value escaped as TEXT. */
static void ics_prop_text(sb_ics_ctx *c, const char *name, const char *value)
{
	ics_buf_reset(&c->line);
	ics_buf_puts(&c->line, name);
	ics_buf_add(&c->line, ":", 1);
	ics_escape_into(&c->line, value);
	if (c->line.failed) {
		c->out.failed = true;
		return;
	}
	ics_fold_into(&c->out, c->line.data, c->line.len);
}

/* Several fixed lines (already short and plain) in one call. */
static void ics_lines(sb_ics_ctx *c, const char *const *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ics_buf_puts(&c->out, lines[i]);
		ics_buf_add(&c->out, "\r\n", 2);
	}
}

static int ics_ymd(sb_date d, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%04d%02d%02d", d.year, d.month, d.day);

	return (n < 0 || (size_t)n >= size) ? SB_ERANGE : 0;
}

/* DTSTAMP is UTC (RFC 5545 section 3.8.7.2), from the caller's epoch. */
static int ics_stamp(long long epoch, char *buf, size_t size)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	int n;

	if (epoch < 0 || (long long)t != epoch)
		return SB_ERANGE;
	if (gmtime_r(&t, &tm) == NULL)
		return SB_ERANGE;
	if (tm.tm_year + 1900 > 9999)
		return SB_ERANGE;
	n = snprintf(buf, size, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return (n < 0 || (size_t)n >= size) ? SB_ERANGE : 0;
}

/* The long form of a date, or "" when the date is not a real one. */
static const char *ics_long(sb_date d, char *buf, size_t size)
{
	if (!sb_date_is_valid(d)) {
		buf[0] = '\0';
		return buf;
	}
	return sb_date_format_long(d, buf, size);
}

static void ics_vcalendar_head(sb_ics_ctx *c)
{
	/*
	 * Europe/London since 1996: BST from 01:00 UTC on the last Sunday of
	 * March to 01:00 UTC on the last Sunday of October (Summer Time Act 1972,
	 * Summer Time Order 2002). DTSTART is local time before each change.
	 */
	static const char *const tz[] = {
		"BEGIN:VTIMEZONE",
		("TZID:" SB_ICS_TZID),
		"BEGIN:STANDARD",
		"DTSTART:19701025T020000",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0000",
		"TZNAME:GMT",
		"END:STANDARD",
		"BEGIN:DAYLIGHT",
		"DTSTART:19700329T010000",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"TZOFFSETFROM:+0000",
		"TZOFFSETTO:+0100",
		"TZNAME:BST",
		"END:DAYLIGHT",
		"END:VTIMEZONE",
	};

	ics_prop(c, "BEGIN", "VCALENDAR");
	ics_prop(c, "VERSION", "2.0");
	ics_prop(c, "PRODID", "-//sendbundle//sendbundle " SB_VERSION "//EN");
	ics_prop(c, "CALSCALE", "GREGORIAN");
	ics_prop(c, "METHOD", "PUBLISH");
	ics_lines(c, tz, sizeof tz / sizeof tz[0]);
}

/* Which limb of HESC Rules r.20(1)(c) governs, and what it counts from. */
static void ics_describe_limb(sb_ics_ctx *c)
{
	const sb_deadline *d = c->d;
	char when[SB_DATE_LONG_LEN];
	sb_ics_buf *t = &c->text;

	if (d->limb == NULL)
		return;
	ics_buf_puts(t, "Governing limb: HESC Rules r.20(1)(c)(");
	ics_buf_puts(t, d->limb);
	ics_buf_puts(t, ")");
	if (strcmp(d->limb, "i") == 0) {
		ics_buf_puts(t, ", 2 months after written notice of the decision was sent");
		if (sb_date_is_valid(d->start)) {
			ics_buf_puts(t, " (counted from ");
			ics_buf_puts(t, ics_long(d->start, when, sizeof when));
			ics_buf_puts(t, ")");
		}
	} else if (strcmp(d->limb, "ii") == 0) {
		ics_buf_puts(t, ", 1 month from the date of issue of the mediation certificate");
		if (d->has_certificate_date && sb_date_is_valid(d->certificate_date)) {
			ics_buf_puts(t, " (issued ");
			ics_buf_puts(t, ics_long(d->certificate_date, when, sizeof when));
			ics_buf_puts(t, ")");
		}
	}
	ics_buf_puts(t, ".\n");
}

/* The deadline event's DESCRIPTION, unescaped, into c->text. */
static void ics_describe_deadline(sb_ics_ctx *c)
{
	const sb_deadline *d = c->d;
	char when[SB_DATE_LONG_LEN];
	sb_ics_buf *t = &c->text;
	size_t i;

	ics_buf_reset(t);
	/* HESC Rules r.20(1)(c) and r.12(1): received, by 5pm, on the day. */
	ics_buf_puts(t, "The appeal must be received by the SEND Tribunal by 5pm on ");
	ics_buf_puts(t, c->deadline_long);
	ics_buf_puts(t, ".\n");
	if (sb_date_is_valid(d->decision_date)) {
		ics_buf_puts(t, "Decision letter dated ");
		ics_buf_puts(t, ics_long(d->decision_date, when, sizeof when));
		ics_buf_puts(t, ".\n");
	}
	ics_describe_limb(c);
	if (d->has_alternative && sb_date_is_valid(d->alternative)) {
		ics_buf_puts(t, "An arguable later reading gives 5pm on ");
		ics_buf_puts(t, ics_long(d->alternative, when, sizeof when));
		ics_buf_puts(t, "; do not rely on it.\n");
	}
	if (d->nsteps > 0 && d->steps != NULL) {
		ics_buf_puts(t, "\nHow the date was worked out:\n");
		for (i = 0; i < d->nsteps; i++) {
			const sb_deadline_step *s = &d->steps[i];

			if (s->rule != NULL) {
				ics_buf_puts(t, s->rule);
				ics_buf_puts(t, ": ");
			}
			ics_buf_puts(t, s->text != NULL ? s->text : "");
			ics_buf_puts(t, "\n");
		}
	}
	if (d->nwarnings > 0 && d->warnings != NULL) {
		ics_buf_puts(t, "\nWarnings:\n");
		for (i = 0; i < d->nwarnings; i++) {
			if (d->warnings[i].text == NULL)
				continue;
			ics_buf_puts(t, d->warnings[i].text);
			ics_buf_puts(t, "\n");
		}
	}
	ics_buf_puts(t, "\nThis is not legal advice.");
}

static int ics_deadline_event(sb_ics_ctx *c)
{
	const sb_deadline *d = c->d;
	char day[SB_ICS_YMD_LEN];
	char decided[SB_ICS_YMD_LEN];
	char value[128];
	int n;

	if (ics_ymd(d->deadline, day, sizeof day) != 0 ||
	    ics_ymd(d->decision_date, decided, sizeof decided) != 0)
		return SB_ERANGE;

	ics_prop(c, "BEGIN", "VEVENT");
	/* Derived from the dates so a re-export updates the same event. */
	n = snprintf(value, sizeof value, "deadline-%s-%s@sendbundle", day, decided);
	if (n < 0 || (size_t)n >= sizeof value)
		return SB_ERANGE;
	ics_prop(c, "UID", value);
	ics_prop(c, "DTSTAMP", c->stamp);
	/* An hour-long slot that ends when time runs out: 5pm, HESC Rules r.12(1). */
	n = snprintf(value, sizeof value, "%sT160000", day);
	if (n < 0 || (size_t)n >= sizeof value)
		return SB_ERANGE;
	ics_prop(c, "DTSTART;TZID=" SB_ICS_TZID, value);
	n = snprintf(value, sizeof value, "%sT170000", day);
	if (n < 0 || (size_t)n >= sizeof value)
		return SB_ERANGE;
	ics_prop(c, "DTEND;TZID=" SB_ICS_TZID, value);
	ics_prop_text(c, "SUMMARY",
		      "SEND Tribunal appeal deadline: appeal must be received by 5pm");
	ics_describe_deadline(c);
	if (c->text.failed)
		return SB_ENOMEM;
	ics_prop_text(c, "DESCRIPTION", c->text.data);
	ics_prop(c, "STATUS", "CONFIRMED");
	ics_prop(c, "TRANSP", "TRANSPARENT");

	ics_prop(c, "BEGIN", "VALARM");
	ics_prop(c, "ACTION", "DISPLAY");
	ics_prop(c, "TRIGGER", "-P7D");
	ics_buf_reset(&c->text);
	ics_buf_puts(&c->text, "One week left: the SEND Tribunal appeal must be received by "
			       "5pm on ");
	ics_buf_puts(&c->text, c->deadline_long);
	ics_buf_puts(&c->text, ".");
	if (c->text.failed)
		return SB_ENOMEM;
	ics_prop_text(c, "DESCRIPTION", c->text.data);
	ics_prop(c, "END", "VALARM");
	ics_prop(c, "END", "VEVENT");
	return 0;
}

static int ics_mediation_event(sb_ics_ctx *c)
{
	const sb_deadline *d = c->d;
	char day[SB_ICS_YMD_LEN];
	char next[SB_ICS_YMD_LEN];
	char decided[SB_ICS_YMD_LEN];
	char when[SB_DATE_LONG_LEN];
	char value[128];
	sb_ics_buf *t = &c->text;
	int n;

	if (ics_ymd(d->mediation_contact_by, day, sizeof day) != 0 ||
	    ics_ymd(sb_date_add_days(d->mediation_contact_by, 1), next, sizeof next) != 0 ||
	    ics_ymd(d->decision_date, decided, sizeof decided) != 0)
		return SB_ERANGE;
	ics_long(d->mediation_contact_by, when, sizeof when);

	ics_prop(c, "BEGIN", "VEVENT");
	n = snprintf(value, sizeof value, "mediation-contact-%s-%s@sendbundle", day, decided);
	if (n < 0 || (size_t)n >= sizeof value)
		return SB_ERANGE;
	ics_prop(c, "UID", value);
	ics_prop(c, "DTSTAMP", c->stamp);
	/* All day: DTEND of a DATE event is exclusive (RFC 5545 section 3.6.1). */
	ics_prop(c, "DTSTART;VALUE=DATE", day);
	ics_prop(c, "DTEND;VALUE=DATE", next);
	ics_prop_text(c, "SUMMARY",
		      "Contact the mediation adviser by today (SEND Regulations 2014 reg 33)");

	ics_buf_reset(t);
	ics_buf_puts(t, "Before appealing you must contact a mediation adviser and get a "
			"mediation certificate, unless the appeal is only about the school or "
			"other institution named in the plan. SEND Regulations 2014 reg 33: "
			"contact the adviser within 2 months after the notice of the decision "
			"was sent, that is by ");
	ics_buf_puts(t, when);
	ics_buf_puts(t, ".\nThis date is not moved for weekends or bank holidays: HESC Rules "
			"r.12 does not govern the Regulations.\nThe appeal itself must be "
			"received by 5pm on ");
	ics_buf_puts(t, c->deadline_long);
	ics_buf_puts(t, ".\n\nThis is not legal advice.");
	if (t->failed)
		return SB_ENOMEM;
	ics_prop_text(c, "DESCRIPTION", t->data);
	ics_prop(c, "STATUS", "CONFIRMED");
	ics_prop(c, "TRANSP", "TRANSPARENT");

	ics_prop(c, "BEGIN", "VALARM");
	ics_prop(c, "ACTION", "DISPLAY");
	ics_prop(c, "TRIGGER", "-P7D");
	ics_buf_reset(t);
	ics_buf_puts(t, "One week left to contact the mediation adviser: by ");
	ics_buf_puts(t, when);
	ics_buf_puts(t, " (SEND Regulations 2014 reg 33).");
	if (t->failed)
		return SB_ENOMEM;
	ics_prop_text(c, "DESCRIPTION", t->data);
	ics_prop(c, "END", "VALARM");
	ics_prop(c, "END", "VEVENT");
	return 0;
}

/* Render into *out / *len; the caller owns *out. Fills err on failure. */
static int ics_render(const sb_deadline *d, long long stamp_epoch, char **out, size_t *len,
		      sb_error *err)
{
	sb_ics_ctx c;
	int rc = 0;

	memset(&c, 0, sizeof c);
	c.d = d;
	*out = NULL;
	*len = 0;

	if (!sb_date_is_valid(d->deadline) || !sb_date_is_valid(d->decision_date) ||
	    !sb_date_is_valid(d->mediation_contact_by)) {
		rc = sb_error_set(err, SB_EINVAL, NULL, "compute the deadline first",
				  "cannot export a calendar: the deadline has an invalid date");
		goto done;
	}
	if (ics_stamp(stamp_epoch, c.stamp, sizeof c.stamp) != 0) {
		rc = sb_error_set(err, SB_ERANGE, NULL,
				  "set SOURCE_DATE_EPOCH to seconds since 1970-01-01 UTC",
				  "cannot export a calendar: timestamp %lld is out of range",
				  stamp_epoch);
		goto done;
	}
	sb_date_format_long(d->deadline, c.deadline_long, sizeof c.deadline_long);

	ics_vcalendar_head(&c);
	rc = ics_deadline_event(&c);
	if (rc == 0)
		rc = ics_mediation_event(&c);
	if (rc == 0)
		ics_prop(&c, "END", "VCALENDAR");
	if (rc == 0 && (c.out.failed || c.line.failed || c.text.failed))
		rc = SB_ENOMEM;
	if (rc == SB_ENOMEM) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL,
				  "out of memory building the calendar file");
		goto done;
	}
	if (rc != 0) {
		rc = sb_error_set(err, rc, NULL, NULL,
				  "cannot export a calendar: a date is out of range");
		goto done;
	}

	*out = c.out.data;
	*len = c.out.len;
	c.out.data = NULL;

done:
	ics_buf_release(&c.out);
	ics_buf_release(&c.line);
	ics_buf_release(&c.text);
	return rc;
}

int sb_ics_render(const sb_deadline *d, long long stamp_epoch, char **out, sb_error *err)
{
	size_t len = 0;

	if (out != NULL)
		*out = NULL;
	if (d == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "sb_ics_render: %s is NULL", d == NULL ? "deadline" : "out");
	return ics_render(d, stamp_epoch, out, &len, err);
}

int sb_ics_write(const sb_deadline *d, long long stamp_epoch, const char *path, sb_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (d == NULL || path == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "sb_ics_write: %s is NULL",
				    d == NULL ? "deadline" : "path");
	rc = ics_render(d, stamp_epoch, &text, &len, err);
	if (rc != 0)
		goto done;
	rc = sb_file_write_atomic(path, text, len, err);

done:
	free(text);
	return rc;
}
