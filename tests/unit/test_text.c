/*
 * Unit tests for sb_text (decoding to UTF-8, HTML to text) and the plain-text
 * reader.
 *
 * Why: parents' folders hold text saved by every program there is. Word
 * writes Windows-1252 "smart quotes", Notepad writes UTF-16 with a BOM,
 * copied files carry damaged bytes. Every encoding must give exactly the
 * right UTF-8, and no byte sequence may crash the reader or leak a NUL or
 * invalid UTF-8 into the text that extraction and JSON output read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/reader.h>

#include "sb_test.h"

#include "sb_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_utf8_check.h"

#define S(lit) (const unsigned char *)(lit), sizeof(lit) - 1

/* The note every encoding fixture holds (tests/data/readers/text/make_fixtures.py). */
static const char note[] =
	"Note of a call with Mrs Delphine Marchetti, SENCO, Larkspur Primary School\n"
	"Date: 12 March 2024\n"
	"Rosie\u2019s reading age is 7\u00bd \u2013 \u201cmuch improved\u201d \U0001F642\n";

static unsigned char *read_fixture(const char *name, size_t *len)
{
	return sb_test_slurp(SB_TEST_DATA "/readers/text", name, len);
}

/* ---- sb_text_to_utf8: every encoding, exact output ---- */

struct decode_case {
	const char *name;
	const unsigned char *in;
	size_t len;
	const char *charset;
	const char *want;
};

