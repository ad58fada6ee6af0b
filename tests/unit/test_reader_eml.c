/*
 * Unit tests for the e-mail reader (sb_reader_eml, through sb_read_buffer).
 *
 * Why: parents keep much of a case in their inbox. An e-mail must come out
 * with its headers decoded (RFC 2047 words, RFC 2231 file names), its date as
 * the UK day it was sent (the Tribunal counts UK days), a readable body from
 * plain text or HTML, and every attachment as a document of its own that
 * names the e-mail it came in. Hostile mail (deep nesting, huge parts, odd
 * file names) must be cut or refused without crashing, and never silently.
 * Fixtures: tests/data/readers/eml/make_fixtures.py (all fictional).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/reader.h>

#include "sb_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENCO "Delphine Achterberg <d.achterberg@larkspur-primary.example.sch.uk>"
#define PARENT "Gemma Marchetti <gemma.marchetti@example.net>"
#define COUNCIL "Eastmere Council SEND Team <send@eastmere.example.gov.uk>"

static unsigned char *read_fixture(const char *name, size_t *len)
{
	return sb_test_slurp(SB_TEST_DATA "/readers/eml", name, len);
}

/* Read fixture `name` (lim may be NULL) into list; returns sb_read_buffer's code. */
static int read_eml(const char *name, const sb_read_limits *lim, sb_doc_list *list,
		    sb_error *err)
{
	size_t len;
	unsigned char *data = read_fixture(name, &len);
	int rc;

	sb_error_clear(err);
	rc = sb_read_buffer(name, data, len, lim, list, err);
	free(data);
	return rc;
}

/* Read an e-mail held in a string, as "mem.eml". */
static int read_text(const char *text, const sb_read_limits *lim, sb_doc_list *list,
		     sb_error *err)
{
	sb_error_clear(err);
	return sb_read_buffer("mem.eml", (const unsigned char *)text, strlen(text), lim, list,
			      err);
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got != NULL ? got : "(null)", want);
}

static void assert_date(const sb_doc *d, int y, int m, int day)
{
	if (y == 0) {
		assert_false(d->has_email_date);
		return;
	}
	assert_true(d->has_email_date);
	assert_int_equal(d->email_date.year, y);
	assert_int_equal(d->email_date.month, m);
	assert_int_equal(d->email_date.day, day);
}

/* The one page of an e-mail document, checked exactly. */
static void assert_page(const sb_doc *d, const char *want)
{
	assert_int_equal(d->npages, 1);
	if (strcmp(d->pages[0].text, want) != 0)
		print_error("%s: page is\n%s\n<<END\n", d->path, d->pages[0].text);
	assert_string_equal(d->pages[0].text, want);
	assert_int_equal(d->pages[0].len, strlen(want));
}

/* ---- single e-mails, headers and body exact ---- */

struct eml_case {
	const char *file;
	const char *from, *to, *subject;
	int year, month, day;
	const char *page;
	const char *warning; /* the only warning, or NULL for none */
};

