/* bgnbd.c: the BG/NBD model (Fader, Hardie & Lee 2005; see clv.h): the
 * likelihood with its gradient, the fit, P(alive) and the conditional
 * expectation. Time is scaled so that the longest T is 10 while fitting,
 * as lifetimes does; alpha is scaled back. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clv/clv.h"
#include "clv/private.h"

/* The customers, grouped for a cheap likelihood: one-time buyers by T;
 * repeat buyers as (x index, t_x, T) with x's distinct values apart, so
 * per evaluation the log-gammas are per distinct x and the logs per day;
 * the repeat buyers alike in all three once, with their count. */
typedef struct rep { uint32_t xi, tx, T; double w; } rep;

typedef struct fitdata {
	double scale;             /* days -> fitting units */
	int32_t tmax;
	double *n0;               /* tmax + 1: one-time buyers (weighted) per T */
	double n0sum;
	rep *r;                   /* repeat buyers */
	size_t nr;
	double wr;                /* each repeat buyer's weight (a sample > 1) */
	double *xv, *xcount;      /* distinct x values and their weighted counts */
	size_t nx;
	double ntotal;
	double pen;               /* lifetimes' penalizer: pen x sum of squared parameters */
	/* per evaluation scratch */
	double *lt, *it;          /* tmax + 1: log(alpha + t s), 1 / (alpha + t s) */
	double *A12, *C4, *dA[4]; /* per distinct x */
} fitdata;

static void fitdata_free(fitdata *d)
{
	free(d->n0);
	free(d->r);
	free(d->xv);
	free(d->xcount);
	free(d->lt);
	free(d->it);
	free(d->A12);
	free(d->C4);
	for (int k = 0; k < 4; k++)
		free(d->dA[k]);
	memset(d, 0, sizeof(*d));
}

static int rep_order(const void *p, const void *q)
{
	const rep *u = p, *v = q;
	if (u->xi != v->xi)
		return u->xi < v->xi ? -1 : 1;
	if (u->tx != v->tx)
		return u->tx < v->tx ? -1 : 1;
	return (u->T > v->T) - (u->T < v->T);
}

/* Sorts the repeat buyers and keeps each distinct (x, t_x, T) once with
 * its count: on a million customers a few times fewer terms per
 * evaluation, the same likelihood. */
static void rep_group(fitdata *d)
{
	size_t k = 0;

	qsort(d->r, d->nr, sizeof(rep), rep_order);
	for (size_t j = 0; j < d->nr; j++) {
		if (k > 0 && rep_order(&d->r[k - 1], &d->r[j]) == 0)
			d->r[k - 1].w += 1;
		else
			d->r[k++] = d->r[j];
	}
	d->nr = k;
}

static int usable(int32_t x, int32_t t_x, int32_t T)
{
	return x >= 0 && t_x >= 0 && T >= t_x && (x > 0 || t_x == 0);
}

/* Builds d from the customers; every stride-th repeat buyer (stride 1:
 * all), the one-time buyers weighted alike. -1 on out of memory. */
