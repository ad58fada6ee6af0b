/*
 * sb_reader_docx: the text of a Word .docx (ECMA-376 WordprocessingML).
 *
 * A .docx is a zip (OPC, ECMA-376 Part 2) and every part is XML, so both
 * layers are hostile input: parts are refused when their declared size is
 * over lim->max_zip_entry, and reading stops as soon as the bytes actually
 * inflated pass it, whatever the zip headers claim (zip bombs); all parts
 * together may inflate to at most DOCX_PART_BUDGET times that. XML is read
 * with libxml2's streaming reader, never with entity expansion
 * (XML_PARSE_NOENT) or XML_PARSE_HUGE, and a part with a DTD is refused: OPC
 * forbids DTDs (ECMA-376-2 M1.18), so only an attack (billion laughs, external
 * entities) has one. libxml2's own limits (depth 256, 10 MB per text node,
 * entity amplification) stay on for whatever it parses before the DTD node.
 *
 * Word has no pages until it lays the text out, so a .docx gives one sb_page
 * holding, in order: each distinct header and footer text (letterhead, date,
 * reference), the body, the footnotes, the endnotes. Text Word would not
 * print is left out: tracked deletions and moves away (w:del, w:delText,
 * w:moveFrom), field instructions (w:instrText), hidden runs (w:vanish) and
 * the second copy of each text box (mc:Fallback). Core properties
 * (docProps/core.xml) become weak hints only.
 */
#include <sendbundle/reader.h>

#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define M_NS "http://schemas.openxmlformats.org/officeDocument/2006/math"
#define M_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/math"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define DCTERMS_NS "http://purl.org/dc/terms/"

/* Word writes a few dozen parts, a few thousand with many images. */
#define DOCX_MAX_ENTRIES 10000
/* Header and footer parts read: Word makes at most three of each per section. */
#define DOCX_MAX_HEADERS 256
/* All parts read together may inflate to this many times lim->max_zip_entry. */
#define DOCX_PART_BUDGET 4
/* libxml2 refuses nesting over 256 without XML_PARSE_HUGE; text nodes add one. */
#define DOCX_MAX_DEPTH 512
/* Longest title or author kept from the core properties, in bytes. */
#define DOCX_META_MAX 512

static const char DOCX_HINT[] = "open it in Word and save it again as .docx, or print it to PDF";
static const char DOCX_HINT_PASSWORD[] = "open it in Word, remove the password (File > Info > "
					 "Protect Document) and save it again, or print it to PDF";

/* A growing text, charged to the document's text budget. */
typedef struct docx_buf {
	char *data;
	size_t len;
	size_t cap;
} docx_buf;

typedef enum docx_part_kind {
	PART_BODY = 0,
	PART_HEADER,
	PART_FOOTER,
	PART_NOTES,
	PART_CORE
} docx_part_kind;

typedef struct docx_header {
	zip_uint64_t index;
	const char *name; /* borrowed from the archive */
	bool footer;
	bool numbered;
	unsigned long number;
	docx_buf text;
} docx_header;

typedef struct docx_meta {
	char *title;
	char *author;
	bool has_date;
	sb_date date;
} docx_meta;

typedef struct docx_ctx {
	const char *path;
	const sb_read_limits *lim;
	zip_t *za;
	size_t text_left;  /* text bytes the document may still have */
	size_t parts_left; /* bytes all remaining parts may still inflate to */
	sb_error *err;
} docx_ctx;

/* The bytes of one part, inflated on demand for libxml2 and counted. */
typedef struct docx_io {
	zip_file_t *zf;
	size_t got;
	size_t cap;
	bool too_large;
	bool zip_failed;
	int zip_code;
} docx_io;

/* The first error libxml2 reported for a part. */
typedef struct docx_xml_error {
	bool set;
	int line;
	char message[200];
} docx_xml_error;

/* Element kinds the WordprocessingML walk needs to remember per depth. */
enum { EL_OTHER = 0, EL_P, EL_R, EL_RPR, EL_T, EL_ALT };

typedef struct docx_el {
	unsigned char kind;
	bool flag; /* EL_R: hidden run; EL_T: in a hidden run; EL_ALT: a branch was taken */
} docx_el;

typedef struct docx_walk {
	docx_el stack[DOCX_MAX_DEPTH];
	docx_buf *out;
	docx_ctx *ctx;
	bool text_over;
	bool oom;
} docx_walk;

static pthread_once_t docx_xml_once = PTHREAD_ONCE_INIT;

static void docx_xml_init(void)
{
	/* libxml2 2.9 initialises global tables lazily and without a lock: do it once here so
	 * readers on several threads (scan --jobs) never race on it. */
	xmlInitParser();
}

static bool ns_is(const xmlChar *ns, const char *want)
{
	return ns != NULL && strcmp((const char *)ns, want) == 0;
}

