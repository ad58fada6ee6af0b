/*
 * sendbundle build: the paginated, indexed, bookmarked hearing bundle, as a
 * zip (issue 4). Reads the case folder (never changes it), applies the
 * corrections in its sendbundle.json, plans and draws the bundle PDF,
 * verifies it against the plan, checks the page limits, and writes the zip
 * through a temporary file, so a failed build leaves nothing behind.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_build = {
	"build",
	"build the hearing bundle: one numbered, indexed, bookmarked PDF in a zip",
	"Usage: sendbundle build CASE_DIR -o OUT.zip [--appeal-type TYPE]\n"
	"       [--numbering continuous|section] [--stamp-position POS]\n"
	"       [--late-after PREVIOUS.zip] [--allow-over-limit --reason TEXT]\n"
	"       [--keep-duplicates] [--keep-blank] [--force] [--jobs N]\n"
	"       [--no-ocr] [--ocr-lang LANGS]\n"
	"\n"
	"Reads every document in CASE_DIR (as `scan` does) and builds the bundle the\n"
	"Tribunal expects: a cover, an index whose rows link to the documents, a\n"
	"chronology, then the documents in sections (A appeal and Tribunal\n"
	"documents, D appellant's evidence, ...), in date order within each\n"
	"section, every page stamped with its number. PDFs go in as they are (forms\n"
	"and annotations flattened so nothing vanishes); Word files, e-mails and text\n"
	"are laid out as readable pages; scans and photos (JPEG, PNG, TIFF) become\n"
	"upright A4 pages of at most 300 dpi, and every page read by OCR gets an\n"
	"invisible text layer, so the bundle can be searched. Duplicates and blank\n"
	"pages are left out and listed. Corrections (section, title, author, date,\n"
	"exclude) go in CASE_DIR/sendbundle.json: see `sendbundle init`.\n"
	"\n"
	"OUT.zip holds the bundle PDF, index.json, index.csv, index.html,\n"
	"chronology.json, chronology.csv, chronology.html and the untouched\n"
	"originals. Nothing is written if anything fails.\n"
	"\n"
	"Options:\n"
	"  -o, --output OUT.zip     where to write the bundle (required)\n"
	"  --appeal-type TYPE       what the appeal is about, which sets the page limits:\n"
	"                           refusal-to-assess (default, or as in sendbundle.json),\n"
	"                           refusal-to-reassess, refusal-to-issue-plan,\n"
	"                           plan-contents, placement-only, refusal-to-amend,\n"
	"                           cease-plan, disability-discrimination\n"
	"  --numbering KIND         continuous (default: 1, 2, 3 ...) or section (A1,\n"
	"                           A2 ... D1 ...)\n"
	"  --stamp-position POS     bottom-centre (default), bottom-right, bottom-left,\n"
	"                           top-right, top-centre, top-left\n"
	"  --late-after PREVIOUS.zip  keep every page of the bundle already sent, as it\n"
	"                           was, and add the documents it does not hold after\n"
	"                           its last page as section F, Late evidence\n"
	"  --allow-over-limit       build even if a part is over its page limit; needs\n"
	"  --reason TEXT            the reason, written into the zip as a note\n"
	"  --keep-duplicates        keep every copy of a document\n"
	"  --keep-blank             keep pages that have nothing on them\n"
	"  --force                  replace OUT.zip if it exists\n"
	"  --jobs N                 read N files at a time (default: the number of cores)\n"
	CLI_OCR_HELP
	"  -h, --help               show this help\n"
	"\n"
	"Exit codes: 0 built, 1 error (nothing written), 2 usage.\n",
	run,
};

enum {
	OPT_APPEAL = 1000,
	OPT_NUMBERING,
	OPT_STAMP,
	OPT_OVER,
	OPT_REASON,
	OPT_KEEP_DUPS,
	OPT_KEEP_BLANK,
	OPT_FORCE,
	OPT_JOBS,
	OPT_LATE
};

static const struct option options[] = {
	{"output", required_argument, NULL, 'o'},
	{"appeal-type", required_argument, NULL, OPT_APPEAL},
	{"numbering", required_argument, NULL, OPT_NUMBERING},
	{"stamp-position", required_argument, NULL, OPT_STAMP},
	{"allow-over-limit", no_argument, NULL, OPT_OVER},
	{"reason", required_argument, NULL, OPT_REASON},
	{"keep-duplicates", no_argument, NULL, OPT_KEEP_DUPS},
	{"keep-blank", no_argument, NULL, OPT_KEEP_BLANK},
	{"force", no_argument, NULL, OPT_FORCE},
	{"jobs", required_argument, NULL, OPT_JOBS},
	{"late-after", required_argument, NULL, OPT_LATE},
	CLI_OCR_LONG_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

typedef struct build_args {
	const char *case_dir, *out;
	const char *appeal, *reason, *late_after;
	bool over_ok, force, help;
	int jobs;
	sb_build_options bo;
	sb_scan_options so; /* the OCR options; the rest set in run */
} build_args;

