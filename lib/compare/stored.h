/* stored.h: two stored analyses compared straight from the store: both
 * heads read, both customer lists streamed through store cursors and
 * merged (memory: the two heads and one row of each, whatever the size).
 * The caller owns the store and out. */
#ifndef SMARTSEG_COMPARE_STORED_H
#define SMARTSEG_COMPARE_STORED_H
#include "compare/compare.h"
#include "store/store.h"

/* ss_compare_run on stored analyses a and b. Errors: SS_EPARAM (a == b,
 * checked first), SS_ENOTFOUND (either unknown), SS_ESTORE, SS_EDATA. */
int ss_compare_stored(ss_store *s, const char *a, const char *b, ss_json_sink csv,
                      void *csv_ctx, ss_comparison *out, ss_error *err);

/* doc (a new result document) renumbered after stored analysis ref_id
 * (ss_compare_align), into out (initialised by the caller). */
int ss_compare_align_stored(ss_store *s, const char *ref_id, const bson_t *doc,
                            int new_personas, bson_t *out, ss_error *err);

#endif