static bool name_is(const xmlChar *name, const char *want)
{
	return name != NULL && strcmp((const char *)name, want) == 0;
}

static int docx_fail(docx_ctx *c, int code, const char *reason, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Fill the error (message quoting the file, the usual hint) and its reason word. */
static int docx_fail(docx_ctx *c, int code, const char *reason, const char *fmt, ...)
{
	char message[SB_ERROR_MESSAGE_MAX];
	const char *hint = DOCX_HINT;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if (code == SB_ENOMEM)
		hint = NULL;
	else if (reason != NULL && strcmp(reason, "encrypted") == 0)
		hint = DOCX_HINT_PASSWORD;
	sb_error_set(c->err, code, c->path, hint, "%s", message);
	if (reason != NULL)
		sb_error_reason(c->err, reason);
	return code;
}

static int docx_oom(docx_ctx *c)
{
	return docx_fail(c, SB_ENOMEM, NULL, "out of memory reading '%s'", c->path);
}

static void buf_free(docx_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* Append n bytes; SB_ERANGE when the document's text budget is spent. */
static int buf_add(docx_ctx *c, docx_buf *b, const char *s, size_t n)
{
	if (n > c->text_left)
		return SB_ERANGE;
	/* Room for n bytes and the NUL, tested without a sum that could wrap;
	 * data is NULL exactly when cap is 0. */
	if (b->data == NULL || n >= b->cap - b->len) {
		size_t need, cap = b->cap == 0 ? 256 : b->cap;
		char *grown;

		if (n > SIZE_MAX - 1 - b->len)
			return SB_ENOMEM;
		need = b->len + n + 1;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		grown = realloc(b->data, cap);
		if (grown == NULL)
			return SB_ENOMEM;
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	c->text_left -= n;
	return SB_OK;
}

static bool is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

/* ---- the OLE container of a password-protected document ---- */

static bool find_bytes(const unsigned char *d, size_t len, const unsigned char *pat, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (d[i] == pat[0] && memcmp(d + i, pat, n) == 0)
			return true;
	return false;
}

/*
 * Word encrypts a .docx by putting the whole zip, encrypted, in the
 * "EncryptedPackage" stream of an OLE compound file (MS-OFFCRYPTO 2.3.4.4);
 * stream names are UTF-16LE in the file's directory (MS-CFB 2.6).
 */
static bool ole_is_encrypted_package(const unsigned char *d, size_t len)
{
	static const char name[] = "EncryptedPackage";
	unsigned char pat[2 * (sizeof(name) - 1)];
	size_t i;

	for (i = 0; i + 1 < sizeof(name); i++) {
		pat[2 * i] = (unsigned char)name[i];
		pat[2 * i + 1] = 0;
	}
	return find_bytes(d, len, pat, sizeof(pat));
}

/* ---- reading one part through libxml2 ---- */

static int docx_io_read(void *opaque, char *buf, int len)
{
	docx_io *io = opaque;
	size_t want, room;
	zip_int64_t n;

	if (len <= 0)
		return 0;
	want = (size_t)len;
	room = io->cap - io->got;
	/* One byte past the cap is enough to know the part is too large: a lying header
	 * (declared size small, inflated size huge) is caught here, not trusted. */
	if (room < want)
		want = room + 1;
	n = zip_fread(io->zf, buf, want);
	if (n < 0) {
		io->zip_failed = true;
		io->zip_code = zip_error_code_zip(zip_file_get_error(io->zf));
		return -1;
	}
	io->got += (size_t)n;
	if (io->got > io->cap) {
		io->too_large = true;
		return -1;
	}
	return (int)n;
}

#if LIBXML_VERSION >= 21200
static void docx_xml_error_cb(void *arg, const xmlError *e)
#else
static void docx_xml_error_cb(void *arg, xmlErrorPtr e)
#endif
{
	docx_xml_error *xe = arg;
	size_t n;

	/* Keep the first real error for the message; never print: stderr belongs to the CLI.
	 * The handlers are set per reader and per thread, so threads do not share them. */
	if (xe->set || e == NULL || e->level < XML_ERR_ERROR)
		return;
	xe->set = true;
	xe->line = e->line;
	snprintf(xe->message, sizeof(xe->message), "%s",
		 e->message != NULL ? e->message : "malformed XML");
	n = strlen(xe->message);
	while (n > 0 && (xe->message[n - 1] == '\n' || xe->message[n - 1] == ' '))
		xe->message[--n] = '\0';
}

/* libxml2's unstructured messages ("xmlParseChunk: encoder error") say nothing the
 * structured error or the parse result does not. */
static void docx_xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Refuse a part from its zip entry alone: encrypted, or declared too large. */
static int part_check(docx_ctx *c, zip_uint64_t index, const char *name, size_t cap)
{
	zip_stat_t st;

	zip_stat_init(&st);
	if (zip_stat_index(c->za, index, 0, &st) != 0)
		return docx_fail(c, SB_EIO, "damaged",
				 "'%s' is damaged: its part %s cannot be read", c->path, name);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return docx_fail(c, SB_EIO, "encrypted",
				 "'%s' is password-protected: its part %s is encrypted", c->path,
				 name);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > (zip_uint64_t)cap)
		return docx_fail(c, SB_ERANGE, "too-large",
				 "'%s' is refused: its part %s would unpack to %llu bytes, more "
				 "than the %zu allowed; it may be a zip bomb",
				 c->path, name, (unsigned long long)st.size, cap);
	return SB_OK;
}

static int part_zip_error(docx_ctx *c, const char *name, int zip_code, const char *what)
{
	if (zip_code == ZIP_ER_NOPASSWD || zip_code == ZIP_ER_WRONGPASSWD ||
	    zip_code == ZIP_ER_ENCRNOTSUPP)
		return docx_fail(c, SB_EIO, "encrypted",
				 "'%s' is password-protected: its part %s is encrypted", c->path,
				 name);
	if (zip_code == ZIP_ER_MEMORY)
		return docx_oom(c);
	if (zip_code == ZIP_ER_COMPNOTSUPP)
		return docx_fail(c, SB_EIO, "damaged",
				 "'%s' cannot be read: its part %s uses a compression method "
				 "sendbundle does not know",
				 c->path, name);
	return docx_fail(c, SB_EIO, "damaged", "'%s' is damaged: its part %s %s", c->path, name,
			 what);
}

/* Read the rest of a part that parsed, so libzip checks its CRC at the end. */
static int part_drain(docx_io *io)
{
	char scratch[4096];

	while (!io->too_large && !io->zip_failed) {
		int n = docx_io_read(io, scratch, (int)sizeof(scratch));

		if (n <= 0)
			break;
	}
	return io->too_large || io->zip_failed ? -1 : 0;
}

/* ---- WordprocessingML: the text Word would print ---- */

static bool w_ns(const xmlChar *ns)
{
	return ns_is(ns, W_NS) || ns_is(ns, W_NS_STRICT);
}

static void walk_emit(docx_walk *w, const char *s, size_t n)
{
	int rc;

	if (w->text_over || w->oom)
		return;
	rc = buf_add(w->ctx, w->out, s, n);
	if (rc == SB_ERANGE)
		w->text_over = true;
	else if (rc != SB_OK)
		w->oom = true;
}

/* w:val="false" (or 0, off) switches a toggle property off (ST_OnOff). */
static bool toggle_on(xmlTextReaderPtr r, const xmlChar *ns)
{
	xmlChar *val = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"val", ns);
	bool on = true;

	if (val != NULL) {
		on = !(name_is(val, "false") || name_is(val, "0") || name_is(val, "off"));
		xmlFree(val);
	}
	return on;
}

/* Separators and continuation notices are not notes (ECMA-376 Part 1, 17.11). */
static bool is_real_note(xmlTextReaderPtr r, const xmlChar *ns)
{
	xmlChar *type = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"type", ns);
	bool real = type == NULL || name_is(type, "normal");

	xmlFree(type);
	return real;
}

