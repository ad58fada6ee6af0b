/*
 * Fuzz target: sb_date_parse, which reads whatever a user types. It must
 * never crash, and whatever it accepts must be a real date that formats and
 * parses back to itself.
 */
#include <sendbundle/date.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	sb_date d, again;
	sb_error err;
	char iso[SB_DATE_ISO_LEN];
	char longdate[SB_DATE_LONG_LEN];

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (sb_date_parse(text, &d, &err) == SB_OK) {
		if (!sb_date_is_valid(d))
			abort();
		sb_date_format_iso(d, iso, sizeof(iso));
		if (sb_date_parse(iso, &again, &err) != SB_OK || sb_date_compare(d, again) != 0)
			abort();
		sb_date_format_long(d, longdate, sizeof(longdate));
		if (sb_date_parse(longdate, &again, &err) != SB_OK ||
		    sb_date_compare(d, again) != 0)
			abort();
	}
	free(text);
	return 0;
}
