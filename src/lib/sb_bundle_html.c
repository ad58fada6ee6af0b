/*
 * The index and the chronology as HTML pages for people (issue 4: "a clean,
 * printable page that links into the PDF pages and works offline"). One
 * self-contained file each: inline CSS, no scripts, nothing fetched (the
 * Content-Security-Policy says so too, in case a title ever slipped past
 * the escaping), every text escaped, links relative to the PDF beside it.
 */
#include "sb_bundle_out_internal.h"

#include "sb_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char page_css[] =
	"@page { size: A4; margin: 15mm 12mm; }\n"
	"html { color-scheme: light; }\n"
	"body { font: 11pt/1.35 \"Liberation Sans\", Arial, Helvetica, sans-serif; color: #000;\n"
	"  background: #fff; max-width: 60em; margin: 1.5em auto; padding: 0 1em; }\n"
	"h1 { font-size: 16pt; margin: 0 0 .4em; }\n"
	"h2 { font-size: 13pt; margin: 1.5em 0 .4em; }\n"
	"dl.case { display: grid; grid-template-columns: max-content auto; gap: .1em 1em;\n"
	"  margin: 0 0 1.2em; }\n"
	"dl.case dt { font-weight: bold; }\n"
	"dl.case dd { margin: 0; }\n"
	"table { width: 100%; border-collapse: collapse; }\n"
	"th, td { border: 1px solid #999; padding: .25em .45em; text-align: left;\n"
	"  vertical-align: top; overflow-wrap: anywhere; }\n"
	"thead { display: table-header-group; }\n"
	"thead th { background: #e6e6e6; }\n"
	"tr.section th { background: #f2f2f2; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"td.num, td.date { white-space: nowrap; }\n"
	"td.num { text-align: right; }\n"
	"tr.key td { background: #fff1c7; }\n"
	".note { display: block; font-size: 9.5pt; font-weight: bold; }\n"
	"a { color: #0645ad; }\n"
	"footer { margin-top: 1.5em; font-size: 9.5pt; color: #333; }\n"
	"@media print {\n"
	"  body { max-width: none; margin: 0; padding: 0; }\n"
	"  a { color: #000; text-decoration: none; }\n"
	"  thead th, tr.section th, tr.key td { -webkit-print-color-adjust: exact;\n"
	"    print-color-adjust: exact; }\n"
	"}\n";

/* s as HTML text: valid UTF-8, & < > " ' as references, and control
 * characters (which HTML forbids) as U+FFFD. */
