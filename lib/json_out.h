/* json_out.h: writes a BSON document as the plain JSON the client reads:
 * ObjectId -> hex string, date -> ISO 8601 UTC string, int32/int64 ->
 * integer, double -> shortest round-trip number (NaN/Inf -> null). */
#ifndef SMARTSEG_JSON_OUT_H
#define SMARTSEG_JSON_OUT_H
#include <bson/bson.h>
#include <stddef.h>
#include <stdio.h>

/* Receives output in pieces; returns 0, or -1 to stop writing. */
typedef int (*ss_json_sink)(void *ctx, const char *buf, size_t len);

/* Streams doc (as an object) to sink. Returns 0, or -1 when the sink
 * failed or the document is corrupt. */
int ss_json_write(const bson_t *doc, ss_json_sink sink, void *ctx);

/* Same, as a JSON array of the documents inside array-document doc. */
int ss_json_write_array(const bson_t *doc, ss_json_sink sink, void *ctx);

/* Writes one value (the iterator's current element) to sink. */
int ss_json_write_value(const bson_iter_t *it, ss_json_sink sink, void *ctx);

/* Writes a JSON string literal of the UTF-8 text s (len bytes). */
int ss_json_write_string(const char *s, size_t len, ss_json_sink sink, void *ctx);

/* Formats an ISO 8601 UTC date ("2026-11-27T05:00:00Z", with .mmm when
 * ms is not a whole second) into buf (at least 32 bytes). */
void ss_json_iso_date(int64_t ms, char *buf, size_t size);

/* The shortest decimal that reads back as v ("null" when not finite);
 * returns its length. */
size_t ss_json_format_double(double v, char buf[40]);

/* A sink writing to a FILE *ctx. */
int ss_json_sink_file(void *ctx, const char *buf, size_t len);

/* Convenience: the document as a malloc'd NUL-terminated string (caller
 * frees with free()), or NULL on out of memory. */
char *ss_json_to_string(const bson_t *doc, size_t *len);

#endif
