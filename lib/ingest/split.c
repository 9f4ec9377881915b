/* split.c: two-thread ingest: the second part of a big file is
 * parsed speculatively on its own thread, then merged or redone. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/private.h"

/* Where a growing file is split, decided by the second thread once the
 * file is complete; the first thread claims each block before reading it,
 * so the split always lies past what it has read. */
typedef struct split_at {
	pthread_mutex_t mu;
	uint64_t claimed;    /* the first thread reads nothing beyond this */
	size_t end;          /* the second part starts here (0: not yet, or none) */
	size_t min_bytes;    /* a smaller file is left to one thread */
} split_at;

/* The second part: its own parser, aggregates and quality counters. */
typedef struct half {
	ingest__state g;
	ss_quality q;
	ss_error err;
	int parser_ok;
	ingest__src src;      /* its own offset on the shared descriptor */
	size_t start;        /* 0: decide it (a growing file, with at) */
	split_at *at;
	atomic_int *abandon; /* set by the first thread: the work is not wanted */
	int ok;              /* parsed to the end of the file without error */
} half;

static void half_free(half *h)
{
	if (h == NULL)
		return;
	if (h->parser_ok)
		csv_free(&h->g.p);
	ingest__free(&h->g);
	free(h);
}

/* A second part that starts on a row with the header a has read. */
static half *half_new(const ingest__state *a, const ingest__src *src, size_t start, split_at *at,
                      atomic_int *abandon)
{
	half *h = calloc(1, sizeof(*h));
	if (h == NULL)
		return NULL;
	ingest__init(&h->g, &h->q, &h->err);
	h->src = *src;
	h->start = start;
	h->at = at;
	h->abandon = abandon;
	ingest__state *g = &h->g;
	g->header_done = 1;
	g->comma_ok = a->comma_ok;
	g->amount_mode = a->amount_mode;
	g->exclude = a->exclude;
	g->snap = a->snap;
	g->snap_us = a->snap_us;
	g->snap_day = a->snap_day;
	g->clv = a->clv;
	g->hold = a->hold;
	g->hold_us = a->hold_us;
	g->hold_day = a->hold_day;
	memcpy(g->col_of, a->col_of, sizeof(g->col_of));
	g->prog = a->prog;    /* adds to it, never tells: not the caller's thread */
	g->role_of = malloc(a->role_cap);
	if (g->role_of == NULL || ingest__parser_init(g, a->q->delimiter) < 0) {
		half_free(h);
		return NULL;
	}
	h->parser_ok = 1;
	memcpy(g->role_of, a->role_of, a->role_cap);
	g->role_cap = a->role_cap;
	h->q = *a->q; /* header facts (delimiter, roles, column names) */
	memset(h->q.dropped, 0, sizeof(h->q.dropped));
	h->q.rows_read = h->q.rows_kept = h->q.return_rows = 0;
	h->q.cancelled_rows = h->q.non_utf8_fields = h->q.excluded_rows = 0;
	h->q.after_snapshot_rows = 0;
	h->q.decimal_comma = false;
	return h;
}

/* Once the growing file is complete: the row after the middle of what the
 * first thread has not claimed yet (0: not worth a second thread). The
 * lock is held meanwhile, so the first thread waits at its next block:
 * the file is complete, the scan (at most 1 MiB) never waits for bytes. */
static size_t decide(half *h)
{
	int64_t size = ss_growfile_wait_done(h->src.grow);
	size_t end = 0;

	pthread_mutex_lock(&h->at->mu);
	if (size > 0 && (uint64_t)size >= h->at->min_bytes && !atomic_load(h->abandon)) {
		uint64_t from = h->at->claimed;
		if (from < (uint64_t)size && (uint64_t)size - from >= 2 * SS_ING_BLOCK)
			end = ingest__row_after(&h->src, from + ((uint64_t)size - from) / 2);
		h->at->end = end;
	}
	pthread_mutex_unlock(&h->at->mu);
	return end;
}

static void *half_run(void *arg)
{
	half *h = arg;
	ingest__state *g = &h->g;
	char *buf = malloc(SS_ING_BLOCK);
	ssize_t n;

	/* any failure here only means the first thread reads on alone */
	if (buf == NULL)
		goto out;
	if (h->start == 0 && (h->start = decide(h)) == 0)
		goto out;
	h->src.off = h->start;
	do {
		if (atomic_load_explicit(h->abandon, memory_order_relaxed))
			goto out;
		n = ingest__src_read(&h->src, buf, SS_ING_BLOCK);
		if (n < 0 || ingest__feed(g, buf, (size_t)n) < 0)
			goto out;
	} while (n == (ssize_t)SS_ING_BLOCK);
	ingest__fini(g);
	h->ok = !g->stop;
out:
	free(buf);
	return NULL;
}