static int fitdata_build(fitdata *d, const int32_t *x, const int32_t *t_x, const int32_t *T,
                         size_t n, size_t stride, double scale)
{
	int32_t tmax = 0, xmax = 0;
	size_t nr = 0;
	uint32_t *xidx = NULL;

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < n; i++) {
		if (!usable(x[i], t_x[i], T[i]))
			continue;
		tmax = T[i] > tmax ? T[i] : tmax;
		xmax = x[i] > xmax ? x[i] : xmax;
		nr += x[i] > 0;
	}
	d->scale = scale;
	d->tmax = tmax;
	d->wr = (double)stride;
	size_t cap = nr / stride + 1;
	d->n0 = calloc((size_t)tmax + 1, sizeof(double));
	d->r = malloc(cap * sizeof(rep));
	d->lt = malloc(((size_t)tmax + 1) * sizeof(double));
	d->it = malloc(((size_t)tmax + 1) * sizeof(double));
	xidx = malloc(((size_t)xmax + 1) * sizeof(uint32_t));
	if (!d->n0 || !d->r || !d->lt || !d->it || !xidx)
		goto oom;
	memset(xidx, 0xff, ((size_t)xmax + 1) * sizeof(uint32_t));
	size_t seen = 0, nx = 0;
	for (size_t i = 0; i < n; i++) {
		if (!usable(x[i], t_x[i], T[i]))
			continue;
		if (x[i] == 0) {
			d->n0[T[i]] += 1.0 / (double)stride;
			d->n0sum += 1.0 / (double)stride;
			continue;
		}
		if (seen++ % stride != 0)
			continue;
		if (xidx[x[i]] == UINT32_MAX)
			xidx[x[i]] = (uint32_t)nx++;
		d->r[d->nr++] = (rep){xidx[x[i]], (uint32_t)t_x[i], (uint32_t)T[i], 1};
	}
	/* the one-time buyers weigh as many as they are in the sample:
	 * (their count / stride) x stride = their count, each repeat buyer
	 * stride: the sample's likelihood estimates the whole one */
	for (int32_t t = 0; t <= tmax; t++)
		d->n0[t] *= (double)stride;
	d->n0sum *= (double)stride;
	d->nx = nx;
	d->xv = malloc((nx ? nx : 1) * sizeof(double));
	d->xcount = calloc(nx ? nx : 1, sizeof(double));
	d->A12 = malloc((nx ? nx : 1) * sizeof(double));
	d->C4 = malloc((nx ? nx : 1) * sizeof(double));
	for (int k = 0; k < 4; k++)
		d->dA[k] = malloc((nx ? nx : 1) * sizeof(double));
	if (!d->xv || !d->xcount || !d->A12 || !d->C4 || !d->dA[0] || !d->dA[1] || !d->dA[2] ||
	    !d->dA[3])
		goto oom;
	for (int32_t v = 0; v <= xmax; v++)
		if (xidx[v] != UINT32_MAX)
			d->xv[xidx[v]] = v;
	for (size_t j = 0; j < d->nr; j++)
		d->xcount[d->r[j].xi] += d->wr;
	d->ntotal = d->n0sum + d->wr * (double)d->nr;
	free(xidx);
	rep_group(d);
	return 0;
oom:
	free(xidx);
	fitdata_free(d);
	return -1;
}

/* The mean negative log-likelihood at theta = log(r, alpha, a, b) (alpha
 * in fitting units), and its gradient in theta when g is not NULL. */
