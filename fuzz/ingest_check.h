/* ingest_check.h: what every ingest result must satisfy, whatever the
 * input: a table sorted by id with valid UTF-8 ids and finite sums, or an
 * error with a message; a quality block whose counts add up. A Monetary
 * may overflow (sums of huge amounts): the analysis refuses those. */
#ifndef SMARTSEG_FUZZ_INGEST_CHECK_H
#define SMARTSEG_FUZZ_INGEST_CHECK_H
#include <math.h>
#include "fuzz.h"
#include "ingest/ingest.h"
#include "ingest/text.h"

static inline void ingest_check(const ss_rfm *t, const ss_quality *q, const ss_error *err)
{
	int64_t dropped = 0;
	for (int k = 0; k < SS_DROP__MAX; k++) {
		FUZZ_CHECK(q->dropped[k] >= 0, "dropped[%d] = %lld", k, (long long)q->dropped[k]);
		dropped += q->dropped[k];
	}
	FUZZ_CHECK(q->rows_kept + dropped <= q->rows_read, "kept %lld + dropped %lld > read %lld",
	           (long long)q->rows_kept, (long long)dropped, (long long)q->rows_read);
	if (t == NULL) {
		FUZZ_CHECK(err->code != SS_OK && err->msg[0] != '\0', "no table and no error");
		FUZZ_CHECK(ss_utf8_valid(err->msg, strlen(err->msg)), "message not UTF-8: %s", err->msg);
		return;
	}
	FUZZ_CHECK(q->rows_kept + dropped == q->rows_read, "kept %lld + dropped %lld != read %lld",
	           (long long)q->rows_kept, (long long)dropped, (long long)q->rows_read);
	FUZZ_CHECK(t->n > 0 && (int64_t)t->n <= q->rows_kept, "%zu customers of %lld rows kept",
	           t->n, (long long)q->rows_kept);
	for (size_t i = 0; i < t->n; i++) {
		const char *id = t->customer_id[i];
		FUZZ_CHECK(id[0] != '\0' && ss_utf8_valid(id, strlen(id)), "customer %zu: bad id", i);
		FUZZ_CHECK(i == 0 || strcmp(t->customer_id[i - 1], id) < 0, "ids out of order at %zu", i);
		FUZZ_CHECK(t->frequency[i] >= 0 && t->recency[i] >= 1, "customer %zu: F %lld R %lld", i,
		           (long long)t->frequency[i], (long long)t->recency[i]);
	}
}

static inline int huge(double m)
{
	return !(fabs(m) <= 1e150);
}

/* Same tables (Monetary within rounding: two threads may sum in another
 * order), same quality block, or the same error. */
static inline void ingest_same_result(const ss_rfm *a, const ss_quality *qa, const ss_error *ea,
                               const ss_rfm *b, const ss_quality *qb, const ss_error *eb,
                               const char *what)
{
	FUZZ_CHECK((a == NULL) == (b == NULL), "%s: one thread %s, other %s", what,
	           a ? "table" : ea->msg, b ? "table" : eb->msg);
	if (a == NULL) {
		FUZZ_CHECK(ea->code == eb->code && strcmp(ea->msg, eb->msg) == 0,
		           "%s: \"%s\" vs \"%s\"", what, ea->msg, eb->msg);
	} else {
		FUZZ_CHECK(a->n == b->n && a->max_ts == b->max_ts, "%s: n %zu vs %zu", what, a->n, b->n);
		for (size_t i = 0; i < a->n; i++) {
			double ma = a->monetary[i], mb = b->monetary[i];
			/* beyond 1e150 the analysis refuses both, whatever the bits */
			bool close = (huge(ma) && huge(mb)) ||
			             fabs(ma - mb) <= 1e-9 * fmax(1.0, fmax(fabs(ma), fabs(mb)));
			FUZZ_CHECK(strcmp(a->customer_id[i], b->customer_id[i]) == 0 &&
			           a->recency[i] == b->recency[i] &&
			           a->frequency[i] == b->frequency[i] && close,
			           "%s: customer %zu (%s): %lld %lld %.17g vs %s %lld %lld %.17g", what, i,
			           a->customer_id[i], (long long)a->recency[i], (long long)a->frequency[i],
			           ma, b->customer_id[i], (long long)b->recency[i],
			           (long long)b->frequency[i], mb);
		}
	}
	FUZZ_CHECK(qa->rows_read == qb->rows_read && qa->rows_kept == qb->rows_kept &&
	           qa->return_rows == qb->return_rows && qa->cancelled_rows == qb->cancelled_rows &&
	           qa->non_utf8_fields == qb->non_utf8_fields && qa->delimiter == qb->delimiter &&
	           qa->decimal_comma == qb->decimal_comma && qa->date_order == qb->date_order &&
	           qa->date_order_assumed == qb->date_order_assumed &&
	           memcmp(qa->dropped, qb->dropped, sizeof(qa->dropped)) == 0,
	           "%s: quality blocks differ (read %lld/%lld kept %lld/%lld)", what,
	           (long long)qa->rows_read, (long long)qb->rows_read, (long long)qa->rows_kept,
	           (long long)qb->rows_kept);
}

/* The input as a file big enough to be split: its first line, then the
 * rest repeated past two ingest blocks. */
static inline const char *ingest_big_file(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - data) + 1 : size;
	if (head == size)
		return fuzz_file(data, size, data, size, 160 << 10);
	return fuzz_file(data, head, data + head, size - head, 160 << 10);
}

#endif
