/* export_csv.c: GET /history/{id}/customers.csv: one row per customer,
 * streamed from the store through lib's spreadsheet-safe CSV writer. */
#include <stdio.h>
#include "document/customers_csv.h"
#include "handlers.h"

struct csvctx {
	struct req *r;
	bool started;
	const ss_customers_export *x;
	char filename[120];
};

/* Headers go out with the first byte, so an unknown id is still a 404. */
static int sink(void *ctx, const char *buf, size_t len)
{
	struct csvctx *c = ctx;

	if (!c->started) {
		char extra[200];
		c->started = true;
		snprintf(extra, sizeof(extra), "Content-Disposition: attachment; "
		         "filename=\"%s\"\r\n", c->filename);
		reply_head(c->r, 200, CT_CSV, true, extra);
	}
	return web_write(c->r, buf, len);
}

static int row_cb(void *ctx, const bson_t *row)
{
	struct csvctx *c = ctx;

	if (!c->started && ss_customers_csv_header(c->x, sink, c) != 0)
		return -1;
	return ss_customers_csv_row(c->x, row, sink, c);
}

/* GET /history/{id}/customers.csv[?segment=NAME]: 200 (streamed), 404,
 * 422 (an unknown segment: the reason lists them), 503. */
void api_customers_csv(struct app *app, struct req *r)
{
	const struct field *seg = &r->fields[KEY_SEGMENT];
	ss_customers_export x;
	struct csvctx c = { .r = r, .x = &x };
	ss_error err = { 0 };
	bson_t head;

	if (app->store == NULL) {
		reply_json_error(r, 503, app->store_err.msg);
		return;
	}
	/* the head: the clusters' names, the segment asked for, set_aside */
	bson_init(&head);
	if (ss_store_get_head(app->store, r->id, &head, &err) != 0 ||
	    ss_customers_export_init(&x, &head, seg->present ? seg->raw : NULL, &err) != 0) {
		bson_destroy(&head);
		reply_json_error(r, http_status(err.code), err.msg);
		return;
	}
	ss_customers_export_filename(&x, r->id, c.filename, sizeof(c.filename));
	if (ss_store_each_customer(app->store, r->id, row_cb, &c, &err) != 0 && !c.started) {
		bson_destroy(&head);
		reply_json_error(r, err.code == SS_OK ? 500 : http_status(err.code),
		                 err.msg[0] ? err.msg : "the customers could not be read");
		return;
	}
	if (!c.started)  /* no customer in the choice yet: the header */
		ss_customers_csv_header(&x, sink, &c);
	ss_customers_csv_aside(&x, &head, sink, &c);
	bson_destroy(&head);
}
