/*
 * sb_mkpdf: lay plain UTF-8 text onto A4 PDF pages, for test fixtures and the
 * samples. Every binary fixture must be re-makeable from committed text
 * (brief: "binary fixtures must be made by a committed generator"), and the
 * same input must give the same bytes (docs/style.md rule 7: fixed /ID, no
 * dates that change), so the committed PDFs never churn.
 *
 *   sb_mkpdf IN.txt OUT.pdf [options]
 *
 * The text is set in Helvetica 11pt with 72pt margins; long lines wrap at
 * spaces. A few markers at the start of a line shape letters and reports:
 *   "# "   heading (Helvetica-Bold 14pt)      "## "  subheading (bold 11pt)
 *   ">> "  right-aligned line (a letter's sender address or date)
 *   "\f" (backslash f) or a form feed: start a new page
 * Characters outside Windows-1252 become '?'.
 */
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MK_PAGE_W 595.0f
#define MK_PAGE_H 842.0f
#define MK_MARGIN 72.0f
#define MK_CROP 36.0f /* --crop cuts this much off every side */
#define MK_BODY_SIZE 11.0f
#define MK_HEAD_SIZE 14.0f
#define MK_LEADING 1.3f	/* line height as a multiple of the font size */
#define MK_MAX_INPUT (16 << 20)
#define MK_MAX_SPECIAL 64
/* Codes Windows-1252 leaves unused, given the fi and fl ligature glyphs by
 * each font's /Differences, so fixtures can hold ligatures as real PDFs do. */
#define MK_CODE_FI 0x81
#define MK_CODE_FL 0x8D

enum { MK_FONT_BODY = 0, MK_FONT_BOLD = 1 };
enum { MK_SPECIAL_BLANK = 1, MK_SPECIAL_IMAGE = 2 };

/* One placed run of text: Windows-1252 bytes at (x, y) on a text page. */
typedef struct mk_item {
	int page;
	int font;
	float size;
	float x, y;
	char *text;
	size_t len;
} mk_item;

typedef struct mk_special {
	int at; /* 1-based final page number */
	int kind;
} mk_special;

typedef struct mk_opts {
	const char *in;
	const char *out;
	int rotate;
	int crop;
	int page_numbers;
	const char *corner_text;
	const char *title;
	const char *author;
	const char *created;
	mk_special specials[MK_MAX_SPECIAL];
	int nspecials;
} mk_opts;

typedef struct mk_layout {
	fz_font *font[2];
	pdf_obj *text_res; /* fonts, shared by every page */
	pdf_obj *img_res;  /* the scan image, when an --image-page asks for it */
	mk_item *items;
	size_t nitems, cap;
	int pages; /* text pages used */
	float y;   /* baseline of the next line on the current page */
} mk_layout;

static void usage(void)
{
	fputs("usage: sb_mkpdf IN.txt OUT.pdf [--rotate 0|90|180|270] [--crop]\n"
	      "                [--blank-page N]... [--image-page N]... [--page-numbers]\n"
	      "                [--corner-text TEXT] [--title T] [--author A]\n"
	      "                [--created D:YYYYMMDDHHmmSS]\n"
	      "Line markers: '# ' heading, '## ' subheading, '>> ' right-aligned,\n"
	      "'\\f' or a form feed at the start of a line: new page.\n",
	      stderr);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int cmp_special(const void *a, const void *b)
{
	const mk_special *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

static int parse_args(int argc, char **argv, mk_opts *o)
{
	int i, pos = 0;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--crop") == 0) {
			o->crop = 1;
		} else if (strcmp(a, "--page-numbers") == 0) {
			o->page_numbers = 1;
		} else if (strcmp(a, "--rotate") == 0 && val != NULL) {
			if (parse_int(val, 0, 270, &o->rotate) != 0 || o->rotate % 90 != 0)
				return -1;
			i++;
		} else if ((strcmp(a, "--blank-page") == 0 || strcmp(a, "--image-page") == 0) &&
			   val != NULL) {
			mk_special *s;

			if (o->nspecials == MK_MAX_SPECIAL)
				return -1;
			s = &o->specials[o->nspecials++];
			if (parse_int(val, 1, 10000, &s->at) != 0)
				return -1;
			s->kind = a[2] == 'b' ? MK_SPECIAL_BLANK : MK_SPECIAL_IMAGE;
			i++;
		} else if (strcmp(a, "--corner-text") == 0 && val != NULL) {
			o->corner_text = argv[++i];
		} else if (strcmp(a, "--title") == 0 && val != NULL) {
			o->title = argv[++i];
		} else if (strcmp(a, "--author") == 0 && val != NULL) {
			o->author = argv[++i];
		} else if (strcmp(a, "--created") == 0 && val != NULL) {
			o->created = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			return -1;
		} else if (pos == 0) {
			o->in = a;
			pos++;
		} else if (pos == 1) {
			o->out = a;
			pos++;
		} else {
			return -1;
		}
	}
	if (pos != 2)
		return -1;
	qsort(o->specials, (size_t)o->nspecials, sizeof(o->specials[0]), cmp_special);
	return 0;
}

