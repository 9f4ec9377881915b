/* merge.c: merging the parse state of a file's second half into the
 * first half's, as if one parser had read both. */
#include <stdlib.h>
#include "ingest/private.h"

bool ingest__mergeable(const ingest__state *a, const ingest__state *b)
{
	/* opposite orders: one parser would have made b's contradicting
	 * values bad dates, which b cannot know */
	return !(a->order >= 0 && b->order >= 0 && a->order != b->order);
}

static int oom(ingest__state *a)
{
	ss_error_set(a->err, SS_ENOMEM, "out of memory merging the two halves");
	a->stop = 1;
	return -1;
}

/* Customers of b into a; map[i] is a's index of b's customer i. */
static int merge_customers(ingest__state *a, const ingest__state *b, uint32_t *map)
{
	for (size_t i = 0; i < b->custs.n; i++) {
		const ss_str *s = &b->custs.v[i];
		int added;
		int64_t idx = ss_strtab_intern(&a->custs, s->s, s->len, &added);
		if (idx < 0 || (added && ingest__new_cust(a, idx) < 0))
			return -1;
		ingest__cust *ca = &a->agg[idx];
		const ingest__cust *cb = &b->agg[i];
		for (int k = 0; k < 2; k++)
			if (cb->last[k] > ca->last[k])
				ca->last[k] = cb->last[k];
		/* b's partial sum as one term, its error terms added to a's */
		ingest__neumaier(ca, cb->sum);
		ca->comp += cb->comp;
		map[i] = (uint32_t)idx;
	}
	return 0;
}

/* b's pairs into a's set: only pairs new to a count in Frequency. */
static int merge_pairs(ingest__state *a, const ingest__state *b, const uint32_t *map)
{
	if (b->pairs.slot == NULL)
		return 0;
	for (size_t j = 0; j <= b->pairs.mask; j++) {
		const ss_pair *e = &b->pairs.slot[j];
		if (!e->owner1)
			continue;
		uint32_t owner = map[e->owner1 - 1];
		int r = e->s ? ss_pairset_add_str(&a->pairs, owner, e->s, e->len)
		             : ss_pairset_add(&a->pairs, owner, e->val);
		if (r < 0)
			return -1;
		a->agg[owner].freq += r;
	}
	return 0;
}

static void merge_quality(ss_quality *a, const ss_quality *b)
{
	a->rows_read += b->rows_read;
	a->rows_kept += b->rows_kept;
	for (int k = 0; k < SS_DROP__MAX; k++)
		a->dropped[k] += b->dropped[k];
	a->return_rows += b->return_rows;
	a->cancelled_rows += b->cancelled_rows;
	a->excluded_rows += b->excluded_rows;
	a->after_snapshot_rows += b->after_snapshot_rows;
	a->non_utf8_fields += b->non_utf8_fields;
	a->decimal_comma = a->decimal_comma || b->decimal_comma;
}

/* b's purchase days into a's, their amounts summed. */
static int merge_days(ingest__state *a, const ingest__state *b, const uint32_t *map)
{
	if (b->days.slot == NULL)
		return 0;
	for (size_t j = 0; j <= b->days.mask; j++) {
		const ss_dayent *e = &b->days.slot[j];
		if (e->owner1 && ss_dayset_add(&a->days, map[e->owner1 - 1], e->key, e->v) < 0)
			return -1;
	}
	return 0;
}

int ingest__merge(ingest__state *a, const ingest__state *b)
{
	uint32_t *map = malloc((b->custs.n ? b->custs.n : 1) * sizeof(*map));
	if (map == NULL || merge_customers(a, b, map) < 0 || merge_pairs(a, b, map) < 0 ||
	    merge_days(a, b, map) < 0) {
		free(map);
		return oom(a);
	}
	free(map);
	merge_quality(a->q, b->q);
	if (a->order < 0)
		a->order = b->order;
	a->seen_slash |= b->seen_slash;
	a->seen_dot |= b->seen_dot;
	if (b->have_max) {
		for (int k = 0; k < 2; k++)
			if (!a->have_max || b->gmax[k] > a->gmax[k])
				a->gmax[k] = b->gmax[k];
		a->have_max = 1;
	}
	return 0;
}
