/* test-document.c: the result document has the client contract's shape and
 * types, and never a NaN. */
#include <math.h>
#include <stdlib.h>
#include "check.h"
#include "document/document.h"
#include "json_out.h"
#include "oracle.h"

static struct oracle o;

static int type_at(const bson_t *doc, const char *path, bson_type_t type)
{
	bson_iter_t it, found;
	return bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found) &&
	       bson_iter_type(&found) == type;
}

static int64_t int_at(const bson_t *doc, const char *path)
{
	bson_iter_t it, found;
	if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found))
		return bson_iter_as_int64(&found);
	return -1;
}

static int count_row(void *ctx, const bson_t *row)
{
	(void)row;
	++*(int *)ctx;
	return 0;
}

static double double_at(const bson_t *doc, const char *path)
{
	bson_iter_t it, found;
	if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found) &&
	    BSON_ITER_HOLDS_DOUBLE(&found))
		return bson_iter_double(&found);
	return NAN;
}

int main(void)
{
	ss_params p;
	ss_error err = { 0 };
	ss_analysis *a;
	bson_oid_t oid;
	bson_t *doc;
	ss_file_info fi = { "online_retail.csv", 19345489 };

	CHECK(oracle_load(&o) == 0, "oracle loaded");
	ss_params_default(&p);
	a = ss_analyze_rfm(oracle_table(&o), NULL, &p, &err);
	CHECK(a != NULL, "analysis (%s)", err.msg);
	if (a == NULL)
		return CHECK_DONE();
	bson_oid_init_from_string(&oid, "6745f1c2a9e3b14d2c0f1a77");
	doc = ss_document_build(a, &fi, &oid, 1795755600000LL, &err);
	CHECK(doc != NULL, "document built");
	if (doc != NULL) {
		CHECK(type_at(doc, "_id", BSON_TYPE_OID), "_id is an ObjectId");
		CHECK(type_at(doc, "analysis_id", BSON_TYPE_UTF8), "analysis_id is a string");
		CHECK(type_at(doc, "created_at", BSON_TYPE_DATE_TIME), "created_at is a date");
		CHECK(int_at(doc, "k_used") == 3 && type_at(doc, "k_used", BSON_TYPE_INT32), "k_used integer 3");
		int sorted = 1, counts = 0;
		for (int c = 0; c < 3; c++) {
			char path[64];
			snprintf(path, sizeof(path), "summary.%d.Cluster", c);
			sorted &= int_at(doc, path) == c;
			snprintf(path, sizeof(path), "summary.%d.Count", c);
			counts += (int)int_at(doc, path);
			snprintf(path, sizeof(path), "summary.%d.AI_Marketing_Name", c);
			sorted &= type_at(doc, path, BSON_TYPE_UTF8);
			snprintf(path, sizeof(path), "summary.%d.Monetary", c);
			sorted &= isfinite(double_at(doc, path));
		}
		CHECK(sorted, "summary sorted by Cluster with names and numeric means");
		CHECK(counts == 2974, "summary counts add up to the customers");
		CHECK(type_at(doc, "raw_data.2973.CustomerID", BSON_TYPE_UTF8) &&
		      !type_at(doc, "raw_data.2974.CustomerID", BSON_TYPE_UTF8), "raw_data has every customer");
		CHECK(type_at(doc, "raw_data.0.Recency", BSON_TYPE_INT32) &&
		      type_at(doc, "raw_data.0.Frequency", BSON_TYPE_INT32) &&
		      type_at(doc, "raw_data.0.Monetary", BSON_TYPE_DOUBLE) &&
		      type_at(doc, "raw_data.0.Cluster", BSON_TYPE_INT32), "raw_data row types");
		CHECK(type_at(doc, "raw_data.0.RFM_Score", BSON_TYPE_UTF8), "RFM score in each row");
		int rows = 0;
		CHECK(ss_document_each_row(doc, count_row, &rows) == 0 && rows == 2974,
		      "each_row visits every customer (%d)", rows);
		double fi_sum = double_at(doc, "kmeans_metrics.feature_importance.Recency") +
		                double_at(doc, "kmeans_metrics.feature_importance.Frequency") +
		                double_at(doc, "kmeans_metrics.feature_importance.Monetary");
		CHECK_NEAR(fi_sum, 1, 1e-12, "feature importance sums to 1");
		CHECK(int_at(doc, "file_info.rows_processed") == 2974, "rows_processed is the customers");
		CHECK(int_at(doc, "file_info.size") == 19345489, "size in bytes");
		CHECK(type_at(doc, "file_info.upload_date", BSON_TYPE_DATE_TIME), "upload_date is a date");
		CHECK(type_at(doc, "kmeans_metrics.cluster_distribution", BSON_TYPE_ARRAY), "cluster_distribution");
		CHECK(type_at(doc, "rfm_segments.9.count", BSON_TYPE_INT32), "ten RFM segments");
		CHECK(type_at(doc, "data_quality.rows_dropped", BSON_TYPE_DOCUMENT), "data-quality block");
		CHECK(type_at(doc, "ai.source", BSON_TYPE_UTF8), "ai block");
		char *json = ss_json_to_string(doc, NULL);
		CHECK(json != NULL && strstr(json, "NaN") == NULL && strstr(json, "Infinity") == NULL &&
		      strstr(json, "\"_id\":\"6745f1c2a9e3b14d2c0f1a77\"") != NULL, "JSON without NaN");
		free(json);
		bson_destroy(doc);
	}
	ss_analysis_free(a);
	return CHECK_DONE();
}
