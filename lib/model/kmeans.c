/* kmeans.c: k-means++ seeding with local trials and Lloyd iterations, as
 * scikit-learn's KMeans does them (n_init runs, best inertia wins). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/kmeans.h"
#include "model/mt19937.h"
#include "model/scale.h"

static inline double dist2(const double *a, const double *b)
{
	double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
	return d0 * d0 + d1 * d1 + d2 * d2;
}

/* Index of the first cumsum entry >= v (numpy searchsorted, side left). */
static size_t search_sorted(const double *cum, size_t n, double v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cum[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n ? lo : n - 1;
}

/* Squared distance as scikit-learn's euclidean_distances computes it
 * (-2 x.c + |c|^2 + |x|^2, floored at 0), so k-means++ draws the same
 * candidates from the same random numbers. */
static inline double dist2_norms(const double *x, double xx, const double *c, double cc)
{
	double d = -2 * (x[0] * c[0] + x[1] * c[1] + x[2] * c[2]);
	d += cc;
	d += xx;
	return d > 0 ? d : 0;
}

static inline double norm2(const double *p)
{
	return p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
}

/* k-means++ with 2 + ln(k) candidates per step, the one that lowers the
 * potential most kept, drawing from the generator as scikit-learn does.
 * closest, cum and xx are n-sized scratch arrays. */
static void plusplus(const double *x, size_t n, int k, ss_mt *rng,
                     double *centers, double *closest, double *cum, double *xx)
{
	int trials = 2 + (int)log((double)k);
	size_t first = ss_mt_below(rng, n);
	double pot = 0, cc = norm2(x + first * 3);

	memcpy(centers, x + first * 3, 3 * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		closest[i] = dist2_norms(x + i * 3, xx[i], centers, cc);
		pot += closest[i];
	}
	for (int c = 1; c < k; c++) {
		double run = 0, best_pot = DBL_MAX;
		size_t best = 0;

		size_t cand[16];
		double r[16];

		for (size_t i = 0; i < n; i++)
			cum[i] = (run += closest[i]);
		for (int t = 0; t < trials; t++) /* all draws first, as numpy does */
			r[t] = ss_mt_double(rng) * pot;
		for (int t = 0; t < trials; t++)
			cand[t] = search_sorted(cum, n, r[t]);
		for (int t = 0; t < trials; t++) {
			const double *cx = x + cand[t] * 3;
			double p = 0, cn = norm2(cx);
			for (size_t i = 0; i < n; i++) {
				double d = dist2_norms(x + i * 3, xx[i], cx, cn);
				p += d < closest[i] ? d : closest[i];
			}
			if (p < best_pot) {
				best_pot = p;
				best = cand[t];
			}
		}
		memcpy(centers + c * 3, x + best * 3, 3 * sizeof(double));
		cc = norm2(centers + c * 3);
		pot = 0;
		for (size_t i = 0; i < n; i++) {
			double d = dist2_norms(x + i * 3, xx[i], centers + c * 3, cc);
			if (d < closest[i])
				closest[i] = d;
			pot += closest[i];
		}
	}
}

struct work {
	double *sums;     /* k x 3 */
	long *counts;     /* k */
	double *closest;  /* n */
	double *cum;      /* n */
	double *xx;       /* n: squared norms of the rows */
	int *labels_old;  /* n */
};

/* Moves each empty cluster onto the point farthest from its centre,
 * taking that point out of its old cluster's sums (sklearn's relocation). */
static void relocate_empty(const double *x, size_t n, int k, const double *centers,
                           const int *labels, struct work *w)
{
	for (int c = 0; c < k; c++) {
		if (w->counts[c] != 0)
			continue;
		size_t far = 0;
		double far_d = -1;
		for (size_t i = 0; i < n; i++) {
			int l = labels[i];
			if (w->counts[l] <= 1)
				continue; /* never empty another cluster */
			double d = dist2(x + i * 3, centers + l * 3);
			if (d > far_d) {
				far_d = d;
				far = i;
			}
		}
		if (far_d < 0)
			return;
		int old = labels[far];
		for (int f = 0; f < 3; f++) {
			w->sums[old * 3 + f] -= x[far * 3 + f];
			w->sums[c * 3 + f] = x[far * 3 + f];
		}
		w->counts[old]--;
		w->counts[c] = 1;
	}
}

/* Labels every point with its nearest centre; returns the inertia. With
 * w non-NULL also accumulates the per-cluster sums and counts. */
static double assign(const double *x, size_t n, int k, const double *centers,
                     int *labels, struct work *w)
{
	double inertia = 0;

	if (w != NULL) {
		memset(w->sums, 0, (size_t)k * 3 * sizeof(double));
		memset(w->counts, 0, (size_t)k * sizeof(long));
	}
	for (size_t i = 0; i < n; i++) {
		const double *p = x + i * 3;
		int best = 0;
		double best_d = dist2(p, centers);
		for (int c = 1; c < k; c++) {
			double d = dist2(p, centers + c * 3);
			if (d < best_d) {
				best_d = d;
				best = c;
			}
		}
		labels[i] = best;
		inertia += best_d;
		if (w != NULL) {
			w->sums[best * 3 + 0] += p[0];
			w->sums[best * 3 + 1] += p[1];
			w->sums[best * 3 + 2] += p[2];
			w->counts[best]++;
		}
	}
	return inertia;
}

static double inertia_of(const double *x, size_t n, const double *centers, const int *labels)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += dist2(x + i * 3, centers + labels[i] * 3);
	return s;
}

