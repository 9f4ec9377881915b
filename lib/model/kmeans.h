/* kmeans.h: k-means (k-means++ seeding, Lloyd iterations, best of n_init)
 * with scikit-learn's semantics, on an n x 3 row-major matrix. */
#ifndef SMARTSEG_KMEANS_H
#define SMARTSEG_KMEANS_H
#include <stddef.h>
#include <stdint.h>

typedef struct ss_kmeans_opts {
	int k;            /* clusters, 1 <= k <= n */
	int n_init;       /* runs from different seeds; the lowest inertia wins */
	int max_iter;     /* Lloyd iterations per run */
	double tol;       /* relative: times the mean feature variance */
	uint64_t seed;
} ss_kmeans_opts;

typedef struct ss_kmeans_result {
	double inertia;   /* sum of squared distances to the assigned centres */
	int n_iter;       /* iterations of the winning run */
} ss_kmeans_result;

/* Clusters x (n rows of 3). Writes labels (n ints, caller-owned) and
 * centers (k x 3, caller-owned). Empty clusters are re-seeded with the
 * points farthest from their centres. Returns 0, or -1 on out of memory
 * (outputs then undefined). Deterministic for a seed. */
int ss_kmeans(const double *x, size_t n, const ss_kmeans_opts *o,
              int *labels, double *centers, ss_kmeans_result *res);

/* Number of distinct rows of x (n x 3), or -1 on out of memory. */
long ss_distinct_rows(const double *x, size_t n);

#endif
