/* mongo.c: the MongoDB store: collection `analyses` holds each
 * document without raw_data (the original service's shape); its customers
 * go to collection `customers` in chunks, so no document nears 16 MB. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mongoc/mongoc.h>
#include "store/private.h"

#define CHUNK_ROWS 10000          /* customers per chunk document */
#define CHUNK_BYTES (8 << 20)     /* and at most this many bytes of rows */

/* One single-threaded client: a store serves one request at a time and is
 * opened after fork, so a pool would buy nothing. */
typedef struct mongo_store {
	ss_store base;
	mongoc_client_t *client;
	mongoc_collection_t *analyses, *customers, *keys;
	char *db_name;
	int indexes_ok;
} mongo_store;

/* The reason goes to the client: when the server cannot be reached, say so
 * without libmongoc's text, which names the server's address and port. */
static int unreachable(const bson_error_t *e)
{
	/* a refused connection during the handshake comes in other domains,
	 * its text "connection refused calling hello on 'HOST:PORT'" */
	static const char *const says[] = { "calling hello", "onnection refused",
	                                     "ailed to connect", "o suitable servers",
	                                     "imed out", NULL };

	if (e->domain == MONGOC_ERROR_SERVER_SELECTION || e->domain == MONGOC_ERROR_STREAM)
		return 1;
	for (int i = 0; says[i] != NULL; i++)
		if (strstr(e->message, says[i]) != NULL)
			return 1;
	return 0;
}

static int fail(ss_error *err, const char *what, const bson_error_t *e)
{
	if (unreachable(e))
		return ss_error_set(err, SS_ESTORE, "MongoDB %s failed: the server cannot be reached",
		                    what);
	return ss_error_set(err, SS_ESTORE, "MongoDB %s failed: %s", what,
	                    e->message[0] ? e->message : "unknown error");
}

static const store__ops mongo_ops;

/* Short timeouts unless the URI sets its own: with the server down, a call
 * fails within about 2 s instead of hanging a worker. */
static void default_timeout(mongoc_uri_t *uri, const char *key, int32_t ms)
{
	if (!mongoc_uri_has_option(uri, key))
		mongoc_uri_set_option_as_int32(uri, key, ms);
}

ss_store *store__open_mongo(const char *uri_str, const char *db_name, ss_error *err)
{
	mongo_store *st;
	mongoc_uri_t *uri;
	bson_error_t e;

	mongoc_init();   /* once per process; later calls do nothing */
	uri = mongoc_uri_new_with_error(uri_str, &e);
	if (uri == NULL) {
		ss_error_set(err, SS_ESTORE, "MONGO_URI is not a valid MongoDB URI: %s", e.message);
		return NULL;
	}
	default_timeout(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, 2000);
	default_timeout(uri, MONGOC_URI_CONNECTTIMEOUTMS, 2000);
	default_timeout(uri, MONGOC_URI_SOCKETTIMEOUTMS, 10000);
	if (!mongoc_uri_has_option(uri, MONGOC_URI_APPNAME))
		mongoc_uri_set_appname(uri, "smartseg");
	st = calloc(1, sizeof(*st));
	if (st == NULL || (st->db_name = strdup(db_name)) == NULL) {
		free(st);
		mongoc_uri_destroy(uri);
		ss_error_set(err, SS_ENOMEM, "out of memory opening the store");
		return NULL;
	}
	st->base.ops = &mongo_ops;
	st->client = mongoc_client_new_from_uri_with_error(uri, &e);
	mongoc_uri_destroy(uri);
	if (st->client == NULL) {
		ss_error_set(err, SS_ESTORE, "MongoDB client: %s", e.message);
		mongo_ops.close(&st->base);
		return NULL;
	}
	mongoc_client_set_error_api(st->client, MONGOC_ERROR_API_VERSION_2);
	st->analyses = mongoc_client_get_collection(st->client, db_name, "analyses");
	st->customers = mongoc_client_get_collection(st->client, db_name, "customers");
	st->keys = mongoc_client_get_collection(st->client, db_name, "idempotency_keys");
	if (st->analyses == NULL || st->customers == NULL || st->keys == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory opening the store");
		mongo_ops.close(&st->base);
		return NULL;
	}
	return &st->base;
}

