/*
 * sendbundle: iCalendar (RFC 5545) export of a computed deadline.
 *
 * The file holds a VTIMEZONE for Europe/London, the appeal deadline as an
 * event ending at 17:00 Europe/London (HESC Rules r.12(1)) with a display
 * alarm a week before, and an all-day event for the mediation contact date
 * (SEND Regulations 2014 reg 33).
 *
 * Output is reproducible: UIDs are derived from the dates, and DTSTAMP is
 * taken from `stamp_epoch` (callers pass SOURCE_DATE_EPOCH or the clock).
 */
#ifndef SENDBUNDLE_ICS_H
#define SENDBUNDLE_ICS_H

#include <stddef.h>
#include <sendbundle/deadline.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Render the calendar text (CRLF line ends, lines folded at 75 octets).
 * *out is the caller's, to free with free(). */
int sb_ics_render(const sb_deadline *d, long long stamp_epoch, char **out,
		  sb_error *err);

/* Render and write to path atomically (temporary file, then rename). */
int sb_ics_write(const sb_deadline *d, long long stamp_epoch, const char *path,
		 sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
