/* gemini_answer.c: reads a generateContent answer: blocks, finish reasons
 * and the text of the first candidate. */
#include <bson/bson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"

/* A short, printable copy of a string field of the answer for messages. */
static void field_text(const bson_iter_t *it, char *out, size_t size, size_t max_chars)
{
	uint32_t n = 0;
	const char *s = BSON_ITER_HOLDS_UTF8(it) ? bson_iter_utf8(it, &n) : "";

	persona__llm_clean_text(s, n, out, size, max_chars);
}

/* Appends the "text" of every part of content.parts (thought parts are
 * skipped: they are not the answer). Returns 0, or -1 on out of memory. */
static int collect_parts(bson_iter_t *parts, char **text, size_t *len)
{
	bson_iter_t part, field;

	while (bson_iter_next(parts)) {
		uint32_t n;
		const char *s;
		char *nt;

		if (!BSON_ITER_HOLDS_DOCUMENT(parts) || !bson_iter_recurse(parts, &part))
			continue;
		if (bson_iter_find(&part, "thought") && BSON_ITER_HOLDS_BOOL(&part)
		    && bson_iter_bool(&part))
			continue;
		if (!bson_iter_recurse(parts, &field) || !bson_iter_find(&field, "text")
		    || !BSON_ITER_HOLDS_UTF8(&field))
			continue;
		s = bson_iter_utf8(&field, &n);
		nt = realloc(*text, *len + n + 1);
		if (nt == NULL)
			return -1;
		memcpy(nt + *len, s, n);
		*len += n;
		nt[*len] = '\0';
		*text = nt;
	}
	return 0;
}

int persona__gemini_answer_text(const char *body, size_t len, char **text,
                          size_t *text_len, char *why, size_t why_size)
{
	bson_t *doc;
	bson_iter_t it, cand, parts;
	char reason[64];
	int rc = -1;

	*text = NULL;
	*text_len = 0;
	doc = persona__llm_answer_doc(body, len, why, why_size);
	if (doc == NULL)
		return -1;
	if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "promptFeedback.blockReason", &cand)) {
		field_text(&cand, reason, sizeof(reason), 40);
		snprintf(why, why_size, "the prompt was blocked (%s)", reason);
		goto done;
	}
	if (!bson_iter_init(&it, doc) || !bson_iter_find_descendant(&it, "candidates.0", &cand)
	    || !BSON_ITER_HOLDS_DOCUMENT(&cand)) {
		snprintf(why, why_size, "the answer has no candidates");
		goto done;
	}
	if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "candidates.0.finishReason", &cand)) {
		field_text(&cand, reason, sizeof(reason), 40);
		/* STOP is the one normal end; SAFETY, MAX_TOKENS, RECITATION and
		 * the rest mean a cut or withheld answer. */
		if (reason[0] != '\0' && strcmp(reason, "STOP") != 0
		    && strcmp(reason, "FINISH_REASON_UNSPECIFIED") != 0) {
			snprintf(why, why_size, "the answer stopped early (finishReason %s)", reason);
			goto done;
		}
	}
	if (!bson_iter_init(&it, doc)
	    || !bson_iter_find_descendant(&it, "candidates.0.content.parts", &cand)
	    || !BSON_ITER_HOLDS_ARRAY(&cand) || !bson_iter_recurse(&cand, &parts)) {
		snprintf(why, why_size, "the answer has no content parts");
		goto done;
	}
	if (collect_parts(&parts, text, text_len) != 0) {
		snprintf(why, why_size, "out of memory");
		goto done;
	}
	if (*text_len == 0) {
		snprintf(why, why_size, "the answer has no text");
		goto done;
	}
	rc = 0;
done:
	if (rc != 0) {
		free(*text);
		*text = NULL;
		*text_len = 0;
	}
	bson_destroy(doc);
	return rc;
}
