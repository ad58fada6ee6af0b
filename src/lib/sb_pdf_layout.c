/*
 * sb_pdf_layout: the pages the bundle draws itself (issue 4): documents that
 * are not PDFs laid out as readable text pages, the index and chronology as
 * tables whose rows become links, and the cover.
 *
 * Text is real text: glyphs of MuPDF's built-in Helvetica (Nimbus Sans),
 * embedded by the PDF device with a ToUnicode map, so a reader can search and
 * copy it. A character Helvetica lacks is drawn from MuPDF's fallback fonts
 * (Noto, CJK), never dropped (bundle-spec "Where other tools go wrong": fonts
 * that cannot show non-ASCII names). Right-to-left scripts are drawn in
 * logical order without shaping: legible, searchable, not typeset.
 *
 * Every layout runs as one pass that makes the same decisions whether it
 * draws or only counts (lay.draw), so the planner's measured page count and
 * row places equal the drawn ones by construction (bundle-spec: count the
 * index pages with the real layout). Text pages run it twice: once to count
 * the pages for "page N of M", once to draw.
 *
 * MuPDF's errors are setjmp/longjmp (fz_try). The layout code below calls
 * MuPDF freely and lets errors propagate; the only fz_try blocks are the
 * adapters at the end of the file, and everything the layout owns lives in
 * the lay struct, so nothing is clobbered and the adapter frees it all
 * (docs/style.md rule 6). Our own failures (too many pages) are thrown the
 * same way, with the detail kept in the struct.
 */
#include "sb_pdf_out.h"
#include "sb_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- page geometry: points in display space (origin top-left, y down) ---- */

#define LAY_MARGIN 50.0f
#define LAY_WIDTH (SB_PDF_A4_WIDTH - 2 * LAY_MARGIN)
#define LAY_TOP 50.0f
/* Content stops 72pt above the bottom edge: the page-number stamp goes in
 * the band below it (bundle-spec "Format" 2), never over the text. */
#define LAY_BOTTOM (SB_PDF_A4_HEIGHT - 72.0f)
/* A baseline's depth below the top of its line, in font sizes: deep enough
 * that a glyph's box (MuPDF takes Helvetica's ascender as 1.075) stays
 * inside a table row's padding. */
#define LAY_ASCENT 0.95f
#define LAY_TAB 36.0f	  /* tab stops every half inch from the line's start */
#define LAY_EPS 0.001f	  /* slack for rounding when a line is exactly full */
/* A drawn document longer than this is refused, not laid out: the readers'
 * own page limit (sb_read_limits.max_pages), and a bound on what hostile
 * text can cost. */
#define LAY_MAX_PAGES 5000

/* Text pages: a 10.5pt body under a small grey header line. */
#define TEXT_SIZE 10.5f
#define TEXT_LEADING 14.0f
#define TEXT_HEAD_SIZE 8.0f
#define TEXT_HEAD_BASE 58.0f
#define TEXT_TOP 70.0f
#define TEXT_LINES ((size_t)((LAY_BOTTOM - TEXT_TOP) / TEXT_LEADING))

/* Tables. */
#define TAB_MAX_COLS 32
#define TAB_SIZE 9.0f
#define TAB_LEADING 11.5f
#define TAB_PAD_X 4.0f
#define TAB_PAD_Y 3.0f
#define TAB_TITLE_SIZE 14.0f
#define TAB_TITLE_LEADING 18.0f
#define TAB_INTRO_SIZE 10.0f
#define TAB_INTRO_LEADING 13.0f
#define TAB_GAP 10.0f	  /* between the title and intro and the table */
#define TAB_RULE 0.75f	  /* above and below the heads */
#define TAB_HAIRLINE 0.25f /* below each row */

/* The cover. */
#define COVER_TOP 220.0f
#define COVER_TITLE_SIZE 20.0f
#define COVER_TITLE_LEADING 26.0f
#define COVER_SIZE 12.0f
#define COVER_LEADING 18.0f
#define COVER_GAP 12.0f

/* Glyph lookups remembered per font, direct-mapped by code point. */
#define GLYPH_CACHE 1024

enum { FACE_REGULAR = 0, FACE_BOLD = 1, FACES };
enum { INK_GREY = 0, INK_BLACK = 1, INKS };
enum { WRAP_END, WRAP_LINE, WRAP_BLANK, WRAP_FEED };

static const float ink_colour[INKS][3] = {{0.4f, 0.4f, 0.4f}, {0, 0, 0}};
static const float head_fill[3] = {0.9f, 0.9f, 0.9f};
static const float bold_row_fill[3] = {0.95f, 0.95f, 0.95f};
static const float hairline_colour[3] = {0.6f, 0.6f, 0.6f};

/* A code point as drawn: the font that has it (Helvetica or a fallback,
 * owned by the context's fallback cache), its glyph and advance (per em). */
typedef struct glyph {
	int c; /* -1: empty slot */
	int uni;
	int gid;
	fz_font *font;
	float adv;
} glyph;

