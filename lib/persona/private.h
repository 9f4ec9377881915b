/* private.h: the parts of the language-model client, shared by llm*.c,
 * gemini*.c, openai*.c and the unit tests; not for other modules (they use
 * llm.h). Every function reports a failure as one line in why[why_size]
 * (always NUL-terminated). */
#ifndef SMARTSEG_PERSONA_PRIVATE_H
#define SMARTSEG_PERSONA_PRIVATE_H
#include <bson/bson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "model/analysis.h"
#include "persona/persona.h"

/* llm_prompt.c: the system instruction for lang, and the aggregates as JSON
 * text (numbers with two decimals, null for NaN). Both malloc'd (free());
 * NULL on out of memory. */
char *persona__llm_instruction(ss_lang lang);
char *persona__llm_segments_json(const ss_cluster_stats *clusters, int k,
                                 const double global_mean[3], ss_lang lang);

/* gemini_request.c: the generateContent body (JSON) for model, whose family
 * decides the generationConfig (2.5: temperature and thinkingBudget; 3.x:
 * thinkingLevel, no temperature). Frees with bson_free(); NULL on OOM. */
char *persona__gemini_request_json(const ss_cluster_stats *clusters, int k,
                                   const double global_mean[3], ss_lang lang,
                                   const char *model, size_t *len);

/* openai_request.c: the chat/completions body: system and user messages
 * and a strict json_schema response_format ({"segments": [...]}). Frees
 * with bson_free(); NULL on OOM. */
char *persona__openai_request_json(const ss_cluster_stats *clusters, int k,
                                   const double global_mean[3], ss_lang lang,
                                   const char *model, size_t *len);

/* llm_http.c: one POST with retries within a deadline. */
typedef struct persona__llm_call {
	const char *url;
	const char *auth;       /* a whole header line ("x-goog-api-key: K"), or NULL */
	const char *body;
	size_t body_len;
	int64_t deadline_ms;    /* persona__llm_now_ms() clock */
	long budget_s;          /* the configured bound, for messages */
} persona__llm_call;

typedef struct persona__llm_reply {
	long status;            /* last HTTP status, 0 when none arrived */
	int tries;              /* requests sent */
	bool model_missing;     /* 404 or 410: the model does not exist (any more) */
	char *body;             /* malloc'd, NUL-terminated; free() it */
	size_t len;
} persona__llm_reply;

int64_t persona__llm_now_ms(void);

/* POSTs the body, retrying 429/500/502/503/504 and network errors
 * (SS_LLM_MAX_TRIES in all, exponential backoff with jitter) until the
 * deadline. A 429 waits what the answer asks (RetryInfo.retryDelay in the
 * error details, else Retry-After) when that fits in the time left, and
 * gives up at once on a per-day or exhausted quota. Returns 0 when a 200
 * answer arrived (reply->body holds it), -1 with why otherwise (why then
 * ends with the service's message when it sent one). reply->body is NULL
 * or malloc'd in both cases. */
int persona__llm_post(const persona__llm_call *call, persona__llm_reply *reply,
                      char *why, size_t why_size);

/* llm_error.c: what an error answer says, in either shape: {"error": {...}}
 * (Google, OpenAI, Ollama; "error" may also be a plain string) or an array
 * of them ([{"error": {...}}], Gemini's OpenAI-compatible endpoint). */
typedef struct persona__llm_error {
	char message[256];      /* cleaned, at most 200 characters; "" if none */
	double retry_s;         /* google.rpc.RetryInfo.retryDelay; -1 if none */
	bool per_day;           /* google.rpc.QuotaFailure with a per-day quota */
	bool no_quota;          /* OpenAI's insufficient_quota: no retry helps */
	char quota[96];         /* the per-day quota id, or the error code */
} persona__llm_error;

void persona__llm_error_parse(const char *body, size_t len, persona__llm_error *e);

/* gemini_answer.c: the text of candidates[0].content.parts (thought parts
 * skipped) in a new malloc'd string. -1 with why for invalid JSON, a blocked
 * prompt, no candidate, a finishReason other than STOP, no text or OOM. */
int persona__gemini_answer_text(const char *body, size_t len, char **text,
                                size_t *text_len, char *why, size_t why_size);

/* openai_answer.c: choices[0].message.content in a new malloc'd string. -1
 * with why for invalid JSON, no choice, a refusal (message.refusal), a
 * finish_reason other than stop (length, content_filter...), no text, OOM. */
