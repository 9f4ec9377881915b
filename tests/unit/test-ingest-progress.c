/* test-ingest-progress.c: the progress callback of ingest: told on the
 * caller's thread, after each of its blocks, never going back (but once
 * when the second thread's part is read again), and ending with every row
 * and byte read, whether one thread read the file, two (merged), or the
 * second thread's work was redone. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest/ingest.h"
#include "ingest/private.h"
#include "ingest_tmp.h"

typedef struct seen {
	pthread_t caller;
	long calls, other_thread, backwards;
	ss_ingest_progress last;
} seen;

static void tell(const ss_ingest_progress *p, void *ctx)
{
	seen *s = ctx;
	s->calls++;
	s->other_thread += !pthread_equal(pthread_self(), s->caller);
	s->backwards += p->bytes < s->last.bytes || p->rows < s->last.rows;
	s->last = *p;
}

/* rows invoice lines; with a quoted field of newlines across the middle
 * (the split guesses wrong there and is redone) when quoted */
static char *make(long rows, int quoted, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (f == NULL)
		exit(2);
	fputs("InvoiceNo,Description,CustomerID,InvoiceDate,Quantity,UnitPrice\n", f);
	for (long i = 0; i < rows; i++) {
		if (quoted && i == rows / 2) {
			fputs("1,\"", f);
			for (int k = 0; k < 20000; k++)
				fputs("x\n", f);
			fputs("\",123,12/1/2010 8:26,1,1.5\n", f);
		}
		fprintf(f, "%ld,item,%ld,12/%ld/2010 8:%02ld,%ld,2.55\n", 536000 + i / 5,
		        12000 + i % 900, 1 + i % 28, i % 60, 1 + i % 7);
	}
	if (fclose(f) != 0)
		exit(2);
	return buf;
}

static void run(const char *name, long rows, int quoted, size_t min_parallel, int want_split)
{
	size_t len;
	char *data = make(rows, quoted, &len);
	char *path = write_tmp(data, len);
	seen s = { .caller = pthread_self() };
	ss_ingest_opts o = { .min_parallel_bytes = min_parallel, .progress = tell,
	                     .progress_ctx = &s };
	ss_quality q;
	ss_error err;
	int split = -1;
	ss_rfm *t = ingest__file(path, &o, &q, &err, &split);

	CHECK(t != NULL, "%s: read (%s)", name, t ? "ok" : err.msg);
	CHECK(split == want_split, "%s: read as expected (split %d)", name, split);
	CHECK(s.last.rows == q.rows_read && q.rows_read == rows + quoted,
	      "%s: the last figures have every row (%lld of %lld)", name,
	      (long long)s.last.rows, (long long)q.rows_read);
	CHECK(s.last.bytes == len, "%s: and every byte (%llu of %zu)", name,
	      (unsigned long long)s.last.bytes, len);
	/* the caller's thread reads half of a split file */
	long blocks = (long)(len / SS_ING_BLOCK) / (split == SS_SPLIT_MERGED ? 2 : 1);
	CHECK(s.calls >= blocks, "%s: told after each block (%ld times, %ld blocks)", name,
	      s.calls, blocks);
	CHECK(s.other_thread == 0, "%s: always on the caller's thread", name);
	CHECK(s.backwards <= (split == SS_SPLIT_REDONE), "%s: the figures never go back "
	      "(%ld times)", name, s.backwards);
	ss_rfm_free(t);
	unlink(path);
	free(path);
	free(data);
}

int main(void)
{
	run("one thread", 200000, 0, SIZE_MAX, SS_SPLIT_NONE);
	run("two threads, merged", 200000, 0, 1, SS_SPLIT_MERGED);
	run("two threads, redone", 200000, 1, 1, SS_SPLIT_REDONE);
	run("one block", 100, 0, SIZE_MAX, SS_SPLIT_NONE);

	/* without a callback nothing is told, and the table is the same */
	size_t len;
	char *data = make(1000, 0, &len);
	ss_quality q;
	ss_error err;
	ss_rfm *t = ingest_bytes(data, len, 0, &q, &err);
	CHECK(t != NULL && q.rows_read == 1000, "no callback: read as before");
	ss_rfm_free(t);
	free(data);
	return CHECK_DONE();
}
