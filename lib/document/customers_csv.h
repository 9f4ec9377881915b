/* customers_csv.h: the per-customer CSV export (one row per customer with
 * its cluster, R/F/M and RFM score), safe to open in a spreadsheet. */
#ifndef SMARTSEG_CUSTOMERS_CSV_H
#define SMARTSEG_CUSTOMERS_CSV_H
#include <bson/bson.h>
#include "json_out.h"

/* Writes the header line to sink. Returns 0 or -1 (sink failed). */
int ss_customers_csv_header(ss_json_sink sink, void *ctx);

/* Writes one raw_data row document as a CSV line. Text cells are quoted
 * when needed, and a cell starting with = + - @ (or tab / CR) is prefixed
 * with ' so spreadsheets never run it as a formula. */
int ss_customers_csv_row(const bson_t *row, ss_json_sink sink, void *ctx);

/* Writes header and every row of the document's raw_data. */
int ss_customers_csv_write(const bson_t *doc, ss_json_sink sink, void *ctx);

#endif
