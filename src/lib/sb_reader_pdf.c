/*
 * sb_reader_pdf: a PDF's pages as text, with size, rotation and whether each
 * page has a text layer, through MuPDF (docs/libraries.md).
 *
 * The issue asks for whole documents or none: an encrypted file is refused,
 * and a damaged one that MuPDF silently repairs (a truncated download loses
 * its last pages without a word) is refused unless the caller allows it.
 * Pages without text are listed in one warning so the user can OCR them.
 *
 * MuPDF's errors are setjmp/longjmp (fz_try). They stay in the small
 * functions below, each of which catches, records the message in the state
 * and returns -1 (docs/style.md rule 6: never `return` inside fz_try; every
 * local changed inside one is fz_var'd, or lives in the state struct).
 */
#include <sendbundle/reader.h>

#include "sb_mupdf.h"
#include "sb_text.h"
#include "sb_util.h"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <stdbool.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* MuPDF's cache of fonts and images for one call; several files are read
 * at once (--jobs), each with its own. */
#define SB_PDF_STORE_MAX ((size_t)64 << 20)
/* Everything MuPDF may allocate for one file: a compressed stream that
 * inflates to gigabytes (a "zip bomb" in PDF form) stops here instead of
 * taking the machine's memory (several files are read at once). Images are
 * never decoded for text, so a real 5000-page document needs far less. */
#define SB_PDF_MEMORY_MAX ((size_t)512 << 20)
/* Info-dictionary strings are hints for a title or an author, never text. */
#define SB_PDF_META_MAX 512
/* MuPDF messages kept for the error detail. */
#define SB_PDF_NOTES 4
#define SB_PDF_NOTE_MAX 200
/* PDF 1.0 appeared in 1993: an earlier CreationDate is a writer's default,
 * not the day the file was made. */
#define SB_PDF_FIRST_YEAR 1993

/* A growable UTF-8 buffer with a byte limit. */
typedef struct text_buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
	bool over; /* an append would have passed max */
} text_buf;

typedef struct reader_state {
	fz_context *ctx;
	pdf_document *pdoc;
	const char *path;
	const sb_read_limits *lim;
	sb_doc *doc;
	int npages;
	/* The page being read. */
	fz_page *page;
	fz_stext_page *stext;
	fz_rect bounds;
	int rotation;
	bool blank; /* with lim->keep_original: the page draws nothing visible */
	/* MuPDF's messages: the caught error, and warnings on the way. */
	char caught[SB_PDF_NOTE_MAX];
	int caught_code;
	char notes[SB_PDF_NOTES][SB_PDF_NOTE_MAX];
	int nnotes;
	text_buf text;
	size_t text_total;
} reader_state;


/* ---- text ---- */

static bool buf_reserve(text_buf *t, size_t more)
{
	size_t cap;
	char *grown;

	if (more > t->max || t->len > t->max - more) {
		t->over = true;
		return false;
	}
	if (t->len + more + 1 <= t->cap)
		return true;
	cap = t->cap == 0 ? 4096 : t->cap;
	while (cap < t->len + more + 1)
		cap *= 2;
	grown = realloc(t->p, cap);
	if (grown == NULL)
		return false;
	t->p = grown;
	t->cap = cap;
	return true;
}

static bool buf_append(text_buf *t, const char *s, size_t n)
{
	if (!buf_reserve(t, n))
		return false;
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
	return true;
}

/* White space of any kind becomes one space: Unicode's spaces, and the
 * control characters (tab, form feed, NUL, C1) that must never reach the
 * extraction patterns or a terminal. */
static bool is_blank(int c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0xA0) || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Append one character of page text as UTF-8. Ligatures are spelt out
 * (MuPDF does this for most fonts; a ToUnicode map can still hand us U+FB01),
 * and runs of blanks fold to one space, never at the start of a line. */
