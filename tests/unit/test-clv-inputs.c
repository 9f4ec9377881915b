/* test-clv-inputs.c: the snapshot option and the lifetime value inputs
 * that ingest collects on its one pass, against a reference computed with
 * pandas and lifetimes 0.11 (tests/data/online_retail_sql_ref.csv.gz, made
 * by tests/tools/sql_reference.py): Recency, Frequency, Monetary, T and the
 * mean repeat-day value for every customer, with and without the snapshot
 * 2011-06-01 and returns=exclude, read by one thread and by two; then the
 * rules on small files (slash dates decided late, holdout split, rows after
 * the snapshot). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest/ingest.h"
#include "ingest_tmp.h"

#define SNAP_2011_06_01 15126   /* days since 1970-01-01 */

static char *gunzip_tmp(const char *src)
{
	char *path = strdup("/tmp/ss-clvin-XXXXXX");
	char cmd[256];
	int fd = path ? mkstemp(path) : -1;

	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "gzip -dc '%s' > '%s'", src, path);
	if (system(cmd) != 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static int rel_ok(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fmax(1.0, fabs(b));
}

/* Compares t with the reference rows of variant in ref (CSV path). */
static void compare(const ss_rfm *t, const char *ref, const char *variant, const char *how)
{
	FILE *f = fopen(ref, "r");
	char line[512];
	size_t rows = 0, bad = 0, i = 0;

	CHECK(f != NULL, "%s: reference readable", how);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = strtok(line, ","), *id = strtok(NULL, ",");
		char *r = strtok(NULL, ","), *fr = strtok(NULL, ","), *m = strtok(NULL, ",");
		char *T = strtok(NULL, ","), *mm = strtok(NULL, ",\n");
		if (v == NULL || strcmp(v, variant) != 0 || id == NULL || m == NULL)
			continue;
		rows++;
		while (i < t->n && strcmp(t->customer_id[i], id) < 0)
			i++;
		if (i >= t->n || strcmp(t->customer_id[i], id) != 0) {
			if (bad++ < 3)
				printf("# %s: customer %s missing\n", how, id);
			continue;
		}
		int ok = t->recency[i] == atoll(r) && t->frequency[i] == atoll(fr) &&
		         rel_ok(t->monetary[i], atof(m), 1e-9);
		const ss_rfm_clv *c = t->clv;
		if (T == NULL || mm == NULL || *T == '\0' || T[0] == ',') /* no positive line */
			ok = ok && c->x[i] < 0;
		else
			ok = ok && c->x[i] >= 0 && c->T[i] == atoi(T) && rel_ok(c->m[i], atof(mm), 1e-9);
		if (!ok && bad++ < 3)
			printf("# %s: %s: R %lld F %lld M %.6f T %d m %.6f x %d (ref %s %s %s %s %s)\n",
			       how, id, (long long)t->recency[i], (long long)t->frequency[i],
			       t->monetary[i], c->T[i], c->m[i], c->x[i], r, fr, m, T ? T : "", mm ? mm : "");
		i++;
	}
	fclose(f);
	CHECK(rows == t->n && bad == 0, "%s: all %zu customers' Recency, Frequency, Monetary, T "
	      "and mean repeat-day value equal the pandas/lifetimes reference (%zu rows, %zu differ)",
	      how, t->n, rows, bad);
}

static void oracle(const char *data, const char *ref)
{
	static const struct { const char *variant; bool snap, excl; } v[] = {
		{"default", false, false}, {"exclude", false, true},
		{"snapshot", true, false}, {"snap_excl", true, true},
	};
	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		for (int threads = 1; threads <= 2; threads++) {
			ss_ingest_opts o = { .clv = true, .exclude_returns = v[k].excl,
			                     .snapshot_set = v[k].snap, .snapshot_day = SNAP_2011_06_01,
			                     .min_parallel_bytes = threads == 1 ? SIZE_MAX : 1 };
			ss_quality q;
			ss_error err;
			char how[64];
			snprintf(how, sizeof(how), "%s, %d thread(s)", v[k].variant, threads);
			ss_rfm *t = ss_ingest_file(data, &o, &q, &err);
			CHECK(t != NULL && t->clv != NULL, "%s: ingested with clv inputs", how);
			if (t == NULL)
				continue;
			compare(t, ref, v[k].variant, how);
			if (v[k].snap)
				CHECK(q.rows_read == q.rows_kept + q.excluded_rows + q.after_snapshot_rows +
				      q.dropped[0] + q.dropped[1] + q.dropped[2] + q.dropped[3] +
				      q.dropped[4] + q.dropped[5] && q.after_snapshot_rows > 0,
				      "%s: rows after the snapshot counted (%lld), the rows add up", how,
				      (long long)q.after_snapshot_rows);
			ss_rfm_free(t);
		}
	}
}

static ss_rfm *ingest_text(const char *csv, const ss_ingest_opts *o, ss_quality *q, ss_error *err)
{
	char *p = write_tmp(csv, strlen(csv));
	ss_rfm *t = ss_ingest_file(p, o, q, err);
	unlink(p);
	free(p);
	return t;
}

/* Slash dates whose order is only decided by the last row (day-first):
 * the earlier rows' days must follow that order. */
