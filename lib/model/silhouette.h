/* silhouette.h: the silhouette score exactly as scikit-learn defines it
 * (Euclidean), exact up to a size, on a seeded sample beyond it. */
#ifndef SMARTSEG_SILHOUETTE_H
#define SMARTSEG_SILHOUETTE_H
#include <stddef.h>
#include <stdint.h>

/* Mean silhouette of x (n rows of 3) labelled 0..k-1. When n > max_exact,
 * it is computed on max_exact customers drawn with seed (as sklearn's
 * sample_size does) and *used receives the count actually used. Returns
 * the score, NaN when undefined (fewer than 2 or more than n-1 non-empty
 * clusters), or -2 on out of memory. Uses up to `threads` threads. */
double ss_silhouette(const double *x, size_t n, const int *labels, int k,
                     size_t max_exact, uint64_t seed, int threads, size_t *used);

#endif
