/* private.h: what the files of lib/clv share. Private to clv. */
#ifndef SMARTSEG_CLV_PRIVATE_H
#define SMARTSEG_CLV_PRIVATE_H
#include <stddef.h>

double clv__lgamma(double x);
/* psi(x) for x > 0 (NaN otherwise) */
double clv__digamma(double x);
/* log 2F1(a, b; c; z) for 0 <= z < 1, c > 0; NaN where the series fails */
double clv__log_hyp2f1(double a, double b, double c, double z);

/* The objective of the optimiser: f(theta) (to minimise) and, when g is
 * not NULL, its gradient; returns f, +inf (or NaN) outside the domain. */
typedef double (*clv__objective)(const double *theta, double *g, void *ctx);

/* Nelder-Mead on f from x (dim <= 4; x is overwritten with the best point),
 * initial steps step, at most max_evals evaluations; returns the
 * evaluations used. Cannot fail. */
int clv__nelder_mead(clv__objective f, void *ctx, int dim, double *x, double step,
                     int max_evals);

/* Newton's method on f's analytic gradient (the Hessian by differences of
 * it), with a backtracking line search, from x (overwritten), at most
 * max_iter iterations. Returns the iterations used; *gnorm the final
 * gradient's largest component. */
int clv__newton(clv__objective f, void *ctx, int dim, double *x, int max_iter, double *gnorm);

#endif
