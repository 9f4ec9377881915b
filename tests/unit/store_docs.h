/* store_docs.h: synthetic result documents for the store tests, shaped
 * like the client contract, with customer rows derived from their index
 * so a reader can check every row (header only). */
#ifndef SMARTSEG_STORE_DOCS_H
#define SMARTSEG_STORE_DOCS_H
#include <stdio.h>
#include <string.h>
#include <bson/bson.h>

/* The raw_data row number i of an analysis with k clusters. */
static inline void docs_row(bson_t *row, int64_t i, int k)
{
	char id[32];
	static const char *const seg[] = { "Champions", "Loyal", "At Risk", "Lost" };

	snprintf(id, sizeof(id), "C%07lld", (long long)i);
	BSON_APPEND_UTF8(row, "CustomerID", id);
	BSON_APPEND_INT32(row, "Recency", (int32_t)(i % 365));
	BSON_APPEND_INT32(row, "Frequency", (int32_t)(1 + i % 40));
	BSON_APPEND_DOUBLE(row, "Monetary", (double)(i % 100000) * 1.25 + 0.5);
	BSON_APPEND_INT32(row, "Cluster", (int32_t)(i % k));
	BSON_APPEND_INT32(row, "RFM_Score", (int32_t)(3 + i % 13));
	BSON_APPEND_UTF8(row, "RFM_Segment", seg[i % 4]);
}

/* 1 if row is exactly docs_row(i, k). */
static inline int docs_row_ok(const bson_t *row, int64_t i, int k)
{
	bson_t want = BSON_INITIALIZER;
	int ok;

	docs_row(&want, i, k);
	ok = bson_equal(row, &want);
	bson_destroy(&want);
	return ok;
}