static int parse(int argc, char **argv, build_args *a)
{
	const struct sb_cmd *cmd = &cmd_build;
	int c, st;

	sb_scan_options_init(&a->so);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			a->out = optarg;
			break;
		case 'h':
			cli_print_help(cmd);
			a->help = true;
			return EXIT_OK;
		case OPT_APPEAL:
			a->appeal = optarg;
			break;
		case OPT_NUMBERING:
			if (strcmp(optarg, "continuous") == 0)
				a->bo.plan.numbering = SB_NUMBERING_CONTINUOUS;
			else if (strcmp(optarg, "section") == 0)
				a->bo.plan.numbering = SB_NUMBERING_SECTION;
			else
				return cli_usage_error(cmd, "--numbering is continuous or section, "
							    "not '%s'",
						       optarg);
			break;
		case OPT_STAMP:
			if (!sb_build_stamp_position_parse(optarg, &a->bo.stamp_position))
				return cli_usage_error(cmd, "--stamp-position '%s' is not one of "
							    "bottom-centre, bottom-right, bottom-left, "
							    "top-right, top-centre, top-left",
						       optarg);
			break;
		case OPT_OVER:
			a->over_ok = true;
			break;
		case OPT_REASON:
			a->reason = optarg;
			break;
		case OPT_KEEP_DUPS:
			a->bo.plan.keep_duplicates = true;
			break;
		case OPT_KEEP_BLANK:
			a->bo.plan.keep_blank = true;
			break;
		case OPT_FORCE:
			a->force = true;
			break;
		case OPT_LATE:
			a->late_after = optarg;
			break;
		case OPT_JOBS:
			if (cli_parse_jobs(cmd, optarg, &a->jobs) != EXIT_OK)
				return EXIT_USAGE;
			break;
		default:
			if (cli_ocr_option(cmd, c, optarg, &a->so, &st)) {
				if (st != EXIT_OK)
					return st;
				break;
			}
			return cli_other_option(cmd, c, argv);
		}
	}
	if (cli_case_dir_arg(cmd, argc, argv, &a->case_dir) != EXIT_OK)
		return EXIT_USAGE;
	if (a->out == NULL)
		return cli_usage_error(cmd, "say where to write the bundle: -o OUT.zip");
	if (a->over_ok && (a->reason == NULL || a->reason[0] == '\0'))
		return cli_usage_error(cmd, "--allow-over-limit needs --reason TEXT: the note "
					    "the Tribunal will read");
	if (a->reason != NULL && !a->over_ok)
		return cli_usage_error(cmd, "--reason goes with --allow-over-limit");
	return EXIT_OK;
}


