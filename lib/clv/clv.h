/* clv.h: customer lifetime value: the BG/NBD model of repeat purchases and
 * the Gamma-Gamma model of their value, fitted by maximum likelihood.
 *
 * BG/NBD: P. S. Fader, B. G. S. Hardie and K. L. Lee, "Counting Your
 *   Customers the Easy Way: An Alternative to the Pareto/NBD Model",
 *   Marketing Science 24(2), 2005, 275-284: the likelihood (eq. 6), P(alive)
 *   (eq. 13) and the conditional expectation (eq. 10).
 * Gamma-Gamma: P. S. Fader and B. G. S. Hardie, "The Gamma-Gamma Model of
 *   Monetary Value", 2013 (note), after Colombo and Jiang (1999): the
 *   likelihood of the mean repeat value and its conditional expectation.
 *
 * Inputs per customer, in days (lifetimes' summary_data_from_transaction_data
 * freq="D" conventions): x repeat purchase days, t_x days from the first to
 * the last purchase day, T days from the first purchase day to the end of
 * observation; m the mean value of the repeat days.
 * The fits maximise over the log-parameters: Nelder-Mead (on a sample of
 * at most SS_CLV_SAMPLE customers when there are more), then Newton on the
 * analytic gradient of all of them. Bounded; never NaN (a failed fit says
 * so with converged false). */
#ifndef SMARTSEG_CLV_H
#define SMARTSEG_CLV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SS_CLV_SAMPLE 40000

typedef struct ss_bgnbd {
	double r, alpha, a, b;    /* alpha in days */
	double loglik;            /* at the estimate, in days */
	int evaluations;          /* Nelder-Mead evaluations */
	int iterations;           /* Newton iterations */
	double gradient;          /* largest gradient component per customer at the end */
	bool converged;
	size_t n;                 /* customers fitted */
} ss_bgnbd;

typedef struct ss_gg {
	double p, q, gamma;
	double loglik;
	int evaluations, iterations;
	double gradient;
	bool converged;
	size_t n;                 /* customers fitted (x > 0, m > 0) */
} ss_gg;

/* Fits the BG/NBD on the n customers (x >= 0, 0 <= t_x <= T; others are
 * skipped); start (r, alpha in days, a, b) may be NULL (lifetimes' start:
 * all 1 on time scaled to a longest T of 10). penalizer: 0 for the maximum
 * likelihood; else lifetimes' penalizer_coef (added to the mean negative
 * log-likelihood times the sum of the squared parameters, alpha in the
 * scaled time), for comparisons with it. Returns 0, or -1 on out of
 * memory or with nothing to fit (no customer, every T 0): *out then has
 * converged false. */
int ss_bgnbd_fit(const int32_t *x, const int32_t *t_x, const int32_t *T, size_t n,
                 const double *start, double penalizer, ss_bgnbd *out);

/* The log-likelihood of one customer (eq. 6), in days. */
double ss_bgnbd_loglik1(const ss_bgnbd *m, double x, double t_x, double T);

/* P(alive | x, t_x, T): 1 for x == 0, as the paper and lifetimes. */
double ss_bgnbd_p_alive(const ss_bgnbd *m, double x, double t_x, double T);

/* Expected purchases in the next t days (eq. 10). NaN where the series
 * fails (the caller reports it as undefined). */
double ss_bgnbd_expected(const ss_bgnbd *m, double t, double x, double t_x, double T);

/* Fits the Gamma-Gamma model on the customers with x > 0 and m > 0; start
 * (p, q, gamma) may be NULL (all 1); penalizer as lifetimes' (0: none).
 * 0, or -1 (out of memory, nobody). */
int ss_gg_fit(const int32_t *x, const double *m, size_t n, const double *start, double penalizer,
              ss_gg *out);

/* The expected mean purchase value of a customer (x == 0: the population
 * mean gamma p / (q - 1)); NaN when q <= 1 (no finite mean). */
double ss_gg_expected_value(const ss_gg *g, double x, double m);

/* Lifetime value over horizon days: the expected value times the expected
 * purchases, in 30-day steps discounted at the annual rate (step k ending
 * at day s_k = min(30k, horizon) weighs 1 / (1 + rate)^(s_k / 365)); with
 * rate 0, value x expected purchases over the horizon. */
double ss_clv_value(const ss_bgnbd *m, double value, int horizon, double rate,
                    double x, double t_x, double T);

#endif
