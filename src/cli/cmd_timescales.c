/*
 * sendbundle timescales: the LA's statutory dates after a request for an EHC
 * needs assessment (SEND Regulations 2014 regs 5, 10, 13).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_timescales = {
	"timescales",
	"the local authority's statutory dates after a request for assessment",
	"Usage: sendbundle timescales --request-date DATE [--today DATE] [--json]\n"
	"\n"
	"The latest dates by which the local authority should have acted after it\n"
	"received a request for an EHC needs assessment (SEND Regulations 2014;\n"
	"calendar weeks, no adjustment for weekends or holidays):\n"
	"  6 weeks   decide whether to assess            reg 5(1)\n"
	"  16 weeks  say it will not issue a plan        reg 10(1)\n"
	"  20 weeks  issue the final EHC plan            reg 13(2)\n"
	"The exceptions in reg 5(4), 10(4) and 13(3) can excuse delay.\n"
	"\n"
	"Options:\n"
	"  --request-date DATE  the day the LA received the request (required)\n"
	"  --today DATE         say which dates are overdue as of DATE\n"
	"  --json               print JSON with keys decision_due, no_plan_due,\n"
	"                       final_plan_due (schemas/timescales.schema.json)\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit codes: 0 done, 1 error, 2 usage or invalid date.\n"
	"This is not legal advice.\n",
	run,
};

enum { OPT_REQUEST = 1000, OPT_TODAY, OPT_JSON };

static const struct option options[] = {
	{"request-date", required_argument, NULL, OPT_REQUEST},
	{"today", required_argument, NULL, OPT_TODAY},
	{"json", no_argument, NULL, OPT_JSON},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int run(int argc, char **argv)
{
	const struct sb_cmd *cmd = &cmd_timescales;
	sb_timescales t;
	sb_date request = {0, 0, 0}, today = {0, 0, 0};
	bool have_request = false, have_today = false, want_json = false;
	char *json = NULL;
	char buf[SB_DATE_LONG_LEN];
	sb_error err;
	int status = EXIT_OK;
	int c, i;

	sb_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case OPT_REQUEST:
			if (!cli_parse_date(cmd, "--request-date", optarg, &request))
				return EXIT_USAGE;
			have_request = true;
			break;
		case OPT_TODAY:
			if (!cli_parse_date(cmd, "--today", optarg, &today))
				return EXIT_USAGE;
			have_today = true;
			break;
		case OPT_JSON:
			want_json = true;
			break;
		default:
			return cli_other_option(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!have_request)
		return cli_usage_error(cmd, "--request-date is required");
	if (sb_timescales_compute(request, have_today ? &today : NULL, &t, &err) != SB_OK)
		return cli_fail(&err);
	if (want_json) {
		if (sb_timescales_to_json(&t, &json, &err) != SB_OK)
			return cli_fail(&err);
		fputs(json, stdout);
		free(json);
		return EXIT_OK;
	}
	printf("Request for assessment received: %s\n",
	       sb_date_format_long(request, buf, sizeof(buf)));
	for (i = 0; i < SB_TIMESCALE_COUNT; i++) {
		const sb_timescale *s = &t.items[i];
		char line[512];

		snprintf(line, sizeof(line), "%s, the LA should %s (%d weeks, %s)%s",
			 sb_date_format_long(s->due, buf, sizeof(buf)), s->duty, s->weeks,
			 s->regulation, have_today && s->overdue ? ": OVERDUE" : "");
		cli_wrap(stdout, "  By ", 4, line);
	}
	if (have_today)
		printf("  (as of %s)\n", sb_date_format_long(today, buf, sizeof(buf)));
	cli_wrap(stdout, "", 0,
		 "These are the latest dates the local authority should have acted. The "
		 "exceptions in reg 5(4), 10(4) and 13(3) (e.g. the school closed for 4 "
		 "weeks or more, exceptional personal circumstances) can excuse delay. "
		 "This is not legal advice.");
	return status;
}