/* UTF-8 to Windows-1252, the encoding pdf_add_simple_font's Latin fonts use. */
static char *to_cp1252(fz_context *ctx, const char *s, size_t n, size_t *out_len)
{
	char *out = fz_malloc(ctx, n + 1);
	char *tmp = fz_malloc(ctx, n + 1);
	size_t i = 0, o = 0;

	memcpy(tmp, s, n);
	tmp[n] = '\0';
	while (i < n) {
		int rune, c;

		if (tmp[i] == '\t') {
			out[o++] = ' ';
			i++;
			continue;
		}
		i += (size_t)fz_chartorune(&rune, tmp + i);
		if (rune == 0xFB01 || rune == 0xFB02)
			c = rune == 0xFB01 ? MK_CODE_FI : MK_CODE_FL;
		else
			c = fz_windows_1252_from_unicode(rune);
		if (c < 32 || c > 255)
			c = '?';
		out[o++] = (char)c;
	}
	fz_free(ctx, tmp);
	out[o] = '\0';
	*out_len = o;
	return out;
}

static int code_to_unicode(unsigned char c)
{
	if (c == MK_CODE_FI)
		return 0xFB01;
	if (c == MK_CODE_FL)
		return 0xFB02;
	return fz_unicode_from_windows_1252[c];
}

static float text_width(fz_context *ctx, fz_font *font, float size, const char *s, size_t n)
{
	float w = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int u = code_to_unicode((unsigned char)s[i]);
		int gid = fz_encode_character(ctx, font, u);

		w += fz_advance_glyph(ctx, font, gid, 0) * size;
	}
	return w;
}

static void new_page(mk_layout *l)
{
	l->pages++;
	l->y = MK_PAGE_H - MK_MARGIN;
}

static void add_item(fz_context *ctx, mk_layout *l, int font, float size, float x,
		     const char *s, size_t n)
{
	mk_item *it;

	if (l->nitems == l->cap) {
		size_t cap = l->cap == 0 ? 64 : l->cap * 2;

		l->items = fz_realloc(ctx, l->items, cap * sizeof(*l->items));
		l->cap = cap;
	}
	it = &l->items[l->nitems];
	it->text = fz_malloc(ctx, n + 1);
	memcpy(it->text, s, n);
	it->text[n] = '\0';
	it->len = n;
	it->page = l->pages;
	it->font = font;
	it->size = size;
	it->x = x;
	it->y = l->y;
	l->nitems++;
}

/* A page break in the text: a new page unless this one is still empty (a
 * text that starts with a break, or a break right after an overflow). For a
 * page with nothing on it, use --blank-page. */
static void page_break(mk_layout *l)
{
	if (l->y < MK_PAGE_H - MK_MARGIN)
		new_page(l);
}

/* Move down one line of the given size, starting a new page when the bottom
 * margin is reached; returns the baseline to write on. */
static void advance(mk_layout *l, float size)
{
	if (l->pages == 0 || l->y - size * MK_LEADING < MK_MARGIN)
		new_page(l);
	l->y -= size * MK_LEADING;
}