static const struct decode_case decode_cases[] = {
	{"ascii", S("plain text\n"), NULL, "plain text\n"},
	{"empty", S(""), NULL, ""},
	{"utf8 kept", S("caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x99\x82"), NULL,
	 "caf\u00e9 \u2019 \U0001F642"},
	{"utf8 bom stripped", S("\xef\xbb\xbfhello"), NULL, "hello"},
	{"bom only", S("\xef\xbb\xbf"), NULL, ""},
	{"utf16le bom", S("\xff\xfeH\0i\0\x19\x20"), NULL, "Hi\u2019"},
	{"utf16be bom", S("\xfe\xff\0H\0i\x20\x19"), NULL, "Hi\u2019"},
	{"utf16le surrogate pair", S("\xff\xfe\x3d\xd8\x42\xde"), NULL, "\U0001F642"},
	{"utf16le lone high surrogate", S("\xff\xfe\x3d\xd8" "A\0"), NULL, "\uFFFDA"},
	{"utf16le lone low surrogate", S("\xff\xfe\x42\xde" "A\0"), NULL, "\uFFFDA"},
	{"utf16le high surrogate at end", S("\xff\xfe" "A\0\x3d\xd8"), NULL, "A\uFFFD"},
	{"utf16le odd byte", S("\xff\xfe" "A\0B"), NULL, "A\uFFFD"},
	{"utf16le nul dropped", S("\xff\xfe" "A\0\0\0B\0"), NULL, "AB"},
	{"utf16le crlf", S("\xff\xfe" "a\0\r\0\n\0b\0"), NULL, "a\nb"},
	{"bom beats label", S("\xef\xbb\xbf\xe2\x80\x99"), "windows-1252", "\u2019"},
	/* Windows-1252: every byte 0x80-0x9F that is defined, and the five that
	 * are not (0x81, 0x8D, 0x8F, 0x90, 0x9D) becoming U+FFFD. */
	{"cp1252 detected", S("O\x92" "Brien \x93x\x94 \x96 \x97 \x85 \x80 \xa3\xe9"), NULL,
	 "O\u2019Brien \u201cx\u201d \u2013 \u2014 \u2026 \u20ac \u00a3\u00e9"},
	{"cp1252 all high",
	 S("\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
	   "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f"),
	 "windows-1252",
	 "\u20ac\uFFFD\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\uFFFD"
	 "\u017d\uFFFD\uFFFD\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
	 "\u0153\uFFFD\u017e\u0178"},
	{"latin1 label means cp1252", S("It\x92s"), "iso-8859-1", "It\u2019s"},
	{"latin1 label quoted and upper", S("It\x92s"), "\"ISO-8859-1\"", "It\u2019s"},
	{"cp1252 label wins over valid utf8", S("\xc3\xa9"), "cp1252", "\u00c3\u00a9"},
	{"us-ascii label with utf8 bytes", S("caf\xc3\xa9"), "us-ascii", "caf\u00e9"},
	{"us-ascii label with cp1252 bytes", S("caf\xe9"), "us-ascii", "caf\u00e9"},
	{"utf-8 label but cp1252 bytes", S("It\x92s \x93ok\x94"), "utf-8",
	 "It\u2019s \u201cok\u201d"},
	{"utf-16 label no bom, le", S("H\0i\0"), "utf-16", "Hi"},
	{"utf-16 label no bom, be", S("\0H\0i"), "utf-16", "Hi"},
	{"utf-16le label", S("H\0i\0"), "UTF-16LE", "Hi"},
	{"utf-16be label", S("\0H\0i"), "utf-16be", "Hi"},
	{"iconv iso-8859-15 euro", S("\xa4" "5"), "iso-8859-15", "\u20ac" "5"},
	{"iconv koi8-r", S("\xf0\xd2\xc9\xd7\xc5\xd4"), "koi8-r",
	 "\u041f\u0440\u0438\u0432\u0435\u0442"},
	{"iconv invalid byte", S("a\xff" "b"), "utf-7", "a\uFFFDb"},
	{"unknown charset falls back", S("It\x92s"), "x-no-such-charset", "It\u2019s"},
	{"odd charset name ignored", S("caf\xc3\xa9"), "utf-8//TRANSLIT", "caf\u00e9"},
	{"empty charset ignored", S("caf\xc3\xa9"), "", "caf\u00e9"},
	/* Damaged UTF-8 after a UTF-8 BOM: U+FFFD per maximal subpart (Unicode
	 * 15 s.3.9), the rest kept. */
	{"stray byte", S("\xef\xbb\xbf\xc3\xa9 \xff x"), NULL, "\u00e9 \uFFFD x"},
	{"truncated sequence", S("\xef\xbb\xbf\xe2\x82 x"), NULL, "\uFFFD x"},
	{"truncated at end", S("\xef\xbb\xbf" "a\xf0\x9f\x99"), NULL, "a\uFFFD"},
	{"overlong slash", S("\xef\xbb\xbf\xc0\xaf"), NULL, "\uFFFD\uFFFD"},
	{"overlong three bytes", S("\xef\xbb\xbf\xe0\x80\xaf"), NULL, "\uFFFD\uFFFD\uFFFD"},
	{"encoded surrogate", S("\xef\xbb\xbf\xed\xa0\x80"), NULL, "\uFFFD\uFFFD\uFFFD"},
	{"past U+10FFFF", S("\xef\xbb\xbf\xf4\x90\x80\x80"), NULL,
	 "\uFFFD\uFFFD\uFFFD\uFFFD"},
	{"bad lead bytes", S("\xef\xbb\xbf\x80\xc1\xf5\xfe"), NULL, "\uFFFD\uFFFD\uFFFD\uFFFD"},
	{"valid after damage", S("\xef\xbb\xbf\xe2\x80\xe2\x80\x99"), NULL, "\uFFFD\u2019"},
	/* Detection without a BOM: UTF-8 while valid multi-byte characters
	 * outnumber bad bytes, else Windows-1252. */
	{"mostly utf8", S("\xc3\xa9\xc3\xa9 \xff x"), NULL, "\u00e9\u00e9 \uFFFD x"},
	{"as many bad as good is cp1252", S("\xc3\xa9 \xff"), NULL, "\u00c3\u00a9 \u00ff"},
	{"one bad byte is cp1252", S("caf\xe9"), NULL, "caf\u00e9"},
	{"nul dropped", S("a\0b\0\0c"), NULL, "abc"},
	{"crlf", S("a\r\nb\rc\n\r\nd\r"), NULL, "a\nb\nc\n\nd\n"},
	{"cr nul lf is one break", S("a\r\0\nb"), NULL, "a\nb"},
	{"form feed and tab kept", S("a\tb\fc"), NULL, "a\tb\fc"},
};

static void test_decode_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
		const struct decode_case *c = &decode_cases[i];
		char *out = NULL;
		size_t n = 99;
		sb_error err;
		int rc;

		rc = sb_text_to_utf8(c->in, c->len, c->charset, &out, &n, &err);
		if (rc != SB_OK || strcmp(out, c->want) != 0 || n != strlen(c->want))
			print_error("case '%s': got rc %d, \"%s\" (%zu bytes)\n", c->name, rc,
				    out != NULL ? out : "(null)", n);
		assert_int_equal(rc, SB_OK);
		assert_string_equal(out, c->want);
		assert_int_equal(n, strlen(c->want));
		free(out);
	}
}

