/* strbuf.h: a growable NUL-terminated text buffer. The user owns it: a
 * zero-initialised ss_strbuf is empty, ss_strbuf_free() releases it. */
#ifndef SMARTSEG_STRBUF_H
#define SMARTSEG_STRBUF_H
#include <stdbool.h>
#include <stddef.h>

typedef struct ss_strbuf {
	char *p;      /* the text (NULL while empty), NUL-terminated */
	size_t len, cap;
	bool oom;     /* an allocation failed: later appends are ignored */
} ss_strbuf;

/* Appends n bytes of s. On out of memory sets oom and keeps the text so far;
 * callers check oom once, at the end. */
void ss_strbuf_append(ss_strbuf *b, const char *s, size_t n);
void ss_strbuf_printf(ss_strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An ss_json_sink (json_out.h) appending to the ss_strbuf ctx; returns -1
 * once the buffer is out of memory. */
int ss_strbuf_sink(void *ctx, const char *buf, size_t len);

/* Frees the text and empties b; b itself is the caller's. */
void ss_strbuf_free(ss_strbuf *b);

#endif
