/* fmt.h: number formatting and a growable text buffer with HTML escaping,
 * for the CSV export and the SVG charts. */
#ifndef SMARTSEG_FMT_H
#define SMARTSEG_FMT_H
#include <stdbool.h>
#include <stddef.h>
#include "strbuf.h"

/* Shortest text that reads back as v ("" for NaN or infinity). */
void fmt_double(char *buf, size_t size, double v);
/* v with decimals places and thousands separators ("1,237.07"). */
void fmt_fixed(char *buf, size_t size, double v, int decimals);

/* Appends s to b with & < > " ' escaped (text and attribute values). */
void sbuf_escape(ss_strbuf *b, const char *s);

#endif
