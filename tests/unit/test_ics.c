/*
 * Unit tests for sb_ics (RFC 5545 export of a deadline).
 *
 * Why: calendar apps are strict in different ways, so the output is pinned
 * line by line: CRLF, folding at 75 octets without splitting UTF-8, TEXT
 * escaping, the 17:00 Europe/London end (HESC Rules r.12(1)), the alarm a week
 * before, and the all-day mediation contact date (SEND Regulations 2014 reg 33).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sendbundle/deadline.h>
#include <sendbundle/error.h>
#include <sendbundle/ics.h>
#include <sendbundle/version.h>

#define STAMP_EPOCH 1700000000LL /* 2023-11-14T22:13:20Z */

static char step1_text[] = "2 months after Monday 14 September 2026 is Saturday 14 November 2026";
static char step2_text[] = "a, b; c\\d\nsecond line";
static char warn_text[] = "The certificate is dated after the limb (i) date; check it.";

/* The case every test starts from: limb (ii) governs, deadline Thu 3 Dec 2026. */
static void make_deadline(sb_deadline *d, sb_deadline_step steps[2], sb_deadline_warning *w)
{
	memset(d, 0, sizeof *d);
	memset(steps, 0, 2 * sizeof steps[0]);
	memset(w, 0, sizeof *w);
	d->appeal_type = SB_APPEAL_REFUSAL_TO_ASSESS;
	d->decision_date = (sb_date){ 2026, 9, 14 };
	d->start = (sb_date){ 2026, 9, 14 };
	d->has_certificate_date = true;
	d->certificate_date = (sb_date){ 2026, 11, 3 };
	d->limb_i_end = (sb_date){ 2026, 11, 14 };
	d->has_limb_ii = true;
	d->limb_ii_end = (sb_date){ 2026, 12, 3 };
	d->limb = "ii";
	d->raw_end = (sb_date){ 2026, 12, 3 };
	d->deadline = (sb_date){ 2026, 12, 3 };
	d->mediation_contact_by = (sb_date){ 2026, 11, 14 };
	steps[0].rule = "HESC r.20(1)(c)(i)";
	steps[0].text = step1_text;
	steps[0].has_date = true;
	steps[0].date = (sb_date){ 2026, 11, 14 };
	steps[1].rule = "HESC r.20(1)(c)(ii)";
	steps[1].text = step2_text;
	d->nsteps = 2;
	d->steps = steps;
	w->code = "certificate-after-limb-i";
	w->text = warn_text;
	d->nwarnings = 1;
	d->warnings = w;
}

static char *render_ok(const sb_deadline *d, long long epoch)
{
	sb_error err;
	char *out = NULL;
	int rc;

	sb_error_clear(&err);
	rc = sb_ics_render(d, epoch, &out, &err);
	if (rc != 0)
		fail_msg("sb_ics_render: %d %s", rc, err.message);
	assert_int_equal(rc, 0);
	assert_non_null(out);
	return out;
}

/* Undo RFC 5545 folding: drop every CRLF that is followed by one space. */
static char *unfold(const char *s)
{
	size_t n = strlen(s);
	char *u = malloc(n + 1);
	size_t j = 0;
	size_t i;

	assert_non_null(u);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ') {
			i += 2;
			continue;
		}
		u[j++] = s[i];
	}
	u[j] = '\0';
	return u;
}

/* How many logical lines of the unfolded text are exactly `line`. */
static int count_lines(const char *unfolded, const char *line)
{
	size_t n = strlen(line);
	const char *p = unfolded;
	int count = 0;

	while (*p != '\0') {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);

		if (len == n && memcmp(p, line, n) == 0)
			count++;
		if (eol == NULL)
			break;
		p = eol + 2;
	}
	return count;
}

/* The n-th (0-based) logical line starting with prefix, copied; NULL if none. */
static char *find_line(const char *unfolded, const char *prefix, int nth)
{
	size_t n = strlen(prefix);
	const char *p = unfolded;

	while (*p != '\0') {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);

		if (len >= n && memcmp(p, prefix, n) == 0 && nth-- == 0) {
			char *copy = malloc(len + 1);

			assert_non_null(copy);
			memcpy(copy, p, len);
			copy[len] = '\0';
			return copy;
		}
		if (eol == NULL)
			break;
		p = eol + 2;
	}
	return NULL;
}

