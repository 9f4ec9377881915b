/* fmt.h: number formatting and a growable text buffer with HTML escaping,
 * for the CSV export and the SVG charts. */
#ifndef SMARTSEG_FMT_H
#define SMARTSEG_FMT_H
#include <stdbool.h>
#include <stddef.h>

/* Shortest text that reads back as v ("" for NaN or infinity). */
void fmt_double(char *buf, size_t size, double v);
/* v with decimals places and thousands separators ("1,237.07"). */
void fmt_fixed(char *buf, size_t size, double v, int decimals);

/* A growable NUL-terminated string. After an allocation failure it stops
 * growing and oom is set; sbuf_free(NULL-content) is fine. */
struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped (text and attribute values). */
void sbuf_escape(struct sbuf *b, const char *s);
void sbuf_free(struct sbuf *b);

#endif
