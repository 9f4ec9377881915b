/* test-customers-csv.c: the export neutralises spreadsheet formulas, adds
 * the scores, the segment's name, orders and revenue, and exports one
 * segment (a cluster, an RFM segment, the customers set aside) alone. */
#include <stdlib.h>
#include "check.h"
#include "document/customers_csv.h"

struct buf { char data[4096]; size_t len; };

static int sink(void *ctx, const char *s, size_t n)
{
	struct buf *b = ctx;
	if (b->len + n >= sizeof(b->data))
		return -1;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

static const char *row(const char *id)
{
	static struct buf b;
	bson_t *r = BCON_NEW("CustomerID", BCON_UTF8(id), "Recency", BCON_INT32(5),
	                     "Frequency", BCON_INT32(2), "Monetary", BCON_DOUBLE(-3.5),
	                     "Cluster", BCON_INT32(1), "RFM_Score", BCON_UTF8("545"),
	                     "RFM_Segment", BCON_UTF8("Can't Lose Them"));
	b.len = 0;
	b.data[0] = '\0';
	ss_customers_csv_row(NULL, r, sink, &b);
	bson_destroy(r);
	return b.data;
}

/* A document: two clusters, one named like a formula; three customers;
 * one set aside. */
static bson_t *doc(void)
{
	return BCON_NEW(
	    "summary", "[",
	        "{", "Cluster", BCON_INT32(0), "AI_Marketing_Name", BCON_UTF8("Loyal Big Spenders"), "}",
	        "{", "Cluster", BCON_INT32(1), "AI_Marketing_Name", BCON_UTF8("=Dormant, \"cheap\""), "}",
	    "]",
	    "set_aside", "{", "count", BCON_INT32(1), "customers", "[",
	        "{", "CustomerID", BCON_UTF8("-9"), "Recency", BCON_INT32(40), "Frequency", BCON_INT32(2),
	             "Monetary", BCON_DOUBLE(-12.5), "}", "]", "}",
	    "raw_data", "[",
	        "{", "CustomerID", BCON_UTF8("a"), "Recency", BCON_INT32(3), "Frequency", BCON_INT32(9),
	             "Monetary", BCON_DOUBLE(900), "Cluster", BCON_INT32(0), "RFM_Score", BCON_UTF8("555"),
	             "RFM_Segment", BCON_UTF8("Champions"), "}",
	        "{", "CustomerID", BCON_UTF8("b"), "Recency", BCON_INT32(90), "Frequency", BCON_INT32(1),
	             "Monetary", BCON_DOUBLE(20), "Cluster", BCON_INT32(1), "RFM_Score", BCON_UTF8("111"),
	             "RFM_Segment", BCON_UTF8("Lost"), "}",
	        "{", "CustomerID", BCON_UTF8("c"), "Recency", BCON_INT32(80), "Frequency", BCON_INT32(1),
	             "Monetary", BCON_DOUBLE(25), "Cluster", BCON_INT32(1), "RFM_Score", BCON_UTF8("112"),
	             "RFM_Segment", BCON_UTF8("Lost"), "}",
	    "]");
}

#define HEADER "CustomerID,Cluster,Recency,Frequency,Monetary,RFM_Score,RFM_Segment,R_Score,F_Score,M_Score,Segment,Orders,Revenue\r\n"
#define ROW_A "a,0,3,9,900,555,Champions,5,5,5,Loyal Big Spenders,9,900\r\n"
#define ROW_B "b,1,90,1,20,111,Lost,1,1,1,\"'=Dormant, \"\"cheap\"\"\",1,20\r\n"
#define ROW_C "c,1,80,1,25,112,Lost,1,1,2,\"'=Dormant, \"\"cheap\"\"\",1,25\r\n"
#define ROW_X "\"'-9\",,40,2,-12.5,,Returned everything,,,,Returned everything,2,-12.5\r\n"

static void export_is(const bson_t *d, const char *segment, const char *want, const char *what)
{
	struct buf b = { .len = 0 };
	ss_error err = { 0 };
	int rc = ss_customers_csv_write(d, segment, sink, &b, &err);

	CHECK(rc == 0 && strcmp(b.data, want) == 0, "%s%s%s", what, rc ? ": " : "", rc ? err.msg : "");
	if (rc == 0 && strcmp(b.data, want) != 0)
		printf("# got:\n%s# want:\n%s", b.data, want);
}

static void exports(void)
{
	bson_t *d = doc();
	ss_customers_export x;
	ss_error err = { 0 };
	char name[120];

	export_is(d, NULL, HEADER ROW_A ROW_B ROW_C ROW_X, "whole export: the cluster names (formula-safe), then the customers set aside");
	export_is(d, "Loyal Big Spenders", HEADER ROW_A, "segment=Loyal Big Spenders: cluster 0 only");
	export_is(d, "=Dormant, \"cheap\"", HEADER ROW_B ROW_C, "a cluster named like a formula: found by its name");
	export_is(d, "Champions", HEADER ROW_A, "segment=Champions: the RFM segment");
	export_is(d, "Lost", HEADER ROW_B ROW_C, "segment=Lost: the RFM segment");
	export_is(d, "Returned everything", HEADER ROW_X, "segment=Returned everything: the customers set aside");
	export_is(d, "", HEADER ROW_A ROW_B ROW_C ROW_X, "an empty segment is the whole export");
	CHECK(ss_customers_export_init(&x, d, "Nobody <b>", &err) == -1 && err.code == SS_EPARAM &&
	      strstr(err.msg, "unknown segment \"Nobody <b>\"") && strstr(err.msg, "\"Loyal Big Spenders\"") &&
	      strstr(err.msg, "\"Returned everything\""), "an unknown segment: the message lists them: %s", err.msg);
	CHECK(ss_customers_export_init(&x, d, "loyal big spenders", &err) == -1, "names are matched exactly");
	ss_customers_export_init(&x, d, "=Dormant, \"cheap\"", &err);
	ss_customers_export_filename(&x, "0123456789abcdef01234567", name, sizeof(name));
	CHECK_STR(name, "smartseg-0123456789abcdef01234567-dormant-cheap.csv", "the file name of a segment: a slug");
	ss_customers_export_init(&x, d, NULL, &err);
	ss_customers_export_filename(&x, "0123456789abcdef01234567", name, sizeof(name));
	CHECK_STR(name, "smartseg-0123456789abcdef01234567-customers.csv", "the whole export's file name");
	bson_destroy(d);
	bson_t *nod = BCON_NEW("summary", "[", "]");
	CHECK(ss_customers_export_init(&x, nod, "Returned everything", &err) == -1,
	      "Returned everything without customers set aside is unknown");
	bson_destroy(nod);
}

/* With lifetime values: four more columns, an empty cell for null. */
static void lifetime(void)
{
	bson_t *d = BCON_NEW("clv", "{", "horizon_days", BCON_INT32(90), "}");
	bson_t *r = BCON_NEW("CustomerID", BCON_UTF8("7"), "Recency", BCON_INT32(5),
	                     "Frequency", BCON_INT32(1), "Monetary", BCON_DOUBLE(10),
	                     "Cluster", BCON_INT32(0), "RFM_Score", BCON_UTF8("111"),
	                     "RFM_Segment", BCON_UTF8("Lost"), "p_alive", BCON_DOUBLE(0.25),
	                     "expected_purchases", BCON_DOUBLE(1.5), "expected_value", BCON_NULL,
	                     "clv", BCON_DOUBLE(12.5));
	ss_customers_export x;
	ss_error err = { 0 };
	struct buf b = { .len = 0 };

	CHECK(ss_customers_export_init(&x, d, NULL, &err) == 0 && x.clv, "the clv block is seen");
	CHECK(ss_customers_csv_header(&x, sink, &b) == 0 &&
	      strcmp(b.data, "CustomerID,Cluster,Recency,Frequency,Monetary,RFM_Score,RFM_Segment,"
	                     "R_Score,F_Score,M_Score,Segment,Orders,Revenue,p_alive,"
	                     "expected_purchases,expected_value,clv\r\n") == 0,
	      "header with lifetime values");
	b.len = 0;
	CHECK(ss_customers_csv_row(&x, r, sink, &b) == 0, "row with lifetime values written");
	CHECK_STR(b.data, "7,0,5,1,10,111,Lost,1,1,1,,1,10,0.25,1.5,,12.5\r\n",
	          "lifetime values after revenue, null as an empty cell");
	bson_destroy(r);
	bson_destroy(d);
}

int main(void)
{
	struct buf h = { .len = 0 };

	CHECK(ss_customers_csv_header(NULL, sink, &h) == 0 &&
	      strcmp(h.data, "CustomerID,Cluster,Recency,Frequency,Monetary,RFM_Score,RFM_Segment,"
	                     "R_Score,F_Score,M_Score,Segment,Orders,Revenue\r\n") == 0,
	      "header: the first version's columns, then scores, segment, orders, revenue");
	CHECK_STR(row("12347"), "12347,1,5,2,-3.5,545,Can't Lose Them,5,4,5,,2,-3.5\r\n",
	          "plain row (numbers untouched, no names: Segment empty)");
	CHECK_STR(row("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\",1,5,2,-3.5,545,Can't Lose Them,5,4,5,,2,-3.5\r\n",
	          "= neutralised and quotes doubled");
	CHECK(strncmp(row("+1"), "\"'+1\"", 5) == 0, "+ neutralised");
	CHECK(strncmp(row("-2"), "\"'-2\"", 5) == 0, "- neutralised");
	CHECK(strncmp(row("@SUM"), "\"'@SUM\"", 7) == 0, "@ neutralised");
	CHECK(strncmp(row("a,b"), "\"a,b\"", 5) == 0, "delimiter quoted");
	/* a stored id with a NUL before a line break: still quoted whole */
	static const char nul_id[] = "abc\0\r\n=HYPERLINK(1)";
	bson_t *r = bson_new();
	struct buf b = { .len = 0 };
	bson_append_utf8(r, "CustomerID", -1, nul_id, (int)sizeof(nul_id) - 1);
	ss_customers_csv_row(NULL, r, sink, &b);
	bson_destroy(r);
	CHECK(b.len > 0 && b.data[0] == '"', "an id with a NUL and a line break is quoted whole");
	exports();
	lifetime();
	return CHECK_DONE();
}
