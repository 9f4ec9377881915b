/* ingest_same.h: test helper: the same file ingested by one thread and by
 * the forced two-thread split must give identical results (header only). */
#ifndef SMARTSEG_INGEST_SAME_H
#define SMARTSEG_INGEST_SAME_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "ingest.h"
#include "ingest_int.h"

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

/* Ingests path with one thread (result in *t1, q1, e1: the caller frees
 * *t1) and with the split forced; 1 when both agree on everything (the
 * table, or the error code and message, and the quality block). *split
 * tells how the two-thread run read the file (enum ss_ing_split). */
static inline int ingest_both(const char *path, char delim, ss_rfm **t1, ss_quality *q1,
                              ss_error *e1, int *split, char *why, size_t cap)
{
	ss_ingest_opts one = {.delimiter = delim, .min_parallel_bytes = SIZE_MAX};
	ss_ingest_opts two = {.delimiter = delim, .min_parallel_bytes = 1};
	ss_quality q2;
	ss_error e2;
	int ok = 1;

	*t1 = ss_ing_file(path, &one, q1, e1, NULL);
	ss_rfm *t2 = ss_ing_file(path, &two, &q2, &e2, split);
	snprintf(why, cap, "same");
	if ((*t1 == NULL) != (t2 == NULL)) {
		snprintf(why, cap, "one thread: %.200s; two: %.200s", *t1 ? "table" : e1->msg,
		         t2 ? "table" : e2.msg);
		ok = 0;
	} else if (*t1 == NULL && (e1->code != e2.code || strcmp(e1->msg, e2.msg) != 0)) {
		snprintf(why, cap, "errors differ: \"%.200s\" vs \"%.200s\"", e1->msg, e2.msg);
		ok = 0;
	} else if (*t1 && !rfm_same(*t1, t2, why, cap)) {
		ok = 0;
	}
	if (ok && !quality_same(q1, &q2, why, cap))
		ok = 0;
	ss_rfm_free(t2);
	return ok;
}

#endif
