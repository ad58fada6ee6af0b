/*
 * test_case: the case file, CASE_DIR/sendbundle.json (issue 4, "The case
 * file").
 *
 * Why: the user corrects extraction by editing this file, so a typo must be
 * refused with a message that names the file and the key (never ignored,
 * which would leave a wrong title or date in front of the Tribunal); what
 * init writes must load back unchanged; the defaults for each kind of
 * document must be what a parent expects (bundle-spec "Sections"); and an
 * existing case file, which may hold hours of corrections, is never
 * replaced.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_test.h"

#define CASE_DATA SB_TEST_DATA "/case"

/* ---- names ------------------------------------------------------------------- */

static void test_section_names(void **state)
{
	static const char *const letters[] = {"A", "B", "C", "D", "E", "F"};
	static const char *const lower[] = {"a", "b", "c", "d", "e", "f"};
	static const char *const titles[] = {
		"Appeal and Tribunal documents", "EHC plan and appendices",   "Working document",
		"Appellant's evidence",		 "Local authority's evidence", "Late evidence"};
	sb_section s;
	int i;

	(void)state;
	assert_int_equal(SB_SECTION_COUNT, 6);
	for (i = 0; i < SB_SECTION_COUNT; i++) {
		assert_string_equal(sb_section_letter((sb_section)i), letters[i]);
		assert_string_equal(sb_section_title((sb_section)i), titles[i]);
		s = SB_SECTION_COUNT;
		assert_true(sb_section_parse(letters[i], &s));
		assert_int_equal(s, i);
		s = SB_SECTION_COUNT;
		assert_true(sb_section_parse(lower[i], &s));
		assert_int_equal(s, i);
		s = SB_SECTION_COUNT;
		assert_true(sb_section_parse(titles[i], &s));
		assert_int_equal(s, i);
	}
	assert_null(sb_section_letter(SB_SECTION_COUNT));
	assert_null(sb_section_title((sb_section)-1));
	assert_false(sb_section_parse("G", &s));
	assert_false(sb_section_parse("", &s));
	assert_false(sb_section_parse("AB", &s));
	assert_false(sb_section_parse("appellant's evidence", &s));
	assert_false(sb_section_parse(NULL, &s));
}

/* Every appeal type deadline.h knows is accepted by the case file too: one
 * vocabulary for `deadline`, `build` and sendbundle.json. */
static void test_every_appeal_type_loads(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < SB_APPEAL_TYPE_COUNT; i++) {
		char json[128];
		sb_case_file cf;
		sb_error err;

		snprintf(json, sizeof(json), "{\"appeal_type\": \"%s\"}",
			 sb_appeal_type_name((sb_appeal_type)i));
		assert_int_equal(sb_case_file_parse(json, strlen(json), "case.json", &cf, &err),
				 SB_OK);
		assert_int_equal(cf.appeal_type, i);
		sb_case_file_release(&cf);
	}
}

/* The hints that list the allowed names list every one of them, so a new
 * appeal type or profession cannot be accepted but never offered. */
static void test_hints_list_every_name(void **state)
{
	static const char bad_type[] = "{\"appeal_type\": \"x\"}";
	static const char bad_role[] = "{\"documents\": [{\"source\": \"a\", \"author_role\": 1}]}";
	sb_case_file cf;
	sb_error err;
	char word[64];
	int i;

	(void)state;
	assert_int_equal(sb_case_file_parse(bad_type, strlen(bad_type), NULL, &cf, &err),
			 SB_EPARSE);
	for (i = 0; i < SB_APPEAL_TYPE_COUNT; i++) {
		snprintf(word, sizeof(word), " %s,", sb_appeal_type_name((sb_appeal_type)i));
		if (i == SB_APPEAL_TYPE_COUNT - 1)
			snprintf(word, sizeof(word), " %s", sb_appeal_type_name((sb_appeal_type)i));
		assert_non_null(strstr(err.hint, word));
	}
	assert_int_equal(sb_case_file_parse(bad_role, strlen(bad_role), NULL, &cf, &err),
			 SB_EPARSE);
	for (i = SB_ROLE_NONE + 1; i < SB_ROLE_COUNT; i++) {
		snprintf(word, sizeof(word), " %s,", sb_role_name((sb_role)i));
		assert_non_null(strstr(err.hint, word));
	}
}

/* ---- loading ------------------------------------------------------------------- */

