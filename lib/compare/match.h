/* match.h: clusters of a later analysis (B) matched to an earlier one's
 * (A) by their centroids: mean R, F, M in file units, divided by A's
 * per-feature population standard deviation, compared by Euclidean
 * distance; the Hungarian assignment minimises the total distance. A
 * pair is no match (B's cluster is "new") when it is farther apart than
 * SS_MATCH_NEW_DIST and than half the distance from A's cluster to its
 * nearest other A cluster (an outlying cluster may move further). Everything here is plain values (no heap). */
#ifndef SMARTSEG_MATCH_H
#define SMARTSEG_MATCH_H
#include <bson/bson.h>
#include "ss_error.h"

#define SS_MATCH_MAX_K 20
#define SS_MATCH_NEW_DIST 1.0

/* One analysis's clusters, as its document's summary gives them. */
typedef struct ss_cluster_side {
	int k;
	double mean[SS_MATCH_MAX_K][3];   /* R, F, M, file units */
	int64_t count[SS_MATCH_MAX_K];
	char name[SS_MATCH_MAX_K][128];   /* AI_Marketing_Name, cut to fit */
} ss_cluster_side;

typedef struct ss_cluster_match {
	double scale[3];                  /* A's standard deviations used */
	int a_of_b[SS_MATCH_MAX_K];       /* B cluster -> A cluster, -1 = new */
	double dist[SS_MATCH_MAX_K];      /* distance to the assigned A cluster
	                                     (even when too far: then new) */
	int b_of_a[SS_MATCH_MAX_K];       /* A cluster -> B cluster, -1 = gone */
	int order[SS_MATCH_MAX_K];        /* stable numbering: order[new] = old
	                                     B cluster (matched ones by A's
	                                     number, then the new ones) */
} ss_cluster_match;

/* Reads k, the centroids, counts and names from a document's summary.
 * Returns 0, or -1 with SS_EDATA (no summary, k over SS_MATCH_MAX_K). */
int ss_cluster_side_read(const bson_t *doc, ss_cluster_side *out, ss_error *err);

/* The minimum-cost assignment of an n_rows x n_cols cost matrix
 * (row-major, n_rows, n_cols <= SS_MATCH_MAX_K): col_of_row[i] is the
 * column given to row i, -1 when there are more rows than columns.
 * Returns the total cost. */
double ss_hungarian(const double *cost, int n_rows, int n_cols, int *col_of_row);

/* Matches b's clusters to a's; scale holds A's per-feature standard
 * deviations (a zero or non-finite one counts as 1). */
void ss_match_clusters(const ss_cluster_side *a, const ss_cluster_side *b,
                       const double scale[3], ss_cluster_match *m);

#endif
