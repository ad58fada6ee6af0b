/*
 * Unit tests for sb_anchor: where the pattern tables' prefilter words occur
 * (src/lib/sb_anchor.h). The windows that extraction searches are built from
 * these positions, so a missed or misplaced occurrence would lose a match:
 * every case asserts exact offsets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sb_anchor.h"

#include <stdlib.h>
#include <string.h>

static sb_anchor_words *compile(const char *const *needs, size_t n)
{
	sb_anchor_words *w = NULL;
	sb_error err;

	assert_int_equal(sb_anchor_words_new(needs, n, &w, &err), SB_OK);
	assert_non_null(w);
	return w;
}

static sb_anchors *find(const sb_anchor_words *w, const char *text)
{
	sb_anchors *a = NULL;
	sb_error err;

	assert_int_equal(sb_anchors_find(w, text, strlen(text), &a, &err), SB_OK);
	assert_non_null(a);
	return a;
}

static void assert_positions(sb_anchors *a, size_t set, const size_t *want, size_t nwant)
{
	const size_t *pos = NULL;
	size_t n = 0, i;

	assert_true(sb_anchors_positions(a, set, &pos, &n));
	assert_int_equal(n, nwant);
	for (i = 0; i < n; i++)
		assert_int_equal(pos[i], want[i]);
}

/* Words are found as substrings ("assess" in "reassessment"), at every
 * occurrence, and a set's positions are merged in order. */
static void test_positions(void **state)
{
	static const char *const needs[] = {"assess|plan", "tribunal", NULL, "/"};
	const char *text = "reassessment plan; assess the plan 12/03/2024 tribunal";
	sb_anchor_words *w = compile(needs, 4);
	sb_anchors *a = find(w, text);
	const size_t set0[] = {2, 13, 19, 30}, set1[] = {46}, set3[] = {37, 40};

	(void)state;
	assert_positions(a, 0, set0, 4);
	assert_positions(a, 1, set1, 1);
	assert_positions(a, 3, set3, 2);
	assert_true(sb_anchors_possible(a, 0));
	assert_true(sb_anchors_possible(a, 1));
	sb_anchors_free(a);
	sb_anchor_words_free(w);
}

/* A set with no prefilter is always possible and has no positions: its
 * pattern runs over the whole text. A set whose words are absent is not
 * possible. */
static void test_unfiltered_and_absent(void **state)
{
	static const char *const needs[] = {NULL, "mediation|certificate"};
	sb_anchor_words *w = compile(needs, 2);
	sb_anchors *a = find(w, "a letter about school transport");
	const size_t *pos = NULL;
	size_t n = 7;

	(void)state;
	assert_true(sb_anchors_possible(a, 0));
	assert_false(sb_anchors_positions(a, 0, &pos, &n));
	assert_false(sb_anchors_possible(a, 1));
	assert_true(sb_anchors_positions(a, 1, &pos, &n));
	assert_int_equal(n, 0);
	sb_anchors_free(a);
	sb_anchor_words_free(w);
}

/* Overlapping words in one set ("ehc" inside "ehcp"), the same word in two
 * sets, a word at the very end, and the same position reached by two words
 * counted once. */
static void test_overlaps_and_edges(void **state)
{
	static const char *const needs[] = {"ehc|ehcp", "ehcp", "end"};
	const char *text = "ehcp and ehc: the end";
	sb_anchor_words *w = compile(needs, 3);
	sb_anchors *a = find(w, text);
	const size_t set0[] = {0, 9}, set1[] = {0}, set2[] = {18};

	(void)state;
	assert_positions(a, 0, set0, 2);
	assert_positions(a, 1, set1, 1);
	assert_positions(a, 2, set2, 1);
	sb_anchors_free(a);
	sb_anchor_words_free(w);
}

/* Empty text, bytes above 0x7F, and a text that ends in the middle of a
 * word: no reads past the end (the sanitizer build checks), nothing found. */
static void test_hostile_text(void **state)
{
	static const char *const needs[] = {"report|\xc3\xa9t\xc3\xa9"};
	sb_anchor_words *w = compile(needs, 1);
	sb_anchors *a = find(w, "");
	const size_t *pos = NULL;
	size_t n = 0;
	const char partial[] = {'r', 'e', 'p', 'o', 'r'};
	sb_error err;

	(void)state;
	assert_false(sb_anchors_possible(a, 0));
	sb_anchors_free(a);
	a = find(w, "\xff\xfe summer \xc3\xa9t\xc3\xa9 report");
	assert_true(sb_anchors_positions(a, 0, &pos, &n));
	assert_int_equal(n, 2);
	assert_int_equal(pos[0], 10);
	assert_int_equal(pos[1], 16);
	sb_anchors_free(a);
	a = NULL;
	assert_int_equal(sb_anchors_find(w, partial, sizeof(partial), &a, &err), SB_OK);
	assert_false(sb_anchors_possible(a, 0));
	sb_anchors_free(a);
	sb_anchor_words_free(w);
}

