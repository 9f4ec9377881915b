/* export_csv.c: GET /history/{id}/customers.csv: one row per customer,
 * streamed from the store through lib's spreadsheet-safe CSV writer. */
#include <stdio.h>
#include "document/customers_csv.h"
#include "handlers.h"

struct csvctx {
	struct req *r;
	bool started;
};

/* Headers go out with the first byte, so an unknown id is still a 404. */
static int sink(void *ctx, const char *buf, size_t len)
{
	struct csvctx *c = ctx;

	if (!c->started) {
		char extra[200];
		c->started = true;
		snprintf(extra, sizeof(extra), "Content-Disposition: attachment; "
		         "filename=\"smartseg-%s-customers.csv\"\r\n", c->r->id);
		reply_head(c->r, 200, CT_CSV, true, extra);
	}
	return web_write(c->r, buf, len);
}

static int row_cb(void *ctx, const bson_t *row)
{
	struct csvctx *c = ctx;

	if (!c->started && ss_customers_csv_header(sink, c) != 0)
		return -1;
	return ss_customers_csv_row(row, sink, c);
}

/* GET /history/{id}/customers.csv: 200 (streamed), 404, 503. */
void api_customers_csv(struct app *app, struct req *r)
{
	struct csvctx c = { .r = r };
	ss_error err = { 0 };

	if (app->store == NULL) {
		reply_json_error(r, 503, app->store_err.msg);
		return;
	}
	if (ss_store_each_customer(app->store, r->id, row_cb, &c, &err) != 0 && !c.started) {
		reply_json_error(r, err.code == SS_OK ? 500 : http_status(err.code),
		                 err.msg[0] ? err.msg : "the customers could not be read");
		return;
	}
	if (!c.started)  /* an analysis without customers: just the header */
		ss_customers_csv_header(sink, &c);
}
