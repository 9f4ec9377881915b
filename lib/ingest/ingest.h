/* ingest.h: streaming CSV of invoice lines -> per-customer RFM table. */
#ifndef SMARTSEG_INGEST_H
#define SMARTSEG_INGEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ingest/rfm.h"
#include "ss_error.h"

/* Why rows were dropped; one counter each in ss_quality.dropped. */
typedef enum ss_drop {
	SS_DROP_MISSING_CUSTOMER = 0, /* empty CustomerID */
	SS_DROP_MISSING_DATE,         /* empty InvoiceDate */
	SS_DROP_BAD_DATE,             /* date that does not parse */
	SS_DROP_MISSING_AMOUNT,       /* empty Quantity/UnitPrice/Amount */
	SS_DROP_BAD_NUMBER,           /* number that does not parse (or not finite) */
	SS_DROP_SHORT_ROW,            /* fewer fields than the header names */
	SS_DROP_AMOUNT_OVERFLOWS,     /* Quantity x UnitPrice beyond the largest double */
	SS_DROP__MAX
} ss_drop;

/* Static snake_case key of a drop reason ("missing_customer_id", ...). */
const char *ss_drop_name(ss_drop reason);

typedef enum ss_date_order {
	SS_DATE_MONTH_FIRST = 0,      /* M/D/Y: the default when the file never tells */
	SS_DATE_DAY_FIRST,            /* D/M/Y, D.M.Y */
} ss_date_order;

/* What was read: the container around the rows, and what the rows are. */
typedef enum ss_container {
	SS_CONTAINER_CSV = 0,         /* plain text */
	SS_CONTAINER_GZIP,            /* gzip-compressed CSV */
	SS_CONTAINER_XLSX,            /* an Excel workbook (one sheet of it) */
} ss_container;

typedef enum ss_input_kind {
	SS_INPUT_INVOICE_LINES = 0,   /* one row per purchase line */
	SS_INPUT_CUSTOMER_TABLE,      /* one row per customer: Recency, Frequency, Monetary */
} ss_input_kind;

/* Static names for the document: "csv" "gzip" "xlsx"; "invoice_lines"
 * "customer_table". */
const char *ss_container_name(ss_container c);
const char *ss_input_kind_name(ss_input_kind k);

/* The data-quality block: what ingest saw and did. */
typedef struct ss_quality {
	ss_container container;       /* detected from the first bytes */
	ss_input_kind input_kind;     /* decided by the header */
	int64_t rows_read;            /* data rows (header excluded) */
	int64_t rows_kept;
	int64_t dropped[SS_DROP__MAX];
	int64_t return_rows;          /* valid rows with a negative quantity (or amount) */
	int64_t cancelled_rows;       /* valid rows whose invoice number starts with C */
	int64_t excluded_rows;        /* valid rows left out by exclude_returns (not kept):
	                               * rows_read = rows_kept + dropped + excluded_rows */
	bool returns_excluded;        /* read with exclude_returns */
	bool snapshot_set;            /* read with a snapshot (opts.snapshot_set) */
	int64_t snapshot_day;         /* its day, days since 1970-01-01 */
	bool clv_collected;           /* read with opts.clv (and this holdout) */
	bool holdout_set;
	int64_t holdout_day;
	int64_t after_snapshot_rows;  /* valid rows dated after the snapshot, ignored:
	                               * rows_read = rows_kept + dropped + excluded_rows
	                               * + after_snapshot_rows */
	int64_t non_utf8_fields;      /* fields re-encoded from Latin-1 to UTF-8 */
	int64_t unclosed_quote_row;   /* the data row whose quote the file never
	                               * closes (the lines after it read into it), or 0 */
	char delimiter;               /* the delimiter used */
	bool delimiter_detected;      /* true when it was detected, not given */
	bool decimal_comma;           /* numbers were read with a decimal comma */
	ss_date_order date_order;
	bool date_order_assumed;      /* true when no value told the order */
	bool has_invoice;             /* Frequency counts invoices, else timestamps */
	bool has_amount_column;       /* Monetary came from Amount, not Qty x Price */
	/* header names actually used for each role ("" when absent); UTF-8 */
	char col_customer[64], col_invoice[64], col_date[64];
	char col_quantity[64], col_price[64], col_amount[64];
	/* a per-customer table's (T and MonetaryMean optional) */
	char col_recency[64], col_frequency[64], col_monetary[64];
	char col_t[64], col_monetary_mean[64];
	char sheet[128];              /* an .xlsx workbook: the sheet read (UTF-8) */
	bool date1904;                /* an .xlsx workbook in the 1904 date system */
} ss_quality;

/* How far a read has got: what has been parsed so far. */
typedef struct ss_ingest_progress {
	uint64_t bytes;               /* CSV bytes parsed (inflated ones for gzip) */
	int64_t rows;                 /* data rows parsed */
} ss_ingest_progress;

