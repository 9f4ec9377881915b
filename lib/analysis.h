/* analysis.h: one analysis from an RFM table: scaling, k-means (or auto k),
 * metrics, classic RFM scores and rule-based personas. */
#ifndef SMARTSEG_ANALYSIS_H
#define SMARTSEG_ANALYSIS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ingest.h"
#include "persona.h"
#include "rfm.h"
#include "rfm_score.h"
#include "ss_error.h"

#define SS_K_MIN 2
#define SS_K_MAX 20
#define SS_K_AUTO 0           /* ss_params.k: choose k by silhouette */
#define SS_AUTO_K_LO 2
#define SS_AUTO_K_HI 8

typedef enum ss_transform { SS_TRANSFORM_NONE = 0, SS_TRANSFORM_LOG } ss_transform;

typedef struct ss_params {
	int k;                    /* SS_K_MIN..SS_K_MAX, or SS_K_AUTO */
	ss_transform transform;
	uint64_t seed;            /* default 42; k-means uses its low 32 bits, as numpy does */
	ss_lang lang;
	char delimiter;           /* 0 = detect */
	size_t silhouette_max;    /* exact silhouette up to this many customers (50,000) */
	int n_init;               /* 10 */
	int max_iter;             /* 300 */
	double tol;               /* 1e-4, relative to the mean feature variance */
} ss_params;

/* Fills p with the defaults above. Cannot fail. */
void ss_params_default(ss_params *p);

/* "auto" or 2..20 -> k (SS_K_AUTO for auto); -1 with err set otherwise. */
int ss_parse_k(const char *s, int *k, ss_error *err);
/* "none" / "log" -> transform; -1 with err set otherwise. */
int ss_parse_transform(const char *s, ss_transform *t, ss_error *err);
const char *ss_transform_name(ss_transform t);

/* One point of the auto-k curve. */
typedef struct ss_kpoint {
	int k;
	double inertia;
	double silhouette;        /* NaN when undefined */
} ss_kpoint;

/* Where the personas came from; filled "rules" by ss_analyze and replaced
 * by the Gemini client when it names segments. */
typedef struct ss_ai_info {
	char source[8];           /* "gemini", "rules" or "mixed" */
	char model[64];           /* "" when no model was asked */
	char error[512];          /* "" or why rules were used */
} ss_ai_info;

/* Everything one analysis found. Arrays sized n (customers) or k are owned
 * by the analysis; free all with ss_analysis_free(). */
typedef struct ss_analysis {
	ss_params params;         /* as used (k is the chosen k) */
	bool k_auto;              /* k was chosen by silhouette */
	ss_quality quality;
	ss_rfm *rfm;              /* n customers */
	int k;
	int *labels;              /* n, 0..k-1, clusters numbered by k-means */
	double *centers;          /* k x 3, standardized space */
	double inertia;
	double silhouette;        /* NaN when undefined (all points one cluster) */
	size_t silhouette_sample; /* customers the silhouette was computed on */
	int64_t *cluster_count;   /* k */
	double feature_importance[3]; /* R, F, M; sums to 1 */
	double global_mean[3];    /* file units */
	ss_cluster_stats *clusters; /* k */
	ss_persona *personas;     /* k */
	ss_ai_info ai;
	ss_rfm_scores *scores;    /* classic quintile scores and segments */
	ss_kpoint *curve;         /* auto-k curve, curve_n points (0 when k given) */
	size_t curve_n;
} ss_analysis;

/* Runs every step on rfm (ownership passes to the analysis, even on
 * failure) with q as the ingest's quality block. Returns NULL with err set:
 * SS_EPARAM for k out of range or more clusters than distinct customers,
 * SS_EDATA for no customers, SS_ENOMEM. */
ss_analysis *ss_analyze_rfm(ss_rfm *rfm, const ss_quality *q,
                            const ss_params *p, ss_error *err);

/* ss_ingest_file + ss_analyze_rfm. */
ss_analysis *ss_analyze_file(const char *path, const ss_params *p, ss_error *err);

void ss_analysis_free(ss_analysis *a);

#endif
