/* fuzz-llm.c: what a language model's service sends back, any bytes: the
 * Gemini and OpenAI answer parsers, the error-answer reader, and the
 * validation of the model's JSON text into personas. Every parser returns
 * an answer or a reason; what reaches a persona is clean UTF-8. */
#include <bson/bson.h>
#include "fuzz.h"
#include "ingest/text.h"
#include "persona/private.h"

static void check_text(const char *s, size_t size, const char *what)
{
	size_t n = strnlen(s, size);
	FUZZ_CHECK(n < size && ss_utf8_valid(s, n), "%s: not NUL-terminated UTF-8", what);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)s[i] >= ' ' && s[i] != 0x7f, "%s: control byte", what);
}

static void apply(const char *text, size_t len, int k)
{
	ss_persona p[8];
	char why[512];

	for (int c = 0; c < k; c++) {
		memset(&p[c], 0, sizeof(p[c]));
		snprintf(p[c].name, sizeof(p[c].name), "rules %d", c);
		snprintf(p[c].description, sizeof(p[c].description), "d");
		snprintf(p[c].action, sizeof(p[c].action), "a");
		snprintf(p[c].source, sizeof(p[c].source), "rules");
	}
	int got = persona__llm_apply(text, len, k, p, "gemini", why, sizeof(why));
	FUZZ_CHECK(got >= -1 && got <= k, "apply took %d of %d", got, k);
	FUZZ_CHECK(got == k || why[0] != '\0', "apply: %d of %d without a reason", got, k);
	for (int c = 0; c < k; c++) {
		check_text(p[c].name, sizeof(p[c].name), "name");
		check_text(p[c].description, sizeof(p[c].description), "description");
		check_text(p[c].action, sizeof(p[c].action), "action");
		FUZZ_CHECK(p[c].name[0] && p[c].description[0] && p[c].action[0], "empty persona");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	char why[512], out[256];
	char *text = NULL;
	size_t tlen = 0;

	if (persona__gemini_answer_text(body, size, &text, &tlen, why, sizeof(why)) == 0) {
		FUZZ_CHECK(text != NULL && strlen(text) == tlen, "gemini text length");
		apply(text, tlen, 1 + (int)(size % 8));
	} else {
		FUZZ_CHECK(why[0] != '\0', "gemini: no reason");
	}
	free(text);
	text = NULL;
	if (persona__openai_answer_text(body, size, &text, &tlen, why, sizeof(why)) == 0)
		FUZZ_CHECK(text != NULL && strlen(text) == tlen, "openai text length");
	else
		FUZZ_CHECK(why[0] != '\0', "openai: no reason");
	free(text);

	persona__llm_error e;
	persona__llm_error_parse(body, size, &e);
	check_text(e.message, sizeof(e.message), "error message");
	FUZZ_CHECK(strnlen(e.quota, sizeof(e.quota)) < sizeof(e.quota), "quota");

	bson_t *doc = persona__llm_answer_doc(body, size, why, sizeof(why));
	FUZZ_CHECK(doc != NULL || why[0] != '\0', "answer doc: no reason");
	bson_destroy(doc);

	size_t flen = size;
	const char *f = persona__llm_strip_fence(body, &flen);
	FUZZ_CHECK(f >= body && f + flen <= body + size, "fence out of the text");
	persona__llm_clean_text(body, size, out, sizeof(out), 60);
	check_text(out, sizeof(out), "clean text");

	/* the model's own text, straight */
	apply(body, size, 1 + (int)(size % 8));
	return 0;
}
