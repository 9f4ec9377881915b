/* run.h: the lifetime value of one analysis: both models fitted on its
 * customers, each customer's P(alive), expected purchases, expected value
 * and CLV over the horizon, totals per cluster and per RFM segment, the
 * customers most worth a call, and the holdout backtest. */
#ifndef SMARTSEG_CLV_RUN_H
#define SMARTSEG_CLV_RUN_H
#include <stdbool.h>
#include <stddef.h>
#include "clv/clv.h"
#include "ingest/rfm.h"

#define SS_CLV_CALLS 10           /* customers listed as most worth a call */
#define SS_CLV_MIN_REPEAT 20      /* fewer repeat buyers: no model */
#define SS_CLV_MIN_SPAN 28        /* a shorter span of days: no model */

/* Totals of a group of customers (a cluster, an RFM segment, everyone). */
typedef struct ss_clv_group {
	size_t customers;             /* with a value (a positive purchase) */
	double expected_purchases;    /* sum over the horizon */
	double expected_revenue;      /* sum of CLV */
	double mean_p_alive;
} ss_clv_group;

typedef struct ss_clv_backtest {
	int64_t calibration_end;      /* days since 1970-01-01 */
	int holdout_days;
	size_t customers;             /* with a purchase up to the calibration end */
	double predicted, actual;     /* repeat purchase days in the holdout */
	double error;                 /* (predicted - actual) / actual; NaN when actual is 0 */
	double mae;                   /* mean absolute error per customer */
	int weeks;
	double *week_predicted, *week_actual; /* cumulative, weeks entries */
	bool converged;               /* the calibration fit */
	ss_bgnbd model;
} ss_clv_backtest;

/* Owned by the analysis; free with ss_clv_free. */
typedef struct ss_clv_result {
	bool supported;               /* the models could be fitted: values given */
	bool value_supported;         /* the Gamma-Gamma model too: value and CLV given */
	char note[400];               /* plain words when something is not supported */
	ss_bgnbd bgnbd;
	ss_gg gg;
	double corr_fm;               /* frequency x monetary of the repeat buyers (NaN: undefined) */
	int horizon;
	double discount;
	size_t n;                     /* rows, as the table */
	double *p_alive, *expected, *value, *clv; /* n each; NaN where undefined */
	ss_clv_group total;
	ss_clv_group *clusters;       /* k */
	int k;
	ss_clv_group *segments;       /* nseg */
	int nseg;
	size_t calls[SS_CLV_CALLS];   /* rows, most worth a call first */
	int ncalls;
	bool has_backtest;
	ss_clv_backtest bt;
} ss_clv_result;

/* Runs everything on t (its clv block; NULL block: a result saying why
 * not) for the rows' cluster labels (0..k-1) and RFM segments (0..nseg-1).
 * NULL on out of memory only; the data's failings are in the result. */
ss_clv_result *ss_clv_run(const ss_rfm *t, const int *labels, int k, const int *segment,
                          int nseg, int horizon, double discount);

void ss_clv_free(ss_clv_result *r);

#endif