static double objective(const double *th, double *g, void *ctx)
{
	fitdata *d = ctx;
	double r = exp(th[0]), al = exp(th[1]), a = exp(th[2]), b = exp(th[3]);
	double s = d->scale, la = log(al);
	double ll = 0, G[4] = {0, 0, 0, 0};

	if (!(r > 0 && al > 0 && a > 0 && b > 0) || !isfinite(r + al + a + b) ||
	    r > 1e12 || al > 1e12 || a > 1e12 || b > 1e12)
		return INFINITY;
	for (int32_t t = 0; t <= d->tmax; t++) {
		double v = al + t * s;
		d->lt[t] = log(v);
		d->it[t] = 1 / v;
	}
	double lgr = clv__lgamma(r), lgab = clv__lgamma(a + b), lgb = clv__lgamma(b);
	double pr = g ? clv__digamma(r) : 0, pab = g ? clv__digamma(a + b) : 0;
	double pb = g ? clv__digamma(b) : 0;
	for (size_t j = 0; j < d->nx; j++) {
		double x = d->xv[j];
		d->A12[j] = clv__lgamma(r + x) - lgr + r * la + lgab + clv__lgamma(b + x) - lgb -
		            clv__lgamma(a + b + x);
		d->C4[j] = log(a) - log(b + x - 1);
		if (g) {
			double pabx = clv__digamma(a + b + x);
			d->dA[0][j] = clv__digamma(r + x) - pr + la;
			d->dA[2][j] = pab - pabx;
			d->dA[3][j] = pab + clv__digamma(b + x) - pb - pabx;
		}
	}
	/* one-time buyers: A1 + A3 with x = 0 (A2 = 0) */
	for (int32_t t = 0; t <= d->tmax; t++) {
		double w = d->n0[t];
		if (w == 0)
			continue;
		ll += w * r * (la - d->lt[t]);
		if (g) {
			G[0] += w * (la - d->lt[t]);
			G[1] += w * r * (1 / al - d->it[t]);
		}
	}
	double lr = 0, Gr[4] = {0, 0, 0, 0};
	for (size_t j = 0; j < d->nr; j++) {
		const rep *e = &d->r[j];
		double x = d->xv[e->xi], rx = r + x;
		double A3 = -rx * d->lt[e->T], A4 = d->C4[e->xi] - rx * d->lt[e->tx];
		double hi = A3 > A4 ? A3 : A4, diff = -fabs(A3 - A4), ex = exp(diff);
		lr += e->w * (d->A12[e->xi] + hi + log1p(ex));
		if (g) {
			/* w: the weight of the "dropped out at t_x" term */
			double w = A4 >= A3 ? 1 / (1 + ex) : ex / (1 + ex);
			Gr[0] += e->w * (-(1 - w) * d->lt[e->T] - w * d->lt[e->tx]);
			Gr[1] += e->w * -rx * ((1 - w) * d->it[e->T] + w * d->it[e->tx]);
			Gr[2] += e->w * w / a;
			Gr[3] += e->w * -w / (b + x - 1);
		}
	}
	ll += d->wr * lr;
	if (g) {
		for (int k = 0; k < 4; k++)
			G[k] += d->wr * Gr[k];
		for (size_t j = 0; j < d->nx; j++) {
			double c = d->xcount[j];
			G[0] += c * d->dA[0][j];
			G[1] += c * r / al;
			G[2] += c * d->dA[2][j];
			G[3] += c * d->dA[3][j];
		}
		/* d/dtheta = p d/dp; minimising -ll / N */
		g[0] = -G[0] * r / d->ntotal;
		g[1] = -G[1] * al / d->ntotal;
		g[2] = -G[2] * a / d->ntotal;
		g[3] = -G[3] * b / d->ntotal;
		g[0] += 2 * d->pen * r * r;
		g[1] += 2 * d->pen * al * al;
		g[2] += 2 * d->pen * a * a;
		g[3] += 2 * d->pen * b * b;
	}
	double f = -ll / d->ntotal + d->pen * (r * r + al * al + a * a + b * b);
	return isfinite(f) ? f : INFINITY;
}

