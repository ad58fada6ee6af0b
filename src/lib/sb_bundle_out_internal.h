/*
 * Internal: what the bundle's text outputs share (sb_bundle_out.c writes
 * JSON, CSV and names; sb_bundle_html.c the HTML pages), so that the index
 * and the chronology say the same thing in every format.
 */
#ifndef SB_BUNDLE_OUT_INTERNAL_H
#define SB_BUNDLE_OUT_INTERNAL_H

#include <stddef.h>
#include <sendbundle/bundle_out.h>

/* The plan is one the outputs can describe: every entry has a known
 * section, a title and a source, and pages 1 <= first <= last <= total. A
 * failure is a bug in the planner, reported as SB_EINVAL. */
int sb_bundle_check_plan(const sb_plan *p, sb_error *err);

/* s as valid UTF-8 (malloc'd; "" for NULL; bad bytes repaired), or NULL
 * when out of memory. */
char *sb_bundle_clean(const char *s);

/* The chronology: indices into p->entries of the dated entries, earliest
 * first, ties in bundle order (*order malloc'd; NULL when *n is 0). */
int sb_bundle_chron_order(const sb_plan *p, size_t **order, size_t *n, sb_error *err);

/* Why an entry is a key event of the chronology, or NULL when it is not. */
const char *sb_bundle_key_note(const sb_plan_entry *e);

/* "D3": the entry's section letter and tab, as the exclusion reasons and
 * the chronology name a document. buf holds at least 32 bytes. */
const char *sb_bundle_doc_ref(const sb_plan_entry *e, char *buf, size_t size);

#endif
