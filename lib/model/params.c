/* params.c: analysis parameters, their defaults and their parsing. */
#include <ctype.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <math.h>
#include "model/cap.h"
#include "model/params.h"

void ss_params_default(ss_params *p)
{
	memset(p, 0, sizeof(*p));
	p->k = 3;
	p->transform = SS_TRANSFORM_NONE;
	p->seed = 42;
	p->lang = SS_LANG_EN;
	p->delimiter = 0;
	p->silhouette_max = 50000;
	p->n_init = 10;
	p->max_iter = 300;
	p->tol = 1e-4;
	p->returns = SS_RETURNS_NET;
	p->nonpositive = SS_NONPOSITIVE_KEEP;
	p->cap = 0;
	ss_bins_default(&p->bins);
	p->clv = false;
	p->horizon = 90;
	p->discount = 0;
}

void ss_params_marketing(ss_params *p)
{
	p->k = SS_K_AUTO;
	p->transform = SS_TRANSFORM_LOG;
	p->returns = SS_RETURNS_EXCLUDE;
	p->nonpositive = SS_NONPOSITIVE_ASIDE;
}

int ss_parse_k(const char *s, int *k, ss_error *err)
{
	char *end;
	long v;

	if (s != NULL && strcmp(s, "auto") == 0) {
		*k = SS_K_AUTO;
		return 0;
	}
	if (s == NULL || *s == '\0')
		return ss_error_set(err, SS_EPARAM, "k is empty: give a number of clusters from %d to %d, or auto",
		                    SS_K_MIN, SS_K_MAX);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || isspace((unsigned char)*s))
		return ss_error_set(err, SS_EPARAM, "k must be a whole number from %d to %d, or auto (got '%.40s')",
		                    SS_K_MIN, SS_K_MAX, s);
	if (v < SS_K_MIN || v > SS_K_MAX)
		return ss_error_set(err, SS_EPARAM, "k out of range: %ld (allowed: %d to %d, or auto)",
		                    v, SS_K_MIN, SS_K_MAX);
	*k = (int)v;
	return 0;
}

/* s cut to 40 bytes with anything but printable ASCII as '?': an echoed
 * value is one line of plain text wherever the message goes. */
static void shown(char out[48], const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < 40; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	snprintf(out + i, 48 - i, "%s", s[i] != '\0' ? "..." : "");
}

int ss_parse_delimiter(const char *s, char *c, ss_error *err)
{
	char got[48];

	if (s != NULL && (*s == '\0' || strcasecmp(s, "auto") == 0))
		*c = 0;
	else if (s != NULL && (strcasecmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 ||
	                       strcmp(s, "\t") == 0))
		*c = '\t';
	else if (s != NULL && s[0] != '\0' && s[1] == '\0' && strchr(",;|", s[0]) != NULL)
		*c = s[0];
	else {
		shown(got, s != NULL ? s : "");
		return ss_error_set(err, SS_EPARAM, "delimiter must be \",\" \";\" \"|\", tab "
		                    "(tab, TAB, \\t or a tab character) or auto (got '%s')", got);
	}
	return 0;
}

int ss_parse_transform(const char *s, ss_transform *t, ss_error *err)
{
	if (s != NULL && strcmp(s, "none") == 0)
		*t = SS_TRANSFORM_NONE;
	else if (s != NULL && strcmp(s, "log") == 0)
		*t = SS_TRANSFORM_LOG;
	else
		return ss_error_set(err, SS_EPARAM, "transform must be none or log (got '%.40s')",
		                    s != NULL ? s : "");
	return 0;
}

const char *ss_transform_name(ss_transform t)
{
	return t == SS_TRANSFORM_LOG ? "log" : "none";
}

int ss_parse_returns(const char *s, ss_returns *r, ss_error *err)
{
	char got[48];

	if (s != NULL && strcmp(s, "net") == 0)
		*r = SS_RETURNS_NET;
	else if (s != NULL && strcmp(s, "exclude") == 0)
		*r = SS_RETURNS_EXCLUDE;
	else {
		shown(got, s != NULL ? s : "");
		return ss_error_set(err, SS_EPARAM, "returns must be net (returns reduce Monetary) or "
		                    "exclude (negative lines and cancelled invoices left out) (got '%s')",
		                    got);
	}
	return 0;
}

const char *ss_returns_name(ss_returns r)
{
	return r == SS_RETURNS_EXCLUDE ? "exclude" : "net";
}

