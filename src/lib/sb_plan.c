/*
 * sb_plan: the page plan of a hearing bundle (issue 4, "The plan, then the
 * render"; include/sendbundle/plan.h).
 *
 * Why a plan first: every page number the bundle prints (stamps, index,
 * bookmarks, chronology, index.json) must agree, and the commonest fault of
 * other bundle tools is an index whose numbers do not match where documents
 * start (bundle-spec "Where other tools go wrong"). So the numbers are
 * decided once, here, with the page counts of the real layout (the
 * sb_plan_measure callbacks), and the renderer only follows them.
 */
#include <sendbundle/plan.h>

#include "sb_util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rounds of "count the front matter, renumber" before giving up: page
 * numbers only grow, so the count settles within two or three. */
#define MAX_FRONT_ROUNDS 8

/* Texts shorter than this are not compared for duplicates: two scans with
 * no text layer, or two one-line notes, are not the same document. */
#define MIN_DUP_TEXT 200

void sb_plan_options_init(sb_plan_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->numbering = SB_NUMBERING_CONTINUOUS;
}

void sb_plan_init(sb_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void sb_plan_release(sb_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nentries; i++) {
		free(p->entries[i].title);
		free(p->entries[i].author);
		free(p->entries[i].source);
		free(p->entries[i].pages);
	}
	free(p->entries);
	for (i = 0; i < p->nexcluded; i++) {
		free(p->excluded[i].source);
		free(p->excluded[i].reason);
	}
	free(p->excluded);
	memset(p, 0, sizeof(*p));
}

/* ---- page limits (PD 2025 Schedule One, bundle-spec "Page limits") ---- */

int sb_plan_report_advice(const sb_plan *p, char ***msgs, size_t *n, sb_error *err)
{
	char **list = calloc(p->nentries + 1, sizeof(*list));
	size_t i, k = 0;

	*msgs = NULL;
	*n = 0;
	if (list == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < p->nentries; i++) {
		const sb_plan_entry *e = &p->entries[i];

		if (e->doc == NULL || e->doc->facts.kind != SB_KIND_PROFESSIONAL_REPORT ||
		    e->npages <= SB_PLAN_EXPERT_REPORT_PAGES)
			continue;
		list[k] = sb_strdup_printf(
		    "%s%u %s is %zu pages: if it is expert evidence for the appeal, the "
		    "Practice Direction limits it to %d pages (a summary of at most 2), unless "
		    "the Tribunal agrees",
		    sb_section_letter(e->section), e->tab, e->title, e->npages,
		    SB_PLAN_EXPERT_REPORT_PAGES);
		if (list[k] == NULL) {
			while (k > 0)
				free(list[--k]);
			free(list);
			return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		}
		k++;
	}
	*msgs = list;
	*n = k;
	return SB_OK;
}

size_t sb_plan_page_limit(sb_section s, sb_appeal_type t)
{
	switch (s) {
	case SB_SECTION_APPEAL:
		return 100; /* the core bundle: appeal papers, decision, response, directions */
	case SB_SECTION_PLAN:
		return 150; /* the EHC plan with its appendices */
	case SB_SECTION_WORKING:
		return 25;
	case SB_SECTION_APPELLANT:
	case SB_SECTION_LA:
		/* Each party's evidence: 100 pages for refusal to issue a plan
		 * and for appeals against its sections B and F (contents, and
		 * refusal to amend them); 75 for refusal to assess or reassess,
		 * section I (placement) and cease to maintain. */
		switch (t) {
		case SB_APPEAL_REFUSAL_TO_ISSUE_PLAN:
		case SB_APPEAL_PLAN_CONTENTS:
		case SB_APPEAL_REFUSAL_TO_AMEND:
			return 100;
		case SB_APPEAL_DISABILITY_DISCRIMINATION:
			return 200; /* Schedule Two: each party's evidence in a claim */
		default:
			return 75;
		}
	default:
		return 0; /* late evidence: only with the Tribunal's permission */
	}
}

