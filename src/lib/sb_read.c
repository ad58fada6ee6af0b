/*
 * sb_read: one entry point for every reader. The format comes from the
 * bytes first (a letter saved as "scan.pdf.txt" is still a PDF) and the name
 * second; anything we do not read is reported with what it seems to be, so
 * nothing in a case folder is dropped silently.
 */
#include <sendbundle/reader.h>

#include "sb_raster.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sb_read_limits_init(sb_read_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->max_file_size = (size_t)256 << 20;
	lim->max_pages = 5000;
	lim->max_text = (size_t)64 << 20;
	lim->max_zip_entry = (size_t)64 << 20;
	lim->max_mime_parts = 500;
	lim->max_mime_depth = 16;
	lim->max_decoded = (size_t)256 << 20;
	lim->allow_repaired = false;
	lim->depth = 0;
	lim->max_image_pixels = 100000000;
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return n >= e && strcasecmp(name + n - e, ext) == 0;
}

static bool starts(const unsigned char *d, size_t len, const char *magic, size_t mlen)
{
	return len >= mlen && memcmp(d, magic, mlen) == 0;
}

/*
 * An e-mail without the .eml name: the file must open with an RFC 5322 header
 * block (every line "Name: value" or a folded continuation, up to a blank
 * line), holding at least two headers of which one only e-mails have. A
 * letter that starts "Date: 14 March 2024" and then "Dear ..." is text.
 */
static bool looks_like_email(const unsigned char *d, size_t len)
{
	static const char *const strong[] = {"from:", "received:", "return-path:", "message-id:",
					     "mime-version:", "delivered-to:"};
	size_t pos = 0, lines = 0, headers = 0, k;
	bool has_strong = false;

	if (len > 5 && memcmp(d, "From ", 5) == 0) { /* an mbox "From " line */
		while (pos < len && d[pos] != '\n')
			pos++;
		pos++;
	}
	while (pos < len && lines < 200) {
		size_t start = pos, colon = 0;

		while (pos < len && d[pos] != '\n')
			pos++;
		lines++;
		if (pos - start == 0 || (pos - start == 1 && d[start] == '\r'))
			break; /* the blank line that ends the headers */
		if (d[start] == ' ' || d[start] == '\t') {
			if (headers == 0)
				return false;
			pos++;
			continue;
		}
		for (k = start; k < pos && colon == 0; k++) {
			if (d[k] == ':')
				colon = k;
			else if (!(isalnum(d[k]) || d[k] == '-' || d[k] == '_'))
				return false;
		}
		if (colon == 0 || colon == start)
			return false;
		headers++;
		for (k = 0; k < sizeof(strong) / sizeof(strong[0]); k++) {
			size_t n = strlen(strong[k]);

			if (colon + 1 - start == n && strncasecmp((const char *)d + start, strong[k], n) == 0)
				has_strong = true;
		}
		pos++;
	}
	return headers >= 2 && has_strong;
}

/* Mostly printable, no NULs: text. UTF-16 with a BOM counts too. */
static bool looks_like_text(const unsigned char *d, size_t len)
{
	size_t i, n = len < 8192 ? len : 8192, bad = 0;

	if (starts(d, len, "\xFF\xFE", 2) || starts(d, len, "\xFE\xFF", 2))
		return true;
	for (i = 0; i < n; i++) {
		if (d[i] == 0)
			return false;
		if (d[i] < 32 && !isspace(d[i]) && d[i] != 12 && d[i] != 27)
			bad++;
	}
	return bad * 20 <= n; /* under 5% control bytes */
}

static bool zip_has(const unsigned char *d, size_t len, const char *name)
{
	size_t n = strlen(name), i;

	/* Names appear in each local file header; the first few KiB suffice for
	 * "[Content_Types].xml" and "word/", which Word writes first. */
	for (i = 0; i + n <= len && i < 65536; i++)
		if (memcmp(d + i, name, n) == 0)
			return true;
	return false;
}

