/* gemini_request.c: the generateContent request body: instruction, cluster
 * aggregates and the response schema. Nothing else goes in. */
#include <bson/bson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"
#include "strbuf.h"

static const char *const instruction_en =
	"You are a senior CRM marketer. You receive customer segments found by "
	"RFM k-means clustering: for each cluster its size, its share of all "
	"customers, and the mean and median Recency (days since the last "
	"purchase), Frequency (number of invoices) and Monetary (total spend, in "
	"the file's currency), with the means over all customers for comparison. "
	"For every cluster give exactly one entry: a short memorable segment name "
	"(at most 5 words), a description of who these customers are (one or two "
	"sentences, grounded in the numbers), and one concrete marketing action "
	"for this segment. Answer only with the JSON array described by the "
	"schema, one object per cluster, using the cluster numbers given.";

static const char *const language_line[] = {
	" Write every name, description and action in English.",  /* SS_LANG_EN */
	" Write every name, description and action in French (français).", /* SS_LANG_FR */
};

/* A JSON number with two decimals (null when not finite). */
static void buf_num(ss_strbuf *b, const char *key, double v, const char *sep)
{
	if (isfinite(v))
		ss_strbuf_printf(b, "\"%s\":%.2f%s", key, v, sep);
	else
		ss_strbuf_printf(b, "\"%s\":null%s", key, sep);
}

static void buf_rfm(ss_strbuf *b, const char *key, const double v[3], const char *sep)
{
	ss_strbuf_printf(b, "\"%s\":{", key);
	buf_num(b, "recency_days", v[0], ",");
	buf_num(b, "frequency", v[1], ",");
	buf_num(b, "monetary", v[2], "");
	ss_strbuf_printf(b, "}%s", sep);
}

/* The data block as JSON text. Written by hand rather than through libbson
 * so that numbers read 33.79, not 33.789999999999999147: it holds only
 * numbers and fixed keys, so there is nothing to escape. */
static char *segments_json(const ss_cluster_stats *c, int k, const double gm[3],
                           ss_lang lang)
{
	ss_strbuf b = { 0 };
	int64_t total = 0;
	int i;

	for (i = 0; i < k; i++)
		total += c[i].count;
	ss_strbuf_printf(&b, "{\"language\":\"%s\",\"clusters\":%d,\"customers\":%lld,",
	           lang == SS_LANG_FR ? "fr" : "en", k, (long long)total);
	buf_rfm(&b, "global_mean", gm, ",");
	ss_strbuf_printf(&b, "\"segments\":[");
	for (i = 0; i < k; i++) {
		ss_strbuf_printf(&b, "{\"cluster\":%d,\"customers\":%lld,", c[i].cluster,
		           (long long)c[i].count);
		if (isfinite(c[i].share))
			ss_strbuf_printf(&b, "\"share\":%.4f,", c[i].share);
		else
			ss_strbuf_printf(&b, "\"share\":null,");
		buf_rfm(&b, "mean", c[i].mean, ",");
		buf_rfm(&b, "median", c[i].median, "");
		ss_strbuf_printf(&b, "}%s", i + 1 < k ? "," : "");
	}
	ss_strbuf_printf(&b, "]}");
	if (b.oom) {
		ss_strbuf_free(&b);
		return NULL;
	}
	return b.p;
}

/* {type: OBJECT, properties: {cluster: INTEGER, name, description, action:
 * STRING}, required: all four} inside {type: ARRAY, items: ...}. */
