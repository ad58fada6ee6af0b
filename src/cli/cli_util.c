/*
 * Helpers shared by the sendbundle commands: error reporting in one voice
 * ("what failed, on which file, what to do"), dates, clocks and holiday data.
 */
/* realpath (X/Open): the output's folder against the case folder. */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <errno.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_fail(const sb_error *err)
{
	fprintf(stderr, "sendbundle: %s\n", err->message[0] != '\0' ? err->message : "failed");
	if (err->hint[0] != '\0')
		fprintf(stderr, "  hint: %s\n", err->hint);
	switch (err->code) {
	case SB_EINVAL:
		return EXIT_USAGE;
	case SB_EUNSAFE:
	case SB_EREFUSED:
		return EXIT_UNSAFE;
	default:
		return EXIT_ERROR;
	}
}

int cli_usage_error(const struct sb_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sendbundle %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  hint: see 'sendbundle %s --help'\n", cmd->name);
	return EXIT_USAGE;
}

int cli_other_option(const struct sb_cmd *cmd, int c, char **argv)
{
	if (c == 'h') {
		cli_print_help(cmd);
		return EXIT_OK;
	}
	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
	return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

int cli_case_dir_arg(const struct sb_cmd *cmd, int argc, char **argv, const char **dir)
{
	if (argc - optind != 1)
		return cli_usage_error(cmd, "expected one CASE_DIR, the folder with the case's "
					    "documents");
	*dir = argv[optind];
	return EXIT_OK;
}

int cli_out_outside(const struct sb_cmd *cmd, const char *case_dir, const char *out,
		    const char *what)
{
	char *case_real = realpath(case_dir, NULL), *out_real = NULL, *dir = NULL;
	const char *slash = strrchr(out, '/');
	int status = EXIT_OK;
	size_t n;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == out)
		dir = strdup("/");
	else
		dir = strndup(out, (size_t)(slash - out));
	if (dir != NULL)
		out_real = realpath(dir, NULL);
	if (case_real != NULL && out_real != NULL) {
		n = strlen(case_real);
		if (strncmp(out_real, case_real, n) == 0 &&
		    (out_real[n] == '\0' || out_real[n] == '/' || strcmp(case_real, "/") == 0))
			status = cli_usage_error(cmd,
						 "'%s' is inside the case folder '%s', which "
						 "sendbundle only reads: write the %s somewhere else",
						 out, case_dir, what);
	}
	free(case_real);
	free(out_real);
	free(dir);
	return status;
}

int cli_parse_jobs(const struct sb_cmd *cmd, const char *value, int *jobs)
{
	char *end = NULL;
	long n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || n < 1 || n > 64)
		return cli_usage_error(cmd, "--jobs must be a number from 1 to 64, not '%s'",
				       value);
	*jobs = (int)n;
	return EXIT_OK;
}

void cli_print_help(const struct sb_cmd *cmd)
{
	fputs(cmd->help, stdout);
}

bool cli_parse_date(const struct sb_cmd *cmd, const char *option, const char *value,
		    sb_date *out)
{
	sb_error err;

	sb_error_clear(&err);
	if (sb_date_parse(value, out, &err) == SB_OK)
		return true;
	fprintf(stderr, "sendbundle %s: %s: %s\n", cmd->name, option, err.message);
	if (err.hint[0] != '\0')
		fprintf(stderr, "  hint: %s\n", err.hint);
	return false;
}

void cli_today_london(sb_date *today, bool *after_5pm)
{
	time_t now = time(NULL);
	struct tm tm;

	/* The Tribunal works on UK time (HESC Rules r.12(1): 5pm). */
	setenv("TZ", "Europe/London", 1);
	tzset();
	if (localtime_r(&now, &tm) == NULL) {
		gmtime_r(&now, &tm);
	}
	today->year = tm.tm_year + 1900;
	today->month = tm.tm_mon + 1;
	today->day = tm.tm_mday;
	*after_5pm = tm.tm_hour >= 17;
}

long long cli_stamp_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long v;

	if (s != NULL && s[0] != '\0') {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && end != NULL && *end == '\0' && v >= 0)
			return v;
		fprintf(stderr, "sendbundle: ignoring SOURCE_DATE_EPOCH='%s': not a number of "
				"seconds\n", s);
	}
	return (long long)time(NULL);
}

/* The fetched bank holidays: 1 loaded into *cal, 0 none there, -1 a broken
 * copy (reported). */
static int fetched_calendar(sb_calendar **cal)
{
	char dir[4096], path[4200], label[4400], when[32] = "";
	const char *env = getenv("SENDBUNDLE_DATA_DIR");
	sb_error err;
	struct stat st;
	FILE *f;

	if ((env != NULL && env[0] != '\0') || sb_user_data_dir(dir, sizeof(dir), &err) != SB_OK)
		return 0;
	snprintf(path, sizeof(path), "%s/bank-holidays.json", dir);
	if (stat(path, &st) != 0)
		return 0;
	/* The date it was fetched, from its record (retrieved_at). */
	snprintf(label, sizeof(label), "%s.source.json", path);
	f = fopen(label, "r");
	if (f != NULL) {
		char line[512];

		while (fgets(line, sizeof(line), f) != NULL) {
			char *p = strstr(line, "\"retrieved_at\": \"");

			if (p != NULL && strlen(p) >= 17 + 10) {
				snprintf(when, sizeof(when), " on %.10s", p + 17);
				break;
			}
		}
		(void)fclose(f); /* only read: nothing of ours to lose */
	}
	snprintf(label, sizeof(label), "bank-holidays.json fetched%s (%s)", when, path);
	if (sb_calendar_load(cal, path, label, &err) != SB_OK) {
		cli_fail(&err);
		fprintf(stderr, "  hint: run `sendbundle fetch bank-holidays` again, or delete "
				"'%s'\n",
			path);
		return -1;
	}
	return 1;
}

