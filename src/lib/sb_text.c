/*
 * sb_text: bytes in whatever encoding people's files and e-mails use, to
 * clean UTF-8; and HTML e-mail bodies reduced to plain text.
 *
 * The order of choice follows the WHATWG Encoding Standard ("decode"): a byte
 * order mark wins over any label, then the charset an e-mail part declares,
 * then the bytes themselves. Text that is not UTF-8 is almost always
 * Windows-1252 in the UK (Word's and Outlook's "smart quotes"), and the labels
 * iso-8859-1, latin1 and us-ascii mean windows-1252 in practice, which is why
 * the Encoding Standard maps them to it; we do the same.
 *
 * Every input is hostile: invalid sequences become U+FFFD (Unicode 15 s.3.9,
 * "maximal subpart" substitution), NULs are dropped, output is capped, and
 * the HTML scanner is a single bounded pass with no recursion.
 */
#include "sb_text.h"

#include <sendbundle/reader.h>

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu
#define CHARSET_NAME_MAX 64

/* Windows-1252 bytes 0x80-0x9F (unicode.org MAPPINGS/VENDORS/MICSFT/WINDOWS/
 * CP1252.TXT); the five bytes it leaves undefined become U+FFFD. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

/* ---- a growing UTF-8 buffer, capped ---- */

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* most bytes allowed, not counting the NUL */
};

static int buf_put(struct buf *b, const char *bytes, size_t n)
{
	size_t need, cap;
	char *grown;

	if (n > b->max || b->len > b->max - n)
		return SB_ERANGE;
	need = b->len + n + 1;
	if (need > b->cap) {
		cap = b->cap < 256 ? 256 : b->cap;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		grown = realloc(b->data, cap);
		if (grown == NULL)
			return SB_ENOMEM;
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, bytes, n);
	b->len += n;
	b->data[b->len] = '\0';
	return SB_OK;
}

/* cp as UTF-8 into out (4 bytes); surrogates and values past U+10FFFF become
 * U+FFFD. Returns the length. */
static size_t utf8_encode(uint32_t cp, char out[4])
{
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * One code point from p (n > 0 bytes) into *cp; returns the bytes used. An
 * ill-formed sequence gives U+FFFD for its maximal subpart (Unicode 15
 * Table 3-7: no overlongs, no surrogates, nothing past U+10FFFF) and sets
 * *bad.
 */
size_t sb_utf8_step(const unsigned char *p, size_t n, uint32_t *cp, bool *bad)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	*bad = false;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1Fu;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0Fu;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07u;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*cp = REPLACEMENT;
		*bad = true;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*cp = REPLACEMENT;
			*bad = true;
			return i;
		}
		v = (v << 6) | (p[i] & 0x3Fu);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

/* ---- the decoder's output: NULs dropped, CRLF and CR folded to LF ---- */

struct sink {
	struct buf out;
	bool after_cr; /* the last code point was CR, so an LF now belongs to it */
};

static int sink_cp(struct sink *s, uint32_t cp)
{
	char enc[4];

	if (cp == 0)
		return SB_OK;
	if (cp == '\n' && s->after_cr) {
		s->after_cr = false;
		return SB_OK;
	}
	s->after_cr = cp == '\r';
	if (cp == '\r')
		cp = '\n';
	return buf_put(&s->out, enc, utf8_encode(cp, enc));
}

static int decode_utf8(struct sink *s, const unsigned char *p, size_t n)
{
	size_t i = 0;
	int rc;

	while (i < n) {
		uint32_t cp;
		bool bad;
		size_t used;
		size_t run = i;

		/* Copy runs of plain ASCII other than NUL and CR in one go. */
		while (run < n && p[run] < 0x80 && p[run] != 0 && p[run] != '\r' &&
		       !(p[run] == '\n' && run == i && s->after_cr))
			run++;
		if (run > i) {
			rc = buf_put(&s->out, (const char *)p + i, run - i);
			if (rc != SB_OK)
				return rc;
			s->after_cr = false;
			i = run;
			continue;
		}
		used = sb_utf8_step(p + i, n - i, &cp, &bad);
		rc = sink_cp(s, cp);
		if (rc != SB_OK)
			return rc;
		i += used;
	}
	return SB_OK;
}

