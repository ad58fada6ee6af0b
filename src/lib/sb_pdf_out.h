/*
 * Internal: the bundle PDF under construction (issue 4, "bundle PDF"), and
 * the MuPDF primitives the renderer is made of. MuPDF's fz_try stays inside
 * sb_pdf_out.c and sb_pdf_layout.c (docs/style.md rule 6); everything here
 * returns an int status and fills an sb_error.
 *
 * Pages are 0-based here; the plan (sb_plan) and every printed page number
 * are 1-based. Coordinates are PDF points in the page's display space: the
 * visible box after /Rotate and /CropBox, origin top-left, y down (MuPDF's
 * fz convention), so a caller never has to think about rotated pages.
 */
#ifndef SB_PDF_OUT_H
#define SB_PDF_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/error.h>

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

/* A4 portrait, in points: the size of every page the bundle draws itself. */
#define SB_PDF_A4_WIDTH 595.0f
#define SB_PDF_A4_HEIGHT 842.0f

typedef struct sb_pdf_out {
	fz_context *ctx;
	pdf_document *doc;
	/* Fonts for drawn pages (sb_pdf_layout.c), loaded on first use;
	 * dropped by sb_pdf_out_free. */
	fz_font *font_regular;
	fz_font *font_bold;
} sb_pdf_out;

/* ---- the document (sb_pdf_out.c) ---- */

/* A new, empty output PDF with its own MuPDF context (memory capped at
 * max_memory bytes; 0: no cap). */
int sb_pdf_out_new(size_t max_memory, sb_pdf_out **out, sb_error *err);

/* An output that starts as the PDF in data (len bytes; name for messages):
 * the bundle already sent, whose pages stay as they are while late
 * evidence is added after them (bundle-spec "Format" 5). data must stay
 * valid until the output is freed. An encrypted or damaged file is
 * refused. */
int sb_pdf_out_open(size_t max_memory, const char *name, const unsigned char *data, size_t len,
		    sb_pdf_out **out, sb_error *err);
void sb_pdf_out_free(sb_pdf_out *o);
size_t sb_pdf_out_page_count(const sb_pdf_out *o);

/*
 * Append pages of the source PDF data[0..len) (named `name` in messages):
 * the pages listed in keep (0-based, ascending; NULL: every page), each as
 * it is (size, rotation, crop) with its annotations and form fields
 * flattened into the content first, so nothing a person typed or signed
 * vanishes (libraries.md, MuPDF: pdf_graft_mapped_page drops /Annots). One
 * graft map per source. Encrypted or repaired sources are refused.
 */
int sb_pdf_out_add_pdf(sb_pdf_out *o, const char *name, const unsigned char *data, size_t len,
		       const size_t *keep, size_t nkeep, sb_error *err);

/*
 * Which pages of the source PDF draw nothing at all (no text, image or
 * path inside the visible box): blank[i] for i < npages (the source's page
 * count, which must match). Such pages are left out of a bundle (bundle-spec
 * "Format" 6) unless the user keeps them.
 */
int sb_pdf_blank_pages(const char *name, const unsigned char *data, size_t len, bool *blank,
		       size_t npages, sb_error *err);

typedef enum sb_stamp_pos {
	SB_STAMP_BOTTOM_CENTRE = 0, /* the default */
	SB_STAMP_BOTTOM_RIGHT,
	SB_STAMP_BOTTOM_LEFT,
	SB_STAMP_TOP_RIGHT,
	SB_STAMP_TOP_CENTRE,
	SB_STAMP_TOP_LEFT
} sb_stamp_pos;

/* "bottom-centre" etc. to the enum; false for an unknown name. */
bool sb_stamp_pos_parse(const char *name, sb_stamp_pos *out);
const char *sb_stamp_pos_name(sb_stamp_pos pos);

/*
 * Stamp label (UTF-8, short: "12", "D3") on page i: black text on a small
 * white box at pos, upright and inside the visible box whatever the page's
 * /Rotate and /CropBox, drawn over the content (the page's own content is
 * wrapped in q/Q so its graphics state cannot move the stamp).
 */
int sb_pdf_out_stamp(sb_pdf_out *o, size_t page, const char *label, sb_stamp_pos pos,
		     sb_error *err);

