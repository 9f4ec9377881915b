/* oracle.h: loads the scikit-learn per-customer oracle into an RFM table
 * (test helper, header only). */
#ifndef SMARTSEG_TEST_ORACLE_H
#define SMARTSEG_TEST_ORACLE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/rfm.h"

#define ORACLE_MAX 4000

struct oracle {
	size_t n;
	char id[ORACLE_MAX][16];
	long recency[ORACLE_MAX], frequency[ORACLE_MAX];
	double monetary[ORACLE_MAX];
	int cluster[ORACLE_MAX];
};

/* Reads tests/data/online_retail_rfm_k3.csv.gz; returns 0 or -1. */
static int oracle_load(struct oracle *o)
{
	FILE *f = popen("gzip -dc tests/data/online_retail_rfm_k3.csv.gz", "r");
	char line[256];

	if (f == NULL)
		return -1;
	o->n = 0;
	if (fgets(line, sizeof(line), f) == NULL) { /* header */
		pclose(f);
		return -1;
	}
	while (o->n < ORACLE_MAX && fgets(line, sizeof(line), f) != NULL) {
		size_t i = o->n;
		if (sscanf(line, "%15[^,],%ld,%ld,%lf,%d", o->id[i], &o->recency[i],
		           &o->frequency[i], &o->monetary[i], &o->cluster[i]) == 5)
			o->n++;
	}
	return pclose(f) == 0 && o->n > 0 ? 0 : -1;
}

/* An RFM table of the oracle's ids, R, F and M (the table owns copies of
 * the ids); NULL on out of memory. */
static ss_rfm *oracle_table(struct oracle *o)
{
	size_t id_bytes = 0;
	ss_rfm *t;

	for (size_t i = 0; i < o->n; i++)
		id_bytes += strlen(o->id[i]) + 1;
	t = ss_rfm_new(o->n, id_bytes);
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < o->n; i++) {
		if (ss_rfm_set_id(t, i, o->id[i], strlen(o->id[i])) != 0) {
			ss_rfm_free(t);
			return NULL;
		}
		t->recency[i] = o->recency[i];
		t->frequency[i] = o->frequency[i];
		t->monetary[i] = o->monetary[i];
	}
	return t;
}

#endif
