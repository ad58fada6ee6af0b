/*
 * sb_reader_eml: e-mail (.eml, RFC 5322 + MIME) through GMime 3.2.
 *
 * The e-mail becomes one document: a short header block (From, To, Date,
 * Subject) and its text body. Each attachment is read again through
 * sb_read_buffer as its own document, "<mail>#<n>/<file name>", with the
 * e-mail as its parent, so a report sent by e-mail is found, dated and
 * indexed like any other (issue 3, "Readers").
 *
 * GLib and GMime stay inside this file (docs/style.md rule 6): their errors
 * become int + sb_error here. g_mime_init runs once under pthread_once and
 * g_mime_shutdown never runs, because other threads may be reading e-mails.
 * Note GLib aborts when an allocation fails; nothing here can change that.
 *
 * Everything is bounded (docs/libraries.md, GMime): parts walked
 * (max_mime_parts), nesting of multiparts (max_mime_depth; GMime itself
 * stops at 1024) and of attached e-mails (depth), and decoded bytes across
 * the e-mail and its attachments (max_decoded).
 */
#include "sb_text.h"
#include "sb_util.h"

#include <sendbundle/reader.h>

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file name longer than this (bytes) is cut, at a character boundary. */
#define NAME_MAX_BYTES 200

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_init_once(void)
{
	g_mime_init();
}

/* ---- a growing string ---- */

struct str {
	char *s;
	size_t len;
	size_t cap;
};

static int str_add(struct str *b, const char *s, size_t n)
{
	/* Room for n bytes and the NUL, tested without a sum that could wrap;
	 * s is NULL exactly when cap is 0. */
	if (b->s == NULL || n >= b->cap - b->len) {
		size_t need, cap = b->cap < 256 ? 256 : b->cap;
		char *grown;

		if (n > SIZE_MAX - 1 - b->len)
			return SB_ENOMEM;
		need = b->len + n + 1;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		grown = realloc(b->s, cap);
		if (grown == NULL)
			return SB_ENOMEM;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return SB_OK;
}

static int str_addz(struct str *b, const char *s)
{
	return str_add(b, s, strlen(s));
}

/* ---- one e-mail being read ---- */

struct eml {
	const char *path;
	const sb_read_limits *lim;
	sb_doc *doc;
	sb_doc_list *out;
	sb_error *err;
	struct str body;
	int parts;           /* MIME parts walked */
	int attachments;     /* attachments numbered so far */
	size_t decoded;      /* bytes decoded from parts and attachments */
	bool stop;           /* the part cap was reached: walk no further */
	bool warned_depth;
	bool warned_decoded;
	bool nesting_overflow; /* GMime's own nesting limit was hit */
	bool encrypted_warned;
};

/* GMime's parser reports problems here; only its nesting stop matters to the
 * user (the rest are recovered from, and the text shows what was read). */
static void on_parser_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
			      gpointer data)
{
	struct eml *e = data;

	(void)offset;
	(void)item;
	if (code == GMIME_CRIT_NESTING_OVERFLOW)
		e->nesting_overflow = true;
}

static int oom(struct eml *e)
{
	return sb_error_set(e->err, SB_ENOMEM, e->path, NULL, "out of memory reading '%s'",
			    e->path);
}

/*
 * A header value as one clean line: valid UTF-8 (a raw 8-bit header that
 * GMime could not convert is decoded again here), control characters as spaces,
 * runs of spaces folded, trimmed. NULL for NULL or an empty result.
 */
