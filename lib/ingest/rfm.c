/* rfm.c: allocation of the per-customer RFM table. */
#include <stdlib.h>
#include "ingest/rfm.h"

ss_rfm *ss_rfm_new(size_t n)
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
	if (!t->customer_id || !t->recency || !t->frequency || !t->monetary) {
		ss_rfm_free(t);
		return NULL;
	}
	return t;
}

void ss_rfm_free(ss_rfm *t)
{
	if (t == NULL)
		return;
	/* ids live in the arena when there is one (ingest), else each id was
	 * malloc'ed by whoever filled the table */
	if (t->arena)
		free(t->arena);
	else if (t->customer_id)
		for (size_t i = 0; i < t->n; i++)
			free(t->customer_id[i]);
	free(t->customer_id);
	free(t->recency);
	free(t->frequency);
	free(t->monetary);
	free(t);
}
