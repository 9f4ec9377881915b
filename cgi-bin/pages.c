/* pages.c: the HTML pages without JavaScript: the upload form, the form's
 * post, the history table and the delete confirmation. */
#include <stdio.h>
#include <string.h>
#include "handlers.h"
#include "lang.h"
#include "render.h"

#define HISTORY_PAGE 20

/* The five latest analyses into "latest"; a store problem becomes a note. */
static void latest(const struct app *app, const struct req *r, HDF *hdf)
{
	ss_error err = app->store_err;
	bson_t list;

	bson_init(&list);
	if (app->store == NULL || ss_store_list(app->store, 5, 0, &list, &err) != 0)
	{
		char buf[700];
		hset_str(hdf, "latest_error", TRF(r, buf, "msg.history_unavailable", err.msg));
	}
	else
		hdf_from_bson(hdf, "latest", &list);
	bson_destroy(&list);
}

/* The form's inputs and their defaults: the marketing preset (ss_params_marketing). */
static const struct { enum key k; const char *def; bool advanced; } f[] = {
		{ KEY_K, "auto", false }, { KEY_DELIMITER, "auto", false },
		{ KEY_TRANSFORM, "log", false }, { KEY_LANG, NULL, false },
		{ KEY_RETURNS, "exclude", true }, { KEY_NONPOSITIVE, "aside", true },
		{ KEY_CAP, "off", true }, { KEY_BINS, "5", true },
		{ KEY_SHEET, "", true }, { KEY_SNAPSHOT, "", true }, { KEY_CLV, "on", true },
		{ KEY_HORIZON, "90", true }, { KEY_DISCOUNT, "0", true }, { KEY_HOLDOUT, "", true },
};

/* The first refused parameter that has no input of the form's to show it
 * beside (seed, limit, an idempotency key...), or NULL. */
static const char *unshown_error(const struct req *r)
{
	for (int k = 0; k < KEY__MAX; k++) {
		bool input = false;
		for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
			input = input || f[i].k == (enum key)k;
		if (!input && r->fields[k].present && !r->fields[k].valid)
			return r->fields[k].error;
	}
	return NULL;
}

/* The form's current choices: the user's raw values, else the defaults. */
static void form_values(struct req *r, HDF *hdf)
{

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const struct field *fl = &r->fields[f[i].k];
		char name[64];
		snprintf(name, sizeof(name), "form.%s", key_name(f[i].k));
		hset_str(hdf, name, fl->present ? fl->raw : f[i].def ? f[i].def : lang_code(r->lang));
		if (fl->present && !fl->valid) {
			snprintf(name, sizeof(name), "form.error.%s", key_name(f[i].k));
			hset_str(hdf, name, fl->error);
			if (f[i].advanced)  /* the Advanced section opens on its errors */
				hset_str(hdf, "form.advanced_open", "1");
		}
	}
	if (r->fields[KEY_DELIMITER].present && r->fields[KEY_DELIMITER].raw[0] == '\0')
		hset_str(hdf, "form.delimiter", "auto");
	if (r->upload_name[0] != '\0')
		hset_str(hdf, "form.filename", r->upload_name);
}

/* The form page with status (200, or the failure's 400/413/422/503). */
static void send_form(const struct app *app, struct req *r, int status, HDF *hdf)
{
	form_values(r, hdf);
	latest(app, r, hdf);
	hset_str(hdf, "title", tr(r, "index.page_title"));
	render_send(r, status, hdf, "index.cs", NULL);
}

/* GET /: 200. */
void page_index(struct app *app, struct req *r)
{
	HDF *hdf = render_hdf(app, r);

	if (hdf == NULL) {
		page_error(app, r, 500, "out of memory");
		return;
	}
	send_form(app, r, 200, hdf);
	hdf_destroy(&hdf);
}

/* POST /analyses: 303 to the result; the form again with the reason on
 * 400, 413, 422, 503. */
