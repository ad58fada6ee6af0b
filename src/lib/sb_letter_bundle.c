/*
 * A built bundle read back for the evidence letter (issue 6, "letter":
 * "bundle page references from the last build"). sb_build_previous_load
 * gives the documents and their PDF pages; what it does not keep is how the
 * pages were labelled (continuous "12", or "D3" by section) and which files
 * were left out. The labels a reader sees are in index.csv, so the numbering
 * is read from there and every label is checked against sb_plan_page_label:
 * a letter must cite the pages exactly as they are stamped.
 */
#include <sendbundle/letter.h>

#include <sendbundle/plan.h>
#include "sb_util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* index.csv and index.json of 20000 documents (scan's limit) are a few MB. */
#define INDEX_MAX ((size_t)64 << 20)

/* The entry `name` of za into *out (NUL-terminated, *len bytes), or SB_EPARSE. */
static int read_named(zip_t *za, const char *zip_path, const char *name, char **out, size_t *len,
		      sb_error *err)
{
	zip_stat_t st;
	zip_file_t *zf = NULL;
	zip_int64_t got;
	int rc = SB_OK;

	*out = NULL;
	zip_stat_init(&st);
	if (zip_stat(za, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
		return sb_error_set(
		    err, SB_EPARSE, zip_path, "give the zip that sendbundle build wrote",
		    "'%s' is not a bundle from sendbundle build: it has no %s", zip_path, name);
	if (st.size > INDEX_MAX)
		return sb_error_set(err, SB_ERANGE, zip_path,
				    "give the zip that sendbundle build wrote",
				    "'%s' in '%s' is too big (%llu bytes)", name, zip_path,
				    (unsigned long long)st.size);
	*out = malloc((size_t)st.size + 1);
	if (*out == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	zf = zip_fopen(za, name, 0);
	got = zf != NULL ? zip_fread(zf, *out, st.size) : -1;
	if (got < 0 || (zip_uint64_t)got != st.size) {
		rc = sb_error_set(err, SB_EPARSE, zip_path,
				  "give the zip that sendbundle build wrote",
				  "'%s' in '%s' cannot be read: %s", name, zip_path,
				  zf != NULL ? zip_file_strerror(zf) : zip_strerror(za));
		goto done;
	}
	(*out)[st.size] = '\0';
	*len = (size_t)st.size;
done:
	if (zf != NULL)
		zip_fclose(zf);
	if (rc != SB_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * The next field of an RFC 4180 record from *p (before end) into buf
 * (size bytes, cut short if longer: only the short page labels are used).
 * *eor is set when the field ends its record. Returns false at the end.
 */
static bool csv_field(const char **p, const char *end, char *buf, size_t size, bool *eor)
{
	const char *s = *p;
	size_t o = 0;
	bool quoted = false;

	*eor = false;
	if (s >= end)
		return false;
	if (*s == '"') {
		quoted = true;
		s++;
	}
	for (; s < end; s++) {
		char c = *s;

		if (quoted && c == '"') {
			if (s + 1 < end && s[1] == '"') {
				s++;
			} else {
				quoted = false;
				continue;
			}
		} else if (!quoted && (c == ',' || c == '\r' || c == '\n')) {
			break;
		}
		if (o + 1 < size)
			buf[o++] = c;
	}
	buf[o] = '\0';
	if (s < end && *s == ',') {
		s++;
	} else {
		*eor = true;
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
	}
	*p = s;
	return true;
}

static int disagree(const char *zip_path, sb_error *err)
{
	return sb_error_set(err, SB_EPARSE, zip_path,
			    "build the bundle again with sendbundle build",
			    "the index.csv and index.json in '%s' do not agree on the page "
			    "numbers",
			    zip_path);
}

/* The printed labels of index.csv (columns "First page", "Last page") give
 * the numbering; each must be what sb_plan_page_label prints. */
static int read_labels(const char *csv, size_t len, const char *zip_path, sb_plan *p, sb_error *err)
{
	enum { FIRST_COL = 5, LAST_COL = 6, COLS = 9 };
	const char *s = csv, *end = csv + len;
	char(*labels)[2][32] = calloc(p->nentries + 1, sizeof(*labels));
	char field[32], want[32];
	size_t row = 0, col = 0, i;
	bool eor, section = false;
	int rc = SB_OK;

	if (labels == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	while (csv_field(&s, end, field, sizeof(field), &eor)) {
		if (row == 0 && col == 0 && strcmp(field, "Section") != 0)
			break;
		if (row > 0 && row <= p->nentries && (col == FIRST_COL || col == LAST_COL))
			memcpy(labels[row - 1][col - FIRST_COL], field, sizeof(field));
		col++;
		if (eor) {
			if (col != COLS)
				break;
			row++;
			col = 0;
		}
	}
	if (s < end || row != p->nentries + 1) {
		rc = disagree(zip_path, err);
		goto done;
	}
	for (i = 0; i < p->nentries; i++)
		section = section || (labels[i][0][0] >= 'A' && labels[i][0][0] <= 'Z');
	p->numbering = section ? SB_NUMBERING_SECTION : SB_NUMBERING_CONTINUOUS;
	for (i = 0; i < p->nentries && rc == SB_OK; i++) {
		if (strcmp(sb_plan_page_label(p, p->entries[i].first_page, want, sizeof(want)),
			   labels[i][0]) != 0 ||
		    strcmp(sb_plan_page_label(p, p->entries[i].last_page, want, sizeof(want)),
			   labels[i][1]) != 0)
			rc = disagree(zip_path, err);
	}
done:
	free(labels);
	return rc;
}

/* index.json's "excluded" (files of the case folder left out, and why). */
static int read_excluded(const char *json, size_t len, const char *zip_path, sb_plan *p,
			 sb_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *list = json_object_get(root, "excluded");
	size_t i, n = json_array_size(list);
	int rc = SB_OK;

	if (root == NULL || !json_is_array(list)) {
		rc = sb_error_set(
		    err, SB_EPARSE, zip_path, "give the zip that sendbundle build wrote",
		    "the index.json in '%s' has no list of the files left out", zip_path);
		goto done;
	}
	p->excluded = calloc(n + 1, sizeof(*p->excluded));
	if (p->excluded == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		const char *source =
		    json_string_value(json_object_get(json_array_get(list, i), "source"));
		const char *reason =
		    json_string_value(json_object_get(json_array_get(list, i), "reason"));
		sb_plan_excluded *x = &p->excluded[p->nexcluded];

		if (source == NULL)
			continue;
		x->source = sb_strdup_printf("%s", source);
		x->reason = sb_strdup_printf("%s", reason != NULL ? reason : "");
		p->nexcluded++;
		if (x->source == NULL || x->reason == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			goto done;
		}
	}
done:
	json_decref(root);
	return rc;
}

int sb_letter_bundle_load(const char *zip_path, sb_build_previous *out, sb_error *err)
{
	zip_t *za = NULL;
	char *csv = NULL, *json = NULL;
	size_t csv_len = 0, json_len = 0;
	int zerr = 0, rc;

	memset(out, 0, sizeof(*out));
	/* Opened here first, so that a wrong path is reported as this
	 * command's bundle (sb_build_previous_load speaks of --late-after's). */
	za = zip_open(zip_path, ZIP_RDONLY, &zerr);
	if (za == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		rc = sb_error_set(
		    err, zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN ? SB_EIO : SB_EPARSE, zip_path,
		    "give the zip that sendbundle build wrote (its -o)",
		    "cannot open the bundle '%s': %s", zip_path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	rc = sb_build_previous_load(zip_path, out, err);
	if (rc != SB_OK)
		goto done;
	rc = read_named(za, zip_path, "index.csv", &csv, &csv_len, err);
	if (rc == SB_OK)
		rc = read_named(za, zip_path, "index.json", &json, &json_len, err);
	if (rc == SB_OK)
		rc = read_labels(csv, csv_len, zip_path, &out->plan, err);
	if (rc == SB_OK)
		rc = read_excluded(json, json_len, zip_path, &out->plan, err);
done:
	if (za != NULL)
		zip_discard(za);
	free(csv);
	free(json);
	if (rc != SB_OK)
		sb_build_previous_release(out);
	return rc;
}
