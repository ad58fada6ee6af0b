/*
 * sb_timescales: the LA's statutory dates after a request for an EHC needs
 * assessment, in calendar weeks with no HESC Rules r.12 adjustment (those
 * rules govern Tribunal acts, not the SEND Regulations 2014).
 */
#include <sendbundle/timescales.h>

#include "sb_json.h"

#include <string.h>

static const struct {
	const char *key;
	const char *regulation;
	const char *duty;
	int weeks;
} table[SB_TIMESCALE_COUNT] = {
	{"decision_due", "SEND Regs 2014 reg 5(1)",
	 "tell you whether it will carry out an EHC needs assessment", 6},
	{"no_plan_due", "SEND Regs 2014 reg 10(1)",
	 "tell you, after assessing, that it will not issue an EHC plan", 16},
	{"final_plan_due", "SEND Regs 2014 reg 13(2)", "issue the final EHC plan", 20},
};

int sb_timescales_compute(sb_date request_date, const sb_date *today, sb_timescales *out,
			  sb_error *err)
{
	int i;

	if (out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nowhere to put the timescales");
	if (!sb_date_is_valid(request_date) || request_date.year >= SB_DATE_MAX_YEAR)
		return sb_error_set(err, SB_ERANGE, NULL, "check the request date",
				    "the request date is outside the supported years");
	if (today != NULL && !sb_date_is_valid(*today))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "today's date is not a real date");
	memset(out, 0, sizeof(*out));
	out->request_date = request_date;
	if (today != NULL) {
		out->has_today = true;
		out->today = *today;
	}
	for (i = 0; i < SB_TIMESCALE_COUNT; i++) {
		sb_timescale *t = &out->items[i];

		t->key = table[i].key;
		t->regulation = table[i].regulation;
		t->duty = table[i].duty;
		t->weeks = table[i].weeks;
		t->due = sb_date_add_days(request_date, 7L * table[i].weeks);
		t->overdue = today != NULL && sb_date_compare(*today, t->due) > 0;
	}
	return SB_OK;
}

int sb_timescales_to_json(const sb_timescales *t, char **out, sb_error *err)
{
	json_t *root = NULL;
	json_t *details = NULL;
	bool ok = true;
	int i;

	if (t == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no timescales to write");
	*out = NULL;
	root = json_object();
	details = json_array();
	if (root == NULL || details == NULL) {
		json_decref(details);
		json_decref(root);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	sb_json_set(root, "request_date", sb_json_date(true, t->request_date), &ok);
	sb_json_set(root, "today", sb_json_date(t->has_today, t->today), &ok);
	for (i = 0; i < SB_TIMESCALE_COUNT; i++) {
		const sb_timescale *s = &t->items[i];
		json_t *o = json_object();

		sb_json_set(root, s->key, sb_json_date(true, s->due), &ok);
		sb_json_set(o, "key", json_string(s->key), &ok);
		sb_json_set(o, "due", sb_json_date(true, s->due), &ok);
		sb_json_set(o, "weeks", json_integer(s->weeks), &ok);
		sb_json_set(o, "regulation", json_string(s->regulation), &ok);
		sb_json_set(o, "duty", json_string(s->duty), &ok);
		sb_json_set(o, "overdue", t->has_today ? json_boolean(s->overdue) : json_null(),
			    &ok);
		if (o == NULL || json_array_append_new(details, o) != 0)
			ok = false;
	}
	sb_json_set(root, "timescales", details, &ok);
	sb_json_set(root, "note",
		    json_string("Latest dates the local authority should have acted; the "
				"exceptions in SEND Regs 2014 reg 5(4), 10(4) and 13(3) can "
				"excuse delay. Calendar weeks, no adjustment for holidays."),
		    &ok);
	if (!ok) {
		json_decref(root);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	return sb_json_finish(root, out, err);
}
