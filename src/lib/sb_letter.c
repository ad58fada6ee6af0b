/*
 * The family's letters, drafted from the case (issue 6, "letter";
 * include/sendbundle/letter.h). A parent writes these by hand today, copying
 * each report's author and date and each bundle page number; here they come
 * from the same facts the bundle is built from, so the letter and the bundle
 * cannot disagree. What the program cannot know (the family's address, the
 * child's date of birth, the signature) stays a [bracketed] placeholder:
 * a draft that guesses a name or a date would be worse than one that asks.
 */
#include <sendbundle/letter.h>

#include <sendbundle/plan.h>
#include "sb_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Said under the banner of every draft: how to turn it into a letter. */
#define BANNER_NOTE                                                                                \
	"Drafted by sendbundle from the case folder. Replace every part in [square "               \
	"brackets], correct or delete anything that is wrong, delete these lines, and keep "       \
	"a copy of what you send. This is not legal advice."

#define PLACEHOLDER_LA "[Your local authority]"
#define PLACEHOLDER_CHILD "[your child's name]"

const char *sb_letter_kind_name(sb_letter_kind k)
{
	static const char *const names[SB_LETTER_KIND_COUNT] = {"request-assessment",
								"appeal-evidence"};

	return (int)k >= 0 && k < SB_LETTER_KIND_COUNT ? names[k] : NULL;
}

bool sb_letter_kind_parse(const char *name, sb_letter_kind *out)
{
	int k;

	if (name == NULL)
		return false;
	for (k = 0; k < SB_LETTER_KIND_COUNT; k++) {
		if (strcmp(name, sb_letter_kind_name((sb_letter_kind)k)) == 0) {
			if (out != NULL)
				*out = (sb_letter_kind)k;
			return true;
		}
	}
	return false;
}

void sb_letter_init(sb_letter *l)
{
	memset(l, 0, sizeof(*l));
}

void sb_letter_release(sb_letter *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nparas; i++) {
		free(l->paras[i].label);
		free(l->paras[i].text);
	}
	free(l->paras);
	for (i = 0; i < l->nnotes; i++)
		free(l->notes[i]);
	free(l->notes);
	memset(l, 0, sizeof(*l));
}

/* ---- building a letter ---- */

static int nomem(sb_error *err)
{
	return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory drafting the letter");
}

/* Append a paragraph, taking label and text (either may be NULL only when
 * nothing was meant: a NULL text is an allocation that failed). */
static int add_para(sb_letter *l, sb_letter_style style, char *label, char *text, sb_error *err)
{
	sb_letter_para *grown;

	if (text == NULL)
		goto fail;
	if (l->nparas == l->cap) {
		size_t cap = l->cap == 0 ? 32 : l->cap * 2;

		grown = realloc(l->paras, cap * sizeof(*grown));
		if (grown == NULL)
			goto fail;
		l->paras = grown;
		l->cap = cap;
	}
	l->paras[l->nparas].style = style;
	l->paras[l->nparas].label = label;
	l->paras[l->nparas].text = text;
	l->nparas++;
	return SB_OK;
fail:
	free(label);
	free(text);
	return nomem(err);
}

