/*
 * A drafted letter as plain text or as a Word document (issue 6, "letter":
 * "Output as plain text and as DOCX"). Both are made from the same list of
 * paragraphs, so they say the same words. The DOCX is the smallest package
 * Word and LibreOffice open without complaint (ECMA-376 Part 2: content
 * types, the package relationship, the main document, and a style part so
 * the letter has a readable font); [placeholders] are highlighted in it so
 * none is missed. Every output goes through a temporary file and replaces
 * nothing unless asked.
 */
#include <sendbundle/letter.h>

#include <sendbundle/fileio.h>
#include <sendbundle/zip_out.h>
#include "sb_buf.h"
#include "sb_text.h"
#include "sb_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEXT_WIDTH 78

/* ---- plain text ---- */

/* Columns a UTF-8 string takes: one per code point (the letters use no
 * double-width characters of their own). */
static size_t columns(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* text wrapped at TEXT_WIDTH: the first line after `first`, the others
 * indented by `indent` spaces; runs of spaces fold. */
static void wrap(sb_buf *b, const char *first, size_t indent, const char *text)
{
	size_t col = columns(first, strlen(first));
	bool line_start = true;
	const char *p = text;

	sb_buf_puts(b, first);
	while (*p == ' ')
		p++;
	while (*p != '\0') {
		const char *end = p;
		size_t len;

		while (*end != '\0' && *end != ' ')
			end++;
		len = columns(p, (size_t)(end - p));
		if (!line_start && col + 1 + len > TEXT_WIDTH) {
			sb_buf_printf(b, "\n%*s", (int)indent, "");
			col = indent;
			line_start = true;
		}
		if (!line_start) {
			sb_buf_put(b, " ", 1);
			col++;
		}
		sb_buf_put(b, p, (size_t)(end - p));
		col += len;
		line_start = false;
		p = end;
		while (*p == ' ')
			p++;
	}
	sb_buf_put(b, "\n", 1);
}

static bool is_banner(sb_letter_style s)
{
	return s == SB_LETTER_BANNER_LINE || s == SB_LETTER_BANNER_NOTE;
}

/* Whether paragraph i runs straight on from i-1 with no blank line: lines
 * of one block, items of one list, and whatever follows a heading. */
static bool runs_on(const sb_letter *l, size_t i)
{
	sb_letter_style a = l->paras[i - 1].style, b = l->paras[i].style;

	return (a == b && (a == SB_LETTER_LINE || a == SB_LETTER_ITEM || a == SB_LETTER_QUOTE)) ||
	       (is_banner(a) && is_banner(b)) || a == SB_LETTER_HEADING;
}

/* The widest label of the run of items around paragraph i, in columns. */
static size_t label_width(const sb_letter *l, size_t i)
{
	size_t lo = i, hi = i, w = 0, k;

	while (lo > 0 && l->paras[lo - 1].style == l->paras[i].style)
		lo--;
	while (hi + 1 < l->nparas && l->paras[hi + 1].style == l->paras[i].style)
		hi++;
	for (k = lo; k <= hi; k++) {
		size_t n = l->paras[k].label != NULL
			       ? columns(l->paras[k].label, strlen(l->paras[k].label))
			       : 0;

		w = n > w ? n : w;
	}
	return w;
}

int sb_letter_to_text(const sb_letter *l, char **out, sb_error *err)
{
	static const char rule[] = "========================================"
				   "======================================\n";
	sb_buf b = SB_BUF_INIT;
	char prefix[64];
	size_t i;

	*out = NULL;
	for (i = 0; i < l->nparas; i++) {
		const sb_letter_para *p = &l->paras[i];
		size_t margin, w;

		if (i > 0 && is_banner(l->paras[i - 1].style) && !is_banner(p->style))
			sb_buf_puts(&b, rule);
		if (i > 0 && !runs_on(l, i))
			sb_buf_put(&b, "\n", 1);
		if (is_banner(p->style) && (i == 0 || !is_banner(l->paras[i - 1].style)))
			sb_buf_puts(&b, rule);
		switch (p->style) {
		case SB_LETTER_ITEM:
		case SB_LETTER_QUOTE:
			/* Items hang from their number; quotes sit further in. */
			margin = p->style == SB_LETTER_ITEM ? 2 : 4;
			w = label_width(l, i);
			if (p->label == NULL || w == 0) {
				snprintf(prefix, sizeof(prefix), "%*s", (int)margin, "");
				wrap(&b, prefix, margin, p->text);
				break;
			}
			snprintf(prefix, sizeof(prefix), "%*s%*s%s ", (int)margin, "",
				 (int)(w - columns(p->label, strlen(p->label))), "", p->label);
			wrap(&b, prefix, margin + w + 1, p->text);
			break;
		default:
			if (p->text[0] == '\0')
				sb_buf_put(&b, "\n", 1);
			else
				wrap(&b, "", 0, p->text);
			break;
		}
	}
	if (l->nparas > 0 && is_banner(l->paras[l->nparas - 1].style))
		sb_buf_puts(&b, rule);
	return sb_buf_finish(&b, out, err);
}

/* ---- DOCX ---- */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/*
 * s[0..n) as XML character data: & < > " escaped, every code point XML 1.0
 * allows kept, and the rest (control characters, U+FFFE, U+FFFF) dropped;
 * ill-formed UTF-8 becomes U+FFFD, so the part is always well-formed.
 */
static void xml_text(sb_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		uint32_t cp;
		bool bad = false;
		size_t used = sb_utf8_step(p, (size_t)(end - p), &cp, &bad);

		if (cp == '&')
			sb_buf_puts(b, "&amp;");
		else if (cp == '<')
			sb_buf_puts(b, "&lt;");
		else if (cp == '>')
			sb_buf_puts(b, "&gt;");
		else if (cp == '"')
			sb_buf_puts(b, "&quot;");
		else if (bad)
			sb_buf_puts(b, "\xEF\xBF\xBD");
		else if ((cp < 0x20 && cp != '\t') || cp == 0xFFFE || cp == 0xFFFF)
			; /* not allowed in XML 1.0, not even as a reference */
		else
			sb_buf_put(b, (const char *)p, used);
		p += used;
	}
}