/* True when s[0..n) is well-formed UTF-8 on its own (no cut sequences). */
static bool utf8_complete(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t want = 1;
		size_t k;

		if (s[i] >= 0xF0)
			want = 4;
		else if (s[i] >= 0xE0)
			want = 3;
		else if (s[i] >= 0xC0)
			want = 2;
		else if (s[i] >= 0x80)
			return false; /* a continuation byte with no lead */
		if (i + want > n)
			return false;
		for (k = 1; k < want; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		}
		i += want;
	}
	return true;
}

/*
 * Every physical line ends in CRLF, has no bare CR or LF, is at most 75
 * octets, and holds only whole UTF-8 sequences. Returns the shortest
 * physical line that was followed by a continuation line (SIZE_MAX if none).
 */
static size_t check_physical_lines(const char *s)
{
	size_t n = strlen(s);
	size_t start = 0;
	size_t shortest_folded = SIZE_MAX;
	size_t i;

	assert_true(n >= 2);
	assert_memory_equal(s + n - 2, "\r\n", 2);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			size_t len = i - start;

			assert_true(i + 1 < n);
			assert_int_equal(s[i + 1], '\n');
			if (len > 75)
				fail_msg("line of %zu octets: %.*s", len, (int)len, s + start);
			assert_true(utf8_complete((const unsigned char *)s + start, len));
			if (i + 2 < n && s[i + 2] == ' ' && len < shortest_folded)
				shortest_folded = len;
			start = i + 2;
			i++;
		} else {
			assert_int_not_equal(s[i], '\n');
		}
	}
	return shortest_folded;
}

static void test_lines_end_crlf_and_fit(void **state)
{
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	char *out;

	(void)state;
	make_deadline(&d, steps, &w);
	out = render_ok(&d, STAMP_EPOCH);
	check_physical_lines(out);
	assert_true(strncmp(out, "BEGIN:VCALENDAR\r\n", 17) == 0);
	assert_string_equal(out + strlen(out) - 15, "END:VCALENDAR\r\n");
	free(out);
}

/* Lines that must appear exactly `count` times in the unfolded output. */
static const struct {
	const char *line;
	int count;
} expected_lines[] = {
	{ "BEGIN:VCALENDAR", 1 },
	{ "VERSION:2.0", 1 },
	{ "PRODID:-//sendbundle//sendbundle " SB_VERSION "//EN", 1 },
	{ "CALSCALE:GREGORIAN", 1 },
	{ "METHOD:PUBLISH", 1 },
	{ "BEGIN:VTIMEZONE", 1 },
	{ "TZID:Europe/London", 1 },
	{ "BEGIN:STANDARD", 1 },
	{ "DTSTART:19701025T020000", 1 },
	{ "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", 1 },
	{ "TZOFFSETFROM:+0100", 1 },
	{ "TZOFFSETTO:+0000", 1 },
	{ "TZNAME:GMT", 1 },
	{ "BEGIN:DAYLIGHT", 1 },
	{ "DTSTART:19700329T010000", 1 },
	{ "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", 1 },
	{ "TZOFFSETFROM:+0000", 1 },
	{ "TZOFFSETTO:+0100", 1 },
	{ "TZNAME:BST", 1 },
	{ "END:VTIMEZONE", 1 },
	{ "BEGIN:VEVENT", 2 },
	{ "END:VEVENT", 2 },
	{ "UID:deadline-20261203-20260914@sendbundle", 1 },
	{ "UID:mediation-contact-20261114-20260914@sendbundle", 1 },
	{ "DTSTAMP:20231114T221320Z", 2 },
	{ "DTSTART;TZID=Europe/London:20261203T160000", 1 },
	{ "DTEND;TZID=Europe/London:20261203T170000", 1 },
	{ "SUMMARY:SEND Tribunal appeal deadline: appeal must be received by 5pm", 1 },
	{ "DTSTART;VALUE=DATE:20261114", 1 },
	{ "DTEND;VALUE=DATE:20261115", 1 },
	{ "SUMMARY:Contact the mediation adviser by today (SEND Regulations 2014 reg 33)", 1 },
	{ "STATUS:CONFIRMED", 2 },
	{ "BEGIN:VALARM", 2 },
	{ "ACTION:DISPLAY", 2 },
	{ "TRIGGER:-P7D", 2 },
	{ "END:VALARM", 2 },
	{ "END:VCALENDAR", 1 },
};

