/*
 * sendbundle check: is this appeal ready? The deadline found from the
 * documents, what is missing or wrong, and what the evidence covers, most
 * urgent first (issue 6; include/sendbundle/check.h does the work).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_check = {
	"check",
	"is the appeal ready? deadline, missing evidence, limits and problems",
	"Usage: sendbundle check CASE_DIR [--today DATE] [--hearing-date DATE]\n"
	"       [--request-date DATE] [--against LA_BUNDLE.pdf] [--json] [--jobs N]\n"
	"       [--no-ocr] [--ocr-lang LANGS]\n"
	"\n"
	"Reads every document in CASE_DIR (as `scan` does), with the corrections in\n"
	"its sendbundle.json, and reports, most urgent first:\n"
	"  - the appeal deadline, from the dates in the decision letter and the\n"
	"    mediation certificate, with the days left and how it was worked out;\n"
	"  - what must be fixed (errors) and what to look at (warnings), each with a\n"
	"    code, the files and what to do: a missing decision letter or mediation\n"
	"    certificate, a deadline passed or near, files that cannot be read, parts\n"
	"    over the Practice Direction's page limits, duplicates, reports over 3\n"
	"    years old or too long, scanned pages without text, undated documents,\n"
	"    e-mail threads, a late decision, no professional evidence;\n"
	"  - what the evidence covers: who has reported, the areas of need, and\n"
	"    whether school support has been reviewed over time (the graduated\n"
	"    approach), against the legal test for an assessment (Children and\n"
	"    Families Act 2014 s.36(8)).\n"
	"Nothing in CASE_DIR is changed.\n"
	"\n"
	"Options:\n"
	"  --today DATE          count days from DATE instead of today\n"
	"  --hearing-date DATE   the hearing date (default: sendbundle.json's), for\n"
	"                        the age of reports\n"
	"  --request-date DATE   when you asked for the assessment (default: found in\n"
	"                        your request letter or e-mail), for a late decision\n"
	"  --against PDF         compare your documents with the local authority's\n"
	"                        bundle: which of yours it leaves out, where the others\n"
	"                        are in it (pages), and what in it you do not have\n"
	"  --json                the report as JSON (schemas/check.schema.json)\n"
	"  --jobs N              read N files at a time (default: the number of cores)\n"
	CLI_OCR_HELP
	"  -h, --help            show this help\n"
	"\n"
	"Exit codes: 0 ready (warnings may remain), 1 something must be fixed,\n"
	"2 usage, 3 no safe answer (no bank-holiday data).\n",
	run,
};

enum { OPT_TODAY = 1000, OPT_HEARING, OPT_REQUEST, OPT_JSON, OPT_JOBS, OPT_AGAINST };

static const struct option options[] = {
	{"today", required_argument, NULL, OPT_TODAY},
	{"hearing-date", required_argument, NULL, OPT_HEARING},
	{"request-date", required_argument, NULL, OPT_REQUEST},
	{"json", no_argument, NULL, OPT_JSON},
	{"jobs", required_argument, NULL, OPT_JOBS},
	{"against", required_argument, NULL, OPT_AGAINST},
	CLI_OCR_LONG_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

typedef struct check_args {
	const char *case_dir;
	bool json, help, has_today;
	int jobs;
	sb_check_input in;
	sb_scan_options so; /* the OCR options; the rest set in run */
} check_args;

static int parse(int argc, char **argv, check_args *a)
{
	const struct sb_cmd *cmd = &cmd_check;
	int c, st;

	sb_scan_options_init(&a->so);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_print_help(cmd);
			a->help = true;
			return EXIT_OK;
		case OPT_TODAY:
			if (!cli_parse_date(cmd, "--today", optarg, &a->in.today))
				return EXIT_USAGE;
			a->has_today = true;
			break;
		case OPT_HEARING:
			if (!cli_parse_date(cmd, "--hearing-date", optarg, &a->in.hearing_date))
				return EXIT_USAGE;
			a->in.has_hearing_date = true;
			break;
		case OPT_REQUEST:
			if (!cli_parse_date(cmd, "--request-date", optarg, &a->in.request_date))
				return EXIT_USAGE;
			a->in.has_request_date = true;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_AGAINST:
			a->in.against_path = optarg;
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
	return EXIT_OK;
}