/* One run: its properties (may be "") and its text. */
static void run(sb_buf *b, const char *rpr, const char *s, size_t n)
{
	if (n == 0)
		return;
	sb_buf_puts(b, "<w:r>");
	if (rpr[0] != '\0')
		sb_buf_printf(b, "<w:rPr>%s</w:rPr>", rpr);
	sb_buf_puts(b, "<w:t xml:space=\"preserve\">");
	xml_text(b, s, n);
	sb_buf_puts(b, "</w:t></w:r>");
}

/* The text in runs, each [placeholder] highlighted so the family sees what
 * is left to fill in. */
static void runs(sb_buf *b, const char *rpr, const char *text)
{
	char hl[256];
	const char *p = text;

	snprintf(hl, sizeof(hl), "%s<w:highlight w:val=\"yellow\"/>", rpr);
	while (*p != '\0') {
		const char *open = strchr(p, '['), *close = open != NULL ? strchr(open, ']') : NULL;

		if (open == NULL || close == NULL) {
			run(b, rpr, p, strlen(p));
			break;
		}
		run(b, rpr, p, (size_t)(open - p));
		run(b, hl, open, (size_t)(close + 1 - open));
		p = close + 1;
	}
}

/* Paragraph and run properties for a paragraph, by style. Spacing is in
 * twentieths of a point; lines of one block and items of one list sit
 * together, the last one keeps the normal space after. Word refuses a
 * document whose properties are out of the schema's order (ECMA-376
 * CT_PPr: keepNext, pBdr, spacing, ind; CT_RPr: b, i, color, sz,
 * highlight), so they are written in that order. */
