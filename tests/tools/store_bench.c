/* store_bench: store timings on the backend the environment names
 * (MONGO_URI + DB_NAME, else SMARTSEG_DB).
 *   store_bench big N        save, stream, get and JSON of one N-customer analysis
 *   store_bench history M    list latency with M stored analyses (saves them first) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mongoc/mongoc.h>
#include "config.h"
#include "store/store.h"
#include "store/store_json.h"
#include "../unit/store_docs.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int count_row(void *ctx, const bson_t *row)
{
	(void)row;
	++*(int64_t *)ctx;
	return 0;
}

static int null_sink(void *ctx, const char *buf, size_t len)
{
	(void)buf;
	*(size_t *)ctx += len;
	return 0;
}

static int die(const char *what, const ss_error *err)
{
	fprintf(stderr, "store_bench: %s: %s\n", what, err->msg);
	return 1;
}

static int big(ss_store *s, int64_t n)
{
	ss_error err = { 0 };
	bson_oid_t o;
	char hex[25];
	bson_t *d, full = BSON_INITIALIZER;
	int64_t rows = 0;
	size_t bytes = 0;
	double t;

	bson_oid_init(&o, NULL);
	bson_oid_to_string(&o, hex);
	d = docs_make(&o, 1795000000000LL, n, 5, "bench.csv");
	printf("%s: analysis of %lld customers, %.1f MB of BSON\n", ss_store_backend(s), (long long)n, d->len / 1e6);
	t = now_s();
	if (ss_store_save(s, d, &err) != 0)
		return die("save", &err);
	printf("  save           %8.2f s\n", now_s() - t);
	t = now_s();
	if (ss_store_each_customer(s, hex, count_row, &rows, &err) != 0 || rows != n)
		return die("each_customer", &err);
	printf("  stream rows    %8.2f s\n", now_s() - t);
	t = now_s();
	if (ss_store_get(s, hex, &full, &err) != 0)
		return die("get", &err);
	printf("  get (in BSON)  %8.2f s\n", now_s() - t);
	t = now_s();
	if (ss_store_write_json(s, hex, null_sink, &bytes, &err) != 0)
		return die("write_json", &err);
	printf("  JSON streamed  %8.2f s  (%.1f MB)\n", now_s() - t, bytes / 1e6);
	t = now_s();
	if (ss_store_delete(s, hex, &err) != 0)
		return die("delete", &err);
	printf("  delete         %8.2f s\n", now_s() - t);
	bson_destroy(&full);
	bson_destroy(d);
	return 0;
}

/* MongoDB: the list reads only the analyses collection, so heads (no
 * customers) go in by one bulk insert; saving 10,000 analyses one by one
 * through FerretDB, which scans for every _id lookup, takes too long. */
static int bulk_heads(ss_config *cfg, int64_t from, int64_t to)
{
	mongoc_client_t *c = mongoc_client_new(ss_config_get(cfg, "MONGO_URI", ""));
	mongoc_collection_t *coll;
	mongoc_bulk_operation_t *bulk;
	bson_error_t e;
	int ok;

	if (c == NULL)
		return -1;
	coll = mongoc_client_get_collection(c, ss_config_get(cfg, "DB_NAME", "smartseg_db"), "analyses");
	bulk = mongoc_collection_create_bulk_operation_with_opts(coll, NULL);
	for (int64_t i = from; i < to; i++) {
		bson_oid_t o;
		bson_t *d = NULL, head = BSON_INITIALIZER;

		bson_oid_init(&o, NULL);
		d = docs_make(&o, 1795000000000LL + i * 1000, 20, 4, "history.csv");
		bson_copy_to_excluding_noinit(d, &head, "raw_data", NULL);
		mongoc_bulk_operation_insert(bulk, &head);
		bson_destroy(&head);
		bson_destroy(d);
	}
	ok = mongoc_bulk_operation_execute(bulk, NULL, &e) != 0;
	if (!ok)
		fprintf(stderr, "store_bench: bulk insert: %s\n", e.message);
	mongoc_bulk_operation_destroy(bulk);
	mongoc_collection_destroy(coll);
	mongoc_client_destroy(c);
	return ok ? 0 : -1;
}

static int history(ss_store *s, ss_config *cfg, int m)
{
	ss_error err = { 0 };
	int64_t have = 0;
	double t;
	const int reps = strcmp(ss_store_backend(s), "mongodb") == 0 ? 5 : 50;

	if (ss_store_count(s, &have, &err) != 0)
		return die("count", &err);
	t = now_s();
	if (strcmp(ss_store_backend(s), "mongodb") == 0 && m > have) {
		if (bulk_heads(cfg, have, m) != 0)
			return 1;
		printf("%s: bulk-inserted %lld analysis heads in %.1f s\n", ss_store_backend(s),
		       (long long)(m - have), now_s() - t);
		have = m;
	}
	for (int64_t i = have; i < m; i++) {
		bson_oid_t o;
		bson_t *d;

		bson_oid_init(&o, NULL);
		d = docs_make(&o, 1795000000000LL + i * 1000, 20, 4, "history.csv");
		if (ss_store_save(s, d, &err) != 0)
			return die("save", &err);
		bson_destroy(d);
	}
	if (m > have)
		printf("%s: saved %lld analyses of 20 customers in %.1f s (%.2f ms each)\n", ss_store_backend(s),
		       (long long)(m - have), now_s() - t, (now_s() - t) * 1000 / (double)(m - have));
	printf("%s: history with %d analyses stored (mean of %d calls)\n", ss_store_backend(s), m, reps);
	{
		const struct { int limit, offset; } q[] = { { 3, 0 }, { 50, 0 }, { 50, 5000 }, { 200, 0 } };

		for (size_t k = 0; k < sizeof(q) / sizeof(q[0]); k++) {
			t = now_s();
			for (int r = 0; r < reps; r++) {
				bson_t out = BSON_INITIALIZER;

				if (ss_store_list(s, q[k].limit, q[k].offset, &out, &err) != 0)
					return die("list", &err);
				bson_destroy(&out);
			}
			printf("  list limit=%-3d offset=%-5d %8.2f ms\n", q[k].limit, q[k].offset,
			       (now_s() - t) * 1000 / reps);
		}
	}
	t = now_s();
	for (int r = 0; r < reps; r++)
		if (ss_store_count(s, &have, &err) != 0)
			return die("count", &err);
	printf("  count                     %8.2f ms\n", (now_s() - t) * 1000 / reps);
	return 0;
}

int main(int argc, char **argv)
{
	ss_error err = { 0 };
	ss_config *cfg;
	ss_store *s;
	int rc = 2;

	if (argc != 3 || (strcmp(argv[1], "big") != 0 && strcmp(argv[1], "history") != 0)) {
		fprintf(stderr, "usage: %s big N | history M\n", argv[0]);
		return 2;
	}
	if ((cfg = ss_config_load(".env", &err)) == NULL || (s = ss_store_open(cfg, &err)) == NULL)
		return die("open", &err);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[1], "big") == 0)
		rc = big(s, atoll(argv[2]));
	else
		rc = history(s, cfg, atoi(argv[2]));
	ss_store_close(s);
	ss_config_free(cfg);
	ss_store_process_cleanup();
	return rc;
}
