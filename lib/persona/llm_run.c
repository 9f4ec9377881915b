/* llm_run.c: persona__llm_run, the flow every service shares: the model
 * list tried in order within one time bound, the answer validated into
 * personas and the fallback to rule-based personas with the reason in
 * ss_ai_info. */
#include <bson/bson.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "persona/llm.h"
#include "persona/private.h"

#define MODEL_SIZE sizeof(((ss_ai_info *)0)->model)

/* Splits "a, b,c" into list[]; returns the count, 0 for an empty list, -1
 * when there are too many or one is too long. */
static int split_models(const char *s, char list[][MODEL_SIZE])
{
	int n = 0;

	while (*s) {
		const char *e = strchr(s, ','), *a = s, *b;
		if (e == NULL)
			e = s + strlen(s);
		b = e;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			if (n == SS_LLM_MAX_MODELS || (size_t)(b - a) >= MODEL_SIZE)
				return -1;
			memcpy(list[n], a, (size_t)(b - a));
			list[n][b - a] = '\0';
			n++;
		}
		s = *e ? e + 1 : e;
	}
	return n;
}

/* Two cards with one title would read as one segment: a model's name that
 * repeats an earlier cluster's gets " 2", " 3"..., still within the name
 * cap. Going backwards keeps the earlier names as they came while counting. */
static void number_repeats(ss_persona *p, int k, const char *source)
{
	for (int c = k - 1; c > 0; c--) {
		char suffix[16], base[sizeof(p[c].name)];
		int same = 1;
		size_t n;

		if (strcmp(p[c].source, source) != 0)
			continue;
		for (int d = 0; d < c; d++)
			same += strcasecmp(p[d].name, p[c].name) == 0;
		if (same == 1)
			continue;
		n = (size_t)snprintf(suffix, sizeof(suffix), " %d", same);
		/* base: at most 4 bytes per code point, well short of the buffer */
		persona__llm_clean_text(p[c].name, strlen(p[c].name), base,
		                        sizeof(base) - sizeof(suffix), SS_LLM_NAME_MAX - n);
		size_t bl = strlen(base);
		memcpy(p[c].name, base, bl);
		memcpy(p[c].name + bl, suffix, n + 1);
	}
}

/* A model's name that contradicts its cluster's numbers (persona.h,
 * ss_persona_contradicts) gives way to the rule-based persona, which says
 * in its note which name was refused and why; why gains one line per
 * cluster. Returns how many were refused. */
static int keep_truthful(const ss_cluster_stats *clusters, int k, const double gm[3],
                         const ss_persona *rules, ss_persona *p, const char *source,
                         char *why, size_t why_size)
{
	int refused = 0;

	for (int c = 0; c < k; c++) {
		char reason[300], line[sizeof(p[c].note)];
		if (strcmp(p[c].source, source) != 0 ||
		    !ss_persona_contradicts(p[c].name, &clusters[c], gm, reason, sizeof(reason)))
			continue;
		snprintf(line, sizeof(line), "the model's name \"%s\" was replaced by the rules': %s",
		         p[c].name, reason);
		p[c] = rules[c];
		snprintf(p[c].note, sizeof(p[c].note), "%s", line);
		if (why[0] != '\0')
			persona__llm_cat(why, why_size, "; ");
		char head[32];
		snprintf(head, sizeof(head), "cluster %d: ", c);
		persona__llm_cat(why, why_size, head);
		persona__llm_cat(why, why_size, line);
		refused++;
	}
	return refused;
}

/* The model the answer says answered (an alias resolved, a retired id
 * routed to another model), into model[size] when it is a plain id. */
static void answered_by(const char *body, size_t len, const char *field, char *model,
                        size_t size)
{
	bson_error_t berr;
	bson_t *doc = bson_new_from_json((const uint8_t *)body, (ssize_t)len, &berr);
	bson_iter_t it;

	if (doc == NULL)
		return;
	if (bson_iter_init_find(&it, doc, field) && BSON_ITER_HOLDS_UTF8(&it)) {
		uint32_t n;
		const char *s = bson_iter_utf8(&it, &n);
		if (n > 0 && n < size && strlen(s) == n && persona__llm_header_ok(s)
		    && strchr(s, '"') == NULL)
			memcpy(model, s, (size_t)n + 1);
	}
	bson_destroy(doc);
}

/* One model: request, answer, validation. Returns the clusters taken, or
 * -1 when the service says the model does not exist (why says so). */
