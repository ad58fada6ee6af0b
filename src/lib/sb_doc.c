/*
 * sb_doc: the document model's bookkeeping (lists, pages, warnings) and the
 * stable names every output uses for formats, kinds, roles and areas.
 */
#include <sendbundle/doc.h>

#include "sb_util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *sb_format_name(sb_format f)
{
	static const char *const names[SB_FORMAT_COUNT] = {"pdf", "docx", "text", "email",
							   "other"};

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

static void doc_free(sb_doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->npages; i++)
		free(d->pages[i].text);
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