typedef struct face {
	fz_font *font; /* borrowed from sb_pdf_out */
	glyph *cache;
} face;

/*
 * Line breaking over UTF-8 text[0..len): each call gives the next line as a
 * byte range to draw from the line's start, a blank line (an empty
 * paragraph), a form feed, or the end. Paragraph indentation is kept; the
 * white space where a line wraps is not; a word wider than the line is
 * broken where it stops fitting.
 */
typedef struct wrap {
	const unsigned char *s;
	size_t len;
	size_t pos;
	int face;
	float size;
	float width;
	bool para; /* at the start of a paragraph */
} wrap;

typedef struct lay {
	fz_context *ctx;
	sb_pdf_out *o;
	bool draw;
	const char *what; /* "text", "table", "cover": for messages */
	face faces[FACES];
	size_t base;  /* pages in o before this call */
	size_t pages; /* pages begun by this pass */
	size_t total; /* text: pages the counting pass found, for "of M" */
	size_t added; /* pages inserted into o: removed again on failure */

	/* The page being drawn. */
	fz_device *dev;
	pdf_obj *res;
	fz_buffer *contents;
	pdf_obj *page;
	fz_text *ink[INKS]; /* glyphs, filled when the page ends */
	fz_path *path;
	fz_stroke_state *stroke;

	/* Failures: ours (code != 0), or MuPDF's caught message. */
	int code;
	const char *reason;
	const char *hint;
	char message[256];
	int caught_code;
	char caught[200];

	/* Text. */
	const char *header;
	const unsigned char *text;
	size_t len;

	/* Table. */
	const sb_pdf_table *table;
	sb_pdf_row_place *places;
	float colx[TAB_MAX_COLS];
	float colw[TAB_MAX_COLS];
	size_t cell_lines[TAB_MAX_COLS];
	wrap cells[TAB_MAX_COLS];
	float y;
	bool heads_here;
	float heads_h;

	/* Cover. */
	const char *const *lines;
	size_t nlines;
} lay;

/* ---- characters ---- */

/* The next code point of s (n > 0 bytes); ill-formed bytes give U+FFFD. */
static int decode(const unsigned char *s, size_t n, size_t *used)
{
	uint32_t cp;
	bool bad;

	*used = sb_utf8_step(s, n, &cp, &bad);
	return (int)cp;
}

