/* rfm_score.h: classic RFM quintile scores (1-5 each, Recency reversed) and
 * the ten standard named segments, beside the k-means clusters. */
#ifndef SMARTSEG_RFM_SCORE_H
#define SMARTSEG_RFM_SCORE_H
#include <stdint.h>
#include "ingest/rfm.h"

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

/* Owned by the caller; free with ss_rfm_scores_free(). */
typedef struct ss_rfm_scores {
	size_t n;
	uint8_t *r, *f, *m;       /* 1..5 each; r = 5 for the most recent */
	uint8_t *segment;         /* ss_segment */
	int64_t count[SS_SEG__MAX];
} ss_rfm_scores;

/* Scores every customer of t: quintiles of the rank (ties broken by table
 * order, as pandas' rank(method="first")). NULL on out of memory. */
ss_rfm_scores *ss_rfm_scores_compute(const ss_rfm *t);
void ss_rfm_scores_free(ss_rfm_scores *s);

/* Static display name ("Champions", "Can't Lose Them", ...). */
const char *ss_segment_name(ss_segment s);

#endif