/*
 * An element starts at depth d: remember what it is, emit what it stands for,
 * or return true to skip it with everything inside.
 */
static bool walk_start(docx_walk *w, xmlTextReaderPtr r, int d)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
	const xmlChar *name = xmlTextReaderConstLocalName(r);
	docx_el *el = &w->stack[d];
	docx_el *parent = d > 0 ? &w->stack[d - 1] : NULL;
	unsigned char pk = parent != NULL ? parent->kind : EL_OTHER;

	el->kind = EL_OTHER;
	el->flag = false;
	if (w_ns(ns)) {
		if (name_is(name, "p")) {
			el->kind = EL_P;
		} else if (name_is(name, "r")) {
			el->kind = EL_R;
		} else if (name_is(name, "rPr")) {
			el->kind = EL_RPR;
		} else if (name_is(name, "t")) {
			el->kind = EL_T;
			el->flag = pk == EL_R && parent->flag;
		} else if (name_is(name, "del") || name_is(name, "moveFrom") ||
			   name_is(name, "delText") || name_is(name, "delInstrText") ||
			   name_is(name, "instrText")) {
			/* Deleted or moved-away text and field instructions (ECMA-376 Part 1,
			 * 17.13.5 and 17.16) are not printed. Inside w:rPr these are empty markers. */
			return true;
		} else if (name_is(name, "footnote") || name_is(name, "endnote")) {
			return !is_real_note(r, ns);
		} else if (pk == EL_R) {
			if (name_is(name, "tab") || name_is(name, "ptab"))
				walk_emit(w, "\t", 1);
			else if (name_is(name, "br") || name_is(name, "cr"))
				walk_emit(w, "\n", 1);
			else if (name_is(name, "noBreakHyphen"))
				walk_emit(w, "-", 1);
		} else if (pk == EL_RPR && name_is(name, "vanish") && d >= 2 &&
			   w->stack[d - 2].kind == EL_R) {
			/* A hidden run (ECMA-376 Part 1, 17.3.2); w:tab inside w:pPr/w:tabs is a tab
			 * stop and w:vanish inside w:pPr/w:rPr hides only the paragraph mark. */
			w->stack[d - 2].flag = toggle_on(r, ns);
		}
	} else if (ns_is(ns, MC_NS)) {
		if (name_is(name, "AlternateContent")) {
			el->kind = EL_ALT;
		} else if (name_is(name, "Choice") || name_is(name, "Fallback")) {
			/* Markup compatibility (ECMA-376 Part 3): the same content twice, e.g. a
			 * text box as DrawingML and as VML. Read the first branch only. */
			if (pk == EL_ALT && parent->flag)
				return true;
			if (pk == EL_ALT)
				parent->flag = true;
		}
	} else if ((ns_is(ns, M_NS) || ns_is(ns, M_NS_STRICT)) && name_is(name, "t")) {
		el->kind = EL_T; /* Office Math text */
	}
	return false;
}

