/*
 * sendbundle: the SEND Tribunal appeal deadline.
 *
 * Implements the Tribunal Procedure (First-tier Tribunal) (HESC Chamber)
 * Rules 2008 r.20(1)(c) and r.12(1)-(3)(a), month counting per Dodds v Walker,
 * and the SEND Regulations 2014 reg 33 mediation contact date, as set out in
 * docs/legal-rules.md. Where the law is ambiguous the earliest date is the
 * deadline and the other reading is reported as an alternative.
 *
 * Ownership: sb_deadline_compute gives the caller an sb_deadline to release
 * with sb_deadline_free; every string inside it belongs to it.
 */
#ifndef SENDBUNDLE_DEADLINE_H
#define SENDBUNDLE_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/calendar.h>
#include <sendbundle/date.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sb_appeal_type {
	SB_APPEAL_REFUSAL_TO_ASSESS = 0,
	SB_APPEAL_REFUSAL_TO_REASSESS,
	SB_APPEAL_REFUSAL_TO_ISSUE_PLAN,
	SB_APPEAL_PLAN_CONTENTS,
	SB_APPEAL_PLACEMENT_ONLY,
	SB_APPEAL_REFUSAL_TO_AMEND,
	SB_APPEAL_CEASE_PLAN,
	SB_APPEAL_DISABILITY_DISCRIMINATION,
	SB_APPEAL_TYPE_COUNT
} sb_appeal_type;

/* "refusal-to-assess" etc.; NULL for an unknown value. */
const char *sb_appeal_type_name(sb_appeal_type t);
/* What the appeal is about, for people ("refusal to carry out an EHC needs assessment"). */
const char *sb_appeal_type_description(sb_appeal_type t);
/* Parse a name as printed by sb_appeal_type_name; SB_EINVAL lists the valid ones. */
int sb_appeal_type_parse(const char *text, sb_appeal_type *out, sb_error *err);

typedef struct sb_deadline_input {
	sb_appeal_type appeal_type;
	sb_date decision_date;          /* the date on the decision letter */
	bool has_sent_date;
	sb_date sent_date;              /* when the notice was sent, if known */
	bool has_certificate_date;
	sb_date certificate_date;       /* date of issue of the mediation certificate */
	bool has_today;
	sb_date today;                  /* for days left and "passed" */
	bool today_after_5pm;           /* it is already past 17:00 on `today` */
	bool confirm_dates;             /* the user confirms an unusual date order */
} sb_deadline_input;

void sb_deadline_input_init(sb_deadline_input *in);

/* One line of the explanation: the rule applied and what it gave. */
typedef struct sb_deadline_step {
	const char *rule; /* static, e.g. "HESC r.20(1)(c)(i)" */
	char *text;
	bool has_date;
	sb_date date;
} sb_deadline_step;

/* Something the user must know. Codes are stable (documented in the schema). */
typedef struct sb_deadline_warning {
	const char *code; /* static, e.g. "no-certificate" */
	char *text;
} sb_deadline_warning;

typedef struct sb_deadline {
	sb_appeal_type appeal_type;
	sb_date decision_date;
	bool has_sent_date;
	sb_date sent_date;
	bool has_certificate_date;
	sb_date certificate_date;
	sb_date start;              /* the day the count runs from */
	sb_date limb_i_end;         /* start + 2 months, r.20(1)(c)(i) */
	bool has_limb_ii;
	sb_date limb_ii_end;        /* certificate + 1 month, r.20(1)(c)(ii) */
	const char *limb;           /* "i" or "ii": which limb governs */
	sb_date raw_end;            /* the later of the limbs, before r.12 */
	sb_date deadline;           /* the appeal must be received by 5pm on this day */
	bool has_alternative;
	sb_date alternative;        /* an arguable later reading: do not rely on it */
	sb_date mediation_contact_by; /* SEND Regs 2014 reg 33, no roll-forward */
	bool has_today;
	sb_date today;
	long days_left;             /* deadline - today, when has_today */
	bool passed;
	size_t nsteps;
	sb_deadline_step *steps;
	size_t nwarnings;
	sb_deadline_warning *warnings;
	char *holidays_source;      /* which holiday data decided the answer */
} sb_deadline;

/*
 * Compute the deadline with every calendar in cals (at least one). When the
 * calendars give different dates, the earliest is the deadline and a
 * "holiday-sources-disagree" warning says so.
 *
 * Fails with SB_EINVAL for impossible input (a sent date or certificate that
 * cannot be right, unless confirm_dates), SB_EREFUSED for a disability
 * discrimination claim, SB_ERANGE for dates outside the supported years.
 */
int sb_deadline_compute(const sb_deadline_input *in, sb_calendar *const *cals,
			size_t ncals, sb_deadline **out, sb_error *err);

void sb_deadline_free(sb_deadline *d);

/* The warning with this code, or NULL. */
const sb_deadline_warning *sb_deadline_find_warning(const sb_deadline *d,
						    const char *code);

/*
 * The deadline as a JSON object (keys sorted, two-space indent, trailing
 * newline), described by schemas/deadline.schema.json. *out is the caller's,
 * to free with free().
 */
int sb_deadline_to_json(const sb_deadline *d, char **out, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
