/*
 * sb_deadline: the SEND Tribunal appeal deadline, step by step, as
 * docs/legal-rules.md sets it out ("Algorithm", steps 1-7).
 *
 * Where the law can be read two ways, the deadline is the earlier date (a
 * family that follows it cannot be late under any reading) and the other
 * reading is reported as an arguable alternative.
 */
#include <sendbundle/deadline.h>

#include "sb_util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The Children and Families Act 2014 regime began on 1 September 2014. */
static const sb_date CFA_2014_START = {2014, 9, 1};

static const struct appeal_info {
	const char *name;
	const char *description;
	bool needs_certificate; /* Children and Families Act 2014 s.55 */
} appeal_info[SB_APPEAL_TYPE_COUNT] = {
	{"refusal-to-assess", "a refusal to carry out an EHC needs assessment", true},
	{"refusal-to-reassess", "a refusal to carry out a re-assessment", true},
	{"refusal-to-issue-plan", "a decision not to issue an EHC plan", true},
	{"plan-contents", "the contents of an EHC plan", true},
	{"placement-only", "only the school or other institution named in a plan", false},
	{"refusal-to-amend", "a decision not to amend an EHC plan after a review", true},
	{"cease-plan", "a decision to cease to maintain an EHC plan", true},
	{"disability-discrimination", "a disability discrimination claim", false},
};

const char *sb_appeal_type_name(sb_appeal_type t)
{
	if ((int)t < 0 || t >= SB_APPEAL_TYPE_COUNT)
		return NULL;
	return appeal_info[t].name;
}

const char *sb_appeal_type_description(sb_appeal_type t)
{
	if ((int)t < 0 || t >= SB_APPEAL_TYPE_COUNT)
		return NULL;
	return appeal_info[t].description;
}

int sb_appeal_type_parse(const char *text, sb_appeal_type *out, sb_error *err)
{
	int i;

	for (i = 0; text != NULL && i < SB_APPEAL_TYPE_COUNT; i++) {
		if (strcmp(text, appeal_info[i].name) == 0) {
			*out = (sb_appeal_type)i;
			return SB_OK;
		}
	}
	return sb_error_set(err, SB_EINVAL, NULL,
			    "use one of: refusal-to-assess, refusal-to-reassess, "
			    "refusal-to-issue-plan, plan-contents, placement-only, "
			    "refusal-to-amend, cease-plan",
			    "unknown appeal type '%s'", text != NULL ? text : "");
}

void sb_deadline_input_init(sb_deadline_input *in)
{
	if (in != NULL)
		memset(in, 0, sizeof(*in));
}

void sb_deadline_free(sb_deadline *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsteps; i++)
		free(d->steps[i].text);
	for (i = 0; i < d->nwarnings; i++)
		free(d->warnings[i].text);
	free(d->steps);
	free(d->warnings);
	free(d->holidays_source);
	free(d);
}

const sb_deadline_warning *sb_deadline_find_warning(const sb_deadline *d, const char *code)
{
	size_t i;

	for (i = 0; d != NULL && code != NULL && i < d->nwarnings; i++)
		if (strcmp(d->warnings[i].code, code) == 0)
			return &d->warnings[i];
	return NULL;
}

/* ---- building the explanation ------------------------------------------ */

