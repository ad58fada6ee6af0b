/*
 * Fuzz target: the GOV.UK bank-holiday loader (a file the user or a download
 * supplies). It must never crash or leak, and a calendar it accepts must
 * answer working-day questions for any year.
 */
#include <sendbundle/calendar.h>

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_calendar *cal = NULL;
	sb_error err;
	int first = 0, last = 0;

	if (size > SB_HOLIDAY_FILE_MAX)
		return 0;
	if (sb_calendar_load_buffer(&cal, (const char *)data, size, "fuzz", &err) == SB_OK) {
		sb_date d = {2026, 1, 1};
		sb_date out;
		int i;

		sb_calendar_coverage(cal, &first, &last);
		if (first > last)
			abort();
		for (i = 0; i < 400; i++) {
			(void)sb_calendar_is_working_day(cal, d);
			d = sb_date_add_days(d, 1);
		}
		if (sb_calendar_add_tribunal_days(cal, (sb_date){first, 1, 1}, 30, &out, &err) !=
		    SB_OK)
			abort();
		sb_calendar_free(cal);
	}
	return 0;
}
