/* test-kmeans-edge.c: k-means on small, degenerate and duplicate data;
 * silhouette against a brute-force definition; the numpy-compatible
 * generator. */
#include <math.h>
#include <stdlib.h>
#include "check.h"
#include "model/kmeans.h"
#include "model/mt19937.h"
#include "model/silhouette.h"

/* The silhouette straight from its definition, for comparison. */
static double brute_silhouette(const double *x, size_t n, const int *lab, int k)
{
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		double sum[32] = { 0 }, a, b = INFINITY;
		long cnt[32] = { 0 };
		for (size_t j = 0; j < n; j++) {
			double d0 = x[i * 3] - x[j * 3], d1 = x[i * 3 + 1] - x[j * 3 + 1],
			       d2 = x[i * 3 + 2] - x[j * 3 + 2];
			sum[lab[j]] += sqrt(d0 * d0 + d1 * d1 + d2 * d2);
			cnt[lab[j]]++;
		}
		if (cnt[lab[i]] <= 1)
			continue;
		a = sum[lab[i]] / (double)(cnt[lab[i]] - 1);
		for (int c = 0; c < k; c++)
			if (c != lab[i] && cnt[c] > 0 && sum[c] / (double)cnt[c] < b)
				b = sum[c] / (double)cnt[c];
		total += (b - a) / (a > b ? a : b);
	}
	return total / (double)n;
}

int main(void)
{
	enum { N = 601 };
	static double x[N * 3], centers[20 * 3];
	static int labels[N], labels2[N];
	ss_kmeans_opts o = { 3, 10, 300, 1e-4, 42 };
	ss_kmeans_result r, r2;
	ss_mt mt;

	/* three well separated blobs, built from the generator */
	ss_mt_seed(&mt, 7);
	for (int i = 0; i < N; i++)
		for (int f = 0; f < 3; f++)
			x[i * 3 + f] = (i % 3) * 10.0 + ss_mt_double(&mt);
	CHECK(ss_kmeans(x, N, &o, labels, centers, &r) == 0, "k-means runs");
	int ok = 1;
	for (int i = 3; i < N; i++)
		ok &= labels[i] == labels[i % 3];
	CHECK(ok && labels[0] != labels[1] && labels[1] != labels[2], "separated blobs are found");
	CHECK(ss_kmeans(x, N, &o, labels2, centers, &r2) == 0 && r2.inertia == r.inertia &&
	      memcmp(labels, labels2, sizeof(labels)) == 0, "deterministic for a seed");
	double exact = ss_silhouette(x, N, labels, 3, 100000, 1, 2, NULL);
	CHECK_NEAR(exact, brute_silhouette(x, N, labels, 3), 1e-12, "silhouette equals the definition");
	size_t used = 0;
	double sampled = ss_silhouette(x, N, labels, 3, 200, 1, 2, &used);
	CHECK(used == 200 && sampled > 0.9, "sampled silhouette uses the stated sample (%zu)", used);
	CHECK(isnan(ss_silhouette(x, N, (int[N]){ 0 }, 3, 1000, 1, 1, NULL)),
	      "one non-empty cluster: silhouette undefined (NaN)");

	/* k equal to n: every point its own cluster, inertia 0 */
	o.k = 5;
	CHECK(ss_kmeans(x, 5, &o, labels, centers, &r) == 0 && r.inertia == 0, "k = n gives inertia 0");
	/* duplicates: 100 points on 2 distinct values, k=2 */
	for (int i = 0; i < 100; i++)
		x[i * 3] = x[i * 3 + 1] = x[i * 3 + 2] = i < 30 ? 1.0 : -1.0;
	o.k = 2;
	CHECK(ss_kmeans(x, 100, &o, labels, centers, &r) == 0 && r.inertia == 0 &&
	      labels[0] != labels[99], "duplicate points: two exact clusters");
	CHECK(ss_distinct_rows(x, 100) == 2, "distinct rows counted");
	/* more clusters than distinct points: empty clusters are relocated, no crash */
	o.k = 3;
	CHECK(ss_kmeans(x, 100, &o, labels, centers, &r) == 0 && isfinite(r.inertia),
	      "k above distinct points: finite result");
	o.k = 4;
	CHECK(ss_kmeans(x, 3, &o, labels, centers, &r) != 0, "k above n is refused");
	/* NaN data (the caller refuses it; k-means must still not leave
	 * labels unset): every label written, in range */
	for (int i = 0; i < 50; i++) {
		x[i * 3] = i % 5 ? NAN : (double)i;
		x[i * 3 + 1] = x[i * 3 + 2] = 0;
		labels[i] = -7;
	}
	o.k = 3;
	ss_kmeans(x, 50, &o, labels, centers, &r);
	int in_range = 1;
	for (int i = 0; i < 50; i++)
		in_range &= labels[i] >= 0 && labels[i] < 3;
	CHECK(in_range, "NaN data: every label set and in range");

	ss_mt_seed(&mt, 42);
	CHECK(ss_mt_below(&mt, 2974) == 860, "MT19937 randint matches numpy's RandomState(42)");
	CHECK(ss_mt_double(&mt) == 0.18343478986616379, "MT19937 random_sample matches numpy");
	return CHECK_DONE();
}
