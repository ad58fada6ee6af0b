/*
 * Internal jansson helpers: building output objects that are sorted,
 * reproducible and checked for allocation failure in one place.
 */
#ifndef SB_JSON_H
#define SB_JSON_H

#include <jansson.h>
#include <sendbundle/date.h>
#include <sendbundle/error.h>

/* An ISO date string, or JSON null when !present. NULL only when out of memory. */
json_t *sb_json_date(bool present, sb_date d);

/*
 * A JSON string of s (NULL gives ""). A file name need not be UTF-8 (Linux
 * names are bytes) and jansson refuses what is not: such text is shown with
 * each stray byte read as Windows-1252, as the bundle index does
 * (sb_bundle_clean), rather than failing the whole output. NULL only when
 * out of memory.
 */
json_t *sb_json_text(const char *s);

/* Serialise with sorted keys, 2-space indent and a final newline. Steals root. */
int sb_json_finish(json_t *root, char **out, sb_error *err);

/* json_object_set_new that remembers a failure in *ok (value NULL counts). */
void sb_json_set(json_t *obj, const char *key, json_t *value, bool *ok);

#endif
