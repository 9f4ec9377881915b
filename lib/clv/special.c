/* special.c: the special functions the models need: log-gamma (libm's
 * reentrant one), digamma, and the Gauss hypergeometric 2F1 for 0 <= z < 1. */
#include <math.h>
#include "clv/private.h"

double clv__lgamma(double x)
{
	int sign;
	return lgamma_r(x, &sign);
}

double clv__digamma(double x)
{
	double r = 0;

	if (!(x > 0))
		return NAN;
	while (x < 6) {
		r -= 1 / x;
		x += 1;
	}
	double f = 1 / (x * x);
	/* the asymptotic series (Bernoulli numbers), good to ~1e-15 from 6 */
	return r + log(x) - 0.5 / x -
	       f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

double clv__log_hyp2f1(double a, double b, double c, double z)
{
	/* Euler's transformation, 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z),
	 * as lifetimes falls back to: for the BG/NBD's arguments c-a and c-b
	 * stay small whatever the frequency, so the series' terms stay bounded
	 * and fall like z^n */
	double a2 = c - a, b2 = c - b, term = 1, sum = 1;

	if (!(z >= 0 && z < 1) || !(c > 0))
		return NAN;
	for (int n = 0; n < 200000; n++) {
		term *= (a2 + n) * (b2 + n) / ((c + n) * (n + 1)) * z;
		sum += term;
		if (fabs(term) <= 1e-17 * fabs(sum) || term == 0)
			break;
	}
	if (!(sum > 0))
		return NAN;
	return log(sum) + (c - a - b) * log1p(-z);
}
