/* date.c: date parsing for ingest (ISO 8601, slash, dot, YYYYMMDD). */
#include "ingest/date.h"

#define US_PER_SEC INT64_C(1000000)
#define US_PER_DAY (INT64_C(86400) * US_PER_SEC)

int64_t ss_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* H. Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_ymd(int64_t y, unsigned m, unsigned d)
{
	static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (unsigned)(m == 2 && is_leap(y));
}

/* A cursor over the string. */
typedef struct cur { const char *p, *e; } cur;

/* Reads 1..max digits; returns the count read (0 = none). */
static int digits(cur *c, int max, int64_t *out)
{
	int k = 0;
	int64_t v = 0;
	while (c->p < c->e && k < max && *c->p >= '0' && *c->p <= '9') {
		v = v * 10 + (*c->p - '0');
		c->p++, k++;
	}
	*out = v;
	return k;
}

static int eat(cur *c, char ch)
{
	if (c->p < c->e && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

static void skip_spaces(cur *c)
{
	while (c->p < c->e && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* [H]H:MM[:SS[.frac]] -> microseconds of the day; -1 when malformed. */
static int64_t time_of_day(cur *c)
{
	int64_t h, mi, s = 0, frac = 0;
	if (digits(c, 2, &h) == 0 || !eat(c, ':') || digits(c, 2, &mi) != 2)
		return -1;
	if (eat(c, ':')) {
		if (digits(c, 2, &s) != 2)
			return -1;
		if (eat(c, '.') || eat(c, ',')) {
			int k = 0;
			int64_t scale = 100000;
			if (c->p >= c->e || *c->p < '0' || *c->p > '9')
				return -1;
			while (c->p < c->e && *c->p >= '0' && *c->p <= '9') {
				if (k < 6)
					frac += (*c->p - '0') * scale, scale /= 10;
				c->p++, k++;
			}
		}
	}
	if (h > 23 || mi > 59 || s > 59)
		return -1;
	return ((h * 60 + mi) * 60 + s) * US_PER_SEC + frac;
}

/* Optional " AM"/" PM" after a time: adjusts *tod; 0 when malformed. */
static int am_pm(cur *c, int64_t *tod)
{
	cur save = *c;
	skip_spaces(c);
	if (c->e - c->p >= 2 && (c->p[1] == 'M' || c->p[1] == 'm')) {
		char a = c->p[0];
		int pm = a == 'P' || a == 'p';
		if (!pm && a != 'A' && a != 'a') {
			*c = save;
			return 1;
		}
		int64_t h = *tod / (3600 * US_PER_SEC);
		if (h < 1 || h > 12)
			return 0;
		if (pm && h != 12)
			*tod += 12 * 3600 * US_PER_SEC;
		if (!pm && h == 12)
			*tod -= 12 * 3600 * US_PER_SEC;
		c->p += 2;
		return 1;
	}
	*c = save;
	return 1;
}

/* Optional time after a date (separator: space or T). Returns 1 and sets
 * *tod (0 when absent), 0 when something follows that is not a time. */
static int opt_time(cur *c, int allow_t, int64_t *tod)
{
	*tod = 0;
	if (c->p == c->e)
		return 1;
	if (allow_t && (*c->p == 'T' || *c->p == 't'))
		c->p++;
	else if (*c->p == ' ')
		skip_spaces(c);
	else
		return 0;
	if (c->p == c->e)
		return 1;
	*tod = time_of_day(c);
	return *tod >= 0;
}

/* Optional Z or +HH[:MM] / -HH[MM]: seconds to subtract to reach UTC. */
static int opt_offset(cur *c, int64_t *off_us)
{
	int64_t hh, mm = 0;
	*off_us = 0;
	skip_spaces(c);
	if (c->p == c->e)
		return 1;
	if (*c->p == 'Z' || *c->p == 'z') {
		c->p++;
		return 1;
	}
	if (*c->p != '+' && *c->p != '-')
		return 0;
	int neg = *c->p == '-';
	c->p++;
	if (digits(c, 2, &hh) != 2)
		return 0;
	eat(c, ':');
	if (c->p < c->e && digits(c, 2, &mm) != 2)
		return 0;
	if (hh > 23 || mm > 59)
		return 0;
	*off_us = (hh * 60 + mm) * 60 * US_PER_SEC * (neg ? -1 : 1);
	return 1;
}

static int64_t instant(int64_t y, unsigned m, unsigned d, int64_t tod)
{
	return ss_days_from_civil(y, m, d) * US_PER_DAY + tod;
}

static int64_t two_digit_year(int64_t y)
{
	return y >= 69 ? 1900 + y : 2000 + y;
}

static ss_date_kind fixed(ss_date *d, int64_t us)
{
	d->kind = SS_DATE_FIXED;
	d->us[0] = d->us[1] = us;
	d->ok[0] = d->ok[1] = 1;
	d->key = us;
	return d->kind;
}

ss_date_kind ss_date_parse(const char *s, size_t n, ss_date *d)
{
	cur c = {s, s + n};
	int64_t a, b, y, tod, off;
	int ka, kb, ky;

	d->kind = SS_DATE_BAD;
	d->ok[0] = d->ok[1] = 0;
	d->us[0] = d->us[1] = d->key = 0;
	while (c.p < c.e && (*c.p == ' ' || *c.p == '\t'))
		c.p++;
	while (c.e > c.p && (c.e[-1] == ' ' || c.e[-1] == '\t'))
		c.e--;

	ka = digits(&c, 8, &a);
	if (ka == 0 || (c.p == c.e && ka != 8))
		return SS_DATE_BAD;
	if (ka == 8) { /* YYYYMMDD [time] */
		y = a / 10000;
		unsigned m = (unsigned)(a / 100 % 100), dd = (unsigned)(a % 100);
		if (!valid_ymd(y, m, dd) || !opt_time(&c, 1, &tod) || c.p != c.e)
			return SS_DATE_BAD;
		return fixed(d, instant(y, m, dd, tod));
	}
	char sep = *c.p++;
	if (ka == 4 && (sep == '-' || sep == '/')) { /* ISO-like, year first */
		y = a;
		if (digits(&c, 2, &a) == 0 || !eat(&c, sep) || digits(&c, 2, &b) == 0)
			return SS_DATE_BAD;
		if (!valid_ymd(y, (unsigned)a, (unsigned)b) || !opt_time(&c, 1, &tod))
			return SS_DATE_BAD;
		if (!opt_offset(&c, &off) || c.p != c.e)
			return SS_DATE_BAD;
		return fixed(d, instant(y, (unsigned)a, (unsigned)b, tod) - off);
	}
	if (ka > 2 || (sep != '/' && sep != '.'))
		return SS_DATE_BAD;
	kb = digits(&c, 2, &b);
	if (kb == 0 || !eat(&c, sep))
		return SS_DATE_BAD;
	ky = digits(&c, 4, &y);
	if (ky == 2)
		y = two_digit_year(y);
	else if (ky != 4)
		return SS_DATE_BAD;
	if (!opt_time(&c, 0, &tod) || !am_pm(&c, &tod) || c.p != c.e)
		return SS_DATE_BAD;
	if (sep == '.') { /* D.M.Y: always day-first */
		if (!valid_ymd(y, (unsigned)b, (unsigned)a))
			return SS_DATE_BAD;
		return fixed(d, instant(y, (unsigned)b, (unsigned)a, tod));
	}
	d->ok[0] = valid_ymd(y, (unsigned)a, (unsigned)b);
	d->ok[1] = valid_ymd(y, (unsigned)b, (unsigned)a);
	if (!d->ok[0] && !d->ok[1])
		return SS_DATE_BAD;
	if (d->ok[0])
		d->us[0] = instant(y, (unsigned)a, (unsigned)b, tod);
	if (d->ok[1])
		d->us[1] = instant(y, (unsigned)b, (unsigned)a, tod);
	/* (a, b, y, tod) packed: each reading is a bijection of it. Shifted
	 * below every real instant (years 1..9999) so keys never collide. */
	d->key = INT64_C(-1000000000000000000) - (((y * 16 + a) * 32 + b) * US_PER_DAY + tod);
	d->kind = SS_DATE_SLASH;
	return d->kind;
}
