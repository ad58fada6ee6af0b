/*
 * test_letter: the family's letters (issue 6, "letter";
 * include/sendbundle/letter.h).
 *
 * Why: a parent sends these letters under their own name. The request must
 * quote the s.36(8) test word for word and list only evidence (never the
 * LA's own decision letter, guidance, or what the case file excludes), each
 * document once, with the author, profession and date the bundle would
 * show; the evidence list must cite the bundle's pages exactly as they are
 * stamped (continuous or by section); what the program cannot know must
 * stay a visible placeholder, never a guess; the Word file must be
 * well-formed whatever the documents' text holds; and no file is ever
 * replaced without force.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "sb_test.h"

/* ---- helpers ------------------------------------------------------------------ */

static sb_doc *add_doc(sb_doc_list *l, const char *path, sb_kind kind, const char *author,
		       sb_role role, const char *iso, unsigned areas, char sha)
{
	sb_doc *d = sb_doc_list_add(l, path, SB_FORMAT_PDF);

	assert_non_null(d);
	d->facts.kind = kind;
	if (author != NULL)
		assert_int_equal(sb_doc_set_string(&d->facts.author, author), SB_OK);
	d->facts.author_role = role;
	if (iso != NULL) {
		d->facts.has_document_date = true;
		assert_true(sb_test_parse_iso(iso, &d->facts.document_date));
	}
	d->facts.areas = areas;
	memset(d->sha256, sha, 64);
	d->sha256[64] = '\0';
	return d;
}

static void parse_case(const char *json, sb_case_file *cf)
{
	sb_error err;

	if (sb_case_file_parse(json, strlen(json), "test.json", cf, &err) != SB_OK)
		fail_msg("case file: %s", err.message);
}

static sb_date day(int y, int m, int d)
{
	sb_date x = {y, m, d};

	return x;
}

/* The k-th (0-based) paragraph of a style, or fail. */
static const sb_letter_para *nth(const sb_letter *l, sb_letter_style s, size_t k)
{
	size_t i;

	for (i = 0; i < l->nparas; i++)
		if (l->paras[i].style == s && k-- == 0)
			return &l->paras[i];
	fail_msg("no paragraph %zu of style %d", k, (int)s);
	return NULL;
}

static size_t count(const sb_letter *l, sb_letter_style s)
{
	size_t i, n = 0;

	for (i = 0; i < l->nparas; i++)
		n += l->paras[i].style == s;
	return n;
}

/* Whether some paragraph's text is exactly text. */
static bool has_text(const sb_letter *l, const char *text)
{
	size_t i;

	for (i = 0; i < l->nparas; i++)
		if (strcmp(l->paras[i].text, text) == 0)
			return true;
	return false;
}

/* A paragraph added by hand to a letter (for the renderers). */
static void push(sb_letter *l, sb_letter_style s, const char *label, const char *text)
{
	sb_letter_para *grown = realloc(l->paras, (l->nparas + 1) * sizeof(*grown));

	assert_non_null(grown);
	l->paras = grown;
	l->paras[l->nparas].style = s;
	l->paras[l->nparas].label = label != NULL ? strdup(label) : NULL;
	l->paras[l->nparas].text = strdup(text);
	assert_non_null(l->paras[l->nparas].text);
	l->nparas++;
	l->cap = l->nparas;
}

/* ---- names -------------------------------------------------------------------- */

static void test_kind_names(void **state)
{
	sb_letter_kind k = SB_LETTER_KIND_COUNT;

	(void)state;
	assert_string_equal(sb_letter_kind_name(SB_LETTER_REQUEST_ASSESSMENT),
			    "request-assessment");
	assert_string_equal(sb_letter_kind_name(SB_LETTER_APPEAL_EVIDENCE), "appeal-evidence");
	assert_null(sb_letter_kind_name(SB_LETTER_KIND_COUNT));
	assert_true(sb_letter_kind_parse("appeal-evidence", &k));
	assert_int_equal(k, SB_LETTER_APPEAL_EVIDENCE);
	assert_true(sb_letter_kind_parse("request-assessment", &k));
	assert_int_equal(k, SB_LETTER_REQUEST_ASSESSMENT);
	assert_false(sb_letter_kind_parse("Request-Assessment", &k));
	assert_false(sb_letter_kind_parse("", &k));
	assert_false(sb_letter_kind_parse(NULL, &k));
}

