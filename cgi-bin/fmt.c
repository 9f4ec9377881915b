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
	/* beyond 1e15 grouped digits mean nothing (and may not fit raw) */
	int n = fabs(v) < 1e15 ? snprintf(raw, sizeof(raw), "%.*f", decimals, v) : -1;
	if (n < 0 || (size_t)n >= sizeof(raw)) {
		snprintf(buf, size, "%.6g", v);
		return;
	}
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

void sbuf_escape(ss_strbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
		                : *s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : NULL;
		if (rep != NULL)
			ss_strbuf_append(b, rep, strlen(rep));
		else
			ss_strbuf_append(b, s, 1);
	}
}
