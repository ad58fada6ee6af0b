/*
 * Fuzz target: the date finder (sb_extract_dates), which reads whatever text
 * a document holds, invalid UTF-8 and NUL bytes included. It must never crash
 * or leak, and what it reports must be real dates inside the text, in text
 * order, one per offset, with the text found there.
 * Seeds: tests/fuzz/corpus/extract_dates (made by make_extract_dates_corpus.py).
 */
#include <sendbundle/date.h>
#include <sendbundle/extract.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Compiling the patterns once is what real callers do; the extractor is
	 * read-only afterwards and stays reachable, so it is no leak. */
	static sb_extractor *ex;
	sb_found_date *d = NULL;
	size_t n = 0, i;
	sb_error err;

	if (ex == NULL && sb_extractor_new(&ex, &err) != SB_OK)
		abort();
	if (sb_extract_dates(ex, (const char *)data, size, 1, &d, &n, &err) != SB_OK)
		abort();
	for (i = 0; i < n; i++) {
		if (!sb_date_is_valid(d[i].date) || d[i].date.year < 1900 ||
		    d[i].date.year > 2099 || d[i].page != 1 || d[i].text == NULL)
			abort();
		if (d[i].precision != SB_PRECISION_DAY && d[i].precision != SB_PRECISION_MONTH)
			abort();
		if ((int)d[i].role < 0 || d[i].role >= SB_DATE_ROLE_COUNT)
			abort();
		/* The folded text is never longer than what it was read from. */
		if (d[i].offset >= size || strlen(d[i].text) > size - d[i].offset)
			abort();
		if (i > 0 && d[i].offset <= d[i - 1].offset)
			abort();
	}
	sb_found_dates_free(d, n);
	return 0;
}
