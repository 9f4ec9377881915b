/* private.h: the parse state shared by the engine (engine.c), the driver
 * (driver.c), the second thread (split.c, merge.c) and the reader (source.c)
 * (one struct ingest__state per thread). Private to ingest. */
#ifndef SMARTSEG_INGEST_INT_H
#define SMARTSEG_INGEST_INT_H
#include <csv.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>
#include "ingest/growfile.h"
#include "ingest/ingest.h"
#include "ingest/date.h"
#include "ingest/table.h"

#define SS_ING_BLOCK ((size_t)64 << 10)     /* libcsv is fed blocks of this size */
#define SS_ING_FIELD_CAP ((size_t)1 << 20)  /* longest field accepted: 1 MiB */
#define SS_ING_DATE_CACHE 64                /* longest date string cached */

/* The roles of invoice lines, then those of a per-customer table. */
enum ingest__role { R_CUSTOMER, R_INVOICE, R_DATE, R_QTY, R_PRICE, R_AMOUNT,
                    R_RECENCY, R_FREQUENCY, R_MONETARY, R_T, R_MMEAN, R__MAX };
#define R_LINES_END R_RECENCY  /* roles below it are those of invoice lines */

/* One field of the current row that a role needs. */
typedef struct ingest__slot {
	char *b;
	size_t len, cap;
	int present;
} ingest__slot;

/* Per-customer aggregates, parallel to the customer string table. */
typedef struct ingest__cust {
	int64_t last[2];      /* last purchase, us, month-first / day-first */
	int64_t freq;
	double sum, comp;     /* Neumaier summation */
} ingest__cust;

/* Progress shared by the threads of one ingest: each adds what it parsed;
 * only the caller's thread tells the callback. */
typedef struct ingest__prog {
	ss_ingest_progress_fn fn;
	void *ctx;
	atomic_uint_fast64_t bytes;
	atomic_int_fast64_t rows;
} ingest__prog;

typedef struct ingest__state {
	struct csv_parser p;
	ss_quality *q;
	ss_error *err;
	int stop;             /* a fatal error was set: ignore further callbacks */
	int header_done;
	bool comma_ok;

	/* header */
	size_t ncols;
	signed char *role_of; /* role per column (-1: unused) */
	size_t role_cap;
	int col_of[R__MAX];   /* column per role (-1: absent) */
	char **names;         /* sanitised header names, up to MAX_HEADER_COLS */
	char *first_raw;      /* the first header field as read (delimiter hint) */
	size_t first_len;

	/* current row */
	size_t col;
	ingest__slot f[R__MAX];
	int amount_mode;
	bool exclude;         /* ss_ingest_opts.exclude_returns */
	bool snap;            /* ss_ingest_opts.snapshot_set */
	int64_t snap_us;      /* rows after this instant are ignored */
	bool clv, hold;       /* ss_ingest_opts.clv, holdout_set */
	int64_t hold_us;      /* the holdout date's 00:00, microseconds */
	int64_t hold_day, snap_day;
	ss_dayset days;       /* clv: (customer, day key) -> positive amount */

	/* slash date order: -1 undecided, else SS_DATE_MONTH_FIRST/DAY_FIRST */
	int order;
	int seen_slash, seen_dot;
	int64_t gmax[2];
	int have_max;

	/* aggregation */
	ss_strtab custs;
	ingest__cust *agg;
	size_t agg_cap;
	ss_pairset pairs;     /* (customer, invoice) or (customer, timestamp) */
	char *fixbuf;         /* UTF-8 repair buffer */
	size_t fixcap;

	/* caches of the previous row (invoice lines repeat their neighbours) */
	char *last_cust_raw;
	size_t last_cust_len, last_cust_cap;
	int64_t last_cust;    /* -1 none */
	int last_cust_fixed;  /* the id needed UTF-8 repair */
	char last_date_raw[SS_ING_DATE_CACHE];
	size_t last_date_len; /* 0: no cache */
	ss_date last_date;
	char *last_inv_raw;
	size_t last_inv_len, last_inv_cap;
	int64_t last_inv_owner; /* customer of the last invoice pair, -1 none */
	int64_t last_pair_owner, last_pair_val;

	/* progress (NULL: not followed); what this state added to it */
	ingest__prog *prog;
	bool prog_tells;      /* this is the caller's thread: tell the callback */
	uint64_t prog_bytes;
	int64_t prog_rows;

	int split;            /* how the file was read: enum ingest__split */
	int table;            /* a per-customer table (custtable.c), not invoice lines */
} ingest__state;

