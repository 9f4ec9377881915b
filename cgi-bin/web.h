/* web.h: the SmartSeg web front (FastCGI or CGI): routes, input keys, the
 * request, the process-wide application state, and the response helpers.
 * No analysis logic lives in cgi-bin/: it parses, calls lib/, renders. */
#ifndef SMARTSEG_WEB_H
#define SMARTSEG_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <fcgiapp.h>
#include <bson/bson.h>
#include "model/analysis.h"
#include "config.h"
#include "ingest/live.h"
#include "ss_error.h"
#include "store/store.h"

/* Request methods we name; anything else is METHOD__MAX (405). */
enum method {
	METHOD_GET = 0,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_DELETE,
	METHOD_OPTIONS,
	METHOD__MAX
};
#define M(x) (1u << (x))

/* Every route. The table in routes.c gives the path pattern and methods. */
enum page {
	PAGE_INDEX = 0,       /* GET / */
	PAGE_ANALYSES,        /* GET, POST /analyses */
	PAGE_ANALYSIS,        /* GET /analyses/{id} */
	PAGE_DELETE,          /* GET (confirm), POST /analyses/{id}/delete */
	PAGE_API_ANALYZE,     /* POST /analyze */
	PAGE_API_HISTORY,     /* GET /history */
	PAGE_API_ITEM,        /* GET, DELETE /history/{id} */
	PAGE_API_CSV,         /* GET /history/{id}/customers.csv */
	PAGE_HEALTHZ,         /* GET /healthz */
	PAGE_OPENAPI,         /* GET /openapi.json */
	PAGE_STATIC,          /* GET /static/{name} (CGI deployments) */
	PAGE__MAX
};

/* Input keys from the query string or the form body. */
enum key {
	KEY_FILE = 0,         /* the upload (multipart only) */
	KEY_DELIMITER,        /* "", "auto", ",", ";" (also "\t", "|") */
	KEY_K,                /* 2..20 or "auto" */
	KEY_TRANSFORM,        /* "none" / "log" */
	KEY_LANG,             /* "en" / "fr" */
	KEY_SEED,             /* 0..2^63-1 */
	KEY_LIMIT,            /* 1..200 */
	KEY_OFFSET,           /* >= 0 */
	KEY_PAGE,             /* >= 1 */
	KEY_CONFIRM,          /* "yes" */
	KEY__MAX
};

/* Response body types; the table in reply.c gives each Content-Type. */
enum ctype {
	CT_NONE = 0,
	CT_JSON,
	CT_HTML,
	CT_CSV,
	CT_CSS,
	CT_TEXT,
	CT__MAX
};

#define FIELD_MAX 256         /* longest text field value kept */

/* One input value: raw text as sent, then typed by its validator. */
struct field {
	bool present;
	bool valid;
	char raw[FIELD_MAX];
	union {
		long long i;
		char c;
		const char *s;
	} parsed;
	char error[320];          /* why the validator refused it */
};

/* Process-wide state, built once after start and reused (no request data). */
struct app {
	ss_config *cfg;
	ss_store *store;          /* opened lazily; reopened after a failure */
	const char *tmpdir;       /* upload temp files */
	const char *tpldir;       /* ClearSilver templates */
	const char *staticdir;    /* CSS, openapi.json */
	int64_t max_upload;       /* bytes */
	bool cgi;                 /* started as plain CGI */
};

/* One request; everything here is freed by req_free() at its end. */
struct req {
	struct app *app;
	FCGX_Stream *in, *out;    /* NULL in CGI mode: stdin / stdout */
	char **envp;
	enum method method;
	enum page page;
	const char *path;         /* routed path, starts with '/' */
	char id[32];              /* the {id} segment, when the route has one */
	char base[256];           /* prefix for links (SCRIPT_NAME under CGI) */
	bool want_html;           /* errors as pages, not JSON */
	int64_t content_length;   /* CONTENT_LENGTH; 0 when absent (-1 under
	                           * FastCGI: read to the stream's end) */
	int64_t body_read;        /* bytes of the body consumed so far */
	struct field fields[KEY__MAX];
	/* the upload (KEY_FILE): an anonymous temp file */
	int upload_fd;            /* -1 when none */
	char upload_path[64];     /* what lib opens: /proc/self/fd/N or the name */
	char upload_name_tmp[512];/* the temp file's name while it still has one */
	char upload_name[256];    /* the client's file name (data, never a path) */
	int64_t upload_size;
	ss_ingest_live *live;     /* the ingest running while the upload arrives */
	bool head_sent;
	bool body_off;            /* HEAD: headers only */
	int status;
};

