/*
 * sendbundle: scanning a case folder. Every file is read and its facts
 * extracted; files that cannot be read are listed with the reason, never
 * dropped. The user's folder is only read, never changed.
 *
 * Ownership: results go into a caller-owned sb_doc_list (sb_doc_list_free);
 * *out strings from the formatters are the caller's, to free().
 */
#ifndef SENDBUNDLE_SCAN_H
#define SENDBUNDLE_SCAN_H

#include <stddef.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>
#include <sendbundle/extract.h>
#include <sendbundle/ocr.h>
#include <sendbundle/reader.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_scan_options {
	int jobs;              /* worker threads; 0 = the number of cores */
	size_t max_files;      /* files looked at (default 20000) */
	int max_depth;         /* sub-folder depth (default 32) */
	sb_read_limits limits; /* per-file reading limits */
	/* Called after each file is read, one call at a time (never two at
	 * once, whatever the threads), with the files done and their total;
	 * may be NULL. */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
	/* OCR of pages without text (issue 7): on by default; its progress
	 * callback counts pages. */
	sb_ocr_options ocr;
} sb_scan_options;

void sb_scan_options_init(sb_scan_options *opt);

/*
 * Scan case_dir into out: documents in path order (an e-mail's attachments
 * straight after it) and out->errors for every file not read. Hidden files,
 * the program's own files (sendbundle.json, *.source.json, temporary files)
 * are skipped; symbolic links are followed only when they stay inside the
 * folder. Pages without text (scans, photographs) are read by OCR after
 * every file is read, in parallel across pages, unless opt->ocr.enabled is
 * false; a picture OCR cannot draw makes its file an error like any other.
 * Returns SB_OK when the folder could be scanned, even if some files could
 * not be read; fails only when the folder itself cannot be, or OCR cannot
 * start (its language data missing: err says which package to install).
 */
int sb_scan_folder(const char *case_dir, const sb_scan_options *opt,
		   const sb_extractor *ex, sb_doc_list *out, sb_error *err);

/* JSON described by schemas/scan.schema.json (sorted keys, trailing newline). */
int sb_scan_to_json(const sb_doc_list *list, char **out, sb_error *err);

/* CSV (RFC 4180) for spreadsheets: one row per document and per file not read. */
int sb_scan_to_csv(const sb_doc_list *list, char **out, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
