/* gemini.c: ss_gemini_name: settings, request, answer, and the fallback to
 * rule-based personas with the reason recorded in ss_ai_info. */
#include <bson/bson.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "persona/gemini.h"
#include "persona/private.h"

int ss_gemini_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void ss_gemini_global_cleanup(void)
{
	curl_global_cleanup();
}

/* A model id goes into the URL path: letters, digits, '.', '-', '_' only. */
static bool model_ok(const char *m)
{
	if (*m == '\0' || strlen(m) >= sizeof(((ss_ai_info *)0)->model))
		return false;
	for (; *m; m++)
		if (!isalnum((unsigned char)*m) && *m != '.' && *m != '-' && *m != '_')
			return false;
	return true;
}

/* Header values must not carry CR/LF or other controls. */
static bool key_ok(const char *k)
{
	for (; *k; k++)
		if ((unsigned char)*k < 0x21 || (unsigned char)*k == 0x7f)
			return false;
	return true;
}

static void set_source(ss_ai_info *ai, const char *source)
{
	snprintf(ai->source, sizeof(ai->source), "%s", source);
}

/* {base}/v1beta/models/{model}:generateContent, base without trailing '/'. */
static char *build_url(const char *base, const char *model)
{
	size_t n = strlen(base), size;
	char *url;

	while (n > 0 && base[n - 1] == '/')
		n--;
	size = n + strlen(model) + 64;
	url = malloc(size);
	if (url != NULL)
		snprintf(url, size, "%.*s/v1beta/models/%s:generateContent", (int)n, base, model);
	return url;
}

/* Two cards with one title would read as one segment: a Gemini name that
 * repeats an earlier cluster's gets " 2", " 3"..., still within the name
 * cap. Going backwards keeps the earlier names as they came while counting. */
static void number_repeats(ss_persona *p, int k)
{
	for (int c = k - 1; c > 0; c--) {
		char suffix[16], base[sizeof(p[c].name)];
		int same = 1;
		size_t n;

		if (strcmp(p[c].source, "gemini") != 0)
			continue;
		for (int d = 0; d < c; d++)
			same += strcasecmp(p[d].name, p[c].name) == 0;
		if (same == 1)
			continue;
		n = (size_t)snprintf(suffix, sizeof(suffix), " %d", same);
		/* base: at most 4 bytes per code point, well short of the buffer */
		persona__gemini_clean_text(p[c].name, strlen(p[c].name), base,
		                     sizeof(base) - sizeof(suffix), SS_GEMINI_NAME_MAX - n);
		size_t bl = strlen(base);
		memcpy(p[c].name, base, bl);
		memcpy(p[c].name + bl, suffix, n + 1);
	}
}

/* The request and the answer; returns the number of clusters named by
 * Gemini and leaves the reason for the others in ai->error. */
static int ask(const ss_config *cfg, const char *key, const char *model,
               const ss_cluster_stats *clusters, int k, const double gm[3],
               ss_lang lang, ss_persona *personas, ss_ai_info *ai)
{
	const char *base = ss_config_get(cfg, "GEMINI_BASE_URL", SS_GEMINI_DEFAULT_BASE);
	long timeout_s = ss_config_get_long(cfg, "GEMINI_TIMEOUT_S",
	                                    SS_GEMINI_DEFAULT_TIMEOUT_S, 1, 300);
	char *url = NULL, *body = NULL, *text = NULL;
	size_t body_len = 0, text_len = 0;
	persona__gemini_reply reply = {0};
	char msg[256];
	int taken = 0;

	if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) {
		snprintf(ai->error, sizeof(ai->error),
		         "GEMINI_BASE_URL must start with http:// or https://");
		return 0;
	}
	url = build_url(base, model);
	body = persona__gemini_request_json(clusters, k, gm, lang, model, &body_len);
	if (url == NULL || body == NULL) {
		snprintf(ai->error, sizeof(ai->error), "out of memory");
		goto done;
	}
	if (persona__gemini_post(url, key, body, body_len, timeout_s * 1000, &reply,
	                   ai->error, sizeof(ai->error)) != 0) {
		persona__gemini_error_message(reply.body, reply.len, msg, sizeof(msg));
		if (msg[0] != '\0') {
			size_t n = strlen(ai->error);
			snprintf(ai->error + n, sizeof(ai->error) - n, ": %s", msg);
		}
		goto done;
	}
	if (persona__gemini_answer_text(reply.body, reply.len, &text, &text_len,
	                          ai->error, sizeof(ai->error)) != 0)
		goto done;
	taken = persona__gemini_apply(text, text_len, k, personas, ai->error, sizeof(ai->error));
	if (taken < 0)
		taken = 0;
	number_repeats(personas, k);
done:
	free(text);
	free(reply.body);
	bson_free(body);
	free(url);
	return taken;
}

int ss_gemini_name(const ss_config *cfg, const ss_cluster_stats *clusters, int k,
                   const double global_mean[3], ss_lang lang,
                   ss_persona *personas, ss_ai_info *ai)
{
	const char *key = ss_config_get(cfg, "GEMINI_API_KEY", NULL);
	const char *model = ss_config_get(cfg, "GEMINI_MODEL", SS_GEMINI_DEFAULT_MODEL);
	int taken;

	memset(ai, 0, sizeof(*ai));
	set_source(ai, "rules");
	if (key == NULL) {
		snprintf(ai->error, sizeof(ai->error), "no GEMINI_API_KEY configured");
		return 0;
	}
	if (!key_ok(key)) {
		snprintf(ai->error, sizeof(ai->error), "GEMINI_API_KEY holds invalid characters");
		return 0;
	}
	if (strncmp(model, "models/", 7) == 0)
		model += 7;
	if (!model_ok(model)) {
		snprintf(ai->error, sizeof(ai->error),
		         "GEMINI_MODEL must be a model id such as " SS_GEMINI_DEFAULT_MODEL);
		return 0;
	}
	if (k < 1 || clusters == NULL || personas == NULL || global_mean == NULL) {
		snprintf(ai->error, sizeof(ai->error), "no segments to name");
		return 0;
	}
	snprintf(ai->model, sizeof(ai->model), "%s", model);
	taken = ask(cfg, key, model, clusters, k, global_mean, lang, personas, ai);
	if (taken == k) {
		set_source(ai, "gemini");
		ai->error[0] = '\0';
	} else if (taken > 0) {
		set_source(ai, "mixed");
	}
	return 0;
}

void ss_gemini_model_label(const char *model, char *out, size_t size)
{
	size_t o = 0;
	bool word_start = true;

	if (size == 0)
		return;
	for (; model != NULL && *model && o + 1 < size; model++) {
		char ch = *model;
		if (ch == '-' || ch == '_') {
			out[o++] = ' ';
			word_start = true;
			continue;
		}
		out[o++] = word_start ? (char)toupper((unsigned char)ch) : ch;
		word_start = false;
	}
	out[o] = '\0';
}