/* A prefilter with an empty word is a bug in the tables, reported. */
static void test_empty_word_refused(void **state)
{
	static const char *const needs[] = {"plan||review"};
	sb_anchor_words *w = NULL;
	sb_error err;

	(void)state;
	assert_int_equal(sb_anchor_words_new(needs, 1, &w, &err), SB_EINVAL);
	assert_null(w);
	assert_non_null(strstr(err.message, "empty word"));
}

/* sb_anchors_count: every occurrence of a set's words, SIZE_MAX unfiltered. */
static void test_count(void **state)
{
	static const char *const needs[] = {"plan|an", NULL, "zebra"};
	sb_anchor_words *w = compile(needs, 3);
	sb_anchors *a = find(w, "a plan and a plan");

	(void)state;
	assert_int_equal(sb_anchors_count(a, 0), 5); /* plan twice, an three times */
	assert_int_equal(sb_anchors_count(a, 1), SIZE_MAX);
	assert_int_equal(sb_anchors_count(a, 2), 0);
	sb_anchors_free(a);
	sb_anchor_words_free(w);
}

/* One-byte words are found apart (memchr): the last byte too, in order. */
static void test_one_byte_words(void **state)
{
	static const char *const needs[] = {"?|/", "ok?"};
	static const size_t want0[] = {3, 4, 10, 11}, want1[] = {8};
	sb_anchor_words *w = compile(needs, 2);
	sb_anchors *a = find(w, "why?/ a ok??");

	(void)state;
	assert_positions(a, 0, want0, 4);
	assert_positions(a, 1, want1, 1);
	assert_int_equal(sb_anchors_count(a, 0), 4);
	sb_anchors_free(a);
	sb_anchor_words_free(w);
}

/* What a derive function gave (got, owned; marks shown as "<" for
 * SB_ANCHOR_AT_START, ">" for SB_ANCHOR_AT_END and "#" for
 * SB_ANCHOR_BEFORE_DIGIT) against what is wanted. */
static void assert_words(char *got, size_t got_lead, const char *want, size_t lead)
{
	size_t i;

	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	for (i = 0; got[i] != '\0'; i++)
		if (got[i] == SB_ANCHOR_AT_START)
			got[i] = '<';
		else if (got[i] == SB_ANCHOR_AT_END)
			got[i] = '>';
		else if (got[i] == SB_ANCHOR_BEFORE_DIGIT)
			got[i] = '#';
	assert_string_equal(got, want);
	assert_int_equal(got_lead, lead);
	free(got);
}

/* Words a pattern's every match holds, and how far into it they may start,
 * as derive (sb_anchor_derive or sb_anchor_derive_edges) reads them. */
static void assert_derived_by(char *(*derive)(const char *, bool, size_t *), const char *pattern,
			      bool anywhere, const char *want, size_t lead)
{
	size_t got_lead = 0;
	char *got = derive(pattern, anywhere, &got_lead);

	assert_words(got, got_lead, want, lead);
}

#define assert_derived(...) assert_derived_by(sb_anchor_derive, __VA_ARGS__)
#define assert_edges(...) assert_derived_by(sb_anchor_derive_edges, __VA_ARGS__)

static void test_derive(void **state)
{
	(void)state;
	/* A word that starts every match: a window of one place. */
	assert_derived("(?i)\\bhearing\\s+loss", false, "hearing", 0);
	assert_derived("(?i)\\bcode\\s+of\\s+practice\\b", false, "code", 0);
	/* Case-sensitive letters are looked for in folded text too. */
	assert_derived("\\b(?-i:DCD)\\b", false, "dcd", 0);
	/* Alternatives: every branch gives words; the farthest lead. */
	assert_derived("\\bglue\\s+ear|\\bgrommets?\\b", false, "glue|grommet", 0);
	/* An optional part: its words or those after it. */
	assert_derived("\\b(?:child\\s+)?psychiatrists?\\b", false, "child|psychiatrist", 0);
	/* A bounded part before a longer word: counted at its longest (a
	 * class as a four-byte character). */
	assert_derived("(?i)\\bp(?:ae|e)d[ie]?atrics\\b", false, "atrics", 8);
	/* After an unbounded part a word is sure only "anywhere". */
	assert_derived("\\s+panel\\b", false, NULL, 0);
	assert_derived("\\s+panel\\b", true, "panel", SIZE_MAX);
	/* Anywhere, an optional part adds no words when the rest has some. */
	assert_derived("(?:before\\s+)?judge\\b", true, "judge", SIZE_MAX);
	/* A branch without literal text: nothing is sure. */
	assert_derived("foo|\\d+", false, NULL, 0);
	/* What a lookaround sees is not taken by the match. */
	assert_derived("(?=team)\\d", true, NULL, 0);
	assert_derived("\\b(?-i:HI)\\b(?=\\s+team)", false, "hi", 0);
	/* An escaped "|" splits words instead of joining them. */
	assert_derived("ab\\|cd", false, "ab", 0);
	/* Constructs the reader does not take. */
	assert_derived("(a)\\1", false, NULL, 0);
	assert_derived("(?x) a b c", false, NULL, 0);
	assert_derived("(?&word)(?(DEFINE)(?<word>abc))", false, NULL, 0);
	assert_derived("abc{,2}", false, NULL, 0);
}

