/*
 * Unit tests for sb_compare (include/sendbundle/compare.h): finding the
 * family's documents in an LA's bundle by their words, whatever the layout,
 * case and punctuation; what is missing; what the bundle has besides.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>

#include <stdio.h>
#include <string.h>

static const char *const report =
    "Educational psychology report. Riley finds reading hard and his spelling is weak; "
    "he needs a structured phonics programme delivered daily by a trained adult, with "
    "progress reviewed every six weeks and his working memory supported in class.";
static const char *const plan =
    "SEN support plan. Outcomes for the spring term: to read a book at his level with "
    "ninety per cent accuracy, and to join in group talk with a visual prompt card. "
    "Support: three small group sessions a week with the teaching assistant.";
static const char *const letter =
    "Dear Mrs Morgan, thank you for your letter. We will look into the matter you raise "
    "about the homework club and write again when the review has been completed by the "
    "head of year and the special educational needs coordinator.";
static const char *const minutes =
    "SEN panel minutes. The panel considered the request and agreed that the needs can be "
    "met from resources normally available to the school, so an assessment is not needed.";

static void add_doc(sb_doc_list *l, const char *path, const char *const *pages, size_t n)
{
	sb_doc *d = sb_doc_list_add(l, path, SB_FORMAT_TEXT);
	sb_error err;
	size_t i;

	assert_non_null(d);
	for (i = 0; i < n; i++)
		assert_int_equal(sb_doc_add_page(d, pages[i], strlen(pages[i]), &err), SB_OK);
}

static void test_compare(void **state)
{
	sb_doc_list fam, la;
	sb_compare_result r;
	sb_error err;
	const sb_doc *f[3];
	/* The LA's bundle: an index, the report re-typeset (upper case, other
	 * line breaks and punctuation) over two pages, its own minutes, the
	 * plan. The letter is left out. */
	char up[1024];
	const char *pages[6];
	size_t i, half;

	(void)state;
	snprintf(up, sizeof(up), "%s", report);
	for (i = 0; up[i] != '\0'; i++)
		if (up[i] >= 'a' && up[i] <= 'z')
			up[i] = (char)(up[i] - 32);
		else if (up[i] == ' ' && i % 7 == 0)
			up[i] = '\n';
		else if (up[i] == ';' || up[i] == ',')
			up[i] = ' ';
	half = strlen(up) / 2;
	while (up[half] != ' ' && up[half] != '\n')
		half++;
	up[half] = '\0';
	pages[0] = "INDEX\nA1 Decision letter 1\nB1 Report 2-3\nB2 Minutes 4\nB3 Plan 5";
	pages[1] = up;
	pages[2] = up + half + 1;
	pages[3] = minutes;
	pages[4] = plan;
	pages[5] = "";
	sb_doc_list_init(&fam);
	sb_doc_list_init(&la);
	add_doc(&fam, "ep-report.txt", &report, 1);
	add_doc(&fam, "plan.txt", &plan, 1);
	add_doc(&fam, "letter.txt", &letter, 1);
	add_doc(&la, "la-bundle.pdf", pages, 6);
	for (i = 0; i < 3; i++)
		f[i] = fam.docs[i];
	assert_int_equal(sb_compare_bundle(f, 3, la.docs[0], &r, &err), SB_OK);
	assert_int_equal(r.bundle_pages, 6);
	assert_int_equal(r.ndocs, 3);
	assert_int_equal(r.docs[0].status, SB_COMPARE_FOUND);
	assert_int_equal(r.docs[0].first_page, 2);
	assert_int_equal(r.docs[0].last_page, 3);
	assert_int_equal(r.docs[1].status, SB_COMPARE_FOUND);
	assert_int_equal(r.docs[1].first_page, 5);
	assert_int_equal(r.docs[1].last_page, 5);
	assert_int_equal(r.docs[2].status, SB_COMPARE_MISSING);
	/* The minutes are the LA's own; the index is not reported. */
	assert_int_equal(r.nextras, 1);
	assert_int_equal(r.extras[0].first_page, 4);
	assert_int_equal(r.extras[0].last_page, 4);
	/* Its first line as a clue, at most 100 bytes. */
	assert_int_equal(strlen(r.extras[0].title), 100);
	assert_memory_equal(r.extras[0].title, minutes, 100);
	sb_compare_result_release(&r);

	/* Too few words to compare: said so, never "missing". */
	{
		const char *tiny = "Signed.";
		const sb_doc *g[1];

		add_doc(&fam, "scan.pdf", &tiny, 1);
		g[0] = fam.docs[3];
		assert_int_equal(sb_compare_bundle(g, 1, la.docs[0], &r, &err), SB_OK);
		assert_int_equal(r.docs[0].status, SB_COMPARE_NO_TEXT);
		sb_compare_result_release(&r);
	}
	sb_doc_list_free(&fam);
	sb_doc_list_free(&la);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
