/*
 * sb_pdf_out: the bundle PDF under construction (issue 4) and the reading
 * back of a finished one, through MuPDF (sb_pdf_out.h; docs/libraries.md).
 *
 * Source pages are grafted as they are, after their annotations and form
 * fields have been baked into the page content: each appearance stream
 * becomes a form XObject drawn at the annotation's place, so the typed and
 * signed parts of a form survive pdf_graft_mapped_page (which drops /Annots)
 * with their fonts and text layer untouched. Stamps are drawn in display
 * space through the inverse page transform, after the page's own content,
 * which is wrapped in q/Q so it cannot move them.
 *
 * MuPDF's errors are setjmp/longjmp (fz_try). They stay in the small
 * adapter functions below, each of which catches, records the message in
 * the mu_state and returns -1 (docs/style.md rule 6: never `return` inside
 * fz_try; every local changed inside one is fz_var'd). Functions marked
 * "Throws." are only called inside an adapter's fz_try.
 */
#include "sb_mupdf.h"
#include "sb_pdf_out.h"

#include <sendbundle/doc.h>

#include <mupdf/fitz/crypt.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MuPDF's cache of fonts and images for one document. */
#define SB_PDF_STORE_MAX ((size_t)64 << 20)
/* Everything MuPDF may allocate to read one source for blank pages (the
 * reader's budget: a PDF "zip bomb" stops here). */
#define SB_PDF_READ_MEMORY_MAX ((size_t)512 << 20)
/* MuPDF messages kept for the error detail. */
#define SB_PDF_NOTES 4
#define SB_PDF_NOTE_MAX 200

/* The stamp: 10 pt Helvetica, black on a white box whose edge is 12 pt
 * inside the visible box. Cap height and descender are Helvetica's (AFM),
 * so the box fits digits and capitals with 2 pt to spare. */
#define SB_STAMP_SIZE 10.0f
#define SB_STAMP_PAD_X 3.0f
#define SB_STAMP_PAD_Y 2.0f
#define SB_STAMP_MARGIN 12.0f
#define SB_STAMP_ASCENT 0.718f
#define SB_STAMP_DESCENT 0.207f
/* Labels are short ("12", "D3"); a long one is a caller's bug. */
#define SB_STAMP_LABEL_MAX 64
/* Resource names we add; a source that already uses one gets a numbered one. */
#define SB_STAMP_FONT_NAME "SbStamp"
#define SB_ANNOT_XOBJ_NAME "SbAnnot"
#define SB_SOURCE_XOBJ_NAME "SbSrc" /* a source page's own content, as a form */
/* Characters kept when reading a stamp back: far more than a label has. */
#define SB_STAMP_READ_MAX 256
/* Outline items and number-tree nodes read back before giving up: a cycle
 * in a damaged file must not loop for ever. */
#define SB_WALK_MAX 1000000
#define SB_DEPTH_MAX 32

/* ---- one MuPDF context and what it said ---- */

typedef struct mu_state {
	fz_context *ctx;
	sb_mem_budget mem;
	fz_alloc_context alloc; /* MuPDF keeps a pointer to it: lives as long as ctx */
	char caught[SB_PDF_NOTE_MAX];
	int caught_code;
	char notes[SB_PDF_NOTES][SB_PDF_NOTE_MAX];
	int nnotes;
} mu_state;

/* MuPDF would print warnings to stderr; the caller owns the terminal. */
static void on_mupdf_message(void *user, const char *message)
{
	mu_state *m = user;
	char clean[SB_PDF_NOTE_MAX];
	int i;

	sb_mupdf_clean_message(clean, sizeof(clean), message);
	for (i = 0; i < m->nnotes; i++)
		if (strcmp(m->notes[i], clean) == 0)
			return;
	if (m->nnotes < SB_PDF_NOTES)
		memcpy(m->notes[m->nnotes++], clean, sizeof(clean));
}

static void mu_catch(mu_state *m)
{
	m->caught_code = fz_caught(m->ctx);
	sb_mupdf_clean_message(m->caught, sizeof(m->caught), fz_caught_message(m->ctx));
}

/* A context of its own (one per document, so bundles can be built in
 * parallel); max_memory 0: no cap. False when even that fails. */
static bool mu_open(mu_state *m, size_t max_memory)
{
	size_t store = SB_PDF_STORE_MAX;

	memset(m, 0, sizeof(*m));
	if (max_memory > 0) {
		sb_mem_budget_init(&m->mem, max_memory, &m->alloc);
		if (store > max_memory / 4)
			store = max_memory / 4;
	}
	m->ctx = fz_new_context(max_memory > 0 ? &m->alloc : NULL, NULL, store);
	if (m->ctx == NULL)
		return false;
	fz_set_error_callback(m->ctx, on_mupdf_message, m);
	fz_set_warning_callback(m->ctx, on_mupdf_message, m);
	return true;
}

static void mu_close(mu_state *m)
{
	fz_drop_context(m->ctx);
	m->ctx = NULL;
}

/* Before each MuPDF call: forget the last one's failure. A request the
 * budget refused but MuPDF recovered from (its store gives memory back and
 * retries) must not be blamed for a later, different failure. */
static void mu_begin(mu_state *m)
{
	m->caught[0] = '\0';
	m->caught_code = 0;
	m->mem.hit = false;
}

/* The budget or the machine ran out of memory: the error for it, or 0. */
static int mu_out_of_memory(const mu_state *m, sb_error *err, const char *file,
			    const char *subject)
{
	const char *hint = "raise the memory limit, or split the file";

	if (m->mem.hit) {
		if (m->mem.cap >= ((size_t)1 << 20))
			sb_error_set(err, SB_ERANGE, file, hint,
				     "%s needs more than the %zu MiB of memory allowed", subject,
				     m->mem.cap >> 20);
		else
			sb_error_set(err, SB_ERANGE, file, hint,
				     "%s needs more than the %zu KiB of memory allowed", subject,
				     m->mem.cap >> 10);
		sb_error_reason(err, "too-large");
		return SB_ERANGE;
	}
	if (m->caught_code == FZ_ERROR_MEMORY)
		return sb_error_set(err, SB_ENOMEM, file, NULL, "out of memory: %s", subject);
	return SB_OK;
}

/* A MuPDF failure on the bundle itself: `what` failed, with what MuPDF said. */
static int mu_fail(const mu_state *m, sb_error *err, int code, const char *file, const char *what)
{
	const char *detail = m->caught[0] != '\0' ? m->caught
			     : m->nnotes > 0	  ? m->notes[0]
						  : NULL;
	int rc = mu_out_of_memory(m, err, file, "the bundle");

	if (rc != SB_OK)
		return rc;
	if (detail != NULL)
		return sb_error_set(err, code, file, NULL, "%s (%s)", what, detail);
	return sb_error_set(err, code, file, NULL, "%s", what);
}

/* A source that cannot be used: "'name' <what> (what MuPDF said)". */
static int refuse_damaged(const mu_state *m, sb_error *err, const char *name, const char *what)
{
	const char *detail = m->caught[0] != '\0' ? m->caught
			     : m->nnotes > 0	  ? m->notes[0]
						  : NULL;
	const char *hint = "download it again, or open it and save or print it to a new PDF";
	char subject[SB_ERROR_FILE_MAX + 2];
	int rc;

	snprintf(subject, sizeof(subject), "'%s'", name);
	rc = mu_out_of_memory(m, err, name, subject);
	if (rc != SB_OK)
		return rc;
	if (detail != NULL)
		sb_error_set(err, SB_EPARSE, name, hint, "'%s' %s (%s)", name, what, detail);
	else
		sb_error_set(err, SB_EPARSE, name, hint, "'%s' %s", name, what);
	sb_error_reason(err, "damaged");
	return SB_EPARSE;
}

/* ---- the adapters: each returns 0 or -1 with m->caught set ---- */

/* Open data as a PDF, nothing else (not MuPDF's handler registry, which
 * also takes XPS or images). */
