/* test-ingest-bad.c: bad input gives a clear error or a clean result, never
 * a crash or a hang: empty, header only, all dropped, missing columns, wrong
 * delimiter, huge lines and fields, binary garbage, unterminated quote, NUL. */
#include "check.h"
#include "ingest/text.h"
#include "ingest_tmp.h"

static ss_quality q;
static ss_error err;

#define HAS(s) (strstr(err.msg, (s)) != NULL)

static void errors(void)
{
	ss_rfm *t = INGEST("", 0, &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("the file is empty"), "empty file: %s", err.msg);
	t = INGEST("\n\n  \n", 0, &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("the file is empty"), "blank lines only: %s", err.msg);
	t = INGEST("\xEF\xBB\xBF", 0, &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("the file is empty"), "BOM only: %s", err.msg);
	t = INGEST("CustomerID,InvoiceDate,Amount\n", 0, &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("no data rows"), "header only: %s", err.msg);
	t = INGEST("CustomerID,InvoiceDate,Amount\n,2011-01-01,1\n2,someday,1\n2,2011-01-01,x\n",
	           0, &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("no valid rows: 3 dropped") &&
	      HAS("missing_customer_id: 1") && HAS("bad_date: 1") && HAS("bad_number: 1"),
	      "every row dropped: %s", err.msg);
	CHECK(q.rows_read == 3 && q.rows_kept == 0, "quality filled on error");
	t = INGEST("foo,bar,Amount\n1,2,3\n", 0, &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("CustomerID") && HAS("InvoiceDate") &&
	      HAS("\"foo\"") && HAS("\"bar\"") && !HAS("Amount)"),
	      "missing columns named with the columns found: %s", err.msg);
	t = INGEST("CustomerID,InvoiceDate,Quantity\n1,2011-01-01,3\n", 0, &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("UnitPrice (or Amount)"),
	      "Quantity without UnitPrice names UnitPrice: %s", err.msg);
	t = INGEST("CustomerID;InvoiceDate;Amount\n1;2011-01-01;3\n", ',', &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("seems to use ';' as delimiter, not ','"),
	      "wrong delimiter given: %s", err.msg);
	t = INGEST("CustomerID\tInvoiceDate\tAmount\n1\t2011-01-01\t3\n", '|', &q, &err);
	CHECK(!t && err.code == SS_EDATA && HAS("seems to use tab as delimiter, not '|'"),
	      "tab suggested: %s", err.msg);
	ss_ingest_opts o = {.delimiter = 'x'};
	t = ss_ingest_file("/dev/null", &o, &q, &err);
	CHECK(!t && err.code == SS_EPARAM, "unsupported delimiter refused");
	t = ss_ingest_file("/nonexistent/file.csv", &o, &q, &err);
	CHECK(!t && err.code == SS_EPARAM, "unsupported delimiter refused before the file is opened");
	t = ss_ingest_file("/nonexistent/file.csv", NULL, &q, &err);
	CHECK(!t && err.code == SS_EIO && HAS("/nonexistent/file.csv"), "missing file: %s", err.msg);
}

static void drops(void)
{
	ss_rfm *t = INGEST("CustomerID,InvoiceNo,InvoiceDate,Quantity,UnitPrice\n"
	                   "1,A,2011-01-01,1,1\n"       /* kept */
	                   "NA,A,2011-01-01,1,1\n"      /* missing customer */
	                   "1,A,,1,1\n"                 /* missing date */
	                   "1,A,2011-13-01,1,1\n"       /* bad date */
	                   "1,A,2011-01-01,,1\n"        /* missing amount */
	                   "1,A,2011-01-01,1,NaN\n"     /* missing amount (NaN token) */
	                   "1,A,2011-01-01,1,abc\n"     /* bad number */
	                   "1,A,2011-01-01,1,1e400\n"   /* bad number: not finite */
	                   "1,A,2011-01-01,1e200,1e200\n" /* the product overflows */
	                   "1,A\n",                     /* short row */
	                   0, &q, &err);
	CHECK(t && q.rows_read == 10 && q.rows_kept == 1, "one row of ten kept");
	CHECK(q.dropped[SS_DROP_MISSING_CUSTOMER] == 1, "missing customer counted");
	CHECK(q.dropped[SS_DROP_MISSING_DATE] == 1, "missing date counted");
	CHECK(q.dropped[SS_DROP_BAD_DATE] == 1, "bad date counted");
	CHECK(q.dropped[SS_DROP_MISSING_AMOUNT] == 2, "missing amounts counted");
	CHECK(q.dropped[SS_DROP_BAD_NUMBER] == 2, "bad and non-finite numbers counted");
	CHECK(q.dropped[SS_DROP_AMOUNT_OVERFLOWS] == 1, "an overflowing Quantity x UnitPrice counted apart");
	CHECK(q.dropped[SS_DROP_SHORT_ROW] == 1, "short row counted");
	CHECK(strcmp(ss_drop_name(SS_DROP_MISSING_CUSTOMER), "missing_customer_id") == 0 &&
	      strcmp(ss_drop_name(SS_DROP_SHORT_ROW), "short_row") == 0, "drop names");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount,Country\n1,2011-01-01,3\n", 0, &q, &err);
	CHECK(t && q.rows_kept == 1, "a row short of an unused column is kept");
	ss_rfm_free(t);
}

