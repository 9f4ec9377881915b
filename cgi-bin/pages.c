/* pages.c: the HTML pages without JavaScript: the upload form, the form's
 * post, the history table, the delete confirmation and the error page. */
#include <stdio.h>
#include <string.h>
#include "render.h"

#define HISTORY_PAGE 20

/* The five latest analyses into "latest"; a store problem becomes a note. */
static void latest(struct req *r, HDF *hdf)
{
	ss_error err = { 0 };
	ss_store *store = app_store(r->app, &err);
	bson_t list;

	bson_init(&list);
	if (store == NULL || ss_store_list(store, 5, 0, &list, &err) != 0)
		hset(hdf, "latest_error", "The history is unavailable: %s", err.msg);
	else
		hdf_from_bson(hdf, "latest", &list);
	bson_destroy(&list);
}

/* The form's current choices: the user's raw values, else the defaults. */
static void form_values(struct req *r, HDF *hdf)
{
	static const struct { enum key k; const char *def; } f[] = {
		{ KEY_K, "3" }, { KEY_DELIMITER, "auto" }, { KEY_TRANSFORM, "none" },
		{ KEY_LANG, "en" },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const struct field *fl = &r->fields[f[i].k];
		char name[64];
		snprintf(name, sizeof(name), "form.%s", key_name(f[i].k));
		hset_str(hdf, name, fl->present ? fl->raw : f[i].def);
		if (fl->present && !fl->valid) {
			snprintf(name, sizeof(name), "form.error.%s", key_name(f[i].k));
			hset_str(hdf, name, fl->error);
		}
	}
	if (r->fields[KEY_DELIMITER].present && r->fields[KEY_DELIMITER].raw[0] == '\0')
		hset_str(hdf, "form.delimiter", "auto");
	if (r->upload_name[0] != '\0')
		hset_str(hdf, "form.filename", r->upload_name);
}

/* The form page with status (200, or the failure's 400/413/422/503). */
static void send_form(struct req *r, int status, HDF *hdf)
{
	form_values(r, hdf);
	latest(r, hdf);
	hset_str(hdf, "title", "New analysis");
	render_send(r, status, hdf, "index.cs", NULL);
}

/* GET /: 200. */
void page_index(struct req *r)
{
	HDF *hdf = render_hdf(r);

	if (hdf == NULL) {
		reply_error(r, 500, "out of memory");
		return;
	}
	send_form(r, 200, hdf);
	hdf_destroy(&hdf);
}

/* POST /analyses: 303 to the result; the form again with the reason on
 * 400, 413, 422, 503. */
void page_create(struct req *r)
{
	char msg[600], loc[400];
	ss_error err = { 0 };
	ss_params params;
	ss_store *store;
	bson_t *doc = NULL;
	HDF *hdf;
	int st;

	if ((hdf = render_hdf(r)) == NULL) {
		reply_error(r, 500, "out of memory");
		return;
	}
	if ((st = form_body(r, msg, sizeof(msg))) != 0) {
		hset_str(hdf, st == 413 || !r->fields[KEY_FILE].present ? "form.error.file"
		                                                        : "form.error.general", msg);
		goto fail;
	}
	if (form_validate(r) > 0) {
		st = 422;
		goto fail;
	}
	if (r->upload_fd < 0 || (r->upload_size == 0 && r->upload_name[0] == '\0')) {
		st = 422;
		hset_str(hdf, "form.error.file", "Choose a CSV file to analyse.");
		goto fail;
	}
	if (r->upload_size == 0) {
		st = 422;
		hset_str(hdf, "form.error.file", "The file is empty.");
		goto fail;
	}
	if ((store = app_store(r->app, &err)) == NULL) {
		st = 503;
		hset(hdf, "form.error.general", "The store is unavailable: %s", err.msg);
		goto fail;
	}
	params_from_fields(r, &params);
	if ((doc = pipeline_run(r, &params, &err)) == NULL ||
	    ss_store_save(store, doc, &err) != 0) {
		st = status_of(err.code);
		/* k-related refusals go beside k, the rest beside the file */
		hset_str(hdf, err.code == SS_EPARAM ? "form.error.k" :
		              st == 503 ? "form.error.general" : "form.error.file", err.msg);
		goto fail;
	}
	{
		bson_iter_t it;
		char id[25] = "";
		if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
			bson_oid_to_string(bson_iter_oid(&it), id);
		snprintf(loc, sizeof(loc), "Location: %s/analyses/%s\r\n", r->base, id);
	}
	bson_destroy(doc);
	hdf_destroy(&hdf);
	reply_head(r, 303, CT_HTML, false, loc);
	web_puts(r, "<!doctype html><title>See Other</title><p>The analysis is ready.</p>\n");
	return;
fail:
	if (doc != NULL)
		bson_destroy(doc);
	body_drain(r);
	send_form(r, st, hdf);
	hdf_destroy(&hdf);
}

