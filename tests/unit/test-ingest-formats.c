/* test-ingest-formats.c: what ingest accepts: aliases, delimiters, quoting,
 * BOM, CRLF, decimal comma, ids, Latin-1, date orders, RFM arithmetic. */
#include "check.h"
#include "ingest_tmp.h"

static ss_quality q;
static ss_error err;

/* Monetary of a customer, NAN when absent. */
static double M(const ss_rfm *t, const char *id)
{
	long i = rfm_find(t, id);
	return i < 0 ? NAN : t->monetary[i];
}
static long long R(const ss_rfm *t, const char *id)
{
	long i = rfm_find(t, id);
	return i < 0 ? -1 : t->recency[i];
}
static long long F(const ss_rfm *t, const char *id)
{
	long i = rfm_find(t, id);
	return i < 0 ? -1 : t->frequency[i];
}

static void aliases(void)
{
	ss_rfm *t = INGEST("customer_id,order_id,order_date,quantity,unit_price\n"
	                   "7,A1,2011-01-01,2,1.5\n", 0, &q, &err);
	CHECK(t && M(t, "7") == 3.0 && strcmp(q.col_customer, "customer_id") == 0 &&
	      strcmp(q.col_invoice, "order_id") == 0 && strcmp(q.col_date, "order_date") == 0 &&
	      strcmp(q.col_price, "unit_price") == 0,
	      "aliases customer_id, order_id, order_date, unit_price");
	ss_rfm_free(t);
	t = INGEST("Customer ID,Invoice No,Invoice Date,Qty,Price\n7,A1,2011-01-01,2,1.5\n",
	           0, &q, &err);
	CHECK(t && M(t, "7") == 3.0 && strcmp(q.col_customer, "Customer ID") == 0 &&
	      strcmp(q.col_quantity, "Qty") == 0 && strcmp(q.col_price, "Price") == 0 &&
	      strcmp(q.col_invoice, "Invoice No") == 0,
	      "aliases 'Customer ID', 'Invoice No', 'Invoice Date', Qty, Price");
	ss_rfm_free(t);
	t = INGEST("CUSTOMERID,Invoice,Date,Quantity,Unit Price\n7,A1,2011-01-01,2,1.5\n",
	           0, &q, &err);
	CHECK(t && M(t, "7") == 3.0 && strcmp(q.col_invoice, "Invoice") == 0 &&
	      strcmp(q.col_date, "Date") == 0, "aliases upper case, Invoice, Date, 'Unit Price'");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\n7,2011-01-01,4.25\n7,2011-01-02,-1\n",
	           0, &q, &err);
	CHECK(t && M(t, "7") == 3.25 && q.has_amount_column && !q.has_invoice &&
	      strcmp(q.col_amount, "Amount") == 0 && q.return_rows == 1,
	      "Amount column when Quantity/UnitPrice are absent");
	ss_rfm_free(t);
	t = INGEST("CustomerID,Date,Total Amount\n7,2011-01-01,4.25\n", 0, &q, &err);
	CHECK(t && M(t, "7") == 4.25 && strcmp(q.col_amount, "Total Amount") == 0,
	      "alias 'Total Amount'");
	ss_rfm_free(t);
	t = INGEST("CustomerID,Date,Quantity,UnitPrice,Amount\n7,2011-01-01,2,3,100\n", 0, &q, &err);
	CHECK(t && M(t, "7") == 6.0 && !q.has_amount_column,
	      "Quantity x UnitPrice preferred over Amount when both exist");
	ss_rfm_free(t);
}

