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

typedef struct sb_build_options {
	sb_plan_options plan;
	int stamp_position;  /* an sb_stamp_pos; see sb_build_stamp_position_parse */
	long long built_on;  /* the "date built" on the cover: seconds since 1970 (UTC) */
	size_t max_memory;   /* MuPDF's memory cap in bytes; 0: none */
	/* Progress, called after each document is drawn (may be NULL). */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
} sb_build_options;

void sb_build_options_init(sb_build_options *opt);

/* "bottom-centre", "bottom-right", "bottom-left", "top-right", "top-centre",
 * "top-left"; false if unknown. */
bool sb_build_stamp_position_parse(const char *name, int *out);

typedef struct sb_build_result {
	sb_plan plan;
	unsigned char *pdf; /* the bundle PDF, malloc'd */
	size_t pdf_len;
} sb_build_result;

void sb_build_result_init(sb_build_result *r);
void sb_build_result_release(sb_build_result *r);

/* Plan, render and verify the bundle of docs under cf. */
int sb_build_pdf(const sb_doc_list *docs, const sb_case_file *cf, const sb_build_options *opt,
		 sb_build_result *out, sb_error *err);

/*
 * Write the bundle zip (issue 4, "The zip"): the PDF at the root, the index
 * and chronology as JSON, CSV and HTML, and originals/<section>/<tab>
 * <title>.<ext> with the untouched source files; with over_limit_reason
 * (not NULL), a non-compliance note. Entry times are `mtime` (seconds since
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
