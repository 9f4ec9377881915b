/* pipeline.h: the whole analysis in one call, as the CLI and the web front
 * run it: ingest -> RFM -> cluster -> metrics -> personas -> document. */
#ifndef SMARTSEG_PIPELINE_H
#define SMARTSEG_PIPELINE_H
#include <bson/bson.h>
#include <stdint.h>
#include "model/analysis.h"
#include "config.h"
#include "document/document.h"
#include "ingest/live.h"
#include "ss_error.h"

/* Analyses the CSV at path with parameters p; personas come from the
 * language model cfg configures (persona/llm.h; rules otherwise, or for
 * whatever the model got wrong). id may be NULL (a new ObjectId); created_ms 0 means now.
 * Returns the result document (caller frees with bson_destroy), or NULL
 * with err set (SS_EDATA / SS_EPARAM: the user's data or choices;
 * SS_EIO, SS_ENOMEM: faults). cfg may be NULL. */
bson_t *ss_pipeline_run(const char *path, const ss_file_info *fi, const ss_params *p,
                        const ss_config *cfg, const bson_oid_t *id, int64_t created_ms,
                        ss_error *err);

/* The same from an ingested table: rfm (ownership passes here, even on
 * failure) with q, the quality block its ingest filled. */
bson_t *ss_pipeline_run_rfm(ss_rfm *rfm, const ss_quality *q, const ss_file_info *fi,
                            const ss_params *p, const ss_config *cfg, const bson_oid_t *id,
                            int64_t created_ms, ss_error *err);

/* An upload that was parsed while it arrived: live (may be NULL: no live
 * parse ran; ownership passes here, it is joined and freed) read the file
 * now complete at path. Its table, or its verdict on the data, stands when
 * it used the delimiter p asks for (p->delimiter 0: any, detected);
 * otherwise, or after a read fault, the file at path is read again with
 * p->delimiter. Then as ss_pipeline_run. */
bson_t *ss_pipeline_run_upload(ss_ingest_live *live, const char *path, const ss_file_info *fi,
                               const ss_params *p, const ss_config *cfg, const bson_oid_t *id,
                               int64_t created_ms, ss_error *err);

/* Unix time in milliseconds (UTC). */
int64_t ss_now_ms(void);

#endif
