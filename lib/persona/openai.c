/* openai.c: an OpenAI-compatible service (Ollama, llama.cpp's server, vLLM,
 * OpenAI, Gemini's /v1beta/openai): its settings and the chat/completions
 * URL; the flow itself is persona__llm_run (llm_run.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/llm.h"
#include "persona/openai.h"
#include "persona/private.h"

/* A model id travels in the JSON body, so ':' and '/' are fine
 * (qwen2.5:7b, Qwen/Qwen2.5-7B-Instruct): printable ASCII, no spaces,
 * quotes or backslashes. */
static bool model_ok(const char *m)
{
	if (*m == '\0')
		return false;
	for (; *m; m++)
		if ((unsigned char)*m < 0x21 || (unsigned char)*m > 0x7e || *m == '"' || *m == '\\')
			return false;
	return true;
}

static char *url(const char *base, const char *model)
{
	(void)model;
	return persona__llm_join_url(base, "/chat/completions");
}

static const persona__llm_service openai = {
	.source = "openai",
	.model_var = "OPENAI_MODEL",
	.model_field = "model",
	.model_ok = model_ok,
	.url = url,
	.body = persona__openai_request_json,
	.text = persona__openai_answer_text,
};

void persona__openai_name(const ss_config *cfg, const ss_cluster_stats *clusters, int k,
                          const double gm[3], ss_lang lang, ss_persona *personas,
                          ss_ai_info *ai)
{
	const char *base = ss_config_get(cfg, "OPENAI_BASE_URL", NULL);
	const char *key = ss_config_get(cfg, "OPENAI_API_KEY", NULL);
	const char *models = ss_config_get(cfg, "OPENAI_MODEL", NULL);
	long timeout_s = ss_config_get_long(cfg, "OPENAI_TIMEOUT_S",
	                                    SS_OPENAI_DEFAULT_TIMEOUT_S, 1, 600);
	char hdr[1024];

	if (base == NULL) {
		snprintf(ai->error, sizeof(ai->error), "no OPENAI_BASE_URL configured");
		return;
	}
	if (!persona__llm_base_ok(base, "OPENAI_BASE_URL", ai->error, sizeof(ai->error)))
		return;
	if (models == NULL) {
		snprintf(ai->error, sizeof(ai->error),
		         "no OPENAI_MODEL configured (e.g. qwen2.5:7b)");
		return;
	}
	/* Local servers need no key: then no Authorization header at all. */
	if (key != NULL && !persona__llm_auth_header(hdr, sizeof(hdr), "Authorization: Bearer ", key,
	                                             "OPENAI_API_KEY", ai->error,
	                                             sizeof(ai->error)))
		return;
	persona__llm_run(&openai, base, key ? hdr : NULL, models, timeout_s, clusters, k, gm,
	                 lang, personas, ai);
}
