/*
 * sb_build: plan, render and verify the hearing bundle PDF (issue 4;
 * include/sendbundle/build.h).
 *
 * Why in this order: the planner counts every page with the same layout
 * code that later draws it (measure_only runs of sb_pdf_layout), so the
 * index can print final page numbers before anything is drawn; the render
 * then checks after each part that it produced exactly the planned pages,
 * and the finished file is re-opened and every stamp, page label, index
 * link and bookmark compared with the plan (bundle-spec "Where other tools
 * go wrong"). Any difference is a bug, and the build fails rather than hand
 * a Tribunal a bundle whose index is wrong.
 */
#include <sendbundle/build.h>

#include "sb_bundle_out_internal.h"
#include "sb_pdf_out.h"
#include "sb_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_build_options_init(sb_build_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	sb_plan_options_init(&opt->plan);
	opt->stamp_position = SB_STAMP_BOTTOM_CENTRE;
}

bool sb_build_stamp_position_parse(const char *name, int *out)
{
	sb_stamp_pos pos;

	if (!sb_stamp_pos_parse(name, &pos))
		return false;
	*out = (int)pos;
	return true;
}

void sb_build_result_init(sb_build_result *r)
{
	memset(r, 0, sizeof(*r));
	sb_plan_init(&r->plan);
}

void sb_build_result_release(sb_build_result *r)
{
	if (r == NULL)
		return;
	sb_plan_release(&r->plan);
	free(r->pdf);
	memset(r, 0, sizeof(*r));
}

/* ---- the text of documents that are not PDFs ---- */

/* The pages of doc joined by form feeds (each page starts a new page). */
static char *doc_text(const sb_doc *d, size_t *len)
{
	size_t total = 1, i, o = 0;
	char *s;

	for (i = 0; i < d->npages; i++)
		total += d->pages[i].len + 1;
	s = malloc(total);
	if (s == NULL)
		return NULL;
	for (i = 0; i < d->npages; i++) {
		if (i > 0)
			s[o++] = '\f';
		memcpy(s + o, d->pages[i].text, d->pages[i].len);
		o += d->pages[i].len;
	}
	s[o] = '\0';
	*len = o;
	return s;
}

static const char *format_words(sb_format f)
{
	switch (f) {
	case SB_FORMAT_DOCX:
		return "Word document";
	case SB_FORMAT_EMAIL:
		return "e-mail";
	case SB_FORMAT_TEXT:
		return "text file";
	default:
		return sb_format_name(f);
	}
}

/* The small header over each laid-out page: what the original was. */
static char *doc_header(const sb_doc *d)
{
	return sb_strdup_printf("Original: %s (%s)", d->path, format_words(d->format));
}

/* ---- measuring, for the planner ---- */

typedef struct build {
	const sb_build_options *opt;
	const sb_case_file *cf;
	sb_pdf_out *o;
} build;

