/*
 * sb_fetch: safe downloads with provenance (issue 5; include/sendbundle/fetch.h).
 *
 * libcurl does the transfer (shared/docs/libraries.md, "libcurl"): the
 * allowed schemes are set for the first request and for every redirect
 * (CURLOPT_PROTOCOLS_STR, CURLOPT_REDIR_PROTOCOLS_STR), so a redirect to
 * file: or ftp: fails inside libcurl before anything is read; the size cap
 * is checked against Content-Length before the body (CURLOPT_MAXFILESIZE)
 * and again on every block written, for bodies without a length; TLS
 * verification is libcurl's default and is never turned off. The body goes
 * to a temporary file in the target folder, hashed as it arrives; only a
 * complete, checked download is renamed into place, with its record.
 */
#define _XOPEN_SOURCE 700
#include <sendbundle/fetch.h>
#include <sendbundle/version.h>

#include "sb_buf.h"
#include "sb_json.h"
#include "sb_text.h"
#include "sb_util.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <jansson.h>
#include <mupdf/fitz/crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX 1024 /* bytes of the body kept for the content checks */

void sb_fetch_options_init(sb_fetch_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->max_size = SB_FETCH_MAX_SIZE;
	opt->timeout = SB_FETCH_TIMEOUT;
	opt->connect_timeout = SB_FETCH_CONNECT_TIMEOUT;
}

void sb_fetch_result_init(sb_fetch_result *r)
{
	memset(r, 0, sizeof(*r));
}

void sb_fetch_result_release(sb_fetch_result *r)
{
	if (r == NULL)
		return;
	free(r->path);
	free(r->source_path);
	free(r->url);
	free(r->effective_url);
	free(r->content_type);
	free(r->last_modified);
	free(r->etag);
	free(r->previous);
	memset(r, 0, sizeof(*r));
}

/* ---- the catalogue ---- */

/* Official addresses as published when this version was made; documents
 * move, and a 404 for one of these says so (see fetch_failed). */
static const sb_fetch_known catalogue[] = {
    {"bank-holidays", "England and Wales bank holidays (GOV.UK, JSON)",
     "https://www.gov.uk/bank-holidays.json", "bank-holidays.json"},
    {"send-code-of-practice", "SEND Code of Practice: 0 to 25 years (January 2015)",
     "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/"
     "attachment_data/file/398815/SEND_Code_of_Practice_January_2015.pdf",
     "SEND_Code_of_Practice_January_2015.pdf"},
    {"send-tribunal-guidance",
     "First-tier Tribunal (Special Educational Needs and Disability): how to appeal (GOV.UK)",
     "https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-"
     "disability",
     "send-tribunal-guidance.html"},
    {"bundle-practice-direction",
     "Practice Direction No. 1 of 2025: bundles in SEND and disability discrimination cases",
     "https://www.judiciary.uk/guidance-and-resources/practice-direction-on-procedure-for-"
     "the-preparation-of-bundles-in-the-special-educational-needs-and-disability-and-"
     "disability-discrimination-in-schools-jurisdictions/",
     "bundle-practice-direction.html"},
};

const sb_fetch_known *sb_fetch_catalogue(size_t *n)
{
	*n = sizeof(catalogue) / sizeof(catalogue[0]);
	return catalogue;
}

const sb_fetch_known *sb_fetch_lookup(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof(catalogue) / sizeof(catalogue[0]); i++)
		if (strcmp(catalogue[i].name, name) == 0)
			return &catalogue[i];
	return NULL;
}

/* ---- file names ---- */

