/*
 * sb_check: is this appeal ready? (issue 6; include/sendbundle/check.h).
 *
 * Everything is found from the documents and the case file: the decision
 * and certificate dates (as extracted, or as sendbundle.json corrects
 * them), the deadline from the deadline engine, exact page counts from the
 * bundle planner (the same layout the build uses), duplicates as the
 * build finds them. Findings are ordered by severity so that the most
 * urgent comes first in the report.
 */
#include <sendbundle/build.h>
#include <sendbundle/check.h>
#include <sendbundle/plan.h>
#include <sendbundle/scan.h>

#include "sb_json.h"
#include "sb_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *sb_severity_name(sb_severity s)
{
	switch (s) {
	case SB_SEVERITY_ERROR:
		return "error";
	case SB_SEVERITY_WARNING:
		return "warning";
	default:
		return "info";
	}
}

void sb_check_result_init(sb_check_result *r)
{
	memset(r, 0, sizeof(*r));
}

void sb_check_result_release(sb_check_result *r)
{
	size_t i, k;

	if (r == NULL)
		return;
	sb_deadline_free(r->deadline);
	sb_compare_result_release(&r->comparison);
	free(r->against_path);
	free(r->decision_from);
	free(r->certificate_from);
	free(r->request_from);
	for (i = 0; i < r->nfindings; i++) {
		for (k = 0; k < r->findings[i].npaths; k++)
			free(r->findings[i].paths[k]);
		free(r->findings[i].paths);
		free(r->findings[i].message);
		free(r->findings[i].hint);
	}
	free(r->findings);
	memset(r, 0, sizeof(*r));
}

bool sb_check_has_errors(const sb_check_result *r)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity == SB_SEVERITY_ERROR)
			return true;
	return false;
}

/* ---- building the list ---- */

typedef struct checker {
	const sb_check_input *in;
	sb_check_result *r;
	size_t cap;
	bool nomem;
} checker;

/* Add a finding; paths (npaths of them) are copied. message and hint are
 * taken (malloc'd; NULL means out of memory). */
static void add(checker *c, const char *code, sb_severity sev, const char *const *paths,
		size_t npaths, char *message, char *hint)
{
	sb_finding *f;
	size_t i;

	if (c->r->nfindings == c->cap) {
		size_t ncap = c->cap == 0 ? 16 : c->cap * 2;
		sb_finding *n = realloc(c->r->findings, ncap * sizeof(*n));

		if (n == NULL)
			goto oom;
		c->r->findings = n;
		c->cap = ncap;
	}
	if (message == NULL || hint == NULL)
		goto oom;
	f = &c->r->findings[c->r->nfindings];
	memset(f, 0, sizeof(*f));
	f->paths = calloc(npaths + 1, sizeof(*f->paths));
	if (f->paths == NULL)
		goto oom;
	for (i = 0; i < npaths; i++) {
		f->paths[i] = sb_strdup_printf("%s", paths[i]);
		if (f->paths[i] == NULL) {
			while (i > 0)
				free(f->paths[--i]);
			free(f->paths);
			goto oom;
		}
	}
	f->npaths = npaths;
	f->code = code;
	f->severity = sev;
	f->message = message;
	f->hint = hint;
	c->r->nfindings++;
	return;
oom:
	free(message);
	free(hint);
	c->nomem = true;
}

static void add1(checker *c, const char *code, sb_severity sev, const char *path, char *message,
		 char *hint)
{
	add(c, code, sev, &path, path != NULL ? 1 : 0, message, hint);
}

/* ---- documents as the case file corrects them ---- */

static const sb_case_override *ov_of(const checker *c, const sb_doc *d)
{
	return sb_case_file_override(c->in->cf, d->path);
}

static bool excluded(const checker *c, const sb_doc *d)
{
	const sb_case_override *ov = ov_of(c, d);

	return ov != NULL && ov->exclude;
}

