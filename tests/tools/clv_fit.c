/* clv_fit.c: the lifetime value stages of one file timed apart, for
 * make bench: the read (with the per-customer purchase days), the BG/NBD
 * fit, the Gamma-Gamma fit, and everything of the analysis' clv block
 * (both fits, then every customer's values and the totals). Prints one
 * line "read_s bgnbd_s gg_s fit_s clv_s customers repeat r alpha a b p q
 * gamma converged", the times the median of RUNS runs of each stage.
 * usage: clv_fit FILE [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "clv/run.h"
#include "ingest/ingest.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp);
	return v[n / 2];
}

int main(int argc, char **argv)
{
	ss_ingest_opts o = {0};
	ss_quality q;
	ss_error err;
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	double tb[64], tg[64], tf[64], tc[64];
	ss_bgnbd m;
	ss_gg g;

	if (argc < 2 || runs < 1 || runs > 64) {
		fputs("usage: clv_fit FILE [RUNS 1..64]\n", stderr);
		return 2;
	}
	o.clv = true;
	double t0 = now();
	ss_rfm *t = ss_ingest_file(argv[1], &o, &q, &err);
	double read_s = now() - t0;
	if (t == NULL || t->clv == NULL) {
		fprintf(stderr, "clv_fit: %s\n", t ? "no lifetime value inputs" : err.msg);
		ss_rfm_free(t);
		return 1;
	}
	const ss_rfm_clv *c = t->clv;
	size_t repeat = 0;
	for (size_t i = 0; i < t->n; i++)
		repeat += c->x[i] > 0;
	for (int k = 0; k < runs; k++) {
		double a = now();
		if (ss_bgnbd_fit(c->x, c->t_x, c->T, t->n, NULL, 0, &m) != 0)
			return fputs("clv_fit: BG/NBD fit failed\n", stderr), ss_rfm_free(t), 1;
		double b = now();
		if (ss_gg_fit(c->x, c->m, t->n, NULL, 0, &g) != 0)
			return fputs("clv_fit: Gamma-Gamma fit failed\n", stderr), ss_rfm_free(t), 1;
		double e = now();
		ss_clv_result *r = ss_clv_run(t, NULL, 0, NULL, 0, 90, 0);
		double f = now();
		if (r == NULL)
			return fputs("clv_fit: out of memory\n", stderr), ss_rfm_free(t), 1;
		ss_clv_free(r);
		tb[k] = b - a;
		tg[k] = e - b;
		tf[k] = e - a;
		tc[k] = f - e;
	}
	printf("%.3f %.3f %.3f %.3f %.3f %zu %zu %.6g %.6g %.6g %.6g %.6g %.6g %.6g %s\n", read_s,
	       median(tb, runs), median(tg, runs), median(tf, runs), median(tc, runs), t->n, repeat,
	       m.r, m.alpha, m.a, m.b, g.p, g.q, g.gamma,
	       m.converged && g.converged ? "converged" : "not-converged");
	ss_rfm_free(t);
	return 0;
}