static char *clean_line(const char *value, int *rc)
{
	char *text = NULL, *w;
	const char *r;
	size_t n = 0;

	*rc = SB_OK;
	if (value == NULL)
		return NULL;
	*rc = sb_text_decode((const unsigned char *)value, strlen(value), NULL, (size_t)1 << 20,
			     &text, &n, NULL);
	if (*rc != SB_OK) {
		*rc = *rc == SB_ERANGE ? SB_OK : *rc; /* an absurd header is dropped */
		return NULL;
	}
	w = text;
	for (r = text; *r != '\0'; r++) {
		unsigned char c = (unsigned char)*r;

		if (c < 0x20 || c == 0x7F)
			c = ' ';
		if (c == ' ' && (w == text || w[-1] == ' '))
			continue;
		*w++ = (char)c;
	}
	while (w > text && w[-1] == ' ')
		w--;
	*w = '\0';
	if (w == text) {
		free(text);
		return NULL;
	}
	return text;
}

static char *address_list(InternetAddressList *list, int *rc)
{
	char *raw, *clean;

	*rc = SB_OK;
	if (list == NULL || internet_address_list_length(list) == 0)
		return NULL;
	raw = internet_address_list_to_string(list, NULL, FALSE);
	clean = clean_line(raw, rc);
	g_free(raw);
	return clean;
}

/* ---- dates: the UK day an e-mail was sent ---- */

static long floor_div(gint64 a, long b)
{
	gint64 q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return (long)q;
}

/* The day of the month of the Sunday on or after day d of month m. */
static int sunday_on_or_after(int year, int month, int day)
{
	sb_date d = {year, month, day};

	return day + (7 - sb_date_weekday(d)) % 7;
}

/*
 * Whether UTC time t (in UTC year `year`) falls in British Summer Time. From
 * the tz database's GB-Eire rules: BST starts on the last Sunday of March at
 * 01:00 UTC and ends at 01:00 UTC on the last Sunday of October since 1996
 * (Summer Time Order 2002, EU Directive 2000/84/EC), on the Sunday on or after
 * 22 October in 1990-1995 and on or after 23 October in 1981-1989. Earlier
 * years use the 1981 rule; no e-mail in a SEND case is that old.
 */
static bool london_summer(gint64 t, int year)
{
	sb_date start = {year, 3, 0}, end = {year, 10, 0};
	gint64 s, e;

	start.day = 31 - sb_date_weekday((sb_date){year, 3, 31}) % 7;
	if (year >= 1996)
		end.day = 31 - sb_date_weekday((sb_date){year, 10, 31}) % 7;
	else
		end.day = sunday_on_or_after(year, 10, year >= 1990 ? 22 : 23);
	s = (gint64)sb_date_to_days(start) * 86400 + 3600;
	e = (gint64)sb_date_to_days(end) * 86400 + 3600;
	return t >= s && t < e;
}

/*
 * Seconds since 1970 (UTC) to the date and time in Europe/London. The
 * Tribunal counts UK days (HESC Rules r.12), so an e-mail sent at 23:30 in
 * California on 12 March arrived on 13 March here. Computed, not through
 * localtime_r: that needs TZ set in the environment, which is process-wide
 * and not safe while other threads read files.
 */
static bool london_time(gint64 t, sb_date *date, int *hour, int *minute)
{
	long days;
	gint64 secs;
	sb_date utc;

	/* Stay well inside sb_date's range before any arithmetic. */
	if (t < -2208988800LL || t > 32503680000LL)
		return false;
	utc = sb_date_from_days(floor_div(t, 86400));
	if (london_summer(t, utc.year))
		t += 3600;
	days = floor_div(t, 86400);
	secs = t - (gint64)days * 86400;
	*date = sb_date_from_days(days);
	*hour = (int)(secs / 3600);
	*minute = (int)(secs % 3600 / 60);
	return sb_date_is_valid(*date);
}

/* The date of the last (earliest, added by the first server) Received
 * header: the text after its last ';' (RFC 5321 s.4.4). */
static GDateTime *received_date(GMimeMessage *msg)
{
	GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	int i;

	for (i = g_mime_header_list_get_count(headers) - 1; i >= 0; i--) {
		GMimeHeader *h = g_mime_header_list_get_header_at(headers, i);
		const char *name = g_mime_header_get_name(h);
		const char *value = g_mime_header_get_value(h);
		const char *semi;

		if (name == NULL || g_ascii_strcasecmp(name, "Received") != 0 || value == NULL)
			continue;
		semi = strrchr(value, ';');
		if (semi == NULL)
			return NULL;
		return g_mime_utils_header_decode_date(semi + 1);
	}
	return NULL;
}

