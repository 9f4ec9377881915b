/* analyze.c: what the analysing handlers (POST /analyze, POST /analyses)
 * share: the status of an error code, the parameters from the fields, the
 * live parse of the upload and the one pipeline call that uses it. */
#include <stdio.h>
#include <string.h>
#include "handlers.h"
#include "ingest/live.h"
#include "pipeline.h"

int http_status(ss_code code)
{
	switch (code) {
	case SS_OK: return 200;
	case SS_EDATA: return 422;
	case SS_EPARAM: return 422;
	case SS_ENOTFOUND: return 404;
	case SS_ESTORE: return 503;
	case SS_EREMOTE: return 503;
	case SS_ENOMEM: return 500;
	case SS_EIO: return 500;
	default: return 500;
	}
}

int http_status_req(enum req_code code)
{
	switch (code) {
	case REQ_OK: return 200;
	case REQ_EMALFORMED: return 400;
	case REQ_ETOOLARGE: return 413;
	case REQ_ENOMEM: return 500;
	case REQ_EIO: return 503;           /* the temp dir: the server's state */
	case REQ_ETIMEOUT: return 408;
	default: return 500;
	}
}

void params_from_fields(const struct req *r, ss_params *p)
{
	const struct field *f = r->fields;
	ss_error err;

	ss_params_default(p);
	p->k = 3;  /* the client's default when it sends none */
	if (f[KEY_K].present && f[KEY_K].valid)
		p->k = (int)f[KEY_K].parsed.i;
	if (f[KEY_DELIMITER].present && f[KEY_DELIMITER].valid)
		p->delimiter = f[KEY_DELIMITER].parsed.c;
	if (f[KEY_TRANSFORM].present && f[KEY_TRANSFORM].valid)
		p->transform = (ss_transform)f[KEY_TRANSFORM].parsed.i;
	if (f[KEY_LANG].present && f[KEY_LANG].valid)
		p->lang = (ss_lang)f[KEY_LANG].parsed.i;
	else if (r->lang_query)   /* ?lang= (the page language) */
		p->lang = (ss_lang)r->lang;
	if (f[KEY_SEED].present && f[KEY_SEED].valid)
		p->seed = (uint64_t)f[KEY_SEED].parsed.i;
	if (f[KEY_SHEET].present && f[KEY_SHEET].valid)
		memcpy(p->sheet, f[KEY_SHEET].raw, strlen(f[KEY_SHEET].raw) + 1);  /* < 128: validated */
	if (f[KEY_RETURNS].present && f[KEY_RETURNS].valid)
		p->returns = (ss_returns)f[KEY_RETURNS].parsed.i;
	if (f[KEY_NONPOSITIVE].present && f[KEY_NONPOSITIVE].valid)
		p->nonpositive = (ss_nonpositive)f[KEY_NONPOSITIVE].parsed.i;
	if (f[KEY_CAP].present && f[KEY_CAP].valid)
		p->cap = f[KEY_CAP].parsed.d;
	if (f[KEY_BINS].present && f[KEY_BINS].valid && ss_parse_bins(f[KEY_BINS].raw, &p->bins, &err) != 0)
		ss_bins_default(&p->bins);  /* cannot happen: the validator parsed it */
	if (f[KEY_SNAPSHOT].present && f[KEY_SNAPSHOT].valid && f[KEY_SNAPSHOT].parsed.i != INT64_MIN) {
		p->snapshot_set = true;
		p->snapshot_day = f[KEY_SNAPSHOT].parsed.i;
	}
	/* clv: off unless asked (the form asks: its field defaults to on) */
	if (f[KEY_CLV].present && f[KEY_CLV].valid)
		p->clv = f[KEY_CLV].parsed.i != 0;
	if (f[KEY_HORIZON].present && f[KEY_HORIZON].valid)
		p->horizon = (int)f[KEY_HORIZON].parsed.i;
	if (f[KEY_DISCOUNT].present && f[KEY_DISCOUNT].valid)
		p->discount = f[KEY_DISCOUNT].parsed.d;
	if (f[KEY_HOLDOUT].present && f[KEY_HOLDOUT].valid && f[KEY_HOLDOUT].parsed.i != INT64_MIN) {
		p->holdout_set = true;
		p->holdout_day = f[KEY_HOLDOUT].parsed.i;
	}
}

