/* json_check.h: the JSON text a document is written as must read back. */
#ifndef SMARTSEG_FUZZ_JSON_CHECK_H
#define SMARTSEG_FUZZ_JSON_CHECK_H
#include <bson/bson.h>
#include "fuzz.h"
#include "ingest/text.h"

/* json[0..len) is one valid JSON object in UTF-8; returns it as BSON
 * (bson_destroy) for further checks. */
static inline bson_t *json_check(const char *json, size_t len)
{
	bson_error_t e;
	FUZZ_CHECK(ss_utf8_valid(json, len), "JSON output is not UTF-8");
	bson_t *back = bson_new_from_json((const uint8_t *)json, (ssize_t)len, &e);
	FUZZ_CHECK(back != NULL, "JSON output does not parse: %s: %.300s", e.message, json);
	return back;
}

#endif
