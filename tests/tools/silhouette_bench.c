/* silhouette_bench.c: times the exact silhouette of N customers (default
 * 50,000) in three dimensions and prints seconds and the score. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "model/mt19937.h"
#include "model/silhouette.h"

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)atol(argv[1]) : 50000;
	double *x = malloc(n * 3 * sizeof(double));
	int *labels = malloc(n * sizeof(int));
	struct timespec a, b;
	ss_mt m;
	size_t used;

	if (x == NULL || labels == NULL || n < 4) {
		free(x);
		free(labels);
		return 1;
	}
	ss_mt_seed(&m, 3);
	for (size_t i = 0; i < n; i++) {
		labels[i] = (int)(i % 4);
		for (int f = 0; f < 3; f++)
			x[i * 3 + f] = labels[i] * 2.0 + ss_mt_double(&m) * 3;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	double s = ss_silhouette(x, n, labels, 4, n, 42, (int)sysconf(_SC_NPROCESSORS_ONLN), &used);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("silhouette of %zu customers (exact, %zu used): %.3f s, score %.6f\n", n, used,
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9, s);
	free(x);
	free(labels);
	return 0;
}
