/*
 * Internal: RFC 4180 CSV cells that are safe to open in a spreadsheet (not
 * part of the public API). Shared by every CSV the program writes (scan,
 * bundle index, chronology) so that all of them quote and defuse formulas
 * the same way.
 */
#ifndef SB_CSV_H
#define SB_CSV_H

#include <stdbool.h>
#include "sb_buf.h"

/*
 * One field (NULL counts as ""), then "," or, when last, the record's
 * CRLF. Quoted when it holds a comma, quote or line break. A field that
 * starts with =, +, -, @, TAB or CR gets a leading ' (and quotes) so a
 * spreadsheet shows a document's words instead of running them as a formula
 * (CSV injection, OWASP).
 */
void sb_csv_field(sb_buf *b, const char *s, bool last);

/* A whole record of n fields. */
void sb_csv_record(sb_buf *b, const char *const *fields, size_t n);

#endif
