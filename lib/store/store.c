/* store.c: the store interface: picks a backend, checks ids and arguments,
 * puts stored documents back together. Backends are reached through their
 * ops table only; what they share is in parts.c. */
#include <string.h>
#include "store/private.h"

#include <mongoc/mongoc.h>

ss_store *ss_store_open(const ss_config *cfg, ss_error *err)
{
	const char *uri = ss_config_get(cfg, "MONGO_URI", NULL);

	if (uri != NULL && uri[0] != '\0')
		return store__open_mongo(uri, ss_config_get(cfg, "DB_NAME", "smartseg_db"), err);
	return store__open_sqlite(ss_config_get(cfg, "SMARTSEG_DB", "var/smartseg.db"),
	                             ss_config_get_long(cfg, "SMARTSEG_DB_BUSY_MS", 5000, 0, 600000),
	                             err);
}

void ss_store_close(ss_store *s)
{
	if (s != NULL)
		s->ops->close(s);
}

void ss_store_process_cleanup(void)
{
	mongoc_cleanup();
}

const char *ss_store_backend(const ss_store *s)
{
	return s->ops->name;
}

/* A malformed id names no analysis: not found, like an unknown one. */
static int parse_id(const char *id, bson_oid_t *oid, char hex[25], ss_error *err)
{
	if (id == NULL || strlen(id) != 24 || !bson_oid_is_valid(id, 24))
		return ss_error_set(err, SS_ENOTFOUND, "no analysis with id \"%.40s\" (an id is 24 hex digits)",
		                    id ? id : "");
	bson_oid_init_from_string(oid, id);
	bson_oid_to_string(oid, hex);
	return 0;
}

int ss_store_save(ss_store *s, const bson_t *doc, ss_error *err)
{
	if (doc == NULL)
		return ss_error_set(err, SS_EPARAM, "no document to save");
	return s->ops->save(s, doc, NULL, NULL, err);
}

int ss_store_key_valid(const char *key)
{
	size_t n = key ? strlen(key) : 0;

	if (n == 0 || n > SS_STORE_KEY_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)key[i] < 0x21 || (unsigned char)key[i] > 0x7E)
			return 0;
	return 1;
}

static int bad_key(ss_error *err)
{
	return ss_error_set(err, SS_EPARAM, "an idempotency key is 1 to %d printable ASCII "
	                    "characters without spaces", SS_STORE_KEY_MAX);
}

int ss_store_save_keyed(ss_store *s, const bson_t *doc, const char *key,
                        char existing[25], ss_error *err)
{
	if (doc == NULL)
		return ss_error_set(err, SS_EPARAM, "no document to save");
	if (key == NULL)
		return s->ops->save(s, doc, NULL, NULL, err);
	if (!ss_store_key_valid(key) || existing == NULL)
		return bad_key(err);
	existing[0] = '\0';
	return s->ops->save(s, doc, key, existing, err);
}

int ss_store_find_key(ss_store *s, const char *key, char id[25], ss_error *err)
{
	if (!ss_store_key_valid(key) || id == NULL)
		return bad_key(err);
	id[0] = '\0';
	return s->ops->find_key(s, key, id, err);
}

int ss_store_list(ss_store *s, int limit, int offset, bson_t *out, ss_error *err)
{
	if (limit < 1 || limit > 200)
		return ss_error_set(err, SS_EPARAM, "list limit %d is not in 1..200", limit);
	if (offset < 0)
		return ss_error_set(err, SS_EPARAM, "list offset %d is negative", offset);
	return s->ops->list(s, limit, offset, out, err);
}

int ss_store_count(ss_store *s, int64_t *count, ss_error *err)
{
	return s->ops->count(s, count, err);
}

int ss_store_get_head(ss_store *s, const char *id, bson_t *out, ss_error *err)
{
	bson_oid_t oid;
	char hex[25];

	if (parse_id(id, &oid, hex, err) != 0)
		return -1;
	return s->ops->get_head(s, &oid, hex, out, err);
}

int ss_store_each_customer(ss_store *s, const char *id, ss_row_cb row_cb,
                           void *ctx, ss_error *err)
{
	bson_oid_t oid;
	char hex[25];

	if (parse_id(id, &oid, hex, err) != 0)
		return -1;
	return s->ops->each_customer(s, &oid, hex, row_cb, ctx, err);
}

ss_store_cursor *ss_store_customers_open(ss_store *s, const char *id, ss_error *err)
{
	bson_oid_t oid;
	char hex[25];

	if (parse_id(id, &oid, hex, err) != 0)
		return NULL;
	return s->ops->cursor_open(s, &oid, hex, err);
}

int ss_store_customers_next(void *cursor, bson_t *row, ss_error *err)
{
	ss_store_cursor *c = cursor;

	return c->ops->cursor_next(c, row, err);
}

void ss_store_customers_close(ss_store_cursor *c)
{
	if (c != NULL)
		c->ops->cursor_close(c);
}

typedef struct row_sink {
	bson_t *array;
	uint32_t n;
	int nomem;
} row_sink;

static int append_row(void *ctx, const bson_t *row)
{
	row_sink *rs = ctx;
	const char *key;
	char buf[16];

	bson_uint32_to_string(rs->n, &key, buf, sizeof(buf));
	if (!bson_append_document(rs->array, key, -1, row)) {
		rs->nomem = 1;
		return -1;
	}
	rs->n++;
	return 0;
}

/* raw_data goes last, where ss_document_build puts it. */
int ss_store_get(ss_store *s, const char *id, bson_t *out, ss_error *err)
{
	bson_t head = BSON_INITIALIZER, arr;
	row_sink rs = { &arr, 0, 0 };
	int rc;

	if (ss_store_get_head(s, id, &head, err) != 0) {
		bson_destroy(&head);
		return -1;
	}
	if (!bson_concat(out, &head) || !bson_append_array_begin(out, "raw_data", 8, &arr)) {
		bson_destroy(&head);
		return ss_error_set(err, SS_ENOMEM, "document too large to assemble");
	}
	bson_destroy(&head);
	ss_error_clear(err);
	rc = ss_store_each_customer(s, id, append_row, &rs, err);
	bson_append_array_end(out, &arr);
	if (rc != 0 && rs.nomem)
		ss_error_set(err, SS_ENOMEM, "analysis %s is too large to assemble in memory", id);
	return rc;
}

int ss_store_delete(ss_store *s, const char *id, ss_error *err)
{
	bson_oid_t oid;
	char hex[25];

	if (parse_id(id, &oid, hex, err) != 0)
		return -1;
	return s->ops->delete(s, &oid, hex, err);
}

int ss_store_health(ss_store *s, ss_error *err)
{
	return s->ops->health(s, err);
}
