/* openai_answer.c: reads a chat/completions answer: refusals, finish
 * reasons and the text of the first choice. */
#include <bson/bson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"

static bool find(const bson_t *doc, const char *path, bson_iter_t *out)
{
	bson_iter_t it;

	return bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, out);
}

int persona__openai_answer_text(const char *body, size_t len, char **text,
                                size_t *text_len, char *why, size_t why_size)
{
	bson_t *doc;
	bson_iter_t f;
	char reason[64];
	const char *s;
	uint32_t n = 0;
	int rc = -1;

	*text = NULL;
	*text_len = 0;
	doc = persona__llm_answer_doc(body, len, why, why_size);
	if (doc == NULL)
		return -1;
	if (!find(doc, "choices.0", &f) || !BSON_ITER_HOLDS_DOCUMENT(&f)) {
		snprintf(why, why_size, "the answer has no choices");
		goto done;
	}
	/* A refusal comes instead of the content, whatever finish_reason says. */
	if (find(doc, "choices.0.message.refusal", &f) && BSON_ITER_HOLDS_UTF8(&f)
	    && (s = bson_iter_utf8(&f, &n), n > 0)) {
		char msg[256];
		persona__llm_clean_text(s, n, msg, sizeof(msg), 150);
		snprintf(why, why_size, "the model refused: %s", msg);
		goto done;
	}
	if (find(doc, "choices.0.finish_reason", &f) && BSON_ITER_HOLDS_UTF8(&f)) {
		s = bson_iter_utf8(&f, &n);
		persona__llm_clean_text(s, n, reason, sizeof(reason), 40);
		/* stop is the one normal end; length cuts the JSON, content_filter
		 * withholds it. */
		if (strcmp(reason, "stop") != 0) {
			snprintf(why, why_size, "the answer stopped early (finish_reason %s)", reason);
			goto done;
		}
	}
	if (!find(doc, "choices.0.message.content", &f) || !BSON_ITER_HOLDS_UTF8(&f)
	    || (s = bson_iter_utf8(&f, &n), n == 0)) {
		snprintf(why, why_size, "the answer has no text");
		goto done;
	}
	*text = malloc((size_t)n + 1);
	if (*text == NULL) {
		snprintf(why, why_size, "out of memory");
		goto done;
	}
	memcpy(*text, s, n);
	(*text)[n] = '\0';
	*text_len = n;
	rc = 0;
done:
	bson_destroy(doc);
	return rc;
}
