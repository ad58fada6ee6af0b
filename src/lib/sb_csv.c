/* RFC 4180 fields with formula defusing (sb_csv.h). */
#include "sb_csv.h"

#include <string.h>

static bool starts_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	       s[0] == '\r';
}

void sb_csv_field(sb_buf *b, const char *s, bool last)
{
	bool quote = false;
	const char *p;

	if (s == NULL)
		s = "";
	for (p = s; *p != '\0'; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			quote = true;
	if (starts_formula(s))
		quote = true;
	if (quote)
		sb_buf_put(b, "\"", 1);
	if (starts_formula(s))
		sb_buf_put(b, "'", 1);
	/* Copy up to and including each quote, then double it. */
	for (p = s; *p != '\0';) {
		const char *q = strchr(p, '"');

		if (q == NULL) {
			sb_buf_puts(b, p);
			break;
		}
		sb_buf_put(b, p, (size_t)(q - p) + 1);
		sb_buf_put(b, "\"", 1);
		p = q + 1;
	}
	if (quote)
		sb_buf_put(b, "\"", 1);
	sb_buf_put(b, last ? "\r\n" : ",", last ? 2 : 1);
}

void sb_csv_record(sb_buf *b, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sb_csv_field(b, fields[i], i + 1 == n);
}
