/*
 * sendbundle: OCR of pages that have no text (issue 7), with Tesseract.
 *
 * Decision letters arrive by post and are scanned or photographed: without
 * OCR they have no date, no author and no kind, and a bundle the judge
 * cannot search. sb_scan runs OCR on every page without text (PDF pages
 * with no text layer, images); this header is the engine underneath.
 *
 * One engine per thread (Tesseract's API is not thread-safe); results are
 * cached by the SHA-256 of the page's picture, so a second scan of the same
 * folder costs only the drawing.
 */
#ifndef SENDBUNDLE_OCR_H
#define SENDBUNDLE_OCR_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_ocr_options {
	bool enabled;          /* run OCR at all (default true; --no-ocr) */
	const char *lang;      /* Tesseract languages, "eng" or "eng+cym" (default "eng") */
	const char *datapath;  /* folder of *.traineddata; NULL: Tesseract's own */
	const char *cache_dir; /* where results are kept (created 0700); NULL: no cache */
	float dpi;             /* PDF pages are drawn at this (default 300) */
	size_t max_pixels;     /* one page's picture at most (default about 100 million) */
	/* Called after each page is read, one call at a time, with pages done
	 * and their total; may be NULL. */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
} sb_ocr_options;

void sb_ocr_options_init(sb_ocr_options *opt);

/* A language name Tesseract could have: letters, digits, '_' and '+'
 * between names ("eng", "chi_sim", "eng+cym"), at most 64 bytes. Anything
 * else (a path, "..") is refused before it reaches Tesseract. */
bool sb_ocr_lang_valid(const char *lang);

/* "5.3.0": the Tesseract linked in. */
const char *sb_ocr_version(void);

typedef struct sb_ocr_engine sb_ocr_engine;

/* A Tesseract engine for opt->lang; fails (SB_EIO, reason "ocr") with a
 * hint naming the Debian package when the language data is missing. */
int sb_ocr_engine_new(const sb_ocr_options *opt, sb_ocr_engine **out, sb_error *err);
void sb_ocr_engine_free(sb_ocr_engine *e);

/*
 * Read page `page` (0-based) of doc (a PDF page without text, or a page of
 * an image) from doc->original: draw it, look in the cache, else run
 * Tesseract, and fill the page's text (at most max_text bytes), words,
 * confidence and ocr flags. Fails with the file named when the page cannot
 * be drawn (a damaged picture, too many pixels).
 */
int sb_ocr_page(sb_ocr_engine *e, sb_doc *doc, size_t page, size_t max_text, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
