/*
 * Fuzz target: the bundle builder's side of a source PDF (sb_pdf_out). The
 * bytes are a hostile source: its blank pages are found, then (if it opens)
 * its first pages are grafted into a new bundle with their annotations
 * flattened, numbered, saved and read back the way the builder verifies a
 * bundle. A failure returned as a status is fine, as long as it says why
 * and a failed source leaves nothing behind; but whatever the builder
 * accepted must come out as a PDF that opens clean, with every page it
 * added, each page's label and stamp reading back as its number (from the
 * whole page, and from the stamp's own stream as the build reads it), and no
 * stamped page blank.
 */
#include "sb_mupdf.h"
#include "sb_pdf_out.h"

#include <sendbundle/reader.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pages grafted from one input: enough for shared resources and page-tree
 * inheritance to matter, few enough that an input stays fast. */
#define FUZZ_MAX_PAGES 20
/* The bundle's memory cap (the builder's --max-memory): MuPDF fails with a
 * status when a source needs more, instead of the fuzzer running out. */
#define FUZZ_MAX_MEMORY ((size_t)256 << 20)
/* The page count is only read to size the blank-page and keep arrays. */
#define FUZZ_COUNT_MEMORY ((size_t)64 << 20)
#define FUZZ_LABEL_MAX 16
/* A page count MuPDF takes from the file's /Count, which may lie: past
 * this, blank pages are asked for with a count that cannot match. */
#define FUZZ_MAX_BLANK 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The source's page count as MuPDF reads it on opening (0 when it does not
 * open or needs a password): only to size the calls below, which make their
 * own checks. */
static int count_pages(fz_context *ctx, const uint8_t *data, size_t size)
{
	fz_stream *stm = NULL;
	pdf_document *doc = NULL;
	int n = 0;

	fz_var(stm);
	fz_var(doc);
	fz_var(n);
	fz_try(ctx)
	{
		stm = fz_open_memory(ctx, data, size);
		doc = pdf_open_document_with_stream(ctx, stm);
		if (!pdf_needs_password(ctx, doc))
			n = pdf_count_pages(ctx, doc);
	}
	fz_always(ctx)
	{
		pdf_drop_document(ctx, doc);
		fz_drop_stream(ctx, stm);
	}
	fz_catch(ctx)
		n = 0;
	return n < 0 ? 0 : n;
}

static void quiet(void *user, const char *message)
{
	(void)user;
	(void)message;
}

static int source_pages(const uint8_t *data, size_t size)
{
	sb_mem_budget mem;
	fz_alloc_context alloc;
	fz_context *ctx;
	int n;

	sb_mem_budget_init(&mem, FUZZ_COUNT_MEMORY, &alloc);
	ctx = fz_new_context(&alloc, NULL, FUZZ_COUNT_MEMORY / 4);
	if (ctx == NULL)
		abort();
	/* MuPDF would print every warning about the hostile file. */
	fz_set_warning_callback(ctx, quiet, NULL);
	fz_set_error_callback(ctx, quiet, NULL);
	n = count_pages(ctx, data, size);
	fz_drop_context(ctx);
	return n;
}

/* A refusal must say why. */
static void check_refusal(int rc, const sb_error *err)
{
	if (rc != SB_OK && (rc >= 0 || err->code != rc || err->message[0] == '\0'))
		abort();
}

