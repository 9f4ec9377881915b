/* output.c: the comparison as a BSON document (the JSON API's shape) and
 * the per-customer CSV lines. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "csv_cell.h"
#include "compare/private.h"
#include "model/rfm_score.h"

const char *ss_compare_segment_label(int s)
{
	return s >= 0 && s < SS_CMP_SEGMENTS ? ss_segment_name((ss_segment)s) : "";
}

typedef struct put {
	bool ok;
} put;

static void key_of(int i, char buf[16], const char **key)
{
	bson_uint32_to_string((uint32_t)i, key, buf, 16);
}

static void put_i64_array(put *p, bson_t *parent, const char *name, const int64_t *v, int n)
{
	bson_t arr;
	char buf[16];
	const char *key;

	p->ok = p->ok && bson_append_array_begin(parent, name, -1, &arr);
	for (int i = 0; p->ok && i < n; i++) {
		key_of(i, buf, &key);
		p->ok = bson_append_int64(&arr, key, -1, v[i]);
	}
	p->ok = p->ok && bson_append_array_end(parent, &arr);
}

static void put_double(put *p, bson_t *b, const char *key, double v)
{
	p->ok = p->ok && (isfinite(v) ? bson_append_double(b, key, -1, v) : bson_append_null(b, key, -1));
}

/* matrix rows (n_rows x n_cols of a stride-wide table) and row shares */
static void put_matrix(put *p, bson_t *parent, const int64_t *m, int stride, int n_rows,
                       int n_cols, const int *col_order)
{
	bson_t arr, row, shares, srow;
	char buf[16], buf2[16];
	const char *key, *key2;

	p->ok = p->ok && bson_append_array_begin(parent, "matrix", -1, &arr);
	for (int i = 0; p->ok && i < n_rows; i++) {
		key_of(i, buf, &key);
		p->ok = bson_append_array_begin(&arr, key, -1, &row);
		for (int j = 0; p->ok && j < n_cols; j++) {
			key_of(j, buf2, &key2);
			p->ok = bson_append_int64(&row, key2, -1, m[i * stride + (col_order ? col_order[j] : j)]);
		}
		p->ok = p->ok && bson_append_array_end(&arr, &row);
	}
	p->ok = p->ok && bson_append_array_end(parent, &arr);
	p->ok = p->ok && bson_append_array_begin(parent, "row_shares", -1, &shares);
	for (int i = 0; p->ok && i < n_rows; i++) {
		int64_t sum = 0;
		for (int j = 0; j < n_cols; j++)
			sum += m[i * stride + j];
		key_of(i, buf, &key);
		p->ok = bson_append_array_begin(&shares, key, -1, &srow);
		for (int j = 0; p->ok && j < n_cols; j++) {
			key_of(j, buf2, &key2);
			put_double(p, &srow, key2, sum ? (double)m[i * stride + (col_order ? col_order[j] : j)] / (double)sum : NAN);
		}
		p->ok = p->ok && bson_append_array_end(&shares, &srow);
	}
	p->ok = p->ok && bson_append_array_end(parent, &shares);
}

static void put_labels(put *p, bson_t *parent, const char *name, int n, const char *(*label)(const void *, int),
                       const void *ctx)
{
	bson_t arr;
	char buf[16];
	const char *key;

	p->ok = p->ok && bson_append_array_begin(parent, name, -1, &arr);
	for (int i = 0; p->ok && i < n; i++) {
		key_of(i, buf, &key);
		p->ok = bson_append_utf8(&arr, key, -1, label(ctx, i), -1);
	}
	p->ok = p->ok && bson_append_array_end(parent, &arr);
}

static const char *seg_label(const void *ctx, int i)
{
	(void)ctx;
	return ss_compare_segment_label(i);
}

static const char *cluster_label(const void *ctx, int i)
{
	return ((const ss_cluster_side *)ctx)->name[i];
}

static void put_total(put *p, bson_t *item, const ss_cmp_total *t)
{
	p->ok = p->ok && bson_append_int64(item, "customers_a", -1, t->count_a);
	p->ok = p->ok && bson_append_int64(item, "customers_b", -1, t->count_b);
	p->ok = p->ok && bson_append_int64(item, "customers_change", -1, t->count_b - t->count_a);
	put_double(p, item, "revenue_a", t->revenue_a);
	put_double(p, item, "revenue_b", t->revenue_b);
	put_double(p, item, "revenue_change", t->revenue_b - t->revenue_a);
}