/* ---- reply.c: the one place that writes status and headers ---- */
const char *env_get(const struct req *r, const char *name);
int web_write(struct req *r, const void *buf, size_t len);
int web_puts(struct req *r, const char *s);
int web_printf(struct req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
ssize_t web_read(struct req *r, void *buf, size_t len);
/* Writes the status line and common headers (Content-Type, nosniff,
 * X-Frame-Options, CORS when cors). extra: more header lines, each ending
 * "\r\n", or NULL. Only the first call per request writes. */
void reply_head(struct req *r, int status, enum ctype ct, bool cors,
                const char *extra);
/* {"detail": msg} with status (CORS on). */
void reply_json_error(struct req *r, int status, const char *msg);
/* An error as JSON or as the error page, per r->want_html. */
void reply_error(struct req *r, int status, const char *msg);
/* The HTTP status for a library error code. */
int status_of(ss_code code);
const char *status_text(int status);
/* ss_json_sink writing to the response. */
int sink_reply(void *ctx, const char *buf, size_t len);
/* Discards the rest of the request body (so the server can answer). */
void body_drain(struct req *r);

/* ---- routes.c ---- */
enum method method_parse(const char *s);
const char *method_name(enum method m);
/* Finds the page for path; fills r->id. Returns PAGE__MAX when none. */
enum page route_match(const char *path, char *id, size_t idsize);
unsigned route_methods(enum page p);
bool route_is_api(enum page p);
/* "GET, POST" style Allow value for a page. */
void route_allow(enum page p, char *buf, size_t size);
bool id_valid(const char *id);

/* ---- form.c: input keys and their validators ---- */
const char *key_name(enum key k);
/* Parses the query string into r->fields. 0, or -1 with msg (400). */
int form_query(struct req *r, char *msg, size_t msgsize);
/* Parses the request body (multipart or urlencoded). Returns the HTTP
 * status to answer with on failure (400, 413, 500), or 0. */
int form_body(struct req *r, char *msg, size_t msgsize);
/* Runs the validator of every present field; returns how many failed. */
int form_validate(struct req *r);
/* Stops the upload's live ingest (waiting for its thread: at most one
 * block's parse), then removes the upload temp file, if any. Cannot fail. */
void upload_discard(struct req *r);

/* ---- pipeline.c: the analysis call sequence (one place) ---- */
/* Analyses r's upload with params and returns the result document (caller
 * frees with bson_destroy), or NULL with err set. */
bson_t *pipeline_run(struct req *r, const ss_params *params, ss_error *err);
/* Fills params from the validated fields of r (defaults otherwise). */
void params_from_fields(const struct req *r, ss_params *p);

/* ---- app.c ---- */
/* The store, opening it if needed; NULL with err (SS_ESTORE) otherwise. */
ss_store *app_store(struct app *a, ss_error *err);

/* ---- api.c / pages.c / export_csv.c / static.c ---- */
void api_analyze(struct req *r);
void api_history(struct req *r);
void api_item(struct req *r);
void api_delete(struct req *r);
void api_healthz(struct req *r);
void api_customers_csv(struct req *r);
void serve_static(struct req *r, const char *name, enum ctype ct);
void page_index(struct req *r);
void page_create(struct req *r);
void page_analyses(struct req *r);
void page_analysis(struct req *r);
void page_delete(struct req *r);
void page_error(struct req *r, int status, const char *msg);

#endif
