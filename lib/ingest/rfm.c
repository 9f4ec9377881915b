/* rfm.c: allocation of the per-customer RFM table. */
#include <stdlib.h>
#include <string.h>
#include "ingest/rfm.h"

ss_rfm *ss_rfm_new(size_t n, size_t id_bytes)
{
	ss_rfm *t = calloc(1, sizeof(*t));
	size_t m = n ? n : 1;
	if (t == NULL)
		return NULL;
	t->n = n;
	t->customer_id = calloc(m, sizeof(*t->customer_id));
	t->recency = calloc(m, sizeof(*t->recency));
	t->frequency = calloc(m, sizeof(*t->frequency));
	t->monetary = calloc(m, sizeof(*t->monetary));
	t->id_text = malloc(id_bytes ? id_bytes : 1);
	t->id_size = id_bytes;
	if (!t->customer_id || !t->recency || !t->frequency || !t->monetary || !t->id_text) {
		ss_rfm_free(t);
		return NULL;
	}
	return t;
}

static void clv_free(ss_rfm_clv *c)
{
	if (c == NULL)
		return;
	free(c->x);
	free(c->t_x);
	free(c->T);
	free(c->m);
	free(c->x_cal);
	free(c->t_x_cal);
	free(c->T_cal);
	free(c->m_cal);
	free(c->x_hold);
	free(c->hold_per_day);
	free(c);
}

int ss_rfm_clv_alloc(ss_rfm *t, int holdout, int32_t hold_days)
{
	size_t m = t->n ? t->n : 1;
	ss_rfm_clv *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return -1;
	c->x = calloc(m, sizeof(*c->x));
	c->t_x = calloc(m, sizeof(*c->t_x));
	c->T = calloc(m, sizeof(*c->T));
	c->m = calloc(m, sizeof(*c->m));
	int ok = c->x && c->t_x && c->T && c->m;
	if (holdout) {
		c->has_holdout = 1;
		c->hold_days = hold_days > 0 ? hold_days : 0;
		c->x_cal = calloc(m, sizeof(*c->x_cal));
		c->t_x_cal = calloc(m, sizeof(*c->t_x_cal));
		c->T_cal = calloc(m, sizeof(*c->T_cal));
		c->m_cal = calloc(m, sizeof(*c->m_cal));
		c->x_hold = calloc(m, sizeof(*c->x_hold));
		c->hold_per_day = calloc(c->hold_days ? (size_t)c->hold_days : 1, sizeof(int64_t));
		ok = ok && c->x_cal && c->t_x_cal && c->T_cal && c->m_cal && c->x_hold &&
		     c->hold_per_day;
	}
	if (!ok) {
		clv_free(c);
		return -1;
	}
	clv_free(t->clv);
	t->clv = c;
	return 0;
}

/* Row i of src's clv block into row j of dst's (both have one, alike). */
static void clv_move(ss_rfm_clv *dst, size_t j, const ss_rfm_clv *src, size_t i)
{
	dst->x[j] = src->x[i];
	dst->t_x[j] = src->t_x[i];
	dst->T[j] = src->T[i];
	dst->m[j] = src->m[i];
	if (src->has_holdout && dst->has_holdout) {
		dst->x_cal[j] = src->x_cal[i];
		dst->t_x_cal[j] = src->t_x_cal[i];
		dst->T_cal[j] = src->T_cal[i];
		dst->m_cal[j] = src->m_cal[i];
		dst->x_hold[j] = src->x_hold[i];
	}
}

int ss_rfm_set_id(ss_rfm *t, size_t i, const char *id, size_t len)
{
	if (i >= t->n || len >= t->id_size - t->id_used)
		return -1;
	char *dst = t->id_text + t->id_used;
	memcpy(dst, id, len);
	dst[len] = '\0';
	t->id_used += len + 1;
	t->customer_id[i] = dst;
	return 0;
}

ss_rfm *ss_rfm_take_nonpositive(ss_rfm *t)
{
	size_t n = 0, bytes = 0, kept = 0;
	ss_rfm *out;

	for (size_t i = 0; i < t->n; i++)
		if (!(t->monetary[i] > 0)) {
			n++;
			bytes += strlen(t->customer_id[i]) + 1;
		}
	if ((out = ss_rfm_new(n, bytes)) == NULL)
		return NULL;
	out->max_ts = t->max_ts;
	if (t->clv != NULL) {
		if (ss_rfm_clv_alloc(out, t->clv->has_holdout, 0) != 0) {
			ss_rfm_free(out);
			return NULL;
		}
		out->clv->end_day = t->clv->end_day;
		out->clv->holdout_day = t->clv->holdout_day;
	}
	n = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (!(t->monetary[i] > 0)) {
			/* cannot fail: the id text was sized for these ids */
			ss_rfm_set_id(out, n, t->customer_id[i], strlen(t->customer_id[i]));
			out->recency[n] = t->recency[i];
			out->frequency[n] = t->frequency[i];
			if (t->clv != NULL)
				clv_move(out->clv, n, t->clv, i);
			out->monetary[n++] = t->monetary[i];
			continue;
		}
		/* the kept ids stay where they are in t's id text */
		t->customer_id[kept] = t->customer_id[i];
		t->recency[kept] = t->recency[i];
		t->frequency[kept] = t->frequency[i];
		if (t->clv != NULL)
			clv_move(t->clv, kept, t->clv, i);
		t->monetary[kept++] = t->monetary[i];
	}
	t->n = kept;
	return out;
}

void ss_rfm_free(ss_rfm *t)
{
	if (t == NULL)
		return;
	clv_free(t->clv);
	free(t->id_text);
	free(t->customer_id);
	free(t->recency);
	free(t->frequency);
	free(t->monetary);
	free(t);
}
