/*
 * The sendbundle program's shared pieces: the command table entry, exit
 * codes, and helpers every command uses to read options and report errors.
 * Domain logic lives in libsendbundle; commands only parse and print.
 */
#ifndef SB_CLI_H
#define SB_CLI_H

#include <sendbundle/sendbundle.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes, documented in `sendbundle --help` and sendbundle(1). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,   /* the command failed: a file could not be read, ... */
	EXIT_USAGE = 2,   /* bad options or option values (an impossible date) */
	EXIT_UNSAFE = 3,  /* no answer can be given safely (no holiday data, a claim
			   * outside these rules) */
	EXIT_PARTIAL = 4  /* done, but some files could not be read (they are listed) */
};

/* One subcommand: name, one-line summary, full help, and its handler. Usage
 * text and parser sit side by side in each cmd_<name>.c (tmux's pattern). */
struct sb_cmd {
	const char *name;
	const char *summary;
	const char *help;
	int (*run)(int argc, char **argv);
};

extern const struct sb_cmd cmd_deadline;
extern const struct sb_cmd cmd_timescales;
extern const struct sb_cmd cmd_workdays;
extern const struct sb_cmd cmd_scan;
extern const struct sb_cmd cmd_init;
extern const struct sb_cmd cmd_build;
extern const struct sb_cmd cmd_letter;
extern const struct sb_cmd cmd_fetch;
extern const struct sb_cmd cmd_check;

/* The OCR options of scan, check and build (issue 7): put
 * CLI_OCR_LONG_OPTIONS in the getopt table, CLI_OCR_HELP in the help, pass
 * other options to cli_ocr_option, and call cli_ocr_prepare before
 * sb_scan_folder. */
enum { CLI_OPT_NO_OCR = 1900, CLI_OPT_OCR_LANG };
#define CLI_OCR_LONG_OPTIONS                                                                       \
	{"no-ocr", no_argument, NULL, CLI_OPT_NO_OCR},                                             \
	{                                                                                          \
		"ocr-lang", required_argument, NULL, CLI_OPT_OCR_LANG                              \
	}
#define CLI_OCR_HELP                                                                               \
	"  --no-ocr          do not read scanned pages and pictures with OCR (their\n"            \
	"                    pages are listed as having no text)\n"                                \
	"  --ocr-lang LANGS  OCR languages, Tesseract's names joined by + (default:\n"           \
	"                    eng; e.g. eng+cym needs Debian's tesseract-ocr-cym)\n"
/* True when c was an OCR option (*status then EXIT_OK, or EXIT_USAGE after
 * a message for a bad value). */
bool cli_ocr_option(const struct sb_cmd *cmd, int c, const char *arg, sb_scan_options *so,
		    int *status);
/* The OCR cache ($XDG_CACHE_HOME/sendbundle/ocr, else ~/.cache/...) and,
 * on a terminal, OCR's progress on stderr. */
void cli_ocr_prepare(sb_scan_options *so);
/* A progress bar on stderr; arg names what is counted ("files read"). */
void cli_progress(void *arg, size_t done, size_t total);

/* Print "sendbundle: <message>" and the hint to stderr; map the code to an exit code. */
int cli_fail(const sb_error *err);
/* Print a usage error for cmd and return EXIT_USAGE. */
int cli_usage_error(const struct sb_cmd *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/*
 * The getopt cases every command shares: 'h' prints the help (EXIT_OK), ':'
 * and '?' report a missing value or an unknown option (EXIT_USAGE).
 */
int cli_other_option(const struct sb_cmd *cmd, int c, char **argv);
/* Print a command's help to stdout. */
void cli_print_help(const struct sb_cmd *cmd);
/* The one CASE_DIR left after getopt (argv[optind]) into *dir (EXIT_OK), or
 * a usage error (EXIT_USAGE). */
int cli_case_dir_arg(const struct sb_cmd *cmd, int argc, char **argv, const char **dir);
/*
 * An output must not go inside the case folder: the folder is only ever read
 * (sendbundle.json aside), and a file left there would be met as a document
 * by the next scan or build. Compares real paths, so "." and links are seen
 * through; an output folder that does not exist is left to the writer to
 * report. EXIT_OK, or a usage error naming `what` ("bundle", "letter").
 */
int cli_out_outside(const struct sb_cmd *cmd, const char *case_dir, const char *out,
		    const char *what);
/* --jobs N: 1 to 64 into *jobs (EXIT_OK), or a usage error (EXIT_USAGE). */
int cli_parse_jobs(const struct sb_cmd *cmd, const char *value, int *jobs);

/* Parse a date option's value; on failure prints why and returns false. */
bool cli_parse_date(const struct sb_cmd *cmd, const char *option, const char *value,
		    sb_date *out);

/* Today's date and whether it is past 17:00, in Europe/London. */
void cli_today_london(sb_date *today, bool *after_5pm);

/* SOURCE_DATE_EPOCH when set and valid, else the clock (for .ics DTSTAMP). */
long long cli_stamp_epoch(void);

/*
 * The calendars a date calculation should use: the shipped data, plus the
 * bank holidays fetched into the user's data folder, and the file the user
 * gave (may be NULL). Fills cals (size 3) and *ncals. Returns
 * EXIT_OK or an exit code after printing the error.
 */
int cli_load_calendars(const char *user_file, sb_calendar **cals, size_t *ncals);

/* A deadline for people: the date, days left, the limb, every step with
 * its rule, warnings, the holiday data (cmd_deadline.c; check uses it too). */
void cli_print_deadline(const sb_deadline *d);

/* Print text wrapped at 78 columns; continuation lines get `indent` spaces. */
void cli_wrap(FILE *f, const char *first_prefix, int indent, const char *text);

#endif