static void test_load_every_field(void **state)
{
	sb_case_file cf;
	const sb_case_override *ov;
	sb_error err;

	(void)state;
	sb_error_clear(&err);
	assert_int_equal(sb_case_file_load(CASE_DATA "/every-field.json", &cf, &err), SB_OK);
	assert_int_equal(cf.appeal_type, SB_APPEAL_PLAN_CONTENTS);
	assert_string_equal(cf.appeal_number, "EH881/26/00117");
	assert_true(cf.has_hearing_date);
	assert_int_equal(cf.hearing_date.year, 2027);
	assert_int_equal(cf.hearing_date.month, 1);
	assert_int_equal(cf.hearing_date.day, 19);
	assert_string_equal(cf.child, "R.M.");
	assert_string_equal(cf.la, "Northshire County Council");
	assert_true(cf.has_decision_date);
	assert_int_equal(sb_date_compare(cf.decision_date, (sb_date){2026, 9, 14}), 0);
	assert_true(cf.has_certificate_date);
	assert_int_equal(sb_date_compare(cf.certificate_date, (sb_date){2026, 11, 3}), 0);
	assert_int_equal(cf.bundle_version, 2);
	assert_int_equal(cf.noverrides, 3);

	ov = &cf.overrides[0];
	assert_string_equal(ov->source, "03-ep-report.pdf");
	assert_true(ov->has_section);
	assert_int_equal(ov->section, SB_SECTION_APPELLANT);
	assert_string_equal(ov->title, "Educational psychology report");
	assert_string_equal(ov->author, "Dr A. Patel");
	assert_false(ov->author_none);
	assert_true(ov->has_role);
	assert_int_equal(ov->role, SB_ROLE_EP);
	assert_true(ov->has_date);
	assert_false(ov->date_unknown);
	assert_int_equal(sb_date_compare(ov->date, (sb_date){2026, 6, 2}), 0);
	assert_false(ov->exclude);
	assert_null(ov->exclude_reason);

	ov = &cf.overrides[1];
	assert_string_equal(ov->source,
			    "06-email-school-to-parent.eml#1/review-notes-6-July-2026.pdf");
	assert_int_equal(ov->section, SB_SECTION_APPEAL);
	assert_string_equal(ov->title, "Notes \xE2\x80\x93 Si\xC3\xA2n's review");
	assert_null(ov->author);
	assert_true(ov->author_none);
	assert_true(ov->has_role);
	assert_int_equal(ov->role, SB_ROLE_NONE);
	assert_false(ov->has_date);
	assert_true(ov->date_unknown);
	assert_true(ov->exclude);
	assert_string_equal(ov->exclude_reason, "a copy of the notes in section D");

	/* Keys left out: nothing given. */
	ov = &cf.overrides[2];
	assert_string_equal(ov->source, "07-email-parent-to-la.eml");
	assert_false(ov->has_section);
	assert_null(ov->title);
	assert_null(ov->author);
	assert_false(ov->author_none);
	assert_false(ov->has_role);
	assert_false(ov->has_date);
	assert_false(ov->date_unknown);
	assert_false(ov->exclude);

	assert_ptr_equal(sb_case_file_override(&cf, "03-ep-report.pdf"), &cf.overrides[0]);
	assert_ptr_equal(sb_case_file_override(&cf, "07-email-parent-to-la.eml"),
			 &cf.overrides[2]);
	assert_null(sb_case_file_override(&cf, "03-ep-report"));
	assert_null(sb_case_file_override(&cf, NULL));
	assert_null(sb_case_file_override(NULL, "03-ep-report.pdf"));
	sb_case_file_release(&cf);
	/* Released means empty and safe to release again. */
	assert_int_equal(cf.noverrides, 0);
	assert_null(cf.overrides);
	sb_case_file_release(&cf);
}

/* An empty object is a valid case file: every key has a default. */
static void test_load_defaults(void **state)
{
	sb_case_file cf;
	sb_error err;

	(void)state;
	assert_int_equal(sb_case_file_parse("{}", 2, NULL, &cf, &err), SB_OK);
	assert_int_equal(cf.appeal_type, SB_APPEAL_REFUSAL_TO_ASSESS);
	assert_int_equal(cf.bundle_version, 1);
	assert_null(cf.appeal_number);
	assert_null(cf.child);
	assert_null(cf.la);
	assert_false(cf.has_hearing_date);
	assert_false(cf.has_decision_date);
	assert_false(cf.has_certificate_date);
	assert_int_equal(cf.noverrides, 0);
	sb_case_file_release(&cf);

	/* Nulls mean "not known", as init writes them; 3.0 is the integer 3
	 * (as JSON Schema counts it); section letters in either case. */
	{
		static const char json[] =
			"{\"appeal_number\": null, \"child\": null, \"la\": null, "
			"\"hearing_date\": null, \"decision_date\": null, \"certificate_date\": "
			"null, \"bundle_version\": 3.0, \"documents\": [{\"source\": \"a.pdf\", "
			"\"section\": \"e\"}, {\"source\": \"b.pdf\", \"section\": "
			"\"Late evidence\"}]}";

		assert_int_equal(sb_case_file_parse(json, strlen(json), NULL, &cf, &err), SB_OK);
		assert_null(cf.appeal_number);
		assert_false(cf.has_hearing_date);
		assert_int_equal(cf.bundle_version, 3);
		assert_int_equal(cf.overrides[0].section, SB_SECTION_LA);
		assert_int_equal(cf.overrides[1].section, SB_SECTION_LATE);
		sb_case_file_release(&cf);
	}
}

struct bad_case {
	const char *json;
	int code;
	const char *message;
	const char *hint;
};

#define KEYS_HINT                                                                                \
	"the keys are appeal_number, appeal_type, bundle_version, certificate_date, child, "     \
	"decision_date, documents, hearing_date and la (schemas/case.schema.json)"
#define DOC_KEYS_HINT                                                                            \
	"a document's keys are source, section, title, author, author_role, date, exclude and "  \
	"exclude_reason (schemas/case.schema.json)"
#define SOURCE_HINT                                                                              \
	"give the document's path relative to the case folder, as 'sendbundle scan' prints it"
#define SECTION_HINT                                                                             \
	"use a letter from A to F: A Appeal and Tribunal documents, B EHC plan and appendices, " \
	"C Working document, D Appellant's evidence, E Local authority's evidence, F Late "      \
	"evidence"