static void mg_close(ss_store *s)
{
	mongo_store *st = (mongo_store *)s;

	if (st->analyses)
		mongoc_collection_destroy(st->analyses);
	if (st->customers)
		mongoc_collection_destroy(st->customers);
	if (st->keys)
		mongoc_collection_destroy(st->keys);
	if (st->client)
		mongoc_client_destroy(st->client);
	free(st->db_name);
	free(st);
}

/* Created on the first save rather than at open, which must work while
 * the server is down. createIndexes is idempotent. */
static int ensure_indexes(mongo_store *st, ss_error *err)
{
	bson_error_t e;
	bson_t *cmd;
	int ok;

	if (st->indexes_ok)
		return 0;
	cmd = BCON_NEW("createIndexes", BCON_UTF8("analyses"),
	               "indexes", "[", "{", "key", "{", "created_at", BCON_INT32(-1), "}",
	               "name", BCON_UTF8("created_at_-1"), "}", "]");
	ok = mongoc_collection_write_command_with_opts(st->analyses, cmd, NULL, NULL, &e);
	bson_destroy(cmd);
	if (!ok)
		return fail(err, "creating the created_at index", &e);
	cmd = BCON_NEW("createIndexes", BCON_UTF8("customers"),
	               "indexes", "[", "{", "key", "{", "analysis_id", BCON_INT32(1), "seq", BCON_INT32(1), "}",
	               "name", BCON_UTF8("analysis_id_1_seq_1"), "}", "]");
	ok = mongoc_collection_write_command_with_opts(st->customers, cmd, NULL, NULL, &e);
	bson_destroy(cmd);
	if (!ok)
		return fail(err, "creating the customers index", &e);
	st->indexes_ok = 1;
	return 0;
}

/* 1 if the analysis exists, 0 if not, -1 on error. A find on _id, which
 * every server answers from its primary key. */
static int head_exists(mongo_store *st, const bson_oid_t *oid, ss_error *err)
{
	bson_t filter = BSON_INITIALIZER;
	bson_t *opts = BCON_NEW("projection", "{", "_id", BCON_INT32(1), "}", "limit", BCON_INT64(1));
	mongoc_cursor_t *cur;
	const bson_t *doc;
	bson_error_t e;
	int found;

	BSON_APPEND_OID(&filter, "_id", oid);
	cur = mongoc_collection_find_with_opts(st->analyses, &filter, opts, NULL);
	found = mongoc_cursor_next(cur, &doc);
	if (!found && mongoc_cursor_error(cur, &e))
		found = fail(err, "lookup", &e);
	mongoc_cursor_destroy(cur);
	bson_destroy(&filter);
	bson_destroy(opts);
	return found;
}

static int delete_chunks(mongo_store *st, const bson_oid_t *oid, bson_error_t *e)
{
	bson_t filter = BSON_INITIALIZER;
	int ok;

	BSON_APPEND_OID(&filter, "analysis_id", oid);
	ok = mongoc_collection_delete_many(st->customers, &filter, NULL, NULL, e);
	bson_destroy(&filter);
	return ok ? 0 : -1;
}

/* A chunk's _id: the analysis id and the chunk number, so that a chunk
 * left by an earlier failed save of the same id is found and replaced. */
static void chunk_id(char out[40], const char *hex, int32_t seq)
{
	snprintf(out, 40, "%s:%06" PRId32, hex, seq);
}

/* Writes chunk seq: rows from *rows (already on its first row) until
 * CHUNK_ROWS or CHUNK_BYTES; the final chunk carries last: true. The rows
 * travel as one binary value (their BSON documents end to end): a server
 * then handles one value per chunk instead of 10,000 documents. */
