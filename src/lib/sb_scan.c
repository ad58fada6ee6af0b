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
	sb_ocr_options_init(&opt->ocr);
}

struct scan_job {
	const sb_walk_result *files;
	const sb_scan_options *opt;
	sb_read_limits limits;  /* opt's, with ocr_later when OCR follows */
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

/* Extract a document's facts; trouble leaves it in, with a warning. Fails
 * only when out of memory. */
static int extract_one(const sb_extractor *ex, sb_doc *doc)
{
	sb_error err;

	sb_error_clear(&err);
	if (sb_extract(ex, doc, &err) == SB_OK)
		return SB_OK;
	if (err.code == SB_ENOMEM)
		return SB_ENOMEM;
	if (sb_doc_add_warning(doc, "facts could not all be extracted: %s", err.message) != SB_OK)
		return SB_ENOMEM;
	return SB_OK;
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
		rc = sb_read_buffer(f->rel, data, len, &job->limits, slot, &err);
	free(data);
	if (rc == SB_ENOMEM)
		return rc;
	if (rc != SB_OK)
		return sb_doc_list_add_error(slot, f->rel, err.reason, err.message, err.hint);
	for (d = 0; d < slot->ndocs; d++) {
		/* A document OCR will read is extracted after it (run_ocr). */
		if (job->limits.ocr_later && sb_doc_needs_ocr(slot->docs[d]))
			continue;
		rc = extract_one(job->ex, slot->docs[d]);
		if (rc != SB_OK)
			return rc;
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

/* ---- OCR (issue 7): every page without text, in parallel across pages ---- */

/* Below this mean confidence (Tesseract's 0-100), a page's facts are
 * worth checking by eye: the user is told which page. */
#define SB_OCR_LOW_CONFIDENCE 60.0f

typedef struct ocr_task {
	size_t doc;  /* index in the scan's list */
	size_t page; /* 0-based */
} ocr_task;

typedef struct ocr_doc_state {
	bool failed;
	sb_error err; /* the first page that could not be read */
} ocr_doc_state;

struct ocr_job {
	const sb_scan_options *opt;
	sb_doc_list *docs;
	ocr_task *tasks;
	size_t ntasks;
	ocr_doc_state *state; /* per document */
	pthread_mutex_t lock;
	size_t next, done;   /* under lock */
	bool stop;           /* OCR cannot start, or out of memory: under lock */
	sb_error fatal;      /* why, under lock */
};

static void *ocr_worker(void *arg)
{
	struct ocr_job *job = arg;
	sb_ocr_engine *engine = NULL;
	sb_error err;

	sb_error_clear(&err);
	/* Each thread its own engine: Tesseract's API is not thread-safe. */
	if (sb_ocr_engine_new(&job->opt->ocr, &engine, &err) != SB_OK) {
		pthread_mutex_lock(&job->lock);
		if (!job->stop)
			job->fatal = err;
		job->stop = true;
		pthread_mutex_unlock(&job->lock);
		return NULL;
	}
	for (;;) {
		ocr_task *t;
		int rc;

		pthread_mutex_lock(&job->lock);
		t = job->stop || job->next >= job->ntasks ? NULL : &job->tasks[job->next++];
		pthread_mutex_unlock(&job->lock);
		if (t == NULL)
			break;
		sb_error_clear(&err);
		/* The pages of one document are distinct sb_page values, so two
		 * threads on one document never write the same memory. */
		rc = sb_ocr_page(engine, job->docs->docs[t->doc], t->page,
				 job->opt->limits.max_text, &err);
		pthread_mutex_lock(&job->lock);
		if (rc == SB_ENOMEM) {
			job->fatal = err;
			job->stop = true;
		} else if (rc != SB_OK && !job->state[t->doc].failed) {
			job->state[t->doc].failed = true;
			job->state[t->doc].err = err;
		}
		job->done++;
		if (job->opt->ocr.progress != NULL)
			job->opt->ocr.progress(job->opt->ocr.progress_arg, job->done, job->ntasks);
		pthread_mutex_unlock(&job->lock);
	}
	sb_ocr_engine_free(engine);
	return NULL;
}

/* After OCR: warnings, facts, and the bytes let go of; a document whose
 * picture could not be drawn becomes its file's error. */
static int finish_ocr_doc(struct ocr_job *job, sb_doc_list *out, size_t *i, const sb_extractor *ex)
{
	sb_doc *doc = out->docs[*i];
	ocr_doc_state *st = &job->state[*i];
	int rc;

	if (st->failed) {
		const char *reason = st->err.reason[0] != '\0' ? st->err.reason : "damaged";

		rc = sb_doc_list_add_error(out, doc->path, reason, st->err.message, st->err.hint);
		if (rc != SB_OK)
			return rc;
		sb_doc_list_remove(out, *i);
		memmove(&job->state[*i], &job->state[*i + 1],
			(out->ndocs - *i) * sizeof(*job->state));
		return SB_OK; /* *i now names the next document */
	}
	rc = sb_doc_warn_textless(doc, SB_TEXTLESS_OCR_FOUND_NOTHING);
	if (rc == SB_OK)
		rc = sb_doc_warn_ocr(doc, SB_OCR_LOW_CONFIDENCE);
	if (rc == SB_OK)
		rc = extract_one(ex, doc);
	if (!job->opt->limits.keep_original) {
		free(doc->original);
		doc->original = NULL;
		doc->original_len = 0;
	}
	(*i)++;
	return rc;
}

static int run_ocr(const sb_scan_options *opt, const sb_extractor *ex, sb_doc_list *out,
		   int jobs, sb_error *err)
{
	struct ocr_job job;
	pthread_t threads[MAX_JOBS];
	bool *pending = NULL;
	size_t i, p, cap = 0;
	int nthreads = 0, t, rc = SB_OK;

	memset(&job, 0, sizeof(job));
	job.opt = opt;
	job.docs = out;
	pending = calloc(out->ndocs + 1, sizeof(*pending));
	job.state = calloc(out->ndocs + 1, sizeof(*job.state));
	if (pending == NULL || job.state == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < out->ndocs; i++) {
		sb_doc *doc = out->docs[i];

		if (doc->original == NULL || !sb_doc_needs_ocr(doc))
			continue;
		pending[i] = true;
		for (p = 0; p < doc->npages; p++) {
			if (doc->pages[p].has_text)
				continue;
			if (job.ntasks == cap) {
				size_t ncap = cap == 0 ? 64 : cap * 2;
				ocr_task *grown = realloc(job.tasks, ncap * sizeof(*grown));

				if (grown == NULL) {
					rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
					goto done;
				}
				job.tasks = grown;
				cap = ncap;
			}
			job.tasks[job.ntasks].doc = i;
			job.tasks[job.ntasks].page = p;
			job.ntasks++;
		}
	}
	if (job.ntasks > 0) {
		pthread_mutex_init(&job.lock, NULL);
		if ((size_t)jobs > job.ntasks)
			jobs = (int)job.ntasks;
		for (t = 0; t < jobs; t++) {
			if (pthread_create(&threads[t], NULL, ocr_worker, &job) != 0)
				break;
			nthreads++;
		}
		if (nthreads == 0)
			ocr_worker(&job);
		for (t = 0; t < nthreads; t++)
			pthread_join(threads[t], NULL);
		pthread_mutex_destroy(&job.lock);
		if (job.stop) {
			if (err != NULL)
				*err = job.fatal;
			rc = job.fatal.code != 0 ? job.fatal.code : SB_ENOMEM;
			goto done;
		}
	}
	/* In list order; a failed document leaves the list, so the pending
	 * flags move with it. */
	for (i = 0; rc == SB_OK && i < out->ndocs;) {
		if (!pending[i]) {
			i++;
			continue;
		}
		if (job.state[i].failed)
			memmove(&pending[i], &pending[i + 1], (out->ndocs - i - 1) * sizeof(*pending));
		rc = finish_ocr_doc(&job, out, &i, ex);
	}
	if (rc != SB_OK)
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory after OCR");
done:
	free(job.tasks);
	free(job.state);
	free(pending);
	return rc;
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
	int nthreads = 0, jobs, ocr_jobs, t;
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
	job.limits = opt->limits;
	job.limits.ocr_later = opt->ocr.enabled;
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
	ocr_jobs = jobs; /* OCR shares out pages, not files */
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
	if (opt->ocr.enabled) {
		rc = run_ocr(opt, ex, out, ocr_jobs, err);
		if (rc != SB_OK)
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
