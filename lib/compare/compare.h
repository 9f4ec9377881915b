/* compare.h: two analyses side by side, customers matched by CustomerID.
 * A is the earlier analysis, B the later. Both customer lists are read
 * once, in CustomerID order (bytewise, as ingest sorts them), through
 * pull readers, and merged: memory is fixed (the two current rows and
 * k x k counts), whatever the number of customers.
 *
 * Ownership: the caller owns heads, readers and sinks; ss_compare_run
 * fills a caller-owned ss_comparison, which holds no pointers into them
 * (free nothing but the ss_comparison itself, which has no heap parts). */
#ifndef SMARTSEG_COMPARE_H
#define SMARTSEG_COMPARE_H
#include <bson/bson.h>
#include <stdint.h>
#include "compare/match.h"
#include "json_out.h"
#include "ss_error.h"

#define SS_CMP_SEGMENTS 10      /* the named RFM segments (model/rfm_score.h) */

/* Reads the next customer row (a raw_data row document) into *row, which
 * stays valid until the next call. Returns 1 (a row), 0 (the end) or -1
 * with err set. */
typedef int (*ss_row_next)(void *ctx, bson_t *row, ss_error *err);

typedef struct ss_row_reader {
	ss_row_next next;
	void *ctx;
} ss_row_reader;

/* A reader over the raw_data array of a whole document (the CLI's case). */
typedef struct ss_doc_rows {
	bson_iter_t it;
	int has;
} ss_doc_rows;
void ss_doc_rows_init(ss_doc_rows *d, const bson_t *doc);
int ss_doc_rows_next(void *ctx, bson_t *row, ss_error *err);

/* One side of a segment or cluster: customers and revenue (sum of
 * Monetary) in A and in B, over every customer of each analysis. */
typedef struct ss_cmp_total {
	int64_t count_a, count_b;
	double revenue_a, revenue_b;
} ss_cmp_total;

typedef struct ss_comparison {
	char a[25], b[25];                 /* analysis ids, "" when absent */
	int64_t n_a, n_b, n_common;        /* customers in A, in B, in both */
	/* the named RFM segments: rows A, columns B */
	int64_t seg[SS_CMP_SEGMENTS][SS_CMP_SEGMENTS];
	int64_t seg_new[SS_CMP_SEGMENTS];  /* in B only, by B's segment */
	int64_t seg_gone[SS_CMP_SEGMENTS]; /* in A only, by A's segment */
	ss_cmp_total seg_total[SS_CMP_SEGMENTS];
	/* clusters, each analysis in its own numbering: rows A, columns B */
	ss_cluster_side ca, cb;            /* centroids and names from the heads */
	int64_t clu[SS_MATCH_MAX_K][SS_MATCH_MAX_K];
	int64_t clu_new[SS_MATCH_MAX_K], clu_gone[SS_MATCH_MAX_K];
	ss_cmp_total clu_total_a[SS_MATCH_MAX_K], clu_total_b[SS_MATCH_MAX_K];
	ss_cluster_match match;            /* B's clusters matched to A's */
} ss_comparison;

/* Runs the comparison: head_a/head_b are the documents without raw_data
 * (or whole documents), ra/rb their customers in CustomerID order. When
 * csv is not NULL each customer (in A or B) is also written to it as a
 * CSV line (ss_compare_csv_header first). Returns 0, or -1 with err:
 * SS_EPARAM when a and b are the same analysis, SS_EDATA when a list is
 * not strictly increasing by CustomerID (a duplicate or out of order) or
 * a row or head lacks a field, else the reader's error. */
int ss_compare_run(const bson_t *head_a, const bson_t *head_b, ss_row_reader ra,
                   ss_row_reader rb, ss_json_sink csv, void *csv_ctx,
                   ss_comparison *out, ss_error *err);

/* The comparison as a BSON document (the JSON API's shape) into out,
 * initialised by the caller. Returns 0, or -1 with SS_ENOMEM. */
int ss_compare_to_bson(const ss_comparison *c, bson_t *out, ss_error *err);

/* The per-customer CSV's header line. */
int ss_compare_csv_header(ss_json_sink sink, void *ctx);

/* The named RFM segments in the matrix's order. */
const char *ss_compare_segment_label(int s);



/* Renumbers the clusters of doc (a whole result document, B) to follow
 * the reference analysis ref_head (A) by c's matching (ss_compare_run of
 * A against B): B's cluster order[n] becomes cluster n, so a matched
 * cluster takes A's place when A and B have as many clusters, and new
 * ones come after. summary, kmeans_metrics.cluster_distribution and each
 * raw_data row's Cluster move together; a matched cluster keeps A's
 * persona name, action and source unless new_personas (its description
 * stays B's own: it quotes B's figures).
 * Adds `reference` {analysis_id, matching: [{cluster, reference_cluster
 * (null: new), distance}], personas: "reused"|"new"}. Writes the new
 * document into out (initialised by the caller). Returns 0 or -1
 * (SS_ENOMEM, SS_EDATA for a document without summary). */
int ss_compare_align(const ss_comparison *c, const bson_t *ref_head, const bson_t *doc,
                     int new_personas, bson_t *out, ss_error *err);

#endif
