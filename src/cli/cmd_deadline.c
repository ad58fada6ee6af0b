/*
 * sendbundle deadline: the appeal deadline, explained step by step
 * (HESC Rules r.20(1)(c), r.12; docs/legal-rules.md).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_deadline = {
	"deadline",
	"work out the SEND Tribunal appeal deadline, step by step",
	"Usage: sendbundle deadline --decision-date DATE [options]\n"
	"\n"
	"Works out when the SEND Tribunal must receive an appeal (HESC Rules 2008\n"
	"r.20(1)(c) and r.12), and the mediation contact date (SEND Regulations 2014\n"
	"reg 33), and explains every step.\n"
	"\n"
	"Options:\n"
	"  --decision-date DATE     the date on the local authority's decision letter\n"
	"                           (required)\n"
	"  --sent-date DATE         when the letter was sent, if different; the count\n"
	"                           starts from the earlier of the two\n"
	"  --certificate-date DATE  date of issue of the mediation certificate\n"
	"  --appeal-type TYPE       refusal-to-assess (default), refusal-to-reassess,\n"
	"                           refusal-to-issue-plan, plan-contents,\n"
	"                           placement-only, refusal-to-amend, cease-plan\n"
	"                           (disability-discrimination is refused: other law)\n"
	"  --today DATE             count days left from DATE instead of today (a\n"
	"                           given date counts as before 5pm; without it, a\n"
	"                           deadline today has passed after 5pm UK time)\n"
	"  --holidays FILE          also use this GOV.UK bank-holidays.json; if it\n"
	"                           gives a different deadline, the earlier one wins\n"
	"  --confirm-dates          accept a certificate dated before the decision\n"
	"  --ics FILE               also write an iCalendar file with the deadline\n"
	"                           (ending 5pm) and the mediation contact date,\n"
	"                           each with a reminder a week before\n"
	"  --json                   print JSON (schemas/deadline.schema.json)\n"
	"  -h, --help               show this help\n"
	"\n"
	"DATE can be 2026-03-15, 15/03/2026, 15.3.26, 15 March 2026 or 15th Mar 2026;\n"
	"numeric dates are always day first.\n"
	"\n"
	"Example:\n"
	"  sendbundle deadline --decision-date \"14 September 2026\" "
	"--certificate-date 3/11/2026\n"
	"\n"
	"Exit codes: 0 done (also when the deadline has passed: see the warnings),\n"
	"1 error, 2 usage or invalid date, 3 no safe answer (no holiday data, or a\n"
	"disability discrimination claim).\n"
	"This is not legal advice.\n",
	run,
};

enum {
	OPT_DECISION = 1000,
	OPT_SENT,
	OPT_CERT,
	OPT_TYPE,
	OPT_TODAY,
	OPT_HOLIDAYS,
	OPT_CONFIRM,
	OPT_ICS,
	OPT_JSON,
};

static const struct option options[] = {
	{"decision-date", required_argument, NULL, OPT_DECISION},
	{"sent-date", required_argument, NULL, OPT_SENT},
	{"certificate-date", required_argument, NULL, OPT_CERT},
	{"appeal-type", required_argument, NULL, OPT_TYPE},
	{"today", required_argument, NULL, OPT_TODAY},
	{"holidays", required_argument, NULL, OPT_HOLIDAYS},
	{"confirm-dates", no_argument, NULL, OPT_CONFIRM},
	{"ics", required_argument, NULL, OPT_ICS},
	{"json", no_argument, NULL, OPT_JSON},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

void cli_print_deadline(const sb_deadline *d)
{
	char longdate[SB_DATE_LONG_LEN];
	char buf[SB_DATE_LONG_LEN];
	char prefix[32];
	size_t i;

	sb_date_format_long(d->deadline, longdate, sizeof(longdate));
	printf("Appeal deadline: by 5pm on %s\n", longdate);
	if (d->has_today) {
		sb_date_format_long(d->today, buf, sizeof(buf));
		if (d->passed)
			printf("  PASSED: %ld day%s ago (today is %s)\n", -d->days_left,
			       d->days_left == -1 ? "" : "s", buf);
		else if (d->days_left == 0)
			printf("  That is TODAY (%s): the Tribunal must have it by 5pm\n", buf);
		else
			printf("  %ld day%s left (today is %s)\n", d->days_left,
			       d->days_left == 1 ? "" : "s", buf);
	}
	printf("  Appeal about: %s\n", sb_appeal_type_description(d->appeal_type));
	if (strcmp(d->limb, "ii") == 0)
		printf("  Governed by limb (ii): 1 month after the mediation certificate "
		       "(HESC r.20(1)(c)(ii))\n");
	else
		printf("  Governed by limb (i): 2 months after the decision was sent "
		       "(HESC r.20(1)(c)(i))\n");
	if (d->has_alternative) {
		sb_date_format_long(d->alternative, buf, sizeof(buf));
		printf("  Arguable later date: %s (do not rely on it)\n", buf);
	}
	sb_date_format_long(d->mediation_contact_by, buf, sizeof(buf));
	printf("  Mediation contact by: %s (SEND Regulations 2014 reg 33)\n", buf);

	printf("\nHow this was worked out:\n");
	for (i = 0; i < d->nsteps; i++) {
		char *line = NULL;
		size_t len = strlen(d->steps[i].rule) + strlen(d->steps[i].text) + 4;

		snprintf(prefix, sizeof(prefix), "  %zu. ", i + 1);
		line = malloc(len);
		if (line == NULL) {
			printf("%s%s\n", prefix, d->steps[i].text);
			continue;
		}
		snprintf(line, len, "[%s] %s", d->steps[i].rule, d->steps[i].text);
		cli_wrap(stdout, prefix, (int)strlen(prefix), line);
		free(line);
	}
	if (d->nwarnings > 0) {
		printf("\nWarnings:\n");
		for (i = 0; i < d->nwarnings; i++)
			cli_wrap(stdout, "  ! ", 4, d->warnings[i].text);
	}
	printf("\n");
	cli_wrap(stdout, "Holiday data: ", 2, d->holidays_source);
	printf("This is not legal advice: if in doubt, appeal earlier and take advice.\n");
}

static int run(int argc, char **argv)
{
	const struct sb_cmd *cmd = &cmd_deadline;
	sb_deadline_input in;
	sb_calendar *cals[3] = {NULL, NULL, NULL};
	size_t ncals = 0;
	sb_deadline *d = NULL;
	char *json = NULL;
	const char *holidays = NULL;
	const char *ics = NULL;
	bool want_json = false;
	bool have_decision = false;
	sb_error err;
	int status = EXIT_OK;
	int c;

	sb_deadline_input_init(&in);
	sb_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case OPT_DECISION:
			if (!cli_parse_date(cmd, "--decision-date", optarg, &in.decision_date))
				return EXIT_USAGE;
			have_decision = true;
			break;
		case OPT_SENT:
			if (!cli_parse_date(cmd, "--sent-date", optarg, &in.sent_date))
				return EXIT_USAGE;
			in.has_sent_date = true;
			break;
		case OPT_CERT:
			if (!cli_parse_date(cmd, "--certificate-date", optarg,
					    &in.certificate_date))
				return EXIT_USAGE;
			in.has_certificate_date = true;
			break;
		case OPT_TYPE:
			if (sb_appeal_type_parse(optarg, &in.appeal_type, &err) != SB_OK)
				return cli_usage_error(cmd, "%s (%s)", err.message, err.hint);
			break;
		case OPT_TODAY:
			if (!cli_parse_date(cmd, "--today", optarg, &in.today))
				return EXIT_USAGE;
			in.has_today = true;
			break;
		case OPT_HOLIDAYS:
			holidays = optarg;
			break;
		case OPT_CONFIRM:
			in.confirm_dates = true;
			break;
		case OPT_ICS:
			ics = optarg;
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
	if (!have_decision)
		return cli_usage_error(cmd, "--decision-date is required");
	if (!in.has_today) {
		cli_today_london(&in.today, &in.today_after_5pm);
		in.has_today = true;
	}

	status = cli_load_calendars(holidays, cals, &ncals);
	if (status != EXIT_OK)
		goto done;
	if (sb_deadline_compute(&in, cals, ncals, &d, &err) != SB_OK) {
		status = cli_fail(&err);
		goto done;
	}
	if (ics != NULL) {
		if (sb_ics_write(d, cli_stamp_epoch(), ics, &err) != SB_OK) {
			status = cli_fail(&err);
			goto done;
		}
		fprintf(stderr, "sendbundle: wrote the calendar file '%s'\n", ics);
	}
	if (want_json) {
		if (sb_deadline_to_json(d, &json, &err) != SB_OK) {
			status = cli_fail(&err);
			goto done;
		}
		fputs(json, stdout);
	} else {
		cli_print_deadline(d);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sendbundle: cannot write the output\n");
		status = EXIT_ERROR;
	}
done:
	free(json);
	sb_deadline_free(d);
	while (ncals > 0)
		sb_calendar_free(cals[--ncals]);
	return status;
}
