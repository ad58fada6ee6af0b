/*
 * sb_case: the case file, CASE_DIR/sendbundle.json (issue 4, "The case
 * file"). The user edits it by hand to correct what extraction got wrong, so
 * loading is strict and every complaint names the file, the key and what to
 * write instead: a typo must never be silently ignored ("titel" would
 * otherwise leave a wrong title in a bundle the Tribunal reads). Writing is
 * reproducible (sorted keys, no clock) and never replaces an existing file.
 */
/* renameat2(2) and RENAME_NOREPLACE are GNU extensions (see place_new). */
#define _GNU_SOURCE

#include <sendbundle/case.h>
#include <sendbundle/fileio.h>

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_text.h"
#include "sb_util.h"

/* ---- names ----------------------------------------------------------------- */

/* bundle-spec "Sections": the default scheme. */
static const char *const section_letters[SB_SECTION_COUNT] = {"A", "B", "C", "D", "E", "F"};
static const char *const section_titles[SB_SECTION_COUNT] = {
	"Appeal and Tribunal documents", "EHC plan and appendices",   "Working document",
	"Appellant's evidence",		 "Local authority's evidence", "Late evidence"};

const char *sb_section_letter(sb_section s)
{
	return (int)s >= 0 && s < SB_SECTION_COUNT ? section_letters[s] : NULL;
}

const char *sb_section_title(sb_section s)
{
	return (int)s >= 0 && s < SB_SECTION_COUNT ? section_titles[s] : NULL;
}

bool sb_section_parse(const char *name, sb_section *out)
{
	int i;

	if (name == NULL)
		return false;
	for (i = 0; i < SB_SECTION_COUNT; i++) {
		bool letter = name[0] != '\0' && name[1] == '\0' &&
			      (name[0] == section_letters[i][0] ||
			       name[0] == section_letters[i][0] - 'A' + 'a');

		if (letter || strcmp(name, section_titles[i]) == 0) {
			if (out != NULL)
				*out = (sb_section)i;
			return true;
		}
	}
	return false;
}

/* SB_ROLE_NONE is JSON null and has no name; *out is left alone when false. */
static bool role_parse(const char *name, sb_role *out)
{
	int i;

	for (i = SB_ROLE_NONE + 1; i < SB_ROLE_COUNT; i++) {
		if (strcmp(name, sb_role_name((sb_role)i)) == 0) {
			*out = (sb_role)i;
			return true;
		}
	}
	return false;
}

/* ---- the struct -------------------------------------------------------------- */

void sb_case_file_init(sb_case_file *cf)
{
	if (cf == NULL)
		return;
	memset(cf, 0, sizeof(*cf));
	cf->appeal_type = SB_APPEAL_REFUSAL_TO_ASSESS;
	cf->bundle_version = 1;
}

static void override_release(sb_case_override *ov)
{
	free(ov->source);
	free(ov->title);
	free(ov->author);
	free(ov->exclude_reason);
	memset(ov, 0, sizeof(*ov));
}

void sb_case_file_release(sb_case_file *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->noverrides; i++)
		override_release(&cf->overrides[i]);
	free(cf->overrides);
	free(cf->appeal_number);
	free(cf->child);
	free(cf->la);
	sb_case_file_init(cf);
}

const sb_case_override *sb_case_file_override(const sb_case_file *cf, const char *source)
{
	size_t i;

	if (cf == NULL || source == NULL)
		return NULL;
	for (i = 0; i < cf->noverrides; i++)
		if (cf->overrides[i].source != NULL && strcmp(cf->overrides[i].source, source) == 0)
			return &cf->overrides[i];
	return NULL;
}

/* ---- UTF-8 --------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not one (overlongs, surrogates and code points past
 * U+10FFFF refused, as jansson refuses them: RFC 3629). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	bool bad;
	size_t used = sb_utf8_step(s, n, &cp, &bad);

	return bad ? 0 : used;
}

static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n > 0) {
		size_t k = utf8_seq(p, n);

		if (k == 0)
			return false;
		p += k;
		n -= k;
	}
	return true;
}

/*
 * One line of text for the case file from anything a document supplies (a
 * file name, an e-mail subject, an extracted name): invalid bytes become
 * U+FFFD, control characters and runs of spaces one space, ends trimmed, cut
 * at a character boundary to SB_CASE_TEXT_MAX bytes. So whatever init writes,
 * load accepts. Returns NULL when out of memory; "" when nothing is left.
 */
