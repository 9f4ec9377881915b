/* fmt.c: number formatting and the escaping string buffer. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fmt.h"

#define NNBSP "\xe2\x80\xaf"   /* U+202F narrow no-break space */

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

/* Appends n bytes of s to out[*o] while they fit. */
static void put(char *out, size_t size, size_t *o, const char *s, size_t n)
{
	if (*o + n < size) {
		memcpy(out + *o, s, n);
		*o += n;
	}
}

const char *lang_number(int lang, const char *s, char *out, size_t size)
{
	size_t o = 0;

	if (size == 0)
		return out;
	if (lang != FMT_FR) {
		snprintf(out, size, "%s", s);
		return out;
	}
	for (const char *p = s; *p != '\0';) {
		/* a number: digits with ',' between groups, then '.' and digits;
		 * not one inside a word or a version like 1.2.3 */
		if (isdigit((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1]))) {
			char digits[64];
			size_t nd = 0;
			const char *q = p;
			while (nd + 1 < sizeof(digits) && (isdigit((unsigned char)*q) ||
			       (*q == ',' && isdigit((unsigned char)q[1]) && nd > 0))) {
				if (*q != ',')
					digits[nd++] = *q;
				q++;
			}
			for (size_t i = 0; i < nd; i++) {
				if (i > 0 && (nd - i) % 3 == 0)
					put(out, size, &o, NNBSP, 3);
				put(out, size, &o, &digits[i], 1);
			}
			if (*q == '.' && isdigit((unsigned char)q[1])) {
				put(out, size, &o, ",", 1);
				for (q++; isdigit((unsigned char)*q); q++)
					put(out, size, &o, q, 1);
			}
			if (*q == '%') {
				put(out, size, &o, NNBSP "%", 4);
				q++;
			}
			p = q;
			continue;
		}
		put(out, size, &o, p, 1);
		p++;
	}
	out[o] = '\0';
	return out;
}

const char *lang_date(int lang, const char *s, char *out, size_t size)
{
	int y, mo, d, h, mi;
	char t;

	if (lang == FMT_FR && strlen(s) >= 17 &&
	    sscanf(s, "%4d-%2d-%2d%c%2d:%2d", &y, &mo, &d, &t, &h, &mi) == 6 && t == 'T') {
		snprintf(out, size, "%02d/%02d/%04d %02d:%02d", d, mo, y, h, mi);
		return out;
	}
	snprintf(out, size, "%s", s);
	return out;
}

const char *lang_fill(const char *t, const char *const *args, char *out, size_t size)
{
	size_t o = 0, nargs = 0;

	while (args[nargs] != NULL)
		nargs++;
	if (size == 0)
		return out;
	for (; *t != '\0' && o + 1 < size; t++) {
		if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}' &&
		    (size_t)(t[1] - '1') < nargs) {
			const char *a = args[t[1] - '1'];
			size_t n = strlen(a);
			if (n > size - 1 - o)
				n = size - 1 - o;
			memcpy(out + o, a, n);
			o += n;
			t += 2;
			continue;
		}
		out[o++] = *t;
	}
	out[o] = '\0';
	return out;
}
