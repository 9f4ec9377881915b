/* run.c: the lifetime value of one analysis (run.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clv/run.h"

void ss_clv_free(ss_clv_result *r)
{
	if (r == NULL)
		return;
	free(r->p_alive);
	free(r->expected);
	free(r->value);
	free(r->clv);
	free(r->clusters);
	free(r->segments);
	free(r->bt.week_predicted);
	free(r->bt.week_actual);
	free(r);
}

static double corr(const int32_t *x, const double *m, size_t n)
{
	double sx = 0, sm = 0, sxx = 0, smm = 0, sxm = 0;
	size_t c = 0;
	for (size_t i = 0; i < n; i++) {
		if (x[i] <= 0)
			continue;
		c++;
		sx += x[i];
		sm += m[i];
	}
	if (c < 2)
		return NAN;
	double mx = sx / (double)c, mm = sm / (double)c;
	for (size_t i = 0; i < n; i++) {
		if (x[i] <= 0)
			continue;
		double dx = x[i] - mx, dm = m[i] - mm;
		sxx += dx * dx;
		smm += dm * dm;
		sxm += dx * dm;
	}
	return sxx > 0 && smm > 0 ? sxm / sqrt(sxx * smm) : NAN;
}

/* Why the data cannot carry the models, in plain words; 0 when it can. */
static int unsupported(const ss_rfm_clv *c, size_t n, char *note, size_t cap)
{
	size_t buyers = 0, repeat = 0;
	int32_t span = 0;
	for (size_t i = 0; i < n; i++) {
		if (c->x[i] < 0)
			continue;
		buyers++;
		repeat += c->x[i] > 0;
		span = c->T[i] > span ? c->T[i] : span;
	}
	if (buyers == 0)
		return snprintf(note, cap, "No customer has a purchase with a positive amount: "
		                "there is nothing to predict."), 1;
	if (span < SS_CLV_MIN_SPAN)
		return snprintf(note, cap, "The purchases span only %d day(s): lifetime value needs "
		                "at least %d days of history to tell who keeps buying.", span,
		                SS_CLV_MIN_SPAN), 1;
	if (repeat < SS_CLV_MIN_REPEAT)
		return snprintf(note, cap, "Only %zu of the %zu customers bought on more than one day: "
		                "too few repeat buyers (at least %d) to learn how often people come back.",
		                repeat, buyers, SS_CLV_MIN_REPEAT), 1;
	return 0;
}

static void group_add(ss_clv_group *g, double pa, double e, double v)
{
	if (!isfinite(pa))
		return;
	g->customers++;
	g->mean_p_alive += pa;
	g->expected_purchases += isfinite(e) ? e : 0;
	g->expected_revenue += isfinite(v) ? v : 0;
}

static void group_end(ss_clv_group *g, bool value)
{
	g->mean_p_alive = g->customers ? g->mean_p_alive / (double)g->customers : NAN;
	if (!value)
		g->expected_revenue = NAN;
}

/* The customers most worth a call: the highest past value (the mean repeat
 * value x repeat days) among those whose P(alive) has fallen below 0.5. */
static void calls(ss_clv_result *r, const ss_rfm *t)
{
	const ss_rfm_clv *c = t->clv;
	r->ncalls = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (!(r->p_alive[i] < 0.5) || c->x[i] <= 0)
			continue;
		double past = t->monetary[i];
		int j = r->ncalls < SS_CLV_CALLS ? r->ncalls++ : SS_CLV_CALLS;
		if (j == SS_CLV_CALLS) {
			if (!(past > t->monetary[r->calls[SS_CLV_CALLS - 1]]))
				continue;
			j = SS_CLV_CALLS - 1;
		}
		while (j > 0 && t->monetary[r->calls[j - 1]] < past) {
			r->calls[j] = r->calls[j - 1];
			j--;
		}
		r->calls[j] = i;
	}
}

static int backtest(ss_clv_result *r, const ss_rfm *t)
{
	const ss_rfm_clv *c = t->clv;
	ss_clv_backtest *b = &r->bt;

	r->has_backtest = true;
	b->calibration_end = c->holdout_day;
	b->holdout_days = c->hold_days;
	if (ss_bgnbd_fit(c->x_cal, c->t_x_cal, c->T_cal, t->n, NULL, 0, &b->model) != 0 ||
	    !b->model.converged) {
		b->converged = false;
		return 0;
	}
	b->converged = true;
	b->weeks = (c->hold_days + 6) / 7;
	b->week_predicted = calloc(b->weeks ? (size_t)b->weeks : 1, sizeof(double));
	b->week_actual = calloc(b->weeks ? (size_t)b->weeks : 1, sizeof(double));
	if (b->week_predicted == NULL || b->week_actual == NULL)
		return -1;
	double abs_err = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (c->x_cal[i] < 0)
			continue;
		b->customers++;
		double p = ss_bgnbd_expected(&b->model, c->hold_days, c->x_cal[i], c->t_x_cal[i],
		                             c->T_cal[i]);
		p = isfinite(p) ? p : 0;
		b->predicted += p;
		b->actual += c->x_hold[i];
		abs_err += fabs(p - c->x_hold[i]);
		for (int w = 0; w < b->weeks; w++) {
			int td = 7 * (w + 1) < c->hold_days ? 7 * (w + 1) : c->hold_days;
			double e = w + 1 == b->weeks ? p : ss_bgnbd_expected(&b->model, td, c->x_cal[i],
			                                                    c->t_x_cal[i], c->T_cal[i]);
			b->week_predicted[w] += isfinite(e) ? e : 0;
		}
	}
	double cum = 0;
	for (int d = 0, w = 0; w < b->weeks; w++) {
		for (; d < c->hold_days && d < 7 * (w + 1); d++)
			cum += (double)c->hold_per_day[d];
		b->week_actual[w] = cum;
	}
	b->mae = b->customers ? abs_err / (double)b->customers : NAN;
	b->error = b->actual > 0 ? (b->predicted - b->actual) / b->actual : NAN;
	return 0;
}