static char *one_line(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = malloc(SB_CASE_TEXT_MAX + 1);
	size_t len = 0;
	bool space = true; /* drops leading spaces */

	if (out == NULL)
		return NULL;
	while (n > 0) {
		size_t k = utf8_seq(p, n);
		const char *piece = (const char *)p;
		size_t plen = k;

		if (k == 0) {
			piece = "\xEF\xBF\xBD";
			plen = 3;
			k = 1;
		} else if (k == 1 && (*p < 0x20 || *p == 0x7F || *p == ' ')) {
			piece = " ";
		}
		p += k;
		n -= k;
		if (piece[0] == ' ' && plen == 1) {
			if (space)
				continue;
			space = true;
		} else {
			space = false;
		}
		if (len + plen > SB_CASE_TEXT_MAX)
			break;
		memcpy(out + len, piece, plen);
		len += plen;
	}
	while (len > 0 && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	return out;
}

/* ---- loading ------------------------------------------------------------------- */

struct parser {
	const char *name; /* what messages call the file */
	sb_error *err;
};

static const char top_keys_hint[] =
	"the keys are appeal_number, appeal_type, bundle_version, certificate_date, child, "
	"decision_date, documents, hearing_date and la (schemas/case.schema.json)";
static const char doc_keys_hint[] =
	"a document's keys are source, section, title, author, author_role, date, exclude "
	"and exclude_reason (schemas/case.schema.json)";

static int fail(const struct parser *p, const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* An SB_EPARSE error "'<file>': <what>", reason "invalid". */
static int fail(const struct parser *p, const char *hint, const char *fmt, ...)
{
	char what[SB_ERROR_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	sb_error_set(p->err, SB_EPARSE, p->name, hint, "'%s': %s", p->name, what);
	return sb_error_reason(p->err, "invalid");
}

static int no_memory(const struct parser *p)
{
	return sb_error_set(p->err, SB_ENOMEM, p->name, NULL, "out of memory reading '%s'",
			    p->name);
}

static const char *type_phrase(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return "text";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
	default:
		return "null";
	}
}

/*
 * One line of text at `where`: not empty or blank, at most SB_CASE_TEXT_MAX
 * bytes, no line breaks or other control characters (a title is printed in
 * one index row and one bookmark). nullable: null is allowed (*out NULL).
 */
static int get_text(const struct parser *p, const char *where, const json_t *v, bool nullable,
		    char **out)
{
	const char *s;
	size_t len, i;
	bool blank = true;

	if (nullable && json_is_null(v))
		return SB_OK;
	if (!json_is_string(v))
		return fail(p, nullable ? "write it in double quotes, or null when not known"
					: "write it in double quotes",
			    "%s must be text%s, not %s", where, nullable ? " or null" : "",
			    type_phrase(v));
	s = json_string_value(v);
	len = json_string_length(v);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7F)
			return fail(p, "keep it on one line",
				    "%s contains a line break or other control character", where);
		if (c != ' ')
			blank = false;
	}
	if (blank)
		return fail(p, nullable ? "write the text, or null when it is not known"
					: "write the text, or leave the key out",
			    "%s is empty", where);
	if (len > SB_CASE_TEXT_MAX)
		return fail(p, "shorten it", "%s is %zu bytes long, more than the %d allowed",
			    where, len, SB_CASE_TEXT_MAX);
	*out = strdup(s);
	return *out != NULL ? SB_OK : no_memory(p);
}

/* Strictly YYYY-MM-DD: "03/04/2026" is a different day to different readers,
 * and a wrong date moves a document in the chronology, so only the one
 * unambiguous form is accepted (the hint offers it). */
static bool iso_shape(const char *s, size_t len, sb_date *d)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	if (len != sizeof(shape) - 1)
		return false;
	for (i = 0; i < len; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return false;
	}
	d->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d->month = (s[5] - '0') * 10 + (s[6] - '0');
	d->day = (s[8] - '0') * 10 + (s[9] - '0');
	return true;
}

/* A date at `where`: "YYYY-MM-DD" (*has) or null (*is_null). */
static int get_date(const struct parser *p, const char *where, const json_t *v, bool *has,
		    sb_date *out, bool *is_null)
{
	char hint[SB_ERROR_HINT_MAX];
	char iso[SB_DATE_ISO_LEN];
	const char *s;
	sb_date d, guess;
	sb_error ignored;

	if (json_is_null(v)) {
		if (is_null != NULL)
			*is_null = true;
		return SB_OK;
	}
	if (!json_is_string(v))
		return fail(p, "write dates in double quotes as YYYY-MM-DD, e.g. \"2026-12-03\"",
			    "%s must be a date written \"YYYY-MM-DD\" or null, not %s", where,
			    type_phrase(v));
	s = json_string_value(v);
	if (!iso_shape(s, json_string_length(v), &d)) {
		/* Say what the user probably meant: "14/09/2026" is 2026-09-14 here
		 * (UK order, as sb_date_parse reads it). */
		if (strlen(s) == json_string_length(v) &&
		    sb_date_parse(s, &guess, &ignored) == SB_OK)
			snprintf(hint, sizeof(hint),
				 "dates are written YYYY-MM-DD: for that date, \"%s\"",
				 sb_date_format_iso(guess, iso, sizeof(iso)));
		else
			snprintf(hint, sizeof(hint),
				 "dates are written YYYY-MM-DD, e.g. \"2026-12-03\"");
		return fail(p, hint, "%s must be a date written YYYY-MM-DD, not \"%s\"", where, s);
	}
	if (d.year < SB_DATE_MIN_YEAR || d.year > SB_DATE_MAX_YEAR)
		return fail(p, "check the year", "%s is \"%s\", outside the years %d to %d", where,
			    s, SB_DATE_MIN_YEAR, SB_DATE_MAX_YEAR);
	if (!sb_date_is_valid(d))
		return fail(p, "check the day and the month",
			    "%s is \"%s\", which is not a real date", where, s);
	*has = true;
	*out = d;
	return SB_OK;
}

