/* ingest_split.c: two-thread ingest: the second half of a big file is
 * parsed speculatively on its own thread, then merged or redone. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ingest_int.h"

#define SCAN_MAX ((size_t)1 << 20)  /* no '\n' this far past the middle: one thread */

size_t ss_ing_split_point(int fd, size_t min_bytes)
{
	struct stat st;
	char buf[4096];

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size < min_bytes || (uint64_t)st.st_size > SIZE_MAX / 2)
		return 0;
	size_t size = (size_t)st.st_size, pos = size / 2;
	while (pos < size && pos - size / 2 < SCAN_MAX) {
		ssize_t k = pread(fd, buf, sizeof(buf), (off_t)pos);
		if (k <= 0)
			return 0;
		const char *nl = memchr(buf, '\n', (size_t)k);
		if (nl) {
			size_t end = pos + (size_t)(nl - buf) + 1;
			return end < size ? end : 0; /* nothing after it: one thread */
		}
		pos += (size_t)k;
	}
	return 0;
}

/* The second half: its own parser, aggregates and quality counters. */
typedef struct half {
	ing g;
	ss_quality q;
	ss_error err;
	int parser_ok;
	const char *path;
	size_t start;
	atomic_int *abandon; /* set by the first half: the work is not wanted */
	int ok;              /* parsed to the end of the file without error */
} half;

static void half_free(half *h)
{
	if (h == NULL)
		return;
	if (h->parser_ok)
		csv_free(&h->g.p);
	ss_ing_free(&h->g);
	free(h);
}

/* A second half that starts on a row with the header a has read. */
static half *half_new(const ing *a, const char *path, size_t start, atomic_int *abandon)
{
	half *h = calloc(1, sizeof(*h));
	if (h == NULL)
		return NULL;
	ss_ing_init(&h->g, &h->q, &h->err);
	h->path = path;
	h->start = start;
	h->abandon = abandon;
	ing *g = &h->g;
	g->header_done = 1;
	g->comma_ok = a->comma_ok;
	g->amount_mode = a->amount_mode;
	memcpy(g->col_of, a->col_of, sizeof(g->col_of));
	g->role_of = malloc(a->role_cap);
	if (g->role_of == NULL || ss_ing_parser_init(g, a->q->delimiter) < 0) {
		half_free(h);
		return NULL;
	}
	h->parser_ok = 1;
	memcpy(g->role_of, a->role_of, a->role_cap);
	g->role_cap = a->role_cap;
	h->q = *a->q; /* header facts (delimiter, roles, column names) */
	memset(h->q.dropped, 0, sizeof(h->q.dropped));
	h->q.rows_read = h->q.rows_kept = h->q.return_rows = 0;
	h->q.cancelled_rows = h->q.non_utf8_fields = 0;
	h->q.decimal_comma = false;
	return h;
}

static void *half_run(void *arg)
{
	half *h = arg;
	ing *g = &h->g;
	char *buf = malloc(SS_ING_BLOCK);
	FILE *fp = fopen(h->path, "rb");
	size_t n;

	/* any failure here only means the first half reads on alone */
	if (buf == NULL || fp == NULL || fseeko(fp, (off_t)h->start, SEEK_SET) != 0)
		goto out;
	do {
		if (atomic_load_explicit(h->abandon, memory_order_relaxed))
			goto out;
		n = fread(buf, 1, SS_ING_BLOCK, fp);
		if (ferror(fp) || ss_ing_feed(g, buf, n) < 0)
			goto out;
	} while (n == SS_ING_BLOCK);
	ss_ing_fini(g);
	h->ok = !g->stop;
out:
	free(buf);
	if (fp)
		fclose(fp);
	return NULL;
}

/* One thread from here: feeds buf[lo..hi), then the file to its end. */
static int alone(ing *g, FILE *fp, const char *path, char *buf, size_t lo, size_t hi,
                 int eof)
{
	if (lo < hi && ss_ing_feed(g, buf + lo, hi - lo) < 0)
		return -1;
	return eof ? 0 : ss_ing_read_rest(g, fp, buf, path);
}

int ss_ing_split(ing *g, FILE *fp, const char *path, char *buf, size_t n,
                 size_t first, size_t end)
{
	atomic_int abandon = 0;
	pthread_t th;
	half *h = NULL;
	int eof = n < SS_ING_BLOCK;

	if (g->stop)
		return -1;
	/* the header must be known to start the second half */
	if (g->header_done)
		h = half_new(g, path, end, &abandon);
	if (h == NULL || pthread_create(&th, NULL, half_run, h) != 0) {
		half_free(h);
		return alone(g, fp, path, buf, first, n, eof);
	}

	/* the first half up to end; buf[first..n) is past end when end < n */
	size_t pos = n;
	while (pos < end && !eof && !g->stop) {
		size_t want = end - pos < SS_ING_BLOCK ? end - pos : SS_ING_BLOCK;
		size_t k = fread(buf, 1, want, fp);
		if (ferror(fp)) {
			ss_error_set(g->err, SS_EIO, "cannot read %s", path);
			g->stop = 1;
			break;
		}
		eof = k < want;
		pos += k;
		ss_ing_feed(g, buf, k);
	}
	/* The speculation holds when the '\n' at end - 1 ended a row: libcsv
	 * is then back in its initial state (ROW_NOT_BEGUN = 0, nothing
	 * buffered), exactly where the second half's parser started. */
	int row_start = !g->stop && pos >= end &&
	                g->p.pstate == 0 && g->p.entry_pos == 0 && g->p.quoted == 0;
	if (!row_start)
		atomic_store(&abandon, 1);
	pthread_join(th, NULL);
	if (g->stop) {
		half_free(h);
		return -1;
	}
	if (row_start && h->ok && ss_ing_mergeable(g, &h->g)) {
		g->split = SS_SPLIT_MERGED;
		int r = ss_ing_merge(g, &h->g);
		half_free(h);
		return r;
	}
	/* Wrong guess, or the second half failed (its error will recur here
	 * with the right row number): read on alone from end. */
	half_free(h);
	g->split = SS_SPLIT_REDONE;
	if (end < n)
		return alone(g, fp, path, buf, first, n, eof);
	return alone(g, fp, path, buf, 0, 0, eof);
}