/* One input line (already Windows-1252, no markers): wrapped to the text width. */
static void lay_line(fz_context *ctx, mk_layout *l, int font, float size, int right,
		     const char *s, size_t n)
{
	const float avail = MK_PAGE_W - 2 * MK_MARGIN;

	if (n == 0) {
		advance(l, size);
		return;
	}
	while (n > 0) {
		size_t take = n, last_space = 0;
		size_t i;
		float w = 0;

		/* Longest prefix that fits, broken at the last space when there is one. */
		for (i = 1; i <= n; i++) {
			w += text_width(ctx, l->font[font], size, s + i - 1, 1);
			if (w > avail) {
				take = i - 1;
				break;
			}
			if (s[i - 1] == ' ')
				last_space = i;
		}
		if (take < n && last_space > 0)
			take = last_space;
		if (take == 0)
			take = 1;
		w = text_width(ctx, l->font[font], size, s, take);
		advance(l, size);
		add_item(ctx, l, font, size, right ? MK_PAGE_W - MK_MARGIN - w : MK_MARGIN, s,
			 take);
		s += take;
		n -= take;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
	}
}

static void lay_text(fz_context *ctx, mk_layout *l, const char *text, size_t len)
{
	size_t pos = 0;

	new_page(l);
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - pos;
		size_t enc_len;
		char *enc;
		int font = MK_FONT_BODY, right = 0;
		float size = MK_BODY_SIZE;

		pos += n + (nl != NULL ? 1 : 0);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n > 0 && line[0] == '\f') {
			page_break(l);
			line++;
			n--;
		} else if (n >= 2 && line[0] == '\\' && line[1] == 'f') {
			page_break(l);
			line += 2;
			n -= 2;
		}
		if (n >= 3 && memcmp(line, "## ", 3) == 0) {
			font = MK_FONT_BOLD;
			line += 3;
			n -= 3;
		} else if (n >= 2 && memcmp(line, "# ", 2) == 0) {
			font = MK_FONT_BOLD;
			size = MK_HEAD_SIZE;
			line += 2;
			n -= 2;
		} else if (n >= 3 && memcmp(line, ">> ", 3) == 0) {
			right = 1;
			line += 3;
			n -= 3;
		}
		enc = to_cp1252(ctx, line, n, &enc_len);
		while (enc_len > 0 && enc[enc_len - 1] == ' ')
			enc_len--;
		lay_line(ctx, l, font, size, right, enc, enc_len);
		fz_free(ctx, enc);
	}
}

/* PDF string literal: escape the delimiters and keep high bytes as octal so
 * the content stream stays ASCII (PDF 32000-1 7.3.4.2). */
static void append_pdf_string(fz_context *ctx, fz_buffer *buf, const char *s, size_t n)
{
	size_t i;

	fz_append_byte(ctx, buf, '(');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '(' || c == ')' || c == '\\')
			fz_append_printf(ctx, buf, "\\%c", c);
		else if (c < 32 || c > 126) {
			/* fz_append_printf has no %o. */
			fz_append_byte(ctx, buf, '\\');
			fz_append_byte(ctx, buf, '0' + (c >> 6));
			fz_append_byte(ctx, buf, '0' + ((c >> 3) & 7));
			fz_append_byte(ctx, buf, '0' + (c & 7));
		}
		else
			fz_append_byte(ctx, buf, c);
	}
	fz_append_byte(ctx, buf, ')');
}

static void append_text(fz_context *ctx, fz_buffer *buf, int font, float size, float x, float y,
			const char *s, size_t n)
{
	fz_append_printf(ctx, buf, "BT /F%d %g Tf %g %g Td ", font + 1, size, x, y);
	append_pdf_string(ctx, buf, s, n);
	fz_append_string(ctx, buf, " Tj ET\n");
}