static int doc_pages(void *arg, const sb_doc *doc, bool keep_blank, size_t **pages,
		     size_t *npages, sb_error *err)
{
	build *b = arg;
	bool *blank = NULL;
	size_t i, n = 0;
	int rc = SB_OK;
	char *text = NULL, *header = NULL;
	size_t len = 0;

	*pages = NULL;
	*npages = 0;
	if (doc->format == SB_FORMAT_PDF) {
		if (doc->original == NULL)
			return sb_error_set(err, SB_EINVAL, doc->path, "this is a bug in sendbundle",
					    "'%s' was read without its bytes", doc->path);
		blank = calloc(doc->npages + 1, sizeof(*blank));
		*pages = calloc(doc->npages + 1, sizeof(**pages));
		if (blank == NULL || *pages == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			goto done;
		}
		if (!keep_blank && doc->blank_known) {
			for (i = 0; i < doc->npages; i++)
				blank[i] = doc->pages[i].blank;
		} else if (!keep_blank) {
			rc = sb_pdf_blank_pages(doc->path, doc->original, doc->original_len, blank,
						doc->npages, err);
			if (rc != SB_OK)
				goto done;
		}
		for (i = 0; i < doc->npages; i++)
			if (!blank[i])
				(*pages)[n++] = i;
		*npages = n;
		goto done;
	}
	if (doc->format == SB_FORMAT_IMAGE) {
		/* One page per picture, none dropped: a picture is never blank
		 * the way a PDF page is (a page that draws nothing). */
		*pages = calloc(doc->npages + 1, sizeof(**pages));
		if (*pages == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			goto done;
		}
		for (i = 0; i < doc->npages; i++)
			(*pages)[i] = i;
		*npages = doc->npages;
		goto done;
	}
	text = doc_text(doc, &len);
	header = doc_header(doc);
	if (text == NULL || header == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	rc = sb_pdf_layout_text(b->o, header, text, len, true, &n, err);
	if (rc != SB_OK)
		goto done;
	*pages = calloc(n + 1, sizeof(**pages));
	if (*pages == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		(*pages)[i] = i;
	*npages = n;
done:
	if (rc != SB_OK) {
		free(*pages);
		*pages = NULL;
		*npages = 0;
	}
	free(blank);
	free(text);
	free(header);
	return rc;
}

/* ---- the index and chronology tables ---- */

typedef struct table_buf {
	char **cells;	  /* nrows * ncols, owned */
	bool *bold;
	size_t *entry;	  /* per row: the plan entry it links to, or SIZE_MAX */
	size_t nrows, cap, ncols;
} table_buf;

static void table_free(table_buf *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->bold);
	free(t->entry);
	memset(t, 0, sizeof(*t));
}

/* Append a row of ncols cells (each malloc'd, taken; NULL means out of
 * memory and fails the call after freeing the others). */
static int table_row(table_buf *t, bool bold, size_t entry, char **cells, sb_error *err)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (cells[i] == NULL)
			goto oom;
	if (t->nrows == t->cap) {
		size_t ncap = t->cap == 0 ? 32 : t->cap * 2;
		char **c = realloc(t->cells, ncap * t->ncols * sizeof(*c));
		bool *b;
		size_t *e;

		if (c == NULL)
			goto oom;
		t->cells = c;
		b = realloc(t->bold, ncap * sizeof(*b));
		if (b == NULL)
			goto oom;
		t->bold = b;
		e = realloc(t->entry, ncap * sizeof(*e));
		if (e == NULL)
			goto oom;
		t->entry = e;
		t->cap = ncap;
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = cells[i];
	t->bold[t->nrows] = bold;
	t->entry[t->nrows] = entry;
	t->nrows++;
	return SB_OK;
oom:
	for (i = 0; i < t->ncols; i++)
		free(cells[i]);
	return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
}

static char *dup(const char *s)
{
	return sb_strdup_printf("%s", s != NULL ? s : "");
}

static char *page_range(const sb_plan *p, size_t first, size_t last)
{
	char a[32], b[32];

	(void)sb_plan_page_label(p, first, a, sizeof(a));
	(void)sb_plan_page_label(p, last, b, sizeof(b));
	if (first == last)
		return sb_strdup_printf("%s", a);
	return sb_strdup_printf("%s\u2013%s", a, b);
}

/* The first and last bundle page of section s, false if it is empty. */
static bool section_pages(const sb_plan *p, sb_section s, size_t *first, size_t *last)
{
	size_t i;
	bool any = false;

	for (i = 0; i < p->nentries; i++) {
		if (p->entries[i].section != s)
			continue;
		if (!any)
			*first = p->entries[i].first_page;
		*last = p->entries[i].last_page;
		any = true;
	}
	return any;
}

static const float index_widths[] = {9, 5, 38, 25, 13, 10};
static const char *const index_heads[] = {"Section", "Tab", "Title", "Author (profession)",
					  "Date", "Pages"};

/* The index rows: a heading row per section, then its documents; with
 * late_only, only the late evidence (its own index, after the pages sent). */
static int index_rows(const sb_plan *p, bool late_only, table_buf *t, sb_error *err)
{
	size_t s, i;
	int rc;

	t->ncols = 6;
	for (s = 0; s < SB_SECTION_COUNT; s++) {
		size_t first = 0, last = 0;
		char *row[6];

		if (!section_pages(p, (sb_section)s, &first, &last) ||
		    (late_only && s != SB_SECTION_LATE))
			continue;
		row[0] = dup(sb_section_letter((sb_section)s));
		row[1] = dup("");
		row[2] = dup(sb_section_title((sb_section)s));
		row[3] = dup("");
		row[4] = dup("");
		row[5] = page_range(p, first, last);
		rc = table_row(t, true, SIZE_MAX, row, err);
		if (rc != SB_OK)
			return rc;
		for (i = 0; i < p->nentries; i++) {
			const sb_plan_entry *e = &p->entries[i];
			char date[32];

			if (e->section != (sb_section)s || (late_only && !e->late))
				continue;
			if (e->has_date)
				(void)sb_plan_short_date(e->date, date, sizeof(date));
			else
				snprintf(date, sizeof(date), "Undated");
			row[0] = dup(sb_section_letter(e->section));
			row[1] = sb_strdup_printf("%s%u", sb_section_letter(e->section), e->tab);
			row[2] = dup(e->title);
			row[3] = sb_plan_author_label(e);
			row[4] = dup(date);
			row[5] = page_range(p, e->first_page, e->last_page);
			rc = table_row(t, false, i, row, err);
			if (rc != SB_OK)
				return rc;
		}
	}
	return SB_OK;
}

static const float chron_widths[] = {14, 42, 11, 25, 8};
static const char *const chron_heads[] = {"Date", "Event", "Document", "Author (profession)",
					  "Page"};

/* The same order and key events as chronology.csv/json/html
 * (sb_bundle_chron_order, sb_bundle_key_note), so every format agrees. */
static int chron_rows(const sb_plan *p, table_buf *t, sb_error *err)
{
	size_t *order = NULL, n = 0, i;
	int rc;

	t->ncols = 5;
	rc = sb_bundle_chron_order(p, &order, &n, err);
	for (i = 0; rc == SB_OK && i < n; i++) {
		const sb_plan_entry *e = &p->entries[order[i]];
		bool key = sb_bundle_key_note(e) != NULL;
		char date[32], first[32], ref[32];
		char *row[5];

		(void)sb_plan_short_date(e->date, date, sizeof(date));
		(void)sb_plan_page_label(p, e->first_page, first, sizeof(first));
		row[0] = dup(date);
		row[1] = key ? sb_strdup_printf("%s (key date)", e->title) : dup(e->title);
		row[2] = sb_strdup_printf("Tab %s", sb_bundle_doc_ref(e, ref, sizeof(ref)));
		row[3] = sb_plan_author_label(e);
		row[4] = dup(first);
		rc = table_row(t, key, order[i], row, err);
	}
	free(order);
	return rc;
}

static const char *const chron_intro[] = {
    "Documents in date order, earliest first. Key dates (bold) are the local authority's "
    "decision and the mediation certificate: they start the time limit for appealing."};

static void as_table(const table_buf *t, const char *title, const char *const *heads,
		     const float *widths, const char *const *intro, size_t nintro,
		     sb_pdf_table *out)
{
	memset(out, 0, sizeof(*out));
	out->title = title;
	out->intro = intro;
	out->nintro = nintro;
	out->heads = heads;
	out->widths = widths;
	out->ncols = t->ncols;
	out->cells = (const char *const *)t->cells;
	out->nrows = t->nrows;
	out->bold_rows = t->bold;
}

static int front_pages(void *arg, const sb_plan *p, size_t *index_pages, size_t *chron_pages,
		       sb_error *err)
{
	build *b = arg;
	table_buf it = {0}, ct = {0};
	sb_pdf_table t;
	int rc;

	rc = index_rows(p, false, &it, err);
	if (rc == SB_OK) {
		as_table(&it, "Index", index_heads, index_widths, NULL, 0, &t);
		rc = sb_pdf_layout_table(b->o, &t, true, NULL, index_pages, err);
	}
	if (rc == SB_OK)
		rc = chron_rows(p, &ct, err);
	if (rc == SB_OK) {
		as_table(&ct, "Chronology", chron_heads, chron_widths, chron_intro, 1, &t);
		rc = sb_pdf_layout_table(b->o, &t, true, NULL, chron_pages, err);
	}
	table_free(&it);
	table_free(&ct);
	return rc;
}

/* ---- rendering ---- */

/* The render made exactly the pages the plan gave it, or it is a bug. */
static int expect_pages(const build *b, size_t want, const char *what, sb_error *err)
{
	size_t have = sb_pdf_out_page_count(b->o);

	if (have != want)
		return sb_error_set(err, SB_ERANGE, NULL, "this is a bug in sendbundle; please report it",
				    "after %s the bundle has %zu pages where the plan has %zu", what,
				    have, want);
	return SB_OK;
}

static int render_cover(build *b, const sb_plan *p, sb_error *err)
{
	const sb_case_file *cf = b->cf;
	char *lines[8] = {NULL};
	char date[SB_DATE_LONG_LEN], built[SB_DATE_LONG_LEN];
	size_t n = 0, i;
	int rc = SB_OK;
	sb_date today = sb_date_from_days((long)(b->opt->built_on / 86400));

	lines[n++] = dup("Hearing bundle");
	lines[n++] = dup("First-tier Tribunal (Special Educational Needs and Disability)");
	lines[n++] = sb_strdup_printf("Appeal number: %s", cf->appeal_number != NULL
								  ? cf->appeal_number
								  : "not yet given");
	if (cf->child != NULL)
		lines[n++] = sb_strdup_printf("Child: %s", cf->child);
	lines[n++] = sb_strdup_printf(
	    "Hearing date: %s",
	    cf->has_hearing_date ? sb_date_format_long(cf->hearing_date, date, sizeof(date))
				 : "not yet listed");
	lines[n++] = sb_strdup_printf("Bundle version %d, %zu pages",
				      cf->bundle_version > 0 ? cf->bundle_version : 1,
				      p->total_pages);
	lines[n++] = sb_strdup_printf("Built on %s",
				      sb_date_format_long(today, built, sizeof(built)));
	for (i = 0; i < n; i++)
		if (lines[i] == NULL)
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	if (rc == SB_OK)
		rc = sb_pdf_layout_cover(b->o, (const char *const *)lines, n, err);
	for (i = 0; i < n; i++)
		free(lines[i]);
	return rc;
}

/* Draw a table; places (tb->nrows, may be NULL) receive each row's page and
 * rectangle, for the links added once their targets exist. */
static int render_table(build *b, const table_buf *tb, const char *title,
			const char *const *heads, const float *widths, const char *const *intro,
			size_t nintro, sb_pdf_row_place *places, sb_error *err)
{
	sb_pdf_table t;
	size_t npages = 0;

	as_table(tb, title, heads, widths, intro, nintro, &t);
	return sb_pdf_layout_table(b->o, &t, false, places, &npages, err);
}

/* Each index row links to its document's first page (bundle-spec "Format"
 * 3); drawn after the documents, since a link needs its target page. */
static int add_index_links(build *b, const sb_plan *p, const table_buf *tb,
			   const sb_pdf_row_place *places, sb_error *err)
{
	size_t i;
	int rc = SB_OK;

	for (i = 0; rc == SB_OK && i < tb->nrows; i++)
		if (tb->entry[i] != SIZE_MAX)
			rc = sb_pdf_out_add_link(b->o, places[i].page, places[i].rect,
						 p->entries[tb->entry[i]].first_page - 1, err);
	return rc;
}

/* The source page (0-based) that the entry's k-th page shows. */
static size_t entry_source_page(const sb_plan_entry *e, size_t k)
{
	return e->pages != NULL ? e->pages[k] : k;
}

/*
 * An OCR'd PDF page gets its words back as an invisible text layer, so the
 * bundle can be searched and copied from (issue 7). The words were read
 * from the page drawn as a reader shows it (sb_raster.c), so they are
 * already in the display space of the page grafted from it.
 */
static int pdf_text_layers(build *b, const sb_plan_entry *e, size_t first, sb_error *err)
{
	const sb_doc *d = e->doc;
	size_t k;
	int rc = SB_OK;

	for (k = 0; rc == SB_OK && k < e->npages; k++) {
		size_t src = entry_source_page(e, k);
		const sb_page *pg = src < d->npages ? &d->pages[src] : NULL;

		/* A page OCR had to turn to read is shown turned (bundle-spec
		 * "Format" 4: nothing upside down); its words lie on it so. */
		if (pg != NULL && pg->ocr && pg->ocr_turn != 0)
			rc = sb_pdf_out_turn_page(b->o, first + k, pg->ocr_turn, err);
		if (rc == SB_OK && pg != NULL && pg->ocr && pg->nwords > 0)
			rc = sb_pdf_out_add_text_layer(b->o, first + k, pg->words, pg->nwords,
						       fz_identity, err);
	}
	return rc;
}

/*
 * Each picture of an image document as an A4 page (sb_pdf_out_add_image),
 * with its OCR'd words laid over it: they were measured on the picture at
 * its size on paper (sb_page.width x .height), so they are scaled as the
 * picture was and moved to where it went.
 */
static int render_images(build *b, const sb_plan_entry *e, sb_error *err)
{
	const sb_doc *d = e->doc;
	size_t k;
	int rc = SB_OK;

	if (d->original == NULL)
		return sb_error_set(err, SB_EINVAL, d->path, "this is a bug in sendbundle",
				    "'%s' was read without its bytes", d->path);
	for (k = 0; rc == SB_OK && k < e->npages; k++) {
		size_t src = entry_source_page(e, k);
		const sb_page *pg;
		size_t at = sb_pdf_out_page_count(b->o);
		fz_rect placed;
		fz_matrix place;
		float turned_w, turned_h;
		int turn;

		if (src >= d->npages)
			return sb_error_set(err, SB_EINVAL, d->path, "this is a bug in sendbundle",
					    "'%s' has no picture %zu", d->path, src + 1);
		pg = &d->pages[src];
		/* Turned as OCR found the page stands (fed in upside down or
		 * sideways): its words were measured on it so turned. */
		turn = pg->ocr ? pg->ocr_turn : 0;
		rc = sb_pdf_out_add_image(b->o, d->path, d->original, d->original_len, src,
					  (float)pg->width, (float)pg->height, turn, &placed, err);
		if (rc != SB_OK || !pg->ocr || pg->nwords == 0 || !(pg->width > 0) ||
		    !(pg->height > 0))
			continue;
		turned_w = (float)(turn % 180 == 0 ? pg->width : pg->height);
		turned_h = (float)(turn % 180 == 0 ? pg->height : pg->width);
		place = fz_concat(fz_scale((placed.x1 - placed.x0) / turned_w,
					   (placed.y1 - placed.y0) / turned_h),
				  fz_translate(placed.x0, placed.y0));
		rc = sb_pdf_out_add_text_layer(b->o, at, pg->words, pg->nwords, place, err);
	}
	return rc;
}

static int render_entry(build *b, const sb_plan_entry *e, sb_error *err)
{
	const sb_doc *d = e->doc;
	char *text = NULL, *header = NULL;
	size_t len = 0, n = 0;
	int rc;

	if (d->format == SB_FORMAT_PDF) {
		size_t first = sb_pdf_out_page_count(b->o);

		rc = sb_pdf_out_add_pdf(b->o, d->path, d->original, d->original_len, e->pages,
					e->npages, err);
		if (rc == SB_OK)
			rc = pdf_text_layers(b, e, first, err);
		return rc;
	}
	if (d->format == SB_FORMAT_IMAGE)
		return render_images(b, e, err);
	text = doc_text(d, &len);
	header = doc_header(d);
	if (text == NULL || header == NULL)
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	else
		rc = sb_pdf_layout_text(b->o, header, text, len, false, &n, err);
	free(text);
	free(header);
	return rc;
}

/* Page labels equal to the stamps (issue 4: "/PageLabels match the
 * stamps"): one range wherever the printed label stops counting on from
 * the page before ("3" then "A1"; "D15" then "F1" or "21"). */
static int set_labels(build *b, const sb_plan *p, sb_error *err)
{
	sb_page_label_range *r = NULL;
	char (*prefix)[32] = NULL;
	size_t n = 0, i;
	long prev_num = 0;
	int rc;

	r = calloc(p->total_pages + 1, sizeof(*r));
	prefix = calloc(p->total_pages + 1, sizeof(*prefix));
	if (r == NULL || prefix == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < p->total_pages; i++) {
		char label[32];
		size_t len, k;
		long num;

		(void)sb_plan_page_label(p, i + 1, label, sizeof(label));
		len = strlen(label);
		for (k = len; k > 0 && label[k - 1] >= '0' && label[k - 1] <= '9'; k--)
			;
		num = strtol(label + k, NULL, 10);
		label[k] = '\0';
		if (n == 0 || strcmp(prefix[n - 1], label) != 0 || num != prev_num + 1) {
			snprintf(prefix[n], sizeof(prefix[n]), "%s", label);
			r[n].first = i;
			r[n].prefix = prefix[n];
			r[n].start = (int)num;
			n++;
		}
		prev_num = num;
	}
	rc = sb_pdf_out_set_page_labels(b->o, r, n, err);
cleanup:
	free(r);
	free(prefix);
	return rc;
}

/* Bookmarks: Index, Chronology, then each section with its page range and
 * its documents under it, in the index rows' words (bundle-spec "Index,
 * bookmarks, chronology"). items/titles are filled for verification too. */
static int make_outline(const sb_plan *p, const sb_pdf_info *old, sb_outline_item **items,
			char ***titles, size_t *n, sb_error *err)
{
	size_t cap = p->nentries + SB_SECTION_COUNT + 2 + (old != NULL ? old->noutline : 0);
	size_t k = 0, s, i;
	sb_outline_item *it = calloc(cap, sizeof(*it));
	char **tt = calloc(cap, sizeof(*tt));
	int rc = SB_OK;

	*items = it;
	*titles = tt;
	*n = 0;
	if (it == NULL || tt == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	if (old != NULL) {
		/* Late evidence: the bookmarks sent, as they were, then section F. */
		for (i = 0; i < old->noutline; i++, k++) {
			tt[k] = dup(old->outline[i].title);
			it[k].level = old->outline[i].level;
			it[k].page = old->outline[i].page;
		}
	} else {
		tt[k] = dup("Index");
		it[k].level = 1;
		it[k].page = p->index_first - 1;
		k++;
		tt[k] = dup("Chronology");
		it[k].level = 1;
		it[k].page = p->chron_first - 1;
		k++;
	}
	for (s = 0; s < SB_SECTION_COUNT && rc == SB_OK; s++) {
		size_t first = 0, last = 0;
		char *range;

		if (!section_pages(p, (sb_section)s, &first, &last) ||
		    (old != NULL && s != SB_SECTION_LATE))
			continue;
		/* Section F's bookmark opens at its own index page. */
		if (old != NULL)
			first = p->index_first;
		range = page_range(p, first, last);
		tt[k] = range == NULL ? NULL
				      : sb_strdup_printf("%s %s (pp. %s)",
							 sb_section_letter((sb_section)s),
							 sb_section_title((sb_section)s), range);
		free(range);
		it[k].level = 1;
		it[k].page = first - 1;
		k++;
		for (i = 0; i < p->nentries && rc == SB_OK; i++) {
			if (p->entries[i].section != (sb_section)s ||
			    (old != NULL && !p->entries[i].late))
				continue;
			rc = sb_plan_entry_caption(p, &p->entries[i], &tt[k], err);
			it[k].level = 2;
			it[k].page = p->entries[i].first_page - 1;
			k++;
		}
	}
	*n = k;
	for (i = 0; i < k; i++) {
		if (tt[i] == NULL && rc == SB_OK)
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		it[i].title = tt[i];
	}
	return rc;
}

static void free_outline(sb_outline_item *items, char **titles, size_t n)
{
	size_t i;

	if (titles != NULL)
		for (i = 0; i < n; i++)
			free(titles[i]);
	free(titles);
	free(items);
}

/* A seed for the file's /ID from everything that decides its content, so
 * the same case and options give the same bytes (issue 4, "Reproducible"). */
static char *id_seed(const sb_plan *p, const sb_build_options *opt, const sb_case_file *cf)
{
	size_t i, cap = 256 + p->nentries * 96, o = 0;
	char *s = malloc(cap);
	char hex[65];

	if (s == NULL)
		return NULL;
	o += (size_t)snprintf(s + o, cap - o, "%d|%d|%lld|%s|%d|", (int)p->numbering,
			      opt->stamp_position, opt->built_on,
			      cf->appeal_number != NULL ? cf->appeal_number : "",
			      cf->bundle_version);
	for (i = 0; i < p->nentries && o + 96 < cap; i++)
		o += (size_t)snprintf(s + o, cap - o, "%s:%zu:%zu|", p->entries[i].sha256,
				      p->entries[i].first_page, p->entries[i].last_page);
	sb_sha256_hex(s, o, hex);
	free(s);
	return sb_strdup_printf("%s", hex);
}

/* Re-open the PDF and compare it with the plan, page by page. */
static int verify(const sb_plan *p, const sb_build_options *opt, const unsigned char *pdf,
		  size_t len, const sb_outline_item *items, size_t nitems, bool late,
		  sb_error *err)
{
	/* Late evidence: the pages sent were not stamped again; the pages
	 * added start at the late index (p->index_first). */
	size_t from = late ? p->index_first - 1 : 0;
	sb_pdf_info info;
	char **labels = NULL;
	const char **stamps = NULL;
	size_t i, k, want_links = 0;
	int rc = SB_OK;

	memset(&info, 0, sizeof(info));
	labels = calloc(p->total_pages + 1, sizeof(*labels));
	if (labels == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < p->total_pages; i++) {
		labels[i] = malloc(32);
		if (labels[i] == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			goto done;
		}
		(void)sb_plan_page_label(p, i + 1, labels[i], 32);
	}
	stamps = calloc(p->total_pages + 1, sizeof(*stamps));
	if (stamps == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = from; i < p->total_pages; i++)
		stamps[i] = labels[i];
	rc = sb_pdf_inspect(pdf, len, (const char *const *)stamps,
			    (sb_stamp_pos)opt->stamp_position, SB_INSPECT_STAMP_STREAM, &info, err);
	if (rc != SB_OK)
		goto done;
#define MISMATCH(...)                                                                         \
	do {                                                                                  \
		rc = sb_error_set(err, SB_ERANGE, NULL,                                       \
				  "this is a bug in sendbundle; no bundle was written; please " \
				  "report it",                                                \
				  __VA_ARGS__);                                               \
		goto done;                                                                    \
	} while (0)
	if (info.npages != p->total_pages)
		MISMATCH("the bundle has %zu pages where the plan has %zu", info.npages,
			 p->total_pages);
	for (i = 0; i < p->total_pages; i++) {
		if (i >= from && strcmp(info.stamp_text[i], labels[i]) != 0)
			MISMATCH("page %zu is stamped '%s' where the plan says '%s'", i + 1,
				 info.stamp_text[i], labels[i]);
		if (strcmp(info.labels[i], labels[i]) != 0)
			MISMATCH("page %zu is labelled '%s' where the plan says '%s'", i + 1,
				 info.labels[i], labels[i]);
	}
	/* Every document has one index link to its first page. */
	for (i = 0; i < p->nentries; i++) {
		bool found = false;

		if (late && !p->entries[i].late)
			continue;
		for (k = 0; k < info.nlinks && !found; k++)
			found = info.links[k].page >= p->index_first - 1 &&
				info.links[k].page < p->index_first - 1 + p->index_pages &&
				info.links[k].dest == p->entries[i].first_page - 1;
		if (!found)
			MISMATCH("the index has no link to '%s' on page %zu", p->entries[i].title,
				 p->entries[i].first_page);
		want_links++;
	}
	if (info.noutline != nitems)
		MISMATCH("the bundle has %zu bookmarks where the plan has %zu", info.noutline,
			 nitems);
	for (i = 0; i < nitems; i++)
		if (info.outline[i].level != items[i].level ||
		    strcmp(info.outline[i].title, items[i].title) != 0 ||
		    info.outline[i].page != items[i].page || !info.outline[i].keeps_zoom)
			MISMATCH("bookmark %zu ('%s') does not match the plan", i + 1,
				 info.outline[i].title);
	if (!info.opens_at_100 || !info.shows_outline)
		MISMATCH("the bundle does not open at 100%% with its bookmarks shown");
	(void)want_links;
#undef MISMATCH
done:
	sb_pdf_info_free(&info);
	free(stamps);
	if (labels != NULL)
		for (i = 0; i < p->total_pages; i++)
			free(labels[i]);
	free(labels);
	return rc;
}

/*
 * What every build ends with, once the pages are drawn: the stamps (on the
 * pages this build drew: from the late index with late evidence, old not
 * NULL), page labels, bookmarks, document info, the reproducible save, and
 * the check of the saved file against the plan.
 */
static int finish(build *b, const sb_plan *p, const sb_pdf_info *old, sb_build_result *out,
		  sb_error *err)
{
	const sb_build_options *opt = b->opt;
	sb_outline_item *items = NULL;
	char **titles = NULL, *seed = NULL, *doc_title = NULL;
	size_t nitems = 0, i;
	int rc = SB_OK;

	for (i = old != NULL ? p->index_first - 1 : 0; rc == SB_OK && i < p->total_pages; i++) {
		char label[32];

		(void)sb_plan_page_label(p, i + 1, label, sizeof(label));
		rc = sb_pdf_out_stamp(b->o, i, label, (sb_stamp_pos)opt->stamp_position, err);
	}
	if (rc == SB_OK)
		rc = set_labels(b, p, err);
	if (rc == SB_OK)
		rc = make_outline(p, old, &items, &titles, &nitems, err);
	if (rc == SB_OK)
		rc = sb_pdf_out_set_outline(b->o, items, nitems, err);
	if (rc == SB_OK) {
		doc_title = sb_strdup_printf("Hearing bundle%s%s",
					     b->cf->appeal_number != NULL ? ", appeal " : "",
					     b->cf->appeal_number != NULL ? b->cf->appeal_number : "");
		seed = id_seed(p, opt, b->cf);
		if (doc_title == NULL || seed == NULL)
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	if (rc == SB_OK)
		rc = sb_pdf_out_set_info(b->o, doc_title, "SEND Tribunal hearing bundle", err);
	if (rc == SB_OK)
		rc = sb_pdf_out_save(b->o, seed, &out->pdf, &out->pdf_len, err);
	if (rc == SB_OK)
		rc = verify(p, opt, out->pdf, out->pdf_len, items, nitems, old != NULL, err);
	free_outline(items, titles, nitems);
	free(seed);
	free(doc_title);
	return rc;
}

/* ---- late evidence (--late-after; bundle-spec "Format" 5) ---- */

static bool sent_before(const sb_build_previous *prev, const sb_doc *d)
{
	size_t i;

	for (i = 0; i < prev->plan.nentries; i++)
		if (strcmp(prev->plan.entries[i].sha256, d->sha256) == 0)
			return true;
	return false;
}

/* Late documents in date order, undated last, then by source. */
static int cmp_late(const void *a, const void *b)
{
	const sb_plan_entry *x = a, *y = b;

	if (x->has_date != y->has_date)
		return x->has_date ? -1 : 1;
	if (x->has_date && sb_date_compare(x->date, y->date) != 0)
		return sb_date_compare(x->date, y->date);
	return strcmp(x->source, y->source);
}

static const char *const late_intro[] = {
    "Documents added after the bundle was sent. The pages before this one are unchanged, so "
    "every page number already cited still holds."};

/*
 * The merged plan: the earlier bundle's documents (from its index.json,
 * pages as they were) then the new ones as section F from late_first + the
 * late index's pages. The late index is measured with the real layout and
 * re-measured until its page count is stable, as the planner does for the
 * front matter.
 */
static int plan_late(build *b, const sb_build_previous *prev, sb_plan *lp, sb_plan *p,
		     sb_error *err)
{
	size_t n0 = prev->plan.nentries, i, front = 1, round;
	unsigned tab0 = 0;
	table_buf t = {0};
	int rc = SB_OK;

	/* A second round of late evidence goes on from the first one's tabs. */
	for (i = 0; i < n0; i++)
		if (prev->plan.entries[i].section == SB_SECTION_LATE &&
		    prev->plan.entries[i].tab > tab0)
			tab0 = prev->plan.entries[i].tab;

	p->numbering = lp->numbering;
	p->cover_pages = 1;
	p->entries = calloc(n0 + lp->nentries + 1, sizeof(*p->entries));
	if (p->entries == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < n0; i++) {
		sb_plan_entry *e = &p->entries[i];

		*e = prev->plan.entries[i];
		e->pages = NULL;
		e->doc = NULL;
		e->title = dup(prev->plan.entries[i].title);
		e->source = dup(prev->plan.entries[i].source);
		e->author = prev->plan.entries[i].author != NULL
				? dup(prev->plan.entries[i].author)
				: NULL;
		p->nentries++;
		if (e->title == NULL || e->source == NULL ||
		    (prev->plan.entries[i].author != NULL && e->author == NULL))
			return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	/* The new documents move over from lp, which keeps only its
	 * exclusions. */
	for (i = 0; i < lp->nentries; i++) {
		p->entries[n0 + i] = lp->entries[i];
		p->entries[n0 + i].section = SB_SECTION_LATE;
		p->entries[n0 + i].late = true;
		memset(&lp->entries[i], 0, sizeof(lp->entries[i]));
	}
	p->nentries = n0 + lp->nentries;
	lp->nentries = 0;
	qsort(p->entries + n0, p->nentries - n0, sizeof(*p->entries), cmp_late);
	p->excluded = lp->excluded;
	p->nexcluded = lp->nexcluded;
	lp->excluded = NULL;
	lp->nexcluded = 0;

	p->index_first = prev->plan.total_pages + 1;
	for (round = 0; round < 8; round++) {
		size_t page, measured = 0;
		sb_pdf_table tab;

		p->index_pages = front;
		page = p->index_first + front;
		for (i = n0; i < p->nentries; i++) {
			p->entries[i].tab = tab0 + (unsigned)(i - n0 + 1);
			p->entries[i].first_page = page;
			p->entries[i].last_page = page + p->entries[i].npages - 1;
			page += p->entries[i].npages;
		}
		p->total_pages = page - 1;
		table_free(&t);
		rc = index_rows(p, true, &t, err);
		if (rc != SB_OK)
			break;
		as_table(&t, "Late evidence", index_heads, index_widths, late_intro, 1, &tab);
		rc = sb_pdf_layout_table(b->o, &tab, true, NULL, &measured, err);
		if (rc != SB_OK || measured == front)
			break;
		front = measured;
	}
	if (rc == SB_OK && p->index_pages != front)
		rc = sb_error_set(err, SB_ERANGE, NULL, "this is a bug in sendbundle; please report it",
				  "the late evidence index does not settle on a page count");
	table_free(&t);
	return rc;
}

static int build_late(const sb_doc_list *docs, const sb_case_file *cf, const sb_build_options *opt,
		      sb_build_result *out, sb_error *err)
{
	const sb_build_previous *prev = opt->previous;
	build b;
	sb_plan_measure m;
	sb_plan lp, *p = &out->plan;
	sb_doc_list fresh;
	sb_pdf_info old;
	table_buf lt = {0};
	sb_pdf_row_place *places = NULL;
	size_t i;
	int rc;

	memset(&b, 0, sizeof(b));
	memset(&old, 0, sizeof(old));
	memset(&fresh, 0, sizeof(fresh));
	sb_plan_init(&lp);
	b.opt = opt;
	b.cf = cf;
	out->previous = prev;
	rc = sb_pdf_out_open(opt->max_memory, prev->path, prev->pdf.data, prev->pdf.len, &b.o, err);
	if (rc == SB_OK && sb_pdf_out_page_count(b.o) != prev->plan.total_pages)
		rc = sb_error_set(err, SB_EPARSE, prev->path, "use the zip that sendbundle build wrote",
				  "the PDF in '%s' has %zu pages where its index.json says %zu",
				  prev->path, sb_pdf_out_page_count(b.o), prev->plan.total_pages);
	if (rc == SB_OK)
		rc = sb_pdf_inspect(prev->pdf.data, prev->pdf.len, NULL,
				    (sb_stamp_pos)opt->stamp_position, SB_INSPECT_STAMP_STREAM, &old,
				    err);
	if (rc != SB_OK)
		goto done;
	/* New means not in the bundle sent: the same bytes were sent already. */
	// NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
	fresh.docs = calloc(docs->ndocs + 1, sizeof(*fresh.docs));
	if (fresh.docs == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < docs->ndocs; i++)
		if (!sent_before(prev, docs->docs[i]))
			fresh.docs[fresh.ndocs++] = docs->docs[i];
	m.arg = &b;
	m.doc_pages = doc_pages;
	m.front_pages = front_pages;
	if (fresh.ndocs > 0)
		rc = sb_plan_build(&fresh, cf, &opt->plan, &m, &lp, err);
	if (rc != SB_OK)
		goto done;
	if (lp.nentries == 0) {
		rc = sb_error_set(err, SB_EINVAL, NULL,
				  "put the new documents in the case folder, or build a new bundle",
				  "every document in the folder is already in '%s': there is no late "
				  "evidence to add",
				  prev->path);
		goto done;
	}
	rc = plan_late(&b, prev, &lp, p, err);
	if (rc != SB_OK)
		goto done;
	/* The pages sent keep their labels; the same numbering must go on. */
	for (i = 0; i < prev->plan.total_pages; i++) {
		char label[32];

		(void)sb_plan_page_label(p, i + 1, label, sizeof(label));
		if (strcmp(label, old.labels[i]) != 0) {
			rc = sb_error_set(err, SB_EINVAL, prev->path,
					  "build with the --numbering the earlier bundle used",
					  "page %zu of '%s' is labelled '%s', not '%s'", i + 1,
					  prev->path, old.labels[i], label);
			goto done;
		}
	}

	rc = index_rows(p, true, &lt, err);
	if (rc != SB_OK)
		goto done;
	places = calloc(lt.nrows + 1, sizeof(*places));
	if (places == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	rc = render_table(&b, &lt, "Late evidence", index_heads, index_widths, late_intro, 1,
			  places, err);
	if (rc == SB_OK)
		rc = expect_pages(&b, p->index_first + p->index_pages - 1, "the late evidence index",
				  err);
	for (i = prev->plan.nentries; rc == SB_OK && i < p->nentries; i++) {
		rc = render_entry(&b, &p->entries[i], err);
		if (rc == SB_OK)
			rc = expect_pages(&b, p->entries[i].last_page, p->entries[i].source, err);
		if (opt->progress != NULL)
			opt->progress(opt->progress_arg, i - prev->plan.nentries + 1,
				      p->nentries - prev->plan.nentries);
	}
	if (rc == SB_OK)
		rc = add_index_links(&b, p, &lt, places, err);
	if (rc == SB_OK)
		rc = finish(&b, p, &old, out, err);
	out->late_first = p->index_first;
done:
	table_free(&lt);
	free(places);
	free(fresh.docs);
	sb_pdf_info_free(&old);
	sb_plan_release(&lp);
	sb_pdf_out_free(b.o);
	if (rc != SB_OK)
		sb_build_result_release(out);
	return rc;
}

int sb_build_plan(const sb_doc_list *docs, const sb_case_file *cf, const sb_build_options *opt,
		  sb_plan *out, sb_error *err)
{
	build b;
	sb_plan_measure m;
	int rc;

	sb_plan_init(out);
	memset(&b, 0, sizeof(b));
	b.opt = opt;
	b.cf = cf;
	/* An output only to measure with: nothing is drawn into it. */
	rc = sb_pdf_out_new(opt->max_memory, &b.o, err);
	if (rc == SB_OK) {
		m.arg = &b;
		m.doc_pages = doc_pages;
		m.front_pages = front_pages;
		rc = sb_plan_build(docs, cf, &opt->plan, &m, out, err);
	}
	sb_pdf_out_free(b.o);
	return rc;
}

int sb_build_pdf(const sb_doc_list *docs, const sb_case_file *cf, const sb_build_options *opt,
		 sb_build_result *out, sb_error *err)
{
	build b;
	sb_plan_measure m;
	sb_plan *p = &out->plan;
	table_buf it = {0}, ct = {0};
	sb_pdf_row_place *places = NULL;
	size_t i;
	int rc;

	sb_build_result_init(out);
	if (opt->previous != NULL)
		return build_late(docs, cf, opt, out, err);
	memset(&b, 0, sizeof(b));
	b.opt = opt;
	b.cf = cf;
	rc = sb_pdf_out_new(opt->max_memory, &b.o, err);
	if (rc != SB_OK)
		goto done;
	m.arg = &b;
	m.doc_pages = doc_pages;
	m.front_pages = front_pages;
	rc = sb_plan_build(docs, cf, &opt->plan, &m, p, err);
	if (rc != SB_OK)
		goto done;
	if (p->nentries == 0) {
		rc = sb_error_set(err, SB_EINVAL, NULL,
				  "put the decision letter, certificate and reports in the folder, "
				  "or check the exclusions in sendbundle.json",
				  "there is nothing to put in the bundle");
		goto done;
	}

	rc = render_cover(&b, p, err);
	if (rc == SB_OK)
		rc = expect_pages(&b, p->cover_pages, "the cover", err);
	if (rc == SB_OK)
		rc = index_rows(p, false, &it, err);
	if (rc == SB_OK) {
		places = calloc(it.nrows + 1, sizeof(*places));
		if (places == NULL)
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	if (rc == SB_OK)
		rc = render_table(&b, &it, "Index", index_heads, index_widths, NULL, 0, places,
				  err);
	if (rc == SB_OK)
		rc = expect_pages(&b, p->chron_first - 1, "the index", err);
	if (rc == SB_OK)
		rc = chron_rows(p, &ct, err);
	if (rc == SB_OK)
		rc = render_table(&b, &ct, "Chronology", chron_heads, chron_widths, chron_intro,
				  1, NULL, err);
	if (rc == SB_OK)
		rc = expect_pages(&b, p->chron_first + p->chron_pages - 1, "the chronology", err);
	for (i = 0; rc == SB_OK && i < p->nentries; i++) {
		rc = render_entry(&b, &p->entries[i], err);
		if (rc == SB_OK)
			rc = expect_pages(&b, p->entries[i].last_page, p->entries[i].source, err);
		if (opt->progress != NULL)
			opt->progress(opt->progress_arg, i + 1, p->nentries);
	}
	if (rc == SB_OK)
		rc = add_index_links(&b, p, &it, places, err);
	if (rc == SB_OK)
		rc = finish(&b, p, NULL, out, err);
done:
	table_free(&it);
	table_free(&ct);
	free(places);
	sb_pdf_out_free(b.o);
	if (rc != SB_OK)
		sb_build_result_release(out);
	return rc;
}