static const struct eml_case eml_cases[] = {
	{"plain-senco.eml", SENCO, PARENT, "Rosie's SEN support plan review", 2024, 3, 12,
	 "From: " SENCO "\nTo: " PARENT "\n"
	 "Date: Tuesday 12 March 2024 16:05 (UK time)\n"
	 "Subject: Rosie's SEN support plan review\n\n"
	 "Dear Ms Marchetti,\n\n"
	 "Thank you for coming in today. I will send the updated SEN support plan\n"
	 "after the review on 26 March 2024.\n\n"
	 "Kind regards,\n\n"
	 "Delphine Achterberg\n"
	 "SENCO, Larkspur Primary School",
	 NULL},
	{"html-only.eml", SENCO, PARENT, "Speech and language visit", 2024, 3, 18,
	 "From: " SENCO "\nTo: " PARENT "\n"
	 "Date: Monday 18 March 2024 08:00 (UK time)\n"
	 "Subject: Speech and language visit\n\n"
	 "Dear Ms Marchetti,\n\n"
	 "The speech and language therapist's visit is on Thursday 21 March 2024.\n"
	 "Please bring Rosie\u2019s book & her <reading record>.\n\n"
	 "Fee: \u00a30\n"
	 "Room: 3\u2019s annex\n\n"
	 "Term Spring\n"
	 "Year 2\n\n"
	 "Kind regards,\n"
	 "Delphine Achterberg\n"
	 "SENCO",
	 NULL},
	{"alternative.eml", SENCO, PARENT, "Educational psychologist", 2024, 3, 22,
	 "From: " SENCO "\nTo: " PARENT "\n"
	 "Date: Friday 22 March 2024 12:00 (UK time)\n"
	 "Subject: Educational psychologist\n\n"
	 "The EP will observe Rosie on 9 April 2024 \u2013 the plain part wins.",
	 NULL},
	/* No Date: the bottom Received header, 23:59 at -0100 on Saturday, is
	 * 00:59 GMT on Sunday 31 March, a minute before BST began. */
	{"no-date.eml", COUNCIL, PARENT, "Acknowledgement of your request", 2024, 3, 31,
	 "From: " COUNCIL "\nTo: " PARENT "\n"
	 "Date: Sunday 31 March 2024 00:59 (UK time)\n"
	 "Subject: Acknowledgement of your request\n\n"
	 "We have received your request for an EHC needs assessment.",
	 "the e-mail has no Date header that can be read: its date is taken from the Received "
	 "header"},
	{"qp-cp1252.eml", PARENT, SENCO, "Mrs O'Brien's note", 2024, 4, 8,
	 "From: " PARENT "\nTo: " SENCO "\n"
	 "Date: Monday 8 April 2024 07:45 (UK time)\n"
	 "Subject: Mrs O'Brien's note\n\n"
	 "Mrs O\u2019Brien \u2013 \u201cthe draft plan\u201d is ready\u2026\n"
	 "Cost: \u20ac50, a very long line that is wrapped by a soft line break here and "
	 "continues.",
	 NULL},
	{"nested-200.eml", "Loop Sender <loop@example.net>", NULL, "Nested", 2024, 3, 12,
	 "From: Loop Sender <loop@example.net>\n"
	 "Date: Tuesday 12 March 2024 10:00 (UK time)\n"
	 "Subject: Nested\n",
	 "the e-mail's parts are nested more than 16 deep: the deeper parts were not read"},
};

static void test_emails(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(eml_cases) / sizeof(eml_cases[0]); i++) {
		const struct eml_case *c = &eml_cases[i];
		sb_doc_list list;
		sb_error err;
		const sb_doc *d;

		sb_doc_list_init(&list);
		if (read_eml(c->file, NULL, &list, &err) != SB_OK)
			print_error("%s: %s\n", c->file, err.message);
		assert_int_equal(list.ndocs, 1);
		assert_int_equal(list.nerrors, 0);
		d = list.docs[0];
		assert_string_equal(d->path, c->file);
		assert_int_equal(d->format, SB_FORMAT_EMAIL);
		assert_null(d->parent);
		assert_str_or_null(d->email_from, c->from);
		assert_str_or_null(d->email_to, c->to);
		assert_str_or_null(d->email_subject, c->subject);
		assert_str_or_null(d->title, c->subject);
		assert_date(d, c->year, c->month, c->day);
		assert_page(d, c->page);
		assert_true(d->pages[0].has_text);
		if (c->warning == NULL) {
			assert_int_equal(d->nwarnings, 0);
		} else {
			assert_int_equal(d->nwarnings, 1);
			assert_string_equal(d->warnings[0], c->warning);
		}
		sb_doc_list_free(&list);
	}
}

/* ---- attachments ---- */

