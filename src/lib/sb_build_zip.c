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

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

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
	const sb_build_previous *prev = res->previous;
	size_t nprev = prev != NULL ? prev->noriginals : 0;
	size_t n = 0, i;
	int rc;

	ent = calloc(p->nentries + nprev + FIXED_FILES + 1, sizeof(*ent));
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
	/* Late evidence: the earlier bundle's originals exactly as they were. */
	for (i = 0; i < nprev; i++) {
		ent[n].name = prev->originals[i].name;
		ent[n].data = prev->originals[i].data;
		ent[n].len = prev->originals[i].len;
		ent[n].store = already_compressed(prev->originals[i].name);
		n++;
	}
	for (i = 0; i < p->nentries; i++) {
		const sb_plan_entry *e = &p->entries[i];

		if (prev != NULL && !e->late)
			continue;
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

/* ---- reading an earlier bundle back (--late-after) ---- */

void sb_build_previous_release(sb_build_previous *p)
{
	size_t i;

	if (p == NULL)
		return;
	free(p->path);
	free(p->pdf.name);
	free(p->pdf.data);
	sb_plan_release(&p->plan);
	for (i = 0; i < p->noriginals; i++) {
		free(p->originals[i].name);
		free(p->originals[i].data);
	}
	free(p->originals);
	memset(p, 0, sizeof(*p));
}

static int read_entry(zip_t *za, zip_uint64_t i, const char *path, sb_build_file *f,
		      sb_error *err)
{
	zip_stat_t st;
	zip_file_t *zf = NULL;
	zip_int64_t got;
	int rc = SB_OK;

	zip_stat_init(&st);
	if (zip_stat_index(za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_NAME))
		return sb_error_set(err, SB_EPARSE, path, NULL, "cannot read entry %llu of '%s'",
				    (unsigned long long)i, path);
	if (st.size > SB_BUILD_PREVIOUS_ENTRY_MAX)
		return sb_error_set(err, SB_ERANGE, path, "use the zip that sendbundle build wrote",
				    "'%s' in '%s' is too big (%llu bytes)", st.name, path,
				    (unsigned long long)st.size);
	f->name = sb_strdup_printf("%s", st.name);
	f->data = malloc(st.size > 0 ? (size_t)st.size : 1);
	f->len = (size_t)st.size;
	if (f->name == NULL || f->data == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto cleanup;
	}
	zf = zip_fopen_index(za, i, 0);
	got = zf != NULL ? zip_fread(zf, f->data, st.size) : -1;
	/* The size is the central directory's claim: read exactly that, and
	 * the CRC is checked at the end of the entry. */
	if (got < 0 || (zip_uint64_t)got != st.size)
		rc = sb_error_set(err, SB_EPARSE, path, "use the zip that sendbundle build wrote",
				  "'%s' in '%s' cannot be read: %s", st.name, path,
				  zf != NULL ? zip_file_strerror(zf) : zip_strerror(za));
cleanup:
	if (zf != NULL)
		zip_fclose(zf);
	return rc;
}

static const char *jtext(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* One document of index.json as a plan entry (doc NULL: it is not read
 * again, its pages are copied). */
static int index_entry(json_t *d, size_t total, sb_plan_entry *e, const char *path,
		       sb_error *err)
{
	const char *section = jtext(d, "section"), *title = jtext(d, "title");
	const char *source = jtext(d, "source"), *sha = jtext(d, "sha256");
	const char *author = jtext(d, "author"), *role = jtext(d, "author_role");
	const char *date = jtext(d, "date");
	json_int_t tab = json_integer_value(json_object_get(d, "tab"));
	json_int_t first = json_integer_value(json_object_get(d, "first_page"));
	json_int_t last = json_integer_value(json_object_get(d, "last_page"));
	sb_error derr;
	int r;

	if (section == NULL || !sb_section_parse(section, &e->section) || title == NULL ||
	    source == NULL || sha == NULL || strlen(sha) != 64 || tab < 1 || first < 1 ||
	    last < first || (size_t)last > total)
		return sb_error_set(err, SB_EPARSE, path, "use the zip that sendbundle build wrote",
				    "the index.json in '%s' lists a document sendbundle cannot "
				    "place",
				    path);
	e->tab = (unsigned)tab;
	e->first_page = (size_t)first;
	e->last_page = (size_t)last;
	e->npages = (size_t)(last - first + 1);
	memcpy(e->sha256, sha, 65);
	e->title = sb_strdup_printf("%s", title);
	e->source = sb_strdup_printf("%s", source);
	e->author = author != NULL ? sb_strdup_printf("%s", author) : NULL;
	if (e->title == NULL || e->source == NULL || (author != NULL && e->author == NULL))
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	e->author_role = SB_ROLE_NONE;
	for (r = 1; role != NULL && r < SB_ROLE_COUNT; r++)
		if (strcmp(role, sb_role_name((sb_role)r)) == 0)
			e->author_role = (sb_role)r;
	e->has_date = date != NULL && sb_date_parse(date, &e->date, &derr) == SB_OK;
	return SB_OK;
}

static int parse_index(const sb_build_file *f, const char *path, sb_plan *p, sb_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *docs = json_object_get(root, "documents");
	json_int_t total = json_integer_value(json_object_get(root, "total_pages"));
	size_t i, n = json_array_size(docs);
	int rc = SB_OK;

	if (root == NULL || !json_is_array(docs) || n == 0 || total < 1) {
		rc = sb_error_set(err, SB_EPARSE, path, "use the zip that sendbundle build wrote",
				  "the index.json in '%s' is not a bundle index", path);
		goto cleanup;
	}
	p->entries = calloc(n, sizeof(*p->entries));
	if (p->entries == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto cleanup;
	}
	p->total_pages = (size_t)total;
	for (i = 0; i < n && rc == SB_OK; i++) {
		rc = index_entry(json_array_get(docs, i), p->total_pages, &p->entries[i], path,
				 err);
		p->nentries = i + 1;
		if (rc == SB_OK && i > 0 && p->entries[i].first_page <= p->entries[i - 1].last_page)
			rc = sb_error_set(err, SB_EPARSE, path,
					  "use the zip that sendbundle build wrote",
					  "the index.json in '%s' has documents that overlap", path);
	}
cleanup:
	json_decref(root);
	return rc;
}

int sb_build_previous_load(const char *zip_path, sb_build_previous *out, sb_error *err)
{
	zip_t *za = NULL;
	zip_int64_t n, i;
	sb_build_file index = {NULL, NULL, 0};
	int zerr = 0, rc = SB_OK;

	memset(out, 0, sizeof(*out));
	sb_plan_init(&out->plan);
	out->path = sb_strdup_printf("%s", zip_path);
	if (out->path == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	za = zip_open(zip_path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (za == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		rc = sb_error_set(err, zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN ? SB_EIO
										    : SB_EPARSE,
				  zip_path, "give the zip that sendbundle build wrote",
				  "cannot open the earlier bundle '%s': %s", zip_path,
				  zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto cleanup;
	}
	n = zip_get_num_entries(za, 0);
	out->originals = calloc((size_t)(n > 0 ? n : 1), sizeof(*out->originals));
	if (out->originals == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < n && rc == SB_OK; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		size_t len = name != NULL ? strlen(name) : 0;

		if (name == NULL)
			continue;
		if (strncmp(name, "originals/", 10) == 0 && name[len - 1] != '/') {
			rc = read_entry(za, (zip_uint64_t)i, zip_path,
					&out->originals[out->noriginals], err);
			out->noriginals++;
		} else if (strcmp(name, "index.json") == 0 && index.data == NULL) {
			rc = read_entry(za, (zip_uint64_t)i, zip_path, &index, err);
		} else if (strchr(name, '/') == NULL && len > 4 &&
			   strcasecmp(name + len - 4, ".pdf") == 0) {
			if (out->pdf.data != NULL)
				rc = sb_error_set(err, SB_EPARSE, zip_path,
						  "give the zip that sendbundle build wrote",
						  "'%s' has more than one PDF at its root", zip_path);
			else
				rc = read_entry(za, (zip_uint64_t)i, zip_path, &out->pdf, err);
		}
	}
	if (rc == SB_OK && (out->pdf.data == NULL || index.data == NULL))
		rc = sb_error_set(err, SB_EPARSE, zip_path, "give the zip that sendbundle build wrote",
				  "'%s' is not a bundle from sendbundle build: it has no %s",
				  zip_path, out->pdf.data == NULL ? "PDF at its root" : "index.json");
	if (rc == SB_OK)
		rc = parse_index(&index, zip_path, &out->plan, err);
cleanup:
	if (za != NULL)
		zip_discard(za);
	free(index.name);
	free(index.data);
	if (rc != SB_OK)
		sb_build_previous_release(out);
	return rc;
}