#define ROLE_HINT                                                                                \
	"use one of EP, SALT, OT, CAMHS, paediatrician, physiotherapist, SENCO, teacher, "       \
	"LA_officer, parent, tribunal_judge, solicitor, other, or null"
#define APPEAL_HINT                                                                              \
	"use one of refusal-to-assess, refusal-to-reassess, refusal-to-issue-plan, "             \
	"plan-contents, placement-only, refusal-to-amend, cease-plan, "                          \
	"disability-discrimination"
#define DOC(x) "{\"documents\": [{\"source\": \"a.pdf\", " x "}]}"

/* Each kind of mistake, with the exact words the user reads. */
static const struct bad_case bad_cases[] = {
	/* Not JSON, or not the right JSON. */
	{"{\"la\": \"Northshire\",}", SB_EPARSE,
	 "'case.json': not valid JSON: line 1, column 21: string or '}' expected near '}'",
	 "check for a missing comma, quote or bracket near there"},
	{"{\"la\": \"A\", \"la\": \"B\"}", SB_EPARSE,
	 "'case.json': not valid JSON: line 1, column 16: duplicate object key near '\"la\"'",
	 "each key may appear once in an object: keep one of them"},
	{"", SB_EPARSE,
	 "'case.json': not valid JSON: line 1, column 0: '[' or '{' expected near end of file",
	 "check for a missing comma, quote or bracket near there"},
	{"{\"child\": \"R\xFF\"}", SB_EPARSE,
	 "'case.json': not valid JSON: line 1, column 12: unable to decode byte 0xff near '\"R'",
	 "check for a missing comma, quote or bracket near there"},
	{"[]", SB_EPARSE, "'case.json': the file must hold one JSON object, not a list",
	 "the file holds one object: { \"appeal_type\": ..., ... }"},
	/* Unknown keys: a typo must never be ignored. */
	{"{\"hearing\": \"2027-01-19\"}", SB_EPARSE, "'case.json': unknown key \"hearing\"",
	 KEYS_HINT},
	{DOC("\"titel\": \"EP report\""), SB_EPARSE,
	 "'case.json': unknown key \"titel\" in documents entry 1 (a.pdf)", DOC_KEYS_HINT},
	/* Wrong types. */
	{"{\"child\": 3}", SB_EPARSE, "'case.json': \"child\" must be text or null, not a number",
	 "write it in double quotes, or null when not known"},
	{"{\"appeal_type\": null}", SB_EPARSE,
	 "'case.json': \"appeal_type\" must be an appeal type, not null", APPEAL_HINT},
	{"{\"bundle_version\": \"2\"}", SB_EPARSE,
	 "'case.json': \"bundle_version\" must be a whole number from 1 to 999, not text",
	 "1 for the first bundle sent, 2 for the next, and so on"},
	{"{\"bundle_version\": 0}", SB_EPARSE,
	 "'case.json': \"bundle_version\" is 0, not a whole number from 1 to 999",
	 "1 for the first bundle sent, 2 for the next, and so on"},
	{"{\"bundle_version\": 1.5}", SB_EPARSE,
	 "'case.json': \"bundle_version\" is 1.5, not a whole number from 1 to 999",
	 "1 for the first bundle sent, 2 for the next, and so on"},
	{"{\"documents\": {}}", SB_EPARSE,
	 "'case.json': \"documents\" must be a list, not an object",
	 "write \"documents\": [ {...}, {...} ]"},
	{"{\"documents\": [\"a.pdf\"]}", SB_EPARSE,
	 "'case.json': documents entry 1 must be an object, not text",
	 "write each document as {\"source\": \"...\", ...}"},
	{DOC("\"exclude\": \"yes\""), SB_EPARSE,
	 "'case.json': \"exclude\" in documents entry 1 (a.pdf) must be true or false, not text",
	 "write true to leave the document out, false to keep it"},
	{DOC("\"title\": null"), SB_EPARSE,
	 "'case.json': \"title\" in documents entry 1 (a.pdf) must be text, not null",
	 "write it in double quotes"},
	{DOC("\"exclude_reason\": false"), SB_EPARSE,
	 "'case.json': \"exclude_reason\" in documents entry 1 (a.pdf) must be text, not false",
	 "write it in double quotes"},
	/* Text: empty, blank, multi-line, too long. */
	{"{\"child\": \"\"}", SB_EPARSE, "'case.json': \"child\" is empty",
	 "write the text, or null when it is not known"},
	{DOC("\"title\": \"   \""), SB_EPARSE,
	 "'case.json': \"title\" in documents entry 1 (a.pdf) is empty",
	 "write the text, or leave the key out"},
	{"{\"la\": \"Northshire\\nCounty Council\"}", SB_EPARSE,
	 "'case.json': \"la\" contains a line break or other control character",
	 "keep it on one line"},
	/* Dates. */
	{"{\"hearing_date\": \"19/01/2027\"}", SB_EPARSE,
	 "'case.json': \"hearing_date\" must be a date written YYYY-MM-DD, not \"19/01/2027\"",
	 "dates are written YYYY-MM-DD: for that date, \"2027-01-19\""},
	{"{\"decision_date\": \"14 September 2026\"}", SB_EPARSE,
	 "'case.json': \"decision_date\" must be a date written YYYY-MM-DD, not \"14 September "
	 "2026\"",
	 "dates are written YYYY-MM-DD: for that date, \"2026-09-14\""},
	{"{\"hearing_date\": \"next week\"}", SB_EPARSE,
	 "'case.json': \"hearing_date\" must be a date written YYYY-MM-DD, not \"next week\"",
	 "dates are written YYYY-MM-DD, e.g. \"2026-12-03\""},
	{"{\"certificate_date\": \"2026-02-30\"}", SB_EPARSE,
	 "'case.json': \"certificate_date\" is \"2026-02-30\", which is not a real date",
	 "check the day and the month"},
	{"{\"hearing_date\": \"1850-01-01\"}", SB_EPARSE,
	 "'case.json': \"hearing_date\" is \"1850-01-01\", outside the years 1900 to 2999",
	 "check the year"},
	{"{\"hearing_date\": 20270119}", SB_EPARSE,
	 "'case.json': \"hearing_date\" must be a date written \"YYYY-MM-DD\" or null, not a "
	 "number",
	 "write dates in double quotes as YYYY-MM-DD, e.g. \"2026-12-03\""},
	{DOC("\"date\": \"2026-13-01\""), SB_EPARSE,
	 "'case.json': \"date\" in documents entry 1 (a.pdf) is \"2026-13-01\", which is not a "
	 "real date",
	 "check the day and the month"},
	/* Unknown names. */
	{"{\"appeal_type\": \"refusal\"}", SB_EPARSE,
	 "'case.json': \"appeal_type\" is \"refusal\", which is not an appeal type", APPEAL_HINT},
	{DOC("\"section\": \"G\""), SB_EPARSE,
	 "'case.json': \"section\" in documents entry 1 (a.pdf) is \"G\", which is not a section",
	 SECTION_HINT},
	{DOC("\"section\": 4"), SB_EPARSE,
	 "'case.json': \"section\" in documents entry 1 (a.pdf) must be a section letter, not a "
	 "number",
	 SECTION_HINT},
	{DOC("\"author_role\": \"doctor\""), SB_EPARSE,
	 "'case.json': \"author_role\" in documents entry 1 (a.pdf) is \"doctor\", which is not a "
	 "profession sendbundle knows",
	 ROLE_HINT},
	/* Sources. */
	{"{\"documents\": [{\"title\": \"EP report\"}]}", SB_EPARSE,
	 "'case.json': documents entry 1 has no \"source\"", SOURCE_HINT},
	{"{\"documents\": [{\"source\": \"\"}]}", SB_EPARSE,
	 "'case.json': \"source\" in documents entry 1 is empty", SOURCE_HINT},
	{"{\"documents\": [{\"source\": 7}]}", SB_EPARSE,
	 "'case.json': \"source\" in documents entry 1 must be text, not a number", SOURCE_HINT},
	{"{\"documents\": [{\"source\": \"/home/kate/case/a.pdf\"}]}", SB_EPARSE,
	 "'case.json': \"source\" in documents entry 1 is \"/home/kate/case/a.pdf\", not a path "
	 "inside the case folder",
	 SOURCE_HINT},
	{"{\"documents\": [{\"source\": \"../other/a.pdf\"}]}", SB_EPARSE,
	 "'case.json': \"source\" in documents entry 1 is \"../other/a.pdf\", not a path inside "
	 "the case folder",
	 SOURCE_HINT},
	{"{\"documents\": [{\"source\": \"b.pdf\"}, {\"source\": \"a.pdf\"}, {\"source\": "
	 "\"b.pdf\", \"date\": null}]}",
	 SB_EPARSE, "'case.json': \"b.pdf\" is listed twice in \"documents\" (entries 1 and 3)",
	 "keep one entry per document, with all its corrections"},
};

