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
	n = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (!(t->monetary[i] > 0)) {
			/* cannot fail: the id text was sized for these ids */
			ss_rfm_set_id(out, n, t->customer_id[i], strlen(t->customer_id[i]));
			out->recency[n] = t->recency[i];
			out->frequency[n] = t->frequency[i];
			out->monetary[n++] = t->monetary[i];
			continue;
		}
		/* the kept ids stay where they are in t's id text */
		t->customer_id[kept] = t->customer_id[i];
		t->recency[kept] = t->recency[i];
		t->frequency[kept] = t->frequency[i];
		t->monetary[kept++] = t->monetary[i];
	}
	t->n = kept;
	return out;
}

void ss_rfm_free(ss_rfm *t)
{
	if (t == NULL)
		return;
	free(t->id_text);
	free(t->customer_id);
	free(t->recency);
	free(t->frequency);
	free(t->monetary);
	free(t);
}
