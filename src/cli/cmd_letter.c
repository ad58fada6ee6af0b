/*
 * sendbundle letter: the family's letters, drafted from the case (issue 6,
 * "letter"). A parent asking for an assessment, or listing the evidence for
 * the Tribunal, copies every author, date and page number by hand; the
 * drafts take them from the same facts as the bundle. The letter goes to
 * stdout, or with -o to a .txt or .docx file chosen by its name, never
 * replacing a file without --force and never into the case folder, which is
 * only read.
 */
#include "cli.h"

#include <sendbundle/letter.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_letter = {
    "letter",
    "draft the family's letters: a request for assessment, the evidence list",
    "Usage: sendbundle letter request-assessment CASE_DIR [-o FILE] [--today DATE]\n"
    "       [--force] [--no-ocr] [--ocr-lang LANGS]\n"
    "       sendbundle letter appeal-evidence CASE_DIR --bundle BUNDLE.zip [-o FILE]\n"
    "       [--today DATE] [--force] [--no-ocr] [--ocr-lang LANGS]\n"
    "\n"
    "Drafts a letter for you to check, sign and send, addressed and named as\n"
    "CASE_DIR/sendbundle.json says (\"la\", \"child\"; placeholders if not given):\n"
    "\n"
    "  request-assessment  a request to the local authority for an EHC needs\n"
    "      assessment: the legal test (Children and Families Act 2014 s.36(8))\n"
    "      and the evidence in CASE_DIR, each document with its author, profession\n"
    "      and date, grouped: reports from professionals, the school's SEN support\n"
    "      plans and reviews, other documents. Decision letters, mediation\n"
    "      certificates, guidance and what sendbundle.json excludes are left out.\n"
    "  appeal-evidence  the evidence for the appeal, to the Tribunal: every\n"
    "      document in sections D and F of BUNDLE.zip (as `sendbundle build`\n"
    "      wrote it), numbered, each with its bundle pages as they are stamped.\n"
    "\n"
    "Every draft starts \"DRAFT \u2014 check every detail, then sign and date it\n"
    "yourself\". Fill in each [bracketed] part; nothing is guessed.\n"
    "The letter is printed on stdout; with -o FILE it is written to FILE instead:\n"
    "a Word document if FILE ends .docx, text if it ends .txt. FILE is never\n"
    "replaced without --force, nor written inside CASE_DIR, which is only read.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        write the letter to FILE (.docx or .txt)\n"
    "  --bundle BUNDLE.zip      the bundle built by `sendbundle build`\n"
    "                           (appeal-evidence)\n"
    "  --today DATE             date the letter DATE (default: today, UK time)\n"
    "  --force                  replace FILE if it exists\n"
    CLI_OCR_HELP
    "  -h, --help               show this help\n"
    "\n"
    "Exit codes: 0 drafted, 4 drafted but some files in CASE_DIR could not be\n"
    "read (they are named, and not listed), 1 error (nothing written), 2 usage.\n",
    run,
};

enum { OPT_BUNDLE = 1000, OPT_TODAY, OPT_FORCE };