static void test_bad_inputs(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		sb_case_file cf;
		sb_error err;
		int rc;

		sb_error_clear(&err);
		rc = sb_case_file_parse(c->json, strlen(c->json), "case.json", &cf, &err);
		if (rc != c->code || strcmp(err.message, c->message) != 0 ||
		    strcmp(err.hint, c->hint) != 0)
			print_error("case %zu: %s\n  got %d '%s'\n  hint '%s'\n", i, c->json, rc,
				    err.message, err.hint);
		assert_int_equal(rc, c->code);
		assert_string_equal(err.message, c->message);
		assert_string_equal(err.hint, c->hint);
		assert_string_equal(err.file, "case.json");
		assert_string_equal(err.reason, "invalid");
		/* A failed load leaves an empty case file. */
		assert_int_equal(cf.noverrides, 0);
		assert_null(cf.overrides);
		assert_null(cf.child);
		sb_case_file_release(&cf);
	}
}

/* Text limits counted in bytes; the 1000-byte title is fine, 1001 is not. */
static void test_text_limits(void **state)
{
	char *json = malloc(SB_CASE_TEXT_MAX + 64);
	char *title;
	sb_case_file cf;
	sb_error err;
	int n;

	(void)state;
	assert_non_null(json);
	title = malloc(SB_CASE_TEXT_MAX + 2);
	assert_non_null(title);
	memset(title, 'x', SB_CASE_TEXT_MAX + 1);
	title[SB_CASE_TEXT_MAX + 1] = '\0';
	n = snprintf(json, SB_CASE_TEXT_MAX + 64, "{\"child\": \"%s\"}", title + 1);
	assert_int_equal(sb_case_file_parse(json, (size_t)n, "case.json", &cf, &err), SB_OK);
	assert_int_equal(strlen(cf.child), SB_CASE_TEXT_MAX);
	sb_case_file_release(&cf);
	n = snprintf(json, SB_CASE_TEXT_MAX + 64, "{\"child\": \"%s\"}", title);
	assert_int_equal(sb_case_file_parse(json, (size_t)n, "case.json", &cf, &err), SB_EPARSE);
	assert_string_equal(err.message, "'case.json': \"child\" is 1001 bytes long, more than "
					 "the 1000 allowed");
	assert_string_equal(err.hint, "shorten it");
	free(title);
	free(json);
}

