/* test-gemini-text.c: the language-model client's offline parts: request
 * bodies (Gemini by model family, OpenAI-compatible), answer reading,
 * error answers, fence stripping, text cleaning and validation. */
#include <bson/bson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "persona/llm.h"
#include "persona/private.h"

static void rules(ss_persona *p, int k)
{
	for (int i = 0; i < k; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].name, sizeof(p[i].name), "R%d", i);
		snprintf(p[i].description, sizeof(p[i].description), "RD%d", i);
		snprintf(p[i].action, sizeof(p[i].action), "RA%d", i);
		snprintf(p[i].source, sizeof(p[i].source), "rules");
	}
}

static int apply(const char *text, int k, ss_persona *p, char *why, size_t n)
{
	rules(p, k);
	return persona__llm_apply(text, strlen(text), k, p, "gemini", why, n);
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void test_request(void)
{
	ss_cluster_stats c[2];
	double gm[3] = {50, 2, 300};
	size_t len = 0;
	char *json;
	bson_error_t e;
	bson_t *doc;
	bson_iter_t it;

	memset(c, 0, sizeof(c));
	for (int i = 0; i < 2; i++) {
		c[i].cluster = i;
		c[i].count = 10 + i;
		c[i].share = 0.5;
		c[i].mean[0] = 12.345;
		c[i].median[2] = NAN;  /* must not break the JSON */
		c[i].orders = 20 + i;
		c[i].revenue = 1000.5 + i;
		c[i].revenue_share = 0.5;
		c[i].aov = c[i].revenue / (double)c[i].orders;
	}
	json = persona__gemini_request_json(c, 2, gm, SS_LANG_FR, "gemini-2.5-flash", &len);
	CHECK(json != NULL && len == strlen(json), "request: built");
	doc = json ? bson_new_from_json((const uint8_t *)json, (ssize_t)len, &e) : NULL;
	CHECK(doc != NULL, "request: valid JSON");
	CHECK(doc && bson_iter_init(&it, doc)
	      && bson_iter_find_descendant(&it, "generationConfig.responseSchema.items.properties.cluster.type", &it)
	      && strcmp(bson_iter_utf8(&it, NULL), "INTEGER") == 0, "request: schema cluster INTEGER");
	CHECK(doc && bson_iter_init(&it, doc)
	      && bson_iter_find_descendant(&it, "generationConfig.thinkingConfig.thinkingBudget", &it),
	      "request: thinking off for 2.5 Flash");
	CHECK(doc && bson_iter_init(&it, doc)
	      && bson_iter_find_descendant(&it, "contents.0.parts.0.text", &it)
	      && strstr(bson_iter_utf8(&it, NULL), "\"recency_days\":12.35") != NULL
	      && strstr(bson_iter_utf8(&it, NULL), "\"monetary\":null") != NULL
	      && strstr(bson_iter_utf8(&it, NULL), "\"language\":\"fr\"") != NULL,
	      "request: data block with rounded numbers, null for NaN, language");
	CHECK(doc && bson_iter_init(&it, doc)
	      && bson_iter_find_descendant(&it, "contents.0.parts.0.text", &it)
	      && strstr(bson_iter_utf8(&it, NULL), "\"orders\":41,\"revenue\":2002.00,"
	                "\"average_order_value\":48.83,") != NULL
	      && strstr(bson_iter_utf8(&it, NULL), "\"orders\":20,\"revenue\":1000.50,"
	                "\"revenue_share\":0.5000,\"average_order_value\":50.02,") != NULL,
	      "request: the KPIs (orders, revenue, its share, AOV) per cluster and in total");
	if (doc)
		bson_destroy(doc);
	bson_free(json);
	json = persona__gemini_request_json(c, 2, gm, SS_LANG_EN, "gemini-2.5-pro", &len);
	CHECK(json != NULL && strstr(json, "thinkingConfig") == NULL
	      && strstr(json, "English") != NULL, "request: Pro keeps its thinking; English");
	bson_free(json);
}

/* Whether path exists in the JSON text, and its string value in val. */
static bool has(const char *json, const char *path, const char **val)
{
	static char buf[4096];
	bson_error_t e;
	bson_t *doc = json ? bson_new_from_json((const uint8_t *)json, -1, &e) : NULL;
	bson_iter_t it, f;
	bool found = doc && bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &f);

	buf[0] = '\0';
	if (found && BSON_ITER_HOLDS_UTF8(&f))
		snprintf(buf, sizeof(buf), "%s", bson_iter_utf8(&f, NULL));
	else if (found && BSON_ITER_HOLDS_BOOL(&f))
		snprintf(buf, sizeof(buf), "%s", bson_iter_bool(&f) ? "true" : "false");
	if (val)
		*val = buf;
	if (doc)
		bson_destroy(doc);
	return found;
}

