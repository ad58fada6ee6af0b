/*
 * Scan results for machines: JSON (schemas/scan.schema.json) and CSV for
 * spreadsheets. Partial dates ("March 2024") are kept apart from full dates
 * so no reader of the output can mistake one for a day (issue 3).
 */
#include <sendbundle/scan.h>

#include "sb_csv.h"
#include "sb_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *role_word(sb_date_role r)
{
	static const char *const words[SB_DATE_ROLE_COUNT] = {"mentioned", "document", "birth",
							       "assessment", "meeting"};

	return (int)r >= 0 && r < SB_DATE_ROLE_COUNT ? words[r] : "mentioned";
}

static json_t *string_or_null(const char *s)
{
	return s != NULL ? sb_json_text(s) : json_null();
}

static json_t *bits_array(unsigned bits, int count, const char *(*name)(int))
{
	json_t *a = json_array();
	int i;

	for (i = 0; a != NULL && i < count; i++)
		if ((bits & (1u << i)) != 0 && json_array_append_new(a, json_string(name(i))) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static const char *pro_name(int i)
{
	return sb_professional_name((sb_professional)i);
}

static const char *area_name(int i)
{
	return sb_area_name((sb_area)i);
}

static const char *ocr_field(int i)
{
	return sb_ocr_field_name((sb_ocr_field)i);
}

/* What OCR read (issue 7): its pages, their mean confidence, and the facts
 * that rest on its text. Present only for documents with OCR'd text. */
static json_t *ocr_json(const sb_doc *d)
{
	json_t *o = json_object(), *pages = json_array();
	bool ok = o != NULL && pages != NULL;
	double sum = 0.0;
	size_t i, n = 0;

	for (i = 0; ok && i < d->npages; i++) {
		if (!d->pages[i].ocr)
			continue;
		if (json_array_append_new(pages, json_integer((json_int_t)i + 1)) != 0)
			ok = false;
		if (d->pages[i].has_text) {
			sum += (double)d->pages[i].ocr_confidence;
			n++;
		}
	}
	sb_json_set(o, "pages", pages, &ok);
	/* Whole percent: Tesseract's own mean is a whole number per page. */
	sb_json_set(o, "confidence", json_integer(n > 0 ? (json_int_t)(sum / (double)n + 0.5) : 0),
		    &ok);
	sb_json_set(o, "fields",
		    bits_array(sb_doc_ocr_fields(d), SB_OCR_FIELD_COUNT, ocr_field), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *doc_json(const sb_doc *d)
{
	const sb_facts *f = &d->facts;
	json_t *o = json_object();
	json_t *dates = json_array();
	json_t *partial = json_array();
	json_t *warnings = json_array();
	bool ok = o != NULL && dates != NULL && partial != NULL && warnings != NULL;
	size_t i;

	for (i = 0; ok && i < f->ndates; i++) {
		const sb_found_date *fd = &f->dates[i];
		json_t *e = json_object();
		char value[SB_DATE_ISO_LEN];

		if (fd->precision == SB_PRECISION_DAY) {
			sb_json_set(e, "date", sb_json_date(true, fd->date), &ok);
			sb_json_set(e, "role", json_string(role_word(fd->role)), &ok);
		} else {
			if (fd->precision == SB_PRECISION_MONTH)
				snprintf(value, sizeof(value), "%04d-%02d", fd->date.year,
					 fd->date.month);
			else
				snprintf(value, sizeof(value), "%04d", fd->date.year);
			sb_json_set(e, "value", json_string(value), &ok);
			sb_json_set(e, "precision",
				    json_string(fd->precision == SB_PRECISION_MONTH ? "month"
										      : "year"),
				    &ok);
		}
		sb_json_set(e, "text", sb_json_text(fd->text), &ok);
		sb_json_set(e, "page", json_integer(fd->page), &ok);
		/* Only where true, so the output of typed documents is as it was. */
		if (sb_doc_page_ocr(d, fd->page))
			sb_json_set(e, "ocr", json_true(), &ok);
		if (e == NULL ||
		    json_array_append_new(fd->precision == SB_PRECISION_DAY ? dates : partial, e) != 0)
			ok = false;
	}
	for (i = 0; ok && i < d->nwarnings; i++)
		if (json_array_append_new(warnings, sb_json_text(d->warnings[i])) != 0)
			ok = false;
	sb_json_set(o, "path", sb_json_text(d->path), &ok);
	sb_json_set(o, "format", json_string(sb_format_name(d->format)), &ok);
	sb_json_set(o, "kind", json_string(sb_kind_name(f->kind)), &ok);
	sb_json_set(o, "document_date", sb_json_date(f->has_document_date, f->document_date), &ok);
	sb_json_set(o, "document_date_source",
		    string_or_null(f->has_document_date ? f->document_date_source : NULL), &ok);
	sb_json_set(o, "dates", dates, &ok);
	sb_json_set(o, "partial_dates", partial, &ok);
	sb_json_set(o, "author", string_or_null(f->author), &ok);
	sb_json_set(o, "author_role", string_or_null(sb_role_name(f->author_role)), &ok);
	sb_json_set(o, "professionals", bits_array(f->professionals, SB_PRO_COUNT, pro_name), &ok);
	sb_json_set(o, "areas_of_need", bits_array(f->areas, SB_AREA_COUNT, area_name), &ok);
	sb_json_set(o, "pages", json_integer((json_int_t)d->npages), &ok);
	sb_json_set(o, "size", json_integer((json_int_t)d->size), &ok);
	sb_json_set(o, "sha256", json_string(d->sha256), &ok);
	sb_json_set(o, "title", string_or_null(d->title), &ok);
	sb_json_set(o, "parent", string_or_null(d->parent), &ok);
	sb_json_set(o, "warnings", warnings, &ok);
	if (ok && sb_doc_ocr_fields(d) != 0)
		sb_json_set(o, "ocr", ocr_json(d), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int sb_scan_to_json(const sb_doc_list *list, char **out, sb_error *err)
{
	json_t *root = json_object();
	json_t *docs = json_array();
	json_t *errors = json_array();
	bool ok = root != NULL && docs != NULL && errors != NULL;
	size_t i;

	if (list == NULL || out == NULL) {
		json_decref(root);
		json_decref(docs);
		json_decref(errors);
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no scan to write");
	}
	for (i = 0; ok && i < list->ndocs; i++) {
		json_t *d = doc_json(list->docs[i]);

		if (d == NULL || json_array_append_new(docs, d) != 0)
			ok = false;
	}
	for (i = 0; ok && i < list->nerrors; i++) {
		const sb_file_error *e = &list->errors[i];
		json_t *o = json_object();

		sb_json_set(o, "path", sb_json_text(e->path), &ok);
		sb_json_set(o, "code", json_string(e->reason), &ok);
		sb_json_set(o, "message", sb_json_text(e->message), &ok);
		sb_json_set(o, "hint", sb_json_text(e->hint), &ok);
		if (o == NULL || json_array_append_new(errors, o) != 0)
			ok = false;
	}
	sb_json_set(root, "documents", docs, &ok);
	sb_json_set(root, "errors", errors, &ok);
	if (!ok) {
		json_decref(root);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	return sb_json_finish(root, out, err);
}

/* ---- CSV --------------------------------------------------------------- */

static void bits_field(sb_buf *b, unsigned bits, int count, const char *(*name)(int))
{
	char joined[512];
	size_t len = 0;
	int i;

	joined[0] = '\0';
	for (i = 0; i < count; i++) {
		if ((bits & (1u << i)) == 0)
			continue;
		len += (size_t)snprintf(joined + len, sizeof(joined) - len, "%s%s",
					len > 0 ? ";" : "", name(i));
		if (len >= sizeof(joined))
			break;
	}
	sb_csv_field(b, joined, false);
}

int sb_scan_to_csv(const sb_doc_list *list, char **out, sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	size_t i, w;

	if (list == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no scan to write");
	*out = NULL;
	sb_buf_puts(&b, "path,status,format,kind,document_date,author,author_role,professionals,"
			"areas_of_need,pages,dates,sha256,notes\r\n");
	for (i = 0; i < list->ndocs; i++) {
		const sb_doc *d = list->docs[i];
		const sb_facts *f = &d->facts;
		char iso[SB_DATE_ISO_LEN], pages[32], *notes = NULL, *dates = NULL;
		size_t nlen = 0, dlen = 0, k, at, n;

		sb_csv_field(&b, d->path, false);
		sb_csv_field(&b, "read", false);
		sb_csv_field(&b, sb_format_name(d->format), false);
		sb_csv_field(&b, sb_kind_name(f->kind), false);
		sb_csv_field(&b, f->has_document_date ? sb_date_format_iso(f->document_date, iso,
								    sizeof(iso))
					       : "",
		      false);
		sb_csv_field(&b, f->author, false);
		sb_csv_field(&b, sb_role_name(f->author_role), false);
		bits_field(&b, f->professionals, SB_PRO_COUNT, pro_name);
		bits_field(&b, f->areas, SB_AREA_COUNT, area_name);
		snprintf(pages, sizeof(pages), "%zu", d->npages);
		sb_csv_field(&b, pages, false);
		/* Every full date, ISO, separated by ";": each takes at most
		 * SB_DATE_ISO_LEN with its separator, and calloc's zeros end the
		 * string, as they do the notes below. */
		for (k = 0; k < f->ndates; k++)
			if (f->dates[k].precision == SB_PRECISION_DAY)
				dlen += SB_DATE_ISO_LEN;
		dates = calloc(1, dlen + 1);
		for (k = 0, at = 0; dates != NULL && k < f->ndates; k++) {
			if (f->dates[k].precision != SB_PRECISION_DAY)
				continue;
			if (at > 0)
				dates[at++] = ';';
			n = strlen(sb_date_format_iso(f->dates[k].date, iso, sizeof(iso)));
			memcpy(dates + at, iso, n);
			at += n;
		}
		if (dates == NULL)
			b.failed = true;
		sb_csv_field(&b, dates, false);
		free(dates);
		sb_csv_field(&b, d->sha256, false);
		for (w = 0; w < d->nwarnings; w++)
			nlen += strlen(d->warnings[w]) + 2;
		notes = calloc(1, nlen + 1);
		for (w = 0, at = 0; notes != NULL && w < d->nwarnings; w++) {
			if (w > 0) {
				notes[at++] = ';';
				notes[at++] = ' ';
			}
			n = strlen(d->warnings[w]);
			memcpy(notes + at, d->warnings[w], n);
			at += n;
		}
		if (notes == NULL)
			b.failed = true;
		sb_csv_field(&b, notes, true);
		free(notes);
	}
	for (i = 0; i < list->nerrors; i++) {
		const sb_file_error *e = &list->errors[i];
		int c;

		sb_csv_field(&b, e->path, false);
		sb_csv_field(&b, e->reason, false);
		for (c = 0; c < 10; c++)
			sb_csv_field(&b, "", false);
		sb_csv_field(&b, e->message, true);
	}
	return sb_buf_finish(&b, out, err);
}
