/* store_contract: the store contract suite, run against whichever backend
 * the environment names (MONGO_URI + DB_NAME, else SMARTSEG_DB); prints TAP.
 *   store_contract suite              the contract: save/list/get/delete, paging, ids, 300k customers
 *   store_contract save-many N        saves N analyses, prints their ids
 *   store_contract verify FILE...     every id in FILEs stored once, whole; nothing else stored
 *   store_contract save-one N         saves one analysis of N customers, prints its id
 *   store_contract check ID N         ID is stored whole with N customers (a fresh process)
 *   store_contract json ID            writes ID as JSON to stdout
 *   store_contract real CSV           a real analysis of CSV round-trips unchanged
 *   store_contract fault DIR          the server-down test, paced by files in DIR (see store-contract.sh) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "config.h"
#include "document/document.h"
#include "pipeline.h"
#include "store/store.h"
#include "strbuf.h"
#include "store/store_json.h"
#include "../unit/check.h"
#include "../unit/store_docs.h"

/* Clears err before a call, so a check prints only that call's error. */
static ss_error *E(ss_error *err)
{
	ss_error_clear(err);
	return err;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static ss_store *open_store(ss_config **cfg)
{
	ss_error err = { 0 };
	ss_store *s;

	*cfg = ss_config_load(".env.none", E(&err));
	if (*cfg == NULL) {
		printf("Bail out! config: %s\n", err.msg);
		exit(1);
	}
	s = ss_store_open(*cfg, E(&err));
	if (s == NULL) {
		printf("Bail out! cannot open the store: %s\n", err.msg);
		exit(1);
	}
	return s;
}

static void close_store(ss_store *s, ss_config *cfg)
{
	ss_store_close(s);
	ss_config_free(cfg);
	ss_store_process_cleanup();
}

/* ---- reading back ---- */

typedef struct rows_check {
	int64_t n;
	int k;
	int64_t bad;       /* first mismatching row + 1, or 0 */
	int64_t stop_at;   /* return -1 after this many rows (0: never) */
} rows_check;

static int check_row(void *ctx, const bson_t *row)
{
	rows_check *rc = ctx;

	if (!rc->bad && !docs_row_ok(row, rc->n, rc->k))
		rc->bad = rc->n + 1;
	rc->n++;
	return rc->stop_at && rc->n >= rc->stop_at ? -1 : 0;
}

struct rows_seen {
	int64_t i;
	int k;
};

static int next_row_ok(void *ctx, const bson_t *row)
{
	struct rows_seen *r = ctx;

	if (!docs_row_ok(row, r->i, r->k))
		return -1;
	r->i++;
	return 0;
}

/* Checks that the raw_data array in doc holds rows 0..n-1. */
static int raw_data_ok(const bson_t *doc, int64_t n, int k)
{
	struct rows_seen r = { 0, k };
	bson_iter_t it;

	if (!bson_iter_init_find(&it, doc, "raw_data") || !BSON_ITER_HOLDS_ARRAY(&it))
		return 0;
	return ss_document_each_row(doc, next_row_ok, &r) == 0 && r.i == n;
}

/* The list item i of array-document list: its _id hex into hex. */
static int item_id(const bson_t *list, uint32_t i, char hex[25])
{
	bson_iter_t it;
	char key[16], path[32];

	snprintf(key, sizeof(key), "%u", i);
	snprintf(path, sizeof(path), "%s._id", key);
	if (!bson_iter_init(&it, list) || !bson_iter_find_descendant(&it, path, &it) ||
	    !BSON_ITER_HOLDS_OID(&it))
		return 0;
	bson_oid_to_string(bson_iter_oid(&it), hex);
	return 1;
}

static uint32_t array_len(const bson_t *arr)
{
	return bson_count_keys(arr);
}

/* ---- JSON into memory ---- */

/* Occurrences of needle in the first len bytes of s (memmem: linear,
 * where strstr under ASan rescans the rest of the string every call). */
static int64_t count_in(const char *s, size_t len, const char *needle)
{
	size_t nl = strlen(needle);
	const char *end = s + len, *p;
	int64_t n = 0;

	while ((p = memmem(s, (size_t)(end - s), needle, nl)) != NULL) {
		n++;
		s = p + nl;
	}
	return n;
}

static int fail_sink(void *ctx, const char *buf, size_t len)
{
	size_t *left = ctx;

	(void)buf;
	if (len > *left)
		return -1;
	*left -= len;
	return 0;
}

/* ---- the suite ---- */

#define N_DOCS 7

static void suite(void)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	const char *want_backend = getenv("EXPECT_BACKEND");
	bson_oid_t oids[N_DOCS];
	char hex[N_DOCS][25];
	bson_t *docs[N_DOCS];
	int64_t base = 1795000000000LL, count = -1;
	/* created_at per doc; docs 3 and 4 share a time (the id breaks the tie) */
	const int64_t when[N_DOCS] = { 5000, 1000, 7000, 3000, 3000, 6000, 2000 };
	/* newest first: 2, 5, 0, then 4 before 3 (larger id), 6, 1 */
	const int order[N_DOCS] = { 2, 5, 0, 4, 3, 6, 1 };
	int ok;

	if (want_backend)
		CHECK_STR(ss_store_backend(s), want_backend, "backend is %s", want_backend);
	CHECK(ss_store_health(s, E(&err)) == 0, "health: the backend answers (%s)", err.msg);
	CHECK(ss_store_count(s, &count, E(&err)) == 0 && count == 0, "a fresh store is empty");
	{
		bson_t list = BSON_INITIALIZER;

		CHECK(ss_store_list(s, 50, 0, &list, E(&err)) == 0 && array_len(&list) == 0,
		      "a fresh store lists nothing");
		bson_destroy(&list);
	}

	/* save, out of time order */
	for (int i = 0; i < N_DOCS; i++) {
		char name[32];

		bson_oid_init(&oids[i], NULL);
		bson_oid_to_string(&oids[i], hex[i]);
		snprintf(name, sizeof(name), "file-%d.csv", i);
		docs[i] = docs_make(&oids[i], base + when[i], 50 + i * 10, 3 + i % 4, name);
	}
	ok = 1;
	for (int i = 0; i < N_DOCS; i++)
		if (ss_store_save(s, docs[i], E(&err)) != 0) {
			ok = 0;
			printf("# save %d: %s\n", i, err.msg);
		}
	CHECK(ok, "%d analyses save", N_DOCS);
	CHECK(ss_store_count(s, &count, E(&err)) == 0 && count == N_DOCS, "count is %d (%lld)", N_DOCS, (long long)count);

	/* list: newest first, lightweight */
	{
		bson_t list = BSON_INITIALIZER;
		bson_iter_t it, item;
		int order_ok = 1, light_ok = 1, fields_ok = 1;

		CHECK(ss_store_list(s, 200, 0, &list, E(&err)) == 0, "list all (%s)", err.msg);
		CHECK(array_len(&list) == N_DOCS, "list has %d items", N_DOCS);
		for (int i = 0; i < N_DOCS; i++) {
			char h[25] = "";

			if (!item_id(&list, (uint32_t)i, h) || strcmp(h, hex[order[i]]) != 0)
				order_ok = 0;
		}
		CHECK(order_ok, "list is newest first, ties broken by id");
		bson_iter_init(&it, &list);
		while (bson_iter_next(&it)) {
			bson_t doc;
			const uint8_t *data;
			uint32_t len;

			bson_iter_document(&it, &len, &data);
			bson_init_static(&doc, data, len);
			if (bson_has_field(&doc, "raw_data") || bson_has_field(&doc, "k_curve") ||
			    bson_has_field(&doc, "data_quality"))
				light_ok = 0;
			if (!bson_has_field(&doc, "created_at") || !bson_has_field(&doc, "k_used") ||
			    !bson_has_field(&doc, "file_info.name") ||
			    !bson_has_field(&doc, "file_info.rows_processed") ||
			    !bson_has_field(&doc, "summary.0.AI_Marketing_Name") ||
			    !bson_has_field(&doc, "kmeans_metrics.inertia") ||
			    !bson_has_field(&doc, "ai.source") || !bson_has_field(&doc, "parameters.k"))
				fields_ok = 0;
			(void)item;
		}
		CHECK(light_ok, "list items leave out raw_data and the heavy parts");
		CHECK(fields_ok, "list items keep created_at, k_used, file_info, summary, kmeans_metrics, ai, parameters");
		{
			/* an item equals the saved document's fields it keeps */
			bson_t first, want = BSON_INITIALIZER;
			const uint8_t *data;
			uint32_t len;

			bson_iter_init_find(&it, &list, "0");
			bson_iter_document(&it, &len, &data);
			bson_init_static(&first, data, len);
			bson_copy_to_excluding_noinit(docs[order[0]], &want, "status", "analysis_id", "raw_data",
			                              "data_quality", "k_curve", NULL);
			CHECK(docs_same_fields(&first, &want, NULL), "a list item's fields equal the saved ones");
			bson_destroy(&want);
		}
		bson_destroy(&list);
	}

	/* paging */
	{
		int page_ok = 1;

		for (int off = 0; off < N_DOCS + 2; off += 2) {
			bson_t page = BSON_INITIALIZER;
			uint32_t want = off >= N_DOCS ? 0 : (uint32_t)(N_DOCS - off < 2 ? N_DOCS - off : 2);

			if (ss_store_list(s, 2, off, &page, E(&err)) != 0 || array_len(&page) != want)
				page_ok = 0;
			for (uint32_t j = 0; j < want; j++) {
				char h[25] = "";

				if (!item_id(&page, j, h) || strcmp(h, hex[order[off + (int)j]]) != 0)
					page_ok = 0;
			}
			bson_destroy(&page);
		}
		CHECK(page_ok, "pages of 2 walk the list in order, past the end is empty");
	}
	{
		bson_t out = BSON_INITIALIZER;

		CHECK(ss_store_list(s, 0, 0, &out, E(&err)) == -1 && err.code == SS_EPARAM, "limit 0 is refused");
		CHECK(ss_store_list(s, 201, 0, &out, E(&err)) == -1 && err.code == SS_EPARAM, "limit 201 is refused");
		CHECK(ss_store_list(s, 10, -1, &out, E(&err)) == -1 && err.code == SS_EPARAM, "a negative offset is refused");
		bson_destroy(&out);
	}

	/* get: head, whole, streamed */
	{
		int head_ok = 1, full_ok = 1, rows_ok = 1;

		for (int i = 0; i < N_DOCS; i++) {
			bson_t head = BSON_INITIALIZER, full = BSON_INITIALIZER;
			rows_check rc = { 0, 3 + i % 4, 0, 0 };

			if (ss_store_get_head(s, hex[i], &head, E(&err)) != 0 || bson_has_field(&head, "raw_data") ||
			    !docs_same_fields(&head, docs[i], "raw_data"))
				head_ok = 0;
			if (ss_store_get(s, hex[i], &full, E(&err)) != 0 || !docs_same_fields(&full, docs[i], "raw_data") ||
			    !raw_data_ok(&full, 50 + i * 10, 3 + i % 4))
				full_ok = 0;
			if (ss_store_each_customer(s, hex[i], check_row, &rc, E(&err)) != 0 || rc.bad || rc.n != 50 + i * 10)
				rows_ok = 0;
			bson_destroy(&head);
			bson_destroy(&full);
		}
		CHECK(head_ok, "get_head returns each document without raw_data, every other field equal");
		CHECK(full_ok, "get returns each document whole, rows in order");
		CHECK(rows_ok, "each_customer streams every row in order");
	}
	{
		rows_check rc = { 0, 3, 0, 5 };

		ss_error_clear(&err);
		CHECK(ss_store_each_customer(s, hex[0], check_row, &rc, E(&err)) == -1 && err.code == SS_OK && rc.n == 5,
		      "a callback can stop each_customer (err left SS_OK)");
	}
	{
		char upper[25];
		bson_t head = BSON_INITIALIZER;

		for (int i = 0; i < 25; i++)
			upper[i] = (char)(hex[0][i] >= 'a' && hex[0][i] <= 'f' ? hex[0][i] - 32 : hex[0][i]);
		CHECK(ss_store_get_head(s, upper, &head, E(&err)) == 0 && docs_same_fields(&head, docs[0], "raw_data"),
		      "an id in upper-case hex finds the same analysis");
		bson_destroy(&head);
	}

	/* unknown and malformed ids */
	{
		const char *bad[] = { "", "xyz", "6745f1c2a9e3b14d2c0f1a7", "6745f1c2a9e3b14d2c0f1a777",
		                      "zzzzzzzzzzzzzzzzzzzzzzzz", "6745f1c2a9e3b14d2c0f1a7g", "../../etc/passwd",
		                      "6745f1c2a9e3b14d2c0f1a77' OR 1=1", "000000000000000000000000", NULL };
		bson_oid_t unknown;
		char uhex[25];
		int all = 1;

		bson_oid_init(&unknown, NULL);
		bson_oid_to_string(&unknown, uhex);
		for (int i = -1; i == -1 || bad[i] != NULL; i++) {
			const char *id = i < 0 ? uhex : bad[i];
			bson_t out = BSON_INITIALIZER;
			rows_check rc = { 0, 3, 0, 0 };
			ss_strbuf m = { 0 };

			if (ss_store_get_head(s, id, &out, E(&err)) != -1 || err.code != SS_ENOTFOUND)
				all = 0;
			if (ss_store_get(s, id, &out, E(&err)) != -1 || err.code != SS_ENOTFOUND)
				all = 0;
			if (ss_store_each_customer(s, id, check_row, &rc, E(&err)) != -1 || err.code != SS_ENOTFOUND || rc.n)
				all = 0;
			if (ss_store_delete(s, id, E(&err)) != -1 || err.code != SS_ENOTFOUND)
				all = 0;
			if (ss_store_write_json(s, id, ss_strbuf_sink, &m, E(&err)) != -1 || err.code != SS_ENOTFOUND || m.len)
				all = 0;
			if (!all)
				printf("# id \"%s\": %s\n", id, err.msg);
			free(m.p);
			bson_destroy(&out);
		}
		CHECK(ss_store_get_head(s, NULL, &(bson_t)BSON_INITIALIZER, E(&err)) == -1 && err.code == SS_ENOTFOUND,
		      "a NULL id is not found");
		CHECK(all, "unknown and malformed ids are SS_ENOTFOUND for get_head, get, each_customer, delete, write_json");
	}

	/* refusals that must leave the store untouched */
	{
		bson_t *noid = bson_new(), *badrows = bson_new();
		bson_t arr;

		BSON_APPEND_DATE_TIME(noid, "created_at", base);
		CHECK(ss_store_save(s, noid, E(&err)) == -1 && err.code == SS_EPARAM, "a document without _id is refused");
		{
			bson_oid_t o;

			bson_oid_init(&o, NULL);
			BSON_APPEND_OID(badrows, "_id", &o);
		}
		BSON_APPEND_DATE_TIME(badrows, "created_at", base);
		BSON_APPEND_ARRAY_BEGIN(badrows, "raw_data", &arr);
		BSON_APPEND_INT32(&arr, "0", 1);
		bson_append_array_end(badrows, &arr);
		CHECK(ss_store_save(s, badrows, E(&err)) == -1 && err.code == SS_EPARAM, "raw_data rows that are not documents are refused");
		CHECK(ss_store_save(s, docs[0], E(&err)) == -1 && err.code == SS_ESTORE, "saving an id twice is refused (%s)", err.msg);
		{
			bson_t full = BSON_INITIALIZER;

			CHECK(ss_store_get(s, hex[0], &full, E(&err)) == 0 && raw_data_ok(&full, 50, 3),
			      "the analysis saved first is untouched by the refused duplicate");
			bson_destroy(&full);
		}
		CHECK(ss_store_count(s, &count, E(&err)) == 0 && count == N_DOCS, "refusals stored nothing");
		bson_destroy(noid);
		bson_destroy(badrows);
	}

	/* no customers at all */
	{
		bson_oid_t o;
		char h[25];
		bson_t *d, full = BSON_INITIALIZER;
		ss_strbuf m = { 0 };

		bson_oid_init(&o, NULL);
		bson_oid_to_string(&o, h);
		d = docs_make(&o, base + 100, 0, 2, "empty.csv");
		CHECK(ss_store_save(s, d, E(&err)) == 0, "an analysis with no customers saves");
		CHECK(ss_store_get(s, h, &full, E(&err)) == 0 && raw_data_ok(&full, 0, 2), "it comes back with an empty raw_data");
		CHECK(ss_store_write_json(s, h, ss_strbuf_sink, &m, E(&err)) == 0 && m.p && strstr(m.p, "\"raw_data\":[]"),
		      "its JSON has \"raw_data\":[]");
		CHECK(ss_store_delete(s, h, E(&err)) == 0, "and deletes");
		free(m.p);
		bson_destroy(&full);
		bson_destroy(d);
	}

	/* JSON */
	{
		ss_strbuf m = { 0 };
		char want[64];
		const char *keys[] = { "\"status\":\"success\"", "\"analysis_id\":", "\"created_at\":\"20",
		                       "\"k_used\":", "\"summary\":[{", "\"raw_data\":[{\"CustomerID\":\"C0000000\"",
		                       "\"kmeans_metrics\":{", "\"feature_importance\":{", "\"file_info\":{",
		                       "\"upload_date\":\"20", "\"rows_processed\":", "\"data_quality\":{",
		                       "\"parameters\":{", "\"k_curve\":[", "\"ai\":{", NULL };
		int keys_ok = 1;
		size_t left = 200;

		CHECK(ss_store_write_json(s, hex[1], ss_strbuf_sink, &m, E(&err)) == 0 && m.p != NULL, "write_json (%s)", err.msg);
		for (int i = 0; m.p && keys[i]; i++)
			if (!strstr(m.p, keys[i])) {
				keys_ok = 0;
				printf("# JSON lacks %s\n", keys[i]);
			}
		snprintf(want, sizeof(want), "\"_id\":\"%s\"", hex[1]);
		CHECK(keys_ok && m.p && strstr(m.p, want), "the JSON has every contract key, _id as hex");
		CHECK(m.p && m.p[0] == '{' && m.p[m.len - 1] == '}' && count_in(m.p, m.len, "{\"CustomerID\"") == 60,
		      "the JSON is one object with all 60 customers");
		free(m.p);
		CHECK(ss_store_write_json(s, hex[1], fail_sink, &left, E(&err)) == -1 && err.code == SS_EIO,
		      "a failing sink stops write_json with SS_EIO");
	}

	/* delete */
	{
		bson_t list = BSON_INITIALIZER, out = BSON_INITIALIZER;
		int listed = 0;
		rows_check rc = { 0, 3, 0, 0 };

		CHECK(ss_store_delete(s, hex[2], E(&err)) == 0, "delete (%s)", err.msg);
		CHECK(ss_store_get_head(s, hex[2], &out, E(&err)) == -1 && err.code == SS_ENOTFOUND, "a deleted analysis is not found");
		CHECK(ss_store_each_customer(s, hex[2], check_row, &rc, E(&err)) == -1 && err.code == SS_ENOTFOUND && rc.n == 0,
		      "nor are its customers");
		CHECK(ss_store_delete(s, hex[2], E(&err)) == -1 && err.code == SS_ENOTFOUND, "deleting it again is SS_ENOTFOUND");
		ss_store_list(s, 200, 0, &list, E(&err));
		for (uint32_t i = 0; i < array_len(&list); i++) {
			char h[25];

			if (item_id(&list, i, h) && strcmp(h, hex[2]) == 0)
				listed = 1;
		}
		CHECK(!listed && array_len(&list) == N_DOCS - 1, "the list drops it");
		CHECK(ss_store_count(s, &count, E(&err)) == 0 && count == N_DOCS - 1, "the count drops it");
		{
			bson_t full = BSON_INITIALIZER;

			CHECK(ss_store_get(s, hex[5], &full, E(&err)) == 0 && raw_data_ok(&full, 100, 4),
			      "the others keep their customers");
			bson_destroy(&full);
		}
		bson_destroy(&list);
		bson_destroy(&out);
	}

	/* 300,000 customers: over MongoDB's 16 MB document limit */
	{
		const int64_t n = 300000;
		bson_oid_t o;
		char h[25];
		bson_t *big, full = BSON_INITIALIZER, head = BSON_INITIALIZER;
		rows_check rc = { 0, 5, 0, 0 };
		ss_strbuf m = { 0 };
		double t;

		bson_oid_init(&o, NULL);
		bson_oid_to_string(&o, h);
		big = docs_make(&o, base + 9000, n, 5, "big.csv");
		CHECK(big->len > 16 * 1024 * 1024, "the 300k document is %u bytes, over 16 MB", big->len);
		t = now_s();
		CHECK(ss_store_save(s, big, E(&err)) == 0, "it saves (%s)", err.msg);
		printf("# save 300k: %.2f s\n", now_s() - t);
		t = now_s();
		CHECK(ss_store_each_customer(s, h, check_row, &rc, E(&err)) == 0 && rc.n == n && !rc.bad,
		      "each_customer streams all %lld rows in order", (long long)n);
		printf("# stream 300k: %.2f s\n", now_s() - t);
		CHECK(ss_store_get(s, h, &full, E(&err)) == 0 && docs_same_fields(&full, big, "raw_data") &&
		      raw_data_ok(&full, n, 5), "get returns it whole");
		CHECK(ss_store_get_head(s, h, &head, E(&err)) == 0 && head.len < 64 * 1024,
		      "its head is small (%u bytes)", head.len);
		CHECK(ss_store_write_json(s, h, ss_strbuf_sink, &m, E(&err)) == 0 && m.p &&
		      count_in(m.p, m.len, "{\"CustomerID\"") == n, "its JSON carries all %lld customers (%s)", (long long)n, err.msg);
		{
			bson_t list = BSON_INITIALIZER;
			char first[25] = "";

			CHECK(ss_store_list(s, 1, 0, &list, E(&err)) == 0 && item_id(&list, 0, first) && strcmp(first, h) == 0,
			      "it heads the list");
			bson_destroy(&list);
		}
		CHECK(ss_store_delete(s, h, E(&err)) == 0, "it deletes");
		rc = (rows_check){ 0, 5, 0, 0 };
		CHECK(ss_store_each_customer(s, h, check_row, &rc, E(&err)) == -1 && err.code == SS_ENOTFOUND && rc.n == 0,
		      "with its customers");
		free(m.p);
		bson_destroy(&full);
		bson_destroy(&head);
		bson_destroy(big);
	}

	/* idempotency keys: the first analysis saved under a key is the
	 * answer to every later save under it */
	{
		bson_oid_t o[3];
		char h[3][25], got[25], longkey[SS_STORE_KEY_MAX + 2];
		bson_t *d[3], head = BSON_INITIALIZER;

		for (int i = 0; i < 3; i++) {
			bson_oid_init(&o[i], NULL);
			bson_oid_to_string(&o[i], h[i]);
			d[i] = docs_make(&o[i], wall_ms(), 20 + i, 2, "keyed.csv");
		}
		CHECK(ss_store_find_key(s, "retry-1", got, E(&err)) == 0, "an unknown idempotency key names nothing");
		CHECK(ss_store_save_keyed(s, d[0], "retry-1", got, E(&err)) == 0,
		      "a save under a new key stores (%s)", err.msg);
		CHECK(ss_store_save_keyed(s, d[1], "retry-1", got, E(&err)) == 1 && strcmp(got, h[0]) == 0,
		      "a second save under that key stores nothing and names the first analysis");
		CHECK(ss_store_get_head(s, h[1], &head, E(&err)) == -1 && err.code == SS_ENOTFOUND,
		      "the second analysis is not stored");
		CHECK(ss_store_find_key(s, "retry-1", got, E(&err)) == 1 && strcmp(got, h[0]) == 0,
		      "find_key names the first analysis");
		CHECK(ss_store_save_keyed(s, d[1], "retry-2", got, E(&err)) == 0, "another key stores the second");
		memset(longkey, 'k', sizeof(longkey) - 1);
		longkey[sizeof(longkey) - 1] = '\0';
		CHECK(ss_store_save_keyed(s, d[2], "a key", got, E(&err)) == -1 && err.code == SS_EPARAM &&
		      ss_store_save_keyed(s, d[2], "", got, E(&err)) == -1 && err.code == SS_EPARAM &&
		      ss_store_save_keyed(s, d[2], longkey, got, E(&err)) == -1 && err.code == SS_EPARAM &&
		      ss_store_find_key(s, "caf\xc3\xa9", got, E(&err)) == -1 && err.code == SS_EPARAM,
		      "keys with a space, empty, over %d bytes or not ASCII are refused", SS_STORE_KEY_MAX);
		longkey[SS_STORE_KEY_MAX] = '\0';
		CHECK(ss_store_save_keyed(s, d[2], longkey, got, E(&err)) == 0 &&
		      ss_store_find_key(s, longkey, got, E(&err)) == 1 && strcmp(got, h[2]) == 0,
		      "a key of %d bytes works", SS_STORE_KEY_MAX);
		CHECK(ss_store_delete(s, h[0], E(&err)) == 0 && ss_store_find_key(s, "retry-1", got, E(&err)) == 0,
		      "deleting the analysis frees its key");
		CHECK(ss_store_save_keyed(s, d[0], "retry-1", got, E(&err)) == 0,
		      "and the key stores again (%s)", err.msg);
		for (int i = 0; i < 3; i++) {
			ss_store_delete(s, h[i], E(&err));
			bson_destroy(d[i]);
		}
		bson_destroy(&head);
	}

	for (int i = 0; i < N_DOCS; i++)
		bson_destroy(docs[i]);
	close_store(s, cfg);
}

