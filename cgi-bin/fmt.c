/* fmt.c: number formatting and the escaping string buffer. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fmt.h"

void fmt_double(char *buf, size_t size, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void fmt_fixed(char *buf, size_t size, double v, int decimals)
{
	char raw[64], *dot, *o = buf;
	size_t intlen, i;

	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "n/a");
		return;
	}
	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	const char *digits = raw[0] == '-' ? raw + 1 : raw;
	dot = strchr(digits, '.');
	intlen = dot ? (size_t)(dot - digits) : strlen(digits);
	if (size < strlen(raw) + intlen / 3 + 2) {
		snprintf(buf, size, "%s", raw);
		return;
	}
	if (raw[0] == '-')
		*o++ = '-';
	for (i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			*o++ = ',';
		*o++ = digits[i];
	}
	strcpy(o, digits + intlen);
}

static void grow(struct sbuf *b, size_t need)
{
	size_t cap;
	char *p;

	if (b->oom || b->len + need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + need + 1)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL) {
		b->oom = true;
		return;
	}
	b->p = p;
	b->cap = cap;
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	if (b->oom)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sbuf_escape(struct sbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': sbuf_printf(b, "&amp;"); break;
		case '<': sbuf_printf(b, "&lt;"); break;
		case '>': sbuf_printf(b, "&gt;"); break;
		case '"': sbuf_printf(b, "&quot;"); break;
		case '\'': sbuf_printf(b, "&#39;"); break;
		default: sbuf_printf(b, "%c", *s);
		}
	}
}

void sbuf_free(struct sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