/* The value of a "Sent:" header (a message copied out of Outlook and saved
 * as text has Sent where a real message has Date) into line, on one line
 * of printable characters; false when there is none. */
static bool sent_line(GMimeMessage *msg, char *line, size_t size)
{
	const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), "Sent");
	size_t o = 0;

	if (v == NULL || size == 0)
		return false;
	for (; *v != '\0' && o + 1 < size; v++)
		line[o++] = (char)(((unsigned char)*v < 0x20 || *v == 0x7f) ? ' ' : *v);
	while (o > 0 && line[o - 1] == ' ')
		o--;
	line[o] = '\0';
	return o > 0;
}

/* Date header, else Received, else Sent; fills email_date and the header
 * block's line. */
static int read_date(struct eml *e, GMimeMessage *msg, char *line, size_t size)
{
	GDateTime *when = g_mime_message_get_date(msg); /* borrowed */
	GDateTime *fallback = NULL;
	int hour = 0, minute = 0, rc = SB_OK;
	char longdate[SB_DATE_LONG_LEN];

	line[0] = '\0';
	if (when == NULL) {
		fallback = received_date(msg);
		when = fallback;
		if (when != NULL &&
		    sb_doc_add_warning(e->doc,
				       "the e-mail has no Date header that can be read: its date "
				       "is taken from the Received header") != SB_OK)
			rc = SB_ENOMEM;
	}
	if (rc == SB_OK && when != NULL &&
	    london_time(g_date_time_to_unix(when), &e->doc->email_date, &hour, &minute)) {
		e->doc->has_email_date = true;
		snprintf(line, size, "%s %02d:%02d (UK time)",
			 sb_date_format_long(e->doc->email_date, longdate, sizeof(longdate)), hour,
			 minute);
	} else if (rc == SB_OK && sent_line(msg, line, size)) {
		/* Left for extraction to read as the header block's date, with
		 * every date form it knows ("Tuesday, October 14, 2025 9:12 AM"). */
		if (sb_doc_add_warning(e->doc, "the e-mail has no Date header: its date is read "
					       "from its Sent line, as Outlook copies show it") !=
		    SB_OK)
			rc = SB_ENOMEM;
	} else if (rc == SB_OK &&
		   sb_doc_add_warning(e->doc, "the e-mail has no date (no Date or Received "
					      "header that can be read)") != SB_OK) {
		rc = SB_ENOMEM;
	}
	if (fallback != NULL)
		g_date_time_unref(fallback);
	return rc == SB_OK ? SB_OK : oom(e);
}

/* ---- parts ---- */

static bool is_type(GMimeObject *o, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);

	return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

static bool is_attachment_disposition(GMimeObject *o)
{
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(o);

	return cd != NULL && g_mime_content_disposition_is_attachment(cd);
}

/*
 * The decoded content of a part (base64, quoted-printable, uuencode undone
 * by GMime) in a new memory stream, or NULL. Counted against max_decoded;
 * *over is set (and NULL returned) when it would pass the cap. A transfer
 * encoding never makes content larger, so what is decoded is bounded by the
 * e-mail's own size before the count is checked.
 */
static GMimeStream *decode_part(struct eml *e, GMimePart *part, bool *over)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *bytes;

	*over = false;
	if (content != NULL && g_mime_data_wrapper_write_to_stream(content, mem) < 0) {
		g_object_unref(mem);
		return NULL;
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (bytes->len > e->lim->max_decoded - e->decoded) {
		*over = true;
		g_object_unref(mem);
		return NULL;
	}
	e->decoded += bytes->len;
	return mem;
}