static void print_list(const char *title, const sb_check_result *r, sb_severity sev,
		       const char *mark)
{
	size_t i, k, n = 0;

	for (i = 0; i < r->nfindings; i++)
		n += r->findings[i].severity == sev;
	if (n == 0)
		return;
	printf("\n%s\n", title);
	for (i = 0; i < r->nfindings; i++) {
		const sb_finding *f = &r->findings[i];
		char *line;

		if (f->severity != sev)
			continue;
		line = malloc(strlen(f->code) + strlen(f->message) + 4);
		if (line != NULL) {
			sprintf(line, "%s [%s]", f->message, f->code);
			cli_wrap(stdout, mark, 4, line);
			free(line);
		}
		/* Files not already named in the message. */
		for (k = 0; k < f->npaths; k++)
			if (strstr(f->message, f->paths[k]) == NULL)
				printf("      file: %s\n", f->paths[k]);
		if (f->hint[0] != '\0')
			cli_wrap(stdout, "    what to do: ", 6, f->hint);
	}
}

static void join_bits(char *buf, size_t size, unsigned set, unsigned count,
		      const char *(*name)(unsigned))
{
	size_t o = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < count; i++)
		if (set & (1u << i))
			o += (size_t)snprintf(buf + o, o < size ? size - o : 0, "%s%s",
					      o > 0 ? ", " : "", name(i));
	if (o == 0)
		snprintf(buf, size, "none");
}

static const char *pro(unsigned i)
{
	return sb_professional_name((sb_professional)i);
}

static const char *area_words(unsigned i)
{
	static const char *const words[SB_AREA_COUNT] = {
	    "cognition and learning", "communication and interaction",
	    "social, emotional and mental health", "sensory and/or physical"};

	return i < SB_AREA_COUNT ? words[i] : "";
}

static void print_coverage(const sb_check_result *r)
{
	const sb_coverage *cv = &r->coverage;
	char buf[512], a[SB_DATE_LONG_LEN], b[SB_DATE_LONG_LEN];

	printf("\nEvidence:\n");
	join_bits(buf, sizeof(buf), cv->reported, SB_PRO_COUNT, pro);
	printf("  Reports from: %s (%zu professional report%s)\n", buf, cv->reports,
	       cv->reports == 1 ? "" : "s");
	join_bits(buf, sizeof(buf), cv->mentioned, SB_PRO_COUNT, pro);
	cli_wrap(stdout, "  Professionals mentioned: ", 4, buf);
	join_bits(buf, sizeof(buf), cv->areas, SB_AREA_COUNT, area_words);
	cli_wrap(stdout, "  Areas of need the documents speak to: ", 4, buf);
	if (cv->has_plan_dates)
		snprintf(buf, sizeof(buf), "%zu SEN support plan%s or review%s, %s to %s: %s",
			 cv->school_plans, cv->school_plans == 1 ? "" : "s",
			 cv->school_plans == 1 ? "" : "s",
			 sb_date_format_long(cv->first_plan, a, sizeof(a)),
			 sb_date_format_long(cv->last_plan, b, sizeof(b)),
			 cv->graduated ? "support reviewed over time (the graduated approach)"
				       : "not yet reviewed over time");
	else
		snprintf(buf, sizeof(buf), "no dated SEN support plan or review found");
	cli_wrap(stdout, "  School support: ", 4, buf);
	cli_wrap(stdout, "  ", 2,
		 "The legal test (Children and Families Act 2014 s.36(8)): the local authority "
		 "must carry out an EHC needs assessment if the child has or may have special "
		 "educational needs, and it may be necessary for special educational provision "
		 "to be made through an EHC plan. Evidence of needs in each area above, of "
		 "support already tried and reviewed, and of what professionals recommend "
		 "speaks to both parts.");
}