static const char *appeal_words(sb_appeal_type t)
{
	switch (t) {
	case SB_APPEAL_REFUSAL_TO_ASSESS:
		return "refusal-to-assess appeals";
	case SB_APPEAL_REFUSAL_TO_REASSESS:
		return "refusal-to-reassess appeals";
	case SB_APPEAL_REFUSAL_TO_ISSUE_PLAN:
		return "refusal-to-issue appeals";
	case SB_APPEAL_PLAN_CONTENTS:
		return "appeals against a plan's contents";
	case SB_APPEAL_PLACEMENT_ONLY:
		return "appeals against the school named";
	case SB_APPEAL_REFUSAL_TO_AMEND:
		return "appeals against a refusal to amend a plan";
	case SB_APPEAL_CEASE_PLAN:
		return "cease-to-maintain appeals";
	case SB_APPEAL_DISABILITY_DISCRIMINATION:
		return "disability discrimination claims";
	default:
		return "this appeal type";
	}
}

int sb_plan_check_limits(const sb_plan *p, sb_appeal_type t, sb_plan_over **over, size_t *n,
			 sb_error *err)
{
	size_t pages[SB_SECTION_COUNT] = {0};
	sb_plan_over *list = NULL;
	size_t i, k = 0;
	int rc = SB_OK;

	*over = NULL;
	*n = 0;
	for (i = 0; i < p->nentries; i++)
		if (!p->entries[i].late)
			pages[p->entries[i].section] += p->entries[i].npages;
	list = calloc(SB_SECTION_COUNT, sizeof(*list));
	if (list == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < SB_SECTION_COUNT; i++) {
		size_t limit = sb_plan_page_limit((sb_section)i, t);

		if (limit == 0 || pages[i] <= limit)
			continue;
		list[k].section = (sb_section)i;
		list[k].pages = pages[i];
		list[k].limit = limit;
		list[k].message = sb_strdup_printf(
		    "%s (section %s) is %zu pages: %zu over the %zu-page limit for %s; ask the "
		    "Tribunal's permission with form SEND7, or leave documents out",
		    sb_section_title((sb_section)i), sb_section_letter((sb_section)i), pages[i],
		    pages[i] - limit, limit, appeal_words(t));
		if (list[k].message == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			goto done;
		}
		k++;
	}
	*over = list;
	*n = k;
	list = NULL;
done:
	if (list != NULL) {
		for (i = 0; i < k; i++)
			free(list[i].message);
		free(list);
	}
	return rc;
}

/* ---- labels ---- */

const char *sb_plan_short_date(sb_date d, char *buf, size_t size)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

	if (!sb_date_is_valid(d))
		snprintf(buf, size, "Undated");
	else
		snprintf(buf, size, "%d %s %d", d.day, mon[d.month - 1], d.year);
	return buf;
}