int ss_bgnbd_fit(const int32_t *x, const int32_t *t_x, const int32_t *T, size_t n,
                 const double *start, double penalizer, ss_bgnbd *out)
{
	fitdata all, part;
	int32_t tmax = 0;
	size_t nr = 0, used = 0;
	double th[4];

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		if (usable(x[i], t_x[i], T[i])) {
			used++;
			nr += x[i] > 0;
			tmax = T[i] > tmax ? T[i] : tmax;
		}
	out->n = used;
	if (used == 0 || tmax == 0)
		return -1;
	double scale = 10.0 / tmax;
	if (fitdata_build(&all, x, t_x, T, n, 1, scale) != 0)
		return -1;
	all.pen = penalizer;
	if (start != NULL) {
		th[0] = log(start[0]);
		th[1] = log(start[1] * scale);
		th[2] = log(start[2]);
		th[3] = log(start[3]);
	} else {
		th[0] = th[1] = th[2] = th[3] = 0;
	}
	for (int k = 0; k < 4; k++)
		if (!isfinite(th[k]))
			th[k] = 0;
	/* Nelder-Mead near the optimum, on a sample when there are many,
	 * then Newton on everyone */
	size_t stride = nr > SS_CLV_SAMPLE ? (nr + SS_CLV_SAMPLE - 1) / SS_CLV_SAMPLE : 1;
	if (stride > 1 && fitdata_build(&part, x, t_x, T, n, stride, scale) == 0) {
		part.pen = penalizer;
		out->evaluations = clv__nelder_mead(objective, &part, 4, th, 0.5, 3000);
		fitdata_free(&part);
	} else {
		out->evaluations = clv__nelder_mead(objective, &all, 4, th, 0.5, 3000);
	}
	out->iterations = clv__newton(objective, &all, 4, th, 100, &out->gradient);
	all.pen = 0;  /* the log-likelihood itself */
	double f = objective(th, NULL, &all);
	double sumx = 0;
	for (size_t i = 0; i < n; i++)
		if (usable(x[i], t_x[i], T[i]))
			sumx += x[i];
	fitdata_free(&all);
	out->r = exp(th[0]);
	out->alpha = exp(th[1]) / scale;
	out->a = exp(th[2]);
	out->b = exp(th[3]);
	/* back to days: each customer's likelihood scales by s^x */
	out->loglik = -f * (double)used + sumx * log(scale);
	/* an optimum on the boundary (a parameter run off to 0 or infinity,
	 * e.g. a -> 0 when nobody is seen to drop out) is no fit */
	int inside = 1;
	for (int k = 0; k < 4; k++)
		inside = inside && th[k] > log(1e-5) && th[k] < log(1e5);
	out->converged = isfinite(f) && out->gradient < 1e-6 && isfinite(out->loglik) && inside;
	return 0;
}

double ss_bgnbd_loglik1(const ss_bgnbd *m, double x, double t_x, double T)
{
	double r = m->r, al = m->alpha, a = m->a, b = m->b;
	double A1 = clv__lgamma(r + x) - clv__lgamma(r) + r * log(al);
	double A2 = clv__lgamma(a + b) + clv__lgamma(b + x) - clv__lgamma(b) - clv__lgamma(a + b + x);
	double A3 = -(r + x) * log(al + T);
	if (x == 0)
		return A1 + A2 + A3;
	double A4 = log(a) - log(b + x - 1) - (r + x) * log(al + t_x);
	double hi = A3 > A4 ? A3 : A4;
	return A1 + A2 + hi + log1p(exp(-fabs(A3 - A4)));
}

double ss_bgnbd_p_alive(const ss_bgnbd *m, double x, double t_x, double T)
{
	if (x == 0)
		return 1;
	double ld = (m->r + x) * log((m->alpha + T) / (m->alpha + t_x)) + log(m->a / (m->b + x - 1));
	return 1 / (1 + exp(ld));
}

double ss_bgnbd_expected(const ss_bgnbd *m, double t, double x, double t_x, double T)
{
	double r = m->r, al = m->alpha, a = m->a, b = m->b;

	if (t <= 0)
		return 0;
	double z = t / (al + T + t);
	double lh = clv__log_hyp2f1(r + x, b + x, a + b + x - 1, z);
	double first = (a + b + x - 1) / (a - 1);
	/* 1 - exp(.) without cancellation */
	double second = -expm1(lh + (r + x) * log((al + T) / (al + t + T)));
	double den = 1 + (x > 0 ? (a / (b + x - 1)) * pow((al + T) / (al + t_x), r + x) : 0);
	double v = first * second / den;
	return isfinite(v) ? v : NAN;
}

double ss_clv_value(const ss_bgnbd *m, double value, int horizon, double rate,
                    double x, double t_x, double T)
{
	if (rate == 0)
		return value * ss_bgnbd_expected(m, horizon, x, t_x, T);
	double sum = 0, prev = 0;
	for (int s = 30;; s += 30) {
		int end = s < horizon ? s : horizon;
		double e = ss_bgnbd_expected(m, end, x, t_x, T);
		sum += (e - prev) / pow(1 + rate, end / 365.0);
		prev = e;
		if (end >= horizon)
			break;
	}
	return value * sum;
}