static void test_request_families(void)
{
	ss_cluster_stats c[1];
	double gm[3] = {1, 2, 3};
	size_t len;
	const char *v;
	const char *three[] = {"gemini-3.8-flash", "gemini-3.1-pro-preview", "gemini-flash-latest",
	                       "gemini-pro-latest"};

	memset(c, 0, sizeof(c));
	for (size_t i = 0; i < sizeof(three) / sizeof(three[0]); i++) {
		char *j = persona__gemini_request_json(c, 1, gm, SS_LANG_EN, three[i], &len);
		CHECK(has(j, "generationConfig.thinkingConfig.thinkingLevel", &v) && strcmp(v, "low") == 0
		      && !has(j, "generationConfig.thinkingConfig.thinkingBudget", NULL)
		      && !has(j, "generationConfig.temperature", NULL),
		      "request %s: thinkingLevel low, no budget, no temperature", three[i]);
		bson_free(j);
	}
	char *j = persona__gemini_request_json(c, 1, gm, SS_LANG_EN, "gemini-2.5-flash-lite", &len);
	CHECK(has(j, "generationConfig.thinkingConfig.thinkingBudget", NULL)
	      && !has(j, "generationConfig.thinkingConfig.thinkingLevel", NULL)
	      && has(j, "generationConfig.temperature", NULL),
	      "request 2.5 Flash-Lite: budget 0 and temperature, no level");
	bson_free(j);
	j = persona__gemini_request_json(c, 1, gm, SS_LANG_EN, "gemini-2.0-flash", &len);
	CHECK(!has(j, "generationConfig.thinkingConfig", NULL)
	      && has(j, "generationConfig.temperature", NULL), "request 2.0: no thinking config");
	bson_free(j);

	j = persona__openai_request_json(c, 1, gm, SS_LANG_FR, "Qwen/Qwen2.5-7B-Instruct", &len);
	CHECK(j != NULL && len == strlen(j) && has(j, "model", &v)
	      && strcmp(v, "Qwen/Qwen2.5-7B-Instruct") == 0, "openai request: model as given");
	CHECK(has(j, "messages.0.role", &v) && strcmp(v, "system") == 0
	      && has(j, "messages.0.content", &v) && strstr(v, "French")
	      && has(j, "messages.1.role", &v) && strcmp(v, "user") == 0
	      && has(j, "messages.1.content", &v) && strstr(v, "\"segments\":[")
	      && !has(j, "messages.2", NULL), "openai request: system then user message");
	CHECK(has(j, "response_format.type", &v) && strcmp(v, "json_schema") == 0
	      && has(j, "response_format.json_schema.name", &v) && strcmp(v, "segments") == 0
	      && has(j, "response_format.json_schema.strict", &v) && strcmp(v, "true") == 0,
	      "openai request: strict json_schema named segments");
	CHECK(has(j, "response_format.json_schema.schema.type", &v) && strcmp(v, "object") == 0
	      && has(j, "response_format.json_schema.schema.additionalProperties", &v)
	      && strcmp(v, "false") == 0
	      && has(j, "response_format.json_schema.schema.required.0", &v) && strcmp(v, "segments") == 0
	      && has(j, "response_format.json_schema.schema.properties.segments.items.additionalProperties", &v)
	      && strcmp(v, "false") == 0
	      && has(j, "response_format.json_schema.schema.properties.segments.items.required.3", &v)
	      && strcmp(v, "action") == 0, "openai request: object root, all required, closed objects");
	CHECK(!has(j, "temperature", NULL) && !has(j, "max_tokens", NULL),
	      "openai request: no temperature, no token limit");
	bson_free(j);
}