void page_create(struct app *app, struct req *r)
{
	char msg[600], loc[400];
	ss_error err = { 0 };
	ss_params params;
	bson_t *doc = NULL;
	enum req_code rc;
	HDF *hdf;
	int st;

	if ((hdf = render_hdf(app, r)) == NULL) {
		page_error(app, r, 500, "out of memory");
		return;
	}
	if ((rc = form_body(app, r, &form_watch, msg, sizeof(msg))) != REQ_OK) {
		st = http_status_req(rc);
		hset_str(hdf, rc == REQ_ETOOLARGE || !r->fields[KEY_FILE].present ? "form.error.file"
		                                                                 : "form.error.general", msg);
		goto fail;
	}
	if (idempotency_take(r, msg, sizeof(msg)) != 0) {
		st = 422;
		hset_str(hdf, "form.error.general", msg);
		goto fail;
	}
	if (form_validate(r) > 0) {
		const char *why = unshown_error(r);
		st = 422;
		if (why != NULL)  /* no input of the form's own shows it */
			hset_str(hdf, "form.error.general", TRF(r, msg, "msg.bad_parameter", why));
		goto fail;
	}
	if (r->upload_fd < 0 || (r->upload_size == 0 && r->upload_name[0] == '\0')) {
		st = 422;
		hset_str(hdf, "form.error.file", tr(r, "msg.choose_file"));
		goto fail;
	}
	if (r->upload_size == 0) {
		st = 422;
		hset_str(hdf, "form.error.file", tr(r, "msg.empty_file"));
		goto fail;
	}
	if (app->store == NULL) {
		st = 503;
		hset_str(hdf, "form.error.general", TRF(r, msg, "msg.store_unavailable", app->store_err.msg));
		goto fail;
	}
	/* a retry with the key of an earlier upload goes to its analysis */
	const char *key = idempotency_key(r);
	char id[25] = "";
	int saved = key ? ss_store_find_key(app->store, key, id, &err) : 0;
	if (saved == 0) {
		params_from_fields(r, &params);
		/* the personas speak the page's language unless the form says */
		if (!r->fields[KEY_LANG].present)
			params.lang = (ss_lang)r->lang;
		if ((doc = analyze_upload(app, r, &params, &err)) != NULL &&
		    reference_apply(app, r, &doc, &err) == 0)
			saved = ss_store_save_keyed(app->store, doc, key, id, &err);
		else
			saved = -1;
	}
	if (saved < 0) {
		bool bins = err.code == SS_EPARAM && strncmp(err.msg, "bins", 4) == 0;
		st = http_status(err.code);
		/* a bins refusal (an empty bin) goes beside bins, other k-related
		 * ones beside k, the rest beside the file */
		hset_str(hdf, bins ? "form.error.bins" : err.code == SS_EPARAM ? "form.error.k" :
		              st == 503 ? "form.error.general" : "form.error.file", err.msg);
		if (bins)
			hset_str(hdf, "form.advanced_open", "1");
		goto fail;
	}
	if (saved == 0) {
		bson_iter_t it;
		if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
			bson_oid_to_string(bson_iter_oid(&it), id);
	}
	snprintf(loc, sizeof(loc), "Location: %s/analyses/%s%s%s\r\n", r->base, id,
	         r->lang_query ? "?lang=" : "", r->lang_query ? lang_code(r->lang) : "");
	if (doc != NULL)
		bson_destroy(doc);
	hdf_destroy(&hdf);
	reply_head(r, 303, CT_HTML, false, loc);
	web_puts(r, "<!doctype html><title>See Other</title><p>The analysis is ready.</p>\n");
	return;
fail:
	if (doc != NULL)
		bson_destroy(doc);
	body_drain(r);
	send_form(app, r, st, hdf);
	hdf_destroy(&hdf);
}