static int add_step(sb_deadline *d, const char *rule, const sb_date *date, const char *fmt,
		    ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static int add_step(sb_deadline *d, const char *rule, const sb_date *date, const char *fmt,
		    ...)
{
	sb_deadline_step *grown;
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = sb_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (text == NULL)
		return SB_ENOMEM;
	grown = realloc(d->steps, (d->nsteps + 1) * sizeof(*d->steps));
	if (grown == NULL) {
		free(text);
		return SB_ENOMEM;
	}
	d->steps = grown;
	d->steps[d->nsteps].rule = rule;
	d->steps[d->nsteps].text = text;
	d->steps[d->nsteps].has_date = date != NULL;
	if (date != NULL)
		d->steps[d->nsteps].date = *date;
	else
		memset(&d->steps[d->nsteps].date, 0, sizeof(sb_date));
	d->nsteps++;
	return SB_OK;
}

static int add_warning(sb_deadline *d, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int add_warning(sb_deadline *d, const char *code, const char *fmt, ...)
{
	sb_deadline_warning *grown;
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = sb_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (text == NULL)
		return SB_ENOMEM;
	grown = realloc(d->warnings, (d->nwarnings + 1) * sizeof(*d->warnings));
	if (grown == NULL) {
		free(text);
		return SB_ENOMEM;
	}
	d->warnings = grown;
	d->warnings[d->nwarnings].code = code;
	d->warnings[d->nwarnings].text = text;
	d->nwarnings++;
	return SB_OK;
}

/* Short readable dates for trace lines: "Mon 14 Sep 2026". */
struct datestr {
	char s[SB_DATE_LONG_LEN];
};

static struct datestr show(sb_date d)
{
	struct datestr out;

	sb_date_format_short(d, out.s, sizeof(out.s));
	return out;
}

static bool in_christmas_window(sb_date d)
{
	return (d.month == 12 && d.day >= 25) || (d.month == 1 && d.day == 1);
}

/* Why a day is not a working day, for the trace. */
static const char *why_not_working(const sb_calendar *cal, sb_date d)
{
	const char *title = NULL;

	if (sb_calendar_is_holiday(cal, d, &title) && title != NULL)
		return title;
	return sb_date_weekday(d) == 6 ? "a Saturday" : "a Sunday";
}

/* The r.12(3)(a) date: first working day after 1 January or after 31 August. */
static sb_date r12_3a_date(const sb_calendar *cal, sb_date end)
{
	sb_date from;

	if (end.month == 8) {
		from.year = end.year;
		from.month = 9;
		from.day = 1;
	} else {
		from.year = end.month == 12 ? end.year + 1 : end.year;
		from.month = 1;
		from.day = 2;
	}
	return sb_calendar_working_day_on_or_after(cal, from);
}

/* Explain a month count per Dodds v Walker. */
static int step_months(sb_deadline *d, const char *rule, const char *what, sb_date from,
		       int months, sb_date end)
{
	if (end.day == from.day)
		return add_step(d, rule, &end,
				"%d month%s after %s, %s (that day not counted), ends on the "
				"corresponding date, %s",
				months, months == 1 ? "" : "s", what, show(from).s, show(end).s);
	return add_step(d, rule, &end,
			"%d month%s after %s, %s (that day not counted): %s %d has no %d%s, "
			"so the period ends on its last day, %s (Dodds v Walker)",
			months, months == 1 ? "" : "s", what, show(from).s,
			sb_date_month_name(end.month), end.year, from.day,
			from.day == 31 ? "st" : "th", show(end).s);
}

/* ---- the algorithm ----------------------------------------------------- */

static int validate(const sb_deadline_input *in, sb_error *err)
{
	const char *hint = "check the dates on the letters";

	if (!sb_date_is_valid(in->decision_date))
		return sb_error_set(err, SB_EINVAL, NULL, hint, "the decision date is not a real date");
	if (in->has_sent_date && !sb_date_is_valid(in->sent_date))
		return sb_error_set(err, SB_EINVAL, NULL, hint, "the sent date is not a real date");
	if (in->has_certificate_date && !sb_date_is_valid(in->certificate_date))
		return sb_error_set(err, SB_EINVAL, NULL, hint,
				    "the certificate date is not a real date");
	if (in->has_today && !sb_date_is_valid(in->today))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "today's date is not a real date");
	if ((int)in->appeal_type < 0 || in->appeal_type >= SB_APPEAL_TYPE_COUNT)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "unknown appeal type");
	if (in->appeal_type == SB_APPEAL_DISABILITY_DISCRIMINATION)
		return sb_error_set(err, SB_EREFUSED, NULL,
				    "see the Tribunal's guidance on disability discrimination "
				    "claims, or ask an adviser",
				    "disability discrimination claims are not covered: they have "
				    "their own time limit (6 months, Equality Act 2010 Sch. 17) "
				    "and rules, which this program does not compute");
	/* A certificate is issued after the decision it concerns; one dated before
	 * the letter is almost always a typing error (legal-rules.md step 1). */
	if (in->has_certificate_date &&
	    sb_date_compare(in->certificate_date, in->decision_date) < 0 && !in->confirm_dates)
		return sb_error_set(err, SB_EINVAL, NULL,
				    "check both dates; if they are right, run again with "
				    "--confirm-dates",
				    "the mediation certificate is dated before the decision letter");
	/* Keep every month count inside the supported years. */
	if (in->decision_date.year > SB_DATE_MAX_YEAR - 1 ||
	    (in->has_certificate_date && in->certificate_date.year > SB_DATE_MAX_YEAR - 1) ||
	    (in->has_sent_date && in->sent_date.year > SB_DATE_MAX_YEAR - 1))
		return sb_error_set(err, SB_ERANGE, NULL, hint, "a date is too far in the future");
	return SB_OK;
}

