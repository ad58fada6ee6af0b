/*
 * sendbundle fetch: guidance documents and bank-holiday data, downloaded
 * safely, each with a record of where and when it came from (issue 5;
 * include/sendbundle/fetch.h does the work).
 */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_fetch = {
	"fetch",
	"download a guidance document or the bank holidays, safely, with a record",
	"Usage: sendbundle fetch URL|NAME [--into DIR] [--name FILE] [--allow-http]\n"
	"                        [--max-size BYTES] [--timeout SECONDS] [--cacert FILE]\n"
	"                        [--json]\n"
	"       sendbundle fetch --list [--json]\n"
	"       sendbundle fetch bank-holidays\n"
	"\n"
	"Downloads URL (or a document from the catalogue by its NAME: see --list)\n"
	"into DIR under the server's file name, and writes FILE.source.json beside\n"
	"it: the address asked for and the one it came from after redirects, when\n"
	"(UTC), its SHA-256, size, content type, Last-Modified and ETag. Fetching\n"
	"the same address again asks the server whether it changed, and says \"not\n"
	"changed\" when it did not.\n"
	"\n"
	"Safe by default: https:// only; never file:, ftp: or any other scheme, not\n"
	"even through a redirect; at most 5 redirects; the size limit is enforced\n"
	"while downloading; certificates are always checked; proxies are taken from\n"
	"https_proxy and no_proxy. The file is checked before it is kept (a .pdf\n"
	"must be a PDF, a .json must be JSON, and a web page sent instead of a\n"
	"document is refused); any failure leaves DIR as it was.\n"
	"\n"
	"`fetch bank-holidays` installs GOV.UK's bank-holidays.json in your data\n"
	"folder ($XDG_DATA_HOME/sendbundle, else ~/.local/share/sendbundle), keeping\n"
	"the previous copy; `sendbundle deadline` then uses it as well as the copy\n"
	"shipped with the program, and says which gave the deadline.\n"
	"\n"
	"Options:\n"
	"  --into DIR         the folder to save in (default: the current folder)\n"
	"  --name FILE        save under this name instead of the server's\n"
	"  --allow-http       also allow plain http:// addresses\n"
	"  --max-size BYTES   refuse anything bigger (default 100000000, 100 MB)\n"
	"  --timeout SECONDS  give up after this long (default 300)\n"
	"  --cacert FILE      trust the certificates in FILE instead of the system's\n"
	"                     (default: $CURL_CA_BUNDLE if set)\n"
	"  --json             print the record as JSON on stdout\n"
	"  --list             list the catalogue of well-known documents\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit codes: 0 saved or not changed, 1 error (nothing saved), 2 usage,\n"
	"3 refused as unsafe (a scheme other than https, too many redirects).\n",
	run,
};

enum { OPT_INTO = 1000, OPT_NAME, OPT_HTTP, OPT_MAX, OPT_TIMEOUT, OPT_CACERT, OPT_JSON, OPT_LIST };

static const struct option options[] = {
	{"into", required_argument, NULL, OPT_INTO},
	{"name", required_argument, NULL, OPT_NAME},
	{"allow-http", no_argument, NULL, OPT_HTTP},
	{"max-size", required_argument, NULL, OPT_MAX},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"cacert", required_argument, NULL, OPT_CACERT},
	{"json", no_argument, NULL, OPT_JSON},
	{"list", no_argument, NULL, OPT_LIST},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

typedef struct fetch_args {
	const char *what, *into;
	bool json, list, help;
	sb_fetch_options fo;
} fetch_args;

/* A whole number from min to max, or a usage error. */
static int parse_number(const char *option, const char *value, long long min, long long max,
			long long *out)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 10);
	/* EXIT_USAGE written out, not cli_usage_error's result (the same): *out
	 * is then plainly set on every EXIT_OK, which the caller relies on. */
	if (errno != 0 || end == value || *end != '\0' || v < min || v > max) {
		cli_usage_error(&cmd_fetch, "%s must be a whole number from %lld to %lld, not '%s'",
				option, min, max, value);
		return EXIT_USAGE;
	}
	*out = v;
	return EXIT_OK;
}

static int parse(int argc, char **argv, fetch_args *a)
{
	long long v;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_print_help(&cmd_fetch);
			a->help = true;
			return EXIT_OK;
		case OPT_INTO:
			a->into = optarg;
			break;
		case OPT_NAME:
			if (!sb_fetch_name_ok(optarg))
				return cli_usage_error(&cmd_fetch,
						       "--name '%s' is not a plain file name (no "
						       "folders, not starting with a dot or dash)",
						       optarg);
			a->fo.name = optarg;
			break;
		case OPT_HTTP:
			a->fo.allow_http = true;
			break;
		case OPT_MAX:
			if (parse_number("--max-size", optarg, 1, (long long)1 << 40, &v) != EXIT_OK)
				return EXIT_USAGE;
			a->fo.max_size = v;
			break;
		case OPT_TIMEOUT:
			if (parse_number("--timeout", optarg, 1, 86400, &v) != EXIT_OK)
				return EXIT_USAGE;
			a->fo.timeout = (long)v;
			if (a->fo.connect_timeout > a->fo.timeout)
				a->fo.connect_timeout = a->fo.timeout;
			break;
		case OPT_CACERT:
			a->fo.ca_file = optarg;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_LIST:
			a->list = true;
			break;
		default:
			return cli_other_option(&cmd_fetch, c, argv);
		}
	}
	if (a->list) {
		if (argc - optind != 0)
			return cli_usage_error(&cmd_fetch, "--list takes no address");
		return EXIT_OK;
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_fetch, "expected one URL or NAME (see --list)");
	a->what = argv[optind];
	return EXIT_OK;
}

