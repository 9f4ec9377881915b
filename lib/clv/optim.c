/* optim.c: the optimisers of the model fits: Nelder-Mead (robust from a
 * far start), then Newton on the analytic gradient (the exact optimum).
 * Both are bounded in evaluations and never accept a NaN. */
#include <math.h>
#include <string.h>
#include "clv/private.h"

#define MAXD 4

/* NaN and the infinities count as +inf: never chosen */
static double safe(double v)
{
	return isnan(v) ? INFINITY : v;
}

int clv__nelder_mead(clv__objective f, void *ctx, int dim, double *x, double step,
                     int max_evals)
{
	double p[MAXD + 1][MAXD], fv[MAXD + 1], c[MAXD], xr[MAXD], xe[MAXD];
	int evals = 0, n = dim;

	for (int i = 0; i <= n; i++) {
		memcpy(p[i], x, sizeof(double) * (size_t)n);
		if (i > 0)
			p[i][i - 1] += step;
		fv[i] = safe(f(p[i], NULL, ctx));
		evals++;
	}
	while (evals < max_evals) {
		/* order: best first */
		for (int i = 1; i <= n; i++)
			for (int j = i; j > 0 && fv[j] < fv[j - 1]; j--) {
				double t = fv[j];
				fv[j] = fv[j - 1];
				fv[j - 1] = t;
				for (int k = 0; k < n; k++) {
					t = p[j][k];
					p[j][k] = p[j - 1][k];
					p[j - 1][k] = t;
				}
			}
		double size = 0;
		for (int i = 1; i <= n; i++)
			for (int k = 0; k < n; k++)
				size = fmax(size, fabs(p[i][k] - p[0][k]));
		if (isfinite(fv[0]) && fabs(fv[n] - fv[0]) <= 1e-12 * (fabs(fv[0]) + 1e-12) &&
		    size < 1e-7)
			break;
		for (int k = 0; k < n; k++) {
			c[k] = 0;
			for (int i = 0; i < n; i++)
				c[k] += p[i][k] / n;
		}
		for (int k = 0; k < n; k++)
			xr[k] = c[k] + (c[k] - p[n][k]);
		double fr = safe(f(xr, NULL, ctx));
		evals++;
		if (fr < fv[0]) {
			for (int k = 0; k < n; k++)
				xe[k] = c[k] + 2 * (c[k] - p[n][k]);
			double fe = safe(f(xe, NULL, ctx));
			evals++;
			if (fe < fr) {
				memcpy(p[n], xe, sizeof(double) * (size_t)n);
				fv[n] = fe;
			} else {
				memcpy(p[n], xr, sizeof(double) * (size_t)n);
				fv[n] = fr;
			}
			continue;
		}
		if (fr < fv[n - 1]) {
			memcpy(p[n], xr, sizeof(double) * (size_t)n);
			fv[n] = fr;
			continue;
		}
		/* contraction, outside or inside */
		int outside = fr < fv[n];
		for (int k = 0; k < n; k++)
			xe[k] = outside ? c[k] + 0.5 * (xr[k] - c[k]) : c[k] + 0.5 * (p[n][k] - c[k]);
		double fc = safe(f(xe, NULL, ctx));
		evals++;
		if (fc < (outside ? fr : fv[n])) {
			memcpy(p[n], xe, sizeof(double) * (size_t)n);
			fv[n] = fc;
			continue;
		}
		/* shrink towards the best */
		for (int i = 1; i <= n; i++) {
			for (int k = 0; k < n; k++)
				p[i][k] = p[0][k] + 0.5 * (p[i][k] - p[0][k]);
			fv[i] = safe(f(p[i], NULL, ctx));
			evals++;
		}
	}
	int best = 0;
	for (int i = 1; i <= n; i++)
		if (fv[i] < fv[best])
			best = i;
	memcpy(x, p[best], sizeof(double) * (size_t)n);
	return evals;
}

/* Solves A d = b for a symmetric positive definite A (Cholesky); -1 when
 * A is not. */
static int chol_solve(int n, double A[MAXD][MAXD], const double *b, double *d)
{
	double L[MAXD][MAXD] = {{0}}, y[MAXD];

	for (int i = 0; i < n; i++)
		for (int j = 0; j <= i; j++) {
			double s = A[i][j];
			for (int k = 0; k < j; k++)
				s -= L[i][k] * L[j][k];
			if (i == j) {
				if (!(s > 0))
					return -1;
				L[i][i] = sqrt(s);
			} else {
				L[i][j] = s / L[j][j];
			}
		}
	for (int i = 0; i < n; i++) {
		double s = b[i];
		for (int k = 0; k < i; k++)
			s -= L[i][k] * y[k];
		y[i] = s / L[i][i];
	}
	for (int i = n - 1; i >= 0; i--) {
		double s = y[i];
		for (int k = i + 1; k < n; k++)
			s -= L[k][i] * d[k];
		d[i] = s / L[i][i];
	}
	return 0;
}

int clv__newton(clv__objective f, void *ctx, int dim, double *x, int max_iter, double *gnorm)
{
	double g[MAXD], gh[MAXD], H[MAXD][MAXD], d[MAXD], xt[MAXD];
	int n = dim, it;
	double fx = f(x, g, ctx);

	*gnorm = INFINITY;
	if (!isfinite(fx))
		return 0;
	for (it = 0; it < max_iter; it++) {
		double gmax = 0;
		for (int k = 0; k < n; k++)
			gmax = fmax(gmax, fabs(g[k]));
		*gnorm = gmax;
		if (!(gmax > 1e-11))
			break;
		/* the Hessian by forward differences of the gradient */
		int ok = 1;
		for (int i = 0; i < n && ok; i++) {
			double h = 1e-6 * fmax(1, fabs(x[i]));
			memcpy(xt, x, sizeof(double) * (size_t)n);
			xt[i] += h;
			ok = isfinite(f(xt, gh, ctx));
			for (int j = 0; j < n; j++)
				H[i][j] = (gh[j] - g[j]) / h;
		}
		for (int i = 0; i < n; i++)
			for (int j = 0; j < i; j++)
				H[i][j] = H[j][i] = 0.5 * (H[i][j] + H[j][i]);
		if (!ok || chol_solve(n, H, g, d) != 0) {
			/* not convex here: a steepest-descent step instead */
			for (int k = 0; k < n; k++)
				d[k] = g[k] / fmax(gmax, 1);
		}
		double t = 1, ft = INFINITY;
		for (int ls = 0; ls < 40; ls++, t *= 0.5) {
			for (int k = 0; k < n; k++)
				xt[k] = x[k] - t * d[k];
			ft = f(xt, NULL, ctx);
			if (isfinite(ft) && ft <= fx)
				break;
		}
		if (!(isfinite(ft) && ft <= fx))
			break;
		double moved = 0;
		for (int k = 0; k < n; k++)
			moved = fmax(moved, fabs(xt[k] - x[k]));
		memcpy(x, xt, sizeof(double) * (size_t)n);
		fx = f(x, g, ctx);
		if (moved < 1e-14)
			break;
	}
	double gmax = 0;
	for (int k = 0; k < n; k++)
		gmax = fmax(gmax, fabs(g[k]));
	*gnorm = gmax;
	return it;
}
