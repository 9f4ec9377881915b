/* gemini_request.c: the generateContent request body: instruction, cluster
 * aggregates, response schema and the model family's generationConfig. */
#include <bson/bson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"

/* What the model family takes in generationConfig (Gemini API docs,
 * "Thinking" and the Gemini 3 developer guide). */
typedef enum family {
	FAMILY_25_FLASH,   /* 2.5 Flash, Flash-Lite: temperature, thinkingBudget 0 */
	FAMILY_25_PRO,     /* 2.5 Pro: temperature; it cannot stop thinking */
	FAMILY_3,          /* 3.x and the -latest aliases: thinkingLevel, no temperature */
	FAMILY_OTHER       /* older ids, Gemma...: temperature only */
} family;

static family model_family(const char *m)
{
	size_t n = strlen(m);

	if (strncmp(m, "gemini-2.5-flash", 16) == 0)
		return FAMILY_25_FLASH;
	if (strncmp(m, "gemini-2.5-", 11) == 0)
		return FAMILY_25_PRO;
	/* gemini-flash-latest and the like follow the newest release (3.x) */
	if (strncmp(m, "gemini-3", 8) == 0
	    || (strncmp(m, "gemini-", 7) == 0 && n > 7 && strcmp(m + n - 7, "-latest") == 0
	        && strchr("0123456789", m[7]) == NULL))
		return FAMILY_3;
	return FAMILY_OTHER;
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
	char *data = persona__llm_segments_json(clusters, k, global_mean, lang);
	char *instruction = persona__llm_instruction(lang), *json = NULL;
	family fam = model_family(model);
	bool ok;

	if (doc == NULL || data == NULL || instruction == NULL)
		goto done;
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
	ok = ok && BSON_APPEND_DOCUMENT_BEGIN(doc, "generationConfig", &gen);
	/* Gemini 3 is tuned for its default temperature (1.0) and the docs
	 * advise against lowering it; older models get a low one (0.25 prints
	 * exactly in JSON). */
	if (fam != FAMILY_3)
		ok = ok && BSON_APPEND_DOUBLE(&gen, "temperature", 0.25);
	ok = ok && BSON_APPEND_UTF8(&gen, "responseMimeType", "application/json");
	ok = ok && append_schema(&gen);
	/* Naming needs little reasoning: as little thinking as the model
	 * allows keeps the call fast. 2.5 Flash turns it off with a zero
	 * budget (2.5 Pro cannot); 3.x takes a level, and "low" is one every
	 * 3.x model accepts (MINIMAL is missing from 3.8 Flash and Pro). */
	if (fam == FAMILY_25_FLASH || fam == FAMILY_3) {
		ok = ok && BSON_APPEND_DOCUMENT_BEGIN(&gen, "thinkingConfig", &thinking);
		if (fam == FAMILY_3)
			ok = ok && BSON_APPEND_UTF8(&thinking, "thinkingLevel", "low");
		else
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