/* The document's own date, as sendbundle.json corrects it. */
static bool doc_date(const checker *c, const sb_doc *d, sb_date *out)
{
	const sb_case_override *ov = ov_of(c, d);

	if (ov != NULL && ov->date_unknown)
		return false;
	if (ov != NULL && ov->has_date) {
		*out = ov->date;
		return true;
	}
	if (d->facts.has_document_date)
		*out = d->facts.document_date;
	return d->facts.has_document_date;
}

/* The latest dated document of kind k, or NULL. */
static const sb_doc *latest_of(const checker *c, sb_kind k, sb_date *date)
{
	const sb_doc *best = NULL;
	size_t i;

	for (i = 0; i < c->in->docs->ndocs; i++) {
		const sb_doc *d = c->in->docs->docs[i];
		sb_date dd;

		if (excluded(c, d) || d->facts.kind != k || !doc_date(c, d, &dd))
			continue;
		if (best == NULL || sb_date_compare(dd, *date) > 0) {
			best = d;
			*date = dd;
		}
	}
	return best;
}

static char *dup(const char *s)
{
	return sb_strdup_printf("%s", s);
}

static const char *long_date(sb_date d, char *buf)
{
	return sb_date_format_long(d, buf, SB_DATE_LONG_LEN);
}

/* ---- the deadline (HESC Rules r.20(1)(c), r.12) ---- */

static bool needs_certificate(sb_appeal_type t)
{
	/* Children and Families Act 2014 s.55: mediation advice first, except
	 * for appeals only about the school named, and for claims. */
	return t != SB_APPEAL_PLACEMENT_ONLY && t != SB_APPEAL_DISABILITY_DISCRIMINATION;
}

static int deadline(checker *c, sb_error *err)
{
	const sb_check_input *in = c->in;
	const sb_case_file *cf = in->cf;
	sb_deadline_input di;
	sb_date decision, certificate;
	const sb_doc *dec, *cert;
	char a[SB_DATE_LONG_LEN];
	int rc;

	dec = latest_of(c, SB_KIND_LA_DECISION, &decision);
	cert = latest_of(c, SB_KIND_MEDIATION_CERTIFICATE, &certificate);
	if (cf->has_decision_date) {
		decision = cf->decision_date;
		c->r->decision_from = dup(SB_CASE_FILE_NAME);
	} else if (dec != NULL) {
		c->r->decision_from = dup(dec->path);
	}
	if (cf->has_certificate_date) {
		certificate = cf->certificate_date;
		c->r->certificate_from = dup(SB_CASE_FILE_NAME);
	} else if (cert != NULL) {
		c->r->certificate_from = dup(cert->path);
	}
	if (c->r->certificate_from == NULL && needs_certificate(cf->appeal_type))
		add1(c, "missing-mediation-certificate", SB_SEVERITY_ERROR, NULL,
		     dup("No mediation certificate was found. You need one before you can appeal "
			 "(Children and Families Act 2014 s.55), unless the appeal is only about "
			 "the school named."),
		     dup("Contact the mediation adviser named in the decision letter; put the "
			 "certificate in the folder, or give its date as \"certificate_date\" in "
			 "sendbundle.json."));
	if (c->r->decision_from == NULL) {
		add1(c, "missing-decision-letter", SB_SEVERITY_ERROR, NULL,
		     dup("No decision letter from the local authority was found, so the appeal "
			 "deadline cannot be worked out."),
		     dup("Put the decision letter in the folder, or give its date as "
			 "\"decision_date\" in sendbundle.json."));
		return SB_OK;
	}
	sb_deadline_input_init(&di);
	di.appeal_type = cf->appeal_type;
	di.decision_date = decision;
	di.has_certificate_date = c->r->certificate_from != NULL;
	di.certificate_date = certificate;
	di.has_today = true;
	di.today = in->today;
	di.today_after_5pm = in->today_after_5pm;
	/* A certificate dated before the decision is extraction's doubt, not
	 * a reason to give no deadline: the engine then warns about it. */
	di.confirm_dates = true;
	rc = sb_deadline_compute(&di, in->cals, in->ncals, &c->r->deadline, err);
	if (rc == SB_EREFUSED || rc == SB_EUNSAFE)
		return rc;
	if (rc != SB_OK)
		return rc;
	if (c->r->deadline->passed)
		add1(c, "deadline-passed", SB_SEVERITY_ERROR, NULL,
		     sb_strdup_printf("The appeal deadline, 5pm on %s, has passed.",
				      long_date(c->r->deadline->deadline, a)),
		     dup("Appeal at once and ask the Tribunal to accept it late, explaining why "
			 "(HESC Rules r.5(3)(a)); take advice, e.g. from IPSEA or your SENDIASS."));
	else if (c->r->deadline->days_left < SB_CHECK_SOON_DAYS)
		add1(c, "deadline-soon", SB_SEVERITY_WARNING, NULL,
		     sb_strdup_printf("The appeal must reach the Tribunal by 5pm on %s: %ld day%s "
				      "left.",
				      long_date(c->r->deadline->deadline, a),
				      c->r->deadline->days_left,
				      c->r->deadline->days_left == 1 ? "" : "s"),
		     dup("Send the appeal form (SEND35) now; evidence can follow later."));
	return SB_OK;
}

