/* private.h: what the two store backends share (private to lib/store/).
 * Calls go one way: store.c -> a backend (its constructor, then its ops
 * table) -> parts.c; no backend calls store.c. */
#ifndef SMARTSEG_STORE_IMPL_H
#define SMARTSEG_STORE_IMPL_H
#include <stdint.h>
#include "store/store.h"

/* One backend: every function gets the store it was opened as. Ids reach
 * the backend already checked (oid) and in lowercase hex (hex). */
typedef struct store__ops {
	const char *name;
	void (*close)(ss_store *s);
	/* key NULL: a plain save; else as ss_store_save_keyed (key checked) */
	int (*save)(ss_store *s, const bson_t *doc, const char *key, char existing[25],
	            ss_error *err);
	int (*find_key)(ss_store *s, const char *key, char id[25], ss_error *err);
	int (*list)(ss_store *s, int limit, int offset, bson_t *out, ss_error *err);
	int (*count)(ss_store *s, int64_t *count, ss_error *err);
	int (*get_head)(ss_store *s, const bson_oid_t *oid, const char *hex,
	                bson_t *out, ss_error *err);
	int (*each_customer)(ss_store *s, const bson_oid_t *oid, const char *hex,
	                     ss_row_cb row_cb, void *ctx, ss_error *err);
	/* customers in CustomerID order as a pull cursor (store.h) */
	ss_store_cursor *(*cursor_open)(ss_store *s, const bson_oid_t *oid, const char *hex,
	                                ss_error *err);
	int (*cursor_next)(ss_store_cursor *c, bson_t *row, ss_error *err);
	void (*cursor_close)(ss_store_cursor *c);
	int (*delete)(ss_store *s, const bson_oid_t *oid, const char *hex, ss_error *err);
	int (*health)(ss_store *s, ss_error *err);
} store__ops;

/* Every backend's store struct begins with this. */
struct ss_store {
	const store__ops *ops;
};

/* Every backend's cursor struct begins with this. */
struct ss_store_cursor {
	const store__ops *ops;
};

/* The parts of a result document a backend stores (parts.c). */
typedef struct store__parts {
	bson_oid_t oid;
	char hex[25];
	int64_t created_ms;     /* created_at, Unix ms */
	bson_t head;            /* everything but raw_data */
	bson_t item;            /* the history list item */
	bson_iter_t rows;       /* raw_data's elements (valid when has_rows) */
	int has_rows;
	int64_t n_rows;
} store__parts;

/* Splits doc: it must carry an ObjectId `_id`, a date `created_at`, and
 * raw_data (if any) must be an array of documents. Returns 0 with parts
 * filled (free with store__parts_free), or -1 with SS_EPARAM/SS_ENOMEM. */
int store__split(const bson_t *doc, store__parts *p, ss_error *err);
void store__parts_free(store__parts *p);

/* The keys a history list item keeps, NULL-terminated. */
extern const char *const store__item_keys[];

/* Backend constructors (the store.c dispatcher picks one). */
ss_store *store__open_sqlite(const char *path, long busy_ms, ss_error *err);
ss_store *store__open_mongo(const char *uri, const char *db_name, ss_error *err);

#endif
