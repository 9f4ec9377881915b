/* customers_csv.c: CSV export with formula-injection neutralising. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "csv_cell.h"
#include "document/customers_csv.h"
#include "document/document.h"

static const char *const columns[] = {
	"CustomerID", "Cluster", "Recency", "Frequency", "Monetary", "RFM_Score", "RFM_Segment",
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

int ss_customers_csv_header(ss_json_sink sink, void *ctx)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (sink(ctx, columns[i], strlen(columns[i])) != 0 ||
		    sink(ctx, i + 1 < NCOLUMNS ? "," : "\r\n", i + 1 < NCOLUMNS ? 1 : 2) != 0)
			return -1;
	return 0;
}

static int write_cell(bson_iter_t *it, ss_json_sink sink, void *ctx)
{
	char buf[64];
	uint32_t len;
	const char *s;

	switch (bson_iter_type(it)) {
	case BSON_TYPE_UTF8:
		s = bson_iter_utf8(it, &len);
		return ss_csv_text_cell(s, len, sink, ctx);
	case BSON_TYPE_INT32:
	case BSON_TYPE_INT64:
		snprintf(buf, sizeof(buf), "%" PRId64, bson_iter_as_int64(it));
		return sink(ctx, buf, strlen(buf));
	case BSON_TYPE_DOUBLE:
		return sink(ctx, buf, ss_json_format_double(bson_iter_double(it), buf));
	default:
		return 0;
	}
}

int ss_customers_csv_row(const bson_t *row, ss_json_sink sink, void *ctx)
{
	bson_iter_t it;

	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (bson_iter_init_find(&it, row, columns[i]) && write_cell(&it, sink, ctx) != 0)
			return -1;
		if (sink(ctx, i + 1 < NCOLUMNS ? "," : "\r\n", i + 1 < NCOLUMNS ? 1 : 2) != 0)
			return -1;
	}
	return 0;
}

struct csv_out {
	ss_json_sink sink;
	void *ctx;
};

static int write_row(void *ctx, const bson_t *row)
{
	struct csv_out *o = ctx;

	return ss_customers_csv_row(row, o->sink, o->ctx);
}

int ss_customers_csv_write(const bson_t *doc, ss_json_sink sink, void *ctx)
{
	struct csv_out o = { sink, ctx };

	if (ss_customers_csv_header(sink, ctx) != 0)
		return -1;
	return ss_document_each_row(doc, write_row, &o);
}