/* ---- the documents one by one ---- */

static bool icontains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

/* A witness statement says so near its top. */
static bool is_witness_statement(const sb_doc *d)
{
	return d->npages > 0 &&
	       icontains(d->pages[0].text, d->pages[0].len < 600 ? d->pages[0].len : 600,
			 "witness statement");
}

static void each_document(checker *c)
{
	const sb_check_input *in = c->in;
	sb_date ref = in->has_hearing_date	 ? in->hearing_date
		      : in->cf->has_hearing_date ? in->cf->hearing_date
						 : in->today;
	const char *ref_words = in->has_hearing_date || in->cf->has_hearing_date
				    ? "the hearing"
				    : "today (no hearing date is set)";
	sb_date oldest = ref;
	size_t i, p;
	char a[SB_DATE_LONG_LEN];

	oldest.year -= SB_CHECK_REPORT_YEARS;
	if (oldest.month == 2 && oldest.day == 29)
		oldest.day = 28;
	for (i = 0; i < in->docs->ndocs; i++) {
		const sb_doc *d = in->docs->docs[i];
		sb_date dd;
		bool dated = doc_date(c, d, &dd);
		char *pages = NULL;
		size_t nblank = 0;
		bool tried;

		if (excluded(c, d))
			continue;
		if (!dated && d->facts.kind != SB_KIND_GUIDANCE)
			add1(c, "undated", SB_SEVERITY_WARNING, d->path,
			     sb_strdup_printf("'%s' has no date that sendbundle could find, so it "
					      "goes last in its section and out of the chronology.",
					      d->path),
			     sb_strdup_printf("Give its date as \"date\" for it in %s.",
					      SB_CASE_FILE_NAME));
		/* PD 2025: professional and school reports over 3 years old at
		 * the hearing are not admitted without good reason. */
		if (dated &&
		    (d->facts.kind == SB_KIND_PROFESSIONAL_REPORT ||
		     d->facts.kind == SB_KIND_SCHOOL_PLAN) &&
		    sb_date_compare(dd, oldest) < 0)
			add1(c, "report-too-old", SB_SEVERITY_WARNING, d->path,
			     sb_strdup_printf("'%s' is dated %s, more than %d years before %s.",
					      d->path, long_date(dd, a), SB_CHECK_REPORT_YEARS,
					      ref_words),
			     dup("The Tribunal may not admit it: ask for an up-to-date report, or "
				 "explain why it is still relevant."));
		/* Pages with no text layer: scans and pictures OCR could not read
		 * (issue 7), or that were not given to it (--no-ocr). */
		tried = false;
		for (p = 0; p < d->npages; p++)
			if ((d->format == SB_FORMAT_PDF || d->format == SB_FORMAT_IMAGE) &&
			    !d->pages[p].has_text && !(d->blank_known && d->pages[p].blank)) {
				nblank++;
				tried = tried || d->pages[p].ocr;
			}
		if (nblank > 0) {
			size_t o = 0, cap = nblank * 24 + 16;

			pages = malloc(cap);
			if (pages != NULL) {
				pages[0] = '\0';
				for (p = 0; p < d->npages && o + 24 < cap; p++)
					if (!d->pages[p].has_text &&
					    !(d->blank_known && d->pages[p].blank))
						o += (size_t)snprintf(pages + o, cap - o, "%s%zu",
								      o > 0 ? ", " : "", p + 1);
			}
			add1(c, "no-text-layer", SB_SEVERITY_WARNING, d->path,
			     pages == NULL ? NULL
			     : tried	   ? sb_strdup_printf("'%s' has %zu page%s with no text "
							      "(page%s %s) that OCR could read: "
							      "the Tribunal cannot search %s.",
							      d->path, nblank, nblank == 1 ? "" : "s",
							      nblank == 1 ? "" : "s", pages,
							      nblank == 1 ? "it" : "them")
					   : sb_strdup_printf("'%s' has %zu page%s with no text "
							      "(page%s %s): a scan, which the "
							      "Tribunal cannot search and sendbundle "
							      "cannot read.",
							      d->path, nblank, nblank == 1 ? "" : "s",
							      nblank == 1 ? "" : "s", pages),
			     dup(tried ? "Look at the page: if it has writing, scan it again straight "
					 "and clear (300 dpi), or ask the author for the original file."
				       : "Let sendbundle read it by OCR (leave out --no-ocr), or ask "
					 "the author for the original file."));
			free(pages);
		}
		/* PD 2025: no e-mail threads unless relevant to a specific issue. */
		if (d->format == SB_FORMAT_EMAIL && d->facts.kind == SB_KIND_CORRESPONDENCE)
			add1(c, "email-thread", SB_SEVERITY_INFO, d->path,
			     sb_strdup_printf("'%s' is an e-mail; the Practice Direction keeps e-mail "
					      "threads out of the bundle unless they are relevant to a "
					      "specific issue.",
					      d->path),
			     sb_strdup_printf("Keep it only if it proves something the appeal turns "
					      "on; otherwise set \"exclude\": true for it in %s.",
					      SB_CASE_FILE_NAME));
	}
}