static int addf(sb_letter *l, sb_letter_style style, sb_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int addf(sb_letter *l, sb_letter_style style, sb_error *err, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = sb_strdup_vprintf(fmt, ap);
	va_end(ap);
	return add_para(l, style, NULL, text, err);
}

static int add_item(sb_letter *l, sb_letter_style style, const char *label, char *text,
		    sb_error *err)
{
	char *lab = sb_strdup_printf("%s", label);

	if (lab == NULL) {
		free(text);
		return nomem(err);
	}
	return add_para(l, style, lab, text, err);
}

static int add_note(sb_letter *l, sb_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int add_note(sb_letter *l, sb_error *err, const char *fmt, ...)
{
	va_list ap;
	char *text, **grown;

	va_start(ap, fmt);
	text = sb_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (text == NULL)
		return nomem(err);
	grown = realloc(l->notes, (l->nnotes + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(text);
		return nomem(err);
	}
	l->notes = grown;
	l->notes[l->nnotes++] = text;
	return SB_OK;
}

/* "2 June 2026", as a letter is dated in England. */
static const char *long_date(sb_date d, char *buf, size_t size)
{
	snprintf(buf, size, "%d %s %d", d.day, sb_date_month_name(d.month), d.year);
	return buf;
}

/* A profession in the words a parent would use in a letter (the bundle's
 * index abbreviates: "EP"). NULL for none and for "other". */
static const char *profession(sb_role r)
{
	switch (r) {
	case SB_ROLE_EP:
		return "educational psychologist";
	case SB_ROLE_SALT:
		return "speech and language therapist";
	case SB_ROLE_OT:
		return "occupational therapist";
	case SB_ROLE_CAMHS:
		return "CAMHS clinician";
	case SB_ROLE_PAEDIATRICIAN:
		return "paediatrician";
	case SB_ROLE_PHYSIOTHERAPIST:
		return "physiotherapist";
	case SB_ROLE_SENCO:
		return "SENCO";
	case SB_ROLE_TEACHER:
		return "teacher";
	case SB_ROLE_LA_OFFICER:
		return "local authority officer";
	case SB_ROLE_PARENT:
		return "parent";
	case SB_ROLE_TRIBUNAL_JUDGE:
		return "Tribunal judge";
	case SB_ROLE_SOLICITOR:
		return "solicitor";
	default:
		return NULL;
	}
}

/* "Title, by Author (profession), 2 June 2026" and the shorter forms when
 * the author, profession or date is not known; `tail` (may be "") after. */
static char *describe(const char *title, const char *author, sb_role role, bool has_date,
		      sb_date date, const char *tail)
{
	const char *prof = profession(role);
	char when[48];

	if (has_date)
		long_date(date, when, sizeof(when));
	else
		snprintf(when, sizeof(when), "undated");
	if (author != NULL && author[0] != '\0' && prof != NULL)
		return sb_strdup_printf("%s, by %s (%s), %s%s", title, author, prof, when, tail);
	if (author != NULL && author[0] != '\0')
		return sb_strdup_printf("%s, by %s, %s%s", title, author, when, tail);
	if (prof != NULL)
		return sb_strdup_printf("%s (%s), %s%s", title, prof, when, tail);
	return sb_strdup_printf("%s, %s%s", title, when, tail);
}

static int add_banner(sb_letter *l, sb_error *err)
{
	int rc = addf(l, SB_LETTER_BANNER_LINE, err, "%s", SB_LETTER_BANNER);

	return rc != SB_OK ? rc : addf(l, SB_LETTER_BANNER_NOTE, err, "%s", BANNER_NOTE);
}

/* What the case file says about the LA and the child, or the placeholders,
 * with a note for each placeholder so the user knows to fill it in. */
static int names(sb_letter *l, const sb_case_file *cf, const char **la, const char **child,
		 sb_error *err)
{
	int rc = SB_OK;

	*la = cf != NULL && cf->la != NULL ? cf->la : PLACEHOLDER_LA;
	*child = cf != NULL && cf->child != NULL ? cf->child : PLACEHOLDER_CHILD;
	if (cf == NULL)
		return add_note(l, err, "with no %s, the letter says %s and %s: fill them in",
				SB_CASE_FILE_NAME, PLACEHOLDER_LA, PLACEHOLDER_CHILD);
	if (cf->la == NULL)
		rc = add_note(l, err,
			      "%s names no local authority (\"la\"): the letter says %s; "
			      "fill in \"la\" or the letter",
			      SB_CASE_FILE_NAME, PLACEHOLDER_LA);
	if (rc == SB_OK && cf->child == NULL)
		rc = add_note(l, err,
			      "%s does not name the child (\"child\"): the letter says %s; "
			      "fill in \"child\" or the letter",
			      SB_CASE_FILE_NAME, PLACEHOLDER_CHILD);
	return rc;
}

/* who: "" or " (appellant)", after the name. */
static int add_signature(sb_letter *l, const char *child, const char *who, sb_error *err)
{
	int rc = addf(l, SB_LETTER_PARA, err, "Yours faithfully,");

	if (rc == SB_OK)
		rc = addf(l, SB_LETTER_LINE, err, "Signed: [your signature]");
	if (rc == SB_OK)
		rc = addf(l, SB_LETTER_LINE, err, "[Your name]%s, parent of %s", who, child);
	if (rc == SB_OK)
		rc = addf(l, SB_LETTER_LINE, err, "Date: [the date you sign]");
	return rc;
}

/* ---- request-assessment ---- */

/* One document listed as evidence, with the case file's corrections. */
typedef struct evidence {
	const sb_doc *doc;
	char *title;
	const char *author; /* borrowed from the case file or the doc */
	sb_role role;
	bool has_date;
	sb_date date;
	int group;
} evidence;

enum { GROUP_REPORTS, GROUP_SCHOOL, GROUP_OTHER, NGROUPS };

/*
 * Whether a document is evidence for a request to assess, and its group.
 * Not evidence: what the case file excludes or files in A (appeal and
 * Tribunal documents) or E (the LA's evidence), guidance, the LA's decision
 * letters, mediation certificates, Tribunal papers, and letters by the
 * LA's own officers (the LA has them: listing them back proves nothing).
 */
static bool is_evidence(const sb_doc *doc, const sb_case_override *ov, sb_role role, int *group)
{
	sb_section section;

	if (ov != NULL && ov->exclude)
		return false;
	if (ov != NULL && ov->has_section)
		section = ov->section;
	else if (!sb_case_default_section(doc, &section, NULL))
		return false;
	if (section == SB_SECTION_APPEAL || section == SB_SECTION_LA)
		return false;
	switch (doc->facts.kind) {
	case SB_KIND_LA_DECISION:
	case SB_KIND_MEDIATION_CERTIFICATE:
	case SB_KIND_TRIBUNAL_DOCUMENT:
	case SB_KIND_GUIDANCE:
		return false;
	case SB_KIND_PROFESSIONAL_REPORT:
		*group = GROUP_REPORTS;
		break;
	case SB_KIND_SCHOOL_PLAN:
		*group = GROUP_SCHOOL;
		break;
	default:
		*group = GROUP_OTHER;
		break;
	}
	return role != SB_ROLE_LA_OFFICER;
}

/* Group, then date (undated last), then title and path, so the same folder
 * always gives the same numbering. */
static int evidence_cmp(const void *a, const void *b)
{
	const evidence *x = a, *y = b;
	int c;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->has_date != y->has_date)
		return x->has_date ? -1 : 1;
	c = x->has_date ? sb_date_compare(x->date, y->date) : 0;
	if (c != 0)
		return c;
	c = strcmp(x->title, y->title);
	return c != 0 ? c : strcmp(x->doc->path, y->doc->path);
}

/* The evidence among docs into *out (malloc'd; each title too), sorted. */
static int collect_evidence(const sb_doc_list *docs, const sb_case_file *cf, evidence **out,
			    size_t *n, sb_error *err)
{
	evidence *ev = calloc(docs->ndocs + 1, sizeof(*ev));
	size_t i, j, k = 0;
	bool dup;

	*out = NULL;
	*n = 0;
	if (ev == NULL)
		return nomem(err);
	for (i = 0; i < docs->ndocs; i++) {
		const sb_doc *doc = docs->docs[i];
		const sb_case_override *ov =
		    cf != NULL ? sb_case_file_override(cf, doc->path) : NULL;
		evidence *e = &ev[k];
		sb_role role = ov != NULL && ov->has_role ? ov->role : doc->facts.author_role;

		if (!is_evidence(doc, ov, role, &e->group))
			continue;
		/* The same file twice (a report also attached to an e-mail) is listed once. */
		dup = false;
		for (j = 0; j < k && !dup; j++)
			dup = strcmp(ev[j].doc->sha256, doc->sha256) == 0;
		if (dup)
			continue;
		e->doc = doc;
		e->role = role;
		e->title = ov != NULL && ov->title != NULL ? sb_strdup_printf("%s", ov->title)
							   : sb_case_default_title(doc);
		if (e->title == NULL)
			goto fail;
		if (ov != NULL && ov->author != NULL)
			e->author = ov->author;
		else if (ov == NULL || !ov->author_none)
			e->author = doc->facts.author;
		if (ov != NULL && ov->date_unknown) {
			e->has_date = false;
		} else if (ov != NULL && ov->has_date) {
			e->has_date = true;
			e->date = ov->date;
		} else {
			e->has_date = doc->facts.has_document_date;
			e->date = doc->facts.document_date;
		}
		k++;
	}
	qsort(ev, k, sizeof(*ev), evidence_cmp);
	*out = ev;
	*n = k;
	return SB_OK;
fail:
	for (j = 0; j < k; j++)
		free(ev[j].title);
	free(ev);
	return nomem(err);
}

/* "communication and interaction; cognition and learning", in the Code of
 * Practice's order (para 6.28), or NULL when areas is 0 (and on ENOMEM:
 * *failed is set). */
static char *areas_text(unsigned areas, bool *failed)
{
	static const struct {
		sb_area area;
		const char *words;
	} order[] = {
	    {SB_AREA_COMMUNICATION_INTERACTION, "communication and interaction"},
	    {SB_AREA_COGNITION_LEARNING, "cognition and learning"},
	    {SB_AREA_SEMH, "social, emotional and mental health"},
	    {SB_AREA_SENSORY_PHYSICAL, "sensory and/or physical needs"},
	};
	char *out = NULL, *next;
	size_t i;

	*failed = false;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!(areas & (1u << order[i].area)))
			continue;
		next = out == NULL ? sb_strdup_printf("%s", order[i].words)
				   : sb_strdup_printf("%s; %s", out, order[i].words);
		free(out);
		out = next;
		if (out == NULL) {
			*failed = true;
			return NULL;
		}
	}
	return out;
}

