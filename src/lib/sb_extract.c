/* PLACEHOLDER: replaced by the extraction module. */
#include "sb_extract_internal.h"

#include <stdlib.h>

struct sb_extractor {
	sb_date_finder *dates;
};

int sb_extractor_new(sb_extractor **out, sb_error *err)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "PLACEHOLDER");
	return sb_date_finder_new(&(*out)->dates, err);
}

void sb_extractor_free(sb_extractor *ex)
{
	if (ex != NULL)
		sb_date_finder_free(ex->dates);
	free(ex);
}

int sb_extract(const sb_extractor *ex, sb_doc *doc, sb_error *err)
{
	(void)ex; (void)doc; (void)err;
	return SB_OK;
}

int sb_extract_dates(const sb_extractor *ex, const char *text, size_t len, int page,
		     sb_found_date **out, size_t *n, sb_error *err)
{
	return sb_date_finder_find(ex->dates, text, len, page, out, n, err);
}

void sb_found_dates_free(sb_found_date *dates, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(dates[i].text);
	free(dates);
}