static void delimiters(void)
{
	ss_rfm *t = INGEST("CustomerID;InvoiceNo;InvoiceDate;Quantity;UnitPrice\n"
	                   "1;A;2011-01-01;2;2,55\n1;B;2011-01-02;1;1.234,5\n", 0, &q, &err);
	CHECK(t && q.delimiter == ';' && q.delimiter_detected, "semicolon detected");
	CHECK(t && fabs(M(t, "1") - (5.1 + 1234.5)) < 1e-9 && q.decimal_comma,
	      "decimal comma with ';' (2,55 and 1.234,5)");
	ss_rfm_free(t);
	t = INGEST("CustomerID\tInvoiceDate\tAmount\n1\t2011-01-01\t3\n2\t2011-01-01\t4\n",
	           0, &q, &err);
	CHECK(t && q.delimiter == '\t' && t->n == 2 && M(t, "2") == 4.0, "tab delimiter detected");
	ss_rfm_free(t);
	t = INGEST("CustomerID|InvoiceDate|Amount\n1|2011-01-01|3\n", 0, &q, &err);
	CHECK(t && q.delimiter == '|' && M(t, "1") == 3.0, "pipe delimiter detected");
	ss_rfm_free(t);
	t = INGEST("CustomerID|InvoiceDate|Amount\n1|2011-01-01|3\n", '|', &q, &err);
	CHECK(t && q.delimiter == '|' && !q.delimiter_detected, "given delimiter used as given");
	ss_rfm_free(t);
	/* unquoted commas in a text column must not fool detection */
	t = INGEST("CustomerID;Description;InvoiceDate;Amount\n1;red, blue;2011-01-01;3\n"
	           "2;a, b, c;2011-01-01;4\n", 0, &q, &err);
	CHECK(t && q.delimiter == ';' && t->n == 2, "consistent ';' beats stray commas");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Quantity,UnitPrice\n1,2011-01-01,2,\"2,55\"\n",
	           0, &q, &err);
	CHECK(t == NULL && q.dropped[SS_DROP_BAD_NUMBER] == 1,
	      "decimal comma refused when the delimiter is ','");
	ss_rfm_free(t);
}

static void quoting(void)
{
	ss_rfm *t = INGEST("CustomerID,Description,InvoiceDate,Amount\n"
	                   "1,\"line one\nline two, \"\"quoted\"\"\",2011-01-01,3\n"
	                   "2,plain,2011-01-01,4\n", 0, &q, &err);
	CHECK(t && q.rows_read == 2 && t->n == 2 && M(t, "1") == 3.0,
	      "quoted field with newline, comma and quotes");
	ss_rfm_free(t);
	t = INGEST("\xEF\xBB\xBF" "CustomerID,InvoiceDate,Amount\r\n1,2011-01-01,3\r\n"
	           "2,2011-01-02,4\r\n", 0, &q, &err);
	CHECK(t && strcmp(q.col_customer, "CustomerID") == 0, "UTF-8 BOM skipped");
	CHECK(t && q.rows_read == 2 && M(t, "2") == 4.0 && R(t, "1") == 2, "CRLF line ends");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\n1,2011-01-01,3", 0, &q, &err);
	CHECK(t && M(t, "1") == 3.0, "last line without newline");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\n\n1,2011-01-01,3\n\n", 0, &q, &err);
	CHECK(t && q.rows_read == 1, "blank lines skipped");
	ss_rfm_free(t);
}

static void ids(void)
{
	ss_rfm *t = INGEST("CustomerID,InvoiceNo,InvoiceDate,Quantity,UnitPrice\n"
	                   "17850.0,1,2011-01-01,1,2\n17850,2,2011-01-02,1,3\n"
	                   " 17850 ,3,2011-01-03,1,4\n17850.5,4,2011-01-03,1,1\n", 0, &q, &err);
	CHECK(t && t->n == 2 && M(t, "17850") == 9.0 && F(t, "17850") == 3,
	      "17850.0, 17850 and ' 17850 ' are one customer");
	CHECK(t && rfm_find(t, "17850.5") >= 0, "17850.5 stays its own id");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nb,2011-01-01,1\nB,2011-01-01,1\n"
	           "a,2011-01-01,1\n9,2011-01-01,1\n10,2011-01-01,1\n", 0, &q, &err);
	CHECK(t && t->n == 5 && strcmp(t->customer_id[0], "10") == 0 &&
	      strcmp(t->customer_id[1], "9") == 0 && strcmp(t->customer_id[2], "B") == 0 &&
	      strcmp(t->customer_id[3], "a") == 0 && strcmp(t->customer_id[4], "b") == 0,
	      "customers sorted bytewise");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nCaf\xe9,2011-01-01,1\n"
	           "Caf\xc3\xa9,2011-01-01,2\n", 0, &q, &err);
	CHECK(t && t->n == 1 && M(t, "Caf\xc3\xa9") == 3.0 && q.non_utf8_fields == 1,
	      "Latin-1 id re-encoded to UTF-8 and counted");
	ss_rfm_free(t);
	t = INGEST("Kunde\xe9,CustomerID,InvoiceDate,Amount\nx,1,2011-01-01,1\n", 0, &q, &err);
	CHECK(t && t->n == 1, "Latin-1 byte in an unused header name is harmless");
	ss_rfm_free(t);
}

