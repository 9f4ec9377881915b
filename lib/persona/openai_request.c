/* openai_request.c: the chat/completions request body: a system and a user
 * message (the instruction and the cluster aggregates) and a strict
 * json_schema response format. Only fields every OpenAI-compatible server
 * takes: no temperature (reasoning models reject any but the default), no
 * token limit (its name differs between servers). */
#include <bson/bson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"

static bool append_strings(bson_t *parent, const char *key, const char *const *v, int n)
{
	bson_t arr;
	char idx[16];
	const char *k;
	bool ok = BSON_APPEND_ARRAY_BEGIN(parent, key, &arr);

	for (int i = 0; ok && i < n; i++) {
		bson_uint32_to_string((uint32_t)i, &k, idx, sizeof(idx));
		ok = bson_append_utf8(&arr, k, -1, v[i], -1);
	}
	return ok && bson_append_array_end(parent, &arr);
}

/* Strict structured outputs want an object at the root, every property
 * required and additionalProperties false at every level:
 * {segments: [{cluster: integer, name, description, action: string}]}. */
static bool append_schema(bson_t *parent)
{
	static const char *const fields[4] = {"cluster", "name", "description", "action"};
	static const char *const root_req[1] = {"segments"};
	bson_t schema, props, seg, items, iprops, prop;
	bool ok;

	ok = BSON_APPEND_DOCUMENT_BEGIN(parent, "schema", &schema);
	ok = ok && BSON_APPEND_UTF8(&schema, "type", "object");
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&schema, "properties", &props);
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&props, "segments", &seg);
	ok = ok && BSON_APPEND_UTF8(&seg, "type", "array");
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&seg, "items", &items);
	ok = ok && BSON_APPEND_UTF8(&items, "type", "object");
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&items, "properties", &iprops);
	for (int i = 0; ok && i < 4; i++) {
		ok = BSON_APPEND_DOCUMENT_BEGIN(&iprops, fields[i], &prop);
		ok = ok && BSON_APPEND_UTF8(&prop, "type", i == 0 ? "integer" : "string");
		ok = ok && bson_append_document_end(&iprops, &prop);
	}
	ok = ok && bson_append_document_end(&items, &iprops);
	ok = ok && append_strings(&items, "required", fields, 4);
	ok = ok && BSON_APPEND_BOOL(&items, "additionalProperties", false);
	ok = ok && bson_append_document_end(&seg, &items);
	ok = ok && bson_append_document_end(&props, &seg);
	ok = ok && bson_append_document_end(&schema, &props);
	ok = ok && append_strings(&schema, "required", root_req, 1);
	ok = ok && BSON_APPEND_BOOL(&schema, "additionalProperties", false);
	return ok && bson_append_document_end(parent, &schema);
}

static bool append_message(bson_t *arr, const char *idx, const char *role, const char *text)
{
	bson_t m;
	bool ok = BSON_APPEND_DOCUMENT_BEGIN(arr, idx, &m);

	ok = ok && BSON_APPEND_UTF8(&m, "role", role);
	ok = ok && BSON_APPEND_UTF8(&m, "content", text);
	return ok && bson_append_document_end(arr, &m);
}

char *persona__openai_request_json(const ss_cluster_stats *clusters, int k,
                                   const double global_mean[3], ss_lang lang,
                                   const char *model, size_t *len)
{
	bson_t *doc = bson_new();
	bson_t msgs, rf, js;
	char *data = persona__llm_segments_json(clusters, k, global_mean, lang);
	char *instruction = persona__llm_instruction(lang), *json = NULL;
	bool ok;

	if (doc == NULL || data == NULL || instruction == NULL)
		goto done;
	ok = BSON_APPEND_UTF8(doc, "model", model);
	ok = ok && BSON_APPEND_ARRAY_BEGIN(doc, "messages", &msgs);
	ok = ok && append_message(&msgs, "0", "system", instruction);
	ok = ok && append_message(&msgs, "1", "user", data);
	ok = ok && bson_append_array_end(doc, &msgs);
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(doc, "response_format", &rf);
	ok = ok && BSON_APPEND_UTF8(&rf, "type", "json_schema");
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&rf, "json_schema", &js);
	ok = ok && BSON_APPEND_UTF8(&js, "name", "segments");
	ok = ok && BSON_APPEND_BOOL(&js, "strict", true);
	ok = ok && append_schema(&js);
	ok = ok && bson_append_document_end(&rf, &js);
	ok = ok && bson_append_document_end(doc, &rf);
	if (ok)
		json = bson_as_relaxed_extended_json(doc, len);
done:
	free(instruction);
	free(data);
	if (doc != NULL)
		bson_destroy(doc);
	return json;
}