sb_format sb_detect_format(const char *name, const unsigned char *data, size_t len,
			   const char **why)
{
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (name == NULL)
		name = "";
	/* PDF: "%PDF-" first. Readers also accept it after a little junk (within
	 * 1024 bytes); we do that only for files named .pdf (below), so a script
	 * or text that merely mentions "%PDF-" stays what it is. */
	if (starts(data, len, "%PDF-", 5))
		return SB_FORMAT_PDF;
	if (starts(data, len, "PK\x03\x04", 4)) {
		if (zip_has(data, len, "word/"))
			return SB_FORMAT_DOCX;
		if (has_ext(name, ".docx") || has_ext(name, ".docm"))
			return SB_FORMAT_DOCX; /* let the reader say what is wrong */
		if (zip_has(data, len, "opendocument.text"))
			*why = "an OpenDocument text file (.odt): save it as .docx or PDF";
		else if (zip_has(data, len, "xl/") || zip_has(data, len, "ppt/"))
			*why = "a spreadsheet or presentation: save it as PDF";
		else
			*why = "a zip archive: unpack it into the case folder";
		return SB_FORMAT_OTHER;
	}
	/* A file named .pdf or .docx that is not one (an HTML error page saved
	 * from a portal, a truncated download) goes to its reader, which refuses
	 * it as damaged: reading it as text would hide the problem. */
	if (has_ext(name, ".pdf") && !starts(data, len, "\xD0\xCF\x11\xE0", 4))
		return SB_FORMAT_PDF;
	/* A password-protected .docx is an OLE container ("EncryptedPackage"):
	 * the DOCX reader says it is encrypted, which is the right advice. */
	if (has_ext(name, ".docx") || has_ext(name, ".docm"))
		return SB_FORMAT_DOCX;
	if (starts(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		*why = has_ext(name, ".msg")
			       ? "an Outlook .msg file: save the e-mail as .eml, or print it to PDF"
			       : "an old Microsoft Office file (.doc, .xls): save it as .docx or PDF";
		return SB_FORMAT_OTHER;
	}
	/* Scans and photographs of letters (issue 7): read by OCR. */
	if (sb_image_kind(data, len) != NULL)
		return SB_FORMAT_IMAGE;
	if (len >= 12 && memcmp(data + 4, "ftyp", 4) == 0) {
		*why = (memcmp(data + 8, "heic", 4) == 0 || memcmp(data + 8, "heix", 4) == 0 ||
			memcmp(data + 8, "mif1", 4) == 0)
			       ? "an HEIC photo (an iPhone's): export it as JPEG (on the phone, "
				 "Settings > Camera > Formats > Most Compatible)"
			       : "a video or an HEIC photo: export the picture as JPEG";
		return SB_FORMAT_OTHER;
	}
	if (starts(data, len, "GIF8", 4) || starts(data, len, "BM", 2) ||
	    (starts(data, len, "RIFF", 4) && len >= 12 && memcmp(data + 8, "WEBP", 4) == 0)) {
		*why = "a GIF, BMP or WebP picture: save it as JPEG, PNG or PDF";
		return SB_FORMAT_OTHER;
	}
	if (starts(data, len, "{\\rtf", 5)) {
		*why = "a Rich Text (.rtf) file: save it as .docx or PDF";
		return SB_FORMAT_OTHER;
	}
	if (has_ext(name, ".eml") || (looks_like_email(data, len) && looks_like_text(data, len)))
		return SB_FORMAT_EMAIL;
	if (has_ext(name, ".htm") || has_ext(name, ".html")) {
		*why = "a web page: print it to PDF";
		return SB_FORMAT_OTHER;
	}
	if (looks_like_text(data, len))
		return SB_FORMAT_TEXT;
	*why = "not a format sendbundle reads (PDF, Word .docx, e-mail .eml or text)";
	return SB_FORMAT_OTHER;
}

int sb_read_buffer(const char *path, const unsigned char *data, size_t len,
		   const sb_read_limits *lim, sb_doc_list *out, sb_error *err)
{
	sb_read_limits defaults;
	sb_doc_list tmp;
	sb_doc *doc;
	const char *why = NULL;
	sb_format fmt;
	int rc;

	if (path == NULL || (data == NULL && len > 0) || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to read");
	if (lim == NULL) {
		sb_read_limits_init(&defaults);
		lim = &defaults;
	}
	sb_doc_list_init(&tmp);
	if (len > lim->max_file_size) {
		rc = sb_error_set(err, SB_ERANGE, path, "split the file, or leave it out of the case",
				  "'%s' is %zu bytes, more than the %zu a document may have", path,
				  len, lim->max_file_size);
		sb_error_reason(err, "too-large");
		goto done;
	}
	fmt = sb_detect_format(path, data, len, &why);
	if (fmt == SB_FORMAT_OTHER) {
		rc = sb_error_set(err, SB_EIO, path,
				  "convert it to PDF, or leave it out; it is listed so nothing "
				  "is missed",
				  "'%s' was not read: it is %s", path, why);
		sb_error_reason(err, "not-read");
		goto done;
	}
	doc = sb_doc_list_add(&tmp, path, fmt);
	if (doc == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'", path);
		goto done;
	}
	doc->size = len;
	sb_sha256_hex(data, len, doc->sha256);
	if (lim->keep_original) {
		doc->original = malloc(len > 0 ? len : 1);
		if (doc->original == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'",
					  path);
			goto done;
		}
		if (len > 0) /* data may be NULL when len is 0 */
			memcpy(doc->original, data, len);
		doc->original_len = len;
	}
	switch (fmt) {
	case SB_FORMAT_PDF:
		rc = sb_reader_pdf(path, data, len, lim, doc, err);
		break;
	case SB_FORMAT_DOCX:
		rc = sb_reader_docx(path, data, len, lim, doc, err);
		break;
	case SB_FORMAT_EMAIL:
		rc = sb_reader_eml(path, data, len, lim, doc, &tmp, err);
		break;
	case SB_FORMAT_IMAGE:
		rc = sb_reader_image(path, data, len, lim, doc, err);
		break;
	default:
		rc = sb_reader_text(path, data, len, lim, doc, err);
		break;
	}
	if (rc != SB_OK) {
		if (err != NULL && err->reason[0] == '\0')
			sb_error_reason(err, "unreadable");
		goto done;
	}
	/* OCR will need the pictures again (sb_scan): keep the bytes of a
	 * document with pages without text (attachments are kept by their own
	 * call). */
	if (lim->ocr_later && doc->original == NULL && sb_doc_needs_ocr(doc)) {
		doc->original = malloc(len > 0 ? len : 1);
		if (doc->original == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'",
					  path);
			goto done;
		}
		if (len > 0) /* data may be NULL when len is 0 */
			memcpy(doc->original, data, len);
		doc->original_len = len;
	}
	rc = sb_doc_list_take(out, &tmp);
	if (rc != SB_OK)
		rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'", path);
done:
	sb_doc_list_free(&tmp);
	return rc;
}
