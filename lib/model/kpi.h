/* kpi.h: what a marketer reads about a group of customers (a cluster or an
 * RFM segment): customers and share, orders, revenue and share, average
 * order value, mean and median R, F, M, and each against the whole base. */
#ifndef SMARTSEG_KPI_H
#define SMARTSEG_KPI_H
#include "ingest/rfm.h"
#include "persona/persona.h"

/* Fills out[0..ngroups) from the customers of t whose group[i] is in
 * 0..ngroups-1 (others are left out of every group but counted in base),
 * and base from all n customers: count, share (of all n), orders, revenue,
 * revenue_share, aov, mean and median (file units); zmean is set to 0.
 * Sums run in table order, so a group's mean is its revenue / count as
 * the earlier cluster statistics computed it. Returns 0, or -1 on out of
 * memory (out and base then undefined). */
int ss_kpi_compute(const ss_rfm *t, const int *group, int ngroups,
                   ss_cluster_stats *out, ss_cluster_stats *base);

/* A group's figures divided by the base's ("1.8x the average spend"): the
 * means and medians of R, F and M, and the average order value. NaN where
 * the base's figure is 0 (or undefined). */
typedef struct ss_kpi_ratio {
	double mean[3];
	double median[3];
	double aov;
} ss_kpi_ratio;

/* Cannot fail. */
void ss_kpi_ratio_of(const ss_cluster_stats *s, const ss_cluster_stats *base, ss_kpi_ratio *r);

#endif
