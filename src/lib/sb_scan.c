/*
 * sb_scan: walk a case folder, read every file in parallel, extract facts,
 * and gather the results in path order whatever the thread timing.
 *
 * One bad file never stops the scan (issue 3): each file's documents or
 * error go into its own slot, filled by whichever worker took it.
 */
#include <sendbundle/scan.h>

#include "sb_walk.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_JOBS 64

void sb_scan_options_init(sb_scan_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->jobs = 0;
	opt->max_files = 20000;
	opt->max_depth = 32;
	opt->progress = NULL;
	opt->progress_arg = NULL;
	sb_read_limits_init(&opt->limits);
}

struct scan_job {
	const sb_walk_result *files;
	const sb_scan_options *opt;
	const sb_extractor *ex;
	sb_doc_list *slots;   /* one per file */
	pthread_mutex_t lock;
	size_t next;          /* next file to take, under lock */
	size_t done;          /* files read, under lock */
	int failed;           /* an out-of-memory failure, under lock */
};

/* Read a whole regular file, refusing anything that is not one or is larger
 * than max (checked before reading, and again while reading). */
static int read_file(const char *abs, const char *rel, size_t max, unsigned char **data,
		     size_t *len, sb_error *err)
{
	unsigned char *buf = NULL;
	struct stat st;
	size_t got = 0;
	int fd = -1;
	int rc = SB_OK;

	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO swapped in for a file cannot hang the scan. */
	fd = open(abs, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		rc = sb_error_set(err, SB_EIO, rel, "check that the file exists and you can read it",
				  "cannot open '%s': %s", rel, strerror(errno));
		sb_error_reason(err, "unreadable");
		goto done;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = sb_error_set(err, SB_EIO, rel, NULL, "'%s' is no longer a regular file", rel);
		sb_error_reason(err, "not-a-file");
		goto done;
	}
	if ((unsigned long long)st.st_size > max) {
		rc = sb_error_set(err, SB_ERANGE, rel, "split the file, or leave it out of the case",
				  "'%s' is %lld bytes, more than the %zu a document may have", rel,
				  (long long)st.st_size, max);
		sb_error_reason(err, "too-large");
		goto done;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, rel, NULL, "out of memory reading '%s'", rel);
		goto done;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sb_error_set(err, SB_EIO, rel, NULL, "cannot read '%s': %s", rel,
					  strerror(errno));
			sb_error_reason(err, "unreadable");
			goto done;
		}
		if (n == 0)
			break; /* the file shrank while we read: use what is there */
		got += (size_t)n;
	}
	*data = buf;
	*len = got;
	buf = NULL;
done:
	free(buf);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Read one file into its slot and extract each document it gave. */
static int scan_one(struct scan_job *job, size_t i)
{
	const sb_walk_entry *f = &job->files->entries[i];
	sb_doc_list *slot = &job->slots[i];
	unsigned char *data = NULL;
	size_t len = 0, d;
	sb_error err;
	int rc;

	sb_error_clear(&err);
	rc = read_file(f->abs, f->rel, job->opt->limits.max_file_size, &data, &len, &err);
	if (rc == SB_OK)
		rc = sb_read_buffer(f->rel, data, len, &job->opt->limits, slot, &err);
	free(data);
	if (rc == SB_ENOMEM)
		return rc;
	if (rc != SB_OK)
		return sb_doc_list_add_error(slot, f->rel, err.reason, err.message, err.hint);
	for (d = 0; d < slot->ndocs; d++) {
		sb_error_clear(&err);
		if (sb_extract(job->ex, slot->docs[d], &err) == SB_OK)
			continue;
		if (err.code == SB_ENOMEM)
			return SB_ENOMEM;
		/* Extraction trouble leaves the document in, with a warning. */
		if (sb_doc_add_warning(slot->docs[d], "facts could not all be extracted: %s",
				       err.message) != SB_OK)
			return SB_ENOMEM;
	}
	return SB_OK;
}