static void esc(sb_buf *b, const char *s)
{
	static const char *const refs[0x80] = {['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
					       ['"'] = "&quot;", ['\''] = "&#39;"};
	char *clean = sb_bundle_clean(s);
	const unsigned char *p, *run;

	if (clean == NULL) {
		b->failed = true;
		return;
	}
	for (p = run = (const unsigned char *)clean;; p++) {
		bool c1 = p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
		bool control = (*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F || c1;

		if (*p != '\0' && !control && (*p >= 0x80 || refs[*p] == NULL))
			continue;
		sb_buf_put(b, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		sb_buf_puts(b, control ? "\xEF\xBF\xBD" : refs[*p]);
		p += c1 ? 1 : 0; /* a C1 control is two bytes */
		run = p + 1;
	}
	free(clean);
}

/* A link target: pdf_name percent-encoded (so no name can become a scheme
 * or break out of the attribute) and the PDF open-parameter #page=N. */
static void put_href(sb_buf *b, const char *pdf_name, size_t page)
{
	const unsigned char *s = (const unsigned char *)pdf_name;

	for (; *s != '\0'; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || *s == '_' || *s == '~')
			sb_buf_put(b, (const char *)s, 1);
		else
			sb_buf_printf(b, "%%%02X", *s);
	}
	if (page > 0)
		sb_buf_printf(b, "#page=%zu", page);
}

static void put_link(sb_buf *b, const char *pdf_name, size_t page, const char *text)
{
	sb_buf_puts(b, "<a href=\"");
	put_href(b, pdf_name, page);
	sb_buf_puts(b, "\">");
	esc(b, text);
	sb_buf_puts(b, "</a>");
}

/* "4" or "4–7", in the printed labels (section numbering: "D1–D3"). */
static void put_pages(const sb_plan *p, size_t first, size_t last, char *buf, size_t size)
{
	char a[32], z[32];

	sb_plan_page_label(p, first, a, sizeof(a));
	if (last == first)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s\xE2\x80\x93%s", a,
			 sb_plan_page_label(p, last, z, sizeof(z)));
}

/* The page up to <main>; returns the PDF name the links use ("bundle.pdf"
 * when none is given). */
static const char *page_start(sb_buf *b, const char *what, const sb_plan *p,
			      const sb_case_file *cf, const char *pdf_name)
{
	char date[SB_DATE_LONG_LEN];

	if (pdf_name == NULL)
		pdf_name = "bundle.pdf";

	sb_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'\">\n"
		       "<meta name=\"referrer\" content=\"no-referrer\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<title>");
	sb_buf_puts(b, what);
	if (cf != NULL && cf->appeal_number != NULL) {
		sb_buf_puts(b, " \xE2\x80\x93 ");
		esc(b, cf->appeal_number);
	}
	sb_buf_puts(b, "</title>\n<style>\n");
	sb_buf_puts(b, page_css);
	sb_buf_puts(b, "</style>\n</head>\n<body>\n<header>\n<h1>");
	sb_buf_puts(b, what);
	sb_buf_puts(b, "</h1>\n<dl class=\"case\">\n");
	if (cf != NULL && cf->appeal_number != NULL) {
		sb_buf_puts(b, "<dt>Appeal number</dt><dd>");
		esc(b, cf->appeal_number);
		sb_buf_puts(b, "</dd>\n");
	}
	/* The child as the case file says to print them (name or initials). */
	if (cf != NULL && cf->child != NULL) {
		sb_buf_puts(b, "<dt>Child</dt><dd>");
		esc(b, cf->child);
		sb_buf_puts(b, "</dd>\n");
	}
	if (cf != NULL && cf->la != NULL) {
		sb_buf_puts(b, "<dt>Local authority</dt><dd>");
		esc(b, cf->la);
		sb_buf_puts(b, "</dd>\n");
	}
	if (cf != NULL && cf->has_hearing_date && sb_date_is_valid(cf->hearing_date)) {
		sb_buf_puts(b, "<dt>Hearing date</dt><dd>");
		sb_buf_puts(b, sb_date_format_long(cf->hearing_date, date, sizeof(date)));
		sb_buf_puts(b, "</dd>\n");
	}
	sb_buf_puts(b, "<dt>Bundle</dt><dd>");
	put_link(b, pdf_name, 0, pdf_name);
	if (cf != NULL && cf->bundle_version > 0)
		sb_buf_printf(b, ", version %d", cf->bundle_version);
	sb_buf_printf(b, ", %zu page%s</dd>\n</dl>\n</header>\n<main>\n", p->total_pages,
		      p->total_pages == 1 ? "" : "s");
	return pdf_name;
}

static void page_end(sb_buf *b, const char *pdf_name)
{
	sb_buf_puts(b, "</main>\n<footer>\n<p>Page numbers are the numbers stamped on the pages "
		       "of the bundle. Each link opens that page of ");
	esc(b, pdf_name);
	sb_buf_puts(b, " when the PDF is in the same folder as this file.</p>\n"
		       "</footer>\n</body>\n</html>\n");
}

static void put_index_row(sb_buf *b, const sb_plan *p, const sb_plan_entry *e,
			  const char *pdf_name)
{
	char pages[80], date[32];
	char *author = sb_plan_author_label(e);

	if (author == NULL)
		b->failed = true;
	put_pages(p, e->first_page, e->last_page, pages, sizeof(pages));
	sb_buf_printf(b, "<tr><td>%s</td><td class=\"num\">%u</td><td>",
		      sb_section_letter(e->section), e->tab);
	put_link(b, pdf_name, e->first_page, e->title);
	sb_buf_puts(b, "</td><td>");
	esc(b, author);
	sb_buf_printf(b, "</td><td class=\"date\">%s</td><td class=\"num\">",
		      e->has_date ? sb_plan_short_date(e->date, date, sizeof(date)) : "Undated");
	put_link(b, pdf_name, e->first_page, pages);
	sb_buf_puts(b, "</td></tr>\n");
	free(author);
}