static bool buf_put(text_buf *t, size_t line_start, int c)
{
	static const char *const ligatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
	char u[4];
	size_t n;

	if (c >= 0xFB00 && c <= 0xFB06)
		return buf_append(t, ligatures[c - 0xFB00], strlen(ligatures[c - 0xFB00]));
	if (c == 0x200B || c == 0xFEFF || c == 0x00AD)
		return true; /* zero width and soft hyphen: invisible on the page */
	if (is_blank(c)) {
		if (t->len == line_start || t->p[t->len - 1] == ' ')
			return true;
		return buf_append(t, " ", 1);
	}
	if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	return buf_append(t, u, n);
}


/* A metadata string, cleaned like page text, trimmed and capped; NULL
 * (without error) when nothing is left. */
static int clean_meta(const char *s, char **out)
{
	text_buf t = {NULL, 0, 0, SB_PDF_META_MAX, false};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	*out = NULL;
	while (n > 0) {
		uint32_t cp;
		bool bad;
		size_t used = sb_utf8_step(p, n, &cp, &bad);
		int c = (int)cp;

		if (!buf_put(&t, 0, c)) {
			if (!t.over) {
				free(t.p);
				return SB_ENOMEM;
			}
			break; /* capped: keep what fits, whole characters only */
		}
		p += used;
		n -= used;
	}
	if (t.p == NULL)
		return SB_OK;
	while (t.len > 0 && t.p[t.len - 1] == ' ')
		t.p[--t.len] = '\0';
	if (t.len == 0) {
		free(t.p);
		return SB_OK;
	}
	*out = t.p;
	return SB_OK;
}

/* ---- MuPDF's messages ---- */

static void keep_note(reader_state *s, const char *message)
{
	char clean[SB_PDF_NOTE_MAX];
	int i;

	sb_mupdf_clean_message(clean, sizeof(clean), message);
	for (i = 0; i < s->nnotes; i++)
		if (strcmp(s->notes[i], clean) == 0)
			return;
	if (s->nnotes < SB_PDF_NOTES)
		memcpy(s->notes[s->nnotes++], clean, sizeof(clean));
}

/* MuPDF would print these to stderr; the caller owns the terminal. */
static void on_mupdf_message(void *user, const char *message)
{
	keep_note(user, message);
}

static void catch_message(reader_state *s)
{
	s->caught_code = fz_caught(s->ctx);
	sb_mupdf_clean_message(s->caught, sizeof(s->caught), fz_caught_message(s->ctx));
}

/* ---- the fz_try adapters: each returns 0 or -1 with s->caught set ---- */

static int open_document(reader_state *s, const unsigned char *data, size_t len)
{
	fz_stream *stm = NULL;
	int rc = 0;

	s->caught[0] = '\0';
	fz_var(stm);
	fz_var(rc);
	fz_try(s->ctx)
	{
		/* Only ever a PDF: open it directly rather than through MuPDF's
		 * handler registry (which would also accept XPS, EPUB, images). */
		stm = fz_open_memory(s->ctx, data, len);
		s->pdoc = pdf_open_document_with_stream(s->ctx, stm);
	}
	fz_always(s->ctx)
		fz_drop_stream(s->ctx, stm);
	fz_catch(s->ctx)
	{
		catch_message(s);
		rc = -1;
	}
	return rc;
}

static int count_pages(reader_state *s)
{
	int rc = 0;

	s->caught[0] = '\0';
	fz_var(rc);
	fz_try(s->ctx)
		s->npages = pdf_count_pages(s->ctx, s->pdoc);
	fz_catch(s->ctx)
	{
		catch_message(s);
		rc = -1;
	}
	return rc;
}

/* /Rotate as MuPDF applies it (pdf_page_transform): any multiple of 90,
 * negative too, snapped to 0, 90, 180 or 270 (PDF 32000-1 Table 30). */
static int normal_rotation(int r)
{
	long v = (long)r % 360;

	if (v < 0)
		v += 360;
	v = 90 * ((v + 45) / 90);
	return v >= 360 ? 0 : (int)v;
}

