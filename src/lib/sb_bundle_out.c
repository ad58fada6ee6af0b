/*
 * The bundle's index and chronology for machines and spreadsheets (JSON,
 * CSV), and the names of the files in the zip (issue 4, "The zip"). All of
 * it comes from the page plan, so no page number here can disagree with a
 * stamp; the HTML pages are in sb_bundle_html.c.
 */
#include "sb_bundle_out_internal.h"

#include "sb_buf.h"
#include "sb_csv.h"
#include "sb_json.h"
#include "sb_text.h"
#include "sb_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared with sb_bundle_html.c ---- */

int sb_bundle_check_plan(const sb_plan *p, sb_error *err)
{
	size_t i;

	if (p == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no page plan");
	for (i = 0; i < p->nentries; i++) {
		const sb_plan_entry *e = &p->entries[i];

		if ((int)e->section < 0 || e->section >= SB_SECTION_COUNT || e->title == NULL ||
		    e->source == NULL || e->first_page < 1 || e->last_page < e->first_page ||
		    e->last_page > p->total_pages || (e->has_date && !sb_date_is_valid(e->date)))
			return sb_error_set(err, SB_EINVAL, e->source, NULL,
					    "page plan entry %zu is inconsistent (a bug)", i + 1);
	}
	for (i = 0; i < p->nexcluded; i++)
		if (p->excluded[i].source == NULL || p->excluded[i].reason == NULL)
			return sb_error_set(err, SB_EINVAL, NULL, NULL,
					    "excluded file %zu has no name or reason (a bug)",
					    i + 1);
	return SB_OK;
}

char *sb_bundle_clean(const char *s)
{
	char *out = NULL;

	if (s == NULL)
		s = "";
	/* The readers give UTF-8 already; this only guards the outputs
	 * (jansson refuses bad UTF-8, HTML shows it as garbage). */
	if (sb_text_decode((const unsigned char *)s, strlen(s), "UTF-8", SIZE_MAX - 1, &out, NULL,
			   NULL) != SB_OK)
		return NULL;
	return out;
}

struct chron_key {
	size_t index;
	sb_date date;
};

static int chron_cmp(const void *a, const void *b)
{
	const struct chron_key *x = a, *y = b;
	int c = sb_date_compare(x->date, y->date);

	if (c != 0)
		return c;
	/* Same day: bundle order, so the result never depends on qsort. */
	return x->index < y->index ? -1 : x->index > y->index;
}

int sb_bundle_chron_order(const sb_plan *p, size_t **order, size_t *n, sb_error *err)
{
	struct chron_key *keys = NULL;
	size_t *idx = NULL;
	size_t i, k = 0;
	int rc = SB_OK;

	*order = NULL;
	*n = 0;
	rc = sb_bundle_check_plan(p, err);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < p->nentries; i++)
		if (p->entries[i].has_date)
			k++;
	if (k == 0)
		return SB_OK;
	keys = calloc(k, sizeof(*keys));
	idx = calloc(k, sizeof(*idx));
	if (keys == NULL || idx == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	k = 0;
	for (i = 0; i < p->nentries; i++)
		if (p->entries[i].has_date) {
			keys[k].index = i;
			keys[k].date = p->entries[i].date;
			k++;
		}
	qsort(keys, k, sizeof(*keys), chron_cmp);
	for (i = 0; i < k; i++)
		idx[i] = keys[i].index;
	*order = idx;
	*n = k;
	idx = NULL;
done:
	free(keys);
	free(idx);
	return rc;
}

const char *sb_bundle_key_note(const sb_plan_entry *e)
{
	if (e->doc == NULL)
		return NULL;
	/* HESC Rules r.20(1)(c): the notice of appeal is due by the later of 2
	 * months after the decision was sent and 1 month after the mediation
	 * certificate was issued. */
	switch (e->doc->facts.kind) {
	case SB_KIND_LA_DECISION:
		return "Key date: the appeal deadline is 2 months after this decision was sent "
		       "(HESC Rules r.20(1)(c)(i)).";
	case SB_KIND_MEDIATION_CERTIFICATE:
		return "Key date: the appeal deadline is 1 month after this certificate was "
		       "issued, if that is later (HESC Rules r.20(1)(c)(ii)).";
	default:
		return NULL;
	}
}

const char *sb_bundle_doc_ref(const sb_plan_entry *e, char *buf, size_t size)
{
	snprintf(buf, size, "%s%u", sb_section_letter(e->section), e->tab);
	return buf;
}

/* ---- JSON ---- */

/* A JSON string of s made valid UTF-8, or null for NULL when nullable. */
static json_t *jstr(const char *s, bool nullable)
{
	char *clean;
	json_t *j;

	if (s == NULL && nullable)
		return json_null();
	clean = sb_bundle_clean(s);
	if (clean == NULL)
		return NULL;
	j = json_string(clean);
	free(clean);
	return j;
}

static json_t *index_entry_json(const sb_plan_entry *e)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	sb_json_set(o, "section", json_string(sb_section_letter(e->section)), &ok);
	sb_json_set(o, "tab", json_integer((json_int_t)e->tab), &ok);
	sb_json_set(o, "title", jstr(e->title, false), &ok);
	sb_json_set(o, "author", jstr(e->author, true), &ok);
	sb_json_set(o, "author_role", jstr(sb_role_name(e->author_role), true), &ok);
	sb_json_set(o, "date", sb_json_date(e->has_date, e->date), &ok);
	sb_json_set(o, "first_page", json_integer((json_int_t)e->first_page), &ok);
	sb_json_set(o, "last_page", json_integer((json_int_t)e->last_page), &ok);
	sb_json_set(o, "source", jstr(e->source, false), &ok);
	sb_json_set(o, "sha256", json_string(e->sha256), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int sb_bundle_index_to_json(const sb_plan *p, char **out, sb_error *err)
{
	json_t *root = NULL, *docs = NULL, *excluded = NULL;
	bool ok;
	size_t i;
	int rc;

	*out = NULL;
	rc = sb_bundle_check_plan(p, err);
	if (rc != SB_OK)
		return rc;
	root = json_object();
	docs = json_array();
	excluded = json_array();
	ok = root != NULL && docs != NULL && excluded != NULL;
	for (i = 0; ok && i < p->nentries; i++)
		if (json_array_append_new(docs, index_entry_json(&p->entries[i])) != 0)
			ok = false;
	for (i = 0; ok && i < p->nexcluded; i++) {
		json_t *o = json_object();

		sb_json_set(o, "source", jstr(p->excluded[i].source, false), &ok);
		sb_json_set(o, "reason", jstr(p->excluded[i].reason, false), &ok);
		if (json_array_append_new(excluded, o) != 0)
			ok = false;
	}
	sb_json_set(root, "total_pages", json_integer((json_int_t)p->total_pages), &ok);
	sb_json_set(root, "documents", docs, &ok);
	sb_json_set(root, "excluded", excluded, &ok);
	if (!ok) {
		json_decref(root);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	return sb_json_finish(root, out, err);
}

static json_t *chron_event_json(const sb_plan_entry *e)
{
	json_t *o = json_object();
	const char *note = sb_bundle_key_note(e);
	char ref[32];
	bool ok = o != NULL;

	sb_json_set(o, "date", sb_json_date(true, e->date), &ok);
	sb_json_set(o, "event", jstr(e->title, false), &ok);
	sb_json_set(o, "document", json_string(sb_bundle_doc_ref(e, ref, sizeof(ref))), &ok);
	sb_json_set(o, "section", json_string(sb_section_letter(e->section)), &ok);
	sb_json_set(o, "tab", json_integer((json_int_t)e->tab), &ok);
	sb_json_set(o, "author", jstr(e->author, true), &ok);
	sb_json_set(o, "author_role", jstr(sb_role_name(e->author_role), true), &ok);
	sb_json_set(o, "page", json_integer((json_int_t)e->first_page), &ok);
	sb_json_set(o, "key", json_boolean(note != NULL), &ok);
	sb_json_set(o, "note", jstr(note, true), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int sb_bundle_chronology_to_json(const sb_plan *p, char **out, sb_error *err)
{
	json_t *root = NULL, *events = NULL;
	size_t *order = NULL;
	size_t n = 0, i;
	bool ok;
	int rc;

	*out = NULL;
	rc = sb_bundle_chron_order(p, &order, &n, err);
	if (rc != SB_OK)
		return rc;
	root = json_object();
	events = json_array();
	ok = root != NULL && events != NULL;
	for (i = 0; ok && i < n; i++)
		if (json_array_append_new(events, chron_event_json(&p->entries[order[i]])) != 0)
			ok = false;
	sb_json_set(root, "events", events, &ok);
	free(order);
	if (!ok) {
		json_decref(root);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	return sb_json_finish(root, out, err);
}

/* ---- CSV ---- */

/* A CSV field of s made valid UTF-8. */
static void csv_clean(sb_buf *b, const char *s, bool last)
{
	char *clean = sb_bundle_clean(s);

	if (clean == NULL)
		b->failed = true;
	sb_csv_field(b, clean, last);
	free(clean);
}

int sb_bundle_index_to_csv(const sb_plan *p, char **out, sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	size_t i;
	int rc;

	*out = NULL;
	rc = sb_bundle_check_plan(p, err);
	if (rc != SB_OK)
		return rc;
	sb_buf_puts(&b, "Section,Tab,Title,Author (profession),Date,First page,Last page,Source,"
			"SHA-256\r\n");
	for (i = 0; i < p->nentries; i++) {
		const sb_plan_entry *e = &p->entries[i];
		char tab[16], date[SB_DATE_ISO_LEN], first[32], last[32];
		char *author = sb_plan_author_label(e);

		if (author == NULL)
			b.failed = true;
		snprintf(tab, sizeof(tab), "%u", e->tab);
		sb_csv_field(&b, sb_section_letter(e->section), false);
		sb_csv_field(&b, tab, false);
		csv_clean(&b, e->title, false);
		csv_clean(&b, author, false);
		/* bundle-spec: undated documents say "Undated". */
		sb_csv_field(&b, e->has_date ? sb_date_format_iso(e->date, date, sizeof(date))
					     : "Undated",
			     false);
		sb_csv_field(&b, sb_plan_page_label(p, e->first_page, first, sizeof(first)), false);
		sb_csv_field(&b, sb_plan_page_label(p, e->last_page, last, sizeof(last)), false);
		csv_clean(&b, e->source, false);
		sb_csv_field(&b, e->sha256, true);
		free(author);
	}
	return sb_buf_finish(&b, out, err);
}

int sb_bundle_chronology_to_csv(const sb_plan *p, char **out, sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	size_t *order = NULL;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	rc = sb_bundle_chron_order(p, &order, &n, err);
	if (rc != SB_OK)
		return rc;
	sb_buf_puts(&b, "Date,Event,Document,Author (profession),Bundle page,Note\r\n");
	for (i = 0; i < n; i++) {
		const sb_plan_entry *e = &p->entries[order[i]];
		char date[SB_DATE_ISO_LEN], ref[32], page[32];
		char *author = sb_plan_author_label(e);

		if (author == NULL)
			b.failed = true;
		sb_csv_field(&b, sb_date_format_iso(e->date, date, sizeof(date)), false);
		csv_clean(&b, e->title, false);
		sb_csv_field(&b, sb_bundle_doc_ref(e, ref, sizeof(ref)), false);
		csv_clean(&b, author, false);
		sb_csv_field(&b, sb_plan_page_label(p, e->first_page, page, sizeof(page)), false);
		sb_csv_field(&b, sb_bundle_key_note(e), true);
		free(author);
	}
	free(order);
	return sb_buf_finish(&b, out, err);
}

/* ---- names in the zip ---- */

int sb_bundle_pdf_name(const sb_case_file *cf, char **out, sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	char iso[SB_DATE_ISO_LEN];
	size_t kept = 0;

	*out = NULL;
	sb_buf_puts(&b, "bundle");
	if (cf != NULL && cf->appeal_number != NULL) {
		const unsigned char *s = (const unsigned char *)cf->appeal_number;
		bool dash = true; /* after "bundle": no dash yet, none to collapse */

		/* Keep [A-Za-z0-9_]; every other run (dots and dashes too)
		 * becomes one '-', so "EH881/26/00117" gives "EH881-26-00117" and
		 * nothing can make a hidden name or "..". Capped so a pasted
		 * paragraph cannot make a name the system refuses. */
		for (; *s != '\0' && kept < 64; s++) {
			bool keep = (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
				    (*s >= '0' && *s <= '9') || *s == '_';

			if (keep) {
				if (dash || kept == 0)
					sb_buf_put(&b, "-", 1);
				sb_buf_put(&b, (const char *)s, 1);
				kept++;
				dash = false;
			} else if (kept > 0) {
				dash = true;
			}
		}
	}
	if (cf != NULL && cf->has_hearing_date && sb_date_is_valid(cf->hearing_date))
		sb_buf_printf(&b, "-hearing-%s",
			      sb_date_format_iso(cf->hearing_date, iso, sizeof(iso)));
	if (cf != NULL && cf->bundle_version > 1)
		sb_buf_printf(&b, "-v%d", cf->bundle_version);
	sb_buf_puts(&b, ".pdf");
	return sb_buf_finish(&b, out, err);
}

/* Bytes in the UTF-8 sequence led by c (the text is valid: sb_bundle_clean). */
static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The code point of a valid sequence of n bytes. */
static unsigned long code_point(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned long cp = s[0] & lead_mask[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3Fu);
	return cp;
}

/* What a character becomes in a file name: 0 itself, ' ' or '_'. */
static char name_replacement(unsigned long cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' ||
	    cp == 0x2028 || cp == 0x2029)
		return ' ';
	/* Separators and the characters Windows refuses. */
	if (cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?' || cp == '"' ||
	    cp == '<' || cp == '>' || cp == '|')
		return '_';
	/* Control characters, and the direction marks and overrides that can
	 * make "report\u202Efdp.exe" look like "reportexe.pdf". */
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
		return '_';
	return 0;
}

/* The title as a safe file name part (see sb_bundle_original_name). */
static void put_safe_title(sb_buf *b, const char *clean)
{
	const unsigned char *s = (const unsigned char *)clean;
	size_t start = b->len, keep_len = b->len;
	bool space = false;

	while (*s != '\0' && !b->failed) {
		size_t n = seq_len(*s);
		char r = name_replacement(code_point(s, n));

		/* No leading dots (hidden files, "..") or spaces. */
		if (b->len == start && *s == '.') {
			s++;
			continue;
		}
		if (r == ' ') {
			space = b->len > start;
			s += n;
			continue;
		}
		/* Runs of white space become one space; stop before the cap. */
		if (b->len - start + (space ? 1 : 0) + n > SB_BUNDLE_NAME_MAX)
			break;
		if (space)
			sb_buf_put(b, " ", 1);
		space = false;
		if (r != 0)
			sb_buf_put(b, &r, 1);
		else
			sb_buf_put(b, (const char *)s, n);
		s += n;
		if (b->s != NULL && b->s[b->len - 1] != '.')
			keep_len = b->len;
	}
	/* No trailing dots or spaces (Windows drops them and then names
	 * collide); nothing was put after the last other character. */
	if (!b->failed && b->s != NULL) {
		b->len = keep_len;
		b->s[b->len] = '\0';
	}
	if (!b->failed && b->len == start)
		sb_buf_puts(b, "Untitled");
}

/* The extension of the source's own name: lower-case letters and digits,
 * at most 10 of them, or "" when it has none. */
static void source_ext(const char *source, char ext[12])
{
	const char *base = strrchr(source, '/');
	const char *dot;
	size_t n = 0;

	ext[0] = '\0';
	base = base != NULL ? base + 1 : source;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return;
	for (dot++; *dot != '\0'; dot++) {
		char c = *dot;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) || n >= 10) {
			ext[0] = '\0';
			return;
		}
		ext[n++] = c;
	}
	ext[n] = '\0';
}

/* A byte that is part of a word: ASCII letters and digits, and every byte
 * of a UTF-8 sequence (names such as "Zoë" or "Siân"). */
static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* In s (changed in place, never longer), each whole-word occurrence of a
 * word of child, any ASCII case, cut to its first letter and a dot. */
static void shorten_child(char *s, const char *child)
{
	const unsigned char *w = (const unsigned char *)child;

	while (w != NULL && *w != '\0') {
		size_t wl = 0, i;

		while (*w != '\0' && !word_byte(*w))
			w++;
		while (word_byte(w[wl]))
			wl++;
		/* Initials ("R", "RM") are already short: leave them. */
		for (i = 0; wl >= 2 && s[i] != '\0'; i++) {
			size_t k = 0;

			if (i > 0 && word_byte((unsigned char)s[i - 1]))
				continue;
			while (k < wl && s[i + k] != '\0' &&
			       ascii_lower((unsigned char)s[i + k]) == ascii_lower(w[k]))
				k++;
			if (k < wl || word_byte((unsigned char)s[i + wl]))
				continue;
			/* First character (one UTF-8 sequence), then ".". */
			k = seq_len((unsigned char)s[i]);
			if (k + 1 > wl)
				continue;
			s[i + k] = '.';
			memmove(s + i + k + 1, s + i + wl, strlen(s + i + wl) + 1);
		}
		w += wl;
	}
}

int sb_bundle_original_name(const sb_plan_entry *e, const char *child, char **out,
			    sb_error *err)
{
	sb_buf b = SB_BUF_INIT;
	char *clean = NULL;
	char ext[12];

	*out = NULL;
	if (e == NULL || e->source == NULL || (int)e->section < 0 || e->section >= SB_SECTION_COUNT)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no document to name");
	clean = sb_bundle_clean(e->title);
	if (clean == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	shorten_child(clean, child);
	source_ext(e->source, ext);
	sb_buf_printf(&b, "originals/%s/%u ", sb_section_letter(e->section), e->tab);
	put_safe_title(&b, clean);
	if (ext[0] != '\0')
		sb_buf_printf(&b, ".%s", ext);
	free(clean);
	return sb_buf_finish(&b, out, err);
}