/* ---- the whole case ---- */

static void unreadable(checker *c)
{
	size_t i;

	for (i = 0; i < c->in->docs->nerrors; i++) {
		const sb_file_error *e = &c->in->docs->errors[i];
		const sb_case_override *ov = sb_case_file_override(c->in->cf, e->path);

		if (ov != NULL && ov->exclude)
			continue;
		add1(c, "unreadable", SB_SEVERITY_ERROR, e->path,
		     sb_strdup_printf("'%s' cannot be read: %s", e->path, e->message),
		     sb_strdup_printf("%s%sor set \"exclude\": true for it in %s.", e->hint,
				      e->hint[0] != '\0' ? "; " : "", SB_CASE_FILE_NAME));
	}
}

/* The family's request for an assessment, for la-late: the option, else a
 * parent's letter or e-mail that asks for one. */
static bool request_date(checker *c, sb_date *out)
{
	size_t i;
	bool found = false;

	if (c->in->has_request_date) {
		*out = c->in->request_date;
		c->r->request_from = dup("--request-date");
		return c->r->request_from != NULL;
	}
	for (i = 0; i < c->in->docs->ndocs; i++) {
		const sb_doc *d = c->in->docs->docs[i];
		sb_date dd;

		if (excluded(c, d) || d->facts.kind != SB_KIND_CORRESPONDENCE ||
		    d->facts.author_role != SB_ROLE_PARENT || d->npages == 0 ||
		    !doc_date(c, d, &dd) ||
		    !(icontains(d->pages[0].text, d->pages[0].len,
				"request for an ehc needs assessment") ||
		      icontains(d->pages[0].text, d->pages[0].len,
				"request an ehc needs assessment") ||
		      icontains(d->pages[0].text, d->pages[0].len,
				"request an education, health and care needs assessment")))
			continue;
		/* The earliest such request is the one the 6 weeks run from. */
		if (!found || sb_date_compare(dd, *out) < 0) {
			*out = dd;
			free(c->r->request_from);
			c->r->request_from = dup(d->path);
			found = true;
		}
	}
	return found && c->r->request_from != NULL;
}