int ss_parse_nonpositive(const char *s, ss_nonpositive *v, ss_error *err)
{
	char got[48];

	if (s != NULL && strcmp(s, "keep") == 0)
		*v = SS_NONPOSITIVE_KEEP;
	else if (s != NULL && strcmp(s, "aside") == 0)
		*v = SS_NONPOSITIVE_ASIDE;
	else {
		shown(got, s != NULL ? s : "");
		return ss_error_set(err, SS_EPARAM, "nonpositive must be keep (clustered) or aside "
		                    "(customers with net Monetary <= 0 set apart) (got '%s')", got);
	}
	return 0;
}

const char *ss_nonpositive_name(ss_nonpositive v)
{
	return v == SS_NONPOSITIVE_ASIDE ? "aside" : "keep";
}

int ss_parse_cap(const char *s, double *pct, ss_error *err)
{
	char got[48], *end;
	double v;

	if (s != NULL && (*s == '\0' || strcmp(s, "off") == 0 || strcmp(s, "0") == 0)) {
		*pct = 0;
		return 0;
	}
	if (s != NULL && *s != '\0' && !isspace((unsigned char)*s)) {
		errno = 0;
		v = strtod(s, &end);
		if (errno == 0 && *end == '\0' && isfinite(v) && v >= SS_CAP_MIN && v <= SS_CAP_MAX) {
			*pct = v;
			return 0;
		}
	}
	shown(got, s != NULL ? s : "");
	return ss_error_set(err, SS_EPARAM, "cap must be off or a percentile from %g to %g, "
	                    "e.g. 99 (got '%s')", SS_CAP_MIN, SS_CAP_MAX, got);
}

/* days since 1970-01-01 of y-m-d (Howard Hinnant's days_from_civil) */
static int64_t civil_days(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void ss_format_day(int64_t z, char out[11])
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

int ss_parse_day(const char *s, const char *what, bool *set, int64_t *day, ss_error *err)
{
	char got[48];
	int y, m, d;

	if (s != NULL && *s == '\0') {
		*set = false;
		return 0;
	}
	if (s != NULL && strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		int digits = 1;
		for (int i = 0; i < 10; i++)
			if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
				digits = 0;
		if (digits) {
			y = atoi(s);
			m = atoi(s + 5);
			d = atoi(s + 8);
			static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
			int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			if (y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] &&
			    !(m == 2 && d == 29 && !leap)) {
				*set = true;
				*day = civil_days(y, m, d);
				return 0;
			}
		}
	}
	shown(got, s != NULL ? s : "");
	return ss_error_set(err, SS_EPARAM, "%s must be a date YYYY-MM-DD, e.g. 2011-06-01 "
	                    "(got '%s')", what, got);
}

int ss_parse_clv(const char *s, bool *on, ss_error *err)
{
	char got[48];

	if (s != NULL && strcmp(s, "on") == 0)
		*on = true;
	else if (s != NULL && strcmp(s, "off") == 0)
		*on = false;
	else {
		shown(got, s != NULL ? s : "");
		return ss_error_set(err, SS_EPARAM, "clv must be on (lifetime value computed) or off "
		                    "(got '%s')", got);
	}
	return 0;
}

int ss_parse_horizon(const char *s, int *days, ss_error *err)
{
	char got[48], *end;
	long v;

	if (s != NULL && isdigit((unsigned char)*s)) {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= SS_HORIZON_MIN && v <= SS_HORIZON_MAX) {
			*days = (int)v;
			return 0;
		}
	}
	shown(got, s != NULL ? s : "");
	return ss_error_set(err, SS_EPARAM, "horizon must be a whole number of days from %d to %d "
	                    "(got '%s')", SS_HORIZON_MIN, SS_HORIZON_MAX, got);
}

int ss_parse_discount(const char *s, double *rate, ss_error *err)
{
	char got[48], *end;
	double v;

	if (s != NULL && *s != '\0' && !isspace((unsigned char)*s)) {
		errno = 0;
		v = strtod(s, &end);
		if (errno == 0 && *end == '\0' && isfinite(v) && v >= 0 && v <= SS_DISCOUNT_MAX) {
			*rate = v;
			return 0;
		}
	}
	shown(got, s != NULL ? s : "");
	return ss_error_set(err, SS_EPARAM, "discount must be an annual rate from 0 to %g, e.g. "
	                    "0.1 for 10%% (got '%s')", SS_DISCOUNT_MAX, got);
}

int ss_params_check_dates(const ss_params *p, ss_error *err)
{
	char h[11], sn[11];

	if (p->holdout_set && p->snapshot_set && p->holdout_day >= p->snapshot_day) {
		ss_format_day(p->holdout_day, h);
		ss_format_day(p->snapshot_day, sn);
		return ss_error_set(err, SS_EPARAM, "holdout (%s) must be before the snapshot (%s)",
		                    h, sn);
	}
	return 0;
}
