/* test-kmeans-oracle.c: clustering of the Online Retail customers against
 * scikit-learn's results (references computed with the seed pipeline). */
#include <math.h>
#include "model/analysis.h"
#include "check.h"
#include "model/kchoice.h"
#include "oracle.h"

static struct oracle o;

/* scikit-learn KMeans(k-means++, n_init=10, random_state=42) inertias. */
static const double sk_inertia[9] = { 0, 0, 6130.486625586442, 3768.718786256414,
	2838.620672343264, 2029.3201066048487, 1601.0363264440743, 1311.579730776857,
	1084.9419055991166 };

/* True when labels a and b describe the same partition. */
static int same_partition(const int *a, const int *b, size_t n, int k)
{
	int map[32], back[32];

	for (int c = 0; c < k; c++)
		map[c] = back[c] = -1;
	for (size_t i = 0; i < n; i++) {
		if (map[a[i]] == -1 && back[b[i]] == -1) {
			map[a[i]] = b[i];
			back[b[i]] = a[i];
		}
		if (map[a[i]] != b[i] || back[b[i]] != a[i])
			return 0;
	}
	return 1;
}

static ss_analysis *run(int k, ss_error *err)
{
	ss_params p;
	ss_rfm *t = oracle_table(&o);
	ss_analysis *a;

	ss_params_default(&p);
	p.k = k;
	if (t == NULL)
		return NULL;
	/* ids belong to the oracle: hand the analysis a copy of the pointers
	 * and clear them before it frees the table */
	a = ss_analyze_rfm(t, NULL, &p, err);
	return a;
}

static void release(ss_analysis *a)
{
	if (a == NULL)
		return;
	memset(a->rfm->customer_id, 0, a->rfm->n * sizeof(char *));
	ss_analysis_free(a);
}

int main(void)
{
	ss_error err = { 0 };
	ss_analysis *a;

	CHECK(oracle_load(&o) == 0 && o.n == 2974, "oracle loaded: 2974 customers");
	a = run(3, &err);
	CHECK(a != NULL, "k=3 analysis runs (%s)", err.msg);
	if (a != NULL) {
		CHECK(a->k == 3, "k used is 3");
		CHECK(same_partition(a->labels, o.cluster, o.n, 3), "k=3 partition equals scikit-learn's");
		CHECK(fabs(a->inertia - 3768.7188) <= 3768.7188 * 0.001,
		      "k=3 inertia %.4f within 0.1%% of 3768.7188", a->inertia);
		CHECK_NEAR(a->silhouette, 0.502338, 1e-6, "k=3 silhouette %.7f within 1e-6 of 0.502338",
		           a->silhouette);
		CHECK(a->silhouette_sample == 2974, "silhouette exact on all customers");
		CHECK_NEAR(a->feature_importance[0], 0.429771, 1e-5, "feature importance Recency %.6f",
		           a->feature_importance[0]);
		CHECK_NEAR(a->feature_importance[1], 0.271861, 1e-5, "feature importance Frequency %.6f",
		           a->feature_importance[1]);
		CHECK_NEAR(a->feature_importance[2], 0.298369, 1e-5, "feature importance Monetary %.6f",
		           a->feature_importance[2]);
		int64_t sizes[3] = { 0 };
		for (int c = 0; c < 3; c++)
			sizes[c] = a->cluster_count[c];
		/* sorted sizes 24, 1004, 1946 as in the reference */
		int64_t lo = sizes[0], hi = sizes[0], sum = 0;
		for (int c = 0; c < 3; c++) {
			lo = sizes[c] < lo ? sizes[c] : lo;
			hi = sizes[c] > hi ? sizes[c] : hi;
			sum += sizes[c];
		}
		CHECK(lo == 24 && hi == 1946 && sum == 2974, "cluster sizes 24 / 1004 / 1946");
	}
	release(a);
	for (int k = 2; k <= 8; k++) {
		a = run(k, &err);
		CHECK(a != NULL && a->inertia <= sk_inertia[k] * 1.001,
		      "k=%d inertia %.4f not above scikit-learn's %.4f by more than 0.1%%", k,
		      a ? a->inertia : -1, sk_inertia[k]);
		release(a);
	}
	a = run(SS_K_AUTO, &err);
	CHECK(a != NULL && a->curve_n == 7, "auto k evaluates k = 2..8");
	if (a != NULL) {
		char why[512];
		int pick = ss_k_choose(a->curve, a->curve_n, why, sizeof(why));
		CHECK(pick >= 0 && a->k == a->curve[pick].k && strcmp(why, a->k_reason) == 0,
		      "auto k follows the k=auto rule (k=%d: %s)", a->k, a->k_reason);
		int64_t least = a->cluster_count[0];
		for (int c = 1; c < a->k; c++)
			if (a->cluster_count[c] < least)
				least = a->cluster_count[c];
		CHECK(pick >= 0 && (double)least / (double)o.n == a->curve[pick].smallest_share,
		      "the curve's smallest share is the chosen clusters' (%lld customers)", (long long)least);
	}
	release(a);
	return CHECK_DONE();
}