static pdf_obj *add_font(fz_context *ctx, pdf_document *doc, fz_font *font)
{
	pdf_obj *f = pdf_add_simple_font(ctx, doc, font, PDF_SIMPLE_ENCODING_LATIN);

	fz_try(ctx)
	{
		pdf_obj *enc = pdf_dict_put_dict(ctx, f, PDF_NAME(Encoding), 2);
		pdf_obj *diff;

		pdf_dict_put(ctx, enc, PDF_NAME(BaseEncoding), PDF_NAME(WinAnsiEncoding));
		diff = pdf_dict_put_array(ctx, enc, PDF_NAME(Differences), 4);
		pdf_array_push_int(ctx, diff, MK_CODE_FI);
		pdf_array_push_name(ctx, diff, "fi");
		pdf_array_push_int(ctx, diff, MK_CODE_FL);
		pdf_array_push_name(ctx, diff, "fl");
	}
	fz_catch(ctx)
	{
		pdf_drop_obj(ctx, f);
		fz_rethrow(ctx);
	}
	return f;
}

static pdf_obj *font_resources(fz_context *ctx, pdf_document *doc, mk_layout *l)
{
	pdf_obj *res = pdf_new_dict(ctx, doc, 2);
	pdf_obj *fonts, *f;

	fz_try(ctx)
	{
		fonts = pdf_dict_put_dict(ctx, res, PDF_NAME(Font), 2);
		f = add_font(ctx, doc, l->font[MK_FONT_BODY]);
		pdf_dict_puts_drop(ctx, fonts, "F1", f);
		f = add_font(ctx, doc, l->font[MK_FONT_BOLD]);
		pdf_dict_puts_drop(ctx, fonts, "F2", f);
	}
	fz_catch(ctx)
	{
		pdf_drop_obj(ctx, res);
		fz_rethrow(ctx);
	}
	return res;
}

/* A page with an image only: what a scanner makes. The picture is grey bands
 * like lines of print, drawn from a fixed pattern so the bytes never change. */
static pdf_obj *image_resources(fz_context *ctx, pdf_document *doc)
{
	fz_pixmap *pix = fz_new_pixmap(ctx, fz_device_gray(ctx), 120, 170, NULL, 0);
	fz_image *img = NULL;
	pdf_obj *res = NULL;
	pdf_obj *xobj, *ref;
	int x, y;

	fz_var(img);
	fz_var(res);
	for (y = 0; y < 170; y++)
		for (x = 0; x < 120; x++) {
			int ink = y > 15 && y < 155 && x > 14 && x < 106 && y % 6 < 2 &&
				  (x * 7 + y * 3) % 23 != 0;

			pix->samples[y * pix->stride + x] = ink ? 60 : 245;
		}
	fz_try(ctx)
	{
		img = fz_new_image_from_pixmap(ctx, pix, NULL);
		res = pdf_new_dict(ctx, doc, 1);
		xobj = pdf_dict_put_dict(ctx, res, PDF_NAME(XObject), 1);
		ref = pdf_add_image(ctx, doc, img);
		pdf_dict_puts_drop(ctx, xobj, "Im1", ref);
	}
	fz_always(ctx)
	{
		fz_drop_image(ctx, img);
		fz_drop_pixmap(ctx, pix);
	}
	fz_catch(ctx)
	{
		pdf_drop_obj(ctx, res);
		fz_rethrow(ctx);
	}
	return res;
}

static int special_at(const mk_opts *o, int at)
{
	int i;

	for (i = 0; i < o->nspecials; i++)
		if (o->specials[i].at == at)
			return o->specials[i].kind;
	return 0;
}

static void add_one_page(fz_context *ctx, pdf_document *doc, const mk_opts *o, pdf_obj *res,
			 fz_buffer *contents)
{
	fz_rect box = {0, 0, MK_PAGE_W, MK_PAGE_H};
	pdf_obj *page = pdf_add_page(ctx, doc, box, o->rotate, res, contents);

	fz_try(ctx)
	{
		if (o->crop) {
			fz_rect crop = {MK_CROP, MK_CROP, MK_PAGE_W - MK_CROP, MK_PAGE_H - MK_CROP};

			pdf_dict_put_rect(ctx, page, PDF_NAME(CropBox), crop);
		}
		pdf_insert_page(ctx, doc, -1, page);
	}
	fz_always(ctx)
		pdf_drop_obj(ctx, page);
	fz_catch(ctx)
		fz_rethrow(ctx);
}

