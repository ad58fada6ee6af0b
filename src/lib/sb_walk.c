/*
 * sb_walk: list a case folder's files. The brief: "treat every input file as
 * hostile: bounded sizes, no path traversal, no symlink escapes". Each link
 * is resolved with realpath(3) and followed only when the target is inside
 * the folder's own real path; folders already visited (by device and inode)
 * are not entered twice, so link loops end.
 */
/* realpath(3) is X/Open. */
#define _XOPEN_SOURCE 700

#include "sb_walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sb_util.h"

struct visited {
	dev_t dev;
	ino_t ino;
};

struct walk {
	const char *root;      /* real path of the case folder */
	size_t root_len;
	size_t max_files;
	int max_depth;
	bool stopped;          /* max_files reached */
	sb_walk_result *out;
	sb_doc_list *errors;
	struct visited *seen;
	size_t nseen, capseen;
};

bool sb_walk_is_own_file(const char *name)
{
	size_t n = strlen(name);

	/* The case file (issue 4), fetch's provenance files (issue 5) and our
	 * temporary files while an output is being written. */
	if (strcmp(name, "sendbundle.json") == 0)
		return true;
	if (n > 12 && strcmp(name + n - 12, ".source.json") == 0)
		return true;
	return strstr(name, ".tmp.") != NULL;
}

void sb_walk_result_free(sb_walk_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->entries[i].rel);
		free(r->entries[i].abs);
	}
	free(r->entries);
	memset(r, 0, sizeof(*r));
}

static bool inside_root(const struct walk *w, const char *real)
{
	return strncmp(real, w->root, w->root_len) == 0 &&
	       (real[w->root_len] == '/' || real[w->root_len] == '\0');
}

static int seen_before(struct walk *w, const struct stat *st, bool *was)
{
	size_t i;

	*was = false;
	for (i = 0; i < w->nseen; i++) {
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino) {
			*was = true;
			return SB_OK;
		}
	}
	if (w->nseen == w->capseen) {
		size_t cap = w->capseen == 0 ? 16 : w->capseen * 2;
		struct visited *grown = realloc(w->seen, cap * sizeof(*grown));

		if (grown == NULL)
			return SB_ENOMEM;
		w->seen = grown;
		w->capseen = cap;
	}
	w->seen[w->nseen].dev = st->st_dev;
	w->seen[w->nseen].ino = st->st_ino;
	w->nseen++;
	return SB_OK;
}

static int add_entry(struct walk *w, const char *rel, const char *abs)
{
	sb_walk_result *r = w->out;

	if (r->n == w->max_files) {
		w->stopped = true;
		return sb_doc_list_add_error(w->errors, ".", "too-many-files",
					     "the case folder has more files than sendbundle "
					     "looks at; the rest were not read",
					     "move unrelated files out of the case folder");
	}
	if (r->n == r->cap) {
		size_t cap = r->cap == 0 ? 64 : r->cap * 2;
		sb_walk_entry *grown = realloc(r->entries, cap * sizeof(*grown));

		if (grown == NULL)
			return SB_ENOMEM;
		r->entries = grown;
		r->cap = cap;
	}
	r->entries[r->n].rel = strdup(rel);
	r->entries[r->n].abs = strdup(abs);
	if (r->entries[r->n].rel == NULL || r->entries[r->n].abs == NULL) {
		free(r->entries[r->n].rel);
		free(r->entries[r->n].abs);
		return SB_ENOMEM;
	}
	r->n++;
	return SB_OK;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walk *w, const char *abs_dir, const char *rel_dir, int depth);

