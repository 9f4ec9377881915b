/* rfm_score.c: quintile scores on ranks (pandas qcut of rank(first)) and
 * the R x FM grid of the ten named segments. */
#include <math.h>
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
	return p->i < q->i ? -1 : p->i > q->i; /* rank(method="first") */
}

/* Quintile (1..5) of each rank, with qcut's interpolated edges. */
static int quintiles(const double *v, size_t n, uint8_t *out, struct keyed *tmp)
{
	double edge[6];

	for (size_t i = 0; i < n; i++)
		tmp[i] = (struct keyed){ v[i], i };
	qsort(tmp, n, sizeof(*tmp), cmp_keyed);
	for (int q = 0; q <= 5; q++)
		edge[q] = 1 + (double)q / 5 * (double)(n - 1);
	for (size_t r = 0; r < n; r++) {
		double rank = (double)(r + 1);
		int bin = 1;
		while (bin < 5 && rank > edge[bin])
			bin++;
		out[tmp[r].i] = (uint8_t)bin;
	}
	return 0;
}

ss_rfm_scores *ss_rfm_scores_compute(const ss_rfm *t)
{
	size_t n = t->n;
	ss_rfm_scores *s = calloc(1, sizeof(*s));
	double *v = malloc((n ? n : 1) * sizeof(double));
	struct keyed *tmp = malloc((n ? n : 1) * sizeof(*tmp));

	if (s == NULL || v == NULL || tmp == NULL)
		goto fail;
	s->n = n;
	s->r = malloc(n ? n : 1);
	s->f = malloc(n ? n : 1);
	s->m = malloc(n ? n : 1);
	s->segment = malloc(n ? n : 1);
	if (s->r == NULL || s->f == NULL || s->m == NULL || s->segment == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++)
		v[i] = (double)t->recency[i];
	quintiles(v, n, s->r, tmp);
	for (size_t i = 0; i < n; i++) {
		s->r[i] = (uint8_t)(6 - s->r[i]); /* most recent scores 5 */
		v[i] = (double)t->frequency[i];
	}
	quintiles(v, n, s->f, tmp);
	quintiles(t->monetary, n, s->m, tmp);
	for (size_t i = 0; i < n; i++) {
		int fm = (int)floor((s->f[i] + s->m[i]) / 2.0 + 0.5);
		s->segment[i] = grid[5 - s->r[i]][fm - 1];
		s->count[s->segment[i]]++;
	}
	free(v);
	free(tmp);
	return s;
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