static int decode_utf16(struct sink *s, const unsigned char *p, size_t n, bool be)
{
	size_t i = 0;
	int rc;

	while (i + 1 < n) {
		uint32_t u = be ? (uint32_t)(p[i] << 8 | p[i + 1])
				: (uint32_t)(p[i] | p[i + 1] << 8);

		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF) {
			uint32_t w = 0;

			if (i + 1 < n)
				w = be ? (uint32_t)(p[i] << 8 | p[i + 1])
				       : (uint32_t)(p[i] | p[i + 1] << 8);
			if (w >= 0xDC00 && w <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (w - 0xDC00);
				i += 2;
			} else {
				u = REPLACEMENT; /* a lone high surrogate */
			}
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			u = REPLACEMENT; /* a lone low surrogate */
		}
		rc = sink_cp(s, u);
		if (rc != SB_OK)
			return rc;
	}
	if (i < n)
		return sink_cp(s, REPLACEMENT); /* an odd byte at the end */
	return SB_OK;
}

static int decode_cp1252(struct sink *s, const unsigned char *p, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		uint32_t cp = p[i];

		if (cp >= 0x80 && cp <= 0x9F)
			cp = cp1252_high[cp - 0x80];
		rc = sink_cp(s, cp);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

/*
 * Any other charset through glibc's iconv. Its output is read back through
 * decode_utf8, so whatever iconv produces is checked and folded like the
 * rest. *unsupported is set when iconv does not know the charset.
 */
static int decode_iconv(struct sink *s, const unsigned char *data, size_t len,
			const char *charset, bool *unsupported)
{
	/* iconv() takes char ** for input it never writes; the cast through
	 * uintptr_t says so without -Wcast-qual noise. */
	char *in = (char *)(uintptr_t)data;
	size_t inleft = len;
	char chunk[4096];
	iconv_t cd;
	int rc = SB_OK;

	*unsupported = false;
	cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		*unsupported = true;
		return SB_OK;
	}
	while (inleft > 0) {
		char *o = chunk;
		size_t oleft = sizeof(chunk);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		int e = errno;

		rc = decode_utf8(s, (const unsigned char *)chunk, sizeof(chunk) - oleft);
		if (rc != SB_OK)
			goto done;
		if (r != (size_t)-1)
			continue;
		if (e == E2BIG && oleft < sizeof(chunk))
			continue;
		rc = sink_cp(s, REPLACEMENT);
		if (rc != SB_OK)
			goto done;
		if (e == EILSEQ) {
			in++; /* resynchronise on the next byte */
			inleft--;
		} else {
			break; /* EINVAL: a sequence cut off at the end; or no progress */
		}
	}
done:
	iconv_close(cd);
	return rc;
}

enum encoding { ENC_DETECT, ENC_UTF8, ENC_UTF16, ENC_UTF16LE, ENC_UTF16BE, ENC_CP1252, ENC_ICONV };

/* A declared charset, lower-cased into name (CHARSET_NAME_MAX bytes), and
 * what to do with it. Names with anything but letters, digits and ._:-+()
 * are ignored, so nothing odd ("x//TRANSLIT") reaches iconv_open. */
static enum encoding classify_charset(const char *charset, char *name)
{
	static const char *const cp1252_labels[] = {
		"windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1",
		"iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100",
		"8859-1", "iso88591", "csisolatin1"};
	static const char *const detect_labels[] = {
		/* Declared UTF-8 or ASCII that is not valid is usually Windows-1252
		 * mislabelled: detection decides (the brief: failures fall back). */
		"utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "unicode-1-1-utf-8"};
	size_t i, n = 0;
	const char *p;

	if (charset == NULL)
		return ENC_DETECT;
	p = charset;
	while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
		p++;
	for (; *p != '\0' && *p != '"' && *p != '\'' && *p != ' ' && *p != ';'; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.' || c == ':' || c == '+' || c == '(' || c == ')'))
			return ENC_DETECT;
		if (n + 1 >= CHARSET_NAME_MAX)
			return ENC_DETECT;
		name[n++] = c;
	}
	name[n] = '\0';
	if (n == 0)
		return ENC_DETECT;
	for (i = 0; i < sizeof(detect_labels) / sizeof(detect_labels[0]); i++)
		if (strcmp(name, detect_labels[i]) == 0)
			return ENC_DETECT;
	for (i = 0; i < sizeof(cp1252_labels) / sizeof(cp1252_labels[0]); i++)
		if (strcmp(name, cp1252_labels[i]) == 0)
			return ENC_CP1252;
	if (strcmp(name, "utf-16") == 0 || strcmp(name, "utf16") == 0)
		return ENC_UTF16;
	if (strcmp(name, "utf-16le") == 0 || strcmp(name, "utf16le") == 0)
		return ENC_UTF16LE;
	if (strcmp(name, "utf-16be") == 0 || strcmp(name, "utf16be") == 0)
		return ENC_UTF16BE;
	return ENC_ICONV;
}

/*
 * No BOM and no usable label: UTF-8 when the bytes are valid UTF-8, or when
 * valid multi-byte sequences outnumber invalid bytes (a UTF-8 file with a
 * few damaged bytes, which should keep its accents and show U+FFFD where it
 * is damaged); otherwise Windows-1252, where a valid multi-byte sequence is
 * all but impossible in real prose ("Ã©" would be needed).
 */
static enum encoding detect(const unsigned char *p, size_t n)
{
	size_t i = 0, valid_multi = 0, invalid = 0;

