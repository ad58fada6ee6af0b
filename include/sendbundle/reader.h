/*
 * sendbundle: reading files into documents. One reader per format behind one
 * entry point, sb_read_buffer, which sniffs the format from the bytes (and
 * the name), hashes the original and calls the reader.
 *
 * Every input is hostile: sizes, pages, text, zip entries, MIME parts and
 * nesting are bounded by sb_read_limits; a damaged file is refused, never
 * half-read. On failure nothing is added to the output list and err (with
 * err->reason set to a stable word) says why.
 */
#ifndef SENDBUNDLE_READER_H
#define SENDBUNDLE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_read_limits {
	size_t max_file_size;   /* bytes of one file or attachment (default 256 MiB) */
	size_t max_pages;       /* pages of one document (default 5000) */
	size_t max_text;        /* text bytes of one document (default 64 MiB) */
	size_t max_zip_entry;   /* uncompressed bytes of one DOCX part (default 64 MiB) */
	int max_mime_parts;     /* parts of one e-mail (default 500) */
	int max_mime_depth;     /* nesting of multiparts and attached e-mails (default 16) */
	size_t max_decoded;     /* decoded bytes of one e-mail's parts (default 256 MiB) */
	bool allow_repaired;    /* accept a PDF MuPDF had to repair (default false) */
	int depth;              /* attachment depth of this call (0 for a file) */
	bool keep_original;     /* keep each document's bytes in sb_doc.original (build) */
	/* OCR follows the reading (sb_scan, issue 7): keep the bytes of every
	 * document with pages without text (PDF pages with no text layer,
	 * images) in sb_doc.original, and leave the "no text" warning to the
	 * OCR step. */
	bool ocr_later;
	/* Images: at most this many pixels in one picture (default 100
	 * million, a 40-megapixel photo with room); a picture that claims more
	 * is refused before it is decoded (a decompression bomb). */
	size_t max_image_pixels;
} sb_read_limits;

void sb_read_limits_init(sb_read_limits *lim);

/*
 * The format of a file from its first bytes and its name. Returns
 * SB_FORMAT_OTHER for anything not read; *why (may be NULL) then says what it
 * seems to be ("a JPEG image", "a Word 97-2003 .doc file", ...).
 */
sb_format sb_detect_format(const char *name, const unsigned char *data, size_t len,
			   const char **why);

/*
 * Read data (the bytes of `path`, relative to the case folder) into one
 * document, or several for an e-mail with attachments, appended to out.
 * Attachments that cannot be read are recorded in out->errors; the e-mail
 * itself still counts as read.
 */
int sb_read_buffer(const char *path, const unsigned char *data, size_t len,
		   const sb_read_limits *lim, sb_doc_list *out, sb_error *err);

/* The per-format readers (called by sb_read_buffer; public for tests and
 * fuzzers). Each fills pages, metadata and warnings of doc. */
int sb_reader_pdf(const char *path, const unsigned char *data, size_t len,
		  const sb_read_limits *lim, sb_doc *doc, sb_error *err);
int sb_reader_docx(const char *path, const unsigned char *data, size_t len,
		   const sb_read_limits *lim, sb_doc *doc, sb_error *err);
int sb_reader_text(const char *path, const unsigned char *data, size_t len,
		   const sb_read_limits *lim, sb_doc *doc, sb_error *err);
/* JPEG, PNG, TIFF: one page per picture (TIFF frame), without text until
 * OCR reads it (issue 7). */
int sb_reader_image(const char *path, const unsigned char *data, size_t len,
		    const sb_read_limits *lim, sb_doc *doc, sb_error *err);
/* The e-mail reader adds the e-mail (filled into doc) and, through
 * sb_read_buffer, each attachment as its own document to out. */
int sb_reader_eml(const char *path, const unsigned char *data, size_t len,
		  const sb_read_limits *lim, sb_doc *doc, sb_doc_list *out, sb_error *err);

/*
 * Text in an unknown encoding to UTF-8: UTF-8 (BOM or not), UTF-16 LE/BE
 * with a BOM, else Windows-1252. Invalid bytes become U+FFFD; NULs are
 * dropped. *out is the caller's, to free(). `charset` (may be NULL) names a
 * declared charset to prefer (e-mail parts).
 */
int sb_text_to_utf8(const unsigned char *data, size_t len, const char *charset, char **out,
		    size_t *out_len, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