/* GET /analyses?page=N: 200 (the table, or a note when the store is
 * down: 503); 422 for a bad page number. */
void page_analyses(struct app *app, struct req *r)
{
	ss_error err = app->store_err;
	ss_store *store = app->store;
	int64_t total = 0;
	long long page = 1, pages;
	bson_t list;
	HDF *hdf;

	if (form_validate(r) > 0) {
		char msg[400];
		const char *why = "";
		for (int k = 0; k < KEY__MAX && why[0] == '\0'; k++)
			if (r->fields[k].present && !r->fields[k].valid)
				why = r->fields[k].error;
		page_error(app, r, 422, TRF(r, msg, "msg.bad_parameter", why));
		return;
	}
	if (r->fields[KEY_PAGE].present)
		page = r->fields[KEY_PAGE].parsed.i;
	if (store == NULL || ss_store_count(store, &total, &err) != 0) {
		page_error(app, r, 503, err.msg);
		return;
	}
	pages = total > 0 ? (total + HISTORY_PAGE - 1) / HISTORY_PAGE : 1;
	if (page > pages)
		page = pages;
	bson_init(&list);
	if (ss_store_list(store, HISTORY_PAGE, (int)((page - 1) * HISTORY_PAGE), &list, &err) != 0) {
		bson_destroy(&list);
		page_error(app, r, http_status(err.code), err.msg);
		return;
	}
	hdf = render_hdf_doc(app, r, "items", &list);
	bson_destroy(&list);
	if (hdf == NULL)
		return;
	hset(hdf, "paging.page", "%lld", page);
	hset(hdf, "paging.pages", "%lld", pages);
	hset(hdf, "paging.total", "%lld", (long long)total);
	if (page > 1)
		hset(hdf, "paging.prev", "%lld", page - 1);
	if (page < pages)
		hset(hdf, "paging.next", "%lld", page + 1);
	hset_str(hdf, "title", tr(r, "history.title"));
	render_send(r, 200, hdf, "history.cs", NULL);
	hdf_destroy(&hdf);
}

/* POST /analyses/{id}/delete (confirm=yes): 303 to the history; 400
 * without the confirmation; 404; 503. */
void page_delete(struct app *app, struct req *r)
{
	ss_error err = { 0 };
	char msg[600], loc[300];
	enum req_code rc;

	if (app->store == NULL) {
		page_error(app, r, 503, app->store_err.msg);
		return;
	}
	if ((rc = form_body(app, r, NULL, msg, sizeof(msg))) != REQ_OK) {
		page_error(app, r, http_status_req(rc), msg);
		return;
	}
	if (form_validate(r) > 0 || !r->fields[KEY_CONFIRM].present) {
		page_error(app, r, 400, tr(r, "msg.confirm_delete"));
		return;
	}
	if (ss_store_delete(app->store, r->id, &err) != 0) {
		page_error(app, r, http_status(err.code), err.msg);
		return;
	}
	snprintf(loc, sizeof(loc), "Location: %s/analyses%s%s\r\n", r->base,
	         r->lang_query ? "?lang=" : "", r->lang_query ? lang_code(r->lang) : "");
	reply_head(r, 303, CT_HTML, false, loc);
	web_puts(r, "<!doctype html><title>See Other</title><p>Deleted.</p>\n");
}

/* GET /analyses/{id}/delete: 200, the confirmation page; 404; 503. */
void page_delete_confirm(struct app *app, struct req *r)
{
	bson_t head;
	HDF *hdf;

	bson_init(&head);
	hdf = page_load_head(app, r, &head) == 0 ? render_hdf_doc(app, r, "doc", &head) : NULL;
	bson_destroy(&head);
	if (hdf == NULL)
		return;
	hset_str(hdf, "id", r->id);
	hset_str(hdf, "title", tr(r, "delete.page_title"));
	render_send(r, 200, hdf, "delete.cs", NULL);
	hdf_destroy(&hdf);
}
