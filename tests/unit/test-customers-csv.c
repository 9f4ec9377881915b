/* test-customers-csv.c: the export neutralises spreadsheet formulas. */
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
	ss_customers_csv_row(r, sink, &b);
	bson_destroy(r);
	return b.data;
}

int main(void)
{
	struct buf h = { .len = 0 };

	CHECK(ss_customers_csv_header(sink, &h) == 0 &&
	      strcmp(h.data, "CustomerID,Cluster,Recency,Frequency,Monetary,RFM_Score,RFM_Segment\r\n") == 0,
	      "header");
	CHECK_STR(row("12347"), "12347,1,5,2,-3.5,545,Can't Lose Them\r\n", "plain row (numbers untouched)");
	CHECK_STR(row("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\",1,5,2,-3.5,545,Can't Lose Them\r\n",
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
	ss_customers_csv_row(r, sink, &b);
	bson_destroy(r);
	CHECK(b.len > 0 && b.data[0] == '"', "an id with a NUL and a line break is quoted whole");
	return CHECK_DONE();
}
