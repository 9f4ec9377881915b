/* cap.c: the percentile caps of Frequency and Monetary. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/cap.h"

static int cmp_double(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;
	return p < q ? -1 : p > q;
}

/* numpy's linear percentile of sorted v[0..n), n >= 1 */
static double percentile(const double *v, size_t n, double pct)
{
	double pos = pct / 100 * (double)(n - 1);
	size_t lo = (size_t)floor(pos);
	double frac = pos - (double)lo;

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (v[lo + 1] - v[lo]) * frac;
}

int ss_caps_compute(const ss_rfm *t, double pct, ss_caps *c)
{
	size_t n = t->n;
	double *v;

	memset(c, 0, sizeof(*c));
	for (int d = 0; d < 3; d++)
		c->value[d] = INFINITY;
	if (pct <= 0 || n == 0)
		return 0;
	if ((v = malloc(n * sizeof(double))) == NULL)
		return -1;
	c->percentile = pct;
	for (int d = 1; d < 3; d++) {
		for (size_t i = 0; i < n; i++)
			v[i] = d == 1 ? (double)t->frequency[i] : t->monetary[i];
		qsort(v, n, sizeof(double), cmp_double);
		c->value[d] = percentile(v, n, pct);
		for (size_t i = 0; i < n; i++)
			c->capped[d] += (d == 1 ? (double)t->frequency[i] : t->monetary[i]) > c->value[d];
	}
	free(v);
	return 0;
}