static void walk_end(docx_walk *w, int d)
{
	if (w->stack[d].kind == EL_P)
		walk_emit(w, "\n", 1);
}

static void walk_text(docx_walk *w, xmlTextReaderPtr r, int d)
{
	const xmlChar *value;

	if (d < 1 || w->stack[d - 1].kind != EL_T || w->stack[d - 1].flag)
		return;
	value = xmlTextReaderConstValue(r);
	if (value != NULL)
		walk_emit(w, (const char *)value, strlen((const char *)value));
}

/* ---- core properties: weak hints ---- */

/* Fold whitespace runs to one space, trim, and cut at DOCX_META_MAX bytes (on a UTF-8
 * character boundary). NULL for nothing left. */
static char *meta_clean(const xmlChar *raw)
{
	const unsigned char *s = raw;
	size_t n = 0;
	char *out;
	bool space = false;

	if (s == NULL)
		return NULL;
	out = malloc(DOCX_META_MAX + 1);
	if (out == NULL)
		return NULL;
	for (; *s != '\0' && n < DOCX_META_MAX; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = false;
		if (n < DOCX_META_MAX)
			out[n++] = (char)*s;
	}
	/* Cut inside a character: drop its first bytes too. */
	if ((*s & 0xC0) == 0x80) {
		while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			n--;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

/* Names Word, Office and Windows put in dc:creator when nobody set one. */
static bool is_placeholder_author(const char *a)
{
	static const char *const names[] = {"Windows User",
					    "Microsoft Office User",
					    "Microsoft account",
					    "User",
					    "Admin",
					    "Administrator",
					    "Author",
					    "Unknown",
					    "Owner",
					    "python-docx"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(a, names[i]) == 0)
			return true;
	return false;
}

static bool take_digits(const char **p, int count, int *out)
{
	int v = 0, i;

	for (i = 0; i < count; i++) {
		char ch = (*p)[i];

		if (ch < '0' || ch > '9')
			return false;
		v = v * 10 + (ch - '0');
	}
	*p += count;
	*out = v;
	return true;
}

static sb_date last_sunday(int year, int month)
{
	sb_date d = {year, month, sb_date_days_in_month(year, month)};

	return sb_date_add_days(d, -(long)(sb_date_weekday(d) % 7));
}

/*
 * A W3CDTF time (dcterms:created, "2024-03-12T10:00:00Z") as the date in
 * England and Wales: an instant with a zone is moved to UTC, then to British
 * Summer Time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October (Summer Time Order 2002). A time without a zone is
 * taken as written. Dates without a day are not dates of a day: false.
 */
static bool w3cdtf_uk_date(const char *s, sb_date *out)
{
	sb_date d;
	int y, mo, day, h = 0, mi = 0, sec = 0, zh = 0, zm = 0, sign = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (!take_digits(&s, 4, &y) || *s++ != '-' || !take_digits(&s, 2, &mo) || *s++ != '-' ||
	    !take_digits(&s, 2, &day))
		return false;
	d.year = y;
	d.month = mo;
	d.day = day;
	if (!sb_date_is_valid(d))
		return false;
	if (*s == 'T') {
		s++;
		if (!take_digits(&s, 2, &h) || *s++ != ':' || !take_digits(&s, 2, &mi))
			return false;
		if (*s == ':') {
			s++;
			if (!take_digits(&s, 2, &sec))
				return false;
			if (*s == '.') {
				s++;
				while (*s >= '0' && *s <= '9')
					s++;
			}
		}
		if (*s == 'Z') {
			s++;
			sign = 1;
		} else if (*s == '+' || *s == '-') {
			sign = *s++ == '+' ? 1 : -1;
			if (!take_digits(&s, 2, &zh) || *s++ != ':' || !take_digits(&s, 2, &zm))
				return false;
		}
		if (h > 23 || mi > 59 || sec > 60 || zh > 14 || zm > 59)
			return false;
	}
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s != '\0')
		return false;
	if (sign != 0) {
		long first = sb_date_to_days((sb_date){SB_DATE_MIN_YEAR, 1, 1});
		long last = sb_date_to_days((sb_date){SB_DATE_MAX_YEAR, 12, 31});
		long t, bst_from, bst_to;

		/* Minutes since 1970 in UTC; the day stays inside the supported range. */
		t = sb_date_to_days(d) * 1440L + h * 60L + mi - sign * (zh * 60L + zm);
		if (t < first * 1440L || t >= (last + 1) * 1440L)
			return false;
		d = sb_date_from_days(t >= 0 ? t / 1440L : -((-t + 1439) / 1440L));
		bst_from = sb_date_to_days(last_sunday(d.year, 3)) * 1440L + 60;
		bst_to = sb_date_to_days(last_sunday(d.year, 10)) * 1440L + 60;
		if (t >= bst_from && t < bst_to)
			t += 60;
		d = sb_date_from_days(t >= 0 ? t / 1440L : -((-t + 1439) / 1440L));
		if (!sb_date_is_valid(d))
			return false;
	}
	*out = d;
	return true;
}

/* One element of docProps/core.xml (OPC core properties, ECMA-376-2 clause 11). */
static int core_element(xmlTextReaderPtr r, docx_meta *meta)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
	const xmlChar *name = xmlTextReaderConstLocalName(r);
	xmlChar *value = NULL;
	char *clean = NULL;
	int rc = SB_OK;

	if (!((ns_is(ns, DC_NS) && (name_is(name, "title") || name_is(name, "creator"))) ||
	      (ns_is(ns, DCTERMS_NS) && name_is(name, "created"))))
		return SB_OK;
	value = xmlTextReaderReadString(r);
	if (value == NULL)
		goto done;
	if (name_is(name, "created")) {
		if (!meta->has_date && w3cdtf_uk_date((const char *)value, &meta->date))
			meta->has_date = true;
		goto done;
	}
	clean = meta_clean(value);
	if (clean == NULL) {
		rc = SB_ENOMEM;
		goto done;
	}
	if (clean[0] == '\0')
		goto done;
	if (name_is(name, "title") && meta->title == NULL) {
		meta->title = clean;
		clean = NULL;
	} else if (name_is(name, "creator") && meta->author == NULL &&
		   !is_placeholder_author(clean)) {
		meta->author = clean;
		clean = NULL;
	}
done:
	free(clean);
	xmlFree(value);
	return rc;
}

