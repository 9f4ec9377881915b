/* test-ingest-live.c: ingest of a file while it is written (an upload
 * arriving): the growing-file tracker, the split decided once the file is
 * complete, and the ss_ingest_live API as the web front uses it. */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest/growfile.h"
#include "ingest/live.h"
#include "ingest_same.h"
#include "ingest_tmp.h"

/* A CSV of n invoice lines: customers, invoices, dates and prices varied,
 * some cancelled, some without a customer (caller frees). */
static char *invoices_ids(long n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (f == NULL)
		exit(2);
	fputs("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n", f);
	for (long i = 0; i < n; i++) {
		char id[16] = "";
		if (i % 41 != 0)
			snprintf(id, sizeof(id), "%ld", 12000 + (i * 7919) % 3001);
		fprintf(f, "%s%ld,85123A,\"WHITE, HANGING HEART\",%ld,%ld/%ld/2011 %02ld:%02ld,%ld.%02ld,%s,United Kingdom\n",
		        i % 97 == 0 ? "C" : "", 536365 + i / 5, 1 + i % 13, 1 + i % 12, 1 + i % 28,
		        i % 24, i % 60, i % 9, i % 100, id);
	}
	fclose(f);
	return buf;
}

static void growfile_cases(void)
{
	ss_growfile *g = ss_growfile_new(100);
	CHECK(g != NULL && ss_growfile_expect(g) == 100, "a growing file keeps its expected size");
	ss_growfile_extend(g, 10);
	CHECK(ss_growfile_wait(g, 0, 10) == 10, "10 bytes there: a read of 10 gets them");
	CHECK(ss_growfile_wait(g, 4, 6) == 6, "a read inside what is there gets all of it");
	ss_growfile_finish(g, 25);
	CHECK(ss_growfile_wait(g, 0, 100) == 25, "complete: a long read gets what there is");
	CHECK(ss_growfile_wait(g, 30, 5) == 0, "complete: a read past the end gets nothing");
	CHECK(ss_growfile_wait_done(g) == 25, "complete: its size is known");
	ss_growfile_abort(g);
	CHECK(ss_growfile_wait(g, 0, 1) == -1 && ss_growfile_wait_done(g) == -1,
	      "aborted: every read fails");
	ss_growfile_free(g);
}

/* Waits on a growing file from another thread. */
struct waiter {
	ss_growfile *g;
	int64_t got;
};

static void *wait_far(void *arg)
{
	struct waiter *w = arg;
	w->got = ss_growfile_wait(w->g, 0, 1000);
	return NULL;
}

static void growfile_wakes(void)
{
	struct waiter w = {.g = ss_growfile_new(0)};
	pthread_t th;
	if (w.g == NULL || pthread_create(&th, NULL, wait_far, &w) != 0)
		exit(2);
	ss_growfile_extend(w.g, 400);
	ss_growfile_extend(w.g, 999);
	ss_growfile_extend(w.g, 1200);
	pthread_join(th, NULL);
	CHECK(w.got == 1000, "a waiting reader wakes once its bytes are there (%lld)",
	      (long long)w.got);
	w.got = 0;
	if (pthread_create(&th, NULL, wait_far, &w) != 0)
		exit(2);
	pthread_join(th, NULL);
	CHECK(w.got == 1000, "and gets them at once afterwards");
	ss_growfile_free(w.g);

	w.g = ss_growfile_new(0);
	if (w.g == NULL || pthread_create(&th, NULL, wait_far, &w) != 0)
		exit(2);
	ss_growfile_abort(w.g);
	pthread_join(th, NULL);
	CHECK(w.got == -1, "an abort wakes a waiting reader with a failure");
	ss_growfile_free(w.g);
}

/* A growing file complete before ingest starts is split in the middle of
 * what is left, and merged: the result is the one-thread result. */
