/* customers_csv.c: the customers CSV export, whole or one segment, with
 * formula-injection neutralising. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "csv_cell.h"
#include "document/customers_csv.h"
#include "document/document.h"
#include "model/rfm_score.h"

static const char *const columns[] = {
	"CustomerID", "Cluster", "Recency", "Frequency", "Monetary", "RFM_Score", "RFM_Segment",
	"R_Score", "F_Score", "M_Score", "Segment", "Orders", "Revenue",
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))
/* The per-customer lifetime values, after the others when the analysis has them. */
static const char *const clv_columns[] = { "p_alive", "expected_purchases", "expected_value", "clv" };
#define NCLV (sizeof(clv_columns) / sizeof(clv_columns[0]))
enum { C_ID, C_CLUSTER, C_R, C_F, C_M, C_SCORE, C_RFM, C_RS, C_FS, C_MS, C_SEGMENT, C_ORDERS,
       C_REVENUE };

/* The persona names of head's summary, by Cluster. */
static void read_names(ss_customers_export *x, const bson_t *head)
{
	bson_iter_t it, arr, item;

	if (!bson_iter_init_find(&it, head, "summary") || !BSON_ITER_HOLDS_ARRAY(&it) ||
	    !bson_iter_recurse(&it, &arr))
		return;
	while (bson_iter_next(&arr)) {
		int64_t c = -1;
		const char *name = NULL;
		if (!BSON_ITER_HOLDS_DOCUMENT(&arr) || !bson_iter_recurse(&arr, &item))
			continue;
		while (bson_iter_next(&item)) {
			if (strcmp(bson_iter_key(&item), "Cluster") == 0 && BSON_ITER_HOLDS_NUMBER(&item))
				c = bson_iter_as_int64(&item);
			else if (strcmp(bson_iter_key(&item), "AI_Marketing_Name") == 0 &&
			         BSON_ITER_HOLDS_UTF8(&item))
				name = bson_iter_utf8(&item, NULL);
		}
		if (c >= 0 && c < SS_EXPORT_MAX_CLUSTERS && name != NULL) {
			snprintf(x->name[c], sizeof(x->name[c]), "%s", name);
			if (c + 1 > x->k)
				x->k = (int)c + 1;
		}
	}
}

static bool has_aside(const bson_t *head)
{
	bson_iter_t it;

	return bson_iter_init(&it, head) && bson_iter_find_descendant(&it, "set_aside.count", &it) &&
	       BSON_ITER_HOLDS_NUMBER(&it) && bson_iter_as_int64(&it) > 0;
}

int ss_customers_export_init(ss_customers_export *x, const bson_t *head, const char *segment,
                             ss_error *err)
{
	char list[1200], shown[80];
	size_t o = 0;

	bson_iter_t it;

	memset(x, 0, sizeof(*x));
	read_names(x, head);
	x->clv = bson_iter_init_find(&it, head, "clv") && BSON_ITER_HOLDS_DOCUMENT(&it);
	if (segment == NULL || segment[0] == '\0')
		return 0;
	for (int c = 0; c < x->k; c++)
		if (strcmp(x->name[c], segment) == 0) {
			x->only = SS_EXPORT_CLUSTER;
			x->cluster = c;
			return 0;
		}
	for (int s = 0; s < SS_SEG__MAX; s++)
		if (strcmp(ss_segment_name((ss_segment)s), segment) == 0) {
			x->only = SS_EXPORT_RFM;
			snprintf(x->rfm, sizeof(x->rfm), "%s", segment);
			return 0;
		}
	if (strcmp(segment, SS_SEGMENT_ASIDE) == 0 && has_aside(head)) {
		x->only = SS_EXPORT_ASIDE;
		return 0;
	}
	list[0] = '\0';
	for (int c = 0; c < x->k && o < sizeof(list); c++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s\"%s\"", c ? ", " : "", x->name[c]);
	if (o < sizeof(list) && has_aside(head))
		o += (size_t)snprintf(list + o, sizeof(list) - o, ", \"%s\"", SS_SEGMENT_ASIDE);
	/* the value echoed as printable ASCII only: a message is one plain line */
	size_t i;
	for (i = 0; segment[i] != '\0' && i < 60; i++)
		shown[i] = segment[i] >= 0x20 && segment[i] < 0x7f ? segment[i] : '?';
	shown[i] = '\0';
	return ss_error_set(err, SS_EPARAM, "unknown segment \"%s%s\": the segments are %s, or one "
	                    "of the ten RFM segments (Champions, Loyal Customers, ..., Lost)", shown,
	                    segment[i] != '\0' ? "..." : "", list);
}