/* ---- one part, start to end ---- */

/*
 * Parse part `index` (called `name`): WordprocessingML text into out, or, for
 * PART_CORE, core properties into meta. Fails with err filled; the reason is
 * "too-large", "damaged" or "encrypted".
 */
static int read_part(docx_ctx *c, zip_uint64_t index, const char *name, docx_part_kind kind,
		     docx_buf *out, docx_meta *meta)
{
	docx_walk *w = NULL;
	docx_io io;
	docx_xml_error xe;
	xmlTextReaderPtr r = NULL;
	xmlStructuredErrorFunc saved_handler = xmlStructuredError;
	void *saved_handler_ctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc saved_generic = xmlGenericError;
	void *saved_generic_ctx = xmlGenericErrorContext;
	size_t cap = c->lim->max_zip_entry < c->parts_left ? c->lim->max_zip_entry : c->parts_left;
	bool dtd = false, deep = false, skip = false;
	int ret = 1, rc;

	memset(&io, 0, sizeof(io));
	memset(&xe, 0, sizeof(xe));
	rc = part_check(c, index, name, cap);
	if (rc != SB_OK)
		goto done;
	io.cap = cap;
	io.zf = zip_fopen_index(c->za, index, 0);
	if (io.zf == NULL) {
		rc = part_zip_error(c, name, zip_error_code_zip(zip_get_error(c->za)),
				    "cannot be unpacked");
		goto done;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		rc = docx_oom(c);
		goto done;
	}
	w->out = out;
	w->ctx = c;
	/* Some errors (bad bytes for the declared encoding) bypass the reader's handler and go
	 * to libxml2's per-thread global handlers, which print to stderr: catch those too, for
	 * this part only, and put back what was there. */
	xmlSetStructuredErrorFunc(&xe, docx_xml_error_cb);
	xmlSetGenericErrorFunc(NULL, docx_xml_quiet);
	/* No XML_PARSE_NOENT (entities stay unexpanded), no XML_PARSE_HUGE (libxml2 keeps its
	 * depth, text and amplification limits), no DTD loading, no network. */
	r = xmlReaderForIO(docx_io_read, NULL, &io, name, NULL, XML_PARSE_NONET);
	if (r == NULL) {
		rc = io.too_large || io.zip_failed ? SB_OK : docx_oom(c);
		if (rc != SB_OK)
			goto done;
		ret = -1;
	} else {
		xmlTextReaderSetStructuredErrorHandler(r, docx_xml_error_cb, &xe);
	}
	while (ret == 1) {
		int type, d;

		ret = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
		skip = false;
		if (ret != 1)
			break;
		type = xmlTextReaderNodeType(r);
		d = xmlTextReaderDepth(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			dtd = true;
			break;
		}
		if (d < 0 || d >= DOCX_MAX_DEPTH) {
			deep = true;
			break;
		}
		if (kind == PART_CORE) {
			if (type == XML_READER_TYPE_ELEMENT && d == 1 &&
			    core_element(r, meta) != SB_OK) {
				rc = docx_oom(c);
				goto done;
			}
			continue;
		}
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			skip = walk_start(w, r, d);
			if (!skip && xmlTextReaderIsEmptyElement(r))
				walk_end(w, d);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			walk_end(w, d);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			walk_text(w, r, d);
			break;
		default:
			break;
		}
		if (w->oom) {
			rc = docx_oom(c);
			goto done;
		}
		if (w->text_over)
			break;
	}
	if (ret == 0 && !dtd && !deep && !w->text_over)
		ret = part_drain(&io);
	if (io.too_large) {
		rc = docx_fail(c, SB_ERANGE, "too-large",
			       "'%s' is refused: its part %s unpacks to more than the %zu bytes "
			       "allowed; it may be a zip bomb",
			       c->path, name, cap);
	} else if (io.zip_failed) {
		rc = part_zip_error(c, name, io.zip_code, "cannot be unpacked (a damaged zip)");
	} else if (dtd) {
		rc = docx_fail(c, SB_EIO, "damaged",
			       "'%s' is refused: its part %s declares a DTD, which Word never "
			       "writes and which can hide an entity-expansion attack",
			       c->path, name);
	} else if (deep) {
		rc = docx_fail(c, SB_EIO, "damaged",
			       "'%s' is refused: its part %s is nested too deeply", c->path, name);
	} else if (w->text_over) {
		rc = docx_fail(c, SB_ERANGE, "too-large",
			       "'%s' is refused: it has more than the %zu bytes of text a "
			       "document may have",
			       c->path, c->lim->max_text);
	} else if (ret != 0 && xe.set) {
		rc = docx_fail(c, SB_EIO, "damaged",
			       "'%s' is damaged: its part %s is not well-formed XML "
			       "(line %d: %s)",
			       c->path, name, xe.line, xe.message);
	} else if (ret != 0) {
		rc = docx_fail(c, SB_EIO, "damaged",
			       "'%s' is damaged: its part %s is not well-formed XML", c->path,
			       name);
	}