/* One thread from here: feeds buf[lo..hi), then the file to its end. */
static int alone(ingest__state *g, ingest__src *src, char *buf, size_t lo, size_t hi, int eof)
{
	if (lo < hi && ingest__feed(g, buf + lo, hi - lo) < 0)
		return -1;
	return eof ? 0 : ingest__read_rest(g, src, buf);
}

/* How much the first thread reads next (0: it has reached the split);
 * for a growing file the block is claimed under the split lock. */
static size_t next_want(split_at *at, size_t pos, size_t *end)
{
	size_t want = SS_ING_BLOCK;

	if (at != NULL) {
		pthread_mutex_lock(&at->mu);
		*end = at->end;
	}
	if (*end != 0)
		want = pos >= *end ? 0 : *end - pos < want ? *end - pos : want;
	if (at != NULL) {
		at->claimed = pos + want;
		pthread_mutex_unlock(&at->mu);
	}
	return want;
}

int ingest__split(ingest__state *g, ingest__src *src, char *buf, size_t n, size_t first, size_t end,
                 size_t min_bytes)
{
	atomic_int abandon = 0;
	split_at at = { .claimed = n, .min_bytes = min_bytes };
	split_at *lazy = end == 0 ? &at : NULL;
	pthread_t th;
	half *h = NULL;
	int eof = n < SS_ING_BLOCK;

	if (g->stop)
		return -1;
	/* a per-customer table is small (one row per customer): one thread,
	 * and a repeated CustomerID is seen wherever it is */
	if (g->table)
		return alone(g, src, buf, first, n, eof);
	if (lazy != NULL && pthread_mutex_init(&at.mu, NULL) != 0)
		return alone(g, src, buf, first, n, eof);
	/* the header must be known to start the second part */
	if (g->header_done)
		h = half_new(g, src, end, lazy, &abandon);
	if (h == NULL || pthread_create(&th, NULL, half_run, h) != 0) {
		half_free(h);
		if (lazy != NULL)
			pthread_mutex_destroy(&at.mu);
		return alone(g, src, buf, first, n, eof);
	}

	/* the first part up to end; buf[first..n) is past end when end < n */
	size_t pos = n, want;
	while (!eof && !g->stop && (want = next_want(lazy, pos, &end)) > 0) {
		ssize_t k = ingest__src_read(src, buf, want);
		if (k < 0) {
			ingest__read_failed(g, src);
			break;
		}
		eof = (size_t)k < want;
		pos += (size_t)k;
		ingest__feed(g, buf, (size_t)k);
	}
	/* The speculation holds when the '\n' at end - 1 ended a row: libcsv
	 * is then back in its initial state (ROW_NOT_BEGUN = 0, nothing
	 * buffered), exactly where the second part's parser started. */
	int row_start = !g->stop && end != 0 && pos >= end &&
	                g->p.pstate == 0 && g->p.entry_pos == 0 && g->p.quoted == 0;
	if (!row_start)
		atomic_store(&abandon, 1);
	pthread_join(th, NULL);
	if (lazy != NULL)
		pthread_mutex_destroy(&at.mu);
	if (g->stop) {
		ingest__progress_undo(&h->g);
		half_free(h);
		return -1;
	}
	if (row_start && h->ok && h->start == end && ingest__mergeable(g, &h->g)) {
		g->split = SS_SPLIT_MERGED;
		int r = ingest__merge(g, &h->g);
		g->prog_rows += h->g.prog_rows;  /* its rows, now g's, were told */
		half_free(h);
		return r;
	}
	ingest__progress_undo(&h->g);  /* its rows will be read again */
	half_free(h);
	if (end == 0)  /* a growing file left to one thread */
		return alone(g, src, buf, 0, 0, eof);
	/* Wrong guess, or the second part failed (its error will recur here
	 * with the right row number): read on alone from end. */
	g->split = SS_SPLIT_REDONE;
	if (end < n)
		return alone(g, src, buf, first, n, eof);
	return alone(g, src, buf, 0, 0, eof);
}