const char *sb_plan_role_label(sb_role r)
{
	switch (r) {
	case SB_ROLE_EP:
		return "EP";
	case SB_ROLE_SALT:
		return "SALT";
	case SB_ROLE_OT:
		return "OT";
	case SB_ROLE_CAMHS:
		return "CAMHS";
	case SB_ROLE_PAEDIATRICIAN:
		return "paediatrician";
	case SB_ROLE_PHYSIOTHERAPIST:
		return "physiotherapist";
	case SB_ROLE_SENCO:
		return "SENCO";
	case SB_ROLE_TEACHER:
		return "teacher";
	case SB_ROLE_LA_OFFICER:
		return "LA officer";
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

char *sb_plan_author_label(const sb_plan_entry *e)
{
	const char *role = sb_plan_role_label(e->author_role);

	if (e->author != NULL && role != NULL)
		return sb_strdup_printf("%s (%s)", e->author, role);
	if (e->author != NULL)
		return sb_strdup_printf("%s", e->author);
	if (role != NULL)
		return sb_strdup_printf("(%s)", role);
	return sb_strdup_printf("%s", "");
}

/* Whether bundle page `page` is front matter (cover, index, chronology). */
static bool is_front(const sb_plan *p, size_t page)
{
	return page < p->cover_pages + p->index_pages + p->chron_pages + 1;
}

const char *sb_plan_page_label(const sb_plan *p, size_t page, char *buf, size_t size)
{
	size_t i;

	if (p->numbering == SB_NUMBERING_SECTION && !is_front(p, page)) {
		for (i = 0; i < p->nentries; i++) {
			const sb_plan_entry *e = &p->entries[i];
			size_t first_in_section = e->first_page;
			size_t j = i;

			if (page < e->first_page || page > e->last_page)
				continue;
			/* The section's first page: walk back over its entries. */
			while (j > 0 && p->entries[j - 1].section == e->section) {
				j--;
				first_in_section = p->entries[j].first_page;
			}
			snprintf(buf, size, "%s%zu", sb_section_letter(e->section),
				 page - first_in_section + 1);
			return buf;
		}
	}
	snprintf(buf, size, "%zu", page);
	return buf;
}

int sb_plan_entry_caption(const sb_plan *p, const sb_plan_entry *e, char **out, sb_error *err)
{
	char date[32], first[32];
	char *author = sb_plan_author_label(e);

	*out = NULL;
	if (author == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	if (!e->has_date)
		snprintf(date, sizeof(date), "Undated");
	else
		(void)sb_plan_short_date(e->date, date, sizeof(date));
	(void)sb_plan_page_label(p, e->first_page, first, sizeof(first));
	/* bundle-spec "Index, bookmarks, chronology": "Title – Author
	 * (profession) – 12 Mar 2024 – p. 5"; an unknown author is left out,
	 * not printed as a blank between dashes. */
	if (author[0] != '\0')
		*out = sb_strdup_printf("%s \u2013 %s \u2013 %s \u2013 p. %s", e->title, author,
					date, first);
	else
		*out = sb_strdup_printf("%s \u2013 %s \u2013 p. %s", e->title, date, first);
	free(author);
	if (*out == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	return SB_OK;
}

/* ---- building ---- */

/* The text of a document, lower-cased with runs of space folded, hashed,
 * for "the same normalised text" (issue 4: duplicates). */
static void text_digest(const sb_doc *d, char out[65], size_t *letters)
{
	size_t total = 0, i, k, o = 0;
	char *buf;
	bool space = true;

	*letters = 0;
	out[0] = '\0';
	for (i = 0; i < d->npages; i++)
		total += d->pages[i].len + 1;
	buf = malloc(total + 1);
	if (buf == NULL)
		return; /* no digest: the document is simply not compared by text */
	for (i = 0; i < d->npages; i++) {
		for (k = 0; k < d->pages[i].len; k++) {
			unsigned char c = (unsigned char)d->pages[i].text[k];

			if (isspace(c)) {
				if (!space)
					buf[o++] = ' ';
				space = true;
				continue;
			}
			space = false;
			buf[o++] = (char)tolower(c);
			if (isalnum(c))
				(*letters)++;
		}
		if (!space)
			buf[o++] = ' ';
		space = true;
	}
	sb_sha256_hex(buf, o, out);
	free(buf);
}

typedef struct cand {
	const sb_doc *doc;
	sb_section section;
	char *title;
	char *author;
	sb_role role;
	bool has_date;
	sb_date date;
	char digest[65];
	size_t letters;
	size_t order; /* position in the scan, for a stable order */
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	int c;

	if (x->section != y->section)
		return (int)x->section - (int)y->section;
	/* Chronological within a section, undated last (bundle-spec "Format" 1,
	 * "Index, bookmarks, chronology"). */
	if (x->has_date != y->has_date)
		return x->has_date ? -1 : 1;
	if (x->has_date) {
		c = sb_date_compare(x->date, y->date);
		if (c != 0)
			return c;
	}
	c = strcmp(x->doc->path, y->doc->path);
	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int add_excluded(sb_plan *p, const char *source, char *reason, sb_error *err)
{
	sb_plan_excluded *grown;
	char *src = sb_strdup_printf("%s", source);

	if (src == NULL || reason == NULL) {
		free(src);
		free(reason);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	grown = realloc(p->excluded, (p->nexcluded + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(src);
		free(reason);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	p->excluded = grown;
	p->excluded[p->nexcluded].source = src;
	p->excluded[p->nexcluded].reason = reason;
	p->nexcluded++;
	return SB_OK;
}

/* The candidate for doc under the case file, or *skip with an exclusion. */
static int make_cand(sb_plan *p, const sb_doc *doc, const sb_case_file *cf, cand *c, bool *skip,
		     sb_error *err)
{
	const sb_case_override *ov = sb_case_file_override(cf, doc->path);
	const char *why = NULL;

	*skip = false;
	memset(c, 0, sizeof(*c));
	c->doc = doc;
	if (ov != NULL && ov->exclude) {
		*skip = true;
		return add_excluded(p, doc->path,
				    sb_strdup_printf("excluded in %s%s%s", SB_CASE_FILE_NAME,
						     ov->exclude_reason != NULL ? ": " : "",
						     ov->exclude_reason != NULL ? ov->exclude_reason
										: ""),
				    err);
	}
	if (ov != NULL && ov->has_section) {
		c->section = ov->section;
	} else if (!sb_case_default_section(doc, &c->section, &why)) {
		*skip = true;
		return add_excluded(p, doc->path,
				    sb_strdup_printf("%s (add it in %s to include it)",
						     why != NULL ? why : "left out by default",
						     SB_CASE_FILE_NAME),
				    err);
	}
	c->title = ov != NULL && ov->title != NULL ? sb_strdup_printf("%s", ov->title)
						   : sb_case_default_title(doc);
	if (ov != NULL && ov->author != NULL)
		c->author = sb_strdup_printf("%s", ov->author);
	else if (doc->facts.author != NULL && (ov == NULL || !ov->author_none))
		c->author = sb_strdup_printf("%s", doc->facts.author);
	if (c->title == NULL ||
	    (c->author == NULL && ((ov != NULL && ov->author != NULL) ||
				   (doc->facts.author != NULL && (ov == NULL || !ov->author_none)))))
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	c->role = ov != NULL && ov->has_role ? ov->role : doc->facts.author_role;
	if (ov != NULL && ov->date_unknown) {
		c->has_date = false;
	} else if (ov != NULL && ov->has_date) {
		c->has_date = true;
		c->date = ov->date;
	} else {
		c->has_date = doc->facts.has_document_date;
		c->date = doc->facts.document_date;
	}
	return SB_OK;
}

/* Drop later copies: same bytes, or the same text of some length. */
static int drop_duplicates(sb_plan *p, cand *c, size_t *n, sb_error *err)
{
	size_t i, j, o = 0;
	int rc;

	for (i = 0; i < *n; i++) {
		const cand *dup = NULL;

		for (j = 0; j < o && dup == NULL; j++) {
			if (strcmp(c[j].doc->sha256, c[i].doc->sha256) == 0 ||
			    (c[i].letters >= MIN_DUP_TEXT && c[j].letters >= MIN_DUP_TEXT &&
			     strcmp(c[j].digest, c[i].digest) == 0))
				dup = &c[j];
		}
		if (dup == NULL) {
			c[o++] = c[i];
			continue;
		}
		rc = add_excluded(p, c[i].doc->path,
				  sb_strdup_printf("duplicate of %s (%s)", dup->doc->path,
						   strcmp(dup->doc->sha256, c[i].doc->sha256) == 0
						       ? "the same file"
						       : "the same text"),
				  err);
		free(c[i].title);
		free(c[i].author);
		if (rc != SB_OK) {
			for (j = i + 1; j < *n; j++) {
				free(c[j].title);
				free(c[j].author);
			}
			*n = o;
			return rc;
		}
	}
	*n = o;
	return SB_OK;
}

/* Number the pages from the front matter's size. */
static void number_pages(sb_plan *p)
{
	size_t i, next;

	p->index_first = p->cover_pages + 1;
	p->chron_first = p->index_first + p->index_pages;
	next = p->chron_first + p->chron_pages;
	for (i = 0; i < p->nentries; i++) {
		sb_plan_entry *e = &p->entries[i];

		e->first_page = next;
		e->last_page = next + e->npages - 1;
		next += e->npages;
	}
	p->total_pages = next - 1;
}

int sb_plan_build(const sb_doc_list *docs, const sb_case_file *cf, const sb_plan_options *opt,
		  const sb_plan_measure *m, sb_plan *out, sb_error *err)
{
	sb_plan p;
	cand *c = NULL;
	size_t n = 0, i, round;
	unsigned tab[SB_SECTION_COUNT] = {0};
	int rc = SB_OK;

	sb_plan_init(&p);
	sb_plan_init(out);
	p.numbering = opt->numbering;
	p.cover_pages = 1;
	p.index_pages = 1;
	p.chron_pages = 1;
	c = calloc(docs->ndocs + 1, sizeof(*c));
	if (c == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < docs->ndocs; i++) {
		bool skip;

		rc = make_cand(&p, docs->docs[i], cf, &c[n], &skip, err);
		if (rc != SB_OK) {
			free(c[n].title);
			free(c[n].author);
			goto done;
		}
		if (skip)
			continue;
		c[n].order = i;
		text_digest(docs->docs[i], c[n].digest, &c[n].letters);
		n++;
	}
	qsort(c, n, sizeof(*c), cmp_cand);
	if (!opt->keep_duplicates) {
		rc = drop_duplicates(&p, c, &n, err);
		if (rc != SB_OK)
			goto done;
	}
	p.entries = calloc(n + 1, sizeof(*p.entries));
	if (p.entries == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		sb_plan_entry *e = &p.entries[p.nentries];

		e->section = c[i].section;
		e->tab = ++tab[c[i].section];
		e->title = c[i].title;
		e->author = c[i].author;
		c[i].title = NULL;
		c[i].author = NULL;
		e->author_role = c[i].role;
		e->has_date = c[i].has_date;
		e->date = c[i].date;
		e->doc = c[i].doc;
		memcpy(e->sha256, c[i].doc->sha256, sizeof(e->sha256));
		p.nentries++;
		e->source = sb_strdup_printf("%s", c[i].doc->path);
		if (e->source == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			goto done;
		}
		rc = m->doc_pages(m->arg, e->doc, opt->keep_blank, &e->pages, &e->npages, err);
		if (rc != SB_OK)
			goto done;
		if (e->npages == 0) {
			/* Every page blank: the document is listed, not printed. */
			rc = add_excluded(&p, e->source,
					  sb_strdup_printf("every page is blank (use --keep-blank to "
							   "include it)"),
					  err);
			free(e->title);
			free(e->author);
			free(e->source);
			free(e->pages);
			memset(e, 0, sizeof(*e));
			p.nentries--;
			tab[c[i].section]--;
			if (rc != SB_OK)
				goto done;
		}
	}
	/* The front matter's size depends on the numbers printed in it. */
	for (round = 0;; round++) {
		size_t ip = 0, cp = 0;

		number_pages(&p);
		rc = m->front_pages(m->arg, &p, &ip, &cp, err);
		if (rc != SB_OK)
			goto done;
		if (ip == p.index_pages && cp == p.chron_pages)
			break;
		if (round == MAX_FRONT_ROUNDS) {
			rc = sb_error_set(err, SB_ERANGE, NULL, "this is a bug in sendbundle; please "
								"report it",
					  "the index's page count does not settle (%zu, then %zu)",
					  p.index_pages, ip);
			goto done;
		}
		p.index_pages = ip;
		p.chron_pages = cp;
	}
	*out = p;
	sb_plan_init(&p);
done:
	if (c != NULL)
		for (i = 0; i < n; i++) {
			free(c[i].title);
			free(c[i].author);
		}
	free(c);
	sb_plan_release(&p);
	return rc;
}