static const char *const group_heading[NGROUPS] = {
    "Reports from professionals",
    "The school's SEN support plans and reviews",
    "Other documents",
};

/* The evidence section: the groups, numbered across, and the areas of need. */
static int add_evidence(sb_letter *l, const evidence *ev, size_t n, const char *child,
			sb_error *err)
{
	unsigned areas = 0;
	char label[24], *areas_words = NULL;
	bool failed;
	size_t i;
	int g = -1, rc;

	rc = addf(l, SB_LETTER_HEADING, err, "The evidence");
	if (rc == SB_OK && n == 0)
		return addf(l, SB_LETTER_PARA, err,
			    "[List here the reports and other documents you are sending, with who "
			    "wrote each one, their profession and the date.]");
	if (rc == SB_OK)
		rc = addf(l, SB_LETTER_PARA, err, "I enclose copies of these documents.");
	for (i = 0; i < n && rc == SB_OK; i++) {
		if (ev[i].group != g) {
			g = ev[i].group;
			rc = addf(l, SB_LETTER_HEADING, err, "%s", group_heading[g]);
			/* The graduated approach (assess, plan, do, review) is what an LA
			 * looks for before an assessment: say what these documents are. */
			if (rc == SB_OK && g == GROUP_SCHOOL)
				rc = addf(
				    l, SB_LETTER_PARA, err,
				    "These show the support the school has put in place for "
				    "%s through the graduated approach of assess, plan, do and "
				    "review (SEND Code of Practice 2015, paragraph 6.44), and what "
				    "the reviews found.",
				    child);
			if (rc != SB_OK)
				break;
		}
		snprintf(label, sizeof(label), "%zu.", i + 1);
		rc = add_item(
		    l, SB_LETTER_ITEM, label,
		    describe(ev[i].title, ev[i].author, ev[i].role, ev[i].has_date, ev[i].date, ""),
		    err);
		areas |= ev[i].doc->facts.areas;
	}
	if (rc != SB_OK)
		return rc;
	areas_words = areas_text(areas, &failed);
	if (failed)
		return nomem(err);
	if (areas_words != NULL)
		rc = addf(l, SB_LETTER_PARA, err,
			  "Between them, these documents describe needs in these areas (SEND Code "
			  "of Practice 2015, paragraph 6.28): %s.",
			  areas_words);
	free(areas_words);
	return rc;
}