/* The rectangle (display space) a stamp at pos occupies on page i. */
int sb_pdf_out_stamp_rect(sb_pdf_out *o, size_t page, const char *label, sb_stamp_pos pos,
			  fz_rect *out, sb_error *err);

/* One range of /PageLabels: from page `first` (0-based) on, labels are
 * prefix + (start, start+1, ...) in decimal. */
typedef struct sb_page_label_range {
	size_t first;
	const char *prefix; /* "" for none */
	int start;
} sb_page_label_range;

/* Replace the document's /PageLabels with these ranges (first ascending,
 * the first range at page 0). */
int sb_pdf_out_set_page_labels(sb_pdf_out *o, const sb_page_label_range *r, size_t n,
			       sb_error *err);

/* One bookmark: level 1 (section) or 2 (document under the last level 1). */
typedef struct sb_outline_item {
	int level;
	const char *title; /* UTF-8 */
	size_t page;       /* 0-based destination */
} sb_outline_item;

/*
 * Replace the outline with these items, in order. Destinations are /XYZ
 * with null left/top/zoom (the reader keeps its zoom: bundle-spec "Format"
 * 3); the catalog gets /PageMode /UseOutlines and /OpenAction at page 0
 * with zoom 1 (100%).
 */
int sb_pdf_out_set_outline(sb_pdf_out *o, const sb_outline_item *items, size_t n,
			   sb_error *err);

/* A link on page `page` over rect (display space) to page `dest` (both 0-based). */
int sb_pdf_out_add_link(sb_pdf_out *o, size_t page, fz_rect rect, size_t dest, sb_error *err);

/* Set the document information (Title, Subject; Creator "sendbundle"). */
int sb_pdf_out_set_info(sb_pdf_out *o, const char *title, const char *subject, sb_error *err);

/*
 * Save to memory, reproducibly: garbage-collected, compressed, the trailer
 * /ID made from id_seed (the same seed, the same bytes: bundle-spec,
 * "Reproducible"), no dates unless set through the info. *data is malloc'd
 * (the caller frees it).
 */
int sb_pdf_out_save(sb_pdf_out *o, const char *id_seed, unsigned char **data, size_t *len,
		    sb_error *err);

/* ---- scanned pages: pictures as pages, OCR text layers (issue 7) ---- */

struct sb_ocr_word;

/*
 * The invisible text layer of an OCR'd page: each word drawn in render mode
 * 3 (nothing shows; search and copy find it) over its box, in 1-byte
 * Helvetica with /WinAnsiEncoding (the stamp's font: every reader and
 * extractor has it; a character outside Windows-1252 becomes '?'), each
 * word but the last followed by a space so copied text keeps its spaces.
 * `place` maps the words' boxes (points, origin top-left, y down) into the
 * page's display space measured from the visible box's top-left corner:
 * fz_identity for a PDF page OCR'd as it is shown (sb_raster.c), a scale
 * and offset for a picture placed by sb_pdf_out_add_image. Words with an
 * empty box or text are skipped. Appended as a content stream of its own,
 * in q/Q, so it cannot change what the page shows or where its stamp goes.
 */
int sb_pdf_out_add_text_layer(sb_pdf_out *o, size_t page, const struct sb_ocr_word *words,
			      size_t nwords, fz_matrix place, sb_error *err);

/* Helvetica's ascender and descender (AFM: 718, -207 per 1000): an OCR word
 * box spans both, so its height gives the font size. */
#define SB_PDF_WORD_ASCENT 0.718f
#define SB_PDF_WORD_DESCENT 0.207f

/* Where one word of a text layer goes (sb_pdf_image.c, pure). */
typedef struct sb_pdf_word_place {
	float size;   /* Tf: box height / (ascent + descent) */
	float scale;  /* Tz, percent: the word's advance at `size` stretched to the box */
	fz_matrix tm; /* Tm in the page's user space: baseline origin, glyphs upright */
} sb_pdf_word_place;

/*
 * The text state for a word whose box is `box` in display space (after
 * /Rotate and /CropBox, y down) on a page whose user-to-display transform
 * is page_ctm (pdf_page_obj_transform's), when its glyphs advance
 * `advance` em in all. False for an empty box or advance, or a page_ctm
 * that cannot be inverted.
 */