/* The content of text page number `text_page` (items from *k on). */
static void text_content(fz_context *ctx, fz_buffer *buf, const mk_opts *o, mk_layout *l,
			 int text_page, size_t *k, int at, int total)
{
	for (; *k < l->nitems && l->items[*k].page == text_page; (*k)++) {
		const mk_item *it = &l->items[*k];

		append_text(ctx, buf, it->font, it->size, it->x, it->y, it->text, it->len);
	}
	if (o->page_numbers) {
		char foot[64];
		int n = snprintf(foot, sizeof(foot), "Page %d of %d", at, total);
		float w = text_width(ctx, l->font[MK_FONT_BODY], 9, foot, (size_t)n);

		append_text(ctx, buf, MK_FONT_BODY, 9, (MK_PAGE_W - w) / 2, MK_MARGIN / 2, foot,
			    (size_t)n);
	}
	if (o->corner_text != NULL) {
		size_t n;
		char *enc = to_cp1252(ctx, o->corner_text, strlen(o->corner_text), &n);

		/* Inside the margin that --crop cuts away. */
		append_text(ctx, buf, MK_FONT_BODY, 8, 6, 10, enc, n);
		fz_free(ctx, enc);
	}
}

static void write_page(fz_context *ctx, pdf_document *doc, const mk_opts *o, mk_layout *l,
		       int at, int total, int *text_page, size_t *k)
{
	fz_buffer *buf = fz_new_buffer(ctx, 1024);

	fz_try(ctx)
	{
		int kind = special_at(o, at);

		if (kind == MK_SPECIAL_IMAGE) {
			if (l->img_res == NULL)
				l->img_res = image_resources(ctx, doc);
			fz_append_printf(ctx, buf, "q %g 0 0 %g 0 0 cm /Im1 Do Q\n", MK_PAGE_W,
					 MK_PAGE_H);
			add_one_page(ctx, doc, o, l->img_res, buf);
		} else if (kind == MK_SPECIAL_BLANK) {
			/* Drawing operators only: a light frame, no text. */
			fz_append_printf(ctx, buf, "0.85 G 2 w %g %g %g %g re S\n", MK_MARGIN,
					 MK_MARGIN, MK_PAGE_W - 2 * MK_MARGIN,
					 MK_PAGE_H - 2 * MK_MARGIN);
			add_one_page(ctx, doc, o, l->text_res, buf);
		} else {
			(*text_page)++;
			text_content(ctx, buf, o, l, *text_page, k, at, total);
			add_one_page(ctx, doc, o, l->text_res, buf);
		}
	}
	fz_always(ctx)
		fz_drop_buffer(ctx, buf);
	fz_catch(ctx)
		fz_rethrow(ctx);
}

static void write_pages(fz_context *ctx, pdf_document *doc, const mk_opts *o, mk_layout *l)
{
	int total = l->pages, text_page = 0, at, i;
	size_t k = 0;

	/* Special pages land at their number; one past the end is appended. */
	for (i = 0; i < o->nspecials; i++)
		if (o->specials[i].at <= total + 1)
			total++;
	l->text_res = font_resources(ctx, doc, l);
	for (at = 1; at <= total; at++)
		write_page(ctx, doc, o, l, at, total, &text_page, &k);
}