static void test_openai_answer(void)
{
	char *text = NULL;
	size_t n = 0;
	char why[512];
	const char *ok = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
	                 "\"content\":\"{\\\"segments\\\":[]}\",\"refusal\":null},\"finish_reason\":\"stop\"}]}";
	const char *len = "{\"choices\":[{\"message\":{\"content\":\"{\\\"seg\"},\"finish_reason\":\"length\"}]}";
	const char *filt = "{\"choices\":[{\"message\":{\"content\":null},\"finish_reason\":\"content_filter\"}]}";
	const char *ref = "{\"choices\":[{\"message\":{\"content\":null,\"refusal\":\"I can\u2019t help\"},"
	                  "\"finish_reason\":\"stop\"}]}";
	const char *none = "{\"choices\":[]}";
	const char *noref = "{\"choices\":[{\"message\":{\"content\":\"[]\",\"refusal\":\"\"},"
	                    "\"finish_reason\":\"stop\"}]}";
	const char *empty = "{\"choices\":[{\"message\":{\"content\":\"\"},\"finish_reason\":\"stop\"}]}";

	CHECK(persona__openai_answer_text(ok, strlen(ok), &text, &n, why, sizeof(why)) == 0
	      && text && strcmp(text, "{\"segments\":[]}") == 0 && n == 15,
	      "openai answer: content of the first choice (refusal null is no refusal)");
	free(text);
	CHECK(persona__openai_answer_text(len, strlen(len), &text, &n, why, sizeof(why)) == -1
	      && text == NULL && strstr(why, "finish_reason length"), "openai answer: length is a failure");
	CHECK(persona__openai_answer_text(filt, strlen(filt), &text, &n, why, sizeof(why)) == -1
	      && strstr(why, "content_filter"), "openai answer: content_filter is a failure");
	CHECK(persona__openai_answer_text(ref, strlen(ref), &text, &n, why, sizeof(why)) == -1
	      && strstr(why, "refused: I can\xe2\x80\x99t help"), "openai answer: refusal with its text");
	CHECK(persona__openai_answer_text(noref, strlen(noref), &text, &n, why, sizeof(why)) == 0
	      && text && strcmp(text, "[]") == 0, "openai answer: an empty refusal is no refusal");
	free(text);
	CHECK(persona__openai_answer_text(none, strlen(none), &text, &n, why, sizeof(why)) == -1
	      && strstr(why, "no choices"), "openai answer: no choice");
	CHECK(persona__openai_answer_text(empty, strlen(empty), &text, &n, why, sizeof(why)) == -1
	      && strstr(why, "no text"), "openai answer: empty content");
	CHECK(persona__openai_answer_text("<html>", 6, &text, &n, why, sizeof(why)) == -1
	      && strstr(why, "not JSON"), "openai answer: not JSON");
}

static void test_answer(void)
{
	char *text = NULL;
	size_t n = 0;
	char why[512];
	const char *two = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hidden\",\"thought\":true},"
	                  "{\"text\":\"[{\\\"a\\\":\"},{\"text\":\"1}]\"}]},\"finishReason\":\"STOP\"}]}";
	const char *recite = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"[]\"}]},"
	                     "\"finishReason\":\"RECITATION\"}]}";
	const char *notext = "{\"candidates\":[{\"content\":{\"parts\":[]},\"finishReason\":\"STOP\"}]}";

	CHECK(persona__gemini_answer_text(two, strlen(two), &text, &n, why, sizeof(why)) == 0
	      && text && strcmp(text, "[{\"a\":1}]") == 0 && n == 9,
	      "answer: parts joined, thought parts skipped");
	free(text);
	CHECK(persona__gemini_answer_text(recite, strlen(recite), &text, &n, why, sizeof(why)) == -1
	      && text == NULL && strstr(why, "RECITATION") != NULL, "answer: RECITATION is a failure");
	CHECK(persona__gemini_answer_text(notext, strlen(notext), &text, &n, why, sizeof(why)) == -1
	      && strstr(why, "no text") != NULL, "answer: no text is a failure");
	CHECK(persona__gemini_answer_text("<html>", 6, &text, &n, why, sizeof(why)) == -1
	      && strstr(why, "not JSON") != NULL, "answer: not JSON");
	CHECK(persona__gemini_answer_text(NULL, 0, &text, &n, why, sizeof(why)) == -1, "answer: empty body");
}