static void *worker(void *arg)
{
	struct scan_job *job = arg;

	for (;;) {
		size_t i;
		int rc;

		pthread_mutex_lock(&job->lock);
		i = job->next++;
		pthread_mutex_unlock(&job->lock);
		if (i >= job->files->n)
			break;
		rc = scan_one(job, i);
		pthread_mutex_lock(&job->lock);
		if (rc != SB_OK)
			job->failed = rc;
		job->done++;
		/* Under the lock: the caller's callback never runs twice at once. */
		if (job->opt->progress != NULL)
			job->opt->progress(job->opt->progress_arg, job->done, job->files->n);
		pthread_mutex_unlock(&job->lock);
	}
	return NULL;
}

static int cmp_errors(const void *a, const void *b)
{
	const sb_file_error *x = a, *y = b;

	return strcmp(x->path, y->path);
}

int sb_scan_folder(const char *case_dir, const sb_scan_options *opt,
		   const sb_extractor *ex, sb_doc_list *out, sb_error *err)
{
	sb_scan_options defaults;
	sb_extractor *own_ex = NULL;
	sb_walk_result files;
	sb_doc_list walk_errors;
	struct scan_job job;
	pthread_t threads[MAX_JOBS];
	int nthreads = 0, jobs, t;
	size_t i;
	int rc;

	memset(&files, 0, sizeof(files));
	memset(&job, 0, sizeof(job));
	sb_doc_list_init(&walk_errors);
	if (case_dir == NULL || out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no case folder given");
	if (opt == NULL) {
		sb_scan_options_init(&defaults);
		opt = &defaults;
	}
	if (ex == NULL) {
		rc = sb_extractor_new(&own_ex, err);
		if (rc != SB_OK)
			goto done;
		ex = own_ex;
	}
	rc = sb_walk(case_dir, opt->max_files, opt->max_depth, &files, &walk_errors, err);
	if (rc != SB_OK)
		goto done;
	job.files = &files;
	job.opt = opt;
	job.ex = ex;
	job.slots = calloc(files.n > 0 ? files.n : 1, sizeof(*job.slots));
	if (job.slots == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, case_dir, NULL, "out of memory");
		goto done;
	}
	pthread_mutex_init(&job.lock, NULL);
	jobs = opt->jobs > 0 ? opt->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if ((size_t)jobs > files.n)
		jobs = files.n > 0 ? (int)files.n : 1;
	for (t = 0; t < jobs; t++) {
		if (pthread_create(&threads[t], NULL, worker, &job) != 0)
			break;
		nthreads++;
	}
	if (nthreads == 0)
		worker(&job); /* no threads to be had: do the work here */
	for (t = 0; t < nthreads; t++)
		pthread_join(threads[t], NULL);
	pthread_mutex_destroy(&job.lock);
	if (job.failed != 0) {
		rc = sb_error_set(err, SB_ENOMEM, case_dir, "close other programs and try again",
				  "out of memory scanning '%s'", case_dir);
		goto done;
	}
	/* Gather in path order: documents, then every error sorted by path. */
	for (i = 0; i < files.n; i++) {
		rc = sb_doc_list_take(out, &job.slots[i]);
		if (rc != SB_OK)
			break;
	}
	if (rc == SB_OK)
		rc = sb_doc_list_take(out, &walk_errors);
	if (rc != SB_OK) {
		rc = sb_error_set(err, SB_ENOMEM, case_dir, NULL, "out of memory scanning '%s'",
				  case_dir);
		goto done;
	}
	if (out->nerrors > 1) /* qsort's array must not be NULL, even for 0 items */
		qsort(out->errors, out->nerrors, sizeof(*out->errors), cmp_errors);
done:
	if (job.slots != NULL) {
		for (i = 0; i < files.n; i++)
			sb_doc_list_free(&job.slots[i]);
		free(job.slots);
	}
	sb_doc_list_free(&walk_errors);
	sb_walk_result_free(&files);
	sb_extractor_free(own_ex);
	return rc;
}