static void para_props(const sb_letter *l, size_t i, const char **ppr, const char **rpr,
		       bool *together)
{
	const sb_letter_para *p = &l->paras[i];
	bool next_same = i + 1 < l->nparas && l->paras[i + 1].style == p->style;

	*together = next_same && (p->style == SB_LETTER_LINE || p->style == SB_LETTER_ITEM ||
				  p->style == SB_LETTER_QUOTE);
	*rpr = "";
	switch (p->style) {
	case SB_LETTER_BANNER_LINE:
		*ppr = "<w:pBdr><w:top w:val=\"single\" w:sz=\"12\" w:space=\"4\" "
		       "w:color=\"C00000\"/></w:pBdr><w:spacing w:after=\"60\"/>";
		*rpr = "<w:b/><w:color w:val=\"C00000\"/><w:sz w:val=\"28\"/>";
		break;
	case SB_LETTER_BANNER_NOTE:
		*ppr = "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" "
		       "w:color=\"C00000\"/></w:pBdr><w:spacing w:after=\"360\"/>";
		*rpr = "<w:i/><w:color w:val=\"C00000\"/>";
		break;
	case SB_LETTER_HEADING:
		*ppr = "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>";
		*rpr = "<w:b/>";
		break;
	case SB_LETTER_ITEM:
		*ppr = *together ? "<w:spacing w:after=\"60\"/><w:ind w:left=\"567\" "
				   "w:hanging=\"567\"/>"
				 : "<w:ind w:left=\"567\" w:hanging=\"567\"/>";
		break;
	case SB_LETTER_QUOTE:
		*ppr = *together ? "<w:spacing w:after=\"60\"/><w:ind w:left=\"1134\" "
				   "w:hanging=\"567\"/>"
				 : "<w:ind w:left=\"1134\" w:hanging=\"567\"/>";
		break;
	case SB_LETTER_LINE:
		*ppr = *together ? "<w:spacing w:after=\"0\"/>" : "";
		break;
	default:
		*ppr = "";
		break;
	}
}

int sb_letter_docx_xml(const sb_letter *l, char **out, sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	size_t i;

	*out = NULL;
	sb_buf_puts(&b, XML_DECL "<w:document xmlns:w=\"" W_NS "\"><w:body>\n");
	for (i = 0; i < l->nparas; i++) {
		const sb_letter_para *p = &l->paras[i];
		const char *ppr, *rpr;
		bool together;

		para_props(l, i, &ppr, &rpr, &together);
		sb_buf_puts(&b, "<w:p>");
		if (ppr[0] != '\0')
			sb_buf_printf(&b, "<w:pPr>%s</w:pPr>", ppr);
		if (p->label != NULL) {
			run(&b, rpr, p->label, strlen(p->label));
			sb_buf_puts(&b, "<w:r><w:tab/></w:r>");
		}
		runs(&b, rpr, p->text);
		sb_buf_puts(&b, "</w:p>\n");
	}
	/* A4 with 2.5 cm margins, as letters in England are printed. */
	sb_buf_puts(&b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\" "
			"w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" "
			"w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>\n</w:body></w:document>\n");
	return sb_buf_finish(&b, out, err);
}

static const char content_types[] =
    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	     "<Default Extension=\"rels\" "
	     "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	     "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	     "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	     "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	     "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	     "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	     "</Types>\n";

static const char package_rels[] = XML_DECL
    "<Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>\n";

static const char document_rels[] = XML_DECL
    "<Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>\n";

/* Arial 11 pt, British English (so the spelling checker agrees with the
 * letter), a little space after each paragraph. */
static const char styles[] =
    XML_DECL "<w:styles xmlns:w=\"" W_NS "\">"
	     "<w:docDefaults><w:rPrDefault><w:rPr>"
	     "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>"
	     "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/>"
	     "</w:rPr></w:rPrDefault>"
	     "<w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/>"
	     "</w:pPr></w:pPrDefault></w:docDefaults>"
	     "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	     "<w:name w:val=\"Normal\"/></w:style>"
	     "</w:styles>\n";