static void la_late(checker *c)
{
	sb_date req, dec;
	char a[SB_DATE_LONG_LEN], b[SB_DATE_LONG_LEN];
	long days;

	if (c->r->deadline == NULL || !request_date(c, &req))
		return;
	dec = c->r->deadline->decision_date;
	days = sb_date_diff_days(dec, req);
	if (days <= 7L * SB_CHECK_LA_WEEKS)
		return;
	add1(c, "la-late", SB_SEVERITY_INFO, c->r->request_from,
	     sb_strdup_printf("The local authority decided on %s, %ld days after the request of "
			      "%s: more than the %d weeks the law allows (SEND Regulations 2014 "
			      "reg 4(1)).",
			      long_date(dec, a), days, long_date(req, b), SB_CHECK_LA_WEEKS),
	     dup("This does not change the appeal, but it is evidence for a complaint to the "
		 "local authority and then the Local Government and Social Care Ombudsman."));
}

static void coverage(checker *c)
{
	sb_coverage *cv = &c->r->coverage;
	size_t i;

	for (i = 0; i < c->in->docs->ndocs; i++) {
		const sb_doc *d = c->in->docs->docs[i];
		sb_date dd;

		if (excluded(c, d) || d->facts.kind == SB_KIND_GUIDANCE)
			continue;
		cv->mentioned |= d->facts.professionals;
		cv->areas |= d->facts.areas;
		if (d->facts.kind == SB_KIND_PROFESSIONAL_REPORT) {
			cv->reports++;
			switch (d->facts.author_role) {
			case SB_ROLE_EP:
				cv->reported |= 1u << SB_PRO_EP;
				break;
			case SB_ROLE_SALT:
				cv->reported |= 1u << SB_PRO_SALT;
				break;
			case SB_ROLE_OT:
				cv->reported |= 1u << SB_PRO_OT;
				break;
			case SB_ROLE_CAMHS:
				cv->reported |= 1u << SB_PRO_CAMHS;
				break;
			case SB_ROLE_PAEDIATRICIAN:
				cv->reported |= 1u << SB_PRO_PAEDIATRICIAN;
				break;
			case SB_ROLE_PHYSIOTHERAPIST:
				cv->reported |= 1u << SB_PRO_PHYSIOTHERAPIST;
				break;
			default:
				break;
			}
		}
		if (d->facts.kind == SB_KIND_SCHOOL_PLAN) {
			cv->school_plans++;
			if (doc_date(c, d, &dd)) {
				if (!cv->has_plan_dates || sb_date_compare(dd, cv->first_plan) < 0)
					cv->first_plan = dd;
				if (!cv->has_plan_dates || sb_date_compare(dd, cv->last_plan) > 0)
					cv->last_plan = dd;
				cv->has_plan_dates = true;
			}
		}
	}
	/* The graduated approach (SEND Code of Practice 6.44-6.56: assess,
	 * plan, do, review) shows as support reviewed over time. */
	cv->graduated = cv->has_plan_dates &&
			sb_date_diff_days(cv->last_plan, cv->first_plan) >= 7L * 6;
	if (cv->reports == 0)
		add1(c, "no-professional-evidence", SB_SEVERITY_WARNING, NULL,
		     dup("There is no report from any professional (educational psychologist, "
			 "speech and language therapist, occupational therapist, CAMHS, "
			 "paediatrician, physiotherapist)."),
		     dup("The Tribunal decides on evidence: ask the professionals who know your "
			 "child for a report, or the school for its records of support."));
}