bool sb_fetch_name_ok(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = 0;

	if (name == NULL || name[0] == '\0' || name[0] == '.' || name[0] == '-')
		return false;
	for (; *s != '\0'; s++, n++)
		if (*s < 0x20 || *s == 0x7f || *s == '/' || *s == '\\' || *s == ':')
			return false;
	return n <= SB_FETCH_NAME_MAX;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Make a name safe in place: the last path segment only, percent-escapes
 * decoded, control characters, separators and quotes dropped, no leading
 * dots, dashes or spaces, at most SB_FETCH_NAME_MAX bytes (cut before a
 * UTF-8 continuation byte, so characters stay whole). */
static void make_safe(char *s)
{
	char *last = s, *p, *o;
	size_t n = 0;

	for (p = s; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			last = p + 1;
	o = s;
	for (p = last; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = (unsigned char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':' || c == '"' ||
		    c == '<' || c == '>' || c == '|' || c == '?' || c == '*')
			continue;
		if (o == s && (c == '.' || c == '-' || c == ' '))
			continue;
		*o++ = (char)c;
	}
	*o = '\0';
	/* Bytes that are not UTF-8 (a server may send anything) become '_',
	 * so the name is one every system can show. */
	for (p = s; *p != '\0';) {
		uint32_t cp;
		bool bad = false;
		size_t k = sb_utf8_step((const unsigned char *)p, strlen(p), &cp, &bad);

		if (bad)
			memset(p, '_', k);
		p += k;
	}
	n = strlen(s);
	if (n > SB_FETCH_NAME_MAX) {
		n = SB_FETCH_NAME_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		s[n] = '\0';
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
		s[--n] = '\0';
}

/* The first place needle (lower-case ASCII) occurs in s, any case. */
static const char *find_nocase(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

/* filename="..." or filename=... from a Content-Disposition value (the
 * RFC 6266 filename* form is left to the plain one most servers also send). */
static char *disposition_name(const char *cd)
{
	const char *p = cd;

	while (p != NULL && (p = find_nocase(p, "filename")) != NULL) {
		const char *v = p + 8, *end;

		while (*v == ' ')
			v++;
		if (*v != '=') {
			p = v;
			continue;
		}
		v++;
		while (*v == ' ')
			v++;
		if (*v == '"') {
			v++;
			end = strchr(v, '"');
		} else {
			end = v + strcspn(v, "; \t\r\n");
		}
		if (end == NULL)
			end = v + strlen(v);
		return strndup(v, (size_t)(end - v));
	}
	return NULL;
}

int sb_fetch_file_name(const char *content_disposition, const char *url, char **out,
		       sb_error *err)
{
	char *name = NULL;

	*out = NULL;
	if (content_disposition != NULL) {
		name = disposition_name(content_disposition);
		if (name != NULL)
			make_safe(name);
		if (name != NULL && name[0] == '\0') {
			free(name);
			name = NULL;
		}
	}
	if (name == NULL && url != NULL) {
		const char *start = strstr(url, "://");
		size_t len;

		start = start != NULL ? start + 3 : url;
		start += strcspn(start, "/?#"); /* past the host */
		len = strcspn(start, "?#");
		name = strndup(start, len);
		if (name != NULL)
			make_safe(name);
		if (name != NULL && name[0] == '\0') {
			free(name);
			name = NULL;
		}
	}
	if (name == NULL)
		name = strdup("download");
	if (name == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	*out = name;
	return SB_OK;
}

/* ---- the user's data folder (XDG Base Directory) ---- */

int sb_user_data_dir(char *buf, size_t size, sb_error *err)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	int n;

	/* The spec: a relative XDG_DATA_HOME is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, size, "%s/sendbundle", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, size, "%s/.local/share/sendbundle", home);
	else
		return sb_error_set(err, SB_EIO, NULL, "set HOME or XDG_DATA_HOME",
				    "cannot tell where your data folder is");
	if (n < 0 || (size_t)n >= size)
		return sb_error_set(err, SB_ERANGE, NULL, NULL, "the data folder's path is too long");
	return SB_OK;
}

/* ---- the transfer ---- */

typedef struct transfer {
	int fd;
	long long written, max;
	bool over;	 /* the body passed max */
	bool write_failed;
	int write_errno;
	fz_sha256 sha;
	unsigned char head[HEAD_MAX];
	size_t head_len;
	const sb_fetch_options *opt;
} transfer;

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	transfer *t = arg;
	size_t n = size * nmemb, done = 0;

	if (t->written + (long long)n > t->max) {
		t->over = true;
		return 0; /* stops the transfer: CURLE_WRITE_ERROR */
	}
	if (t->head_len < HEAD_MAX) {
		size_t k = n < HEAD_MAX - t->head_len ? n : HEAD_MAX - t->head_len;

		memcpy(t->head + t->head_len, data, k);
		t->head_len += k;
	}
	while (done < n) {
		ssize_t w = write(t->fd, data + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			t->write_failed = true;
			t->write_errno = errno;
			return 0;
		}
		done += (size_t)w;
	}
	fz_sha256_update(&t->sha, (const unsigned char *)data, n);
	t->written += (long long)n;
	return n;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	transfer *t = arg;

	(void)ultotal, (void)ulnow;
	t->opt->progress(t->opt->progress_arg, (long long)dlnow, (long long)dltotal);
	return 0;
}

/* A response header's value (the last response's, after redirects), or NULL. */
static char *header(CURL *c, const char *name)
{
	struct curl_header *h = NULL;

	if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || h == NULL)
		return NULL;
	return strdup(h->value);
}

static int fetch_failed(CURLcode code, const transfer *t, const char *url, long timeout,
			const char *errbuf, sb_error *err)
{
	switch (code) {
	case CURLE_UNSUPPORTED_PROTOCOL:
		return sb_error_set(err, SB_EREFUSED, url,
				    "only https:// addresses are fetched; --allow-http permits "
				    "http://, never file:, ftp: or others",
				    "'%s' (or a redirect from it) is not an address sendbundle "
				    "fetches: %s",
				    url, errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code));
	case CURLE_TOO_MANY_REDIRECTS:
		return sb_error_set(err, SB_EREFUSED, url, "fetch the final address directly",
				    "'%s' redirects more than %d times", url,
				    SB_FETCH_MAX_REDIRECTS);
	case CURLE_FILESIZE_EXCEEDED:
		return sb_error_set(err, SB_ERANGE, url, "raise the limit with --max-size BYTES",
				    "'%s' is bigger than the limit of %lld bytes", url, t->max);
	case CURLE_OPERATION_TIMEDOUT:
		return sb_error_set(err, SB_EIO, url,
				    "try again later, or allow longer with --timeout SECONDS",
				    "'%s' did not finish within %ld seconds", url, timeout);
	case CURLE_PARTIAL_FILE:
		return sb_error_set(err, SB_EIO, url, "try again",
				    "the download of '%s' was cut short by the server", url);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		return sb_error_set(err, SB_EIO, url,
				    "check the address; if your network inspects secure traffic, "
				    "give its certificate with --cacert FILE (checking is never "
				    "turned off)",
				    "the server of '%s' could not prove who it is: %s", url,
				    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code));
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return sb_error_set(err, SB_EIO, url,
				    "check the address and your connection (a proxy is taken from "
				    "https_proxy)",
				    "cannot reach '%s': %s", url,
				    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code));
	case CURLE_WRITE_ERROR:
		if (t->over)
			return sb_error_set(err, SB_ERANGE, url,
					    "raise the limit with --max-size BYTES",
					    "'%s' is bigger than the limit of %lld bytes", url,
					    t->max);
		return sb_error_set(err, SB_EIO, url, "check the free space in the folder",
				    "cannot write the download of '%s': %s", url,
				    strerror(t->write_errno));
	default:
		return sb_error_set(err, SB_EIO, url, "check the address and try again",
				    "cannot fetch '%s': %s", url,
				    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code));
	}
}