static int get_source(const struct parser *p, const char *where, const json_t *v, char **out)
{
	static const char hint[] = "give the document's path relative to the case folder, as "
				   "'sendbundle scan' prints it";
	const char *s;
	size_t len;

	if (!json_is_string(v))
		return fail(p, hint, "%s must be text, not %s", where, type_phrase(v));
	s = json_string_value(v);
	len = json_string_length(v);
	if (len == 0)
		return fail(p, hint, "%s is empty", where);
	if (len > SB_CASE_SOURCE_MAX)
		return fail(p, hint, "%s is %zu bytes long, more than the %d allowed", where, len,
			    SB_CASE_SOURCE_MAX);
	/* Documents are named relative to the case folder; a full path or one
	 * that climbs out of it can never match one. */
	if (s[0] == '/' || strcmp(s, "..") == 0 || strncmp(s, "../", 3) == 0)
		return fail(p, hint, "%s is \"%s\", not a path inside the case folder", where, s);
	*out = strdup(s);
	return *out != NULL ? SB_OK : no_memory(p);
}

static int get_section(const struct parser *p, const char *where, const json_t *v,
		       sb_case_override *ov)
{
	static const char hint[] =
		"use a letter from A to F: A Appeal and Tribunal documents, B EHC plan and "
		"appendices, C Working document, D Appellant's evidence, E Local authority's "
		"evidence, F Late evidence";

	if (!json_is_string(v))
		return fail(p, hint, "%s must be a section letter, not %s", where, type_phrase(v));
	if (!sb_section_parse(json_string_value(v), &ov->section))
		return fail(p, hint, "%s is \"%s\", which is not a section", where,
			    json_string_value(v));
	ov->has_section = true;
	return SB_OK;
}

/* A profession, or null for "none shown" (has_role with SB_ROLE_NONE). */
static int get_role(const struct parser *p, const char *where, const json_t *v,
		    sb_case_override *ov)
{
	static const char hint[] =
		"use one of EP, SALT, OT, CAMHS, paediatrician, physiotherapist, SENCO, teacher, "
		"LA_officer, parent, tribunal_judge, solicitor, other, or null";

	ov->role = SB_ROLE_NONE;
	if (!json_is_null(v) && !json_is_string(v))
		return fail(p, hint, "%s must be a profession or null, not %s", where,
			    type_phrase(v));
	if (json_is_string(v) && !role_parse(json_string_value(v), &ov->role))
		return fail(p, hint, "%s is \"%s\", which is not a profession sendbundle knows",
			    where, json_string_value(v));
	ov->has_role = true;
	return SB_OK;
}

static int get_exclude(const struct parser *p, const char *where, const json_t *v,
		       sb_case_override *ov)
{
	if (!json_is_boolean(v))
		return fail(p, "write true to leave the document out, false to keep it",
			    "%s must be true or false, not %s", where, type_phrase(v));
	ov->exclude = json_is_true(v);
	return SB_OK;
}