static int write_docx(const sb_letter *l, const char *path, bool force, sb_error *err)
{
	char *doc = NULL;
	int rc = sb_letter_docx_xml(l, &doc, err);
	/* Entry times: the letter's date, so the same letter gives the same
	 * bytes (docs/style.md rule 7: no clock time). */
	time_t mtime = (time_t)(sb_date_to_days(l->date) * 86400L);

	if (rc == SB_OK) {
		sb_zip_entry entries[] = {
		    {"[Content_Types].xml", content_types, sizeof(content_types) - 1, false},
		    {"_rels/.rels", package_rels, sizeof(package_rels) - 1, false},
		    {"word/document.xml", doc, strlen(doc), false},
		    {"word/_rels/document.xml.rels", document_rels, sizeof(document_rels) - 1,
		     false},
		    {"word/styles.xml", styles, sizeof(styles) - 1, false},
		};

		rc = sb_zip_write(path, entries, sizeof(entries) / sizeof(entries[0]), mtime, force,
				  err);
	}
	free(doc);
	return rc;
}

/* ---- writing ---- */

static int exists(const char *path, sb_error *err)
{
	sb_error_set(err, SB_EIO, path, "choose another name, or add --force to replace it",
		     "'%s' already exists", path);
	return sb_error_reason(err, "exists");
}

static int write_text(const sb_letter *l, const char *path, bool force, sb_error *err)
{
	struct stat st;
	char *text = NULL, *tmp = NULL;
	size_t left, off = 0;
	int fd = -1, rc;

	/* Say so before any work; sb_file_place checks again without a race. */
	if (!force && lstat(path, &st) == 0)
		return exists(path, err);
	rc = sb_letter_to_text(l, &text, err);
	if (rc != SB_OK)
		return rc;
	/* Unnamed until whole (issue 8, "nothing lost"), then named without
	 * replacing a file that appeared since we looked (unless --force). */
	rc = sb_file_temp_unnamed(path, &tmp, &fd, err);
	if (rc != SB_OK)
		goto done;
	left = strlen(text);
	while (left > 0) {
		ssize_t n = write(fd, text + off, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = sb_error_set(err, SB_EIO, path, "check the free disk space",
					  "cannot write '%s': %s", path, strerror(errno));
			goto done;
		}
		off += (size_t)n;
		left -= (size_t)n;
	}
	rc = sb_file_place(fd, tmp, path, force, err);
done:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL && rc != SB_OK)
		unlink(tmp);
	free(tmp);
	free(text);
	return rc;
}

bool sb_letter_format_for(const char *path, sb_letter_format *out)
{
	size_t n = path != NULL ? strlen(path) : 0;
	const char *base = path != NULL ? strrchr(path, '/') : NULL;

	base = base != NULL ? base + 1 : path;
	/* A name, not only an ending: ".docx" alone would be a hidden file. */
	if (n > 4 && strlen(base) > 4 && strcasecmp(path + n - 4, ".txt") == 0) {
		*out = SB_LETTER_FORMAT_TEXT;
		return true;
	}
	if (n > 5 && strlen(base) > 5 && strcasecmp(path + n - 5, ".docx") == 0) {
		*out = SB_LETTER_FORMAT_DOCX;
		return true;
	}
	return false;
}

int sb_letter_write(const sb_letter *l, const char *path, bool force, sb_error *err)
{
	sb_letter_format f;

	if (l == NULL || path == NULL || !sb_letter_format_for(path, &f))
		return sb_error_set(err, SB_EINVAL, path, "name the file letter.txt or letter.docx",
				    "cannot tell how to write '%s': the name must end .txt (text) "
				    "or .docx (Word)",
				    path != NULL ? path : "");
	if (!sb_date_is_valid(l->date))
		return sb_error_set(err, SB_EINVAL, path, NULL, "the letter has no date");
	return f == SB_LETTER_FORMAT_DOCX ? write_docx(l, path, force, err)
					  : write_text(l, path, force, err);
}