static int insert_chunk(mongo_store *st, const store__parts *p, int32_t seq,
                        bson_iter_t *rows, int *more, ss_error *err)
{
	bson_t chunk = BSON_INITIALIZER;
	bson_error_t e;
	char cid[40];
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	int32_t n = 0;
	int ok;

	while (*more && n < CHUNK_ROWS) {
		const uint8_t *data;
		uint32_t dlen;

		bson_iter_document(rows, &dlen, &data);
		if (n > 0 && len + dlen > CHUNK_BYTES)
			break;
		if (len + dlen > cap) {
			size_t ncap = cap ? cap * 2 : 1 << 20;
			uint8_t *nb;

			while (ncap < len + dlen)
				ncap *= 2;
			if ((nb = realloc(buf, ncap)) == NULL) {
				free(buf);
				return ss_error_set(err, SS_ENOMEM, "out of memory building a customer chunk");
			}
			buf = nb;
			cap = ncap;
		}
		memcpy(buf + len, data, dlen);
		len += dlen;
		n++;
		*more = bson_iter_next(rows);
	}
	chunk_id(cid, p->hex, seq);
	BSON_APPEND_UTF8(&chunk, "_id", cid);
	BSON_APPEND_OID(&chunk, "analysis_id", &p->oid);
	BSON_APPEND_INT32(&chunk, "seq", seq);
	BSON_APPEND_INT32(&chunk, "n", n);
	BSON_APPEND_BOOL(&chunk, "last", !*more);
	ok = bson_append_binary(&chunk, "rows", 4, BSON_SUBTYPE_BINARY, buf ? buf : (const uint8_t *)"", (uint32_t)len);
	free(buf);
	if (!ok) {
		bson_destroy(&chunk);
		return ss_error_set(err, SS_ENOMEM, "out of memory building a customer chunk");
	}
	ok = mongoc_collection_insert_one(st->customers, &chunk, NULL, NULL, &e);
	if (!ok && e.code == MONGOC_ERROR_DUPLICATE_KEY) {
		/* left by an earlier failed save of this id: overwrite it */
		bson_t filter = BSON_INITIALIZER, *opts = BCON_NEW("upsert", BCON_BOOL(true));

		BSON_APPEND_UTF8(&filter, "_id", cid);
		ok = mongoc_collection_replace_one(st->customers, &filter, &chunk, opts, NULL, &e);
		bson_destroy(&filter);
		bson_destroy(opts);
	}
	bson_destroy(&chunk);
	return ok ? 0 : fail(err, "saving customers", &e);
}

/* Chunks first, the head last: the analysis appears whole or not at all.
 * On failure, remove what was written (the head first, so that a head the
 * server did store never loses its customers). */
static int save_doc(mongo_store *st, const bson_t *doc, ss_error *err)
{
	store__parts p;
	bson_error_t e;
	int exists, ok;

	if (store__split(doc, &p, err) != 0)
		return -1;
	if (ensure_indexes(st, err) != 0)
		goto fail;
	exists = head_exists(st, &p.oid, err);
	if (exists < 0)
		goto fail;
	if (exists) {
		ss_error_set(err, SS_ESTORE, "an analysis with id %s is already stored", p.hex);
		goto fail;
	}
	if (p.has_rows) {
		bson_iter_t rows = p.rows;
		int more = bson_iter_next(&rows);

		for (int32_t seq = 0; more; seq++)
			if (insert_chunk(st, &p, seq, &rows, &more, err) != 0)
				goto cleanup;
	}
	ok = mongoc_collection_insert_one(st->analyses, &p.head, NULL, NULL, &e);
	if (!ok) {
		bson_t filter = BSON_INITIALIZER;
		bson_error_t e2;
		int head_gone;

		fail(err, "saving the analysis", &e);
		BSON_APPEND_OID(&filter, "_id", &p.oid);
		head_gone = e.code == MONGOC_ERROR_DUPLICATE_KEY ? 0 :
			mongoc_collection_delete_one(st->analyses, &filter, NULL, NULL, &e2);
		bson_destroy(&filter);
		if (head_gone)
			delete_chunks(st, &p.oid, &e2);
		goto fail;
	}
	store__parts_free(&p);
	return 0;
cleanup:
	delete_chunks(st, &p.oid, &e);  /* best effort: unreferenced chunks stay invisible */
fail:
	store__parts_free(&p);
	return -1;
}

/* ---- idempotency keys ----
 * Collection idempotency_keys: {_id: key, analysis_id, created_at}. The
 * _id index is unique on every server, so of concurrent saves under one
 * key exactly one inserts its claim; it then saves its analysis (head
 * last, as always) and withdraws the claim if the save fails. The others
 * wait for the claimed analysis to appear, and take over a claim that was
 * withdrawn or left by a worker that died (older than KEY_STALE_MS). */
#define KEY_WAIT_MS 30000
#define KEY_STALE_MS 120000

