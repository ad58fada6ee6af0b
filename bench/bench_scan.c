/*
 * bench_scan: scan speed on a generated folder (issue 3: "scan of a
 * generated folder of 500 documents; report documents/s, MB/s and the share
 * of time spent in extraction against text reading alone").
 *
 *   build/bench/bench_scan SAMPLE_DIR [N]
 *
 * Copies SAMPLE_DIR's files round-robin into a temporary folder until it
 * holds N files (default 500), then measures:
 *   1. one thread, per file: reading the text (sb_read_buffer) and
 *      extracting the facts (sb_extract), timed separately;
 *   2. the whole scan (sb_scan_folder) with every core.
 */
#include <sendbundle/sendbundle.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int copy_file(const char *from, const char *to)
{
	char *data = NULL;
	size_t len = 0;
	sb_error err;
	int rc = sb_file_read(from, (size_t)256 << 20, &data, &len, &err);

	if (rc == SB_OK)
		rc = sb_file_write_atomic(to, data, len, &err);
	free(data);
	return rc;
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : "samples/refusal-to-assess";
	int n = argc > 2 ? atoi(argv[2]) : 500;
	char dir[] = "/tmp/sb-bench-scan-XXXXXX";
	char names[64][512];
	int nnames = 0, i;
	DIR *d;
	struct dirent *e;
	sb_extractor *ex = NULL;
	sb_error err;
	double t_read = 0, t_extract = 0, bytes = 0, t0, t1;
	long docs = 0;
	sb_doc_list list;
	sb_scan_options opt;
	char cmd[600];

	d = opendir(src);
	if (d == NULL || mkdtemp(dir) == NULL || n < 1) {
		fprintf(stderr, "usage: bench_scan SAMPLE_DIR [N]\n");
		return 2;
	}
	while ((e = readdir(d)) != NULL && nnames < 64)
		/* Documents only: the case file is not read by a scan. */
		if (e->d_name[0] != '.' && strcmp(e->d_name, SB_CASE_FILE_NAME) != 0)
			snprintf(names[nnames++], sizeof(names[0]), "%s/%s", src, e->d_name);
	closedir(d);
	if (nnames == 0)
		return 2;
	for (i = 0; i < n; i++) {
		char to[640];
		const char *base = strrchr(names[i % nnames], '/') + 1;

		snprintf(to, sizeof(to), "%s/%04d-%s", dir, i, base);
		if (copy_file(names[i % nnames], to) != SB_OK)
			return 1;
	}
	if (sb_extractor_new(&ex, &err) != SB_OK)
		return 1;

	/* 1. One thread, reading and extraction timed apart. */
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL) {
		char path[640];
		char *data = NULL;
		size_t len = 0, k;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (sb_file_read(path, (size_t)256 << 20, &data, &len, &err) != SB_OK)
			continue;
		sb_doc_list_init(&list);
		t0 = now();
		if (sb_read_buffer(e->d_name, (unsigned char *)data, len, NULL, &list, &err) ==
		    SB_OK) {
			t1 = now();
			t_read += t1 - t0;
			for (k = 0; k < list.ndocs; k++)
				(void)sb_extract(ex, list.docs[k], &err);
			t_extract += now() - t1;
			docs += (long)list.ndocs;
			bytes += (double)len;
		}
		sb_doc_list_free(&list);
		free(data);
	}
	if (d != NULL)
		closedir(d);
	printf("files: %d (copies of %s)\n", n, src);
	printf("one thread: %ld documents, %.1f MB\n", docs, bytes / 1e6);
	printf("  reading text:  %.3f s\n", t_read);
	printf("  extraction:    %.3f s (%.1f%% of reading)\n", t_extract,
	       t_read > 0 ? 100.0 * t_extract / t_read : 0.0);
	printf("  documents/s:   %.0f\n", (double)docs / (t_read + t_extract));
	printf("  MB/s:          %.1f\n", bytes / 1e6 / (t_read + t_extract));

	/* 2. The whole scan, every core. */
	sb_scan_options_init(&opt);
	sb_doc_list_init(&list);
	t0 = now();
	if (sb_scan_folder(dir, &opt, ex, &list, &err) != SB_OK) {
		fprintf(stderr, "bench_scan: %s\n", err.message);
		return 1;
	}
	t1 = now();
	printf("sb_scan_folder (%ld cores): %zu documents in %.3f s = %.0f documents/s\n",
	       sysconf(_SC_NPROCESSORS_ONLN), list.ndocs, t1 - t0,
	       (double)list.ndocs / (t1 - t0));
	sb_doc_list_free(&list);
	sb_extractor_free(ex);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
