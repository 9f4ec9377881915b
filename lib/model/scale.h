/* scale.h: RFM table -> standardized feature matrix (StandardScaler). */
#ifndef SMARTSEG_SCALE_H
#define SMARTSEG_SCALE_H
#include <stddef.h>
#include "ingest/rfm.h"

#define SS_FEATURES 3 /* Recency, Frequency, Monetary */

/* Writes the n x 3 row-major matrix of t's R, F, M into x (caller-owned,
 * n*3 doubles): with log set, each value becomes sign(v)*log1p(|v|) first.
 * Then every column is centred and divided by its population standard
 * deviation; a constant column becomes all zeros, never NaN. mean and std
 * (3 each, may be NULL) receive the statistics of the (transformed) columns.
 * Cannot fail. */
void ss_scale(const ss_rfm *t, int log, double *x, double mean[3], double std[3]);

/* The same with each feature f first clipped to at most cap[f] (before the
 * log; INFINITY: no cap). cap NULL is ss_scale. Cannot fail. */
void ss_scale_capped(const ss_rfm *t, int log, const double cap[3], double *x,
                     double mean[3], double std[3]);

/* Population mean and standard deviation of v[0..n) (stride in doubles),
 * computed as the scaler does (compensated, two passes); *std is 0 for a
 * column constant up to rounding noise (scikit-learn's test). n may be 0
 * (both 0). Cannot fail. */
void ss_moments(const double *v, size_t n, size_t stride, double *mean, double *std);

/* Neumaier-compensated sum of v[0..n) with stride (in doubles). */
double ss_sum_strided(const double *v, size_t n, size_t stride);

#endif