static int rc_nomem(int rc, sb_error *err)
{
	if (rc == SB_ENOMEM)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	return rc;
}

/* Steps 2-4: the limbs, the later of them, and r.12 adjustments. */
static int compute_end(const sb_deadline_input *in, const sb_calendar *cal, sb_deadline *d)
{
	int rc;

	/* Count from the sending of the notice, or the letter's own date when that
	 * is earlier; never from receipt (legal-rules.md, "Counting months"). */
	d->start = in->decision_date;
	if (in->has_sent_date && sb_date_compare(in->sent_date, in->decision_date) < 0)
		d->start = in->sent_date;
	if (!in->has_sent_date)
		rc = add_step(d, "HESC r.20(1)(c)(i)", &d->start,
			      "The count starts from the date the decision was sent; with no "
			      "sent date given, from the date on the letter, %s (never from "
			      "the day you received it)",
			      show(d->start).s);
	else if (sb_date_compare(in->sent_date, in->decision_date) > 0)
		rc = add_step(d, "HESC r.20(1)(c)(i)", &d->start,
			      "The letter is dated %s and was sent %s: the count starts from "
			      "the earlier date, %s, so you cannot be late on either reading",
			      show(in->decision_date).s, show(in->sent_date).s, show(d->start).s);
	else
		rc = add_step(d, "HESC r.20(1)(c)(i)", &d->start,
			      "The count starts from the date the decision was sent, %s "
			      "(never from the day you received it)",
			      show(d->start).s);
	if (rc != SB_OK)
		return rc;

	d->limb_i_end = sb_date_add_months(d->start, 2);
	rc = step_months(d, "HESC r.20(1)(c)(i); Dodds v Walker", "the start",
			 d->start, 2, d->limb_i_end);
	if (rc != SB_OK)
		return rc;
	d->raw_end = d->limb_i_end;
	d->limb = "i";
	if (in->has_certificate_date) {
		d->has_limb_ii = true;
		d->limb_ii_end = sb_date_add_months(in->certificate_date, 1);
		rc = step_months(d, "HESC r.20(1)(c)(ii); Dodds v Walker",
				 "the certificate's date of issue", in->certificate_date,
				 1, d->limb_ii_end);
		if (rc != SB_OK)
			return rc;
		if (sb_date_compare(d->limb_ii_end, d->limb_i_end) > 0) {
			d->raw_end = d->limb_ii_end;
			d->limb = "ii";
		}
		rc = add_step(d, "HESC r.20(1)(c)", &d->raw_end,
			      "The later of the two periods applies: limb (%s), ending %s", d->limb,
			      show(d->raw_end).s);
	} else {
		rc = add_step(d, "HESC r.20(1)(c)", &d->raw_end,
			      "No mediation certificate date given, so only limb (i) applies: "
			      "the period ends %s",
			      show(d->raw_end).s);
	}
	if (rc != SB_OK)
		return rc;

	/* Step 3: r.12(3)(a) for SEN cases; otherwise r.12(2). */
	if (in_christmas_window(d->raw_end) || d->raw_end.month == 8) {
		d->deadline = r12_3a_date(cal, d->raw_end);
		return add_step(d, "HESC r.12(3)(a)", &d->deadline,
				"%s falls %s, so the appeal is in time on the first working day "
				"after %s: %s",
				show(d->raw_end).s,
				d->raw_end.month == 8 ? "in August" : "between 25 December and 1 January",
				d->raw_end.month == 8 ? "31 August" : "1 January",
				show(d->deadline).s);
	}
	if (sb_calendar_is_working_day(cal, d->raw_end)) {
		d->deadline = d->raw_end;
		return add_step(d, "HESC r.12(2)", &d->deadline,
				"%s is a working day, so the period ends that day",
				show(d->raw_end).s);
	}
	d->deadline = sb_calendar_working_day_on_or_after(cal, d->raw_end);
	rc = add_step(d, "HESC r.12(2)", &d->deadline,
		      "%s is not a working day (%s), so the period ends on the next working "
		      "day, %s",
		      show(d->raw_end).s, why_not_working(cal, d->raw_end), show(d->deadline).s);
	if (rc != SB_OK)
		return rc;
	/* Step 4: the roll-forward itself lands in the Christmas or August window.
	 * Keep it (safest); report the r.12(3)(a) reading as arguable. */
	if (in_christmas_window(d->deadline) || d->deadline.month == 8) {
		d->has_alternative = true;
		d->alternative = r12_3a_date(cal, d->deadline);
		rc = add_step(d, "HESC r.12(3)(a)", &d->alternative,
			      "%s falls %s. One reading of r.12(3)(a) would then allow until %s; "
			      "that is arguable, so the earlier date, %s, is the deadline here",
			      show(d->deadline).s,
			      d->deadline.month == 8 ? "in August"
						     : "between 25 December and 1 January",
			      show(d->alternative).s, show(d->deadline).s);
		if (rc != SB_OK)
			return rc;
		rc = add_warning(d, "arguable-alternative",
				 "A later deadline, %s, is arguable under HESC r.12(3)(a) because "
				 "%s falls %s. Do not rely on it: appeal by 5pm on %s.",
				 show(d->alternative).s, show(d->deadline).s,
				 d->deadline.month == 8 ? "in August"
							: "between 25 December and 1 January",
				 show(d->deadline).s);
	}
	return rc;
}