static void test_expected_lines(void **state)
{
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	char *out;
	char *u;
	size_t i;

	(void)state;
	make_deadline(&d, steps, &w);
	out = render_ok(&d, STAMP_EPOCH);
	u = unfold(out);
	for (i = 0; i < sizeof expected_lines / sizeof expected_lines[0]; i++) {
		int got = count_lines(u, expected_lines[i].line);

		if (got != expected_lines[i].count)
			fail_msg("'%s': %d times, want %d", expected_lines[i].line, got,
				 expected_lines[i].count);
	}
	/* The timezone comes before the events that refer to it. */
	assert_true(strstr(u, "END:VTIMEZONE") < strstr(u, "BEGIN:VEVENT"));
	free(u);
	free(out);
}

static void test_deadline_description(void **state)
{
	static const char want[] =
		"DESCRIPTION:The appeal must be received by the SEND Tribunal by 5pm on "
		"Thursday 3 December 2026.\\nDecision letter dated Monday 14 September "
		"2026.\\nGoverning limb: HESC Rules r.20(1)(c)(ii)\\, 1 month from the date "
		"of issue of the mediation certificate (issued Tuesday 3 November 2026).\\n"
		"\\nHow the date was worked out:\\n"
		"HESC r.20(1)(c)(i): 2 months after Monday 14 September 2026 is Saturday 14 "
		"November 2026\\n"
		"HESC r.20(1)(c)(ii): a\\, b\\; c\\\\d\\nsecond line\\n"
		"\\nWarnings:\\nThe certificate is dated after the limb (i) date\\; check "
		"it.\\n\\nThis is not legal advice.";
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	char *out;
	char *u;
	char *line;

	(void)state;
	make_deadline(&d, steps, &w);
	out = render_ok(&d, STAMP_EPOCH);
	u = unfold(out);
	line = find_line(u, "DESCRIPTION:", 0);
	assert_non_null(line);
	assert_string_equal(line, want);
	free(line);
	line = find_line(u, "DESCRIPTION:", 1);
	assert_non_null(line);
	assert_string_equal(line, "DESCRIPTION:One week left: the SEND Tribunal appeal must "
				  "be received by 5pm on Thursday 3 December 2026.");
	free(line);
	/* The mediation event says the date and that it is not rolled forward. */
	line = find_line(u, "DESCRIPTION:", 2);
	assert_non_null(line);
	assert_non_null(strstr(line, "reg 33"));
	assert_non_null(strstr(line, "by Saturday 14 November 2026."));
	assert_non_null(strstr(line, "not moved for weekends or bank holidays"));
	assert_non_null(strstr(line, "This is not legal advice."));
	free(line);
	line = find_line(u, "DESCRIPTION:", 3);
	assert_non_null(line);
	assert_string_equal(line, "DESCRIPTION:One week left to contact the mediation adviser: "
				  "by Saturday 14 November 2026 (SEND Regulations 2014 reg 33).");
	free(line);
	free(u);
	free(out);
}

