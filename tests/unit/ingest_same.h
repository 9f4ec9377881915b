/* ingest_same.h: test helper: the same file ingested by one thread, by the
 * forced two-thread split, and as a growing file (an upload arriving) must
 * give identical results (header only). */
#ifndef SMARTSEG_INGEST_SAME_H
#define SMARTSEG_INGEST_SAME_H
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ingest/growfile.h"
#include "ingest/ingest.h"
#include "ingest/private.h"

/* Bitwise: no tolerance on Monetary. */
static inline int rfm_same(const ss_rfm *a, const ss_rfm *b, char *why, size_t cap)
{
	if (a->n != b->n || a->max_ts != b->max_ts) {
		snprintf(why, cap, "customers %zu vs %zu, max_ts %lld vs %lld", a->n, b->n,
		         (long long)a->max_ts, (long long)b->max_ts);
		return 0;
	}
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->customer_id[i], b->customer_id[i]) != 0 ||
		    a->recency[i] != b->recency[i] || a->frequency[i] != b->frequency[i] ||
		    memcmp(&a->monetary[i], &b->monetary[i], sizeof(double)) != 0) {
			snprintf(why, cap, "customer %zu: %s %lld %lld %.17g vs %s %lld %lld %.17g", i,
			         a->customer_id[i], (long long)a->recency[i],
			         (long long)a->frequency[i], a->monetary[i], b->customer_id[i],
			         (long long)b->recency[i], (long long)b->frequency[i], b->monetary[i]);
			return 0;
		}
	return 1;
}

static inline int quality_same(const ss_quality *a, const ss_quality *b, char *why, size_t cap)
{
#define QF(f) if (a->f != b->f) { snprintf(why, cap, "quality " #f " differs: %lld vs %lld", \
	(long long)a->f, (long long)b->f); return 0; }
	QF(rows_read) QF(rows_kept) QF(return_rows) QF(cancelled_rows) QF(non_utf8_fields)
	QF(delimiter) QF(delimiter_detected) QF(decimal_comma) QF(date_order)
	QF(date_order_assumed) QF(has_invoice) QF(has_amount_column)
	for (int k = 0; k < SS_DROP__MAX; k++)
		QF(dropped[k])
#undef QF
#define QS(f) if (strcmp(a->f, b->f) != 0) { snprintf(why, cap, "quality " #f " differs"); \
	return 0; }
	QS(col_customer) QS(col_invoice) QS(col_date) QS(col_quantity) QS(col_price) QS(col_amount)
#undef QS
	return 1;
}

/* 1 when two runs agree on everything: the table, or the error code and
 * message, and the quality block. */
static inline int results_same(const ss_rfm *t1, const ss_error *e1, const ss_quality *q1,
                               const ss_rfm *t2, const ss_error *e2, const ss_quality *q2,
                               char *why, size_t cap)
{
	if ((t1 == NULL) != (t2 == NULL)) {
		snprintf(why, cap, "first: %.200s; second: %.200s", t1 ? "table" : e1->msg,
		         t2 ? "table" : e2->msg);
		return 0;
	}
	if (t1 == NULL && (e1->code != e2->code || strcmp(e1->msg, e2->msg) != 0)) {
		snprintf(why, cap, "errors differ: \"%.200s\" vs \"%.200s\"", e1->msg, e2->msg);
		return 0;
	}
	if (t1 && !rfm_same(t1, t2, why, cap))
		return 0;
	return quality_same(q1, q2, why, cap);
}

/* Copies a file into a growing one, chunk bytes at a time. */
typedef struct grow_writer {
	const char *from;
	int fd;
	ss_growfile *gf;
	size_t chunk;
} grow_writer;

static inline void *grow_write(void *arg)
{
	grow_writer *w = arg;
	FILE *in = fopen(w->from, "rb");
	char buf[65536];
	uint64_t size = 0;
	size_t k;

	if (in == NULL) {
		ss_growfile_abort(w->gf);
		return NULL;
	}
	while ((k = fread(buf, 1, w->chunk, in)) > 0) {
		if (write(w->fd, buf, k) != (ssize_t)k) {
			ss_growfile_abort(w->gf);
			fclose(in);
			return NULL;
		}
		size += k;
		ss_growfile_extend(w->gf, size);
	}
	fclose(in);
	ss_growfile_finish(w->gf, size);
	return NULL;
}

/* Ingests a copy of path written while ingest reads it, chunk bytes at a
 * time (chunk 0: written whole before ingest starts), with the split
 * forced. *split tells how it was read. */
static inline ss_rfm *ingest_growing(const char *path, char delim, size_t chunk,
                                     ss_quality *q, ss_error *err, int *split)
{
	ss_ingest_opts two = {.delimiter = delim, .min_parallel_bytes = 1};
	char tmp[] = "/tmp/ss-grow-XXXXXX";
	struct stat st;
	int fd = mkstemp(tmp);
	pthread_t th;
	ss_rfm *t = NULL;

	if (fd < 0 || stat(path, &st) != 0) {
		perror("ingest_growing");
		exit(2);
	}
	unlink(tmp);
	grow_writer w = {.from = path, .fd = fd, .chunk = chunk ? chunk : 65536};
	if ((w.gf = ss_growfile_new((uint64_t)st.st_size)) == NULL) {
		perror("ss_growfile_new");
		exit(2);
	}
	if (chunk == 0)
		grow_write(&w);
	else if (pthread_create(&th, NULL, grow_write, &w) != 0) {
		perror("pthread_create");
		exit(2);
	}
	ingest__src src = {.fd = fd, .grow = w.gf, .name = "test upload"};
	t = ingest__src_run(&src, &two, q, err, split);
	if (chunk != 0)
		pthread_join(th, NULL);
	ss_growfile_free(w.gf);
	close(fd);
	return t;
}

/* Ingests path with one thread (result in *t1, q1, e1: the caller frees
 * *t1), with the split forced, and as a growing file (written at once and
 * in small chunks while read); 1 when all agree on everything (the table,
 * or the error code and message, and the quality block). *split tells how
 * the two-thread run of the complete file read it (enum ingest__split). */
static inline int ingest_both(const char *path, char delim, ss_rfm **t1, ss_quality *q1,
                              ss_error *e1, int *split, char *why, size_t cap)
{
	ss_ingest_opts one = {.delimiter = delim, .min_parallel_bytes = SIZE_MAX};
	ss_ingest_opts two = {.delimiter = delim, .min_parallel_bytes = 1};
	static const size_t chunks[] = {0, 4099};
	ss_quality q2;
	ss_error e2;
	int ok;

	*t1 = ingest__file(path, &one, q1, e1, NULL);
	ss_rfm *t2 = ingest__file(path, &two, &q2, &e2, split);
	ok = results_same(*t1, e1, q1, t2, &e2, &q2, why, cap);
	ss_rfm_free(t2);
	for (size_t i = 0; ok && i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		int gsplit;
		t2 = ingest_growing(path, delim, chunks[i], &q2, &e2, &gsplit);
		ok = results_same(*t1, e1, q1, t2, &e2, &q2, why, cap);
		if (!ok) {
			size_t l = strlen(why);
			snprintf(why + l, cap - l, " (growing file, chunks of %zu)", chunks[i]);
		}
		ss_rfm_free(t2);
	}
	if (ok)
		snprintf(why, cap, "same");
	return ok;
}

#endif
