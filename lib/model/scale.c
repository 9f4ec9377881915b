/* scale.c: StandardScaler semantics with an optional signed log1p. */
#include <math.h>
#include "model/scale.h"

double ss_sum_strided(const double *v, size_t n, size_t stride)
{
	double sum = 0, comp = 0;

	for (size_t i = 0; i < n; i++) {
		double x = v[i * stride], t = sum + x;
		if (fabs(sum) >= fabs(x))
			comp += (sum - t) + x;
		else
			comp += (x - t) + sum;
		sum = t;
	}
	return sum + comp;
}

void ss_moments(const double *v, size_t n, size_t stride, double *mean, double *std)
{
	double mu = n ? ss_sum_strided(v, n, stride) / (double)n : 0;
	double var = 0, comp = 0;

	for (size_t i = 0; i < n; i++) { /* two-pass variance, compensated */
		double d = v[i * stride] - mu, sq = d * d, s = var + sq;
		comp += (var - s) + sq;
		var = s;
	}
	var = n ? (var + comp) / (double)n : 0;
	/* sklearn's test for a constant column (rounding noise only) */
	{
		const double eps = 2.220446049250313e-16;
		double nn = (double)n, bound = nn * eps * var + (nn * mu * eps) * (nn * mu * eps);
		*std = var <= bound ? 0 : sqrt(var);
	}
	*mean = mu;
}

static double signed_log1p(double v)
{
	return v < 0 ? -log1p(-v) : log1p(v);
}

void ss_scale(const ss_rfm *t, int log, double *x, double mean[3], double std[3])
{
	ss_scale_capped(t, log, NULL, x, mean, std);
}

void ss_scale_capped(const ss_rfm *t, int log, const double cap[3], double *x,
                     double mean[3], double std[3])
{
	size_t n = t->n;

	for (size_t i = 0; i < n; i++) {
		x[i * 3 + 0] = (double)t->recency[i];
		x[i * 3 + 1] = (double)t->frequency[i];
		x[i * 3 + 2] = t->monetary[i];
		if (cap != NULL)
			for (int f = 0; f < 3; f++)
				if (x[i * 3 + f] > cap[f])
					x[i * 3 + f] = cap[f];
		if (log)
			for (int f = 0; f < 3; f++)
				x[i * 3 + f] = signed_log1p(x[i * 3 + f]);
	}
	for (int f = 0; f < 3; f++) {
		double mu, sd;

		ss_moments(x + f, n, 3, &mu, &sd);
		if (sd == 0) /* sklearn scales a constant column by 1: zeros */
			sd = 1;
		for (size_t i = 0; i < n; i++)
			x[i * 3 + f] = (x[i * 3 + f] - mu) / sd;
		if (mean != NULL)
			mean[f] = mu;
		if (std != NULL)
			std[f] = sd;
	}
}
