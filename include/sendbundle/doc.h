/*
 * sendbundle: the document model. Every reader produces sb_doc values and
 * every later stage (extraction, scan output, build) reads them; readers know
 * nothing of extraction and extraction nothing of file formats
 * (docs/architecture.md).
 *
 * Ownership: an sb_doc and everything it points to belongs to the sb_doc_list
 * that holds it; free the list with sb_doc_list_free. Strings are UTF-8.
 */
#ifndef SENDBUNDLE_DOC_H
#define SENDBUNDLE_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/date.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sb_format {
	SB_FORMAT_PDF = 0,
	SB_FORMAT_DOCX,
	SB_FORMAT_TEXT,
	SB_FORMAT_EMAIL,
	SB_FORMAT_IMAGE, /* JPEG, PNG or TIFF: a scanned or photographed page (issue 7) */
	SB_FORMAT_OTHER, /* listed as "not read", never dropped */
	SB_FORMAT_COUNT
} sb_format;

/* "pdf", "docx", "text", "email", "image", "other". */
const char *sb_format_name(sb_format f);

/* One word read by OCR, with where it stands on its page: in points, in the
 * page's display space (origin top-left, y down, after rotation), the space
 * sb_page.width and .height measure. The bundle lays its invisible text
 * layer from these (issue 7). */
typedef struct sb_ocr_word {
	float x0, y0, x1, y1;
	float confidence; /* 0-100, Tesseract's */
	char *text;       /* UTF-8 */
} sb_ocr_word;

/* One page (for formats without pages, one "page" holds all the text). */
typedef struct sb_page {
	char *text;        /* UTF-8, NUL-terminated, never NULL ("" when empty) */
	size_t len;        /* strlen(text) */
	double width;      /* visible size in points, after rotation; 0 if unknown */
	double height;
	int rotation;      /* 0, 90, 180 or 270 */
	bool has_text;     /* false: no text layer (a scan: needs OCR) */
	bool blank;        /* draws nothing visible: only when sb_doc.blank_known */
	/* OCR (issue 7): the text above came from OCR, with Tesseract's mean
	 * word confidence (0-100) and the words with their boxes. */
	bool ocr;
	bool ocr_cached;   /* the result came from the OCR cache */
	/* Clockwise degrees (0, 90, 180, 270) the page had to be turned for
	 * OCR to read it (fed in upside down or sideways); the words lie on
	 * the page so turned, and the bundle shows it so (bundle-spec
	 * "Format" 4: nothing upside down). */
	int ocr_turn;
	float ocr_confidence;
	sb_ocr_word *words;
	size_t nwords;
} sb_page;

/* Precision of a found date: partial dates are kept but never reported as
 * full dates (issue: "March 2024" is not a date of a day). */
typedef enum sb_date_precision {
	SB_PRECISION_DAY = 0,
	SB_PRECISION_MONTH,
	SB_PRECISION_YEAR
} sb_date_precision;

/* What a found date is, as far as its context says. */
typedef enum sb_date_role {
	SB_DATE_ROLE_MENTIONED = 0, /* any other date in the text */
	SB_DATE_ROLE_DOCUMENT,      /* the document's own date (letter, report, e-mail) */
	SB_DATE_ROLE_BIRTH,         /* date of birth */
	SB_DATE_ROLE_ASSESSMENT,    /* date of assessment / observation */
	SB_DATE_ROLE_MEETING,       /* meeting, review, hearing, panel */
	SB_DATE_ROLE_COUNT
} sb_date_role;

typedef struct sb_found_date {
	sb_date date;                /* for partial dates, day (and month) are 1 */
	sb_date_precision precision;
	sb_date_role role;
	char *text;                  /* the words as written, whitespace folded */
	int page;                    /* 1-based page number */
	size_t offset;               /* byte offset in that page's text */
} sb_found_date;