done:
	if (io.got <= c->parts_left)
		c->parts_left -= io.got;
	else
		c->parts_left = 0;
	if (r != NULL)
		xmlFreeTextReader(r);
	xmlSetStructuredErrorFunc(saved_handler_ctx, saved_handler);
	xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
	if (io.zf != NULL)
		zip_fclose(io.zf);
	free(w);
	return rc;
}

/* ---- the package ---- */

static int open_package(docx_ctx *c, const unsigned char *data, size_t len, bool *inconsistent)
{
	zip_error_t ze;
	zip_source_t *src = NULL;
	int pass, rc = SB_OK;

	*inconsistent = false;
	for (pass = 0; pass < 2 && c->za == NULL; pass++) {
		/* Strict first (local and central headers must agree); Word and LibreOffice
		 * always pass. Some zip tools (macOS Archive Utility) write harmless
		 * disagreements, so a second, lenient try reads those with a warning. */
		int flags = pass == 0 ? ZIP_RDONLY | ZIP_CHECKCONS : ZIP_RDONLY;

		zip_error_init(&ze);
		src = zip_source_buffer_create(data, len, 0, &ze);
		if (src == NULL) {
			zip_error_fini(&ze);
			return docx_oom(c);
		}
		c->za = zip_open_from_source(src, flags, &ze);
		if (c->za == NULL) {
			int code = zip_error_code_zip(&ze);

			zip_source_free(src);
			src = NULL;
			if (code == ZIP_ER_MEMORY) {
				rc = docx_oom(c);
			} else if (code != ZIP_ER_INCONS || pass == 1) {
				rc = docx_fail(c, SB_EIO, "damaged",
					       "'%s' is damaged: it is not a readable zip "
					       "package (%s)",
					       c->path, zip_error_strerror(&ze));
			}
			zip_error_fini(&ze);
			if (rc != SB_OK)
				return rc;
			continue;
		}
		zip_error_fini(&ze);
		*inconsistent = pass == 1;
	}
	return rc;
}

