/* store_json.h: a stored analysis written as the client's JSON, its
 * customers streamed from the store rather than held in memory. */
#ifndef SMARTSEG_STORE_JSON_H
#define SMARTSEG_STORE_JSON_H
#include "json_out.h"
#include "store/store.h"

/* Writes analysis id as one JSON object (every stored key, raw_data last
 * as in ss_document_build) to sink. Unknown or malformed id: SS_ENOTFOUND,
 * before anything is written. Returns 0, or -1 with err set: SS_ESTORE
 * (the store failed; output may be cut short), SS_EIO (the sink failed),
 * SS_ENOMEM. */
int ss_store_write_json(ss_store *s, const char *id, ss_json_sink sink, void *ctx,
                        ss_error *err);

#endif
