/* Internal jansson helpers (docs/style.md rule 7: sorted keys, reproducible). */
#include "sb_json.h"

#include <stdlib.h>
#include <string.h>

json_t *sb_json_date(bool present, sb_date d)
{
	char iso[SB_DATE_ISO_LEN];

	if (!present)
		return json_null();
	return json_string(sb_date_format_iso(d, iso, sizeof(iso)));
}

void sb_json_set(json_t *obj, const char *key, json_t *value, bool *ok)
{
	/* json_object_set_new steals value, even on failure. */
	if (obj == NULL) {
		json_decref(value);
		*ok = false;
		return;
	}
	if (value == NULL || json_object_set_new(obj, key, value) != 0)
		*ok = false;
}

int sb_json_finish(json_t *root, char **out, sb_error *err)
{
	char *text = NULL;
	char *with_newline = NULL;
	size_t len;
	int rc = SB_OK;

	*out = NULL;
	if (root == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	text = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_ENSURE_ASCII);
	if (text == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	len = strlen(text);
	with_newline = malloc(len + 2);
	if (with_newline == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	memcpy(with_newline, text, len);
	with_newline[len] = '\n';
	with_newline[len + 1] = '\0';
	*out = with_newline;
done:
	free(text);
	json_decref(root);
	return rc;
}