	while (i < n) {
		uint32_t cp;
		bool bad;
		size_t used;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		used = sb_utf8_step(p + i, n - i, &cp, &bad);
		if (bad)
			invalid++;
		else
			valid_multi++;
		i += used;
	}
	if (invalid == 0 || valid_multi > invalid)
		return ENC_UTF8;
	return ENC_CP1252;
}

/* UTF-16 declared without a BOM: RFC 2781 s.4.3 says big-endian, but Windows
 * writes little-endian; ASCII-heavy text shows which by where its zero bytes
 * fall. */
static enum encoding guess_utf16(const unsigned char *p, size_t n)
{
	size_t i, even = 0, odd = 0;

	for (i = 0; i < n && i < 4096; i++) {
		if (p[i] != 0)
			continue;
		if (i % 2 == 0)
			even++;
		else
			odd++;
	}
	return odd > even ? ENC_UTF16LE : ENC_UTF16BE;
}

int sb_text_decode(const unsigned char *data, size_t len, const char *charset, size_t max_out,
		   char **out, size_t *out_len, sb_error *err)
{
	struct sink s;
	char name[CHARSET_NAME_MAX];
	enum encoding enc;
	bool unsupported = false;
	int rc;

	if (out == NULL || (data == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no text to decode");
	*out = NULL;
	if (out_len != NULL)
		*out_len = 0;
	memset(&s, 0, sizeof(s));
	s.out.max = max_out;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		enc = ENC_UTF8;
	} else if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
		data += 2;
		len -= 2;
		enc = ENC_UTF16LE;
	} else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
		data += 2;
		len -= 2;
		enc = ENC_UTF16BE;
	} else {
		enc = classify_charset(charset, name);
	}
	if (enc == ENC_UTF16)
		enc = guess_utf16(data, len);
	if (enc == ENC_ICONV) {
		rc = decode_iconv(&s, data, len, name, &unsupported);
		if (rc != SB_OK || !unsupported)
			goto done;
		enc = ENC_DETECT;
	}
	if (enc == ENC_DETECT)
		enc = detect(data, len);
	switch (enc) {
	case ENC_UTF16LE:
		rc = decode_utf16(&s, data, len, false);
		break;
	case ENC_UTF16BE:
		rc = decode_utf16(&s, data, len, true);
		break;
	case ENC_CP1252:
		rc = decode_cp1252(&s, data, len);
		break;
	default:
		rc = decode_utf8(&s, data, len);
		break;
	}
done:
	if (rc == SB_OK && s.out.data == NULL)
		rc = buf_put(&s.out, "", 0); /* "" rather than NULL for empty text */
	if (rc != SB_OK) {
		free(s.out.data);
		if (rc == SB_ERANGE) {
			sb_error_set(err, SB_ERANGE, NULL, "split the file, or leave it out",
				     "the text is longer than the %zu bytes a document may have",
				     max_out);
			sb_error_reason(err, "too-large");
			return SB_ERANGE;
		}
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory decoding text");
	}
	*out = s.out.data;
	if (out_len != NULL)
		*out_len = s.out.len;
	return SB_OK;
}

int sb_text_to_utf8(const unsigned char *data, size_t len, const char *charset, char **out,
		    size_t *out_len, sb_error *err)
{
	return sb_text_decode(data, len, charset, SIZE_MAX - 1, out, out_len, err);
}

bool sb_text_has_visible(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			continue;
		if (c == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] == 0xA0) {
			i++; /* U+00A0 NO-BREAK SPACE */
			continue;
		}
		return true;
	}
	return false;
}

/* ---- HTML to text ---- */

