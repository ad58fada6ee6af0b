/*
 * Internal: walking a case folder into a sorted list of files to read.
 * Nothing outside the folder is ever listed: symbolic links are resolved and
 * followed only when their target stays inside it.
 */
#ifndef SB_WALK_H
#define SB_WALK_H

#include <stddef.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

typedef struct sb_walk_entry {
	char *rel; /* path relative to the case folder, '/'-separated */
	char *abs; /* the real path to open (a link's resolved target) */
} sb_walk_entry;

typedef struct sb_walk_result {
	sb_walk_entry *entries; /* sorted by rel */
	size_t n;
	size_t cap;
} sb_walk_result;

/*
 * List the files of root. Files skipped for a reason the user should know
 * (a link leaving the folder, a device, too many files) are recorded in
 * errors; hidden files and the program's own files are skipped silently.
 */
int sb_walk(const char *root, size_t max_files, int max_depth, sb_walk_result *out,
	    sb_doc_list *errors, sb_error *err);
void sb_walk_result_free(sb_walk_result *r);

/* True for files the program itself writes into a case folder. */
bool sb_walk_is_own_file(const char *name);

#endif
