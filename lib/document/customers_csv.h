/* customers_csv.h: the per-customer CSV export: one row per customer with
 * its cluster, R/F/M, RFM scores and segments, orders and revenue, safe to
 * open in a spreadsheet; all of them or the customers of one segment (for
 * an email tool). */
#ifndef SMARTSEG_CUSTOMERS_CSV_H
#define SMARTSEG_CUSTOMERS_CSV_H
#include <bson/bson.h>
#include "document/document.h"
#include "json_out.h"
#include "ss_error.h"

#define SS_EXPORT_MAX_CLUSTERS 32

/* What an export writes: the clusters' names (from the document's summary)
 * and which customers. Plain values, no ownership: nothing to free. */
typedef struct ss_customers_export {
	int k;                    /* clusters named below */
	char name[SS_EXPORT_MAX_CLUSTERS][256]; /* name of cluster c ("" unknown) */
	enum { SS_EXPORT_ALL = 0, SS_EXPORT_CLUSTER, SS_EXPORT_RFM, SS_EXPORT_ASIDE } only;
	int cluster;              /* SS_EXPORT_CLUSTER: this cluster */
	char rfm[64];             /* SS_EXPORT_RFM: this RFM segment's name */
	bool clv;                 /* the analysis has lifetime values: their columns */
} ss_customers_export;

/* Reads the cluster names from head (the document, or its head without
 * raw_data) and the choice of customers: segment NULL or "" for all, else
 * the name of a cluster's segment (its AI_Marketing_Name, as the cards
 * show it), else one of the ten RFM segments ("Champions"), else
 * SS_SEGMENT_ASIDE when the analysis set customers aside. -1 with err set
 * (SS_EPARAM: the message names the segments there are) when it names
 * none. */
int ss_customers_export_init(ss_customers_export *x, const bson_t *head, const char *segment,
                             ss_error *err);

/* The file name of the export: "smartseg-ID-customers.csv", or with a
 * segment "smartseg-ID-SLUG.csv" (SLUG: the segment's letters and digits
 * in lower case, runs of anything else as one '-'). id is cut to 24 bytes. */
void ss_customers_export_filename(const ss_customers_export *x, const char *id, char *out,
                                  size_t size);

/* Writes the header line to sink: CustomerID, Cluster, Recency, Frequency,
 * Monetary, RFM_Score, RFM_Segment (the columns of the first version, in
 * their order), then R_Score, F_Score, M_Score (1 to 5, or fewer bins),
 * Segment (the cluster's name), Orders (= Frequency: distinct invoices)
 * and Revenue (= Monetary); when x has lifetime values (x NULL: none)
 * p_alive, expected_purchases, expected_value, clv. Returns 0 or -1. */
int ss_customers_csv_header(const ss_customers_export *x, ss_json_sink sink, void *ctx);

/* Writes one raw_data row document as a CSV line, or nothing when x's
 * choice leaves it out (x NULL: every row, Segment empty). Text cells are
 * quoted when needed, and a cell starting with = + - @ (or tab / CR) is
 * prefixed with ' so spreadsheets never run it as a formula. */
int ss_customers_csv_row(const ss_customers_export *x, const bson_t *row, ss_json_sink sink,
                         void *ctx);

/* The customers head sets aside (set_aside.customers), when x's choice
 * takes them (all, or SS_SEGMENT_ASIDE): Cluster and scores empty, Segment
 * and RFM_Segment SS_SEGMENT_ASIDE. */
int ss_customers_csv_aside(const ss_customers_export *x, const bson_t *head, ss_json_sink sink,
                           void *ctx);

/* Header, every raw_data row of doc and its set-aside customers, as chosen
 * by segment (as ss_customers_export_init). -1 with err set: SS_EPARAM
 * for an unknown segment, SS_EIO when the sink failed. */
int ss_customers_csv_write(const bson_t *doc, const char *segment, ss_json_sink sink, void *ctx,
                           ss_error *err);

#endif
