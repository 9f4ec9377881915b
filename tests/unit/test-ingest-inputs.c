/* test-ingest-inputs.c: input kinds and containers at the ingest level:
 * a per-customer table (read by one thread or two alike), gzip. */
#include <zlib.h>
#include "check.h"
#include "ingest_tmp.h"
#include "ingest/xlsx.h"

static ss_quality q;
static ss_error err;

/* A table of n customers "c00000".."", Recency i % 90 + 1, Frequency
 * i % 7 + 1, Monetary i * 1.25; dup >= 0 repeats customer dup at the end. */
static char *table(size_t n, long dup, size_t *len)
{
	size_t cap = 64 + (n + 1) * 48, o = 0;
	char *s = malloc(cap);
	if (s == NULL)
		exit(2);
	o += (size_t)snprintf(s + o, cap - o, "CustomerID,Recency,Frequency,Monetary\n");
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "c%05zu,%zu,%zu,%.2f\n", i, i % 90 + 1,
		                      i % 7 + 1, (double)i * 1.25);
	if (dup >= 0)
		o += (size_t)snprintf(s + o, cap - o, "c%05ld,1,1,1\n", dup);
	*len = o;
	return s;
}

static void customer_table(void)
{
	size_t len;
	char *s = table(200000, -1, &len);
	ss_rfm *t = ingest_bytes(s, len, 0, &q, &err);
	long i = rfm_find(t, "c12345");
	CHECK(t && t->n == 200000 && q.input_kind == SS_INPUT_CUSTOMER_TABLE && i >= 0 &&
	      t->recency[i] == 12345 % 90 + 1 && t->frequency[i] == 12345 % 7 + 1 &&
	      t->monetary[i] == 12345 * 1.25 && t->max_ts == 0,
	      "a table of 200,000 customers (%zu bytes): values as given, kind customer_table", len);
	ss_rfm_free(t);
	free(s);

	s = table(200000, 3, &len);
	t = ingest_bytes(s, len, 0, &q, &err);
	CHECK(t == NULL && err.code == SS_EDATA && strstr(err.msg, "'c00003' is on data row 200001"),
	      "a customer repeated at the end of a big table is found (%s)", err.msg);
	free(s);

	t = INGEST("CustomerID,Recency,Frequency,Monetary\n17850.0,3,2,-5\n", 0, &q, &err);
	CHECK(t && rfm_find(t, "17850") == 0 && t->monetary[0] == -5.0,
	      "ids normalised as in invoice lines (17850.0 -> 17850), negative Monetary kept");
	ss_rfm_free(t);
	t = INGEST("CustomerID,Recency,Frequency,Monetary\n1,3,2,5\n1.0,3,2,5\n", 0, &q, &err);
	CHECK(t == NULL && err.code == SS_EDATA, "1 and 1.0 are the same customer: a duplicate");
	t = INGEST("CustomerID,Recency,Frequency,Monetary\n1,1e1,2,5\n2,0,0,0\n3,9007199254740993,1,1\n",
	           0, &q, &err);
	CHECK(t && t->n == 2 && t->recency[0] == 10 && t->frequency[1] == 0 &&
	      q.dropped[SS_DROP_BAD_NUMBER] == 1,
	      "Recency 1e1 is 10; zeros allowed; a count past 2^53 is a bad number");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Quantity,UnitPrice,Recency\n1,2011-01-01,1,2,5\n", 0, &q, &err);
	CHECK(t && q.input_kind == SS_INPUT_INVOICE_LINES && t->monetary[0] == 2.0,
	      "invoice lines with a Recency column (not the other two) are invoice lines");
	ss_rfm_free(t);
	t = INGEST("CustomerID;Frequency;Monetary\n1;2;5\n", 0, &q, &err);
	CHECK(t == NULL && strstr(err.msg, "per-customer table: Recency ("),
	      "Frequency and Monetary without Recency: says what a table lacks (%s)", err.msg);
	t = INGEST("CustomerID,Recency,Frequency,Monetary\n", 0, &q, &err);
	CHECK(t == NULL && strstr(err.msg, "only a header"), "a table header without rows: 'only a header'");
}

