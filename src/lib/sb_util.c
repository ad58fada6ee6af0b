/* Internal helpers shared by library modules. */
#include "sb_util.h"

#include <stdio.h>
#include <stdlib.h>

char *sb_strdup_vprintf(const char *fmt, va_list ap)
{
	va_list copy;
	char *out;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return NULL;
	out = malloc((size_t)n + 1);
	if (out == NULL)
		return NULL;
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	return out;
}

char *sb_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = sb_strdup_vprintf(fmt, ap);
	va_end(ap);
	return out;
}
