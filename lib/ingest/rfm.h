/* rfm.h: the per-customer RFM table that ingest produces and every later
 * step reads. */
#ifndef SMARTSEG_RFM_H
#define SMARTSEG_RFM_H
#include <stddef.h>
#include <stdint.h>

/* One row per distinct customer, sorted by customer id (bytewise, as pandas'
 * groupby sorts). All arrays have n entries and are owned by the table. */
typedef struct ss_rfm {
	size_t n;
	char **customer_id;   /* valid UTF-8, NUL-terminated */
	int64_t *recency;     /* whole days from last purchase to max date + 1 day */
	int64_t *frequency;   /* distinct invoices (or purchase timestamps) */
	double *monetary;     /* sum of quantity x unit price (returns included) */
	int64_t max_ts;       /* latest purchase in the file, Unix seconds (UTC) */
	void *arena;          /* internal: storage of the id strings */
} ss_rfm;

/* Allocates a table of n zeroed rows (ids NULL). Returns NULL on out of
 * memory. Free with ss_rfm_free(). */
ss_rfm *ss_rfm_new(size_t n);

/* Frees the table and everything in it; NULL does nothing. When arena is
 * set it is one malloc'ed block holding every id; when it is NULL each
 * non-NULL customer_id[i] is freed on its own (malloc'ed by the filler). */
void ss_rfm_free(ss_rfm *t);

#endif
