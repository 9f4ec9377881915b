/* cap.h: winsorizing Frequency and Monetary at a percentile before
 * scaling, so that a handful of huge customers does not decide the
 * clusters alone. The table itself is never changed: the caps apply to
 * the clustering's input only. */
#ifndef SMARTSEG_CAP_H
#define SMARTSEG_CAP_H
#include <stdbool.h>
#include <stdint.h>
#include "ingest/rfm.h"

#define SS_CAP_MIN 50.0       /* lowest percentile accepted */
#define SS_CAP_MAX 99.99      /* highest */

/* The caps of one analysis; plain values. */
typedef struct ss_caps {
	double percentile;        /* 0: off (then nothing below is set) */
	double value[3];          /* R, F, M: the cap (INFINITY: not capped; R never is) */
	int64_t capped[3];        /* customers whose value was above it */
} ss_caps;

/* The caps of t at percentile pct (SS_CAP_MIN..SS_CAP_MAX; 0 turns them
 * off): the pct-th percentile of Frequency and of Monetary, interpolated
 * linearly between the closest ranks (numpy's percentile, pandas'
 * quantile). -1 on out of memory (c then off). */
int ss_caps_compute(const ss_rfm *t, double pct, ss_caps *c);

#endif