/* gzip of data at the given level, into a temp file; the path. */
static char *gz_tmp(const char *data, size_t n, size_t cut)
{
	uLongf cap = compressBound(n) + 64;
	unsigned char *out = malloc(cap);
	z_stream z = {0};
	if (out == NULL || deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(2);
	z.next_in = (unsigned char *)data;
	z.avail_in = (unsigned)n;
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(2);
	size_t len = z.total_out > cut ? z.total_out - cut : 0;
	deflateEnd(&z);
	char *p = write_tmp((char *)out, len);
	free(out);
	return p;
}

static void gzip_input(void)
{
	size_t len;
	char *s = table(300000, -1, &len);  /* several inflated blocks */
	char *p = gz_tmp(s, len, 0);
	ss_rfm *t = ss_ingest_file(p, NULL, &q, &err);
	CHECK(t && t->n == 300000 && q.container == SS_CONTAINER_GZIP &&
	      q.input_kind == SS_INPUT_CUSTOMER_TABLE, "a gzip of %zu bytes read whole", len);
	ss_rfm_free(t);
	unlink(p);
	free(p);
	for (size_t cut = 1; cut <= 9; cut += 4) {  /* into the trailer, then the data */
		p = gz_tmp(s, len, cut);
		t = ss_ingest_file(p, NULL, &q, &err);
		CHECK(t == NULL && err.code == SS_EDATA && strstr(err.msg, "truncated"),
		      "a gzip missing its last %zu bytes is truncated (%s)", cut, err.msg);
		unlink(p);
		free(p);
	}
	free(s);
}

/* Date serials; the references are Excel's own (the 1900 system counts a
 * 1900-02-29, serial 60; the 1904 system starts at serial 0). */
static void serials(void)
{
	static const struct { double v; bool d1904; const char *want; } c[] = {
		{1, false, "1900-01-01 00:00:00"},
		{59, false, "1900-02-28 00:00:00"},
		{60, false, "1900-02-29 00:00:00"},
		{61, false, "1900-03-01 00:00:00"},
		{25569, false, "1970-01-01 00:00:00"},
		{40513.35138888889, false, "2010-12-01 08:26:00"},
		{0.9999999, false, "1900-01-01 00:00:00"},   /* rounds up into the next day */
		{2958465.5, false, "9999-12-31 12:00:00"},
		{0, true, "1904-01-01 00:00:00"},
		{1462, true, "1908-01-02 00:00:00"},
		{39051.35138888889, true, "2010-12-01 08:26:00"},
	};
	char out[32];
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bool ok = ss_xlsx_serial_text(c[i].v, c[i].d1904, out);
		CHECK(ok && strcmp(out, c[i].want) == 0, "serial %.8g (%s system) is %s (got %s)",
		      c[i].v, c[i].d1904 ? "1904" : "1900", c[i].want, ok ? out : "false");
	}
	CHECK(!ss_xlsx_serial_text(-1, false, out) && !ss_xlsx_serial_text(2958466, false, out) &&
	      !ss_xlsx_serial_text(NAN, false, out) && !ss_xlsx_serial_text(2958465, true, out),
	      "negative, past 9999-12-31 (in either system) and NaN serials are not dates");
}

static int count_cell(void *ctx, const char *s, size_t n)
{
	(void)s, (void)n;
	++*(int *)ctx;
	return 0;
}

static int count_row(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The byte-buffer entry point (the one a fuzzer drives) on garbage. */
static void xlsx_buffers(void)
{
	int cells = 0;
	ss_xlsx_sink sink = { count_cell, count_row, &cells };
	static const char junk[] = "PK\x03\x04 not a zip at all";
	CHECK(ss_xlsx_read_mem(junk, sizeof(junk), NULL, &sink, NULL, &err) < 0 &&
	      err.code == SS_EDATA && cells == 0, "garbage after a ZIP magic: SS_EDATA (%s)", err.msg);
	CHECK(ss_xlsx_read_mem("", 0, NULL, &sink, NULL, &err) < 0 && err.code == SS_EDATA,
	      "an empty buffer: SS_EDATA");
}

int main(void)
{
	serials();
	xlsx_buffers();
	customer_table();
	gzip_input();
	return CHECK_DONE();
}