/* The claim of key: 1 with its analysis id and age, 0 none, -1 error. */
static int key_claim(mongo_store *st, const char *key, bson_oid_t *oid, int64_t *age_ms,
                     ss_error *err)
{
	bson_t filter = BSON_INITIALIZER;
	mongoc_cursor_t *cur;
	const bson_t *doc;
	bson_iter_t it;
	bson_error_t e;
	int found;

	BSON_APPEND_UTF8(&filter, "_id", key);
	cur = mongoc_collection_find_with_opts(st->keys, &filter, NULL, NULL);
	found = mongoc_cursor_next(cur, &doc);
	if (found) {
		if (bson_iter_init_find(&it, doc, "analysis_id") && BSON_ITER_HOLDS_OID(&it))
			bson_oid_copy(bson_iter_oid(&it), oid);
		else
			found = ss_error_set(err, SS_ESTORE, "idempotency key record without analysis_id");
		*age_ms = 0;
		if (bson_iter_init_find(&it, doc, "created_at") && BSON_ITER_HOLDS_DATE_TIME(&it))
			*age_ms = (int64_t)time(NULL) * 1000 - bson_iter_date_time(&it);
	} else if (mongoc_cursor_error(cur, &e)) {
		found = fail(err, "idempotency key lookup", &e);
	}
	mongoc_cursor_destroy(cur);
	bson_destroy(&filter);
	return found;
}

/* Inserts the claim: 1 done, 0 the key is claimed already, -1 error. */
static int key_insert(mongo_store *st, const char *key, const bson_oid_t *oid, ss_error *err)
{
	bson_t doc = BSON_INITIALIZER;
	bson_error_t e;
	int ok;

	BSON_APPEND_UTF8(&doc, "_id", key);
	BSON_APPEND_OID(&doc, "analysis_id", oid);
	BSON_APPEND_DATE_TIME(&doc, "created_at", (int64_t)time(NULL) * 1000);
	ok = mongoc_collection_insert_one(st->keys, &doc, NULL, NULL, &e);
	bson_destroy(&doc);
	if (ok)
		return 1;
	if (e.code == MONGOC_ERROR_DUPLICATE_KEY)
		return 0;
	return fail(err, "claiming the idempotency key", &e);
}