/* Limb (i): what the description says it counts from. */
static void test_limb_i_description(void **state)
{
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	char *out;
	char *u;

	(void)state;
	make_deadline(&d, steps, &w);
	d.limb = "i";
	d.has_certificate_date = false;
	d.has_limb_ii = false;
	d.deadline = (sb_date){ 2026, 11, 16 };
	d.has_alternative = true;
	d.alternative = (sb_date){ 2026, 11, 17 };
	out = render_ok(&d, STAMP_EPOCH);
	u = unfold(out);
	assert_non_null(strstr(u, "\\nGoverning limb: HESC Rules r.20(1)(c)(i)\\, 2 months after "
				  "written notice of the decision was sent (counted from Monday "
				  "14 September 2026).\\n"));
	assert_non_null(strstr(u, "An arguable later reading gives 5pm on Tuesday 17 November "
				  "2026\\; do not rely on it.\\n"));
	assert_int_equal(count_lines(u, "DTEND;TZID=Europe/London:20261116T170000"), 1);
	assert_int_equal(count_lines(u, "UID:deadline-20261116-20260914@sendbundle"), 1);
	free(u);
	free(out);
}

/* The all-day event's exclusive DTEND crosses month and year ends. */
static void test_mediation_end_rolls_over(void **state)
{
	static const struct {
		sb_date contact_by;
		const char *dtstart;
		const char *dtend;
	} cases[] = {
		{ { 2026, 11, 14 }, "DTSTART;VALUE=DATE:20261114", "DTEND;VALUE=DATE:20261115" },
		{ { 2026, 11, 30 }, "DTSTART;VALUE=DATE:20261130", "DTEND;VALUE=DATE:20261201" },
		{ { 2026, 12, 31 }, "DTSTART;VALUE=DATE:20261231", "DTEND;VALUE=DATE:20270101" },
		{ { 2028, 2, 28 }, "DTSTART;VALUE=DATE:20280228", "DTEND;VALUE=DATE:20280229" },
	};
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	size_t i;

	(void)state;
	make_deadline(&d, steps, &w);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out;
		char *u;

		d.mediation_contact_by = cases[i].contact_by;
		out = render_ok(&d, STAMP_EPOCH);
		u = unfold(out);
		assert_int_equal(count_lines(u, cases[i].dtstart), 1);
		assert_int_equal(count_lines(u, cases[i].dtend), 1);
		free(u);
		free(out);
	}
}

static void test_dtstamp(void **state)
{
	static const struct {
		long long epoch;
		const char *line;
	} cases[] = {
		{ 1700000000LL, "DTSTAMP:20231114T221320Z" },
		{ 0LL, "DTSTAMP:19700101T000000Z" },
		{ 1782777599LL, "DTSTAMP:20260629T235959Z" },
	};
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	sb_error err;
	char *out = NULL;
	size_t i;

	(void)state;
	make_deadline(&d, steps, &w);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *u;

		out = render_ok(&d, cases[i].epoch);
		u = unfold(out);
		assert_int_equal(count_lines(u, cases[i].line), 2);
		free(u);
		free(out);
	}
	sb_error_clear(&err);
	out = NULL;
	assert_int_equal(sb_ics_render(&d, -1, &out, &err), SB_ERANGE);
	assert_int_equal(err.code, SB_ERANGE);
	assert_null(out);
}

