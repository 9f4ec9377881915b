/* compare_stored.c: stored analyses for the compare tests and benchmark,
 * in the store the settings name (SMARTSEG_DB or MONGO_URI, as the app).
 *   compare_stored gen N SEED     save a synthetic analysis of N customers
 *                                 (ids C0000000.., SEED shifts which ids
 *                                 exist and their segments); prints its id
 *   compare_stored save DOC.json  save a result document; prints its id
 *   compare_stored compare A B [CUSTOMERS.csv]
 *                                 the comparison as JSON on stdout; the
 *                                 merge's wall time on stderr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "compare/stored.h"
#include "model/mt19937.h"

static int gen(ss_store *s, long n, uint32_t seed, ss_error *err)
{
	static const char *const seg[10] = { "Champions", "Loyal Customers", "Potential Loyalist", "New Customers",
	                                     "Promising", "Need Attention", "About To Sleep", "At Risk",
	                                     "Can't Lose Them", "Lost" };
	bson_t *doc = bson_new(), arr, item, row;
	bson_oid_t oid;
	ss_mt m;
	char key[16], id[32], hex[25];
	long written = 0;

	ss_mt_seed(&m, seed);
	bson_oid_init(&oid, NULL);
	BSON_APPEND_OID(doc, "_id", &oid);
	BSON_APPEND_DATE_TIME(doc, "created_at", (int64_t)time(NULL) * 1000 + seed);
	BSON_APPEND_INT32(doc, "k_used", 3);
	BSON_APPEND_ARRAY_BEGIN(doc, "summary", &arr);
	for (int c = 0; c < 3; c++) {
		snprintf(key, sizeof(key), "%d", c);
		BSON_APPEND_DOCUMENT_BEGIN(&arr, key, &item);
		BSON_APPEND_INT32(&item, "Cluster", c);
		BSON_APPEND_DOUBLE(&item, "Recency", c == 0 ? 30 : c == 1 ? 200 : 10 + seed % 3);
		BSON_APPEND_DOUBLE(&item, "Frequency", c == 0 ? 4 : c == 1 ? 1 : 40);
		BSON_APPEND_DOUBLE(&item, "Monetary", c == 0 ? 900 : c == 1 ? 200 : 20000);
		BSON_APPEND_UTF8(&item, "AI_Marketing_Name", c == 0 ? "Active" : c == 1 ? "Dormant" : "Big Spenders");
		bson_append_document_end(&arr, &item);
	}
	bson_append_array_end(doc, &arr);
	BSON_APPEND_ARRAY_BEGIN(doc, "raw_data", &arr);
	/* ids 0 .. 1.1 n, each present with probability 1/1.1 */
	for (long i = 0; written < n; i++) {
		if (ss_mt_double(&m) * 1.1 > 1.0)
			continue;
		const char *k;
		bson_uint32_to_string((uint32_t)written++, &k, key, sizeof(key));
		snprintf(id, sizeof(id), "C%08ld", i);
		BSON_APPEND_DOCUMENT_BEGIN(&arr, k, &row);
		BSON_APPEND_UTF8(&row, "CustomerID", id);
		int32_t rec = (int32_t)(ss_mt_double(&m) * 365), fr = 1 + (int32_t)(ss_mt_double(&m) * 10);
		double mon = ss_mt_double(&m) * 2000;
		int32_t cl = (int32_t)(ss_mt_double(&m) * 3);
		BSON_APPEND_INT32(&row, "Recency", rec);
		BSON_APPEND_INT32(&row, "Frequency", fr);
		BSON_APPEND_DOUBLE(&row, "Monetary", mon);
		BSON_APPEND_INT32(&row, "Cluster", cl);
		BSON_APPEND_UTF8(&row, "RFM_Score", "333");
		const char *sg = seg[(int)(ss_mt_double(&m) * 10)]; /* the macro reads its value twice */
		BSON_APPEND_UTF8(&row, "RFM_Segment", sg);
		bson_append_document_end(&arr, &row);
	}
	bson_append_array_end(doc, &arr);
	int rc = ss_store_save(s, doc, err);
	bson_destroy(doc);
	if (rc == 0) {
		bson_oid_to_string(&oid, hex);
		puts(hex);
	}
	return rc;
}

