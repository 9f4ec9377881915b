/* analysis.h: one analysis from an RFM table: scaling, k-means (or auto k),
 * metrics, classic RFM scores and rule-based personas. */
#ifndef SMARTSEG_ANALYSIS_H
#define SMARTSEG_ANALYSIS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clv/run.h"
#include "ingest/ingest.h"
#include "persona/persona.h"
#include "ingest/rfm.h"
#include "model/cap.h"
#include "model/kpi.h"
#include "model/params.h"
#include "model/rfm_score.h"
#include "ss_error.h"

/* One point of the auto-k curve. */
typedef struct ss_kpoint {
	int k;
	double inertia;
	double silhouette;        /* NaN when undefined */
	double smallest_share;    /* the smallest cluster's share of the customers */
} ss_kpoint;

/* The k=auto rule (README, "Choosing k"): no cluster under this share of
 * the customers, unless every k has one; k >= 3 preferred to k = 2 when
 * its silhouette is within SS_AUTO_CLOSE of the best and at least
 * SS_AUTO_FLOOR (a "reasonable" structure). */
#define SS_AUTO_MIN_SHARE 0.02
#define SS_AUTO_CLOSE 0.10
#define SS_AUTO_FLOOR 0.25

/* Where the personas came from; filled "rules" by ss_analyze and replaced
 * by the language-model client (persona/llm.h) when it names segments. */
typedef struct ss_ai_info {
	char source[8];           /* "gemini", "openai", "rules" or "mixed" */
	char model[128];          /* "" when no model was asked */
	char error[512];          /* "" or why rules were used */
} ss_ai_info;

/* Everything one analysis found. Arrays sized n (customers) or k are owned
 * by the analysis; free all with ss_analysis_free(). */
typedef struct ss_analysis {
	ss_params params;         /* as used (k is the chosen k) */
	bool k_auto;              /* k was chosen by the k=auto rule */
	ss_quality quality;
	ss_rfm *rfm;              /* n customers: the ones clustered */
	ss_rfm *aside;            /* nonpositive=aside: the customers set aside
	                           * (net Monetary <= 0), not clustered; NULL
	                           * with nonpositive=keep */
	ss_caps caps;             /* cap: the caps used (percentile 0: off) */
	int k;
	int *labels;              /* n, 0..k-1, clusters numbered by k-means */
	double *centers;          /* k x 3, standardized space */
	double inertia;
	double silhouette;        /* NaN when undefined (all points one cluster) */
	size_t silhouette_sample; /* customers the silhouette was computed on */
	int64_t *cluster_count;   /* k */
	double feature_importance[3]; /* R, F, M; sums to 1 */
	double global_mean[3];    /* file units */
	double global_std[3];     /* file units, population; 0 when constant */
	ss_cluster_stats *clusters; /* k */
	double *zscore;           /* k x 3: (cluster mean - global mean) / global
	                           * std, file units; 0 for a constant feature */
	double *vs_global;        /* k x 3: (cluster mean - global mean) /
	                           * |global mean|; NaN when the global mean is 0 */
	ss_persona *personas;     /* k */
	ss_ai_info ai;
	ss_rfm_scores *scores;    /* classic RFM scores (params.bins) and segments */
	ss_cluster_stats base;    /* the KPIs of all customers together */
	ss_cluster_stats segments[SS_SEG__MAX]; /* the KPIs of each RFM segment */
	ss_kpoint *curve;         /* auto-k curve, curve_n points (0 when k given) */
	size_t curve_n;
	char k_reason[512];       /* k=auto: why this k, in plain words; "" otherwise */
	ss_clv_result *clv;       /* params.clv: the lifetime value; NULL otherwise */
} ss_analysis;

/* Runs every step on rfm (ownership passes to the analysis, even on
 * failure) with q as the ingest's quality block: the customers with
 * Monetary <= 0 set aside first (p->nonpositive), F and M capped for the
 * clustering (p->cap), scores binned by p->bins. Returns NULL with err set:
 * SS_EPARAM for k out of range, more clusters than distinct customers or
 * an empty score bin, SS_EDATA for no customers (or none left once set
 * aside), SS_ENOMEM. */
ss_analysis *ss_analyze_rfm(ss_rfm *rfm, const ss_quality *q,
                            const ss_params *p, ss_error *err);

/* The ingest options that p asks for (delimiter, returns, snapshot, clv,
 * holdout). Cannot fail. */
void ss_params_ingest_opts(const ss_params *p, ss_ingest_opts *io);

/* ss_ingest_file + ss_analyze_rfm. */
ss_analysis *ss_analyze_file(const char *path, const ss_params *p, ss_error *err);

void ss_analysis_free(ss_analysis *a);

#endif