/* Does a header with these roles name a per-customer table? 1: yes
 * (CustomerID, Recency, Frequency, Monetary); -1: some of its columns
 * but not all; 0: none. */
int ingest__table_kind(const int col_of[R__MAX]);

/* The per-customer table columns col_of lacks, as a list for a message. */
void ingest__table_missing(const int col_of[R__MAX], char *out, size_t cap);

/* One data row of a per-customer table (its fields in g->f): checked and
 * made a customer, or dropped and counted; a CustomerID seen before stops
 * ingest with SS_EDATA. */
void ingest__table_row(ingest__state *g);

enum ingest__split {
	SS_SPLIT_NONE = 0,    /* one thread */
	SS_SPLIT_MERGED,      /* two halves, merged */
	SS_SPLIT_REDONE,      /* the second half's work was discarded */
};

/* Where ingest reads: a descriptor read with pread (threads share it),
 * and the tracker of a file still being written (NULL: it is complete). */
typedef struct ingest__src {
	int fd;
	uint64_t off;         /* the next byte to read */
	ss_growfile *grow;
	const char *name;     /* for messages */
} ingest__src;

/* A gzip-compressed source, inflated as it is read (gzip.c). */
typedef struct ingest__gz {
	z_stream zs;
	ingest__src *src;
	char *in;             /* compressed bytes */
	int open, src_eof, member_end, done;
	uint64_t out_before;  /* inflated bytes of the members before this one */
} ingest__gz;

/* Starts inflating src, whose first n bytes (read already) are first.
 * 0, or -1 with err set (out of memory). */
int ingest__gz_open(ingest__gz *z, ingest__src *src, const char *first, size_t n,
                    ss_error *err);

/* Inflates up to want bytes into buf: want of them but at the end of the
 * data; -1 with err set: SS_EDATA when the data is corrupt or truncated,
 * SS_EIO on a read error. Members of a concatenated gzip are read in turn. */
ssize_t ingest__gz_read(ingest__gz *z, char *buf, size_t want, ss_error *err);

void ingest__gz_close(ingest__gz *z);
/* A day key (ss_dayset) packs both readings of a date's day and a flag
 * for "after the holdout"; ingest__day_of gives the day for the order. */
#define SS_DAYKEY_OFF (INT64_C(1) << 29)
#define SS_DAYKEY_INV INT64_C(0x7FFFFFFF)
#define SS_DAYKEY_HOLD (INT64_C(1) << 62)
static inline int64_t ingest__day_of(int64_t key, int order)
{
	int64_t e = order == 1 ? key & SS_DAYKEY_INV : (key >> 31) & SS_DAYKEY_INV;
	return e - SS_DAYKEY_OFF;
}

/* Sets g's ingest options (exclude, snapshot, clv, holdout) from opts
 * (NULL: the defaults) and the quality block's echo of them. */
void ingest__set_opts(ingest__state *g, const ss_ingest_opts *opts);

/* Fills t->clv from g->days (clvdays.c): idx[i] is the ingest index of
 * t's row i, order the date order, end_day the observation end. -1 on out
 * of memory. */
int ingest__clv_build(const ingest__state *g, ss_rfm *t, const uint32_t *idx, int order,
                      int64_t end_day);

/* Reads up to want bytes at s->off and moves on; fewer only at the end of
 * the file (a growing file is waited for). -1 on a read error or when the
 * writer aborted. */
ssize_t ingest__src_read(ingest__src *s, char *buf, size_t want);

/* Sets g's error for a failed ingest__src_read, and g->stop. */
void ingest__read_failed(ingest__state *g, const ingest__src *s);

/* ss_ingest_file, also telling how the file was read (split: enum
 * ingest__split; may be NULL). For tests and benchmarks. */
ss_rfm *ingest__file(const char *path, const ss_ingest_opts *opts, ss_quality *q,
                    ss_error *err, int *split);

/* The same on src, read from src->off (0); src->fd stays the caller's. */
ss_rfm *ingest__src_run(ingest__src *src, const ss_ingest_opts *opts, ss_quality *q,
                       ss_error *err, int *split);