/* Steps 5-7 and the warnings that do not depend on the calendar choice. */
static int explain(const sb_deadline_input *in, const sb_calendar *cal, sb_deadline *d)
{
	char longdate[SB_DATE_LONG_LEN];
	int rc;
	int y, last_year;

	sb_date_format_long(d->deadline, longdate, sizeof(longdate));
	rc = add_step(d, "HESC r.12(1)", &d->deadline,
		      "An act due on a day must be done by 5pm: the Tribunal must receive the "
		      "appeal by 5pm on %s",
		      longdate);
	if (rc != SB_OK)
		return rc;

	/* SEND Regulations 2014 reg 33: contact the mediation adviser within 2
	 * months of the notice. r.12 governs Tribunal acts, not the Regulations,
	 * so this date is never rolled forward. */
	d->mediation_contact_by = d->limb_i_end;
	if (!appeal_info[in->appeal_type].needs_certificate)
		rc = add_step(d, "SEND Regs 2014 reg 33", &d->mediation_contact_by,
			      "Mediation: no certificate is needed for an appeal only about the "
			      "school or institution named (Children and Families Act 2014 "
			      "s.55); if you want mediation, contact the adviser by %s",
			      show(d->mediation_contact_by).s);
	else if (in->has_certificate_date)
		rc = add_step(d, "SEND Regs 2014 reg 33", &d->mediation_contact_by,
			      "Mediation: the parent had to contact the mediation adviser within "
			      "2 months of the notice, by %s; you have a certificate, issued %s",
			      show(d->mediation_contact_by).s, show(in->certificate_date).s);
	else
		rc = add_step(d, "SEND Regs 2014 reg 33", &d->mediation_contact_by,
			      "Mediation: contact the mediation adviser within 2 months of the "
			      "notice, by %s. This date is not moved for weekends or holidays",
			      show(d->mediation_contact_by).s);
	if (rc != SB_OK)
		return rc;

	if (!in->has_certificate_date && appeal_info[in->appeal_type].needs_certificate) {
		rc = add_warning(d, "no-certificate",
				 "No mediation certificate date given. Before appealing against %s "
				 "you need a mediation certificate (Children and Families Act 2014 "
				 "s.55): contact the mediation adviser named in the decision letter "
				 "by %s. The deadline shown uses limb (i) only; a certificate can "
				 "make it later (r.20(1)(c)(ii)), never earlier.",
				 appeal_info[in->appeal_type].description,
				 show(d->mediation_contact_by).s);
		if (rc != SB_OK)
			return rc;
	}
	if (in->has_certificate_date &&
	    sb_date_compare(in->certificate_date, d->limb_i_end) > 0) {
		rc = add_warning(d, "certificate-after-limb-i",
				 "The mediation certificate (%s) is dated after the 2-month limit of "
				 "limb (i) (%s). Limb (ii) gives one month from it, but if the "
				 "mediation adviser was first contacted after %s (SEND Regs 2014 "
				 "reg 33) the local authority may argue the appeal is late: appeal "
				 "as early as you can and keep proof of when you first made contact.",
				 show(in->certificate_date).s, show(d->limb_i_end).s,
				 show(d->mediation_contact_by).s);
		if (rc != SB_OK)
			return rc;
	}
	if (in->has_certificate_date &&
	    sb_date_compare(in->certificate_date, in->decision_date) < 0) {
		rc = add_warning(d, "certificate-before-decision",
				 "You confirmed a mediation certificate (%s) dated before the "
				 "decision letter (%s). It cannot extend the deadline for this "
				 "decision.",
				 show(in->certificate_date).s, show(in->decision_date).s);
		if (rc != SB_OK)
			return rc;
	}
	if (sb_date_compare(in->decision_date, CFA_2014_START) < 0) {
		rc = add_warning(d, "older-law",
				 "The decision (%s) is from before 1 September 2014, when the "
				 "Children and Families Act 2014 regime began; older law and "
				 "transitional rules may apply. Take advice.",
				 show(in->decision_date).s);
		if (rc != SB_OK)
			return rc;
	}
	if (in->has_today && sb_date_compare(in->decision_date, in->today) > 0) {
		rc = add_warning(d, "decision-in-future",
				 "The decision date (%s) is after today (%s): check it.",
				 show(in->decision_date).s, show(in->today).s);
		if (rc != SB_OK)
			return rc;
	}

	/* Holiday data: say so when any year the answer depends on was computed
	 * from the rules rather than proclaimed (legal-rules.md, "Bank holidays"). */
	last_year = d->has_alternative ? d->alternative.year : d->deadline.year;
	for (y = d->raw_end.year; y <= last_year; y++) {
		if (sb_calendar_year_is_proclaimed(cal, y))
			continue;
		rc = add_warning(d, "holidays-computed",
				 "Bank holidays for %d are not in the holiday data used (%s): they "
				 "were computed from the statutory rules (computed, not yet "
				 "proclaimed). A holiday proclaimed later could change the answer; "
				 "check again with GOV.UK's newest bank-holidays.json (--holidays "
				 "FILE).",
				 y, sb_calendar_source(cal));
		if (rc != SB_OK)
			return rc;
	}

	if (in->has_today) {
		d->has_today = true;
		d->today = in->today;
		d->days_left = sb_date_diff_days(d->deadline, in->today);
		d->passed = d->days_left < 0 || (d->days_left == 0 && in->today_after_5pm);
		if (d->passed)
			rc = add_warning(d, "deadline-passed",
					 "The deadline, 5pm on %s, has passed. A late appeal needs "
					 "a request to extend time, with reasons (HESC Rules r.20(4) "
					 "and r.5(3)(a)). Check whether the decision letter told you "
					 "of the right of appeal, the time limits, mediation and "
					 "disagreement resolution, as SEND Regs 2014 reg 5(3) "
					 "requires: if it did not, say so in your reasons.",
					 longdate);
		else if (d->days_left < 14)
			rc = add_warning(d, "deadline-soon",
					 "Only %ld day%s left: send the appeal now, and keep proof "
					 "of when the Tribunal received it.",
					 d->days_left, d->days_left == 1 ? "" : "s");
	}
	return rc;
}

