/*
 * sendbundle init: write CASE_DIR/sendbundle.json from a scan of the folder
 * (issue 4, "The case file"), so the user starts from what the program
 * found and corrects it, instead of writing JSON from nothing. It is the
 * only file the program ever creates in a case folder, and an existing one
 * is never replaced: it may hold hours of the user's corrections.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_init = {
	"init",
	"start a case: write CASE_DIR/sendbundle.json from the folder's documents",
	"Usage: sendbundle init CASE_DIR [--no-ocr] [--ocr-lang LANGS]\n"
	"\n"
	"Scans CASE_DIR as `scan` does and writes CASE_DIR/sendbundle.json, the case\n"
	"file: the appeal type (refusal-to-assess unless you change it), appeal\n"
	"number, hearing date, how the child is named, the local authority, the\n"
	"decision and mediation certificate dates, and one entry per document with\n"
	"the section, title, author, profession and date the program found. Edit\n"
	"the file to correct them or to leave a document out (\"exclude\": true);\n"
	"your documents are never renamed, moved or changed.\n"
	"The file is only ever created: if CASE_DIR/sendbundle.json exists, init\n"
	"refuses and changes nothing. Its format is schemas/case.schema.json.\n"
	"\n"
	"Options:\n"
	CLI_OCR_HELP
	"  -h, --help        show this help\n"
	"\n"
	"Exit codes: 0 written, 4 written but some files could not be read (they\n"
	"are listed, and not in the file), 1 error (the file exists, the folder\n"
	"cannot be read or written), 2 usage.\n",
	run,
};

static const struct option options[] = {
	CLI_OCR_LONG_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int wrap_line(FILE *f, const char *prefix, int indent, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* cli_wrap with printf arguments; -1 when out of memory (nothing printed). */
static int wrap_line(FILE *f, const char *prefix, int indent, const char *fmt, ...)
{
	va_list ap, copy;
	char *line;
	int n;

	va_start(ap, fmt);
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	line = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (line != NULL) {
		vsnprintf(line, (size_t)n + 1, fmt, ap);
		cli_wrap(f, prefix, indent, line);
		free(line);
	}
	va_end(ap);
	return line != NULL ? 0 : -1;
}

/* What went into the file, one line per document, in the file's order. */
static void print_documents(const sb_case_file *cf)
{
	size_t i;

	for (i = 0; i < cf->noverrides; i++) {
		const sb_case_override *ov = &cf->overrides[i];
		char date[SB_DATE_ISO_LEN];
		char prefix[32];

		if (ov->has_date)
			sb_date_format_iso(ov->date, date, sizeof(date));
		else
			snprintf(date, sizeof(date), "undated");
		/* The columns go in the prefix: cli_wrap folds runs of spaces. */
		snprintf(prefix, sizeof(prefix), "  %s  %-10s  ",
			 ov->exclude ? "-" : sb_section_letter(ov->section), date);
		if (ov->exclude)
			wrap_line(stdout, prefix, 17, "%s (%s): left out, %s", ov->title,
				  ov->source,
				  ov->exclude_reason != NULL ? ov->exclude_reason : "excluded");
		else
			wrap_line(stdout, prefix, 17, "%s (%s)", ov->title, ov->source);
	}
}

/*
 * Where a case date came from: the documents of that kind whose date it is.
 * More than one document of the kind with different dates is worth a look
 * (a second decision letter: which one is the appeal against?).
 */
static void print_case_date(const sb_doc_list *list, sb_kind kind, const char *label,
			    const char *key, bool has, sb_date d)
{
	char iso[SB_DATE_ISO_LEN];
	const char *from = NULL;
	size_t i, others = 0;

	if (!has) {
		wrap_line(stdout, "", 2,
			  "%s: not found in the documents; fill in \"%s\" if you have one.", label,
			  key);
		return;
	}
	for (i = 0; i < list->ndocs; i++) {
		const sb_facts *f = &list->docs[i]->facts;

		if (f->kind != kind || !f->has_document_date)
			continue;
		if (from == NULL && sb_date_compare(f->document_date, d) == 0)
			from = list->docs[i]->path;
		else if (sb_date_compare(f->document_date, d) != 0)
			others++;
	}
	sb_date_format_iso(d, iso, sizeof(iso));
	if (others > 0)
		wrap_line(stdout, "", 2, "%s: %s, from %s, the latest of %zu; check \"%s\".", label,
			  iso, from != NULL ? from : "the documents", others + 1, key);
	else
		wrap_line(stdout, "", 2, "%s: %s, from %s.", label, iso,
			  from != NULL ? from : "the documents");
}

