/* Internal jansson helpers (docs/style.md rule 7: sorted keys, reproducible). */
#include "sb_json.h"
#include "sb_text.h"

#include <stdlib.h>
#include <string.h>

json_t *sb_json_date(bool present, sb_date d)
{
	char iso[SB_DATE_ISO_LEN];

	if (!present)
		return json_null();
	return json_string(sb_date_format_iso(d, iso, sizeof(iso)));
}

json_t *sb_json_text(const char *s)
{
	char *clean = NULL;
	json_t *j;

	if (s == NULL)
		s = "";
	j = json_string(s);
	if (j != NULL)
		return j;
	if (sb_text_decode((const unsigned char *)s, strlen(s), "UTF-8", SIZE_MAX - 1, &clean,
			   NULL, NULL) != SB_OK)
		return NULL;
	j = json_string(clean);
	free(clean);
	return j;
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
