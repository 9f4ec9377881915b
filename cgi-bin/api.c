/* api.c: the JSON API the React client reads (the contract), plus delete
 * and health. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "handlers.h"
#include "json_out.h"
#include "store/store_json.h"
#include "strbuf.h"

/* A sink that sends the 200 headers before the first byte, so a failure
 * before any output can still be answered with its own status. */
struct lazy {
	struct req *r;
	enum ctype ct;
	const char *extra;
	bool started;
};

static int sink_lazy(void *ctx, const char *buf, size_t len)
{
	struct lazy *l = ctx;

	if (!l->started) {
		l->started = true;
		reply_head(l->r, 200, l->ct, true, l->extra);
	}
	return web_write(l->r, buf, len);
}

/* Formats into an ss_strbuf until it holds ANSWER_CAP bytes; -1 then. */
#define ANSWER_CAP ((size_t)8 << 20)
static int sink_capped(void *ctx, const char *buf, size_t len)
{
	ss_strbuf *b = ctx;

	if (b->len + len > ANSWER_CAP)
		return -1;
	return ss_strbuf_sink(ctx, buf, len);
}

/* The first field error, as the 422 message. */
static const char *first_field_error(const struct req *r)
{
	for (int k = 0; k < KEY__MAX; k++)
		if (r->fields[k].present && !r->fields[k].valid)
			return r->fields[k].error;
	return "invalid input";
}

#define REPLAYED "Idempotent-Replayed: true\r\n"

/* The analysis first stored under the request's idempotency key, as the
 * retry's answer (flagged by a header). */
static void replay(struct app *app, struct req *r, const char *id)
{
	ss_error err = { 0 };
	struct lazy l = { .r = r, .ct = CT_JSON, .extra = REPLAYED };

	if (ss_store_write_json(app->store, id, sink_lazy, &l, &err) != 0 && !l.started)
		reply_json_error(r, err.code == SS_OK ? 500 : http_status(err.code),
		                 err.msg[0] ? err.msg : "the analysis could not be read");
}

/* POST /analyze: 200 with the document; 400, 413, 422, 503; 500 only for a
 * real server fault. With an idempotency key (header or field) a retry gets
 * the first upload's analysis, stored once. */
void api_analyze(struct app *app, struct req *r)
{
	char msg[600];
	ss_error err = { 0 };
	ss_params params;
	bson_t *doc;
	enum req_code rc;

	if ((rc = form_body(app, r, &analyze_watch, msg, sizeof(msg))) != REQ_OK) {
		reply_json_error(r, http_status_req(rc), msg);
		return;
	}
	if (!r->fields[KEY_FILE].present || r->upload_fd < 0) {
		reply_json_error(r, 400, "the request has no \"file\" field (multipart/form-data)");
		return;
	}
	if (idempotency_take(r, msg, sizeof(msg)) != 0) {
		reply_json_error(r, 422, msg);
		return;
	}
	form_keep(r, ~(1UL << KEY_LIMIT | 1UL << KEY_OFFSET | 1UL << KEY_PAGE | 1UL << KEY_CONFIRM |
	               1UL << KEY_A | 1UL << KEY_B | 1UL << KEY_SEGMENT));
	if (form_validate(r) > 0) {
		reply_json_error(r, 422, first_field_error(r));
		return;
	}
	if (r->upload_size == 0) {
		reply_json_error(r, 422, "the uploaded file is empty");
		return;
	}
	if (app->store == NULL) {
		reply_json_error(r, 503, app->store_err.msg);
		return;
	}
	const char *key = idempotency_key(r);
	char existing[25];
	int found = key ? ss_store_find_key(app->store, key, existing, &err) : 0;
	if (found != 0) {
		if (found < 0)
			reply_json_error(r, http_status(err.code), err.msg);
		else
			replay(app, r, existing);
		return;
	}
	params_from_fields(r, &params);
	if ((doc = analyze_upload(app, r, &params, &err)) == NULL || reference_apply(app, r, &doc, &err) != 0) {
		if (doc != NULL)
			bson_destroy(doc);
		reply_json_error(r, http_status(err.code), err.msg);
		return;
	}
	upload_discard(r);
	/* the save runs while the answer is formatted (in memory up to a cap,
	 * streamed after the save beyond it); nothing is sent before it is saved */
	ss_strbuf out = { 0 };
	ss_store_saving *sv = ss_store_save_start_keyed(app->store, doc, key);
	bool whole = ss_json_write(doc, sink_capped, &out) == 0 && !out.oom;
	int saved = ss_store_save_wait_keyed(sv, existing, &err);
	if (saved < 0) {
		reply_json_error(r, http_status(err.code), err.msg);
	} else if (saved == 1) {  /* a concurrent try with the key stored first */
		replay(app, r, existing);
	} else {
		reply_head(r, 200, CT_JSON, true, NULL);
		if (whole)
			web_write(r, out.p, out.len);
		else
			ss_json_write(doc, sink_reply, r);
	}
	ss_strbuf_free(&out);
	bson_destroy(doc);
}

