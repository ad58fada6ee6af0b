/* PLACEHOLDER: replaced by the date extraction module. */
#include "sb_extract_internal.h"

#include <stdlib.h>

struct sb_date_finder {
	int unused;
};

int sb_date_finder_new(sb_date_finder **out, sb_error *err)
{
	*out = calloc(1, sizeof(**out));
	return *out != NULL ? SB_OK : sb_error_set(err, SB_ENOMEM, NULL, NULL, "PLACEHOLDER");
}

void sb_date_finder_free(sb_date_finder *f)
{
	free(f);
}

int sb_date_finder_find(const sb_date_finder *f, const char *text, size_t len, int page,
			sb_found_date **out, size_t *n, sb_error *err)
{
	(void)f; (void)text; (void)len; (void)page; (void)err;
	*out = NULL;
	*n = 0;
	return SB_OK;
}