static void growing_split(void)
{
	size_t n;
	char *d = invoices_ids(60000, &n);
	char *path = write_tmp(d, n);
	ss_ingest_opts one = {.min_parallel_bytes = SIZE_MAX};
	ss_quality q1, q2;
	ss_error e1, e2;
	char why[600];
	int split = -1;

	ss_rfm *t1 = ingest__file(path, &one, &q1, &e1, NULL);
	ss_rfm *t2 = ingest_growing(path, 0, 0, &q2, &e2, &split);
	CHECK(t1 && t1->n > 2000, "the test file has %zu customers", t1 ? t1->n : 0);
	CHECK(results_same(t1, &e1, &q1, t2, &e2, &q2, why, sizeof(why)),
	      "growing file, two threads: the one-thread result (%s)", why);
	CHECK(split == SS_SPLIT_MERGED, "a %zu-byte growing file is split and merged (%d)", n,
	      split);
	ss_rfm_free(t2);
	t2 = ingest_growing(path, 0, 1000, &q2, &e2, &split);
	CHECK(results_same(t1, &e1, &q1, t2, &e2, &q2, why, sizeof(why)),
	      "written 1000 bytes at a time while read: the one-thread result (%s)", why);
	ss_rfm_free(t2);
	ss_rfm_free(t1);
	unlink(path);
	free(path);
	free(d);
}

/* Feeds a pipe from another thread. */
struct pipe_feed {
	int fd;
	const char *d;
	size_t n;
};

