/* kchoice.h: the k=auto rule, on a curve already computed. */
#ifndef SMARTSEG_KCHOICE_H
#define SMARTSEG_KCHOICE_H
#include <stddef.h>
#include "model/analysis.h"

/* Picks a point of curve[0..n) (k ascending): among the points whose
 * smallest cluster holds at least SS_AUTO_MIN_SHARE of the customers (all
 * points when none does) and whose silhouette is defined, the best
 * silhouette (ties: the smaller k); when that is k = 2 and a k >= 3 lies
 * within SS_AUTO_CLOSE of it and at SS_AUTO_FLOOR or above, the best of
 * those instead. Writes why, in
 * plain English, into reason (size bytes, always terminated when size > 0).
 * Returns the index, or -1 when no silhouette is defined. Cannot fail. */
int ss_k_choose(const ss_kpoint *curve, size_t n, char *reason, size_t size);

#endif