/* Exact page counts and duplicates, from the bundle the build would make. */
static int bundle_checks(checker *c, sb_error *err)
{
	sb_build_options bo;
	sb_plan plan;
	sb_plan_over *over = NULL;
	size_t nover = 0, i, k;
	int rc;

	sb_build_options_init(&bo);
	/* The plan only: page counts with the build's own layout, nothing drawn. */
	rc = sb_build_plan(c->in->docs, c->in->cf, &bo, &plan, err);
	if (rc != SB_OK)
		return rc;
	if (plan.nentries == 0) { /* nothing to bundle: the other findings say why */
		sb_plan_release(&plan);
		return SB_OK;
	}
	c->r->bundle_pages = plan.total_pages;
	for (i = 0; i < plan.nexcluded; i++) {
		const sb_plan_excluded *x = &plan.excluded[i];
		const char *paths[2] = {x->source, NULL};
		const char *of = strstr(x->reason, "duplicate of ");

		if (of == NULL)
			continue;
		/* "duplicate of SOURCE (the same file)": name every copy. */
		for (k = 0; k < plan.nentries; k++)
			if (strncmp(of + 13, plan.entries[k].source,
				    strlen(plan.entries[k].source)) == 0)
				paths[1] = plan.entries[k].source;
		add(c, "duplicate", SB_SEVERITY_WARNING, paths, paths[1] != NULL ? 2 : 1,
		    sb_strdup_printf("'%s' is a %s; it appears once in the bundle.", x->source,
				     x->reason),
		    sb_strdup_printf("Remove the copy from the folder, or set \"exclude\": true "
				     "for it in %s.",
				     SB_CASE_FILE_NAME));
	}
	/* Lengths as the bundle lays them out (a Word or text report's pages
	 * are counted as printed, not as stored). */
	for (i = 0; i < plan.nentries; i++) {
		const sb_plan_entry *e = &plan.entries[i];

		if (e->doc == NULL)
			continue;
		if (e->doc->facts.kind == SB_KIND_PROFESSIONAL_REPORT &&
		    e->npages > SB_PLAN_EXPERT_REPORT_PAGES)
			add1(c, "report-too-long", SB_SEVERITY_WARNING, e->source,
			     sb_strdup_printf("'%s' is %zu pages; an expert report for the appeal may "
					      "be at most %d (with a summary of at most 2).",
					      e->source, e->npages, SB_PLAN_EXPERT_REPORT_PAGES),
			     dup("If it is expert evidence for the appeal, ask for a shorter "
				 "version, or ask the Tribunal's permission (form SEND7)."));
		else if (is_witness_statement(e->doc) && e->npages > SB_CHECK_WITNESS_PAGES)
			add1(c, "report-too-long", SB_SEVERITY_WARNING, e->source,
			     sb_strdup_printf("'%s' is a witness statement of %zu pages; the limit "
					      "is %d.",
					      e->source, e->npages, SB_CHECK_WITNESS_PAGES),
			     dup("Shorten it, or send a note explaining why it needs more."));
	}
	rc = sb_plan_check_limits(&plan, c->in->cf->appeal_type, &over, &nover, err);
	for (i = 0; rc == SB_OK && i < nover; i++)
		add1(c, "over-page-limit", SB_SEVERITY_ERROR, NULL, dup(over[i].message),
		     dup("Leave documents out (\"exclude\": true in sendbundle.json), or ask the "
			 "Tribunal's permission with form SEND7 and build with "
			 "--allow-over-limit --reason."));
	for (i = 0; i < nover; i++)
		free(over[i].message);
	free(over);
	sb_plan_release(&plan);
	return rc;
}

