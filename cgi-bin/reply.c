/* reply.c: the response layer: body writes (FastCGI stream or CGI stdio)
 * and the one place that writes the status line and the common headers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_out.h"
#include "public_msg.h"
#include "reply.h"

static const char *const ctypes[CT__MAX] = {
	NULL,                                   /* CT_NONE */
	"application/json",                     /* CT_JSON */
	"text/html; charset=utf-8",             /* CT_HTML */
	"text/csv; charset=utf-8",              /* CT_CSV */
	"text/css; charset=utf-8",              /* CT_CSS */
	"text/plain; charset=utf-8",            /* CT_TEXT */
};

int web_write(struct req *r, const void *buf, size_t len)
{
	const char *p = buf;

	if (len == 0 || r->body_off)
		return 0;
	if (r->out != NULL) {
		while (len > 0) {
			int n = len > 1 << 30 ? 1 << 30 : (int)len;
			if (FCGX_PutStr(p, n, r->out) != n)
				return -1;
			p += n;
			len -= (size_t)n;
		}
		return 0;
	}
	/* CGI: stdio buffers the many small writes; main flushes */
	return fwrite(p, 1, len, stdout) == len ? 0 : -1;
}

int web_puts(struct req *r, const char *s)
{
	return web_write(r, s, strlen(s));
}

int web_printf(struct req *r, const char *fmt, ...)
{
	char small[1024], *big = NULL;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return web_write(r, small, (size_t)n);
	if ((big = malloc((size_t)n + 1)) == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = web_write(r, big, (size_t)n);
	free(big);
	return rc;
}

const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Content";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void reply_head(struct req *r, int status, enum ctype ct, bool cors,
                const char *extra)
{
	if (r->head_sent)
		return;
	r->head_sent = true;
	r->status = status;
	web_printf(r, "Status: %d %s\r\n", status, status_text(status));
	if (ct != CT_NONE)
		web_printf(r, "Content-Type: %s\r\n", ctypes[ct]);
	web_puts(r, "X-Content-Type-Options: nosniff\r\n"
	            "X-Frame-Options: DENY\r\n"
	            "Referrer-Policy: no-referrer\r\n");
	if (ct == CT_HTML)
		web_puts(r, "Content-Security-Policy: default-src 'none'; "
		            "style-src 'self'; img-src 'self' data:; "
		            "form-action 'self'; frame-ancestors 'none'\r\n");
	if ((ct == CT_HTML || ct == CT_JSON) &&
	    (extra == NULL || strstr(extra, "Cache-Control") == NULL))
		web_puts(r, "Cache-Control: no-store\r\n");
	if (cors)
		web_puts(r, "Access-Control-Allow-Origin: *\r\n"
		            "Access-Control-Allow-Methods: GET, POST, DELETE, OPTIONS\r\n"
		            "Access-Control-Allow-Headers: Content-Type, Accept, Idempotency-Key\r\n"
		            "Access-Control-Expose-Headers: Idempotent-Replayed\r\n"
		            "Access-Control-Max-Age: 600\r\n");
	if (status == 405 && r->allow[0] != '\0')
		web_printf(r, "Allow: %s\r\n", r->allow);
	if (extra != NULL)
		web_puts(r, extra);
	web_puts(r, "\r\n");
	r->body_off = r->method == METHOD_HEAD;
}

int sink_reply(void *ctx, const char *buf, size_t len)
{
	return web_write(ctx, buf, len);
}

void reply_json_error(struct req *r, int status, const char *msg)
{
	char shown[1024];

	msg = public_msg(msg, shown, sizeof(shown));
	reply_head(r, status, CT_JSON, true, NULL);
	web_puts(r, "{\"detail\": ");
	ss_json_write_string(msg, strlen(msg), sink_reply, r);
	web_puts(r, "}\n");
}
