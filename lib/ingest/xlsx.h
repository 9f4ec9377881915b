/* xlsx.h: one sheet of an Excel workbook (.xlsx: a ZIP of XML parts) read
 * as rows of text cells, streamed: libzip inflates the sheet's part block
 * by block and expat parses it as it comes, so memory holds one row, the
 * shared strings table (bounded) and the cell styles, never the sheet.
 * Defences: a bound on the inflated size and ratio of every part (zip
 * bombs), no DTD or entity declarations (billion laughs), at most 16,384
 * columns, cells no longer than 1 MiB. Nothing global; thread-safe. */
#ifndef SMARTSEG_INGEST_XLSX_H
#define SMARTSEG_INGEST_XLSX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "ss_error.h"

/* Reads up to n bytes at off of the workbook into buf: how many (fewer
 * only at its end), or -1 on a read error. */
typedef ssize_t (*ss_xlsx_pread)(void *ctx, void *buf, size_t n, uint64_t off);

/* Where the cells go, row by row: cell() for every column from the first
 * to the row's last cell, in order (a cell the sheet leaves out is an
 * empty one), then row(). Rows without cells are skipped. A callback that
 * returns non-zero stops the read: ss_xlsx_read returns -1 and leaves err
 * to the callback. The text is valid for the call only; it is UTF-8 (the
 * XML's), not NUL-terminated. Values as a CSV export writes them: shared
 * and inline strings as text, numbers as written in the sheet, booleans
 * TRUE / FALSE, errors as their code (#N/A), and a number whose cell style
 * is a date or time format as "YYYY-MM-DD HH:MM:SS" from its serial in the
 * workbook's date system (1900, with Excel's fictitious 1900-02-29 as
 * serial 60, or 1904). */
typedef struct ss_xlsx_sink {
	int (*cell)(void *ctx, const char *s, size_t n);
	int (*row)(void *ctx);
	void *ctx;
} ss_xlsx_sink;

typedef struct ss_xlsx_info {
	char sheet[128];      /* the name of the sheet read (UTF-8, cut to fit) */
	bool date1904;        /* the workbook uses the 1904 date system */
} ss_xlsx_info;

/* Reads the sheet named sheet (NULL or "": the first) of the workbook of
 * size bytes that rd reads. 0 at the end of the sheet; -1 with err set
 * (SS_EDATA with the reason: not a workbook, damaged archive, no such sheet
 * (the message lists the names), a part that inflates too far, a DTD, a
 * cell beyond column XFD, malformed XML; SS_ENOMEM; SS_EIO), or -1 from a
 * callback. info may be NULL. */
int ss_xlsx_read(ss_xlsx_pread rd, void *rctx, uint64_t size, const char *sheet,
                 const ss_xlsx_sink *sink, ss_xlsx_info *info, ss_error *err);

/* The same over a workbook in memory (buf[0..n), kept by the caller). */
int ss_xlsx_read_mem(const void *buf, size_t n, const char *sheet, const ss_xlsx_sink *sink,
                     ss_xlsx_info *info, ss_error *err);

/* A date serial of the given system as "YYYY-MM-DD HH:MM:SS" in out (at
 * least 32 bytes), rounded to the second; false (out untouched) when it
 * is outside 0..2958465 (9999-12-31) or not finite. Serial 60 of the 1900
 * system is "1900-02-29", the day Excel counts that never was. */
bool ss_xlsx_serial_text(double serial, bool date1904, char *out);

#endif
