/* reply.h: the response layer: the status line and the common headers
 * (Content-Type, nosniff, X-Frame-Options, CSP, CORS), body writers and
 * the JSON error body. The bottom of the web front: it calls nothing above
 * it (the error page is the page layer's, handlers.h). */
#ifndef SMARTSEG_REPLY_H
#define SMARTSEG_REPLY_H
#include <stddef.h>
#include "web.h"

/* Body writers (FastCGI stream or CGI stdout); nothing is written after a
 * HEAD's headers. 0, or -1 when the client is gone. */
int web_write(struct req *r, const void *buf, size_t len);
int web_puts(struct req *r, const char *s);
int web_printf(struct req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* ss_json_sink writing to the response (ctx: the struct req). */
int sink_reply(void *ctx, const char *buf, size_t len);

/* Writes the status line and common headers (Content-Type, nosniff,
 * X-Frame-Options, CORS when cors, Allow from r->allow with a 405).
 * extra: more header lines, each ending "\r\n", or NULL. Only the first
 * call per request writes. */
void reply_head(struct req *r, int status, enum ctype ct, bool cors,
                const char *extra);
/* {"detail": msg} with status (CORS on). */
void reply_json_error(struct req *r, int status, const char *msg);
/* "Not Found" for 404...; "Unknown" for a status we never send. */
const char *status_text(int status);

#endif