static void write_info(fz_context *ctx, pdf_document *doc, const mk_opts *o, const char *text,
		       size_t len)
{
	pdf_obj *trailer = pdf_trailer(ctx, doc);
	pdf_obj *info = pdf_add_new_dict(ctx, doc, 4);
	pdf_obj *id;
	unsigned char digest[16];
	fz_md5 md5;

	pdf_dict_put_drop(ctx, trailer, PDF_NAME(Info), info);
	pdf_dict_put_text_string(ctx, info, PDF_NAME(Producer), "sendbundle sb_mkpdf");
	if (o->title != NULL)
		pdf_dict_put_text_string(ctx, info, PDF_NAME(Title), o->title);
	if (o->author != NULL)
		pdf_dict_put_text_string(ctx, info, PDF_NAME(Author), o->author);
	if (o->created != NULL)
		pdf_dict_put_string(ctx, info, PDF_NAME(CreationDate), o->created,
				    strlen(o->created));
	/* A fixed /ID from the input, so equal inputs give equal files
	 * (docs/style.md rule 7). */
	fz_md5_init(&md5);
	fz_md5_update(&md5, (const unsigned char *)text, len);
	fz_md5_update_int64(&md5, o->rotate * 4 + o->crop * 2 + o->page_numbers);
	fz_md5_final(&md5, digest);
	id = pdf_dict_put_array(ctx, trailer, PDF_NAME(ID), 2);
	pdf_array_push_string(ctx, id, (const char *)digest, sizeof(digest));
	pdf_array_push_string(ctx, id, (const char *)digest, sizeof(digest));
}

static char *read_input(fz_context *ctx, const char *path, size_t *len)
{
	fz_buffer *b = fz_read_file(ctx, path);
	char *out = NULL;

	fz_var(out);
	fz_try(ctx)
	{
		if (b->len > MK_MAX_INPUT)
			fz_throw(ctx, FZ_ERROR_GENERIC, "'%s' is over 16 MiB", path);
		out = fz_malloc(ctx, b->len + 1);
		memcpy(out, b->data, b->len);
		out[b->len] = '\0';
		*len = b->len;
	}
	fz_always(ctx)
		fz_drop_buffer(ctx, b);
	fz_catch(ctx)
		fz_rethrow(ctx);
	return out;
}

static void make_pdf(fz_context *ctx, const mk_opts *o, mk_layout *l, pdf_document **doc,
		     char **text)
{
	pdf_write_options wo = pdf_default_write_options;
	size_t len = 0;

	*text = read_input(ctx, o->in, &len);
	l->font[MK_FONT_BODY] = fz_new_base14_font(ctx, "Helvetica");
	l->font[MK_FONT_BOLD] = fz_new_base14_font(ctx, "Helvetica-Bold");
	lay_text(ctx, l, *text, len);
	*doc = pdf_create_document(ctx);
	write_pages(ctx, *doc, o, l);
	write_info(ctx, *doc, o, *text, len);
	wo.do_compress = 1;
	wo.do_garbage = 3;
	wo.dont_regenerate_id = 1;
	pdf_save_document(ctx, *doc, o->out, &wo);
}

int main(int argc, char **argv)
{
	fz_context *ctx;
	mk_opts o;
	mk_layout l;
	pdf_document *doc = NULL;
	char *text = NULL;
	int rc = 0;
	size_t i;

	fz_var(doc);
	fz_var(text);
	fz_var(rc);

	if (parse_args(argc, argv, &o) != 0) {
		usage();
		return 2;
	}
	memset(&l, 0, sizeof(l));
	ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
	if (ctx == NULL) {
		fputs("sb_mkpdf: cannot start MuPDF\n", stderr);
		return 1;
	}
	/* make_pdf owns nothing itself: everything it makes hangs off l, doc and
	 * text, which live outside the try and are released below. */
	fz_try(ctx)
		make_pdf(ctx, &o, &l, &doc, &text);
	fz_catch(ctx)
	{
		fprintf(stderr, "sb_mkpdf: %s: %s\n", o.out, fz_caught_message(ctx));
		rc = 1;
	}
	for (i = 0; i < l.nitems; i++)
		fz_free(ctx, l.items[i].text);
	fz_free(ctx, l.items);
	fz_drop_font(ctx, l.font[0]);
	fz_drop_font(ctx, l.font[1]);
	pdf_drop_obj(ctx, l.text_res);
	pdf_drop_obj(ctx, l.img_res);
	pdf_drop_document(ctx, doc);
	fz_free(ctx, text);
	fz_drop_context(ctx);
	return rc;
}