static int save(ss_store *s, const char *path, ss_error *err)
{
	FILE *f = fopen(path, "rb");
	bson_json_reader_t *rd;
	bson_error_t e;
	bson_t doc = BSON_INITIALIZER;
	bson_iter_t it;
	int rc;

	if (f == NULL)
		return ss_error_set(err, SS_EIO, "cannot read %s", path);
	fclose(f);
	rd = bson_json_reader_new_from_file(path, &e);
	if (rd == NULL || bson_json_reader_read(rd, &doc, &e) <= 0) {
		if (rd)
			bson_json_reader_destroy(rd);
		bson_destroy(&doc);
		return ss_error_set(err, SS_EDATA, "%s: %s", path, e.message);
	}
	bson_json_reader_destroy(rd);
	/* the JSON has _id and created_at as strings: back to BSON types */
	bson_t fixed = BSON_INITIALIZER;
	bson_iter_init(&it, &doc);
	while (bson_iter_next(&it)) {
		const char *k = bson_iter_key(&it);
		if (strcmp(k, "_id") == 0 && BSON_ITER_HOLDS_UTF8(&it)) {
			bson_oid_t oid;
			bson_oid_init_from_string(&oid, bson_iter_utf8(&it, NULL));
			BSON_APPEND_OID(&fixed, "_id", &oid);
		} else if (strcmp(k, "created_at") == 0 && !BSON_ITER_HOLDS_DATE_TIME(&it)) {
			BSON_APPEND_DATE_TIME(&fixed, "created_at", (int64_t)time(NULL) * 1000);
		} else {
			bson_append_iter(&fixed, NULL, 0, &it);
		}
	}
	rc = ss_store_save(s, &fixed, err);
	if (rc == 0 && bson_iter_init_find(&it, &fixed, "_id")) {
		char hex[25];
		bson_oid_to_string(bson_iter_oid(&it), hex);
		puts(hex);
	}
	bson_destroy(&fixed);
	bson_destroy(&doc);
	return rc;
}

static int compare(ss_store *s, const char *a, const char *b, const char *csv_path, ss_error *err)
{
	ss_comparison *c = malloc(sizeof(*c));
	FILE *csv = csv_path ? fopen(csv_path, "w") : NULL;
	bson_t out = BSON_INITIALIZER;
	struct timespec t0, t1;
	int rc;

	if (c == NULL || (csv_path && csv == NULL)) {
		free(c);
		return ss_error_set(err, SS_EIO, "out of memory or cannot write the CSV");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (csv)
		ss_compare_csv_header(ss_json_sink_file, csv);
	rc = ss_compare_stored(s, a, b, csv ? ss_json_sink_file : NULL, csv, c, err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0 && ss_compare_to_bson(c, &out, err) == 0) {
		ss_json_write(&out, ss_json_sink_file, stdout);
		putchar('\n');
		fprintf(stderr, "compared %lld and %lld customers in %.3f s\n", (long long)c->n_a, (long long)c->n_b,
		        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	if (csv)
		fclose(csv);
	bson_destroy(&out);
	free(c);
	return rc;
}

int main(int argc, char **argv)
{
	ss_error err = { 0 };
	ss_config *cfg;
	ss_store *s;
	int rc = -1;

	if (argc < 3) {
		fputs("usage: compare_stored gen N SEED | save DOC.json | compare A B [CSV]\n", stderr);
		return 2;
	}
	if ((cfg = ss_config_load(".env", &err)) == NULL || (s = ss_store_open(cfg, &err)) == NULL) {
		fprintf(stderr, "compare_stored: %s\n", err.msg);
		ss_config_free(cfg);
		return 1;
	}
	if (strcmp(argv[1], "gen") == 0 && argc == 4)
		rc = gen(s, atol(argv[2]), (uint32_t)atol(argv[3]), &err);
	else if (strcmp(argv[1], "save") == 0)
		rc = save(s, argv[2], &err);
	else if (strcmp(argv[1], "compare") == 0 && argc >= 4)
		rc = compare(s, argv[2], argv[3], argc > 4 ? argv[4] : NULL, &err);
	else
		ss_error_set(&err, SS_EPARAM, "unknown command %s", argv[1]);
	if (rc != 0)
		fprintf(stderr, "compare_stored: %s (%s)\n", err.msg, ss_code_name(err.code));
	ss_store_close(s);
	ss_config_free(cfg);
	ss_store_process_cleanup();
	return rc == 0 ? 0 : err.code == SS_ENOTFOUND ? 4 : err.code == SS_EPARAM ? 22 : 1;
}