/* The bundle as built from the input's first npages pages, read back. */
static void check_bundle(const unsigned char *pdf, size_t len, char (*labels)[FUZZ_LABEL_MAX],
			 size_t npages, sb_stamp_pos pos)
{
	const char *stamps[FUZZ_MAX_PAGES];
	bool blank[FUZZ_MAX_PAGES];
	sb_pdf_info info;
	sb_error err;
	size_t i;

	for (i = 0; i < npages; i++)
		stamps[i] = labels[i];
	/* As the build checks it: the file opens, every page has its label
	 * and, in its own stream, its stamp. */
	sb_error_clear(&err);
	if (sb_pdf_inspect(pdf, len, stamps, pos, SB_INSPECT_STAMP_STREAM, &info, &err) != SB_OK) {
		fprintf(stderr, "fuzz_pdf_graft: the bundle does not open: %s\n", err.message);
		abort(); /* our own output must open clean */
	}
	if (info.npages != npages)
		abort();
	for (i = 0; i < npages; i++)
		if (strcmp(info.labels[i], labels[i]) != 0 ||
		    strcmp(info.stamp_text[i], labels[i]) != 0)
			abort();
	sb_pdf_info_free(&info);
	/* As a reader draws it: whatever the source's content does, the whole
	 * page shows the same stamp (SB_INSPECT_STAMP_STREAM's promise). A
	 * source page MuPDF cannot draw at all (an image of height zero) is
	 * broken in every viewer, with or without the stamp: skipped. */
	sb_error_clear(&err);
	if (sb_pdf_inspect(pdf, len, stamps, pos, SB_INSPECT_WHOLE_PAGE, &info, &err) == SB_OK) {
		for (i = 0; i < npages; i++)
			if (strcmp(info.stamp_text[i], labels[i]) != 0) {
				fprintf(stderr, "fuzz_pdf_graft: page %zu shows '%s', not '%s'\n",
					i + 1, info.stamp_text[i], labels[i]);
				abort();
			}
		sb_pdf_info_free(&info);
	}
	/* A stamped page draws at least its stamp. */
	sb_error_clear(&err);
	if (sb_pdf_blank_pages("bundle.pdf", pdf, len, blank, npages, &err) != SB_OK)
		abort();
	for (i = 0; i < npages; i++)
		if (blank[i])
			abort();
}

/* Whether sendbundle's PDF reader reads the input whole, as scan must
 * before build grafts a file. */
static bool reader_accepts(const uint8_t *data, size_t size)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;
	bool ok;

	sb_read_limits_init(&lim);
	lim.keep_original = true; /* as build reads it */
	sb_doc_list_init(&list);
	ok = sb_read_buffer("fuzz.pdf", data, size, &lim, &list, &err) == SB_OK &&
	     list.nerrors == 0 && list.ndocs == 1 && list.docs[0]->format == SB_FORMAT_PDF;
	sb_doc_list_free(&list);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const sb_page_label_range numbers = {0, "", 1};
	char labels[FUZZ_MAX_PAGES][FUZZ_LABEL_MAX];
	size_t keep[FUZZ_MAX_PAGES], npages, nblank, i, len = 0;
	/* The size picks the stamp's corner, so mutations try them all. */
	sb_stamp_pos pos = (sb_stamp_pos)(size % 6);
	unsigned char *pdf = NULL;
	sb_pdf_out *o = NULL;
	bool *blank;
	sb_error err;
	int n, rc;

	n = source_pages(data, size);
	nblank = n < FUZZ_MAX_BLANK ? (size_t)n : FUZZ_MAX_BLANK;
	blank = calloc(nblank + 1, sizeof(*blank));
	if (blank == NULL)
		abort();
	sb_error_clear(&err);
	check_refusal(sb_pdf_blank_pages("fuzz.pdf", data, size, blank, nblank, &err), &err);
	free(blank);

	sb_error_clear(&err);
	if (sb_pdf_out_new(FUZZ_MAX_MEMORY, &o, &err) != SB_OK)
		abort();
	/* The first pages; page 1 of a source that did not open, to see it
	 * refused (or, opened with more memory than counting had, added). */
	npages = n < 1 ? 1 : n < FUZZ_MAX_PAGES ? (size_t)n : FUZZ_MAX_PAGES;
	for (i = 0; i < npages; i++)
		keep[i] = i;
	rc = sb_pdf_out_add_pdf(o, "fuzz.pdf", data, size, keep, npages, &err);
	check_refusal(rc, &err);
	if (rc != SB_OK) {
		/* A source that fails half-way leaves nothing. */
		if (sb_pdf_out_page_count(o) != 0)
			abort();
		goto done;
	}
	if (sb_pdf_out_page_count(o) != npages)
		abort();
	for (i = 0; i < npages; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%zu", i + 1);
		rc = sb_pdf_out_stamp(o, i, labels[i], pos, &err);
		check_refusal(rc, &err);
		if (rc != SB_OK)
			goto done;
	}
	rc = sb_pdf_out_set_page_labels(o, &numbers, 1, &err);
	check_refusal(rc, &err);
	if (rc != SB_OK)
		goto done;
	rc = sb_pdf_out_save(o, "fuzz", &pdf, &len, &err);
	check_refusal(rc, &err);
	if (rc != SB_OK)
		goto done;
	/* The build grafts only what scan read whole (a page the reader cannot
	 * interpret is refused there): the bundle's invariants hold for those. */
	if (reader_accepts(data, size))
		check_bundle(pdf, len, labels, npages, pos);
done:
	free(pdf);
	sb_pdf_out_free(o);
	return 0;
}
