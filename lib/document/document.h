/* document.h: the one result document (libbson) that is stored, rendered
 * as JSON and fed to the templates. Shape: the client contract
 * (summary, raw_data, kmeans_metrics, file_info) plus data_quality,
 * parameters, rfm_segments, k_curve, global_means, global_std and ai;
 * summary items add Share, Median, Profile, Standardized and Vs_Global.
 * Everything the pages show is here: they format, never compute. */
#ifndef SMARTSEG_DOCUMENT_H
#define SMARTSEG_DOCUMENT_H
#include <bson/bson.h>
#include <stdint.h>
#include "model/analysis.h"
#include "ss_error.h"

/* The name of the customers set aside (nonpositive=aside): set_aside.name. */
#define SS_SEGMENT_ASIDE "Returned everything"

typedef struct ss_file_info {
	const char *name;         /* the upload's file name (data, never a path) */
	int64_t size;             /* bytes */
} ss_file_info;

/* Builds the document for analysis a. id becomes `_id` (an ObjectId) and
 * `analysis_id` (its hex string); created_ms (Unix ms, UTC) becomes
 * `created_at` and `file_info.upload_date` (BSON dates). Returns a new
 * bson_t the caller frees with bson_destroy(), or NULL with err set
 * (SS_ENOMEM, or SS_EDATA when the document would be too large). */
bson_t *ss_document_build(const ss_analysis *a, const ss_file_info *fi,
                          const bson_oid_t *id, int64_t created_ms,
                          ss_error *err);

/* Calls row_cb(ctx, row) for each raw_data row of doc, in order. Returns
 * 0, or -1 when row_cb returned non-zero or a row is not a document. A
 * document without raw_data has no rows. */
int ss_document_each_row(const bson_t *doc, int (*row_cb)(void *ctx, const bson_t *row),
                         void *ctx);

#endif
