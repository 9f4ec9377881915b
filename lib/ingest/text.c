/* text.c: UTF-8 repair, trimming, missing tokens, id and header
 * normalisation, locale-free number parsing for ingest. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/text.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c >= 0x01 && c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

bool ss_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (u[i] >= 0x01 && u[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_seq(u + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

size_t ss_utf8_fix(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	while (i < n) {
		size_t k = utf8_seq(u + i, n - i);
		if (k > 0) {
			memcpy(out + o, u + i, k);
			o += k, i += k;
		} else if (u[i] == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3, i++;
		} else { /* Latin-1 byte 0x80..0xFF -> two bytes */
			out[o++] = (char)(0xC0 | (u[i] >> 6));
			out[o++] = (char)(0x80 | (u[i] & 0x3F));
			i++;
		}
	}
	out[o] = '\0';
	return o;
}

size_t ss_utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void ss_trim(const char **s, size_t *n)
{
	const char *p = *s, *e = *s + *n;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	*s = p;
	*n = (size_t)(e - p);
}

bool ss_is_missing(const char *s, size_t n)
{
	/* pandas' default na_values */
	static const struct { const char *s; size_t n; } na[] = {
#define NA_(x) {x, sizeof(x) - 1}
		NA_("NA"), NA_("N/A"), NA_("n/a"), NA_("NaN"), NA_("nan"), NA_("-NaN"),
		NA_("-nan"), NA_("NULL"), NA_("null"), NA_("None"), NA_("#N/A"),
		NA_("#N/A N/A"), NA_("#NA"), NA_("<NA>"), NA_("1.#IND"), NA_("1.#QNAN"),
		NA_("-1.#IND"), NA_("-1.#QNAN"),
#undef NA_
	};
	/* fast path: most values start with a byte no token starts with */
	if (n > 0) {
		switch (s[0]) {
		case ' ': case '\t': case '\r': case '\n': case 'N': case 'n': case '-': case '#': case '<': case '1':
			break;
		default:
			return false;
		}
	}
	ss_trim(&s, &n);
	if (n == 0)
		return true;
	if (n > 8)
		return false;
	for (size_t i = 0; i < sizeof(na) / sizeof(na[0]); i++)
		if (na[i].n == n && memcmp(na[i].s, s, n) == 0)
			return true;
	return false;
}

size_t ss_customer_norm(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 || i == n || s[i] != '.')
		return n;
	for (size_t j = i + 1; j < n; j++)
		if (s[j] != '0')
			return n;
	return i;
}

void ss_header_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '_')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[o++] = c;
	}
	if (cap > 0)
		out[o] = '\0';
}

/* 10^k exactly representable as a double for k <= 22. */
static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Parses the plain decimal s[0..n) (no separators but '.'); false when it
 * is not [+-]digits[.digits][(e|E)[+-]digits]. Exact: Clinger's fast path
 * when the digits fit, else strtod ("C" numeric locale: the library never
 * calls setlocale). */
static bool parse_plain(const char *s, size_t n, double *out)
{
	size_t i = 0;
	int neg = 0, ndig = 0, sig = 0, exp10 = 0;
	uint64_t mant = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
		if (mant || s[i] != '0')
			sig++;
		if (sig <= 19)
			mant = mant * 10 + (uint64_t)(s[i] - '0');
		else
			exp10++;
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
			if (mant || s[i] != '0')
				sig++;
			if (sig <= 19) {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				exp10--;
			}
		}
	}
	if (ndig == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		int eneg = 0, ev = 0, ed = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ed++)
			if (ev < 100000)
				ev = ev * 10 + (s[i] - '0');
		if (ed == 0)
			return false;
		exp10 += eneg ? -ev : ev;
	}
	if (i != n)
		return false;
	double v;
	if (sig <= 19 && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
		v = (double)mant;
		v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
		if (neg)
			v = -v;
	} else {
		char buf[400];
		if (n >= sizeof(buf))
			return false;
		memcpy(buf, s, n);
		buf[n] = '\0';
		v = strtod(buf, NULL);
	}
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}

bool ss_parse_number(const char *s, size_t n, bool comma_ok, double *out,
                     bool *used_comma)
{
	char buf[128];
	size_t o = 0;
	const char *last_comma = NULL, *last_dot = NULL;
	char dec = '.';

	*used_comma = false;
	if (n > 0 && ((unsigned char)s[0] <= ' ' || (unsigned char)s[n - 1] <= ' '))
		ss_trim(&s, &n);
	if (n == 0)
		return false;
	const char *comma = memchr(s, ',', n);
	if (comma == NULL)
		return parse_plain(s, n, out);
	if (!comma_ok || n >= sizeof(buf))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ',')
			last_comma = s + i;
		else if (s[i] == '.')
			last_dot = s + i;
	}
	if (!last_dot || last_comma > last_dot) {
		dec = ',';
		/* a lone comma is decimal; several are thousands ("1,234,567") */
		if (!last_dot && comma != last_comma)
			dec = '.';
	}
	/* Normalise into buf: the decimal separator becomes '.', the
	 * thousands separator is dropped. */
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == dec)
			c = '.';
		else if (c == ',' || c == '.')
			continue;
		buf[o++] = c;
	}
	*used_comma = dec == ',';
	return parse_plain(buf, o, out);
}