/* Author roles (schemas/scan.schema.json "author_role"). */
typedef enum sb_role {
	SB_ROLE_NONE = 0, /* null in JSON */
	SB_ROLE_EP,
	SB_ROLE_SALT,
	SB_ROLE_OT,
	SB_ROLE_CAMHS,
	SB_ROLE_PAEDIATRICIAN,
	SB_ROLE_PHYSIOTHERAPIST,
	SB_ROLE_SENCO,
	SB_ROLE_TEACHER,
	SB_ROLE_LA_OFFICER,
	SB_ROLE_PARENT,
	SB_ROLE_TRIBUNAL_JUDGE,
	SB_ROLE_SOLICITOR,
	SB_ROLE_OTHER,
	SB_ROLE_COUNT
} sb_role;

/* "EP", "SALT", ..., "other"; NULL for SB_ROLE_NONE. */
const char *sb_role_name(sb_role r);

/* Professionals a document mentions: a bit set of (1u << sb_professional). */
typedef enum sb_professional {
	SB_PRO_EP = 0,
	SB_PRO_SALT,
	SB_PRO_OT,
	SB_PRO_CAMHS,
	SB_PRO_PAEDIATRICIAN,
	SB_PRO_PHYSIOTHERAPIST,
	SB_PRO_SENCO,
	SB_PRO_COUNT
} sb_professional;

/* "EP", "SALT", "OT", "CAMHS", "paediatrician", "physiotherapist", "SENCO". */
const char *sb_professional_name(sb_professional p);

typedef enum sb_kind {
	SB_KIND_OTHER = 0,
	SB_KIND_LA_DECISION,
	SB_KIND_MEDIATION_CERTIFICATE,
	SB_KIND_PROFESSIONAL_REPORT,
	SB_KIND_SCHOOL_PLAN,
	SB_KIND_CORRESPONDENCE,
	SB_KIND_TRIBUNAL_DOCUMENT,
	SB_KIND_GUIDANCE,
	SB_KIND_COUNT
} sb_kind;

/* "other", "la_decision", "mediation_certificate", ... */
const char *sb_kind_name(sb_kind k);

/* Areas of need (SEND Code of Practice 2015 para 6.28): a bit set. */
typedef enum sb_area {
	SB_AREA_COGNITION_LEARNING = 0,
	SB_AREA_COMMUNICATION_INTERACTION,
	SB_AREA_SEMH,
	SB_AREA_SENSORY_PHYSICAL,
	SB_AREA_COUNT
} sb_area;

/* "cognition_and_learning", "communication_and_interaction",
 * "social_emotional_mental_health", "sensory_and_physical". */
const char *sb_area_name(sb_area a);

/* What extraction found (filled by sb_extract; zero before). */
typedef struct sb_facts {
	bool has_document_date;
	sb_date document_date;
	const char *document_date_source; /* static: "letter date", "e-mail Date header", ... */
	sb_found_date *dates;             /* every date found, in text order */
	size_t ndates;
	char *author;                     /* NULL when unknown */
	sb_role author_role;
	unsigned professionals;           /* bits of sb_professional */
	sb_kind kind;
	unsigned areas;                   /* bits of sb_area */
} sb_facts;

typedef struct sb_doc {
	char *path;          /* relative to the case folder; an attachment is
			      * "<mail path>#<n>/<file name>" */
	char *parent;        /* for an attachment, the e-mail's path; else NULL */
	char *title;         /* e.g. "attachment to <subject>"; NULL when none */
	sb_format format;
	size_t size;         /* bytes of the original */
	char sha256[65];     /* of the original bytes, lowercase hex */
	sb_page *pages;
	size_t npages;
	/* Weak hints from the container, used only when the text says nothing. */
	char *meta_title;
	char *meta_author;
	bool has_meta_date;
	sb_date meta_date;
	/* E-mail headers (decoded), for e-mails only. */
	char *email_from;
	char *email_to;
	char *email_subject;
	bool has_email_date;
	sb_date email_date;
	char **warnings;     /* things the user should know, e.g. "page 3 has no text" */
	size_t nwarnings;
	sb_facts facts;
	/* The original bytes, kept only when reading for a bundle
	 * (sb_read_limits.keep_original): what is grafted and copied into the
	 * zip is exactly what was hashed and read. NULL otherwise. */
	unsigned char *original;
	size_t original_len;
	/* PDFs read for a bundle: each page's blank was found while reading
	 * it (the same run of the page, so it costs next to nothing). */
	bool blank_known;
} sb_doc;

