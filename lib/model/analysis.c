/* analysis.c: from the RFM table to clusters, metrics, scores and personas. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "model/analysis.h"
#include "model/kchoice.h"
#include "model/kmeans.h"
#include "model/scale.h"
#include "model/silhouette.h"

static int cpu_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

/* Monetary beyond this cannot be scaled (its square overflows), and sums
 * that overflowed are infinite or NaN: refused with the customer named. */
#define MONETARY_MAX 1e150

static int monetary_usable(const ss_rfm *rfm, ss_error *err)
{
	size_t worst = SIZE_MAX;

	for (size_t i = 0; i < rfm->n; i++) {
		double m = rfm->monetary[i];
		if (!(fabs(m) <= MONETARY_MAX) &&
		    (worst == SIZE_MAX || isnan(m) || fabs(m) > fabs(rfm->monetary[worst])))
			worst = i;
	}
	if (worst == SIZE_MAX)
		return 0;
	return ss_error_set(err, SS_EDATA, "the amounts of customer %.80s add up to more than "
	                    "can be analysed (beyond 1e150 in size)", rfm->customer_id[worst]);
}

/* Mean and population standard deviation of R, F and M over all
 * customers, in file units (whatever the transform): what the pages and
 * the personas compare each cluster with. */
static int global_moments(ss_analysis *a)
{
	const ss_rfm *t = a->rfm;
	size_t n = t->n;
	double *col = malloc((n ? n : 1) * sizeof(double));

	if (col == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		col[i] = (double)t->recency[i];
	ss_moments(col, n, 1, &a->global_mean[0], &a->global_std[0]);
	for (size_t i = 0; i < n; i++)
		col[i] = (double)t->frequency[i];
	ss_moments(col, n, 1, &a->global_mean[1], &a->global_std[1]);
	ss_moments(t->monetary, n, 1, &a->global_mean[2], &a->global_std[2]);
	free(col);
	return 0;
}

/* The cluster's mean f against the global one: as a z-score in file units
 * (0 for a constant feature) and as a fraction above or below (NaN when
 * the global mean is 0). */
static void relative(ss_analysis *a, int c, int f)
{
	double g = a->global_mean[f], d = a->clusters[c].mean[f] - g;

	a->zscore[c * 3 + f] = a->global_std[f] > 0 ? d / a->global_std[f] : 0;
	a->vs_global[c * 3 + f] = fabs(g) >= 1e-12 ? d / fabs(g) : NAN;
}

/* Per-cluster KPIs (sizes, orders, revenue, means, medians: file units),
 * standardized means and the comparison with the global means. */
static int cluster_stats(ss_analysis *a, const double *x)
{
	size_t n = a->rfm->n;
	int k = a->k;

	if (ss_kpi_compute(a->rfm, a->labels, k, a->clusters, &a->base) != 0)
		return -1;
	for (int f = 0; f < 3; f++) {
		for (int c = 0; c < k; c++) {
			size_t m = 0;
			double zsum = 0;
			for (size_t i = 0; i < n; i++) {
				if (a->labels[i] != c)
					continue;
				m++;
				zsum += x[i * 3 + f];
			}
			a->clusters[c].zmean[f] = m ? zsum / (double)m : 0;
			relative(a, c, f);
		}
	}
	return 0;
}

/* The same KPIs for each of the ten RFM segments. */
static int segment_stats(ss_analysis *a)
{
	size_t n = a->rfm->n;
	int *seg = malloc((n ? n : 1) * sizeof(int));
	int rc;

	if (seg == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		seg[i] = a->scores->segment[i];
	ss_cluster_stats base;
	rc = ss_kpi_compute(a->rfm, seg, SS_SEG__MAX, a->segments, &base);
	free(seg);
	return rc;
}

/* Between-cluster over total sum of squares per standardized feature,
 * normalised to sum to 1 (thirds when nothing varies). */
static void feature_importance(ss_analysis *a, const double *x)
{
	size_t n = a->rfm->n;
	double share[3], total_share = 0;

	for (int f = 0; f < 3; f++) {
		double mu = ss_sum_strided(x + f, n, 3) / (double)n, total = 0, between = 0;
		for (size_t i = 0; i < n; i++)
			total += (x[i * 3 + f] - mu) * (x[i * 3 + f] - mu);
		for (int c = 0; c < a->k; c++) {
			double d = a->clusters[c].zmean[f] - mu;
			between += (double)a->cluster_count[c] * d * d;
		}
		share[f] = total > 0 ? between / total : 0;
		total_share += share[f];
	}
	for (int f = 0; f < 3; f++)
		a->feature_importance[f] = total_share > 0 ? share[f] / total_share : 1.0 / 3;
}

/* Rule personas for every cluster at once (persona/naming.c), from the
 * clusters' KPIs and the RFM segments their customers fall in. */
static int name_personas(ss_analysis *a)
{
	int64_t *cross = calloc((size_t)a->k * SS_SEG__MAX, sizeof(int64_t));

	if (cross == NULL)
		return -1;
	for (size_t i = 0; i < a->rfm->n; i++)
		cross[(size_t)a->labels[i] * SS_SEG__MAX + a->scores->segment[i]]++;
	ss_persona_name_all(a->clusters, a->k, &a->base, cross, a->params.lang, a->personas);
	free(cross);
	snprintf(a->ai.source, sizeof(a->ai.source), "rules");
	return 0;
}

static int run_kmeans(const ss_analysis *a, const double *x, int k, int *labels,
                      double *centers, double *inertia)
{
	ss_kmeans_opts o = { k, a->params.n_init, a->params.max_iter, a->params.tol,
	                     a->params.seed };
	ss_kmeans_result r;

	if (ss_kmeans(x, a->rfm->n, &o, labels, centers, &r) != 0)
		return -1;
	*inertia = r.inertia;
	return 0;
}

/* Runs k = 2..hi, keeping each k's labels, and picks k by the k=auto rule
 * (model/kchoice.h). */
static int choose_k(ss_analysis *a, const double *x, int hi, ss_error *err)
{
	size_t n = a->rfm->n, npts = (size_t)(hi - SS_AUTO_K_LO + 1);
	int *labels = malloc(n * npts * sizeof(int));
	double *centers = malloc(npts * SS_K_MAX * 3 * sizeof(double));
	size_t *used = calloc(npts, sizeof(size_t));
	int64_t count[SS_K_MAX];
	int pick;

	a->curve = calloc(npts, sizeof(ss_kpoint));
	if (labels == NULL || centers == NULL || used == NULL || a->curve == NULL) {
		free(labels);
		free(centers);
		free(used);
		return ss_error_set(err, SS_ENOMEM, "out of memory choosing k");
	}
	for (int k = SS_AUTO_K_LO; k <= hi; k++) {
		size_t j = a->curve_n++;
		ss_kpoint *p = &a->curve[j];
		int *lab = labels + j * n;
		p->k = k;
		if (run_kmeans(a, x, k, lab, centers + j * SS_K_MAX * 3, &p->inertia) != 0)
			goto oom;
		p->silhouette = ss_silhouette(x, n, lab, k, a->params.silhouette_max,
		                              a->params.seed, cpu_threads(), &used[j]);
		if (p->silhouette == -2)
			goto oom;
		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < n; i++)
			count[lab[i]]++;
		p->smallest_share = 1;
		for (int c = 0; c < k; c++)
			if ((double)count[c] / (double)n < p->smallest_share)
				p->smallest_share = (double)count[c] / (double)n;
	}
	pick = ss_k_choose(a->curve, a->curve_n, a->k_reason, sizeof(a->k_reason));
	if (pick >= 0) {
		a->k = a->curve[pick].k;
		a->inertia = a->curve[pick].inertia;
		a->silhouette = a->curve[pick].silhouette;
		a->silhouette_sample = used[pick];
		memcpy(a->labels, labels + (size_t)pick * n, n * sizeof(int));
		memcpy(a->centers, centers + (size_t)pick * SS_K_MAX * 3, (size_t)a->k * 3 * sizeof(double));
	}
	free(labels);
	free(centers);
	free(used);
	if (pick < 0)
		return ss_error_set(err, SS_EDATA, "no k from %d to %d gives a defined silhouette", SS_AUTO_K_LO, hi);
	return 0;
oom:
	free(labels);
	free(centers);
	free(used);
	return ss_error_set(err, SS_ENOMEM, "out of memory in k-means or silhouette");
}

static int cluster(ss_analysis *a, const double *x, ss_error *err)
{
	size_t n = a->rfm->n;
	long distinct = ss_distinct_rows(x, n);

	if (distinct < 0)
		return ss_error_set(err, SS_ENOMEM, "out of memory counting distinct customers");
	if (a->k_auto) {
		int hi = distinct < SS_AUTO_K_HI ? (int)distinct : SS_AUTO_K_HI;
		if (hi < SS_AUTO_K_LO)
			return ss_error_set(err, SS_EDATA, "all %zu customers have the same Recency, Frequency "
			                    "and Monetary: there is nothing to segment", n);
		return choose_k(a, x, hi, err);
	}
	if (n < (size_t)a->params.k)
		return ss_error_set(err, SS_EPARAM, "fewer customers (%zu) than k (%d): choose k from %d to %zu",
		                    n, a->params.k, SS_K_MIN, n < SS_K_MIN ? (size_t)SS_K_MIN : n);
	if (distinct < a->params.k)
		return ss_error_set(err, SS_EDATA, "the %zu customers have only %ld distinct Recency/Frequency/"
		                    "Monetary profile(s): k=%d needs at least %d", n, distinct,
		                    a->params.k, a->params.k);
	a->k = a->params.k;
	if (run_kmeans(a, x, a->k, a->labels, a->centers, &a->inertia) != 0)
		return ss_error_set(err, SS_ENOMEM, "out of memory in k-means");
	a->silhouette = ss_silhouette(x, n, a->labels, a->k, a->params.silhouette_max,
	                              a->params.seed, cpu_threads(), &a->silhouette_sample);
	if (a->silhouette == -2)
		return ss_error_set(err, SS_ENOMEM, "out of memory in silhouette");
	return 0;
}

/* The lifetime value of the clustered customers (clv/run.h). */
static int lifetime_value(ss_analysis *a, ss_error *err)
{
	size_t n = a->rfm->n;
	int *seg = malloc((n ? n : 1) * sizeof(int));
	char day[11];

	if (seg == NULL)
		return ss_error_set(err, SS_ENOMEM, "out of memory");
	if (a->rfm->clv != NULL && a->rfm->clv->has_holdout && a->rfm->clv->hold_days <= 0) {
		free(seg);
		ss_format_day(a->rfm->clv->end_day, day);
		return ss_error_set(err, SS_EPARAM, "holdout must be before the end of the data (%s)", day);
	}
	for (size_t i = 0; i < n; i++)
		seg[i] = a->scores->segment[i];
	a->clv = ss_clv_run(a->rfm, a->labels, a->k, seg, SS_SEG__MAX, a->params.horizon,
	                    a->params.discount);
	free(seg);
	return a->clv == NULL ? ss_error_set(err, SS_ENOMEM, "out of memory in lifetime value") : 0;
}

ss_analysis *ss_analyze_rfm(ss_rfm *rfm, const ss_quality *q, const ss_params *p, ss_error *err)
{
	ss_analysis *a = calloc(1, sizeof(*a));
	double *x = NULL;
	size_t n = rfm != NULL ? rfm->n : 0;

	if (a == NULL) {
		ss_rfm_free(rfm);
		ss_error_set(err, SS_ENOMEM, "out of memory");
		return NULL;
	}
	a->rfm = rfm;
	a->params = *p;
	if (q != NULL)
		a->quality = *q;
	if (p->k != SS_K_AUTO && (p->k < SS_K_MIN || p->k > SS_K_MAX)) {
		ss_error_set(err, SS_EPARAM, "k out of range: %d (allowed: %d to %d, or auto)",
		             p->k, SS_K_MIN, SS_K_MAX);
		goto fail;
	}
	if (n == 0) {
		ss_error_set(err, SS_EDATA, "no customers to segment");
		goto fail;
	}
	if (ss_params_check_dates(p, err) != 0)
		goto fail;
	if (monetary_usable(rfm, err) != 0)
		goto fail;
	if (p->nonpositive == SS_NONPOSITIVE_ASIDE && n > 0) {
		if ((a->aside = ss_rfm_take_nonpositive(rfm)) == NULL) {
			ss_error_set(err, SS_ENOMEM, "out of memory setting customers aside");
			goto fail;
		}
		if ((n = rfm->n) == 0) {
			ss_error_set(err, SS_EDATA, "every customer (%zu) has a net Monetary of 0 or less: "
			             "with nonpositive=aside nobody is left to segment", a->aside->n);
			goto fail;
		}
	}
	a->k_auto = p->k == SS_K_AUTO;
	x = malloc(n * 3 * sizeof(double));
	a->labels = malloc(n * sizeof(int));
	a->centers = calloc(SS_K_MAX * 3, sizeof(double));
	if (x == NULL || a->labels == NULL || a->centers == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory for %zu customers", n);
		goto fail;
	}
	if (ss_caps_compute(rfm, p->cap, &a->caps) != 0) {
		ss_error_set(err, SS_ENOMEM, "out of memory capping");
		goto fail;
	}
	ss_scale_capped(rfm, p->transform == SS_TRANSFORM_LOG, a->caps.value, x, NULL, NULL);
	if (cluster(a, x, err) != 0)
		goto fail;
	a->params.k = a->k;
	a->cluster_count = calloc((size_t)a->k, sizeof(int64_t));
	a->clusters = calloc((size_t)a->k, sizeof(ss_cluster_stats));
	a->personas = calloc((size_t)a->k, sizeof(ss_persona));
	a->zscore = calloc((size_t)a->k * 3, sizeof(double));
	a->vs_global = calloc((size_t)a->k * 3, sizeof(double));
	if (a->cluster_count == NULL || a->clusters == NULL || a->personas == NULL ||
	    a->zscore == NULL || a->vs_global == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		a->cluster_count[a->labels[i]]++;
	if (global_moments(a) != 0) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto fail;
	}
	if (cluster_stats(a, x) != 0) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto fail;
	}
	feature_importance(a, x);
	if ((a->scores = ss_rfm_scores_compute(rfm, &p->bins, err)) == NULL)
		goto fail;
	if (segment_stats(a) != 0) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto fail;
	}
	if (name_personas(a) != 0) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto fail;
	}
	if (p->clv && lifetime_value(a, err) != 0)
		goto fail;
	free(x);
	return a;
