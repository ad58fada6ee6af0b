/*
 * Fuzz target: reading back a bundle zip for `letter appeal-evidence
 * --bundle` (issue 8, "every parser we wrote"): sb_letter_bundle_load reads
 * the zip's index.json (documents, pages, "excluded") and index.csv (the
 * printed page labels, RFC 4180), and sb_letter_appeal_evidence turns them
 * into the letter. A user may give any zip, or a bundle they have edited.
 *
 * The input is "INDEX_JSON\0INDEX_CSV\0PDF" (missing parts absent from the
 * zip), made into a zip of bundle.pdf, index.json and index.csv, so that
 * the fuzzer works on the texts our code parses rather than on CRCs; an
 * input starting "PK\3\4" is written as the zip itself, for the archive's
 * own oddities (duplicate names, lying sizes). Whatever comes in: no crash
 * or leak; a failure leaves nothing loaded and names the zip; a success is
 * a plan of ordered, non-overlapping documents inside the bundle's pages,
 * every label printable, and a letter that writes as text and as DOCX XML.
 */
#include <sendbundle/build.h>
#include <sendbundle/letter.h>
#include <sendbundle/plan.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One zip path for the whole run, in a folder of our own. */
static const char *zip_path(void)
{
	static char dir[] = "/tmp/sb-fuzz-bundle-XXXXXX";
	static char path[sizeof(dir) + 16];

	if (path[0] == '\0') {
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(path, sizeof(path), "%s/bundle.zip", dir);
	}
	return path;
}

/* The part of data starting at *pos up to the next NUL (or the end). */
static const uint8_t *next_part(const uint8_t *data, size_t size, size_t *pos, size_t *len)
{
	const uint8_t *start, *nul;

	if (*pos > size)
		return NULL;
	start = data + *pos;
	nul = memchr(start, '\0', size - *pos);
	*len = nul != NULL ? (size_t)(nul - start) : size - *pos;
	*pos += *len + 1;
	return start;
}

static void add(zip_t *za, const char *name, const uint8_t *part, size_t len)
{
	zip_source_t *src;
	zip_int64_t i;

	if (part == NULL)
		return;
	src = zip_source_buffer(za, part, len, 0);
	if (src == NULL)
		abort();
	i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		abort();
	}
	/* Stored: the fuzzer's time is for our parsers, not for deflate. */
	if (zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0)
		abort();
}

static void write_zip(const char *path, const uint8_t *data, size_t size)
{
	zip_t *za;
	size_t pos = 0, len = 0;
	const uint8_t *json, *csv, *pdf;
	int zerr = 0;

	if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) {
		FILE *f = fopen(path, "wb");

		if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
			abort();
		return;
	}
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (za == NULL)
		abort();
	json = next_part(data, size, &pos, &len);
	add(za, "index.json", json, len);
	csv = next_part(data, size, &pos, &len);
	add(za, "index.csv", csv, len);
	pdf = next_part(data, size, &pos, &len);
	add(za, "bundle.pdf", pdf, len);
	if (zip_close(za) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = zip_path();
	sb_build_previous b;
	sb_letter l;
	sb_date today = {2026, 11, 23};
	sb_error err;
	char *text = NULL, label[32];
	size_t i;

	if (size > 1 << 20)
		return 0;
	unlink(path);
	write_zip(path, data, size);
	sb_error_clear(&err);
	if (sb_letter_bundle_load(path, &b, &err) != SB_OK) {
		if (b.plan.entries != NULL || b.plan.excluded != NULL || b.pdf.data != NULL ||
		    b.path != NULL || err.message[0] == '\0' || strstr(err.message, path) == NULL)
			abort();
		return 0;
	}
	if (b.pdf.data == NULL || b.plan.nentries == 0 || b.plan.total_pages == 0)
		abort();
	for (i = 0; i < b.plan.nentries; i++) {
		const sb_plan_entry *e = &b.plan.entries[i];

		if (e->first_page < 1 || e->last_page < e->first_page ||
		    e->last_page > b.plan.total_pages ||
		    (i > 0 && e->first_page <= b.plan.entries[i - 1].last_page) ||
		    sb_plan_page_label(&b.plan, e->first_page, label, sizeof(label))[0] == '\0' ||
		    sb_plan_page_label(&b.plan, e->last_page, label, sizeof(label))[0] == '\0')
			abort();
	}
	for (i = 0; i < b.plan.nexcluded; i++)
		if (b.plan.excluded[i].source == NULL || b.plan.excluded[i].reason == NULL)
			abort();
	sb_letter_init(&l);
	if (sb_letter_appeal_evidence(NULL, &b, NULL, today, &l, &err) == SB_OK) {
		if (sb_letter_to_text(&l, &text, &err) != SB_OK || text == NULL)
			abort();
		free(text);
		text = NULL;
		if (sb_letter_docx_xml(&l, &text, &err) != SB_OK || text == NULL)
			abort();
		free(text);
	}
	sb_letter_release(&l);
	sb_build_previous_release(&b);
	return 0;
}