static const struct option options[] = {
    {"output", required_argument, NULL, 'o'},
    {"bundle", required_argument, NULL, OPT_BUNDLE},
    {"today", required_argument, NULL, OPT_TODAY},
    {"force", no_argument, NULL, OPT_FORCE},
    CLI_OCR_LONG_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct letter_args {
	sb_letter_kind kind;
	const char *case_dir, *out, *bundle;
	bool has_today, force, help;
	sb_date today;
	sb_scan_options so; /* OCR options (scanned letters give the facts too) */
} letter_args;

static int parse(int argc, char **argv, letter_args *a)
{
	const struct sb_cmd *cmd = &cmd_letter;
	sb_letter_format format;
	int c, st;

	sb_scan_options_init(&a->so);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (a->out != NULL)
				return cli_usage_error(cmd, "give -o once: one letter, one file");
			a->out = optarg;
			break;
		case 'h':
			cli_print_help(cmd);
			a->help = true;
			return EXIT_OK;
		case OPT_BUNDLE:
			a->bundle = optarg;
			break;
		case OPT_TODAY:
			if (!cli_parse_date(cmd, "--today", optarg, &a->today))
				return EXIT_USAGE;
			a->has_today = true;
			break;
		case OPT_FORCE:
			a->force = true;
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
	if (argc - optind < 1)
		return cli_usage_error(cmd, "say which letter: request-assessment or "
					    "appeal-evidence");
	if (!sb_letter_kind_parse(argv[optind], &a->kind))
		return cli_usage_error(cmd,
				       "'%s' is not a letter sendbundle drafts: use "
				       "request-assessment or appeal-evidence",
				       argv[optind]);
	if (argc - optind != 2)
		return cli_usage_error(cmd,
				       "expected one CASE_DIR after '%s', the folder with the "
				       "case's documents",
				       argv[optind]);
	a->case_dir = argv[optind + 1];
	if (a->kind == SB_LETTER_APPEAL_EVIDENCE && a->bundle == NULL)
		return cli_usage_error(cmd, "appeal-evidence needs the bundle its page numbers "
					    "come from: --bundle BUNDLE.zip");
	if (a->kind != SB_LETTER_APPEAL_EVIDENCE && a->bundle != NULL)
		return cli_usage_error(cmd, "--bundle goes with appeal-evidence");
	if (a->out != NULL && !sb_letter_format_for(a->out, &format))
		return cli_usage_error(cmd,
				       "-o '%s': the name must end .docx (a Word document) "
				       "or .txt (text)",
				       a->out);
	if (a->force && a->out == NULL)
		return cli_usage_error(cmd, "--force goes with -o FILE");
	return EXIT_OK;
}


/* The case file; without one, *have is false and the letter uses
 * placeholders (a note says how to add one). */
static int load_case(const letter_args *a, sb_case_file *cf, bool *have)
{
	char *path = sb_case_file_path(a->case_dir);
	struct stat st;
	sb_error err;
	int status = EXIT_OK;

	*have = false;
	if (path == NULL) {
		fprintf(stderr, "sendbundle: out of memory\n");
		return EXIT_ERROR;
	}
	if (stat(a->case_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr,
			"sendbundle: '%s' is not a folder\n"
			"  hint: give the folder with the case's documents\n",
			a->case_dir);
		status = EXIT_ERROR;
	} else if (sb_case_file_load(path, cf, &err) == SB_OK) {
		*have = true;
	} else if (strcmp(err.reason, "missing") == 0) {
		fprintf(stderr,
			"sendbundle: note: '%s' has no %s (run `sendbundle init %s` to "
			"start one)\n",
			a->case_dir, SB_CASE_FILE_NAME, a->case_dir);
	} else {
		status = cli_fail(&err);
		if (status == EXIT_USAGE)
			status = EXIT_ERROR;
	}
	free(path);
	return status;
}

static int scan(const letter_args *a, sb_doc_list *list)
{
	sb_scan_options so;
	sb_error err;
	int status;

	so = a->so;
	cli_ocr_prepare(&so);
	if (sb_scan_folder(a->case_dir, &so, NULL, list, &err) == SB_OK)
		return EXIT_OK;
	status = cli_fail(&err);
	return status == EXIT_USAGE ? EXIT_ERROR : status;
}

static int draft(const letter_args *a, const sb_case_file *cf, const sb_doc_list *list,
		 sb_letter *l)
{
	sb_build_previous bundle;
	sb_error err;
	int rc;

	if (a->kind == SB_LETTER_REQUEST_ASSESSMENT) {
		rc = sb_letter_request_assessment(list, cf, a->today, l, &err);
	} else {
		rc = sb_letter_bundle_load(a->bundle, &bundle, &err);
		if (rc != SB_OK) {
			int status = cli_fail(&err);

			return status == EXIT_USAGE ? EXIT_ERROR : status;
		}
		rc = sb_letter_appeal_evidence(cf, &bundle, list, a->today, l, &err);
		sb_build_previous_release(&bundle);
	}
	if (rc != SB_OK) {
		int status = cli_fail(&err);

		return status == EXIT_USAGE ? EXIT_ERROR : status;
	}
	return EXIT_OK;
}

static int output(const letter_args *a, const sb_letter *l)
{
	char *text = NULL;
	sb_letter_format format = SB_LETTER_FORMAT_TEXT;
	sb_error err;
	int status = EXIT_OK;

	if (a->out != NULL) {
		if (sb_letter_write(l, a->out, a->force, &err) != SB_OK) {
			status = cli_fail(&err);
			return status == EXIT_USAGE ? EXIT_ERROR : status;
		}
		sb_letter_format_for(a->out, &format);
		printf("Wrote '%s': a draft %s (%s), listing %zu document%s. Check every "
		       "detail, then sign and date it.\n",
		       a->out,
		       a->kind == SB_LETTER_REQUEST_ASSESSMENT
			   ? "request for an EHC needs assessment"
			   : "list of the evidence for the appeal",
		       format == SB_LETTER_FORMAT_DOCX ? "Word" : "text", l->nevidence,
		       l->nevidence == 1 ? "" : "s");
	} else {
		if (sb_letter_to_text(l, &text, &err) != SB_OK)
			return cli_fail(&err);
		fputs(text, stdout);
		free(text);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sendbundle: cannot write the output\n");
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	letter_args a;
	sb_case_file cf;
	sb_doc_list list;
	sb_letter l;
	bool have_case = false, after_5pm;
	size_t i;
	int status;

	memset(&a, 0, sizeof(a));
	sb_case_file_init(&cf);
	sb_doc_list_init(&list);
	sb_letter_init(&l);
	status = parse(argc, argv, &a);
	if (status != EXIT_OK || a.help)
		return status;
	if (!a.has_today)
		cli_today_london(&a.today, &after_5pm);
	if (a.out != NULL) {
		status = cli_out_outside(&cmd_letter, a.case_dir, a.out, "letter");
		if (status != EXIT_OK)
			return status;
		/* Refuse before scanning: the answer would be no anyway. */
		if (!a.force && access(a.out, F_OK) == 0) {
			fprintf(stderr,
				"sendbundle: '%s' exists; nothing was written (use --force "
				"to replace it)\n",
				a.out);
			return EXIT_ERROR;
		}
	}
	status = load_case(&a, &cf, &have_case);
	if (status == EXIT_OK)
		status = scan(&a, &list);
	if (status == EXIT_OK)
		status = draft(&a, have_case ? &cf : NULL, &list, &l);
	if (status == EXIT_OK)
		status = output(&a, &l);
	if (status != EXIT_OK)
		goto done;
	for (i = 0; i < l.nnotes; i++)
		cli_wrap(stderr, "sendbundle: note: ", 4, l.notes[i]);
	/* Unread files matter only to the request, which lists the folder's
	 * evidence; the evidence list comes from the bundle. */
	if (a.kind == SB_LETTER_REQUEST_ASSESSMENT && list.nerrors > 0)
		status = EXIT_PARTIAL;
done:
	sb_letter_release(&l);
	sb_doc_list_free(&list);
	sb_case_file_release(&cf);
	return status;
}