/* ---- the record beside the file ---- */

int sb_fetch_source_json(const sb_fetch_result *r, char **out, sb_error *err)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	*out = NULL;
	sb_json_set(o, "url", json_string(r->url), &ok);
	sb_json_set(o, "effective_url", json_string(r->effective_url), &ok);
	sb_json_set(o, "retrieved_at", json_string(r->retrieved_at), &ok);
	sb_json_set(o, "sha256", json_string(r->sha256), &ok);
	sb_json_set(o, "size", json_integer(r->size), &ok);
	sb_json_set(o, "content_type",
		    r->content_type != NULL ? json_string(r->content_type) : json_null(), &ok);
	sb_json_set(o, "last_modified",
		    r->last_modified != NULL ? json_string(r->last_modified) : json_null(), &ok);
	sb_json_set(o, "etag", r->etag != NULL ? json_string(r->etag) : json_null(), &ok);
	if (!ok) {
		json_decref(o);
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	return sb_json_finish(o, out, err); /* sorted keys, two spaces, newline */
}

/* The earlier record for path, when it came from url: its ETag and
 * Last-Modified for a conditional request. *same is false when there is no
 * record or it is for another address. */
static void earlier_record(const char *source_path, const char *url, bool *same, char **etag,
			   char **last_modified)
{
	json_error_t jerr;
	json_t *o = json_load_file(source_path, JSON_REJECT_DUPLICATES, &jerr);
	const char *u, *e, *m;

	*same = false;
	*etag = *last_modified = NULL;
	if (o == NULL)
		return;
	u = json_string_value(json_object_get(o, "url"));
	e = json_string_value(json_object_get(o, "etag"));
	m = json_string_value(json_object_get(o, "last_modified"));
	if (u != NULL && strcmp(u, url) == 0) {
		*same = true;
		*etag = e != NULL ? strdup(e) : NULL;
		*last_modified = m != NULL ? strdup(m) : NULL;
	}
	json_decref(o);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static char *join(const char *dir, const char *name, const char *suffix)
{
	return sb_strdup_printf("%s/%s%s", dir, name, suffix != NULL ? suffix : "");
}

/* ---- content checks ---- */

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcasecmp(s + n - m, tail) == 0;
}

