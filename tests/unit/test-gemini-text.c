/* test-gemini-text.c: the Gemini client's offline parts: request body,
 * answer reading, fence stripping, text cleaning and validation. */
#include <bson/bson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "persona/gemini.h"
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
	return persona__gemini_apply(text, strlen(text), k, p, why, n);
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
	if (doc)
		bson_destroy(doc);
	bson_free(json);
	json = persona__gemini_request_json(c, 2, gm, SS_LANG_EN, "gemini-2.5-pro", &len);
	CHECK(json != NULL && strstr(json, "thinkingConfig") == NULL
	      && strstr(json, "English") != NULL, "request: Pro keeps its thinking; English");
	bson_free(json);
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
	const char *gerr = "{\"error\":{\"code\":400,\"message\":\"bad\\nthing\"}}";
	persona__gemini_error_message(gerr, strlen(gerr), why, sizeof(why));
	CHECK_STR(why, "bad thing", "error message: read and cleaned");
	persona__gemini_error_message("nope", 4, why, sizeof(why));
	CHECK_STR(why, "", "error message: none in a non-JSON body");
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
		const char *s = persona__gemini_strip_fence(cases[i][0], &len);
		CHECK(len == strlen(cases[i][1]) && memcmp(s, cases[i][1], len) == 0,
		      "fence: case %zu stripped", i);
	}
}

static void test_clean(void)
{
	char out[256];
	char small[6];
	const char bad_utf8[] = "a\xff\xc3(b\xe2\x82";

	persona__gemini_clean_text("  a\t\tb\n\x01" "c\x7f  ", 13, out, sizeof(out), 60);
	CHECK_STR(out, "a b c", "clean: controls dropped, spaces folded and trimmed");
	CHECK(persona__gemini_clean_text("\xc3\xa9\xc3\xa9\xc3\xa9", 6, out, sizeof(out), 2) == 2
	      && strcmp(out, "\xc3\xa9\xc3\xa9") == 0, "clean: cut at 2 code points");
	persona__gemini_clean_text("ab\xf0\x9f\x98\x80" "cd", 8, small, sizeof(small), 60);
	CHECK_STR(small, "ab", "clean: a full buffer never splits a code point");
	persona__gemini_clean_text(bad_utf8, sizeof(bad_utf8) - 1, out, sizeof(out), 60);
	CHECK_STR(out, "a(b", "clean: invalid UTF-8 dropped");
	persona__gemini_clean_text("x\xe2\x80\xae" "y\xc2\x85z", 8, out, sizeof(out), 60);
	CHECK_STR(out, "xy z", "clean: bidi override dropped, NEL is a space");
	CHECK(persona__gemini_clean_text(" \t\n", 3, out, sizeof(out), 60) == 0 && out[0] == '\0',
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
	CHECK(r == 1 && utf8_chars(p[0].name) == SS_GEMINI_NAME_MAX && strlen(p[0].name) == 120,
	      "apply: name capped at 60 characters on a UTF-8 boundary");
}

static void test_label(void)
{
	char out[64], tiny[4];

	ss_gemini_model_label("gemini-2.5-flash", out, sizeof(out));
	CHECK_STR(out, "Gemini 2.5 Flash", "label: gemini-2.5-flash");
	ss_gemini_model_label("gemini-2.5-flash", tiny, sizeof(tiny));
	CHECK_STR(tiny, "Gem", "label: truncated to the buffer");
	ss_gemini_model_label(NULL, out, sizeof(out));
	CHECK_STR(out, "", "label: NULL model");
}

static void test_no_key(void)
{
	ss_cluster_stats c[1];
	ss_persona p[1];
	ss_ai_info ai;
	double gm[3] = {0};
	ss_config *cfg = ss_config_load(NULL, NULL);

	memset(c, 0, sizeof(c));
	rules(p, 1);
	unsetenv("GEMINI_API_KEY");
	CHECK(cfg != NULL && ss_gemini_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strcmp(ai.source, "rules") == 0 && ai.model[0] == '\0'
	      && strstr(ai.error, "GEMINI_API_KEY") && strcmp(p[0].name, "R0") == 0,
	      "no key: rules, no model, reason given");
	setenv("GEMINI_API_KEY", "a\r\nX-Evil: 1", 1);
	CHECK(ss_gemini_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strcmp(ai.source, "rules") == 0 && strstr(ai.error, "invalid characters"),
	      "key with CR/LF: refused before any request");
	setenv("GEMINI_API_KEY", "k", 1);
	setenv("GEMINI_MODEL", "../../x?y", 1);
	CHECK(ss_gemini_name(cfg, c, 1, gm, SS_LANG_EN, p, &ai) == 0
	      && strcmp(ai.source, "rules") == 0 && strstr(ai.error, "GEMINI_MODEL"),
	      "model id with path characters: refused");
	unsetenv("GEMINI_API_KEY");
	unsetenv("GEMINI_MODEL");
	ss_config_free(cfg);
}

int main(void)
{
	test_request();
	test_answer();
	test_fence();
	test_clean();
	test_apply();
	test_label();
	test_no_key();
	return CHECK_DONE();
}
