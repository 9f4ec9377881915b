/* store_json.c: a stored analysis as JSON: the head's fields, with
 * raw_data streamed row by row from the store. */
#include <string.h>
#include "store/store_json.h"

typedef struct rows_ctx {
	ss_json_sink sink;
	void *ctx;
	int n;
	int sink_failed;
} rows_ctx;

static int write_row(void *vctx, const bson_t *row)
{
	rows_ctx *r = vctx;

	if ((r->n++ > 0 && r->sink(r->ctx, ",", 1) != 0) || ss_json_write(row, r->sink, r->ctx) != 0) {
		r->sink_failed = 1;
		return -1;
	}
	return 0;
}

static int write_raw_data(ss_store *s, const char *id, int first, ss_json_sink sink,
                          void *ctx, ss_error *err)
{
	rows_ctx r = { sink, ctx, 0, 0 };

	if ((!first && sink(ctx, ",", 1) != 0) || sink(ctx, "\"raw_data\":[", 12) != 0)
		return ss_error_set(err, SS_EIO, "writing the analysis failed");
	ss_error_clear(err);
	if (ss_store_each_customer(s, id, write_row, &r, err) != 0) {
		if (err != NULL && err->code == SS_OK)
			ss_error_set(err, SS_EIO, "writing the analysis failed");
		return -1;
	}
	if (sink(ctx, "]", 1) != 0)
		return ss_error_set(err, SS_EIO, "writing the analysis failed");
	return 0;
}

int ss_store_write_json(ss_store *s, const char *id, ss_json_sink sink, void *ctx,
                        ss_error *err)
{
	bson_t head = BSON_INITIALIZER;
	bson_iter_t it;
	int first = 1, rc = -1;

	if (ss_store_get_head(s, id, &head, err) != 0)
		goto out;
	if (!bson_iter_init(&it, &head)) {
		ss_error_set(err, SS_ESTORE, "stored analysis %s is corrupt", id);
		goto out;
	}
	if (sink(ctx, "{", 1) != 0)
		goto sink_failed;
	while (bson_iter_next(&it)) {
		const char *key = bson_iter_key(&it);

		if ((!first && sink(ctx, ",", 1) != 0) ||
		    ss_json_write_string(key, strlen(key), sink, ctx) != 0 ||
		    sink(ctx, ":", 1) != 0 || ss_json_write_value(&it, sink, ctx) != 0)
			goto sink_failed;
		first = 0;
	}
	/* raw_data last, where ss_document_build puts it */
	if (write_raw_data(s, id, first, sink, ctx, err) != 0)
		goto out;
	if (sink(ctx, "}", 1) != 0)
		goto sink_failed;
	rc = 0;
	goto out;
sink_failed:
	ss_error_set(err, SS_EIO, "writing the analysis failed");
out:
	bson_destroy(&head);
	return rc;
}