/* GET /analyses?page=N: 200 (the table, or a note when the store is
 * down: 503); 422 for a bad page number. */
void page_analyses(struct req *r)
{
	ss_error err = { 0 };
	ss_store *store;
	int64_t total = 0;
	long long page = 1, pages;
	bson_t list;
	HDF *hdf;

	if (form_validate(r) > 0) {
		page_error(r, 422, r->fields[KEY_PAGE].error[0] ? r->fields[KEY_PAGE].error
		                                                 : "invalid query");
		return;
	}
	if (r->fields[KEY_PAGE].present)
		page = r->fields[KEY_PAGE].parsed.i;
	if ((store = app_store(r->app, &err)) == NULL || ss_store_count(store, &total, &err) != 0) {
		page_error(r, 503, err.msg);
		return;
	}
	pages = total > 0 ? (total + HISTORY_PAGE - 1) / HISTORY_PAGE : 1;
	if (page > pages)
		page = pages;
	bson_init(&list);
	if (ss_store_list(store, HISTORY_PAGE, (int)((page - 1) * HISTORY_PAGE), &list, &err) != 0) {
		bson_destroy(&list);
		page_error(r, status_of(err.code), err.msg);
		return;
	}
	if ((hdf = render_hdf(r)) == NULL) {
		bson_destroy(&list);
		reply_error(r, 500, "out of memory");
		return;
	}
	hdf_from_bson(hdf, "items", &list);
	bson_destroy(&list);
	hset(hdf, "paging.page", "%lld", page);
	hset(hdf, "paging.pages", "%lld", pages);
	hset(hdf, "paging.total", "%lld", (long long)total);
	if (page > 1)
		hset(hdf, "paging.prev", "%lld", page - 1);
	if (page < pages)
		hset(hdf, "paging.next", "%lld", page + 1);
	hset_str(hdf, "title", "History");
	render_send(r, 200, hdf, "history.cs", NULL);
	hdf_destroy(&hdf);
}

/* GET /analyses/{id}/delete: 200 confirmation page; POST (confirm=yes):
 * 303 to the history; 400 without confirmation; 404; 503. */
void page_delete(struct req *r)
{
	ss_error err = { 0 };
	ss_store *store;
	char msg[600], loc[300];
	HDF *hdf;
	bson_t head;
	int st;

	if ((store = app_store(r->app, &err)) == NULL) {
		page_error(r, 503, err.msg);
		return;
	}
	if (r->method == METHOD_POST) {
		if ((st = form_body(r, msg, sizeof(msg))) != 0) {
			page_error(r, st, msg);
			return;
		}
		if (form_validate(r) > 0 || !r->fields[KEY_CONFIRM].present) {
			page_error(r, 400, "deleting needs the confirmation form (confirm=yes)");
			return;
		}
		if (ss_store_delete(store, r->id, &err) != 0) {
			page_error(r, status_of(err.code), err.msg);
			return;
		}
		snprintf(loc, sizeof(loc), "Location: %s/analyses\r\n", r->base);
		reply_head(r, 303, CT_HTML, false, loc);
		web_puts(r, "<!doctype html><title>See Other</title><p>Deleted.</p>\n");
		return;
	}
	bson_init(&head);
	if (ss_store_get_head(store, r->id, &head, &err) != 0) {
		bson_destroy(&head);
		page_error(r, status_of(err.code), err.msg);
		return;
	}
	if ((hdf = render_hdf(r)) == NULL) {
		bson_destroy(&head);
		reply_error(r, 500, "out of memory");
		return;
	}
	hdf_from_bson(hdf, "doc", &head);
	bson_destroy(&head);
	hset_str(hdf, "id", r->id);
	hset_str(hdf, "title", "Delete an analysis");
	render_send(r, 200, hdf, "delete.cs", NULL);
	hdf_destroy(&hdf);
}

/* The error page with status; plain text if even that fails. */
void page_error(struct req *r, int status, const char *msg)
{
	HDF *hdf = render_hdf(r);
	char extra[128] = "";

	if (hdf == NULL) {
		reply_head(r, status, CT_TEXT, false, NULL);
		web_puts(r, msg);
		return;
	}
	if (status == 405) {
		char allow[64];
		route_allow(r->page, allow, sizeof(allow));
		snprintf(extra, sizeof(extra), "Allow: %s\r\n", allow);
	}
	hset(hdf, "error.status", "%d", status);
	hset_str(hdf, "error.title", status_text(status));
	hset_str(hdf, "error.detail", msg);
	hset_str(hdf, "title", status_text(status));
	render_send(r, status, hdf, "error.cs", extra[0] ? extra : NULL);
	hdf_destroy(&hdf);
}
