/* test-kpi-oracle.c: the per-segment KPIs of the document (summary and
 * rfm_segments entries, base_kpis) against an independent pandas
 * computation on the test data (tests/tools/kpi_oracle.py, run once, its
 * output below), and that they add up, under the API defaults and under
 * k=auto with the log transform. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"
#include "document/document.h"

struct ref {
	const char *name;
	int count, orders;
	double revenue, cshare, rshare, aov;
	double mean[3], median[3];
};

/* pandas 1.5.3 on tests/data/online_retail.csv.gz; clusters are
 * scikit-learn's k=3 labels (tests/data/online_retail_rfm_k3.csv.gz) */
static const struct ref refs[] = {
	/* name, customers, orders, revenue, customer share, revenue share, AOV,
	 * mean R, F, M, median R, F, M */
	{ "base", 2974, 10436, 3626224.251000, 1.000000000, 1.000000000, 347.472619, { 70.2972, 3.5091, 1219.3088 }, { 49.0000, 2.0000, 468.860000 } },
	{ "cluster 0", 1946, 7922, 2407331.171000, 0.654337592, 0.663867153, 303.879219, { 33.7929, 4.0709, 1237.0664 }, { 30.0000, 3.0000, 690.050000 } },
	{ "cluster 1", 24, 1025, 839422.940000, 0.008069939, 0.231486770, 818.949210, { 5.9583, 42.7083, 34975.9558 }, { 5.0000, 36.5000, 30408.265000 } },
	{ "cluster 2", 1004, 1489, 379470.140000, 0.337592468, 0.104646076, 254.848986, { 142.5896, 1.4831, 377.9583 }, { 136.0000, 1.0000, 263.650000 } },
	{ "Champions", 634, 5707, 2316259.870000, 0.213180901, 0.638752518, 405.862953, { 14.1088, 9.0016, 3653.4067 }, { 12.0000, 6.0000, 1775.440000 } },
	{ "Loyal Customers", 343, 1447, 436324.161000, 0.115332885, 0.120324649, 301.537084, { 41.3819, 4.2187, 1272.0821 }, { 41.0000, 4.0000, 932.850000 } },
	{ "Potential Loyalist", 276, 492, 154625.020000, 0.092804304, 0.042640777, 314.278496, { 22.0326, 1.7826, 560.2356 }, { 21.0000, 2.0000, 448.360000 } },
	{ "New Customers", 63, 63, 8020.090000, 0.021183591, 0.002211692, 127.303016, { 9.5397, 1.0000, 127.3030 }, { 10.0000, 1.0000, 135.750000 } },
	{ "Promising", 115, 145, 28986.700000, 0.038668460, 0.007993631, 199.908276, { 16.0087, 1.2609, 252.0583 }, { 13.0000, 1.0000, 242.650000 } },
	{ "Need Attention", 299, 507, 138338.260000, 0.100537996, 0.038149395, 272.856529, { 54.4281, 1.6957, 462.6698 }, { 52.0000, 2.0000, 355.200000 } },
	{ "About To Sleep", 299, 360, 81048.200000, 0.100537996, 0.022350576, 225.133889, { 90.4114, 1.2040, 271.0642 }, { 95.0000, 1.0000, 267.180000 } },
	{ "At Risk", 273, 642, 207044.920000, 0.091795562, 0.057096557, 322.499875, { 114.0366, 2.3516, 758.4063 }, { 101.0000, 2.0000, 662.900000 } },
	{ "Can't Lose Them", 86, 435, 148380.930000, 0.028917283, 0.040918851, 341.105586, { 125.0349, 5.0581, 1725.3597 }, { 130.5000, 4.0000, 1223.970000 } },
	{ "Lost", 586, 638, 107196.100000, 0.197041022, 0.029561354, 168.018966, { 157.3549, 1.0887, 182.9285 }, { 158.5000, 1.0000, 163.100000 } },
};

