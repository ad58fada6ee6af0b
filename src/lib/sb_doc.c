/*
 * sb_doc: the document model's bookkeeping (lists, pages, warnings) and the
 * stable names every output uses for formats, kinds, roles and areas.
 */
#include <sendbundle/doc.h>

#include "sb_buf.h"
#include "sb_util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *sb_format_name(sb_format f)
{
	static const char *const names[SB_FORMAT_COUNT] = {"pdf",   "docx",  "text",
							   "email", "image", "other"};

	return (int)f >= 0 && f < SB_FORMAT_COUNT ? names[f] : NULL;
}

const char *sb_role_name(sb_role r)
{
	static const char *const names[SB_ROLE_COUNT] = {
		NULL,	     "EP",	  "SALT",	"OT",		  "CAMHS",
		"paediatrician", "physiotherapist", "SENCO", "teacher", "LA_officer",
		"parent",	 "tribunal_judge",  "solicitor", "other"};

	return (int)r >= 0 && r < SB_ROLE_COUNT ? names[r] : NULL;
}

const char *sb_professional_name(sb_professional p)
{
	static const char *const names[SB_PRO_COUNT] = {
		"EP", "SALT", "OT", "CAMHS", "paediatrician", "physiotherapist", "SENCO"};

	return (int)p >= 0 && p < SB_PRO_COUNT ? names[p] : NULL;
}

const char *sb_kind_name(sb_kind k)
{
	static const char *const names[SB_KIND_COUNT] = {
		"other",	 "la_decision",	   "mediation_certificate", "professional_report",
		"school_plan", "correspondence", "tribunal_document",	   "guidance"};

	return (int)k >= 0 && k < SB_KIND_COUNT ? names[k] : NULL;
}

const char *sb_area_name(sb_area a)
{
	/* SEND Code of Practice 2015 para 6.28: the four broad areas of need. */
	static const char *const names[SB_AREA_COUNT] = {
		"cognition_and_learning", "communication_and_interaction",
		"social_emotional_mental_health", "sensory_and_physical"};

	return (int)a >= 0 && a < SB_AREA_COUNT ? names[a] : NULL;
}

void sb_doc_list_init(sb_doc_list *list)
{
	memset(list, 0, sizeof(*list));
}

static void facts_release(sb_facts *f)
{
	size_t i;

	for (i = 0; i < f->ndates; i++)
		free(f->dates[i].text);
	free(f->dates);
	free(f->author);
	memset(f, 0, sizeof(*f));
}

void sb_page_release(sb_page *pg)
{
	size_t i;

	for (i = 0; i < pg->nwords; i++)
		free(pg->words[i].text);
	free(pg->words);
	free(pg->text);
	pg->words = NULL;
	pg->nwords = 0;
	pg->text = NULL;
	pg->len = 0;
}

static void doc_free(sb_doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->npages; i++)
		sb_page_release(&d->pages[i]);
	free(d->pages);
	for (i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	free(d->path);
	free(d->parent);
	free(d->title);
	free(d->meta_title);
	free(d->meta_author);
	free(d->email_from);
	free(d->email_to);
	free(d->email_subject);
	facts_release(&d->facts);
	free(d->original);
	free(d);
}

void sb_doc_list_free(sb_doc_list *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->ndocs; i++)
		doc_free(list->docs[i]);
	free(list->docs);
	for (i = 0; i < list->nerrors; i++) {
		free(list->errors[i].path);
		free(list->errors[i].reason);
		free(list->errors[i].message);
		free(list->errors[i].hint);
	}
	free(list->errors);
	sb_doc_list_init(list);
}

