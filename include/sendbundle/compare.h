/*
 * sendbundle: the family's documents against the local authority's bundle
 * (issue 6, `check --against`). Text fingerprints, not file names or
 * hashes: the LA re-scans, re-saves and merges what it is sent, so a
 * document is found by its words. Each text is normalised (letters and
 * digits only, lower case, words split on everything else) and cut into
 * shingles of SB_COMPARE_SHINGLE consecutive words; a bundle page belongs to
 * a document when most of the page's shingles are the document's.
 */
#ifndef SENDBUNDLE_COMPARE_H
#define SENDBUNDLE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SB_COMPARE_SHINGLE 5	 /* words per shingle */
#define SB_COMPARE_MIN_SHINGLES 12 /* fewer: too little text to compare */

typedef enum sb_compare_status {
	SB_COMPARE_FOUND = 0, /* in the LA's bundle, at first_page-last_page */
	SB_COMPARE_MISSING,   /* not in it */
	SB_COMPARE_NO_TEXT    /* too little text to tell (a scan without OCR) */
} sb_compare_status;

typedef struct sb_compare_doc {
	const sb_doc *doc; /* borrowed: the family's document */
	sb_compare_status status;
	size_t first_page, last_page; /* 1-based pages of the LA's bundle, when found */
	double share;		      /* of the document's shingles found there */
} sb_compare_doc;

/* Pages of the LA's bundle that are none of the family's documents. */
typedef struct sb_compare_extra {
	size_t first_page, last_page;
	char *title; /* the first line of its text, as a clue (may be "") */
} sb_compare_extra;

typedef struct sb_compare_result {
	size_t bundle_pages;
	sb_compare_doc *docs; /* one per family document, in their order */
	size_t ndocs;
	sb_compare_extra *extras;
	size_t nextras;
} sb_compare_result;

/*
 * Compare family (scanned documents; those excluded by the caller are not
 * passed) with bundle, the LA's bundle as read by the PDF reader (one
 * sb_doc whose pages are the bundle's pages). Cover, index and chronology
 * pages (a page headed "Index", "Contents" or "Chronology", or a cover
 * saying "Hearing bundle") are not reported as extras.
 */
int sb_compare_bundle(const sb_doc *const *family, size_t nfamily, const sb_doc *bundle,
		      sb_compare_result *out, sb_error *err);
void sb_compare_result_release(sb_compare_result *r);

#ifdef __cplusplus
}
#endif
#endif
