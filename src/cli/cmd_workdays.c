/*
 * sendbundle workdays: count Tribunal working days in an SEN case
 * (HESC Rules r.12(3)(b)), e.g. for the LA's response deadline.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const struct sb_cmd cmd_workdays = {
	"workdays",
	"the date N Tribunal working days after a date (HESC r.12(3)(b))",
	"Usage: sendbundle workdays FROM N [--holidays FILE]\n"
	"\n"
	"Prints the date N Tribunal working days after FROM in an SEN case. Under\n"
	"HESC Rules r.12(3)(b) weekends, England and Wales bank holidays, 25 December\n"
	"to 1 January and the whole of August are not counted. The first day counted\n"
	"is the first such day after FROM. The last line is the date as YYYY-MM-DD.\n"
	"r.12(3)(b) does not apply where the Tribunal directed a specific date\n"
	"(r.12(4)), nor to the appeal deadline itself (use 'sendbundle deadline').\n"
	"\n"
	"Arguments:\n"
	"  FROM             the starting date (any DATE form, e.g. 15/03/2026)\n"
	"  N                how many working days, 0 to 2000\n"
	"Options:\n"
	"  --holidays FILE  also use this GOV.UK bank-holidays.json; if it gives a\n"
	"                   different date, the earlier one wins\n"
	"  -h, --help       show this help\n"
	"\n"
	"Exit codes: 0 done, 1 error, 2 usage or invalid date, 3 no holiday data.\n"
	"This is not legal advice.\n",
	run,
};

enum { OPT_HOLIDAYS = 1000 };

static const struct option options[] = {
	{"holidays", required_argument, NULL, OPT_HOLIDAYS},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Count what was skipped between from and to, for the explanation. */
static void explain_skips(const sb_calendar *cal, sb_date from, sb_date to)
{
	sb_date d = sb_date_add_days(from, 1);
	int weekend = 0, window = 0, august = 0;

	while (sb_date_compare(d, to) <= 0) {
		const char *title = NULL;
		char buf[SB_DATE_LONG_LEN];

		if (sb_date_weekday(d) >= 6)
			weekend++;
		else if (d.month == 8)
			august++;
		else if ((d.month == 12 && d.day >= 25) || (d.month == 1 && d.day == 1))
			window++;
		else if (sb_calendar_is_holiday(cal, d, &title))
			printf("  not counted: %s, %s\n",
			       sb_date_format_short(d, buf, sizeof(buf)), title);
		d = sb_date_add_days(d, 1);
	}
	if (weekend > 0)
		printf("  not counted: %d weekend day%s\n", weekend, weekend == 1 ? "" : "s");
	if (august > 0)
		printf("  not counted: %d weekday%s in August\n", august, august == 1 ? "" : "s");
	if (window > 0)
		printf("  not counted: %d weekday%s from 25 December to 1 January\n", window,
		       window == 1 ? "" : "s");
}

static int run(int argc, char **argv)
{
	const struct sb_cmd *cmd = &cmd_workdays;
	sb_calendar *cals[3] = {NULL, NULL, NULL};
	size_t ncals = 0, i, best = 0;
	const char *holidays = NULL;
	sb_date from, result = {0, 0, 0};
	char buf[SB_DATE_LONG_LEN], iso[SB_DATE_ISO_LEN];
	char *end = NULL;
	long n;
	sb_error err;
	int status = EXIT_OK;
	int c, year;

	sb_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case OPT_HOLIDAYS:
			holidays = optarg;
			break;
		default:
			/* "-1" reaches getopt as an option; it is really a bad N. */
			if (c == '?' && argv[optind - 1][0] == '-' &&
			    argv[optind - 1][1] >= '0' && argv[optind - 1][1] <= '9')
				return cli_usage_error(cmd, "N must be a whole number from 0 to %d, "
							    "not '%s'",
						       SB_TRIBUNAL_DAYS_MAX, argv[optind - 1]);
			return cli_other_option(cmd, c, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cmd, "expected FROM and N, e.g. 'sendbundle workdays "
					    "1/6/2026 30'");
	if (!cli_parse_date(cmd, "FROM", argv[optind], &from))
		return EXIT_USAGE;
	errno = 0;
	n = strtol(argv[optind + 1], &end, 10);
	if (errno != 0 || end == argv[optind + 1] || *end != '\0' || n < 0 ||
	    n > SB_TRIBUNAL_DAYS_MAX)
		return cli_usage_error(cmd, "N must be a whole number from 0 to %d, not '%s'",
				       SB_TRIBUNAL_DAYS_MAX, argv[optind + 1]);

	status = cli_load_calendars(holidays, cals, &ncals);
	if (status != EXIT_OK)
		goto done;
	for (i = 0; i < ncals; i++) {
		sb_date r;

		if (sb_calendar_add_tribunal_days(cals[i], from, (int)n, &r, &err) != SB_OK) {
			status = cli_fail(&err);
			goto done;
		}
		/* Holiday sources that disagree: the earlier date is the safe one. */
		if (i == 0 || sb_date_compare(r, result) < 0) {
			if (i > 0)
				printf("  note: %s gives an earlier date; using it\n",
				       sb_calendar_source(cals[i]));
			result = r;
			best = i;
		} else if (sb_date_compare(r, result) > 0) {
			printf("  note: %s gives a later date; the earlier one is used\n",
			       sb_calendar_source(cals[i]));
		}
	}
	printf("%ld Tribunal working day%s after %s (HESC Rules r.12(3)(b)):\n", n,
	       n == 1 ? "" : "s", sb_date_format_long(from, buf, sizeof(buf)));
	explain_skips(cals[best], from, result);
	printf("  = %s\n", sb_date_format_long(result, buf, sizeof(buf)));
	for (year = from.year; year <= result.year; year++)
		if (!sb_calendar_year_is_proclaimed(cals[best], year))
			printf("  note: bank holidays for %d were computed from the rules, not "
			       "yet proclaimed\n", year);
	printf("%s\n", sb_date_format_iso(result, iso, sizeof(iso)));
done:
	while (ncals > 0)
		sb_calendar_free(cals[--ncals]);
	return status;
}