/* name: [{cluster, customers, revenue}] of side 0 (A) or 1 (B) */
static void put_per_cluster(put *p, bson_t *parent, const char *name, const ss_cmp_total *t,
                            int k, int side)
{
	bson_t arr, item;
	char buf[16];
	const char *key;

	p->ok = p->ok && bson_append_array_begin(parent, name, -1, &arr);
	for (int i = 0; p->ok && i < k; i++) {
		key_of(i, buf, &key);
		p->ok = bson_append_document_begin(&arr, key, -1, &item);
		p->ok = p->ok && bson_append_int32(&item, "cluster", -1, i);
		p->ok = p->ok && bson_append_int64(&item, "customers", -1,
		                                   side ? t[i].count_b : t[i].count_a);
		put_double(p, &item, "revenue", side ? t[i].revenue_b : t[i].revenue_a);
		p->ok = p->ok && bson_append_document_end(&arr, &item);
	}
	p->ok = p->ok && bson_append_array_end(parent, &arr);
}

static void put_clusters(put *p, bson_t *doc, const ss_comparison *c)
{
	const ss_cluster_match *m = &c->match;
	bson_t b, arr, item;
	char buf[16];
	const char *key;

	p->ok = p->ok && bson_append_document_begin(doc, "clusters", -1, &b);
	put_labels(p, &b, "labels_a", c->ca.k, cluster_label, &c->ca);
	put_labels(p, &b, "labels_b", c->cb.k, cluster_label, &c->cb);
	put_matrix(p, &b, &c->clu[0][0], SS_MATCH_MAX_K, c->ca.k, c->cb.k, NULL);
	put_i64_array(p, &b, "new", c->clu_new, c->cb.k);
	put_i64_array(p, &b, "gone", c->clu_gone, c->ca.k);
	p->ok = p->ok && bson_append_array_begin(&b, "scale", -1, &arr);
	for (int f = 0; f < 3; f++) {
		key_of(f, buf, &key);
		put_double(p, &arr, key, m->scale[f]);
	}
	p->ok = p->ok && bson_append_array_end(&b, &arr);
	p->ok = p->ok && bson_append_utf8(&b, "new_when", -1,
	                                  "distance over 1 standard deviation of A and over half the distance "
	                                  "from A's cluster to its nearest other cluster", -1);
	/* one entry per cluster of B: its counterpart in A (null: new) */
	p->ok = p->ok && bson_append_array_begin(&b, "matching", -1, &arr);
	for (int j = 0; p->ok && j < c->cb.k; j++) {
		int i = m->a_of_b[j];
		key_of(j, buf, &key);
		p->ok = bson_append_document_begin(&arr, key, -1, &item);
		p->ok = p->ok && bson_append_int32(&item, "cluster_b", -1, j);
		p->ok = p->ok && (i >= 0 ? bson_append_int32(&item, "cluster_a", -1, i)
		                         : bson_append_null(&item, "cluster_a", -1));
		put_double(p, &item, "distance", m->dist[j]);
		p->ok = p->ok && bson_append_bool(&item, "new", -1, i < 0);
		p->ok = p->ok && bson_append_document_end(&arr, &item);
	}
	p->ok = p->ok && bson_append_array_end(&b, &arr);
	/* per cluster of A and of B: customers and revenue */
	put_per_cluster(p, &b, "per_cluster_a", c->clu_total_a, c->ca.k, 0);
	put_per_cluster(p, &b, "per_cluster_b", c->clu_total_b, c->cb.k, 1);
	p->ok = p->ok && bson_append_document_end(doc, &b);
}

