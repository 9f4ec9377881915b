/* persona.h: a name, a description and one marketing action per cluster,
 * derived by rules from the cluster's profile (no network). */
#ifndef SMARTSEG_PERSONA_H
#define SMARTSEG_PERSONA_H
#include <stddef.h>
#include <stdint.h>
#include "model/rfm_score.h"

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
	char note[700];         /* "" or why a model's name was replaced by the rules' */
} ss_persona;

/* Fills out with the rule-based persona of cluster c, judged against the
 * global means (file units), in lang. Deterministic; cannot fail. */
void ss_persona_rules(const ss_cluster_stats *c, const double global_mean[3],
                      ss_lang lang, ss_persona *out);

/* Names the k clusters at once (persona/naming.c): distinct names that do
 * not contradict the numbers, drawn from the ten RFM segments the
 * clusters' customers fall in (seg_count: k rows of SS_SEG__MAX counts)
 * and, failing that, from the profile words of ss_persona_rules; the most
 * valuable cluster (by revenue) chooses first. Descriptions add the
 * revenue share and average order value against base (all customers);
 * actions come from the RFM segment named. Cannot fail. */
void ss_persona_name_all(const ss_cluster_stats *c, int k, const ss_cluster_stats *base,
                         const int64_t *seg_count, ss_lang lang, ss_persona *out);

/* Whether name contradicts the cluster's numbers against the global means
 * gm (file units): a word that claims recent buying ("Loyal", "Active",
 * "New", "Champions"...) on a recency worse than the base's, lapsed
 * ("Dormant", "Lost", "At Risk"...) on a better one, high spend ("Big
 * Spenders", "VIP"...) below the average spend, low spend above it,
 * frequent ("Loyal", "Regular"...) below the average frequency, rare
 * above it; English and French words. Returns 1 with the reason in
 * why[size] (always terminated when size > 0), or 0. Cannot fail. */
int ss_persona_contradicts(const char *name, const ss_cluster_stats *c, const double gm[3],
                           char *why, size_t size);

/* The ten RFM segments' names and one-line suggested actions in lang
 * (persona/segments.c); static strings, "" out of range. */
const char *ss_segment_label(ss_segment s, ss_lang lang);
const char *ss_segment_action(ss_segment s, ss_lang lang);

/* "en" / "fr" -> lang; returns -1 for anything else. */
int ss_lang_parse(const char *s, ss_lang *lang);
const char *ss_lang_name(ss_lang lang);

#endif