static void test_decode_bad_arguments(void **state)
{
	char *out = (char *)"untouched";
	sb_error err;

	(void)state;
	assert_int_equal(sb_text_to_utf8(NULL, 3, NULL, &out, NULL, &err), SB_EINVAL);
	assert_int_equal(sb_text_to_utf8(S("x"), NULL, NULL, NULL, &err), SB_EINVAL);
	/* NULL data with no length is empty text; out_len may be NULL. */
	assert_int_equal(sb_text_to_utf8(NULL, 0, NULL, &out, NULL, &err), SB_OK);
	assert_string_equal(out, "");
	free(out);
}

static void test_decode_cap(void **state)
{
	char *out = (char *)"untouched";
	size_t n = 7;
	sb_error err;

	(void)state;
	/* Exactly at the cap is fine; one byte over is "too-large". */
	assert_int_equal(sb_text_decode(S("12345"), NULL, 5, &out, &n, &err), SB_OK);
	assert_string_equal(out, "12345");
	free(out);
	assert_int_equal(sb_text_decode(S("123456"), NULL, 5, &out, &n, &err), SB_ERANGE);
	assert_null(out);
	assert_int_equal(n, 0);
	assert_string_equal(err.reason, "too-large");
	/* The cap counts output bytes: one Windows-1252 byte is three of UTF-8. */
	assert_int_equal(sb_text_decode(S("\x92\x92"), "cp1252", 5, &out, &n, &err),
			 SB_ERANGE);
	assert_int_equal(sb_text_decode(S("\x92\x92"), "cp1252", 6, &out, &n, &err), SB_OK);
	assert_string_equal(out, "\u2019\u2019");
	free(out);
}

/* Every byte value in every position, through every decoder: output is
 * always clean UTF-8 (a small exhaustive fuzz that runs in every build). */
static void test_decode_never_dirty(void **state)
{
	static const char *const charsets[] = {NULL,	 "utf-8",    "cp1252", "utf-16",
					       "utf-16le", "utf-16be", "koi8-r", "shift_jis"};
	unsigned char buf[4];
	size_t c;
	unsigned a, b;

	(void)state;
	for (c = 0; c < sizeof(charsets) / sizeof(charsets[0]); c++) {
		for (a = 0; a < 256; a++) {
			for (b = 0; b < 256; b += 3) {
				char *out = NULL;
				size_t n = 0;

				buf[0] = (unsigned char)a;
				buf[1] = (unsigned char)b;
				buf[2] = 0x80;
				buf[3] = '\r';
				assert_int_equal(sb_text_to_utf8(buf, sizeof(buf), charsets[c],
								 &out, &n, NULL),
						 SB_OK);
				assert_int_equal(strlen(out), n);
				assert_true(sb_test_clean_utf8(out, n));
				free(out);
			}
		}
	}
}

/* ---- HTML to text ---- */

struct html_case {
	const char *name;
	const char *html;
	const char *want;
};

