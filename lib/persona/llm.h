/* llm.h: names segments with a language model, keeping the rule-based
 * persona of every cluster the model does not answer well. Two services:
 * Gemini (generateContent, the default) and any OpenAI-compatible
 * chat/completions endpoint (Ollama, llama.cpp's server, vLLM, OpenAI,
 * Gemini's own /v1beta/openai).
 *
 * What leaves the process: a fixed system instruction and, per cluster, its
 * size, share and mean/median Recency/Frequency/Monetary, plus the global
 * means. Never a customer id, a row, a file name or any other upload text:
 * this module only ever sees ss_cluster_stats.
 *
 * Settings (ss_config_get: environment first, then .env):
 *   LLM_PROVIDER      gemini (default) or openai
 *   Gemini:  GEMINI_API_KEY (none -> rules, no network), GEMINI_MODEL (a
 *            comma-separated list tried in order while the service answers
 *            that a model does not exist), GEMINI_BASE_URL, GEMINI_TIMEOUT_S
 *   OpenAI:  OPENAI_BASE_URL (none -> rules, no network), OPENAI_API_KEY
 *            (optional: local servers need none), OPENAI_MODEL (required;
 *            a list as for Gemini), OPENAI_TIMEOUT_S
 * The timeout bounds the whole call: every model, retry and wait.
 * Proxies: libcurl reads HTTPS_PROXY / https_proxy (http_proxy for an http
 * base URL), ALL_PROXY and NO_PROXY from the environment.
 *
 * libcurl global state: the program calls ss_llm_global_init() once at
 * start, before any thread exists, and ss_llm_global_cleanup() at exit.
 * This module keeps no other global state: calls may run concurrently in
 * different threads. libcurl runs with NOSIGNAL, so a server program should
 * ignore SIGPIPE. */
#ifndef SMARTSEG_LLM_H
#define SMARTSEG_LLM_H
#include "model/analysis.h"
#include "config.h"
#include "persona/persona.h"

#define SS_LLM_CONNECT_TIMEOUT_MS 5000
#define SS_LLM_MAX_TRIES 3                 /* per model */
#define SS_LLM_MAX_MODELS 8                /* entries of a model list */
#define SS_LLM_MAX_ANSWER (1024 * 1024)    /* bytes of HTTP body */
#define SS_LLM_NAME_MAX 60                 /* characters (code points) */
#define SS_LLM_DESCRIPTION_MAX 400
#define SS_LLM_ACTION_MAX 300

/* curl_global_init(CURL_GLOBAL_DEFAULT): returns 0, or -1 if libcurl could
 * not initialise (every later call then falls back to rules). */
int ss_llm_global_init(void);
void ss_llm_global_cleanup(void);

/* Whether cfg selects a service that would be asked (a Gemini key, or an
 * OpenAI-compatible base URL): a program may skip ss_llm_global_init()
 * otherwise. */
bool ss_llm_configured(const ss_config *cfg);

/* Asks the configured model to name the k clusters (clusters[i].cluster ==
 * i, 1 <= k). personas[0..k-1] come in filled by rules; the clusters the
 * model answers well are overwritten, with source "gemini" or "openai"; the
 * others are left untouched. ai is always filled: source "gemini"/"openai"
 * (every cluster named by the model), "mixed" (some) or "rules" (none);
 * model is the model that answered (the last one asked when none did; ""
 * when no request was made); error is "" when every cluster was named, else
 * one line saying why rules were kept (no key, timeout, HTTP status and the
 * service's message, a per-day quota, a refusal, which clusters were
 * wrong...). It never prints. Returns 0: a failing, slow or misbehaving
 * model never fails the analysis (out of memory only falls back to rules). */
int ss_llm_name(const ss_config *cfg, const ss_cluster_stats *clusters, int k,
                const double global_mean[3], ss_lang lang,
                ss_persona *personas, ss_ai_info *ai);

/* A display label for the model of an ai block: for source "gemini",
 * "gemini-3.8-flash" -> "Gemini 3.8 Flash" (dashes become spaces, words
 * capitalised); for any other source the id as it is. Writes at most size
 * bytes, always NUL-terminated when size > 0. Cannot fail. */
void ss_llm_model_label(const char *source, const char *model, char *out, size_t size);

#endif