static void *feed_pipe(void *arg)
{
	struct pipe_feed *p = arg;
	for (size_t off = 0; off < p->n; ) {
		ssize_t k = write(p->fd, p->d + off, p->n - off < 5000 ? p->n - off : 5000);
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	close(p->fd);
	return NULL;
}

/* Ingest reads with pread; a pipe cannot seek and is read in order, and a
 * growing file of unknown size is still split once complete. */
static void other_sources(void)
{
	size_t n;
	char *d = invoices_ids(30000, &n);
	char *path = write_tmp(d, n);
	ss_quality q1, q2;
	ss_error e1, e2;
	char why[600], proc[64];
	int p[2];
	pthread_t th;

	ss_rfm *t1 = ss_ingest_file(path, NULL, &q1, &e1);
	if (pipe(p) != 0)
		exit(2);
	struct pipe_feed f = {.fd = p[1], .d = d, .n = n};
	if (pthread_create(&th, NULL, feed_pipe, &f) != 0)
		exit(2);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", p[0]);
	ss_rfm *t2 = ss_ingest_file(proc, NULL, &q2, &e2);
	pthread_join(th, NULL);
	close(p[0]);
	CHECK(results_same(t1, &e1, &q1, t2, &e2, &q2, why, sizeof(why)),
	      "a pipe: the file's result (%s)", t2 ? why : e2.msg);
	ss_rfm_free(t2);

	/* expected size unknown (no Content-Length): split when complete */
	int fd = open(path, O_RDONLY);
	ss_growfile *gf = ss_growfile_new(0);
	if (fd < 0 || gf == NULL)
		exit(2);
	ss_growfile_finish(gf, n);
	ingest__src src = {.fd = fd, .grow = gf, .name = "unknown size"};
	int split = -1;
	t2 = ingest__src_run(&src, &(ss_ingest_opts){.min_parallel_bytes = 1}, &q2, &e2, &split);
	CHECK(results_same(t1, &e1, &q1, t2, &e2, &q2, why, sizeof(why)) && split == SS_SPLIT_MERGED,
	      "a growing file of unknown size: split once complete, the same result (%d)", split);
	ss_rfm_free(t2);
	ss_growfile_free(gf);
	close(fd);
	ss_rfm_free(t1);
	unlink(path);
	free(path);
	free(d);
}

/* The web front's way: the request thread writes the upload in pieces,
 * extends, finishes, then joins. */
static ss_rfm *live_upload(const char *d, size_t n, size_t piece, char delim,
                           ss_quality *q, ss_error *err)
{
	char tmp[] = "/tmp/ss-live-up-XXXXXX";
	int fd = mkstemp(tmp);
	ss_ingest_opts o = {.delimiter = delim};
	ss_error serr;
	if (fd < 0)
		exit(2);
	unlink(tmp);
	ss_ingest_live *l = ss_ingest_live_start(fd, "t.csv", n, &o, &serr);
	CHECK(l != NULL, "the live ingest starts (%s)", l ? "ok" : serr.msg);
	if (l == NULL)
		exit(1);
	for (size_t off = 0; off < n; off += piece) {
		size_t k = n - off < piece ? n - off : piece;
		if (write(fd, d + off, k) != (ssize_t)k)
			exit(2);
		ss_ingest_live_extend(l, off + k);
	}
	ss_ingest_live_finish(l, n);
	ss_rfm *t = ss_ingest_live_join(l, q, err);
	ss_ingest_live_free(l);
	close(fd);
	return t;
}

static void live_api(void)
{
	size_t n;
	char *d = invoices_ids(80000, &n);
	char *path = write_tmp(d, n);
	ss_quality q1, q2;
	ss_error e1, e2;
	char why[600];

	ss_rfm *t1 = ss_ingest_file(path, NULL, &q1, &e1);
	ss_rfm *t2 = live_upload(d, n, 8192, 0, &q2, &e2);
	CHECK(results_same(t1, &e1, &q1, t2, &e2, &q2, why, sizeof(why)),
	      "live ingest of an upload in 8 KiB writes: the file's result (%s)", why);
	ss_rfm_free(t2);
	ss_rfm_free(t1);

	/* a wrong delimiter: the same error as the file */
	t1 = ss_ingest_file(path, &(ss_ingest_opts){.delimiter = ';'}, &q1, &e1);
	t2 = live_upload(d, n, 65536, ';', &q2, &e2);
	CHECK(t1 == NULL && t2 == NULL && e1.code == e2.code && strcmp(e1.msg, e2.msg) == 0,
	      "a wrong delimiter: the file's error (%s / %s)", e1.msg, e2.msg);

	/* the upload stops half-way: freeing stops the waiting thread, and
	 * the caller's descriptor stays the caller's */
	char tmp[] = "/tmp/ss-live-cut-XXXXXX";
	int fd = mkstemp(tmp);
	if (fd < 0)
		exit(2);
	unlink(tmp);
	ss_ingest_live *l = ss_ingest_live_start(fd, "cut.csv", n, NULL, &e2);
	if (l == NULL || write(fd, d, n / 3) != (ssize_t)(n / 3))
		exit(2);
	ss_ingest_live_extend(l, n / 3);
	ss_ingest_live_free(l);
	ss_ingest_live_free(NULL);
	CHECK(fcntl(fd, F_GETFD) != -1, "an upload cut short: the thread stops, the file stays open");

	/* finished short: the file as far as it got */
	char *cut = write_tmp(d, n / 3);
	t1 = ss_ingest_file(cut, NULL, &q1, &e1);
	l = ss_ingest_live_start(fd, "cut.csv", n, NULL, &e2);
	if (l == NULL)
		exit(2);
	ss_ingest_live_finish(l, n / 3);
	t2 = ss_ingest_live_join(l, &q2, &e2);
	CHECK(t1 && results_same(t1, &e1, &q1, t2, &e2, &q2, why, sizeof(why)),
	      "an upload shorter than announced: the result of what came (%s)", why);
	ss_rfm_free(t2);
	ss_rfm_free(t1);
	t2 = ss_ingest_live_join(l, &q2, &e2);
	CHECK(t2 == NULL && e2.code != SS_OK, "a second join gets no table (%s)", e2.msg);
	ss_ingest_live_free(l);
	close(fd);
	unlink(cut);
	free(cut);
	unlink(path);
	free(path);
	free(d);
}

int main(void)
{
	growfile_cases();
	growfile_wakes();
	growing_split();
	other_sources();
	live_api();
	return CHECK_DONE();
}