static int path_of(char *buf, size_t size, const char *arr, int i, const char *key)
{
	return snprintf(buf, size, "%s.%d.%s", arr, i, key);
}

static double num_at(const bson_t *doc, const char *path)
{
	bson_iter_t it, found;
	if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found) &&
	    BSON_ITER_HOLDS_NUMBER(&found))
		return bson_iter_as_double(&found);
	return NAN;
}

static double item_num(const bson_t *doc, const char *arr, int i, const char *key)
{
	char path[128];
	path_of(path, sizeof(path), arr, i, key);
	return num_at(doc, path);
}

static int near(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fmax(1, fabs(b));
}

/* Every KPI of entry i of arr (or of base_kpis when arr is NULL) against r. */
static void check_entry(const bson_t *doc, const char *arr, int i, const struct ref *r)
{
	static const char *const mean[3] = { "Recency", "Frequency", "Monetary" };
	static const char *const med[3] = { "RecencyMedian", "FrequencyMedian", "MonetaryMedian" };
	char path[128];
	int ok = 1;
#define V(key) (arr ? item_num(doc, arr, i, key) : (snprintf(path, sizeof(path), "base_kpis.%s", key), num_at(doc, path)))
	ok &= near(V(arr ? (strcmp(arr, "summary") == 0 ? "Count" : "count") : "Count"), r->count, 0);
	ok &= near(V("Orders"), r->orders, 0);
	ok &= near(V("Revenue"), r->revenue, 1e-9);
	ok &= near(V("AOV"), r->aov, 1e-8);
	if (arr != NULL) {
		ok &= near(V("CustomerShare"), r->cshare, 1e-8);
		ok &= near(V("RevenueShare"), r->rshare, 1e-8);
	}
	for (int f = 0; f < 3; f++) {
		ok &= near(V(mean[f]), r->mean[f], 1e-4);
		ok &= near(V(med[f]), r->median[f], 1e-9);
	}
#undef V
	CHECK(ok, "%s: customers %d, orders %d, revenue %.2f, shares, AOV %.2f, mean and median R F M "
	      "equal pandas'", r->name, r->count, r->orders, r->revenue, r->aov);
}

/* The cluster of the summary with count customers (the numbering of
 * k-means may differ from scikit-learn's; the partition does not). */
static int cluster_with(const bson_t *doc, int k, int count)
{
	for (int c = 0; c < k; c++)
		if (item_num(doc, "summary", c, "Count") == count)
			return c;
	return -1;
}

/* Customers, orders and revenue of n entries of arr sum to base_kpis';
 * customer and revenue shares sum to 1. */
static void check_adds_up(const bson_t *doc, const char *arr, int n, const char *what)
{
	double cust = 0, orders = 0, rev = 0, cs = 0, rs = 0;

	for (int i = 0; i < n; i++) {
		cust += item_num(doc, arr, i, strcmp(arr, "summary") == 0 ? "Count" : "count");
		orders += item_num(doc, arr, i, "Orders");
		rev += item_num(doc, arr, i, "Revenue");
		cs += item_num(doc, arr, i, "CustomerShare");
		rs += item_num(doc, arr, i, "RevenueShare");
	}
	CHECK(cust == num_at(doc, "base_kpis.Count") && orders == num_at(doc, "base_kpis.Orders"),
	      "%s: customers (%.0f) and orders (%.0f) sum to the totals", what, cust, orders);
	CHECK(near(rev, num_at(doc, "base_kpis.Revenue"), 1e-12), "%s: revenue sums to the total (%.4f)",
	      what, rev);
	CHECK(near(cs, 1, 1e-12) && near(rs, 1, 1e-12), "%s: customer shares (%.15f) and revenue "
	      "shares (%.15f) sum to 1", what, cs, rs);
}