static bool header_name(const char *name, bool *footer, bool *numbered, unsigned long *number)
{
	const char *rest;
	size_t n = strlen(name);

	if (strncasecmp(name, "word/header", 11) == 0) {
		*footer = false;
		rest = name + 11;
	} else if (strncasecmp(name, "word/footer", 11) == 0) {
		*footer = true;
		rest = name + 11;
	} else {
		return false;
	}
	if (n < 15 || strcasecmp(name + n - 4, ".xml") != 0 || strchr(rest, '/') != NULL)
		return false;
	*numbered = rest[0] >= '0' && rest[0] <= '9';
	*number = *numbered ? strtoul(rest, NULL, 10) : 0;
	return true;
}

static int header_cmp(const void *a, const void *b)
{
	const docx_header *x = a, *y = b;

	if (x->footer != y->footer)
		return x->footer ? 1 : -1;
	if (x->numbered != y->numbered)
		return x->numbered ? -1 : 1;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->name, y->name);
}

typedef struct docx_parts {
	zip_int64_t body, footnotes, endnotes, core;
	docx_header *headers;
	size_t nheaders;
	size_t skipped_headers;
} docx_parts;

static int find_parts(docx_ctx *c, docx_parts *p)
{
	zip_int64_t n = zip_get_num_entries(c->za, 0), i;

	p->body = p->footnotes = p->endnotes = p->core = -1;
	if (n > DOCX_MAX_ENTRIES)
		return docx_fail(c, SB_ERANGE, "too-large",
				 "'%s' is refused: it has %lld parts, more than the %d a Word "
				 "document may have",
				 c->path, (long long)n, DOCX_MAX_ENTRIES);
	p->headers = calloc(DOCX_MAX_HEADERS, sizeof(*p->headers));
	if (p->headers == NULL)
		return docx_oom(c);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(c->za, (zip_uint64_t)i, 0);
		docx_header h;

		if (name == NULL)
			continue;
		/* OPC part names compare without regard to case (ECMA-376-2 M1.12). */
		if (p->body < 0 && strcasecmp(name, "word/document.xml") == 0) {
			p->body = i;
		} else if (p->footnotes < 0 && strcasecmp(name, "word/footnotes.xml") == 0) {
			p->footnotes = i;
		} else if (p->endnotes < 0 && strcasecmp(name, "word/endnotes.xml") == 0) {
			p->endnotes = i;
		} else if (p->core < 0 && strcasecmp(name, "docProps/core.xml") == 0) {
			p->core = i;
		} else {
			memset(&h, 0, sizeof(h));
			if (!header_name(name, &h.footer, &h.numbered, &h.number))
				continue;
			if (p->nheaders == DOCX_MAX_HEADERS) {
				p->skipped_headers++;
				continue;
			}
			h.index = (zip_uint64_t)i;
			h.name = name;
			p->headers[p->nheaders++] = h;
		}
	}
	if (p->nheaders > 1) /* qsort needs a non-NULL array, even for 0 items */
		qsort(p->headers, p->nheaders, sizeof(*p->headers), header_cmp);
	if (p->body < 0)
		return docx_fail(c, SB_EIO, "not-docx",
				 "'%s' is not a Word document: it is a zip archive without "
				 "word/document.xml",
				 c->path);
	return SB_OK;
}

static int assemble(docx_ctx *c, docx_parts *p, docx_buf *body, docx_buf *notes, docx_buf *out)
{
	size_t i, j;
	int rc;

	/* Budget already charged: the copy only moves text already counted. */
	c->text_left = SIZE_MAX;
	for (i = 0; i < p->nheaders; i++) {
		docx_buf *t = &p->headers[i].text;
		bool seen = false;

		if (t->len == 0 || is_blank(t->data, t->len))
			continue;
		for (j = 0; j < i && !seen; j++) {
			docx_buf *u = &p->headers[j].text;

			seen = u->len == t->len && memcmp(u->data, t->data, t->len) == 0;
		}
		if (seen)
			continue;
		rc = buf_add(c, out, t->data, t->len);
		if (rc == SB_OK && t->data[t->len - 1] != '\n')
			rc = buf_add(c, out, "\n", 1);
		if (rc != SB_OK)
			return rc;
	}
	rc = buf_add(c, out, body->data != NULL ? body->data : "", body->len);
	if (rc == SB_OK && notes->len > 0 && !is_blank(notes->data, notes->len))
		rc = buf_add(c, out, notes->data, notes->len);
	return rc;
}

