/* multipart.h: a streaming multipart/form-data parser (RFC 7578): parts are
 * handed to callbacks in pieces, so an upload is never held in memory. */
#ifndef SMARTSEG_MULTIPART_H
#define SMARTSEG_MULTIPART_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A file name longer than this (bytes) reaches begin cut to it. */
#define MP_FILENAME_MAX 1024

/* Callbacks return 0 to go on, or a non-zero code that stops the parse and
 * is returned by mp_parse. */
struct mp_callbacks {
	int (*begin)(void *ctx, const char *name, const char *filename, bool has_filename);
	int (*data)(void *ctx, const char *buf, size_t len);
	int (*end)(void *ctx);
};

/* Reads up to len bytes; returns the count, 0 at end of input, -1 on error. */
typedef ssize_t (*mp_reader)(void *ctx, void *buf, size_t len);

#define MP_EMALFORMED (-1)    /* not valid multipart: msg says why */
#define MP_EREAD      (-2)    /* reading the body failed */

/* Extracts the boundary parameter of a multipart/form-data Content-Type
 * into out (at most 70 characters + NUL). Returns 0, or -1 when ctype is
 * not multipart/form-data or has no usable boundary. */
int mp_boundary(const char *ctype, char *out, size_t size);

/* Parses the whole body. Returns 0, MP_EMALFORMED / MP_EREAD (msg filled),
 * or the first non-zero callback result. */
int mp_parse(const char *boundary, mp_reader rd, void *rdctx,
             const struct mp_callbacks *cb, void *ctx, char *msg, size_t msgsize);

#endif
