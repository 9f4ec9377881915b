/* csv_cell.h: one CSV text cell, safe for spreadsheets. Used by every CSV
 * export (the customers of an analysis, the customers of a comparison). */
#ifndef SMARTSEG_CSV_CELL_H
#define SMARTSEG_CSV_CELL_H
#include <stddef.h>
#include "json_out.h"

/* Writes s (len bytes, by length: a NUL ends nothing) to sink as one cell:
 * quoted when it holds a comma, a quote, CR, LF or NUL (quotes doubled),
 * and prefixed with ' when it starts with = + - @ tab or CR, so that no
 * spreadsheet runs it as a formula. Returns the sink's -1 on failure. */
int ss_csv_text_cell(const char *s, size_t len, ss_json_sink sink, void *ctx);

#endif