/* The decoded-size cap was reached: say so once on the e-mail. */
static int warn_decoded(struct eml *e)
{
	if (e->warned_decoded)
		return SB_OK;
	e->warned_decoded = true;
	if (sb_doc_add_warning(e->doc,
			       "the e-mail's parts decode to more than %zu bytes: the rest were "
			       "not read",
			       e->lim->max_decoded) != SB_OK)
		return oom(e);
	return SB_OK;
}

/* A text/plain or text/html part appended to the body, with a blank line
 * between parts. */
static int add_body_part(struct eml *e, GMimePart *part, bool html)
{
	const char *charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
								       "charset");
	GMimeStream *mem;
	GByteArray *bytes;
	char *text = NULL, *plain = NULL;
	size_t n = 0;
	bool over;
	int rc;

	mem = decode_part(e, part, &over);
	if (mem == NULL)
		return over ? warn_decoded(e) : SB_OK; /* an undecodable part is skipped */
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	rc = sb_text_decode(bytes->data, bytes->len, charset, e->lim->max_text, &text, &n, NULL);
	if (rc == SB_OK && html) {
		rc = sb_text_from_html(text, n, &plain, &n, NULL);
		free(text);
		text = plain;
	}
	if (rc == SB_OK && n > 0 && sb_text_has_visible(text, n)) {
		char *start = text;

		while (*start == '\n')
			start++;
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\t'))
			n--;
		if (e->body.len > 0)
			rc = str_add(&e->body, "\n\n", 2);
		if (rc == SB_OK)
			rc = str_add(&e->body, start, n - (size_t)(start - text));
	}
	free(text);
	g_object_unref(mem);
	if (rc == SB_OK && e->body.len > e->lim->max_text)
		rc = SB_ERANGE;
	if (rc == SB_ERANGE) {
		sb_error_set(e->err, SB_ERANGE, e->path, "split the e-mail, or leave it out",
			     "'%s' holds more than the %zu bytes of text a document may have",
			     e->path, e->lim->max_text);
		sb_error_reason(e->err, "too-large");
		return SB_ERANGE;
	}
	return rc == SB_OK ? SB_OK : oom(e);
}

/*
 * An attachment's name as the last part of its path: valid UTF-8, no '/' or
 * '\' (so it cannot look like a folder), no control characters, no leading
 * dots or spaces (no hidden or "../" names), at most NAME_MAX_BYTES.
 * "attachment-<n>" (with ".eml" for an attached e-mail) when nothing is left.
 */
static char *clean_file_name(const char *name, int n, bool message, int *rc)
{
	char *text = NULL, *r, *w;
	size_t len = 0;

	*rc = SB_OK;
	if (name != NULL && sb_text_decode((const unsigned char *)name, strlen(name), NULL,
					   (size_t)1 << 16, &text, &len, NULL) == SB_OK) {
		w = text;
		for (r = text; *r != '\0'; r++) {
			unsigned char c = (unsigned char)*r;

			if (c < 0x20 || c == 0x7F || c == '/' || c == '\\')
				c = '_';
			if (w == text && (c == '.' || c == ' '))
				continue;
			*w++ = (char)c;
		}
		*w = '\0';
		len = (size_t)(w - text);
		if (len > NAME_MAX_BYTES) {
			len = NAME_MAX_BYTES;
			while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
				len--; /* do not cut a character in two */
			text[len] = '\0';
		}
		while (len > 0 && text[len - 1] == ' ')
			text[--len] = '\0';
		if (len > 0)
			return text;
	}
	free(text);
	text = sb_strdup_printf("attachment-%d%s", n, message ? ".eml" : "");
	if (text == NULL)
		*rc = SB_ENOMEM;
	return text;
}

/* Record that an attachment was not read, on the output list. */
static int attachment_error(struct eml *e, const char *child, const char *reason,
			    const char *message, const char *hint)
{
	if (sb_doc_list_add_error(e->out, child, reason, message, hint) != SB_OK)
		return oom(e);
	return SB_OK;
}