/* Told the progress on the thread that called ingest, after each block it
 * parsed (64 KiB) and once at the end, with the rows and bytes both threads
 * have parsed: it must be cheap, and pace itself. The figures only grow,
 * but once, when the second thread's part is discarded to be read again. */
typedef void (*ss_ingest_progress_fn)(const ss_ingest_progress *p, void *ctx);

/* Zero-initialised options are the defaults; use designated initialisers. */
typedef struct ss_ingest_opts {
	char delimiter;               /* ',', ';', '\t', '|', or 0 to detect */
	/* regular files at least this big are parsed by two threads (each
	 * half of the file, then merged; same result as one thread, but for
	 * the last bits of a Monetary whose amounts nearly cancel); a file
	 * still being written (live.h) is judged by its expected size,
	 * and the second thread takes half of what is left once it is
	 * complete. 0 = the default (4 MiB, and only with two CPUs or more),
	 * SIZE_MAX = always one thread */
	size_t min_parallel_bytes;
	/* an .xlsx workbook: the sheet to read (NULL or "": the first) */
	const char *sheet;
	/* leave out every valid row with a negative quantity (or amount, or
	 * quantity x price) and every row of a cancelled invoice (number
	 * starting with C), before anything is counted for its customer:
	 * they count in excluded_rows (and return_rows, cancelled_rows) */
	bool exclude_returns;
	/* the analysis date: valid rows dated after snapshot_day 00:00 UTC
	 * are ignored (counted in after_snapshot_rows); Recency and T are
	 * measured to it. Unset: Recency to the latest line + 1 day, T to
	 * the latest line's day. While a file's slash-date order is still
	 * undecided, a row is judged by its month-first reading. */
	bool snapshot_set;
	int64_t snapshot_day;         /* days since 1970-01-01 */
	/* collect the lifetime value inputs (rfm->clv); with holdout_set,
	 * also split them at holdout_day 00:00 UTC (calibration, holdout) */
	bool clv;
	bool holdout_set;
	int64_t holdout_day;
	/* NULL: no progress; else told as above, with progress_ctx (an .xlsx
	 * workbook is not followed) */
	ss_ingest_progress_fn progress;
	void *progress_ctx;
} ss_ingest_opts;

/* Reads the CSV at path in fixed-size blocks (memory grows with customers,
 * not rows) and returns the RFM table (caller frees with ss_rfm_free), or
 * NULL with err set: SS_EDATA for unusable data (message names the missing
 * columns and the columns found, or the delimiter that would work, or that
 * no row was valid), SS_EIO, SS_ENOMEM. q is filled in both cases as far as
 * ingest got. Big files are read by two threads (see min_parallel_bytes):
 * the same table (Monetary but for its last bits when amounts nearly
 * cancel), quality block and errors as one thread; the per-customer
 * memory may then double for a while (each half has its own, then merged).
 *
 * Reading rules, in short:
 * - Columns by header name, ignoring case, spaces and underscores:
 *   CustomerID; InvoiceNo|Invoice|OrderID; InvoiceDate|Date|OrderDate;
 *   Quantity|Qty; UnitPrice|Price; Amount|TotalAmount (used only when
 *   Quantity or UnitPrice is absent). The first match of a role wins; only
 *   the first 4096 columns are looked at.
 * - Delimiter detected (when opts->delimiter is 0) from the first 20
 *   records: ',' ';' tab '|'. A UTF-8 BOM is skipped. With a delimiter
 *   other than ',', numbers may use a decimal comma ("2,55", "1.234,56").
 * - Values pandas reads as missing (empty, NA, N/A, NaN, NULL, None, #N/A,
 *   ...) are missing. Rows are dropped, by the first reason that applies:
 *   too short to hold a needed column (SS_DROP_SHORT_ROW; a row short of an
 *   unused column is kept), missing customer, missing date, missing
 *   quantity/price/amount, bad date, bad or non-finite number.
 * - A row with a missing invoice number is kept but adds no invoice to
 *   Frequency (as pandas' nunique).
 * - Slash dates A/B/Y: the first value with A > 12 (day-first) or B > 12
 *   (month-first) decides for the whole file, earlier rows included; later
 *   values contradicting it are bad dates. Undecided at the end: month-
 *   first, date_order_assumed. The deciding value may come from a row that
 *   is dropped for another reason. Without invoices, Frequency counts
 *   distinct timestamps; mixing slash dates with other formats for one
 *   customer may count one instant twice.
 * - Customer ids: trimmed, "17850.0" -> "17850", bytes that are not UTF-8
 *   read as Latin-1 (NUL -> U+FFFD), counted in non_utf8_fields.
 * - A field longer than 1 MiB (often an unterminated quote swallowing the
 *   file) stops ingest with SS_EDATA; memory stays bounded. An unterminated
 *   quote on the last row just ends that row. */
ss_rfm *ss_ingest_file(const char *path, const ss_ingest_opts *opts,
                       ss_quality *q, ss_error *err);

#endif