/* A whole document: id, created_ms, n customers, k clusters, file name. */
static inline bson_t *docs_make(const bson_oid_t *oid, int64_t created_ms, int64_t n, int k,
                         const char *name)
{
	bson_t *d = bson_new(), a, sub, sub2, row;
	char hex[25], key[16];

	bson_oid_to_string(oid, hex);
	BSON_APPEND_UTF8(d, "status", "success");
	BSON_APPEND_UTF8(d, "analysis_id", hex);
	BSON_APPEND_OID(d, "_id", oid);
	BSON_APPEND_DATE_TIME(d, "created_at", created_ms);
	BSON_APPEND_INT32(d, "k_used", k);
	BSON_APPEND_ARRAY_BEGIN(d, "summary", &a);
	for (int c = 0; c < k; c++) {
		snprintf(key, sizeof(key), "%d", c);
		bson_append_document_begin(&a, key, -1, &sub);
		BSON_APPEND_INT32(&sub, "Cluster", c);
		BSON_APPEND_DOUBLE(&sub, "Recency", 30.5 + c);
		BSON_APPEND_DOUBLE(&sub, "Frequency", 4.25 + c);
		BSON_APPEND_DOUBLE(&sub, "Monetary", 1237.07 * (c + 1));
		BSON_APPEND_INT32(&sub, "Count", (int32_t)(n / k + (c < n % k)));
		BSON_APPEND_UTF8(&sub, "AI_Marketing_Name", "Loyal Regulars");
		BSON_APPEND_UTF8(&sub, "AI_Description", "Buy often, \"quoted\" <b>text</b>");
		BSON_APPEND_UTF8(&sub, "AI_Action", "Reward them.");
		bson_append_document_end(&a, &sub);
	}
	bson_append_array_end(d, &a);
	BSON_APPEND_ARRAY_BEGIN(d, "raw_data", &a);
	for (int64_t i = 0; i < n; i++) {
		const char *k2;
		char buf[16];

		bson_uint32_to_string((uint32_t)i, &k2, buf, sizeof(buf));
		bson_append_document_begin(&a, k2, -1, &row);
		docs_row(&row, i, k);
		bson_append_document_end(&a, &row);
	}
	bson_append_array_end(d, &a);
	BSON_APPEND_DOCUMENT_BEGIN(d, "kmeans_metrics", &sub);
	BSON_APPEND_DOUBLE(&sub, "inertia", 3768.72);
	BSON_APPEND_DOUBLE(&sub, "silhouette_score", 0.5023);
	BSON_APPEND_ARRAY_BEGIN(&sub, "cluster_distribution", &a);
	for (int c = 0; c < k; c++) {
		snprintf(key, sizeof(key), "%d", c);
		bson_append_int64(&a, key, -1, n / k + (c < n % k));
	}
	bson_append_array_end(&sub, &a);
	BSON_APPEND_DOCUMENT_BEGIN(&sub, "feature_importance", &sub2);
	BSON_APPEND_DOUBLE(&sub2, "Recency", 0.43);
	BSON_APPEND_DOUBLE(&sub2, "Frequency", 0.27);
	BSON_APPEND_DOUBLE(&sub2, "Monetary", 0.30);
	bson_append_document_end(&sub, &sub2);
	bson_append_document_end(d, &sub);
	BSON_APPEND_DOCUMENT_BEGIN(d, "file_info", &sub);
	BSON_APPEND_UTF8(&sub, "name", name);
	BSON_APPEND_INT64(&sub, "size", 1000 + n * 50);
	BSON_APPEND_INT64(&sub, "rows_processed", n);
	BSON_APPEND_UTF8(&sub, "separator", ",");
	BSON_APPEND_DATE_TIME(&sub, "upload_date", created_ms);
	bson_append_document_end(d, &sub);
	BSON_APPEND_DOCUMENT_BEGIN(d, "data_quality", &sub);
	BSON_APPEND_INT64(&sub, "rows_read", n * 7);
	BSON_APPEND_INT64(&sub, "rows_dropped", 3);
	bson_append_document_end(d, &sub);
	BSON_APPEND_DOCUMENT_BEGIN(d, "parameters", &sub);
	BSON_APPEND_INT32(&sub, "k", k);
	BSON_APPEND_INT64(&sub, "seed", 42);
	BSON_APPEND_UTF8(&sub, "delimiter", ",");
	bson_append_document_end(d, &sub);
	BSON_APPEND_ARRAY_BEGIN(d, "k_curve", &a);
	for (int c = 2; c <= 8; c++) {
		snprintf(key, sizeof(key), "%d", c - 2);
		bson_append_document_begin(&a, key, -1, &sub);
		BSON_APPEND_INT32(&sub, "k", c);
		BSON_APPEND_DOUBLE(&sub, "inertia", 10000.0 / c);
		bson_append_document_end(&a, &sub);
	}
	bson_append_array_end(d, &a);
	BSON_APPEND_DOCUMENT_BEGIN(d, "ai", &sub);
	BSON_APPEND_UTF8(&sub, "source", "rules");
	bson_append_document_end(d, &sub);
	return d;
}

/* 1 if a and b hold the same top-level keys with equal values, in any
 * order (MongoDB moves _id first), leaving out key skip (may be NULL). */
static inline int docs_same_fields(const bson_t *a, const bson_t *b, const char *skip)
{
	bson_iter_t ia, ib;
	int na = 0, nb = 0;

	if (!bson_iter_init(&ia, a) || !bson_iter_init(&ib, b))
		return 0;
	while (bson_iter_next(&ib))
		nb += skip == NULL || strcmp(bson_iter_key(&ib), skip) != 0;
	while (bson_iter_next(&ia)) {
		bson_t one_a = BSON_INITIALIZER, one_b = BSON_INITIALIZER;
		int eq;

		if (skip != NULL && strcmp(bson_iter_key(&ia), skip) == 0)
			continue;
		na++;
		if (!bson_iter_init_find(&ib, b, bson_iter_key(&ia)))
			return 0;
		bson_append_iter(&one_a, "v", 1, &ia);
		bson_append_iter(&one_b, "v", 1, &ib);
		eq = bson_equal(&one_a, &one_b);
		bson_destroy(&one_a);
		bson_destroy(&one_b);
		if (!eq)
			return 0;
	}
	return na == nb;
}

#endif
