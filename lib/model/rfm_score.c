/* rfm_score.c: scores by quantiles of the average rank or by thresholds,
 * and the R x FM grid of the ten named segments. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "model/rfm_score.h"

static const char *const segment_names[SS_SEG__MAX] = {
	"Champions",          /* SS_SEG_CHAMPIONS */
	"Loyal Customers",    /* SS_SEG_LOYAL */
	"Potential Loyalist", /* SS_SEG_POTENTIAL_LOYALIST */
	"New Customers",      /* SS_SEG_NEW */
	"Promising",          /* SS_SEG_PROMISING */
	"Need Attention",     /* SS_SEG_NEED_ATTENTION */
	"About To Sleep",     /* SS_SEG_ABOUT_TO_SLEEP */
	"At Risk",            /* SS_SEG_AT_RISK */
	"Can't Lose Them",    /* SS_SEG_CANT_LOSE */
	"Lost",               /* SS_SEG_LOST */
};

/* Rows: R score 5..1; columns: FM score 1..5 (rounded mean of F and M). */
static const uint8_t grid[5][5] = {
	/* R=5 */ { SS_SEG_NEW, SS_SEG_PROMISING, SS_SEG_POTENTIAL_LOYALIST, SS_SEG_CHAMPIONS, SS_SEG_CHAMPIONS },
	/* R=4 */ { SS_SEG_PROMISING, SS_SEG_POTENTIAL_LOYALIST, SS_SEG_POTENTIAL_LOYALIST, SS_SEG_LOYAL, SS_SEG_CHAMPIONS },
	/* R=3 */ { SS_SEG_ABOUT_TO_SLEEP, SS_SEG_NEED_ATTENTION, SS_SEG_NEED_ATTENTION, SS_SEG_LOYAL, SS_SEG_LOYAL },
	/* R=2 */ { SS_SEG_LOST, SS_SEG_ABOUT_TO_SLEEP, SS_SEG_AT_RISK, SS_SEG_AT_RISK, SS_SEG_CANT_LOSE },
	/* R=1 */ { SS_SEG_LOST, SS_SEG_LOST, SS_SEG_AT_RISK, SS_SEG_CANT_LOSE, SS_SEG_CANT_LOSE },
};

ss_segment ss_segment_at(int r, int fm)
{
	return r >= 1 && r <= 5 && fm >= 1 && fm <= 5 ? (ss_segment)grid[5 - r][fm - 1] : SS_SEG__MAX;
}

const char *ss_segment_name(ss_segment s)
{
	return (int)s >= 0 && s < SS_SEG__MAX ? segment_names[s] : "Unknown";
}

struct keyed {
	double v;
	size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *p = a, *q = b;

	if (p->v != q->v)
		return p->v < q->v ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* Quantile bin (1..bins) of each value's lowest rank (pandas'
 * rank(method="min")), with pd.cut's edges 1 + q/bins x (n - 1), right
 * edge included. */
static void quantile_bins(const double *v, size_t n, int bins, uint8_t *out, struct keyed *tmp)
{
	double edge[SS_BINS_MAX + 1];

	for (size_t i = 0; i < n; i++)
		tmp[i] = (struct keyed){ v[i], i };
	qsort(tmp, n, sizeof(*tmp), cmp_keyed);
	for (int q = 0; q <= bins; q++)
		edge[q] = 1 + (double)q / bins * (double)(n - 1);
	for (size_t r = 0; r < n;) {
		size_t e = r + 1;
		while (e < n && tmp[e].v == tmp[r].v)
			e++;
		/* ranks r+1..e share the lowest */
		double rank = (double)(r + 1);
		int bin = 1;
		while (bin < bins && rank > edge[bin])
			bin++;
		for (; r < e; r++)
			out[tmp[r].i] = (uint8_t)bin;
	}
}

/* Bin of each value among the thresholds: v <= edge[0] is 1, ... */
static void threshold_bins(const double *v, size_t n, const double *edge, int n_edges,
                           uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int bin = 1;
		while (bin <= n_edges && v[i] > edge[bin - 1])
			bin++;
		out[i] = (uint8_t)bin;
	}
}

/* Fills s->bin[dim] from the scores and values; for explicit thresholds a
 * score without customers is refused. */