int cli_load_calendars(const char *user_file, sb_calendar **cals, size_t *ncals)
{
	char path[4096];
	sb_error err;
	int rc;

	*ncals = 0;
	/* GOV.UK's list as `sendbundle fetch bank-holidays` installed it: used
	 * beside the shipped copy, the earlier deadline winning; first, so that
	 * when both agree the output names the fresher one. Not with an
	 * explicit SENDBUNDLE_DATA_DIR, which is then the only place looked. */
	rc = fetched_calendar(&cals[*ncals]);
	if (rc < 0)
		return EXIT_ERROR;
	if (rc > 0)
		(*ncals)++;
	sb_error_clear(&err);
	rc = sb_data_find("bank-holidays.json", path, sizeof(path), &err);
	if (rc == SB_OK) {
		rc = sb_calendar_load(&cals[*ncals], path, "shipped bank-holidays.json", &err);
		if (rc != SB_OK)
			return cli_fail(&err);
		(*ncals)++;
	} else if (user_file == NULL && *ncals == 0) {
		fprintf(stderr, "sendbundle: cannot give a deadline safely without bank-holiday "
				"data: %s\n", err.message);
		fprintf(stderr, "  hint: %s\n", err.hint);
		return EXIT_UNSAFE;
	} else {
		fprintf(stderr, "sendbundle: note: the shipped holiday data is missing; using "
				"only %s\n", user_file != NULL ? user_file : "the fetched copy");
	}
	if (user_file != NULL) {
		sb_error_clear(&err);
		rc = sb_calendar_load(&cals[*ncals], user_file, NULL, &err);
		if (rc != SB_OK) {
			while (*ncals > 0)
				sb_calendar_free(cals[--(*ncals)]);
			return cli_fail(&err);
		}
		(*ncals)++;
	}
	return EXIT_OK;
}

void cli_wrap(FILE *f, const char *first_prefix, int indent, const char *text)
{
	const int width = 78;
	int col = (int)strlen(first_prefix);
	bool line_start = true;
	const char *p = text;

	fputs(first_prefix, f);
	while (*p == ' ')
		p++;
	while (*p != '\0') {
		const char *end = p;
		int len;

		while (*end != '\0' && *end != ' ')
			end++;
		len = (int)(end - p);
		if (!line_start && col + 1 + len > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			line_start = true;
		}
		if (!line_start) {
			fputc(' ', f);
			col++;
		}
		/* Unchecked like the fputs and fputc around it: stdout is checked
		 * once, by the command's fflush when its output is complete, and a
		 * message on stderr has nowhere better to go. */
		(void)fwrite(p, 1, (size_t)len, f);
		col += len;
		line_start = false;
		p = end;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

bool cli_ocr_option(const struct sb_cmd *cmd, int c, const char *arg, sb_scan_options *so,
		    int *status)
{
	*status = EXIT_OK;
	switch (c) {
	case CLI_OPT_NO_OCR:
		so->ocr.enabled = false;
		return true;
	case CLI_OPT_OCR_LANG:
		if (!sb_ocr_lang_valid(arg))
			*status = cli_usage_error(cmd,
						  "--ocr-lang '%s' is not a list of language names "
						  "(such as eng or eng+cym)",
						  arg);
		so->ocr.lang = arg;
		return true;
	default:
		return false;
	}
}

void cli_progress(void *arg, size_t done, size_t total)
{
	const int width = 30;
	int filled = total > 0 ? (int)(done * (size_t)width / total) : width;

	fprintf(stderr, "\r[%.*s%*s] %zu/%zu %s", filled, "##############################",
		width - filled, "", done, total, (const char *)arg);
	if (done == total)
		fputc('\n', stderr);
	/* A progress line only: if stderr cannot be written, the work goes on. */
	(void)fflush(stderr);
}

void cli_ocr_prepare(sb_scan_options *so)
{
	/* One folder for the process: the options keep a pointer to it. */
	static char dir[4096];
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n = -1;

	/* XDG Base Directory: a relative XDG_CACHE_HOME is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(dir, sizeof(dir), "%s/sendbundle/ocr", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(dir, sizeof(dir), "%s/.cache/sendbundle/ocr", home);
	/* No home: no cache, which costs time but never a result. */
	so->ocr.cache_dir = n > 0 && (size_t)n < sizeof(dir) ? dir : NULL;
	if (isatty(STDERR_FILENO)) {
		so->ocr.progress = cli_progress;
		so->ocr.progress_arg = (void *)"pages read by OCR";
	}
}