static bool looks_like_html(const unsigned char *head, size_t n)
{
	size_t i = 0;

	if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
		i++;
	return (n - i >= 14 && strncasecmp((const char *)head + i, "<!doctype html", 14) == 0) ||
	       (n - i >= 5 && strncasecmp((const char *)head + i, "<html", 5) == 0);
}

static int check_content(const char *url, const char *name, const char *tmp,
			 const char *content_type, const transfer *t, sb_error *err)
{
	bool html_type = content_type != NULL && strncasecmp(content_type, "text/html", 9) == 0;
	bool html_name = ends_with(name, ".html") || ends_with(name, ".htm");

	if (!html_name && (html_type || looks_like_html(t->head, t->head_len)))
		return sb_error_set(err, SB_EPARSE, url,
				    "open the address in a browser: the document may have moved, "
				    "or need signing in",
				    "'%s' sent a web page, not the document '%s' (probably an error "
				    "or sign-in page); nothing was saved",
				    url, name);
	if (ends_with(name, ".pdf") &&
	    (t->head_len < 5 || memcmp(t->head, "%PDF-", 5) != 0))
		return sb_error_set(err, SB_EPARSE, url,
				    "check the address; save it under another name with --name if "
				    "it is not a PDF",
				    "'%s' did not send a PDF (it does not start with %%PDF-; the "
				    "server called it %s); nothing was saved",
				    url, content_type != NULL ? content_type : "nothing");
	if (ends_with(name, ".json")) {
		json_error_t jerr;
		json_t *j = json_load_file(tmp, JSON_REJECT_DUPLICATES, &jerr);

		if (j == NULL)
			return sb_error_set(err, SB_EPARSE, url, "check the address",
					    "'%s' did not send valid JSON (line %d: %s); nothing "
					    "was saved",
					    url, jerr.line, jerr.text);
		json_decref(j);
	}
	return SB_OK;
}

/* ---- putting it in place ---- */

/* The record, written to a file with no name yet (sb_file_temp_unnamed):
 * its descriptor in *fd_out, its name (NULL when it has none) in *tmp_out.
 * sb_file_place names it. */
static int write_record(const sb_fetch_result *r, char **tmp_out, int *fd_out, sb_error *err)
{
	char *json = NULL, *tmp = NULL;
	int fd = -1, rc;
	size_t len, done = 0;

	*tmp_out = NULL;
	*fd_out = -1;
	rc = sb_fetch_source_json(r, &json, err);
	if (rc == SB_OK)
		rc = sb_file_temp_unnamed(r->source_path, &tmp, &fd, err);
	if (rc != SB_OK)
		goto cleanup;
	len = strlen(json);
	while (done < len) {
		ssize_t w = write(fd, json + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = sb_error_set(err, SB_EIO, r->source_path,
					  "check the free space in the folder",
					  "cannot write '%s': %s", r->source_path, strerror(errno));
			goto cleanup;
		}
		done += (size_t)w;
	}
	*tmp_out = tmp;
	tmp = NULL;
	*fd_out = fd;
	fd = -1;
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(json);
	return rc;
}

/* "bank-holidays.json" -> "bank-holidays.previous.json". */
static char *previous_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash != NULL ? slash + 1 : path, '.');

	if (dot == NULL || dot == (slash != NULL ? slash + 1 : path))
		return sb_strdup_printf("%s.previous", path);
	return sb_strdup_printf("%.*s.previous%s", (int)(dot - path), path, dot);
}

static void utc_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	/* At most 27 characters, whatever the year (an int): it always fits. */
	(void)strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool scheme_ok(const char *url, bool allow_http)
{
	return strncasecmp(url, "https://", 8) == 0 ||
	       (allow_http && strncasecmp(url, "http://", 7) == 0);
}