static void late_order(void)
{
	const char *csv =
	    "CustomerID,InvoiceDate,Amount\n"
	    "a,1/2/2011 10:00,5\n"      /* 1 Feb day-first */
	    "a,1/2/2011 11:00,5\n"      /* the same day */
	    "a,3/2/2011,7\n"            /* 3 Feb */
	    "a,25/2/2011,8\n";          /* decides day-first */
	ss_ingest_opts o = { .clv = true };
	ss_quality q;
	ss_error err;
	ss_rfm *t = ingest_text(csv, &o, &q, &err);
	CHECK(t != NULL && t->n == 1 && t->clv->x[0] == 2 && t->clv->t_x[0] == 24 &&
	      t->clv->T[0] == 24 && fabs(t->clv->m[0] - 7.5) < 1e-12,
	      "slash dates decided late: 3 purchase days, recency 24, T 24, mean repeat 7.5 (%d %d %d %g)",
	      t ? t->clv->x[0] : -9, t ? t->clv->t_x[0] : -9, t ? t->clv->T[0] : -9,
	      t ? t->clv->m[0] : -9);
	ss_rfm_free(t);
}

/* A holdout split: calibration to its 00:00, the purchase days after. */
static void holdout(void)
{
	const char *csv =
	    "CustomerID,InvoiceDate,Amount\n"
	    "a,2011-01-01,10\n"
	    "a,2011-01-05,20\n"
	    "a,2011-01-10 00:00,30\n"   /* at the holdout's 00:00: calibration */
	    "a,2011-01-10 09:00,1\n"    /* after it: holdout */
	    "a,2011-01-12,40\n"
	    "a,2011-01-12,-5\n"         /* a return: not a purchase */
	    "b,2011-01-11,3\n"          /* only in the holdout */
	    "b,2011-01-13,3\n"
	    "c,2011-01-02,0\n"          /* no positive line */
	    "d,2011-01-03,4\n"
	    "d,2011-01-20,4\n";
	ss_ingest_opts o = { .clv = true, .holdout_set = true, .holdout_day = 14984 /* 2011-01-10 */ };
	ss_quality q;
	ss_error err;
	ss_rfm *t = ingest_text(csv, &o, &q, &err);
	CHECK(t != NULL && t->n == 4, "holdout file ingested (4 customers)");
	if (t == NULL)
		return;
	const ss_rfm_clv *c = t->clv;
	CHECK(c->end_day == 14994 && c->hold_days == 10, "observation end the latest day, holdout 10 days");
	CHECK(c->x[0] == 3 && c->t_x[0] == 11 && c->T[0] == 19 && fabs(c->m[0] - 91.0 / 3) < 1e-12,
	      "a overall: 4 purchase days (the 10th once), recency 11, T 19, mean repeat (20 + 31 + 40) / 3");
	CHECK(c->x_cal[0] == 2 && c->t_x_cal[0] == 9 && c->T_cal[0] == 9 && c->x_hold[0] == 2 &&
	      fabs(c->m_cal[0] - 25) < 1e-12, "a: calibration 3 days to the holdout's 00:00, 2 days after");
	CHECK(c->x_cal[1] == -1 && c->x_hold[1] == 2, "b: no calibration purchase, 2 holdout days");
	CHECK(c->x[2] == -1 && c->x_cal[2] == -1, "c: amount 0 is no purchase");
	CHECK(c->x_cal[3] == 0 && c->T_cal[3] == 7 && c->x_hold[3] == 1, "d: one calibration day, one after");
	int64_t per = 0;
	for (int k = 0; k < c->hold_days; k++)
		per += c->hold_per_day[k];
	CHECK(per == 3 && c->hold_per_day[0] == 1 && c->hold_per_day[1] == 1 && c->hold_per_day[9] == 1,
	      "holdout days of calibration customers by day: 10th (as day 1), 12th, 20th; b not counted");
	ss_rfm_free(t);
}

static void snapshot_rules(void)
{
	const char *csv =
	    "CustomerID,InvoiceDate,Amount\n"
	    "a,2011-01-01,10\n"
	    "a,2011-01-09,10\n"
	    "b,2011-01-10 00:00,5\n"
	    "b,2011-01-10 00:01,5\n"   /* after the snapshot's 00:00 */
	    "c,2011-02-01,7\n"         /* every purchase after: not a customer */
	    "x,bad,1\n";
	ss_ingest_opts o = { .clv = true, .snapshot_set = true, .snapshot_day = 14984 };
	ss_quality q;
	ss_error err;
	ss_rfm *t = ingest_text(csv, &o, &q, &err);
	CHECK(t != NULL && t->n == 2 && q.after_snapshot_rows == 2 && q.rows_kept == 3,
	      "snapshot: 2 rows after it ignored, the customer with only those gone");
	if (t != NULL)
		CHECK(t->recency[0] == 1 && t->recency[1] == 0 && t->clv->T[0] == 9 && t->clv->T[1] == 0,
		      "Recency and T measured to the snapshot (a: 1, 9; b: 0, 0)");
	ss_rfm_free(t);
	o.snapshot_day = 14000;
	t = ingest_text(csv, &o, &q, &err);
	CHECK(t == NULL && err.code == SS_EDATA && strstr(err.msg, "after") != NULL,
	      "every row after the snapshot: a clear data error (%s)", err.msg);
	ss_rfm_free(t);
}

int main(void)
{
	char *data = gunzip_tmp("tests/data/online_retail.csv.gz");
	char *ref = gunzip_tmp("tests/data/online_retail_sql_ref.csv.gz");

	CHECK(data != NULL && ref != NULL, "test data unpacked");
	if (data != NULL && ref != NULL)
		oracle(data, ref);
	late_order();
	holdout();
	snapshot_rules();
	if (data)
		unlink(data);
	if (ref)
		unlink(ref);
	free(data);
	free(ref);
	return CHECK_DONE();
}