/* The same input always gives the same bytes (reproducible output). */
static void test_deterministic(void **state)
{
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	char *a;
	char *b;

	(void)state;
	make_deadline(&d, steps, &w);
	a = render_ok(&d, STAMP_EPOCH);
	b = render_ok(&d, STAMP_EPOCH);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/*
 * A long step made of U+2019 (3 octets each) after 0..3 ASCII letters, so the
 * 75-octet boundary falls inside a sequence for some shift: the fold must
 * move before the sequence, leaving a shorter line, and unfolding must give
 * the text back byte for byte.
 */
static void test_fold_never_splits_utf8(void **state)
{
	static const char quote[] = "\xE2\x80\x99"; /* U+2019 RIGHT SINGLE QUOTATION MARK */
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	char text[1024];
	int shift;

	(void)state;
	for (shift = 0; shift < 4; shift++) {
		size_t n = 0;
		size_t shortest;
		char *out;
		char *u;
		int k;

		make_deadline(&d, steps, &w);
		for (k = 0; k < shift; k++)
			text[n++] = 'x';
		for (k = 0; k < 200; k++) {
			memcpy(text + n, quote, 3);
			n += 3;
			if (k % 10 == 9)
				text[n++] = ' ';
		}
		text[n] = '\0';
		steps[1].text = text;
		out = render_ok(&d, STAMP_EPOCH);
		shortest = check_physical_lines(out);
		/* Some fold must have been moved back to keep a quote whole. */
		assert_true(shortest < 75);
		u = unfold(out);
		assert_non_null(strstr(u, text));
		free(u);
		free(out);
	}
}

/* A short line stays whole; a longer one breaks after octet 75, then " " + the rest. */
static void test_fold_boundary(void **state)
{
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	char *out;

	(void)state;
	make_deadline(&d, steps, &w);
	out = render_ok(&d, STAMP_EPOCH);
	/* "DTSTART;TZID=Europe/London:20261203T160000" is short: on one line. */
	assert_non_null(strstr(out, "\r\nDTSTART;TZID=Europe/London:20261203T160000\r\n"));
	/* The SUMMARY of the mediation event is 77 octets: 75, then " " + 2. */
	assert_non_null(strstr(out, "\r\nSUMMARY:Contact the mediation adviser by today (SEND "
				    "Regulations 2014 reg 3\r\n 3)\r\n"));
	free(out);
}

static void test_null_arguments(void **state)
{
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	sb_error err;
	char sentinel = 0;
	char *out = &sentinel; /* must be reset to NULL */

	(void)state;
	make_deadline(&d, steps, &w);
	sb_error_clear(&err);
	assert_int_equal(sb_ics_render(NULL, STAMP_EPOCH, &out, &err), SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);
	assert_null(out);

	sb_error_clear(&err);
	assert_int_equal(sb_ics_render(&d, STAMP_EPOCH, NULL, &err), SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);

	/* A NULL sb_error is allowed: the code still comes back. */
	assert_int_equal(sb_ics_render(NULL, STAMP_EPOCH, &out, NULL), SB_EINVAL);

	sb_error_clear(&err);
	assert_int_equal(sb_ics_write(NULL, STAMP_EPOCH, "x.ics", &err), SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);

	sb_error_clear(&err);
	assert_int_equal(sb_ics_write(&d, STAMP_EPOCH, NULL, &err), SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);
}

static void test_invalid_dates(void **state)
{
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	sb_error err;
	char *out = NULL;

	(void)state;
	make_deadline(&d, steps, &w);
	d.deadline = (sb_date){ 2026, 13, 3 };
	sb_error_clear(&err);
	assert_int_equal(sb_ics_render(&d, STAMP_EPOCH, &out, &err), SB_EINVAL);
	assert_int_equal(err.code, SB_EINVAL);
	assert_null(out);

	make_deadline(&d, steps, &w);
	d.mediation_contact_by = (sb_date){ 0, 0, 0 };
	sb_error_clear(&err);
	assert_int_equal(sb_ics_render(&d, STAMP_EPOCH, &out, &err), SB_EINVAL);
	assert_null(out);
}

/* sb_ics_write puts exactly the rendered bytes in the file. */
static void test_write_matches_render(void **state)
{
	char dir[] = "/tmp/sb_test_ics_XXXXXX";
	char path[sizeof dir + 16];
	sb_deadline d;
	sb_deadline_step steps[2];
	sb_deadline_warning w;
	sb_error err;
	char *want;
	char got[16384];
	size_t n;
	FILE *f;

	(void)state;
	make_deadline(&d, steps, &w);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/d.ics", dir);
	sb_error_clear(&err);
	assert_int_equal(sb_ics_write(&d, STAMP_EPOCH, path, &err), 0);
	want = render_ok(&d, STAMP_EPOCH);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(got, 1, sizeof got, f);
	fclose(f);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(got, want, n);
	free(want);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_end_crlf_and_fit),
		cmocka_unit_test(test_expected_lines),
		cmocka_unit_test(test_deadline_description),
		cmocka_unit_test(test_limb_i_description),
		cmocka_unit_test(test_mediation_end_rolls_over),
		cmocka_unit_test(test_dtstamp),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_fold_never_splits_utf8),
		cmocka_unit_test(test_fold_boundary),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_invalid_dates),
		cmocka_unit_test(test_write_matches_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