int persona__openai_answer_text(const char *body, size_t len, char **text,
                                size_t *text_len, char *why, size_t why_size);

/* llm_validate.c: a service's answer body as BSON (free with bson_destroy),
 * or NULL with why: an empty body, or not JSON. */
bson_t *persona__llm_answer_doc(const char *body, size_t len, char *why, size_t why_size);

/* llm_validate.c: text without a surrounding ``` or ```json fence and
 * surrounding white space: returns a pointer into text, length in *len. */
const char *persona__llm_strip_fence(const char *text, size_t *len);

/* Copies UTF-8 in[0..len) into out[size] (size >= 1): control characters
 * (C0, DEL, C1) and bidi overrides removed, tabs/newlines and runs of
 * spaces folded to one space, ends trimmed, cut after max_chars code points
 * or when out is full, never inside a code point. Invalid UTF-8 sequences
 * are dropped. Returns the number of code points written. Cannot fail. */
size_t persona__llm_clean_text(const char *in, size_t len, char *out, size_t size,
                               size_t max_chars);

/* Parses the model's JSON text (an array of {cluster, name, description,
 * action}, or an object holding one such array, e.g. {"segments": [...]};
 * fence tolerated) and overwrites personas[c] for each cluster c in 0..k-1
 * that has exactly one entry with three non-empty strings; sets their
 * source to source. Returns the number of clusters taken (0..k), or -1 with
 * why when the text is not usable at all (invalid JSON, no array, OOM).
 * When fewer than k are taken, why names the others. */
int persona__llm_apply(const char *text, size_t len, int k, ss_persona *personas,
                       const char *source, char *why, size_t why_size);

/* llm.c: one service, as the shared flow sees it. */
typedef struct persona__llm_service {
	const char *source;     /* "gemini" / "openai" */
	const char *model_var;  /* setting holding the model list, for messages */
	const char *model_field; /* answer field naming the model that answered */
	bool (*model_ok)(const char *model);
	char *(*url)(const char *base, const char *model);   /* malloc'd */
	char *(*body)(const ss_cluster_stats *clusters, int k, const double gm[3],
	              ss_lang lang, const char *model, size_t *len);  /* bson_free */
	int (*text)(const char *body, size_t len, char **text, size_t *text_len,
	            char *why, size_t why_size);
} persona__llm_service;

/* llm_run.c: runs the request for each model of the comma-separated list models in
 * turn, moving on while the service answers that the model does not exist
 * (404/410), all within timeout_s; validates the answer into personas and
 * fills ai (see ss_llm_name). auth is a whole header line or NULL. */
void persona__llm_run(const persona__llm_service *svc, const char *base,
                      const char *auth, const char *models, long timeout_s,
                      const ss_cluster_stats *clusters, int k, const double gm[3],
                      ss_lang lang, ss_persona *personas, ss_ai_info *ai);

/* gemini.c, openai.c: the settings of each service, then persona__llm_run.
 * ai comes in zeroed with source "rules". */
void persona__gemini_name(const ss_config *cfg, const ss_cluster_stats *clusters,
                          int k, const double gm[3], ss_lang lang,
                          ss_persona *personas, ss_ai_info *ai);
void persona__openai_name(const ss_config *cfg, const ss_cluster_stats *clusters,
                          int k, const double gm[3], ss_lang lang,
                          ss_persona *personas, ss_ai_info *ai);

/* llm_util.c: {base without trailing '/'}{path}, malloc'd; NULL on OOM. */
char *persona__llm_join_url(const char *base, const char *path);

/* Appends s to the string in dst[size], cut to fit but never inside a
 * UTF-8 sequence. */
void persona__llm_cat(char *dst, size_t size, const char *s);

/* Header values must not carry CR/LF or other controls. */
bool persona__llm_header_ok(const char *value);

/* hdr[size] = prefix + key (e.g. "Authorization: Bearer " + key), the key
 * checked first; false with the reason in err[errsize], naming the setting
 * var, when the key holds controls or does not fit. */
bool persona__llm_auth_header(char *hdr, size_t size, const char *prefix, const char *key,
                              const char *var, char *err, size_t errsize);

/* A base URL must be http:// or https://; false with the reason in err. */
bool persona__llm_base_ok(const char *base, const char *var, char *err, size_t errsize);

#endif