/* One of several processes saving a new analysis under one key: prints
 * "saved ID" or "existing ID". */
static int save_keyed(const char *key)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	bson_oid_t o;
	char h[25], got[25];
	bson_t *d;
	int rc;

	bson_oid_init(&o, NULL);
	bson_oid_to_string(&o, h);
	d = docs_make(&o, wall_ms(), 300, 3, "keyed.csv");
	rc = ss_store_save_keyed(s, d, key, got, E(&err));
	if (rc == 0)
		printf("saved %s\n", h);
	else if (rc == 1)
		printf("existing %s\n", got);
	else
		fprintf(stderr, "save failed: %s: %s\n", ss_code_name(err.code), err.msg);
	bson_destroy(d);
	close_store(s, cfg);
	return rc < 0;
}

/* The store holds exactly one analysis, id, and key names it. */
static int key_check(const char *key, const char *id)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	char got[25] = "";
	int64_t count = -1;

	CHECK(ss_store_count(s, &count, E(&err)) == 0 && count == 1,
	      "the store holds one analysis (%lld)", (long long)count);
	CHECK(ss_store_find_key(s, key, got, E(&err)) == 1 && strcmp(got, id) == 0,
	      "the key names it (%s)", got);
	close_store(s, cfg);
	return check_failed ? 1 : 0;
}