static void test_attachments(void **state)
{
	static const char notes[] =
		"Review notes, 26 March 2024\nRosie reads 40 words a minute.\n";
	sb_doc_list list;
	sb_error err;
	char sha[65];
	size_t i;

	(void)state;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("attachments.eml", NULL, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 4);
	assert_page(list.docs[0], "From: " PARENT "\nTo: " COUNCIL "\n"
				  "Date: Wednesday 27 March 2024 09:15 (UK time)\n"
				  "Subject: Reports for Rosie\n\n"
				  "Please find attached Rosie\u2019s reports.");
	assert_string_equal(list.docs[0]->title, "Reports for Rosie");
	assert_string_equal(list.docs[1]->path, "attachments.eml#1/notes.txt");
	assert_string_equal(list.docs[2]->path, "attachments.eml#2/salt-report.pdf");
	assert_string_equal(list.docs[3]->path, "attachments.eml#3/letter.docx");
	assert_int_equal(list.docs[1]->format, SB_FORMAT_TEXT);
	assert_int_equal(list.docs[2]->format, SB_FORMAT_PDF);
	assert_int_equal(list.docs[3]->format, SB_FORMAT_DOCX);
	for (i = 1; i < 4; i++) {
		assert_string_equal(list.docs[i]->parent, "attachments.eml");
		assert_string_equal(list.docs[i]->title, "attachment to Reports for Rosie");
		assert_null(list.docs[i]->email_from);
	}
	/* The attachment's size and hash are of its decoded bytes. */
	assert_int_equal(list.docs[1]->npages, 1);
	assert_string_equal(list.docs[1]->pages[0].text, notes);
	assert_int_equal(list.docs[1]->size, strlen(notes));
	sb_sha256_hex(notes, strlen(notes), sha);
	assert_string_equal(list.docs[1]->sha256, sha);
	/* The PDF and the DOCX went through their own readers. */
	assert_int_equal(list.docs[2]->npages, 1);
	assert_non_null(
		strstr(list.docs[2]->pages[0].text, "Speech and Language Therapy Report\n"));
	assert_non_null(strstr(list.docs[2]->pages[0].text,
			       "Written by Keziah Marlowe, Specialist Speech and Language "
			       "Therapist\n"));
	assert_non_null(strstr(list.docs[2]->pages[0].text, "Date of report: 4 March 2024"));
	assert_non_null(strstr(list.docs[3]->pages[0].text,
			       "We have decided not to carry out an education, health and care "
			       "needs assessment for Tomasz.\n"));
	/* The "photo" is only a JPEG's first bytes: not read, and says why;
	 * the e-mail still counts as read. */
	assert_int_equal(list.nerrors, 1);
	assert_string_equal(list.errors[0].path, "attachments.eml#4/photo.jpg");
	assert_string_equal(list.errors[0].reason, "damaged");
	assert_non_null(strstr(list.errors[0].message, "the JPEG is cut off"));
	assert_int_equal(list.docs[0]->nwarnings, 0);
	sb_doc_list_free(&list);
}

static void test_encoded_words_and_file_names(void **state)
{
	static const char subject[] = "Rosie\u2019s EHC needs assessment \u2013 request";
	sb_doc_list list;
	sb_error err;
	size_t i;

	(void)state;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("rfc2047-2231.eml", NULL, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 4);
	assert_int_equal(list.nerrors, 0);
	assert_string_equal(list.docs[0]->email_subject, subject);
	assert_string_equal(list.docs[0]->title, subject);
	assert_string_equal(list.docs[0]->email_from,
			    "Ren\u00e9e Okafor <renee.okafor@eastmere.example.gov.uk>");
	/* 10:30 at +0100 is 09:30 UTC, 10:30 BST. */
	assert_date(list.docs[0], 2024, 4, 4);
	assert_page(list.docs[0],
		    "From: Ren\u00e9e Okafor <renee.okafor@eastmere.example.gov.uk>\n"
		    "To: " PARENT "\n"
		    "Date: Thursday 4 April 2024 10:30 (UK time)\n"
		    "Subject: Rosie\u2019s EHC needs assessment \u2013 request\n\n"
		    "Here is the draft plan.");
	/* RFC 2231 name decoded; "../../.secret/report.txt" and control
	 * characters made harmless. */
	assert_string_equal(list.docs[1]->path,
			    "rfc2047-2231.eml#1/Rosie\u2019s plan \u2013 draft.txt");
	assert_string_equal(list.docs[1]->pages[0].text, "Draft plan for Rosie \u2013 outcomes\n");
	assert_string_equal(list.docs[2]->path, "rfc2047-2231.eml#2/_.._.secret_report.txt");
	assert_string_equal(list.docs[2]->pages[0].text,
			    "A file name that tries to leave the folder.\n");
	assert_string_equal(list.docs[3]->path, "rfc2047-2231.eml#3/a_b_c.txt");
	for (i = 1; i < 4; i++) {
		assert_string_equal(list.docs[i]->parent, "rfc2047-2231.eml");
		assert_string_equal(
			list.docs[i]->title,
			"attachment to Rosie\u2019s EHC needs assessment \u2013 request");
	}
	sb_doc_list_free(&list);
}

