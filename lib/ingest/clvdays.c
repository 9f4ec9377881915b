/* clvdays.c: the lifetime value inputs (frequency, recency, T, monetary,
 * and their calibration/holdout split) from the per-customer purchase
 * days that the engine collected, once the date order is known. */
#include <stdlib.h>
#include "ingest/private.h"

/* Per row of the table, while the days are counted. */
typedef struct span {
	int64_t first, last, n;         /* all days */
	int64_t first_c, last_c, n_c;   /* calibration days (before the holdout) */
	int64_t n_h;                    /* holdout days */
	int h_in_cal, h_in_hold;        /* the holdout day in both: one day overall */
	double sum, sum_c;              /* repeat days' amounts */
} span;

int ingest__clv_build(const ingest__state *g, ss_rfm *t, const uint32_t *idx, int order,
                      int64_t end_day)
{
	size_t n = t->n, nc = g->custs.n;
	int32_t hold_days = g->hold && end_day > g->hold_day ? (int32_t)(end_day - g->hold_day) : 0;
	uint32_t *pos = malloc((nc ? nc : 1) * sizeof(*pos));
	span *s = malloc((n ? n : 1) * sizeof(*s));
	const ss_dayset *d = &g->days;

	if (pos == NULL || s == NULL || ss_rfm_clv_alloc(t, g->hold, hold_days) != 0) {
		free(pos);
		free(s);
		return -1;
	}
	ss_rfm_clv *c = t->clv;
	c->end_day = end_day;
	c->holdout_day = g->hold_day;
	for (size_t i = 0; i < n; i++) {
		pos[idx[i]] = (uint32_t)i;
		s[i] = (span){INT64_MAX, INT64_MIN, 0, INT64_MAX, INT64_MIN, 0, 0, 0, 0, 0.0, 0.0};
	}
	/* two passes: the first day must be known before the repeat days sum */
	for (int pass = 0; pass < 2 && d->slot != NULL; pass++) {
		for (size_t j = 0; j <= d->mask; j++) {
			const ss_dayent *e = &d->slot[j];
			if (!e->owner1)
				continue;
			span *p = &s[pos[e->owner1 - 1]];
			int64_t day = ingest__day_of(e->key, order);
			int held = (e->key & SS_DAYKEY_HOLD) != 0;
			if (pass == 0) {
				p->n++;
				p->first = day < p->first ? day : p->first;
				p->last = day > p->last ? day : p->last;
				if (g->hold && day == g->hold_day)
					(held ? &p->h_in_hold : &p->h_in_cal)[0] = 1;
				if (held) {
					p->n_h++;
				} else {
					p->n_c++;
					p->first_c = day < p->first_c ? day : p->first_c;
					p->last_c = day > p->last_c ? day : p->last_c;
				}
				continue;
			}
			if (day > p->first)
				p->sum += e->v;
			if (!held && day > p->first_c)
				p->sum_c += e->v;
			if (held && p->n_c > 0 && hold_days > 0) {
				int64_t k = day - g->hold_day - 1;
				c->hold_per_day[k < 0 ? 0 : k >= hold_days ? hold_days - 1 : k]++;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		span *p = &s[i];
		/* a line at the holdout's 00:00 and one later that day: one
		 * calendar day (its amount is split between the two entries) */
		p->n -= p->h_in_cal && p->h_in_hold;
		c->x[i] = p->n ? (int32_t)(p->n - 1) : -1;
		c->t_x[i] = p->n ? (int32_t)(p->last - p->first) : 0;
		c->T[i] = p->n ? (int32_t)(end_day - p->first) : 0;
		c->m[i] = p->n > 1 ? p->sum / (double)(p->n - 1) : 0;
		if (!g->hold)
			continue;
		c->x_cal[i] = p->n_c ? (int32_t)(p->n_c - 1) : -1;
		c->t_x_cal[i] = p->n_c ? (int32_t)(p->last_c - p->first_c) : 0;
		c->T_cal[i] = p->n_c ? (int32_t)(g->hold_day - p->first_c) : 0;
		c->m_cal[i] = p->n_c > 1 ? p->sum_c / (double)(p->n_c - 1) : 0;
		c->x_hold[i] = (int32_t)p->n_h;
	}
	free(pos);
	free(s);
	return 0;
}
