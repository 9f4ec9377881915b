/* handlers.h: the API and page handlers, one per route of the dispatch
 * table (routes.c), and what they share. Each gets the application state
 * and the request; it reads its input through request.h, calls lib/, and
 * answers through reply.h (API) or render.h (pages). It maps lib's and the
 * request layer's error codes to HTTP statuses itself. */
#ifndef SMARTSEG_HANDLERS_H
#define SMARTSEG_HANDLERS_H
#include <bson/bson.h>
#include "model/params.h"
#include "reply.h"
#include "request.h"
#include "web.h"

typedef void (*handler_fn)(struct app *app, struct req *r);

/* ---- api.c, export_csv.c, static_files.c: JSON, CSV and files ---- */
void api_analyze(struct app *app, struct req *r);       /* POST /analyze */
void api_history(struct app *app, struct req *r);       /* GET /history */
void api_item(struct app *app, struct req *r);          /* GET /history/{id} */
void api_delete(struct app *app, struct req *r);        /* DELETE /history/{id} */
void api_customers_csv(struct app *app, struct req *r); /* GET /history/{id}/customers.csv */
void api_healthz(struct app *app, struct req *r);       /* GET /healthz */
void api_openapi(struct app *app, struct req *r);       /* GET /openapi.json */
void static_file(struct app *app, struct req *r);       /* GET /static/{name} */

/* ---- pages.c, page_result.c: the HTML pages ---- */
void page_index(struct app *app, struct req *r);          /* GET / */
void page_create(struct app *app, struct req *r);         /* POST /analyses */
void page_analyses(struct app *app, struct req *r);       /* GET /analyses */
void page_analysis(struct app *app, struct req *r);       /* GET /analyses/{id} */
void page_delete_confirm(struct app *app, struct req *r); /* GET /analyses/{id}/delete */
void page_delete(struct app *app, struct req *r);         /* POST /analyses/{id}/delete */
void page_docs(struct app *app, struct req *r);           /* GET /docs (page_docs.c) */

/* ---- compare.c: two stored analyses side by side ---- */
void page_compare(struct app *app, struct req *r);      /* GET /analyses/{a}/compare/{b} */
void page_compare_form(struct app *app, struct req *r); /* GET /analyses/compare?a=&b= */
void api_compare(struct app *app, struct req *r);       /* GET /history/{a}/compare/{b} */
void api_compare_csv(struct app *app, struct req *r);   /* GET /history/{a}/compare/{b}/customers.csv */
/* doc aligned to the form's reference= analysis, if any (replaces *doc):
 * 0, or -1 with err (SS_ENOTFOUND for an unknown reference). */
int reference_apply(const struct app *app, struct req *r, bson_t **doc, ss_error *err);

/* ---- page_error.c: errors as pages ---- */
/* The error page with status (Allow from r->allow with a 405); plain text
 * if even that fails. */
void page_error(const struct app *app, struct req *r, int status, const char *msg);
/* reply_error with the catalogue's text of key: the page's language on a
 * page, English in {"detail"}. */
void reply_error_t(const struct app *app, struct req *r, int status, const char *key);
/* An error as the error page or as {"detail"}, per r->want_html. */
void reply_error(const struct app *app, struct req *r, int status, const char *msg);
/* The stored analysis r->id without its customers into head (the caller
 * destroys it either way): 0, or -1 once the error page is sent. */
int page_load_head(const struct app *app, struct req *r, bson_t *head);

/* ---- analyze.c: what the analysing handlers share ---- */
/* HTTP statuses of lib's codes and of the request layer's. */
int http_status(ss_code code);
int http_status_req(enum req_code code);
/* The upload watchers that parse the upload while it arrives: pass one to
 * form_body on the routes that analyse (analyze_watch: returns=net unless
 * the field came first; form_watch: returns=exclude unless it came first). */
extern const struct upload_watch analyze_watch;
extern const struct upload_watch form_watch;
/* Fills p from the validated fields of r; what is absent takes the API
 * client's defaults (k=3, transform=none, returns=net...), also on the
 * form's route: the form itself preselects its own (a browser sends every
 * field). */
void params_from_fields(const struct req *r, ss_params *p);
/* The upload's idempotency key: the Idempotency-Key header becomes the
 * idempotency_key field (validated with the others by form_validate). Call
 * after form_body and before form_validate: 0, or -1 with msg when the
 * header and the field disagree. */
int idempotency_take(struct req *r, char *msg, size_t cap);
/* The validated key, or NULL when the request has none. */
const char *idempotency_key(const struct req *r);
/* Analyses r's upload with p (the live parse's result when it stands) and
 * returns the result document (bson_destroy), or NULL with err set. */
bson_t *analyze_upload(const struct app *app, struct req *r, const ss_params *p, ss_error *err);

#endif