static void test_attached_email(void **state)
{
	static const char outer[] = "attached-email.eml";
	static const char inner[] = "attached-email.eml#1/attachment-1.eml";
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml(outer, NULL, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 3);
	assert_int_equal(list.nerrors, 0);
	assert_page(list.docs[0], "From: " PARENT "\n"
				  "To: Sefton Advocacy <help@sefton-advocacy.example.org>\n"
				  "Date: Wednesday 17 July 2024 19:00 (UK time)\n"
				  "Subject: Fwd: Decision on EHC needs assessment\n\n"
				  "Forwarding the council's reply.");
	/* The attached e-mail is an e-mail document of its own: its headers, and
	 * the title that says where it came from. 23:30 UTC on 15 July is 00:30
	 * BST on the 16th. */
	assert_string_equal(list.docs[1]->path, inner);
	assert_int_equal(list.docs[1]->format, SB_FORMAT_EMAIL);
	assert_string_equal(list.docs[1]->parent, outer);
	assert_string_equal(list.docs[1]->title,
			    "attachment to Fwd: Decision on EHC needs assessment");
	assert_string_equal(list.docs[1]->email_subject, "Decision on EHC needs assessment");
	assert_string_equal(list.docs[1]->email_from, COUNCIL);
	assert_date(list.docs[1], 2024, 7, 16);
	assert_page(list.docs[1], "From: " COUNCIL "\nTo: " PARENT "\n"
				  "Date: Tuesday 16 July 2024 00:30 (UK time)\n"
				  "Subject: Decision on EHC needs assessment\n\n"
				  "Please see the decision attached.");
	/* Its attachment belongs to it, not to the outer e-mail. */
	assert_string_equal(list.docs[2]->path,
			    "attached-email.eml#1/attachment-1.eml#1/decision.txt");
	assert_string_equal(list.docs[2]->parent, inner);
	assert_string_equal(list.docs[2]->title, "attachment to Decision on EHC needs assessment");
	assert_string_equal(list.docs[2]->pages[0].text,
			    "We have decided not to carry out an EHC needs assessment.\n");
	sb_doc_list_free(&list);
}

static void test_not_an_email(void **state)
{
	sb_doc_list list;
	sb_error err;
	sb_doc *doc;

	(void)state;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("not-an-email.eml", NULL, &list, &err), SB_EPARSE);
	assert_string_equal(err.reason, "damaged");
	assert_string_equal(err.file, "not-an-email.eml");
	assert_int_equal(list.ndocs, 0);
	assert_int_equal(list.nerrors, 0);
	/* Called directly on nothing at all. */
	doc = sb_doc_list_add(&list, "empty.eml", SB_FORMAT_EMAIL);
	assert_non_null(doc);
	assert_int_equal(sb_reader_eml("empty.eml", NULL, 0, NULL, doc, &list, &err), SB_EPARSE);
	assert_string_equal(err.reason, "damaged");
	assert_int_equal(sb_reader_eml("x.eml", NULL, 5, NULL, doc, &list, &err), SB_EINVAL);
	sb_doc_list_free(&list);
}

/* ---- limits ---- */

static void test_limit_parts(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_read_limits_init(&lim);
	/* The multipart and the body text: the attachments are past the cap. */
	lim.max_mime_parts = 2;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("attachments.eml", &lim, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 1);
	assert_int_equal(list.nerrors, 0);
	assert_int_equal(list.docs[0]->nwarnings, 1);
	assert_string_equal(list.docs[0]->warnings[0],
			    "the e-mail has more than 2 parts: the rest were not read");
	assert_non_null(strstr(list.docs[0]->pages[0].text, "Please find attached"));
	sb_doc_list_free(&list);
}

static void test_limit_decoded(void **state)
{
	static const char *const refused[] = {
		"attachments.eml#1/notes.txt", "attachments.eml#2/salt-report.pdf",
		"attachments.eml#3/letter.docx", "attachments.eml#4/photo.jpg"};
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;
	size_t i;

	(void)state;
	sb_read_limits_init(&lim);
	/* The body (40 bytes decoded) fits; the 59-byte notes.txt does not, and
	 * nothing after it is decoded; each attachment is still listed. */
	lim.max_decoded = 60;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("attachments.eml", &lim, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 1);
	assert_non_null(strstr(list.docs[0]->pages[0].text, "Please find attached"));
	assert_int_equal(list.docs[0]->nwarnings, 1);
	assert_string_equal(list.docs[0]->warnings[0],
			    "the e-mail's parts decode to more than 60 bytes: the rest were not "
			    "read");
	assert_int_equal(list.nerrors, 4);
	for (i = 0; i < 4; i++) {
		assert_string_equal(list.errors[i].path, refused[i]);
		assert_string_equal(list.errors[i].reason, "too-large");
	}
	sb_doc_list_free(&list);
}