static int add_unread_notes(sb_letter *l, const sb_doc_list *docs, sb_error *err)
{
	size_t i;
	int rc = SB_OK;

	for (i = 0; i < docs->nerrors && rc == SB_OK; i++) {
		const sb_file_error *e = &docs->errors[i];

		/* Readers' messages usually name the file already. */
		if (strstr(e->message, e->path) != NULL)
			rc = add_note(l, err,
				      "%s, so it is not listed; if it is evidence, add it "
				      "to the letter by hand",
				      e->message);
		else
			rc = add_note(l, err,
				      "'%s' could not be read (%s), so it is not listed; "
				      "if it is evidence, add it to the letter by hand",
				      e->path, e->message);
	}
	return rc;
}

int sb_letter_request_assessment(const sb_doc_list *docs, const sb_case_file *cf, sb_date today,
				 sb_letter *out, sb_error *err)
{
	evidence *ev = NULL;
	const char *la, *child;
	char date[48];
	size_t n = 0, i;
	int rc;

	sb_letter_init(out);
	if (docs == NULL || !sb_date_is_valid(today))
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "no documents or no date for the letter");
	out->kind = SB_LETTER_REQUEST_ASSESSMENT;
	out->date = today;
	rc = collect_evidence(docs, cf, &ev, &n, err);
	if (rc == SB_OK)
		rc = names(out, cf, &la, &child, err);
	if (rc == SB_OK)
		rc = add_banner(out, err);
	if (rc != SB_OK)
		goto done;
	out->nevidence = n;
	rc = addf(out, SB_LETTER_LINE, err, "[Your name]");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "[Your address]");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "[Your telephone number and e-mail address]");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "%s", "");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "%s", la);
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "Special educational needs (SEN) team");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "[Its address or e-mail address]");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err, "%s", long_date(today, date, sizeof(date)));
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err, "Dear Sir or Madam,");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_HEADING, err,
			  "Request for an education, health and care (EHC) needs assessment for %s",
			  child);
	if (rc == SB_OK)
		rc =
		    addf(out, SB_LETTER_PARA, err,
			 "I am the parent of %s, born [date of birth], who attends [name of school "
			 "or setting]. I am asking you to carry out an education, health and care "
			 "(EHC) needs assessment for %s under section 36(1) of the Children and "
			 "Families Act 2014. Please treat this letter as that request.",
			 child, child);
	/* s.36(8), quoted word for word: the LA may not add conditions of its
	 * own (legal-rules.md, "The legal test for assessment"). */
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_HEADING, err, "The legal test");
	if (rc == SB_OK)
		rc =
		    addf(out, SB_LETTER_PARA, err,
			 "Section 36(8) of the Children and Families Act 2014 says that the local "
			 "authority must secure an EHC needs assessment if, after having regard to "
			 "the views and evidence put to it, it is of the opinion that:");
	if (rc == SB_OK)
		rc = add_item(out, SB_LETTER_QUOTE, "(a)",
			      sb_strdup_printf("\u201cthe child or young person has or may have "
					       "special educational needs, and\u201d"),
			      err);
	if (rc == SB_OK)
		rc = add_item(out, SB_LETTER_QUOTE, "(b)",
			      sb_strdup_printf("\u201cit may be necessary for special educational "
					       "provision to be made for the child or young person "
					       "in accordance with an EHC plan.\u201d"),
			      err);
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err,
			  "The test asks whether %s has or may have special educational needs and "
			  "whether an EHC plan may be necessary, not whether a plan will certainly "
			  "be needed. I believe the evidence below meets both parts of the test.",
			  child);
	if (rc == SB_OK)
		rc = add_evidence(out, ev, n, child, err);
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_HEADING, err, "Why an assessment is needed");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err,
			  "[In your own words: what %s finds difficult, what help %s has had, and "
			  "why it has not been enough.]",
			  child, child);
	if (rc == SB_OK)
		rc =
		    addf(out, SB_LETTER_PARA, err,
			 "Please confirm that you have received this request. You must tell me "
			 "within 6 weeks of receiving it whether you will carry out the assessment "
			 "(Special Educational Needs and Disability Regulations 2014, regulation "
			 "5(1)). If you decide not to, please give your reasons and tell me "
			 "about my right to appeal to the SEND Tribunal.");
	if (rc == SB_OK)
		rc = add_signature(out, child, "", err);
	if (rc == SB_OK && n > 0)
		rc = addf(out, SB_LETTER_PARA, err,
			  "Enclosed: copies of the %zu document%s listed "
			  "above.",
			  n, n == 1 ? "" : "s");
	if (rc == SB_OK && n == 0)
		rc = add_note(out, err,
			      "no evidence was found in the case folder (reports, school "
			      "plans, other documents): the letter has a placeholder to "
			      "list it by hand");
	if (rc == SB_OK)
		rc = add_unread_notes(out, docs, err);