/* The title every document read from an attachment carries. */
static char *attachment_title(const sb_doc *mail)
{
	if (mail->email_subject != NULL)
		return sb_strdup_printf("attachment to %s", mail->email_subject);
	if (mail->email_from != NULL)
		return sb_strdup_printf("attachment to e-mail from %s", mail->email_from);
	return sb_strdup_printf("attachment to an e-mail");
}

/* What becomes of an attachment. */
enum fate {
	FATE_READ,    /* read through sb_read_buffer */
	FATE_OVER,    /* past the decoded-size cap: listed, not read */
	FATE_DAMAGED  /* GMime could not decode it: listed, not read */
};

/*
 * One attachment: bytes (len) named `name` read through sb_read_buffer as
 * "<path>#<n>/<name>". Its documents get the e-mail as parent; failures
 * become error entries and the e-mail still counts as read. Nothing is
 * dropped silently: an attachment that is not read is always an error entry.
 */
static int read_attachment(struct eml *e, const char *name, bool message,
			   const unsigned char *bytes, size_t len, enum fate fate)
{
	sb_read_limits child = *e->lim;
	sb_error cerr;
	char *clean = NULL, *path = NULL, *title = NULL;
	size_t first, i;
	int n = ++e->attachments, rc;

	clean = clean_file_name(name, n, message, &rc);
	if (rc != SB_OK)
		goto done;
	path = sb_strdup_printf("%s#%d/%s", e->path, n, clean);
	if (path == NULL) {
		rc = oom(e);
		goto done;
	}
	if (fate == FATE_DAMAGED) {
		rc = attachment_error(e, path, "damaged",
				      "the attachment's content could not be decoded",
				      "open the e-mail and save the attachment into the case "
				      "folder");
		goto done;
	}
	if (fate == FATE_OVER) {
		rc = warn_decoded(e);
		if (rc == SB_OK)
			rc = attachment_error(e, path, "too-large",
					      "the e-mail's attachments decode to more than the "
					      "limit, so this one was not read",
					      "save the attachment into the case folder");
		goto done;
	}
	if (e->lim->depth >= e->lim->max_mime_depth) {
		rc = attachment_error(e, path, "too-deep",
				      "attachments are nested too deep (an e-mail attached to "
				      "an e-mail attached to ...), so this one was not read",
				      "save the attachment into the case folder");
		goto done;
	}
	child.depth = e->lim->depth + 1;
	child.max_decoded = e->lim->max_decoded - e->decoded;
	first = e->out->ndocs;
	sb_error_clear(&cerr);
	if (sb_read_buffer(path, bytes, len, &child, e->out, &cerr) != SB_OK) {
		rc = attachment_error(e, path, cerr.reason, cerr.message, cerr.hint);
		goto done;
	}
	title = attachment_title(e->doc);
	if (title == NULL) {
		rc = oom(e);
		goto done;
	}
	/* Documents already given a parent are attachments of the attachment
	 * (an attached e-mail's own attachments): they keep theirs. */
	for (i = first; i < e->out->ndocs; i++) {
		sb_doc *d = e->out->docs[i];

		if (d->parent != NULL)
			continue;
		if (sb_doc_set_string(&d->parent, e->path) != SB_OK ||
		    sb_doc_set_string(&d->title, title) != SB_OK) {
			rc = oom(e);
			goto done;
		}
	}
	rc = SB_OK;
done:
	free(clean);
	free(path);
	free(title);
	return rc;
}

static int part_attachment(struct eml *e, GMimePart *part)
{
	const char *name = g_mime_part_get_filename(part);
	GMimeStream *mem;
	GByteArray *bytes;
	bool over;
	int rc;

	mem = decode_part(e, part, &over);
	if (mem == NULL)
		return read_attachment(e, name, false, NULL, 0, over ? FATE_OVER : FATE_DAMAGED);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	rc = read_attachment(e, name, false, bytes->data, bytes->len, FATE_READ);
	g_object_unref(mem);
	return rc;
}

