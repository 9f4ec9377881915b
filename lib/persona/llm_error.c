/* llm_error.c: reads an error answer of Gemini or an OpenAI-compatible
 * server: its message, the wait a 429 asks for, and whether a quota is
 * spent for the day (then no retry helps). */
#include <bson/bson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"

/* A string field into out, cleaned (controls removed, capped). */
static void copy_text(const bson_iter_t *it, char *out, size_t size, size_t max_chars)
{
	uint32_t n = 0;
	const char *s = bson_iter_utf8(it, &n);

	persona__llm_clean_text(s, n, out, size, max_chars);
}

/* A protobuf Duration in JSON ("58s", "20.044661790s"): seconds, or -1. */
static double duration_s(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || strcmp(end, "s") != 0 || !(v >= 0) || v > 86400.0 * 365)
		return -1;
	return v;
}

/* A QuotaFailure violation is per day when its id or metric says so, as
 * in GenerateRequestsPerDayPerProjectPerModel-FreeTier or
 * generate_requests_per_model_per_day. */
static void quota_failure(bson_iter_t *detail, persona__llm_error *e)
{
	bson_iter_t v, viol, f;

	if (!bson_iter_find_descendant(detail, "violations", &v) || !BSON_ITER_HOLDS_ARRAY(&v)
	    || !bson_iter_recurse(&v, &viol))
		return;
	while (bson_iter_next(&viol)) {
		const char *id = NULL, *metric = NULL;

		if (!BSON_ITER_HOLDS_DOCUMENT(&viol))
			continue;
		if (bson_iter_recurse(&viol, &f) && bson_iter_find(&f, "quotaId")
		    && BSON_ITER_HOLDS_UTF8(&f))
			id = bson_iter_utf8(&f, NULL);
		if (bson_iter_recurse(&viol, &f) && bson_iter_find(&f, "quotaMetric")
		    && BSON_ITER_HOLDS_UTF8(&f))
			metric = bson_iter_utf8(&f, NULL);
		if ((id != NULL && strstr(id, "PerDay") != NULL)
		    || (metric != NULL && strstr(metric, "per_day") != NULL)) {
			e->per_day = true;
			persona__llm_clean_text(id ? id : metric, strlen(id ? id : metric),
			                        e->quota, sizeof(e->quota), 90);
			return;
		}
	}
}

/* error.details[]: google.rpc.RetryInfo and google.rpc.QuotaFailure. */
static void details(bson_iter_t *err, persona__llm_error *e)
{
	bson_iter_t d, list;

	if (!bson_iter_recurse(err, &d) || !bson_iter_find(&d, "details")
	    || !BSON_ITER_HOLDS_ARRAY(&d) || !bson_iter_recurse(&d, &list))
		return;
	while (bson_iter_next(&list)) {
		bson_iter_t f, g;
		const char *type;

		if (!BSON_ITER_HOLDS_DOCUMENT(&list) || !bson_iter_recurse(&list, &f)
		    || !bson_iter_find(&f, "@type") || !BSON_ITER_HOLDS_UTF8(&f))
			continue;
		type = bson_iter_utf8(&f, NULL);
		if (strcmp(type, "type.googleapis.com/google.rpc.RetryInfo") == 0) {
			if (bson_iter_recurse(&list, &g) && bson_iter_find(&g, "retryDelay")
			    && BSON_ITER_HOLDS_UTF8(&g))
				e->retry_s = duration_s(bson_iter_utf8(&g, NULL));
		} else if (strcmp(type, "type.googleapis.com/google.rpc.QuotaFailure") == 0) {
			if (bson_iter_recurse(&list, &g))
				quota_failure(&g, e);
		}
	}
}

void persona__llm_error_parse(const char *body, size_t len, persona__llm_error *e)
{
	bson_error_t berr;
	bson_t *doc;
	bson_iter_t it, err, f;

	memset(e, 0, sizeof(*e));
	e->retry_s = -1;
	if (body == NULL || len == 0)
		return;
	doc = bson_new_from_json((const uint8_t *)body, (ssize_t)len, &berr);
	if (doc == NULL)
		return;
	/* [{"error": ...}] reads as {"0": {"error": ...}} */
	if (!bson_iter_init(&it, doc)
	    || !(bson_iter_find_descendant(&it, "error", &err)
	         || (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "0.error", &err))))
		goto done;
	if (BSON_ITER_HOLDS_UTF8(&err)) {          /* {"error": "model not found"} */
		copy_text(&err, e->message, sizeof(e->message), 200);
		goto done;
	}
	if (!BSON_ITER_HOLDS_DOCUMENT(&err))
		goto done;
	if (bson_iter_recurse(&err, &f) && bson_iter_find(&f, "message") && BSON_ITER_HOLDS_UTF8(&f))
		copy_text(&f, e->message, sizeof(e->message), 200);
	/* OpenAI: {"code": "insufficient_quota"} (or in "type") means no credit */
	for (int i = 0; i < 2; i++) {
		const char *key = i == 0 ? "code" : "type";
		if (bson_iter_recurse(&err, &f) && bson_iter_find(&f, key) && BSON_ITER_HOLDS_UTF8(&f)
		    && strcmp(bson_iter_utf8(&f, NULL), "insufficient_quota") == 0) {
			e->no_quota = true;
			snprintf(e->quota, sizeof(e->quota), "insufficient_quota");
		}
	}
	details(&err, e);
done:
	bson_destroy(doc);
}