ss_clv_result *ss_clv_run(const ss_rfm *t, const int *labels, int k, const int *segment,
                          int nseg, int horizon, double discount)
{
	ss_clv_result *r = calloc(1, sizeof(*r));
	size_t n = t->n, m = n ? n : 1;

	if (r == NULL)
		return NULL;
	r->horizon = horizon;
	r->discount = discount;
	r->n = n;
	r->k = k;
	r->nseg = nseg;
	r->corr_fm = NAN;
	if (t->clv == NULL) {
		snprintf(r->note, sizeof(r->note), "Lifetime value needs the invoice lines (dates of "
		         "each purchase); a per-customer table does not have them.");
		return r;
	}
	const ss_rfm_clv *c = t->clv;
	r->p_alive = malloc(m * sizeof(double));
	r->expected = malloc(m * sizeof(double));
	r->value = malloc(m * sizeof(double));
	r->clv = malloc(m * sizeof(double));
	r->clusters = calloc(k > 0 ? (size_t)k : 1, sizeof(ss_clv_group));
	r->segments = calloc(nseg > 0 ? (size_t)nseg : 1, sizeof(ss_clv_group));
	if (!r->p_alive || !r->expected || !r->value || !r->clv || !r->clusters || !r->segments) {
		ss_clv_free(r);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		r->p_alive[i] = r->expected[i] = r->value[i] = r->clv[i] = NAN;
	if (c->has_holdout && backtest(r, t) != 0) {
		ss_clv_free(r);
		return NULL;
	}
	if (unsupported(c, n, r->note, sizeof(r->note)))
		return r;
	if (ss_bgnbd_fit(c->x, c->t_x, c->T, n, NULL, 0, &r->bgnbd) != 0) {
		ss_clv_free(r);
		return NULL;
	}
	if (!r->bgnbd.converged) {
		snprintf(r->note, sizeof(r->note), "The purchase model (BG/NBD) found no stable fit "
		         "on this data (its best fit lies at an edge: r %.3g, a %.3g, b %.3g), often "
		         "because the history is too short to see customers stop buying; no lifetime "
		         "values are shown rather than wrong ones.", r->bgnbd.r, r->bgnbd.a, r->bgnbd.b);
		return r;
	}
	r->supported = true;
	r->corr_fm = corr(c->x, c->m, n);
	int gg_rc = ss_gg_fit(c->x, c->m, n, NULL, 0, &r->gg);
	r->value_supported = gg_rc == 0 && r->gg.converged && r->gg.q > 1;
	if (!r->value_supported)
		snprintf(r->note, sizeof(r->note), "The spend model (Gamma-Gamma) found no stable fit "
		         "on the repeat buyers' amounts: P(alive) and expected purchases are given, "
		         "expected values and CLV are not.");
	for (size_t i = 0; i < n; i++) {
		if (c->x[i] < 0)
			continue;
		double x = c->x[i], tx = c->t_x[i], T = c->T[i];
		double pa = ss_bgnbd_p_alive(&r->bgnbd, x, tx, T);
		double e = ss_bgnbd_expected(&r->bgnbd, horizon, x, tx, T);
		r->p_alive[i] = isfinite(pa) ? pa : NAN;
		r->expected[i] = e;
		if (r->value_supported) {
			double v = ss_gg_expected_value(&r->gg, x, c->m[i]);
			r->value[i] = v;
			r->clv[i] = isfinite(v) ? ss_clv_value(&r->bgnbd, v, horizon, discount, x, tx, T)
			                        : NAN;
		}
		group_add(&r->total, r->p_alive[i], e, r->clv[i]);
		if (labels && labels[i] >= 0 && labels[i] < k)
			group_add(&r->clusters[labels[i]], r->p_alive[i], e, r->clv[i]);
		if (segment && segment[i] >= 0 && segment[i] < nseg)
			group_add(&r->segments[segment[i]], r->p_alive[i], e, r->clv[i]);
	}
	group_end(&r->total, r->value_supported);
	for (int j = 0; j < k; j++)
		group_end(&r->clusters[j], r->value_supported);
	for (int j = 0; j < nseg; j++)
		group_end(&r->segments[j], r->value_supported);
	calls(r, t);
	return r;
}