static void drop_page(reader_state *s)
{
	fz_drop_stext_page(s->ctx, s->stext);
	fz_drop_page(s->ctx, s->page);
	s->stext = NULL;
	s->page = NULL;
}

static int load_page(reader_state *s, int number)
{
	fz_stext_options opts;

	s->caught[0] = '\0';
	/* Ligatures expanded and white space made plain (the defaults); no
	 * images: they are never decoded for text, which keeps this cheap. */
	memset(&opts, 0, sizeof(opts));
	fz_try(s->ctx)
	{
		pdf_page *pp;
		pdf_obj *rot;

		s->page = fz_load_page(s->ctx, &s->pdoc->super, number);
		/* The displayed box: CropBox within MediaBox, after /Rotate. */
		s->bounds = fz_bound_page(s->ctx, s->page);
		pp = pdf_page_from_fz_page(s->ctx, s->page);
		rot = pdf_dict_get_inheritable(s->ctx, pp->obj, PDF_NAME(Rotate));
		s->rotation = normal_rotation(pdf_to_int(s->ctx, rot));
		s->stext = fz_new_stext_page_from_page(s->ctx, s->page, &opts);
		/* Read for a bundle: whether the page is blank, while its fonts
		 * are loaded (bundle-spec "Format" 6: no blank pages). */
		s->blank = s->lim->keep_original && sb_mupdf_page_is_blank(s->ctx, s->page);
	}
	fz_catch(s->ctx)
	{
		catch_message(s);
		drop_page(s); /* a page may have loaded before its text failed */
	}
	/* Judged by the text itself, NULL exactly when fz_catch ran: a flag
	 * set in fz_catch is one the analyzer cannot follow through setjmp. */
	return s->stext != NULL ? 0 : -1;
}

static int info_string(reader_state *s, pdf_obj *key, char **out)
{
	const char *value = NULL;
	int rc = 0;

	fz_var(value);
	fz_var(rc);
	fz_try(s->ctx)
	{
		pdf_obj *info = pdf_dict_get(s->ctx, pdf_trailer(s->ctx, s->pdoc), PDF_NAME(Info));
		pdf_obj *obj = pdf_dict_get(s->ctx, info, key);

		/* PDFDocEncoding or UTF-16 to UTF-8; "" for a non-string. */
		if (pdf_is_string(s->ctx, obj))
			value = pdf_to_text_string(s->ctx, obj);
	}
	fz_catch(s->ctx)
	{
		keep_note(s, fz_caught_message(s->ctx));
		rc = -1;
	}
	*out = NULL;
	if (rc != 0 || value == NULL)
		return SB_OK; /* a hint we cannot read is a hint we do not have */
	return clean_meta(value, out);
}

/* ---- the page walk ---- */

/* Characters whose centre lies outside the displayed box are not on the page
 * the user sees (text under a CropBox); 1pt of slack for rounding. */
static bool visible(const reader_state *s, const fz_stext_char *ch)
{
	float cx = (ch->quad.ul.x + ch->quad.lr.x) / 2;
	float cy = (ch->quad.ul.y + ch->quad.lr.y) / 2;

	return cx >= s->bounds.x0 - 1 && cx <= s->bounds.x1 + 1 && cy >= s->bounds.y0 - 1 &&
	       cy <= s->bounds.y1 + 1;
}

/* Where a line sits: its direction, its baseline across that direction,
 * and where it starts and ends along it. */
typedef struct line_pos {
	fz_point dir;
	float base;
	float start;
	float end;
	float size;
} line_pos;

static line_pos locate(const fz_stext_line *line)
{
	const fz_stext_char *first = line->first_char, *last = line->last_char;
	line_pos p;

	p.dir = line->dir;
	p.base = -p.dir.y * first->origin.x + p.dir.x * first->origin.y;
	p.start = p.dir.x * first->origin.x + p.dir.y * first->origin.y;
	p.end = p.dir.x * last->origin.x + p.dir.y * last->origin.y + last->size / 2;
	p.size = first->size > 0 ? first->size : 1;
	return p;
}