static int read_document(const struct parser *p, json_t *entry, size_t n,
			 sb_case_override *ov)
{
	char where[SB_ERROR_MESSAGE_MAX];
	char at[SB_ERROR_MESSAGE_MAX / 2];
	json_t *v;
	const char *key;
	int rc;

	snprintf(at, sizeof(at), "documents entry %zu", n);
	if (!json_is_object(entry))
		return fail(p, "write each document as {\"source\": \"...\", ...}",
			    "%s must be an object, not %s", at, type_phrase(entry));
	v = json_object_get(entry, "source");
	if (v == NULL)
		return fail(p,
			    "give the document's path relative to the case folder, as "
			    "'sendbundle scan' prints it",
			    "%s has no \"source\"", at);
	snprintf(where, sizeof(where), "\"source\" in %s", at);
	rc = get_source(p, where, v, &ov->source);
	if (rc != SB_OK)
		return rc;
	snprintf(at, sizeof(at), "documents entry %zu (%s)", n, ov->source);
	json_object_foreach (entry, key, v) {
		snprintf(where, sizeof(where), "\"%s\" in %s", key, at);
		if (strcmp(key, "source") == 0) {
			rc = SB_OK;
		} else if (strcmp(key, "section") == 0) {
			rc = get_section(p, where, v, ov);
		} else if (strcmp(key, "title") == 0) {
			rc = get_text(p, where, v, false, &ov->title);
		} else if (strcmp(key, "author") == 0) {
			rc = get_text(p, where, v, true, &ov->author);
			ov->author_none = json_is_null(v);
		} else if (strcmp(key, "author_role") == 0) {
			rc = get_role(p, where, v, ov);
		} else if (strcmp(key, "date") == 0) {
			rc = get_date(p, where, v, &ov->has_date, &ov->date, &ov->date_unknown);
		} else if (strcmp(key, "exclude") == 0) {
			rc = get_exclude(p, where, v, ov);
		} else if (strcmp(key, "exclude_reason") == 0) {
			rc = get_text(p, where, v, false, &ov->exclude_reason);
		} else {
			rc = fail(p, doc_keys_hint, "unknown key \"%s\" in %s", key, at);
		}
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

struct source_ref {
	const char *source;
	size_t n; /* 1-based entry number */
};

static int cmp_source_ref(const void *a, const void *b)
{
	const struct source_ref *x = a, *y = b;
	int c = strcmp(x->source, y->source);

	if (c != 0)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* Two entries for one document would leave the program guessing which
 * correction the user meant. Sorted copies: O(n log n) on hostile files. */
static int check_duplicates(const struct parser *p, const sb_case_file *cf)
{
	struct source_ref *refs = NULL;
	size_t i;
	int rc = SB_OK;

	if (cf->noverrides < 2)
		return SB_OK;
	refs = malloc(cf->noverrides * sizeof(*refs));
	if (refs == NULL)
		return no_memory(p);
	for (i = 0; i < cf->noverrides; i++) {
		refs[i].source = cf->overrides[i].source;
		refs[i].n = i + 1;
	}
	qsort(refs, cf->noverrides, sizeof(*refs), cmp_source_ref);
	for (i = 1; i < cf->noverrides; i++) {
		if (strcmp(refs[i - 1].source, refs[i].source) == 0) {
			rc = fail(p, "keep one entry per document, with all its corrections",
				  "\"%s\" is listed twice in \"documents\" (entries %zu and %zu)",
				  refs[i].source, refs[i - 1].n, refs[i].n);
			break;
		}
	}
	free(refs);
	return rc;
}

static int read_documents(const struct parser *p, json_t *v, sb_case_file *cf)
{
	size_t n, i;
	int rc;

	if (!json_is_array(v))
		return fail(p, "write \"documents\": [ {...}, {...} ]",
			    "\"documents\" must be a list, not %s", type_phrase(v));
	n = json_array_size(v);
	if (n == 0)
		return SB_OK;
	cf->overrides = calloc(n, sizeof(*cf->overrides));
	if (cf->overrides == NULL)
		return no_memory(p);
	for (i = 0; i < n; i++) {
		cf->noverrides++; /* counted first, so release frees a half-read entry */
		rc = read_document(p, json_array_get(v, i), i + 1, &cf->overrides[i]);
		if (rc != SB_OK)
			return rc;
	}
	return check_duplicates(p, cf);
}

/* deadline.h's names: one vocabulary for `deadline`, `build` and this file. */
static int get_appeal_type(const struct parser *p, const char *where, const json_t *v,
			   sb_case_file *cf)
{
	static const char hint[] =
		"use one of refusal-to-assess, refusal-to-reassess, refusal-to-issue-plan, "
		"plan-contents, placement-only, refusal-to-amend, cease-plan, "
		"disability-discrimination";
	sb_error ignored;

	if (!json_is_string(v))
		return fail(p, hint, "%s must be an appeal type, not %s", where, type_phrase(v));
	if (sb_appeal_type_parse(json_string_value(v), &cf->appeal_type, &ignored) != SB_OK)
		return fail(p, hint, "%s is \"%s\", which is not an appeal type", where,
			    json_string_value(v));
	return SB_OK;
}

static int read_top(const struct parser *p, const char *key, json_t *v, sb_case_file *cf)
{
	char where[128];

	snprintf(where, sizeof(where), "\"%.100s\"", key);
	if (strcmp(key, "appeal_type") == 0)
		return get_appeal_type(p, where, v, cf);
	if (strcmp(key, "appeal_number") == 0)
		return get_text(p, where, v, true, &cf->appeal_number);
	if (strcmp(key, "child") == 0)
		return get_text(p, where, v, true, &cf->child);
	if (strcmp(key, "la") == 0)
		return get_text(p, where, v, true, &cf->la);
	if (strcmp(key, "hearing_date") == 0)
		return get_date(p, where, v, &cf->has_hearing_date, &cf->hearing_date, NULL);
	if (strcmp(key, "decision_date") == 0)
		return get_date(p, where, v, &cf->has_decision_date, &cf->decision_date, NULL);
	if (strcmp(key, "certificate_date") == 0)
		return get_date(p, where, v, &cf->has_certificate_date, &cf->certificate_date,
				NULL);
	if (strcmp(key, "bundle_version") == 0) {
		static const char hint[] = "1 for the first bundle sent, 2 for the next, and so on";
		double n;

		/* JSON Schema counts 2.0 as an integer; so does this loader. */
		if (!json_is_number(v))
			return fail(p, hint, "%s must be a whole number from 1 to %d, not %s",
				    where, SB_CASE_BUNDLE_VERSION_MAX, type_phrase(v));
		n = json_number_value(v);
		if (!(n >= 1 && n <= SB_CASE_BUNDLE_VERSION_MAX) || n != (double)(int)n)
			return fail(p, hint, "%s is %g, not a whole number from 1 to %d", where, n,
				    SB_CASE_BUNDLE_VERSION_MAX);
		cf->bundle_version = (int)n;
		return SB_OK;
	}
	if (strcmp(key, "documents") == 0)
		return read_documents(p, v, cf);
	return fail(p, top_keys_hint, "unknown key \"%s\"", key);
}

int sb_case_file_parse(const char *json, size_t len, const char *name, sb_case_file *cf,
		       sb_error *err)
{
	struct parser p = {name != NULL ? name : SB_CASE_FILE_NAME, err};
	json_t *root = NULL;
	json_error_t jerr;
	const char *key;
	json_t *v;
	int rc = SB_OK;

	if (cf == NULL || (json == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no case file given");
	sb_case_file_init(cf);
	if (len > SB_CASE_FILE_MAX) {
		rc = sb_error_set(err, SB_ERANGE, p.name, NULL,
				  "'%s' is %zu bytes, more than the %zu a case file may have",
				  p.name, len, SB_CASE_FILE_MAX);
		goto done;
	}
	root = json_loadb(json != NULL ? json : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		rc = fail(&p,
			  json_error_code(&jerr) == json_error_duplicate_key
				  ? "each key may appear once in an object: keep one of them"
				  : "check for a missing comma, quote or bracket near there",
			  "not valid JSON: line %d, column %d: %s", jerr.line, jerr.column,
			  jerr.text);
		goto done;
	}
	if (!json_is_object(root)) {
		rc = fail(&p, "the file holds one object: { \"appeal_type\": ..., ... }",
			  "the file must hold one JSON object, not %s", type_phrase(root));
		goto done;
	}
	/* Keys in file order (jansson keeps it), so the first mistake is reported. */
	json_object_foreach (root, key, v) {
		rc = read_top(&p, key, v, cf);
		if (rc != SB_OK)
			goto done;
	}
done:
	json_decref(root);
	if (rc != SB_OK)
		sb_case_file_release(cf);
	return rc;
}

int sb_case_file_load(const char *path, sb_case_file *cf, sb_error *err)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (path == NULL || cf == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no case file given");
	sb_case_file_init(cf);
	if (stat(path, &st) != 0 && errno == ENOENT) {
		sb_error_set(err, SB_EIO, path,
			     "run 'sendbundle init CASE_DIR' to write one from the folder's "
			     "documents",
			     "'%s' does not exist", path);
		return sb_error_reason(err, "missing");
	}
	rc = sb_file_read(path, SB_CASE_FILE_MAX, &data, &len, err);
	if (rc == SB_OK)
		rc = sb_case_file_parse(data, len, path, cf, err);
	free(data);
	return rc;
}

/* ---- writing ------------------------------------------------------------------- */

/* A JSON string of s, or NULL (*bad set when s is not UTF-8, else out of memory). */
static json_t *text_value(const char *s, bool *bad)
{
	if (!utf8_valid(s)) {
		*bad = true;
		return NULL;
	}
	return json_string(s);
}

static json_t *date_value(bool present, sb_date d)
{
	char iso[SB_DATE_ISO_LEN];

	return present ? json_string(sb_date_format_iso(d, iso, sizeof(iso))) : json_null();
}

/* obj[key] = value (stolen); *ok false on any failure, value NULL included. */
static void put(json_t *obj, const char *key, json_t *value, bool *ok)
{
	if (value == NULL || json_object_set_new(obj, key, value) != 0)
		*ok = false;
}

static json_t *override_json(const sb_case_override *ov, bool *ok, bool *bad)
{
	json_t *o = json_object();

	if (o == NULL) {
		*ok = false;
		return NULL;
	}
	put(o, "source", text_value(ov->source, bad), ok);
	if (ov->has_section)
		put(o, "section", json_string(sb_section_letter(ov->section)), ok);
	if (ov->title != NULL)
		put(o, "title", text_value(ov->title, bad), ok);
	if (ov->author != NULL)
		put(o, "author", text_value(ov->author, bad), ok);
	else if (ov->author_none)
		put(o, "author", json_null(), ok);
	if (ov->has_role)
		put(o, "author_role",
		    ov->role == SB_ROLE_NONE ? json_null() : json_string(sb_role_name(ov->role)),
		    ok);
	if (ov->has_date || ov->date_unknown)
		put(o, "date", date_value(ov->has_date, ov->date), ok);
	/* Always written, so the user sees the switch exists. */
	put(o, "exclude", json_boolean(ov->exclude), ok);
	if (ov->exclude_reason != NULL)
		put(o, "exclude_reason", text_value(ov->exclude_reason, bad), ok);
	return o;
}

static json_t *nullable_text(const char *s, bool *bad)
{
	return s != NULL ? text_value(s, bad) : json_null();
}

int sb_case_file_to_json(const sb_case_file *cf, char **out, sb_error *err)
{
	json_t *root = NULL, *docs = NULL;
	char *text = NULL;
	bool ok = true, bad = false;
	size_t i, len = 0;
	int rc = SB_OK;

	if (cf == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no case file given");
	*out = NULL;
	if (sb_appeal_type_name(cf->appeal_type) == NULL || cf->bundle_version < 1 ||
	    cf->bundle_version > SB_CASE_BUNDLE_VERSION_MAX)
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "the case details are out of range (appeal type %d, bundle "
				    "version %d)",
				    (int)cf->appeal_type, cf->bundle_version);
	for (i = 0; i < cf->noverrides; i++) {
		const sb_case_override *ov = &cf->overrides[i];

		if (ov->source == NULL || ov->source[0] == '\0')
			return sb_error_set(err, SB_EINVAL, NULL, NULL, "document %zu has no source",
					    i + 1);
		if (ov->has_section && sb_section_letter(ov->section) == NULL)
			return sb_error_set(err, SB_EINVAL, NULL, NULL,
					    "document %zu has section %d, which does not exist",
					    i + 1, (int)ov->section);
	}
	root = json_object();
	docs = json_array();
	if (root == NULL || docs == NULL) {
		json_decref(docs);
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	put(root, "appeal_type", json_string(sb_appeal_type_name(cf->appeal_type)), &ok);
	put(root, "appeal_number", nullable_text(cf->appeal_number, &bad), &ok);
	put(root, "hearing_date", date_value(cf->has_hearing_date, cf->hearing_date), &ok);
	put(root, "child", nullable_text(cf->child, &bad), &ok);
	put(root, "la", nullable_text(cf->la, &bad), &ok);
	put(root, "decision_date", date_value(cf->has_decision_date, cf->decision_date), &ok);
	put(root, "certificate_date", date_value(cf->has_certificate_date, cf->certificate_date),
	    &ok);
	put(root, "bundle_version", json_integer(cf->bundle_version), &ok);
	for (i = 0; i < cf->noverrides && ok; i++) {
		json_t *o = override_json(&cf->overrides[i], &ok, &bad);

		if (o == NULL || json_array_append_new(docs, o) != 0)
			ok = false;
		if (!ok && bad) {
			rc = sb_error_set(err, SB_EINVAL, NULL,
					  "rename the file so that its name is UTF-8 text (the "
					  "case file is JSON, which is always UTF-8)",
					  "document %zu ('%s') has a name or text that is not "
					  "UTF-8",
					  i + 1,
					  cf->overrides[i].source != NULL ? cf->overrides[i].source
									  : "");
			goto done;
		}
	}
	put(root, "documents", docs, &ok);
	docs = NULL; /* stolen by put */
	if (bad) {
		rc = sb_error_set(err, SB_EINVAL, NULL, NULL,
				  "the case details hold text that is not UTF-8");
		goto done;
	}
	if (!ok) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	/* Not sb_json_finish: that escapes non-ASCII (JSON_ENSURE_ASCII), and
	 * people edit this file by hand, so "Siân" must stay readable. */
	text = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(2));
	if (text != NULL) {
		len = strlen(text);
		*out = malloc(len + 2);
	}
	if (*out == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	memcpy(*out, text, len);
	(*out)[len] = '\n';
	(*out)[len + 1] = '\0';
done:
	free(text);
	json_decref(docs);
	json_decref(root);
	return rc;
}

/* ---- defaults for documents the case file does not list ------------------------ */

/*
 * Sections by kind, for a parent's own bundle (bundle-spec "Sections"):
 *  - A, Appeal and Tribunal documents: the LA's decision letter and the
 *    mediation certificate (the two documents the appeal deadline runs
 *    from), and the Tribunal's own papers (appeal form, registration
 *    letter, directions), as the spec's table lists them.
 *  - D, Appellant's evidence: professional reports and school SEN support
 *    plans (the spec's list for D); the family's correspondence, because a
 *    parent's letters (the request for an assessment, the school's replies)
 *    are their evidence of what was asked and when. Format item 6 wants
 *    e-mail threads only "when relevant to a specific issue": init says so
 *    and the user sets "exclude" on the rest. Anything unclassified also
 *    goes to D: in a parent's folder it is most likely theirs (parental
 *    views), and a document shown in the wrong section is seen and moved,
 *    while one left out silently is missed.
 *  - Guidance (the Code of Practice, an LA policy downloaded for reference)
 *    is left out: it is not evidence about the child, the Tribunal knows
 *    the law, and its pages count against the evidence limit (75 pages for
 *    refusal to assess, bundle-spec "Page limits"). If the user includes it,
 *    it goes to D.
 * E (the LA's evidence) is the LA's to file; B, C and F are chosen by hand.
 */
bool sb_case_default_section(const sb_doc *doc, sb_section *out, const char **why)
{
	sb_kind kind = doc != NULL ? doc->facts.kind : SB_KIND_OTHER;
	sb_section s = SB_SECTION_APPELLANT;
	bool in = true;

	if (why != NULL)
		*why = NULL;
	switch (kind) {
	case SB_KIND_LA_DECISION:
	case SB_KIND_MEDIATION_CERTIFICATE:
	case SB_KIND_TRIBUNAL_DOCUMENT:
		s = SB_SECTION_APPEAL;
		break;
	case SB_KIND_GUIDANCE:
		in = false;
		if (why != NULL)
			*why = "guidance, not evidence";
		break;
	case SB_KIND_PROFESSIONAL_REPORT:
	case SB_KIND_SCHOOL_PLAN:
	case SB_KIND_CORRESPONDENCE:
	case SB_KIND_OTHER:
	default:
		break;
	}
	if (out != NULL)
		*out = s;
	return in;
}

/* Report titles by the author's profession, as the reports call themselves. */
static const char *report_title(sb_role role)
{
	switch (role) {
	case SB_ROLE_EP:
		return "Educational psychology report";
	case SB_ROLE_SALT:
		return "Speech and language therapy report";
	case SB_ROLE_OT:
		return "Occupational therapy report";
	case SB_ROLE_CAMHS:
		return "CAMHS report";
	case SB_ROLE_PAEDIATRICIAN:
		return "Paediatric report";
	case SB_ROLE_PHYSIOTHERAPIST:
		return "Physiotherapy report";
	case SB_ROLE_SENCO:
		return "SENCO report";
	case SB_ROLE_TEACHER:
		return "Teacher's report";
	default:
		return NULL; /* an LA officer's or a parent's "report": its own name says more */
	}
}

/*
 * The last part of a path (an attachment's own name after its "#n/"),
 * without its extension, made readable when it is a slug: a name without
 * spaces ("review-notes-6-July-2026") has its '-' and '_' read as spaces and
 * its first letter capitalised ("Review notes 6 July 2026"). Names with
 * spaces are kept as the user wrote them ("Smith-Jones report").
 */
static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	char *stem, *folded;
	size_t i;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	stem = one_line(base, (size_t)(dot - base));
	if (stem == NULL || strchr(stem, ' ') != NULL)
		return stem;
	for (i = 0; stem[i] != '\0'; i++)
		if (stem[i] == '-' || stem[i] == '_')
			stem[i] = ' ';
	/* one_line again folds the runs of spaces "a--b" left. */
	folded = one_line(stem, strlen(stem));
	free(stem);
	stem = folded;
	if (stem != NULL && stem[0] >= 'a' && stem[0] <= 'z')
		stem[0] = (char)(stem[0] - 'a' + 'A');
	return stem;
}

/* True when s has something besides spaces and control characters. */
static bool has_text(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s > ' ' && *s != 0x7F)
			return true;
	return false;
}

char *sb_case_default_title(const sb_doc *doc)
{
	const char *fixed = NULL;
	char *title;

	if (doc == NULL)
		return strdup("Untitled document");
	switch (doc->facts.kind) {
	case SB_KIND_LA_DECISION:
		fixed = "Decision letter";
		break;
	case SB_KIND_MEDIATION_CERTIFICATE:
		fixed = "Mediation certificate";
		break;
	case SB_KIND_PROFESSIONAL_REPORT:
		fixed = report_title(doc->facts.author_role);
		break;
	case SB_KIND_SCHOOL_PLAN:
		/* IEPs, provision maps and review notes are all records of SEN
		 * support (SEND Code of Practice 2015 para 6.44: assess, plan,
		 * do, review). */
		fixed = "SEN support plan";
		break;
	case SB_KIND_CORRESPONDENCE:
		/* The subject tells the Tribunal what the e-mail is about; the
		 * author and date have their own columns. */
		if (doc->format == SB_FORMAT_EMAIL && has_text(doc->email_subject)) {
			char *joined = sb_strdup_printf("E-mail: %s", doc->email_subject);

			if (joined == NULL)
				return NULL;
			title = one_line(joined, strlen(joined));
			free(joined);
			return title;
		}
		break;
	default:
		break;
	}
	if (fixed != NULL)
		return strdup(fixed);
	/* An attachment's title is "attachment to <subject>", which says less
	 * than the attachment's own name; other documents' titles (an e-mail's
	 * subject) say more than a file name. */
	if (doc->parent == NULL && has_text(doc->title))
		return one_line(doc->title, strlen(doc->title));
	if (doc->path != NULL) {
		title = file_stem(doc->path);
		if (title == NULL || title[0] != '\0')
			return title;
		free(title);
	}
	return strdup("Untitled document");
}

/* ---- from a scan --------------------------------------------------------------- */

static int override_from_doc(const sb_doc *doc, sb_case_override *ov)
{
	const char *why = NULL;

	ov->source = strdup(doc->path);
	ov->title = sb_case_default_title(doc);
	if (ov->source == NULL || ov->title == NULL)
		return SB_ENOMEM;
	ov->has_section = true;
	ov->exclude = !sb_case_default_section(doc, &ov->section, &why);
	if (why != NULL) {
		ov->exclude_reason = strdup(why);
		if (ov->exclude_reason == NULL)
			return SB_ENOMEM;
	}
	if (doc->facts.author != NULL) {
		ov->author = one_line(doc->facts.author, strlen(doc->facts.author));
		if (ov->author == NULL)
			return SB_ENOMEM;
		if (ov->author[0] == '\0') {
			free(ov->author);
			ov->author = NULL;
		}
	}
	ov->author_none = ov->author == NULL;
	ov->has_role = true;
	ov->role = doc->facts.author_role;
	ov->has_date = doc->facts.has_document_date && sb_date_is_valid(doc->facts.document_date);
	ov->date = doc->facts.document_date;
	ov->date_unknown = !ov->has_date;
	return SB_OK;
}

/* The latest dated document of a kind: the appeal runs from the most recent
 * decision (and its certificate); init shows which document it came from. */
static void latest_date(const sb_doc_list *docs, sb_kind kind, bool *has, sb_date *out)
{
	size_t i;

	for (i = 0; i < docs->ndocs; i++) {
		const sb_facts *f = &docs->docs[i]->facts;

		if (f->kind != kind || !f->has_document_date || !sb_date_is_valid(f->document_date))
			continue;
		if (!*has || sb_date_compare(f->document_date, *out) > 0) {
			*has = true;
			*out = f->document_date;
		}
	}
}

int sb_case_file_from_scan(const sb_doc_list *docs, sb_case_file *cf, sb_error *err)
{
	size_t i;
	int rc = SB_OK;

	if (docs == NULL || cf == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no scan given");
	sb_case_file_init(cf);
	latest_date(docs, SB_KIND_LA_DECISION, &cf->has_decision_date, &cf->decision_date);
	latest_date(docs, SB_KIND_MEDIATION_CERTIFICATE, &cf->has_certificate_date,
		    &cf->certificate_date);
	if (docs->ndocs == 0)
		return SB_OK;
	cf->overrides = calloc(docs->ndocs, sizeof(*cf->overrides));
	if (cf->overrides == NULL) /* nothing is held yet: init and the dates allocate nothing */
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < docs->ndocs; i++) {
		cf->noverrides++;
		rc = override_from_doc(docs->docs[i], &cf->overrides[i]);
		if (rc != SB_OK)
			goto done;
	}
done:
	if (rc != SB_OK) {
		sb_case_file_release(cf);
		return sb_error_set(err, rc, NULL, NULL, "out of memory");
	}
	return SB_OK;
}

/* ---- writing a new case file ----------------------------------------------------- */

static int write_all(int fd, const char *p, size_t left)
{
	while (left > 0) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

static bool not_supported(int e)
{
	/* Linux gives ENOTSUP and EOPNOTSUPP the same value; other systems do not. */
	return e == EINVAL || e == ENOSYS || e == ENOTSUP ||
#if EOPNOTSUPP != ENOTSUP
	       e == EOPNOTSUPP ||
#endif
	       e == EPERM || e == EMLINK;
}

/*
 * Put the finished file tmp at path unless something is already there.
 * rename(2) would silently replace a sendbundle.json that appeared since we
 * looked (another init, the user saving an edit), so each step here fails
 * with EEXIST instead:
 *  1. renameat2(RENAME_NOREPLACE): atomic and no-clobber, on most local
 *     file systems since Linux 4.9;
 *  2. else link(2), which never replaces its target (POSIX); the caller
 *     removes tmp afterwards;
 *  3. else (FAT or exFAT drives, some network shares have neither) create
 *     path with O_CREAT|O_EXCL and write the text into it. Not atomic (a
 *     crash can leave it half-written, which load then reports), but it
 *     still never replaces anything.
 * Returns 0 or an errno value; *moved is set when tmp no longer exists.
 */
static int place_new(const char *tmp, const char *path, const char *text, bool *moved)
{
	int fd, e;

	*moved = false;
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0) {
		*moved = true;
		return 0;
	}
	if (!not_supported(errno))
		return errno;
#endif
	if (link(tmp, path) == 0)
		return 0;
	if (!not_supported(errno))
		return errno;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	if (write_all(fd, text, strlen(text)) != 0 || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(path); /* ours: O_EXCL created it */
		return e;
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(path);
		return e;
	}
	return 0;
}

static int refuse_existing(const char *path, sb_error *err)
{
	sb_error_set(err, SB_EIO, path,
		     "edit it to change the case details, or move it out of the folder and run "
		     "'sendbundle init' again to start afresh",
		     "'%s' already exists; sendbundle never overwrites it", path);
	return sb_error_reason(err, "exists");
}

char *sb_case_file_path(const char *case_dir)
{
	size_t n = case_dir != NULL ? strlen(case_dir) : 0;

	if (case_dir == NULL)
		return NULL;
	return sb_strdup_printf("%s%s%s", case_dir, n > 0 && case_dir[n - 1] == '/' ? "" : "/",
				SB_CASE_FILE_NAME);
}

/* lstat: a link named sendbundle.json, even a broken one, is not ours to
 * write through. */
static int check_new_path(const char *path, sb_error *err)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return refuse_existing(path, err);
	/* No folder (or not a folder): nothing exists there; the scan or the
	 * write that follows says what is wrong with the folder itself. */
	if (errno != ENOENT && errno != ENOTDIR)
		return sb_error_set(err, SB_EIO, path, "check that you can read the case folder",
				    "cannot write '%s': %s", path, strerror(errno));
	return SB_OK;
}

int sb_case_file_check_new(const char *case_dir, sb_error *err)
{
	char *path = sb_case_file_path(case_dir);
	int rc;

	if (path == NULL)
		return sb_error_set(err, case_dir == NULL ? SB_EINVAL : SB_ENOMEM, NULL, NULL,
				    case_dir == NULL ? "no case folder given" : "out of memory");
	rc = check_new_path(path, err);
	free(path);
	return rc;
}

int sb_case_file_write_new(const char *case_dir, const sb_case_file *cf, sb_error *err)
{
	char *path = NULL, *tmp = NULL, *text = NULL;
	bool moved = false;
	int fd = -1, e, rc;

	if (case_dir == NULL || cf == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no case folder given");
	path = sb_case_file_path(case_dir);
	if (path == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	/* Checked first so that nothing is written in vain; placing checks
	 * again at the moment the file appears. */
	rc = check_new_path(path, err);
	if (rc != SB_OK)
		goto done;
	rc = sb_case_file_to_json(cf, &text, err);
	if (text == NULL) /* set exactly when rc is SB_OK */
		goto done;
	/* The finished file has no name until linkat gives it path, which it
	 * never replaces: killed before, nothing is left in the user's folder.
	 * Where the folder cannot hold a file with no name, a private name
	 * (the scanner skips ".tmp." names) and place_new. */
	rc = sb_file_temp_unnamed(path, &tmp, &fd, err);
	if (rc != SB_OK)
		goto done;
	if (write_all(fd, text, strlen(text)) != 0) {
		rc = sb_error_set(err, SB_EIO, path, "check the free disk space",
				  "cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	if (tmp == NULL) {
		rc = sb_file_place(fd, NULL, path, false, err);
		if (rc != SB_OK && err != NULL && strcmp(err->reason, "exists") == 0)
			rc = refuse_existing(path, err);
		goto done;
	}
	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		rc = sb_error_set(err, SB_EIO, path, "check the free disk space",
				  "cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	e = place_new(tmp, path, text, &moved);
	if (e == EEXIST) {
		rc = refuse_existing(path, err);
		goto done;
	}
	if (e != 0) {
		rc = sb_error_set(err, SB_EIO, path,
				  "check that the case folder exists and that you can write to it",
				  "cannot write '%s': %s", path, strerror(e));
		goto done;
	}
done:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL && !moved)
		unlink(tmp);
	free(text);
	free(tmp);
	free(path);
	return rc;
}
