/* compare.c: the streamed merge of two customer lists sorted by
 * CustomerID, and the counts it accumulates. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "compare/compare.h"
#include "compare/private.h"
#include "model/rfm_score.h"

void ss_doc_rows_init(ss_doc_rows *d, const bson_t *doc)
{
	bson_iter_t it;

	d->has = bson_iter_init_find(&it, doc, "raw_data") && BSON_ITER_HOLDS_ARRAY(&it) &&
	         bson_iter_recurse(&it, &d->it);
}

int ss_doc_rows_next(void *ctx, bson_t *row, ss_error *err)
{
	ss_doc_rows *d = ctx;
	const uint8_t *data;
	uint32_t len;

	if (!d->has || !bson_iter_next(&d->it))
		return 0;
	if (!BSON_ITER_HOLDS_DOCUMENT(&d->it))
		return ss_error_set(err, SS_EDATA, "a raw_data row is not a document");
	bson_iter_document(&d->it, &len, &data);
	if (!bson_init_static(row, data, len))
		return ss_error_set(err, SS_EDATA, "a raw_data row is corrupt");
	return 1;
}

static int segment_of(const char *s, uint32_t len)
{
	for (int i = 0; i < SS_CMP_SEGMENTS; i++) {
		const char *n = ss_segment_name((ss_segment)i);
		if (strlen(n) == len && memcmp(n, s, len) == 0)
			return i;
	}
	return -1;
}

int compare__row_read(const bson_t *doc, int k, compare__row *r, const char *side, ss_error *err)
{
	bson_iter_t it;
	unsigned got = 0;

	if (!bson_iter_init(&it, doc))
		return ss_error_set(err, SS_EDATA, "a customer row of %s is corrupt", side);
	while (bson_iter_next(&it)) {
		const char *key = bson_iter_key(&it);
		uint32_t len;

		if (strcmp(key, "CustomerID") == 0 && BSON_ITER_HOLDS_UTF8(&it)) {
			r->id = bson_iter_utf8(&it, &len);
			r->id_len = len;
			got |= 1;
		} else if (strcmp(key, "Recency") == 0 && BSON_ITER_HOLDS_NUMBER(&it)) {
			r->rfm[0] = bson_iter_as_double(&it);
			got |= 2;
		} else if (strcmp(key, "Frequency") == 0 && BSON_ITER_HOLDS_NUMBER(&it)) {
			r->rfm[1] = bson_iter_as_double(&it);
			got |= 4;
		} else if (strcmp(key, "Monetary") == 0 && BSON_ITER_HOLDS_NUMBER(&it)) {
			r->rfm[2] = bson_iter_as_double(&it);
			got |= 8;
		} else if (strcmp(key, "Cluster") == 0 && BSON_ITER_HOLDS_NUMBER(&it)) {
			int64_t c = bson_iter_as_int64(&it);
			r->cluster = c >= 0 && c < k ? (int)c : -1;
			got |= 16;
		} else if (strcmp(key, "RFM_Segment") == 0 && BSON_ITER_HOLDS_UTF8(&it)) {
			const char *s = bson_iter_utf8(&it, &len);
			r->segment = segment_of(s, len);
			got |= 32;
		}
	}
	if (got != 63 || r->cluster < 0 || r->segment < 0)
		return ss_error_set(err, SS_EDATA,
		                    "a customer row of %s lacks CustomerID, R, F, M, a cluster below %d or a named RFM segment",
		                    side, k);
	return 0;
}

/* bytewise, as ingest sorts (memcmp of unsigned bytes, shorter first) */
static int id_cmp(const compare__row *x, const compare__row *y)
{
	size_t n = x->id_len < y->id_len ? x->id_len : y->id_len;
	int c = memcmp(x->id, y->id, n);
	if (c != 0)
		return c;
	return x->id_len < y->id_len ? -1 : x->id_len > y->id_len;
}

/* One side's stream: the current row, and a copy of the previous id to
 * check the order (ids are short; a longer one is compared by prefix and
 * refused only if the prefix already shows disorder... so keep it all). */
typedef struct side {
	ss_row_reader rd;
	const char *name;
	int k;
	bson_t doc;
	compare__row cur;
	char prev[1024];
	size_t prev_len;
	int have_prev, done;
	double sum[3], sumsq[3];
	int64_t n;
} side;

