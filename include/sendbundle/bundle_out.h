/*
 * sendbundle: the files that go beside the bundle PDF in the zip (issue 4,
 * "The zip (libzip)"; bundle-spec "Index, bookmarks, chronology"): the index
 * as JSON (schemas/index.schema.json), CSV and HTML, the chronology as JSON
 * (schemas/chronology.schema.json), CSV and HTML, and the names the PDF and
 * the original files get inside the zip.
 *
 * Everything is made from the page plan, so the page numbers in these files
 * are the ones stamped on the pages. Outputs are reproducible: the same plan
 * and case file give the same bytes (no clock, sorted JSON keys).
 *
 * Ownership: every *out string is malloc'd and belongs to the caller, to
 * free with free(). The plan and the case file are only read. Strings that
 * are not valid UTF-8 are repaired (U+FFFD) rather than refused.
 */
#ifndef SENDBUNDLE_BUNDLE_OUT_H
#define SENDBUNDLE_BUNDLE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/case.h>
#include <sendbundle/error.h>
#include <sendbundle/plan.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * index.json: {"total_pages", "documents": [{"section", "tab", "title",
 * "author", "author_role", "date", "first_page", "last_page", "source",
 * "sha256"}], "excluded": [{"source", "reason"}]}, sorted keys, two-space
 * indent, a final newline. Pages are 1-based PDF page numbers.
 */
int sb_bundle_index_to_json(const sb_plan *p, char **out, sb_error *err);

/*
 * index.csv (RFC 4180, CRLF, formulas defused): Section, Tab, Title, Author
 * (profession), Date (YYYY-MM-DD or "Undated"), First page, Last page (the
 * printed labels: "12", or "D3" with section numbering), Source, SHA-256.
 */
int sb_bundle_index_to_csv(const sb_plan *p, char **out, sb_error *err);

/*
 * index.html: one self-contained, printable page (inline CSS, no scripts,
 * nothing fetched) with the case heading from cf (may be NULL), then
 * Section | Tab | Title | Author (profession) | Date | Pages, a heading row
 * per section, and the title and pages of each row linking to
 * "<pdf_name>#page=N". pdf_name is the bundle PDF's name in the zip
 * (sb_bundle_pdf_name); every text is HTML-escaped.
 */
int sb_bundle_index_to_html(const sb_plan *p, const sb_case_file *cf, const char *pdf_name,
			    char **out, sb_error *err);

/*
 * The chronology: one event per dated document, earliest first (documents
 * of the same date in bundle order); undated documents are left out. The LA
 * decision letter and the mediation certificate (sb_doc kinds) are key
 * events, with a note saying why: the appeal deadline counts from them
 * (HESC Rules r.20(1)(c)). An entry without an sb_doc is never key.
 *
 * chronology.json: {"events": [{"date", "event", "document" ("D3"),
 * "section", "tab", "author", "author_role", "page", "key", "note"}]}.
 */
int sb_bundle_chronology_to_json(const sb_plan *p, char **out, sb_error *err);

/* chronology.csv: Date, Event, Document, Author (profession), Bundle page,
 * Note (empty unless key). */
int sb_bundle_chronology_to_csv(const sb_plan *p, char **out, sb_error *err);

/* chronology.html: like the index page, with Date | Event | Document |
 * Author (profession) | Bundle page; key rows marked and explained. */
int sb_bundle_chronology_to_html(const sb_plan *p, const sb_case_file *cf, const char *pdf_name,
				 char **out, sb_error *err);

/*
 * The bundle PDF's file name, from the appeal number and the hearing date
 * only, never the child's name (bundle-spec "Cover page": file names leave
 * the child's full name out): "bundle-EH881-26-00117-hearing-2027-01-14.pdf",
 * "bundle-hearing-2027-01-14.pdf", "bundle-EH881-26-00117.pdf" or
 * "bundle.pdf"; "-v2" before ".pdf" from the second bundle version on. The
 * appeal number keeps its ASCII letters, digits and '_'; every other run of
 * characters becomes one '-' (at most 64 characters kept). cf may be NULL.
 */
int sb_bundle_pdf_name(const sb_case_file *cf, char **out, sb_error *err);

/*
 * Where an entry's untouched original goes in the zip:
 * "originals/<section letter>/<tab> <title>.<ext>". The title is made safe
 * as a file name on any system: no path separators, no control or
 * direction-changing characters, none of <>:"|?*, no leading dots or
 * spaces, no trailing dots or spaces, at most SB_BUNDLE_NAME_MAX bytes of
 * title (cut between characters, so UTF-8 stays valid), "Untitled" when
 * nothing is left. The extension is the source's (for an attachment,
 * "<mail>#<n>/<name>", that of its own name), lower-cased, letters and
 * digits only; none when there is none.
 *
 * child (the case file's "child", may be NULL): each of its words of two
 * or more letters that the title contains as a whole word (any case) is
 * cut to its initial, so "Riley Morgan" in an e-mail subject becomes
 * "R. M." (bundle-spec "Cover page": file names leave the child's full
 * name out).
 */
#define SB_BUNDLE_NAME_MAX 100
int sb_bundle_original_name(const sb_plan_entry *e, const char *child, char **out,
			    sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
