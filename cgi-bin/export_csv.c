/* export_csv.c: GET /history/{id}/customers.csv: one row per customer,
 * streamed from the store, text cells neutralised against formula
 * injection. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fmt.h"
#include "web.h"

#define MAX_COLS 32

struct csvctx {
	struct req *r;
	char cols[MAX_COLS][64];  /* column order, from the first row */
	int ncols;
	char (*names)[256];       /* persona name per cluster */
	int k;
	char buf[16384];          /* rows gathered before writing */
	size_t len;
	int failed;
};

static int out(struct csvctx *c, const char *s, size_t n)
{
	if (c->len + n > sizeof(c->buf)) {
		if (web_write(c->r, c->buf, c->len) != 0)
			return -1;
		c->len = 0;
		if (n > sizeof(c->buf))
			return web_write(c->r, s, n);
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	return 0;
}

/* A text cell: a leading = + - @ TAB CR is defused with a quote mark, and
 * the cell is quoted when it holds a separator, quote or line break. */
static int cell_text(struct csvctx *c, const char *s, size_t n)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = 0;

	if (quote)
		rc |= out(c, "\"", 1);
	if (n > 0 && strchr("=+-@\t\r", s[0]) != NULL)
		rc |= out(c, "'", 1);
	for (size_t i = 0; i < n; i++)
		rc |= s[i] == '"' ? out(c, "\"\"", 2) : out(c, s + i, 1);
	if (quote)
		rc |= out(c, "\"", 1);
	return rc;
}

static int cell_value(struct csvctx *c, const bson_iter_t *it)
{
	char num[64];
	uint32_t len;
	const char *s;

	switch (bson_iter_type(it)) {
	case BSON_TYPE_UTF8:
		s = bson_iter_utf8(it, &len);
		return cell_text(c, s, len);
	case BSON_TYPE_INT32:
		snprintf(num, sizeof(num), "%d", bson_iter_int32(it));
		break;
	case BSON_TYPE_INT64:
		snprintf(num, sizeof(num), "%lld", (long long)bson_iter_int64(it));
		break;
	case BSON_TYPE_DOUBLE:
		fmt_double(num, sizeof(num), bson_iter_double(it));
		break;
	case BSON_TYPE_BOOL:
		snprintf(num, sizeof(num), "%s", bson_iter_bool(it) ? "true" : "false");
		break;
	default:
		num[0] = '\0';
	}
	return out(c, num, strlen(num));
}

static int row_cb(void *ctx, const bson_t *row)
{
	struct csvctx *c = ctx;
	bson_iter_t it;
	int cluster = -1;

	if (c->ncols == 0) {  /* the header line, from the first row */
		if (!bson_iter_init(&it, row))
			return -1;
		while (bson_iter_next(&it) && c->ncols < MAX_COLS) {
			snprintf(c->cols[c->ncols], sizeof(c->cols[0]), "%s", bson_iter_key(&it));
			if (c->ncols > 0)
				out(c, ",", 1);
			cell_text(c, c->cols[c->ncols], strlen(c->cols[c->ncols]));
			c->ncols++;
		}
		if (out(c, ",Segment\r\n", 10) != 0)
			return c->failed = -1;
	}
	for (int i = 0; i < c->ncols; i++) {
		if (i > 0)
			out(c, ",", 1);
		if (bson_iter_init_find(&it, row, c->cols[i])) {
			cell_value(c, &it);
			if (strcmp(c->cols[i], "Cluster") == 0 && BSON_ITER_HOLDS_NUMBER(&it))
				cluster = (int)bson_iter_as_int64(&it);
		}
	}
	out(c, ",", 1);
	if (cluster >= 0 && cluster < c->k)
		cell_text(c, c->names[cluster], strlen(c->names[cluster]));
	if (out(c, "\r\n", 2) != 0)
		return c->failed = -1;
	return 0;
}

/* GET /history/{id}/customers.csv: 200 (streamed), 404, 503. */
void api_customers_csv(struct req *r)
{
	char names[64][256], extra[200];
	ss_error err = { 0 };
	ss_store *store;
	bson_iter_t it, sub, f;
	bson_t head;
	struct csvctx *c;
	int k = 0;

	if ((store = app_store(r->app, &err)) == NULL) {
		reply_json_error(r, 503, err.msg);
		return;
	}
	bson_init(&head);
	if (ss_store_get_head(store, r->id, &head, &err) != 0) {
		bson_destroy(&head);
		reply_json_error(r, status_of(err.code), err.msg);
		return;
	}
	memset(names, 0, sizeof(names));
	if (bson_iter_init_find(&it, &head, "summary") && BSON_ITER_HOLDS_ARRAY(&it) &&
	    bson_iter_recurse(&it, &sub)) {
		while (bson_iter_next(&sub) && k < 64) {
			bson_iter_t item;
			if (BSON_ITER_HOLDS_DOCUMENT(&sub) && bson_iter_recurse(&sub, &item) &&
			    bson_iter_find(&item, "AI_Marketing_Name") && BSON_ITER_HOLDS_UTF8(&item))
				snprintf(names[k], sizeof(names[k]), "%s", bson_iter_utf8(&item, NULL));
			(void)f;
			k++;
		}
	}
	bson_destroy(&head);
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		reply_json_error(r, 500, "out of memory");
		return;
	}
	c->r = r;
	c->names = names;
	c->k = k;
	snprintf(extra, sizeof(extra),
	         "Content-Disposition: attachment; filename=\"smartseg-%s-customers.csv\"\r\n", r->id);
	reply_head(r, 200, CT_CSV, true, extra);
	if (ss_store_each_customer(store, r->id, row_cb, c, &err) == 0 && c->len > 0)
		web_write(r, c->buf, c->len);
	free(c);
}