/* --against: the family's documents in the LA's bundle, then the rest. */
static void print_against(const sb_check_result *r)
{
	const sb_compare_result *c = &r->comparison;
	size_t i, missing = 0;

	printf("\nAgainst the local authority's bundle '%s' (%zu pages):\n", r->against_path,
	       c->bundle_pages);
	for (i = 0; i < c->ndocs; i++) {
		const sb_compare_doc *d = &c->docs[i];

		if (d->status == SB_COMPARE_FOUND && d->first_page == d->last_page)
			printf("  in it, page %zu: %s\n", d->first_page, d->doc->path);
		else if (d->status == SB_COMPARE_FOUND)
			printf("  in it, pages %zu-%zu: %s\n", d->first_page, d->last_page,
			       d->doc->path);
		else if (d->status == SB_COMPARE_MISSING)
			missing++;
		else
			printf("  cannot tell (too little text; a scan?): %s\n", d->doc->path);
	}
	for (i = 0; i < c->ndocs; i++)
		if (c->docs[i].status == SB_COMPARE_MISSING)
			printf("  NOT in it: %s\n", c->docs[i].doc->path);
	if (c->nextras > 0) {
		printf("  In it, but not among your documents:\n");
		for (i = 0; i < c->nextras; i++) {
			const sb_compare_extra *x = &c->extras[i];
			const char *title = x->title[0] != '\0' ? x->title : "(no title)";

			if (x->first_page == x->last_page)
				printf("    page %zu: %s\n", x->first_page, title);
			else
				printf("    pages %zu-%zu: %s\n", x->first_page, x->last_page, title);
		}
	}
	if (missing == 0 && c->nextras == 0)
		printf("  Every one of your documents is in it, and nothing else.\n");
}

static void print_human(const check_args *a, const sb_check_result *r)
{
	size_t i, nerr = 0, nwarn = 0;
	char buf[SB_DATE_LONG_LEN];

	for (i = 0; i < r->nfindings; i++) {
		nerr += r->findings[i].severity == SB_SEVERITY_ERROR;
		nwarn += r->findings[i].severity == SB_SEVERITY_WARNING;
	}
	printf("Case: %s\n", a->case_dir);
	if (nerr > 0)
		printf("NOT READY: %zu thing%s to fix, %zu warning%s.\n", nerr, nerr == 1 ? "" : "s",
		       nwarn, nwarn == 1 ? "" : "s");
	else
		printf("Ready to send%s.\n", nwarn > 0 ? ", but read the warnings" : "");
	if (r->deadline != NULL) {
		sb_date_format_long(r->deadline->deadline, buf, sizeof(buf));
		if (r->deadline->passed)
			printf("Appeal deadline: 5pm on %s: PASSED.\n", buf);
		else
			printf("Appeal deadline: by 5pm on %s (%ld day%s left).\n", buf,
			       r->deadline->days_left, r->deadline->days_left == 1 ? "" : "s");
		sb_date_format_long(r->deadline->decision_date, buf, sizeof(buf));
		printf("  decision of %s (from %s)\n", buf, r->decision_from);
		if (r->certificate_from != NULL) {
			sb_date_format_long(r->deadline->certificate_date, buf, sizeof(buf));
			printf("  mediation certificate of %s (from %s)\n", buf, r->certificate_from);
		}
	}
	print_list("To fix before sending:", r, SB_SEVERITY_ERROR, "  x ");
	print_list("Warnings:", r, SB_SEVERITY_WARNING, "  ! ");
	print_list("Notes:", r, SB_SEVERITY_INFO, "  - ");
	if (r->bundle_pages > 0)
		printf("\nThe bundle would be %zu pages (sendbundle build).\n", r->bundle_pages);
	if (r->compared)
		print_against(r);
	print_coverage(r);
	if (r->deadline != NULL) {
		printf("\nThe deadline in full:\n\n");
		cli_print_deadline(r->deadline);
	} else {
		printf("\nThis is not legal advice: if in doubt, take advice.\n");
	}
}

