/*
 * Internal: where the prefilter words of the pattern tables occur in a text
 * (issue 3, "extraction adds under 15% to the cost of reading the text").
 *
 * Every kind cue and area pattern carries prefilter words (sb_prefilter in
 * sb_patterns.h): lower-case strings of which every match of the pattern
 * holds at least one. One pass over the lower-cased text finds every
 * occurrence of every such word; a pattern whose words are all absent is
 * skipped, and a pattern whose words occur is run only in windows just
 * before and over those occurrences (SB_ANCHOR_REACH) instead of over the
 * whole text. The answers do not change: a match that holds an occurrence
 * starts at most SB_ANCHOR_REACH bytes before it (checked against a full
 * scan in -DSB_PREFILTER_VERIFY=ON builds, which the sanitizer CI job uses).
 */
#ifndef SB_ANCHOR_H
#define SB_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/error.h>

/* How far before an occurrence of one of its prefilter words a match may
 * start. The longest lead in the tables is a decision cue of the shape
 * "<up to 60 characters> has now decided" (la-has-decided), so 256 bytes
 * leave room for long words and spaces around it. */
#define SB_ANCHOR_REACH 256u

/* The words of a set of prefilters, compiled once; immutable and shareable. */
typedef struct sb_anchor_words sb_anchor_words;

/* Per text: the occurrences, and per set the sorted, merged positions. */
typedef struct sb_anchors sb_anchors;

/*
 * Marks a word may carry (sb_anchor_derive_edges): what the pattern says of
 * the bytes beside every match's occurrence of the word. A word that
 * starts with SB_ANCHOR_AT_START occurs only where the byte before it is
 * not an ASCII letter, digit or "_" (or at the text's start); one that ends
 * with SB_ANCHOR_AT_END, where the byte after it is not one (or at the
 * end); one that ends with SB_ANCHOR_BEFORE_DIGIT, where a digit or a
 * non-ASCII byte follows. A byte of 0x80 or more (a part of a non-ASCII
 * character, which may or may not be a letter) never rules a place out.
 *
 * Why: "\b(?-i:HI|VI)\b" holds "hi", and "hi" is in "this", "which" and
 * "child": every line was a window. As a word of its own it is rare.
 */
#define SB_ANCHOR_AT_START '\x01'
#define SB_ANCHOR_AT_END '\x02'
#define SB_ANCHOR_BEFORE_DIGIT '\x03'

/*
 * Compile n prefilters: needs[i] is "word|word|..." (lower case) or NULL
 * for a set that has no prefilter (its pattern always runs over the whole
 * text). Words are matched as substrings of the folded text, where their
 * marks (above) allow.
 */
int sb_anchor_words_new(const char *const *needs, size_t n, sb_anchor_words **out, sb_error *err);
void sb_anchor_words_free(sb_anchor_words *w);

/* Find every word of w in folded[0..len) (lower-cased text whose byte
 * offsets are those of the text that patterns match). */
int sb_anchors_find(const sb_anchor_words *w, const char *folded, size_t len, sb_anchors **out,
		    sb_error *err);
void sb_anchors_free(sb_anchors *a);

/* Whether set i has no prefilter (always scan) or one of its words occurs. */
bool sb_anchors_possible(sb_anchors *a, size_t i);

/* How many times set i's words occur (a place where two of its words start
 * counts twice); SIZE_MAX when set i has no prefilter. */
size_t sb_anchors_count(const sb_anchors *a, size_t i);

/*
 * The start offsets of set i's words in the text, ascending and without
 * repeats, in *pos (owned by a) and their number in *n. False when set i has
 * no prefilter or memory ran out: the caller then scans the whole text,
 * which gives the same answers.
 */
bool sb_anchors_positions(sb_anchors *a, size_t i, const size_t **pos, size_t *n);

/*
 * Words of which every match of pattern holds one, read from the pattern
 * itself: "word|word|..." (lower case; free it), each match holding one of
 * them as literal text that starts at most *lead bytes after the match's
 * start. NULL when none can be shown (out of memory too): a construct the
 * reader does not take (back references, subroutines, conditionals, (?x),
 * verbs but (*FAIL)), or a branch with no literal text at a bounded
 * distance from its start ("\s+" and "\w*" are unbounded). With
 * anywhere, words at any distance count too (*lead is then SIZE_MAX when
 * one is unbounded): each match still holds one, so a text without them
 * has no match.
 *
 * Why: the table's prefilter words (sb_patterns.h) are often far into a
 * match ("SEN panel" holds "panel" after any number of spaces) or inside
 * many words ("hi"), so their windows reach SB_ANCHOR_REACH back and cover
 * much of the text; a word at the start of every match ("\bhearing\s+loss")
 * needs a window of one place. Lookarounds, optional and repeated parts,
 * classes and anchors count only by their greatest length (a character as
 * 4 bytes, its most in UTF-8). The distances hold where each ASCII letter
 * of a pattern matches one byte: texts without U+017F or U+212A, which
 * caseless matching equates with s and k (extraction windows only those).
 */
char *sb_anchor_derive(const char *pattern, bool anywhere, size_t *lead);

/*
 * sb_anchor_derive, each word marked (SB_ANCHOR_AT_START and the others)
 * where the pattern shows what stands beside it: "\b", "^" or a character
 * that is not a letter ("\s", "\W", ":") right before it; "\b", "$", such
 * a character or a digit ("\d") right after it. Only for a pattern matched
 * against the whole text (a start offset into it, and an end that is the
 * text's or a line's), never against a part cut out of a line: "\b" at the
 * start of a part holds whatever the text has before it.
 */
char *sb_anchor_derive_edges(const char *pattern, bool anywhere, size_t *lead);

#endif