static void test_errors(void)
{
	persona__llm_error e;
	const char *gerr = "{\"error\":{\"code\":400,\"message\":\"bad\\nthing\"}}";
	const char *arr = "[{\"error\":{\"code\":429,\"message\":\"slow down\","
	                  "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
	                  "{\"@type\":\"type.googleapis.com/google.rpc.Help\"},"
	                  "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"20.5s\"}]}}]";
	const char *day = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
	                  "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":["
	                  "{\"quotaMetric\":\"m\",\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel\"},"
	                  "{\"quotaMetric\":\"m\",\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]},"
	                  "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"58s\"}]}}";
	const char *minute = "{\"error\":{\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
	                     "\"violations\":[{\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel\"}]}]}}";
	const char *oai = "{\"error\":{\"message\":\"You exceeded your current quota\","
	                  "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";

	persona__llm_error_parse(gerr, strlen(gerr), &e);
	CHECK(strcmp(e.message, "bad thing") == 0 && e.retry_s < 0 && !e.per_day && !e.no_quota,
	      "error: message read and cleaned, nothing else");
	persona__llm_error_parse(arr, strlen(arr), &e);
	CHECK(strcmp(e.message, "slow down") == 0 && e.retry_s == 20.5 && !e.per_day,
	      "error: array shape, RetryInfo 20.5s");
	persona__llm_error_parse(day, strlen(day), &e);
	CHECK(e.per_day && strcmp(e.quota, "GenerateRequestsPerDayPerProjectPerModel-FreeTier") == 0
	      && e.retry_s == 58, "error: per-day QuotaFailure found among others");
	persona__llm_error_parse(minute, strlen(minute), &e);
	CHECK(!e.per_day, "error: a per-minute quota is not per day");
	persona__llm_error_parse(oai, strlen(oai), &e);
	CHECK(e.no_quota && strstr(e.message, "current quota") != NULL, "error: OpenAI insufficient_quota");
	const char *plain = "{\"error\":\"model \\\"x\\\" not found\"}";
	persona__llm_error_parse(plain, strlen(plain), &e);
	CHECK_STR(e.message, "model \"x\" not found", "error: a plain string (Ollama)");
	const char *soon = "{\"error\":{\"message\":\"m\",\"details\":[{\"@type\":"
	                   "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"soon\"}]}}";
	persona__llm_error_parse(soon, strlen(soon), &e);
	CHECK(e.retry_s < 0 && strcmp(e.message, "m") == 0, "error: a malformed retryDelay is ignored");
	persona__llm_error_parse("nope", 4, &e);
	CHECK(e.message[0] == '\0' && e.retry_s < 0, "error: none in a non-JSON body");
}

static void test_fence(void)
{
	const char *cases[][2] = {
		{"```json\n[1]\n```", "[1]"},
		{"  ```\n[1]```  ", "[1]"},
		{"```json [1] ```", "[1]"},
		{"\n [1] \n", "[1]"},
		{"[1]", "[1]"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i][0]);
		const char *s = persona__llm_strip_fence(cases[i][0], &len);
		CHECK(len == strlen(cases[i][1]) && memcmp(s, cases[i][1], len) == 0,
		      "fence: case %zu stripped", i);
	}
}

static void test_clean(void)
{
	char out[256];
	char small[6];
	const char bad_utf8[] = "a\xff\xc3(b\xe2\x82";

	persona__llm_clean_text("  a\t\tb\n\x01" "c\x7f  ", 13, out, sizeof(out), 60);
	CHECK_STR(out, "a b c", "clean: controls dropped, spaces folded and trimmed");
	CHECK(persona__llm_clean_text("\xc3\xa9\xc3\xa9\xc3\xa9", 6, out, sizeof(out), 2) == 2
	      && strcmp(out, "\xc3\xa9\xc3\xa9") == 0, "clean: cut at 2 code points");
	persona__llm_clean_text("ab\xf0\x9f\x98\x80" "cd", 8, small, sizeof(small), 60);
	CHECK_STR(small, "ab", "clean: a full buffer never splits a code point");
	persona__llm_clean_text(bad_utf8, sizeof(bad_utf8) - 1, out, sizeof(out), 60);
	CHECK_STR(out, "a(b", "clean: invalid UTF-8 dropped");
	persona__llm_clean_text("x\xe2\x80\xae" "y\xc2\x85z", 8, out, sizeof(out), 60);
	CHECK_STR(out, "xy z", "clean: bidi override dropped, NEL is a space");
	CHECK(persona__llm_clean_text(" \t\n", 3, out, sizeof(out), 60) == 0 && out[0] == '\0',
	      "clean: only white space gives empty");
}