/* ---- processes ---- */

static int save_many(int n)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	int failed = 0;

	for (int i = 0; i < n; i++) {
		bson_oid_t o;
		char h[25], name[64];
		bson_t *d;

		bson_oid_init(&o, NULL);
		bson_oid_to_string(&o, h);
		snprintf(name, sizeof(name), "p%d-%d.csv", (int)getpid(), i);
		d = docs_make(&o, wall_ms(), 2000 + i, 4, name);
		if (ss_store_save(s, d, E(&err)) == 0) {
			printf("%s %d\n", h, 2000 + i);
		} else {
			fprintf(stderr, "save %d failed: %s: %s\n", i, ss_code_name(err.code), err.msg);
			failed++;
		}
		fflush(stdout);
		bson_destroy(d);
	}
	close_store(s, cfg);
	return failed ? 1 : 0;
}

static int verify(int nfiles, char **files)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	char (*ids)[25] = NULL;
	int64_t *ns = NULL;
	int n = 0, cap = 0, whole = 1, listed_ok = 1, unique = 1;
	int64_t count = -1;

	for (int f = 0; f < nfiles; f++) {
		FILE *fp = fopen(files[f], "r");
		char h[64];
		long long rows;

		if (fp == NULL) {
			printf("Bail out! %s: %s\n", files[f], strerror(errno));
			return 1;
		}
		while (fscanf(fp, "%63s %lld", h, &rows) == 2) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				ids = realloc(ids, sizeof(*ids) * (size_t)cap);
				ns = realloc(ns, sizeof(*ns) * (size_t)cap);
				if (!ids || !ns) {
					printf("Bail out! out of memory\n");
					return 1;
				}
			}
			h[24] = '\0';
			memcpy(ids[n], h, 25);
			ns[n++] = rows;
		}
		fclose(fp);
	}
	printf("# %d ids reported saved\n", n);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(ids[i], ids[j]) == 0)
				unique = 0;
	CHECK(unique, "no id was reported twice");
	CHECK(ss_store_count(s, &count, E(&err)) == 0 && count == n,
	      "the store holds exactly the %d analyses saved (%lld)", n, (long long)count);
	for (int i = 0; i < n; i++) {
		rows_check rc = { 0, 4, 0, 0 };

		if (ss_store_each_customer(s, ids[i], check_row, &rc, E(&err)) != 0 || rc.n != ns[i] || rc.bad) {
			whole = 0;
			printf("# %s: %s (%lld rows)\n", ids[i], err.msg, (long long)rc.n);
		}
	}
	CHECK(whole, "every saved analysis is whole");
	{
		/* walk the list in pages: each reported id once, nothing else */
		int *seen = calloc((size_t)n + 1, sizeof(int)), others = 0;

		for (int off = 0; seen; off += 200) {
			bson_t page = BSON_INITIALIZER;
			uint32_t len;

			if (ss_store_list(s, 200, off, &page, E(&err)) != 0) {
				listed_ok = 0;
				bson_destroy(&page);
				break;
			}
			len = array_len(&page);
			for (uint32_t j = 0; j < len; j++) {
				char h[25] = "";
				int found = 0;

				item_id(&page, j, h);
				for (int i = 0; i < n; i++)
					if (strcmp(ids[i], h) == 0) {
						seen[i]++;
						found = 1;
					}
				others += !found;
			}
			bson_destroy(&page);
			if (len < 200)
				break;
		}
		for (int i = 0; seen && i < n; i++)
			if (seen[i] != 1)
				listed_ok = 0;
		CHECK(seen && listed_ok && others == 0, "the list shows each saved analysis exactly once");
		free(seen);
	}
	free(ids);
	free(ns);
	close_store(s, cfg);
	return check_failed ? 1 : 0;
}