/* Withdraws key's claim if it is still oid's. */
static void key_withdraw(mongo_store *st, const char *key, const bson_oid_t *oid)
{
	bson_t filter = BSON_INITIALIZER;
	bson_error_t e;

	BSON_APPEND_UTF8(&filter, "_id", key);
	BSON_APPEND_OID(&filter, "analysis_id", oid);
	mongoc_collection_delete_one(st->keys, &filter, NULL, NULL, &e);
	bson_destroy(&filter);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int mg_find_key(ss_store *s, const char *key, char id[25], ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	bson_oid_t oid;
	int64_t age;
	int rc = key_claim(st, key, &oid, &age, err);

	if (rc <= 0)
		return rc;
	/* a claim whose analysis is not (yet) there names nothing */
	if ((rc = head_exists(st, &oid, err)) == 1)
		bson_oid_to_string(&oid, id);
	return rc;
}

static int mg_save(ss_store *s, const bson_t *doc, const char *key, char existing[25],
                   ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	bson_iter_t it;
	bson_oid_t mine, theirs;
	int64_t age, waited = 0;
	int rc;

	if (key == NULL)
		return save_doc(st, doc, err);
	if (!bson_iter_init_find(&it, doc, "_id") || !BSON_ITER_HOLDS_OID(&it))
		return ss_error_set(err, SS_EPARAM, "the document has no ObjectId _id");
	bson_oid_copy(bson_iter_oid(&it), &mine);
	for (;;) {
		if ((rc = key_insert(st, key, &mine, err)) < 0)
			return -1;
		if (rc == 1)
			break;
		if ((rc = key_claim(st, key, &theirs, &age, err)) < 0)
			return -1;
		if (rc == 1) {
			if ((rc = head_exists(st, &theirs, err)) < 0)
				return -1;
			if (rc == 1) {
				bson_oid_to_string(&theirs, existing);
				return 1;
			}
			if (age > KEY_STALE_MS) {
				key_withdraw(st, key, &theirs);
				continue;
			}
			if (waited >= KEY_WAIT_MS)
				return ss_error_set(err, SS_ESTORE, "another request with this idempotency "
				                    "key is still being saved; retry later");
			sleep_ms(50);
			waited += 50;
		}
		/* rc == 0: the claim was withdrawn meanwhile: claim it again */
	}
	if (save_doc(st, doc, err) != 0) {
		key_withdraw(st, key, &mine);
		return -1;
	}
	return 0;
}

/* Copies the documents of a cursor into array-document out. */
static int mg_list(ss_store *s, int limit, int offset, bson_t *out, ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	bson_t filter = BSON_INITIALIZER, opts = BSON_INITIALIZER, proj, sort;
	mongoc_cursor_t *cur;
	const bson_t *doc;
	bson_error_t e;
	uint32_t n = 0;
	int rc = 0;

	BSON_APPEND_DOCUMENT_BEGIN(&opts, "projection", &proj);
	for (int i = 0; store__item_keys[i] != NULL; i++)
		BSON_APPEND_INT32(&proj, store__item_keys[i], 1);
	bson_append_document_end(&opts, &proj);
	BSON_APPEND_DOCUMENT_BEGIN(&opts, "sort", &sort);
	BSON_APPEND_INT32(&sort, "created_at", -1);
	BSON_APPEND_INT32(&sort, "_id", -1);
	bson_append_document_end(&opts, &sort);
	BSON_APPEND_INT64(&opts, "skip", offset);
	BSON_APPEND_INT64(&opts, "limit", limit);
	cur = mongoc_collection_find_with_opts(st->analyses, &filter, &opts, NULL);
	while (mongoc_cursor_next(cur, &doc)) {
		const char *key;
		char buf[16];

		bson_uint32_to_string(n++, &key, buf, sizeof(buf));
		if (!bson_append_document(out, key, -1, doc)) {
			rc = ss_error_set(err, SS_ENOMEM, "out of memory listing analyses");
			break;
		}
	}
	if (rc == 0 && mongoc_cursor_error(cur, &e))
		rc = fail(err, "list", &e);
	mongoc_cursor_destroy(cur);
	bson_destroy(&filter);
	bson_destroy(&opts);
	return rc;
}

static int mg_count(ss_store *s, int64_t *count, ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	bson_t filter = BSON_INITIALIZER;
	bson_error_t e;
	int64_t n;

	n = mongoc_collection_count_documents(st->analyses, &filter, NULL, NULL, NULL, &e);
	bson_destroy(&filter);
	if (n < 0)
		return fail(err, "count", &e);
	*count = n;
	return 0;
}

/* Finds one analysis with the given projection; calls fn on it. */
static int find_head(mongo_store *st, const bson_oid_t *oid, const char *hex,
                     const char *proj_key, int proj_val,
                     int (*fn)(void *ctx, const bson_t *doc, ss_error *err),
                     void *ctx, ss_error *err)
{
	bson_t filter = BSON_INITIALIZER, opts = BSON_INITIALIZER, proj;
	mongoc_cursor_t *cur;
	const bson_t *doc;
	bson_error_t e;
	int rc;

	BSON_APPEND_OID(&filter, "_id", oid);
	BSON_APPEND_DOCUMENT_BEGIN(&opts, "projection", &proj);
	BSON_APPEND_INT32(&proj, proj_key, proj_val);
	bson_append_document_end(&opts, &proj);
	BSON_APPEND_INT64(&opts, "limit", 1);
	cur = mongoc_collection_find_with_opts(st->analyses, &filter, &opts, NULL);
	if (mongoc_cursor_next(cur, &doc))
		rc = fn(ctx, doc, err);
	else if (mongoc_cursor_error(cur, &e))
		rc = fail(err, "get", &e);
	else
		rc = ss_error_set(err, SS_ENOTFOUND, "no analysis with id %s", hex);
	mongoc_cursor_destroy(cur);
	bson_destroy(&filter);
	bson_destroy(&opts);
	return rc;
}

static int copy_head(void *ctx, const bson_t *doc, ss_error *err)
{
	if (!bson_concat(ctx, doc))
		return ss_error_set(err, SS_ENOMEM, "out of memory reading an analysis");
	return 0;
}

static int mg_get_head(ss_store *s, const bson_oid_t *oid, const char *hex,
                       bson_t *out, ss_error *err)
{
	return find_head((mongo_store *)s, oid, hex, "raw_data", 0, copy_head, out, err);
}

typedef struct each_ctx {
	ss_row_cb row_cb;
	void *ctx;
	int legacy;     /* raw_data inside the head, as the original service saved it */
} each_ctx;

/* Calls row_cb on each document of array iterator it. */
static int each_in_array(bson_iter_t *it, ss_row_cb row_cb, void *ctx, ss_error *err)
{
	while (bson_iter_next(it)) {
		const uint8_t *data;
		uint32_t len;
		bson_t row;

		if (!BSON_ITER_HOLDS_DOCUMENT(it))
			return ss_error_set(err, SS_ESTORE, "a stored customer row is not a document");
		bson_iter_document(it, &len, &data);
		if (!bson_init_static(&row, data, len))
			return ss_error_set(err, SS_ESTORE, "a stored customer row is corrupt");
		if (row_cb(ctx, &row) != 0)
			return -1;
	}
	return 0;
}

/* Calls row_cb on each BSON document of the binary value at it. */
static int each_in_binary(const bson_iter_t *it, ss_row_cb row_cb, void *ctx, ss_error *err)
{
	const uint8_t *data;
	uint32_t len, off = 0;
	bson_subtype_t sub;

	bson_iter_binary(it, &sub, &len, &data);
	while (off < len) {
		uint32_t dlen;
		bson_t row;

		if (len - off < 5)
			return ss_error_set(err, SS_ESTORE, "a stored customer chunk is corrupt");
		memcpy(&dlen, data + off, 4);
		dlen = BSON_UINT32_FROM_LE(dlen);
		if (dlen < 5 || dlen > len - off || !bson_init_static(&row, data + off, dlen))
			return ss_error_set(err, SS_ESTORE, "a stored customer chunk is corrupt");
		if (row_cb(ctx, &row) != 0)
			return -1;
		off += dlen;
	}
	return 0;
}

static int legacy_rows(void *vctx, const bson_t *doc, ss_error *err)
{
	each_ctx *c = vctx;
	bson_iter_t it, rows;

	if (bson_iter_init_find(&it, doc, "raw_data") && BSON_ITER_HOLDS_ARRAY(&it) &&
	    bson_iter_recurse(&it, &rows)) {
		c->legacy = 1;
		return each_in_array(&rows, c->row_cb, c->ctx, err);
	}
	return 0;
}

/* One query, chunks in seq order (the analysis_id+seq index on MongoDB).
 * The chunk numbers must run 0, 1, 2... up to the one marked last. */
static int mg_each_customer(ss_store *s, const bson_oid_t *oid, const char *hex,
                            ss_row_cb row_cb, void *ctx, ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	each_ctx c = { row_cb, ctx, 0 };
	bson_t filter = BSON_INITIALIZER, opts = BSON_INITIALIZER, sub;
	mongoc_cursor_t *cur;
	const bson_t *doc;
	bson_error_t e;
	int32_t want = 0;
	int rc = 0, last = 0;

	if (find_head(st, oid, hex, "raw_data", 1, legacy_rows, &c, err) != 0)
		return -1;
	if (c.legacy)
		return 0;
	BSON_APPEND_OID(&filter, "analysis_id", oid);
	BSON_APPEND_DOCUMENT_BEGIN(&opts, "sort", &sub);
	BSON_APPEND_INT32(&sub, "seq", 1);
	bson_append_document_end(&opts, &sub);
	/* a few chunks per reply: the client refuses replies over 48 MB, and
	 * not every server stops a batch at 16 MB by itself */
	BSON_APPEND_INT32(&opts, "batchSize", 4);
	cur = mongoc_collection_find_with_opts(st->customers, &filter, &opts, NULL);
	while (rc == 0 && !last && mongoc_cursor_next(cur, &doc)) {
		bson_iter_t it, rows;

		if (!bson_iter_init_find(&it, doc, "seq") || !BSON_ITER_HOLDS_INT32(&it) ||
		    bson_iter_int32(&it) != want) {
			rc = ss_error_set(err, SS_ESTORE, "the customers of analysis %s are incomplete (chunk %d)",
			                  hex, (int)want);
			break;
		}
		want++;
		last = bson_iter_init_find(&it, doc, "last") && bson_iter_as_bool(&it);
		if (bson_iter_init_find(&it, doc, "rows") && BSON_ITER_HOLDS_BINARY(&it))
			rc = each_in_binary(&it, row_cb, ctx, err);
		else if (bson_iter_init_find(&it, doc, "rows") && BSON_ITER_HOLDS_ARRAY(&it) &&
		         bson_iter_recurse(&it, &rows))
			rc = each_in_array(&rows, row_cb, ctx, err);
		else
			rc = ss_error_set(err, SS_ESTORE, "a customer chunk of analysis %s is corrupt", hex);
	}
	if (rc == 0 && mongoc_cursor_error(cur, &e))
		rc = fail(err, "reading customers", &e);
	else if (rc == 0 && want > 0 && !last)
		rc = ss_error_set(err, SS_ESTORE, "the customers of analysis %s are incomplete (after chunk %d)",
		                  hex, (int)want - 1);
	mongoc_cursor_destroy(cur);
	bson_destroy(&filter);
	bson_destroy(&opts);
	return rc;
}

/* A pull cursor over the chunks, in seq order, one row at a time: the
 * chunk in hand (the driver's current document) and an offset into it. */
typedef struct mg_cursor {
	ss_store_cursor base;
	mongoc_cursor_t *cur;
	char hex[25];
	bson_t *legacy;         /* raw_data inside the head (legacy shape) */
	bson_iter_t rows;       /* rows of an array chunk, or of legacy */
	const uint8_t *bin;     /* rows of a binary chunk */
	uint32_t bin_len, off;
	int mode;               /* 0 none in hand, 1 array, 2 binary */
	int32_t want;
	int last, done, is_legacy;
} mg_cursor;

static int legacy_copy(void *vctx, const bson_t *doc, ss_error *err)
{
	mg_cursor *c = vctx;
	bson_iter_t it;

	if (bson_iter_init_find(&it, doc, "raw_data") && BSON_ITER_HOLDS_ARRAY(&it)) {
		if ((c->legacy = bson_copy(doc)) == NULL)
			return ss_error_set(err, SS_ENOMEM, "out of memory reading an analysis");
		c->is_legacy = 1;
	}
	return 0;
}

static void mg_cursor_close(ss_store_cursor *cur)
{
	mg_cursor *c = (mg_cursor *)cur;

	if (c->cur != NULL)
		mongoc_cursor_destroy(c->cur);
	if (c->legacy != NULL)
		bson_destroy(c->legacy);
	free(c);
}

static ss_store_cursor *mg_cursor_open(ss_store *s, const bson_oid_t *oid, const char *hex,
                                       ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	bson_t filter = BSON_INITIALIZER, opts = BSON_INITIALIZER, sub;
	mg_cursor *c = NULL;

	/* bson_iter_t asks for 128-byte alignment, more than malloc gives */
	if (posix_memalign((void **)&c, _Alignof(mg_cursor), sizeof(*c)) != 0)
		c = NULL;
	else
		memset(c, 0, sizeof(*c));
	if (c == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory opening a customer cursor");
		return NULL;
	}
	c->base.ops = s->ops;
	snprintf(c->hex, sizeof(c->hex), "%s", hex);
	if (find_head(st, oid, hex, "raw_data", 1, legacy_copy, c, err) != 0) {
		mg_cursor_close(&c->base);
		return NULL;
	}
	if (c->is_legacy) {
		bson_iter_t it;
		bson_iter_init_find(&it, c->legacy, "raw_data");
		bson_iter_recurse(&it, &c->rows);
		c->mode = 1;
		return &c->base;
	}
	BSON_APPEND_OID(&filter, "analysis_id", oid);
	BSON_APPEND_DOCUMENT_BEGIN(&opts, "sort", &sub);
	BSON_APPEND_INT32(&sub, "seq", 1);
	bson_append_document_end(&opts, &sub);
	BSON_APPEND_INT32(&opts, "batchSize", 4);   /* as mg_each_customer */
	c->cur = mongoc_collection_find_with_opts(st->customers, &filter, &opts, NULL);
	bson_destroy(&filter);
	bson_destroy(&opts);
	return &c->base;
}

/* Takes the next chunk into hand: 1, 0 at the end, -1. */
static int next_chunk(mg_cursor *c, ss_error *err)
{
	const bson_t *doc;
	bson_error_t e;
	bson_iter_t it;
	bson_subtype_t sub;

	if (c->last || !mongoc_cursor_next(c->cur, &doc)) {
		if (mongoc_cursor_error(c->cur, &e))
			return fail(err, "reading customers", &e);
		if (c->want > 0 && !c->last)
			return ss_error_set(err, SS_ESTORE, "the customers of analysis %s are incomplete (after chunk %d)",
			                    c->hex, (int)c->want - 1);
		return 0;
	}
	if (!bson_iter_init_find(&it, doc, "seq") || !BSON_ITER_HOLDS_INT32(&it) || bson_iter_int32(&it) != c->want)
		return ss_error_set(err, SS_ESTORE, "the customers of analysis %s are incomplete (chunk %d)",
		                    c->hex, (int)c->want);
	c->want++;
	c->last = bson_iter_init_find(&it, doc, "last") && bson_iter_as_bool(&it);
	if (bson_iter_init_find(&it, doc, "rows") && BSON_ITER_HOLDS_BINARY(&it)) {
		bson_iter_binary(&it, &sub, &c->bin_len, &c->bin);
		c->off = 0;
		c->mode = 2;
	} else if (bson_iter_init_find(&it, doc, "rows") && BSON_ITER_HOLDS_ARRAY(&it) &&
	           bson_iter_recurse(&it, &c->rows)) {
		c->mode = 1;
	} else {
		return ss_error_set(err, SS_ESTORE, "a customer chunk of analysis %s is corrupt", c->hex);
	}
	return 1;
}

static int mg_cursor_next(ss_store_cursor *cur, bson_t *row, ss_error *err)
{
	mg_cursor *c = (mg_cursor *)cur;

	while (!c->done) {
		if (c->mode == 1 && bson_iter_next(&c->rows)) {
			const uint8_t *data;
			uint32_t len;
			if (!BSON_ITER_HOLDS_DOCUMENT(&c->rows))
				return ss_error_set(err, SS_ESTORE, "a stored customer row is not a document");
			bson_iter_document(&c->rows, &len, &data);
			if (!bson_init_static(row, data, len))
				return ss_error_set(err, SS_ESTORE, "a stored customer row is corrupt");
			return 1;
		}
		if (c->mode == 2 && c->off < c->bin_len) {
			uint32_t dlen;
			if (c->bin_len - c->off < 5)
				return ss_error_set(err, SS_ESTORE, "a stored customer chunk is corrupt");
			memcpy(&dlen, c->bin + c->off, 4);
			dlen = BSON_UINT32_FROM_LE(dlen);
			if (dlen < 5 || dlen > c->bin_len - c->off || !bson_init_static(row, c->bin + c->off, dlen))
				return ss_error_set(err, SS_ESTORE, "a stored customer chunk is corrupt");
			c->off += dlen;
			return 1;
		}
		if (c->is_legacy) {
			c->done = 1;
			break;
		}
		int rc = next_chunk(c, err);
		if (rc <= 0) {
			c->done = rc == 0;
			return rc;
		}
	}
	return 0;
}

/* The head first: once it is gone the analysis is gone; chunks a failure
 * leaves behind are unreferenced and never shown. */
static int mg_delete(ss_store *s, const bson_oid_t *oid, const char *hex, ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	bson_t filter = BSON_INITIALIZER, reply;
	bson_iter_t it;
	bson_error_t e;
	int ok;
	int64_t n = 0;

	BSON_APPEND_OID(&filter, "_id", oid);
	ok = mongoc_collection_delete_one(st->analyses, &filter, NULL, &reply, &e);
	bson_destroy(&filter);
	if (ok && bson_iter_init_find(&it, &reply, "deletedCount"))
		n = bson_iter_as_int64(&it);
	bson_destroy(&reply);
	if (!ok)
		return fail(err, "delete", &e);
	if (n == 0)
		return ss_error_set(err, SS_ENOTFOUND, "no analysis with id %s", hex);
	delete_chunks(st, oid, &e);
	/* the key of a deleted analysis is free again (best effort: a claim
	 * without its analysis is taken over once stale) */
	bson_init(&filter);
	BSON_APPEND_OID(&filter, "analysis_id", oid);
	mongoc_collection_delete_many(st->keys, &filter, NULL, NULL, &e);
	bson_destroy(&filter);
	return 0;
}

static int mg_health(ss_store *s, ss_error *err)
{
	mongo_store *st = (mongo_store *)s;
	bson_t *cmd = BCON_NEW("ping", BCON_INT32(1));
	bson_error_t e;
	int ok = mongoc_client_command_simple(st->client, st->db_name, cmd, NULL, NULL, &e);

	bson_destroy(cmd);
	return ok ? 0 : fail(err, "ping", &e);
}

static const store__ops mongo_ops = {
	.name = "mongodb",
	.close = mg_close,
	.save = mg_save,
	.find_key = mg_find_key,
	.list = mg_list,
	.count = mg_count,
	.get_head = mg_get_head,
	.each_customer = mg_each_customer,
	.cursor_open = mg_cursor_open,
	.cursor_next = mg_cursor_next,
	.cursor_close = mg_cursor_close,
	.delete = mg_delete,
	.health = mg_health,
};