static bool append_schema(bson_t *gen)
{
	static const char *const fields[4] = {"cluster", "name", "description", "action"};
	bson_t schema, items, props, prop, req, order;
	char idx[16];
	const char *key;
	bool ok = true;
	int i;

	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(gen, "responseSchema", &schema);
	ok = ok && BSON_APPEND_UTF8(&schema, "type", "ARRAY");
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&schema, "items", &items);
	ok = ok && BSON_APPEND_UTF8(&items, "type", "OBJECT");
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&items, "properties", &props);
	for (i = 0; ok && i < 4; i++) {
		ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&props, fields[i], &prop);
		ok = ok && BSON_APPEND_UTF8(&prop, "type", i == 0 ? "INTEGER" : "STRING");
		ok = ok && bson_append_document_end(&props, &prop);
	}
	ok = ok && bson_append_document_end(&items, &props);
	ok = ok && BSON_APPEND_ARRAY_BEGIN(&items, "required", &req);
	for (i = 0; ok && i < 4; i++) {
		bson_uint32_to_string((uint32_t)i, &key, idx, sizeof(idx));
		ok = ok && bson_append_utf8(&req, key, -1, fields[i], -1);
	}
	ok = ok && bson_append_array_end(&items, &req);
	ok = ok && BSON_APPEND_ARRAY_BEGIN(&items, "propertyOrdering", &order);
	for (i = 0; ok && i < 4; i++) {
		bson_uint32_to_string((uint32_t)i, &key, idx, sizeof(idx));
		ok = ok && bson_append_utf8(&order, key, -1, fields[i], -1);
	}
	ok = ok && bson_append_array_end(&items, &order);
	ok = ok && bson_append_document_end(&schema, &items);
	ok = ok && bson_append_document_end(gen, &schema);
	return ok;
}

char *persona__gemini_request_json(const ss_cluster_stats *clusters, int k,
                             const double global_mean[3], ss_lang lang,
                             const char *model, size_t *len)
{
	bson_t *doc = bson_new();
	bson_t sys, parts, part, contents, content, gen, thinking;
	char *data = segments_json(clusters, k, global_mean, lang);
	char *instruction = NULL, *json = NULL;
	const char *lang_line = language_line[lang == SS_LANG_FR ? 1 : 0];
	bool ok;

	if (doc == NULL || data == NULL)
		goto done;
	instruction = malloc(strlen(instruction_en) + strlen(lang_line) + 1);
	if (instruction == NULL)
		goto done;
	strcpy(instruction, instruction_en);
	strcat(instruction, lang_line);

	/* systemInstruction: {parts: [{text}]} */
	ok = BSON_APPEND_DOCUMENT_BEGIN(doc, "systemInstruction", &sys);
	ok = ok && BSON_APPEND_ARRAY_BEGIN(&sys, "parts", &parts);
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&parts, "0", &part);
	ok = ok && BSON_APPEND_UTF8(&part, "text", instruction);
	ok = ok && bson_append_document_end(&parts, &part);
	ok = ok && bson_append_array_end(&sys, &parts);
	ok = ok && bson_append_document_end(doc, &sys);
	/* contents: [{role: user, parts: [{text: data}]}] */
	ok = ok && BSON_APPEND_ARRAY_BEGIN(doc, "contents", &contents);
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&contents, "0", &content);
	ok = ok && BSON_APPEND_UTF8(&content, "role", "user");
	ok = ok && BSON_APPEND_ARRAY_BEGIN(&content, "parts", &parts);
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&parts, "0", &part);
	ok = ok && BSON_APPEND_UTF8(&part, "text", data);
	ok = ok && bson_append_document_end(&parts, &part);
	ok = ok && bson_append_array_end(&content, &parts);
	ok = ok && bson_append_document_end(&contents, &content);
	ok = ok && bson_append_array_end(doc, &contents);
	/* generationConfig: 0.25 is low and prints exactly in JSON. */
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(doc, "generationConfig", &gen);
	ok = ok && BSON_APPEND_DOUBLE(&gen, "temperature", 0.25);
	ok = ok && BSON_APPEND_UTF8(&gen, "responseMimeType", "application/json");
	ok = ok && append_schema(&gen);
	/* Naming needs no reasoning: no thinking keeps the call fast. Only
	 * the 2.5 Flash models accept a zero budget (Pro must think). */
	if (strncmp(model, "gemini-2.5-flash", 16) == 0) {
		ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&gen, "thinkingConfig", &thinking);
		ok = ok && BSON_APPEND_INT32(&thinking, "thinkingBudget", 0);
		ok = ok && bson_append_document_end(&gen, &thinking);
	}
	ok = ok && bson_append_document_end(doc, &gen);
	if (ok)
		json = bson_as_relaxed_extended_json(doc, len);
done:
	free(instruction);
	free(data);
	if (doc != NULL)
		bson_destroy(doc);
	return json;
}