static int save_one(int64_t n)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	bson_oid_t o;
	char h[25];
	bson_t *d;
	int rc;

	bson_oid_init(&o, NULL);
	bson_oid_to_string(&o, h);
	d = docs_make(&o, wall_ms(), n, 4, "persist.csv");
	rc = ss_store_save(s, d, E(&err));
	if (rc == 0)
		printf("%s\n", h);
	else
		fprintf(stderr, "save failed: %s\n", err.msg);
	bson_destroy(d);
	close_store(s, cfg);
	return rc == 0 ? 0 : 1;
}

static int check_one(const char *id, int64_t n)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	bson_t full = BSON_INITIALIZER, list = BSON_INITIALIZER;
	bson_iter_t it;
	char first[25] = "";

	CHECK(ss_store_get(s, id, &full, E(&err)) == 0 && raw_data_ok(&full, n, 4),
	      "%s comes back whole with %lld customers (%s)", id, (long long)n, err.msg);
	CHECK(bson_iter_init_find(&it, &full, "file_info") && bson_has_field(&full, "file_info.upload_date") &&
	      bson_has_field(&full, "kmeans_metrics.feature_importance.Monetary"), "with its head");
	CHECK(ss_store_list(s, 10, 0, &list, E(&err)) == 0 && item_id(&list, 0, first) && strcmp(first, id) == 0,
	      "and heads the list");
	bson_destroy(&full);
	bson_destroy(&list);
	close_store(s, cfg);
	return check_failed ? 1 : 0;
}