static int ask_one(const persona__llm_service *svc, const char *base, const char *auth,
                   const char *model, int64_t deadline, long timeout_s,
                   const ss_cluster_stats *clusters, int k, const double gm[3],
                   ss_lang lang, ss_persona *personas, char *answered, size_t answered_size,
                   char *why, size_t why_size)
{
	char *url = svc->url(base, model), *body = NULL, *text = NULL;
	size_t body_len = 0, text_len = 0;
	persona__llm_reply reply = {0};
	ss_persona *rules = calloc((size_t)k, sizeof(*rules));
	int taken = 0;

	body = svc->body(clusters, k, gm, lang, model, &body_len);
	if (url == NULL || body == NULL || rules == NULL) {
		snprintf(why, why_size, "out of memory");
		goto done;
	}
	persona__llm_call call = {url, auth, body, body_len, deadline, timeout_s};
	if (persona__llm_post(&call, &reply, why, why_size) != 0) {
		if (reply.model_missing)
			taken = -1;
		goto done;
	}
	answered_by(reply.body, reply.len, svc->model_field, answered, answered_size);
	if (svc->text(reply.body, reply.len, &text, &text_len, why, why_size) != 0)
		goto done;
	memcpy(rules, personas, (size_t)k * sizeof(*rules));
	taken = persona__llm_apply(text, text_len, k, personas, svc->source, why, why_size);
	if (taken < 0)
		taken = 0;
	taken -= keep_truthful(clusters, k, gm, rules, personas, svc->source, why, why_size);
	number_repeats(personas, k, svc->source);
done:
	free(rules);
	free(text);
	free(reply.body);
	bson_free(body);
	free(url);
	return taken;
}

void persona__llm_run(const persona__llm_service *svc, const char *base,
                      const char *auth, const char *models, long timeout_s,
                      const ss_cluster_stats *clusters, int k, const double gm[3],
                      ss_lang lang, ss_persona *personas, ss_ai_info *ai)
{
	char list[SS_LLM_MAX_MODELS][MODEL_SIZE];
	char missing[sizeof(ai->error)] = "", why[sizeof(ai->error)];
	int n = split_models(models, list), taken = 0;
	int64_t deadline = persona__llm_now_ms() + timeout_s * 1000;

	if (n <= 0) {
		snprintf(ai->error, sizeof(ai->error), "%s must list 1 to %d model ids",
		         svc->model_var, SS_LLM_MAX_MODELS);
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *m = list[i];
		if (strncmp(m, "models/", 7) == 0 && strcmp(svc->source, "gemini") == 0)
			memmove(list[i], m + 7, strlen(m + 7) + 1);
		if (!svc->model_ok(list[i])) {
			char shown[256];
			persona__llm_clean_text(list[i], strlen(list[i]), shown, sizeof(shown), 60);
			snprintf(ai->error, sizeof(ai->error), "%s: \"%s\" is not a model id",
			         svc->model_var, shown);
			return;
		}
	}
	if (k < 1 || clusters == NULL || personas == NULL || gm == NULL) {
		snprintf(ai->error, sizeof(ai->error), "no segments to name");
		return;
	}
	for (int i = 0; i < n; i++) {
		memcpy(ai->model, list[i], strlen(list[i]) + 1);  /* shorter: split_models */
		why[0] = '\0';
		taken = ask_one(svc, base, auth, list[i], deadline, timeout_s, clusters, k, gm,
		                lang, personas, ai->model, sizeof(ai->model), why, sizeof(why));
		if (taken >= 0 || i + 1 == n) {
			ai->error[0] = '\0';
			if (missing[0]) {
				persona__llm_cat(ai->error, sizeof(ai->error), missing);
				persona__llm_cat(ai->error, sizeof(ai->error), list[i]);
				persona__llm_cat(ai->error, sizeof(ai->error), ": ");
			}
			persona__llm_cat(ai->error, sizeof(ai->error), why);
			break;
		}
		/* not found or retired: the next model of the list */
		persona__llm_cat(missing, sizeof(missing), list[i]);
		persona__llm_cat(missing, sizeof(missing), ": ");
		persona__llm_cat(missing, sizeof(missing), why);
		persona__llm_cat(missing, sizeof(missing), "; ");
	}
	if (taken > 0 && taken == k) {
		snprintf(ai->source, sizeof(ai->source), "%s", svc->source);
		ai->error[0] = '\0';
	} else if (taken > 0) {
		snprintf(ai->source, sizeof(ai->source), "mixed");
	}
}
