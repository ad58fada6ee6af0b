/*
 * sendbundle: extraction of facts from a document's text with PCRE2 (JIT).
 * Patterns are compiled once per extractor; one extractor may be used from
 * many threads at once. Extraction knows nothing about file formats: it reads
 * pages of text and the container's hints (e-mail headers, metadata).
 *
 * Ownership: sb_extractor_new gives the caller an extractor to release with
 * sb_extractor_free. Facts are stored in the sb_doc and freed with it.
 */
#ifndef SENDBUNDLE_EXTRACT_H
#define SENDBUNDLE_EXTRACT_H

#include <stddef.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_extractor sb_extractor;

int sb_extractor_new(sb_extractor **out, sb_error *err);
void sb_extractor_free(sb_extractor *ex);

/* Fill doc->facts (replacing what was there). */
int sb_extract(const sb_extractor *ex, sb_doc *doc, sb_error *err);

/*
 * Every date in text (len bytes of UTF-8, possibly invalid), in order, with
 * precision and role. Full dates and partial ones (precision MONTH/YEAR) are
 * both returned; callers report only SB_PRECISION_DAY dates as dates.
 * *out is the caller's: free each text and the array with sb_found_dates_free.
 */
int sb_extract_dates(const sb_extractor *ex, const char *text, size_t len, int page,
		     sb_found_date **out, size_t *n, sb_error *err);
void sb_found_dates_free(sb_found_date *dates, size_t n);

#ifdef __cplusplus
}
#endif
#endif