static void test_apply(void)
{
	ss_persona p[3];
	char why[512];
	char big[4096];
	int r;

	r = apply("[{\"cluster\":0,\"name\":\"A\",\"description\":\"B\",\"action\":\"C\"},"
	          "{\"cluster\":1.0,\"name\":\"D\",\"description\":\"E\",\"action\":\"F\"}]",
	          2, p, why, sizeof(why));
	CHECK(r == 2 && strcmp(p[1].name, "D") == 0 && strcmp(p[1].source, "gemini") == 0,
	      "apply: integer and integral float cluster numbers");
	r = apply("{\"segments\":[{\"cluster\":1,\"name\":\"N\",\"description\":\"D\",\"action\":\"A\"}]}",
	          2, p, why, sizeof(why));
	CHECK(r == 1 && strcmp(p[1].name, "N") == 0 && strcmp(p[0].name, "R0") == 0
	      && strcmp(p[0].source, "rules") == 0 && strstr(why, "cluster 0: missing") != NULL,
	      "apply: array inside an object; missing cluster keeps rules");
	r = apply("[{\"cluster\":0.5,\"name\":\"N\",\"description\":\"D\",\"action\":\"A\"},"
	          "{\"cluster\":\"1\",\"name\":\"N\",\"description\":\"D\",\"action\":\"A\"},"
	          "{\"cluster\":-1,\"name\":\"N\",\"description\":\"D\",\"action\":\"A\"}, 7]",
	          2, p, why, sizeof(why));
	CHECK(r == 0 && strcmp(p[0].name, "R0") == 0 && strstr(why, "4 entries for no known cluster") != NULL,
	      "apply: bad cluster numbers ignored");
	r = apply("[{\"cluster\":0,\"name\":\"\\u0007 \",\"description\":\"D\",\"action\":\"A\"},"
	          "{\"cluster\":1,\"name\":\"N\",\"description\":5,\"action\":\"A\"},"
	          "{\"cluster\":2,\"name\":\"N\",\"description\":\"D\"}]",
	          3, p, why, sizeof(why));
	CHECK(r == 0 && strcmp(p[0].name, "R0") == 0 && strcmp(p[1].description, "RD1") == 0
	      && strcmp(p[2].action, "RA2") == 0 && strstr(why, "cluster 2: a missing or empty field"),
	      "apply: empty, non-string or missing fields keep rules");
	r = apply("[{\"cluster\":0,\"name\":\"N\",\"description\":\"D\",\"action\":\"A\"},"
	          "{\"cluster\":0,\"name\":\"M\",\"description\":\"D\",\"action\":\"A\"}]",
	          1, p, why, sizeof(why));
	CHECK(r == 0 && strcmp(p[0].name, "R0") == 0, "apply: a duplicate is not trusted");
	CHECK(apply("not json", 2, p, why, sizeof(why)) == -1, "apply: not JSON");
	CHECK(apply("[{\"cluster\":0,", 2, p, why, sizeof(why)) == -1 && strcmp(p[0].name, "R0") == 0,
	      "apply: cut JSON changes nothing");
	CHECK(apply("{\"a\":1}", 2, p, why, sizeof(why)) == -1 && strstr(why, "no array"),
	      "apply: an object without an array");
	CHECK(apply("[]", 2, p, why, sizeof(why)) == 0, "apply: empty array takes nothing");
	memset(big, '[', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(apply(big, 2, p, why, sizeof(why)) == -1, "apply: deep nesting is refused, no crash");

	strcpy(big, "[{\"cluster\":0,\"name\":\"");
	for (int i = 0; i < 100; i++)
		strcat(big, "\xc3\xa9");
	strcat(big, "\",\"description\":\"d\",\"action\":\"a\"}]");
	r = apply(big, 1, p, why, sizeof(why));
	CHECK(r == 1 && utf8_chars(p[0].name) == SS_LLM_NAME_MAX && strlen(p[0].name) == 120,
	      "apply: name capped at 60 characters on a UTF-8 boundary");
}

static void test_cat(void)
{
	char buf[8] = "ab";

	persona__llm_cat(buf, sizeof(buf), "cd");
	CHECK_STR(buf, "abcd", "cat: appended");
	persona__llm_cat(buf, sizeof(buf), "\xc3\xa9\xc3\xa9");   /* 4 bytes, room for 3 */
	CHECK_STR(buf, "abcd\xc3\xa9", "cat: cut before a split UTF-8 sequence");
	persona__llm_cat(buf, sizeof(buf), "x");
	CHECK_STR(buf, "abcd\xc3\xa9x", "cat: fills the last byte");
	persona__llm_cat(buf, sizeof(buf), "y");
	CHECK_STR(buf, "abcd\xc3\xa9x", "cat: a full buffer stays as it is");
}

static void test_label(void)
{
	char out[64], tiny[4];

	ss_llm_model_label("gemini", "gemini-3.8-flash", out, sizeof(out));
	CHECK_STR(out, "Gemini 3.8 Flash", "label: gemini-3.8-flash");
	ss_llm_model_label("gemini", "gemini-2.5-flash", tiny, sizeof(tiny));
	CHECK_STR(tiny, "Gem", "label: truncated to the buffer");
	ss_llm_model_label("openai", "qwen2.5:7b", out, sizeof(out));
	CHECK_STR(out, "qwen2.5:7b", "label: other services keep the id");
	ss_llm_model_label("gemini", NULL, out, sizeof(out));
	CHECK_STR(out, "", "label: NULL model");
}

static void test_settings(void)
{
	ss_cluster_stats c[1];
	ss_persona p[1];
	ss_ai_info ai;
	double gm[3] = {0};
	ss_config *cfg = ss_config_load(NULL, NULL);

	memset(c, 0, sizeof(c));
	rules(p, 1);
	unsetenv("GEMINI_API_KEY");
	unsetenv("LLM_PROVIDER");
	unsetenv("OPENAI_BASE_URL");
	CHECK(cfg != NULL && !ss_llm_configured(cfg), "configured: not without a key");
	setenv("GEMINI_API_KEY", "k", 1);
	CHECK(ss_llm_configured(cfg), "configured: Gemini with a key");
	setenv("LLM_PROVIDER", "openai", 1);
	CHECK(!ss_llm_configured(cfg), "configured: openai needs its base URL, not Gemini's key");
	setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1", 1);
	CHECK(ss_llm_configured(cfg), "configured: openai with a base URL");
	unsetenv("OPENAI_BASE_URL");
	unsetenv("LLM_PROVIDER");
	unsetenv("GEMINI_API_KEY");
	CHECK(cfg != NULL && ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strcmp(ai.source, "rules") == 0 && ai.model[0] == '\0'
	      && strstr(ai.error, "GEMINI_API_KEY") && strcmp(p[0].name, "R0") == 0,
	      "no key: rules, no model, reason given");
	setenv("GEMINI_API_KEY", "a\r\nX-Evil: 1", 1);
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strcmp(ai.source, "rules") == 0 && strstr(ai.error, "invalid characters"),
	      "key with CR/LF: refused before any request");
	setenv("GEMINI_API_KEY", "k", 1);
	setenv("GEMINI_MODEL", "gemini-3.8-flash,../../x?y", 1);
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strcmp(ai.source, "rules") == 0 && strstr(ai.error, "GEMINI_MODEL")
	      && ai.model[0] == '\0', "model id with path characters in the list: refused");
	setenv("GEMINI_MODEL", " , ,", 1);
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strstr(ai.error, "must list 1 to"), "empty model list: refused");
	setenv("GEMINI_MODEL", "a,b,c,d,e,f,g,h,i", 1);
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strstr(ai.error, "must list 1 to 8"), "nine models: refused");
	unsetenv("GEMINI_API_KEY");
	unsetenv("GEMINI_MODEL");
	setenv("LLM_PROVIDER", "claude", 1);
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strstr(ai.error, "LLM_PROVIDER"), "unknown provider: rules with the reason");
	setenv("LLM_PROVIDER", "openai", 1);
	unsetenv("OPENAI_BASE_URL");
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0 && strcmp(ai.source, "rules") == 0
	      && strstr(ai.error, "no OPENAI_BASE_URL"), "openai without a base URL: no request");
	setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1", 1);
	unsetenv("OPENAI_MODEL");
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strstr(ai.error, "no OPENAI_MODEL"), "openai without a model: no request");
	setenv("OPENAI_MODEL", "bad model", 1);
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strstr(ai.error, "OPENAI_MODEL"), "openai model id with a space: refused");
	setenv("OPENAI_MODEL", "qwen2.5:7b,mod\xc3\xa8le", 1);
	CHECK(ss_llm_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strstr(ai.error, "OPENAI_MODEL"), "openai model id with non-ASCII: refused");
	unsetenv("LLM_PROVIDER");
	unsetenv("OPENAI_BASE_URL");
	unsetenv("OPENAI_MODEL");
	ss_config_free(cfg);
}

int main(void)
{
	test_request();
	test_request_families();
	test_answer();
	test_openai_answer();
	test_fence();
	test_clean();
	test_apply();
	test_errors();
	test_cat();
	test_label();
	test_settings();
	return CHECK_DONE();
}
