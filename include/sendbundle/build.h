/*
 * sendbundle: building the hearing bundle (issue 4): plan, render, verify.
 *
 * sb_build_pdf takes scanned documents (read with keep_original, so what is
 * grafted is exactly what was hashed) and the case file, plans the pages
 * (sb_plan), draws the bundle PDF (cover, index, chronology, documents,
 * stamps, page labels, bookmarks, index links), then re-opens the result
 * and checks every stamp, label, link and bookmark against the plan: a
 * mismatch is a bug and fails the build (bundle-spec "Where other tools go
 * wrong").
 */
#ifndef SENDBUNDLE_BUILD_H
#define SENDBUNDLE_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/case.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>
#include <sendbundle/plan.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A zip already sent (for --late-after): its PDF, its documents as its
 * index.json lists them (entries with doc NULL), and its originals. */
typedef struct sb_build_file {
	char *name;
	unsigned char *data;
	size_t len;
} sb_build_file;

typedef struct sb_build_previous {
	char *path;		 /* the zip, for messages */
	sb_build_file pdf;	 /* the bundle PDF at its root */
	sb_plan plan;		 /* from index.json: entries and total_pages */
	sb_build_file *originals; /* every originals/... entry, as it was */
	size_t noriginals;
} sb_build_previous;

/* Biggest zip entry read back from an earlier bundle (a hearing bundle is
 * tens of MB; a zip bomb is refused). */
#define SB_BUILD_PREVIOUS_ENTRY_MAX ((size_t)1 << 30)

/*
 * Read an earlier bundle zip written by sb_build_write_zip: exactly one PDF
 * at its root, index.json (its documents, pages and SHA-256s) and the
 * originals. Anything else malformed is SB_EPARSE with what to do.
 */
int sb_build_previous_load(const char *zip_path, sb_build_previous *out, sb_error *err);
void sb_build_previous_release(sb_build_previous *p);

typedef struct sb_build_options {
	sb_plan_options plan;
	int stamp_position;  /* an sb_stamp_pos; see sb_build_stamp_position_parse */
	long long built_on;  /* the "date built" on the cover: seconds since 1970 (UTC) */
	size_t max_memory;   /* MuPDF's memory cap in bytes; 0: none */
	/* Progress, called after each document is drawn (may be NULL). */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
	/* --late-after: keep every page of this earlier bundle as it was and
	 * add the documents it does not hold as section F, "Late evidence",
	 * after its last page (bundle-spec "Format" 5); NULL for a new bundle. */
	const sb_build_previous *previous;
} sb_build_options;

void sb_build_options_init(sb_build_options *opt);

/* "bottom-centre", "bottom-right", "bottom-left", "top-right", "top-centre",
 * "top-left"; false if unknown. */
bool sb_build_stamp_position_parse(const char *name, int *out);

typedef struct sb_build_result {
	sb_plan plan;
	unsigned char *pdf; /* the bundle PDF, malloc'd */
	size_t pdf_len;
	const sb_build_previous *previous; /* borrowed from the options, or NULL */
	size_t late_first;		     /* late evidence: its first page (else 0) */
} sb_build_result;

void sb_build_result_init(sb_build_result *r);
void sb_build_result_release(sb_build_result *r);

/* Only the plan of the bundle sb_build_pdf would make (pages counted with
 * the same layout, nothing drawn): for `check`'s page counts and
 * duplicates. *out is released by sb_plan_release. */
int sb_build_plan(const sb_doc_list *docs, const sb_case_file *cf, const sb_build_options *opt,
		  sb_plan *out, sb_error *err);

/* Plan, render and verify the bundle of docs under cf. */
int sb_build_pdf(const sb_doc_list *docs, const sb_case_file *cf, const sb_build_options *opt,
		 sb_build_result *out, sb_error *err);

/*
 * Write the bundle zip (issue 4, "The zip"): the PDF at the root, the index
 * and chronology as JSON, CSV and HTML, and originals/<section>/<tab>
 * <title>.<ext> with the untouched source files; with over_limit_reason
 * (not NULL), a non-compliance note. With late evidence (res->previous),
 * the earlier zip's originals are copied as they were and only the late
 * documents' originals added. Entry times are `mtime` (seconds since
 * 1970), so the same build gives the same bytes. Written through a
 * temporary file and renamed; an existing out is refused unless force.
 */
int sb_build_write_zip(const char *out, bool force, const sb_case_file *cf,
		       const sb_build_result *res, const char *over_limit_reason, long long mtime,
		       sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
