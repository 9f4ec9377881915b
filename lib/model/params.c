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