static void test_limit_depth(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;

	(void)state;
	/* An e-mail already at the deepest level may not open attachments. */
	sb_read_limits_init(&lim);
	lim.max_mime_depth = 3;
	lim.depth = 3;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("attachments.eml", &lim, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 1);
	assert_int_equal(list.nerrors, 4);
	assert_string_equal(list.errors[0].path, "attachments.eml#1/notes.txt");
	assert_string_equal(list.errors[0].reason, "too-deep");
	assert_string_equal(list.errors[3].reason, "too-deep");
	sb_doc_list_free(&list);

	/* With depth 1 allowed, the attached e-mail is read but its own
	 * attachment is one level too deep. */
	sb_read_limits_init(&lim);
	lim.max_mime_depth = 1;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("attached-email.eml", &lim, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 2);
	assert_string_equal(list.docs[1]->path, "attached-email.eml#1/attachment-1.eml");
	assert_int_equal(list.nerrors, 1);
	assert_string_equal(list.errors[0].path,
			    "attached-email.eml#1/attachment-1.eml#1/decision.txt");
	assert_string_equal(list.errors[0].reason, "too-deep");
	sb_doc_list_free(&list);

	/* Multipart nesting inside one e-mail counts against the same limit. */
	sb_read_limits_init(&lim);
	lim.max_mime_depth = 1;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("attachments.eml", &lim, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 4);
	assert_int_equal(list.docs[0]->nwarnings, 0);
	sb_doc_list_free(&list);
	lim.max_mime_depth = 0;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("attachments.eml", &lim, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 1);
	assert_int_equal(list.nerrors, 0);
	assert_string_equal(list.docs[0]->warnings[0],
			    "the e-mail's parts are nested more than 0 deep: the deeper parts "
			    "were not read");
	sb_doc_list_free(&list);
}

static void test_limit_text(void **state)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_read_limits_init(&lim);
	lim.max_text = 100;
	sb_doc_list_init(&list);
	assert_int_equal(read_eml("plain-senco.eml", &lim, &list, &err), SB_ERANGE);
	assert_string_equal(err.reason, "too-large");
	assert_int_equal(list.ndocs, 0);
	sb_doc_list_free(&list);
}

/* Far deeper than GMime's own limit (1024): cut, warned, no crash. */
static void test_deep_nesting(void **state)
{
	enum { DEPTH = 3000 };
	size_t cap = (size_t)DEPTH * 80 + 256, len = 0;
	char *text = malloc(cap);
	sb_doc_list list;
	sb_error err;
	int i;

	(void)state;
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len,
				"From: a@example.net\nSubject: deep\nMIME-Version: 1.0\n");
	for (i = 0; i < DEPTH; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"Content-Type: multipart/mixed; "
					"boundary=\"b%d\"\n\n--b%d\n",
					i, i);
	len += (size_t)snprintf(text + len, cap - len, "Content-Type: text/plain\n\nbottom\n");
	for (i = DEPTH - 1; i >= 0; i--)
		len += (size_t)snprintf(text + len, cap - len, "--b%d--\n", i);
	assert_true(len < cap);
	sb_doc_list_init(&list);
	assert_int_equal(read_text(text, NULL, &list, &err), SB_OK);
	assert_int_equal(list.ndocs, 1);
	assert_null(strstr(list.docs[0]->pages[0].text, "bottom"));
	assert_int_equal(list.docs[0]->nwarnings, 2); /* no date; nested too deep */
	assert_string_equal(list.docs[0]->warnings[1],
			    "the e-mail's parts are nested more than 16 deep: the deeper parts "
			    "were not read");
	sb_doc_list_free(&list);
	free(text);
}

/* ---- dates: the UK day ---- */

struct date_case {
	const char *header; /* the Date header's value */
	int year, month, day;
	const char *line;   /* the header block's Date line */
};