done:
	for (i = 0; ev != NULL && i < n; i++)
		free(ev[i].title);
	free(ev);
	if (rc != SB_OK)
		sb_letter_release(out);
	return rc;
}

/* ---- appeal-evidence ---- */

/* " (bundle pages 6–7)" or " (bundle page 4)", in the bundle's printed labels. */
static char *pages_tail(const sb_plan *p, const sb_plan_entry *e)
{
	char first[32], last[32];

	sb_plan_page_label(p, e->first_page, first, sizeof(first));
	sb_plan_page_label(p, e->last_page, last, sizeof(last));
	if (e->first_page == e->last_page)
		return sb_strdup_printf(" (bundle page %s)", first);
	return sb_strdup_printf(" (bundle pages %s\u2013%s)", first, last);
}

static bool in_list(const sb_section s)
{
	return s == SB_SECTION_APPELLANT || s == SB_SECTION_LATE;
}

/* Documents of the case folder that the bundle does not hold, or that
 * changed since it was built: the list would leave them out (notes). */
static int stale_notes(sb_letter *l, const sb_case_file *cf, const sb_build_previous *b,
		       const sb_doc_list *docs, sb_error *err)
{
	const sb_plan *p = &b->plan;
	size_t i, j;
	int rc = SB_OK;

	for (i = 0; i < docs->ndocs && rc == SB_OK; i++) {
		const sb_doc *doc = docs->docs[i];
		const sb_case_override *ov =
		    cf != NULL ? sb_case_file_override(cf, doc->path) : NULL;
		bool same_bytes = false, same_path = false, left_out = false;

		if ((ov != NULL && ov->exclude) ||
		    ((ov == NULL || !ov->has_section) && !sb_case_default_section(doc, NULL, NULL)))
			continue;
		for (j = 0; j < p->nentries; j++) {
			same_bytes = same_bytes || strcmp(p->entries[j].sha256, doc->sha256) == 0;
			same_path = same_path || strcmp(p->entries[j].source, doc->path) == 0;
		}
		for (j = 0; j < p->nexcluded; j++)
			left_out = left_out || strcmp(p->excluded[j].source, doc->path) == 0;
		if (same_bytes || left_out)
			continue;
		if (same_path)
			rc = add_note(l, err,
				      "'%s' has changed since '%s' was built: build the bundle "
				      "again so that its pages are right",
				      doc->path, b->path);
		else
			rc = add_note(l, err,
				      "'%s' is not in '%s', so it is not listed: build the "
				      "bundle again (with --late-after if it was already sent)",
				      doc->path, b->path);
	}
	return rc;
}