int sb_reader_docx(const char *path, const unsigned char *data, size_t len,
		   const sb_read_limits *lim, sb_doc *doc, sb_error *err)
{
	static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	sb_read_limits defaults;
	docx_ctx c;
	docx_parts parts;
	docx_meta meta;
	docx_buf body, notes, out;
	bool inconsistent = false;
	sb_error core_err;
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&parts, 0, sizeof(parts));
	memset(&meta, 0, sizeof(meta));
	memset(&body, 0, sizeof(body));
	memset(&notes, 0, sizeof(notes));
	memset(&out, 0, sizeof(out));
	if (path == NULL || (data == NULL && len > 0) || doc == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to read");
	if (lim == NULL) {
		sb_read_limits_init(&defaults);
		lim = &defaults;
	}
	c.path = path;
	c.lim = lim;
	c.err = err;
	c.text_left = lim->max_text;
	c.parts_left = lim->max_zip_entry > SIZE_MAX / DOCX_PART_BUDGET
			   ? SIZE_MAX
			   : lim->max_zip_entry * DOCX_PART_BUDGET;
	pthread_once(&docx_xml_once, docx_xml_init);

	if (len >= sizeof(ole_magic) && memcmp(data, ole_magic, sizeof(ole_magic)) == 0) {
		if (ole_is_encrypted_package(data, len))
			rc = docx_fail(&c, SB_EIO, "encrypted",
				       "'%s' is password-protected: sendbundle cannot read it",
				       path);
		else
			rc = docx_fail(&c, SB_EIO, "not-docx",
				       "'%s' is an old Word 97-2003 file, not a .docx", path);
		goto done;
	}
	if (len == 0) {
		rc = docx_fail(&c, SB_EIO, "damaged", "'%s' is empty", path);
		goto done;
	}
	rc = open_package(&c, data, len, &inconsistent);
	if (rc != SB_OK)
		goto done;
	rc = find_parts(&c, &parts);
	if (rc != SB_OK)
		goto done;

	/* The body first: it decides whether this is a document at all. */
	rc = read_part(&c, (zip_uint64_t)parts.body, "word/document.xml", PART_BODY, &body, NULL);
	if (rc != SB_OK)
		goto done;
	for (i = 0; i < parts.nheaders; i++) {
		docx_header *h = &parts.headers[i];

		rc = read_part(&c, h->index, h->name, h->footer ? PART_FOOTER : PART_HEADER,
			       &h->text, NULL);
		if (rc != SB_OK)
			goto done;
	}
	if (parts.footnotes >= 0) {
		rc = read_part(&c, (zip_uint64_t)parts.footnotes, "word/footnotes.xml", PART_NOTES,
			       &notes, NULL);
		if (rc != SB_OK)
			goto done;
	}
	if (parts.endnotes >= 0) {
		rc = read_part(&c, (zip_uint64_t)parts.endnotes, "word/endnotes.xml", PART_NOTES,
			       &notes, NULL);
		if (rc != SB_OK)
			goto done;
	}
	/* Core properties are hints: a bad core.xml costs the hints, not the document. */
	sb_error_clear(&core_err);
	if (parts.core >= 0) {
		docx_ctx cc = c;

		cc.err = &core_err;
		rc = read_part(&cc, (zip_uint64_t)parts.core, "docProps/core.xml", PART_CORE, NULL,
			       &meta);
		c.parts_left = cc.parts_left;
		if (rc == SB_ENOMEM) {
			rc = docx_oom(&c);
			goto done;
		}
	}

	rc = assemble(&c, &parts, &body, &notes, &out);
	if (rc == SB_OK)
		rc = sb_doc_add_page(doc, out.data != NULL ? out.data : "", out.len, err);
	else
		rc = docx_oom(&c);
	if (rc != SB_OK)
		goto done;
	doc->pages[doc->npages - 1].has_text = out.data != NULL && !is_blank(out.data, out.len);
	if (meta.title != NULL) {
		free(doc->meta_title);
		doc->meta_title = meta.title;
		meta.title = NULL;
	}
	if (meta.author != NULL) {
		free(doc->meta_author);
		doc->meta_author = meta.author;
		meta.author = NULL;
	}
	if (meta.has_date) {
		doc->has_meta_date = true;
		doc->meta_date = meta.date;
	}
	if (inconsistent && sb_doc_add_warning(doc,
					       "the zip structure of '%s' is inconsistent; "
					       "it was read anyway",
					       path) != SB_OK)
		rc = docx_oom(&c);
	if (parts.skipped_headers > 0 &&
	    sb_doc_add_warning(doc,
			       "'%s' has more than %d header and footer parts; %zu were not read",
			       path, DOCX_MAX_HEADERS, parts.skipped_headers) != SB_OK)
		rc = docx_oom(&c);
	if (core_err.code != SB_OK &&
	    sb_doc_add_warning(doc, "document properties not read: %s", core_err.message) != SB_OK)
		rc = docx_oom(&c);
done:
	for (i = 0; i < parts.nheaders; i++)
		buf_free(&parts.headers[i].text);
	free(parts.headers);
	free(meta.title);
	free(meta.author);
	buf_free(&body);
	buf_free(&notes);
	buf_free(&out);
	if (c.za != NULL)
		zip_discard(c.za);
	return rc;
}
