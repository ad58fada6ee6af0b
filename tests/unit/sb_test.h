/*
 * Helpers shared by the unit tests: reading the tables and fixtures in
 * tests/data/. Include after <cmocka.h>: the fixture reader asserts.
 */
#ifndef SB_TEST_H
#define SB_TEST_H

#include <sendbundle/date.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The bytes of dir/name (NUL-terminated, *len without it); fails the test if
 * the fixture cannot be read. Free with free(). */
static inline unsigned char *sb_test_slurp(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	unsigned char *data;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	data[n] = 0;
	*len = (size_t)n;
	return data;
}

#endif
