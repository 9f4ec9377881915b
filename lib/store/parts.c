/* parts.c: what both backends store of a result document: its head, its
 * history list item and its rows (used by sqlite.c and mongo.c; calls
 * nothing of the store). */
#include <inttypes.h>
#include <string.h>
#include "store/private.h"

const char *const store__item_keys[] = {
	"_id", "created_at", "k_used", "file_info", "summary",
	"kmeans_metrics", "ai", "parameters", NULL
};

static int is_item_key(const char *key)
{
	for (int i = 0; store__item_keys[i] != NULL; i++)
		if (strcmp(key, store__item_keys[i]) == 0)
			return 1;
	return 0;
}

int store__split(const bson_t *doc, store__parts *p, ss_error *err)
{
	bson_iter_t it, rows;
	int have_id = 0, have_date = 0;

	memset(p, 0, sizeof(*p));
	bson_init(&p->head);
	bson_init(&p->item);
	if (!bson_iter_init(&it, doc)) {
		store__parts_free(p);
		return ss_error_set(err, SS_EPARAM, "document to save is corrupt");
	}
	while (bson_iter_next(&it)) {
		const char *key = bson_iter_key(&it);

		if (strcmp(key, "raw_data") == 0) {
			if (!BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &rows)) {
				store__parts_free(p);
				return ss_error_set(err, SS_EPARAM, "raw_data is not an array");
			}
			p->rows = rows;
			p->has_rows = 1;
			while (bson_iter_next(&rows)) {
				if (!BSON_ITER_HOLDS_DOCUMENT(&rows)) {
					store__parts_free(p);
					return ss_error_set(err, SS_EPARAM, "raw_data row %" PRId64 " is not a document", p->n_rows);
				}
				p->n_rows++;
			}
			continue;
		}
		if (strcmp(key, "_id") == 0 && BSON_ITER_HOLDS_OID(&it)) {
			bson_oid_copy(bson_iter_oid(&it), &p->oid);
			bson_oid_to_string(&p->oid, p->hex);
			have_id = 1;
		} else if (strcmp(key, "created_at") == 0 && BSON_ITER_HOLDS_DATE_TIME(&it)) {
			p->created_ms = bson_iter_date_time(&it);
			have_date = 1;
		}
		if (!bson_append_iter(&p->head, NULL, 0, &it) ||
		    (is_item_key(key) && !bson_append_iter(&p->item, NULL, 0, &it))) {
			store__parts_free(p);
			return ss_error_set(err, SS_ENOMEM, "out of memory splitting the document");
		}
	}
	if (!have_id || !have_date) {
		store__parts_free(p);
		return ss_error_set(err, SS_EPARAM, "document to save lacks an ObjectId _id or a date created_at");
	}
	return 0;
}

void store__parts_free(store__parts *p)
{
	bson_destroy(&p->head);
	bson_destroy(&p->item);
	memset(p, 0, sizeof(*p));
}
