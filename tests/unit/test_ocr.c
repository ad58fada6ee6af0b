/*
 * test_ocr: the OCR pieces that need no Tesseract run (issue 7): language
 * names, the cache's entries, pictures measured and turned upright by
 * their EXIF orientation, damaged and oversized pictures refused from
 * their headers, and which facts are marked as coming from OCR. Real OCR
 * of letters is tested end to end (tests/e2e/test_ocr.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include "sb_ocr_internal.h"
#include "sb_raster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Small pictures made for the image fuzzer's seed corpus, reused here. */
#define PICTURES SB_TEST_DATA "/../fuzz/corpus/reader_image/"

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void test_lang_names(void **state)
{
	static const struct {
		const char *lang;
		bool ok;
	} cases[] = {
		{"eng", true},	    {"eng+cym", true}, {"chi_sim", true},  {"eng+chi_sim+cym", true},
		{"", false},	    {"+eng", false},   {"eng+", false},	   {"eng++cym", false},
		{"../eng", false},  {"/tmp/x", false}, {"eng cym", false}, {"eng;rm", false},
		{"e\xC3\xA9", false},
	};
	char longest[66];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sb_ocr_lang_valid(cases[i].lang) != cases[i].ok)
			fail_msg("'%s' should be %s", cases[i].lang, cases[i].ok ? "valid" : "refused");
	}
	assert_false(sb_ocr_lang_valid(NULL));
	memset(longest, 'a', 64);
	longest[64] = '\0';
	assert_true(sb_ocr_lang_valid(longest)); /* 64 bytes: the limit */
	longest[64] = 'a';
	longest[65] = '\0';
	assert_false(sb_ocr_lang_valid(longest));
}

static void test_engine_refuses(void **state)
{
	sb_ocr_options opt;
	sb_ocr_engine *e = NULL;
	sb_error err;

	(void)state;
	sb_ocr_options_init(&opt);
	assert_true(opt.enabled);
	assert_string_equal(opt.lang, "eng");
	assert_true(opt.dpi == 300.0f);
	assert_int_equal(opt.max_pixels, 100000000);
	opt.lang = "../eng";
	assert_int_equal(sb_ocr_engine_new(&opt, &e, &err), SB_EINVAL);
	assert_null(e);
	/* A language Tesseract has no data for: the package to install. */
	opt.lang = "zz_none";
	assert_int_equal(sb_ocr_engine_new(&opt, &e, &err), SB_EIO);
	assert_null(e);
	assert_string_equal(err.reason, "ocr");
	assert_string_equal(err.message,
			    "OCR cannot start: Tesseract has no data for the language 'zz_none'");
	assert_string_equal(err.hint, "install the language data (Debian: apt-get install "
				      "tesseract-ocr-zz_none), or scan with --no-ocr");
	assert_non_null(sb_ocr_version());
}

static const char entry[] =
	"{\"confidence\":91.0,\"format\":2,\"height\":50,\"lang\":\"eng\",\"tesseract\":\"5.3.0\","
	"\"text\":\"Date: 2 October 2026\",\"turn\":0,\"width\":100,\"words\":[[1,2,30,12,95.5,"
	"\"Date:\"],[32,2,60,12,90.0,\"2\"]]}";