bool sb_pdf_word_place_for(fz_matrix page_ctm, fz_rect box, float advance,
			   sb_pdf_word_place *out);

/* The margins round a picture on its page: room at the top and bottom for
 * a stamp at any position (12 pt from the edge, about 13 pt tall). */
#define SB_PDF_IMAGE_MARGIN_X 28.0f
#define SB_PDF_IMAGE_MARGIN_Y 36.0f
/* The most pixels per inch a picture keeps in the bundle (bundle-spec
 * "Format" 4). */
#define SB_PDF_IMAGE_MAX_DPI 300.0f

/* How a picture goes onto its page (sb_pdf_image.c, pure). */
typedef struct sb_pdf_image_fit {
	float page_w, page_h; /* A4, portrait when the picture is taller than wide */
	fz_rect place;	      /* the picture's box, display space (y down) */
	int px_w, px_h;	      /* pixels to embed */
	bool resample;	      /* px_w x px_h is fewer than the picture has */
} sb_pdf_image_fit;

/*
 * Fit an upright picture of px_w x px_h pixels, width_pt x height_pt on
 * paper, onto an A4 page inside the margins: shown at its size on paper if
 * that fits, else shrunk to fit (never enlarged), centred. When that would
 * put more than max_dpi pixels in an inch, px_w x px_h become the most that
 * do not. A size on paper of 0 means "unknown": the pixels at 72 dpi. False
 * for a picture without pixels.
 */
bool sb_pdf_image_fit_page(int px_w, int px_h, float width_pt, float height_pt, float max_dpi,
			   sb_pdf_image_fit *out);

/*
 * Append page `frame` (0-based: a TIFF's frames; every other picture has
 * one) of the picture in data (JPEG, PNG or TIFF; `name` for messages) as
 * one A4 page, fitted by sb_pdf_image_fit_page to its size on paper
 * (width_pt x height_pt, upright: sb_page.width and .height), turned
 * upright as its EXIF orientation says. A picture within max dpi goes in as
 * it is (a JPEG's own bytes, turned by the placement matrix; but a CMYK
 * JPEG, whose bytes readers colour differently, is redrawn in RGB); a
 * larger one is drawn at max dpi, and stored as JPEG when it is a photo (a
 * JPEG, or in colour) and as lossless Flate when it is a grey or
 * black-and-white scan. The picture is then turned a further `turn`
 * degrees clockwise (0, 90, 180, 270: sb_page.ocr_turn, a page fed in upside
 * down or sideways; width_pt and height_pt are before that turn). *placed
 * (may be NULL) receives where the picture went (display space), to lay its
 * text layer over.
 */
int sb_pdf_out_add_image(sb_pdf_out *o, const char *name, const unsigned char *data, size_t len,
			 size_t frame, float width_pt, float height_pt, int turn, fz_rect *placed,
			 sb_error *err);

/* Turn page i (0-based) a further `turn` degrees clockwise (90, 180, 270)
 * as a reader shows it (/Rotate): an OCR'd PDF page fed into the scanner
 * upside down or sideways (sb_page.ocr_turn), shown upright. */
int sb_pdf_out_turn_page(sb_pdf_out *o, size_t page, int turn, sb_error *err);

/* For sb_pdf_image.c: MuPDF's failures reported as the rest of sb_pdf_out
 * reports them. Call begin before each fz_try, caught inside its fz_catch,
 * and fail to turn what was caught into an sb_error. */
void sb_pdf_out_mu_begin(sb_pdf_out *o);
void sb_pdf_out_mu_caught(sb_pdf_out *o);
int sb_pdf_out_mu_fail(sb_pdf_out *o, sb_error *err, int code, const char *file,
		       const char *what);

/* ---- reading a finished PDF back, to verify it (sb_pdf_out.c) ---- */

typedef struct sb_pdf_link_info {
	size_t page; /* 0-based page the link is on */
	fz_rect rect;
	size_t dest; /* 0-based destination page; SIZE_MAX if not a page */
} sb_pdf_link_info;

typedef struct sb_pdf_outline_info {
	int level;
	char *title;
	size_t page;	  /* 0-based; SIZE_MAX if not a page */
	bool keeps_zoom;  /* /XYZ with null zoom */
} sb_pdf_outline_info;