/* --against: where each of the family's documents is in the LA's bundle. */
static int against(checker *c, sb_error *err)
{
	const sb_doc **fam = NULL;
	size_t n = 0, i;
	int rc;

	if (c->in->against == NULL)
		return SB_OK;
	// NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
	fam = calloc(c->in->docs->ndocs + 1, sizeof(*fam));
	c->r->against_path = dup(c->in->against_path != NULL ? c->in->against_path : "");
	if (fam == NULL || c->r->against_path == NULL) {
		free(fam);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	/* Evidence only: excluded files and guidance are not expected there. */
	for (i = 0; i < c->in->docs->ndocs; i++) {
		const sb_doc *d = c->in->docs->docs[i];

		if (!excluded(c, d) && d->facts.kind != SB_KIND_GUIDANCE)
			fam[n++] = d;
	}
	rc = sb_compare_bundle(fam, n, c->in->against, &c->r->comparison, err);
	free(fam);
	if (rc != SB_OK)
		return rc;
	c->r->compared = true;
	for (i = 0; i < c->r->comparison.ndocs; i++) {
		const sb_compare_doc *cd = &c->r->comparison.docs[i];

		if (cd->status != SB_COMPARE_MISSING)
			continue;
		add1(c, "missing-from-la-bundle", SB_SEVERITY_WARNING, cd->doc->path,
		     sb_strdup_printf("'%s' is not in the local authority's bundle '%s'.",
				      cd->doc->path, c->r->against_path),
		     dup("If you sent it as evidence, tell the Tribunal and the local authority "
			 "before the hearing, with a copy and when you sent it."));
	}
	return SB_OK;
}

static int cmp_severity(const void *a, const void *b)
{
	const sb_finding *x = a, *y = b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return 0;
}

int sb_check_run(const sb_check_input *in, sb_check_result *out, sb_error *err)
{
	checker c;
	sb_finding *tmp;
	size_t i, j;
	int rc;

	sb_check_result_init(out);
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.r = out;
	rc = deadline(&c, err);
	if (rc == SB_OK) {
		unreadable(&c);
		rc = bundle_checks(&c, err);
	}
	if (rc == SB_OK) {
		each_document(&c);
		la_late(&c);
		coverage(&c);
		rc = against(&c, err);
	}
	if (rc == SB_OK && c.nomem)
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	if (rc != SB_OK) {
		sb_check_result_release(out);
		return rc;
	}
	/* Most urgent first; a stable insertion sort keeps each severity's
	 * findings in the order they were found. */
	tmp = out->findings;
	for (i = 1; i < out->nfindings; i++) {
		sb_finding f = tmp[i];

		for (j = i; j > 0 && cmp_severity(&tmp[j - 1], &f) > 0; j--)
			tmp[j] = tmp[j - 1];
		tmp[j] = f;
	}
	return SB_OK;
}

/* ---- JSON ---- */

static json_t *bits(unsigned set, unsigned count, const char *(*name)(unsigned))
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; a != NULL && i < count; i++)
		if (set & (1u << i))
			json_array_append_new(a, json_string(name(i)));
	return a;
}

static const char *pro_name(unsigned i)
{
	return sb_professional_name((sb_professional)i);
}

static const char *area_name(unsigned i)
{
	return sb_area_name((sb_area)i);
}