static int json_one(const char *id)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	int rc = ss_store_write_json(s, id, ss_json_sink_file, stdout, E(&err));

	if (rc != 0)
		fprintf(stderr, "write_json: %s: %s\n", ss_code_name(err.code), err.msg);
	close_store(s, cfg);
	return rc == 0 ? 0 : 1;
}

/* A document from the real pipeline, through the store and back. */
static int real(const char *csv)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	ss_params p;
	ss_file_info fi = { "online_retail.csv", 0 };
	bson_t *doc, full = BSON_INITIALIZER, list = BSON_INITIALIZER;
	bson_iter_t it;
	ss_strbuf want = { 0 }, got = { 0 };
	char hex[25] = "", first[25] = "";

	ss_params_default(&p);
	p.k = 3;
	doc = ss_pipeline_run(csv, &fi, &p, cfg, NULL, 0, E(&err));
	CHECK(doc != NULL, "the pipeline analyses %s (%s)", csv, err.msg);
	if (doc == NULL) {
		close_store(s, cfg);
		return 1;
	}
	if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
		bson_oid_to_string(bson_iter_oid(&it), hex);
	CHECK(ss_store_save(s, doc, E(&err)) == 0, "its document saves (%s)", err.msg);
	CHECK(ss_store_get(s, hex, &full, E(&err)) == 0 && docs_same_fields(&full, doc, NULL),
	      "it comes back with every field equal, raw_data included");
	CHECK(ss_store_list(s, 5, 0, &list, E(&err)) == 0 && item_id(&list, 0, first) && strcmp(first, hex) == 0 &&
	      bson_has_field(&list, "0.file_info.rows_processed") && bson_has_field(&list, "0.summary.0.AI_Marketing_Name") &&
	      !bson_has_field(&list, "0.raw_data"), "it heads the list, light");
	CHECK(ss_json_write(doc, ss_strbuf_sink, &want) == 0 && ss_store_write_json(s, hex, ss_strbuf_sink, &got, E(&err)) == 0,
	      "its JSON is written (%s)", err.msg);
	if (strcmp(ss_store_backend(s), "sqlite") == 0)
		CHECK(want.len == got.len && memcmp(want.p, got.p, want.len) == 0,
		      "the stored JSON is byte for byte the document's own (%zu bytes)", got.len);
	else  /* MongoDB moves _id first: same bytes, another order */
		CHECK(want.len == got.len, "the stored JSON is as long as the document's own (%zu bytes)", got.len);
	free(want.p);
	free(got.p);
	bson_destroy(&full);
	bson_destroy(&list);
	bson_destroy(doc);
	close_store(s, cfg);
	return check_failed ? 1 : 0;
}

