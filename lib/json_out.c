/* json_out.c: BSON -> the client's plain JSON, streamed through a sink. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "json_out.h"
#include "strbuf.h"

#define PUT(s, n) do { if (sink(ctx, (s), (n)) != 0) return -1; } while (0)
#define PUTS(s) PUT((s), strlen(s))

/* Length of the valid UTF-8 sequence (2 to 4 bytes) at s[0..n), whose
 * first byte is not ASCII; 0 when it is not one (overlong forms,
 * surrogates and code points past U+10FFFF included). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t k;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

int ss_json_write_string(const char *s, size_t len, ss_json_sink sink, void *ctx)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	char esc[8];

	PUT("\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t rlen = 2;

		switch (c) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		case '<': rep = "\\u003c"; rlen = 6; break; /* safe inside HTML */
		case '>': rep = "\\u003e"; rlen = 6; break;
		case '&': rep = "\\u0026"; rlen = 6; break;
		default:
			if (c >= 0x80) {
				/* JSON is UTF-8: a byte that is not (a corrupt stored
				 * string) becomes U+FFFD rather than invalid output */
				size_t k = utf8_seq((const unsigned char *)s + i, len - i);
				if (k > 0) {
					i += k - 1;
					continue;
				}
				rep = "\\ufffd";
				rlen = 6;
			} else if (c < 0x20 || c == 0x7f) {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				rep = esc;
				rlen = 6;
			}
		}
		if (rep != NULL) {
			if (i > start)
				PUT(s + start, i - start);
			PUT(rep, rlen);
			start = i + 1;
		}
	}
	if (len > start)
		PUT(s + start, len - start);
	PUT("\"", 1);
	return 0;
}

void ss_json_iso_date(int64_t ms, char *buf, size_t size)
{
	/* floor division without overflow, even at INT64_MIN */
	int frac = (int)(ms % 1000);
	time_t secs = (time_t)(ms / 1000 - (frac < 0));
	if (frac < 0)
		frac += 1000;
	struct tm tm;

	if (gmtime_r(&secs, &tm) == NULL) {
		snprintf(buf, size, "1970-01-01T00:00:00Z");
		return;
	}
	if (frac == 0)
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else {
		char base[32];
		strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf, size, "%s.%03dZ", base, frac);
	}
}

size_t ss_json_format_double(double v, char buf[40])
{
	if (!isfinite(v))
		return (size_t)snprintf(buf, 40, "null");
	if (v == 0)
		v = 0; /* no "-0" */
	/* the fewest of 15, 16 or 17 digits that read back as v; 17 always do,
	 * and 16 do whenever 15 do (a 15-digit decimal is a 16-digit one), so
	 * 16 is tried first: computed values, which need 17, cost one read */
	snprintf(buf, 40, "%.16g", v);
	if (strtod(buf, NULL) != v)
		return (size_t)snprintf(buf, 40, "%.17g", v);
	char b15[40];
	snprintf(b15, sizeof(b15), "%.15g", v);
	if (strtod(b15, NULL) == v)
		memcpy(buf, b15, sizeof(b15));
	return strlen(buf);
}

static int write_double(double v, ss_json_sink sink, void *ctx)
{
	char buf[40];
	size_t len = ss_json_format_double(v, buf);

	return sink(ctx, buf, len);
}

/* Deeper than this is no document of ours: a corrupt record, refused
 * rather than recursed into until the stack runs out. */
#define MAX_DEPTH 64

static int write_value(const bson_iter_t *it, ss_json_sink sink, void *ctx, int depth);

static int write_doc(bson_iter_t *it, int as_array, ss_json_sink sink, void *ctx, int depth)
{
	int first = 1;

	if (depth > MAX_DEPTH)
		return -1;
	PUT(as_array ? "[" : "{", 1);
	while (bson_iter_next(it)) {
		if (!first)
			PUT(",", 1);
		first = 0;
		if (!as_array) {
			const char *key = bson_iter_key(it);
			if (ss_json_write_string(key, bson_iter_key_len(it), sink, ctx) != 0)
				return -1;
			PUT(":", 1);
		}
		if (write_value(it, sink, ctx, depth) != 0)
			return -1;
	}
	/* the iterator also stops at a corrupt element: never pass off
	 * the part before it as the whole document */
	if (it->err_off != 0)
		return -1;
	PUT(as_array ? "]" : "}", 1);
	return 0;
}

int ss_json_write_value(const bson_iter_t *it, ss_json_sink sink, void *ctx)
{
	return write_value(it, sink, ctx, 0);
}

static int write_value(const bson_iter_t *it, ss_json_sink sink, void *ctx, int depth)
{
	char buf[64];
	bson_iter_t child;
	uint32_t len;
	const char *s;

	switch (bson_iter_type(it)) {
	case BSON_TYPE_UTF8:
		s = bson_iter_utf8(it, &len);
		return ss_json_write_string(s, len, sink, ctx);
	case BSON_TYPE_INT32:
		snprintf(buf, sizeof(buf), "%" PRId32, bson_iter_int32(it));
		PUTS(buf);
		return 0;
	case BSON_TYPE_INT64:
		snprintf(buf, sizeof(buf), "%" PRId64, bson_iter_int64(it));
		PUTS(buf);
		return 0;
	case BSON_TYPE_DOUBLE:
		return write_double(bson_iter_double(it), sink, ctx);
	case BSON_TYPE_BOOL:
		PUTS(bson_iter_bool(it) ? "true" : "false");
		return 0;
	case BSON_TYPE_OID:
		bson_oid_to_string(bson_iter_oid(it), buf);
		return ss_json_write_string(buf, strlen(buf), sink, ctx);
	case BSON_TYPE_DATE_TIME: {
		char date[48];
		ss_json_iso_date(bson_iter_date_time(it), date, sizeof(date));
		return ss_json_write_string(date, strlen(date), sink, ctx);
	}
	case BSON_TYPE_DOCUMENT:
		if (!bson_iter_recurse(it, &child))
			return -1;
		return write_doc(&child, 0, sink, ctx, depth + 1);
	case BSON_TYPE_ARRAY:
		if (!bson_iter_recurse(it, &child))
			return -1;
		return write_doc(&child, 1, sink, ctx, depth + 1);
	default: /* null, undefined and types the document never holds */
		PUTS("null");
		return 0;
	}
}

int ss_json_write(const bson_t *doc, ss_json_sink sink, void *ctx)
{
	bson_iter_t it;

	if (!bson_iter_init(&it, doc))
		return -1;
	return write_doc(&it, 0, sink, ctx, 0);
}

int ss_json_write_array(const bson_t *doc, ss_json_sink sink, void *ctx)
{
	bson_iter_t it;

	if (!bson_iter_init(&it, doc))
		return -1;
	return write_doc(&it, 1, sink, ctx, 0);
}

int ss_json_sink_file(void *ctx, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

char *ss_json_to_string(const bson_t *doc, size_t *len)
{
	ss_strbuf b = { 0 };

	if (ss_json_write(doc, ss_strbuf_sink, &b) != 0 || b.p == NULL) {
		ss_strbuf_free(&b);
		return NULL;
	}
	if (len != NULL)
		*len = b.len;
	return b.p;
}
