/* kpi.c: per-group KPIs in one pass of counting plus a sort per group
 * for the medians. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/kpi.h"

static int cmp_double(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;
	return p < q ? -1 : p > q;
}

static double median_sorted(const double *v, size_t n)
{
	if (n == 0)
		return NAN;
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double feature(const ss_rfm *t, size_t i, int f)
{
	return f == 0 ? (double)t->recency[i] : f == 1 ? (double)t->frequency[i] : t->monetary[i];
}

/* Medians of feature f for every group: the customers listed group by
 * group in order[] (start[g] .. start[g + 1]), and for the whole base. */
static void medians(const ss_rfm *t, const size_t *order, const size_t *start, int ngroups,
                    int f, double *vals, ss_cluster_stats *out, ss_cluster_stats *base)
{
	for (int g = 0; g < ngroups; g++) {
		size_t m = 0;
		for (size_t j = start[g]; j < start[g + 1]; j++)
			vals[m++] = feature(t, order[j], f);
		qsort(vals, m, sizeof(double), cmp_double);
		out[g].median[f] = median_sorted(vals, m);
	}
	for (size_t i = 0; i < t->n; i++)
		vals[i] = feature(t, i, f);
	qsort(vals, t->n, sizeof(double), cmp_double);
	base->median[f] = median_sorted(vals, t->n);
}

static void finish(ss_cluster_stats *s, size_t n, double total_revenue)
{
	s->share = n ? (double)s->count / (double)n : 0;
	for (int f = 0; f < 3; f++)
		s->mean[f] = s->count ? s->mean[f] / (double)s->count : NAN;
	s->revenue_share = total_revenue > 0 ? s->revenue / total_revenue : NAN;
	s->aov = s->orders > 0 ? s->revenue / (double)s->orders : NAN;
}

int ss_kpi_compute(const ss_rfm *t, const int *group, int ngroups,
                   ss_cluster_stats *out, ss_cluster_stats *base)
{
	size_t n = t->n;
	size_t *start = calloc((size_t)ngroups + 2, sizeof(size_t));
	size_t *order = malloc((n ? n : 1) * sizeof(size_t));
	double *vals = malloc((n ? n : 1) * sizeof(double));

	if (start == NULL || order == NULL || vals == NULL) {
		free(start);
		free(order);
		free(vals);
		return -1;
	}
	memset(out, 0, (size_t)ngroups * sizeof(*out));
	memset(base, 0, sizeof(*base));
	base->cluster = -1;
	for (int g = 0; g < ngroups; g++)
		out[g].cluster = g;
	/* sums (means are divided in finish) and the counting sort by group */
	for (size_t i = 0; i < n; i++) {
		int g = group[i];
		ss_cluster_stats *s[2] = { base, g >= 0 && g < ngroups ? &out[g] : NULL };
		for (int w = 0; w < 2 && s[w] != NULL; w++) {
			s[w]->count++;
			for (int f = 0; f < 3; f++)
				s[w]->mean[f] += feature(t, i, f);
			s[w]->orders += t->frequency[i];
			s[w]->revenue += t->monetary[i];
		}
		if (s[1] != NULL)
			start[g + 1]++;
	}
	for (int g = 0; g < ngroups; g++)
		start[g + 1] += start[g];
	{
		size_t *fill = calloc((size_t)ngroups + 1, sizeof(size_t));
		if (fill == NULL) {
			free(start);
			free(order);
			free(vals);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			if (group[i] >= 0 && group[i] < ngroups)
				order[start[group[i]] + fill[group[i]]++] = i;
		free(fill);
	}
	for (int f = 0; f < 3; f++)
		medians(t, order, start, ngroups, f, vals, out, base);
	for (int g = 0; g < ngroups; g++)
		finish(&out[g], n, base->revenue);
	finish(base, n, base->revenue);
	free(start);
	free(order);
	free(vals);
	return 0;
}

static double ratio(double v, double base)
{
	return isfinite(v) && isfinite(base) && fabs(base) >= 1e-12 ? v / base : NAN;
}

void ss_kpi_ratio_of(const ss_cluster_stats *s, const ss_cluster_stats *base, ss_kpi_ratio *r)
{
	for (int f = 0; f < 3; f++) {
		r->mean[f] = ratio(s->mean[f], base->mean[f]);
		r->median[f] = ratio(s->median[f], base->median[f]);
	}
	r->aov = ratio(s->aov, base->aov);
}
