/* ingest_int.h: the parse state shared by ingest.c and ingest_split.c
 * (one struct ing per thread). Private to ingest. */
#ifndef SMARTSEG_INGEST_INT_H
#define SMARTSEG_INGEST_INT_H
#include <csv.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>
#include "growfile.h"
#include "ingest.h"
#include "ingest_date.h"
#include "ingest_table.h"

#define SS_ING_BLOCK ((size_t)64 << 10)     /* libcsv is fed blocks of this size */
#define SS_ING_FIELD_CAP ((size_t)1 << 20)  /* longest field accepted: 1 MiB */
#define SS_ING_DATE_CACHE 64                /* longest date string cached */

enum ss_ing_role { R_CUSTOMER, R_INVOICE, R_DATE, R_QTY, R_PRICE, R_AMOUNT, R__MAX };

/* One field of the current row that a role needs. */
typedef struct ss_ing_slot {
	char *b;
	size_t len, cap;
	int present;
} ss_ing_slot;

/* Per-customer aggregates, parallel to the customer string table. */
typedef struct ss_ing_cust {
	int64_t last[2];      /* last purchase, us, month-first / day-first */
	int64_t freq;
	double sum, comp;     /* Neumaier summation */
} ss_ing_cust;

typedef struct ing {
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
	ss_ing_slot f[R__MAX];
	int amount_mode;

	/* slash date order: -1 undecided, else SS_DATE_MONTH_FIRST/DAY_FIRST */
	int order;
	int seen_slash, seen_dot;
	int64_t gmax[2];
	int have_max;

	/* aggregation */
	ss_strtab custs;
	ss_ing_cust *agg;
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

	int split;            /* how the file was read: enum ss_ing_split */
} ing;

enum ss_ing_split {
	SS_SPLIT_NONE = 0,    /* one thread */
	SS_SPLIT_MERGED,      /* two halves, merged */
	SS_SPLIT_REDONE,      /* the second half's work was discarded */
};

/* Where ingest reads: a descriptor read with pread (threads share it),
 * and the tracker of a file still being written (NULL: it is complete). */
typedef struct ss_ing_src {
	int fd;
	uint64_t off;         /* the next byte to read */
	ss_growfile *grow;
	const char *name;     /* for messages */
} ss_ing_src;

/* Reads up to want bytes at s->off and moves on; fewer only at the end of
 * the file (a growing file is waited for). -1 on a read error or when the
 * writer aborted. */
ssize_t ss_ing_src_read(ss_ing_src *s, char *buf, size_t want);

/* Sets g's error for a failed ss_ing_src_read, and g->stop. */
void ss_ing_read_failed(ing *g, const ss_ing_src *s);

/* ss_ingest_file, also telling how the file was read (split: enum
 * ss_ing_split; may be NULL). For tests and benchmarks. */
ss_rfm *ss_ing_file(const char *path, const ss_ingest_opts *opts, ss_quality *q,
                    ss_error *err, int *split);

/* The same on src, read from src->off (0); src->fd stays the caller's. */
ss_rfm *ss_ing_src_run(ss_ing_src *src, const ss_ingest_opts *opts, ss_quality *q,
                       ss_error *err, int *split);

/* Adds x to a Neumaier-compensated sum (the result is sum + comp). */
static inline void ss_ing_neumaier(ss_ing_cust *c, double x)
{
	double t = c->sum + x;
	if (fabs(c->sum) >= fabs(x))
		c->comp += (c->sum - t) + x;
	else
		c->comp += (x - t) + c->sum;
	c->sum = t;
}

/* Zeroes g and sets its counters and caches to "nothing seen". */
void ss_ing_init(ing *g, ss_quality *q, ss_error *err);

/* csv_init with ingest's settings (capped field buffer, delimiter);
 * -1 on out of memory (nothing to free then). */
int ss_ing_parser_init(ing *g, char delim);

/* Frees what g owns (not the parser: csv_free it when initialised). */
void ss_ing_free(ing *g);

/* Feeds buf[0..n) to libcsv; -1 (error set, g->stop) when parsing has to stop. */
int ss_ing_feed(ing *g, const char *buf, size_t n);

/* The end of input: the last row, even without a final newline. */
void ss_ing_fini(ing *g);

/* Reads src in blocks into buf (SS_ING_BLOCK bytes) and feeds them until a
 * short read (end of file); -1 on a read or parse error (error set). */
int ss_ing_read_rest(ing *g, ss_ing_src *src, char *buf);

/* Makes idx (just added to g->custs) a customer with no purchase yet;
 * -1 on out of memory. */
int ss_ing_new_cust(ing *g, int64_t idx);

/* True when the state b, parsed from the rows right after a's, can be
 * merged into a with the result one parser would have got (false when
 * the two parts decided opposite slash-date orders). */
bool ss_ing_mergeable(const ing *a, const ing *b);

/* Adds b (the rows right after a's) into a: customers, invoices or
 * timestamps, counters, date evidence. -1 on out of memory (a's error set,
 * a->stop). b is left as it was. */
int ss_ing_merge(ing *a, const ing *b);

/* Two-thread ingest (ingest_split.c). Called once the first part of the
 * file, buf[skip..first), has been fed to g; buf holds n bytes read from
 * src (src->off == n). end (>= first) is the offset just past a '\n' at
 * about mid-file; or 0 for a growing file: the first part is then parsed
 * while the file arrives, and once it is complete (and at least min_bytes
 * long) the second thread takes the second half of what is left (the CPUs
 * are busy receiving until then).
 * Parses the rest of the file, the second part on another thread when it
 * can, and merges; the result is the one a single thread gets. Returns 0,
 * or -1 with g's error set and g->stop. */
int ss_ing_split(ing *g, ss_ing_src *src, char *buf, size_t n, size_t first,
                 size_t end, size_t min_bytes);

/* The offset just past the first '\n' at or after from (looking at most
 * 1 MiB on, waiting for a growing file), or 0 when there is none or
 * nothing follows it. src->off is not used or moved. */
size_t ss_ing_row_after(const ss_ing_src *src, uint64_t from);

/* The middle of a complete file at least min_bytes long, or of a growing
 * file expected to be (0: too small, or not a regular file). */
uint64_t ss_ing_split_mid(const ss_ing_src *src, size_t min_bytes);

/* Where to split a complete file at least min_bytes long: the row after
 * its middle, or 0 when it should be read by one thread. */
size_t ss_ing_split_point(const ss_ing_src *src, size_t min_bytes);

#endif