sb_doc *sb_doc_list_add(sb_doc_list *list, const char *path, sb_format format)
{
	sb_doc *d;

	if (list->ndocs == list->cap) {
		size_t cap = list->cap == 0 ? 16 : list->cap * 2;
		// NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
		sb_doc **grown = realloc(list->docs, cap * sizeof(*grown));

		if (grown == NULL)
			return NULL;
		list->docs = grown;
		list->cap = cap;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->path = strdup(path != NULL ? path : "");
	if (d->path == NULL) {
		free(d);
		return NULL;
	}
	d->format = format;
	list->docs[list->ndocs++] = d;
	return d;
}

int sb_doc_list_add_error(sb_doc_list *list, const char *path, const char *reason,
			  const char *message, const char *hint)
{
	sb_file_error *e;

	if (list->nerrors == list->errcap) {
		size_t cap = list->errcap == 0 ? 8 : list->errcap * 2;
		sb_file_error *grown = realloc(list->errors, cap * sizeof(*grown));

		if (grown == NULL)
			return SB_ENOMEM;
		list->errors = grown;
		list->errcap = cap;
	}
	e = &list->errors[list->nerrors];
	e->path = strdup(path != NULL ? path : "");
	e->reason = strdup(reason != NULL && reason[0] != '\0' ? reason : "unreadable");
	e->message = strdup(message != NULL ? message : "");
	e->hint = strdup(hint != NULL ? hint : "");
	if (e->path == NULL || e->reason == NULL || e->message == NULL || e->hint == NULL) {
		free(e->path);
		free(e->reason);
		free(e->message);
		free(e->hint);
		return SB_ENOMEM;
	}
	list->nerrors++;
	return SB_OK;
}

int sb_doc_list_take(sb_doc_list *dst, sb_doc_list *src)
{
	size_t i;

	for (i = 0; i < src->ndocs; i++) {
		if (dst->ndocs == dst->cap) {
			size_t cap = dst->cap == 0 ? 16 : dst->cap * 2;
			// NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
			sb_doc **grown = realloc(dst->docs, cap * sizeof(*grown));

			if (grown == NULL)
				return SB_ENOMEM;
			dst->docs = grown;
			dst->cap = cap;
		}
		dst->docs[dst->ndocs++] = src->docs[i];
		src->docs[i] = NULL;
	}
	src->ndocs = 0;
	for (i = 0; i < src->nerrors; i++) {
		sb_file_error *e = &src->errors[i];

		if (sb_doc_list_add_error(dst, e->path, e->reason, e->message, e->hint) != SB_OK)
			return SB_ENOMEM;
	}
	/* The documents moved and the errors were copied: release the rest. */
	sb_doc_list_free(src);
	return SB_OK;
}

int sb_doc_add_page(sb_doc *doc, const char *text, size_t len, sb_error *err)
{
	sb_page *grown;
	sb_page *p;

	grown = realloc(doc->pages, (doc->npages + 1) * sizeof(*grown));
	if (grown == NULL)
		return sb_error_set(err, SB_ENOMEM, doc->path, NULL, "out of memory");
	doc->pages = grown;
	p = &doc->pages[doc->npages];
	memset(p, 0, sizeof(*p));
	p->text = malloc(len + 1);
	if (p->text == NULL)
		return sb_error_set(err, SB_ENOMEM, doc->path, NULL, "out of memory");
	if (len > 0)
		memcpy(p->text, text, len);
	p->text[len] = '\0';
	p->len = len;
	p->has_text = len > 0;
	doc->npages++;
	return SB_OK;
}

int sb_doc_add_warning(sb_doc *doc, const char *fmt, ...)
{
	char **grown;
	char *text;
	va_list ap;

	va_start(ap, fmt);
	text = sb_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (text == NULL)
		return SB_ENOMEM;
	grown = realloc(doc->warnings, (doc->nwarnings + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(text);
		return SB_ENOMEM;
	}
	doc->warnings = grown;
	doc->warnings[doc->nwarnings++] = text;
	return SB_OK;
}

int sb_doc_set_string(char **field, const char *value)
{
	char *copy = NULL;

	if (value != NULL) {
		copy = strdup(value);
		if (copy == NULL)
			return SB_ENOMEM;
	}
	free(*field);
	*field = copy;
	return SB_OK;
}

/* Ranges listed in a warning about pages before "and N more". */
#define SB_PAGE_RANGES_MAX 40

static bool textless(const sb_page *pg)
{
	return !pg->has_text;
}

static bool ocr_read(const sb_page *pg)
{
	return pg->ocr && pg->has_text;
}

/* The pages that pick() chooses as "2, 5-7" (or "2, 5-7 and 3 more"), and
 * how many; NULL when out of memory, "" when none. */
static char *page_ranges(const sb_doc *doc, bool (*pick)(const sb_page *), size_t *count)
{
	sb_buf list = SB_BUF_INIT;
	size_t i = 0, ranges = 0, left = 0;
	char *out = NULL;

	*count = 0;
	while (i < doc->npages) {
		size_t j = i;

		if (!pick(&doc->pages[i])) {
			i++;
			continue;
		}
		while (j + 1 < doc->npages && pick(&doc->pages[j + 1]))
			j++;
		*count += j - i + 1;
		if (ranges == SB_PAGE_RANGES_MAX) {
			left += j - i + 1;
		} else {
			if (i == j)
				sb_buf_printf(&list, "%s%zu", ranges ? ", " : "", i + 1);
			else
				sb_buf_printf(&list, "%s%zu-%zu", ranges ? ", " : "", i + 1, j + 1);
			ranges++;
		}
		i = j + 1;
	}
	if (left > 0)
		sb_buf_printf(&list, " and %zu more", left);
	if (sb_buf_finish(&list, &out, NULL) != SB_OK)
		return NULL;
	return out;
}

int sb_doc_warn_textless(sb_doc *doc, sb_textless_why why)
{
	size_t count = 0;
	char *pages = page_ranges(doc, textless, &count);
	int rc = SB_OK;

	if (pages == NULL)
		return SB_ENOMEM;
	/* The words say what the user can do: turn OCR on, or look at the page
	 * (a photograph or a blank scan has no words for OCR to find). */
	if (count == 0)
		rc = SB_OK;
	else if (why == SB_TEXTLESS_OCR_FOUND_NOTHING && count == 1)
		rc = sb_doc_add_warning(doc,
					"page %s has no text layer and OCR found no words on it "
					"(a picture or an empty scan?)",
					pages);
	else if (why == SB_TEXTLESS_OCR_FOUND_NOTHING)
		rc = sb_doc_add_warning(doc,
					"pages %s have no text layer and OCR found no words on "
					"them (pictures or empty scans?)",
					pages);
	else if (doc->format == SB_FORMAT_IMAGE && count == 1)
		rc = sb_doc_add_warning(doc, "page %s is an image and OCR is off: its text was "
					"not read", pages);
	else if (doc->format == SB_FORMAT_IMAGE)
		rc = sb_doc_add_warning(doc, "pages %s are images and OCR is off: their text "
					"was not read", pages);
	else if (count == 1)
		rc = sb_doc_add_warning(doc, "page %s has no text layer (scanned?): it needs OCR",
					pages);
	else
		rc = sb_doc_add_warning(doc, "pages %s have no text layer (scanned?): they need OCR",
					pages);
	free(pages);
	return rc;
}

int sb_doc_warn_ocr(sb_doc *doc, float low)
{
	size_t count = 0, i, n = 0;
	char *pages = page_ranges(doc, ocr_read, &count);
	double sum = 0.0;
	int rc = SB_OK;

	if (pages == NULL)
		return SB_ENOMEM;
	for (i = 0; i < doc->npages; i++)
		if (ocr_read(&doc->pages[i])) {
			sum += (double)doc->pages[i].ocr_confidence;
			n++;
		}
	/* OCR misreads: the user is told which text came from it, so a date
	 * that matters (the decision letter's) is checked against the page. */
	if (count > 0)
		rc = sb_doc_add_warning(doc,
					"%s %s %s read by OCR (confidence %.0f%%): check dates and "
					"names against the page%s",
					count == 1 ? "page" : "pages", pages,
					count == 1 ? "was" : "were", sum / (double)n,
					count == 1 ? "" : "s");
	for (i = 0; rc == SB_OK && i < doc->npages; i++)
		if (ocr_read(&doc->pages[i]) && doc->pages[i].ocr_confidence < low)
			rc = sb_doc_add_warning(doc,
						"page %zu was hard to read (OCR confidence %.0f%%): "
						"its text may be wrong",
						i + 1, (double)doc->pages[i].ocr_confidence);
	free(pages);
	return rc;
}

void sb_doc_list_remove(sb_doc_list *list, size_t i)
{
	if (i >= list->ndocs)
		return;
	doc_free(list->docs[i]);
	// NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
	memmove(&list->docs[i], &list->docs[i + 1], (list->ndocs - i - 1) * sizeof(*list->docs));
	list->ndocs--;
}

bool sb_doc_needs_ocr(const sb_doc *doc)
{
	size_t i;

	if (doc->format != SB_FORMAT_PDF && doc->format != SB_FORMAT_IMAGE)
		return false;
	for (i = 0; i < doc->npages; i++)
		if (!doc->pages[i].has_text && !doc->pages[i].ocr)
			return true;
	return false;
}

const char *sb_ocr_field_name(sb_ocr_field f)
{
	static const char *const names[SB_OCR_FIELD_COUNT] = {
		"document_date", "author", "author_role", "kind", "professionals", "areas_of_need"};

	return (int)f >= 0 && f < SB_OCR_FIELD_COUNT ? names[f] : NULL;
}

bool sb_doc_page_ocr(const sb_doc *doc, int page)
{
	return page >= 1 && (size_t)page <= doc->npages && doc->pages[page - 1].ocr;
}

/* Whether needle appears in the text of a page read the same way (OCR'd or
 * typed) as `ocr` says. */
static bool in_pages(const sb_doc *doc, const char *needle, bool ocr)
{
	size_t i;

	for (i = 0; i < doc->npages; i++)
		if (doc->pages[i].ocr == ocr && doc->pages[i].has_text &&
		    strstr(doc->pages[i].text, needle) != NULL)
			return true;
	return false;
}

unsigned sb_doc_ocr_fields(const sb_doc *doc)
{
	const sb_facts *f = &doc->facts;
	unsigned bits = 0;
	bool ocr_text = false, any_typed = false;
	size_t i;

	for (i = 0; i < doc->npages; i++) {
		ocr_text = ocr_text || (doc->pages[i].ocr && doc->pages[i].has_text);
		any_typed = any_typed || (!doc->pages[i].ocr && doc->pages[i].has_text);
	}
	if (!ocr_text)
		return 0;
	/* The document's date: the date the extractor marked as the
	 * document's own, when it stands on an OCR'd page. */
	for (i = 0; f->has_document_date && i < f->ndates; i++)
		if (f->dates[i].role == SB_DATE_ROLE_DOCUMENT &&
		    sb_date_compare(f->dates[i].date, f->document_date) == 0 &&
		    sb_doc_page_ocr(doc, f->dates[i].page)) {
			bits |= 1u << SB_OCR_FIELD_DOCUMENT_DATE;
			break;
		}
	/* The author: a name printed on OCR'd pages and on no typed one (an
	 * e-mail's From header counts as typed). Extraction may tidy a name
	 * ("DR. A. PATEL"), so a name found nowhere as written is judged by
	 * whether the document has typed text at all. */
	if (f->author != NULL) {
		bool typed = in_pages(doc, f->author, false) ||
			     (doc->email_from != NULL && strstr(doc->email_from, f->author) != NULL) ||
			     (doc->meta_author != NULL && strcmp(doc->meta_author, f->author) == 0);
		bool seen = typed || in_pages(doc, f->author, true);

		if (!typed && (seen || !any_typed))
			bits |= 1u << SB_OCR_FIELD_AUTHOR;
	}
	/* A role without a name came from a title line: OCR'd if the document
	 * has no typed text to have found it in. */
	if (f->author_role != SB_ROLE_NONE &&
	    ((f->author == NULL && !any_typed) || (bits & (1u << SB_OCR_FIELD_AUTHOR)) != 0))
		bits |= 1u << SB_OCR_FIELD_AUTHOR_ROLE;
	if (f->kind != SB_KIND_OTHER)
		bits |= 1u << SB_OCR_FIELD_KIND;
	if (f->professionals != 0)
		bits |= 1u << SB_OCR_FIELD_PROFESSIONALS;
	if (f->areas != 0)
		bits |= 1u << SB_OCR_FIELD_AREAS;
	return bits;
}