int sb_bundle_index_to_html(const sb_plan *p, const sb_case_file *cf, const char *pdf_name,
			    char **out, sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	size_t i, j;
	int rc;

	*out = NULL;
	rc = sb_bundle_check_plan(p, err);
	if (rc != SB_OK)
		return rc;
	pdf_name = page_start(&b, "Hearing bundle: index", p, cf, pdf_name);
	sb_buf_puts(&b, "<table class=\"index\">\n<thead><tr><th scope=\"col\">Section</th>"
			"<th scope=\"col\">Tab</th><th scope=\"col\">Title</th>"
			"<th scope=\"col\">Author (profession)</th><th scope=\"col\">Date</th>"
			"<th scope=\"col\">Pages</th></tr></thead>\n");
	if (p->nentries == 0)
		sb_buf_puts(&b, "<tbody><tr><td colspan=\"6\">No documents.</td></tr></tbody>\n");
	/* One <tbody> per run of a section, headed by its name and pages. */
	for (i = 0; i < p->nentries; i = j) {
		char pages[80];

		for (j = i + 1; j < p->nentries && p->entries[j].section == p->entries[i].section;
		     j++)
			;
		put_pages(p, p->entries[i].first_page, p->entries[j - 1].last_page, pages,
			  sizeof(pages));
		sb_buf_printf(&b,
			      "<tbody>\n<tr class=\"section\"><th colspan=\"6\" scope=\"colgroup\">"
			      "Section %s: ",
			      sb_section_letter(p->entries[i].section));
		esc(&b, sb_section_title(p->entries[i].section));
		sb_buf_printf(&b, " (page%s %s)</th></tr>\n",
			      p->entries[i].first_page == p->entries[j - 1].last_page ? "" : "s",
			      pages);
		for (; i < j; i++)
			put_index_row(&b, p, &p->entries[i], pdf_name);
		sb_buf_puts(&b, "</tbody>\n");
	}
	sb_buf_puts(&b, "</table>\n");
	if (p->nexcluded > 0) {
		sb_buf_puts(&b, "<h2>Not in the bundle</h2>\n<table class=\"excluded\">\n"
				"<thead><tr><th scope=\"col\">File</th>"
				"<th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < p->nexcluded; i++) {
			sb_buf_puts(&b, "<tr><td>");
			esc(&b, p->excluded[i].source);
			sb_buf_puts(&b, "</td><td>");
			esc(&b, p->excluded[i].reason);
			sb_buf_puts(&b, "</td></tr>\n");
		}
		sb_buf_puts(&b, "</tbody>\n</table>\n");
	}
	page_end(&b, pdf_name);
	return sb_buf_finish(&b, out, err);
}

int sb_bundle_chronology_to_html(const sb_plan *p, const sb_case_file *cf, const char *pdf_name,
				 char **out, sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	size_t *order = NULL;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	rc = sb_bundle_chron_order(p, &order, &n, err);
	if (rc != SB_OK)
		return rc;
	pdf_name = page_start(&b, "Hearing bundle: chronology", p, cf, pdf_name);
	sb_buf_puts(&b, "<p>The dated documents, earliest first; undated documents are in the "
			"index only. Rows marked <strong>Key date</strong> are the documents the "
			"appeal deadline counts from.</p>\n"
			"<table class=\"chronology\">\n<thead><tr><th scope=\"col\">Date</th>"
			"<th scope=\"col\">Event</th><th scope=\"col\">Document</th>"
			"<th scope=\"col\">Author (profession)</th>"
			"<th scope=\"col\">Bundle page</th></tr></thead>\n<tbody>\n");
	if (n == 0)
		sb_buf_puts(&b, "<tr><td colspan=\"5\">No dated documents.</td></tr>\n");
	for (i = 0; i < n; i++) {
		const sb_plan_entry *e = &p->entries[order[i]];
		const char *note = sb_bundle_key_note(e);
		char date[32], ref[32], page[32];
		char *author = sb_plan_author_label(e);

		if (author == NULL)
			b.failed = true;
		sb_buf_printf(&b, "<tr%s><td class=\"date\">%s</td><td>",
			      note != NULL ? " class=\"key\"" : "",
			      sb_plan_short_date(e->date, date, sizeof(date)));
		put_link(&b, pdf_name, e->first_page, e->title);
		if (note != NULL) {
			sb_buf_puts(&b, "<span class=\"note\">");
			esc(&b, note);
			sb_buf_puts(&b, "</span>");
		}
		sb_buf_printf(&b, "</td><td>%s</td><td>",
			      sb_bundle_doc_ref(e, ref, sizeof(ref)));
		esc(&b, author);
		sb_buf_puts(&b, "</td><td class=\"num\">");
		put_link(&b, pdf_name, e->first_page,
			 sb_plan_page_label(p, e->first_page, page, sizeof(page)));
		sb_buf_puts(&b, "</td></tr>\n");
		free(author);
	}
	sb_buf_puts(&b, "</tbody>\n</table>\n");
	page_end(&b, pdf_name);
	free(order);
	return sb_buf_finish(&b, out, err);
}