/* A growable list of documents, plus the files that could not be read. */
typedef struct sb_file_error {
	char *path;          /* relative to the case folder */
	char *reason;        /* stable word: "encrypted", "damaged", "not-read", ... */
	char *message;
	char *hint;
} sb_file_error;

typedef struct sb_doc_list {
	sb_doc **docs;
	size_t ndocs;
	size_t cap;
	sb_file_error *errors;
	size_t nerrors;
	size_t errcap;
} sb_doc_list;

void sb_doc_list_init(sb_doc_list *list);
void sb_doc_list_free(sb_doc_list *list);

/* A new empty document appended to list (owned by it), or NULL when out of memory. */
sb_doc *sb_doc_list_add(sb_doc_list *list, const char *path, sb_format format);
/* Record that path could not be read (copies the strings). */
int sb_doc_list_add_error(sb_doc_list *list, const char *path, const char *reason,
			  const char *message, const char *hint);
/* Move every document and error of src to the end of dst; src is left empty. */
int sb_doc_list_take(sb_doc_list *dst, sb_doc_list *src);

/* Append a page (text is copied; len bytes, need not be NUL-terminated). */
int sb_doc_add_page(sb_doc *doc, const char *text, size_t len, sb_error *err);
/* Append a warning (printf-style). */
int sb_doc_add_warning(sb_doc *doc, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Free what a page owns (text, OCR words); the page itself stays. */
void sb_page_release(sb_page *pg);

/* Why pages have no text, for the warning that lists them. */
typedef enum sb_textless_why {
	SB_TEXTLESS_OCR_OFF = 0,      /* OCR was not run (--no-ocr, or not available) */
	SB_TEXTLESS_OCR_FOUND_NOTHING /* OCR ran and found no words */
} sb_textless_why;

/* One warning naming every page of doc without text ("pages 2, 5-7 have no
 * text layer (scanned?): they need OCR"); nothing when every page has text.
 * SB_OK or SB_ENOMEM. */
int sb_doc_warn_textless(sb_doc *doc, sb_textless_why why);

/* The warnings that say which pages were read by OCR and with what mean
 * confidence, and one for each page below `low` (0-100). SB_OK or
 * SB_ENOMEM. */
int sb_doc_warn_ocr(sb_doc *doc, float low);

/* Whether doc has pages OCR could read: pages of a PDF or an image with no
 * text that OCR has not read yet. */
bool sb_doc_needs_ocr(const sb_doc *doc);

/* The facts that rest on OCR'd text (issue 7: "marks each extracted value
 * as coming from OCR"): a bit set of (1u << sb_ocr_field). */
typedef enum sb_ocr_field {
	SB_OCR_FIELD_DOCUMENT_DATE = 0, /* found on an OCR'd page */
	SB_OCR_FIELD_AUTHOR,            /* the name is on OCR'd pages only */
	SB_OCR_FIELD_AUTHOR_ROLE,
	SB_OCR_FIELD_KIND,              /* whole-text judgements with OCR'd text in */
	SB_OCR_FIELD_PROFESSIONALS,
	SB_OCR_FIELD_AREAS,
	SB_OCR_FIELD_COUNT
} sb_ocr_field;

/* "document_date", "author", "author_role", "kind", "professionals",
 * "areas_of_need": the scan JSON's own keys. */
const char *sb_ocr_field_name(sb_ocr_field f);
/* Which of doc's facts rest on OCR'd text; 0 when no page was OCR'd. */
unsigned sb_doc_ocr_fields(const sb_doc *doc);
/* Whether 1-based page was read by OCR (false when out of range). */
bool sb_doc_page_ocr(const sb_doc *doc, int page);

/* Remove and free the document at index i (later ones move up). */
void sb_doc_list_remove(sb_doc_list *list, size_t i);

/* Replace a string field: *field = copy of value (NULL allowed). */
int sb_doc_set_string(char **field, const char *value);

/* Lowercase hex SHA-256 of data into out (65 bytes). */
void sb_sha256_hex(const void *data, size_t len, char out[65]);

#ifdef __cplusplus
}
#endif
#endif
