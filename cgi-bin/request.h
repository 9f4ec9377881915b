/* request.h: the request layer: the CGI environment, body reads, the
 * query string, urlencoded and multipart forms, the upload spooled to an
 * anonymous temp file, and the validators of the input keys. It knows
 * nothing of HTTP statuses or of what a handler does with the input: its
 * parsers return an enum req_code, which the handler maps to a status. */
#ifndef SMARTSEG_REQUEST_H
#define SMARTSEG_REQUEST_H
#include <stddef.h>
#include <sys/types.h>
#include "web.h"

/* Why a request could not be read. */
enum req_code {
	REQ_OK = 0,
	REQ_EMALFORMED,           /* not the expected shape: no boundary, a bad
	                           * multipart body, a field twice or too long */
	REQ_ETOOLARGE,            /* over the upload or form size limit */
	REQ_ENOMEM,               /* out of memory */
	REQ_EIO,                  /* the upload's temp file failed */
	REQ_ETIMEOUT,             /* the body stopped arriving (body_timeout_s) */
	REQ__MAX
};

/* Told about the upload as it is written to its temp file, so a handler can
 * start work on it before the body ends. Each hook may be NULL; they get
 * the request (r->upload_fd, r->upload_name, r->upload_size) and may keep
 * their state in r->watch_state. stop runs before the temp file is closed
 * (upload_discard), also when the body fails half-way. */
struct upload_watch {
	void (*begin)(struct req *r);  /* the file part starts */
	void (*grow)(struct req *r);   /* r->upload_size bytes are written */
	void (*end)(struct req *r);    /* the file part is complete */
	void (*stop)(struct req *r);   /* the upload is being discarded */
};

/* A CGI variable of the request, or NULL. */
const char *env_get(const struct req *r, const char *name);
/* Reads the body, never past CONTENT_LENGTH: the count, 0 at its end, -1. */
ssize_t web_read(struct req *r, void *buf, size_t len);
/* Discards the rest of the request body (so the server can answer). */
void body_drain(struct req *r);

const char *key_name(enum key k);
/* Parses the query string into r->fields: REQ_OK, or REQ_EMALFORMED /
 * REQ_ETOOLARGE / REQ_ENOMEM with msg filled. */
enum req_code form_query(struct req *r, char *msg, size_t msgsize);
/* Reads the request body (multipart or urlencoded) into r->fields and the
 * upload into its temp file, under app's limits and temp directory; w (may
 * be NULL) is told as the upload arrives. REQ_OK, or the reason with msg
 * filled. */
enum req_code form_body(const struct app *app, struct req *r, const struct upload_watch *w,
                        char *msg, size_t msgsize);
/* Runs the validator of every present field; returns how many failed (each
 * with its field's error set). */
int form_validate(struct req *r);
/* Forgets every field whose bit (1 << key) is not in used: a route ignores
 * the parameters it does not read instead of refusing their values. */
void form_keep(struct req *r, unsigned long used);
/* Stops the upload's watcher (its stop hook), then removes the upload temp
 * file, if any. Cannot fail; safe to call twice. */
void upload_discard(struct req *r);

#endif