static const struct date_case date_cases[] = {
	/* Sent late in California: already the next day in London. */
	{"Tue, 12 Mar 2024 23:30:00 -0800", 2024, 3, 13, "Wednesday 13 March 2024 07:30"},
	/* BST starts at 01:00 UTC on the last Sunday of March. */
	{"Sun, 31 Mar 2024 00:59:59 +0000", 2024, 3, 31, "Sunday 31 March 2024 00:59"},
	{"Sun, 31 Mar 2024 01:00:00 +0000", 2024, 3, 31, "Sunday 31 March 2024 02:00"},
	/* ... and ends at 01:00 UTC on the last Sunday of October. */
	{"Sun, 27 Oct 2024 00:59:00 +0000", 2024, 10, 27, "Sunday 27 October 2024 01:59"},
	{"Sun, 27 Oct 2024 01:00:00 +0000", 2024, 10, 27, "Sunday 27 October 2024 01:00"},
	{"Mon, 15 Jul 2024 23:30:00 +0000", 2024, 7, 16, "Tuesday 16 July 2024 00:30"},
	{"Mon, 15 Jul 2024 23:30:00 +0100", 2024, 7, 15, "Monday 15 July 2024 23:30"},
	/* Sent just after midnight in Paris on New Year's Day: still 2025 here. */
	{"Thu, 1 Jan 2026 00:30:00 +0100", 2025, 12, 31, "Wednesday 31 December 2025 23:30"},
	/* 1995: summer time ended on 22 October (the Sunday on or after the 22nd). */
	{"Sat, 28 Oct 1995 23:30:00 +0000", 1995, 10, 28, "Saturday 28 October 1995 23:30"},
	{"Sat, 21 Oct 1995 23:30:00 +0000", 1995, 10, 22, "Sunday 22 October 1995 00:30"},
	/* A far-east sender early on the 1st: the last day of the month here. */
	{"Fri, 1 Mar 2024 06:00:00 +0900", 2024, 2, 29, "Thursday 29 February 2024 21:00"},
	{"12 Mar 2024 10:00 GMT", 2024, 3, 12, "Tuesday 12 March 2024 10:00"},
};

static void test_dates(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
		const struct date_case *c = &date_cases[i];
		char mail[512], want[128];
		sb_doc_list list;
		sb_error err;

		snprintf(mail, sizeof(mail),
			 "From: a@example.net\nDate: %s\nSubject: s\n\nbody\n", c->header);
		snprintf(want, sizeof(want), "Date: %s (UK time)\n", c->line);
		sb_doc_list_init(&list);
		assert_int_equal(read_text(mail, NULL, &list, &err), SB_OK);
		if (strstr(list.docs[0]->pages[0].text, want) == NULL)
			print_error("'%s': page is\n%s\n", c->header, list.docs[0]->pages[0].text);
		assert_non_null(strstr(list.docs[0]->pages[0].text, want));
		assert_date(list.docs[0], c->year, c->month, c->day);
		assert_int_equal(list.docs[0]->nwarnings, 0);
		sb_doc_list_free(&list);
	}
}

/* Read mail and check its one warning and its page; no date is known. */
static void assert_undated(const char *mail, const char *warning, const char *page)
{
	sb_doc_list list;
	sb_error err;

	sb_doc_list_init(&list);
	assert_int_equal(read_text(mail, NULL, &list, &err), SB_OK);
	assert_false(list.docs[0]->has_email_date);
	assert_int_equal(list.docs[0]->nwarnings, 1);
	assert_string_equal(list.docs[0]->warnings[0], warning);
	assert_page(list.docs[0], page);
	sb_doc_list_free(&list);
}

