/*
 * bench_deadline: how many appeal deadlines per second the engine computes,
 * over every decision date of 2015-2028 (with and without a certificate).
 * A C harness rather than a timed test (the brief: speed lives in bench/).
 *
 *   build/bench/bench_deadline [DATA_DIR]
 */
#include <sendbundle/sendbundle.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "data";
	char path[4096];
	sb_calendar *cal = NULL;
	sb_calendar *cals[1];
	sb_error err;
	sb_date first = {2015, 1, 1};
	long ndays = sb_date_diff_days((sb_date){2028, 10, 31}, first);
	long i, count = 0;
	double t0, t1;
	int status = 1;

	snprintf(path, sizeof(path), "%s/bank-holidays.json", dir);
	if (sb_calendar_load(&cal, path, NULL, &err) != SB_OK) {
		fprintf(stderr, "bench_deadline: %s\n", err.message);
		goto done;
	}
	cals[0] = cal;
	t0 = now_seconds();
	for (i = 0; i < ndays; i++) {
		sb_deadline_input in;
		sb_deadline *d = NULL;
		int with_cert;

		for (with_cert = 0; with_cert < 2; with_cert++) {
			sb_deadline_input_init(&in);
			in.decision_date = sb_date_add_days(first, i);
			in.has_certificate_date = with_cert != 0;
			in.certificate_date = sb_date_add_days(in.decision_date, 40);
			if (sb_deadline_compute(&in, cals, 1, &d, &err) != SB_OK) {
				fprintf(stderr, "bench_deadline: %s\n", err.message);
				goto done;
			}
			sb_deadline_free(d);
			count++;
		}
	}
	t1 = now_seconds();
	printf("deadlines computed: %ld\nseconds: %.3f\ndeadlines per second: %.0f\n", count,
	       t1 - t0, (double)count / (t1 - t0));
	status = 0;
done:
	sb_calendar_free(cal);
	return status;
}