/* One Lloyd run from the given centres; returns iterations done. */
static int lloyd(const double *x, size_t n, int k, int max_iter, double tol,
                 double *centers, int *labels, struct work *w)
{
	double next[3 * 64], *new_c = next;
	int it, strict = 0;

	if (k > 64)
		return -1;
	for (size_t i = 0; i < n; i++)
		w->labels_old[i] = -1;
	for (it = 0; it < max_iter; it++) {
		double shift = 0;

		assign(x, n, k, centers, labels, w);
		relocate_empty(x, n, k, centers, labels, w);
		for (int c = 0; c < k; c++)
			for (int f = 0; f < 3; f++) {
				new_c[c * 3 + f] = w->counts[c] ? w->sums[c * 3 + f] / (double)w->counts[c]
				                                : centers[c * 3 + f];
				double d = new_c[c * 3 + f] - centers[c * 3 + f];
				shift += d * d;
			}
		memcpy(centers, new_c, (size_t)k * 3 * sizeof(double));
		if (memcmp(labels, w->labels_old, n * sizeof(int)) == 0) {
			strict = 1;
			break;
		}
		if (shift <= tol)
			break;
		memcpy(w->labels_old, labels, n * sizeof(int));
	}
	if (!strict) /* labels that match the final centres */
		assign(x, n, k, centers, labels, NULL);
	return it + 1;
}

int ss_kmeans(const double *x, size_t n, const ss_kmeans_opts *o,
              int *labels, double *centers, ss_kmeans_result *res)
{
	int k = o->k, rc = -1;
	struct work w = { 0 };
	double *cand = malloc((size_t)k * 3 * sizeof(double));
	int *cand_labels = malloc(n * sizeof(int));
	double var_mean = 0, best = DBL_MAX;
	ss_mt rng;

	w.sums = malloc((size_t)k * 3 * sizeof(double));
	w.counts = malloc((size_t)k * sizeof(long));
	w.closest = malloc(n * sizeof(double));
	w.cum = malloc(n * sizeof(double));
	w.labels_old = malloc(n * sizeof(int));
	w.xx = malloc(n * sizeof(double));
	if (cand == NULL || cand_labels == NULL || w.sums == NULL || w.counts == NULL ||
	    w.closest == NULL || w.cum == NULL || w.labels_old == NULL || w.xx == NULL || k < 1 ||
	    k > 64 || n < (size_t)k)
		goto out;
	for (int f = 0; f < 3; f++) { /* tolerance: tol x mean feature variance */
		double mu = ss_sum_strided(x + f, n, 3) / (double)n, v = 0;
		for (size_t i = 0; i < n; i++)
			v += (x[i * 3 + f] - mu) * (x[i * 3 + f] - mu);
		var_mean += v / (double)n / 3;
	}
	for (size_t i = 0; i < n; i++)
		w.xx[i] = norm2(x + i * 3);
	ss_mt_seed(&rng, (uint32_t)o->seed);
	res->inertia = 0;
	res->n_iter = 0;
	for (int run = 0; run < (o->n_init > 0 ? o->n_init : 1); run++) {
		plusplus(x, n, k, &rng, cand, w.closest, w.cum, w.xx);
		int iters = lloyd(x, n, k, o->max_iter, o->tol * var_mean, cand, cand_labels, &w);
		double inertia = inertia_of(x, n, cand, cand_labels);
		if (run == 0 || inertia < best) {  /* a NaN inertia still gives labels */
			best = inertia;
			memcpy(centers, cand, (size_t)k * 3 * sizeof(double));
			memcpy(labels, cand_labels, n * sizeof(int));
			res->inertia = inertia;
			res->n_iter = iters;
		}
	}
	rc = 0;
out:
	free(cand);
	free(cand_labels);
	free(w.sums);
	free(w.counts);
	free(w.closest);
	free(w.cum);
	free(w.labels_old);
	free(w.xx);
	return rc;
}

static int cmp_row(const void *a, const void *b)
{
	const double *p = a, *q = b;

	for (int f = 0; f < 3; f++)
		if (p[f] != q[f])
			return p[f] < q[f] ? -1 : 1;
	return 0;
}

long ss_distinct_rows(const double *x, size_t n)
{
	double *copy = malloc(n * 3 * sizeof(double) + 1);
	long distinct = 0;

	if (copy == NULL)
		return -1;
	memcpy(copy, x, n * 3 * sizeof(double));
	qsort(copy, n, 3 * sizeof(double), cmp_row);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || cmp_row(copy + (i - 1) * 3, copy + i * 3) != 0)
			distinct++;
	free(copy);
	return distinct;
}
