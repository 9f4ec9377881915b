/* custtable.c: a per-customer table instead of invoice lines: one row per
 * customer with its Recency, Frequency and Monetary already computed (as a
 * warehouse query writes it, sql/), recognised by its header. The rows go
 * straight into the per-customer aggregates; the analysis starts at
 * scaling. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/private.h"
#include "ingest/text.h"

#define EXACT_INT 9007199254740992.0  /* 2^53: integers above are not exact doubles */

int ingest__table_kind(const int col_of[R__MAX])
{
	int have = (col_of[R_RECENCY] >= 0) + (col_of[R_FREQUENCY] >= 0) + (col_of[R_MONETARY] >= 0);
	if (have == 3 && col_of[R_CUSTOMER] >= 0)
		return 1;
	return have > 0 ? -1 : 0;
}

void ingest__table_missing(const int col_of[R__MAX], char *out, size_t cap)
{
	static const char *const title[] = {"CustomerID", "Recency", "Frequency", "Monetary"};
	const int role[] = {R_CUSTOMER, R_RECENCY, R_FREQUENCY, R_MONETARY};
	size_t o = 0;

	out[0] = '\0';
	for (int k = 0; k < 4 && o < cap; k++)
		if (col_of[role[k]] < 0)
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? ", " : "", title[k]);
}

/* A value of the row: 1 parsed into *v, 0 missing, -1 bad. */
static int value(const ingest__state *g, const ingest__slot *f, double *v, bool *comma)
{
	bool c = false;
	if (ss_parse_number(f->b, f->len, g->comma_ok, v, &c)) {
		*comma = *comma || c;
		return isfinite(*v) ? 1 : -1;
	}
	return ss_is_missing(f->b, f->len) ? 0 : -1;
}

static bool whole(double v)
{
	return v >= 0 && v < EXACT_INT && v == floor(v);
}

/* The customer's index, new; -1 with the error set when it is not. */
static int64_t new_customer(ingest__state *g, const ingest__slot *f)
{
	const char *t = f->b;
	size_t tn = f->len;
	int added;

	ss_trim(&t, &tn);
	tn = ss_customer_norm(t, tn);
	if (!ss_utf8_valid(t, tn)) {
		if (3 * tn + 1 > g->fixcap) {
			char *b = realloc(g->fixbuf, 3 * tn + 1);
			if (b == NULL)
				goto nomem;
			g->fixbuf = b;
			g->fixcap = 3 * tn + 1;
		}
		tn = ss_utf8_fix(t, tn, g->fixbuf);
		t = g->fixbuf;
		g->q->non_utf8_fields++;
	}
	int64_t idx = ss_strtab_intern(&g->custs, t, tn, &added);
	if (idx < 0)
		goto nomem;
	if (!added) {
		char id[80];
		size_t n = ss_utf8_cut(t, tn, 64);
		memcpy(id, t, n);
		id[n] = '\0';
		for (char *c = id; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = '?';
		ss_error_set(g->err, SS_EDATA, "a per-customer table has one row per customer, "
		             "but CustomerID '%s' is on data row %lld again", id,
		             (long long)g->q->rows_read);
		g->stop = 1;
		g->role_cap = 0;
		return -1;
	}
	if ((size_t)idx >= g->agg_cap) {
		size_t cap = g->agg_cap ? g->agg_cap * 2 : 1024;
		ingest__cust *a = realloc(g->agg, cap * sizeof(*a));
		if (a == NULL)
			goto nomem;
		g->agg = a;
		g->agg_cap = cap;
	}
	return idx;
nomem:
	ss_error_set(g->err, SS_ENOMEM, "out of memory");
	g->stop = 1;
	g->role_cap = 0;
	return -1;
}

void ingest__table_row(ingest__state *g)
{
	static const int need[4] = {R_CUSTOMER, R_RECENCY, R_FREQUENCY, R_MONETARY};
	ingest__slot *f = g->f;
	ss_quality *q = g->q;
	double v[4] = {0, 0, 0, 0}, opt;
	int got[4];
	bool comma = false;

	for (int k = 0; k < 4; k++)
		if (!f[need[k]].present) {
			q->dropped[SS_DROP_SHORT_ROW]++;
			return;
		}
	for (int r = R_T; r <= R_MMEAN; r++)
		if (g->col_of[r] >= 0 && !f[r].present) {
			q->dropped[SS_DROP_SHORT_ROW]++;
			return;
		}
	if (ss_is_missing(f[R_CUSTOMER].b, f[R_CUSTOMER].len)) {
		q->dropped[SS_DROP_MISSING_CUSTOMER]++;
		return;
	}
	int missing = 0, bad = 0;
	for (int k = 1; k < 4; k++) {
		got[k] = value(g, &f[need[k]], &v[k], &comma);
		missing |= got[k] == 0;
		bad |= got[k] < 0;
	}
	if (missing) {
		q->dropped[SS_DROP_MISSING_AMOUNT]++;
		return;
	}
	/* Recency and Frequency are whole days and counts; T and MonetaryMean
	 * may be empty (a customer without a positive purchase line) */
	bad |= !whole(v[1]) || !whole(v[2]);
	for (int r = R_T; r <= R_MMEAN && !bad; r++)
		if (g->col_of[r] >= 0) {
			int k = value(g, &f[r], &opt, &comma);
			bad |= k < 0 || (k > 0 && r == R_T && opt < 0);
		}
	if (bad) {
		q->dropped[SS_DROP_BAD_NUMBER]++;
		return;
	}
	int64_t ci = new_customer(g, &f[R_CUSTOMER]);
	if (ci < 0)
		return;
	/* last[0] holds Recency itself: build_table reads it as such */
	g->agg[ci] = (ingest__cust){{(int64_t)v[1], (int64_t)v[1]}, (int64_t)v[2], v[3], 0.0};
	q->rows_kept++;
	if (comma)
		q->decimal_comma = true;
}
