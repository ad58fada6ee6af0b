/*
 * The deadline as JSON, described by schemas/deadline.schema.json. `check`
 * will embed the same object, so every key is documented there.
 */
#include <sendbundle/deadline.h>

#include "sb_json.h"

#include <stdlib.h>

#define NOT_LEGAL_ADVICE                                                               \
	"This is not legal advice. It applies the HESC Rules 2008 as the program "      \
	"understands them; if in doubt, appeal earlier and take advice."

int sb_deadline_to_json(const sb_deadline *d, char **out, sb_error *err)
{
	json_t *root = NULL;
	json_t *steps = NULL;
	json_t *warnings = NULL;
	char longdate[SB_DATE_LONG_LEN];
	bool ok = true;
	size_t i;

	if (d == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no deadline to write");
	*out = NULL;
	root = json_object();
	steps = json_array();
	warnings = json_array();
	if (root == NULL || steps == NULL || warnings == NULL) {
		json_decref(steps);
		json_decref(warnings);
		json_decref(root);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	for (i = 0; i < d->nsteps; i++) {
		json_t *s = json_object();

		sb_json_set(s, "rule", json_string(d->steps[i].rule), &ok);
		sb_json_set(s, "text", json_string(d->steps[i].text), &ok);
		sb_json_set(s, "date", sb_json_date(d->steps[i].has_date, d->steps[i].date), &ok);
		if (s == NULL || json_array_append_new(steps, s) != 0)
			ok = false;
	}
	for (i = 0; i < d->nwarnings; i++) {
		json_t *w = json_object();

		sb_json_set(w, "code", json_string(d->warnings[i].code), &ok);
		sb_json_set(w, "text", json_string(d->warnings[i].text), &ok);
		if (w == NULL || json_array_append_new(warnings, w) != 0)
			ok = false;
	}
	sb_date_format_long(d->deadline, longdate, sizeof(longdate));
	sb_json_set(root, "appeal_type", json_string(sb_appeal_type_name(d->appeal_type)), &ok);
	sb_json_set(root, "decision_date", sb_json_date(true, d->decision_date), &ok);
	sb_json_set(root, "sent_date", sb_json_date(d->has_sent_date, d->sent_date), &ok);
	sb_json_set(root, "certificate_date",
		    sb_json_date(d->has_certificate_date, d->certificate_date), &ok);
	sb_json_set(root, "start_date", sb_json_date(true, d->start), &ok);
	sb_json_set(root, "limb_i_end", sb_json_date(true, d->limb_i_end), &ok);
	sb_json_set(root, "limb_ii_end", sb_json_date(d->has_limb_ii, d->limb_ii_end), &ok);
	sb_json_set(root, "limb", json_string(d->limb), &ok);
	sb_json_set(root, "raw_end", sb_json_date(true, d->raw_end), &ok);
	sb_json_set(root, "deadline", sb_json_date(true, d->deadline), &ok);
	sb_json_set(root, "deadline_time", json_string("17:00"), &ok);
	sb_json_set(root, "timezone", json_string("Europe/London"), &ok);
	sb_json_set(root, "deadline_text", json_sprintf("by 5pm on %s", longdate), &ok);
	sb_json_set(root, "alternative_deadline",
		    sb_json_date(d->has_alternative, d->alternative), &ok);
	sb_json_set(root, "mediation_contact_by", sb_json_date(true, d->mediation_contact_by),
		    &ok);
	sb_json_set(root, "today", sb_json_date(d->has_today, d->today), &ok);
	sb_json_set(root, "days_left", d->has_today ? json_integer(d->days_left) : json_null(),
		    &ok);
	sb_json_set(root, "passed", d->has_today ? json_boolean(d->passed) : json_null(), &ok);
	sb_json_set(root, "steps", steps, &ok);
	sb_json_set(root, "warnings", warnings, &ok);
	sb_json_set(root, "holidays_source", json_string(d->holidays_source), &ok);
	sb_json_set(root, "not_legal_advice", json_string(NOT_LEGAL_ADVICE), &ok);
	if (!ok) {
		json_decref(root);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	return sb_json_finish(root, out, err);
}
