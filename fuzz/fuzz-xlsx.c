/* fuzz-xlsx.c: the .xlsx reader, any bytes as the workbook (first sheet):
 * it reads to the end or refuses with a reason, and every cell it gives is
 * whole UTF-8-sized text inside a row. */
#include <stdint.h>
#include <stdlib.h>
#include "ingest/xlsx.h"

struct seen {
	size_t cells, rows;
};

static int on_cell(void *ctx, const char *s, size_t n)
{
	struct seen *v = ctx;
	if (n > 0 && s == NULL)
		abort();
	v->cells++;
	return 0;
}

static int on_row(void *ctx)
{
	((struct seen *)ctx)->rows++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen v = { 0, 0 };
	ss_xlsx_sink sink = { on_cell, on_row, &v };
	ss_xlsx_info info;
	ss_error err = { 0 };

	int rc = ss_xlsx_read_mem(data, size, NULL, &sink, &info, &err);
	if (rc != 0 && err.msg[0] == '\0')  /* a refusal always says why */
		abort();
	if (v.rows > 0 && v.cells == 0)  /* rows without cells are skipped */
		abort();
	return 0;
}
