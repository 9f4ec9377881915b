/* persona.h: a name, a description and one marketing action per cluster,
 * derived by rules from the cluster's profile (no network). */
#ifndef SMARTSEG_PERSONA_H
#define SMARTSEG_PERSONA_H
#include <stdint.h>

typedef enum ss_lang { SS_LANG_EN = 0, SS_LANG_FR } ss_lang;

/* What a namer (rules or a language model) may read about one cluster: aggregates only,
 * never a customer id or anything else from the upload. */
typedef struct ss_cluster_stats {
	int cluster;            /* 0..k-1 */
	int64_t count;          /* customers in the cluster */
	double share;           /* count / all customers, 0..1 */
	double mean[3];         /* Recency (days), Frequency, Monetary: file units */
	double median[3];
	double zmean[3];        /* centroid in standardized units */
	int64_t orders;         /* sum of Frequency (invoices) */
	double revenue;         /* sum of Monetary (file currency) */
	double revenue_share;   /* revenue / all customers' revenue; NaN when that is <= 0 */
	double aov;             /* average order value: revenue / orders; NaN without orders */
} ss_cluster_stats;

/* Sizes hold the language-model caps (60 / 400 / 300 characters) in UTF-8. */
typedef struct ss_persona {
	char name[256];
	char description[1700];
	char action[1300];
	char source[8];         /* "rules", "gemini" or "openai" */
} ss_persona;

/* Fills out with the rule-based persona of cluster c, judged against the
 * global means (file units), in lang. Deterministic; cannot fail. */
void ss_persona_rules(const ss_cluster_stats *c, const double global_mean[3],
                      ss_lang lang, ss_persona *out);

/* "en" / "fr" -> lang; returns -1 for anything else. */
int ss_lang_parse(const char *s, ss_lang *lang);
const char *ss_lang_name(ss_lang lang);

#endif