static bool has_eml_suffix(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && g_ascii_strcasecmp(name + n - 4, ".eml") == 0;
}

/* An attached e-mail (message/rfc822), written back out as bytes and read
 * as an e-mail of its own. Its name gets ".eml" so that sb_read_buffer knows
 * it is an e-mail whatever its first header is. */
static int message_attachment(struct eml *e, GMimeMessagePart *mp)
{
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	const char *name = g_mime_object_get_content_disposition_parameter(GMIME_OBJECT(mp),
									   "filename");
	GMimeStream *mem = NULL;
	GByteArray *bytes = NULL;
	char *named = NULL;
	enum fate fate = FATE_READ;
	int rc = SB_OK;

	if (name != NULL && name[0] != '\0' && !has_eml_suffix(name)) {
		named = sb_strdup_printf("%s.eml", name);
		if (named == NULL)
			return oom(e);
		name = named;
	}
	mem = g_mime_stream_mem_new();
	if (inner == NULL || g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem) < 0) {
		fate = FATE_DAMAGED;
	} else {
		/* A memory stream's array: never NULL. */
		bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		if (bytes->len > e->lim->max_decoded - e->decoded)
			fate = FATE_OVER;
		else
			e->decoded += bytes->len;
	}
	rc = read_attachment(e, name, true, fate == FATE_READ ? bytes->data : NULL,
			     fate == FATE_READ ? bytes->len : 0, fate);
	free(named);
	g_object_unref(mem);
	return rc;
}

static bool is_signature(GMimeObject *o)
{
	return is_type(o, "application", "pgp-signature") ||
	       is_type(o, "application", "pkcs7-signature") ||
	       is_type(o, "application", "x-pkcs7-signature");
}

static int walk(struct eml *e, GMimeObject *o, int level, bool in_related);

/* multipart/alternative: the plain text if there is one (RFC 2046 s.5.1.4
 * orders alternatives by faithfulness; plain text is what we can read
 * best), else HTML, else the last; an empty choice falls back to the next. */
static int walk_alternative(struct eml *e, GMimeMultipart *mp, int level)
{
	int count = g_mime_multipart_get_count(mp), i, pass;
	size_t before = e->body.len;
	int rc;

	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < count; i++) {
			GMimeObject *c = g_mime_multipart_get_part(mp, i);
			bool plain = is_type(c, "text", "plain");
			bool html = is_type(c, "text", "html");

			if ((pass == 0 && !plain) || (pass == 1 && !html) ||
			    (pass == 2 && (plain || html)))
				continue;
			rc = walk(e, c, level + 1, false);
			if (rc != SB_OK || e->stop || e->body.len > before)
				return rc;
		}
	}
	return SB_OK;
}

static int warn_depth(struct eml *e)
{
	if (e->warned_depth)
		return SB_OK;
	e->warned_depth = true;
	if (sb_doc_add_warning(e->doc,
			       "the e-mail's parts are nested more than %d deep: the deeper "
			       "parts were not read",
			       e->lim->max_mime_depth) != SB_OK)
		return oom(e);
	return SB_OK;
}

static int walk_multipart(struct eml *e, GMimeMultipart *mp, int level)
{
	GMimeObject *o = GMIME_OBJECT(mp);
	bool related = is_type(o, "multipart", "related");
	int count, i, rc = SB_OK;

	if (level + 1 > e->lim->max_mime_depth)
		return warn_depth(e);
	if (is_type(o, "multipart", "alternative"))
		return walk_alternative(e, mp, level);
	if (is_type(o, "multipart", "encrypted")) {
		if (!e->encrypted_warned &&
		    sb_doc_add_warning(e->doc, "the e-mail is encrypted: its encrypted part "
					       "was not read") != SB_OK)
			return oom(e);
		e->encrypted_warned = true;
		return SB_OK;
	}
	count = g_mime_multipart_get_count(mp);
	/* multipart/signed (RFC 1847): part 1 is the content, part 2 the
	 * signature, which is not a document. */
	if (is_type(o, "multipart", "signed") && count > 1)
		count = 1;
	for (i = 0; i < count && rc == SB_OK && !e->stop; i++)
		rc = walk(e, g_mime_multipart_get_part(mp, i), level + 1, related);
	return rc;
}