/* Words with marks (sb_anchor.h): only where the bytes beside them allow.
 * Two sets share the text "in" with other marks (one entry per text in the
 * pass, each mark checked on its own). */
static void test_marked_words(void **state)
{
	static const char *const needs[] = {"\x01" "in\x02", "in", "\x01" "eh\x03", "\x01" "on"};
	/*                  0         1         2         3
	 *                  0123456789012345678901234567890123456 */
	const char *text = "in the training in; eh123 teh1 eh on\xc3\xa9in";
	sb_anchor_words *w = compile(needs, 4);
	sb_anchors *a = find(w, text);
	/* "in" as a word: at 0 and 16, not inside "training" (10, 12); after
	 * a non-ASCII byte (é) it may be a word of its own: 38. */
	const size_t whole[] = {0, 16, 38}, any[] = {0, 10, 12, 16, 38};
	/* "eh" at a word's start before a digit: "eh123", not "teh1" or the
	 * last "eh" (a space follows). "on" at a word's start: 34 only. */
	const size_t eh[] = {20}, on[] = {34};

	(void)state;
	assert_positions(a, 0, whole, 3);
	assert_positions(a, 1, any, 5);
	assert_positions(a, 2, eh, 1);
	assert_positions(a, 3, on, 1);
	assert_int_equal(sb_anchors_count(a, 1), 5);
	sb_anchors_free(a);
	/* At the text's ends nothing stands beside a word. */
	a = find(w, "in");
	assert_true(sb_anchors_possible(a, 0));
	assert_false(sb_anchors_possible(a, 2));
	sb_anchors_free(a);
	a = find(w, "eh");
	assert_false(sb_anchors_possible(a, 2)); /* no digit after it */
	sb_anchors_free(a);
	sb_anchor_words_free(w);
}

static void test_derive_edges(void **state)
{
	(void)state;
	/* \b before a word character; \s after the word. */
	assert_edges("(?i)\\bhearing\\s+loss", false, "<hearing>", 0);
	/* Through a group and its alternatives, a lookahead after \b. */
	assert_edges("\\b(?-i:HI|VI)\\b(?=\\s+team)", false, "<hi>|<vi>", 0);
	/* A digit after the word (the "/" run is farther from the start). */
	assert_edges("\\b(?:EH|SE)\\d{3}/\\d{2}", false, "<eh#|<se#", 0);
	/* Line starts, and parts that may be empty: "^\W*" and "\s*:". */
	assert_edges("(?i)^\\W*(?:re|fw|fwd)\\s*:", true, "<re>|<fw>|<fwd>", SIZE_MAX);
	/* An optional letter after a word says nothing; nor does a digit
	 * after a part that may be empty ("\\s*"). */
	assert_edges("\\bgrommets?\\b", false, "<grommet", 0);
	assert_edges("(?:section|s\\.)\\s*55\\b", true, "section|s.", 0);
	assert_edges("\\bno\\.?\\s*[0-9]", false, "<no", 0);
	/* \b before a character that is not a word character means a word
	 * character stands before it: no mark. */
	assert_edges("\\b/x", false, "/x", 0);
	/* A repeated part: a later repeat stands beside an earlier one. */
	assert_edges("\\b(?:ab)+\\b", false, "ab", 0);
	/* What stands before or after a whole match is anything. */
	assert_edges("foo", false, "foo", 0);
	assert_edges("(?:\\s|^)foo", false, "foo", 4);
	/* The same words as sb_anchor_derive, where nothing is sure. */
	assert_edges("\\s+panel\\b", false, NULL, 0);
	/* The marks' own bytes in a pattern: not taken. */
	assert_edges("a\\x{01}b", false, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_positions),
	    cmocka_unit_test(test_unfiltered_and_absent),
	    cmocka_unit_test(test_overlaps_and_edges),
	    cmocka_unit_test(test_hostile_text),
	    cmocka_unit_test(test_empty_word_refused),
	    cmocka_unit_test(test_count),
	    cmocka_unit_test(test_one_byte_words),
	    cmocka_unit_test(test_derive),
	    cmocka_unit_test(test_marked_words),
	    cmocka_unit_test(test_derive_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
