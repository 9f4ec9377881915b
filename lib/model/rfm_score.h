/* rfm_score.h: classic RFM scores (quintiles 1-5 by default, or 3 or 4
 * quantile bins, or explicit thresholds; Recency reversed) and the ten
 * standard named segments, beside the k-means clusters. */
#ifndef SMARTSEG_RFM_SCORE_H
#define SMARTSEG_RFM_SCORE_H
#include <stdint.h>
#include "ingest/rfm.h"
#include "model/bins.h"
#include "ss_error.h"

typedef enum ss_segment {
	SS_SEG_CHAMPIONS = 0,
	SS_SEG_LOYAL,
	SS_SEG_POTENTIAL_LOYALIST,
	SS_SEG_NEW,
	SS_SEG_PROMISING,
	SS_SEG_NEED_ATTENTION,
	SS_SEG_ABOUT_TO_SLEEP,
	SS_SEG_AT_RISK,
	SS_SEG_CANT_LOSE,
	SS_SEG_LOST,
	SS_SEG__MAX
} ss_segment;

/* The customers of one score of one dimension, in file units. */
typedef struct ss_score_bin {
	int64_t count;
	double min, max;          /* of the customers in it; NaN when empty */
} ss_score_bin;

/* Owned by the caller; free with ss_rfm_scores_free(). */
typedef struct ss_rfm_scores {
	size_t n;
	uint8_t *r, *f, *m;       /* 1..bins each; r highest for the most recent */
	uint8_t *segment;         /* ss_segment */
	int64_t count[SS_SEG__MAX];
	int64_t grid[5][5];       /* customers per cell of the R x FM grid on the
	                           * 1..5 scale: [5 - R][FM - 1], as the README's table */
	ss_bins bins;             /* as used */
	int nbins[3];             /* scores per dimension (R, F, M) */
	ss_score_bin bin[3][SS_BINS_MAX]; /* [dim][score - 1] */
} ss_rfm_scores;

/* Scores every customer of t with bins b (NULL: quintiles).
 * Quantile bins: each customer's rank, ties given their lowest rank
 * (pandas' rank(method="min")), cut at 1 + i/bins x (n - 1) (right edge
 * included, as pd.cut), so equal values always get the same score, the
 * lowest value always scores 1 (Recency: the most recent scores highest),
 * and a value shared by many customers (Frequency 1) leaves the scores it
 * covers empty after the first, instead of splitting equal customers. Thresholds: score s holds the values in
 * (edge[s-2], edge[s-1]]; a score that no customer gets is refused
 * (SS_EPARAM, naming it). Recency is reversed: the most recent score
 * highest. Segments: each score is put on the 1-5 scale (round(1 + (s - 1)
 * x 4 / (bins - 1))), then the R x round((F + M) / 2) grid.
 * NULL with err set: SS_ENOMEM, or SS_EPARAM for an empty threshold bin. */
ss_rfm_scores *ss_rfm_scores_compute(const ss_rfm *t, const ss_bins *b, ss_error *err);
void ss_rfm_scores_free(ss_rfm_scores *s);

/* The named segment of grid cell R x FM (1..5 each); SS_SEG__MAX when
 * out of range. */
ss_segment ss_segment_at(int r, int fm);

/* Static display name ("Champions", "Can't Lose Them", ...). */
const char *ss_segment_name(ss_segment s);

#endif