static void test_cache_entries(void **state)
{
	sb_ocr_result r;
	char buf[512];

	(void)state;
	assert_int_equal(sb_ocr_cache_parse(entry, strlen(entry), 100, 50, &r), 0);
	assert_string_equal(r.text, "Date: 2 October 2026");
	assert_true(r.confidence == 91.0f);
	assert_int_equal(r.nwords, 2);
	assert_int_equal(r.words[0].x0, 1);
	assert_int_equal(r.words[0].y1, 12);
	assert_string_equal(r.words[1].text, "2");
	assert_true(r.words[0].confidence == 95.5f);
	sb_ocr_result_release(&r);
	/* For another picture's size: a miss. */
	assert_int_equal(sb_ocr_cache_parse(entry, strlen(entry), 100, 51, &r), -1);
	/* A box off the picture, a box the wrong way round, another format,
	 * duplicate keys, a word without text, a confidence over 100, junk. */
	snprintf(buf, sizeof(buf), "%s", entry);
	memcpy(strstr(buf, "[32,2,60"), "[32,2,99", 8);
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), 0);
	sb_ocr_result_release(&r);
	memcpy(strstr(buf, "[32,2,99"), "[32,2,31", 8); /* x1 < x0 */
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	snprintf(buf, sizeof(buf), "%s", entry);
	memcpy(strstr(buf, "[32,2,60"), "[32,2,00", 8);
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	snprintf(buf, sizeof(buf), "%s", entry);
	memcpy(strstr(buf, "12,90.0"), "51,90.0", 7); /* y1 past the height */
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	snprintf(buf, sizeof(buf), "%s", entry);
	memcpy(strstr(buf, "\"format\":2"), "\"format\":1", 10);
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	/* A page read turned a quarter: its words lie on a 50 x 100 page, so
	 * a box 60 wide no longer fits; turned half, it does. */
	snprintf(buf, sizeof(buf), "%s", entry);
	memcpy(strstr(buf, "\"turn\":0,"), "\"turn\":90", 9);
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	memcpy(strstr(buf, "\"turn\":90"), "\"turn\":45", 9);
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	snprintf(buf, sizeof(buf), "{\"format\":2,\"width\":100,\"height\":50,\"turn\":270,"
				   "\"text\":\"x\",\"confidence\":1,\"words\":[[1,1,49,99,50,\"x\"]]}");
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), 0);
	assert_int_equal(r.turn, 270);
	assert_int_equal(r.width, 50);
	assert_int_equal(r.height, 100);
	sb_ocr_result_release(&r);
	snprintf(buf, sizeof(buf), "%s", entry);
	memcpy(strstr(buf, "91.0"), "101.", 4);
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	snprintf(buf, sizeof(buf), "{\"format\":2,\"format\":2,\"width\":100,\"height\":50,"
				   "\"turn\":0,\"text\":\"\",\"confidence\":1,\"words\":[]}");
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	snprintf(buf, sizeof(buf), "{\"format\":2,\"width\":100,\"height\":50,\"turn\":0,"
				   "\"text\":\"\",\"confidence\":1,\"words\":[[1,1,2,2,50]]}");
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), -1);
	snprintf(buf, sizeof(buf), "{\"format\":2,\"width\":100,\"height\":50,\"turn\":0,"
				   "\"text\":\"\",\"confidence\":1,\"words\":[]}");
	assert_int_equal(sb_ocr_cache_parse(buf, strlen(buf), 100, 50, &r), 0);
	assert_int_equal(r.nwords, 0);
	sb_ocr_result_release(&r);
	assert_int_equal(sb_ocr_cache_parse("not json", 8, 100, 50, &r), -1);
	assert_int_equal(sb_ocr_cache_parse("[]", 2, 100, 50, &r), -1);
}

