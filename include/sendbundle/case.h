/*
 * sendbundle: the case file, CASE_DIR/sendbundle.json (issue 4, "The case
 * file"; schema schemas/case.schema.json). It holds what the documents
 * cannot tell us (appeal type and number, hearing date, how the child is
 * named) and the user's corrections of extraction, per document, so that a
 * wrong date or section is fixed without renaming files. It is the only
 * file the program ever writes inside a case folder, and `init` never
 * overwrites it.
 *
 * Ownership: sb_case_file_init zeroes; every string is malloc'd and owned by
 * the struct; sb_case_file_release frees them. Functions that fill an
 * sb_case_file (load, parse, from_scan) initialise it first and leave it
 * empty on failure, so sb_case_file_release is always safe afterwards.
 */
#ifndef SENDBUNDLE_CASE_H
#define SENDBUNDLE_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/date.h>
#include <sendbundle/deadline.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SB_CASE_FILE_NAME "sendbundle.json"

/* The largest case file read (a hand-edited file is a few kilobytes; one
 * listing 20000 documents, scan's limit, is about 6 MB). */
#define SB_CASE_FILE_MAX ((size_t)16 << 20)
/* The longest one-line text (title, author, child, LA, appeal number), in bytes. */
#define SB_CASE_TEXT_MAX 1000
/* The longest "source" path, in bytes. */
#define SB_CASE_SOURCE_MAX 4096
/* bundle_version runs 1..SB_CASE_BUNDLE_VERSION_MAX. */
#define SB_CASE_BUNDLE_VERSION_MAX 999

/*
 * The appeal type is deadline.h's sb_appeal_type, with its names
 * ("refusal-to-assess", "plan-contents", ...) and sb_appeal_type_name /
 * sb_appeal_type_parse, so that `deadline --appeal-type`, `build
 * --appeal-type` and the case file speak one vocabulary. Each type has its
 * own page limits (PD 2025 Schedule One, bundle-spec "Page limits").
 *
 * Transitional names (macros, so they are the very same enumerators), for
 * code written against an earlier draft of this header. Prefer deadline.h's.
 */
#define SB_APPEAL_REFUSAL_TO_ISSUE SB_APPEAL_REFUSAL_TO_ISSUE_PLAN
#define SB_APPEAL_CONTENTS SB_APPEAL_PLAN_CONTENTS
#define SB_APPEAL_CEASE SB_APPEAL_CEASE_PLAN

/* Bundle sections (bundle-spec "Sections"; letters are the default scheme). */
typedef enum sb_section {
	SB_SECTION_APPEAL = 0, /* A: appeal and Tribunal documents */
	SB_SECTION_PLAN,       /* B: EHC plan and appendices (not for refusal to assess) */
	SB_SECTION_WORKING,    /* C: working document (not for refusal to assess) */
	SB_SECTION_APPELLANT,  /* D: appellant's evidence */
	SB_SECTION_LA,	       /* E: local authority's evidence */
	SB_SECTION_LATE,       /* F: late evidence, after the last page */
	SB_SECTION_COUNT
} sb_section;

const char *sb_section_letter(sb_section s); /* "A"; NULL if out of range */
const char *sb_section_title(sb_section s);  /* "Appeal and Tribunal documents"; NULL ditto */
/* "A".."F" (either case) or a title exactly as sb_section_title gives it, to the enum;
 * false if unknown or NULL. */
bool sb_section_parse(const char *name, sb_section *out);

/* One per-document correction; fields not given are NULL / false. */
typedef struct sb_case_override {
	char *source;	  /* path relative to the case folder, as scan prints it */
	bool has_section;
	sb_section section;
	char *title;
	char *author;	  /* NULL: not given, or (author_none) given as null */
	bool author_none; /* "author": null given: show no author */
	bool has_role;
	sb_role role;	  /* with has_role, SB_ROLE_NONE means "author_role": null */
	bool has_date;
	sb_date date;
	bool date_unknown; /* "date": null given: the document is undated */
	bool exclude;
	char *exclude_reason; /* may be set while exclude is false (kept, unused) */
} sb_case_override;

