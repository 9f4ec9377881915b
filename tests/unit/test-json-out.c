/* test-json-out.c: BSON to the client's JSON: ids, dates, integers,
 * doubles, escaping, never NaN. */
#include <math.h>
#include <stdlib.h>
#include "check.h"
#include "json_out.h"

/* {"d": {"d": ... {}}}, levels deep; NULL on out of memory. */
static bson_t *nested(int levels)
{
	bson_t *deep = bson_new(), *child;
	for (int i = 0; i < levels && deep != NULL; i++) {
		child = bson_new();
		if (!BSON_APPEND_DOCUMENT(child, "d", deep)) {
			bson_destroy(child);
			child = NULL;
		}
		bson_destroy(deep);
		deep = child;
	}
	return deep;
}

int main(void)
{
	bson_t *doc = bson_new(), arr;
	bson_oid_t oid;
	char *json;

	bson_oid_init_from_string(&oid, "6745f1c2a9e3b14d2c0f1a77");
	BSON_APPEND_OID(doc, "_id", &oid);
	BSON_APPEND_DATE_TIME(doc, "created_at", 1795755600000LL);
	BSON_APPEND_INT32(doc, "k", 3);
	BSON_APPEND_INT64(doc, "big", 9007199254740993LL);
	BSON_APPEND_DOUBLE(doc, "m", 1237.07);
	BSON_APPEND_DOUBLE(doc, "third", 1.0 / 3);
	BSON_APPEND_DOUBLE(doc, "nan", NAN);
	BSON_APPEND_DOUBLE(doc, "whole", 2.0);
	BSON_APPEND_UTF8(doc, "s", "<script>\"a\"\n\\\x01</script>");
	BSON_APPEND_ARRAY_BEGIN(doc, "a", &arr);
	BSON_APPEND_INT32(&arr, "0", 1);
	BSON_APPEND_NULL(&arr, "1");
	bson_append_array_end(doc, &arr);
	json = ss_json_to_string(doc, NULL);
	CHECK(json != NULL, "rendered");
	if (json != NULL) {
		CHECK(strstr(json, "\"_id\":\"6745f1c2a9e3b14d2c0f1a77\"") != NULL, "ObjectId as hex string");
		CHECK(strstr(json, "\"created_at\":\"2026-11-27T05:00:00Z\"") != NULL, "date as ISO 8601 UTC: %s", json);
		CHECK(strstr(json, "\"k\":3,") != NULL, "int32 as integer");
		CHECK(strstr(json, "\"big\":9007199254740993") != NULL, "int64 as integer");
		CHECK(strstr(json, "\"m\":1237.07,") != NULL, "double in shortest form");
		CHECK(strstr(json, "\"third\":0.3333333333333333,") != NULL, "double round-trips in the shortest form");
		CHECK(strstr(json, "\"nan\":null") != NULL, "NaN becomes null");
		CHECK(strstr(json, "\"whole\":2,") != NULL, "whole double");
		CHECK(strstr(json, "\\u003cscript\\u003e\\\"a\\\"\\n\\\\\\u0001") != NULL, "strings escaped");
		CHECK(strstr(json, "\"a\":[1,null]") != NULL, "arrays");
		bson_error_t e;
		bson_t *back = bson_new_from_json((const uint8_t *)json, -1, &e);
		CHECK(back != NULL, "output parses as JSON (%s)", back ? "" : e.message);
		bson_destroy(back);
	}
	free(json);
	bson_destroy(doc);

	/* a corrupt stored record: nesting 10,000 deep is refused, not
	 * recursed into; dates at the ends of int64 do not overflow */
	bson_t *deep = nested(10000);
	json = deep ? ss_json_to_string(deep, NULL) : NULL;
	CHECK(deep != NULL && json == NULL, "10,000 levels of nesting: refused");
	free(json);
	bson_destroy(deep);
	/* the refusal is the depth's: the same shape 60 deep is written whole */
	deep = nested(60);
	json = deep ? ss_json_to_string(deep, NULL) : NULL;
	CHECK(json != NULL && strncmp(json, "{\"d\":{\"d\":", 10) == 0 && strlen(json) == 60 * 6 + 2,
	      "60 levels of nesting: written (%.20s...)", json ? json : "NULL");
	free(json);
	bson_destroy(deep);
	/* the ends of int64, as Java's Instant.ofEpochMilli(Long.MIN/MAX_VALUE) prints them */
	char date[48];
	ss_json_iso_date(INT64_MIN, date, sizeof(date));
	CHECK_STR(date, "-292275055-05-16T16:47:04.192Z", "the oldest int64 date formats without overflow (%s)", date);
	ss_json_iso_date(-1, date, sizeof(date));
	CHECK_STR(date, "1969-12-31T23:59:59.999Z", "a millisecond before 1970");
	ss_json_iso_date(INT64_MAX, date, sizeof(date));
	CHECK_STR(date, "292278994-08-17T07:12:55.807Z", "the newest int64 date formats (%s)", date);

	/* A corrupt element inside an array (found by fuzz-json): the writer
	 * used to stop there and close the array as if it were whole. The
	 * array holds {"0": "abc"} with the string's length set past its end. */
	{
		bson_t *ok = BCON_NEW("a", "[", "abc", "]", "z", BCON_INT32(1));
		uint8_t bad[64];
		size_t n = ok->len;
		memcpy(bad, bson_get_data(ok), n);
		/* doc: len(4) 0x04 'a' 0 | array: len(4) 0x02 '0' 0 strlen(4)... */
		bad[4 + 3 + 4 + 3] = 0x40;
		bson_t corrupt;
		CHECK(bson_init_static(&corrupt, bad, n), "corrupt document framed");
		char *cj = ss_json_to_string(&corrupt, NULL);
		CHECK(cj == NULL, "a document with a corrupt element is refused, not cut short (%s)",
		      cj ? cj : "refused");
		free(cj);
		bson_destroy(ok);
	}
	/* Bytes that are not UTF-8 in a stored string (found by fuzz-json):
	 * the output stays UTF-8, each such byte U+FFFD; valid text kept */
	{
		bson_t *d = bson_new();
		bson_append_utf8(d, "s", 1, "qu\x91\x8b\xc3\xa8\xed\xa0\x80\xf0\x9f\x98\x80\xc0\xaf", 15);
		char *sj = ss_json_to_string(d, NULL);
		CHECK_STR(sj, "{\"s\":\"qu\\ufffd\\ufffd\xc3\xa8\\ufffd\\ufffd\\ufffd\xf0\x9f\x98\x80"
		          "\\ufffd\\ufffd\"}", "invalid UTF-8 written as U+FFFD, valid kept (%s)", sj ? sj : "NULL");
		free(sj);
		bson_destroy(d);
	}
	return CHECK_DONE();
}