static int advance(side *s, ss_error *err)
{
	int rc;

	if (s->have_prev || s->n > 0) {
		size_t n = s->cur.id_len < sizeof(s->prev) ? s->cur.id_len : sizeof(s->prev);
		memcpy(s->prev, s->cur.id, n);
		s->prev_len = s->cur.id_len;
		s->have_prev = 1;
	}
	rc = s->rd.next(s->rd.ctx, &s->doc, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		s->done = 1;
		return 0;
	}
	if (compare__row_read(&s->doc, s->k, &s->cur, s->name, err) != 0)
		return -1;
	if (s->cur.id_len > sizeof(s->prev))
		return ss_error_set(err, SS_EDATA, "a CustomerID of %s is over %zu bytes", s->name, sizeof(s->prev));
	if (s->have_prev) {
		compare__row p = { .id = s->prev, .id_len = s->prev_len };
		int c = id_cmp(&p, &s->cur);
		if (c == 0)
			return ss_error_set(err, SS_EDATA, "CustomerID \"%.60s\" appears twice in %s",
			                    s->cur.id, s->name);
		if (c > 0)
			return ss_error_set(err, SS_EDATA,
			                    "the customers of %s are not sorted by CustomerID (\"%.60s\" after \"%.*s\")",
			                    s->name, s->cur.id, (int)(s->prev_len < 60 ? s->prev_len : 60), s->prev);
	}
	for (int f = 0; f < 3; f++) {
		s->sum[f] += s->cur.rfm[f];
		s->sumsq[f] += s->cur.rfm[f] * s->cur.rfm[f];
	}
	s->n++;
	return 1;
}

static void oid_of(const bson_t *head, char out[25])
{
	bson_iter_t it;

	out[0] = '\0';
	if (bson_iter_init_find(&it, head, "_id") && BSON_ITER_HOLDS_OID(&it))
		bson_oid_to_string(bson_iter_oid(&it), out);
	else if (bson_iter_init_find(&it, head, "_id") && BSON_ITER_HOLDS_UTF8(&it))
		snprintf(out, 25, "%s", bson_iter_utf8(&it, NULL));
}

static void add(ss_cmp_total *t, int in_b, double m)
{
	if (in_b) {
		t->count_b++;
		t->revenue_b += m;
	} else {
		t->count_a++;
		t->revenue_a += m;
	}
}

int ss_compare_run(const bson_t *head_a, const bson_t *head_b, ss_row_reader ra,
                   ss_row_reader rb, ss_json_sink csv, void *csv_ctx,
                   ss_comparison *c, ss_error *err)
{
	side a = { .rd = ra, .name = "analysis A" }, b = { .rd = rb, .name = "analysis B" };
	double scale[3];

	memset(c, 0, sizeof(*c));
	oid_of(head_a, c->a);
	oid_of(head_b, c->b);
	if (c->a[0] != '\0' && strcmp(c->a, c->b) == 0)
		return ss_error_set(err, SS_EPARAM,
		                    "analysis %s is compared with itself: pick an earlier analysis to compare it with", c->a);
	if (ss_cluster_side_read(head_a, &c->ca, err) != 0 || ss_cluster_side_read(head_b, &c->cb, err) != 0)
		return -1;
	a.k = c->ca.k;
	b.k = c->cb.k;
	if (advance(&a, err) < 0 || advance(&b, err) < 0)
		return -1;
	while (!a.done || !b.done) {
		int cmp = a.done ? 1 : b.done ? -1 : id_cmp(&a.cur, &b.cur);
		const compare__row *pa = cmp <= 0 ? &a.cur : NULL, *pb = cmp >= 0 ? &b.cur : NULL;

		if (pa != NULL) {
			add(&c->seg_total[pa->segment], 0, pa->rfm[2]);
			add(&c->clu_total_a[pa->cluster], 0, pa->rfm[2]);
		}
		if (pb != NULL) {
			add(&c->seg_total[pb->segment], 1, pb->rfm[2]);
			add(&c->clu_total_b[pb->cluster], 1, pb->rfm[2]);
		}
		if (pa != NULL && pb != NULL) {
			c->seg[pa->segment][pb->segment]++;
			c->clu[pa->cluster][pb->cluster]++;
			c->n_common++;
		} else if (pa != NULL) {
			c->seg_gone[pa->segment]++;
			c->clu_gone[pa->cluster]++;
		} else {
			c->seg_new[pb->segment]++;
			c->clu_new[pb->cluster]++;
		}
		if (csv != NULL && compare__csv_line(pa, pb, csv, csv_ctx) != 0)
			return ss_error_set(err, SS_EIO, "the customers CSV could not be written");
		if ((pa != NULL && advance(&a, err) < 0) || (pb != NULL && advance(&b, err) < 0))
			return -1;
	}
	c->n_a = a.n;
	c->n_b = b.n;
	for (int f = 0; f < 3; f++) {
		double mean = a.n ? a.sum[f] / (double)a.n : 0;
		double var = a.n ? a.sumsq[f] / (double)a.n - mean * mean : 0;
		scale[f] = var > 0 ? sqrt(var) : 0;
	}
	ss_match_clusters(&c->ca, &c->cb, scale, &c->match);
	return 0;
}