/*
 * One MIME object, depth first in document order. text/plain and text/html
 * parts with no file name and not marked as attachments make the body; every
 * other part is an attachment (attached e-mails included). Inside
 * multipart/related (RFC 2387) a non-text part not marked as an attachment is
 * a piece of the HTML body (a logo, Outlook's image001.png) and is skipped,
 * as are signatures (RFC 1847, RFC 3156, RFC 8551): neither is a document.
 */
static int walk(struct eml *e, GMimeObject *o, int level, bool in_related)
{
	bool disposed;

	if (o == NULL || e->stop)
		return SB_OK;
	if (++e->parts > e->lim->max_mime_parts) {
		e->stop = true;
		if (sb_doc_add_warning(e->doc,
				       "the e-mail has more than %d parts: the rest were not read",
				       e->lim->max_mime_parts) != SB_OK)
			return oom(e);
		return SB_OK;
	}
	if (GMIME_IS_MULTIPART(o))
		return walk_multipart(e, GMIME_MULTIPART(o), level);
	if (GMIME_IS_MESSAGE_PART(o))
		return message_attachment(e, GMIME_MESSAGE_PART(o));
	if (!GMIME_IS_PART(o))
		return SB_OK;
	disposed = is_attachment_disposition(o);
	if (!disposed && (is_signature(o) || (in_related && !is_type(o, "text", "*"))))
		return SB_OK;
	/* A text part with a file name is a file that was attached (Apple Mail
	 * sends attached .txt files as "inline; filename=..."), not the body. */
	if (!disposed && g_mime_part_get_filename(GMIME_PART(o)) == NULL) {
		if (is_type(o, "text", "plain"))
			return add_body_part(e, GMIME_PART(o), false);
		if (is_type(o, "text", "html"))
			return add_body_part(e, GMIME_PART(o), true);
	}
	if (e->warned_decoded) {
		/* Past the decoded-size cap: list the attachment, do not decode it. */
		return read_attachment(e, g_mime_part_get_filename(GMIME_PART(o)), false, NULL, 0,
				       FATE_OVER);
	}
	return part_attachment(e, GMIME_PART(o));
}

/* ---- the e-mail ---- */

/* One "Name: value\n" line of the header block, when there is a value. */
static int header_line(struct str *page, const char *name, const char *value)
{
	int rc = SB_OK;

	if (value == NULL || value[0] == '\0')
		return SB_OK;
	rc = str_addz(page, name);
	if (rc == SB_OK)
		rc = str_addz(page, ": ");
	if (rc == SB_OK)
		rc = str_addz(page, value);
	if (rc == SB_OK)
		rc = str_addz(page, "\n");
	return rc;
}

/* "From: ...\nTo: ...\nDate: ...\nSubject: ...\n\n" (lines with no value
 * left out), then the body: the one page of the e-mail's document. The
 * header block lets extraction see who wrote it and when, like a letter. */
static int make_page(struct eml *e, const char *date_line)
{
	struct str page = {NULL, 0, 0};
	const sb_doc *d = e->doc;
	int rc;

	rc = header_line(&page, "From", d->email_from);
	if (rc == SB_OK)
		rc = header_line(&page, "To", d->email_to);
	if (rc == SB_OK)
		rc = header_line(&page, "Date", date_line);
	if (rc == SB_OK)
		rc = header_line(&page, "Subject", d->email_subject);
	if (rc == SB_OK && page.len > 0 && e->body.len > 0)
		rc = str_addz(&page, "\n");
	if (rc == SB_OK && e->body.len > 0)
		rc = str_add(&page, e->body.s, e->body.len);
	if (rc != SB_OK) {
		free(page.s);
		return oom(e);
	}
	if (page.len > e->lim->max_text) {
		free(page.s);
		sb_error_set(e->err, SB_ERANGE, e->path, "split the e-mail, or leave it out",
			     "'%s' holds more than the %zu bytes of text a document may have",
			     e->path, e->lim->max_text);
		sb_error_reason(e->err, "too-large");
		return SB_ERANGE;
	}
	rc = sb_doc_add_page(e->doc, page.s != NULL ? page.s : "", page.len, e->err);
	if (rc == SB_OK)
		e->doc->pages[e->doc->npages - 1].has_text =
			page.len > 0 && sb_text_has_visible(page.s, page.len);
	free(page.s);
	return rc;
}