/* A file of size n filled by fill(), ingested. */
static ss_rfm *big(char *buf, size_t n, char delim)
{
	return ingest_bytes(buf, n, delim, &q, &err);
}

static void huge(void)
{
	const char *head = "CustomerID,InvoiceDate,Amount,Note\n1,2011-01-01,3,";
	size_t hl = strlen(head), n = hl + (10u << 20) + 64;
	char *buf = malloc(n);
	if (buf == NULL)
		return;
	/* a 10 MB line of many small fields */
	memcpy(buf, head, hl);
	size_t o = hl;
	while (o < hl + (10u << 20))
		memcpy(buf + o, "abcdefgh,", 9), o += 9;
	o += (size_t)sprintf(buf + o, "\n2,2011-01-02,4,x\n");
	ss_rfm *t = big(buf, o, 0);
	CHECK(t && t->n == 2 && q.rows_kept == 2, "10 MB line of small fields processed");
	ss_rfm_free(t);
	/* one 10 MB field: refused, memory bounded */
	memcpy(buf, head, hl);
	memset(buf + hl, 'x', 10u << 20);
	o = hl + (10u << 20);
	o += (size_t)sprintf(buf + o, "\n2,2011-01-02,4,x\n");
	t = big(buf, o, 0);
	CHECK(!t && err.code == SS_EDATA && HAS("longer than"), "10 MB field: %s", err.msg);
	/* an unterminated quote early on swallows the file: same bound */
	o = (size_t)sprintf(buf, "CustomerID,InvoiceDate,Amount\n\"1,2011-01-01,3\n");
	while (o < (3u << 20))
		o += (size_t)sprintf(buf + o, "2,2011-01-02,4\n");
	t = big(buf, o, 0);
	CHECK(!t && err.code == SS_EDATA && HAS("unterminated quote"),
	      "early unterminated quote: %s", err.msg);
	/* binary garbage (deterministic) */
	uint32_t x = 12345;
	for (size_t i = 0; i < (1u << 20); i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 16);
	}
	t = big(buf, 1u << 20, 0);
	CHECK(!t && err.code == SS_EDATA && ss_utf8_valid(err.msg, strlen(err.msg)) &&
	      !strchr(err.msg, '\n') && !strchr(err.msg, '\r'),
	      "binary garbage: clear one-line error in valid UTF-8");
	free(buf);
}

static void odd(void)
{
	ss_rfm *t = INGEST("CustomerID,InvoiceDate,Amount\n1,2011-01-01,3\n2,2011-01-02,\"7\n",
	                   0, &q, &err);
	CHECK(t && t->n == 2 && q.rows_kept == 2, "unterminated quote on the last row: row processed");
	ss_rfm_free(t);
	static const char nul[] = "CustomerID,InvoiceDate,Amount\nA\0B,2011-01-01,1\n"
	                          "C,2011-01-01,1\0\n";
	t = ingest_bytes(nul, sizeof(nul) - 1, 0, &q, &err);
	CHECK(t && t->n == 1 && strcmp(t->customer_id[0], "A\xef\xbf\xbd" "B") == 0 &&
	      q.non_utf8_fields == 1 && q.dropped[SS_DROP_BAD_NUMBER] == 1,
	      "NUL bytes: id repaired, number with NUL dropped");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\n1,2011-01-01,3,extra,fields\n", 0, &q, &err);
	CHECK(t && q.rows_kept == 1, "extra fields ignored");
	ss_rfm_free(t);
	t = INGEST("\"CustomerID\",\"InvoiceDate\",\"Amount\"\n\"1\",\"2011-01-01\",\"3\"\n",
	           0, &q, &err);
	CHECK(t && q.rows_kept == 1, "everything quoted");
	ss_rfm_free(t);
}

int main(void)
{
	errors();
	drops();
	huge();
	odd();
	return CHECK_DONE();
}