/* GET /history?limit=N&offset=M: 200 with an array; 422, 503. */
void api_history(struct app *app, struct req *r)
{
	ss_error err = { 0 };
	bson_t list;
	int limit = 20, offset = 0;

	form_keep(r, 1UL << KEY_LIMIT | 1UL << KEY_OFFSET);
	if (form_validate(r) > 0) {
		reply_json_error(r, 422, first_field_error(r));
		return;
	}
	if (r->fields[KEY_LIMIT].present)
		limit = (int)r->fields[KEY_LIMIT].parsed.i;
	if (r->fields[KEY_OFFSET].present)
		offset = (int)r->fields[KEY_OFFSET].parsed.i;
	if (app->store == NULL) {
		reply_json_error(r, 503, app->store_err.msg);
		return;
	}
	bson_init(&list);
	if (ss_store_list(app->store, limit, offset, &list, &err) != 0) {
		bson_destroy(&list);
		reply_json_error(r, http_status(err.code), err.msg);
		return;
	}
	reply_head(r, 200, CT_JSON, true, NULL);
	ss_json_write_array(&list, sink_reply, r);
	bson_destroy(&list);
}

/* GET /history/{id}: 200 with the full document; 404, 503. */
void api_item(struct app *app, struct req *r)
{
	ss_error err = { 0 };
	ss_store *store = app->store;
	struct lazy l = { .r = r, .ct = CT_JSON };
	int rc;

	if (store == NULL) {
		reply_json_error(r, 503, app->store_err.msg);
		return;
	}
	rc = ss_store_write_json(store, r->id, sink_lazy, &l, &err);
	if (rc != 0 && !l.started)
		reply_json_error(r, err.code == SS_OK ? 500 : http_status(err.code),
		                 err.msg[0] ? err.msg : "the analysis could not be read");
}

/* DELETE /history/{id}: 200 {"status": "deleted"}; 404, 503. */
void api_delete(struct app *app, struct req *r)
{
	ss_error err = { 0 };

	if (app->store == NULL) {
		reply_json_error(r, 503, app->store_err.msg);
		return;
	}
	if (ss_store_delete(app->store, r->id, &err) != 0) {
		reply_json_error(r, http_status(err.code), err.msg);
		return;
	}
	reply_head(r, 200, CT_JSON, true, NULL);
	web_printf(r, "{\"status\": \"deleted\", \"_id\": \"%s\"}\n", r->id);
}

/* Appends "; what (reason)" to msg. */
static void health_fail(char *msg, size_t size, const char *what, const char *why)
{
	size_t n = strlen(msg);
	snprintf(msg + n, size - n, "%s%s (%s)", n ? "; " : "", what, why);
}

/* A file can be made in the temp directory (as an upload's would be). */
static int tmpdir_ok(const struct app *app, char *why, size_t size)
{
	char path[1024];
	int n = snprintf(path, sizeof(path), "%s/smartseg-health-XXXXXX", app->tmpdir);
	int fd;

	if (n < 0 || (size_t)n >= sizeof(path)) {
		snprintf(why, size, "its name is too long");
		return 0;
	}
	if ((fd = mkstemp(path)) < 0) {
		snprintf(why, size, "%s", strerror(errno));
		return 0;
	}
	close(fd);
	unlink(path);
	return 1;
}

/* Every page template can be opened for reading. */
static int templates_ok(const struct app *app, char *why, size_t size)
{
	static const char *const names[] = {
		"header.cs", "footer.cs", "index.cs", "history.cs", "result.cs",
		"compare.cs", "delete.cs", "error.cs",
	};
	char path[1024];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", app->tpldir, names[i]);
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			snprintf(why, size, "%s: %s", names[i], strerror(errno));
			return 0;
		}
		close(fd);
	}
	return 1;
}

/* GET /healthz: 200 when everything a request needs works: the store
 * answers, the temp directory takes a file, the templates can be read;
 * else 503 naming each failure (never a server path). */
void api_healthz(struct app *app, struct req *r)
{
	ss_error err = app->store_err;
	ss_store *store = app->store;
	char msg[1200] = "", why[300];

	if (store == NULL || ss_store_health(store, &err) != 0)
		health_fail(msg, sizeof(msg), "store unavailable", err.msg);
	if (!tmpdir_ok(app, why, sizeof(why)))
		health_fail(msg, sizeof(msg), "the temporary directory is not writable", why);
	if (!templates_ok(app, why, sizeof(why)))
		health_fail(msg, sizeof(msg), "the page templates cannot be read", why);
	if (msg[0] != '\0') {
		reply_json_error(r, 503, msg);
		return;
	}
	reply_head(r, 200, CT_JSON, true, NULL);
	web_printf(r, "{\"status\": \"ok\", \"store\": \"%s\"}\n", ss_store_backend(store));
}
