/* csv_cell.c: see csv_cell.h. */
#include <string.h>
#include "csv_cell.h"

int ss_csv_text_cell(const char *s, size_t len, ss_json_sink sink, void *ctx)
{
	int formula = len > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	int quote = formula;
	size_t start = 0;

	for (size_t i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n' || s[i] == '\0';
	if (quote && sink(ctx, "\"", 1) != 0)
		return -1;
	if (formula && sink(ctx, "'", 1) != 0)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '"') {
			if (sink(ctx, s + start, i + 1 - start) != 0 || sink(ctx, "\"", 1) != 0)
				return -1;
			start = i + 1;
		}
	if (sink(ctx, s + start, len - start) != 0)
		return -1;
	return quote ? sink(ctx, "\"", 1) : 0;
}
