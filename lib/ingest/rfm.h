/* rfm.h: the per-customer RFM table that ingest produces and every later
 * step reads. */
#ifndef SMARTSEG_RFM_H
#define SMARTSEG_RFM_H
#include <stddef.h>
#include <stdint.h>

/* Lifetime value inputs, parallel to the table's rows, in the conventions
 * of lifetimes' summary_data_from_transaction_data(freq="D"): the positive
 * lines (amount > 0) summed per UTC calendar day. Owned by the table. */
typedef struct ss_rfm_clv {
	int32_t *x;           /* repeat purchase days (distinct days - 1);
	                       * -1: the customer has no positive line */
	int32_t *t_x;         /* days from the first to the last purchase day */
	int32_t *T;           /* days from the first purchase day to end_day */
	double *m;            /* mean value of the repeat purchase days; 0 when x == 0 */
	int64_t end_day;      /* observation end, days since 1970-01-01: the
	                       * snapshot, or the day of the latest line */
	/* holdout (has_holdout): the same to holdout_day (lines up to its 00:00
	 * UTC), and the purchase days after it; NULL arrays otherwise */
	int has_holdout;
	int64_t holdout_day;
	int32_t *x_cal, *t_x_cal, *T_cal; /* x_cal -1: no positive line up to the holdout */
	double *m_cal;
	int32_t *x_hold;      /* distinct purchase days after the holdout */
	int32_t hold_days;    /* end_day - holdout_day */
	int64_t *hold_per_day; /* hold_days entries: purchase days of the customers
	                       * with x_cal >= 0, per day after the holdout */
} ss_rfm_clv;

/* One row per distinct customer, sorted by customer id (bytewise, as pandas'
 * groupby sorts). All arrays have n entries and are owned by the table; so
 * are the ids: every customer_id[i] points into the table's one block of id
 * text (filled with ss_rfm_set_id), never to memory of the filler's. */
typedef struct ss_rfm {
	size_t n;
	char **customer_id;   /* valid UTF-8, NUL-terminated */
	int64_t *recency;     /* whole days from last purchase to max date + 1 day */
	int64_t *frequency;   /* distinct invoices (or purchase timestamps) */
	double *monetary;     /* sum of quantity x unit price (returns included) */
	int64_t max_ts;       /* latest purchase in the file, Unix seconds (UTC) */
	ss_rfm_clv *clv;      /* NULL unless ingest was asked for it (opts.clv) */
	char *id_text;        /* internal: the ids end to end, each NUL-terminated */
	size_t id_size, id_used;
} ss_rfm;

/* Allocates a table of n zeroed rows (ids NULL) with id_bytes of id text:
 * the sum over the ids of their length + 1. Returns NULL on out of memory.
 * Free with ss_rfm_free(). */
ss_rfm *ss_rfm_new(size_t n, size_t id_bytes);

/* Gives t a zeroed clv block for its n rows (holdout arrays too when
 * holdout). -1 on out of memory (t unchanged). */
int ss_rfm_clv_alloc(ss_rfm *t, int holdout, int32_t hold_days);

/* Copies id (len bytes, then a NUL) into the table's id text as row i's id.
 * Returns 0, or -1 (nothing set) when i >= n or the id text is full. */
int ss_rfm_set_id(ss_rfm *t, size_t i, const char *id, size_t len);

/* Moves the customers whose Monetary is <= 0 (their returns cancel their
 * purchases or more) out of t into a new table, which it returns (n may be
 * 0; the caller frees it with ss_rfm_free); t keeps the others, in order,
 * with its max_ts. NULL on out of memory, t unchanged. */
ss_rfm *ss_rfm_take_nonpositive(ss_rfm *t);

/* Frees the table and everything in it, ids included; NULL does nothing. */
void ss_rfm_free(ss_rfm *t);

#endif