/* One directory entry: decide, then list, descend or record why not. */
static int visit(struct walk *w, const char *abs, const char *rel, int depth)
{
	struct stat st;
	char real[PATH_MAX];
	const char *target = abs;
	bool was = false;
	int rc;

	if (lstat(abs, &st) != 0)
		return sb_doc_list_add_error(w->errors, rel, "unreadable", strerror(errno),
					     "check that the file still exists and you can read it");
	if (S_ISLNK(st.st_mode)) {
		if (realpath(abs, real) == NULL)
			return sb_doc_list_add_error(w->errors, rel, "broken-link",
						     "a link whose target does not exist",
						     "copy the real file into the case folder");
		if (!inside_root(w, real))
			return sb_doc_list_add_error(w->errors, rel, "outside-folder",
						     "not followed: the link points outside the "
						     "case folder",
						     "copy the file into the case folder if it "
						     "belongs to the case");
		if (stat(real, &st) != 0)
			return sb_doc_list_add_error(w->errors, rel, "unreadable", strerror(errno),
						     NULL);
		target = real;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = seen_before(w, &st, &was);
		if (rc != SB_OK || was)
			return rc;
		if (depth + 1 > w->max_depth)
			return sb_doc_list_add_error(w->errors, rel, "too-deep",
						     "folders nested too deeply were not read",
						     "move the files nearer the case folder");
		return walk_dir(w, target, rel, depth + 1);
	}
	if (!S_ISREG(st.st_mode))
		return sb_doc_list_add_error(w->errors, rel, "not-a-file",
					     "not a regular file (a device, pipe or socket)",
					     NULL);
	return add_entry(w, rel, target);
}

static int walk_dir(struct walk *w, const char *abs_dir, const char *rel_dir, int depth)
{
	DIR *dir = NULL;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = SB_OK;

	dir = opendir(abs_dir);
	if (dir == NULL) {
		rc = sb_doc_list_add_error(w->errors, rel_dir[0] != '\0' ? rel_dir : ".",
					   "unreadable", strerror(errno),
					   "check that you can open the folder");
		goto done;
	}
	while ((e = readdir(dir)) != NULL) {
		/* Hidden files (".DS_Store", "~$" lock files are not hidden but are
		 * Office's: skipped too) are not part of the case. */
		if (e->d_name[0] == '.' || strncmp(e->d_name, "~$", 2) == 0)
			continue;
		if (sb_walk_is_own_file(e->d_name))
			continue;
		if (n == cap) {
			size_t ncap = cap == 0 ? 32 : cap * 2;
			char **grown = realloc(names, ncap * sizeof(*grown));

			if (grown == NULL) {
				rc = SB_ENOMEM;
				goto done;
			}
			names = grown;
			cap = ncap;
		}
		names[n] = strdup(e->d_name);
		if (names[n] == NULL) {
			rc = SB_ENOMEM;
			goto done;
		}
		n++;
	}
	/* Sorted, so output order never depends on the file system. */
	if (n > 1) /* qsort needs a non-NULL array, even for 0 items */
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && !w->stopped; i++) {
		char *abs = sb_strdup_printf("%s/%s", abs_dir, names[i]);
		char *rel = rel_dir[0] != '\0' ? sb_strdup_printf("%s/%s", rel_dir, names[i])
					       : strdup(names[i]);

		if (abs == NULL || rel == NULL)
			rc = SB_ENOMEM;
		else
			rc = visit(w, abs, rel, depth);
		free(abs);
		free(rel);
		if (rc != SB_OK)
			goto done;
	}
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (dir != NULL)
		closedir(dir);
	return rc;
}

static int cmp_entries(const void *a, const void *b)
{
	const sb_walk_entry *x = a, *y = b;

	return strcmp(x->rel, y->rel);
}

int sb_walk(const char *root, size_t max_files, int max_depth, sb_walk_result *out,
	    sb_doc_list *errors, sb_error *err)
{
	char real[PATH_MAX];
	struct walk w;
	struct stat st;
	bool was = false;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if (realpath(root, real) == NULL || stat(real, &st) != 0)
		return sb_error_set(err, SB_EIO, root, "check the folder's name",
				    "cannot open the case folder '%s': %s", root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sb_error_set(err, SB_EINVAL, root, "give the folder that holds the case's files",
				    "'%s' is not a folder", root);
	w.root = real;
	w.root_len = strlen(real);
	if (w.root_len == 1)
		w.root_len = 0; /* "/" as the case folder: every path is inside */
	w.max_files = max_files;
	w.max_depth = max_depth;
	w.out = out;
	w.errors = errors;
	rc = seen_before(&w, &st, &was);
	if (rc == SB_OK)
		rc = walk_dir(&w, real, "", 0);
	free(w.seen);
	if (rc != SB_OK) {
		sb_walk_result_free(out);
		return sb_error_set(err, rc, root, NULL, "out of memory listing '%s'", root);
	}
	if (out->n > 1) /* qsort needs a non-NULL array, even for 0 items */
		qsort(out->entries, out->n, sizeof(*out->entries), cmp_entries);
	return SB_OK;
}