/* The case file, or the defaults when the folder has none yet. */
static int load_case(const build_args *a, sb_case_file *cf)
{
	char *path = NULL;
	sb_error err;
	int status = EXIT_OK;

	path = malloc(strlen(a->case_dir) + sizeof(SB_CASE_FILE_NAME) + 2);
	if (path == NULL) {
		fprintf(stderr, "sendbundle: out of memory\n");
		return EXIT_ERROR;
	}
	sprintf(path, "%s/%s", a->case_dir, SB_CASE_FILE_NAME);
	if (sb_case_file_load(path, cf, &err) != SB_OK) {
		struct stat st;

		if (strcmp(err.reason, "missing") == 0) {
			sb_case_file_init(cf);
			/* A folder that is not there is reported by the scan. */
			if (stat(a->case_dir, &st) == 0 && S_ISDIR(st.st_mode))
				fprintf(stderr,
					"sendbundle: note: '%s' has no %s: building with what "
					"the documents say (run `sendbundle init %s` to correct "
					"it)\n",
					a->case_dir, SB_CASE_FILE_NAME, a->case_dir);
		} else {
			status = cli_fail(&err);
			if (status == EXIT_USAGE)
				status = EXIT_ERROR;
		}
	}
	free(path);
	if (status == EXIT_OK && a->appeal != NULL &&
	    sb_appeal_type_parse(a->appeal, &cf->appeal_type, &err) != SB_OK)
		status = cli_usage_error(&cmd_build,
					 "--appeal-type '%s' is not one of refusal-to-assess, "
					 "refusal-to-reassess, refusal-to-issue-plan, plan-contents, "
					 "placement-only, refusal-to-amend, cease-plan, "
					 "disability-discrimination",
					 a->appeal);
	return status;
}

/* Every file must be in the bundle or deliberately left out: a file that
 * cannot be read stops the build, unless sendbundle.json excludes it. */
static int check_unread(const build_args *a, const sb_doc_list *list, const sb_case_file *cf)
{
	size_t i, n = 0;

	for (i = 0; i < list->nerrors; i++) {
		const sb_file_error *e = &list->errors[i];
		const sb_case_override *ov = sb_case_file_override(cf, e->path);

		if (ov != NULL && ov->exclude)
			continue;
		fprintf(stderr, "sendbundle: '%s' cannot go in the bundle: %s%s%s%s\n", e->path,
			e->message, e->hint[0] != '\0' ? " (" : "", e->hint,
			e->hint[0] != '\0' ? ")" : "");
		n++;
	}
	if (n == 0)
		return EXIT_OK;
	fprintf(stderr, "sendbundle: %zu file%s in '%s' could not be read; fix %s, or exclude "
			"%s in %s (\"exclude\": true), then build again\n",
		n, n == 1 ? "" : "s", a->case_dir, n == 1 ? "it" : "them",
		n == 1 ? "it" : "them", SB_CASE_FILE_NAME);
	return EXIT_ERROR;
}

/*
 * The moment the bundle is built as (cover date, zip entry times, the
 * PDF's /ID seed): SOURCE_DATE_EPOCH when set, else the start of today
 * in the UK, so that the same folder built twice on one day gives the same
 * bytes (issue 4, "Reproducible").
 */
static long long build_epoch(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	sb_date today;
	bool after_5pm;

	if (sde != NULL && sde[0] != '\0')
		return cli_stamp_epoch();
	cli_today_london(&today, &after_5pm);
	return (long long)sb_date_to_days(today) * 86400;
}