static void test_pictures(void **state)
{
	sb_image_page *pages = NULL;
	size_t len, n = 0;
	unsigned char *data;
	sb_gray g;
	sb_error err;

	(void)state;
	/* 40 x 20 pixels stored, EXIF orientation 6: 20 x 40 upright. */
	data = slurp(PICTURES "exif6.jpg", &len);
	assert_string_equal(sb_image_kind(data, len), "JPEG");
	assert_int_equal(sb_image_probe("exif6.jpg", data, len, 10, 1000000, &pages, &n, &err),
			 SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pages[0].w, 20);
	assert_int_equal(pages[0].h, 40);
	assert_int_equal(pages[0].orientation, 4); /* MuPDF's code for Exif 6 */
	free(pages);
	assert_int_equal(sb_image_gray("exif6.jpg", data, len, 0, 1000000, &g, &err), SB_OK);
	assert_int_equal(g.w, 20);
	assert_int_equal(g.h, 40);
	sb_gray_release(&g);
	/* Too many pixels for the limit: refused before decoding. */
	assert_int_equal(sb_image_probe("exif6.jpg", data, len, 10, 799, &pages, &n, &err),
			 SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	free(data);

	/* A two-frame fax: two pages. */
	data = slurp(PICTURES "two.tif", &len);
	assert_string_equal(sb_image_kind(data, len), "TIFF");
	assert_int_equal(sb_image_probe("two.tif", data, len, 10, 1000000, &pages, &n, &err),
			 SB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(pages[1].w, 40);
	assert_int_equal(pages[1].h, 20);
	free(pages);
	assert_int_equal(sb_image_probe("two.tif", data, len, 1, 1000000, &pages, &n, &err),
			 SB_ERANGE);
	assert_string_equal(err.reason, "too-many-pages");
	free(data);

	/* Half a JPEG: damaged, named, nothing decoded. */
	data = slurp(PICTURES "cut.jpg", &len);
	assert_int_equal(sb_image_probe("cut.jpg", data, len, 10, 1000000, &pages, &n, &err),
			 SB_EIO);
	assert_string_equal(err.reason, "damaged");
	assert_string_equal(err.message, "'cut.jpg' is damaged: the JPEG is cut off or malformed");
	assert_null(pages);
	free(data);

	/* A PNG header claiming 200000 x 200000 pixels. */
	data = slurp(PICTURES "bomb.png", &len);
	assert_int_equal(sb_image_probe("bomb.png", data, len, 10, 100000000, &pages, &n, &err),
			 SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_string_equal(err.message, "'bomb.png' page 1 is too large a picture: more than 100 "
					 "million pixels (a damaged or hostile file?)");
	free(data);
	assert_null(sb_image_kind((const unsigned char *)"GIF89a", 6));
}

/* A document of two pages, the second read by OCR. */
static sb_doc *two_pages(sb_doc_list *list, const char *typed, const char *ocr)
{
	sb_doc *d = sb_doc_list_add(list, "scan.pdf", SB_FORMAT_PDF);

	assert_non_null(d);
	assert_int_equal(sb_doc_add_page(d, typed, strlen(typed), NULL), SB_OK);
	assert_int_equal(sb_doc_add_page(d, ocr, strlen(ocr), NULL), SB_OK);
	d->pages[1].ocr = true;
	d->pages[1].ocr_confidence = 93.0f;
	return d;
}

static void test_fields_from_ocr(void **state)
{
	sb_found_date dates[2];
	sb_doc_list list;
	sb_doc *d;
	char author[] = "Helen Marsh";

	(void)state;
	sb_doc_list_init(&list);
	d = two_pages(&list, "Cover sheet", "Date: 2 October 2026\nHelen Marsh");
	memset(dates, 0, sizeof(dates));
	dates[0].date = (sb_date){2026, 10, 2};
	dates[0].role = SB_DATE_ROLE_DOCUMENT;
	dates[0].page = 2;
	d->facts.dates = dates;
	d->facts.ndates = 1;
	d->facts.has_document_date = true;
	d->facts.document_date = dates[0].date;
	d->facts.author = author;
	d->facts.author_role = SB_ROLE_LA_OFFICER;
	d->facts.kind = SB_KIND_LA_DECISION;
	assert_int_equal(sb_doc_ocr_fields(d),
			 (1u << SB_OCR_FIELD_DOCUMENT_DATE) | (1u << SB_OCR_FIELD_AUTHOR) |
				 (1u << SB_OCR_FIELD_AUTHOR_ROLE) | (1u << SB_OCR_FIELD_KIND));
	assert_false(sb_doc_page_ocr(d, 1));
	assert_true(sb_doc_page_ocr(d, 2));
	assert_false(sb_doc_page_ocr(d, 3));
	assert_false(sb_doc_page_ocr(d, 0));
	/* The date on the typed page, the name typed too: only the kind. */
	dates[0].page = 1;
	free(d->pages[0].text);
	d->pages[0].text = strdup("Helen Marsh");
	assert_non_null(d->pages[0].text);
	d->pages[0].len = strlen(d->pages[0].text);
	assert_int_equal(sb_doc_ocr_fields(d), 1u << SB_OCR_FIELD_KIND);
	/* No OCR'd text at all: nothing is marked. */
	d->pages[1].ocr = false;
	assert_int_equal(sb_doc_ocr_fields(d), 0);
	assert_string_equal(sb_ocr_field_name(SB_OCR_FIELD_AREAS), "areas_of_need");
	assert_null(sb_ocr_field_name(SB_OCR_FIELD_COUNT));
	/* The facts point at stack memory: detach them before freeing. */
	memset(&d->facts, 0, sizeof(d->facts));
	sb_doc_list_free(&list);
}

static void test_ocr_warnings(void **state)
{
	sb_doc_list list;
	sb_doc *d;

	(void)state;
	sb_doc_list_init(&list);
	d = two_pages(&list, "", "Some words");
	d->pages[0].has_text = false;
	d->pages[0].ocr = true; /* OCR ran and found nothing */
	assert_int_equal(sb_doc_warn_textless(d, SB_TEXTLESS_OCR_FOUND_NOTHING), SB_OK);
	assert_int_equal(sb_doc_warn_ocr(d, 95.0f), SB_OK);
	assert_int_equal(d->nwarnings, 3);
	assert_string_equal(d->warnings[0], "page 1 has no text layer and OCR found no words on it "
					    "(a picture or an empty scan?)");
	assert_string_equal(d->warnings[1], "page 2 was read by OCR (confidence 93%): check dates "
					    "and names against the page");
	assert_string_equal(d->warnings[2], "page 2 was hard to read (OCR confidence 93%): its "
					    "text may be wrong");
	d->format = SB_FORMAT_IMAGE;
	assert_int_equal(sb_doc_warn_textless(d, SB_TEXTLESS_OCR_OFF), SB_OK);
	assert_string_equal(d->warnings[3], "page 1 is an image and OCR is off: its text was not "
					    "read");
	sb_doc_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_names),   cmocka_unit_test(test_engine_refuses),
		cmocka_unit_test(test_cache_entries), cmocka_unit_test(test_pictures),
		cmocka_unit_test(test_fields_from_ocr), cmocka_unit_test(test_ocr_warnings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
