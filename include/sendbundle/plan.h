/*
 * sendbundle: the bundle's page plan (issue 4, "The plan, then the
 * render"). Every page number the bundle prints (stamps, index, bookmarks,
 * chronology, index.json) comes from here, computed once before anything is
 * drawn; the renderer follows it and the verifier checks the output against
 * it.
 *
 * Page numbers are 1-based bundle page numbers (the stamped number equals
 * the PDF page number: bundle-spec "Format" 2). Ownership: sb_plan_release
 * frees everything; entries borrow their sb_doc from the caller's list.
 */
#ifndef SENDBUNDLE_PLAN_H
#define SENDBUNDLE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/case.h>
#include <sendbundle/date.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sb_numbering {
	SB_NUMBERING_CONTINUOUS = 0, /* 1, 2, 3 ... from the cover */
	SB_NUMBERING_SECTION	     /* A1, A2 ... D1 ...; front matter 1, 2 ... */
} sb_numbering;

/* One document in the bundle, in bundle order. */
typedef struct sb_plan_entry {
	sb_section section;
	unsigned tab;	     /* 1-based within its section */
	char *title;	     /* as printed in the index and bookmarks */
	char *author;	     /* NULL when unknown */
	sb_role author_role; /* SB_ROLE_NONE when unknown */
	bool has_date;
	sb_date date;
	char *source;	     /* path relative to the case folder */
	char sha256[65];     /* of the original file (attachments: of the attachment) */
	const sb_doc *doc;   /* borrowed */
	size_t *pages;	     /* the source pages kept (0-based), npages of them */
	size_t npages;	     /* pages in the bundle */
	size_t first_page;   /* 1-based bundle page numbers */
	size_t last_page;
	bool late;	     /* added after an earlier bundle (--late-after) */
} sb_plan_entry;

typedef struct sb_plan_excluded {
	char *source;
	char *reason; /* "duplicate of D3 (same SHA-256)", "excluded in sendbundle.json: ..." */
} sb_plan_excluded;

typedef struct sb_plan {
	sb_numbering numbering;
	size_t cover_pages;   /* 1 */
	size_t index_first, index_pages;
	size_t chron_first, chron_pages;
	sb_plan_entry *entries;
	size_t nentries;
	sb_plan_excluded *excluded;
	size_t nexcluded;
	size_t total_pages;
} sb_plan;

typedef struct sb_plan_options {
	sb_numbering numbering;
	bool keep_duplicates; /* --keep-duplicates: list every copy */
	bool keep_blank;      /* --keep-blank: keep pages that draw nothing */
} sb_plan_options;

void sb_plan_options_init(sb_plan_options *opt);

/*
 * What the planner cannot count itself, asked of the renderer so that the
 * plan counts pages with the real layout (bundle-spec "Where other tools
 * go wrong": index pages counted with the real layout engine).
 */
typedef struct sb_plan_measure {
	void *arg;
	/* The source pages (0-based, ascending, malloc'd into *pages) that doc
	 * shows in the bundle: a PDF's pages less its blank ones (unless
	 * keep_blank); for other formats, the pages its text is laid out on. */
	int (*doc_pages)(void *arg, const sb_doc *doc, bool keep_blank, size_t **pages,
			 size_t *npages, sb_error *err);
	/* The pages the index and the chronology take for plan p as it stands
	 * (its entries carry page numbers). */
	int (*front_pages)(void *arg, const sb_plan *p, size_t *index_pages, size_t *chron_pages,
			   sb_error *err);
} sb_plan_measure;

/*
 * Plan the bundle of docs (the case folder's documents, scanned) under the
 * case file cf: sections (cf's overrides, else sb_case_default_section),
 * exclusions and duplicates (same SHA-256, or the same text), order
 * (chronological within a section, undated last), tabs, then page numbers,
 * repeated until the front matter's page count is stable.
 */
int sb_plan_build(const sb_doc_list *docs, const sb_case_file *cf, const sb_plan_options *opt,
		  const sb_plan_measure *m, sb_plan *out, sb_error *err);

/* A page limit that a part of the plan exceeds (PD 2025 Schedule One). */
typedef struct sb_plan_over {
	sb_section section; /* SB_SECTION_COUNT for the whole core bundle */
	size_t pages, limit;
	char *message;	    /* "Appellant's evidence is 76 pages: 1 over ..." */
} sb_plan_over;

/* Every part over its limit for appeal type t into *over (malloc'd; free
 * each message and the array), their number in *n. */
int sb_plan_check_limits(const sb_plan *p, sb_appeal_type t, sb_plan_over **over, size_t *n,
			 sb_error *err);

/*
 * Advice, not a limit the build enforces: PD 2025 Schedule One limits one
 * expert report to 15 pages. Each professional report in the plan longer
 * than that gets a message ("D3 Educational psychology report is 16 pages:
 * if it is expert evidence for the appeal, ...") in *msgs (malloc'd; free
 * each and the array), their number in *n. Reports the family did not
 * commission (an NHS or school report) are evidence, not expert reports,
 * so this warns rather than stopping the build.
 */
#define SB_PLAN_EXPERT_REPORT_PAGES 15
int sb_plan_report_advice(const sb_plan *p, char ***msgs, size_t *n, sb_error *err);

/* The page limit of a section for an appeal type (0: none). */
size_t sb_plan_page_limit(sb_section s, sb_appeal_type t);

/* "12 Mar 2024" into buf (size >= 16). */
const char *sb_plan_short_date(sb_date d, char *buf, size_t size);

/* A role as printed after a name: "EP", "SALT", "paediatrician", "LA officer"
 * ...; NULL for none and for "other". */
const char *sb_plan_role_label(sb_role r);

void sb_plan_init(sb_plan *p);
void sb_plan_release(sb_plan *p);

/* The printed label of bundle page n (1-based): "12", or "D3" with section
 * numbering ("4" for front matter). Written into buf (size n >= 16). */
const char *sb_plan_page_label(const sb_plan *p, size_t page, char *buf, size_t size);

/* "Title – Author (profession) – 12 Mar 2024 – p. 5": the words of an index
 * row and of its bookmark (bundle-spec "Index, bookmarks, chronology"). */
int sb_plan_entry_caption(const sb_plan *p, const sb_plan_entry *e, char **out, sb_error *err);

/* "Author (profession)" or "Author" or "" (malloc'd). */
char *sb_plan_author_label(const sb_plan_entry *e);

#ifdef __cplusplus
}
#endif
#endif
