/*
 * sendbundle scan: read every report and letter in a case folder and show
 * who wrote it, when, what it is and which professionals it mentions
 * (issue 3). The folder is only read, never changed.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_scan = {
	"scan",
	"read a case folder's documents: date, author, kind, professionals",
	"Usage: sendbundle scan CASE_DIR [--json | --csv] [--jobs N] [--allow-repaired]\n"
	"                       [--no-ocr] [--ocr-lang LANGS]\n"
	"\n"
	"Reads every document in CASE_DIR and its sub-folders (PDF, Word .docx,\n"
	"e-mail .eml with its attachments, text files, and scans or photos as JPEG,\n"
	"PNG or TIFF) and extracts from the text itself: the document's date and\n"
	"every date it mentions, the author and their profession, the professionals\n"
	"it mentions (EP, SALT, OT, CAMHS, paediatrician, physiotherapist, SENCO),\n"
	"what kind of document it is, and the areas of need it speaks to.\n"
	"Pages with no text (scanned PDFs, photos) are read by OCR (Tesseract), on\n"
	"all cores, and the results kept in ~/.cache/sendbundle/ocr so a second scan\n"
	"is quick; what came from OCR is marked, with its confidence. Files it\n"
	"cannot read (.doc, HEIC photos, encrypted or damaged PDFs, damaged\n"
	"pictures) are listed with the reason, never left out silently.\n"
	"Hidden files, sendbundle's own files and links that lead outside the folder\n"
	"are skipped. Nothing in the folder is changed.\n"
	"\n"
	"Options:\n"
	"  --json            print JSON (schemas/scan.schema.json)\n"
	"  --csv             print CSV for spreadsheets\n"
	"  --jobs N          read N files at a time (default: the number of cores)\n"
	"  --allow-repaired  read PDFs that are damaged and had to be repaired (pages\n"
	"                    may be missing: check them by eye)\n"
	CLI_OCR_HELP
	"  -h, --help        show this help\n"
	"\n"
	"Exit codes: 0 every file read, 4 done but some files could not be read (see\n"
	"the list), 1 error (the folder cannot be read), 2 usage.\n",
	run,
};

enum { OPT_JSON = 1000, OPT_CSV, OPT_JOBS, OPT_ALLOW_REPAIRED };

static const struct option options[] = {
	{"json", no_argument, NULL, OPT_JSON},
	{"csv", no_argument, NULL, OPT_CSV},
	{"jobs", required_argument, NULL, OPT_JOBS},
	{"allow-repaired", no_argument, NULL, OPT_ALLOW_REPAIRED},
	CLI_OCR_LONG_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const char *kind_label(sb_kind k)
{
	static const char *const labels[SB_KIND_COUNT] = {
		"other",	       "LA decision",	    "mediation certificate",
		"professional report", "school plan",	    "correspondence",
		"tribunal document",   "guidance"};

	return (int)k >= 0 && k < SB_KIND_COUNT ? labels[k] : "other";
}

/* Characters, not bytes: UTF-8 continuation bytes do not take a column. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

/* Print s in exactly `cols` columns: cut with "..." or padded with spaces. */
static void cell(const char *s, size_t cols, bool last)
{
	size_t w = width(s);
	const char *p = s;
	size_t shown = 0;

	if (w <= cols) {
		fputs(s, stdout);
		if (!last)
			printf("%*s", (int)(cols - w), "");
	} else {
		while (*p != '\0' && shown < cols - 3) {
			putchar(*p++);
			while (((unsigned char)*p & 0xC0) == 0x80)
				putchar(*p++);
			shown++;
		}
		fputs("...", stdout);
	}
	if (!last)
		fputs("  ", stdout);
}

static void join_bits(char *buf, size_t size, unsigned bits, int count,
		      const char *(*name)(int))
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < count && len < size; i++)
		if ((bits & (1u << i)) != 0)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "",
						name(i));
}

static const char *pro_name(int i)
{
	return sb_professional_name((sb_professional)i);
}

/* "Dr A. Patel (EP)", "- (SENCO)" or "-". */
static void author_label(const sb_doc *d, char *buf, size_t size)
{
	const char *name = d->facts.author != NULL ? d->facts.author : "-";

	if (d->facts.author_role != SB_ROLE_NONE)
		snprintf(buf, size, "%s (%s)", name, sb_role_name(d->facts.author_role));
	else
		snprintf(buf, size, "%s", name);
}

/* What the File column shows: an attachment sits indented under its e-mail. */
static const char *file_label(const sb_doc *d, char *buf, size_t size)
{
	const char *slash;

	if (d->parent == NULL)
		return d->path;
	slash = strchr(d->path + strlen(d->parent), '/');
	snprintf(buf, size, "  \xE2\x86\xB3 %s", slash != NULL ? slash + 1 : d->path);
	return buf;
}

