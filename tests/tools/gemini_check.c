/* gemini_check.c: runs ss_llm_name once (Gemini or, with LLM_PROVIDER=openai,
 * an OpenAI-compatible server) on fixed, distinctive cluster statistics and
 * prints the outcome as key=value lines (for tests).
 * Usage: gemini_check [--lang en|fr] [--k N] [--dotenv FILE]
 * Settings come from the environment (and FILE). Prints ai.source,
 * ai.model, ai.error, then persona.C.{source,name,description,action}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/llm.h"

int main(int argc, char **argv)
{
	ss_lang lang = SS_LANG_EN;
	const char *dotenv = NULL;
	int k = 3, i, rc;
	ss_cluster_stats cl[SS_K_MAX];
	ss_persona ps[SS_K_MAX];
	double gm[3] = {91.25, 4.5, 2003.75};
	ss_ai_info ai;
	ss_config *cfg;
	ss_error err;
	char label[sizeof(ai.model)];

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			const char *l = argv[++i];
			if (strcmp(l, "en") == 0 || strcmp(l, "fr") == 0) {
				lang = l[0] == 'f' ? SS_LANG_FR : SS_LANG_EN;
			} else {
				fprintf(stderr, "gemini_check: --lang en|fr\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--k") == 0 && i + 1 < argc) {
			k = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--dotenv") == 0 && i + 1 < argc) {
			dotenv = argv[++i];
		} else {
			fprintf(stderr, "usage: gemini_check [--lang en|fr] [--k N] [--dotenv FILE]\n");
			return 2;
		}
	}
	if (k < 1 || k > SS_K_MAX) {
		fprintf(stderr, "gemini_check: k in 1..%d\n", SS_K_MAX);
		return 2;
	}
	memset(cl, 0, sizeof(cl));
	memset(ps, 0, sizeof(ps));
	for (i = 0; i < k; i++) {
		cl[i].cluster = i;
		cl[i].count = 1000 + 111 * i;
		cl[i].share = 1.0 / k;
		cl[i].mean[0] = 17.25 + 30 * i;
		cl[i].mean[1] = 3.5 + i;
		cl[i].mean[2] = 1234.5 + 1000 * i;
		cl[i].median[0] = 12 + 30 * i;
		cl[i].median[1] = 3 + i;
		cl[i].median[2] = 987.5 + 1000 * i;
		/* Stand-ins for ss_persona_rules: the test only needs to tell them apart. */
		snprintf(ps[i].name, sizeof(ps[i].name), "Rule name %d", i);
		snprintf(ps[i].description, sizeof(ps[i].description), "Rule description %d", i);
		snprintf(ps[i].action, sizeof(ps[i].action), "Rule action %d", i);
		snprintf(ps[i].source, sizeof(ps[i].source), "rules");
	}
	if (ss_llm_global_init() != 0) {
		fprintf(stderr, "gemini_check: libcurl did not initialise\n");
		return 1;
	}
	cfg = ss_config_load(dotenv, &err);
	if (cfg == NULL) {
		fprintf(stderr, "gemini_check: %s\n", err.msg);
		ss_llm_global_cleanup();
		return 1;
	}
	rc = ss_llm_name(cfg, cl, k, gm, lang, ps, &ai);
	ss_llm_model_label(ss_config_get(cfg, "LLM_PROVIDER", "gemini"), ai.model, label,
	                   sizeof(label));
	printf("rc=%d\nai.source=%s\nai.model=%s\nai.label=%s\nai.error=%s\n", rc,
	       ai.source, ai.model, label, ai.error);
	for (i = 0; i < k; i++)
		printf("persona.%d.source=%s\npersona.%d.name=%s\npersona.%d.description=%s\n"
		       "persona.%d.action=%s\n", i, ps[i].source, i, ps[i].name, i,
		       ps[i].description, i, ps[i].action);
	ss_config_free(cfg);
	ss_llm_global_cleanup();
	return 0;
}