/* The output of the HTML scanner: white space is held back and written only
 * before the next visible text, so lines never start or end with spaces and
 * there is never more than one blank line. */
struct hout {
	struct buf b;
	int breaks;   /* line breaks owed before the next text (at most 2) */
	bool space;   /* a space owed before the next text */
	bool pre;     /* inside <pre>: white space is kept */
};

static void hout_break(struct hout *o, int n, bool add)
{
	int v = add ? o->breaks + n : (o->breaks > n ? o->breaks : n);

	o->breaks = v > 2 ? 2 : v;
}

static int hout_text(struct hout *o, const char *s, size_t n)
{
	int rc;

	if (n == 0)
		return SB_OK;
	if (o->b.len > 0 && o->breaks > 0)
		rc = buf_put(&o->b, "\n\n", (size_t)o->breaks);
	else if (o->b.len > 0 && o->space)
		rc = buf_put(&o->b, " ", 1);
	else
		rc = SB_OK;
	o->breaks = 0;
	o->space = false;
	if (rc != SB_OK)
		return rc;
	return buf_put(&o->b, s, n);
}

static int hout_white(struct hout *o, char c)
{
	if (!o->pre) {
		o->space = true;
		return SB_OK;
	}
	if (c == '\n') {
		hout_break(o, 1, true);
		return SB_OK;
	}
	if (c == '\r' || c == '\f')
		return SB_OK;
	return hout_text(o, c == '\t' ? "\t" : " ", 1);
}

static int hout_cp(struct hout *o, uint32_t cp)
{
	char enc[4];

	if (cp == 0xAD || cp == 0x200B)
		return SB_OK; /* soft hyphen, zero-width space: invisible */
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0)
		return hout_white(o, (char)(cp == 0xA0 ? ' ' : cp));
	return hout_text(o, enc, utf8_encode(cp, enc));
}

static char lower(char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Case-insensitive search for needle (lower case) in [p, end); NULL if absent. */
static const char *find_ci(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle), i;

	for (; (size_t)(end - p) >= n; p++) {
		for (i = 0; i < n && lower(p[i]) == needle[i]; i++)
			;
		if (i == n)
			return p;
	}
	return NULL;
}

/* The end of a tag or declaration that starts at p ('<'): just past its '>',
 * skipping quoted attribute values; end when it is never closed. */
static const char *tag_end(const char *p, const char *end)
{
	char quote = 0;

	for (p++; p < end; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '>') {
			return p + 1;
		} else if ((*p == '"' || *p == '\'') && (p[-1] == '=' || p[-1] == ' ')) {
			quote = *p;
		}
	}
	return end;
}

enum { T_NONE, T_LINE, T_PARA, T_BR, T_CELL, T_DROP, T_HEAD, T_PRE };

struct tag_rule {
	const char *name;
	unsigned char kind;
};

/* What each element does to the text (HTML Living Standard s.15.3, "the
 * rendering": which elements are blocks). Anything else is inline. */
static const struct tag_rule tag_rules[] = {
	{"address", T_LINE}, {"article", T_LINE}, {"aside", T_LINE}, {"blockquote", T_PARA},
	{"body", T_LINE}, {"br", T_BR}, {"caption", T_LINE}, {"center", T_LINE}, {"dd", T_LINE},
	{"div", T_LINE}, {"dl", T_LINE}, {"dt", T_LINE}, {"fieldset", T_LINE},
	{"figure", T_LINE}, {"footer", T_LINE}, {"form", T_LINE}, {"h1", T_PARA},
	{"h2", T_PARA}, {"h3", T_PARA}, {"h4", T_PARA}, {"h5", T_PARA}, {"h6", T_PARA},
	{"head", T_HEAD}, {"header", T_LINE}, {"hr", T_LINE}, {"li", T_LINE}, {"main", T_LINE},
	{"nav", T_LINE}, {"noscript", T_NONE}, {"ol", T_PARA}, {"p", T_PARA}, {"pre", T_PRE},
	{"script", T_DROP}, {"section", T_LINE}, {"style", T_DROP}, {"table", T_PARA},
	{"td", T_CELL}, {"template", T_DROP}, {"th", T_CELL}, {"title", T_DROP}, {"tr", T_LINE},
	{"ul", T_PARA}, {"xml", T_DROP}};

static int tag_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(tag_rules) / sizeof(tag_rules[0]); i++)
		if (strcmp(tag_rules[i].name, name) == 0)
			return tag_rules[i].kind;
	return T_NONE;
}

