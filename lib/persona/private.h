/* private.h: the parts of the Gemini client, shared by gemini*.c and the
 * unit tests; not for other modules (they use gemini.h). Every function
 * reports a failure as one line in why[why_size] (always NUL-terminated). */
#ifndef SMARTSEG_GEMINI_INT_H
#define SMARTSEG_GEMINI_INT_H
#include <stddef.h>
#include "persona/persona.h"

/* gemini_request.c: the generateContent body (JSON) for k clusters, for
 * model (which decides whether thinking can be turned off). Returns a string the caller frees with bson_free(), its length in *len;
 * NULL on out of memory. */
char *persona__gemini_request_json(const ss_cluster_stats *clusters, int k,
                             const double global_mean[3], ss_lang lang,
                             const char *model, size_t *len);

/* gemini_http.c: one HTTP exchange after retries. */
typedef struct persona__gemini_reply {
	long status;            /* last HTTP status, 0 when none arrived */
	int tries;              /* requests sent */
	char *body;             /* malloc'd, NUL-terminated; free() it */
	size_t len;
} persona__gemini_reply;

/* POSTs body to url with the key header, retrying 429/500/502/503/504 and
 * network errors (SS_GEMINI_MAX_TRIES in all, exponential backoff with
 * jitter, Retry-After honoured) within timeout_ms in all. Returns 0 when a
 * 200 answer arrived (reply->body holds it), -1 with why otherwise
 * (reply->body may still hold an error answer). reply->body is NULL or
 * malloc'd in both cases. */
int persona__gemini_post(const char *url, const char *key, const char *body,
                   size_t body_len, long timeout_ms, persona__gemini_reply *reply,
                   char *why, size_t why_size);

/* gemini_answer.c: the text of candidates[0].content.parts of a
 * generateContent answer, concatenated, in a new malloc'd string (*text,
 * length *text_len). -1 with why for invalid JSON, a blocked prompt
 * (promptFeedback.blockReason), no candidate, a finishReason other than
 * STOP, or no text; -1 with "out of memory" likewise. */
int persona__gemini_answer_text(const char *body, size_t len, char **text,
                          size_t *text_len, char *why, size_t why_size);

/* The message of a Google error answer ({"error": {"message": ...}}),
 * cleaned and capped at 200 characters, into out; "" when there is none. */
void persona__gemini_error_message(const char *body, size_t len, char *out, size_t size);

/* gemini_validate.c: text without a surrounding ``` or ```json fence and
 * surrounding white space: returns a pointer into text, length in *len. */
const char *persona__gemini_strip_fence(const char *text, size_t *len);

/* Copies UTF-8 in[0..len) into out[size] (size >= 1): control characters
 * (C0, DEL, C1) removed, tabs/newlines and runs of spaces folded to one
 * space, ends trimmed, cut after max_chars code points or when out is full,
 * never inside a code point. Invalid UTF-8 sequences are dropped. Returns
 * the number of code points written. Cannot fail. */
size_t persona__gemini_clean_text(const char *in, size_t len, char *out, size_t size,
                            size_t max_chars);

/* Parses the model's JSON text (an array of {cluster, name, description,
 * action}; fence tolerated) and overwrites personas[c] for each cluster c in
 * 0..k-1 that has exactly one entry with three non-empty strings; sets their
 * source to "gemini". Returns the number of clusters taken (0..k), or -1
 * with why when the text is not usable at all (invalid JSON, not an array,
 * out of memory). When fewer than k are taken, why names the others. */
int persona__gemini_apply(const char *text, size_t len, int k, ss_persona *personas,
                    char *why, size_t why_size);

#endif