static int describe(ss_rfm_scores *s, int dim, const double *v, const uint8_t *score,
                    const ss_bins *b, ss_error *err)
{
	static const char *const name[3] = { "Recency", "Frequency", "Monetary" };
	int nb = s->nbins[dim];

	for (int k = 0; k < nb; k++)
		s->bin[dim][k] = (ss_score_bin){ 0, NAN, NAN };
	for (size_t i = 0; i < s->n; i++) {
		ss_score_bin *c = &s->bin[dim][score[i] - 1];
		if (c->count++ == 0 || v[i] < c->min)
			c->min = v[i];
		if (c->count == 1 || v[i] > c->max)
			c->max = v[i];
	}
	if (b->quantiles)
		return 0;
	for (int k = 0; k < nb; k++) {
		if (s->bin[dim][k].count > 0)
			continue;
		/* bin k of the thresholds (before Recency's reversal) */
		int lo = dim == 0 ? nb - 1 - k : k;
		char range[96];
		if (lo == 0)
			snprintf(range, sizeof(range), "at most %g", b->edge[dim][0]);
		else if (lo == nb - 1)
			snprintf(range, sizeof(range), "above %g", b->edge[dim][nb - 2]);
		else
			snprintf(range, sizeof(range), "above %g and at most %g", b->edge[dim][lo - 1],
			         b->edge[dim][lo]);
		return ss_error_set(err, SS_EPARAM, "bins: no customer has a %s %s (%s score %d would "
		                    "be empty): choose other thresholds", name[dim], range, name[dim],
		                    k + 1);
	}
	return 0;
}

/* A score of 1..nb on the grid's 1..5 scale. */
static int on_five(int score, int nb)
{
	return (int)floor(1 + (double)(score - 1) * 4 / (nb - 1) + 0.5);
}

ss_rfm_scores *ss_rfm_scores_compute(const ss_rfm *t, const ss_bins *b, ss_error *err)
{
	size_t n = t->n;
	ss_bins quint;
	ss_rfm_scores *s = calloc(1, sizeof(*s));
	double *v = malloc((n ? n : 1) * sizeof(double));
	struct keyed *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	uint8_t *out[3];

	if (b == NULL) {
		ss_bins_default(&quint);
		b = &quint;
	}
	if (s == NULL || v == NULL || tmp == NULL)
		goto oom;
	s->n = n;
	s->bins = *b;
	s->r = malloc(n ? n : 1);
	s->f = malloc(n ? n : 1);
	s->m = malloc(n ? n : 1);
	s->segment = malloc(n ? n : 1);
	if (s->r == NULL || s->f == NULL || s->m == NULL || s->segment == NULL)
		goto oom;
	out[0] = s->r, out[1] = s->f, out[2] = s->m;
	for (int d = 0; d < 3; d++) {
		int nb = s->nbins[d] = ss_bins_count(b, d);
		for (size_t i = 0; i < n; i++)
			v[i] = d == 0 ? (double)t->recency[i] : d == 1 ? (double)t->frequency[i]
			                                       : t->monetary[i];
		if (b->quantiles)
			quantile_bins(v, n, nb, out[d], tmp);
		else
			threshold_bins(v, n, b->edge[d], b->n_edges[d], out[d]);
		if (d == 0)
			for (size_t i = 0; i < n; i++) /* most recent scores highest */
				out[0][i] = (uint8_t)(nb + 1 - out[0][i]);
		if (describe(s, d, v, out[d], b, err) != 0)
			goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		int r5 = on_five(s->r[i], s->nbins[0]);
		int fm = (int)floor((on_five(s->f[i], s->nbins[1]) + on_five(s->m[i], s->nbins[2])) / 2.0 + 0.5);
		s->segment[i] = grid[5 - r5][fm - 1];
		s->count[s->segment[i]]++;
		s->grid[5 - r5][fm - 1]++;
	}
	free(v);
	free(tmp);
	return s;
oom:
	ss_error_set(err, SS_ENOMEM, "out of memory scoring customers");
fail:
	free(v);
	free(tmp);
	ss_rfm_scores_free(s);
	return NULL;
}

void ss_rfm_scores_free(ss_rfm_scores *s)
{
	if (s == NULL)
		return;
	free(s->r);
	free(s->f);
	free(s->m);
	free(s->segment);
	free(s);
}
