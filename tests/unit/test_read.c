/*
 * test_read: format detection from the bytes first and the name second
 * (sb_detect_format), and sb_read_buffer's refusals (issue 3: anything not
 * read is listed with the reason, never dropped).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <stdlib.h>
#include <string.h>

static void test_detect(void **state)
{
	static const struct {
		const char *name;
		const char *data;
		size_t len; /* 0: strlen(data) */
		sb_format want;
		const char *why; /* substring of the reason, for SB_FORMAT_OTHER */
	} cases[] = {
		{"a.pdf", "%PDF-1.7\n", 0, SB_FORMAT_PDF, NULL},
		{"scan.txt", "%PDF-1.4\n", 0, SB_FORMAT_PDF, NULL}, /* bytes win over name */
		{"error.pdf", "<html>Not found</html>", 0, SB_FORMAT_PDF, NULL}, /* refused later */
		{"make.py", "# writes '%PDF-1.4'\nprint(1)\n", 0, SB_FORMAT_TEXT, NULL},
		{"plan.docx", "PK\x03\x04....word/document.xml", 0, SB_FORMAT_DOCX, NULL},
		{"plan.docx", "not a zip at all", 0, SB_FORMAT_DOCX, NULL},
		{"x.odt", "PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text", 0,
		 SB_FORMAT_OTHER, "OpenDocument"},
		{"old.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, SB_FORMAT_OTHER, ".doc"},
		{"mail.msg", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, SB_FORMAT_OTHER, ".msg"},
		/* A password-protected .docx is an OLE file: the DOCX reader says so. */
		{"locked.docx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, SB_FORMAT_DOCX, NULL},
		/* Scans and photos are read by OCR (issue 7), whatever their name. */
		{"photo.jpg", "\xFF\xD8\xFF\xE0", 4, SB_FORMAT_IMAGE, NULL},
		{"scan.png", "\x89PNG\r\n\x1A\n", 8, SB_FORMAT_IMAGE, NULL},
		{"fax", "II*\0", 4, SB_FORMAT_IMAGE, NULL},
		{"fax.tif", "MM\0*", 4, SB_FORMAT_IMAGE, NULL},
		{"IMG_0001.HEIC", "\0\0\0\x18" "ftypheic", 12, SB_FORMAT_OTHER, "HEIC"},
		{"clip.mp4", "\0\0\0\x18" "ftypisom", 12, SB_FORMAT_OTHER, "video"},
		{"anim.gif", "GIF89a", 0, SB_FORMAT_OTHER, "GIF"},
		{"pic.webp", "RIFF\0\0\0\0WEBPVP8 ", 16, SB_FORMAT_OTHER, "WebP"},
		{"letter.rtf", "{\\rtf1", 0, SB_FORMAT_OTHER, "Rich Text"},
		{"mail.eml", "anything", 0, SB_FORMAT_EMAIL, NULL},
		{"mail", "From: A <a@example.org>\nTo: b@example.org\nSubject: x\n\nHi\n", 0,
		 SB_FORMAT_EMAIL, NULL},
		{"mail", "Received: from x\n\tby y\nFrom: a@example.org\n\nHi\n", 0,
		 SB_FORMAT_EMAIL, NULL},
		/* A letter that starts with its date is a letter, not an e-mail. */
		{"letter", "Date: 14 September 2026\nDear Mr and Mrs Morgan,\n", 0,
		 SB_FORMAT_TEXT, NULL},
		{"letter", "Subject: Riley\nDate: 1 May 2026\n\nDear Sir\n", 0, SB_FORMAT_TEXT,
		 NULL}, /* headers, but none that only e-mails have */
		{"notes.txt", "Plain notes\r\nwith CRLF\r\n", 0, SB_FORMAT_TEXT, NULL},
		{"u16.txt", "\xFF\xFEh\0i\0", 6, SB_FORMAT_TEXT, NULL},
		{"blob.bin", "\x01\x02\x03\x00\x05", 5, SB_FORMAT_OTHER, "not a format"},
		{"page.html", "<html><body>x</body></html>", 0, SB_FORMAT_OTHER, "web page"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		size_t len = cases[i].len != 0 ? cases[i].len : strlen(cases[i].data);
		sb_format got = sb_detect_format(cases[i].name, (const unsigned char *)cases[i].data,
						 len, &why);

		if (got != cases[i].want)
			fail_msg("case %zu (%s): format %s, expected %s", i, cases[i].name,
				 sb_format_name(got), sb_format_name(cases[i].want));
		if (cases[i].why != NULL) {
			assert_non_null(why);
			assert_non_null(strstr(why, cases[i].why));
		}
	}
}

static void test_not_read_is_reported(void **state)
{
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_doc_list_init(&list);
	assert_int_equal(sb_read_buffer("scan.gif", (const unsigned char *)"GIF89a", 6, NULL, &list,
					&err),
			 SB_EIO);
	assert_string_equal(err.reason, "not-read");
	assert_string_equal(err.message, "'scan.gif' was not read: it is a GIF, BMP or WebP "
					 "picture: save it as JPEG, PNG or PDF");
	assert_int_equal(list.ndocs, 0);
	/* A JPEG that is only its first bytes is damaged, named as such. */
	assert_int_equal(sb_read_buffer("scan.jpg", (const unsigned char *)"\xFF\xD8\xFF\xE0", 4,
					NULL, &list, &err),
			 SB_EIO);
	assert_string_equal(err.reason, "damaged");
	assert_string_equal(err.message, "'scan.jpg' is damaged: the JPEG is cut off or malformed");
	assert_int_equal(list.ndocs, 0);
}

static void test_size_limit(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_read_limits_init(&lim);
	lim.max_file_size = 4;
	sb_doc_list_init(&list);
	assert_int_equal(sb_read_buffer("big.txt", (const unsigned char *)"12345", 5, &lim, &list,
					&err),
			 SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_int_equal(list.ndocs, 0);
	lim.max_file_size = 5;
	assert_int_equal(sb_read_buffer("ok.txt", (const unsigned char *)"12345", 5, &lim, &list,
					&err),
			 SB_OK);
	assert_int_equal(list.ndocs, 1);
	assert_string_equal(list.docs[0]->sha256,
			    "5994471abb01112afcc18159f6cc74b4f511b99806da59b3caf5a9c173cacfc5");
	assert_int_equal(list.docs[0]->size, 5);
	sb_doc_list_free(&list);
}

/* Reading for a bundle keeps each document's bytes, exactly those hashed
 * (issue 4: what is grafted and zipped is what was read); a scan does not. */
static void test_keep_original(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_read_limits_init(&lim);
	assert_false(lim.keep_original);
	sb_doc_list_init(&list);
	assert_int_equal(sb_read_buffer("a.txt", (const unsigned char *)"12345", 5, &lim, &list,
					&err),
			 SB_OK);
	assert_null(list.docs[0]->original);
	assert_int_equal(list.docs[0]->original_len, 0);
	lim.keep_original = true;
	assert_int_equal(sb_read_buffer("b.txt", (const unsigned char *)"12345", 5, &lim, &list,
					&err),
			 SB_OK);
	assert_int_equal(list.docs[1]->original_len, 5);
	assert_memory_equal(list.docs[1]->original, "12345", 5);
	sb_doc_list_free(&list);
}

/* Read for a bundle, a PDF's blank pages are found in the same run of each
 * page (tests/data/pdf_out/blank.pdf: make-raw.py's blank()). */
static void test_blank_pages(void **state)
{
	static const bool want[8] = {false, true, true, true, true, false, true, false};
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;
	char *pdf = NULL;
	size_t i, len = 0;

	(void)state;
	sb_read_limits_init(&lim);
	sb_doc_list_init(&list);
	assert_int_equal(sb_file_read(SB_TEST_DATA "/pdf_out/blank.pdf", 1 << 20, &pdf, &len, &err),
			 SB_OK);
	assert_int_equal(
	    sb_read_buffer("blank.pdf", (const unsigned char *)pdf, len, &lim, &list, &err), SB_OK);
	assert_false(list.docs[0]->blank_known);
	lim.keep_original = true;
	assert_int_equal(
	    sb_read_buffer("blank.pdf", (const unsigned char *)pdf, len, &lim, &list, &err), SB_OK);
	free(pdf);
	assert_true(list.docs[1]->blank_known);
	assert_int_equal(list.docs[1]->npages, 8);
	for (i = 0; i < 8; i++)
		if (list.docs[1]->pages[i].blank != want[i])
			fail_msg("page %zu: blank %d, want %d", i + 1, list.docs[1]->pages[i].blank,
				 want[i]);
	sb_doc_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_not_read_is_reported),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_keep_original),
		cmocka_unit_test(test_blank_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
