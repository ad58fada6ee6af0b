/*
 * sb_build_write_zip: the bundle zip (issue 4, "The zip"; declared in
 * include/sendbundle/build.h).
 *
 * Layout: exactly one PDF at the root, named from the appeal number and
 * hearing date only (bundle-spec "Cover page": the child's full name is
 * never in a file name), index.{json,csv,html}, chronology.{json,csv,html},
 * originals/<section>/<tab> <title>.<ext> with the untouched bytes that
 * were hashed and grafted, and non-compliance.txt when the bundle goes over
 * a PD 2025 page limit with the user's reason. sb_zip_write checks every
 * name, fixes every time and writes through a temporary file.
 */
#include <sendbundle/build.h>
#include <sendbundle/bundle_out.h>
#include <sendbundle/deadline.h>
#include <sendbundle/zip_out.h>

#include "sb_buf.h"
#include "sb_util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { FIXED_FILES = 7 }; /* the PDF and the six index and chronology files */

/* Formats that are already compressed gain nothing from deflate. */
static bool already_compressed(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && (strcasecmp(dot, ".pdf") == 0 || strcasecmp(dot, ".docx") == 0 ||
			       strcasecmp(dot, ".zip") == 0 || strcasecmp(dot, ".jpg") == 0 ||
			       strcasecmp(dot, ".jpeg") == 0 || strcasecmp(dot, ".png") == 0);
}

/*
 * The note PD 2025 asks for when a bundle goes over a limit: which parts
 * are over and by how much, and the reason (the Tribunal decides whether
 * to accept it; form SEND7 is the formal request).
 */
static int non_compliance_note(const sb_case_file *cf, const sb_build_result *res,
			       const char *reason, char **out, sb_error *err)
{
	sb_plan_over *over = NULL;
	size_t nover = 0, i;
	sb_buf b = SB_BUF_INIT;
	int rc;

	*out = NULL;
	rc = sb_plan_check_limits(&res->plan, cf->appeal_type, &over, &nover, err);
	if (rc != SB_OK)
		goto cleanup;
	sb_buf_printf(&b, "Note on compliance with the page limits\r\n");
	sb_buf_printf(&b, "=======================================\r\n\r\n");
	if (cf->appeal_number != NULL)
		sb_buf_printf(&b, "Appeal number: %s\r\n\r\n", cf->appeal_number);
	sb_buf_printf(&b, "This bundle (%zu pages) does not keep to the page limits of Practice "
			  "Direction No. 1 of 2025 (Schedule One); the appeal is about %s.\r\n\r\n",
		      res->plan.total_pages, sb_appeal_type_description(cf->appeal_type));
	sb_buf_printf(&b, "Over the limits:\r\n\r\n");
	for (i = 0; i < nover; i++)
		sb_buf_printf(&b, "- %s\r\n", over[i].message);
	sb_buf_printf(&b, "\r\nReason given:\r\n\r\n%s\r\n", reason);
	rc = sb_buf_finish(&b, out, err);
cleanup:
	for (i = 0; i < nover; i++)
		free(over[i].message);
	free(over);
	sb_buf_release(&b);
	return rc;
}

int sb_build_write_zip(const char *out, bool force, const sb_case_file *cf,
		       const sb_build_result *res, const char *over_limit_reason, long long mtime,
		       sb_error *err)
{
	const sb_plan *p = &res->plan;
	sb_zip_entry *ent = NULL;
	char *text[FIXED_FILES - 1] = {NULL};
	char **names = NULL, *pdf_name = NULL, *note = NULL;
	static const char *const fixed[FIXED_FILES - 1] = {
	    "index.json", "index.csv", "index.html", "chronology.json", "chronology.csv",
	    "chronology.html"};
	size_t n = 0, i;
	int rc;

	ent = calloc(p->nentries + FIXED_FILES + 1, sizeof(*ent));
	names = calloc(p->nentries + 1, sizeof(*names));
	if (ent == NULL || names == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto cleanup;
	}
	rc = sb_bundle_pdf_name(cf, &pdf_name, err);
	if (rc == SB_OK)
		rc = sb_bundle_index_to_json(p, &text[0], err);
	if (rc == SB_OK)
		rc = sb_bundle_index_to_csv(p, &text[1], err);
	if (rc == SB_OK)
		rc = sb_bundle_index_to_html(p, cf, pdf_name, &text[2], err);
	if (rc == SB_OK)
		rc = sb_bundle_chronology_to_json(p, &text[3], err);
	if (rc == SB_OK)
		rc = sb_bundle_chronology_to_csv(p, &text[4], err);
	if (rc == SB_OK)
		rc = sb_bundle_chronology_to_html(p, cf, pdf_name, &text[5], err);
	if (rc == SB_OK && over_limit_reason != NULL)
		rc = non_compliance_note(cf, res, over_limit_reason, &note, err);
	if (rc != SB_OK)
		goto cleanup;

	ent[n].name = pdf_name;
	ent[n].data = res->pdf;
	ent[n].len = res->pdf_len;
	ent[n].store = true;
	n++;
	for (i = 0; i < FIXED_FILES - 1; i++) {
		ent[n].name = fixed[i];
		ent[n].data = text[i];
		ent[n].len = strlen(text[i]);
		n++;
	}
	if (note != NULL) {
		ent[n].name = "non-compliance.txt";
		ent[n].data = note;
		ent[n].len = strlen(note);
		n++;
	}
	for (i = 0; i < p->nentries; i++) {
		const sb_plan_entry *e = &p->entries[i];

		if (e->doc == NULL || e->doc->original == NULL) {
			rc = sb_error_set(err, SB_EINVAL, e->source, "this is a bug in sendbundle",
					  "the original of '%s' was not kept for the zip", e->source);
			goto cleanup;
		}
		rc = sb_bundle_original_name(e, cf->child, &names[i], err);
		if (rc != SB_OK)
			goto cleanup;
		ent[n].name = names[i];
		ent[n].data = e->doc->original;
		ent[n].len = e->doc->original_len;
		ent[n].store = already_compressed(names[i]);
		n++;
	}
	rc = sb_zip_write(out, ent, n, (time_t)mtime, force, err);
cleanup:
	if (names != NULL)
		for (i = 0; i < p->nentries; i++)
			free(names[i]);
	for (i = 0; i < FIXED_FILES - 1; i++)
		free(text[i]);
	free(names);
	free(note);
	free(pdf_name);
	free(ent);
	return rc;
}
