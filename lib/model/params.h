/* params.h: the parameters of one analysis, their defaults and the parsing
 * of their text forms (shared by the CLI and the web front). */
#ifndef SMARTSEG_PARAMS_H
#define SMARTSEG_PARAMS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/bins.h"
#include "persona/persona.h"
#include "ss_error.h"

#define SS_K_MIN 2
#define SS_K_MAX 20
#define SS_K_AUTO 0           /* ss_params.k: choose k by silhouette */
#define SS_AUTO_K_LO 2
#define SS_AUTO_K_HI 8

typedef enum ss_transform { SS_TRANSFORM_NONE = 0, SS_TRANSFORM_LOG } ss_transform;

/* What returns do to the analysis. */
typedef enum ss_returns {
	SS_RETURNS_NET = 0,       /* returns and cancellations reduce Monetary (the original) */
	SS_RETURNS_EXCLUDE,       /* negative lines and cancelled invoices dropped at ingest */
} ss_returns;

/* Customers whose net Monetary is <= 0. */
typedef enum ss_nonpositive {
	SS_NONPOSITIVE_KEEP = 0,  /* clustered with the others (the original) */
	SS_NONPOSITIVE_ASIDE,     /* set aside as "returned everything", not clustered */
} ss_nonpositive;

typedef struct ss_params {
	int k;                    /* SS_K_MIN..SS_K_MAX, or SS_K_AUTO */
	ss_transform transform;
	uint64_t seed;            /* default 42; k-means uses its low 32 bits, as numpy does */
	ss_lang lang;
	char delimiter;           /* 0 = detect */
	char sheet[128];          /* an .xlsx workbook's sheet ("" = the first) */
	size_t silhouette_max;    /* exact silhouette up to this many customers (50,000) */
	int n_init;               /* 10 */
	int max_iter;             /* 300 */
	double tol;               /* 1e-4, relative to the mean feature variance */
	ss_returns returns;       /* SS_RETURNS_NET */
	ss_nonpositive nonpositive; /* SS_NONPOSITIVE_KEEP */
	double cap;               /* percentile capping F and M before scaling; 0 off */
	ss_bins bins;             /* RFM score bins: quintiles */
	bool snapshot_set;        /* the analysis date (default: none, the day
	                           * after the latest purchase) */
	int64_t snapshot_day;     /* days since 1970-01-01 */
	bool clv;                 /* lifetime value (model/clv.h); default off */
	int horizon;              /* days ahead, SS_HORIZON_MIN..MAX; 90 */
	double discount;          /* annual discount rate, 0..SS_DISCOUNT_MAX; 0 */
	bool holdout_set;         /* clv backtest: calibration to holdout_day */
	int64_t holdout_day;
} ss_params;

#define SS_HORIZON_MIN 1
#define SS_HORIZON_MAX 3650
#define SS_DISCOUNT_MAX 1.0

/* Fills p with the defaults above. Cannot fail. */
void ss_params_default(ss_params *p);

/* "auto" or 2..20 -> k (SS_K_AUTO for auto); -1 with err set otherwise. */
int ss_parse_k(const char *s, int *k, ss_error *err);
/* The delimiter's text forms, for the CLI and the web alike: "," ";" "|",
 * a tab as "tab" (any case), "\t" or a real tab character, and "auto" (any
 * case) or "" for detection (*c = 0). -1 with err set (SS_EPARAM, one
 * message listing every form) otherwise. */
int ss_parse_delimiter(const char *s, char *c, ss_error *err);
/* "none" / "log" -> transform; -1 with err set otherwise. */
int ss_parse_transform(const char *s, ss_transform *t, ss_error *err);
const char *ss_transform_name(ss_transform t);
/* "net" / "exclude" -> returns; -1 with err set (SS_EPARAM) otherwise. */
int ss_parse_returns(const char *s, ss_returns *r, ss_error *err);
const char *ss_returns_name(ss_returns r);
/* "keep" / "aside" -> nonpositive; -1 with err set otherwise. */
int ss_parse_nonpositive(const char *s, ss_nonpositive *v, ss_error *err);
const char *ss_nonpositive_name(ss_nonpositive v);
/* "off" (or "" or "0") -> 0, or a percentile from SS_CAP_MIN to SS_CAP_MAX
 * ("99", "99.5") -> *pct; -1 with err set otherwise. */
int ss_parse_cap(const char *s, double *pct, ss_error *err);
/* A date YYYY-MM-DD (a real calendar day, years 1900 to 9999) -> days
 * since 1970-01-01; what names the option in the message. "" -> *set
 * false. -1 with err set (SS_EPARAM) otherwise. */
int ss_parse_day(const char *s, const char *what, bool *set, int64_t *day, ss_error *err);
/* "on" / "off" -> *on; -1 with err set otherwise. */
int ss_parse_clv(const char *s, bool *on, ss_error *err);
/* Whole days SS_HORIZON_MIN..SS_HORIZON_MAX; -1 with err set otherwise. */
int ss_parse_horizon(const char *s, int *days, ss_error *err);
/* An annual rate 0..SS_DISCOUNT_MAX ("0.1" is 10%); -1 with err set otherwise. */
int ss_parse_discount(const char *s, double *rate, ss_error *err);
/* The snapshot and holdout together: the holdout before the snapshot.
 * -1 with err set otherwise. */
int ss_params_check_dates(const ss_params *p, ss_error *err);
/* Writes day (days since 1970-01-01) as YYYY-MM-DD into out[11]. */
void ss_format_day(int64_t day, char out[11]);

/* The marketing preset: k=auto, transform=log, returns=exclude,
 * nonpositive=aside (the HTML form's defaults). Cannot fail. */
void ss_params_marketing(ss_params *p);

#endif
