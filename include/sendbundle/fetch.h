/*
 * sendbundle: downloading guidance documents and bank-holiday data safely,
 * with a record of where and when each came from (issue 5).
 *
 * Safe by default (shared/docs/libraries.md, "libcurl"): https only unless
 * allow_http; never file:, ftp: or any other scheme, not even through a
 * redirect; at most SB_FETCH_MAX_REDIRECTS redirects; a size cap enforced
 * while downloading; connect and total time limits; TLS verification always
 * on; the system's proxy settings (https_proxy, no_proxy ...) respected.
 * The download goes to a temporary file in the target folder and is renamed
 * into place only when it is complete and its content checked; any failure
 * leaves the folder as it was.
 */
#ifndef SENDBUNDLE_FETCH_H
#define SENDBUNDLE_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sendbundle/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SB_FETCH_MAX_SIZE ((long long)100 * 1000 * 1000) /* default cap: 100 MB */
#define SB_FETCH_MAX_REDIRECTS 5
#define SB_FETCH_TIMEOUT 300	     /* seconds for the whole download, by default */
#define SB_FETCH_CONNECT_TIMEOUT 30 /* seconds to connect */
#define SB_FETCH_NAME_MAX 200	     /* bytes of a saved file's name */
#define SB_FETCH_SOURCE_SUFFIX ".source.json"

typedef struct sb_fetch_options {
	bool allow_http;      /* also http:// (and redirects to it) */
	long long max_size;   /* bytes; the download stops past it */
	long timeout;	      /* seconds for the whole transfer */
	long connect_timeout; /* seconds */
	const char *ca_file;  /* certificates to trust instead of the system's (tests) */
	const char *name;     /* save as this name; NULL: the server's */
	/* Keep the file being replaced as "<stem>.previous<ext>" (bank holidays). */
	bool keep_previous;
	/* A check of the downloaded file before it is put in place (NULL: none):
	 * return SB_OK to accept it. */
	int (*check)(void *arg, const char *path, const unsigned char *head, size_t head_len,
		     sb_error *err);
	void *check_arg;
	/* Progress (may be NULL): bytes so far, and the total if known (else 0). */
	void (*progress)(void *arg, long long now, long long total);
	void *progress_arg;
} sb_fetch_options;

void sb_fetch_options_init(sb_fetch_options *opt);

typedef struct sb_fetch_result {
	bool not_modified;    /* the server said the saved copy is current (304) */
	char *path;	      /* the saved file: DIR/NAME */
	char *source_path;    /* DIR/NAME.source.json */
	char *url;	      /* as asked */
	char *effective_url;  /* after redirects */
	char *content_type;   /* NULL when the server sent none */
	char *last_modified;  /* the Last-Modified header, or NULL */
	char *etag;	      /* the ETag header, or NULL */
	char retrieved_at[32]; /* UTC, ISO 8601: "2026-11-22T10:15:00Z" */
	char sha256[65];
	long long size;
	char *previous;	      /* with keep_previous: where the replaced file went, or NULL */
} sb_fetch_result;

void sb_fetch_result_init(sb_fetch_result *r);
void sb_fetch_result_release(sb_fetch_result *r);

/*
 * Download url into the folder dir, as opt->name or the server's file name
 * (Content-Disposition, else the last part of the address after
 * redirects; made safe: no folders, no leading dot, no control
 * characters), and write NAME.source.json beside it (sb_fetch_source_json).
 *
 * A second fetch of the same address into the same folder sends
 * If-None-Match / If-Modified-Since from the first one's record; when the
 * server answers 304 nothing changes and r->not_modified is set. A file of
 * the same name that did not come from this address is never replaced.
 *
 * Content checks: a .pdf must start with "%PDF-", a .json must parse, and
 * a web page (text/html, or a body that starts like one) is refused unless
 * the name ends in .html or .htm: a server's error or sign-in page served
 * with status 200 is reported, not saved as the document.
 */
int sb_fetch_save(const char *url, const char *dir, const sb_fetch_options *opt,
		  sb_fetch_result *r, sb_error *err);

/* The provenance record (sorted keys, two-space indent, trailing newline):
 * url, effective_url, retrieved_at, sha256, size, content_type,
 * last_modified, etag (null when unknown). */
int sb_fetch_source_json(const sb_fetch_result *r, char **out, sb_error *err);

/*
 * The file name a download is saved under when none is given: the
 * Content-Disposition header's filename (may be NULL), else the last
 * segment of url's path, percent-decoded; made safe (see sb_fetch_save);
 * "download" when nothing usable is left. *out malloc'd.
 */
int sb_fetch_file_name(const char *content_disposition, const char *url, char **out,
		       sb_error *err);

/* Whether name is acceptable as a saved file's name (--name). */
bool sb_fetch_name_ok(const char *name);

/* ---- the catalogue of well-known documents (fetch --list, fetch NAME) ---- */

typedef struct sb_fetch_known {
	const char *name;  /* short name: "send-code-of-practice" */
	const char *title; /* "SEND Code of Practice: 0 to 25 years (2015)" */
	const char *url;   /* its official address */
	const char *file;  /* the name it is saved under */
} sb_fetch_known;

const sb_fetch_known *sb_fetch_catalogue(size_t *n);
const sb_fetch_known *sb_fetch_lookup(const char *name); /* NULL if unknown */

/*
 * Where `fetch bank-holidays` installs GOV.UK's bank-holidays.json and
 * where `deadline` looks for it: $XDG_DATA_HOME/sendbundle, else
 * $HOME/.local/share/sendbundle (XDG Base Directory). Written into buf.
 */
int sb_user_data_dir(char *buf, size_t size, sb_error *err);

#ifdef __cplusplus
}
#endif
#endif