/* Line ends of every kind (CR, LF, CRLF, VT, NEL, LS, PS). */
static bool is_newline(int c)
{
	return c == '\n' || c == '\r' || c == 0x0B || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Where a line may wrap; drawn as a space. */
static bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* A paragraph's or a page's end. */
static bool is_break(int c)
{
	return is_newline(c) || c == '\f';
}

/* Controls and format characters: no width, nothing drawn (drawing them
 * would embed a fallback font for an invisible mark). */
static bool is_invisible(int c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || (c >= 0x200B && c <= 0x200F) ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

/* ---- failures ---- */

/* Stop the layout with our own error: thrown through MuPDF to the adapter,
 * which frees what the pass holds. As FZ_ERROR_ABORT, which MuPDF does not
 * print to stderr (the caller owns the terminal; the detail is in s). */
static FZ_NORETURN void fail(lay *s, int code, const char *reason, const char *hint,
			     const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void fail(lay *s, int code, const char *reason, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->message, sizeof(s->message), fmt, ap);
	va_end(ap);
	s->code = code;
	s->reason = reason;
	s->hint = hint;
	fz_throw(s->ctx, FZ_ERROR_ABORT, "%s", s->message);
}

/* ---- glyphs and widths ---- */

static const glyph *glyph_of(lay *s, int f, int c)
{
	face *fc = &s->faces[f];
	glyph *g = &fc->cache[(unsigned)c % GLYPH_CACHE];
	fz_font *font = NULL;
	int gid, uni = c;

	if (g->c == c)
		return g;
	gid = fz_encode_character_with_fallback(s->ctx, fc->font, c, 0, FZ_LANG_UNSET, &font);
	if (gid == 0) {
		/* In no font at all (unassigned, private use): show that a
		 * character was there rather than nothing. */
		uni = 0xFFFD;
		gid = fz_encode_character_with_fallback(s->ctx, fc->font, uni, 0, FZ_LANG_UNSET,
							&font);
	}
	if (gid == 0) {
		uni = '?';
		font = fc->font;
		gid = fz_encode_character(s->ctx, font, uni);
	}
	g->uni = uni;
	g->gid = gid;
	g->font = font;
	g->adv = fz_advance_glyph(s->ctx, font, gid, 0);
	g->c = c; /* last: a throw above leaves the slot empty */
	return g;
}

/* The width of c drawn at x (from the line's start): the one measure both
 * line breaking and drawing use, so they cannot disagree. */
static float advance(lay *s, int f, float size, int c, float x)
{
	if (c == '\t')
		return (floorf(x / LAY_TAB) + 1) * LAY_TAB - x;
	if (is_blank(c) || is_break(c))
		return glyph_of(s, f, ' ')->adv * size;
	if (is_invisible(c))
		return 0;
	return glyph_of(s, f, c)->adv * size;
}

/*
 * Lay p[0..n) on one line from x (relative to the line's start at x0) on
 * baseline base, in ink when drawing; returns the x after it. White space
 * is drawn as a space glyph (a tab as one space, then the jump to the stop),
 * so copied text keeps its word breaks.
 */
static float put_run(lay *s, int f, float size, int ink, const unsigned char *p, size_t n,
		     float x0, float x, float base)
{
	size_t i = 0, used;

	while (i < n) {
		int c = decode(p + i, n - i, &used);
		float w = advance(s, f, size, c, x);

		i += used;
		if (s->draw && ink >= 0 && !is_invisible(c)) {
			const glyph *g = glyph_of(s, f, is_blank(c) || is_break(c) ? ' ' : c);
			fz_matrix trm = fz_make_matrix(size, 0, 0, -size, x0 + x, base);

			fz_show_glyph(s->ctx, s->ink[ink], g->font, trm, g->gid, g->uni, 0, 0,
				      FZ_BIDI_LTR, FZ_LANG_UNSET);
		}
		x += w;
	}
	return x;
}

/* How many bytes of p[0..n) fit within limit from x = 0 (whole characters). */
static size_t fit_prefix(lay *s, int f, float size, const unsigned char *p, size_t n, float limit)
{
	size_t i = 0, used;
	float x = 0;

	while (i < n) {
		int c = decode(p + i, n - i, &used);
		float w = advance(s, f, size, c, x);

		if (x + w > limit + LAY_EPS)
			break;
		x += w;
		i += used;
	}
	return i;
}

/* ---- line breaking ---- */

static void wrap_init(wrap *w, const char *text, size_t len, int f, float size, float width)
{
	w->s = (const unsigned char *)(text != NULL ? text : "");
	w->len = text != NULL ? len : 0;
	w->pos = 0;
	w->face = f;
	w->size = size;
	w->width = width;
	w->para = true;
}

static int char_at(const wrap *w, size_t at, size_t *n)
{
	return decode(w->s + at, w->len - at, n);
}

/* w->pos is at a newline: step over it (CRLF as one). */
static void skip_newline(wrap *w)
{
	size_t n;
	int c = char_at(w, w->pos, &n);

	w->pos += n;
	if (c == '\r' && w->pos < w->len && w->s[w->pos] == '\n')
		w->pos++;
	w->para = true;
}

static int wrap_next(lay *s, wrap *w, size_t *a, size_t *b)
{
	for (;;) {
		size_t start, p, end = 0, n;
		float x = 0;
		bool have = false;
		int c;

		if (w->pos >= w->len)
			return WRAP_END;
		c = char_at(w, w->pos, &n);
		if (c == '\f') {
			w->pos += n;
			w->para = true;
			return WRAP_FEED;
		}
		p = w->pos;
		if (!w->para) /* a wrapped line starts at its next word */
			while (p < w->len && is_blank(char_at(w, p, &n)))
				p += n;
		start = p;
		for (;;) {
			size_t q = p, r;
			float xw = x, xr;
			bool fits = true;

			/* The white space before the next word... */
			while (q < w->len && is_blank(c = char_at(w, q, &n))) {
				xw += advance(s, w->face, w->size, c, xw);
				q += n;
			}
			c = q < w->len ? char_at(w, q, &n) : -1;
			if (c == -1 || is_break(c)) {
				bool para = w->para;

				w->pos = q;
				if (c != -1 && is_newline(c))
					skip_newline(w);
				else /* a feed or the end: the next call sees it */
					w->para = true;
				if (have) {
					*a = start;
					*b = end;
					return WRAP_LINE;
				}
				if (para)
					return WRAP_BLANK;
				break; /* only the white space after a wrap was left */
			}
			/* ...and the word, measured until it leaves the line. */
			r = q;
			xr = xw;
			while (r < w->len) {
				float adv;

				c = char_at(w, r, &n);
				if (is_blank(c) || is_break(c))
					break;
				adv = advance(s, w->face, w->size, c, xr);
				if (xr + adv > w->width + LAY_EPS) {
					fits = false;
					break;
				}
				xr += adv;
				r += n;
			}
			if (fits) {
				have = true;
				end = r;
				x = xr;
				p = r;
				continue;
			}
			if (have) { /* wrap before the white space */
				*a = start;
				*b = end;
				w->pos = p;
				w->para = false;
				return WRAP_LINE;
			}
			if (q > start) { /* indentation leaving no room: drop it */
				start = p = q;
				x = 0;
				continue;
			}
			/* A word wider than the line: break it where it stops
			 * fitting, after one character at least. */
			if (r == q) {
				(void)char_at(w, q, &n);
				r = q + n;
			}
			*a = start;
			*b = r;
			w->pos = r;
			w->para = false;
			return WRAP_LINE;
		}
	}
}

/* Lines (and blank lines) the text takes at this width; form feeds are
 * ignored (a table cell has no pages of its own). */
static size_t count_lines(lay *s, const char *text, int f, float size, float width)
{
	wrap w;
	size_t a, b, n = 0;
	int k;

	wrap_init(&w, text, text != NULL ? strlen(text) : 0, f, size, width);
	while ((k = wrap_next(s, &w, &a, &b)) != WRAP_END)
		if (k != WRAP_FEED)
			n++;
	return n;
}

/* ---- pages ---- */

static void page_begin(lay *s)
{
	fz_rect box = {0, 0, SB_PDF_A4_WIDTH, SB_PDF_A4_HEIGHT};
	int i;

	if (s->pages >= LAY_MAX_PAGES)
		fail(s, SB_ERANGE, "too-many-pages", "split the document, or leave it out",
		     "the %s would take more than %d pages", s->what, LAY_MAX_PAGES);
	s->pages++;
	if (!s->draw)
		return;
	/* pdf_page_write's device draws in display space: y down. */
	s->dev = pdf_page_write(s->ctx, s->o->doc, box, &s->res, &s->contents);
	for (i = 0; i < INKS; i++)
		s->ink[i] = fz_new_text(s->ctx);
}

static void page_end(lay *s)
{
	fz_rect box = {0, 0, SB_PDF_A4_WIDTH, SB_PDF_A4_HEIGHT};
	int i;

	if (!s->draw)
		return;
	/* Text last, over the fills and rules; grey (the header) first, so
	 * it comes first when the page's text is extracted. */
	for (i = 0; i < INKS; i++) {
		if (s->ink[i]->head != NULL)
			fz_fill_text(s->ctx, s->dev, s->ink[i], fz_identity, fz_device_rgb(s->ctx),
				     ink_colour[i], 1, fz_default_color_params);
		fz_drop_text(s->ctx, s->ink[i]);
		s->ink[i] = NULL;
	}
	fz_close_device(s->ctx, s->dev);
	fz_drop_device(s->ctx, s->dev);
	s->dev = NULL;
	s->page = pdf_add_page(s->ctx, s->o->doc, box, 0, s->res, s->contents);
	pdf_drop_obj(s->ctx, s->res);
	s->res = NULL;
	fz_drop_buffer(s->ctx, s->contents);
	s->contents = NULL;
	pdf_insert_page(s->ctx, s->o->doc, -1, s->page);
	s->added++;
	pdf_drop_obj(s->ctx, s->page);
	s->page = NULL;
}

static void fill_rect(lay *s, fz_rect r, const float colour[3])
{
	if (!s->draw)
		return;
	s->path = fz_new_path(s->ctx);
	fz_rectto(s->ctx, s->path, r.x0, r.y0, r.x1, r.y1);
	fz_fill_path(s->ctx, s->dev, s->path, 0, fz_identity, fz_device_rgb(s->ctx), colour, 1,
		     fz_default_color_params);
	fz_drop_path(s->ctx, s->path);
	s->path = NULL;
}

static void rule(lay *s, float y, float width, const float colour[3])
{
	if (!s->draw)
		return;
	s->path = fz_new_path(s->ctx);
	fz_moveto(s->ctx, s->path, LAY_MARGIN, y);
	fz_lineto(s->ctx, s->path, LAY_MARGIN + LAY_WIDTH, y);
	/* A new stroke state each time: the PDF device keeps the last one and
	 * skips the "w" operator when handed the same object again. */
	s->stroke = fz_new_stroke_state(s->ctx);
	s->stroke->linewidth = width;
	fz_stroke_path(s->ctx, s->dev, s->path, s->stroke, fz_identity, fz_device_rgb(s->ctx),
		       colour, 1, fz_default_color_params);
	fz_drop_stroke_state(s->ctx, s->stroke);
	s->stroke = NULL;
	fz_drop_path(s->ctx, s->path);
	s->path = NULL;
}

/* ---- text pages ---- */

/* "header, page N of M" in small grey type, the header shortened with an
 * ellipsis when the whole would not fit on the line. */
static void text_header(lay *s)
{
	static const unsigned char ellipsis[] = "\xE2\x80\xA6";
	const unsigned char *h = (const unsigned char *)(s->header != NULL ? s->header : "");
	size_t hn = strlen((const char *)h), keep;
	char suffix[64];
	float room, x;

	if (!s->draw)
		return;
	snprintf(suffix, sizeof(suffix), "%s %zu of %zu", hn > 0 ? ", page" : "Page", s->pages,
		 s->total);
	room = LAY_WIDTH - put_run(s, FACE_REGULAR, TEXT_HEAD_SIZE, -1,
				   (const unsigned char *)suffix, strlen(suffix), 0, 0, 0);
	keep = fit_prefix(s, FACE_REGULAR, TEXT_HEAD_SIZE, h, hn, room);
	if (keep < hn)
		keep = fit_prefix(s, FACE_REGULAR, TEXT_HEAD_SIZE, h, keep,
				  room - put_run(s, FACE_REGULAR, TEXT_HEAD_SIZE, -1, ellipsis,
						 sizeof(ellipsis) - 1, 0, 0, 0));
	x = put_run(s, FACE_REGULAR, TEXT_HEAD_SIZE, INK_GREY, h, keep, LAY_MARGIN, 0,
		    TEXT_HEAD_BASE);
	if (keep < hn)
		x = put_run(s, FACE_REGULAR, TEXT_HEAD_SIZE, INK_GREY, ellipsis,
			    sizeof(ellipsis) - 1, LAY_MARGIN, x, TEXT_HEAD_BASE);
	put_run(s, FACE_REGULAR, TEXT_HEAD_SIZE, INK_GREY, (const unsigned char *)suffix,
		strlen(suffix), LAY_MARGIN, x, TEXT_HEAD_BASE);
}

/*
 * Blank lines are kept between lines of text, but never start a page or end
 * the document, and a form feed starts a page only when text follows: a
 * bundle has no blank pages (bundle-spec "Format" 6).
 */
static void job_text(lay *s)
{
	wrap w;
	size_t a, b, line = 0, blanks = 0;
	bool content = false, feed = false;
	int k;

	wrap_init(&w, (const char *)s->text, s->len, FACE_REGULAR, TEXT_SIZE, LAY_WIDTH);
	page_begin(s);
	text_header(s);
	while ((k = wrap_next(s, &w, &a, &b)) != WRAP_END) {
		if (k == WRAP_BLANK) {
			blanks += content ? 1 : 0;
			continue;
		}
		if (k == WRAP_FEED) {
			feed = content;
			continue;
		}
		if (content && (feed || blanks >= TEXT_LINES - line)) {
			page_end(s);
			page_begin(s);
			text_header(s);
			line = 0;
		} else {
			line += blanks;
		}
		blanks = 0;
		feed = false;
		put_run(s, FACE_REGULAR, TEXT_SIZE, INK_BLACK, w.s + a, b - a, LAY_MARGIN, 0,
			TEXT_TOP + (float)line * TEXT_LEADING + LAY_ASCENT * TEXT_SIZE);
		line++;
		content = true;
	}
	page_end(s);
}

/* ---- tables ---- */

static const char *cell_text(const sb_pdf_table *t, size_t row, size_t col)
{
	const char *c = t->cells[row * t->ncols + col];

	return c != NULL ? c : "";
}

static float cell_width(const lay *s, size_t col)
{
	float w = s->colw[col] - 2 * TAB_PAD_X;

	return w > 1 ? w : 1;
}

static void table_new_page(lay *s)
{
	page_end(s);
	page_begin(s);
	s->y = LAY_TOP;
	s->heads_here = false;
}

/* Title or intro text, flowing over as many pages as it needs. */
static void table_flow(lay *s, const char *text, int f, float size, float leading)
{
	wrap w;
	size_t a, b;
	int k;

	if (text == NULL)
		return;
	if (text[0] == '\0') { /* an empty intro line: a gap */
		s->y += leading;
		return;
	}
	wrap_init(&w, text, strlen(text), f, size, LAY_WIDTH);
	while ((k = wrap_next(s, &w, &a, &b)) != WRAP_END) {
		if (k == WRAP_FEED)
			continue;
		if (s->y + leading > LAY_BOTTOM)
			table_new_page(s);
		if (k == WRAP_LINE)
			put_run(s, f, size, INK_BLACK, w.s + a, b - a, LAY_MARGIN, 0,
				s->y + LAY_ASCENT * size);
		s->y += leading;
	}
}

static void table_heads(lay *s)
{
	const sb_pdf_table *t = s->table;
	fz_rect r = {LAY_MARGIN, s->y, LAY_MARGIN + LAY_WIDTH, s->y + s->heads_h};
	size_t i;

	fill_rect(s, r, head_fill);
	rule(s, r.y0, TAB_RULE, ink_colour[INK_BLACK]);
	rule(s, r.y1, TAB_RULE, ink_colour[INK_BLACK]);
	for (i = 0; i < t->ncols; i++) {
		wrap w;
		size_t a, b, line = 0;
		int k;

		wrap_init(&w, t->heads[i], t->heads[i] != NULL ? strlen(t->heads[i]) : 0, FACE_BOLD,
			  TAB_SIZE, cell_width(s, i));
		while ((k = wrap_next(s, &w, &a, &b)) != WRAP_END) {
			if (k == WRAP_FEED)
				continue;
			if (k == WRAP_LINE)
				put_run(s, FACE_BOLD, TAB_SIZE, INK_BLACK, w.s + a, b - a,
					s->colx[i] + TAB_PAD_X, 0,
					s->y + TAB_PAD_Y + (float)line * TAB_LEADING +
						LAY_ASCENT * TAB_SIZE);
			line++;
		}
	}
	s->y = r.y1;
	s->heads_here = true;
}

/* Draw lines [from, from + count) of every cell of a row, from each cell's
 * wrap, at the fragment's top y. */
static void table_cells(lay *s, int f, size_t from, size_t count, float y)
{
	size_t i;

	for (i = 0; i < s->table->ncols; i++) {
		size_t line = from, a, b;
		int k;

		while (line < from + count && line < s->cell_lines[i]) {
			k = wrap_next(s, &s->cells[i], &a, &b);
			if (k == WRAP_END)
				break;
			if (k == WRAP_FEED)
				continue;
			if (k == WRAP_LINE)
				put_run(s, f, TAB_SIZE, INK_BLACK, s->cells[i].s + a, b - a,
					s->colx[i] + TAB_PAD_X, 0,
					y + TAB_PAD_Y + (float)(line - from) * TAB_LEADING +
						LAY_ASCENT * TAB_SIZE);
			line++;
		}
	}
}

/*
 * One row: as tall as its tallest cell, moved whole to the next page when
 * it does not fit. Only a row taller than a whole page is split, at line
 * boundaries, each part under the repeated heads; its place is its first
 * part, where a link to it should land.
 */
static void table_row(lay *s, size_t row)
{
	const sb_pdf_table *t = s->table;
	int f = t->bold_rows != NULL && t->bold_rows[row] ? FACE_BOLD : FACE_REGULAR;
	size_t i, n = 1, done = 0;
	float h;

	for (i = 0; i < t->ncols; i++) {
		const char *c = cell_text(t, row, i);

		s->cell_lines[i] = count_lines(s, c, f, TAB_SIZE, cell_width(s, i));
		if (s->cell_lines[i] > n)
			n = s->cell_lines[i];
		wrap_init(&s->cells[i], c, strlen(c), f, TAB_SIZE, cell_width(s, i));
	}
	h = 2 * TAB_PAD_Y + (float)n * TAB_LEADING;
	if (!s->heads_here) {
		if (s->y > LAY_TOP && s->y + s->heads_h + h > LAY_BOTTOM)
			table_new_page(s);
		table_heads(s);
	} else if (s->y + h > LAY_BOTTOM) {
		table_new_page(s);
		table_heads(s);
	}
	for (;;) {
		size_t used = n - done;
		fz_rect r;

		/* The same sum as h above, so a row that fits is never split
		 * by a rounding difference. */
		if (s->y + (2 * TAB_PAD_Y + (float)used * TAB_LEADING) > LAY_BOTTOM) {
			float room = (LAY_BOTTOM - s->y - 2 * TAB_PAD_Y) / TAB_LEADING;
			size_t fit = room >= 1 ? (size_t)room : 1;

			used = used < fit ? used : fit;
		}
		r = fz_make_rect(LAY_MARGIN, s->y, LAY_MARGIN + LAY_WIDTH,
				 s->y + 2 * TAB_PAD_Y + (float)used * TAB_LEADING);

		if (f == FACE_BOLD)
			fill_rect(s, r, bold_row_fill);
		rule(s, r.y1, TAB_HAIRLINE, hairline_colour);
		table_cells(s, f, done, used, r.y0);
		if (done == 0 && s->places != NULL) {
			s->places[row].page = s->base + s->pages - 1;
			s->places[row].rect = r;
		}
		s->y = r.y1;
		done += used;
		if (done >= n)
			break;
		table_new_page(s);
		table_heads(s);
	}
}

static void job_table(lay *s)
{
	const sb_pdf_table *t = s->table;
	float sum = 0, x = LAY_MARGIN;
	size_t i, n = 1;

	for (i = 0; i < t->ncols; i++)
		sum += t->widths[i];
	for (i = 0; i < t->ncols; i++) {
		s->colx[i] = x;
		s->colw[i] = LAY_WIDTH * (t->widths[i] / sum);
		x += s->colw[i];
	}
	for (i = 0; i < t->ncols; i++) {
		size_t k = count_lines(s, t->heads[i], FACE_BOLD, TAB_SIZE, cell_width(s, i));

		if (k > n)
			n = k;
	}
	s->heads_h = 2 * TAB_PAD_Y + (float)n * TAB_LEADING;
	/* Heads repeat on every page: taller than half a page, they would
	 * leave rows no room. */
	if (s->heads_h > (LAY_BOTTOM - LAY_TOP) / 2)
		fail(s, SB_EINVAL, "too-large", "shorten the column heads",
		     "the column heads of the table '%s' take more than half a page",
		     t->title != NULL ? t->title : "");

	page_begin(s);
	s->y = LAY_TOP;
	s->heads_here = false;
	table_flow(s, t->title, FACE_BOLD, TAB_TITLE_SIZE, TAB_TITLE_LEADING);
	for (i = 0; i < t->nintro; i++)
		table_flow(s, t->intro[i], FACE_REGULAR, TAB_INTRO_SIZE, TAB_INTRO_LEADING);
	if (s->y > LAY_TOP)
		s->y += TAB_GAP;
	if (t->nrows == 0) {
		if (s->y > LAY_TOP && s->y + s->heads_h > LAY_BOTTOM)
			table_new_page(s);
		table_heads(s);
	}
	for (i = 0; i < t->nrows; i++)
		table_row(s, i);
	page_end(s);
}

/* ---- the cover ---- */

static void job_cover(lay *s)
{
	size_t i;

	page_begin(s);
	s->y = COVER_TOP;
	for (i = 0; i < s->nlines; i++) {
		int f = i == 0 ? FACE_BOLD : FACE_REGULAR;
		float size = i == 0 ? COVER_TITLE_SIZE : COVER_SIZE;
		float leading = i == 0 ? COVER_TITLE_LEADING : COVER_LEADING;
		const char *text = s->lines[i] != NULL ? s->lines[i] : "";
		wrap w;
		size_t a, b;
		int k;

		if (text[0] == '\0')
			s->y += leading;
		wrap_init(&w, text, strlen(text), f, size, LAY_WIDTH);
		while ((k = wrap_next(s, &w, &a, &b)) != WRAP_END) {
			float width;

			if (k == WRAP_FEED)
				continue;
			if (s->y + leading > LAY_BOTTOM)
				fail(s, SB_ERANGE, "too-large", "shorten the cover's lines",
				     "the cover's lines do not fit on one page");
			if (k == WRAP_LINE) {
				width = put_run(s, f, size, -1, w.s + a, b - a, 0, 0, 0);
				put_run(s, f, size, INK_BLACK, w.s + a, b - a,
					LAY_MARGIN + (LAY_WIDTH - width) / 2, 0,
					s->y + LAY_ASCENT * size);
			}
			s->y += leading;
		}
		if (i == 0)
			s->y += COVER_GAP;
	}
	page_end(s);
}

/* ---- the fz_try adapters ---- */

static void catch_message(lay *s)
{
	const char *m = fz_caught_message(s->ctx);
	size_t i;

	s->caught_code = fz_caught(s->ctx);
	/* Printable ASCII only: MuPDF's messages may quote bytes. */
	for (i = 0; i + 1 < sizeof(s->caught) && m[i] != '\0'; i++)
		s->caught[i] = (char)(m[i] >= 0x20 && m[i] < 0x7F ? m[i] : '?');
	s->caught[i] = '\0';
}

/* Run one layout pass; 0, or -1 with the failure recorded in s. */
static int run(lay *s, void (*job)(lay *))
{
	int rc = 0;

	fz_var(rc);
	fz_try(s->ctx)
	{
		job(s);
	}
	fz_catch(s->ctx)
	{
		catch_message(s);
		rc = -1;
	}
	return rc;
}

/* Free what a pass left behind (a page under construction when it failed). */
static void release_page(lay *s)
{
	int i;

	for (i = 0; i < INKS; i++) {
		fz_drop_text(s->ctx, s->ink[i]);
		s->ink[i] = NULL;
	}
	fz_drop_path(s->ctx, s->path);
	s->path = NULL;
	fz_drop_stroke_state(s->ctx, s->stroke);
	s->stroke = NULL;
	if (s->dev != NULL) {
		fz_try(s->ctx)
			fz_close_device(s->ctx, s->dev);
		fz_catch(s->ctx)
		{
			/* A half-drawn page may not close; it is dropped anyway. */
		}
	}
	fz_drop_device(s->ctx, s->dev);
	s->dev = NULL;
	pdf_drop_obj(s->ctx, s->res);
	s->res = NULL;
	fz_drop_buffer(s->ctx, s->contents);
	s->contents = NULL;
	pdf_drop_obj(s->ctx, s->page);
	s->page = NULL;
}

/* Take out the pages a failed drawing pass had already added, so o is as
 * it was: a caller never sees half a document. */
static void remove_added(lay *s)
{
	if (s->added == 0)
		return;
	fz_try(s->ctx)
		pdf_delete_page_range(s->ctx, s->o->doc, (int)s->base, (int)(s->base + s->added));
	fz_catch(s->ctx)
		catch_message(s);
	s->added = 0;
}

/* Fonts on first use (kept in o: sb_pdf_out_free drops them), and the page
 * count the new pages follow. */
static int prepare(lay *s)
{
	int rc = 0, count = 0;

	fz_var(rc);
	fz_var(count);
	fz_try(s->ctx)
	{
		if (s->o->font_regular == NULL)
			s->o->font_regular = fz_new_base14_font(s->ctx, "Helvetica");
		if (s->o->font_bold == NULL)
			s->o->font_bold = fz_new_base14_font(s->ctx, "Helvetica-Bold");
		count = pdf_count_pages(s->ctx, s->o->doc);
	}
	fz_catch(s->ctx)
	{
		catch_message(s);
		rc = -1;
	}
	s->base = count > 0 ? (size_t)count : 0;
	return rc;
}

/* ---- the entry points ---- */

static int lay_error(lay *s, sb_error *err)
{
	if (s->code != 0) {
		sb_error_set(err, s->code, NULL, s->hint, "%s", s->message);
		return sb_error_reason(err, s->reason);
	}
	if (s->caught_code == FZ_ERROR_MEMORY)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory laying out the %s",
				    s->what);
	return sb_error_set(err, SB_EIO, NULL, NULL, "cannot lay out the %s (%s)", s->what,
			    s->caught);
}

static int lay_begin(lay *s, sb_pdf_out *o, const char *what, sb_error *err)
{
	int i, j;

	memset(s, 0, sizeof(*s));
	s->o = o;
	s->ctx = o->ctx;
	s->what = what;
	for (i = 0; i < FACES; i++) {
		s->faces[i].cache = malloc(GLYPH_CACHE * sizeof(glyph));
		if (s->faces[i].cache == NULL)
			return sb_error_set(err, SB_ENOMEM, NULL, NULL,
					    "out of memory laying out the %s", what);
		for (j = 0; j < GLYPH_CACHE; j++)
			s->faces[i].cache[j].c = -1;
	}
	if (prepare(s) != 0)
		return lay_error(s, err);
	s->faces[FACE_REGULAR].font = o->font_regular;
	s->faces[FACE_BOLD].font = o->font_bold;
	return SB_OK;
}

/* A pass from the start: the same decisions, drawing or not. */
static int lay_pass(lay *s, void (*job)(lay *), bool draw, sb_error *err)
{
	s->draw = draw;
	s->pages = 0;
	if (run(s, job) == 0)
		return SB_OK;
	release_page(s);
	remove_added(s);
	return lay_error(s, err);
}

static void lay_end(lay *s)
{
	int i;

	release_page(s);
	for (i = 0; i < FACES; i++)
		free(s->faces[i].cache);
}

static bool out_ok(const sb_pdf_out *o)
{
	return o != NULL && o->ctx != NULL && o->doc != NULL;
}

int sb_pdf_layout_text(sb_pdf_out *o, const char *header, const char *text, size_t len,
		       bool measure_only, size_t *npages, sb_error *err)
{
	lay s;
	int rc;

	if (npages != NULL)
		*npages = 0;
	if (!out_ok(o) || (text == NULL && len > 0) || npages == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to lay out");
	rc = lay_begin(&s, o, "text", err);
	if (rc != SB_OK)
		goto done;
	s.header = header;
	s.text = (const unsigned char *)text;
	s.len = text != NULL ? len : 0;
	rc = lay_pass(&s, job_text, false, err);
	if (rc != SB_OK || measure_only)
		goto done;
	s.total = s.pages;
	rc = lay_pass(&s, job_text, true, err);
	if (rc == SB_OK && s.pages != s.total) {
		/* Both passes make the same decisions: a difference is a bug. */
		remove_added(&s);
		rc = sb_error_set(err, SB_EUNSAFE, NULL, NULL,
				  "the text laid out as %zu pages, then drew %zu", s.total,
				  s.pages);
	}
done:
	if (rc == SB_OK)
		*npages = s.pages;
	lay_end(&s);
	return rc;
}

static int check_table(const sb_pdf_table *t, sb_error *err)
{
	float sum = 0;
	size_t i;

	if (t == NULL || t->ncols == 0 || t->heads == NULL || t->widths == NULL ||
	    (t->nrows > 0 && t->cells == NULL) || (t->nintro > 0 && t->intro == NULL))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no table to lay out");
	if (t->ncols > TAB_MAX_COLS)
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "a table has %zu columns, more than the %d allowed", t->ncols,
				    TAB_MAX_COLS);
	if (t->nrows > SIZE_MAX / t->ncols)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "a table has too many rows");
	for (i = 0; i < t->ncols; i++) {
		if (!isfinite(t->widths[i]) || t->widths[i] <= 0)
			return sb_error_set(err, SB_EINVAL, NULL, NULL,
					    "column %zu of a table has no width", i + 1);
		sum += t->widths[i];
	}
	if (!isfinite(sum))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "a table's widths are too large");
	return SB_OK;
}

int sb_pdf_layout_table(sb_pdf_out *o, const sb_pdf_table *t, bool measure_only,
			sb_pdf_row_place *places, size_t *npages, sb_error *err)
{
	lay s;
	int rc;

	if (npages != NULL)
		*npages = 0;
	if (!out_ok(o) || npages == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to lay out");
	rc = check_table(t, err);
	if (rc != SB_OK)
		return rc;
	rc = lay_begin(&s, o, "table", err);
	if (rc != SB_OK)
		goto done;
	s.table = t;
	s.places = places;
	rc = lay_pass(&s, job_table, !measure_only, err);
done:
	if (rc == SB_OK)
		*npages = s.pages;
	lay_end(&s);
	return rc;
}

int sb_pdf_layout_cover(sb_pdf_out *o, const char *const *lines, size_t nlines, sb_error *err)
{
	lay s;
	int rc;

	if (!out_ok(o) || (lines == NULL && nlines > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to lay out");
	rc = lay_begin(&s, o, "cover", err);
	if (rc == SB_OK) {
		s.lines = lines;
		s.nlines = nlines;
		rc = lay_pass(&s, job_cover, true, err);
	}
	lay_end(&s);
	return rc;
}