/* Adds x to a Neumaier-compensated sum (the result is sum + comp). */
static inline void ingest__neumaier(ingest__cust *c, double x)
{
	double t = c->sum + x;
	if (fabs(c->sum) >= fabs(x))
		c->comp += (c->sum - t) + x;
	else
		c->comp += (x - t) + c->sum;
	c->sum = t;
}

/* Zeroes g and sets its counters and caches to "nothing seen". */
void ingest__init(ingest__state *g, ss_quality *q, ss_error *err);

/* csv_init with ingest's settings (capped field buffer, delimiter);
 * -1 on out of memory (nothing to free then). */
int ingest__parser_init(ingest__state *g, char delim);

/* Frees what g owns (not the parser: csv_free it when initialised). */
void ingest__free(ingest__state *g);

/* Adds fed bytes and the rows g parsed since the last call to its
 * progress, and tells the callback when g is on the caller's thread.
 * No-op without progress. */
void ingest__progress(ingest__state *g, size_t fed);

/* Takes back from the progress all that g added (its work was discarded). */
void ingest__progress_undo(ingest__state *g);

/* Feeds buf[0..n) to libcsv; -1 (error set, g->stop) when parsing has to stop. */
int ingest__feed(ingest__state *g, const char *buf, size_t n);

/* One field and the end of a row, fed by a reader other than libcsv
 * (the .xlsx reader): as libcsv's callbacks. */
void ingest__field(ingest__state *g, const char *s, size_t n);
void ingest__row(ingest__state *g);

/* An .xlsx workbook at src (xlsx_src.c): its sheet (opts->sheet, or the
 * first) fed to g cell by cell. 0, or -1 with g's error set and g->stop. */
int ingest__xlsx_run(ingest__state *g, ingest__src *src, const ss_ingest_opts *opts);

/* The end of input: the last row, even without a final newline. */
void ingest__fini(ingest__state *g);

/* Ends the parse (ingest__fini) and builds the table: NULL with g->err set
 * when parsing stopped or nothing usable was read (empty file, header
 * only, every row dropped). The caller still frees g. */
ss_rfm *ingest__result(ingest__state *g);

/* Reads src in blocks into buf (SS_ING_BLOCK bytes) and feeds them until a
 * short read (end of file); -1 on a read or parse error (error set). */
int ingest__read_rest(ingest__state *g, ingest__src *src, char *buf);

/* Makes idx (just added to g->custs) a customer with no purchase yet;
 * -1 on out of memory. */
int ingest__new_cust(ingest__state *g, int64_t idx);

/* True when the state b, parsed from the rows right after a's, can be
 * merged into a with the result one parser would have got (false when
 * the two parts decided opposite slash-date orders). */
bool ingest__mergeable(const ingest__state *a, const ingest__state *b);

/* Adds b (the rows right after a's) into a: customers, invoices or
 * timestamps, counters, date evidence. -1 on out of memory (a's error set,
 * a->stop). b is left as it was. */
int ingest__merge(ingest__state *a, const ingest__state *b);

/* Two-thread ingest (split.c). Called once the first part of the
 * file, buf[skip..first), has been fed to g; buf holds n bytes read from
 * src (src->off == n). end (>= first) is the offset just past a '\n' at
 * about mid-file; or 0 for a growing file: the first part is then parsed
 * while the file arrives, and once it is complete (and at least min_bytes
 * long) the second thread takes the second half of what is left (the CPUs
 * are busy receiving until then).
 * Parses the rest of the file, the second part on another thread when it
 * can, and merges; the result is the one a single thread gets. Returns 0,
 * or -1 with g's error set and g->stop. */
int ingest__split(ingest__state *g, ingest__src *src, char *buf, size_t n, size_t first,
                 size_t end, size_t min_bytes);

/* The offset just past the first '\n' at or after from (looking at most
 * 1 MiB on, waiting for a growing file), or 0 when there is none or
 * nothing follows it. src->off is not used or moved. */
size_t ingest__row_after(const ingest__src *src, uint64_t from);

/* The middle of a complete file at least min_bytes long, or of a growing
 * file expected to be (0: too small, or not a regular file). */
uint64_t ingest__split_mid(const ingest__src *src, size_t min_bytes);

/* Where to split a complete file at least min_bytes long: the row after
 * its middle, or 0 when it should be read by one thread. */
size_t ingest__split_point(const ingest__src *src, size_t min_bytes);

#endif