typedef struct sb_case_file {
	sb_appeal_type appeal_type; /* default SB_APPEAL_REFUSAL_TO_ASSESS */
	char *appeal_number;	/* e.g. "EH881/26/00117", or NULL */
	bool has_hearing_date;
	sb_date hearing_date;
	char *child;		/* name or initials as it should be printed, or NULL */
	char *la;		/* local authority, or NULL */
	bool has_decision_date;
	sb_date decision_date;
	bool has_certificate_date;
	sb_date certificate_date;
	int bundle_version;	/* 1 for the first bundle sent */
	sb_case_override *overrides; /* in file order; no two with the same source */
	size_t noverrides;
} sb_case_file;

/* Zeroes cf: refusal to assess, bundle version 1, no overrides. */
void sb_case_file_init(sb_case_file *cf);
void sb_case_file_release(sb_case_file *cf);

/* The override for a source path, or NULL (borrowed). A linear search: case
 * folders hold tens to hundreds of documents. */
const sb_case_override *sb_case_file_override(const sb_case_file *cf, const char *source);

/*
 * Load and validate path (a sendbundle.json, at most SB_CASE_FILE_MAX bytes):
 * unknown keys, wrong types, bad dates (only YYYY-MM-DD), unknown sections,
 * roles or appeal types, empty or multi-line text, duplicate keys and
 * documents listed twice are SB_EPARSE errors whose message names the file
 * and the key, with a hint. A missing file is SB_EIO with reason "missing".
 */
int sb_case_file_load(const char *path, sb_case_file *cf, sb_error *err);

/* The same from a buffer of len bytes (need not be NUL-terminated); name is
 * what messages call it (e.g. the path), NULL for "sendbundle.json". */
int sb_case_file_parse(const char *json, size_t len, const char *name, sb_case_file *cf,
		       sb_error *err);

/* The case file as JSON text (UTF-8, sorted keys, two-space indent, a final
 * newline); every top-level key is written, null when not known. *out is the
 * caller's, to free(). */
int sb_case_file_to_json(const sb_case_file *cf, char **out, sb_error *err);

/*
 * Where a document goes when the case file says nothing about it: from its
 * kind (bundle-spec "Sections"). The bundle planner uses the same defaults
 * for documents the case file does not list. Returns true when the document
 * goes in, in section *out; false when it is left out by default, with *why
 * (static, e.g. "guidance, not evidence") and *out the section it would go
 * in if the user includes it. why may be NULL.
 */
bool sb_case_default_section(const sb_doc *doc, sb_section *out, const char **why);
/* A readable title ("Decision letter", "Educational psychology report",
 * "E-mail: <subject>"; else the document's title, or its file name without
 * the extension, a slug such as "review-notes" read as "Review notes"): one
 * line, at most SB_CASE_TEXT_MAX bytes, never empty. Malloc'd (free()), or
 * NULL when out of memory. */
char *sb_case_default_title(const sb_doc *doc);

/*
 * A case file from a scan: appeal type refusal to assess, the decision and
 * certificate dates from the latest dated documents of those kinds, and one
 * override entry per document in scan order (source, and the section, title,
 * author, role, date and exclusion the program would use: every field set,
 * null ones included, so the user sees what to correct).
 */
int sb_case_file_from_scan(const sb_doc_list *docs, sb_case_file *cf, sb_error *err);

/* "CASE_DIR/sendbundle.json" (one '/' between), malloc'd; NULL when out of memory. */
char *sb_case_file_path(const char *case_dir);

/* SB_OK when CASE_DIR holds nothing named sendbundle.json (not even a broken
 * link), else SB_EIO with reason "exists" (the message names the file and the
 * hint says what to do). For commands that check before doing slow work;
 * sb_case_file_write_new checks again. */
int sb_case_file_check_new(const char *case_dir, sb_error *err);

/*
 * Write cf to CASE_DIR/sendbundle.json, refusing (SB_EIO, reason "exists")
 * when anything by that name exists, even if it appears between the check
 * and the write: the text is written in full to a temporary file beside it
 * (sb_file_write_atomic) and moved into place by a step that cannot replace
 * an existing file. The folder must exist.
 */
int sb_case_file_write_new(const char *case_dir, const sb_case_file *cf, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
