/* bins.h: how RFM scores are binned: quantiles (3, 4 or 5 scores on the
 * customers' ranks, ties kept together) or explicit thresholds per
 * dimension, and their text form (shared by the CLI and the web front). */
#ifndef SMARTSEG_BINS_H
#define SMARTSEG_BINS_H
#include <stddef.h>
#include "ss_error.h"

#define SS_BINS_MIN 3         /* fewest scores per dimension */
#define SS_BINS_MAX 5         /* most scores per dimension (the classic 1-5) */

/* Plain values, no ownership. Zero-initialised it is not valid: use
 * ss_bins_default or ss_parse_bins. */
typedef struct ss_bins {
	int quantiles;            /* 3..5: quantile bins; 0: the thresholds below */
	int n_edges[3];           /* R, F, M: thresholds given; scores = n_edges + 1 */
	double edge[3][SS_BINS_MAX - 1]; /* strictly increasing upper bounds
	                           * (inclusive) of scores 1..n_edges, in file
	                           * units; for R the scores are then reversed
	                           * (the most recent customers score highest) */
} ss_bins;

/* Five quantile bins: the classic quintiles. Cannot fail. */
void ss_bins_default(ss_bins *b);

/* "3", "4" or "5" (quantiles), or thresholds for all three dimensions:
 * "R:30,90,180,365;F:1,2,4,8;M:250,500,1000,3000" (any order, 2 to 4
 * strictly increasing finite numbers each, spaces allowed). -1 with err
 * set (SS_EPARAM, the reason: which dimension, which value) otherwise;
 * *b is left as it was. */
int ss_parse_bins(const char *s, ss_bins *b, ss_error *err);

/* The canonical text form of b ("5", or "R:...;F:...;M:..."), which
 * ss_parse_bins reads back to the same bins. Cut to size (always
 * NUL-terminated). */
void ss_bins_format(const ss_bins *b, char *out, size_t size);

/* Number of scores of dimension dim (0 R, 1 F, 2 M). */
int ss_bins_count(const ss_bins *b, int dim);

#endif
