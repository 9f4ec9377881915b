/* gemini.h: names segments with Gemini (generateContent over libcurl), keeping
 * the rule-based persona of every cluster the model does not answer well.
 *
 * What leaves the process: a fixed system instruction and, per cluster, its
 * size, share and mean/median Recency/Frequency/Monetary, plus the global
 * means. Never a customer id, a row, a file name or any other upload text:
 * this module only ever sees ss_cluster_stats.
 *
 * Settings (ss_config_get: environment first, then .env):
 *   GEMINI_API_KEY    no key -> rules at once, no network
 *   GEMINI_MODEL      default "gemini-2.5-flash"
 *   GEMINI_BASE_URL   default "https://generativelanguage.googleapis.com";
 *                     any Gemini-compatible endpoint or proxy, http or https
 *   GEMINI_TIMEOUT_S  default 20 (1..300): bounds the whole call, retries
 *                     and waits included; connecting is bounded by 5 s.
 * Proxies: libcurl reads HTTPS_PROXY / https_proxy (http_proxy for an http
 * base URL), ALL_PROXY and NO_PROXY from the environment.
 *
 * libcurl global state: the program calls ss_gemini_global_init() once at
 * start, before any thread exists, and ss_gemini_global_cleanup() at exit.
 * Without it libcurl initialises itself on first use, which is safe only in
 * a single-threaded program. This module keeps no other global state: calls
 * may run concurrently in different threads. libcurl runs with NOSIGNAL, so
 * a server program should ignore SIGPIPE (libcurl avoids raising it, but
 * does not promise it never happens). */
#ifndef SMARTSEG_GEMINI_H
#define SMARTSEG_GEMINI_H
#include "model/analysis.h"
#include "config.h"
#include "persona/persona.h"

#define SS_GEMINI_DEFAULT_MODEL "gemini-2.5-flash"
#define SS_GEMINI_DEFAULT_BASE "https://generativelanguage.googleapis.com"
#define SS_GEMINI_DEFAULT_TIMEOUT_S 20
#define SS_GEMINI_CONNECT_TIMEOUT_MS 5000
#define SS_GEMINI_MAX_TRIES 3
#define SS_GEMINI_MAX_ANSWER (1024 * 1024)  /* bytes of HTTP body */
#define SS_GEMINI_NAME_MAX 60               /* characters (code points) */
#define SS_GEMINI_DESCRIPTION_MAX 400
#define SS_GEMINI_ACTION_MAX 300

/* curl_global_init(CURL_GLOBAL_DEFAULT): returns 0, or -1 if libcurl could
 * not initialise (every later call then falls back to rules). */
int ss_gemini_global_init(void);
void ss_gemini_global_cleanup(void);

/* Asks Gemini to name the k clusters (clusters[i].cluster == i, 1 <= k).
 * personas[0..k-1] come in filled by rules (ss_persona_rules); the clusters
 * Gemini answers well are overwritten, with source "gemini"; the others are
 * left untouched. ai is always filled: source "gemini" (every cluster named
 * by Gemini), "mixed" (some) or "rules" (none); model is the model asked
 * ("" when no request was made); error is "" when source is "gemini", else
 * one line saying why rules were kept (no key, timeout, HTTP status, blocked
 * answer, invalid JSON, which clusters were wrong...). It never prints.
 * Returns 0: a failing, slow or misbehaving model never fails the analysis
 * (out of memory too only falls back to rules). */
int ss_gemini_name(const ss_config *cfg, const ss_cluster_stats *clusters, int k,
                   const double global_mean[3], ss_lang lang,
                   ss_persona *personas, ss_ai_info *ai);

/* A display label for a model id: "gemini-2.5-flash" -> "Gemini 2.5 Flash"
 * (dashes become spaces, words capitalised). Writes at most size bytes,
 * always NUL-terminated when size > 0. Cannot fail. */
void ss_gemini_model_label(const char *model, char *out, size_t size);

#endif