void ss_customers_export_filename(const ss_customers_export *x, const char *id, char *out,
                                  size_t size)
{
	const char *seg = x->only == SS_EXPORT_CLUSTER ? x->name[x->cluster]
	                : x->only == SS_EXPORT_RFM ? x->rfm
	                : x->only == SS_EXPORT_ASIDE ? SS_SEGMENT_ASIDE : NULL;
	char slug[64];
	size_t n = 0;

	if (seg == NULL) {
		snprintf(out, size, "smartseg-%.24s-customers.csv", id);
		return;
	}
	for (const char *p = seg; *p != '\0' && n + 1 < sizeof(slug); p++) {
		if (isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			slug[n++] = (char)tolower((unsigned char)*p);
		else if (n > 0 && slug[n - 1] != '-')
			slug[n++] = '-';
	}
	while (n > 0 && slug[n - 1] == '-')
		n--;
	slug[n] = '\0';
	snprintf(out, size, "smartseg-%.24s-%s.csv", id, n ? slug : "segment");
}

static size_t ncolumns(const ss_customers_export *x)
{
	return NCOLUMNS + (x != NULL && x->clv ? NCLV : 0);
}

int ss_customers_csv_header(const ss_customers_export *x, ss_json_sink sink, void *ctx)
{
	size_t n = ncolumns(x);

	for (size_t i = 0; i < n; i++) {
		const char *name = i < NCOLUMNS ? columns[i] : clv_columns[i - NCOLUMNS];
		if (sink(ctx, name, strlen(name)) != 0 ||
		    sink(ctx, i + 1 < n ? "," : "\r\n", i + 1 < n ? 1 : 2) != 0)
			return -1;
	}
	return 0;
}

static int write_cell(bson_iter_t *it, ss_json_sink sink, void *ctx)
{
	char buf[64];
	uint32_t len;
	const char *s;

	switch (bson_iter_type(it)) {
	case BSON_TYPE_UTF8:
		s = bson_iter_utf8(it, &len);
		return ss_csv_text_cell(s, len, sink, ctx);
	case BSON_TYPE_INT32:
	case BSON_TYPE_INT64:
		snprintf(buf, sizeof(buf), "%" PRId64, bson_iter_as_int64(it));
		return sink(ctx, buf, strlen(buf));
	case BSON_TYPE_DOUBLE:
		return sink(ctx, buf, ss_json_format_double(bson_iter_double(it), buf));
	default:
		return 0;
	}
}

/* A column's value in a row (bson_iter_t is over-aligned: no bare arrays). */
struct cell {
	bson_iter_t it;
	bool have;
};

/* The value of each column of the first version in row: the others derive
 * from them. */
static void row_fields(const bson_t *row, struct cell *f)
{
	for (int c = 0; c <= C_RFM; c++)
		f[c].have = bson_iter_init_find(&f[c].it, row, columns[c]);
}

static int sep(const ss_customers_export *x, ss_json_sink sink, void *ctx, size_t col)
{
	return col + 1 < ncolumns(x) ? sink(ctx, ",", 1) : sink(ctx, "\r\n", 2);
}

/* The lifetime values of row (null, absent: an empty cell), when x has them. */
static int clv_cells(const ss_customers_export *x, const bson_t *row, ss_json_sink sink, void *ctx)
{
	bson_iter_t it;

	for (size_t i = 0; x != NULL && x->clv && i < NCLV; i++) {
		int rc = 0;
		if (row != NULL && bson_iter_init_find(&it, row, clv_columns[i]))
			rc = write_cell(&it, sink, ctx);
		if (rc != 0 || sep(x, sink, ctx, NCOLUMNS + i) != 0)
			return -1;
	}
	return 0;
}

int ss_customers_csv_row(const ss_customers_export *x, const bson_t *row, ss_json_sink sink,
                         void *ctx)
{
	struct cell f[C_RFM + 1];
	int64_t cluster = -1;
	const char *score = NULL, *rfm = NULL;
	uint32_t score_len = 0;

	row_fields(row, f);
	if (f[C_CLUSTER].have && BSON_ITER_HOLDS_NUMBER(&f[C_CLUSTER].it))
		cluster = bson_iter_as_int64(&f[C_CLUSTER].it);
	if (f[C_SCORE].have && BSON_ITER_HOLDS_UTF8(&f[C_SCORE].it))
		score = bson_iter_utf8(&f[C_SCORE].it, &score_len);
	if (f[C_RFM].have && BSON_ITER_HOLDS_UTF8(&f[C_RFM].it))
		rfm = bson_iter_utf8(&f[C_RFM].it, NULL);
	if (x != NULL && ((x->only == SS_EXPORT_CLUSTER && cluster != x->cluster) ||
	                  (x->only == SS_EXPORT_RFM && (rfm == NULL || strcmp(rfm, x->rfm) != 0)) ||
	                  x->only == SS_EXPORT_ASIDE))
		return 0;
	for (size_t c = 0; c < NCOLUMNS; c++) {
		int rc = 0;
		if (c <= C_RFM) {
			if (f[c].have)
				rc = write_cell(&f[c].it, sink, ctx);
		} else if (c <= C_MS) {
			/* the digits of RFM_Score: one score each */
			if (score != NULL && score_len == 3)
				rc = sink(ctx, score + (c - C_RS), 1);
		} else if (c == C_SEGMENT) {
			if (x != NULL && cluster >= 0 && cluster < x->k)
				rc = ss_csv_text_cell(x->name[cluster], strlen(x->name[cluster]), sink, ctx);
		} else {
			int src = c == C_ORDERS ? C_F : C_M;
			if (f[src].have)
				rc = write_cell(&f[src].it, sink, ctx);
		}
		if (rc != 0 || sep(x, sink, ctx, c) != 0)
			return -1;
	}
	return clv_cells(x, row, sink, ctx);
}

int ss_customers_csv_aside(const ss_customers_export *x, const bson_t *head, ss_json_sink sink,
                           void *ctx)
{
	bson_iter_t it, arr;

	if (x != NULL && x->only != SS_EXPORT_ALL && x->only != SS_EXPORT_ASIDE)
		return 0;
	if (!bson_iter_init(&it, head) || !bson_iter_find_descendant(&it, "set_aside.customers", &it) ||
	    !BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &arr))
		return 0;
	while (bson_iter_next(&arr)) {
		const uint8_t *data;
		uint32_t len;
		bson_t row;
		struct cell f[C_RFM + 1];

		if (!BSON_ITER_HOLDS_DOCUMENT(&arr))
			continue;
		bson_iter_document(&arr, &len, &data);
		if (!bson_init_static(&row, data, len))
			continue;
		row_fields(&row, f);
		for (size_t c = 0; c < NCOLUMNS; c++) {
			int rc = 0;
			if (c == C_ID || c == C_R || c == C_F || c == C_M) {
				if (f[c].have)
					rc = write_cell(&f[c].it, sink, ctx);
			} else if (c == C_RFM || c == C_SEGMENT) {
				rc = sink(ctx, SS_SEGMENT_ASIDE, strlen(SS_SEGMENT_ASIDE));
			} else if (c == C_ORDERS || c == C_REVENUE) {
				int src = c == C_ORDERS ? C_F : C_M;
				if (f[src].have)
					rc = write_cell(&f[src].it, sink, ctx);
			}
			if (rc != 0 || sep(x, sink, ctx, c) != 0)
				return -1;
		}
		if (clv_cells(x, NULL, sink, ctx) != 0)
			return -1;
	}
	return 0;
}

struct csv_out {
	const ss_customers_export *x;
	ss_json_sink sink;
	void *ctx;
};

static int write_row(void *ctx, const bson_t *row)
{
	struct csv_out *o = ctx;

	return ss_customers_csv_row(o->x, row, o->sink, o->ctx);
}

int ss_customers_csv_write(const bson_t *doc, const char *segment, ss_json_sink sink, void *ctx,
                           ss_error *err)
{
	ss_customers_export x;
	struct csv_out o = { &x, sink, ctx };

	if (ss_customers_export_init(&x, doc, segment, err) != 0)
		return -1;
	if (ss_customers_csv_header(&x, sink, ctx) != 0 || ss_document_each_row(doc, write_row, &o) != 0 ||
	    ss_customers_csv_aside(&x, doc, sink, ctx) != 0)
		return ss_error_set(err, SS_EIO, "the customers CSV could not be written");
	return 0;
}
