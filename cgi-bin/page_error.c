/* page_error.c: errors as pages: the error page, the choice between it and
 * the JSON error, and loading a stored analysis or showing why not. */
#include <stdio.h>
#include "handlers.h"
#include "lang.h"
#include "public_msg.h"
#include "render.h"

void page_error(const struct app *app, struct req *r, int status, const char *msg)
{
	char shown[1024];
	HDF *hdf = render_hdf(app, r);

	msg = public_msg(msg, shown, sizeof(shown));

	if (hdf == NULL) {
		reply_head(r, status, CT_TEXT, false, NULL);
		web_puts(r, msg);
		return;
	}
	hset(hdf, "error.status", "%d", status);
	char key[32];
	snprintf(key, sizeof(key), "status.s%d", status);
	const char *title = r->cat != NULL ? hdf_get_value(r->cat, key, status_text(status)) : status_text(status);
	hset_str(hdf, "error.title", title);
	hset_str(hdf, "error.detail", msg);
	hset_str(hdf, "title", title);
	render_send(r, status, hdf, "error.cs", NULL);
	hdf_destroy(&hdf);
}

void reply_error_t(const struct app *app, struct req *r, int status, const char *key)
{
	/* the API speaks English whatever the page language */
	const char *en = app->cat[LANG_EN] != NULL ? hdf_get_value(app->cat[LANG_EN], key, key) : key;
	reply_error(app, r, status, r->want_html ? tr(r, key) : en);
}

void reply_error(const struct app *app, struct req *r, int status, const char *msg)
{
	if (r->want_html)
		page_error(app, r, status, msg);
	else
		reply_json_error(r, status, msg);
}

int page_load_head(const struct app *app, struct req *r, bson_t *head)
{
	ss_error err = { 0 };

	if (app->store == NULL) {
		page_error(app, r, 503, app->store_err.msg);
		return -1;
	}
	if (ss_store_get_head(app->store, r->id, head, &err) != 0) {
		page_error(app, r, http_status(err.code), err.msg);
		return -1;
	}
	return 0;
}