static void test_format_for(void **state)
{
	sb_letter_format f;

	(void)state;
	assert_true(sb_letter_format_for("letter.docx", &f));
	assert_int_equal(f, SB_LETTER_FORMAT_DOCX);
	assert_true(sb_letter_format_for("out/Letter.DOCX", &f));
	assert_int_equal(f, SB_LETTER_FORMAT_DOCX);
	assert_true(sb_letter_format_for("a.txt", &f));
	assert_int_equal(f, SB_LETTER_FORMAT_TEXT);
	assert_false(sb_letter_format_for("letter.pdf", &f));
	assert_false(sb_letter_format_for("letter", &f));
	assert_false(sb_letter_format_for(".docx", &f));
	assert_false(sb_letter_format_for("dir/.txt", &f));
	assert_false(sb_letter_format_for(NULL, &f));
}

/* ---- request-assessment -------------------------------------------------------- */

static const char request_case[] =
    "{\"appeal_number\": null, \"appeal_type\": \"refusal-to-assess\", "
    "\"bundle_version\": 1, \"certificate_date\": null, \"child\": \"A.B.\", "
    "\"decision_date\": null, \"hearing_date\": null, \"la\": \"Testshire Council\", "
    "\"documents\": ["
    "{\"source\": \"10-excluded.pdf\", \"exclude\": true},"
    "{\"source\": \"11-moved.pdf\", \"exclude\": false, \"section\": \"A\"},"
    "{\"source\": \"12-gp.pdf\", \"exclude\": false, \"title\": \"Letter from the GP\", "
    "\"author\": \"Dr B. Jones\", \"author_role\": null, \"date\": \"2026-01-05\"}]}";

/* Every kind of document a folder holds: only evidence is listed, each
 * once, grouped and in date order, with the case file's corrections. */
static void fill_request_docs(sb_doc_list *docs)
{
	sb_doc *views;

	add_doc(docs, "01-decision.pdf", SB_KIND_LA_DECISION, "J. Whitfield", SB_ROLE_LA_OFFICER,
		"2026-09-14", 0, 'a');
	add_doc(docs, "02-code.pdf", SB_KIND_GUIDANCE, NULL, SB_ROLE_NONE, NULL, 0, 'b');
	add_doc(docs, "03-ep.pdf", SB_KIND_PROFESSIONAL_REPORT, "Dr A. Patel", SB_ROLE_EP,
		"2026-06-02", 1u << SB_AREA_COGNITION_LEARNING, 'c');
	add_doc(docs, "04-salt.pdf", SB_KIND_PROFESSIONAL_REPORT, "Ms L. Hughes", SB_ROLE_SALT,
		"2026-04-20", 1u << SB_AREA_COMMUNICATION_INTERACTION, 'd');
	add_doc(docs, "05-plan.pdf", SB_KIND_SCHOOL_PLAN, "Mrs R. Evans", SB_ROLE_SENCO,
		"2026-02-10", 0, 'e');
	add_doc(docs, "06-review.pdf", SB_KIND_SCHOOL_PLAN, NULL, SB_ROLE_NONE, NULL, 0, 'f');
	views = add_doc(docs, "07-views.pdf", SB_KIND_OTHER, "K. Parent", SB_ROLE_PARENT,
			"2026-07-26", 1u << SB_AREA_SEMH, '1');
	assert_int_equal(sb_doc_set_string(&views->title, "Parental views"), SB_OK);
	add_doc(docs, "08-la-letter.pdf", SB_KIND_CORRESPONDENCE, "P. Officer", SB_ROLE_LA_OFFICER,
		"2026-08-01", 0, '2');
	add_doc(docs, "09-copy-of-ep.pdf", SB_KIND_PROFESSIONAL_REPORT, "Dr A. Patel", SB_ROLE_EP,
		"2026-06-02", 0, 'c');
	add_doc(docs, "10-excluded.pdf", SB_KIND_OTHER, NULL, SB_ROLE_NONE, NULL, 0, '3');
	add_doc(docs, "11-moved.pdf", SB_KIND_PROFESSIONAL_REPORT, "X", SB_ROLE_EP, NULL, 0, '4');
	add_doc(docs, "12-gp.pdf", SB_KIND_OTHER, "someone else", SB_ROLE_PARENT, NULL, 0, '5');
	add_doc(docs, "13-ot.pdf", SB_KIND_PROFESSIONAL_REPORT, NULL, SB_ROLE_OT, NULL, 0, '6');
}