/* The LA's bundle, read as one PDF document (its pages are the bundle's). */
static int read_against(const char *path, sb_doc_list *out)
{
	sb_read_limits lim;
	char *data = NULL;
	size_t len = 0;
	sb_error err;
	int status = EXIT_OK;

	sb_read_limits_init(&lim);
	if (sb_file_read(path, lim.max_file_size, &data, &len, &err) != SB_OK ||
	    sb_read_buffer(path, (const unsigned char *)data, len, &lim, out, &err) != SB_OK) {
		status = cli_fail(&err);
		status = status == EXIT_USAGE ? EXIT_ERROR : status;
	} else if (out->nerrors > 0 || out->ndocs == 0 ||
		   out->docs[0]->format != SB_FORMAT_PDF) {
		fprintf(stderr, "sendbundle: '%s' cannot be compared: %s\n", path,
			out->nerrors > 0 ? out->errors[0].message : "it is not a PDF");
		fprintf(stderr, "  hint: give the local authority's bundle as the PDF it sent\n");
		status = EXIT_ERROR;
	}
	free(data);
	return status;
}

static int run(int argc, char **argv)
{
	check_args a;
	sb_case_file cf;
	sb_scan_options so;
	sb_doc_list list, against;
	sb_check_result r;
	sb_calendar *cals[3] = {NULL, NULL, NULL};
	size_t ncals = 0;
	char *json = NULL, path[4200];
	sb_error err;
	int status;

	memset(&a, 0, sizeof(a));
	sb_case_file_init(&cf);
	sb_doc_list_init(&list);
	sb_doc_list_init(&against);
	sb_check_result_init(&r);
	status = parse(argc, argv, &a);
	if (status != EXIT_OK || a.help)
		return status;
	if (!a.has_today)
		cli_today_london(&a.in.today, &a.in.today_after_5pm);
	snprintf(path, sizeof(path), "%s/%s", a.case_dir, SB_CASE_FILE_NAME);
	if (sb_case_file_load(path, &cf, &err) != SB_OK) {
		if (strcmp(err.reason, "missing") != 0) {
			status = cli_fail(&err);
			status = status == EXIT_USAGE ? EXIT_ERROR : status;
			goto done;
		}
		sb_case_file_init(&cf);
	}
	status = cli_load_calendars(NULL, cals, &ncals);
	if (status != EXIT_OK)
		goto done;
	so = a.so;
	so.jobs = a.jobs;
	so.limits.keep_original = true; /* exact page counts, as build makes them */
	cli_ocr_prepare(&so);
	if (sb_scan_folder(a.case_dir, &so, NULL, &list, &err) != SB_OK) {
		status = cli_fail(&err);
		status = status == EXIT_USAGE ? EXIT_ERROR : status;
		goto done;
	}
	if (a.in.against_path != NULL) {
		status = read_against(a.in.against_path, &against);
		if (status != EXIT_OK)
			goto done;
		a.in.against = against.docs[0];
	}
	a.in.docs = &list;
	a.in.cf = &cf;
	a.in.cals = cals;
	a.in.ncals = ncals;
	if (sb_check_run(&a.in, &r, &err) != SB_OK) {
		status = cli_fail(&err);
		status = status == EXIT_USAGE ? EXIT_ERROR : status;
		goto done;
	}
	if (a.json) {
		if (sb_check_to_json(&r, &list, &json, &err) != SB_OK) {
			status = cli_fail(&err);
			goto done;
		}
		fputs(json, stdout);
	} else {
		print_human(&a, &r);
	}
	status = sb_check_has_errors(&r) ? EXIT_ERROR : EXIT_OK;
done:
	free(json);
	sb_check_result_release(&r);
	sb_doc_list_free(&list);
	sb_doc_list_free(&against);
	sb_case_file_release(&cf);
	while (ncals > 0)
		sb_calendar_free(cals[--ncals]);
	return status;
}