struct entity {
	const char *name;
	uint32_t cp;
};

/* The named character references e-mail programs actually write (HTML Living
 * Standard s.13.5 has them all; these cover Outlook, Gmail and Word). */
static const struct entity entities[] = {
	{"AElig", 0xC6},   {"Aacute", 0xC1},  {"Agrave", 0xC0},  {"Eacute", 0xC9},
	{"Ouml", 0xD6},	   {"Uuml", 0xDC},    {"aacute", 0xE1},	 {"acirc", 0xE2},
	{"aelig", 0xE6},   {"agrave", 0xE0},  {"amp", '&'},	 {"apos", '\''},
	{"auml", 0xE4},	   {"bdquo", 0x201E}, {"bull", 0x2022},	 {"ccedil", 0xE7},
	{"cent", 0xA2},	   {"copy", 0xA9},    {"deg", 0xB0},	 {"divide", 0xF7},
	{"eacute", 0xE9},  {"ecirc", 0xEA},   {"egrave", 0xE8},	 {"emsp", 0x2003},
	{"ensp", 0x2002},  {"euml", 0xEB},    {"euro", 0x20AC},	 {"frac12", 0xBD},
	{"frac14", 0xBC},  {"frac34", 0xBE},  {"gt", '>'},	 {"hellip", 0x2026},
	{"iacute", 0xED},  {"iuml", 0xEF},    {"laquo", 0xAB},	 {"ldquo", 0x201C},
	{"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", '<'},	 {"mdash", 0x2014},
	{"middot", 0xB7},  {"nbsp", 0xA0},    {"ndash", 0x2013}, {"ntilde", 0xF1},
	{"oacute", 0xF3},  {"ocirc", 0xF4},   {"ouml", 0xF6},	 {"para", 0xB6},
	{"pound", 0xA3},   {"quot", '"'},     {"raquo", 0xBB},	 {"rdquo", 0x201D},
	{"reg", 0xAE},	   {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
	{"sect", 0xA7},	   {"shy", 0xAD},     {"thinsp", 0x2009}, {"times", 0xD7},
	{"trade", 0x2122}, {"uacute", 0xFA},  {"uuml", 0xFC},	 {"yen", 0xA5},
	{"zwj", 0x200D},   {"zwnj", 0x200C}};

/* Names that browsers accept without the ';' (the legacy list, s.13.5). */
static bool legacy_entity(const char *name)
{
	return strcmp(name, "amp") == 0 || strcmp(name, "lt") == 0 || strcmp(name, "gt") == 0 ||
	       strcmp(name, "quot") == 0 || strcmp(name, "nbsp") == 0 ||
	       strcmp(name, "copy") == 0 || strcmp(name, "reg") == 0;
}

/*
 * A character reference at p ('&'). On success *cp is the character and the
 * return value is just past the reference; NULL when p is a plain '&'.
 * Numeric references follow the HTML standard's fix-ups: 0, surrogates and
 * values past U+10FFFF become U+FFFD and 0x80-0x9F are read as Windows-1252.
 */
static const char *entity_at(const char *p, const char *end, uint32_t *cp)
{
	const char *q = p + 1;
	char name[12];
	size_t n = 0, i;

	if (q < end && *q == '#') {
		bool hex = false;
		uint32_t v = 0;
		size_t digits = 0;

		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = true;
			q++;
		}
		for (; q < end; q++, digits++) {
			int d;

			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (hex && lower(*q) >= 'a' && lower(*q) <= 'f')
				d = lower(*q) - 'a' + 10;
			else
				break;
			if (v <= 0x10FFFF)
				v = v * (hex ? 16u : 10u) + (uint32_t)d;
		}
		if (digits == 0)
			return NULL;
		if (q < end && *q == ';')
			q++;
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = REPLACEMENT;
		else if (v >= 0x80 && v <= 0x9F)
			v = cp1252_high[v - 0x80];
		*cp = v;
		return q;
	}
	while (q < end && is_alnum(*q) && n + 1 < sizeof(name))
		name[n++] = *q++;
	name[n] = '\0';
	if (n == 0)
		return NULL;
	if (q < end && *q == ';') {
		for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
			if (strcmp(entities[i].name, name) == 0) {
				*cp = entities[i].cp;
				return q + 1;
			}
		}
		return NULL;
	}
	if ((q >= end || !is_alnum(*q)) && legacy_entity(name)) {
		for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
			if (strcmp(entities[i].name, name) == 0) {
				*cp = entities[i].cp;
				return q;
			}
		}
	}
	return NULL;
}