static void print_table(const sb_doc_list *list)
{
	enum { C_FILE, C_KIND, C_DATE, C_AUTHOR, C_PAGES, C_PROS, NCOLS };
	static const char *const heads[NCOLS] = {"File", "Kind", "Date", "Author (profession)",
						 "Pages", "Professionals"};
	static const size_t caps[NCOLS] = {36, 21, 10, 34, 5, 40};
	size_t cols[NCOLS];
	size_t i, c, nwarn = 0;

	for (c = 0; c < NCOLS; c++)
		cols[c] = width(heads[c]);
	cols[C_DATE] = SB_DATE_ISO_LEN - 1; /* "2026-09-14" or "undated" */
	for (i = 0; i < list->ndocs; i++) {
		const sb_doc *d = list->docs[i];
		char author[256], pros[160], label[512];

		author_label(d, author, sizeof(author));
		join_bits(pros, sizeof(pros), d->facts.professionals, SB_PRO_COUNT, pro_name);
		if (width(file_label(d, label, sizeof(label))) > cols[C_FILE])
			cols[C_FILE] = width(file_label(d, label, sizeof(label)));
		if (width(kind_label(d->facts.kind)) > cols[C_KIND])
			cols[C_KIND] = width(kind_label(d->facts.kind));
		if (width(author) > cols[C_AUTHOR])
			cols[C_AUTHOR] = width(author);
		if (width(pros) > cols[C_PROS])
			cols[C_PROS] = width(pros);
		nwarn += d->nwarnings;
	}
	for (c = 0; c < NCOLS; c++)
		if (cols[c] > caps[c])
			cols[c] = caps[c];
	for (c = 0; c < NCOLS; c++)
		cell(heads[c], cols[c], c == NCOLS - 1);
	putchar('\n');
	for (i = 0; i < list->ndocs; i++) {
		const sb_doc *d = list->docs[i];
		char author[256], pros[160], date[SB_DATE_ISO_LEN], pages[24], label[512];

		author_label(d, author, sizeof(author));
		join_bits(pros, sizeof(pros), d->facts.professionals, SB_PRO_COUNT, pro_name);
		if (d->facts.has_document_date)
			sb_date_format_iso(d->facts.document_date, date, sizeof(date));
		else
			snprintf(date, sizeof(date), "undated");
		snprintf(pages, sizeof(pages), "%zu", d->npages);
		cell(file_label(d, label, sizeof(label)), cols[C_FILE], false);
		cell(kind_label(d->facts.kind), cols[C_KIND], false);
		cell(date, cols[C_DATE], false);
		cell(author, cols[C_AUTHOR], false);
		cell(pages, cols[C_PAGES], false);
		cell(pros[0] != '\0' ? pros : "-", cols[C_PROS], true);
		putchar('\n');
	}
	printf("\n%zu document%s read", list->ndocs, list->ndocs == 1 ? "" : "s");
	if (list->nerrors > 0)
		printf(", %zu file%s not read", list->nerrors, list->nerrors == 1 ? "" : "s");
	printf(".\n");
	if (nwarn > 0) {
		printf("\nWarnings:\n");
		for (i = 0; i < list->ndocs; i++) {
			const sb_doc *d = list->docs[i];
			size_t w;

			for (w = 0; w < d->nwarnings; w++) {
				char *line = NULL;
				size_t len = strlen(d->path) + strlen(d->warnings[w]) + 3;

				line = malloc(len);
				if (line == NULL)
					continue;
				snprintf(line, len, "%s: %s", d->path, d->warnings[w]);
				cli_wrap(stdout, "  ! ", 4, line);
				free(line);
			}
		}
	}
	if (list->nerrors > 0) {
		printf("\nNot read:\n");
		for (i = 0; i < list->nerrors; i++) {
			const sb_file_error *e = &list->errors[i];
			char *line = NULL;
			size_t len = strlen(e->path) + strlen(e->message) + strlen(e->hint) + 16;

			line = malloc(len);
			if (line == NULL)
				continue;
			if (e->hint[0] != '\0')
				snprintf(line, len, "%s: %s (%s)", e->path, e->message, e->hint);
			else
				snprintf(line, len, "%s: %s", e->path, e->message);
			cli_wrap(stdout, "  x ", 4, line);
			free(line);
		}
	}
}

static int run(int argc, char **argv)
{
	const struct sb_cmd *cmd = &cmd_scan;
	sb_scan_options opt;
	sb_doc_list list;
	char *text = NULL;
	const char *case_dir = NULL;
	bool want_json = false, want_csv = false;
	sb_error err;
	int status = EXIT_OK;
	int c, st;

	sb_scan_options_init(&opt);
	sb_doc_list_init(&list);
	sb_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			want_json = true;
			break;
		case OPT_CSV:
			want_csv = true;
			break;
		case OPT_JOBS:
			if (cli_parse_jobs(cmd, optarg, &opt.jobs) != EXIT_OK)
				return EXIT_USAGE;
			break;
		case OPT_ALLOW_REPAIRED:
			opt.limits.allow_repaired = true;
			break;
		default:
			if (cli_ocr_option(cmd, c, optarg, &opt, &st)) {
				if (st != EXIT_OK)
					return st;
				break;
			}
			return cli_other_option(cmd, c, argv);
		}
	}
	if (want_json && want_csv)
		return cli_usage_error(cmd, "choose one of --json and --csv");
	if (cli_case_dir_arg(cmd, argc, argv, &case_dir) != EXIT_OK)
		return EXIT_USAGE;
	cli_ocr_prepare(&opt);
	if (sb_scan_folder(case_dir, &opt, NULL, &list, &err) != SB_OK) {
		status = cli_fail(&err);
		if (status == EXIT_USAGE)
			status = EXIT_ERROR;
		goto done;
	}
	if (want_json || want_csv) {
		int rc = want_json ? sb_scan_to_json(&list, &text, &err)
				   : sb_scan_to_csv(&list, &text, &err);

		if (rc != SB_OK) {
			status = cli_fail(&err);
			goto done;
		}
		fputs(text, stdout);
	} else {
		print_table(&list);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sendbundle: cannot write the output\n");
		status = EXIT_ERROR;
		goto done;
	}
	if (list.nerrors > 0) {
		fprintf(stderr, "sendbundle: %zu file%s in '%s' could not be read (listed above)\n",
			list.nerrors, list.nerrors == 1 ? "" : "s", case_dir);
		status = EXIT_PARTIAL;
	}
done:
	free(text);
	sb_doc_list_free(&list);
	return status;
}