/* MuPDF 1.21 starts a new block at a gap wider than 0.8 em, so a form's
 * "Date:" and its "12 March 2024" across a tab arrive as two blocks. Lines
 * that continue the previous one on the same baseline are rejoined with a
 * space; the columns of a two-column page never meet this way, because a
 * column's last line and the next column's first are on different rows. */
static bool same_row(const line_pos *a, const line_pos *b)
{
	return fabsf(a->dir.x - b->dir.x) < 0.01f && fabsf(a->dir.y - b->dir.y) < 0.01f &&
	       fabsf(a->base - b->base) < 0.25f * a->size && b->start >= a->end - a->size;
}

/* The page's text: its lines joined by "\n", a blank line between blocks,
 * no line empty or ending in a space. False when the text limit is passed
 * or memory runs out (t->over says which). */
static bool walk_page(reader_state *s)
{
	text_buf *t = &s->text;
	const fz_stext_block *block;
	line_pos prev = {{1, 0}, 0, 0, 0, 1};

	t->len = 0;
	t->max = s->lim->max_text - s->text_total;
	if (!buf_reserve(t, 0))
		return false;
	t->p[0] = '\0';
	for (block = s->stext->first_block; block != NULL; block = block->next) {
		const fz_stext_line *line;
		bool first_line = true;

		if (block->type != FZ_STEXT_BLOCK_TEXT)
			continue;
		for (line = block->u.t.first_line; line != NULL; line = line->next) {
			const fz_stext_char *ch;
			size_t mark = t->len, start;
			line_pos pos;
			const char *sep = first_line ? "\n\n" : "\n";

			if (line->first_char == NULL)
				continue;
			pos = locate(line);
			if (t->len == 0)
				sep = "";
			else if (same_row(&prev, &pos))
				sep = " ";
			if (!buf_append(t, sep, strlen(sep)))
				return false;
			start = t->len;
			for (ch = line->first_char; ch != NULL; ch = ch->next)
				if (visible(s, ch) && !buf_put(t, start, ch->c))
					return false;
			while (t->len > start && t->p[t->len - 1] == ' ')
				t->len--;
			if (t->len == start) {
				t->len = mark; /* nothing visible: no line, no separator */
			} else {
				first_line = false;
				prev = pos;
			}
			t->p[t->len] = '\0';
		}
	}
	return true;
}

/* ---- errors and warnings ---- */

static int refuse(reader_state *s, sb_error *err, int code, const char *reason, const char *hint,
		  const char *what)
{
	if (s->caught[0] != '\0')
		sb_error_set(err, code, s->path, hint, "'%s' %s (%s)", s->path, what, s->caught);
	else if (s->nnotes > 0)
		sb_error_set(err, code, s->path, hint, "'%s' %s (%s)", s->path, what, s->notes[0]);
	else
		sb_error_set(err, code, s->path, hint, "'%s' %s", s->path, what);
	return sb_error_reason(err, reason);
}

static int refuse_damaged(reader_state *s, sb_error *err, const char *what)
{
	return refuse(s, err, SB_EPARSE, "damaged",
		      "download it again, or open it and save or print it to a new PDF, "
		      "then scan again",
		      what);
}

/* Failures inside MuPDF: out of our memory budget, or a damaged file. */
static int refuse_mupdf(reader_state *s, const sb_mem_budget *mem, sb_error *err, const char *what)
{
	if (mem->hit) {
		sb_error_set(err, SB_ERANGE, s->path, "split the file, or leave it out of the case",
			     "'%s' needs more than %zu MiB of memory to read", s->path,
			     mem->cap >> 20);
		return sb_error_reason(err, "too-large");
	}
	if (s->caught_code == FZ_ERROR_MEMORY)
		return sb_error_set(err, SB_ENOMEM, s->path, NULL, "out of memory reading '%s'",
				    s->path);
	return refuse_damaged(s, err, what);
}