static void test_request_lists_evidence(void **state)
{
	static const char *const items[] = {
	    "Speech and language therapy report, by Ms L. Hughes (speech and language "
	    "therapist), 20 April 2026",
	    "Educational psychology report, by Dr A. Patel (educational psychologist), 2 June "
	    "2026",
	    "Occupational therapy report (occupational therapist), undated",
	    "SEN support plan, by Mrs R. Evans (SENCO), 10 February 2026",
	    "SEN support plan, undated",
	    "Letter from the GP, by Dr B. Jones, 5 January 2026",
	    "Parental views, by K. Parent (parent), 26 July 2026",
	};
	static const char *const headings[] = {
	    "Request for an education, health and care (EHC) needs assessment for A.B.",
	    "The legal test",
	    "The evidence",
	    "Reports from professionals",
	    "The school's SEN support plans and reviews",
	    "Other documents",
	    "Why an assessment is needed",
	};
	sb_doc_list docs;
	sb_case_file cf;
	sb_letter l;
	sb_error err;
	char label[8];
	size_t i;

	(void)state;
	sb_doc_list_init(&docs);
	fill_request_docs(&docs);
	parse_case(request_case, &cf);
	assert_int_equal(sb_letter_request_assessment(&docs, &cf, day(2026, 11, 22), &l, &err),
			 SB_OK);
	assert_int_equal(l.kind, SB_LETTER_REQUEST_ASSESSMENT);
	assert_int_equal(l.nevidence, 7);
	assert_int_equal(count(&l, SB_LETTER_ITEM), 7);
	for (i = 0; i < 7; i++) {
		snprintf(label, sizeof(label), "%zu.", i + 1);
		assert_string_equal(nth(&l, SB_LETTER_ITEM, i)->label, label);
		assert_string_equal(nth(&l, SB_LETTER_ITEM, i)->text, items[i]);
	}
	assert_int_equal(count(&l, SB_LETTER_HEADING), 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(nth(&l, SB_LETTER_HEADING, i)->text, headings[i]);
	/* The banner first, then the family's address block. */
	assert_int_equal(l.paras[0].style, SB_LETTER_BANNER_LINE);
	assert_string_equal(l.paras[0].text,
			    "DRAFT \u2014 check every detail, then sign and date it yourself");
	assert_int_equal(l.paras[1].style, SB_LETTER_BANNER_NOTE);
	assert_string_equal(l.paras[2].text, "[Your name]");
	assert_true(has_text(&l, "Testshire Council"));
	assert_true(has_text(&l, "22 November 2026"));
	/* s.36(8) word for word. */
	assert_int_equal(count(&l, SB_LETTER_QUOTE), 2);
	assert_string_equal(nth(&l, SB_LETTER_QUOTE, 0)->label, "(a)");
	assert_string_equal(nth(&l, SB_LETTER_QUOTE, 0)->text,
			    "\u201cthe child or young person has or may have special educational "
			    "needs, and\u201d");
	assert_string_equal(nth(&l, SB_LETTER_QUOTE, 1)->label, "(b)");
	assert_string_equal(nth(&l, SB_LETTER_QUOTE, 1)->text,
			    "\u201cit may be necessary for special educational provision to be "
			    "made for the child or young person in accordance with an EHC "
			    "plan.\u201d");
	/* The areas of need of the listed documents, in the Code's order. */
	assert_true(has_text(&l, "Between them, these documents describe needs in these areas "
				 "(SEND Code of Practice 2015, paragraph 6.28): communication and "
				 "interaction; cognition and learning; social, emotional and "
				 "mental health."));
	assert_true(has_text(&l, "[Your name], parent of A.B."));
	assert_true(has_text(&l, "Enclosed: copies of the 7 documents listed above."));
	assert_int_equal(l.nnotes, 0);
	sb_letter_release(&l);
	assert_int_equal(l.nparas, 0);
	sb_case_file_release(&cf);
	sb_doc_list_free(&docs);
}

/* No case file, or one that names neither LA nor child: placeholders, and
 * notes saying so; nothing is made up. */
static void test_request_placeholders(void **state)
{
	sb_doc_list docs;
	sb_case_file cf;
	sb_letter l;
	sb_error err;

	(void)state;
	sb_doc_list_init(&docs);
	add_doc(&docs, "ep.pdf", SB_KIND_PROFESSIONAL_REPORT, "Dr A. Patel", SB_ROLE_EP,
		"2026-06-02", 0, 'c');
	assert_int_equal(sb_letter_request_assessment(&docs, NULL, day(2026, 1, 2), &l, &err),
			 SB_OK);
	assert_true(has_text(&l, "[Your local authority]"));
	assert_true(has_text(&l, "2 January 2026"));
	assert_true(has_text(&l, "Request for an education, health and care (EHC) needs "
				 "assessment for [your child's name]"));
	assert_true(has_text(&l, "Enclosed: copies of the 1 document listed above."));
	assert_int_equal(l.nnotes, 1);
	assert_string_equal(l.notes[0], "with no sendbundle.json, the letter says [Your local "
					"authority] and [your child's name]: fill them in");
	sb_letter_release(&l);

	parse_case("{\"la\": null, \"child\": null, \"documents\": []}", &cf);
	assert_int_equal(sb_letter_request_assessment(&docs, &cf, day(2026, 1, 2), &l, &err),
			 SB_OK);
	assert_int_equal(l.nnotes, 2);
	assert_string_equal(l.notes[0], "sendbundle.json names no local authority (\"la\"): the "
					"letter says [Your local authority]; fill in \"la\" or "
					"the letter");
	assert_string_equal(l.notes[1], "sendbundle.json does not name the child (\"child\"): "
					"the letter says [your child's name]; fill in \"child\" "
					"or the letter");
	sb_letter_release(&l);
	sb_case_file_release(&cf);
	sb_doc_list_free(&docs);
}

/* Only a decision letter, and a file that could not be read: no list,
 * a placeholder to list the evidence by hand, and notes for both. */
static void test_request_without_evidence(void **state)
{
	sb_doc_list docs;
	sb_letter l;
	sb_error err;

	(void)state;
	sb_doc_list_init(&docs);
	add_doc(&docs, "decision.pdf", SB_KIND_LA_DECISION, "J. Whitfield", SB_ROLE_LA_OFFICER,
		"2026-09-14", 0, 'a');
	assert_int_equal(
	    sb_doc_list_add_error(&docs, "scan.pdf", "damaged", "it is damaged", "save it again"),
	    SB_OK);
	assert_int_equal(sb_letter_request_assessment(&docs, NULL, day(2026, 11, 22), &l, &err),
			 SB_OK);
	assert_int_equal(l.nevidence, 0);
	assert_int_equal(count(&l, SB_LETTER_ITEM), 0);
	assert_true(has_text(&l, "[List here the reports and other documents you are sending, "
				 "with who wrote each one, their profession and the date.]"));
	assert_false(has_text(&l, "I enclose copies of these documents."));
	assert_int_equal(l.nnotes, 3);
	assert_string_equal(l.notes[1], "no evidence was found in the case folder (reports, "
					"school plans, other documents): the letter has a "
					"placeholder to list it by hand");
	assert_string_equal(l.notes[2], "'scan.pdf' could not be read (it is damaged), so it is "
					"not listed; if it is evidence, add it to the letter by "
					"hand");
	sb_letter_release(&l);
	assert_int_equal(sb_letter_request_assessment(&docs, NULL, day(2026, 2, 30), &l, &err),
			 SB_EINVAL);
	assert_int_equal(l.nparas, 0);
	sb_doc_list_free(&docs);
}

/* ---- text and DOCX ------------------------------------------------------------- */

static void test_text_layout(void **state)
{
	static const char want[] =
	    "=============================================================================="
	    "\n"
	    "DRAFT \u2014 check every detail, then sign and date it yourself\n"
	    "Note.\n"
	    "=============================================================================="
	    "\n"
	    "\n"
	    "A\n"
	    "\n"
	    "B\n"
	    "\n"
	    "Head\n"
	    "word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11\n"
	    "word12 word13\n"
	    "\n"
	    "   9. short\n"
	    "  10. itemword1 itemword2 itemword3 itemword4 itemword5 itemword6 itemword7\n"
	    "      itemword8\n"
	    "\n"
	    "    (a) \u201cquoted\u201d\n";
	sb_letter l;
	sb_error err;
	char *text = NULL;

	(void)state;
	sb_letter_init(&l);
	push(&l, SB_LETTER_BANNER_LINE, NULL, SB_LETTER_BANNER);
	push(&l, SB_LETTER_BANNER_NOTE, NULL, "Note.");
	push(&l, SB_LETTER_LINE, NULL, "A");
	push(&l, SB_LETTER_LINE, NULL, "");
	push(&l, SB_LETTER_LINE, NULL, "B");
	push(&l, SB_LETTER_HEADING, NULL, "Head");
	push(&l, SB_LETTER_PARA, NULL,
	     "word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 "
	     "word12  word13");
	push(&l, SB_LETTER_ITEM, "9.", "short");
	push(&l, SB_LETTER_ITEM, "10.",
	     "itemword1 itemword2 itemword3 itemword4 itemword5 itemword6 itemword7 itemword8");
	push(&l, SB_LETTER_QUOTE, "(a)", "\u201cquoted\u201d");
	assert_int_equal(sb_letter_to_text(&l, &text, &err), SB_OK);
	assert_string_equal(text, want);
	free(text);
	sb_letter_release(&l);
}

/* Whatever a title holds (markup, control characters, broken UTF-8), the
 * XML stays well-formed; placeholders are highlighted. */
static void test_docx_xml_escapes(void **state)
{
	sb_letter l;
	sb_error err;
	char *xml = NULL;

	(void)state;
	sb_letter_init(&l);
	push(&l, SB_LETTER_ITEM, "1.", "<b>Tom & \"Jerry\"</b>\x01\x1b\xff\tend");
	push(&l, SB_LETTER_PARA, NULL, "Dear [name], hi [unclosed");
	assert_int_equal(sb_letter_docx_xml(&l, &xml, &err), SB_OK);
	assert_non_null(strstr(xml, "<w:t xml:space=\"preserve\">&lt;b&gt;Tom &amp; "
				    "&quot;Jerry&quot;&lt;/b&gt;\xEF\xBF\xBD\tend</w:t>"));
	assert_null(strchr(xml, '\x01'));
	assert_null(strchr(xml, '\x1b'));
	assert_non_null(strstr(xml, "<w:r><w:t xml:space=\"preserve\">1.</w:t></w:r>"
				    "<w:r><w:tab/></w:r>"));
	assert_non_null(strstr(xml, "<w:r><w:rPr><w:highlight w:val=\"yellow\"/></w:rPr>"
				    "<w:t xml:space=\"preserve\">[name]</w:t></w:r>"));
	assert_non_null(strstr(xml, "<w:t xml:space=\"preserve\">, hi [unclosed</w:t>"));
	assert_non_null(strstr(xml, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	free(xml);
	sb_letter_release(&l);
}

/* The bytes of one zip entry (NUL-terminated), or NULL. */
static char *zip_entry(zip_t *za, const char *name)
{
	zip_stat_t st;
	zip_file_t *zf;
	char *buf;

	zip_stat_init(&st);
	if (zip_stat(za, name, 0, &st) != 0)
		return NULL;
	buf = calloc((size_t)st.size + 1, 1);
	assert_non_null(buf);
	zf = zip_fopen(za, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	return buf;
}

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_write_files(void **state)
{
	static const char *const names[] = {"[Content_Types].xml", "_rels/.rels",
					    "word/document.xml", "word/_rels/document.xml.rels",
					    "word/styles.xml"};
	char dir[] = "/tmp/test_letter.XXXXXX", docx[64], txt[64], pdf[64];
	char *xml = NULL, *got, *text = NULL, *disk;
	sb_doc_list docs;
	sb_letter l;
	sb_error err;
	zip_t *za;
	size_t i, len;
	int zerr;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(docx, sizeof(docx), "%s/letter.docx", dir);
	snprintf(txt, sizeof(txt), "%s/letter.TXT", dir);
	snprintf(pdf, sizeof(pdf), "%s/letter.pdf", dir);
	sb_doc_list_init(&docs);
	fill_request_docs(&docs);
	assert_int_equal(sb_letter_request_assessment(&docs, NULL, day(2026, 11, 22), &l, &err),
			 SB_OK);

	/* DOCX: the five parts, in order, the document as sb_letter_docx_xml
	 * gives it, every time the letter's date. */
	assert_int_equal(sb_letter_write(&l, docx, false, &err), SB_OK);
	za = zip_open(docx, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), 5);
	for (i = 0; i < 5; i++) {
		zip_stat_t st;

		assert_string_equal(zip_get_name(za, i, 0), names[i]);
		assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
		assert_true(st.mtime > 0);
	}
	assert_int_equal(sb_letter_docx_xml(&l, &xml, &err), SB_OK);
	got = zip_entry(za, "word/document.xml");
	assert_string_equal(got, xml);
	free(got);
	got = zip_entry(za, "[Content_Types].xml");
	assert_non_null(strstr(got, "wordprocessingml.document.main+xml"));
	free(got);
	zip_discard(za);

	/* Text: the same as sb_letter_to_text, any case of ".txt". */
	assert_int_equal(sb_letter_write(&l, txt, false, &err), SB_OK);
	assert_int_equal(sb_letter_to_text(&l, &text, &err), SB_OK);
	disk = (char *)sb_test_slurp(dir, "letter.TXT", &len);
	assert_string_equal(disk, text);
	free(disk);

	/* Never replaced without force; replaced with it; nothing left behind. */
	assert_int_equal(sb_letter_write(&l, txt, false, &err), SB_EIO);
	assert_string_equal(err.reason, "exists");
	assert_int_equal(sb_letter_write(&l, docx, false, &err), SB_EIO);
	assert_string_equal(err.reason, "exists");
	assert_int_equal(sb_letter_write(&l, txt, true, &err), SB_OK);
	assert_int_equal(sb_letter_write(&l, docx, true, &err), SB_OK);
	assert_int_equal(sb_letter_write(&l, pdf, false, &err), SB_EINVAL);
	assert_int_equal(files_in(dir), 2);

	free(text);
	free(xml);
	unlink(docx);
	unlink(txt);
	rmdir(dir);
	sb_letter_release(&l);
	sb_doc_list_free(&docs);
}

/* ---- appeal-evidence ----------------------------------------------------------- */

#define SHA(c)                                                                                     \
	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c  \
	    c c c c c c c c c c c c c c c c c c c

static const char bundle_json[] =
    "{\"documents\": ["
    "{\"author\": \"J. Whitfield\", \"author_role\": \"LA_officer\", \"date\": \"2026-09-14\", "
    "\"first_page\": 4, \"last_page\": 4, \"section\": \"A\", \"sha256\": \"" SHA(
	"a") "\", "
	     "\"source\": \"01-decision.pdf\", \"tab\": 1, \"title\": \"Decision letter\"},"
	     "{\"author\": \"Mrs R. Evans\", \"author_role\": \"SENCO\", \"date\": \"2026-02-10\", "
	     "\"first_page\": 5, \"last_page\": 6, \"section\": \"D\", \"sha256\": \"" SHA(
		 "e") "\", "
		      "\"source\": \"05-plan.pdf\", \"tab\": 1, \"title\": \"SEN support plan\"},"
		      "{\"author\": null, \"author_role\": null, \"date\": null, "
		      "\"first_page\": 7, \"last_page\": 7, \"section\": \"D\", \"sha256\": \"" SHA(
			  "f") "\", "
			       "\"source\": \"06-review.pdf\", \"tab\": 2, "
			       "\"title\": \"Review, with \\\"quotes\\\", and commas\"},"
			       "{\"author\": \"LA EP\", \"author_role\": \"EP\", \"date\": "
			       "\"2026-10-01\", "
			       "\"first_page\": 8, \"last_page\": 9, \"section\": \"E\", "
			       "\"sha256\": \"" SHA(
				   "b") "\", "
					"\"source\": \"20-la-report.pdf\", \"tab\": 1, \"title\": "
					"\"LA report\"},"
					"{\"author\": \"Dr A. Patel\", \"author_role\": \"EP\", "
					"\"date\": \"2026-06-02\", "
					"\"first_page\": 10, \"last_page\": 12, \"section\": "
					"\"F\", \"sha256\": \"" SHA(
					    "c") "\", "
						 "\"source\": \"03-ep.pdf\", \"tab\": 1, "
						 "\"title\": \"Educational psychology report\"}],"
						 "\"excluded\": [{\"source\": \"15-left.pdf\", "
						 "\"reason\": \"duplicate of D1\"}],"
						 "\"total_pages\": 12}";

static const char csv_header[] =
    "Section,Tab,Title,Author (profession),Date,First page,Last page,Source,SHA-256\r\n";

/* index.csv with the given labels (first/last for each of the 5 documents). */
static char *bundle_csv(const char *const labels[10])
{
	char *csv = malloc(4096);

	assert_non_null(csv);
	snprintf(
	    csv, 4096,
	    "%sA,1,Decision letter,J. Whitfield (LA officer),2026-09-14,%s,%s,01-decision.pdf,"
	    "%s\r\nD,1,SEN support plan,Mrs R. Evans (SENCO),2026-02-10,%s,%s,05-plan.pdf,%s\r\n"
	    "D,2,\"Review, with \"\"quotes\"\", and commas\",,,%s,%s,06-review.pdf,%s\r\n"
	    "E,1,LA report,LA EP (EP),2026-10-01,%s,%s,20-la-report.pdf,%s\r\n"
	    "F,1,Educational psychology report,Dr A. Patel (EP),2026-06-02,%s,%s,03-ep.pdf,"
	    "%s\r\n",
	    csv_header, labels[0], labels[1], SHA("a"), labels[2], labels[3], SHA("e"), labels[4],
	    labels[5], SHA("f"), labels[6], labels[7], SHA("b"), labels[8], labels[9], SHA("c"));
	return csv;
}

/* A bundle zip at path with this index.csv (NULL: none). */
static void write_bundle(const char *path, const char *csv)
{
	static const char pdf[] = "%PDF-1.7\n%%EOF\n";
	sb_zip_entry e[3] = {
	    {"bundle-EH1-26-1.pdf", pdf, sizeof(pdf) - 1, true},
	    {"index.json", bundle_json, sizeof(bundle_json) - 1, false},
	    {"index.csv", csv, csv != NULL ? strlen(csv) : 0, false},
	};
	sb_error err;

	unlink(path);
	if (sb_zip_write(path, e, csv != NULL ? 3 : 2, 1700000000, false, &err) != SB_OK)
		fail_msg("%s", err.message);
}

static const char *const continuous[10] = {"4", "4", "5", "6", "7", "7", "8", "9", "10", "12"};
static const char *const by_section[10] = {"A1", "A1", "D1", "D2", "D3",
					   "D3", "E1", "E2", "F1", "F3"};

static void test_bundle_load(void **state)
{
	char dir[] = "/tmp/test_letter.XXXXXX", zip[64];
	static const char *const wrong[10] = {"4", "4", "5", "7", "7", "7", "8", "9", "10", "12"};
	sb_build_previous b;
	sb_error err;
	char *csv;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(zip, sizeof(zip), "%s/bundle.zip", dir);

	csv = bundle_csv(continuous);
	write_bundle(zip, csv);
	free(csv);
	assert_int_equal(sb_letter_bundle_load(zip, &b, &err), SB_OK);
	assert_int_equal(b.plan.numbering, SB_NUMBERING_CONTINUOUS);
	assert_int_equal(b.plan.nentries, 5);
	assert_int_equal(b.plan.nexcluded, 1);
	assert_string_equal(b.plan.excluded[0].source, "15-left.pdf");
	assert_string_equal(b.pdf.name, "bundle-EH1-26-1.pdf");
	sb_build_previous_release(&b);

	csv = bundle_csv(by_section);
	write_bundle(zip, csv);
	free(csv);
	assert_int_equal(sb_letter_bundle_load(zip, &b, &err), SB_OK);
	assert_int_equal(b.plan.numbering, SB_NUMBERING_SECTION);
	sb_build_previous_release(&b);

	/* A label that is not what the pages say: refused, not cited. */
	csv = bundle_csv(wrong);
	write_bundle(zip, csv);
	free(csv);
	assert_int_equal(sb_letter_bundle_load(zip, &b, &err), SB_EPARSE);
	assert_non_null(strstr(err.message, "do not agree on the page numbers"));
	assert_int_equal(b.plan.nentries, 0);

	write_bundle(zip, NULL);
	assert_int_equal(sb_letter_bundle_load(zip, &b, &err), SB_EPARSE);
	assert_non_null(strstr(err.message, "it has no index.csv"));

	unlink(zip);
	assert_int_equal(sb_letter_bundle_load(zip, &b, &err), SB_EIO);
	rmdir(dir);
}

static void test_appeal_evidence(void **state)
{
	char dir[] = "/tmp/test_letter.XXXXXX", zip[64], want[256];
	sb_build_previous b;
	sb_case_file cf;
	sb_doc_list docs;
	sb_letter l;
	sb_error err;
	char *csv;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(zip, sizeof(zip), "%s/bundle.zip", dir);
	csv = bundle_csv(continuous);
	write_bundle(zip, csv);
	free(csv);
	assert_int_equal(sb_letter_bundle_load(zip, &b, &err), SB_OK);
	parse_case("{\"appeal_number\": \"EH1/26/1\", \"child\": \"A.B.\", \"la\": null, "
		   "\"hearing_date\": \"2027-01-14\", \"documents\": ["
		   "{\"source\": \"16-dropped.pdf\", \"exclude\": true}]}",
		   &cf);
	sb_doc_list_init(&docs);
	add_doc(&docs, "05-plan.pdf", SB_KIND_SCHOOL_PLAN, NULL, SB_ROLE_NONE, NULL, 0, 'e');
	add_doc(&docs, "06-review.pdf", SB_KIND_SCHOOL_PLAN, NULL, SB_ROLE_NONE, NULL, 0, '9');
	add_doc(&docs, "02-code.pdf", SB_KIND_GUIDANCE, NULL, SB_ROLE_NONE, NULL, 0, '8');
	add_doc(&docs, "14-new.pdf", SB_KIND_OTHER, NULL, SB_ROLE_NONE, NULL, 0, '7');
	add_doc(&docs, "15-left.pdf", SB_KIND_OTHER, NULL, SB_ROLE_NONE, NULL, 0, '6');
	add_doc(&docs, "16-dropped.pdf", SB_KIND_OTHER, NULL, SB_ROLE_NONE, NULL, 0, '5');

	assert_int_equal(sb_letter_appeal_evidence(&cf, &b, &docs, day(2026, 11, 22), &l, &err),
			 SB_OK);
	assert_int_equal(l.kind, SB_LETTER_APPEAL_EVIDENCE);
	/* Sections D and F only: not the decision letter (A), not the LA's (E). */
	assert_int_equal(l.nevidence, 3);
	assert_int_equal(count(&l, SB_LETTER_ITEM), 3);
	assert_string_equal(nth(&l, SB_LETTER_ITEM, 0)->text,
			    "SEN support plan, by Mrs R. Evans (SENCO), 10 February 2026 (bundle "
			    "pages 5\u20136)");
	assert_string_equal(nth(&l, SB_LETTER_ITEM, 1)->text,
			    "Review, with \"quotes\", and commas, undated (bundle page 7)");
	assert_string_equal(nth(&l, SB_LETTER_ITEM, 2)->label, "3.");
	assert_string_equal(nth(&l, SB_LETTER_ITEM, 2)->text,
			    "Educational psychology report, by Dr A. Patel (educational "
			    "psychologist), 2 June 2026 (bundle pages 10\u201312)");
	assert_string_equal(nth(&l, SB_LETTER_HEADING, 1)->text, "Section D: Appellant's evidence");
	assert_string_equal(nth(&l, SB_LETTER_HEADING, 2)->text, "Section F: Late evidence");
	assert_true(has_text(&l, "To: First-tier Tribunal (Special Educational Needs and "
				 "Disability)"));
	assert_true(has_text(&l, "Copy to: [Your local authority]"));
	assert_true(has_text(&l, "Appeal number: EH1/26/1"));
	assert_true(has_text(&l, "Child: A.B."));
	assert_true(has_text(&l, "The appeal is about: a refusal to carry out an EHC needs "
				 "assessment"));
	assert_true(has_text(&l, "Hearing date: 14 January 2027"));
	assert_true(has_text(&l,
			     "I rely on the documents listed below as evidence in this "
			     "appeal. They are in the hearing bundle bundle-EH1-26-1.pdf (12 "
			     "pages), and the page numbers are the ones stamped on its pages."));
	assert_true(has_text(&l, "[Your name] (appellant), parent of A.B."));
	/* The LA placeholder, then what the bundle lacks: a changed file and a
	 * new one; not what it left out or the case file excludes, nor guidance. */
	assert_int_equal(l.nnotes, 3);
	snprintf(want, sizeof(want),
		 "'06-review.pdf' has changed since '%s' was built: build the bundle again so "
		 "that its pages are right",
		 zip);
	assert_string_equal(l.notes[1], want);
	snprintf(want, sizeof(want),
		 "'14-new.pdf' is not in '%s', so it is not listed: build the bundle again (with "
		 "--late-after if it was already sent)",
		 zip);
	assert_string_equal(l.notes[2], want);
	sb_letter_release(&l);
	sb_build_previous_release(&b);

	/* Numbered by section: the labels as stamped. */
	csv = bundle_csv(by_section);
	write_bundle(zip, csv);
	free(csv);
	assert_int_equal(sb_letter_bundle_load(zip, &b, &err), SB_OK);
	assert_int_equal(sb_letter_appeal_evidence(NULL, &b, NULL, day(2026, 11, 22), &l, &err),
			 SB_OK);
	assert_string_equal(nth(&l, SB_LETTER_ITEM, 0)->text,
			    "SEN support plan, by Mrs R. Evans (SENCO), 10 February 2026 (bundle "
			    "pages D1\u2013D2)");
	assert_string_equal(nth(&l, SB_LETTER_ITEM, 1)->text,
			    "Review, with \"quotes\", and commas, undated (bundle page D3)");
	assert_string_equal(nth(&l, SB_LETTER_ITEM, 2)->text,
			    "Educational psychology report, by Dr A. Patel (educational "
			    "psychologist), 2 June 2026 (bundle pages F1\u2013F3)");
	assert_true(has_text(&l, "Appeal number: [the appeal number on the Tribunal's letters]"));
	assert_true(has_text(&l, "Child: [your child's name]"));
	assert_int_equal(l.nnotes, 1);
	sb_letter_release(&l);
	sb_build_previous_release(&b);

	sb_doc_list_free(&docs);
	sb_case_file_release(&cf);
	unlink(zip);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_names),
	    cmocka_unit_test(test_format_for),
	    cmocka_unit_test(test_request_lists_evidence),
	    cmocka_unit_test(test_request_placeholders),
	    cmocka_unit_test(test_request_without_evidence),
	    cmocka_unit_test(test_text_layout),
	    cmocka_unit_test(test_docx_xml_escapes),
	    cmocka_unit_test(test_write_files),
	    cmocka_unit_test(test_bundle_load),
	    cmocka_unit_test(test_appeal_evidence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