static int list(bool json)
{
	size_t n, i;
	const sb_fetch_known *k = sb_fetch_catalogue(&n);

	if (json) {
		printf("[\n");
		for (i = 0; i < n; i++)
			printf("  {\"file\": \"%s\", \"name\": \"%s\", \"title\": \"%s\", \"url\": "
			       "\"%s\"}%s\n",
			       k[i].file, k[i].name, k[i].title, k[i].url, i + 1 < n ? "," : "");
		printf("]\n");
		return EXIT_OK;
	}
	printf("Documents sendbundle knows by name (sendbundle fetch NAME):\n\n");
	for (i = 0; i < n; i++)
		printf("  %s\n    %s\n    %s\n", k[i].name, k[i].title, k[i].url);
	printf("\nAddresses are the publishers' own as of this version; if one has moved,\n"
	       "fetch the document's new address instead.\n");
	return EXIT_OK;
}

/* A progress bar for downloads over a second, when stderr is a terminal. */
typedef struct bar {
	time_t start;
	bool shown;
} bar;

static void progress(void *arg, long long now, long long total)
{
	bar *b = arg;
	const int width = 30;

	if (!b->shown && time(NULL) - b->start < 1)
		return;
	b->shown = true;
	if (total > 0) {
		int filled = (int)(now * width / total);

		fprintf(stderr, "\r[%.*s%*s] %lld/%lld KB", filled,
			"##############################", width - filled, "", now / 1000,
			total / 1000);
	} else {
		fprintf(stderr, "\r%lld KB", now / 1000);
	}
	/* A progress line only: if stderr cannot be written, the download goes on. */
	(void)fflush(stderr);
}

/* bank-holidays: the file must be GOV.UK's format with England and Wales. */
static int check_holidays(void *arg, const char *path, const unsigned char *head,
			  size_t head_len, sb_error *err)
{
	sb_calendar *cal = NULL;
	int rc;

	(void)arg, (void)head, (void)head_len;
	rc = sb_calendar_load(&cal, path, "downloaded bank-holidays.json", err);
	sb_calendar_free(cal);
	return rc;
}

static int mkdirs(const char *path)
{
	char buf[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];

			buf[i] = '\0';
			if (mkdir(buf, 0700) != 0 && errno != EEXIST)
				return -1;
			buf[i] = c;
		}
	}
	return 0;
}

static void print_result(const fetch_args *a, const sb_fetch_result *r, bool holidays)
{
	char *json = NULL;
	sb_error err;

	if (a->json) {
		if (r->not_modified)
			printf("{\"not_modified\": true, \"path\": \"%s\", \"source\": \"%s\"}\n",
			       r->path, r->source_path);
		else if (sb_fetch_source_json(r, &json, &err) == SB_OK)
			fputs(json, stdout);
		free(json);
		return;
	}
	if (r->not_modified) {
		printf("Not changed: '%s' is the server's current copy.\n", r->path);
		return;
	}
	printf("Saved '%s' (%lld bytes) from %s\n", r->path, r->size, r->effective_url);
	printf("  SHA-256: %s\n", r->sha256);
	printf("  record:  %s\n", r->source_path);
	if (r->previous != NULL)
		printf("  the previous copy is kept as '%s'\n", r->previous);
	if (holidays)
		printf("`sendbundle deadline` now uses these bank holidays as well as the copy "
		       "shipped with it.\n");
}

static int run(int argc, char **argv)
{
	fetch_args a;
	sb_fetch_result r;
	const sb_fetch_known *k;
	const char *url, *env;
	char dir[4096];
	bool holidays = false;
	bar b = {time(NULL), false};
	sb_error err;
	int status;

	memset(&a, 0, sizeof(a));
	sb_fetch_options_init(&a.fo);
	status = parse(argc, argv, &a);
	if (status != EXIT_OK || a.help)
		return status;
	if (a.list)
		return list(a.json);
	env = getenv("CURL_CA_BUNDLE");
	if (a.fo.ca_file == NULL && env != NULL && env[0] != '\0')
		a.fo.ca_file = env;
	url = a.what;
	k = sb_fetch_lookup(a.what);
	if (k != NULL) {
		url = k->url;
		if (a.fo.name == NULL)
			a.fo.name = k->file;
	}
	snprintf(dir, sizeof(dir), "%s", a.into != NULL ? a.into : ".");
	if (k != NULL && strcmp(k->name, "bank-holidays") == 0) {
		holidays = true;
		if (a.into != NULL || (a.fo.name != NULL && strcmp(a.fo.name, k->file) != 0))
			return cli_usage_error(&cmd_fetch, "bank-holidays is installed in your data "
							   "folder: --into and --name do not apply");
		/* Another address for the same data (a mirror, or a test's server). */
		env = getenv("SENDBUNDLE_BANK_HOLIDAYS_URL");
		if (env != NULL && env[0] != '\0')
			url = env;
		if (sb_user_data_dir(dir, sizeof(dir), &err) != SB_OK)
			return cli_fail(&err);
		if (mkdirs(dir) != 0) {
			fprintf(stderr, "sendbundle: cannot create '%s': %s\n", dir, strerror(errno));
			return EXIT_ERROR;
		}
		a.fo.keep_previous = true;
		a.fo.check = check_holidays;
	}
	if (isatty(STDERR_FILENO)) {
		a.fo.progress = progress;
		a.fo.progress_arg = &b;
	}
	status = sb_fetch_save(url, dir, &a.fo, &r, &err);
	if (b.shown)
		fputc('\n', stderr);
	if (status != SB_OK) {
		status = cli_fail(&err);
		return status == EXIT_USAGE ? EXIT_ERROR : status;
	}
	print_result(&a, &r, holidays);
	sb_fetch_result_release(&r);
	return EXIT_OK;
}