int sb_letter_appeal_evidence(const sb_case_file *cf, const sb_build_previous *bundle,
			      const sb_doc_list *docs, sb_date today, sb_letter *out, sb_error *err)
{
	const sb_plan *p;
	const char *la, *child;
	char date[48], label[24];
	size_t i, n = 0;
	int rc;
	int section = -1;

	sb_letter_init(out);
	if (bundle == NULL || !sb_date_is_valid(today))
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "no bundle or no date for the letter");
	p = &bundle->plan;
	out->kind = SB_LETTER_APPEAL_EVIDENCE;
	out->date = today;
	rc = names(out, cf, &la, &child, err);
	if (rc == SB_OK)
		rc = add_banner(out, err);
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err,
			  "To: First-tier Tribunal (Special Educational Needs and Disability)");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "Copy to: %s", la);
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "%s", "");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "Appeal number: %s",
			  cf != NULL && cf->appeal_number != NULL
			      ? cf->appeal_number
			      : "[the appeal number on the Tribunal's letters]");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_LINE, err, "Child: %s", child);
	if (rc == SB_OK && cf != NULL)
		rc = addf(out, SB_LETTER_LINE, err, "The appeal is about: %s",
			  sb_appeal_type_description(cf->appeal_type));
	if (rc == SB_OK && cf != NULL && cf->has_hearing_date)
		rc = addf(out, SB_LETTER_LINE, err, "Hearing date: %s",
			  long_date(cf->hearing_date, date, sizeof(date)));
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err, "%s", long_date(today, date, sizeof(date)));
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err, "Dear Sir or Madam,");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_HEADING, err, "List of evidence");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err,
			  "I rely on the documents listed below as evidence in this appeal. They "
			  "are in the hearing bundle%s%s (%zu pages), and the page numbers are the "
			  "ones stamped on its pages.",
			  bundle->pdf.name != NULL ? " " : "",
			  bundle->pdf.name != NULL ? bundle->pdf.name : "", p->total_pages);
	for (i = 0; i < p->nentries && rc == SB_OK; i++) {
		const sb_plan_entry *e = &p->entries[i];
		char *tail;

		if (!in_list(e->section))
			continue;
		if ((int)e->section != section) {
			section = (int)e->section;
			rc = addf(out, SB_LETTER_HEADING, err, "Section %s: %s",
				  sb_section_letter(e->section), sb_section_title(e->section));
			if (rc != SB_OK)
				break;
		}
		tail = pages_tail(p, e);
		if (tail == NULL) {
			rc = nomem(err);
			break;
		}
		snprintf(label, sizeof(label), "%zu.", ++n);
		rc = add_item(
		    out, SB_LETTER_ITEM, label,
		    describe(e->title, e->author, e->author_role, e->has_date, e->date, tail), err);
		free(tail);
	}
	out->nevidence = n;
	if (rc == SB_OK && n == 0)
		rc = addf(out, SB_LETTER_PARA, err,
			  "[The bundle has nothing in section D (appellant's evidence) or F (late "
			  "evidence): list your evidence here, with its bundle pages.]");
	if (rc == SB_OK && n == 0)
		rc = add_note(out, err,
			      "'%s' has no documents in section D (appellant's evidence) "
			      "or F (late evidence): the letter has a placeholder",
			      bundle->path != NULL ? bundle->path : "the bundle");
	if (rc == SB_OK)
		rc = addf(out, SB_LETTER_PARA, err,
			  "[If you wish, add a sentence for each document saying what it shows.]");
	if (rc == SB_OK)
		rc = add_signature(out, child, " (appellant)", err);
	if (rc == SB_OK && docs != NULL)
		rc = stale_notes(out, cf, bundle, docs, err);
	if (rc != SB_OK)
		sb_letter_release(out);
	return rc;
}