static int too_much_text(reader_state *s, sb_error *err)
{
	if (!s->text.over)
		return sb_error_set(err, SB_ENOMEM, s->path, NULL, "out of memory reading '%s'",
				    s->path);
	sb_error_set(err, SB_ERANGE, s->path, "split the file, or leave it out of the case",
		     "'%s' has more than %zu bytes of text", s->path, s->lim->max_text);
	return sb_error_reason(err, "too-large");
}

/* What MuPDF said on the way, as one warning: a repaired file (allowed by
 * the caller) may have lost pages; otherwise a fault MuPDF worked round may
 * still have cost text (a font without a Unicode map gives wrong letters). */
static int warn_mupdf(reader_state *s)
{
	fz_flush_warnings(s->ctx); /* repeated warnings are held back until now */
	if (pdf_was_repaired(s->ctx, s->pdoc))
		return sb_doc_add_warning(s->doc,
					  "the file was damaged and has been repaired (%s): "
					  "some pages may be missing",
					  s->nnotes > 0 ? s->notes[0] : "no detail");
	if (s->nnotes == 0)
		return SB_OK;
	return sb_doc_add_warning(s->doc,
				  "some text may be wrong or missing: the PDF reader reported "
				  "'%s'%s",
				  s->notes[0], s->nnotes > 1 ? " and other problems" : "");
}

/* ---- the reader ---- */

static int read_metadata(reader_state *s, sb_error *err)
{
	char *title = NULL, *author = NULL, *created = NULL;
	int rc;

	rc = info_string(s, PDF_NAME(Title), &title);
	if (rc == SB_OK)
		rc = info_string(s, PDF_NAME(Author), &author);
	if (rc == SB_OK)
		rc = info_string(s, PDF_NAME(CreationDate), &created);
	if (rc != SB_OK) {
		rc = sb_error_set(err, SB_ENOMEM, s->path, NULL, "out of memory reading '%s'",
				  s->path);
		goto done;
	}
	s->doc->meta_title = title;
	s->doc->meta_author = author;
	title = author = NULL;
	if (created != NULL) {
		/* PDF 32000-1 7.9.4: (D:YYYYMMDDHHmmSSOHH'mm), everything after
		 * the year optional; only a full day is a date here. */
		const char *p = strncmp(created, "D:", 2) == 0 ? created + 2 : created;
		sb_date d = {0, 0, 0};
		int i;

		for (i = 0; i < 8 && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == 8) {
			d.year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
				 (p[3] - '0');
			d.month = (p[4] - '0') * 10 + (p[5] - '0');
			d.day = (p[6] - '0') * 10 + (p[7] - '0');
			if (d.year >= SB_PDF_FIRST_YEAR && sb_date_is_valid(d)) {
				s->doc->has_meta_date = true;
				s->doc->meta_date = d;
			}
		}
	}
	rc = SB_OK;
done:
	free(title);
	free(author);
	free(created);
	return rc;
}

static int read_pages(reader_state *s, const sb_mem_budget *mem, sb_error *err)
{
	int i, rc;

	s->doc->blank_known = s->lim->keep_original;
	for (i = 0; i < s->npages; i++) {
		sb_page *pg;

		if (load_page(s, i) != 0) {
			char what[64];

			snprintf(what, sizeof(what), "is damaged: page %d cannot be read", i + 1);
			return refuse_mupdf(s, mem, err, what);
		}
		if (!walk_page(s)) {
			drop_page(s);
			return too_much_text(s, err);
		}
		rc = sb_doc_add_page(s->doc, s->text.p, s->text.len, err);
		if (rc != SB_OK) {
			drop_page(s);
			return rc;
		}
		s->text_total += s->text.len;
		pg = &s->doc->pages[s->doc->npages - 1];
		pg->width = s->bounds.x1 - s->bounds.x0;
		pg->height = s->bounds.y1 - s->bounds.y0;
		pg->rotation = s->rotation;
		pg->has_text = s->text.len > 0; /* the walk keeps no blank-only line */
		pg->blank = s->blank;
		drop_page(s);
		/* A broken object found while loading this page repairs the whole
		 * file, and the pages already read may no longer be the file's. */
		if (pdf_was_repaired(s->ctx, s->pdoc) && !s->lim->allow_repaired)
			return refuse_damaged(s, err, "is damaged: some pages may be missing");
	}
	return SB_OK;
}