/* After a dropped element's start tag: just past its end tag, or end. <head>
 * also ends where <body> starts (e-mail HTML often never closes it); a head
 * closed by nothing is not dropped (returns NULL), so no body text is lost. */
static const char *skip_element(const char *p, const char *end, const char *name, bool head)
{
	char close[16];
	const char *q;

	close[0] = '<';
	close[1] = '/';
	strncpy(close + 2, name, sizeof(close) - 3);
	close[sizeof(close) - 1] = '\0';
	q = find_ci(p, end, close);
	if (head) {
		const char *body = find_ci(p, end, "<body");

		if (body != NULL && (q == NULL || body < q))
			return body;
		if (q == NULL)
			return NULL;
	}
	if (q == NULL)
		return end;
	return tag_end(q, end);
}

/* One tag at p ('<'); returns where scanning continues. A '<' that starts no
 * tag is text. */
static const char *html_tag(struct hout *o, const char *p, const char *end, int *rc)
{
	const char *q = p + 1;
	char name[16];
	size_t n = 0;
	bool closing = false;
	int kind;

	*rc = SB_OK;
	if (end - q >= 3 && memcmp(q, "!--", 3) == 0) {
		const char *c = find_ci(q + 3, end, "-->");

		return c != NULL ? c + 3 : end;
	}
	if (q < end && (*q == '!' || *q == '?'))
		return tag_end(p, end); /* <!DOCTYPE ...>, <?xml ...?> */
	if (q < end && *q == '/') {
		closing = true;
		q++;
	}
	if (q >= end || !is_alpha(*q)) {
		*rc = hout_text(o, "<", 1);
		return p + 1;
	}
	while (q < end && is_alnum(*q)) {
		if (n + 1 < sizeof(name))
			name[n++] = lower(*q);
		else
			n = sizeof(name); /* too long: no element we know */
		q++;
	}
	name[n < sizeof(name) ? n : 0] = '\0';
	q = tag_end(p, end);
	kind = tag_kind(name);
	switch (kind) {
	case T_LINE:
		hout_break(o, 1, false);
		break;
	case T_PARA:
		hout_break(o, 2, false);
		break;
	case T_BR:
		hout_break(o, 1, true);
		break;
	case T_CELL:
		o->space = true;
		break;
	case T_PRE:
		hout_break(o, 2, false);
		o->pre = !closing;
		break;
	case T_DROP:
	case T_HEAD:
		if (!closing) {
			const char *after = skip_element(q, end, name, kind == T_HEAD);

			if (after != NULL)
				q = after;
		}
		break;
	default:
		break;
	}
	return q;
}

int sb_text_from_html(const char *html, size_t len, char **out, size_t *out_len,
		      sb_error *err)
{
	struct hout o;
	const char *p, *end;
	int rc = SB_OK;

	if (out == NULL || (html == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no HTML to read");
	*out = NULL;
	if (out_len != NULL)
		*out_len = 0;
	memset(&o, 0, sizeof(o));
	o.b.max = SIZE_MAX - 1;
	p = html;
	end = html + len;
	while (p < end && rc == SB_OK) {
		const char *run = p;

		switch (*p) {
		case '<':
			p = html_tag(&o, p, end, &rc);
			break;
		case '&': {
			uint32_t cp;
			const char *after = entity_at(p, end, &cp);

			if (after == NULL) {
				rc = hout_text(&o, "&", 1);
				p++;
			} else {
				rc = hout_cp(&o, cp);
				p = after;
			}
			break;
		}
		case ' ':
		case '\t':
		case '\n':
		case '\r':
		case '\f':
			rc = hout_white(&o, *p);
			p++;
			break;
		case '\0':
			p++;
			break;
		default:
			while (run < end && *run != '<' && *run != '&' && *run != ' ' &&
			       *run != '\t' && *run != '\n' && *run != '\r' && *run != '\f' &&
			       *run != '\0')
				run++;
			rc = hout_text(&o, p, (size_t)(run - p));
			p = run;
			break;
		}
	}
	if (rc == SB_OK && o.b.data == NULL)
		rc = buf_put(&o.b, "", 0);
	if (rc != SB_OK) {
		free(o.b.data);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory reading HTML");
	}
	*out = o.b.data;
	if (out_len != NULL)
		*out_len = o.b.len;
	return SB_OK;
}