static void print_next_steps(void)
{
	printf("\nCheck next, in sendbundle.json (your documents are never renamed or changed):\n");
	cli_wrap(stdout, "  - ", 4,
		 "\"appeal_type\": refusal-to-assess unless the appeal is about something "
		 "else: refusal-to-reassess, refusal-to-issue-plan, plan-contents, "
		 "placement-only, refusal-to-amend, cease-plan or disability-discrimination "
		 "(the page limits differ);");
	cli_wrap(stdout, "  - ", 4,
		 "\"appeal_number\", \"hearing_date\", \"child\" (the name or initials the "
		 "cover should show) and \"la\": null until you fill them in;");
	cli_wrap(stdout, "  - ", 4,
		 "each document's \"section\", \"title\", \"author\", \"author_role\" and "
		 "\"date\" (YYYY-MM-DD, or null when undated): they were read from the text and "
		 "can be wrong;");
	cli_wrap(stdout, "  - ", 4,
		 "\"exclude\": true leaves a document out. E-mails belong in the bundle only "
		 "when they are relevant to a specific issue.");
}

static void print_not_read(const sb_doc_list *list)
{
	size_t i;

	printf("\nNot read, so not in the file:\n");
	for (i = 0; i < list->nerrors; i++) {
		const sb_file_error *e = &list->errors[i];

		if (e->hint[0] != '\0')
			wrap_line(stdout, "  x ", 4, "%s: %s (%s)", e->path, e->message, e->hint);
		else
			wrap_line(stdout, "  x ", 4, "%s: %s", e->path, e->message);
	}
}

static int run(int argc, char **argv)
{
	const struct sb_cmd *cmd = &cmd_init;
	sb_scan_options opt;
	sb_doc_list list;
	sb_case_file cf;
	const char *dir;
	char *path = NULL;
	sb_error err;
	int status = EXIT_OK;
	int c, st;

	sb_scan_options_init(&opt);
	sb_doc_list_init(&list);
	sb_case_file_init(&cf);
	sb_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (!cli_ocr_option(cmd, c, optarg, &opt, &st))
			return cli_other_option(cmd, c, argv);
		if (st != EXIT_OK)
			return st;
	}
	if (cli_case_dir_arg(cmd, argc, argv, &dir) != EXIT_OK)
		return EXIT_USAGE;
	/* Refuse before scanning: a large folder takes a while to read, and the
	 * answer would be no anyway. sb_case_file_write_new checks again. */
	path = sb_case_file_path(dir);
	if (path == NULL) {
		fprintf(stderr, "sendbundle: out of memory\n");
		return EXIT_ERROR;
	}
	if (sb_case_file_check_new(dir, &err) != SB_OK) {
		status = cli_fail(&err);
		goto done;
	}
	cli_ocr_prepare(&opt);
	if (sb_scan_folder(dir, &opt, NULL, &list, &err) != SB_OK) {
		status = cli_fail(&err);
		if (status == EXIT_USAGE)
			status = EXIT_ERROR;
		goto done;
	}
	if (sb_case_file_from_scan(&list, &cf, &err) != SB_OK ||
	    sb_case_file_write_new(dir, &cf, &err) != SB_OK) {
		status = cli_fail(&err);
		if (status == EXIT_USAGE)
			status = EXIT_ERROR;
		goto done;
	}
	if (cf.noverrides == 0)
		wrap_line(stdout, "", 2, "Wrote %s with no documents: the folder has none that "
					 "sendbundle can read.", path);
	else
		wrap_line(stdout, "", 2, "Wrote %s with %zu document%s:", path, cf.noverrides,
			  cf.noverrides == 1 ? "" : "s");
	print_documents(&cf);
	printf("\n");
	print_case_date(&list, SB_KIND_LA_DECISION, "Decision date", "decision_date",
			cf.has_decision_date, cf.decision_date);
	print_case_date(&list, SB_KIND_MEDIATION_CERTIFICATE, "Mediation certificate date",
			"certificate_date", cf.has_certificate_date, cf.certificate_date);
	print_next_steps();
	if (list.nerrors > 0)
		print_not_read(&list);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sendbundle: cannot write the output\n");
		status = EXIT_ERROR;
		goto done;
	}
	if (list.nerrors > 0) {
		fprintf(stderr, "sendbundle: %zu file%s in '%s' could not be read (listed above)\n",
			list.nerrors, list.nerrors == 1 ? "" : "s", dir);
		status = EXIT_PARTIAL;
	}
done:
	free(path);
	sb_case_file_release(&cf);
	sb_doc_list_free(&list);
	return status;
}