int sb_reader_pdf(const char *path, const unsigned char *data, size_t len,
		  const sb_read_limits *lim, sb_doc *doc, sb_error *err)
{
	sb_mem_budget mem;
	fz_alloc_context alloc;
	sb_read_limits defaults;
	reader_state s;
	int rc;

	if (path == NULL || (data == NULL && len > 0) || doc == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to read");
	if (lim == NULL) {
		sb_read_limits_init(&defaults);
		lim = &defaults;
	}
	memset(&s, 0, sizeof(s));
	s.path = path;
	s.lim = lim;
	s.doc = doc;
	/* One context per call, so parallel scans never share MuPDF state. */
	sb_mem_budget_init(&mem, SB_PDF_MEMORY_MAX, &alloc);
	s.ctx = fz_new_context(&alloc, NULL, SB_PDF_STORE_MAX);
	if (s.ctx == NULL)
		return sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'", path);
	fz_set_error_callback(s.ctx, on_mupdf_message, &s);
	fz_set_warning_callback(s.ctx, on_mupdf_message, &s);

	if (open_document(&s, data, len) != 0) {
		rc = refuse_mupdf(&s, &mem, err, "is damaged or not a PDF");
		goto done;
	}
	if (pdf_needs_password(s.ctx, s.pdoc)) {
		rc = sb_error_set(err, SB_EIO, path,
				  "remove the password (open it and print to PDF) and scan again",
				  "'%s' is encrypted: it cannot be read without its password", path);
		sb_error_reason(err, "encrypted");
		goto done;
	}
	if (count_pages(&s) != 0) {
		rc = refuse_mupdf(&s, &mem, err, "is damaged: its pages cannot be counted");
		goto done;
	}
	if (pdf_was_repaired(s.ctx, s.pdoc) && !lim->allow_repaired) {
		rc = refuse_damaged(&s, err, "is damaged: some pages may be missing");
		goto done;
	}
	if (s.npages <= 0) {
		rc = refuse_damaged(&s, err, "is damaged: it has no pages");
		goto done;
	}
	if ((size_t)s.npages > lim->max_pages) {
		rc = sb_error_set(err, SB_ERANGE, path, "split the file, or leave it out of the case",
				  "'%s' has %d pages, more than the %zu a document may have", path,
				  s.npages, lim->max_pages);
		sb_error_reason(err, "too-many-pages");
		goto done;
	}
	rc = read_metadata(&s, err);
	if (rc == SB_OK)
		rc = read_pages(&s, &mem, err);
	if (rc != SB_OK)
		goto done;
	/* With OCR to come (sb_scan), the pages still without text after it
	 * are named then, in words that say what OCR found. */
	rc = lim->ocr_later ? SB_OK : sb_doc_warn_textless(doc, SB_TEXTLESS_OCR_OFF);
	if (rc == SB_OK)
		rc = warn_mupdf(&s);
	if (rc != SB_OK)
		rc = sb_error_set(err, SB_ENOMEM, path, NULL, "out of memory reading '%s'", path);
done:
	if (s.pdoc != NULL)
		pdf_drop_document(s.ctx, s.pdoc);
	fz_drop_context(s.ctx);
	free(s.text.p);
	return rc;
}