static void test_load_missing_and_too_large(void **state)
{
	char dir[] = "/tmp/sb-test-case-XXXXXX";
	char path[256];
	sb_case_file cf;
	sb_error err;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sendbundle.json", dir);
	assert_int_equal(sb_case_file_load(path, &cf, &err), SB_EIO);
	assert_string_equal(err.reason, "missing");
	assert_string_equal(err.file, path);
	assert_true(strstr(err.message, "' does not exist") != NULL);
	assert_string_equal(err.hint, "run 'sendbundle init CASE_DIR' to write one from the "
				      "folder's documents");
	sb_case_file_release(&cf);

	/* Bounded: a (sparse) file one byte over the limit is refused unread. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)SB_CASE_FILE_MAX + 1), 0);
	close(fd);
	assert_int_equal(sb_case_file_load(path, &cf, &err), SB_ERANGE);
	assert_true(strstr(err.message, "more than the 16777216") != NULL);
	assert_int_equal(cf.noverrides, 0);
	unlink(path);
	rmdir(dir);
}

/* ---- writing ------------------------------------------------------------------- */

/* The fixture is written in the canonical form, so to_json gives it back
 * byte for byte (UTF-8 kept readable, not \u-escaped), and that loads again. */
static void test_round_trip(void **state)
{
	unsigned char *want;
	size_t len;
	sb_case_file cf, again;
	char *text = NULL, *text2 = NULL;
	sb_error err;

	(void)state;
	want = sb_test_slurp(CASE_DATA, "every-field.json", &len);
	assert_int_equal(sb_case_file_load(CASE_DATA "/every-field.json", &cf, &err), SB_OK);
	assert_int_equal(sb_case_file_to_json(&cf, &text, &err), SB_OK);
	assert_string_equal(text, (const char *)want);
	assert_int_equal(sb_case_file_parse(text, strlen(text), "again", &again, &err), SB_OK);
	assert_int_equal(sb_case_file_to_json(&again, &text2, &err), SB_OK);
	assert_string_equal(text2, text);
	free(text);
	free(text2);
	free(want);
	sb_case_file_release(&cf);
	sb_case_file_release(&again);
}

static void test_to_json_empty(void **state)
{
	sb_case_file cf;
	char *text = NULL;
	sb_error err;

	(void)state;
	sb_case_file_init(&cf);
	assert_int_equal(sb_case_file_to_json(&cf, &text, &err), SB_OK);
	assert_string_equal(text, "{\n"
				  "  \"appeal_number\": null,\n"
				  "  \"appeal_type\": \"refusal-to-assess\",\n"
				  "  \"bundle_version\": 1,\n"
				  "  \"certificate_date\": null,\n"
				  "  \"child\": null,\n"
				  "  \"decision_date\": null,\n"
				  "  \"documents\": [],\n"
				  "  \"hearing_date\": null,\n"
				  "  \"la\": null\n"
				  "}\n");
	free(text);

	/* Text that is not UTF-8 (a file name from an old zip) cannot be JSON. */
	cf.child = strdup("R\xE9");
	assert_non_null(cf.child);
	assert_int_equal(sb_case_file_to_json(&cf, &text, &err), SB_EINVAL);
	assert_null(text);
	assert_string_equal(err.message, "the case details hold text that is not UTF-8");
	sb_case_file_release(&cf);

	/* A Latin-1 file name cannot be listed: the user is told which one. */
	cf.overrides = calloc(1, sizeof(*cf.overrides));
	assert_non_null(cf.overrides);
	cf.noverrides = 1;
	cf.overrides[0].source = strdup("caf\xE9.pdf");
	assert_non_null(cf.overrides[0].source);
	assert_int_equal(sb_case_file_to_json(&cf, &text, &err), SB_EINVAL);
	assert_null(text);
	assert_string_equal(err.message, "document 1 ('caf\xE9.pdf') has a name or text that is "
					 "not UTF-8");
	free(cf.overrides[0].source);
	cf.overrides[0].source = NULL;
	assert_int_equal(sb_case_file_to_json(&cf, &text, &err), SB_EINVAL);
	assert_string_equal(err.message, "document 1 has no source");
	sb_case_file_release(&cf);
}

/* ---- defaults from a scan ------------------------------------------------------- */

struct doc_spec {
	const char *path;
	sb_format format;
	sb_kind kind;
	sb_role role;
	const char *author;
	sb_date date; /* year 0: undated */
	const char *subject;
	const char *title;
	const char *parent;
};

static sb_doc *add_doc(sb_doc_list *list, const struct doc_spec *s)
{
	sb_doc *d = sb_doc_list_add(list, s->path, s->format);

	assert_non_null(d);
	d->facts.kind = s->kind;
	d->facts.author_role = s->role;
	assert_int_equal(sb_doc_set_string(&d->facts.author, s->author), SB_OK);
	d->facts.has_document_date = s->date.year != 0;
	d->facts.document_date = s->date;
	assert_int_equal(sb_doc_set_string(&d->email_subject, s->subject), SB_OK);
	assert_int_equal(sb_doc_set_string(&d->title, s->title), SB_OK);
	assert_int_equal(sb_doc_set_string(&d->parent, s->parent), SB_OK);
	return d;
}

struct default_case {
	struct doc_spec doc;
	sb_section section;
	bool in;
	const char *why;
	const char *title;
};

/* What a parent expects each kind of document to become (bundle-spec
 * "Sections"; the mapping is explained in sb_case.c). */
static const struct default_case default_cases[] = {
	{{"01-decision.pdf", SB_FORMAT_PDF, SB_KIND_LA_DECISION, SB_ROLE_LA_OFFICER, NULL,
	  {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPEAL, true, NULL, "Decision letter"},
	{{"cert.txt", SB_FORMAT_TEXT, SB_KIND_MEDIATION_CERTIFICATE, SB_ROLE_OTHER, NULL,
	  {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPEAL, true, NULL, "Mediation certificate"},
	{{"Registration letter.pdf", SB_FORMAT_PDF, SB_KIND_TRIBUNAL_DOCUMENT,
	  SB_ROLE_TRIBUNAL_JUDGE, NULL, {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPEAL, true, NULL, "Registration letter"},
	{{"ep.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_EP, NULL, {0, 0, 0}, NULL,
	  NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Educational psychology report"},
	{{"s.docx", SB_FORMAT_DOCX, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_SALT, NULL, {0, 0, 0},
	  NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Speech and language therapy report"},
	{{"o.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_OT, NULL, {0, 0, 0}, NULL,
	  NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Occupational therapy report"},
	{{"c.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_CAMHS, NULL, {0, 0, 0}, NULL,
	  NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "CAMHS report"},
	{{"p.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_PAEDIATRICIAN, NULL,
	  {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Paediatric report"},
	{{"ph.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_PHYSIOTHERAPIST, NULL,
	  {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Physiotherapy report"},
	{{"se.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_SENCO, NULL, {0, 0, 0},
	  NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "SENCO report"},
	{{"t.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_TEACHER, NULL, {0, 0, 0},
	  NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Teacher's report"},
	/* A report by someone without a report title: its own name. */
	{{"reports/la_advice_2026.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT,
	  SB_ROLE_LA_OFFICER, NULL, {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "La advice 2026"},
	{{"plan.docx", SB_FORMAT_DOCX, SB_KIND_SCHOOL_PLAN, SB_ROLE_SENCO, NULL, {0, 0, 0}, NULL,
	  NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "SEN support plan"},
	{{"mail.eml", SB_FORMAT_EMAIL, SB_KIND_CORRESPONDENCE, SB_ROLE_PARENT, NULL, {0, 0, 0},
	  "Request for an EHC needs assessment", "Request for an EHC needs assessment", NULL},
	 SB_SECTION_APPELLANT, true, NULL, "E-mail: Request for an EHC needs assessment"},
	/* A letter: no subject, so its file name, as written (it has spaces). */
	{{"letters/Letter to school - March.docx", SB_FORMAT_DOCX, SB_KIND_CORRESPONDENCE,
	  SB_ROLE_PARENT, NULL, {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Letter to school - March"},
	/* An e-mail with a blank subject: its file name. */
	{{"mail2.eml", SB_FORMAT_EMAIL, SB_KIND_CORRESPONDENCE, SB_ROLE_PARENT, NULL, {0, 0, 0},
	  " \t", NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Mail2"},
	/* An attachment: its own name, not "attachment to <subject>". */
	{{"07-mail.eml#1/parental-views.docx", SB_FORMAT_DOCX, SB_KIND_OTHER, SB_ROLE_PARENT, NULL,
	  {0, 0, 0}, NULL, "attachment to Request", "07-mail.eml"},
	 SB_SECTION_APPELLANT, true, NULL, "Parental views"},
	/* An e-mail of kind other: its title (the subject). */
	{{"other.eml", SB_FORMAT_EMAIL, SB_KIND_OTHER, SB_ROLE_NONE, NULL, {0, 0, 0},
	  "Riley's timetable", "Riley's timetable", NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Riley's timetable"},
	{{"SEND_Code_of_Practice.pdf", SB_FORMAT_PDF, SB_KIND_GUIDANCE, SB_ROLE_NONE, NULL,
	  {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, false, "guidance, not evidence", "SEND Code of Practice"},
	/* Names that need cleaning: control characters, invalid UTF-8, no stem. */
	{{"odd\nname\xFF.txt", SB_FORMAT_TEXT, SB_KIND_OTHER, SB_ROLE_NONE, NULL, {0, 0, 0}, NULL,
	  NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, "odd name\xEF\xBF\xBD"},
	{{".pdf", SB_FORMAT_PDF, SB_KIND_OTHER, SB_ROLE_NONE, NULL, {0, 0, 0}, NULL, NULL, NULL},
	 SB_SECTION_APPELLANT, true, NULL, ".pdf"},
	{{"dir/---.txt", SB_FORMAT_TEXT, SB_KIND_OTHER, SB_ROLE_NONE, NULL, {0, 0, 0}, NULL, NULL,
	  NULL},
	 SB_SECTION_APPELLANT, true, NULL, "Untitled document"},
};

static void test_defaults(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(default_cases) / sizeof(default_cases[0]); i++) {
		const struct default_case *c = &default_cases[i];
		sb_doc_list list;
		sb_doc *d;
		sb_section s = SB_SECTION_COUNT;
		const char *why = "unset";
		char *title;

		sb_doc_list_init(&list);
		d = add_doc(&list, &c->doc);
		title = sb_case_default_title(d);
		if (title == NULL || strcmp(title, c->title) != 0)
			print_error("case %zu (%s): title '%s'\n", i, c->doc.path,
				    title != NULL ? title : "(null)");
		assert_string_equal(title, c->title);
		assert_int_equal(sb_case_default_section(d, &s, &why), c->in);
		assert_int_equal(s, c->section);
		if (c->why == NULL)
			assert_null(why);
		else
			assert_string_equal(why, c->why);
		free(title);
		sb_doc_list_free(&list);
	}
}

/* A long e-mail subject is cut at a character boundary, at most 1000 bytes. */
static void test_default_title_long(void **state)
{
	struct doc_spec spec = {"m.eml", SB_FORMAT_EMAIL, SB_KIND_CORRESPONDENCE, SB_ROLE_NONE,
				NULL, {0, 0, 0}, NULL, NULL, NULL};
	char subject[1200];
	sb_doc_list list;
	char *title;
	size_t i;

	(void)state;
	/* "é" (2 bytes) over and over: byte 1000 falls after "E-mail: " + 496 of them. */
	for (i = 0; i + 2 < sizeof(subject); i += 2)
		memcpy(subject + i, "\xC3\xA9", 2);
	subject[i] = '\0';
	spec.subject = subject;
	sb_doc_list_init(&list);
	title = sb_case_default_title(add_doc(&list, &spec));
	assert_non_null(title);
	assert_int_equal(strlen(title), 8 + 2 * 496);
	assert_memory_equal(title, "E-mail: \xC3\xA9", 10);
	free(title);
	sb_doc_list_free(&list);
}

static void test_from_scan(void **state)
{
	static const struct doc_spec docs[] = {
		{"01-decision.pdf", SB_FORMAT_PDF, SB_KIND_LA_DECISION, SB_ROLE_LA_OFFICER,
		 "J. Whitfield", {2026, 9, 14}, NULL, NULL, NULL},
		{"01b-earlier-decision.pdf", SB_FORMAT_PDF, SB_KIND_LA_DECISION, SB_ROLE_LA_OFFICER,
		 "J. Whitfield", {2025, 3, 1}, NULL, NULL, NULL},
		{"02-certificate.txt", SB_FORMAT_TEXT, SB_KIND_MEDIATION_CERTIFICATE, SB_ROLE_OTHER,
		 "P. Okafor", {2026, 11, 3}, NULL, NULL, NULL},
		{"03-ep.pdf", SB_FORMAT_PDF, SB_KIND_PROFESSIONAL_REPORT, SB_ROLE_EP, "Dr A. Patel",
		 {2026, 6, 2}, NULL, NULL, NULL},
		{"code.pdf", SB_FORMAT_PDF, SB_KIND_GUIDANCE, SB_ROLE_NONE, NULL, {0, 0, 0}, NULL,
		 NULL, NULL},
		{"x.txt", SB_FORMAT_TEXT, SB_KIND_OTHER, SB_ROLE_NONE, "  \n ", {0, 0, 0}, NULL,
		 NULL, NULL},
	};
	sb_doc_list list;
	sb_case_file cf, back;
	const sb_case_override *ov;
	char *text = NULL, *text2 = NULL;
	sb_error err;
	size_t i;

	(void)state;
	sb_doc_list_init(&list);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		add_doc(&list, &docs[i]);
	assert_int_equal(sb_case_file_from_scan(&list, &cf, &err), SB_OK);
	assert_int_equal(cf.appeal_type, SB_APPEAL_REFUSAL_TO_ASSESS);
	assert_int_equal(cf.bundle_version, 1);
	assert_null(cf.appeal_number);
	assert_null(cf.child);
	assert_null(cf.la);
	assert_false(cf.has_hearing_date);
	/* The latest decision letter's date. */
	assert_true(cf.has_decision_date);
	assert_int_equal(sb_date_compare(cf.decision_date, (sb_date){2026, 9, 14}), 0);
	assert_true(cf.has_certificate_date);
	assert_int_equal(sb_date_compare(cf.certificate_date, (sb_date){2026, 11, 3}), 0);
	assert_int_equal(cf.noverrides, 6);

	/* Scan order; every field set so the user sees what to correct. */
	ov = &cf.overrides[0];
	assert_string_equal(ov->source, "01-decision.pdf");
	assert_true(ov->has_section);
	assert_int_equal(ov->section, SB_SECTION_APPEAL);
	assert_string_equal(ov->title, "Decision letter");
	assert_string_equal(ov->author, "J. Whitfield");
	assert_true(ov->has_role);
	assert_int_equal(ov->role, SB_ROLE_LA_OFFICER);
	assert_true(ov->has_date);
	assert_false(ov->exclude);
	assert_null(ov->exclude_reason);

	ov = &cf.overrides[4];
	assert_string_equal(ov->source, "code.pdf");
	assert_true(ov->exclude);
	assert_string_equal(ov->exclude_reason, "guidance, not evidence");
	assert_int_equal(ov->section, SB_SECTION_APPELLANT);
	assert_null(ov->author);
	assert_true(ov->author_none);
	assert_true(ov->has_role);
	assert_int_equal(ov->role, SB_ROLE_NONE);
	assert_false(ov->has_date);
	assert_true(ov->date_unknown);

	/* A blank extracted author becomes null, not an empty string load refuses. */
	ov = &cf.overrides[5];
	assert_null(ov->author);
	assert_true(ov->author_none);
	assert_string_equal(ov->title, "X");

	/* What init writes, load accepts, and writing it again gives the same. */
	assert_int_equal(sb_case_file_to_json(&cf, &text, &err), SB_OK);
	assert_int_equal(sb_case_file_parse(text, strlen(text), "init", &back, &err), SB_OK);
	assert_int_equal(sb_case_file_to_json(&back, &text2, &err), SB_OK);
	assert_string_equal(text2, text);
	assert_non_null(strstr(text, "    {\n"
				     "      \"author\": null,\n"
				     "      \"author_role\": null,\n"
				     "      \"date\": null,\n"
				     "      \"exclude\": true,\n"
				     "      \"exclude_reason\": \"guidance, not evidence\",\n"
				     "      \"section\": \"D\",\n"
				     "      \"source\": \"code.pdf\",\n"
				     "      \"title\": \"Code\"\n"
				     "    },\n"));
	free(text);
	free(text2);
	sb_case_file_release(&back);
	sb_case_file_release(&cf);

	/* No documents: an empty list, no dates. */
	sb_doc_list_free(&list);
	sb_doc_list_init(&list);
	assert_int_equal(sb_case_file_from_scan(&list, &cf, &err), SB_OK);
	assert_int_equal(cf.noverrides, 0);
	assert_false(cf.has_decision_date);
	sb_case_file_release(&cf);
	sb_doc_list_free(&list);
}

/* ---- write_new ------------------------------------------------------------------ */

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void test_write_new(void **state)
{
	char dir[] = "/tmp/sb-test-case-XXXXXX";
	char path[64], link_path[64], slash[256];
	sb_case_file cf;
	char *text = NULL;
	unsigned char *got;
	size_t len;
	sb_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sendbundle.json", dir);
	sb_case_file_init(&cf);
	cf.child = strdup("R.M.");
	assert_non_null(cf.child);

	assert_int_equal(sb_case_file_check_new(dir, &err), SB_OK);
	assert_int_equal(sb_case_file_write_new(dir, &cf, &err), SB_OK);
	assert_int_equal(sb_case_file_to_json(&cf, &text, &err), SB_OK);
	got = sb_test_slurp(dir, "sendbundle.json", &len);
	assert_string_equal((const char *)got, text);
	free(got);
	/* Only the case file: no temporary file left behind. */
	assert_int_equal(count_entries(dir), 1);

	/* A second write refuses and leaves the first file as it was. */
	free(cf.child);
	cf.child = strdup("Riley");
	assert_non_null(cf.child);
	sb_error_clear(&err);
	assert_int_equal(sb_case_file_write_new(dir, &cf, &err), SB_EIO);
	assert_string_equal(err.reason, "exists");
	assert_string_equal(err.file, path);
	snprintf(slash, sizeof(slash), "'%s' already exists; sendbundle never overwrites it",
		 path);
	assert_string_equal(err.message, slash);
	assert_string_equal(err.hint, "edit it to change the case details, or move it out of the "
				      "folder and run 'sendbundle init' again to start afresh");
	assert_int_equal(sb_case_file_check_new(dir, &err), SB_EIO);
	assert_string_equal(err.reason, "exists");
	got = sb_test_slurp(dir, "sendbundle.json", &len);
	assert_string_equal((const char *)got, text);
	free(got);
	assert_int_equal(count_entries(dir), 1);

	/* A trailing '/' on the folder names the same file. */
	snprintf(slash, sizeof(slash), "%s/", dir);
	assert_int_equal(sb_case_file_write_new(slash, &cf, &err), SB_EIO);
	assert_string_equal(err.file, path);

	/* A link by that name, even a broken one, is not written through. */
	assert_int_equal(unlink(path), 0);
	snprintf(link_path, sizeof(link_path), "%s/elsewhere.json", dir);
	assert_int_equal(symlink(link_path, path), 0);
	assert_int_equal(sb_case_file_write_new(dir, &cf, &err), SB_EIO);
	assert_string_equal(err.reason, "exists");
	assert_int_equal(access(link_path, F_OK), -1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(count_entries(dir), 0);

	/* No such folder. */
	snprintf(slash, sizeof(slash), "%s/missing", dir);
	assert_int_equal(sb_case_file_check_new(slash, &err), SB_OK);
	assert_int_equal(sb_case_file_write_new(slash, &cf, &err), SB_EIO);
	assert_true(strstr(err.message, "No such file or directory") != NULL);
	assert_int_equal(count_entries(dir), 0);

	free(text);
	sb_case_file_release(&cf);
	rmdir(dir);
}

static void test_path(void **state)
{
	char *p;

	(void)state;
	p = sb_case_file_path("case");
	assert_string_equal(p, "case/sendbundle.json");
	free(p);
	p = sb_case_file_path("case/");
	assert_string_equal(p, "case/sendbundle.json");
	free(p);
	assert_null(sb_case_file_path(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_section_names),
		cmocka_unit_test(test_every_appeal_type_loads),
		cmocka_unit_test(test_hints_list_every_name),
		cmocka_unit_test(test_load_every_field),
		cmocka_unit_test(test_load_defaults),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_text_limits),
		cmocka_unit_test(test_load_missing_and_too_large),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_to_json_empty),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_default_title_long),
		cmocka_unit_test(test_from_scan),
		cmocka_unit_test(test_write_new),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
