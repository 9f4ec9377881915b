/* charts.h: inline SVG charts drawn from a result document's numbers. Every
 * text placed inside an SVG is HTML-escaped here, so a page may insert the
 * returned markup unescaped. */
#ifndef SMARTSEG_CHARTS_H
#define SMARTSEG_CHARTS_H
#include <stddef.h>
#include <stdint.h>
#include "fmt.h"

#define CHART_MAX_K 64
#define CHART_MAX_POINTS 2000

struct chart_point {
	double monetary, frequency;
	int cluster;
};

struct chart_kpoint {
	int k;
	double inertia, silhouette;   /* silhouette NaN when undefined */
};

/* The charts' words, in the page's language ({1}, {2}: values). */
enum chart_text {
	CHT_SIZES_TITLE = 0,      /* Customers per segment */
	CHT_PROFILE_TITLE,
	CHT_PROFILE_DESC,
	CHT_KCURVE_TITLE,         /* {1}: the k chosen */
	CHT_SCATTER_TITLE,
	CHT_SCATTER_DESC,         /* {1} drawn, {2} customers */
	CHT_AXIS_MONETARY,
	CHT_AXIS_FREQUENCY,
	CHT_SILHOUETTE,
	CHT_RECENCY,
	CHT_FREQUENCY,
	CHT_MONETARY,
	CHT__MAX
};

/* What the charts read; filled by the result page from the document. */
struct chart_data {
	int lang;                         /* numbers as lang_number (FMT_EN...) */
	const char *text[CHT__MAX];       /* NULL: the English text */
	int k;
	const char *names[CHART_MAX_K];   /* persona names (never NULL) */
	int64_t count[CHART_MAX_K];
	double share[CHART_MAX_K];        /* count / customers, 0..1 */
	double revenue_share[CHART_MAX_K]; /* RevenueShare, 0..1 (NaN: undefined) */
	const char *revenue_title, *of_revenue; /* NULL: English */
	int64_t total;                    /* customers */
	double z[CHART_MAX_K][3];         /* standardized R, F, M means */
	struct chart_point *points;       /* the sample drawn */
	size_t npoints;
	struct chart_kpoint *curve;
	size_t ncurve;
	int k_chosen;
};

/* The RFM grid: 5 x 5 cells, [5 - R][FM - 1], and the ten segments' labels. */
struct chart_cell {
	int segment;                      /* 0..9, ss_segment order */
	const char *label;                /* its name (never NULL when drawn) */
	int64_t count;
};
struct chart_grid {
	struct chart_cell cell[5][5];
	const char *labels[10];
	/* the page language's words (NULL: English): title, description,
	 * the two axes' names, "customers" */
	const char *title, *desc, *r_axis, *fm_axis, *customers;
};

/* Colour of RFM segment s (0..9, ss_segment order). */
const char *chart_segment_colour(int s);
void chart_rfm_grid(const struct chart_grid *g, ss_strbuf *out);
void chart_revenue(const struct chart_data *d, ss_strbuf *out);
/* d's text t (English when d has none), escaped into out. */
void chart_text(const struct chart_data *d, enum chart_text t, ss_strbuf *out);
/* The same with {1}, {2} filled in. */
void chart_textf(const struct chart_data *d, enum chart_text t, const char *a, const char *b,
                 ss_strbuf *out);
/* A number written by printf's rules (%.0f...) in d's language, escaped. */
void chart_num(const struct chart_data *d, const char *english, ss_strbuf *out);

/* Colour of segment c (a hex string). */
const char *chart_colour(int c);
/* Each appends one <svg> to out; cannot fail (out->oom on memory trouble). */
void chart_scatter(const struct chart_data *d, ss_strbuf *out);
void chart_sizes(const struct chart_data *d, ss_strbuf *out);
void chart_profile(const struct chart_data *d, ss_strbuf *out);
void chart_kcurve(const struct chart_data *d, ss_strbuf *out);

#endif
