/* test-options-oracle.c: the analysis options on the Online Retail extract
 * against pandas (bench/options_oracle.py, pandas 1.5; the figures below
 * are its output): returns=exclude as a pandas filter, the customers with
 * Monetary <= 0, the caps as np.percentile, and the RFM scores of 3, 4 and
 * 5 bins as pd.cut of rank(method="min") with their segment counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest/ingest.h"
#include "model/cap.h"
#include "model/rfm_score.h"

static char *gunzip_tmp(const char *src)
{
	char *path = strdup("/tmp/ss-options-XXXXXX");
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

static void check_exclude(const char *path, size_t min_parallel, const char *how)
{
	ss_ingest_opts o = { .exclude_returns = true, .min_parallel_bytes = min_parallel };
	ss_quality q;
	ss_error err;
	ss_rfm *t = ss_ingest_file(path, &o, &q, &err);
	int64_t fsum = 0, rsum = 0;
	double msum = 0;

	CHECK(t != NULL, "%s: ingested with returns excluded", how);
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		fsum += t->frequency[i];
		rsum += t->recency[i];
		msum += t->monetary[i];
	}
	/* pandas: rows_kept 168675, excluded_rows 4107, customers 2931 */
	CHECK(q.rows_kept == 168675 && q.excluded_rows == 4107 && t->n == 2931,
	      "%s: 168675 rows kept, 4107 excluded, 2931 customers as the pandas filter (%lld %lld %zu)",
	      how, (long long)q.rows_kept, (long long)q.excluded_rows, t->n);
	CHECK(fsum == 8590 && rsum == 207212, "%s: sums of Frequency (8590) and Recency (207212) "
	      "equal pandas' (%lld %lld)", how, (long long)fsum, (long long)rsum);
	CHECK_NEAR(msum, 3888971.741, 1e-4, "%s: sum of Monetary equals pandas' 3888971.741 (%.6f)",
	           how, msum);
	CHECK(strcmp(t->customer_id[0], "12346") == 0 && t->recency[0] == 160 &&
	      t->frequency[0] == 1 && t->monetary[0] == 77183.6,
	      "%s: 12346 keeps its purchase of 77183.6, not the return that cancelled it", how);
	int nonpos = 0;
	for (size_t i = 0; i < t->n; i++)
		nonpos += t->monetary[i] <= 0;
	CHECK(nonpos == 0, "%s: no customer left with Monetary <= 0", how);
	ss_rfm_free(t);
}

int main(void)
{
	char *data = gunzip_tmp("tests/data/online_retail.csv.gz");
	ss_quality q;
	ss_error err;
	ss_rfm *t = NULL;

	CHECK(data != NULL, "test data gunzipped (run from the repo root)");
	if (data == NULL)
		return CHECK_DONE();
	check_exclude(data, SIZE_MAX, "one thread");
	check_exclude(data, 1, "two threads");
	t = ss_ingest_file(data, NULL, &q, &err);
	CHECK(t != NULL && t->n == 2974, "ingested net: 2974 customers");
	if (t == NULL)
		goto out;

	/* customers with Monetary <= 0: pandas 52, summing to -5766.06, and
	 * 13762, whose returns cancel its purchases exactly: 0 in the
	 * compensated sum, 3.55e-15 in pandas' plain float sum */
	int nonpos = 0;
	double nsum = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->monetary[i] <= 0)
			nonpos++, nsum += t->monetary[i];
	long z = -1;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->customer_id[i], "13762") == 0)
			z = (long)i;
	CHECK(nonpos == 53 && z >= 0 && t->monetary[z] == 0,
	      "53 customers with net Monetary <= 0: pandas' 52 and 13762 at exactly 0 (%d)", nonpos);
	CHECK_NEAR(nsum, -5766.06, 1e-6, "their Monetary sums to pandas' -5766.06 (%.6f)", nsum);

	/* caps: np.percentile */
	static const struct { double pct, f, m; int64_t nf, nm; } caps[] = {
		{ 99, 23.0, 11061.834499999997, 29, 30 },
		{ 95, 11.0, 3680.5884999999994, 130, 149 },
	};
	for (size_t i = 0; i < 2; i++) {
		ss_caps c;
		CHECK(ss_caps_compute(t, caps[i].pct, &c) == 0, "caps at %g computed", caps[i].pct);
		CHECK_NEAR(c.value[1], caps[i].f, 1e-12, "Frequency cap at %g = np.percentile %g (%.17g)",
		           caps[i].pct, caps[i].f, c.value[1]);
		CHECK_NEAR(c.value[2], caps[i].m, 1e-6, "Monetary cap at %g = np.percentile %.10g (%.17g)",
		           caps[i].pct, caps[i].m, c.value[2]);
		CHECK(c.capped[1] == caps[i].nf && c.capped[2] == caps[i].nm,
		      "customers above the caps at %g: %lld and %lld, as pandas", caps[i].pct,
		      (long long)c.capped[1], (long long)c.capped[2]);
	}

	/* scores: customers per score for R, F, M, and per segment */
	static const struct { int bins; int64_t count[3][5]; int64_t seg[SS_SEG__MAX]; } ref[] = {
		{ 3, { { 988, 988, 998 }, { 1185, 960, 829 }, { 992, 991, 991 } },
		  /* Champions Loyal Potential New Promising NeedAtt AboutToSleep AtRisk CantLose Lost */
		  { 600, 377, 157, 111, 130, 431, 180, 163, 96, 729 } },
		{ 4, { { 741, 733, 739, 761 }, { 1185, 610, 567, 612 }, { 744, 743, 743, 744 } },
		  { 750, 124, 391, 73, 162, 0, 237, 369, 151, 717 } },
		{ 5, { { 588, 599, 562, 572, 653 }, { 1185, 610, 0, 726, 453 }, { 595, 595, 594, 595, 595 } },
		  { 634, 343, 276, 63, 115, 299, 299, 273, 86, 586 } },
	};
	for (size_t r = 0; r < 3; r++) {
		ss_bins b;
		char spec[2] = { (char)('0' + ref[r].bins), 0 };
		ss_parse_bins(spec, &b, &err);
		ss_rfm_scores *s = ss_rfm_scores_compute(t, &b, &err);
		CHECK(s != NULL, "%d bins: scored", ref[r].bins);
		if (s == NULL)
			continue;
		for (int d = 0; d < 3; d++) {
			int ok = 1;
			for (int k = 0; k < ref[r].bins; k++)
				ok &= s->bin[d][k].count == ref[r].count[d][k];
			CHECK(ok, "%d bins: customers per %c score as pandas", ref[r].bins, "RFM"[d]);
		}
		int ok = 1;
		for (int g = 0; g < SS_SEG__MAX; g++)
			ok &= s->count[g] == ref[r].seg[g];
		CHECK(ok, "%d bins: customers per named segment as pandas", ref[r].bins);
		ss_rfm_scores_free(s);
	}
out:
	ss_rfm_free(t);
	unlink(data);
	free(data);
	return CHECK_DONE();
}