/* ---- the server-down test ---- */

static void touch(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
}

static int wait_for(const char *dir, const char *name, int secs)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	for (int i = 0; i < secs * 10; i++) {
		if (stat(path, &st) == 0)
			return 1;
		usleep(100000);
	}
	return 0;
}

/* Saves A; announces "saving" and saves a 1M-customer B while the script
 * kills the server; checks the failures while it is down; announces
 * "checked", waits for "restarted", then saves C on the same handle. */
static int fault(const char *dir)
{
	ss_config *cfg;
	ss_store *s = open_store(&cfg);
	ss_error err = { 0 };
	bson_oid_t oa, ob, oc;
	char ha[25], hb[25], hc[25];
	bson_t *a, *b, *c, out = BSON_INITIALIZER;
	rows_check rc = { 0, 4, 0, 0 };
	double t, worst = 0;
	int64_t count;

	bson_oid_init(&oa, NULL);
	bson_oid_to_string(&oa, ha);
	a = docs_make(&oa, wall_ms(), 1000, 4, "a.csv");
	CHECK(ss_store_save(s, a, E(&err)) == 0, "with the server up, A saves (%s)", err.msg);
	bson_oid_init(&ob, NULL);
	bson_oid_to_string(&ob, hb);
	b = docs_make(&ob, wall_ms(), 1000000, 4, "b.csv");
	touch(dir, "saving");
	t = now_s();
	CHECK(ss_store_save(s, b, E(&err)) == -1 && err.code == SS_ESTORE && err.msg[0],
	      "a 1M-customer save cut off by the server's death fails with SS_ESTORE: %s", err.msg);
	printf("# the failed save took %.2f s\n", now_s() - t);
	CHECK(wait_for(dir, "down", 60), "the script has stopped the server");

	/* every call fails fast, with the reason */
#define DOWN(call, what) do { \
		double t0_ = now_s(), dt_; \
		ss_error_clear(&err); \
		int r_ = (call); \
		dt_ = now_s() - t0_; \
		if (dt_ > worst) worst = dt_; \
		CHECK(r_ == -1 && err.code == SS_ESTORE && err.msg[0], "server down: %s is SS_ESTORE in %.2f s: %s", \
		      what, dt_, err.msg); \
	} while (0)
	bson_oid_init(&oc, NULL);
	bson_oid_to_string(&oc, hc);
	c = docs_make(&oc, wall_ms(), 500, 4, "c.csv");
	DOWN(ss_store_save(s, c, E(&err)), "save");
	DOWN(ss_store_list(s, 10, 0, &out, E(&err)), "list");
	DOWN(ss_store_count(s, &count, E(&err)), "count");
	DOWN(ss_store_get_head(s, ha, &out, E(&err)), "get_head");
	DOWN(ss_store_each_customer(s, ha, check_row, &rc, E(&err)), "each_customer");
	DOWN(ss_store_delete(s, ha, E(&err)), "delete");
	DOWN(ss_store_health(s, E(&err)), "health");
	sleep(6);   /* past the client's 5 s reconnect cooldown: a real connection attempt */
	DOWN(ss_store_save(s, c, E(&err)), "save after the cooldown");
	DOWN(ss_store_health(s, E(&err)), "health after the cooldown");
	CHECK(worst < 3.0, "every call failed within 3 s (slowest %.2f s)", worst);
	touch(dir, "checked");
	CHECK(wait_for(dir, "restarted", 120), "the script has restarted the server");

	/* back: the same handle works again by itself */
	{
		int saved = 0;
		double t0 = now_s();

		while (!saved && now_s() - t0 < 60) {
			saved = ss_store_save(s, c, E(&err)) == 0;
			if (!saved)
				usleep(250000);
		}
		CHECK(saved, "once the server is back, a save on the same handle succeeds (after %.1f s)", now_s() - t0);
	}
	CHECK(ss_store_health(s, E(&err)) == 0, "health is ok again");
	bson_destroy(&out);
	bson_init(&out);
	CHECK(ss_store_get_head(s, hb, &out, E(&err)) == -1 && err.code == SS_ENOTFOUND,
	      "the save cut off is not visible (get: %s)", ss_code_name(err.code));
	rc = (rows_check){ 0, 4, 0, 0 };
	CHECK(ss_store_each_customer(s, hb, check_row, &rc, E(&err)) == -1 && err.code == SS_ENOTFOUND && rc.n == 0,
	      "nor are its customers");
	CHECK(ss_store_count(s, &count, E(&err)) == 0 && count == 2, "the store holds A and C only (%lld)", (long long)count);
	rc = (rows_check){ 0, 4, 0, 0 };
	CHECK(ss_store_each_customer(s, ha, check_row, &rc, E(&err)) == 0 && rc.n == 1000 && !rc.bad, "A is whole");
	rc = (rows_check){ 0, 4, 0, 0 };
	CHECK(ss_store_each_customer(s, hc, check_row, &rc, E(&err)) == 0 && rc.n == 500 && !rc.bad, "C is whole");
	CHECK(ss_store_save(s, b, E(&err)) == 0, "the 1M-customer save, retried, succeeds (%s)", err.msg);
	/* a read of a million rows on a loaded machine may lose its connection
	 * (seen once: "connection refused"); the claim is about what is stored,
	 * so a read that fails on the connection is read again */
	int read_ok = 0;
	for (int tries = 0; tries < 3 && !read_ok; tries++) {
		rc = (rows_check){ 0, 4, 0, 0 };
		read_ok = ss_store_each_customer(s, hb, check_row, &rc, E(&err)) == 0;
		if (read_ok || err.code != SS_ESTORE)
			break;
		printf("# reading B again after: %s\n", err.msg);
		sleep(1);
	}
	CHECK(read_ok && rc.n == 1000000 && !rc.bad,
	      "and B comes back whole (%lld rows, bad %lld: %s)", (long long)rc.n, (long long)rc.bad, err.msg);
	bson_destroy(&out);
	bson_destroy(a);
	bson_destroy(b);
	bson_destroy(c);
	close_store(s, cfg);
	return check_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "suite") == 0) {
		suite();
		return CHECK_DONE();
	}
	if (strcmp(mode, "save-many") == 0 && argc == 3)
		return save_many(atoi(argv[2]));
	if (strcmp(mode, "verify") == 0 && argc >= 3) {
		int rc = verify(argc - 2, argv + 2);

		printf("1..%d\n", check_n);
		return rc;
	}
	if (strcmp(mode, "save-keyed") == 0 && argc == 3)
		return save_keyed(argv[2]);
	if (strcmp(mode, "key-check") == 0 && argc == 4) {
		int rc = key_check(argv[2], argv[3]);

		printf("1..%d\n", check_n);
		return rc;
	}
	if (strcmp(mode, "save-one") == 0 && argc == 3)
		return save_one(atoll(argv[2]));
	if (strcmp(mode, "check") == 0 && argc == 4) {
		int rc = check_one(argv[2], atoll(argv[3]));

		printf("1..%d\n", check_n);
		return rc;
	}
	if (strcmp(mode, "json") == 0 && argc == 3)
		return json_one(argv[2]);
	if (strcmp(mode, "real") == 0 && argc == 3) {
		int rc = real(argv[2]);

		printf("1..%d\n", check_n);
		return rc;
	}
	if (strcmp(mode, "fault") == 0 && argc == 3) {
		int rc = fault(argv[2]);

		printf("1..%d\n", check_n);
		return rc;
	}
	fprintf(stderr, "usage: %s suite | save-many N | verify FILE... | save-one N | check ID N | json ID | real CSV | fault DIR\n",
	        argv[0]);
	return 2;
}
