/*
 * sendbundle: the local authority's statutory timescales after a request for
 * an EHC needs assessment (SEND Regulations 2014; calendar weeks, no HESC
 * Rules r.12 adjustments). These are the latest dates the LA should have
 * acted; the regulations' exceptions (reg 5(4), 10(4), 13(3)) can excuse delay.
 */
#ifndef SENDBUNDLE_TIMESCALES_H
#define SENDBUNDLE_TIMESCALES_H

#include <stdbool.h>
#include <sendbundle/date.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_timescale {
	const char *key;        /* "decision_due", "no_plan_due", "final_plan_due" */
	const char *regulation; /* "SEND Regs 2014 reg 5(1)" */
	const char *duty;       /* what the LA must do by then */
	int weeks;
	sb_date due;
	bool overdue;           /* only meaningful when the caller gave today */
} sb_timescale;

#define SB_TIMESCALE_COUNT 3

typedef struct sb_timescales {
	sb_date request_date;
	bool has_today;
	sb_date today;
	sb_timescale items[SB_TIMESCALE_COUNT];
} sb_timescales;

/* today may be NULL. Fails with SB_ERANGE for unsupported dates. */
int sb_timescales_compute(sb_date request_date, const sb_date *today,
			  sb_timescales *out, sb_error *err);

/* JSON object (sorted keys, trailing newline); *out is the caller's to free(). */
int sb_timescales_to_json(const sb_timescales *t, char **out, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