fail:
	free(x);
	ss_analysis_free(a);
	return NULL;
}

void ss_params_ingest_opts(const ss_params *p, ss_ingest_opts *io)
{
	*io = (ss_ingest_opts){ .delimiter = p->delimiter, .sheet = p->sheet,
	                        .exclude_returns = p->returns == SS_RETURNS_EXCLUDE,
	                        .snapshot_set = p->snapshot_set, .snapshot_day = p->snapshot_day,
	                        .clv = p->clv, .holdout_set = p->holdout_set,
	                        .holdout_day = p->holdout_day };
}

ss_analysis *ss_analyze_file(const char *path, const ss_params *p, ss_error *err)
{
	ss_ingest_opts io;
	ss_params_ingest_opts(p, &io);
	ss_quality q;
	ss_rfm *rfm = ss_ingest_file(path, &io, &q, err);

	if (rfm == NULL)
		return NULL;
	return ss_analyze_rfm(rfm, &q, p, err);
}

void ss_analysis_free(ss_analysis *a)
{
	if (a == NULL)
		return;
	ss_rfm_free(a->rfm);
	ss_rfm_free(a->aside);
	free(a->labels);
	free(a->centers);
	free(a->cluster_count);
	free(a->clusters);
	free(a->personas);
	free(a->zscore);
	free(a->vs_global);
	ss_rfm_scores_free(a->scores);
	ss_clv_free(a->clv);
	free(a->curve);
	free(a);
}
