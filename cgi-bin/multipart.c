/* multipart.c: streaming multipart/form-data parser over a fixed buffer. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "multipart.h"

#define BUF_SIZE   (64 * 1024)
#define HEADER_MAX (8 * 1024)    /* one part's header block */
#define NAME_MAX_  256

struct mp {
	char buf[BUF_SIZE];
	size_t start, len;           /* unconsumed bytes: buf[start .. start+len) */
	bool eof;
	mp_reader rd;
	void *rdctx;
};

/* Reads more input after the unconsumed bytes; -1 on a read error. */
static int fill(struct mp *m)
{
	ssize_t n;

	if (m->start > 0) {
		memmove(m->buf, m->buf + m->start, m->len);
		m->start = 0;
	}
	if (m->len == sizeof(m->buf) || m->eof)
		return 0;
	n = m->rd(m->rdctx, m->buf + m->len, sizeof(m->buf) - m->len);
	if (n < 0)
		return -1;
	if (n == 0)
		m->eof = true;
	m->len += (size_t)n;
	return 0;
}

int mp_boundary(const char *ctype, char *out, size_t size)
{
	const char *p;
	size_t n;

	if (ctype == NULL || strncasecmp(ctype, "multipart/form-data", 19) != 0)
		return -1;
	for (p = ctype + 19; (p = strchr(p, ';')) != NULL; ) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) != 0)
			continue;
		p += 9;
		if (*p == '"') {
			p++;
			n = strcspn(p, "\"");
			if (p[n] != '"')
				return -1;
		} else {
			n = strcspn(p, "; \t");
		}
		if (n == 0 || n > 70 || n >= size)
			return -1;
		memcpy(out, p, n);
		out[n] = '\0';
		return 0;
	}
	return -1;
}

/* Copies parameter key (e.g. "name") of a Content-Disposition value into
 * out. Returns 1 when present, 0 when absent. */
static int disposition_param(const char *v, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key), o = 0;
	const char *p = v;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		p += klen + 1;
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (o + 1 < size)
					out[o++] = *p;
			}
		} else {
			for (; *p != '\0' && *p != ';' && *p != ' '; p++)
				if (o + 1 < size)
					out[o++] = *p;
		}
		out[o] = '\0';
		return 1;
	}
	return 0;
}

/* Parses a header block (NUL-terminated, CRLF-separated lines) and calls
 * begin. */
static int part_begin(char *hdr, const struct mp_callbacks *cb, void *ctx,
                      char *msg, size_t msgsize)
{
	char name[NAME_MAX_] = "", filename[MP_FILENAME_MAX + 1] = "";
	bool has_disp = false, has_name = false, has_file = false;
	char *line, *save = NULL;

	for (line = strtok_r(hdr, "\r\n", &save); line != NULL;
	     line = strtok_r(NULL, "\r\n", &save)) {
		if (strncasecmp(line, "Content-Disposition:", 20) != 0)
			continue;
		char *v = line + 20;
		while (*v == ' ' || *v == '\t')
			v++;
		if (strncasecmp(v, "form-data", 9) != 0)
			continue;
		has_disp = true;
		has_name = disposition_param(v, "name", name, sizeof(name));
		has_file = disposition_param(v, "filename", filename, sizeof(filename));
	}
	if (!has_disp || !has_name) {
		snprintf(msg, msgsize, "a multipart part has no Content-Disposition name");
		return MP_EMALFORMED;
	}
	return cb->begin(ctx, name, filename, has_file);
}

/* Consumes m up to and past the next delimiter, handing what comes before
 * it to data (NULL: dropped). 0 at the delimiter, MP_EMALFORMED at the end
 * of input without one (msg: eof_msg), MP_EREAD, or data's non-zero code. */
static int to_delimiter(struct mp *m, const char *delim, size_t dlen,
                        int (*data)(void *ctx, const char *buf, size_t len), void *ctx,
                        const char *eof_msg, char *msg, size_t msgsize)
{
	int rc;

	for (;;) {
		char *d = memmem(m->buf + m->start, m->len, delim, dlen);
		if (d != NULL) {
			size_t n = (size_t)(d - (m->buf + m->start));
			if (n > 0 && data != NULL && (rc = data(ctx, m->buf + m->start, n)) != 0)
				return rc;
			m->start += n + dlen;
			m->len -= n + dlen;
			return 0;
		}
		if (m->eof) {
			snprintf(msg, msgsize, "%s", eof_msg);
			return MP_EMALFORMED;
		}
		if (m->len > dlen) {  /* keep a tail that may start the delimiter */
			size_t n = m->len - dlen;
			if (data != NULL && (rc = data(ctx, m->buf + m->start, n)) != 0)
				return rc;
			m->start += n;
			m->len -= n;
		}
		if (fill(m) < 0) {
			snprintf(msg, msgsize, "reading the request body failed");
			return MP_EREAD;
		}
	}
}

int mp_parse(const char *boundary, mp_reader rd, void *rdctx,
             const struct mp_callbacks *cb, void *ctx, char *msg, size_t msgsize)
{
	char delim[80];
	size_t dlen;
	struct mp *m;
	int rc = 0;

	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		snprintf(msg, msgsize, "out of memory");
		return MP_EREAD;
	}
	m->rd = rd;
	m->rdctx = rdctx;
	/* the first boundary has no CRLF before it: pretend it had */
	memcpy(m->buf, "\r\n", 2);
	m->len = 2;

	/* the preamble: skip to the first delimiter */
	if ((rc = to_delimiter(m, delim, dlen, NULL, NULL, "the body holds no multipart boundary",
	                       msg, msgsize)) != 0)
		goto out;

	for (;;) {
		/* after a delimiter: "--" ends the body, else headers follow */
		while (m->len < 2 && !m->eof)
			if (fill(m) < 0)
				goto read_err;
		if (m->len >= 2 && memcmp(m->buf + m->start, "--", 2) == 0)
			break;
		/* find the end of the header block ("\r\n\r\n", starting with the
		 * CRLF that ends the delimiter line) */
		char *end;
		for (;;) {
			end = memmem(m->buf + m->start, m->len, "\r\n\r\n", 4);
			if (end != NULL)
				break;
			if (m->len >= HEADER_MAX || m->eof) {
				snprintf(msg, msgsize, m->eof ? "the multipart body ends inside a part's headers"
				                              : "a multipart part's headers are too long");
				rc = MP_EMALFORMED;
				goto out;
			}
			if (fill(m) < 0)
				goto read_err;
		}
		size_t hlen = (size_t)(end - (m->buf + m->start));
		char hdr[HEADER_MAX + 1];
		/* found within one read, it may still be too long for hdr */
		if (hlen > HEADER_MAX) {
			snprintf(msg, msgsize, "a multipart part's headers are too long");
			rc = MP_EMALFORMED;
			goto out;
		}
		memcpy(hdr, m->buf + m->start, hlen);
		hdr[hlen] = '\0';
		m->start += hlen + 4;
		m->len -= hlen + 4;
		if ((rc = part_begin(hdr, cb, ctx, msg, msgsize)) != 0)
			goto out;

		/* the part's content, up to the next delimiter */
		if ((rc = to_delimiter(m, delim, dlen, cb->data, ctx,
		                       "the multipart body is truncated (no closing boundary)",
		                       msg, msgsize)) != 0)
			goto out;
		if ((rc = cb->end(ctx)) != 0)
			goto out;
	}
	goto out;

read_err:
	snprintf(msg, msgsize, "reading the request body failed");
	rc = MP_EREAD;
out:
	free(m);
	return rc;
}
