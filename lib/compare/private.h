/* private.h: what the compare stage's files share (lib/compare/ only). */
#ifndef SMARTSEG_COMPARE_PRIVATE_H
#define SMARTSEG_COMPARE_PRIVATE_H
#include <stddef.h>
#include "compare/compare.h"

/* The fields of one raw_data row the comparison reads; id points into
 * the row document (not NUL-terminated). */
typedef struct compare__row {
	const char *id;
	size_t id_len;
	double rfm[3];
	int cluster;    /* 0..k-1 */
	int segment;    /* ss_segment */
} compare__row;

/* Reads row doc of an analysis with k clusters; side names it in errors. */
int compare__row_read(const bson_t *doc, int k, compare__row *r, const char *side, ss_error *err);

/* One CSV line for a customer in A (a), B (b) or both. */
int compare__csv_line(const compare__row *a, const compare__row *b, ss_json_sink sink, void *ctx);

#endif