static void test_no_date(void **state)
{
	static const char *const mails[] = {
		"From: a@example.net\nSubject: s\n\nbody\n",
		"From: a@example.net\nDate: not a date\nSubject: s\n\nbody\n",
		"From: a@example.net\nReceived: from x by y (no date here)\nSubject: s\n\nbody\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(mails) / sizeof(mails[0]); i++)
		assert_undated(mails[i],
			       "the e-mail has no date (no Date or Received header that can be read)",
			       "From: a@example.net\nSubject: s\n\nbody");
}

/* An Outlook copy saved as text has "Sent:" where a message has "Date:":
 * its value becomes the header block's date line, as written (unfolded),
 * for extraction to read. */
static void test_sent_header(void **state)
{
	static const char *const mails[][2] = {
		{"From: a@example.net\nSent: 14 October 2025 09:12\nSubject: s\n\nbody\n",
		 "From: a@example.net\nDate: 14 October 2025 09:12\nSubject: s\n\nbody"},
		{"From: a@example.net\nSent: Tuesday, October 14, 2025\n 9:12 AM\nSubject: s\n\nb\n",
		 "From: a@example.net\nDate: Tuesday, October 14, 2025 9:12 AM\nSubject: s\n\nb"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(mails) / sizeof(mails[0]); i++)
		assert_undated(mails[i][0],
			       "the e-mail has no Date header: its date is read from its Sent line, "
			       "as Outlook copies show it",
			       mails[i][1]);
}

/* ---- bodies and parts, from small e-mails written here ---- */

struct body_case {
	const char *name;
	const char *mail;
	const char *page;        /* the whole page */
	size_t ndocs;            /* documents, the e-mail included */
	const char *child_path;  /* path of docs[1], or NULL */
	const char *child_title; /* title of docs[1] */
};

#define HEAD "From: a@example.net\nSubject: s\nDate: Tue, 12 Mar 2024 10:00:00 +0000\n"
#define ENCRYPTED                                                                          \
	HEAD "Content-Type: multipart/encrypted; boundary=x; "                                \
	     "protocol=\"application/pgp-encrypted\"\n\n"                                      \
	     "--x\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"                     \
	     "--x\nContent-Type: application/octet-stream\n\nXXXX\n--x--\n"
#define HEAD_PAGE "From: a@example.net\nDate: Tuesday 12 March 2024 10:00 (UK time)\nSubject: s\n"

static const struct body_case body_cases[] = {
	{"empty plain alternative falls back to html",
	 HEAD "Content-Type: multipart/alternative; boundary=x\n\n"
	      "--x\nContent-Type: text/plain\n\n \n--x\nContent-Type: text/html\n\n<p>From "
	      "HTML</p>\n--x--\n",
	 HEAD_PAGE "\nFrom HTML", 1, NULL, NULL},
	{"alternative with related html",
	 HEAD "Content-Type: multipart/alternative; boundary=x\n\n"
	      "--x\nContent-Type: multipart/related; boundary=y\n\n"
	      "--y\nContent-Type: text/html\n\n<b>Rich</b>\n"
	      "--y\nContent-Type: image/png\nContent-ID: <logo>\n"
	      "Content-Disposition: inline; filename=\"image001.png\"\n\nPNG\n--y--\n--x--\n",
	 HEAD_PAGE "\nRich", 1, NULL, NULL},
	{"iso-8859-1 label read as windows-1252",
	 HEAD "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
	      "It\x92s caf\xe9 time\n",
	 HEAD_PAGE "\nIt\u2019s caf\u00e9 time", 1, NULL, NULL},
	{"no content type is plain text", HEAD "\nJust text.\n", HEAD_PAGE "\nJust text.", 1,
	 NULL, NULL},
	{"two inline text parts joined",
	 HEAD "Content-Type: multipart/mixed; boundary=x\n\n"
	      "--x\nContent-Type: text/plain\n\nFirst.\n\n\n--x\nContent-Type: text/html\n\n"
	      "<p>Second.</p>\n--x--\n",
	 HEAD_PAGE "\nFirst.\n\nSecond.", 1, NULL, NULL},
	{"signature part skipped",
	 HEAD "Content-Type: multipart/signed; boundary=x; "
	      "protocol=\"application/pgp-signature\"\n\n"
	      "--x\nContent-Type: text/plain\n\nSigned text.\n"
	      "--x\nContent-Type: application/pgp-signature; name=signature.asc\n\nSIG\n--x--\n",
	 HEAD_PAGE "\nSigned text.", 1, NULL, NULL},
	{"attached text part is a document",
	 HEAD "Content-Type: multipart/mixed; boundary=x\n\n"
	      "--x\nContent-Type: text/plain\n\nSee attached.\n"
	      "--x\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\n"
	      "Attached words.\n--x--\n",
	 HEAD_PAGE "\nSee attached.", 2, "mem.eml#1/a.txt", "attachment to s"},
	{"inline text part with a file name is an attachment",
	 HEAD "Content-Type: multipart/mixed; boundary=x\n\n"
	      "--x\nContent-Type: text/plain\n\nBody.\n"
	      "--x\nContent-Type: text/plain; name=notes.txt\n"
	      "Content-Disposition: inline; filename=notes.txt\n\nNotes.\n--x--\n",
	 HEAD_PAGE "\nBody.", 2, "mem.eml#1/notes.txt", "attachment to s"},
	{"named message/rfc822 gets .eml",
	 HEAD "Content-Type: multipart/mixed; boundary=x\n\n"
	      "--x\nContent-Type: message/rfc822\n"
	      "Content-Disposition: attachment; filename=\"Re: plan\"\n\n"
	      "Subject: inner\n\nInner body.\n--x--\n",
	 HEAD_PAGE, 2, "mem.eml#1/Re: plan.eml", "attachment to s"},
	{"unnamed non-text part",
	 HEAD "Content-Type: multipart/mixed; boundary=x\n\n"
	      "--x\nContent-Type: text/plain\n\nBody.\n"
	      "--x\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
	      "SGVsbG8gdGhlcmUK\n--x--\n",
	 HEAD_PAGE "\nBody.", 2, "mem.eml#1/attachment-1", "attachment to s"},
	{"leading dots and slashes",
	 HEAD "Content-Type: multipart/mixed; boundary=x\n\n"
	      "--x\nContent-Type: text/plain; name=\"...\"\n"
	      "Content-Disposition: attachment; filename=\"..\"\n\nDots.\n--x--\n",
	 HEAD_PAGE, 2, "mem.eml#1/attachment-1", "attachment to s"},
	{"title from the sender without a subject",
	 "From: Jo Bloggs <jo@example.net>\nDate: Tue, 12 Mar 2024 10:00:00 +0000\n"
	 "Content-Type: multipart/mixed; boundary=x\n\n"
	 "--x\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\n"
	 "Words.\n--x--\n",
	 "From: Jo Bloggs <jo@example.net>\nDate: Tuesday 12 March 2024 10:00 (UK time)\n", 2,
	 "mem.eml#1/a.txt", "attachment to e-mail from Jo Bloggs <jo@example.net>"},
	{"mbox separator line",
	 "From jo@example.net Tue Mar 12 10:00:00 2024\n" HEAD "\nBody.\n",
	 HEAD_PAGE "\nBody.", 1, NULL, NULL},
	{"quoted display name and several recipients",
	 "From: \"Doe, Jane\" <jane@example.org>\nTo: a@example.net, Bo <b@example.net>\n"
	 "Subject: =?utf-8?Q?caf=C3=A9?= and raw caf\xe9\n"
	 "Date: Tue, 12 Mar 2024 10:00:00 +0000\n\nBody.\n",
	 "From: \"Doe, Jane\" <jane@example.org>\nTo: a@example.net, Bo <b@example.net>\n"
	 "Date: Tuesday 12 March 2024 10:00 (UK time)\nSubject: caf\u00e9 and raw caf\u00e9\n\n"
	 "Body.",
	 1, NULL, NULL},
	{"encrypted part", ENCRYPTED, HEAD_PAGE, 1, NULL, NULL},
};

static void test_bodies(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(body_cases) / sizeof(body_cases[0]); i++) {
		const struct body_case *c = &body_cases[i];
		sb_doc_list list;
		sb_error err;

		sb_doc_list_init(&list);
		if (read_text(c->mail, NULL, &list, &err) != SB_OK)
			print_error("case '%s': %s\n", c->name, err.message);
		assert_true(list.ndocs >= 1);
		if (strcmp(list.docs[0]->pages[0].text, c->page) != 0 || list.ndocs != c->ndocs)
			print_error("case '%s': %zu docs, page\n%s\n<<END\n", c->name, list.ndocs,
				    list.docs[0]->pages[0].text);
		assert_page(list.docs[0], c->page);
		assert_int_equal(list.ndocs, c->ndocs);
		assert_int_equal(list.nerrors, 0);
		if (c->child_path != NULL) {
			assert_string_equal(list.docs[1]->path, c->child_path);
			assert_string_equal(list.docs[1]->parent, "mem.eml");
			assert_string_equal(list.docs[1]->title, c->child_title);
		}
		sb_doc_list_free(&list);
	}
}

static void test_encrypted_warning(void **state)
{
	sb_doc_list list;
	sb_error err;

	(void)state;
	sb_doc_list_init(&list);
	assert_int_equal(read_text(ENCRYPTED, NULL, &list, &err), SB_OK);
	assert_int_equal(list.docs[0]->nwarnings, 1);
	assert_string_equal(list.docs[0]->warnings[0],
			    "the e-mail is encrypted: its encrypted part was not read");
	sb_doc_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_attachments),
		cmocka_unit_test(test_encoded_words_and_file_names),
		cmocka_unit_test(test_attached_email),
		cmocka_unit_test(test_not_an_email),
		cmocka_unit_test(test_limit_parts),
		cmocka_unit_test(test_limit_decoded),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_text),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_no_date),
		cmocka_unit_test(test_sent_header),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_encrypted_warning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
