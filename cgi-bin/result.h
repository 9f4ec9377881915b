/* result.h: parts of the result page that format the document's findings,
 * its ten RFM segments and grid, and its data quality and parameters in
 * plain words (result.c). They compute nothing the document does not
 * hold; every value goes to the template, which escapes it. */
#ifndef SMARTSEG_RESULT_H
#define SMARTSEG_RESULT_H
#include <ClearSilver.h>
#include <bson/bson.h>
#include "charts.h"
#include "web.h"

/* findings.text: one sentence from the document's findings block (how
 * many segments, the largest by customers and by revenue, the one at
 * risk), in r's language; names[0..k) are the clusters' names. Nothing when the document
 * has no findings (saved before they existed). */
void result_findings(HDF *hdf, const struct req *r, const bson_t *head, const char *const *names, int k);

/* rfm.N.*: the ten RFM segments' rows (label, customers, shares, orders,
 * revenue, AOV, mean R/F/M, action, colour); g: the grid's cells. Returns
 * the grid cells read (25, or 0 for an older document). */
int result_rfm(HDF *hdf, const bson_t *head, struct chart_grid *g);

/* quality.N.label/value (and .items.M): doc.data_quality in plain words. */
void result_quality(HDF *hdf, const struct req *r);
/* params.N.label/value: doc.parameters in plain words ("10 runs of
 * k-means, the best kept"). */
void result_parameters(HDF *hdf, const struct req *r);

#endif