/* The file part starts: parse it while it arrives (the analysis would start
 * with it anyway). A delimiter given before the file is used; the client
 * sends it after the file, so until then it is detected, and
 * ss_pipeline_run_upload reads the file again if the field disagrees.
 * Without a thread the upload is just read afterwards. */
static void live_start(struct req *r, ss_returns returns, bool clv)
{
	const struct field *d = &r->fields[KEY_DELIMITER], *rt = &r->fields[KEY_RETURNS];
	const struct field *sn = &r->fields[KEY_SNAPSHOT];
	ss_ingest_opts o = { .delimiter = 0 };
	ss_error err;
	uint64_t expect = r->content_length > 0 ? (uint64_t)r->content_length : 0;

	if (d->present && ss_parse_delimiter(d->raw, &o.delimiter, &err) != 0)
		o.delimiter = 0;  /* refused later, by the validator */
	/* returns given before the file, or the handler's default; a field
	 * that comes after and disagrees makes the pipeline read it again */
	if (rt->present && ss_parse_returns(rt->raw, &returns, &err) != 0)
		returns = SS_RETURNS_NET;
	o.exclude_returns = returns == SS_RETURNS_EXCLUDE;
	if (sn->present && ss_parse_day(sn->raw, "snapshot", &o.snapshot_set, &o.snapshot_day, &err) != 0)
		o.snapshot_set = false;
	/* a sheet named before the file; else the first, read again if the
	 * field comes after and names another */
	if (r->fields[KEY_SHEET].present)
		o.sheet = r->fields[KEY_SHEET].raw;
	const struct field *cv = &r->fields[KEY_CLV], *ho = &r->fields[KEY_HOLDOUT];
	if (cv->present && ss_parse_clv(cv->raw, &clv, &err) != 0)
		clv = false;
	o.clv = clv;
	if (ho->present && ss_parse_day(ho->raw, "holdout", &o.holdout_set, &o.holdout_day, &err) != 0)
		o.holdout_set = false;
	r->watch_state = ss_ingest_live_start(r->upload_fd, r->upload_name, expect, &o, &err);
}

static void live_begin(struct req *r)
{
	live_start(r, SS_RETURNS_NET, false);
}

static void live_begin_form(struct req *r)
{
	live_start(r, SS_RETURNS_EXCLUDE, true);
}

static void live_grow(struct req *r)
{
	if (r->watch_state != NULL)
		ss_ingest_live_extend(r->watch_state, (uint64_t)r->upload_size);
}

static void live_end(struct req *r)
{
	if (r->watch_state != NULL)
		ss_ingest_live_finish(r->watch_state, (uint64_t)r->upload_size);
}

/* The thread reads the file: stopped before the file is closed. */
static void live_stop(struct req *r)
{
	ss_ingest_live_free(r->watch_state);
	r->watch_state = NULL;
}

const struct upload_watch analyze_watch = { live_begin, live_grow, live_end, live_stop };
const struct upload_watch form_watch = { live_begin_form, live_grow, live_end, live_stop };

int idempotency_take(struct req *r, char *msg, size_t cap)
{
	struct field *f = &r->fields[KEY_IDEMPOTENCY_KEY];
	const char *h = env_get(r, "HTTP_IDEMPOTENCY_KEY");

	if (h == NULL)
		return 0;
	if (f->present) {
		if (strcmp(f->raw, h) == 0)
			return 0;
		snprintf(msg, cap, "the Idempotency-Key header and the idempotency_key field differ");
		return -1;
	}
	f->present = true;
	snprintf(f->raw, sizeof(f->raw), "%s", h);  /* a longer one is refused anyway */
	return 0;
}

const char *idempotency_key(const struct req *r)
{
	const struct field *f = &r->fields[KEY_IDEMPOTENCY_KEY];

	return f->present && f->valid ? f->raw : NULL;
}

bson_t *analyze_upload(const struct app *app, struct req *r, const ss_params *p, ss_error *err)
{
	const char *path = r->upload_path[0] ? r->upload_path : r->upload_name_tmp;
	ss_file_info fi = { .name = r->upload_name, .size = r->upload_size };
	ss_ingest_live *live = r->watch == &analyze_watch || r->watch == &form_watch ?
	                       r->watch_state : NULL;

	if (live != NULL)
		r->watch_state = NULL;  /* the pipeline joins and frees it */
	return ss_pipeline_run_upload(live, path, &fi, p, app->cfg, NULL, 0, err);
}
