/* store.h: where analyses live. One interface, two backends: SQLite (the
 * embedded default, SMARTSEG_DB) and MongoDB (when MONGO_URI is set).
 * Ids are 24-hex ObjectIds on both. Open one store per process, after any
 * fork; a store serves one request at a time. */
#ifndef SMARTSEG_STORE_H
#define SMARTSEG_STORE_H
#include <bson/bson.h>
#include "config.h"
#include "ss_error.h"

typedef struct ss_store ss_store;

/* Opens the backend the settings name (MONGO_URI + DB_NAME, else SQLite at
 * SMARTSEG_DB, default var/smartseg.db), migrating the schema if needed.
 * Returns NULL with err set (SS_ESTORE with the reason, SS_ENOMEM). A Mongo
 * store opens even when the server is down: calls then fail with SS_ESTORE
 * and succeed again once it is back. Free with ss_store_close(). */
ss_store *ss_store_open(const ss_config *cfg, ss_error *err);
void ss_store_close(ss_store *s);

/* Frees libmongoc's process-wide state. Call it at most once, at exit,
 * after every store is closed (it keeps leak checkers quiet; skipping it
 * leaks nothing that grows). ss_store_open initialises libmongoc itself. */
void ss_store_process_cleanup(void);

/* A save on its own thread, so the caller can render the document
 * meanwhile. s and doc are the caller's and stay untouched (doc only read)
 * until ss_store_save_wait, which returns what ss_store_save would have and
 * frees the handle. Without a thread the save happens at once; NULL when out
 * of memory (nothing saved: ss_store_save_wait(NULL) reports SS_ENOMEM). */
typedef struct ss_store_saving ss_store_saving;
ss_store_saving *ss_store_save_start(ss_store *s, const bson_t *doc);
int ss_store_save_wait(ss_store_saving *sv, ss_error *err);

/* "sqlite" or "mongodb". */
const char *ss_store_backend(const ss_store *s);

/* Saves a result document (from ss_document_build: it carries its `_id`).
 * All or nothing: a failed save leaves no partial analysis visible.
 * Returns 0, or -1 with err set (SS_ESTORE, SS_ENOMEM). */
int ss_store_save(ss_store *s, const bson_t *doc, ss_error *err);

/* Idempotency keys: a retried upload carries the key of the first try,
 * and the first analysis saved under it is the answer to every retry.
 * A key is 1..SS_STORE_KEY_MAX printable ASCII bytes (no spaces); it lives
 * as long as its analysis (deleting the analysis frees the key). */
#define SS_STORE_KEY_MAX 200

/* ss_store_save under key (NULL: a plain save). When an analysis is
 * already stored under key, nothing is saved and its id goes to existing
 * (25 bytes): returns 1. Returns 0 when doc was saved under key, -1 with
 * err set (SS_EPARAM for a bad key). Concurrent saves under one key, from
 * any process or host sharing the store, store exactly one analysis; the
 * others get 1 with its id (SQLite: a unique index, in the save's
 * transaction; MongoDB: the key as the _id of collection
 * idempotency_keys, claimed before the save, waited on by the others). */
int ss_store_save_keyed(ss_store *s, const bson_t *doc, const char *key,
                        char existing[25], ss_error *err);

/* The id of the analysis stored under key (whole and visible) into id
 * (25 bytes): 1; 0 when there is none; -1 with err set. */
int ss_store_find_key(ss_store *s, const char *key, char id[25], ss_error *err);

/* Is key a valid idempotency key? */
int ss_store_key_valid(const char *key);

/* ss_store_save_start under key (NULL: none); ss_store_save_wait_keyed
 * then returns what ss_store_save_keyed would have (1 with existing). */
ss_store_saving *ss_store_save_start_keyed(ss_store *s, const bson_t *doc, const char *key);
int ss_store_save_wait_keyed(ss_store_saving *sv, char existing[25], ss_error *err);

/* Lightweight items (the document without raw_data), newest first, as an
 * array document written into out (initialised by the caller with
 * bson_init). limit 1..200, offset >= 0. */
int ss_store_list(ss_store *s, int limit, int offset, bson_t *out, ss_error *err);

/* Total number of stored analyses (for paging). */
int ss_store_count(ss_store *s, int64_t *count, ss_error *err);

/* The document without raw_data into out (initialised by the caller).
 * A malformed or unknown id is SS_ENOTFOUND. */
int ss_store_get_head(ss_store *s, const char *id, bson_t *out, ss_error *err);

/* Calls row_cb once per customer (a raw_data row document), in stored
 * order, without holding them all in memory. row_cb returns 0 to go on or
 * -1 to stop (then this returns -1 with err untouched if err->code is
 * SS_OK). Unknown id: SS_ENOTFOUND. row_cb must not call the store. */
typedef int (*ss_row_cb)(void *ctx, const bson_t *row);
int ss_store_each_customer(ss_store *s, const char *id, ss_row_cb row_cb,
                           void *ctx, ss_error *err);

/* A pull reader of an analysis's customers in CustomerID order (bytewise,
 * strictly increasing), for merging two analyses: several may be open on
 * one store at once, but no other store call may run while one is open
 * (close them first). Stored order is CustomerID order on both backends:
 * ss_document_build writes raw_data in ingest's order, which is sorted by
 * CustomerID, and both backends keep the rows in document order (SQLite's
 * `ord`, MongoDB's chunk `seq`); readers of two analyses check the order
 * as they merge (compare/compare.h). Unknown id: NULL with SS_ENOTFOUND.
 * ss_store_customers_next has the shape of compare's ss_row_next: 1 with
 * *row (valid until the next call), 0 at the end, -1 with err set. */
typedef struct ss_store_cursor ss_store_cursor;
ss_store_cursor *ss_store_customers_open(ss_store *s, const char *id, ss_error *err);
int ss_store_customers_next(void *cursor, bson_t *row, ss_error *err);
void ss_store_customers_close(ss_store_cursor *c);

/* The whole document (head + raw_data) into out (initialised by caller). */
int ss_store_get(ss_store *s, const char *id, bson_t *out, ss_error *err);

/* Deletes an analysis and its customers. Unknown id: SS_ENOTFOUND. */
int ss_store_delete(ss_store *s, const char *id, ss_error *err);

/* 0 when the backend answers, else -1 with SS_ESTORE and the reason. */
int ss_store_health(ss_store *s, ss_error *err);

#endif
