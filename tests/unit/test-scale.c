/* test-scale.c: StandardScaler semantics, constant columns, signed log. */
#include <math.h>
#include <stdlib.h>
#include "check.h"
#include "model/scale.h"

static ss_rfm *table(size_t n, const long *r, const long *f, const double *m)
{
	ss_rfm *t = ss_rfm_new(n, 0);   /* no ids: scaling reads R, F, M only */
	for (size_t i = 0; t != NULL && i < n; i++) {
		t->recency[i] = r[i];
		t->frequency[i] = f[i];
		t->monetary[i] = m[i];
	}
	return t;
}

int main(void)
{
	const long r[4] = { 1, 2, 3, 4 }, f[4] = { 5, 5, 5, 5 };
	const double m[4] = { -10, 0, 10, 1e6 };
	double x[12], mean[3], sd[3];
	ss_rfm *t = table(4, r, f, m);

	CHECK(t != NULL, "table allocated");
	if (t == NULL)
		return CHECK_DONE();
	ss_scale(t, 0, x, mean, sd);
	CHECK_NEAR(mean[0], 2.5, 1e-12, "mean of recency");
	CHECK_NEAR(sd[0], sqrt(1.25), 1e-12, "population standard deviation (not sample)");
	CHECK_NEAR(x[0], -1.5 / sqrt(1.25), 1e-12, "first recency standardized");
	CHECK(x[1] == 0 && x[4] == 0 && x[7] == 0 && x[10] == 0, "constant column scales to 0");
	CHECK(!isnan(x[1]) && sd[1] == 1, "constant column: scale 1, never NaN");
	double s = 0, s2 = 0;
	for (int i = 0; i < 4; i++) {
		s += x[i * 3 + 2];
		s2 += x[i * 3 + 2] * x[i * 3 + 2];
	}
	CHECK_NEAR(s, 0, 1e-9, "standardized column has mean 0");
	CHECK_NEAR(s2 / 4, 1, 1e-9, "standardized column has variance 1");
	ss_scale(t, 1, x, mean, sd);
	CHECK_NEAR(mean[2], (-log1p(10) + 0 + log1p(10) + log1p(1e6)) / 4, 1e-12,
	           "log transform is signed log1p (negatives kept negative)");
	CHECK_NEAR(ss_sum_strided((double[]){ 1e16, 1, -1e16 }, 3, 1), 1, 0,
	           "compensated sum keeps the small term");
	ss_rfm_free(t);
	return CHECK_DONE();
}