static const struct html_case html_cases[] = {
	{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
	{"br", "a<br>b<br/>c<BR >d", "a\nb\nc\nd"},
	{"two br make a blank line", "a<br><br><br>b", "a\n\nb"},
	{"divs and lists", "<div>x</div><div>y</div><ul><li>1</li><li>2</li></ul>z",
	 "x\ny\n\n1\n2\n\nz"},
	{"headings", "<h1>Title</h1>text<h6>Small</h6>", "Title\n\ntext\n\nSmall"},
	{"table rows and cells", "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>",
	 "a b\nc"},
	{"white space folded", "  a \n\t b  \r\n c  ", "a b c"},
	{"inline tags", "A <b>bold</b> and <i>it</i><span>alic</span>", "A bold and italic"},
	{"head dropped", "<html><head><title>T</title><meta charset=utf-8></head><body>B</body>",
	 "B"},
	{"head never closed, body starts", "<head><style>x{}</style>hidden<body>Shown", "Shown"},
	{"head never closed, no body", "<head><title>T</title>Text", "Text"},
	{"script and style dropped",
	 "a<script>if (a < b) { x = \"</p>\"; }</script>b<style>p{}</style>c<SCRIPT>d</SCRIPT >e",
	 "abce"},
	{"script never closed", "a<script>var x;", "a"},
	{"comments dropped", "a<!-- <p>no</p> -->b<!-- never closed", "ab"},
	{"doctype and xml", "<!DOCTYPE html><?xml version=\"1.0\"?>x", "x"},
	{"outlook namespaces", "<o:p>x</o:p><v:shape>y</v:shape>", "xy"},
	{"named entities",
	 "&amp; &lt; &gt; &quot; &apos; &pound;5 &euro;6 &rsquo; &ldquo;q&rdquo; &hellip; &ndash; "
	 "&mdash;",
	 "& < > \" ' \u00a35 \u20ac6 \u2019 \u201cq\u201d \u2026 \u2013 \u2014"},
	{"nbsp is a space", "a&nbsp;b&nbsp;&nbsp;c", "a b c"},
	{"numeric entities", "&#39;&#8217;&#x2019;&#X2019;&#128578;",
	 "'\u2019\u2019\u2019\U0001F642"},
	{"numeric cp1252 range", "&#150;&#146;", "\u2013\u2019"},
	{"bad numeric entities", "&#0;&#xD800;&#x110000;&#99999999999;",
	 "\uFFFD\uFFFD\uFFFD\uFFFD"},
	{"numeric without semicolon", "&#65B", "AB"},
	{"legacy without semicolon", "AT&T &amp and &copy", "AT&T & and \u00a9"},
	{"unknown entity kept", "&bogus; &pound &; & x", "&bogus; &pound &; & x"},
	{"soft hyphen vanishes", "co&shy;operate", "cooperate"},
	{"lone less-than", "a < b and 3<4 <", "a < b and 3<4 <"},
	{"tag with > in quotes", "<a title=\"x>y\" href='>'>link</a>", "link"},
	{"unclosed tag at end", "text<a href=\"x", "text"},
	{"pre keeps lines", "<pre>a  b\n  c</pre>d", "a  b\n  c\n\nd"},
	{"empty", "", ""},
	{"only markup", "<p></p><br><div> </div>", ""},
};

static void test_html_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(html_cases) / sizeof(html_cases[0]); i++) {
		const struct html_case *c = &html_cases[i];
		char *out = NULL;
		size_t n = 99;
		int rc;

		rc = sb_text_from_html(c->html, strlen(c->html), &out, &n, NULL);
		if (rc != SB_OK || strcmp(out, c->want) != 0)
			print_error("case '%s': got \"%s\"\n", c->name,
				    out != NULL ? out : "(null)");
		assert_int_equal(rc, SB_OK);
		assert_string_equal(out, c->want);
		assert_int_equal(n, strlen(c->want));
		free(out);
	}
}

static void test_html_nul_inside(void **state)
{
	static const char html[] = "a\0b<p>c";
	char *out = NULL;

	(void)state;
	assert_int_equal(sb_text_from_html(html, sizeof(html) - 1, &out, NULL, NULL), SB_OK);
	assert_string_equal(out, "ab\n\nc");
	free(out);
}

static void test_has_visible(void **state)
{
	(void)state;
	assert_false(sb_text_has_visible("", 0));
	assert_false(sb_text_has_visible(" \t\n\r\f\v", 6));
	assert_false(sb_text_has_visible("\xc2\xa0 \xc2\xa0", 5));
	assert_true(sb_text_has_visible("  x ", 4));
	assert_true(sb_text_has_visible("\xef\xbf\xbd", 3));
}

/* ---- the plain-text reader on the fixture files ---- */

struct file_case {
	const char *file;
	size_t npages;
	const char *pages[4];
	bool has_text[4];
};

static const struct file_case file_cases[] = {
	{"utf8.txt", 1, {note}, {true}},
	{"utf8-bom.txt", 1, {note}, {true}},
	{"utf16le-bom.txt", 1, {note}, {true}},
	{"utf16be-bom.txt", 1, {note}, {true}},
	{"cp1252.txt",
	 1,
	 {"Mrs O\u2019Brien said \u201cthank you\u201d \u2013 the plan is agreed\u2026\n"
	  "Fee: \u20ac50 \u2014 caf\u00e9 \uFFFD end\n"},
	 {true}},
	{"invalid-utf8.txt",
	 1,
	 {"Caf\u00e9, na\u00efve Zo\u00eb \uFFFD bad \uFFFD cut\n"},
	 {true}},
	{"crlf.txt", 1, {"Line one\nLine two\nLine three\n\nEnd\n"}, {true}},
	{"formfeed.txt",
	 4,
	 {"Page one\n", "Page two\n", "\n", "Page four\n"},
	 {true, true, false, true}},
};

