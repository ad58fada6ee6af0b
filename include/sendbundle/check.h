/*
 * sendbundle: is this appeal ready? (issue 6). One report of the appeal
 * deadline found from the documents themselves, findings with stable codes,
 * and the evidence's coverage against the legal test for an EHC needs
 * assessment (Children and Families Act 2014 s.36(8)).
 */
#ifndef SENDBUNDLE_CHECK_H
#define SENDBUNDLE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/calendar.h>
#include <sendbundle/case.h>
#include <sendbundle/compare.h>
#include <sendbundle/deadline.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sb_severity {
	SB_SEVERITY_INFO = 0,
	SB_SEVERITY_WARNING,
	SB_SEVERITY_ERROR /* the appeal is not ready: check exits 1 */
} sb_severity;

/* "info", "warning", "error". */
const char *sb_severity_name(sb_severity s);

/*
 * One finding. code is stable (scripts may rely on it):
 * missing-decision-letter, missing-mediation-certificate, deadline-passed,
 * deadline-soon, duplicate, report-too-old, report-too-long,
 * over-page-limit, unreadable, no-text-layer, undated, email-thread,
 * la-late, no-professional-evidence; with --against also
 * missing-from-la-bundle.
 */
typedef struct sb_finding {
	const char *code; /* static */
	sb_severity severity;
	char **paths;	  /* the files concerned (relative to the case folder) */
	size_t npaths;
	char *message;	  /* plain English, one sentence or two */
	char *hint;	  /* what to do; may be "" */
} sb_finding;

/* What the evidence covers (s.36(8): the child has or may have SEN, and
 * may need provision through an EHC plan). */
typedef struct sb_coverage {
	unsigned reported;   /* sb_professional bits: professions that wrote a report */
	unsigned mentioned;  /* sb_professional bits: mentioned anywhere */
	unsigned areas;	     /* sb_area bits the documents speak to */
	size_t reports;	     /* professional reports */
	size_t school_plans; /* SEN support plans and their reviews */
	bool graduated;	     /* plans or reviews on two dates at least 6 weeks apart */
	bool has_plan_dates;
	sb_date first_plan, last_plan;
} sb_coverage;

#define SB_CHECK_SOON_DAYS 14	  /* deadline-soon: under this many days left */
#define SB_CHECK_REPORT_YEARS 3	  /* PD 2025: reports over 3 years old at the hearing */
#define SB_CHECK_WITNESS_PAGES 10 /* PD 2025: one witness statement */
#define SB_CHECK_LA_WEEKS 6	  /* SEND Regs 2014 reg 4(1): decision within 6 weeks */

typedef struct sb_check_input {
	const sb_doc_list *docs; /* scanned with limits.keep_original (exact page counts) */
	const sb_case_file *cf;	 /* sendbundle.json, or defaults */
	sb_calendar *const *cals;
	size_t ncals;
	sb_date today;
	bool today_after_5pm;
	bool has_hearing_date;	/* overrides cf's */
	sb_date hearing_date;
	bool has_request_date; /* when the family asked for an assessment */
	sb_date request_date;
	/* --against: the LA's bundle as the PDF reader read it, and its path
	 * for messages (NULL: no comparison). */
	const sb_doc *against;
	const char *against_path;
} sb_check_input;

typedef struct sb_check_result {
	sb_deadline *deadline;	     /* NULL when there is no decision date */
	char *decision_from;	     /* where the decision date came from, or NULL */
	char *certificate_from;	     /* where the certificate date came from, or NULL */
	char *request_from;	     /* where the request date came from, or NULL */
	sb_finding *findings;	     /* errors first, then warnings, then notes */
	size_t nfindings;
	sb_coverage coverage;
	size_t bundle_pages;	     /* pages the bundle would have (0: not worked out) */
	bool compared;		     /* with --against: */
	sb_compare_result comparison;
	char *against_path;
} sb_check_result;

void sb_check_result_init(sb_check_result *r);
void sb_check_result_release(sb_check_result *r);

int sb_check_run(const sb_check_input *in, sb_check_result *out, sb_error *err);

/* Whether any finding is an error. */
bool sb_check_has_errors(const sb_check_result *r);

/*
 * JSON described by schemas/check.schema.json (sorted keys, trailing
 * newline): ready, deadline (the deadline engine's object, or null),
 * findings [{code, severity, paths, message, hint}], documents (as scan
 * gives them), coverage, and against (null, or the comparison with the
 * LA's bundle: bundle, pages, found [{source, first_page, last_page}],
 * missing, no_text, not_yours [{first_page, last_page, title}]).
 */
int sb_check_to_json(const sb_check_result *r, const sb_doc_list *docs, char **out,
		     sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