static json_t *against_json(const sb_check_result *r)
{
	const sb_compare_result *c = &r->comparison;
	json_t *o = json_object(), *found = json_array(), *missing = json_array();
	json_t *no_text = json_array(), *extras = json_array();
	bool ok = o != NULL && found != NULL && missing != NULL && no_text != NULL &&
		  extras != NULL;
	size_t i;

	for (i = 0; i < c->ndocs; i++) {
		const sb_compare_doc *d = &c->docs[i];

		if (d->status == SB_COMPARE_FOUND) {
			json_t *f = json_object();

			sb_json_set(f, "source", sb_json_text(d->doc->path), &ok);
			sb_json_set(f, "first_page", json_integer((json_int_t)d->first_page), &ok);
			sb_json_set(f, "last_page", json_integer((json_int_t)d->last_page), &ok);
			if (json_array_append_new(found, f) != 0)
				ok = false;
		} else {
			if (json_array_append_new(d->status == SB_COMPARE_MISSING ? missing
										  : no_text,
						  sb_json_text(d->doc->path)) != 0)
				ok = false;
		}
	}
	for (i = 0; i < c->nextras; i++) {
		json_t *x = json_object();

		sb_json_set(x, "first_page", json_integer((json_int_t)c->extras[i].first_page), &ok);
		sb_json_set(x, "last_page", json_integer((json_int_t)c->extras[i].last_page), &ok);
		sb_json_set(x, "title", sb_json_text(c->extras[i].title), &ok);
		if (json_array_append_new(extras, x) != 0)
			ok = false;
	}
	sb_json_set(o, "bundle", sb_json_text(r->against_path), &ok);
	sb_json_set(o, "pages", json_integer((json_int_t)c->bundle_pages), &ok);
	sb_json_set(o, "found", found, &ok);
	sb_json_set(o, "missing", missing, &ok);
	sb_json_set(o, "no_text", no_text, &ok);
	sb_json_set(o, "not_yours", extras, &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int sb_check_to_json(const sb_check_result *r, const sb_doc_list *docs, char **out,
		     sb_error *err)
{
	json_t *root = json_object(), *findings = json_array(), *cov = json_object();
	json_t *scan = NULL, *dl = NULL;
	char *scan_text = NULL, *dl_text = NULL, iso[16];
	bool ok = root != NULL && findings != NULL && cov != NULL;
	size_t i, k;
	int rc;

	*out = NULL;
	rc = sb_scan_to_json(docs, &scan_text, err);
	if (rc == SB_OK && r->deadline != NULL)
		rc = sb_deadline_to_json(r->deadline, &dl_text, err);
	if (rc != SB_OK)
		goto cleanup;
	scan = json_loads(scan_text, 0, NULL);
	dl = dl_text != NULL ? json_loads(dl_text, 0, NULL) : json_null();
	ok = ok && scan != NULL && dl != NULL;
	for (i = 0; ok && i < r->nfindings; i++) {
		const sb_finding *f = &r->findings[i];
		json_t *o = json_object(), *paths = json_array();

		for (k = 0; paths != NULL && k < f->npaths; k++)
			json_array_append_new(paths, sb_json_text(f->paths[k]));
		sb_json_set(o, "code", json_string(f->code), &ok);
		sb_json_set(o, "severity", json_string(sb_severity_name(f->severity)), &ok);
		sb_json_set(o, "paths", paths, &ok);
		sb_json_set(o, "message", sb_json_text(f->message), &ok);
		sb_json_set(o, "hint", sb_json_text(f->hint), &ok);
		if (o == NULL || json_array_append_new(findings, o) != 0)
			ok = false;
	}
	sb_json_set(cov, "reported_by", bits(r->coverage.reported, SB_PRO_COUNT, pro_name), &ok);
	sb_json_set(cov, "mentioned", bits(r->coverage.mentioned, SB_PRO_COUNT, pro_name), &ok);
	sb_json_set(cov, "areas_of_need", bits(r->coverage.areas, SB_AREA_COUNT, area_name), &ok);
	sb_json_set(cov, "professional_reports", json_integer((json_int_t)r->coverage.reports),
		    &ok);
	sb_json_set(cov, "school_plans", json_integer((json_int_t)r->coverage.school_plans), &ok);
	sb_json_set(cov, "graduated_approach", json_boolean(r->coverage.graduated), &ok);
	sb_json_set(cov, "first_plan",
		    r->coverage.has_plan_dates
			? json_string(sb_date_format_iso(r->coverage.first_plan, iso, sizeof(iso)))
			: json_null(),
		    &ok);
	sb_json_set(cov, "last_plan",
		    r->coverage.has_plan_dates
			? json_string(sb_date_format_iso(r->coverage.last_plan, iso, sizeof(iso)))
			: json_null(),
		    &ok);
	if (ok) {
		json_object_set(root, "documents", json_object_get(scan, "documents"));
		json_object_set(root, "not_read", json_object_get(scan, "errors"));
	}
	sb_json_set(root, "ready", json_boolean(!sb_check_has_errors(r)), &ok);
	sb_json_set(root, "deadline", dl, &ok);
	dl = NULL;
	sb_json_set(root, "findings", findings, &ok);
	findings = NULL;
	sb_json_set(root, "coverage", cov, &ok);
	cov = NULL;
	sb_json_set(root, "against", r->compared ? against_json(r) : json_null(), &ok);
	sb_json_set(root, "bundle_pages",
		    r->bundle_pages > 0 ? json_integer((json_int_t)r->bundle_pages) : json_null(),
		    &ok);
	if (ok) {
		rc = sb_json_finish(root, out, err);
		root = NULL; /* taken */
	} else {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
cleanup:
	json_decref(root);
	json_decref(findings);
	json_decref(cov);
	json_decref(scan);
	json_decref(dl);
	free(scan_text);
	free(dl_text);
	return rc;
}