typedef struct sb_pdf_info {
	size_t npages;
	char **labels;		  /* npages page labels as a reader shows them ("" if none) */
	char **stamp_text;	  /* npages: the text found inside each page's stamp rectangle */
	sb_pdf_link_info *links;  /* every link on every page */
	size_t nlinks;
	sb_pdf_outline_info *outline;
	size_t noutline;
	bool opens_at_100;	  /* /OpenAction to page 0 with zoom 1 */
	bool shows_outline;	  /* /PageMode /UseOutlines */
} sb_pdf_info;

/*
 * How much of each page sb_pdf_inspect runs to read its stamp.
 * SB_INSPECT_WHOLE_PAGE: everything, as a reader draws it (tests, fuzzing).
 * SB_INSPECT_STAMP_STREAM: only the page's last content stream, the stamp's
 * own; what comes before it cannot change what it shows, because a source
 * page's content runs as a form of its own (isolate_content) and the stamp
 * paints its white box before its text, and a bundle page has no
 * annotations that draw. The same answer at a fraction of the cost (the
 * build's check of every page: bench/README.md).
 */
typedef enum sb_inspect_depth {
	SB_INSPECT_WHOLE_PAGE = 0,
	SB_INSPECT_STAMP_STREAM
} sb_inspect_depth;

/*
 * Re-open data and read what a reader would see: labels, links, outline,
 * and for each page the text inside the stamp rectangle for `stamps[i]` at
 * pos (stamps may be NULL, or stamps[i] NULL: stamp_text left empty).
 */
int sb_pdf_inspect(const unsigned char *data, size_t len, const char *const *stamps,
		   sb_stamp_pos pos, sb_inspect_depth depth, sb_pdf_info *out, sb_error *err);
void sb_pdf_info_free(sb_pdf_info *info);

/* ---- pages the bundle draws itself (sb_pdf_layout.c) ---- */

/*
 * Lay out UTF-8 text as A4 portrait pages appended to o: a small grey
 * header line on every page (`header`, e.g. "Original: 04-salt-report.docx
 * (Word document), page 2 of 3" — the page part added here), then the
 * text in a readable 10.5 pt font, wrapped at word boundaries (long words
 * broken), blank lines kept, form feeds ('\f') starting a new page, and room
 * left at the bottom for the stamp. Characters the fonts lack are drawn with
 * MuPDF's fallback fonts, never dropped. measure_only: count the pages
 * without adding them. *npages: pages (that would be) added, at least 1.
 */
int sb_pdf_layout_text(sb_pdf_out *o, const char *header, const char *text, size_t len,
		       bool measure_only, size_t *npages, sb_error *err);

/* A table to lay out: a title over columns with relative widths. */
typedef struct sb_pdf_table {
	const char *title;	   /* drawn above the table on its first page, bold */
	const char *const *intro;  /* lines under the title (may be NULL) */
	size_t nintro;
	const char *const *heads;  /* ncols column heads, repeated on every page */
	const float *widths;	   /* ncols relative widths (sum arbitrary) */
	size_t ncols;
	const char *const *cells;  /* nrows * ncols UTF-8 cells, row by row ("" for none) */
	size_t nrows;
	const bool *bold_rows;	   /* nrows (may be NULL): rows drawn bold (section heads) */
} sb_pdf_table;

/* Where a table row was drawn: its page (0-based, in o) and rectangle. */
typedef struct sb_pdf_row_place {
	size_t page;
	fz_rect rect;
} sb_pdf_row_place;

/*
 * Lay out a table as A4 portrait pages appended to o: cells wrap inside
 * their column and each row is as tall as its tallest cell; a row never
 * splits across pages; heads repeat on each page. places (nrows entries,
 * may be NULL) receives where each row was drawn, for links. measure_only:
 * count pages (and fill places with pages counted from o's current end)
 * without adding them. *npages: pages (that would be) added.
 */
int sb_pdf_layout_table(sb_pdf_out *o, const sb_pdf_table *t, bool measure_only,
			sb_pdf_row_place *places, size_t *npages, sb_error *err);

/* A cover page: lines of text centred, the first one large and bold. */
int sb_pdf_layout_cover(sb_pdf_out *o, const char *const *lines, size_t nlines, sb_error *err);

#endif