int ss_compare_to_bson(const ss_comparison *c, bson_t *doc, ss_error *err)
{
	put p = { true };
	bson_t b, arr, item;
	char buf[16];
	const char *key;

	p.ok = bson_append_utf8(doc, "a", -1, c->a, -1) && bson_append_utf8(doc, "b", -1, c->b, -1);
	p.ok = p.ok && bson_append_int64(doc, "customers_a", -1, c->n_a);
	p.ok = p.ok && bson_append_int64(doc, "customers_b", -1, c->n_b);
	p.ok = p.ok && bson_append_int64(doc, "customers_in_both", -1, c->n_common);
	p.ok = p.ok && bson_append_int64(doc, "customers_new", -1, c->n_b - c->n_common);
	p.ok = p.ok && bson_append_int64(doc, "customers_gone", -1, c->n_a - c->n_common);
	p.ok = p.ok && bson_append_bool(doc, "no_customer_in_common", -1, c->n_common == 0);
	p.ok = p.ok && bson_append_document_begin(doc, "rfm_segments", -1, &b);
	put_labels(&p, &b, "labels", SS_CMP_SEGMENTS, seg_label, NULL);
	put_matrix(&p, &b, &c->seg[0][0], SS_CMP_SEGMENTS, SS_CMP_SEGMENTS, SS_CMP_SEGMENTS, NULL);
	put_i64_array(&p, &b, "new", c->seg_new, SS_CMP_SEGMENTS);
	put_i64_array(&p, &b, "gone", c->seg_gone, SS_CMP_SEGMENTS);
	p.ok = p.ok && bson_append_document_end(doc, &b);
	put_clusters(&p, doc, c);
	p.ok = p.ok && bson_append_array_begin(doc, "per_segment", -1, &arr);
	for (int s = 0; p.ok && s < SS_CMP_SEGMENTS; s++) {
		key_of(s, buf, &key);
		p.ok = bson_append_document_begin(&arr, key, -1, &item);
		p.ok = p.ok && bson_append_utf8(&item, "segment", -1, ss_compare_segment_label(s), -1);
		put_total(&p, &item, &c->seg_total[s]);
		p.ok = p.ok && bson_append_document_end(&arr, &item);
	}
	p.ok = p.ok && bson_append_array_end(doc, &arr);
	if (!p.ok)
		return ss_error_set(err, SS_ENOMEM, "out of memory building the comparison");
	return 0;
}

/* ---- per-customer CSV ---- */

static const char csv_header[] =
	"CustomerID,Segment_A,Segment_B,Cluster_A,Cluster_B,Recency_A,Frequency_A,Monetary_A,"
	"Recency_B,Frequency_B,Monetary_B\r\n";

int ss_compare_csv_header(ss_json_sink sink, void *ctx)
{
	return sink(ctx, csv_header, sizeof(csv_header) - 1);
}

/* Text quoted when needed; a leading = + - @ tab CR gets a ' so a
 * spreadsheet never runs it. */
static int num_cells(const compare__row *r, ss_json_sink sink, void *ctx)
{
	char buf[128], d[40];

	if (r == NULL)
		return sink(ctx, ",,", 2);
	ss_json_format_double(r->rfm[2], d);
	snprintf(buf, sizeof(buf), "%.0f,%.0f,%s", r->rfm[0], r->rfm[1], d);
	return sink(ctx, buf, strlen(buf));
}

int compare__csv_line(const compare__row *a, const compare__row *b, ss_json_sink sink, void *ctx)
{
	const compare__row *any = a != NULL ? a : b;
	char buf[64];
	const char *sa = a ? ss_compare_segment_label(a->segment) : "";
	const char *sb = b ? ss_compare_segment_label(b->segment) : "";

	if (ss_csv_text_cell(any->id, any->id_len, sink, ctx) != 0 || sink(ctx, ",", 1) != 0 ||
	    sink(ctx, sa, strlen(sa)) != 0 || sink(ctx, ",", 1) != 0 ||
	    sink(ctx, sb, strlen(sb)) != 0 || sink(ctx, ",", 1) != 0)
		return -1;
	buf[0] = '\0';
	if (a != NULL)
		snprintf(buf, sizeof(buf), "%d", a->cluster);
	strcat(buf, ",");
	if (b != NULL)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%d", b->cluster);
	strcat(buf, ",");
	if (sink(ctx, buf, strlen(buf)) != 0 || num_cells(a, sink, ctx) != 0 || sink(ctx, ",", 1) != 0 ||
	    num_cells(b, sink, ctx) != 0)
		return -1;
	return sink(ctx, "\r\n", 2);
}
