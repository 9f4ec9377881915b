/* gammagamma.c: the Gamma-Gamma model of the mean repeat purchase value
 * (Fader & Hardie 2013; see clv.h): likelihood with gradient, the fit and
 * the conditional expectation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clv/clv.h"
#include "clv/private.h"

typedef struct ggdata {
	double *x, *m;            /* the customers (x > 0, m > 0) */
	size_t n;
	double w;                 /* each one's weight (a sample: > 1) */
	double ntotal;
	double const_x;           /* sum of x (log m + log x) terms are constant in q, gamma */
	double *xv, *xc;          /* distinct x with weighted counts */
	uint32_t *xi;
	size_t nx;
	double sum_lm, sum_xlmx;  /* weighted sums of log m and x (log m + log x) */
	double pen;               /* lifetimes' penalizer */
} ggdata;

static void gg_free(ggdata *d)
{
	free(d->x);
	free(d->m);
	free(d->xv);
	free(d->xc);
	free(d->xi);
	memset(d, 0, sizeof(*d));
}

static int gg_build(ggdata *d, const int32_t *x, const double *m, size_t n, size_t stride)
{
	size_t cap = 0, seen = 0;
	int32_t xmax = 0;
	uint32_t *map = NULL;

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < n; i++)
		if (x[i] > 0 && m[i] > 0 && isfinite(m[i])) {
			cap++;
			xmax = x[i] > xmax ? x[i] : xmax;
		}
	cap = cap / stride + 1;
	d->x = malloc(cap * sizeof(double));
	d->m = malloc(cap * sizeof(double));
	d->xi = malloc(cap * sizeof(uint32_t));
	d->xv = malloc(cap * sizeof(double));
	d->xc = calloc(cap, sizeof(double));
	map = malloc(((size_t)xmax + 1) * sizeof(uint32_t));
	if (!d->x || !d->m || !d->xi || !d->xv || !d->xc || !map) {
		free(map);
		gg_free(d);
		return -1;
	}
	memset(map, 0xff, ((size_t)xmax + 1) * sizeof(uint32_t));
	d->w = (double)stride;
	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0 && m[i] > 0 && isfinite(m[i])) || seen++ % stride != 0)
			continue;
		if (map[x[i]] == UINT32_MAX) {
			map[x[i]] = (uint32_t)d->nx;
			d->xv[d->nx++] = x[i];
		}
		d->xi[d->n] = map[x[i]];
		d->xc[map[x[i]]] += d->w;
		d->x[d->n] = x[i];
		d->m[d->n] = m[i];
		d->sum_lm += d->w * log(m[i]);
		d->sum_xlmx += d->w * x[i] * (log(m[i]) + log((double)x[i]));
		d->n++;
	}
	d->ntotal = d->w * (double)d->n;
	free(map);
	return 0;
}

/* -ll / N at theta = log(p, q, gamma), with the gradient when g != NULL */
static double gg_objective(const double *th, double *g, void *ctx)
{
	ggdata *d = ctx;
	double p = exp(th[0]), q = exp(th[1]), v = exp(th[2]);
	double ll = 0, Gp = 0, Gq = 0, Gv = 0;

	if (!(p > 0 && q > 0 && v > 0) || p > 1e12 || q > 1e12 || v > 1e300)
		return INFINITY;
	double lgq = clv__lgamma(q), lv = log(v), pq = g ? clv__digamma(q) : 0;
	/* per distinct x: lgamma(px + q) - lgamma(px) */
	for (size_t j = 0; j < d->nx; j++) {
		double px = p * d->xv[j], c = d->xc[j];
		ll += c * (clv__lgamma(px + q) - clv__lgamma(px) - lgq + q * lv);
		if (g) {
			double a = clv__digamma(px + q), b = clv__digamma(px);
			Gp += c * d->xv[j] * (a - b);
			Gq += c * (a - pq + lv);
			Gv += c * q / v;
		}
	}
	/* (px - 1) log m + px log x: constants and p times a constant */
	ll += p * d->sum_xlmx - d->sum_lm;
	Gp += d->sum_xlmx;
	double s = 0, sp = 0, sq = 0, sv = 0;
	for (size_t i = 0; i < d->n; i++) {
		double x = d->x[i], u = x * d->m[i] + v, lu = log(u), k = p * x + q;
		s += k * lu;
		if (g) {
			sp += x * lu;
			sq += lu;
			sv += k / u;
		}
	}
	ll -= d->w * s;
	if (g) {
		Gp -= d->w * sp;
		Gq -= d->w * sq;
		Gv -= d->w * sv;
		g[0] = -Gp * p / d->ntotal;
		g[1] = -Gq * q / d->ntotal;
		g[2] = -Gv * v / d->ntotal;
		g[0] += 2 * d->pen * p * p;
		g[1] += 2 * d->pen * q * q;
		g[2] += 2 * d->pen * v * v;
	}
	double f = -ll / d->ntotal + d->pen * (p * p + q * q + v * v);
	return isfinite(f) ? f : INFINITY;
}

int ss_gg_fit(const int32_t *x, const double *m, size_t n, const double *start, double penalizer,
              ss_gg *out)
{
	ggdata all, part;
	double th[3] = {0, 0, 0};

	memset(out, 0, sizeof(*out));
	if (gg_build(&all, x, m, n, 1) != 0)
		return -1;
	out->n = all.n;
	all.pen = penalizer;
	if (all.n == 0) {
		gg_free(&all);
		return -1;
	}
	if (start != NULL)
		for (int k = 0; k < 3; k++)
			th[k] = start[k] > 0 && isfinite(log(start[k])) ? log(start[k]) : 0;
	size_t stride = all.n > SS_CLV_SAMPLE ? (all.n + SS_CLV_SAMPLE - 1) / SS_CLV_SAMPLE : 1;
	if (stride > 1 && gg_build(&part, x, m, n, stride) == 0) {
		part.pen = penalizer;
		out->evaluations = clv__nelder_mead(gg_objective, &part, 3, th, 0.5, 3000);
		gg_free(&part);
	} else {
		out->evaluations = clv__nelder_mead(gg_objective, &all, 3, th, 0.5, 3000);
	}
	out->iterations = clv__newton(gg_objective, &all, 3, th, 100, &out->gradient);
	all.pen = 0;
	double f = gg_objective(th, NULL, &all);
	out->loglik = -f * all.ntotal;
	out->p = exp(th[0]);
	out->q = exp(th[1]);
	out->gamma = exp(th[2]);
	int inside = 1;
	for (int k = 0; k < 3; k++)
		inside = inside && th[k] > log(1e-5) && th[k] < log(1e8);
	out->converged = isfinite(f) && out->gradient < 1e-6 && inside;
	gg_free(&all);
	return 0;
}

double ss_gg_expected_value(const ss_gg *g, double x, double m)
{
	if (!(g->q > 1))
		return NAN;
	double pop = g->gamma * g->p / (g->q - 1);
	if (!(x > 0))
		return pop;
	double w = g->p * x / (g->p * x + g->q - 1);
	return (1 - w) * pop + w * m;
}