static int run(int argc, char **argv)
{
	build_args a;
	sb_case_file cf;
	sb_scan_options so;
	sb_doc_list list;
	sb_build_result res;
	sb_build_previous prev;
	sb_plan_over *over = NULL;
	char **advice = NULL;
	size_t nover = 0, nadvice = 0, i;
	sb_error err;
	int status;

	memset(&a, 0, sizeof(a));
	sb_build_options_init(&a.bo);
	sb_case_file_init(&cf);
	sb_doc_list_init(&list);
	sb_build_result_init(&res);
	memset(&prev, 0, sizeof(prev));
	status = parse(argc, argv, &a);
	if (status != EXIT_OK || a.help)
		return status;
	status = cli_out_outside(&cmd_build, a.case_dir, a.out, "bundle");
	if (status != EXIT_OK)
		return status;
	if (!a.force && access(a.out, F_OK) == 0) {
		fprintf(stderr, "sendbundle: '%s' exists; nothing was written (use --force to "
				"replace it)\n",
			a.out);
		return EXIT_ERROR;
	}
	status = load_case(&a, &cf);
	if (status != EXIT_OK)
		goto done;
	if (a.late_after != NULL) {
		if (sb_build_previous_load(a.late_after, &prev, &err) != SB_OK) {
			status = cli_fail(&err);
			if (status == EXIT_USAGE)
				status = EXIT_ERROR;
			goto done;
		}
		a.bo.previous = &prev;
	}
	so = a.so;
	so.jobs = a.jobs;
	so.limits.keep_original = true;
	cli_ocr_prepare(&so);
	if (isatty(STDERR_FILENO)) {
		so.progress = cli_progress;
		so.progress_arg = (void *)"files read";
	}
	if (sb_scan_folder(a.case_dir, &so, NULL, &list, &err) != SB_OK) {
		status = cli_fail(&err);
		if (status == EXIT_USAGE)
			status = EXIT_ERROR;
		goto done;
	}
	status = check_unread(&a, &list, &cf);
	if (status != EXIT_OK)
		goto done;
	a.bo.built_on = build_epoch();
	if (isatty(STDERR_FILENO)) {
		a.bo.progress = cli_progress;
		a.bo.progress_arg = (void *)"documents drawn";
	}
	if (sb_build_pdf(&list, &cf, &a.bo, &res, &err) != SB_OK) {
		status = cli_fail(&err);
		if (status == EXIT_USAGE)
			status = EXIT_ERROR;
		goto done;
	}
	if (sb_plan_check_limits(&res.plan, cf.appeal_type, &over, &nover, &err) != SB_OK) {
		status = cli_fail(&err);
		goto done;
	}
	for (i = 0; i < nover; i++)
		cli_wrap(stderr, a.over_ok ? "sendbundle: warning: " : "sendbundle: ", 4,
			 over[i].message);
	if (sb_plan_report_advice(&res.plan, &advice, &nadvice, &err) != SB_OK) {
		status = cli_fail(&err);
		goto done;
	}
	for (i = 0; i < nadvice; i++)
		cli_wrap(stderr, "sendbundle: note: ", 4, advice[i]);
	if (nover > 0 && !a.over_ok) {
		fprintf(stderr, "sendbundle: nothing was written; to build anyway, add "
				"--allow-over-limit --reason \"...\" (the reason goes into the zip)\n");
		status = EXIT_ERROR;
		goto done;
	}
	if (sb_build_write_zip(a.out, a.force, &cf, &res, nover > 0 ? a.reason : NULL,
			       (long long)a.bo.built_on, &err) != SB_OK) {
		status = cli_fail(&err);
		if (status == EXIT_USAGE)
			status = EXIT_ERROR;
		goto done;
	}
	printf("Wrote '%s': %zu pages, %zu document%s", a.out, res.plan.total_pages,
	       res.plan.nentries, res.plan.nentries == 1 ? "" : "s");
	if (res.late_first > 0)
		printf(" (pages 1-%zu as sent in '%s'; late evidence from page %zu)",
		       res.late_first - 1, a.late_after, res.late_first);
	if (res.plan.nexcluded > 0)
		printf(", %zu left out", res.plan.nexcluded);
	printf(".\n");
	for (i = 0; i < res.plan.nexcluded; i++)
		printf("  left out: %s: %s\n", res.plan.excluded[i].source,
		       res.plan.excluded[i].reason);
	/* The Tribunal's mailbox takes 36 MB per e-mail (bundle-spec "Where
	 * other tools go wrong"). */
	if (res.pdf_len > (size_t)36 * 1000 * 1000)
		fprintf(stderr, "sendbundle: warning: the bundle PDF is %.1f MB, over the 36 MB "
				"the Tribunal's e-mail accepts; send it in parts or by the "
				"Tribunal's file-sharing link\n",
			(double)res.pdf_len / 1e6);
done:
	for (i = 0; i < nadvice; i++)
		free(advice[i]);
	free(advice);
	if (over != NULL) {
		for (i = 0; i < nover; i++)
			free(over[i].message);
		free(over);
	}
	sb_build_result_release(&res);
	sb_build_previous_release(&prev);
	sb_doc_list_free(&list);
	sb_case_file_release(&cf);
	return status;
}