/* The deadline under one calendar; *out is set only on success. */
static int compute_one(const sb_deadline_input *in, const sb_calendar *cal,
		       sb_deadline **out, sb_error *err)
{
	sb_deadline *d = NULL;
	int first = 0, last = 0;
	int rc;

	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	d->appeal_type = in->appeal_type;
	d->decision_date = in->decision_date;
	d->has_sent_date = in->has_sent_date;
	d->sent_date = in->sent_date;
	d->has_certificate_date = in->has_certificate_date;
	d->certificate_date = in->certificate_date;
	rc = rc_nomem(compute_end(in, cal, d), err);
	if (rc != SB_OK)
		goto done;
	rc = rc_nomem(explain(in, cal, d), err);
	if (rc != SB_OK)
		goto done;
	sb_calendar_coverage(cal, &first, &last);
	if (first != 0)
		d->holidays_source = sb_strdup_printf("%s (bank holidays %d-%d)",
						      sb_calendar_source(cal), first, last);
	else
		d->holidays_source = sb_strdup_printf("%s", sb_calendar_source(cal));
	if (d->holidays_source == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	*out = d;
	d = NULL;
done:
	sb_deadline_free(d);
	return rc;
}

int sb_deadline_compute(const sb_deadline_input *in, sb_calendar *const *cals,
			size_t ncals, sb_deadline **out, sb_error *err)
{
	sb_deadline *best = NULL;
	sb_deadline *other = NULL;
	char *summary = NULL;
	size_t best_i = 0;
	size_t i;
	bool disagree = false;
	int rc;

	if (in == NULL || out == NULL || cals == NULL || ncals == 0)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no input or holiday data given");
	*out = NULL;
	rc = validate(in, err);
	if (rc != SB_OK)
		goto done;
	for (i = 0; i < ncals; i++) {
		rc = compute_one(in, cals[i], &other, err);
		if (other == NULL) /* set exactly when rc is SB_OK */
			goto done;
		if (best != NULL &&
		    (sb_date_compare(other->deadline, best->deadline) != 0 ||
		     other->has_alternative != best->has_alternative))
			disagree = true;
		/* When the holiday sources disagree the earlier deadline wins. */
		if (best == NULL || sb_date_compare(other->deadline, best->deadline) < 0) {
			sb_deadline_free(best);
			best = other;
			best_i = i;
		} else {
			sb_deadline_free(other);
		}
		other = NULL;
	}
	if (disagree) {
		size_t len = 0;

		for (i = 0; i < ncals; i++) {
			sb_deadline *d = NULL;
			char iso[SB_DATE_ISO_LEN];
			char *grown;
			char *part;

			rc = compute_one(in, cals[i], &d, err);
			if (d == NULL) /* set exactly when rc is SB_OK */
				goto done;
			part = sb_strdup_printf("%s%s gives %s", i == 0 ? "" : "; ",
						sb_calendar_source(cals[i]),
						sb_date_format_iso(d->deadline, iso, sizeof(iso)));
			sb_deadline_free(d);
			grown = part != NULL ? realloc(summary, len + strlen(part) + 1) : NULL;
			if (grown == NULL) {
				free(part);
				rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
				goto done;
			}
			summary = grown;
			memcpy(summary + len, part, strlen(part) + 1);
			len += strlen(part);
			free(part);
		}
		rc = rc_nomem(add_warning(best, "holiday-sources-disagree",
					  "The holiday data disagree (%s). The earliest date, from "
					  "%s, is the deadline.",
					  summary, sb_calendar_source(cals[best_i])),
			      err);
		if (rc != SB_OK)
			goto done;
	}
	*out = best;
	best = NULL;
done:
	free(summary);
	sb_deadline_free(other);
	sb_deadline_free(best);
	return rc;
}
