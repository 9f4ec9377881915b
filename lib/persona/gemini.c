/* gemini.c: the Gemini service: its settings, model ids and the
 * generateContent URL; the flow itself is persona__llm_run (llm_run.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/gemini.h"
#include "persona/llm.h"
#include "persona/private.h"

/* A model id goes into the URL path: letters, digits, '.', '-', '_' only. */
static bool model_ok(const char *m)
{
	if (*m == '\0')
		return false;
	for (; *m; m++)
		if (!isalnum((unsigned char)*m) && *m != '.' && *m != '-' && *m != '_')
			return false;
	return true;
}

/* {base}/v1beta/models/{model}:generateContent */
static char *url(const char *base, const char *model)
{
	char path[256];

	snprintf(path, sizeof(path), "/v1beta/models/%s:generateContent", model);
	return persona__llm_join_url(base, path);
}

static const persona__llm_service gemini = {
	.source = "gemini",
	.model_var = "GEMINI_MODEL",
	.model_field = "modelVersion",
	.model_ok = model_ok,
	.url = url,
	.body = persona__gemini_request_json,
	.text = persona__gemini_answer_text,
};

void persona__gemini_name(const ss_config *cfg, const ss_cluster_stats *clusters, int k,
                          const double gm[3], ss_lang lang, ss_persona *personas,
                          ss_ai_info *ai)
{
	const char *key = ss_config_get(cfg, "GEMINI_API_KEY", NULL);
	const char *models = ss_config_get(cfg, "GEMINI_MODEL", SS_GEMINI_DEFAULT_MODEL);
	const char *base = ss_config_get(cfg, "GEMINI_BASE_URL", SS_GEMINI_DEFAULT_BASE);
	long timeout_s = ss_config_get_long(cfg, "GEMINI_TIMEOUT_S",
	                                    SS_GEMINI_DEFAULT_TIMEOUT_S, 1, 300);
	char hdr[1024];

	if (key == NULL) {
		snprintf(ai->error, sizeof(ai->error), "no GEMINI_API_KEY configured");
		return;
	}
	if (!persona__llm_auth_header(hdr, sizeof(hdr), "x-goog-api-key: ", key, "GEMINI_API_KEY",
	                              ai->error, sizeof(ai->error)) ||
	    !persona__llm_base_ok(base, "GEMINI_BASE_URL", ai->error, sizeof(ai->error)))
		return;
	persona__llm_run(&gemini, base, hdr, models, timeout_s, clusters, k, gm, lang,
	                 personas, ai);
}