static int read_headers(struct eml *e, GMimeMessage *msg, char *date_line, size_t size)
{
	int rc;

	e->doc->email_from = address_list(g_mime_message_get_from(msg), &rc);
	if (rc == SB_OK)
		e->doc->email_to = address_list(
			g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO), &rc);
	if (rc == SB_OK)
		e->doc->email_subject = clean_line(g_mime_message_get_subject(msg), &rc);
	if (rc == SB_OK && e->doc->email_subject != NULL)
		rc = sb_doc_set_string(&e->doc->title, e->doc->email_subject);
	if (rc != SB_OK)
		return oom(e);
	return read_date(e, msg, date_line, size);
}

int sb_reader_eml(const char *path, const unsigned char *data, size_t len,
		  const sb_read_limits *lim, sb_doc *doc, sb_doc_list *out, sb_error *err)
{
	static const char *fallback_charsets[] = {"utf-8", "windows-1252", NULL};
	sb_read_limits defaults;
	GMimeParserOptions *options = NULL;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	struct eml e;
	char date_line[SB_DATE_LONG_LEN + 32];
	int rc;

	if (path == NULL || doc == NULL || out == NULL || (data == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, path, NULL, "nothing to read");
	if (lim == NULL) {
		sb_read_limits_init(&defaults);
		lim = &defaults;
	}
	memset(&e, 0, sizeof(e));
	e.path = path;
	e.lim = lim;
	e.doc = doc;
	e.out = out;
	e.err = err;
	if (len == 0) {
		rc = sb_error_set(err, SB_EPARSE, path, "leave the empty file out of the case",
				  "'%s' is empty: it holds no e-mail", path);
		sb_error_reason(err, "damaged");
		return rc;
	}
	pthread_once(&gmime_once, gmime_init_once);

	/* An mbox file's "From " separator line is not a header (RFC 4155). */
	if (len > 5 && memcmp(data, "From ", 5) == 0) {
		const unsigned char *nl = memchr(data, '\n', len);

		if (nl != NULL) {
			len -= (size_t)(nl + 1 - data);
			data = nl + 1;
		}
	}
	options = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(options, fallback_charsets);
	g_mime_parser_options_set_warning_callback(options, on_parser_warning, &e);
	stream = g_mime_stream_mem_new_with_buffer((const char *)data, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, options);
	if (msg == NULL) {
		rc = sb_error_set(err, SB_EPARSE, path,
				  "open it in an e-mail program and save it again as .eml, or "
				  "print it to PDF",
				  "'%s' is not an e-mail that can be read (no message headers)",
				  path);
		sb_error_reason(err, "damaged");
		goto done;
	}
	rc = read_headers(&e, msg, date_line, sizeof(date_line));
	if (rc == SB_OK)
		rc = walk(&e, g_mime_message_get_mime_part(msg), 0, false);
	if (rc == SB_OK && e.nesting_overflow)
		rc = warn_depth(&e);
	if (rc == SB_OK)
		rc = make_page(&e, date_line);
done:
	free(e.body.s);
	if (msg != NULL)
		g_object_unref(msg);
	if (parser != NULL)
		g_object_unref(parser);
	if (stream != NULL)
		g_object_unref(stream);
	if (options != NULL)
		g_mime_parser_options_free(options);
	return rc;
}
