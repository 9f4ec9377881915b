/* llm.c: ss_llm_name: the service chosen by LLM_PROVIDER (gemini.c or
 * openai.c, which run the shared flow of llm_run.c); libcurl's start. */
#include <bson/bson.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "persona/llm.h"
#include "persona/private.h"

int ss_llm_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void ss_llm_global_cleanup(void)
{
	curl_global_cleanup();
}

bool ss_llm_configured(const ss_config *cfg)
{
	const char *provider = ss_config_get(cfg, "LLM_PROVIDER", "gemini");

	if (strcmp(provider, "openai") == 0)
		return ss_config_get(cfg, "OPENAI_BASE_URL", NULL) != NULL;
	return strcmp(provider, "gemini") == 0 && ss_config_get(cfg, "GEMINI_API_KEY", NULL) != NULL;
}

int ss_llm_name(const ss_config *cfg, const ss_cluster_stats *clusters, int k,
                const double global_mean[3], ss_lang lang,
                ss_persona *personas, ss_ai_info *ai)
{
	const char *provider = ss_config_get(cfg, "LLM_PROVIDER", "gemini");

	memset(ai, 0, sizeof(*ai));
	snprintf(ai->source, sizeof(ai->source), "rules");
	if (strcmp(provider, "gemini") == 0)
		persona__gemini_name(cfg, clusters, k, global_mean, lang, personas, ai);
	else if (strcmp(provider, "openai") == 0)
		persona__openai_name(cfg, clusters, k, global_mean, lang, personas, ai);
	else
		snprintf(ai->error, sizeof(ai->error), "LLM_PROVIDER must be gemini or openai");
	return 0;
}

void ss_llm_model_label(const char *source, const char *model, char *out, size_t size)
{
	size_t o = 0;
	bool word_start = true, gemini = source != NULL && strcmp(source, "gemini") == 0;

	if (size == 0)
		return;
	for (; model != NULL && *model && o + 1 < size; model++) {
		char ch = *model;
		if (gemini && (ch == '-' || ch == '_')) {
			out[o++] = ' ';
			word_start = true;
			continue;
		}
		out[o++] = gemini && word_start ? (char)toupper((unsigned char)ch) : ch;
		word_start = false;
	}
	out[o] = '\0';
}