static void dates(void)
{
	/* ambiguous rows first, the deciding value later */
	ss_rfm *t = INGEST("CustomerID,InvoiceDate,Amount\nA,1/2/2011,1\nB,13/2/2011,1\n",
	                   0, &q, &err);
	CHECK(t && q.date_order == SS_DATE_DAY_FIRST && !q.date_order_assumed &&
	      R(t, "A") == 13 && R(t, "B") == 1, "day-first told by 13/2 after an ambiguous row");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,1/2/2011,1\nB,2/13/2011,1\n", 0, &q, &err);
	CHECK(t && q.date_order == SS_DATE_MONTH_FIRST && !q.date_order_assumed &&
	      R(t, "A") == 43 && R(t, "B") == 1, "month-first told by 2/13");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,1/2/2011,1\nB,3/4/2011,1\n", 0, &q, &err);
	CHECK(t && q.date_order == SS_DATE_MONTH_FIRST && q.date_order_assumed &&
	      R(t, "A") == 62 && R(t, "B") == 1, "month-first assumed when nothing tells");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,13/2/2011,1\nB,2/13/2011,1\n", 0, &q, &err);
	CHECK(t && t->n == 1 && q.dropped[SS_DROP_BAD_DATE] == 1,
	      "a value contradicting the decided order is a bad date");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,1.2.2011,1\nB,13.02.2011,1\n", 0, &q, &err);
	CHECK(t && R(t, "A") == 13 && q.date_order == SS_DATE_DAY_FIRST && !q.date_order_assumed,
	      "dotted dates are day-first");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,20110201,1\nB,20110213,1\n", 0, &q, &err);
	CHECK(t && R(t, "A") == 13, "YYYYMMDD dates");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,2011-02-12T23:00:00+02:00,1\n"
	           "B,2011-02-13T00:30:00Z,1\n", 0, &q, &err);
	CHECK(t && R(t, "A") == 1 && R(t, "B") == 1 && t->max_ts == 1297557000,
	      "offsets converted before comparing");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,2011-02-12 23:00,1\nB,2011-02-12 00:30,1\n"
	           "C,2011-02-13 01:00,1\n", 0, &q, &err);
	CHECK(t && R(t, "A") == 1 && R(t, "B") == 2 && R(t, "C") == 1,
	      "Recency floors whole days to max + 1 day");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\nA,12/1/10 8:26,1\nA,6/26/11 10:59,1\n",
	           0, &q, &err);
	CHECK(t && t->max_ts == 1309085940, "M/D/YY H:MM with two-digit years");
	ss_rfm_free(t);
}

static void frequency(void)
{
	ss_rfm *t = INGEST("CustomerID,InvoiceNo,InvoiceDate,Quantity,UnitPrice\n"
	                   "1,536365,2011-01-01,2,1\n1,536365,2011-01-01,1,1\n"
	                   "1,C536365,2011-01-02,-1,1\n1,536366,2011-01-03,1,1\n"
	                   "2,536365,2011-01-01,1,1\n", 0, &q, &err);
	CHECK(t && F(t, "1") == 3 && F(t, "2") == 1, "Frequency = distinct invoices per customer");
	CHECK(t && M(t, "1") == 3.0 && q.return_rows == 1 && q.cancelled_rows == 1,
	      "returns included in Monetary; returns and cancellations counted");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\n1,2011-01-01 10:00,1\n1,2011-01-01 10:00,1\n"
	           "1,2011-01-01 11:00,1\n", 0, &q, &err);
	CHECK(t && F(t, "1") == 2, "without invoices, Frequency = distinct timestamps");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceDate,Amount\n1,1/2/2011 10:00,1\n1,1/2/2011 10:00,1\n"
	           "1,2/1/2011 10:00,1\n2,13/1/2011 10:00,1\n", 0, &q, &err);
	CHECK(t && F(t, "1") == 2 && q.date_order == SS_DATE_DAY_FIRST,
	      "distinct timestamps counted before the date order is known");
	ss_rfm_free(t);
	t = INGEST("CustomerID,InvoiceNo,InvoiceDate,Amount\n1,,2011-01-01,1\n1,A,2011-01-01,1\n",
	           0, &q, &err);
	CHECK(t && F(t, "1") == 1 && M(t, "1") == 2.0, "an empty invoice is kept but not counted");
	ss_rfm_free(t);
	/* Neumaier: 1e16 + 1 - 1e16 stays exact */
	t = INGEST("CustomerID,InvoiceDate,Amount\n1,2011-01-01,1e16\n1,2011-01-01,1\n"
	           "1,2011-01-01,-1e16\n", 0, &q, &err);
	CHECK(t && M(t, "1") == 1.0, "compensated summation of Monetary");
	ss_rfm_free(t);
}

int main(void)
{
	aliases();
	delimiters();
	quoting();
	ids();
	dates();
	frequency();
	return CHECK_DONE();
}