static void test_reader_files(void **state)
{
	size_t i, p;

	(void)state;
	for (i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++) {
		const struct file_case *c = &file_cases[i];
		sb_doc_list list;
		sb_error err;
		unsigned char *data;
		size_t len;
		const sb_doc *d;

		data = read_fixture(c->file, &len);
		sb_doc_list_init(&list);
		if (sb_read_buffer(c->file, data, len, NULL, &list, &err) != SB_OK)
			print_error("%s: %s\n", c->file, err.message);
		assert_int_equal(list.ndocs, 1);
		assert_int_equal(list.nerrors, 0);
		d = list.docs[0];
		assert_string_equal(d->path, c->file);
		assert_int_equal(d->format, SB_FORMAT_TEXT);
		assert_int_equal(d->size, len);
		assert_null(d->parent);
		assert_int_equal(d->nwarnings, 0);
		if (d->npages != c->npages)
			print_error("%s: %zu pages\n", c->file, d->npages);
		assert_int_equal(d->npages, c->npages);
		for (p = 0; p < c->npages; p++) {
			assert_string_equal(d->pages[p].text, c->pages[p]);
			assert_int_equal(d->pages[p].len, strlen(c->pages[p]));
			assert_int_equal(d->pages[p].has_text, c->has_text[p]);
		}
		sb_doc_list_free(&list);
		free(data);
	}
}

/* Run sb_reader_text straight on bytes; returns its code. */
static int read_text(const unsigned char *data, size_t len, const sb_read_limits *lim,
		     sb_doc_list *list, sb_error *err)
{
	sb_doc *doc = sb_doc_list_add(list, "t.txt", SB_FORMAT_TEXT);

	assert_non_null(doc);
	return sb_reader_text("t.txt", data, len, lim, doc, err);
}

static void test_reader_empty_and_blank(void **state)
{
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_doc_list_init(&list);
	assert_int_equal(read_text(S(""), NULL, &list, &err), SB_OK);
	assert_int_equal(list.docs[0]->npages, 1);
	assert_string_equal(list.docs[0]->pages[0].text, "");
	assert_false(list.docs[0]->pages[0].has_text);
	assert_int_equal(list.docs[0]->nwarnings, 1);
	assert_string_equal(list.docs[0]->warnings[0], "the file holds no text");
	assert_int_equal(read_text(S(" \n\f\t"), NULL, &list, &err), SB_OK);
	assert_int_equal(list.docs[1]->npages, 2);
	assert_false(list.docs[1]->pages[0].has_text);
	assert_false(list.docs[1]->pages[1].has_text);
	assert_int_equal(list.docs[1]->nwarnings, 1);
	/* A lone form feed: one empty page, not two. */
	assert_int_equal(read_text(S("\f"), NULL, &list, &err), SB_OK);
	assert_int_equal(list.docs[2]->npages, 1);
	assert_string_equal(list.docs[2]->pages[0].text, "");
	sb_doc_list_free(&list);
}

static void test_reader_limits(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_read_limits_init(&lim);
	sb_doc_list_init(&list);
	lim.max_text = 8;
	assert_int_equal(read_text(S("12345678"), &lim, &list, &err), SB_OK);
	assert_string_equal(list.docs[0]->pages[0].text, "12345678");
	assert_int_equal(read_text(S("123456789"), &lim, &list, &err), SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_non_null(strstr(err.message, "'t.txt'"));
	/* Counted in UTF-8 output: three curly quotes are 9 bytes. */
	assert_int_equal(read_text(S("\x92\x92\x92"), &lim, &list, &err), SB_ERANGE);
	sb_read_limits_init(&lim);
	lim.max_pages = 2;
	assert_int_equal(read_text(S("a\fb"), &lim, &list, &err), SB_OK);
	assert_int_equal(read_text(S("a\fb\f"), &lim, &list, &err), SB_OK);
	assert_int_equal(read_text(S("a\fb\fc"), &lim, &list, &err), SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	sb_doc_list_free(&list);

	/* Through sb_read_buffer a refused file adds nothing to the list. */
	sb_read_limits_init(&lim);
	lim.max_text = 4;
	sb_doc_list_init(&list);
	assert_int_equal(sb_read_buffer("big.txt", S("hello world"), &lim, &list, &err),
			 SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_int_equal(list.ndocs, 0);
	sb_doc_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_decode_bad_arguments),
		cmocka_unit_test(test_decode_cap),
		cmocka_unit_test(test_decode_never_dirty),
		cmocka_unit_test(test_html_table),
		cmocka_unit_test(test_html_nul_inside),
		cmocka_unit_test(test_has_visible),
		cmocka_unit_test(test_reader_files),
		cmocka_unit_test(test_reader_empty_and_blank),
		cmocka_unit_test(test_reader_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
