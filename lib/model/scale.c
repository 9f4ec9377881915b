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

static double signed_log1p(double v)
{
	return v < 0 ? -log1p(-v) : log1p(v);
}

void ss_scale(const ss_rfm *t, int log, double *x, double mean[3], double std[3])
{
	size_t n = t->n;

	for (size_t i = 0; i < n; i++) {
		x[i * 3 + 0] = (double)t->recency[i];
		x[i * 3 + 1] = (double)t->frequency[i];
		x[i * 3 + 2] = t->monetary[i];
		if (log)
			for (int f = 0; f < 3; f++)
				x[i * 3 + f] = signed_log1p(x[i * 3 + f]);
	}
	for (int f = 0; f < 3; f++) {
		double mu = n ? ss_sum_strided(x + f, n, 3) / (double)n : 0;
		double var = 0, comp = 0, sd;

		for (size_t i = 0; i < n; i++) { /* two-pass variance, compensated */
			double d = x[i * 3 + f] - mu, sq = d * d, s = var + sq;
			comp += (var - s) + sq;
			var = s;
		}
		var = n ? (var + comp) / (double)n : 0;
		/* sklearn's test for a constant column (rounding noise only):
		 * it scales by 1, so the column becomes zeros */
		{
			const double eps = 2.220446049250313e-16;
			double nn = (double)n, bound = nn * eps * var + (nn * mu * eps) * (nn * mu * eps);
			sd = var <= bound ? 1 : sqrt(var);
		}
		for (size_t i = 0; i < n; i++)
			x[i * 3 + f] = (x[i * 3 + f] - mu) / sd;
		if (mean != NULL)
			mean[f] = mu;
		if (std != NULL)
			std[f] = sd;
	}
}
