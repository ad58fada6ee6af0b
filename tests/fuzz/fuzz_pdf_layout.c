/*
 * Fuzz target: the pages the bundle draws itself (sb_pdf_layout). The bytes
 * are decoded as the text readers decode them (sb_text_to_utf8), then laid
 * out as a text document, as a table (tab-separated cells, the first byte
 * choosing the number of columns) and as a cover. Whatever the text, the
 * layout must finish (the page cap, never a hang), fail only with a reason,
 * and draw exactly what it measured: the same page count and, for tables,
 * the same row places, every one inside the page.
 */
#include "sb_pdf_out.h"

#include <sendbundle/reader.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Drawing costs more than measuring: only small inputs are drawn too. */
#define FUZZ_DRAW_MAX 8192
#define FUZZ_MAX_ROWS 200
#define FUZZ_MAX_COVER 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One context for the whole run (its fonts and fallback fonts load once);
 * a new document for each input. */
static sb_pdf_out *fuzz_out(void)
{
	static sb_pdf_out o;

	if (o.ctx == NULL) {
		o.ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
		if (o.ctx == NULL)
			abort();
	}
	/* Outside fz_try a MuPDF failure ends the process: a finding. */
	o.doc = pdf_create_document(o.ctx);
	return &o;
}

static void fuzz_out_done(sb_pdf_out *o)
{
	pdf_drop_document(o->ctx, o->doc);
	o->doc = NULL;
}

static int pages_in(sb_pdf_out *o)
{
	return pdf_count_pages(o->ctx, o->doc);
}

/* An error must say why: the page cap, or a table or cover too large. */
static void check_refusal(int rc, const sb_error *err)
{
	if (rc == SB_OK)
		return;
	if ((rc != SB_ERANGE && rc != SB_EINVAL) || err->reason[0] == '\0')
		abort();
}

static void fuzz_text(sb_pdf_out *o, const char *header, const char *text, size_t n)
{
	size_t measured = 0, drawn = 0;
	int before = pages_in(o), rc;
	sb_error err;

	sb_error_clear(&err);
	rc = sb_pdf_layout_text(o, header, text, n, true, &measured, &err);
	check_refusal(rc, &err);
	if (rc != SB_OK || n > FUZZ_DRAW_MAX)
		return;
	if (measured < 1 || pages_in(o) != before)
		abort();
	if (sb_pdf_layout_text(o, header, text, n, false, &drawn, &err) != SB_OK ||
	    drawn != measured || pages_in(o) != before + (int)drawn)
		abort();
}

static void check_places(const sb_pdf_row_place *p, size_t nrows, size_t first, size_t npages)
{
	size_t i;

	for (i = 0; i < nrows; i++)
		if (p[i].page < first || p[i].page >= first + npages || p[i].rect.x0 != 50.0f ||
		    p[i].rect.x1 != 545.0f || p[i].rect.y0 < 50.0f || p[i].rect.y1 > 770.0f ||
		    p[i].rect.y1 <= p[i].rect.y0 ||
		    (i > 0 && (p[i].page < p[i - 1].page ||
			       (p[i].page == p[i - 1].page && p[i].rect.y0 < p[i - 1].rect.y1))))
			abort();
}

static void fuzz_table(sb_pdf_out *o, unsigned char shape, const char *const *tokens,
		       size_t ntokens, bool draw)
{
	static const float widths[6] = {1.2f, 0.6f, 4.0f, 2.6f, 1.4f, 1.0f};
	sb_pdf_row_place measured[FUZZ_MAX_ROWS], drawn[FUZZ_MAX_ROWS];
	bool bold[FUZZ_MAX_ROWS];
	size_t ncols = 1 + shape % 6, n1 = 0, n2 = 0, i;
	int before = pages_in(o), rc;
	sb_pdf_table t;
	sb_error err;

	if (ntokens < 2 * ncols)
		return;
	memset(&t, 0, sizeof(t));
	t.title = shape & 0x40 ? tokens[0] : NULL;
	t.intro = tokens;
	t.nintro = shape & 0x80 ? 2 : 0;
	t.heads = tokens;
	t.widths = widths;
	t.ncols = ncols;
	t.cells = tokens + ncols;
	t.nrows = (ntokens - ncols) / ncols;
	if (t.nrows > FUZZ_MAX_ROWS)
		t.nrows = FUZZ_MAX_ROWS;
	for (i = 0; i < t.nrows; i++)
		bold[i] = (i + shape) % 5 == 0;
	t.bold_rows = bold;
	sb_error_clear(&err);
	rc = sb_pdf_layout_table(o, &t, true, measured, &n1, &err);
	check_refusal(rc, &err);
	if (rc != SB_OK)
		return;
	if (n1 < 1 || pages_in(o) != before)
		abort();
	check_places(measured, t.nrows, (size_t)before, n1);
	if (!draw)
		return;
	if (sb_pdf_layout_table(o, &t, false, drawn, &n2, &err) != SB_OK || n2 != n1 ||
	    pages_in(o) != before + (int)n2 ||
	    (t.nrows > 0 && memcmp(measured, drawn, t.nrows * sizeof(drawn[0])) != 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *tokens[FUZZ_MAX_ROWS * 6 + 6];
	sb_pdf_out *o;
	char *text = NULL, *cells = NULL;
	size_t n = 0, ntokens = 0, i;
	unsigned char shape;
	int rc;

	if (size == 0)
		return 0;
	shape = data[0];
	if (sb_text_to_utf8(data + 1, size - 1, NULL, &text, &n, NULL) != SB_OK)
		abort(); /* only running out of memory may fail */
	o = fuzz_out();

	/* The header is the text's first line, at most 200 bytes of it. */
	cells = malloc(n + 1);
	if (cells == NULL)
		abort();
	memcpy(cells, text, n + 1);
	for (i = 0; i < n && i < 200 && cells[i] != '\n'; i++)
		;
	cells[i] = '\0';
	fuzz_text(o, cells, text, n);

	/* Tab-separated cells, row after row, the first ncols being the heads. */
	memcpy(cells, text, n + 1);
	tokens[ntokens++] = cells;
	for (i = 0; i < n && ntokens < sizeof(tokens) / sizeof(tokens[0]); i++)
		if (cells[i] == '\t') {
			cells[i] = '\0';
			tokens[ntokens++] = cells + i + 1;
		}
	fuzz_table(o, shape, tokens, ntokens, n <= FUZZ_DRAW_MAX);

	if (n <= FUZZ_DRAW_MAX) {
		sb_error err;
		int before = pages_in(o);

		sb_error_clear(&err);
		rc = sb_pdf_layout_cover(o, tokens,
					 ntokens < FUZZ_MAX_COVER ? ntokens : FUZZ_MAX_COVER, &err);
		check_refusal(rc, &err);
		if (pages_in(o) != before + (rc == SB_OK ? 1 : 0))
			abort();
	}
	fuzz_out_done(o);
	free(cells);
	free(text);
	return 0;
}