static int open_pdf(mu_state *m, const unsigned char *data, size_t len, pdf_document **doc,
		    int *npages)
{
	fz_stream *stm = NULL;
	int rc = 0;

	mu_begin(m);
	*doc = NULL;
	fz_var(stm);
	fz_var(rc);
	fz_try(m->ctx)
	{
		stm = fz_open_memory(m->ctx, data, len);
		*doc = pdf_open_document_with_stream(m->ctx, stm);
		if (!pdf_needs_password(m->ctx, *doc))
			*npages = pdf_count_pages(m->ctx, *doc);
	}
	fz_always(m->ctx)
		fz_drop_stream(m->ctx, stm);
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

/*
 * Open a source (or a finished bundle) and refuse what cannot be used
 * whole: encrypted files, and damaged ones MuPDF repaired (a truncated
 * download silently loses its last pages: docs/libraries.md). SB_OK means
 * at least one page; the refusals here and in refuse_damaged return their
 * codes written out, not sb_error_reason's (SB_EINVAL without an err), so
 * that this is plain to the callers and to clang-tidy.
 */
static int open_checked(mu_state *m, const char *name, const unsigned char *data, size_t len,
			pdf_document **doc, int *npages, sb_error *err)
{
	*npages = 0;
	if (open_pdf(m, data, len, doc, npages) != 0)
		return refuse_damaged(m, err, name, "is damaged or not a PDF");
	if (pdf_needs_password(m->ctx, *doc)) {
		sb_error_set(err, SB_EIO, name,
			     "remove the password (open it and print to PDF) and try again",
			     "'%s' is encrypted: it cannot be read without its password", name);
		sb_error_reason(err, "encrypted");
		return SB_EIO;
	}
	if (pdf_was_repaired(m->ctx, *doc))
		return refuse_damaged(m, err, name, "is damaged: some pages may be missing");
	if (*npages <= 0)
		return refuse_damaged(m, err, name, "is damaged: it has no pages");
	return SB_OK;
}

/* ---- helpers that throw ---- */

/* Replace the page's /Contents with [open, old contents..., close]. Throws. */
static void wrap_contents(fz_context *ctx, pdf_obj *page, pdf_obj *open, pdf_obj *close)
{
	pdf_obj *old = pdf_keep_obj(ctx, pdf_dict_get(ctx, page, PDF_NAME(Contents)));

	fz_try(ctx)
	{
		pdf_obj *arr = pdf_dict_put_array(ctx, page, PDF_NAME(Contents), 4);
		int i, n;

		pdf_array_push(ctx, arr, open);
		if (pdf_is_array(ctx, old)) {
			n = pdf_array_len(ctx, old);
			for (i = 0; i < n; i++)
				pdf_array_push(ctx, arr, pdf_array_get(ctx, old, i));
		} else if (old != NULL) {
			pdf_array_push(ctx, arr, old);
		}
		pdf_array_push(ctx, arr, close);
	}
	fz_always(ctx)
		pdf_drop_obj(ctx, old);
	fz_catch(ctx)
		fz_rethrow(ctx);
}

/* The page's /Resources, made its own if it inherited them (borrowed). Throws. */
static pdf_obj *page_resources(fz_context *ctx, pdf_document *doc, pdf_obj *page)
{
	pdf_obj *res = pdf_dict_get(ctx, page, PDF_NAME(Resources));

	if (res != NULL)
		return res;
	res = pdf_dict_get_inheritable(ctx, page, PDF_NAME(Resources));
	if (res != NULL)
		res = pdf_copy_dict(ctx, pdf_resolve_indirect(ctx, res));
	else
		res = pdf_new_dict(ctx, doc, 2);
	pdf_dict_put_drop(ctx, page, PDF_NAME(Resources), res);
	return res;
}

/* The sub-dictionary `key` of a resource dictionary, created if missing
 * (borrowed). Throws. */
static pdf_obj *resource_dict(fz_context *ctx, pdf_obj *res, pdf_obj *key)
{
	pdf_obj *d = pdf_dict_get(ctx, res, key);

	if (d == NULL)
		d = pdf_dict_put_dict(ctx, res, key, 2);
	return d;
}

/* ---- flattening annotations and form fields (source side) ---- */

typedef struct baker {
	pdf_document *doc;
	pdf_obj *page;	 /* borrowed */
	pdf_obj *xobjs;	 /* the page's own XObject dictionary, once made */
	fz_buffer *draw; /* "q <matrix> cm /Name Do Q" per appearance */
	int next;	 /* the next name number to try */
	int baked;
} baker;

/* The page's own copy of its resources and XObject dictionary, so a
 * dictionary shared with other pages is left as it was. Throws. */
static void own_xobjects(fz_context *ctx, baker *b)
{
	pdf_obj *res, *x;

	if (b->xobjs != NULL)
		return;
	res = pdf_dict_get_inheritable(ctx, b->page, PDF_NAME(Resources));
	if (res != NULL)
		res = pdf_copy_dict(ctx, pdf_resolve_indirect(ctx, res));
	else
		res = pdf_new_dict(ctx, b->doc, 2);
	pdf_dict_put_drop(ctx, b->page, PDF_NAME(Resources), res);
	x = pdf_dict_get(ctx, res, PDF_NAME(XObject));
	if (x != NULL)
		x = pdf_copy_dict(ctx, pdf_resolve_indirect(ctx, x));
	else
		x = pdf_new_dict(ctx, b->doc, 2);
	pdf_dict_put_drop(ctx, res, PDF_NAME(XObject), x);
	b->xobjs = x;
}

/*
 * Give an annotation that has no appearance in the document (a FreeText
 * typed in some viewers) one made by MuPDF, written into the document so it
 * can be referenced. MuPDF 1.21 draws such an annotation from a copy it
 * keeps out of the document, and keeps synthesising there as long as the
 * document has no /AP /N at all; an empty placeholder makes it write the
 * real one into the document instead. Its pdf_annot_request_resynthesis
 * does not mark the document as needing the update either (later versions
 * do), hence resynth_required. Throws.
 */
static pdf_obj *synthesise_appearance(fz_context *ctx, pdf_document *doc, pdf_annot *annot)
{
	fz_buffer *empty = fz_new_buffer(ctx, 1);
	pdf_obj *ap;

	fz_try(ctx)
	{
		fz_rect rect = pdf_dict_get_rect(ctx, pdf_annot_obj(ctx, annot), PDF_NAME(Rect));

		pdf_set_annot_appearance(ctx, annot, "N", NULL, fz_identity, rect, NULL, empty);
		pdf_annot_request_resynthesis(ctx, annot);
		doc->resynth_required = 1;
		pdf_update_annot(ctx, annot);
	}
	fz_always(ctx)
		fz_drop_buffer(ctx, empty);
	fz_catch(ctx)
		fz_rethrow(ctx);
	ap = pdf_annot_ap(ctx, annot);
	return ap != NULL && !pdf_is_local_object(ctx, doc, ap) ? ap : NULL;
}

/* Draw form XObject `form` into the page through matrix mtx. Throws. */
static void bake_form(fz_context *ctx, baker *b, pdf_obj *form, fz_matrix mtx)
{
	char name[32];

	own_xobjects(ctx, b);
	do
		snprintf(name, sizeof(name), "%s%d", SB_ANNOT_XOBJ_NAME, b->next++);
	while (pdf_dict_gets(ctx, b->xobjs, name) != NULL);
	pdf_dict_puts(ctx, b->xobjs, name, form);
	fz_append_printf(ctx, b->draw, "q %g %g %g %g %g %g cm /%s Do Q\n", mtx.a, mtx.b, mtx.c,
			 mtx.d, mtx.e, mtx.f, name);
	b->baked++;
}

/*
 * Draw one annotation's appearance into the page, as a viewer shows it:
 * links and pop-ups draw nothing of their own, hidden ones stay hidden.
 * Signature fields without an appearance in the document are left out:
 * MuPDF would draw a "sign here" arrow for them. Throws.
 */
static void bake_annot(fz_context *ctx, baker *b, pdf_annot *annot)
{
	pdf_obj *obj = pdf_annot_obj(ctx, annot);
	pdf_obj *subtype = pdf_dict_get(ctx, obj, PDF_NAME(Subtype));
	pdf_obj *ap;
	bool sig;

	if (pdf_name_eq(ctx, subtype, PDF_NAME(Link)) || pdf_name_eq(ctx, subtype, PDF_NAME(Popup)))
		return;
	if (pdf_annot_flags(ctx, annot) & (PDF_ANNOT_IS_HIDDEN | PDF_ANNOT_IS_NO_VIEW))
		return;
	sig = pdf_name_eq(ctx, pdf_dict_get_inheritable(ctx, obj, PDF_NAME(FT)), PDF_NAME(Sig));
	ap = pdf_annot_ap(ctx, annot);
	if (ap == NULL || pdf_is_local_object(ctx, b->doc, ap)) {
		if (sig)
			return;
		ap = synthesise_appearance(ctx, b->doc, annot);
		if (ap == NULL)
			return;
	}
	if (!pdf_is_stream(ctx, ap) || !pdf_is_array(ctx, pdf_dict_get(ctx, ap, PDF_NAME(BBox))))
		return; /* not a drawable form (PDF 32000-1 8.10.2: BBox is required) */
	/* Appearance streams may leave out /Subtype /Form; a Do needs it. */
	if (pdf_dict_get(ctx, ap, PDF_NAME(Subtype)) == NULL) {
		pdf_dict_put(ctx, ap, PDF_NAME(Type), PDF_NAME(XObject));
		pdf_dict_put(ctx, ap, PDF_NAME(Subtype), PDF_NAME(Form));
	}
	/* Form space to page space (PDF 32000-1 12.5.5); the form's own
	 * /Matrix is applied by Do. */
	bake_form(ctx, b, ap, pdf_annot_transform(ctx, annot));
}

/*
 * Move a source page's own content into a form XObject that the page draws
 * with one balanced "q /SbSrc Do Q". A form runs as a content stream of its
 * own with its graphics state saved and restored around it (PDF 32000-1
 * 8.10.1), so a source whose content leaves q/Q unbalanced, stops early (a
 * stray "endstream", a damaged compressed stream, an unclosed string,
 * array or inline image, too many syntax errors) or leaves a scaling in
 * force can no longer swallow or move what the bundle draws after it: the
 * baked annotations and the page-number stamp (found by fuzz_pdf_graft).
 * The page's resources go to the form; the page keeps only the form (and,
 * later, the stamp's font and the baked appearances). Throws.
 */
static void isolate_content(fz_context *ctx, pdf_document *doc, pdf_obj *page)
{
	pdf_obj *contents = pdf_dict_get(ctx, page, PDF_NAME(Contents));
	pdf_obj *res = pdf_dict_get_inheritable(ctx, page, PDF_NAME(Resources));
	pdf_obj *box = pdf_dict_get_inheritable(ctx, page, PDF_NAME(MediaBox));
	pdf_obj *res_ref = NULL, *form = NULL, *own = NULL, *draw = NULL;
	fz_buffer *all = NULL, *part = NULL, *call = NULL;
	/* Anything outside the MediaBox is never seen, so the form may clip
	 * there; without a usable box, clip nothing a page could show. */
	fz_rect bbox = fz_make_rect(-32767, -32767, 32767, 32767);

	fz_var(res_ref);
	fz_var(form);
	fz_var(own);
	fz_var(draw);
	fz_var(all);
	fz_var(part);
	fz_var(call);
	fz_try(ctx)
	{
		int i, n = pdf_is_array(ctx, contents) ? pdf_array_len(ctx, contents) : 1;

		all = fz_new_buffer(ctx, 1024);
		for (i = 0; i < n; i++) {
			pdf_obj *c = pdf_is_array(ctx, contents) ? pdf_array_get(ctx, contents, i)
								 : contents;

			if (!pdf_is_stream(ctx, c))
				continue;
			part = pdf_load_stream(ctx, c);
			fz_append_buffer(ctx, all, part);
			fz_append_byte(ctx, all, '\n');
			fz_drop_buffer(ctx, part);
			part = NULL;
		}
		if (pdf_is_array(ctx, box) && pdf_array_len(ctx, box) == 4)
			bbox = pdf_to_rect(ctx, box);
		if (res == NULL)
			res_ref = pdf_add_new_dict(ctx, doc, 2);
		else if (pdf_is_indirect(ctx, res))
			res_ref = pdf_keep_obj(ctx, res);
		else
			res_ref = pdf_add_object_drop(ctx, doc, pdf_copy_dict(ctx, res));
		form = pdf_new_xobject(ctx, doc, bbox, fz_identity, res_ref, all);
		own = pdf_new_dict(ctx, doc, 2);
		pdf_dict_put_dict(ctx, own, PDF_NAME(XObject), 1);
		pdf_dict_puts(ctx, pdf_dict_get(ctx, own, PDF_NAME(XObject)), SB_SOURCE_XOBJ_NAME,
			      form);
		pdf_dict_put(ctx, page, PDF_NAME(Resources), own);
		call = fz_new_buffer_from_copied_data(
		    ctx, (const unsigned char *)"q\n/" SB_SOURCE_XOBJ_NAME " Do\nQ\n",
		    sizeof("q\n/" SB_SOURCE_XOBJ_NAME " Do\nQ\n") - 1);
		draw = pdf_add_stream(ctx, doc, call, NULL, 0);
		pdf_dict_put(ctx, page, PDF_NAME(Contents), draw);
	}
	fz_always(ctx)
	{
		fz_drop_buffer(ctx, all);
		fz_drop_buffer(ctx, part);
		fz_drop_buffer(ctx, call);
		pdf_drop_obj(ctx, res_ref);
		pdf_drop_obj(ctx, form);
		pdf_drop_obj(ctx, own);
		pdf_drop_obj(ctx, draw);
	}
	fz_catch(ctx)
		fz_rethrow(ctx);
}

/* Bake source page `number`'s annotations and widgets into its content. Throws. */
static void flatten_page(fz_context *ctx, pdf_document *src, int number)
{
	pdf_page *page = pdf_load_page(ctx, src, number);
	pdf_obj *open = NULL, *close = NULL;
	fz_buffer *buf = NULL;
	baker b;

	memset(&b, 0, sizeof(b));
	fz_var(open);
	fz_var(close);
	fz_var(buf);
	fz_try(ctx)
	{
		pdf_annot *a;

		b.doc = src;
		b.page = page->obj;
		b.draw = fz_new_buffer(ctx, 256);
		isolate_content(ctx, src, page->obj);
		/* A form whose /NeedAppearances asks the reader to draw its
		 * fields gets them drawn into the document here. */
		pdf_update_page(ctx, page);
		for (a = pdf_first_annot(ctx, page); a != NULL; a = pdf_next_annot(ctx, a))
			bake_annot(ctx, &b, a);
		for (a = pdf_first_widget(ctx, page); a != NULL; a = pdf_next_widget(ctx, a))
			bake_annot(ctx, &b, a);
		if (b.baked > 0) {
			buf = fz_new_buffer_from_copied_data(ctx, (const unsigned char *)"q\n", 2);
			open = pdf_add_stream(ctx, src, buf, NULL, 0);
			fz_drop_buffer(ctx, buf);
			buf = NULL;
			buf = fz_new_buffer(ctx, b.draw->len + 2);
			fz_append_string(ctx, buf, "Q\n");
			fz_append_buffer(ctx, buf, b.draw);
			close = pdf_add_stream(ctx, src, buf, NULL, 0);
			wrap_contents(ctx, page->obj, open, close);
		}
	}
	fz_always(ctx)
	{
		pdf_drop_obj(ctx, open);
		pdf_drop_obj(ctx, close);
		fz_drop_buffer(ctx, buf);
		fz_drop_buffer(ctx, b.draw);
		fz_drop_page(ctx, &page->super);
	}
	fz_catch(ctx)
		fz_rethrow(ctx);
}

/* ---- the document ---- */

/* sb_pdf_out as allocated: the public part first, so the pointers convert. */
typedef struct out_impl {
	sb_pdf_out pub;
	mu_state mu;
	pdf_obj *stamp_font; /* the stamps' Helvetica, one object for every page */
	pdf_obj *wrap_open;  /* the "q" stream that opens every stamped page */
	fz_font *metrics;    /* Helvetica's widths, to size the stamp box */
} out_impl;

static out_impl *impl(const sb_pdf_out *o)
{
	return (out_impl *)(uintptr_t)o; /* pub is the first member */
}

/* A new document, or (data not NULL) the PDF in data, opened as it is. */
static int new_document(out_impl *p, const unsigned char *data, size_t len, bool *damaged)
{
	mu_state *m = &p->mu;
	fz_stream *stm = NULL;
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_var(stm);
	fz_try(m->ctx)
	{
		if (data == NULL) {
			p->pub.doc = pdf_create_document(m->ctx);
		} else {
			stm = fz_open_memory(m->ctx, data, len);
			p->pub.doc = pdf_open_document_with_stream(m->ctx, stm);
			*damaged = pdf_was_repaired(m->ctx, p->pub.doc) ||
				   pdf_needs_password(m->ctx, p->pub.doc);
		}
	}
	fz_always(m->ctx)
		fz_drop_stream(m->ctx, stm);
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

/* A bundle PDF, new (data NULL) or the earlier bundle data[0..len) (name);
 * *damaged: that one had to be repaired or is encrypted (the caller says so,
 * and frees *out). */
static int start(size_t max_memory, const char *name, const unsigned char *data, size_t len,
		 sb_pdf_out **out, bool *damaged, sb_error *err)
{
	out_impl *p;
	int rc;

	if (out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no output to create");
	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory starting a bundle");
	if (!mu_open(&p->mu, max_memory)) {
		rc = mu_out_of_memory(&p->mu, err, NULL, "the bundle");
		free(p);
		if (rc != SB_OK)
			return rc;
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory starting a bundle");
	}
	p->pub.ctx = p->mu.ctx;
	if (new_document(p, data, len, damaged) != 0) {
		rc = data == NULL
			 ? mu_fail(&p->mu, err, SB_ENOMEM, NULL, "cannot start the bundle PDF")
			 : mu_fail(&p->mu, err, SB_EPARSE, name, "cannot open the earlier bundle");
		mu_close(&p->mu);
		free(p);
		return rc;
	}
	*out = &p->pub;
	return SB_OK;
}

int sb_pdf_out_new(size_t max_memory, sb_pdf_out **out, sb_error *err)
{
	bool damaged = false; /* a new document never is */

	return start(max_memory, NULL, NULL, 0, out, &damaged, err);
}

int sb_pdf_out_open(size_t max_memory, const char *name, const unsigned char *data, size_t len,
		    sb_pdf_out **out, sb_error *err)
{
	bool damaged = false;
	int rc;

	if (name == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no name for the earlier bundle");
	if (data == NULL || len == 0)
		return sb_error_set(err, SB_EPARSE, name, NULL, "the earlier bundle '%s' is empty",
				    name);
	rc = start(max_memory, name, data, len, out, &damaged, err);
	if (rc == SB_OK && damaged) {
		sb_pdf_out_free(*out);
		*out = NULL;
		rc = sb_error_set(err, SB_EPARSE, name,
				  "use the bundle zip exactly as sendbundle wrote it",
				  "the earlier bundle '%s' is damaged or encrypted", name);
	}
	return rc;
}

void sb_pdf_out_free(sb_pdf_out *o)
{
	out_impl *p;

	if (o == NULL)
		return;
	p = impl(o);
	/* None of these throw. */
	fz_drop_font(o->ctx, o->font_regular);
	fz_drop_font(o->ctx, o->font_bold);
	fz_drop_font(o->ctx, p->metrics);
	pdf_drop_obj(o->ctx, p->stamp_font);
	pdf_drop_obj(o->ctx, p->wrap_open);
	pdf_drop_document(o->ctx, o->doc);
	mu_close(&p->mu);
	free(p);
}

static int count_pages(mu_state *m, pdf_document *doc, int *n)
{
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
		*n = pdf_count_pages(m->ctx, doc);
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

size_t sb_pdf_out_page_count(const sb_pdf_out *o)
{
	int n = 0;

	if (o == NULL || count_pages(&impl(o)->mu, o->doc, &n) != 0 || n < 0)
		return 0;
	return (size_t)n;
}

/* Page `number` checked against the document: 0 or SB_EINVAL. */
static int check_page(sb_pdf_out *o, size_t page, const char *what, sb_error *err)
{
	size_t n = sb_pdf_out_page_count(o);

	if (page >= n)
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "%s: page %zu does not exist (the bundle has %zu)", what,
				    page + 1, n);
	return SB_OK;
}

/* ---- adding a source ---- */

typedef struct add_state {
	pdf_document *src;
	pdf_graft_map *map;
} add_state;

static int start_graft(mu_state *m, pdf_document *dst, add_state *a)
{
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
		a->map = pdf_new_graft_map(m->ctx, dst);
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

/* Flatten source page `number`: see flatten_page. */
static int flatten_one(mu_state *m, add_state *a, int number)
{
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
		flatten_page(m->ctx, a->src, number);
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

/* Append source page `number` to dst as it is: size, /Rotate and boxes
 * come with pdf_graft_mapped_page, the transparency group (which it leaves
 * behind) is copied here. */
static int copy_page(mu_state *m, pdf_document *dst, add_state *a, int number)
{
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
	{
		pdf_obj *group;

		pdf_graft_mapped_page(m->ctx, a->map, -1, a->src, number);
		group = pdf_dict_get(m->ctx, pdf_lookup_page_obj(m->ctx, a->src, number),
				     PDF_NAME(Group));
		if (group != NULL) {
			int last = pdf_count_pages(m->ctx, dst) - 1;
			pdf_obj *page = pdf_lookup_page_obj(m->ctx, dst, last);

			pdf_dict_put_drop(m->ctx, page, PDF_NAME(Group),
					  pdf_graft_mapped_object(m->ctx, a->map, group));
		}
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

/* Take out pages [from, end): a source that failed half-way leaves nothing. */
static void remove_pages_from(mu_state *m, pdf_document *dst, int from)
{
	int n = 0;

	if (count_pages(m, dst, &n) != 0 || n <= from)
		return;
	fz_try(m->ctx)
		pdf_delete_page_range(m->ctx, dst, from, n);
	fz_catch(m->ctx)
	{
		/* Already failing: the first error is the one to report. */
	}
}

int sb_pdf_out_add_pdf(sb_pdf_out *o, const char *name, const unsigned char *data, size_t len,
		       const size_t *keep, size_t nkeep, sb_error *err)
{
	add_state a = {NULL, NULL};
	mu_state *m;
	int before = 0, npages = 0, rc;
	size_t i, count;

	if (o == NULL || name == NULL || (data == NULL && len > 0) || (keep == NULL && nkeep > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to add");
	m = &impl(o)->mu;
	m->nnotes = 0;
	if (count_pages(m, o->doc, &before) != 0)
		return mu_fail(m, err, SB_EIO, name, "cannot count the bundle's pages");
	rc = open_checked(m, name, data, len, &a.src, &npages, err);
	if (rc != SB_OK)
		goto done;
	count = keep != NULL ? nkeep : (size_t)npages;
	for (i = 0; keep != NULL && i < nkeep; i++) {
		if (keep[i] >= (size_t)npages || (i > 0 && keep[i] <= keep[i - 1])) {
			rc = sb_error_set(err, SB_EINVAL, name, NULL,
					  "'%s': pages to keep must be ascending and under %d",
					  name, npages);
			goto done;
		}
	}
	if (count > (size_t)INT32_MAX - (size_t)before) {
		rc = sb_error_set(err, SB_ERANGE, name, NULL, "'%s': too many pages", name);
		goto done;
	}
	/* Flatten every page first: the graft map is sized to the source's
	 * objects when it starts, and flattening adds some. */
	for (i = 0; i < count; i++) {
		int number = keep != NULL ? (int)keep[i] : (int)i;
		char what[80];

		if (flatten_one(m, &a, number) != 0) {
			snprintf(what, sizeof(what),
				 "is damaged: page %d's annotations cannot be read", number + 1);
			rc = refuse_damaged(m, err, name, what);
			goto done;
		}
	}
	/* One graft map per source: objects shared by its pages (fonts,
	 * images) are copied once. */
	if (start_graft(m, o->doc, &a) != 0) {
		rc = mu_fail(m, err, SB_EIO, name, "cannot start copying pages");
		goto done;
	}
	for (i = 0; i < count; i++) {
		int number = keep != NULL ? (int)keep[i] : (int)i;
		char what[80];

		if (copy_page(m, o->doc, &a, number) != 0) {
			snprintf(what, sizeof(what), "is damaged: page %d cannot be copied",
				 number + 1);
			rc = refuse_damaged(m, err, name, what);
			goto done;
		}
		/* A broken object met while copying repairs the whole source,
		 * and the pages already copied may no longer be the file's. */
		if (pdf_was_repaired(m->ctx, a.src)) {
			rc = refuse_damaged(m, err, name, "is damaged: some pages may be missing");
			goto done;
		}
	}
	rc = SB_OK;
done:
	if (rc != SB_OK)
		remove_pages_from(m, o->doc, before);
	/* Neither throws. */
	pdf_drop_graft_map(m->ctx, a.map);
	pdf_drop_document(m->ctx, a.src);
	return rc;
}

/* ---- blank pages ---- */

/* Whether page `number` draws anything inside its visible box (see
 * sb_mupdf_page_is_blank). */
static int page_is_blank(mu_state *m, pdf_document *doc, int number, bool *blank)
{
	pdf_page *page = NULL;
	fz_device *dev = NULL;
	int rc = 0;

	mu_begin(m);
	fz_var(page);
	fz_var(dev);
	fz_var(rc);
	fz_try(m->ctx)
	{
		page = pdf_load_page(m->ctx, doc, number);
		*blank = sb_mupdf_page_is_blank(m->ctx, &page->super);
	}
	fz_always(m->ctx)
	{
		fz_drop_device(m->ctx, dev);
		/* page is NULL if loading it threw: &page->super would be
		 * undefined behaviour (UBSan, fuzz_pdf_graft). */
		fz_drop_page(m->ctx, page != NULL ? &page->super : NULL);
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_blank_pages(const char *name, const unsigned char *data, size_t len, bool *blank,
		       size_t npages, sb_error *err)
{
	pdf_document *doc = NULL;
	mu_state m;
	int n = 0, i, rc;

	if (name == NULL || (data == NULL && len > 0) || (blank == NULL && npages > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to read");
	if (!mu_open(&m, SB_PDF_READ_MEMORY_MAX))
		return sb_error_set(err, SB_ENOMEM, name, NULL, "out of memory reading '%s'", name);
	rc = open_checked(&m, name, data, len, &doc, &n, err);
	if (rc != SB_OK)
		goto done;
	if ((size_t)n != npages) {
		rc = sb_error_set(err, SB_EINVAL, name, NULL, "'%s' has %d pages, not %zu", name,
				  n, npages);
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (page_is_blank(&m, doc, i, &blank[i]) != 0) {
			char what[64];

			snprintf(what, sizeof(what), "is damaged: page %d cannot be read", i + 1);
			rc = refuse_damaged(&m, err, name, what);
			goto done;
		}
	}
	if (pdf_was_repaired(m.ctx, doc))
		rc = refuse_damaged(&m, err, name, "is damaged: some pages may be missing");
done:
	pdf_drop_document(m.ctx, doc);
	mu_close(&m);
	return rc;
}

/* ---- stamps ---- */

static const char *const stamp_names[] = {
	"bottom-centre", "bottom-right", "bottom-left", "top-right", "top-centre", "top-left",
};

bool sb_stamp_pos_parse(const char *name, sb_stamp_pos *out)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof(stamp_names) / sizeof(stamp_names[0]); i++) {
		if (strcmp(name, stamp_names[i]) == 0) {
			if (out != NULL)
				*out = (sb_stamp_pos)i;
			return true;
		}
	}
	return false;
}

const char *sb_stamp_pos_name(sb_stamp_pos pos)
{
	if ((unsigned)pos >= sizeof(stamp_names) / sizeof(stamp_names[0]))
		return "bottom-centre";
	return stamp_names[pos];
}

/* A label as the bytes the stamp font shows (Windows-1252, the font's
 * /WinAnsiEncoding); a character it lacks becomes '?'. False if the label
 * is empty or too long. */
static bool stamp_bytes(const char *label, char out[SB_STAMP_LABEL_MAX + 1], size_t *n)
{
	size_t i = 0, k = 0, len;

	if (label == NULL)
		return false;
	len = strlen(label);
	if (len == 0 || len > SB_STAMP_LABEL_MAX)
		return false;
	while (i < len) {
		int rune, c;

		i += (size_t)fz_chartorune(&rune, label + i);
		c = rune >= 0x20 ? fz_windows_1252_from_unicode(rune) : -1;
		/* A Windows-1252 byte, stored in a char as the PDF string's bytes are. */
		out[k++] = (char)(c > 0 && c < 256 ? c : '?');
	}
	out[k] = '\0';
	*n = k;
	return true;
}

/* The width of the stamp's text in points. Throws. */
static float stamp_width(fz_context *ctx, fz_font *helv, const char *bytes, size_t n)
{
	float w = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int u = fz_unicode_from_windows_1252[(unsigned char)bytes[i]];

		w += fz_advance_glyph(ctx, helv, fz_encode_character(ctx, helv, u), 0);
	}
	return w * SB_STAMP_SIZE;
}

/* The stamp's box (display space) for text `width` wide on a page whose
 * visible box is `bounds`: SB_STAMP_MARGIN inside the edges, and on a page
 * too small for that, pushed back inside. */
static fz_rect stamp_box(fz_rect bounds, float width, sb_stamp_pos pos)
{
	float w = width + 2 * SB_STAMP_PAD_X;
	float h = SB_STAMP_SIZE * (SB_STAMP_ASCENT + SB_STAMP_DESCENT) + 2 * SB_STAMP_PAD_Y;
	bool top = pos == SB_STAMP_TOP_LEFT || pos == SB_STAMP_TOP_CENTRE ||
		   pos == SB_STAMP_TOP_RIGHT;
	fz_rect r;

	if (pos == SB_STAMP_BOTTOM_LEFT || pos == SB_STAMP_TOP_LEFT)
		r.x0 = bounds.x0 + SB_STAMP_MARGIN;
	else if (pos == SB_STAMP_BOTTOM_RIGHT || pos == SB_STAMP_TOP_RIGHT)
		r.x0 = bounds.x1 - SB_STAMP_MARGIN - w;
	else
		r.x0 = (bounds.x0 + bounds.x1 - w) / 2;
	r.y0 = top ? bounds.y0 + SB_STAMP_MARGIN : bounds.y1 - SB_STAMP_MARGIN - h;
	if (r.x0 + w > bounds.x1)
		r.x0 = bounds.x1 - w;
	if (r.x0 < bounds.x0)
		r.x0 = bounds.x0;
	if (r.y0 + h > bounds.y1)
		r.y0 = bounds.y1 - h;
	if (r.y0 < bounds.y0)
		r.y0 = bounds.y0;
	r.x1 = r.x0 + w;
	r.y1 = r.y0 + h;
	return r;
}

/* Helvetica's metrics, loaded once. Throws. */
static fz_font *stamp_metrics(fz_context *ctx, out_impl *p)
{
	if (p->metrics == NULL)
		p->metrics = fz_new_base14_font(ctx, "Helvetica");
	return p->metrics;
}

typedef struct stamp_job {
	size_t page;
	const char *bytes;
	size_t n;
	sb_stamp_pos pos;
	fz_rect rect; /* out */
} stamp_job;

static int measure_stamp(out_impl *p, stamp_job *j)
{
	mu_state *m = &p->mu;
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
	{
		pdf_obj *page = pdf_lookup_page_obj(m->ctx, p->pub.doc, (int)j->page);
		fz_rect box;
		fz_matrix ctm;
		float w = stamp_width(m->ctx, stamp_metrics(m->ctx, p), j->bytes, j->n);

		pdf_page_obj_transform(m->ctx, page, &box, &ctm);
		j->rect = stamp_box(fz_transform_rect(box, ctm), w, j->pos);
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_stamp_rect(sb_pdf_out *o, size_t page, const char *label, sb_stamp_pos pos,
			  fz_rect *out, sb_error *err)
{
	char bytes[SB_STAMP_LABEL_MAX + 1];
	stamp_job j;
	int rc;

	if (o == NULL || out == NULL || !stamp_bytes(label, bytes, &j.n))
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "a stamp needs a label of 1 to %d bytes", SB_STAMP_LABEL_MAX);
	rc = check_page(o, page, "cannot place the stamp", err);
	if (rc != SB_OK)
		return rc;
	j.page = page;
	j.bytes = bytes;
	j.pos = pos;
	if (measure_stamp(impl(o), &j) != 0)
		return mu_fail(&impl(o)->mu, err, SB_EIO, NULL, "cannot place the stamp");
	*out = j.rect;
	return SB_OK;
}

/* The name under which the page's resources hold our stamp font, added if
 * missing. Resource dictionaries are often shared by a source's pages:
 * adding the same name for the same font to one twice is harmless. Throws. */
static void stamp_font_name(fz_context *ctx, out_impl *p, pdf_obj *page, char name[32])
{
	pdf_obj *fonts = resource_dict(ctx, page_resources(ctx, p->pub.doc, page), PDF_NAME(Font));
	int i;

	for (i = 0;; i++) {
		pdf_obj *have;

		if (i == 0)
			snprintf(name, 32, "%s", SB_STAMP_FONT_NAME);
		else
			snprintf(name, 32, "%s%d", SB_STAMP_FONT_NAME, i);
		have = pdf_dict_gets(ctx, fonts, name);
		if (have == NULL) {
			pdf_dict_puts(ctx, fonts, name, p->stamp_font);
			return;
		}
		if (pdf_is_indirect(ctx, have) &&
		    pdf_to_num(ctx, have) == pdf_to_num(ctx, p->stamp_font))
			return;
	}
}

/* The shared objects every stamp uses, made on first use. Throws. */
static void stamp_objects(fz_context *ctx, out_impl *p)
{
	pdf_document *doc = p->pub.doc;

	if (p->stamp_font == NULL) {
		/* One of the standard 14 fonts: every reader has it, nothing
		 * to embed, and its text extracts through WinAnsiEncoding. */
		pdf_obj *f = pdf_new_dict(ctx, doc, 4);

		fz_try(ctx)
		{
			pdf_dict_put(ctx, f, PDF_NAME(Type), PDF_NAME(Font));
			pdf_dict_put(ctx, f, PDF_NAME(Subtype), PDF_NAME(Type1));
			pdf_dict_put_name(ctx, f, PDF_NAME(BaseFont), "Helvetica");
			pdf_dict_put(ctx, f, PDF_NAME(Encoding), PDF_NAME(WinAnsiEncoding));
			p->stamp_font = pdf_add_object(ctx, doc, f);
		}
		fz_always(ctx)
			pdf_drop_obj(ctx, f);
		fz_catch(ctx)
			fz_rethrow(ctx);
	}
	if (p->wrap_open == NULL) {
		fz_buffer *q = fz_new_buffer_from_copied_data(ctx, (const unsigned char *)"q\n", 2);

		fz_try(ctx)
			p->wrap_open = pdf_add_stream(ctx, doc, q, NULL, 0);
		fz_always(ctx)
			fz_drop_buffer(ctx, q);
		fz_catch(ctx)
			fz_rethrow(ctx);
	}
}

static int draw_stamp(out_impl *p, stamp_job *j)
{
	mu_state *m = &p->mu;
	fz_buffer *buf = NULL;
	pdf_obj *stm = NULL;
	int rc = 0;

	mu_begin(m);
	fz_var(buf);
	fz_var(stm);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *page = pdf_lookup_page_obj(ctx, p->pub.doc, (int)j->page);
		float w = stamp_width(ctx, stamp_metrics(ctx, p), j->bytes, j->n);
		fz_matrix ctm, inv;
		fz_rect box, r;
		float baseline;
		char font[32];

		pdf_page_obj_transform(ctx, page, &box, &ctm);
		r = stamp_box(fz_transform_rect(box, ctm), w, j->pos);
		j->rect = r;
		inv = fz_invert_matrix(ctm);
		stamp_objects(ctx, p);
		stamp_font_name(ctx, p, page, font);
		/* Close the q that wraps the page's own content, then draw in
		 * display space (y down): the text matrix flips y back so the
		 * letters stand upright. */
		buf = fz_new_buffer(ctx, 256);
		/* + 0: -0 prints as "-0", legal but odd. */
		fz_append_printf(ctx, buf, "Q\nq\n%g %g %g %g %g %g cm\n", inv.a + 0.0f,
				 inv.b + 0.0f, inv.c + 0.0f, inv.d + 0.0f, inv.e + 0.0f, inv.f + 0.0f);
		fz_append_printf(ctx, buf, "1 g\n%g %g %g %g re\nf\n", r.x0, r.y0, r.x1 - r.x0,
				 r.y1 - r.y0);
		baseline = r.y1 - SB_STAMP_PAD_Y - SB_STAMP_DESCENT * SB_STAMP_SIZE;
		fz_append_printf(ctx, buf, "0 g\nBT\n/%s %g Tf\n1 0 0 -1 %g %g Tm\n%( Tj\nET\nQ\n",
				 font, SB_STAMP_SIZE, r.x0 + SB_STAMP_PAD_X, baseline, j->bytes);
		stm = pdf_add_stream(ctx, p->pub.doc, buf, NULL, 0);
		wrap_contents(ctx, page, p->wrap_open, stm);
	}
	fz_always(m->ctx)
	{
		pdf_drop_obj(m->ctx, stm);
		fz_drop_buffer(m->ctx, buf);
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_stamp(sb_pdf_out *o, size_t page, const char *label, sb_stamp_pos pos,
		     sb_error *err)
{
	char bytes[SB_STAMP_LABEL_MAX + 1];
	stamp_job j;
	int rc;

	if (o == NULL || !stamp_bytes(label, bytes, &j.n))
		return sb_error_set(err, SB_EINVAL, NULL, NULL,
				    "a stamp needs a label of 1 to %d bytes", SB_STAMP_LABEL_MAX);
	rc = check_page(o, page, "cannot stamp", err);
	if (rc != SB_OK)
		return rc;
	j.page = page;
	j.bytes = bytes;
	j.pos = pos;
	if (draw_stamp(impl(o), &j) != 0) {
		char what[64];

		snprintf(what, sizeof(what), "cannot stamp page %zu", page + 1);
		return mu_fail(&impl(o)->mu, err, SB_EIO, NULL, what);
	}
	return SB_OK;
}

/* ---- OCR text layers (issue 7) ---- */

void sb_pdf_out_mu_begin(sb_pdf_out *o)
{
	mu_begin(&impl(o)->mu);
	impl(o)->mu.nnotes = 0;
}

void sb_pdf_out_mu_caught(sb_pdf_out *o)
{
	mu_catch(&impl(o)->mu);
}

int sb_pdf_out_mu_fail(sb_pdf_out *o, sb_error *err, int code, const char *file, const char *what)
{
	return mu_fail(&impl(o)->mu, err, code, file, what);
}

/* A word as the bytes Helvetica shows through /WinAnsiEncoding (see
 * stamp_bytes), into a buffer; how many bytes, and *advance its width in
 * em. Control characters and characters outside Windows-1252 become '?'.
 * Throws. */
static size_t word_bytes(fz_context *ctx, fz_font *helv, const char *text, fz_buffer *out,
			 float *advance)
{
	size_t i = 0, n = 0, len = strlen(text);

	*advance = 0;
	while (i < len) {
		int rune, c;

		i += (size_t)fz_chartorune(&rune, text + i);
		c = rune > 0x20 ? fz_windows_1252_from_unicode(rune) : -1;
		if (c <= 0x20 || c > 255)
			c = '?';
		fz_append_byte(ctx, out, c);
		*advance += fz_advance_glyph(
		    ctx, helv, fz_encode_character(ctx, helv, fz_unicode_from_windows_1252[c]), 0);
		n++;
	}
	return n;
}

typedef struct layer_job {
	size_t page;
	const sb_ocr_word *words;
	size_t n;
	fz_matrix place;
	size_t drawn; /* out: words laid */
} layer_job;

/* Append a content stream to the page's /Contents. Throws. */
static void append_contents(fz_context *ctx, pdf_obj *page, pdf_obj *stm)
{
	pdf_obj *old = pdf_dict_get(ctx, page, PDF_NAME(Contents));

	if (pdf_is_array(ctx, old)) {
		pdf_array_push(ctx, old, stm);
	} else {
		pdf_obj *arr = pdf_new_array(ctx, pdf_get_bound_document(ctx, page), 2);

		fz_try(ctx)
		{
			if (old != NULL)
				pdf_array_push(ctx, arr, old);
			pdf_array_push(ctx, arr, stm);
			pdf_dict_put(ctx, page, PDF_NAME(Contents), arr);
		}
		fz_always(ctx)
			pdf_drop_obj(ctx, arr);
		fz_catch(ctx)
			fz_rethrow(ctx);
	}
}

static int draw_text_layer(out_impl *p, layer_job *j)
{
	mu_state *m = &p->mu;
	fz_buffer *buf = NULL, *word = NULL;
	pdf_obj *stm = NULL;
	int rc = 0;

	mu_begin(m);
	fz_var(buf);
	fz_var(word);
	fz_var(stm);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *page = pdf_lookup_page_obj(ctx, p->pub.doc, (int)j->page);
		fz_font *helv = stamp_metrics(ctx, p);
		fz_matrix ctm;
		fz_rect box, bounds;
		char font[32];
		size_t i, last = j->n;

		pdf_page_obj_transform(ctx, page, &box, &ctm);
		bounds = fz_transform_rect(box, ctm);
		stamp_objects(ctx, p);
		stamp_font_name(ctx, p, page, font);
		/* The last word that will be drawn gets no space after it. */
		while (last > 0 && (j->words[last - 1].text == NULL ||
				    j->words[last - 1].text[0] == '\0'))
			last--;
		buf = fz_new_buffer(ctx, 64 + j->n * 64);
		word = fz_new_buffer(ctx, 64);
		fz_append_string(ctx, buf, "q\nBT\n3 Tr\n");
		for (i = 0; i < j->n; i++) {
			const sb_ocr_word *w = &j->words[i];
			sb_pdf_word_place wp;
			fz_rect r;
			float advance;

			if (w->text == NULL || w->text[0] == '\0')
				continue;
			fz_clear_buffer(ctx, word);
			(void)word_bytes(ctx, helv, w->text, word, &advance);
			r = fz_transform_rect(fz_make_rect(w->x0, w->y0, w->x1, w->y1), j->place);
			r = fz_translate_rect(r, bounds.x0, bounds.y0);
			if (!sb_pdf_word_place_for(ctm, r, advance, &wp))
				continue;
			if (i + 1 < last)
				fz_append_byte(ctx, word, ' ');
			fz_terminate_buffer(ctx, word);
			/* + 0: -0 prints as "-0", legal but odd. */
			fz_append_printf(ctx, buf, "/%s %g Tf %g Tz %g %g %g %g %g %g Tm %( Tj\n",
					 font, wp.size, wp.scale, wp.tm.a + 0.0f, wp.tm.b + 0.0f,
					 wp.tm.c + 0.0f, wp.tm.d + 0.0f, wp.tm.e + 0.0f,
					 wp.tm.f + 0.0f, (const char *)word->data);
			j->drawn++;
		}
		fz_append_string(ctx, buf, "ET\nQ\n");
		if (j->drawn > 0) {
			stm = pdf_add_stream(ctx, p->pub.doc, buf, NULL, 0);
			append_contents(ctx, page, stm);
		}
	}
	fz_always(m->ctx)
	{
		pdf_drop_obj(m->ctx, stm);
		fz_drop_buffer(m->ctx, buf);
		fz_drop_buffer(m->ctx, word);
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_add_text_layer(sb_pdf_out *o, size_t page, const sb_ocr_word *words,
			      size_t nwords, fz_matrix place, sb_error *err)
{
	layer_job j;
	int rc;

	if (o == NULL || (words == NULL && nwords > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no text layer to add");
	if (nwords == 0)
		return SB_OK;
	rc = check_page(o, page, "cannot add the text layer", err);
	if (rc != SB_OK)
		return rc;
	memset(&j, 0, sizeof(j));
	j.page = page;
	j.words = words;
	j.n = nwords;
	j.place = place;
	if (draw_text_layer(impl(o), &j) != 0) {
		char what[80];

		snprintf(what, sizeof(what), "cannot add the OCR text to page %zu", page + 1);
		return mu_fail(&impl(o)->mu, err, SB_EIO, NULL, what);
	}
	return SB_OK;
}

/* ---- page labels, outline, links, info ---- */

static int put_page_labels(mu_state *m, pdf_document *doc, const sb_page_label_range *r,
			   size_t n)
{
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *root = pdf_dict_get(ctx, pdf_trailer(ctx, doc), PDF_NAME(Root));
		pdf_obj *labels = pdf_add_new_dict(ctx, doc, 1);
		pdf_obj *nums;
		size_t i;

		/* No PDF_NAME(PageLabels) in MuPDF 1.21 (docs/libraries.md). */
		pdf_dict_puts_drop(ctx, root, "PageLabels", labels);
		nums = pdf_dict_put_array(ctx, labels, PDF_NAME(Nums), (int)(2 * n));
		for (i = 0; i < n; i++) {
			pdf_obj *d;

			pdf_array_push_int(ctx, nums, (int64_t)r[i].first);
			d = pdf_new_dict(ctx, doc, 3);
			pdf_array_push_drop(ctx, nums, d);
			pdf_dict_put(ctx, d, PDF_NAME(S), PDF_NAME(D));
			if (r[i].prefix != NULL && r[i].prefix[0] != '\0')
				pdf_dict_put_text_string(ctx, d, PDF_NAME(P), r[i].prefix);
			pdf_dict_puts_drop(ctx, d, "St", pdf_new_int(ctx, r[i].start));
		}
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_set_page_labels(sb_pdf_out *o, const sb_page_label_range *r, size_t n,
			       sb_error *err)
{
	size_t pages, i;

	if (o == NULL || r == NULL || n == 0)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no page labels to set");
	pages = sb_pdf_out_page_count(o);
	for (i = 0; i < n; i++) {
		/* PDF 32000-1 12.4.2: /St must be 1 or more; the first range
		 * starts at page 0. */
		if ((i == 0 && r[i].first != 0) || (i > 0 && r[i].first <= r[i - 1].first) ||
		    r[i].first >= pages || r[i].start < 1)
			return sb_error_set(err, SB_EINVAL, NULL, NULL,
					    "page label range %zu (page %zu, start %d) is not "
					    "ascending from page 1 inside the bundle's %zu pages",
					    i + 1, r[i].first + 1, r[i].start, pages);
	}
	if (put_page_labels(&impl(o)->mu, o->doc, r, n) != 0)
		return mu_fail(&impl(o)->mu, err, SB_EIO, NULL, "cannot set the page labels");
	return SB_OK;
}

/* [page /XYZ null null zoom]: left and top null keep the reader's
 * position, a null zoom keeps its zoom (bundle-spec "Format" 3). Throws. */
static pdf_obj *xyz_dest(fz_context *ctx, pdf_document *doc, int page, float zoom)
{
	pdf_obj *d = pdf_new_array(ctx, doc, 5);

	fz_try(ctx)
	{
		pdf_array_push(ctx, d, pdf_lookup_page_obj(ctx, doc, page));
		pdf_array_push(ctx, d, PDF_NAME(XYZ));
		pdf_array_push(ctx, d, PDF_NULL);
		pdf_array_push(ctx, d, PDF_NULL);
		if (zoom > 0)
			pdf_array_push_real(ctx, d, zoom);
		else
			pdf_array_push(ctx, d, PDF_NULL);
	}
	fz_catch(ctx)
	{
		pdf_drop_obj(ctx, d);
		fz_rethrow(ctx);
	}
	return d;
}

typedef struct outline_job {
	const sb_outline_item *items;
	size_t n;
	pdf_obj **refs; /* n + 1: [n] is the outline root */
} outline_job;

/* Link item i under `parent` after `prev` (NULL: first child). Throws. */
static void link_item(fz_context *ctx, pdf_obj *item, pdf_obj *parent, pdf_obj *prev)
{
	pdf_dict_put(ctx, item, PDF_NAME(Parent), parent);
	if (prev != NULL) {
		pdf_dict_put(ctx, prev, PDF_NAME(Next), item);
		pdf_dict_put(ctx, item, PDF_NAME(Prev), prev);
	} else {
		pdf_dict_put(ctx, parent, PDF_NAME(First), item);
	}
	pdf_dict_put(ctx, parent, PDF_NAME(Last), item);
}

static int put_outline(mu_state *m, pdf_document *doc, outline_job *j)
{
	size_t i;
	int rc = 0;

	mu_begin(m);
	fz_var(i);
	fz_var(rc);
	i = 0;
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *root = pdf_dict_get(ctx, pdf_trailer(ctx, doc), PDF_NAME(Root));
		pdf_obj *outlines, *section = NULL, *prev1 = NULL, *prev2 = NULL;
		int children = 0;

		for (i = 0; i <= j->n; i++)
			j->refs[i] = pdf_add_new_dict(ctx, doc, 6);
		outlines = j->refs[j->n];
		pdf_dict_put(ctx, outlines, PDF_NAME(Type), PDF_NAME(Outlines));
		for (i = 0; i < j->n; i++) {
			pdf_obj *item = j->refs[i];

			pdf_dict_put_text_string(ctx, item, PDF_NAME(Title), j->items[i].title);
			pdf_dict_put_drop(ctx, item, PDF_NAME(Dest),
					  xyz_dest(ctx, doc, (int)j->items[i].page, 0));
			if (j->items[i].level == 1) {
				/* Sections open, showing their documents:
				 * /Count is then the number of children. */
				if (section != NULL && children > 0)
					pdf_dict_put_int(ctx, section, PDF_NAME(Count), children);
				link_item(ctx, item, outlines, prev1);
				section = prev1 = item;
				prev2 = NULL;
				children = 0;
			} else {
				link_item(ctx, item, section, prev2);
				prev2 = item;
				children++;
			}
		}
		if (section != NULL && children > 0)
			pdf_dict_put_int(ctx, section, PDF_NAME(Count), children);
		/* Every item is visible: sections are open. */
		pdf_dict_put_int(ctx, outlines, PDF_NAME(Count), (int64_t)j->n);
		pdf_dict_put(ctx, root, PDF_NAME(Outlines), outlines);
		pdf_dict_put(ctx, root, PDF_NAME(PageMode), PDF_NAME(UseOutlines));
		/* Opens at page 1, 100% (bundle-spec "Format" 3). */
		pdf_dict_puts_drop(ctx, root, "OpenAction", xyz_dest(ctx, doc, 0, 1));
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_set_outline(sb_pdf_out *o, const sb_outline_item *items, size_t n,
			   sb_error *err)
{
	outline_job j = {items, n, NULL};
	size_t pages, i;
	int rc;

	if (o == NULL || (items == NULL && n > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no outline to set");
	pages = sb_pdf_out_page_count(o);
	if (pages == 0)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "the bundle has no pages");
	for (i = 0; i < n; i++) {
		if (items[i].title == NULL || items[i].page >= pages ||
		    (items[i].level != 1 && items[i].level != 2) ||
		    (i == 0 && items[i].level != 1))
			return sb_error_set(err, SB_EINVAL, NULL, NULL,
					    "bookmark %zu is not a section or a document under "
					    "one, on one of the bundle's %zu pages",
					    i + 1, pages);
	}
	// NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
	j.refs = calloc(n + 1, sizeof(*j.refs));
	if (j.refs == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory for the bookmarks");
	rc = SB_OK;
	if (put_outline(&impl(o)->mu, o->doc, &j) != 0)
		rc = mu_fail(&impl(o)->mu, err, SB_EIO, NULL, "cannot set the bookmarks");
	for (i = 0; i <= n; i++)
		pdf_drop_obj(o->ctx, j.refs[i]); /* never throws */
	free(j.refs);
	return rc;
}

typedef struct link_job {
	size_t page;
	fz_rect rect;
	size_t dest;
} link_job;

static int put_link(mu_state *m, pdf_document *doc, const link_job *j)
{
	pdf_obj *annot = NULL;
	int rc = 0;

	mu_begin(m);
	fz_var(annot);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *page = pdf_lookup_page_obj(ctx, doc, (int)j->page);
		pdf_obj *annots, *border;
		fz_matrix ctm;
		fz_rect box;

		/* Display space back to the page's own user space, whatever
		 * its /Rotate and boxes. */
		pdf_page_obj_transform(ctx, page, &box, &ctm);
		annot = pdf_add_new_dict(ctx, doc, 6);
		pdf_dict_put(ctx, annot, PDF_NAME(Type), PDF_NAME(Annot));
		pdf_dict_put(ctx, annot, PDF_NAME(Subtype), PDF_NAME(Link));
		pdf_dict_put_rect(ctx, annot, PDF_NAME(Rect),
				  fz_transform_rect(j->rect, fz_invert_matrix(ctm)));
		border = pdf_dict_put_array(ctx, annot, PDF_NAME(Border), 3);
		pdf_array_push_int(ctx, border, 0);
		pdf_array_push_int(ctx, border, 0);
		pdf_array_push_int(ctx, border, 0);
		pdf_dict_put_drop(ctx, annot, PDF_NAME(Dest), xyz_dest(ctx, doc, (int)j->dest, 0));
		pdf_dict_put(ctx, annot, PDF_NAME(P), page);
		annots = pdf_dict_get(ctx, page, PDF_NAME(Annots));
		if (!pdf_is_array(ctx, annots))
			annots = pdf_dict_put_array(ctx, page, PDF_NAME(Annots), 4);
		pdf_array_push(ctx, annots, annot);
	}
	fz_always(m->ctx)
		pdf_drop_obj(m->ctx, annot);
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_add_link(sb_pdf_out *o, size_t page, fz_rect rect, size_t dest, sb_error *err)
{
	link_job j = {page, rect, dest};
	int rc;

	if (o == NULL || !isfinite(rect.x0) || !isfinite(rect.y0) || !isfinite(rect.x1) ||
	    !isfinite(rect.y1) || fz_is_empty_rect(rect))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "a link needs a rectangle");
	rc = check_page(o, page, "cannot add a link", err);
	if (rc == SB_OK)
		rc = check_page(o, dest, "cannot link", err);
	if (rc != SB_OK)
		return rc;
	if (put_link(&impl(o)->mu, o->doc, &j) != 0)
		return mu_fail(&impl(o)->mu, err, SB_EIO, NULL, "cannot add a link");
	return SB_OK;
}

static int put_info(mu_state *m, pdf_document *doc, const char *title, const char *subject)
{
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *trailer = pdf_trailer(ctx, doc);
		pdf_obj *info = pdf_dict_get(ctx, trailer, PDF_NAME(Info));

		if (info == NULL) {
			info = pdf_add_new_dict(ctx, doc, 3);
			pdf_dict_put_drop(ctx, trailer, PDF_NAME(Info), info);
		}
		if (title != NULL)
			pdf_dict_put_text_string(ctx, info, PDF_NAME(Title), title);
		if (subject != NULL)
			pdf_dict_put_text_string(ctx, info, PDF_NAME(Subject), subject);
		pdf_dict_put_text_string(ctx, info, PDF_NAME(Creator), "sendbundle");
		/* Dates would make every build differ (docs/style.md rule 7). */
		pdf_dict_del(ctx, info, PDF_NAME(CreationDate));
		pdf_dict_del(ctx, info, PDF_NAME(ModDate));
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

static int put_turn(mu_state *m, pdf_document *doc, size_t page, int turn)
{
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *obj = pdf_lookup_page_obj(ctx, doc, (int)page);
		int was = pdf_to_int(ctx, pdf_dict_get_inheritable(ctx, obj, PDF_NAME(Rotate)));

		/* PDF 32000-1 Table 30: a multiple of 90, clockwise; MuPDF
		 * snaps others, so snap before adding. */
		was = ((was % 360) + 360) % 360;
		was = 90 * ((was + 45) / 90) % 360;
		pdf_dict_put_int(ctx, obj, PDF_NAME(Rotate), (was + turn) % 360);
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_turn_page(sb_pdf_out *o, size_t page, int turn, sb_error *err)
{
	if (o == NULL || page >= sb_pdf_out_page_count(o) ||
	    (turn != 90 && turn != 180 && turn != 270))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no such page to turn");
	if (put_turn(&impl(o)->mu, o->doc, page, turn) != 0)
		return mu_fail(&impl(o)->mu, err, SB_EIO, NULL, "cannot turn a page upright");
	return SB_OK;
}

int sb_pdf_out_set_info(sb_pdf_out *o, const char *title, const char *subject, sb_error *err)
{
	if (o == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no bundle");
	if (put_info(&impl(o)->mu, o->doc, title, subject) != 0)
		return mu_fail(&impl(o)->mu, err, SB_EIO, NULL, "cannot set the document title");
	return SB_OK;
}

/* ---- saving ---- */

typedef struct save_job {
	unsigned char id[16];
	fz_buffer *out;
} save_job;

static int write_pdf(out_impl *p, save_job *j)
{
	mu_state *m = &p->mu;
	fz_output *out = NULL;
	int rc = 0;

	mu_begin(m);
	fz_var(out);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_write_options opts = pdf_default_write_options;
		pdf_obj *trailer = pdf_trailer(ctx, p->pub.doc);
		pdf_obj *id = pdf_dict_put_array(ctx, trailer, PDF_NAME(ID), 2);

		/* The same seed, the same /ID, the same bytes: MuPDF would
		 * otherwise make the /ID from the time. */
		pdf_array_push_string(ctx, id, (const char *)j->id, sizeof(j->id));
		pdf_array_push_string(ctx, id, (const char *)j->id, sizeof(j->id));
		opts.dont_regenerate_id = 1;
		/* Unused objects dropped and the rest renumbered in order; the
		 * streams we wrote uncompressed (stamps, flattened annotations)
		 * compressed. */
		opts.do_garbage = 2;
		opts.do_compress = 1;
		opts.do_compress_fonts = 1;
		j->out = fz_new_buffer(ctx, 1 << 16);
		out = fz_new_output_with_buffer(ctx, j->out);
		pdf_write_document(ctx, p->pub.doc, out, &opts);
		fz_close_output(ctx, out);
	}
	fz_always(m->ctx)
		fz_drop_output(m->ctx, out);
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

int sb_pdf_out_save(sb_pdf_out *o, const char *id_seed, unsigned char **data, size_t *len,
		    sb_error *err)
{
	save_job j;
	out_impl *p;
	unsigned char digest[32];
	fz_sha256 sha;
	int rc = SB_OK;

	if (o == NULL || id_seed == NULL || data == NULL || len == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to save");
	*data = NULL;
	*len = 0;
	p = impl(o);
	if (sb_pdf_out_page_count(o) == 0)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "the bundle has no pages");
	memset(&j, 0, sizeof(j));
	fz_sha256_init(&sha);
	fz_sha256_update(&sha, (const unsigned char *)id_seed, strlen(id_seed));
	fz_sha256_final(&sha, digest);
	memcpy(j.id, digest, sizeof(j.id));
	if (write_pdf(p, &j) != 0) {
		rc = mu_fail(&p->mu, err, SB_EIO, NULL, "cannot write the bundle PDF");
		goto done;
	}
	*data = malloc(j.out->len > 0 ? j.out->len : 1);
	if (*data == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory saving the bundle");
		goto done;
	}
	memcpy(*data, j.out->data, j.out->len);
	*len = j.out->len;
done:
	/* Garbage collection renumbers the objects: the cached references
	 * would now name other objects. They are made again if needed. */
	pdf_drop_obj(o->ctx, p->stamp_font);
	pdf_drop_obj(o->ctx, p->wrap_open);
	p->stamp_font = NULL;
	p->wrap_open = NULL;
	fz_drop_buffer(o->ctx, j.out);
	return rc;
}

/* ---- reading a finished PDF back ---- */

/* The code points read inside a stamp's rectangle (more are dropped). */
typedef struct rune_list {
	int c[SB_STAMP_READ_MAX];
	size_t n;
} rune_list;

/*
 * A device that keeps the text a reader sees inside one rectangle: the
 * characters whose centre lies in it, in drawing order, forgetting those an
 * opaque fill covering the whole rectangle paints over later (the stamp's
 * white box hides a source's own footer, which is still in the text layer).
 */
typedef struct stamp_dev {
	fz_device super;
	fz_rect rect;
	rune_list *out;
} stamp_dev;

static bool covers(fz_rect area, fz_rect r)
{
	return fz_contains_rect(fz_expand_rect(area, 0.5f), r);
}

static void sd_text(fz_context *ctx, stamp_dev *d, const fz_text *text, fz_matrix ctm)
{
	const fz_text_span *span;
	int i;

	for (span = text->head; span != NULL; span = span->next) {
		float em = fz_matrix_expansion(fz_concat(span->trm, ctm));
		/* Glyphs whose origin is further than this from the rectangle
		 * cannot have their centre in it: skip measuring them (most of
		 * a page, and measuring is most of the cost). */
		fz_rect near = fz_expand_rect(d->rect, 2 * em);

		for (i = 0; i < span->len; i++) {
			const fz_text_item *it = &span->items[i];
			fz_matrix trm = span->trm;
			float adv = 0;
			fz_point c;

			if (it->ucs < 0)
				continue;
			trm.e = it->x;
			trm.f = it->y;
			trm = fz_concat(trm, ctm);
			if (!fz_is_point_inside_rect(fz_make_point(trm.e, trm.f), near))
				continue;
			if (it->gid >= 0)
				adv = fz_advance_glyph(ctx, span->font, it->gid, span->wmode);
			/* The glyph's centre: half its advance along, a third of
			 * an em up from the baseline. */
			c = fz_transform_point_xy(adv / 2, 0.3f, trm);
			if (c.x >= d->rect.x0 && c.x <= d->rect.x1 && c.y >= d->rect.y0 &&
			    c.y <= d->rect.y1 && d->out->n < SB_STAMP_READ_MAX)
				d->out->c[d->out->n++] = it->ucs;
		}
	}
}

static void sd_fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
			 fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
	(void)cs;
	(void)color;
	(void)alpha;
	(void)cp;
	sd_text(ctx, (stamp_dev *)dev, text, ctm);
}

static void sd_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
			   const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
			   const float *color, float alpha, fz_color_params cp)
{
	(void)st;
	sd_fill_text(ctx, dev, text, ctm, cs, color, alpha, cp);
}

static void sd_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
			 fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha,
			 fz_color_params cp)
{
	stamp_dev *d = (stamp_dev *)dev;

	(void)even_odd;
	(void)cs;
	(void)color;
	(void)cp;
	if (alpha >= 1 && covers(fz_bound_path(ctx, path, NULL, ctm), d->rect))
		d->out->n = 0;
}

static void sd_fill_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
			  float alpha, fz_color_params cp)
{
	stamp_dev *d = (stamp_dev *)dev;

	(void)ctx;
	(void)img;
	(void)cp;
	if (alpha >= 1 && covers(fz_transform_rect(fz_unit_rect, ctm), d->rect))
		d->out->n = 0;
}

/* Throws. */
static fz_device *new_stamp_device(fz_context *ctx, fz_rect rect, rune_list *out)
{
	stamp_dev *d = fz_new_derived_device(ctx, stamp_dev);

	d->super.fill_text = sd_fill_text;
	d->super.stroke_text = sd_stroke_text;
	d->super.fill_path = sd_fill_path;
	d->super.fill_image = sd_fill_image;
	d->rect = rect;
	d->out = out;
	return &d->super;
}

/* A malloc'd UTF-8 copy of s. */
static char *dup_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

static char *runes_to_utf8(const rune_list *r)
{
	char *s = malloc(r->n * 4 + 1);
	size_t i, k = 0;

	if (s == NULL)
		return NULL;
	for (i = 0; i < r->n; i++) {
		int c = r->c[i];

		if (c <= 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			c = 0xFFFD;
		k += (size_t)fz_runetochar(s + k, c);
	}
	s[k] = '\0';
	return s;
}

/* One range of /PageLabels as read. */
typedef struct label_range {
	int first;
	char style; /* 'D', 'R', 'r', 'A', 'a', or 0 for none */
	char *prefix;
	int start;
} label_range;

typedef struct inspect_state {
	mu_state mu;
	pdf_document *doc;
	int npages;
	sb_pdf_info *info;
	size_t links_cap, outline_cap;
	label_range *ranges;
	size_t nranges, ranges_cap;
	size_t walked;
	bool nomem;
} inspect_state;

/* The 0-based page a destination names: an explicit [page ...] array,
 * a named destination, or a /D inside either; SIZE_MAX if none. *zoom_kept:
 * it is /XYZ with a null or 0 zoom. Throws. */
static size_t dest_page(fz_context *ctx, pdf_document *doc, pdf_obj *dest, bool *zoom_kept)
{
	pdf_obj *first, *type;
	int n;

	*zoom_kept = false;
	if (pdf_is_name(ctx, dest) || pdf_is_string(ctx, dest))
		dest = pdf_lookup_dest(ctx, doc, dest);
	if (pdf_is_dict(ctx, dest))
		dest = pdf_dict_get(ctx, dest, PDF_NAME(D));
	if (!pdf_is_array(ctx, dest) || pdf_array_len(ctx, dest) < 1)
		return SIZE_MAX;
	type = pdf_array_get(ctx, dest, 1);
	if (pdf_name_eq(ctx, type, PDF_NAME(XYZ))) {
		pdf_obj *zoom = pdf_array_get(ctx, dest, 4);

		*zoom_kept = zoom == NULL || pdf_is_null(ctx, zoom) ||
			     (pdf_is_number(ctx, zoom) && pdf_to_real(ctx, zoom) == 0);
	}
	first = pdf_array_get(ctx, dest, 0);
	if (pdf_is_int(ctx, first))
		n = pdf_to_int(ctx, first);
	else if (pdf_is_dict(ctx, first))
		n = pdf_lookup_page_number(ctx, doc, first);
	else
		n = -1;
	return n < 0 ? SIZE_MAX : (size_t)n;
}

/* Where an outline item or a link goes: /Dest, or a GoTo action's /D. Throws. */
static size_t target_page(fz_context *ctx, pdf_document *doc, pdf_obj *obj, bool *zoom_kept)
{
	pdf_obj *dest = pdf_dict_get(ctx, obj, PDF_NAME(Dest));

	if (dest == NULL) {
		pdf_obj *action = pdf_dict_get(ctx, obj, PDF_NAME(A));

		if (pdf_name_eq(ctx, pdf_dict_get(ctx, action, PDF_NAME(S)), PDF_NAME(GoTo)))
			dest = pdf_dict_get(ctx, action, PDF_NAME(D));
	}
	*zoom_kept = false;
	return dest != NULL ? dest_page(ctx, doc, dest, zoom_kept) : SIZE_MAX;
}

/* Collect /PageLabels ranges from a number-tree node. Throws. */
static void walk_labels(fz_context *ctx, inspect_state *s, pdf_obj *node, int depth)
{
	pdf_obj *nums = pdf_dict_get(ctx, node, PDF_NAME(Nums));
	pdf_obj *kids = pdf_dict_get(ctx, node, PDF_NAME(Kids));
	int i, n;

	if (depth > SB_DEPTH_MAX || ++s->walked > SB_WALK_MAX)
		fz_throw(ctx, FZ_ERROR_GENERIC, "page labels nest too deep");
	n = pdf_array_len(ctx, kids);
	for (i = 0; i < n; i++)
		walk_labels(ctx, s, pdf_array_get(ctx, kids, i), depth + 1);
	n = pdf_array_len(ctx, nums);
	for (i = 0; i + 1 < n; i += 2) {
		pdf_obj *d = pdf_array_get(ctx, nums, i + 1);
		const char *style = pdf_dict_get_name(ctx, d, PDF_NAME(S));
		pdf_obj *st = pdf_dict_gets(ctx, d, "St");
		label_range *r;

		if (s->nranges == s->ranges_cap) {
			size_t cap = s->ranges_cap ? s->ranges_cap * 2 : 8;
			label_range *grown = realloc(s->ranges, cap * sizeof(*grown));

			if (grown == NULL) {
				s->nomem = true;
				fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
			}
			s->ranges = grown;
			s->ranges_cap = cap;
		}
		r = &s->ranges[s->nranges];
		r->first = pdf_to_int(ctx, pdf_array_get(ctx, nums, i));
		r->style = 0;
		if (strlen(style) == 1 && strchr("DRrAa", style[0]) != NULL)
			r->style = style[0];
		r->start = st != NULL ? pdf_to_int(ctx, st) : 1;
		r->prefix = dup_string(pdf_dict_get_text_string(ctx, d, PDF_NAME(P)));
		if (r->prefix == NULL) {
			s->nomem = true;
			fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
		}
		s->nranges++;
	}
}

static int read_labels(inspect_state *s)
{
	mu_state *m = &s->mu;
	int rc = 0;

	mu_begin(m);
	fz_var(rc);
	fz_try(m->ctx)
	{
		pdf_obj *labels = pdf_dict_getp(m->ctx, pdf_trailer(m->ctx, s->doc),
						"Root/PageLabels");

		if (labels != NULL)
			walk_labels(m->ctx, s, labels, 0);
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

/* value in the range's style, appended to out (at least 32 bytes free
 * beyond what a roman or letter number needs, capped). */
static void format_number(char style, int value, char *out, size_t size)
{
	static const char *const roman[] = {"m", "cm", "d", "cd", "c", "xc", "l",
					    "xl", "x", "ix", "v", "iv", "i"};
	static const int worth[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	size_t k = strlen(out);
	int i;

	if (style == 'D' || value < 1 || (style != 'R' && style != 'r' && style != 'A' &&
					   style != 'a')) {
		if (style != 0)
			snprintf(out + k, size - k, "%d", value);
		return;
	}
	if (style == 'R' || style == 'r') {
		for (i = 0; i < 13; i++) {
			while (value >= worth[i] && k + 3 < size) {
				const char *p;

				for (p = roman[i]; *p != '\0'; p++)
					out[k++] = (char)(style == 'R' ? *p - 'a' + 'A' : *p);
				value -= worth[i];
			}
		}
	} else {
		/* A-Z, then AA-ZZ, AAA-ZZZ... (PDF 32000-1 12.4.2) */
		int times = (value - 1) / 26 + 1;
		char c = (char)((style == 'A' ? 'A' : 'a') + (value - 1) % 26);

		while (times-- > 0 && k + 1 < size)
			out[k++] = c;
	}
	out[k] = '\0';
}

static char *label_for(const inspect_state *s, int page)
{
	const label_range *best = NULL;
	char buf[256];
	size_t i;

	for (i = 0; i < s->nranges; i++) {
		const label_range *r = &s->ranges[i];

		if (r->first <= page && (best == NULL || r->first >= best->first))
			best = r;
	}
	buf[0] = '\0';
	if (best != NULL) {
		long long value = (long long)best->start + (page - best->first);

		if (value > INT_MAX)
			value = INT_MAX;
		snprintf(buf, sizeof(buf), "%s", best->prefix);
		format_number(best->style, (int)value, buf, sizeof(buf));
	}
	return dup_string(buf);
}

static bool push_link(inspect_state *s, const sb_pdf_link_info *l)
{
	sb_pdf_info *info = s->info;

	if (info->nlinks == s->links_cap) {
		size_t cap = s->links_cap ? s->links_cap * 2 : 16;
		sb_pdf_link_info *grown = realloc(info->links, cap * sizeof(*grown));

		if (grown == NULL)
			return false;
		info->links = grown;
		s->links_cap = cap;
	}
	info->links[info->nlinks++] = *l;
	return true;
}

typedef struct page_job {
	int number;
	const char *stamp; /* NULL: none to read */
	sb_stamp_pos pos;
	rune_list text;
	fz_font *helv;
	sb_inspect_depth depth;
} page_job;

/* Run only the page's last content stream (the stamp's: see
 * SB_INSPECT_STAMP_STREAM) through dev, with the page's resources and
 * transform. Throws. */
static void run_last_stream(fz_context *ctx, pdf_document *doc, pdf_page *page, fz_device *dev,
			    fz_matrix ctm)
{
	pdf_obj *contents = pdf_dict_get(ctx, page->obj, PDF_NAME(Contents));
	pdf_obj *last = contents;
	pdf_processor *proc;

	if (pdf_is_array(ctx, contents))
		last = pdf_array_get(ctx, contents, pdf_array_len(ctx, contents) - 1);
	if (!pdf_is_stream(ctx, last))
		return;
	proc = pdf_new_run_processor(ctx, dev, ctm, "View", NULL, NULL, NULL);
	fz_try(ctx)
	{
		pdf_process_contents(ctx, proc, doc, pdf_page_resources(ctx, page), last, NULL);
		pdf_close_processor(ctx, proc);
	}
	fz_always(ctx)
		pdf_drop_processor(ctx, proc);
	fz_catch(ctx)
		fz_rethrow(ctx);
}

/* The page's links, and the text inside its stamp rectangle. */
static int read_page(inspect_state *s, page_job *j)
{
	mu_state *m = &s->mu;
	pdf_page *page = NULL;
	fz_device *dev = NULL;
	int rc = 0;

	mu_begin(m);
	j->text.n = 0;
	fz_var(page);
	fz_var(dev);
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *annots;
		fz_matrix ctm;
		fz_rect box;
		int i, n;

		page = pdf_load_page(ctx, s->doc, j->number);
		pdf_page_transform(ctx, page, &box, &ctm);
		annots = pdf_dict_get(ctx, page->obj, PDF_NAME(Annots));
		n = pdf_array_len(ctx, annots);
		for (i = 0; i < n; i++) {
			pdf_obj *a = pdf_array_get(ctx, annots, i);
			sb_pdf_link_info l;
			bool zoom;

			if (!pdf_name_eq(ctx, pdf_dict_get(ctx, a, PDF_NAME(Subtype)),
					 PDF_NAME(Link)))
				continue;
			l.page = (size_t)j->number;
			l.rect = fz_transform_rect(pdf_dict_get_rect(ctx, a, PDF_NAME(Rect)), ctm);
			l.dest = target_page(ctx, s->doc, a, &zoom);
			if (!push_link(s, &l)) {
				s->nomem = true;
				fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
			}
		}
		if (j->stamp != NULL) {
			char bytes[SB_STAMP_LABEL_MAX + 1];
			size_t nb;

			if (j->helv == NULL)
				j->helv = fz_new_base14_font(ctx, "Helvetica");
			if (stamp_bytes(j->stamp, bytes, &nb)) {
				fz_rect r = stamp_box(fz_transform_rect(box, ctm),
						      stamp_width(ctx, j->helv, bytes, nb), j->pos);

				dev = new_stamp_device(ctx, r, &j->text);
				if (j->depth == SB_INSPECT_WHOLE_PAGE)
					pdf_run_page(ctx, page, dev, fz_identity, NULL);
				else
					run_last_stream(ctx, s->doc, page, dev, ctm);
				fz_close_device(ctx, dev);
			}
		}
	}
	fz_always(m->ctx)
	{
		fz_drop_device(m->ctx, dev);
		/* page is NULL if loading it threw: &page->super would be
		 * undefined behaviour (UBSan, fuzz_pdf_graft). */
		fz_drop_page(m->ctx, page != NULL ? &page->super : NULL);
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

static bool push_outline(inspect_state *s, int level, const char *title, size_t page,
			 bool keeps_zoom)
{
	sb_pdf_info *info = s->info;
	sb_pdf_outline_info *o;

	if (info->noutline == s->outline_cap) {
		size_t cap = s->outline_cap ? s->outline_cap * 2 : 16;
		sb_pdf_outline_info *grown = realloc(info->outline, cap * sizeof(*grown));

		if (grown == NULL)
			return false;
		info->outline = grown;
		s->outline_cap = cap;
	}
	o = &info->outline[info->noutline];
	o->title = dup_string(title);
	if (o->title == NULL)
		return false;
	o->level = level;
	o->page = page;
	o->keeps_zoom = keeps_zoom;
	info->noutline++;
	return true;
}

/* The children of an outline node, depth first. Throws. */
static void walk_outline(fz_context *ctx, inspect_state *s, pdf_obj *node, int level)
{
	pdf_obj *item;

	if (level > SB_DEPTH_MAX)
		fz_throw(ctx, FZ_ERROR_GENERIC, "the outline nests too deep");
	for (item = pdf_dict_get(ctx, node, PDF_NAME(First)); item != NULL;
	     item = pdf_dict_get(ctx, item, PDF_NAME(Next))) {
		bool zoom;
		size_t page;

		if (++s->walked > SB_WALK_MAX)
			fz_throw(ctx, FZ_ERROR_GENERIC, "the outline loops");
		page = target_page(ctx, s->doc, item, &zoom);
		if (!push_outline(s, level, pdf_dict_get_text_string(ctx, item, PDF_NAME(Title)),
				  page, zoom)) {
			s->nomem = true;
			fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
		}
		walk_outline(ctx, s, item, level + 1);
	}
}

/* The outline, and how the file opens. */
static int read_catalog(inspect_state *s)
{
	mu_state *m = &s->mu;
	int rc = 0;

	mu_begin(m);
	s->walked = 0;
	fz_var(rc);
	fz_try(m->ctx)
	{
		fz_context *ctx = m->ctx;
		pdf_obj *root = pdf_dict_get(ctx, pdf_trailer(ctx, s->doc), PDF_NAME(Root));
		pdf_obj *open = pdf_dict_gets(ctx, root, "OpenAction");
		pdf_obj *dest = open;
		pdf_obj *outlines = pdf_dict_get(ctx, root, PDF_NAME(Outlines));

		if (outlines != NULL)
			walk_outline(ctx, s, outlines, 1);
		s->info->shows_outline = pdf_name_eq(
			ctx, pdf_dict_get(ctx, root, PDF_NAME(PageMode)), PDF_NAME(UseOutlines));
		if (pdf_is_dict(ctx, open) &&
		    pdf_name_eq(ctx, pdf_dict_get(ctx, open, PDF_NAME(S)), PDF_NAME(GoTo)))
			dest = pdf_dict_get(ctx, open, PDF_NAME(D));
		if (pdf_is_array(ctx, dest)) {
			bool zoom;
			size_t page = dest_page(ctx, s->doc, dest, &zoom);
			pdf_obj *z = pdf_array_get(ctx, dest, 4);

			s->info->opens_at_100 =
				page == 0 && pdf_name_eq(ctx, pdf_array_get(ctx, dest, 1),
							 PDF_NAME(XYZ)) &&
				pdf_is_number(ctx, z) && pdf_to_real(ctx, z) == 1;
		}
	}
	fz_catch(m->ctx)
	{
		mu_catch(m);
		rc = -1;
	}
	return rc;
}

static int inspect_fail(inspect_state *s, sb_error *err, const char *what)
{
	if (s->nomem)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory reading the bundle");
	return mu_fail(&s->mu, err, SB_EPARSE, NULL, what);
}

int sb_pdf_inspect(const unsigned char *data, size_t len, const char *const *stamps,
		   sb_stamp_pos pos, sb_inspect_depth depth, sb_pdf_info *out, sb_error *err)
{
	inspect_state s;
	page_job pj;
	size_t i;
	int rc;

	if (out == NULL || (data == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "nothing to inspect");
	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	memset(&pj, 0, sizeof(pj));
	s.info = out;
	/* Our own output: no memory cap beyond the machine's. */
	if (!mu_open(&s.mu, 0))
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory reading the bundle");
	rc = open_checked(&s.mu, "the bundle PDF", data, len, &s.doc, &s.npages, err);
	if (rc != SB_OK)
		goto done;
	out->npages = (size_t)s.npages;
	out->labels = calloc(out->npages, sizeof(*out->labels));
	out->stamp_text = calloc(out->npages, sizeof(*out->stamp_text));
	if (out->labels == NULL || out->stamp_text == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory reading the bundle");
		goto done;
	}
	if (read_labels(&s) != 0) {
		rc = inspect_fail(&s, err, "cannot read the bundle's page labels");
		goto done;
	}
	pj.pos = pos;
	pj.depth = depth;
	for (i = 0; i < out->npages; i++) {
		pj.number = (int)i;
		pj.stamp = stamps != NULL ? stamps[i] : NULL;
		if (read_page(&s, &pj) != 0) {
			char what[64];

			snprintf(what, sizeof(what), "cannot read page %zu of the bundle", i + 1);
			rc = inspect_fail(&s, err, what);
			goto done;
		}
		out->labels[i] = label_for(&s, (int)i);
		out->stamp_text[i] = runes_to_utf8(&pj.text);
		if (out->labels[i] == NULL || out->stamp_text[i] == NULL) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL,
					  "out of memory reading the bundle");
			goto done;
		}
	}
	if (read_catalog(&s) != 0) {
		rc = inspect_fail(&s, err, "cannot read the bundle's bookmarks");
		goto done;
	}
	rc = SB_OK;
done:
	if (rc != SB_OK)
		sb_pdf_info_free(out);
	for (i = 0; i < s.nranges; i++)
		free(s.ranges[i].prefix);
	free(s.ranges);
	/* None of these throw. */
	fz_drop_font(s.mu.ctx, pj.helv);
	pdf_drop_document(s.mu.ctx, s.doc);
	mu_close(&s.mu);
	return rc;
}

void sb_pdf_info_free(sb_pdf_info *info)
{
	size_t i;

	if (info == NULL)
		return;
	for (i = 0; i < info->npages; i++) {
		if (info->labels != NULL)
			free(info->labels[i]);
		if (info->stamp_text != NULL)
			free(info->stamp_text[i]);
	}
	for (i = 0; i < info->noutline; i++)
		free(info->outline[i].title);
	free(info->labels);
	free(info->stamp_text);
	free(info->links);
	free(info->outline);
	memset(info, 0, sizeof(*info));
}