int sb_fetch_save(const char *url, const char *dir, const sb_fetch_options *opt,
		  sb_fetch_result *r, sb_error *err)
{
	CURL *c = NULL;
	struct curl_slist *hdrs = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	char *tmp = NULL, *record_tmp = NULL, *name = NULL, *guess = NULL, *cd = NULL;
	char *readable = NULL; /* a path the download can be read by */
	int record_fd = -1;
	char *etag = NULL, *last_mod = NULL, *line = NULL, *src_guess = NULL;
	const char *eff = NULL, *ctype = NULL;
	bool same = false, curl_up = false;
	transfer t;
	struct stat st;
	long status = 0;
	CURLcode code;
	int rc = SB_OK;

	sb_fetch_result_init(r);
	memset(&t, 0, sizeof(t));
	t.fd = -1;
	t.opt = opt;
	t.max = opt->max_size > 0 ? opt->max_size : SB_FETCH_MAX_SIZE;
	fz_sha256_init(&t.sha);
	if (url == NULL || !scheme_ok(url, opt->allow_http)) {
		rc = sb_error_set(err, SB_EREFUSED, url,
				  strncasecmp(url != NULL ? url : "", "http://", 7) == 0
				      ? "use the https:// address, or --allow-http to permit "
					"plain http"
				      : "give an https:// address (file:, ftp: and others are "
					"never fetched)",
				  "'%s' is not an address sendbundle fetches", url != NULL ? url : "");
		goto cleanup;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rc = sb_error_set(err, SB_EIO, dir, "create the folder first, or give another with --into",
				  "'%s' is not a folder", dir);
		goto cleanup;
	}
	if (opt->name != NULL && !sb_fetch_name_ok(opt->name)) {
		rc = sb_error_set(err, SB_EINVAL, opt->name,
				  "give a plain file name: no folders, not starting with a dot",
				  "'%s' cannot be used as a file name", opt->name);
		goto cleanup;
	}
	r->url = strdup(url);
	if (r->url == NULL)
		goto nomem;

	/* The name as far as it can be told before asking: a conditional
	 * request needs the earlier record, and a file that is someone
	 * else's is refused before anything is downloaded. */
	if (opt->name != NULL)
		guess = strdup(opt->name);
	else if ((rc = sb_fetch_file_name(NULL, url, &guess, err)) != SB_OK)
		goto cleanup;
	if (guess == NULL)
		goto nomem;
	src_guess = join(dir, guess, SB_FETCH_SOURCE_SUFFIX);
	if (src_guess == NULL)
		goto nomem;
	earlier_record(src_guess, url, &same, &etag, &last_mod);

	/* The download has no name until it is complete and checked, so a
	 * fetch killed part way leaves nothing (issue 8, "Nothing lost");
	 * where the file system cannot, a hidden ".sendbundle-fetch.tmp."
	 * name that scan and build pass over. */
	{
		char *hidden = sb_strdup_printf("%s/.sendbundle-fetch", dir);

		if (hidden == NULL)
			goto nomem;
		rc = sb_file_temp_unnamed(hidden, &tmp, &t.fd, err);
		free(hidden);
		if (rc != SB_OK)
			goto cleanup;
	}
	readable = tmp != NULL ? strdup(tmp) : sb_strdup_printf("/proc/self/fd/%d", t.fd);
	if (readable == NULL)
		goto nomem;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		goto nomem;
	curl_up = true;
	c = curl_easy_init();
	if (c == NULL)
		goto nomem;
	if (same && etag != NULL) {
		line = sb_strdup_printf("If-None-Match: %s", etag);
		if (line == NULL || (hdrs = curl_slist_append(hdrs, line)) == NULL)
			goto nomem;
		free(line);
		line = NULL;
	}
	if (same && last_mod != NULL) {
		struct curl_slist *h;

		line = sb_strdup_printf("If-Modified-Since: %s", last_mod);
		if (line == NULL || (h = curl_slist_append(hdrs, line)) == NULL)
			goto nomem;
		hdrs = h;
		free(line);
		line = NULL;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	/* The schemes, for the first request and every redirect. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, opt->allow_http ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, opt->allow_http ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)SB_FETCH_MAX_REDIRECTS);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t.max);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, opt->connect_timeout > 0
							? opt->connect_timeout
							: (long)SB_FETCH_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, opt->timeout > 0 ? opt->timeout : (long)SB_FETCH_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sendbundle/" SB_VERSION);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
	if (hdrs != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (opt->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, opt->ca_file);
	if (opt->progress != NULL) {
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	code = curl_easy_perform(c);
	if (code != CURLE_OK) {
		rc = fetch_failed(code, &t, url, opt->timeout > 0 ? opt->timeout : SB_FETCH_TIMEOUT,
				  errbuf, err);
		goto cleanup;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype);
	utc_now(r->retrieved_at);
	if (status == 304 && same) {
		r->not_modified = true;
		r->path = join(dir, guess, NULL);
		r->source_path = strdup(src_guess);
		if (r->path == NULL || r->source_path == NULL)
			goto nomem;
		goto cleanup; /* the temporary file goes; the saved copy stays */
	}
	if (status < 200 || status > 299) {
		rc = sb_error_set(err, SB_EIO, url,
				  status == 404 || status == 410
				      ? "the document may have moved: find it on the publisher's "
					"site and fetch its new address"
				      : status >= 500 ? "the server has a problem: try again later"
						      : "check the address",
				  "'%s' answered %ld%s; nothing was saved", url, status,
				  status == 404 ? " (not found)" : status == 410 ? " (gone)" : "");
		goto cleanup;
	}
	r->effective_url = strdup(eff != NULL ? eff : url);
	r->content_type = ctype != NULL ? strdup(ctype) : NULL;
	r->etag = header(c, "ETag");
	r->last_modified = header(c, "Last-Modified");
	cd = header(c, "Content-Disposition");
	if (r->effective_url == NULL || (ctype != NULL && r->content_type == NULL))
		goto nomem;
	if (opt->name != NULL)
		name = strdup(opt->name);
	else if ((rc = sb_fetch_file_name(cd, r->effective_url, &name, err)) != SB_OK)
		goto cleanup;
	if (name == NULL)
		goto nomem;
	r->path = join(dir, name, NULL);
	r->source_path = join(dir, name, SB_FETCH_SOURCE_SUFFIX);
	if (r->path == NULL || r->source_path == NULL)
		goto nomem;
	/* Never over a file that did not come from this address. */
	if (strcmp(name, guess) != 0) {
		free(etag);
		free(last_mod);
		earlier_record(r->source_path, url, &same, &etag, &last_mod);
	}
	if (exists(r->path) && !same && !opt->keep_previous) {
		rc = sb_error_set(err, SB_EIO, r->path,
				  "give another name with --name, or move the file away",
				  "'%s' exists and did not come from '%s'; nothing was saved",
				  r->path, url);
		goto cleanup;
	}
	/* t.fd stays open: an unnamed download lives only as long as it. */
	rc = check_content(url, name, readable, r->content_type, &t, err);
	if (rc == SB_OK && opt->check != NULL)
		rc = opt->check(opt->check_arg, readable, t.head, t.head_len, err);
	if (rc != SB_OK)
		goto cleanup;
	{
		unsigned char digest[32];
		static const char hex[] = "0123456789abcdef";
		size_t i;

		fz_sha256_final(&t.sha, digest);
		for (i = 0; i < sizeof(digest); i++) {
			r->sha256[2 * i] = hex[digest[i] >> 4];
			r->sha256[2 * i + 1] = hex[digest[i] & 15];
		}
		r->sha256[64] = '\0';
	}
	r->size = t.written;
	rc = write_record(r, &record_tmp, &record_fd, err);
	if (rc != SB_OK)
		goto cleanup;
	if (opt->keep_previous && exists(r->path)) {
		r->previous = previous_name(r->path);
		if (r->previous == NULL)
			goto nomem;
		if (rename(r->path, r->previous) != 0) {
			rc = sb_error_set(err, SB_EIO, r->path, NULL,
					  "cannot keep the previous copy of '%s': %s", r->path,
					  strerror(errno));
			goto cleanup;
		}
	}
	/* Replacing: a file that was not this address's was refused above. */
	rc = sb_file_place(t.fd, tmp, r->path, true, err);
	if (rc == SB_OK)
		rc = sb_file_place(record_fd, record_tmp, r->source_path, true, err);
	if (rc != SB_OK)
		goto cleanup;
	free(tmp);
	tmp = NULL;
	free(record_tmp);
	record_tmp = NULL;
	goto cleanup;
nomem:
	rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
cleanup:
	if (t.fd >= 0)
		close(t.fd);
	if (record_fd >= 0)
		close(record_fd);
	free(readable);
	/* Any failure, and "not changed", leave the folder as it was. */
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	if (record_tmp != NULL) {
		unlink(record_tmp);
		free(record_tmp);
	}
	curl_slist_free_all(hdrs);
	if (c != NULL)
		curl_easy_cleanup(c);
	if (curl_up)
		curl_global_cleanup();
	free(name);
	free(guess);
	free(src_guess);
	free(cd);
	free(etag);
	free(last_mod);
	free(line);
	if (rc != SB_OK)
		sb_fetch_result_release(r);
	return rc;
}