static bson_t *analyse(const char *path, int k, ss_transform tr, ss_error *err)
{
	ss_params p;
	bson_oid_t oid;
	ss_file_info fi = { "online_retail.csv", 19345489 };
	ss_analysis *a;
	bson_t *doc;

	ss_params_default(&p);
	p.k = k;
	p.transform = tr;
	if ((a = ss_analyze_file(path, &p, err)) == NULL)
		return NULL;
	bson_oid_init_from_string(&oid, "6745f1c2a9e3b14d2c0f1a77");
	doc = ss_document_build(a, &fi, &oid, 1795755600000LL, err);
	ss_analysis_free(a);
	return doc;
}

int main(void)
{
	char path[] = "/tmp/ss-kpi-XXXXXX", cmd[128];
	int fd = mkstemp(path);
	ss_error err = { 0 };
	bson_t *doc;

	CHECK(fd >= 0, "temp file");
	if (fd < 0)
		return CHECK_DONE();
	close(fd);
	snprintf(cmd, sizeof(cmd), "gzip -dc tests/data/online_retail.csv.gz > '%s'", path);
	CHECK(system(cmd) == 0, "test data gunzipped (run from the repo root)");

	doc = analyse(path, 3, SS_TRANSFORM_NONE, &err);
	CHECK(doc != NULL, "API defaults (k=3, transform none): document (%s)", err.msg);
	if (doc != NULL) {
		check_entry(doc, NULL, 0, &refs[0]);
		for (int c = 0; c < 3; c++) {
			int mine = cluster_with(doc, 3, refs[1 + c].count);
			CHECK(mine >= 0, "a cluster of %d customers as scikit-learn's %d", refs[1 + c].count, c);
			if (mine >= 0)
				check_entry(doc, "summary", mine, &refs[1 + c]);
		}
		for (int s = 0; s < 10; s++) {
			char p2[64];
			bson_iter_t it, f;
			path_of(p2, sizeof(p2), "rfm_segments", s, "segment");
			CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, p2, &f) &&
			      BSON_ITER_HOLDS_UTF8(&f) && strcmp(bson_iter_utf8(&f, NULL), refs[4 + s].name) == 0,
			      "rfm_segments.%d is %s", s, refs[4 + s].name);
			check_entry(doc, "rfm_segments", s, &refs[4 + s]);
		}
		/* ratios to the whole base: "1.8x the average spend" */
		int vip = cluster_with(doc, 3, 24);
		CHECK(vip >= 0 && near(item_num(doc, "summary", vip, "Ratio_To_Base.Monetary"),
		                       34975.9558 / 1219.3088, 1e-5) &&
		      near(item_num(doc, "summary", vip, "Ratio_To_Base.AOV"), 818.949210 / 347.472619, 1e-7) &&
		      near(item_num(doc, "summary", vip, "Ratio_To_Base.FrequencyMedian"), 36.5 / 2, 1e-12),
		      "Ratio_To_Base: mean, median and AOV over the base's (big spenders: %.2fx the spend)",
		      item_num(doc, "summary", vip, "Ratio_To_Base.Monetary"));
		CHECK(near(item_num(doc, "rfm_segments", 0, "Ratio_To_Base.Recency"), 14.1088 / 70.2972, 1e-5),
		      "Ratio_To_Base on an RFM segment (Champions' recency %.2fx the base's)",
		      item_num(doc, "rfm_segments", 0, "Ratio_To_Base.Recency"));
		check_adds_up(doc, "summary", 3, "k=3 clusters");
		check_adds_up(doc, "rfm_segments", 10, "RFM segments");
		bson_destroy(doc);
	}

	doc = analyse(path, SS_K_AUTO, SS_TRANSFORM_LOG, &err);
	CHECK(doc != NULL, "k=auto, log: document (%s)", err.msg);
	if (doc != NULL) {
		int k = (int)num_at(doc, "k_used");
		check_adds_up(doc, "summary", k, "k=auto log clusters");
		check_entry(doc, NULL, 0, &refs[0]);
		bson_destroy(doc);
	}
	unlink(path);
	return CHECK_DONE();
}
