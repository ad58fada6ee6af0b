/*
 * Helpers shared by the unit tests: reading the tables in tests/data/.
 */
#ifndef SB_TEST_H
#define SB_TEST_H

#include <sendbundle/date.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Split a TSV line in place at tabs into at most max fields; returns how many.
 * Empty cells stay as empty strings. */
static inline size_t sb_test_split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		char *tab = strchr(p, '\t');

		fields[n++] = p;
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

/* Strictly "YYYY-MM-DD" and a real date: the tables' own format, read without
 * the parser under test. */
static inline bool sb_test_parse_iso(const char *s, sb_date *out)
{
	int y, m, d;
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	out->year = y;
	out->month = m;
	out->day = d;
	return sb_date_is_valid(*out);
}

#endif
