/*
 * sendbundle: the family's letters, drafted from the case (issue 6,
 * "letter"). Two drafts:
 *
 *  - a request to the local authority for an EHC needs assessment, with the
 *    legal test of the Children and Families Act 2014 s.36(8) and the
 *    evidence found in the case folder, grouped (professionals' reports, the
 *    school's SEN support plans and reviews, other documents);
 *  - the appellant's list of evidence for the appeal, numbered, each
 *    document with its pages in the hearing bundle already built.
 *
 * A letter is a list of paragraphs with a style, so that the text and the
 * Word (DOCX) versions say the same words. Every draft opens with a banner
 * saying it must be checked, signed and dated by the family, and what the
 * program cannot know (an address, a signature) is left as a [bracketed]
 * placeholder, never made up.
 *
 * Ownership: sb_letter_init zeroes a letter; the functions that fill one
 * initialise it first and leave it empty on failure; sb_letter_release
 * frees every string. Strings are UTF-8.
 */
#ifndef SENDBUNDLE_LETTER_H
#define SENDBUNDLE_LETTER_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/build.h>
#include <sendbundle/case.h>
#include <sendbundle/date.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The words at the top of every draft. */
#define SB_LETTER_BANNER "DRAFT \u2014 check every detail, then sign and date it yourself"

typedef enum sb_letter_kind {
	SB_LETTER_REQUEST_ASSESSMENT = 0, /* "request-assessment" */
	SB_LETTER_APPEAL_EVIDENCE,	  /* "appeal-evidence" */
	SB_LETTER_KIND_COUNT
} sb_letter_kind;

/* "request-assessment", "appeal-evidence"; NULL if out of range. */
const char *sb_letter_kind_name(sb_letter_kind k);
/* The name to the enum; false if unknown or NULL. */
bool sb_letter_kind_parse(const char *name, sb_letter_kind *out);

typedef enum sb_letter_style {
	SB_LETTER_BANNER_LINE = 0, /* the DRAFT warning (bold, red in DOCX) */
	SB_LETTER_BANNER_NOTE,	   /* how to use the draft, under the warning */
	SB_LETTER_HEADING,	   /* a bold heading */
	SB_LETTER_PARA,		   /* a paragraph */
	SB_LETTER_LINE,		   /* a line of a block (address, signature): no gap
				    * between consecutive lines */
	SB_LETTER_ITEM,		   /* a numbered item: label "1." and its text */
	SB_LETTER_QUOTE		   /* the words of a statute, indented */
} sb_letter_style;

typedef struct sb_letter_para {
	sb_letter_style style;
	char *label; /* SB_LETTER_ITEM: "1.", "(a)"; NULL otherwise */
	char *text;  /* one line of UTF-8 (no line breaks); may be "" for a LINE */
} sb_letter_para;

typedef struct sb_letter {
	sb_letter_kind kind;
	sb_date date;	       /* the date the letter bears */
	sb_letter_para *paras; /* in order */
	size_t nparas;
	size_t cap;
	size_t nevidence; /* documents listed as evidence */
	char **notes;	  /* what the user should know (a placeholder used, a
			   * document not listed and why): for stderr, not the letter */
	size_t nnotes;
} sb_letter;

void sb_letter_init(sb_letter *l);
void sb_letter_release(sb_letter *l);

/*
 * A request for an EHC needs assessment to the local authority cf->la (or
 * the placeholder "[Your local authority]"), about the child as cf->child
 * names them (or "[your child's name]"), dated today, quoting the s.36(8)
 * test and listing the evidence among docs (the case folder, scanned):
 * documents the case file does not exclude, that are not in section A
 * (appeal and Tribunal documents) or E (the LA's evidence), and that are
 * not a decision letter, mediation certificate, Tribunal document, guidance
 * or a letter by an LA officer; one copy of each (same SHA-256). Title,
 * author, profession and date are the case file's corrections, else what
 * was read. Grouped: professionals' reports; SEN support plans and reviews
 * (the graduated approach); other documents; each group in date order,
 * undated last, numbered 1, 2 ... across the groups. Files docs could not
 * read are named in the notes. cf may be NULL (no case file).
 */
int sb_letter_request_assessment(const sb_doc_list *docs, const sb_case_file *cf, sb_date today,
				 sb_letter *out, sb_error *err);

/*
 * Read a bundle zip written by `sendbundle build` for its page labels:
 * sb_build_previous_load, then its index.csv, whose printed first and last
 * pages tell the numbering (continuous "12", or by section "D3"), set in
 * out->plan.numbering and checked against sb_plan_page_label for every
 * document (a disagreement is SB_EPARSE); and index.json's "excluded" list
 * into out->plan.excluded. Release with sb_build_previous_release.
 */
int sb_letter_bundle_load(const char *zip_path, sb_build_previous *out, sb_error *err);

/*
 * The appellant's list of evidence for the appeal: to the SEND Tribunal,
 * copied to the local authority (cf->la or a placeholder), with the appeal
 * number, child, appeal type and hearing date from cf (NULL: placeholders);
 * every document of the bundle's sections D (appellant's evidence) and F
 * (late evidence), in bundle order, numbered, each "(bundle pages X–Y)" in
 * the bundle's printed labels. With docs (the case folder scanned; may be
 * NULL), documents the bundle does not hold or that changed since it was
 * built are named in the notes (build the bundle again).
 */
int sb_letter_appeal_evidence(const sb_case_file *cf, const sb_build_previous *bundle,
			      const sb_doc_list *docs, sb_date today, sb_letter *out,
			      sb_error *err);

/* The letter as plain text (UTF-8, lines wrapped at 78 columns, a final
 * newline) in *out, the caller's to free(). */
int sb_letter_to_text(const sb_letter *l, char **out, sb_error *err);

/* The DOCX's word/document.xml (WordprocessingML, every text escaped and
 * control characters dropped) in *out, the caller's to free(). */
int sb_letter_docx_xml(const sb_letter *l, char **out, sb_error *err);

typedef enum sb_letter_format {
	SB_LETTER_FORMAT_TEXT = 0, /* a name ending .txt */
	SB_LETTER_FORMAT_DOCX	   /* a name ending .docx */
} sb_letter_format;

/* The format a file name asks for, by its ending (any case); false for
 * any other name. */
bool sb_letter_format_for(const char *path, sb_letter_format *out);

/*
 * Write the letter to path, as text or as a DOCX (a zip of
 * [Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml and
 * word/_rels/document.xml.rels, entry times the letter's date) by its
 * ending; another ending is SB_EINVAL. Written through a temporary file
 * beside path, then moved into place; unless force, an existing path is
 * refused (SB_EIO, reason "exists") and left as it was. A failure leaves
 * nothing behind.
 */
int sb_letter_write(const sb_letter *l, const char *path, bool force, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
