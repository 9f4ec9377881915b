/* bins.c: RFM score bins, their parsing and their canonical text. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_out.h"
#include "model/bins.h"

static const char dim_letter[3] = { 'R', 'F', 'M' };
static const char *const dim_name[3] = { "Recency", "Frequency", "Monetary" };

void ss_bins_default(ss_bins *b)
{
	memset(b, 0, sizeof(*b));
	b->quantiles = 5;
}

int ss_bins_count(const ss_bins *b, int dim)
{
	return b->quantiles ? b->quantiles : b->n_edges[dim] + 1;
}

/* s cut to 40 bytes, anything but printable ASCII as '?'. */
static void shown(char out[48], const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < 40; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	snprintf(out + i, 48 - i, "%s", s[i] != '\0' ? "..." : "");
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* One dimension's list "30,90,180" up to ';' or the end; *s moves past it. */
static int parse_list(const char **s, int dim, ss_bins *b, ss_error *err)
{
	const char *p = *s;
	int n = 0;

	for (;;) {
		char *end, got[48];
		double v;

		p = skip_space(p);
		errno = 0;
		v = strtod(p, &end);
		if (end == p || errno == ERANGE || !isfinite(v)) {
			shown(got, p);
			return ss_error_set(err, SS_EPARAM, "bins: %s thresholds must be numbers "
			                    "separated by commas (got '%s')", dim_name[dim], got);
		}
		if (n == SS_BINS_MAX - 1)
			return ss_error_set(err, SS_EPARAM, "bins: at most %d thresholds for %s "
			                    "(%d scores)", SS_BINS_MAX - 1, dim_name[dim], SS_BINS_MAX);
		if (n > 0 && !(v > b->edge[dim][n - 1]))
			return ss_error_set(err, SS_EPARAM, "bins: %s thresholds must increase "
			                    "strictly, but %g follows %g", dim_name[dim], v,
			                    b->edge[dim][n - 1]);
		b->edge[dim][n++] = v;
		p = skip_space(end);
		if (*p != ',')
			break;
		p++;
	}
	if (n < SS_BINS_MIN - 1)
		return ss_error_set(err, SS_EPARAM, "bins: %s needs at least %d thresholds "
		                    "(%d scores), got %d", dim_name[dim], SS_BINS_MIN - 1,
		                    SS_BINS_MIN, n);
	b->n_edges[dim] = n;
	*s = p;
	return 0;
}

int ss_parse_bins(const char *s, ss_bins *out, ss_error *err)
{
	ss_bins b;
	char got[48];
	int seen[3] = { 0, 0, 0 };
	const char *p;

	if (s == NULL)
		s = "";
	memset(&b, 0, sizeof(b));
	p = skip_space(s);
	if (p[0] >= '3' && p[0] <= '5' && *skip_space(p + 1) == '\0') {
		b.quantiles = p[0] - '0';
		*out = b;
		return 0;
	}
	if (*p == '\0' || !strchr("RFMrfm", *p)) {
		shown(got, s);
		return ss_error_set(err, SS_EPARAM, "bins must be 3, 4 or 5 (quantiles) or thresholds "
		                    "for each dimension, e.g. R:30,90,180,365;F:1,2,4,8;M:250,500,"
		                    "1000,3000 (got '%s')", got);
	}
	while (*p != '\0') {
		int c = toupper((unsigned char)*p);
		int dim = c == 'R' ? 0 : c == 'F' ? 1 : c == 'M' ? 2 : -1;

		if (dim < 0 || *skip_space(p + 1) != ':') {
			shown(got, p);
			return ss_error_set(err, SS_EPARAM, "bins: expected R:, F: or M: followed by "
			                    "thresholds (at '%s')", got);
		}
		if (seen[dim]++)
			return ss_error_set(err, SS_EPARAM, "bins: %s is given twice", dim_name[dim]);
		p = skip_space(p + 1) + 1;
		if (parse_list(&p, dim, &b, err) != 0)
			return -1;
		if (*p == ';')
			p = skip_space(p + 1);
		else if (*p != '\0') {
			shown(got, p);
			return ss_error_set(err, SS_EPARAM, "bins: dimensions are separated by ';' "
			                    "(at '%s')", got);
		}
	}
	for (int d = 0; d < 3; d++)
		if (!seen[d])
			return ss_error_set(err, SS_EPARAM, "bins: thresholds for %s are missing (give "
			                    "R:, F: and M:, or 3, 4 or 5 for quantiles)", dim_name[d]);
	*out = b;
	return 0;
}

void ss_bins_format(const ss_bins *b, char *out, size_t size)
{
	size_t o = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	if (b->quantiles) {
		snprintf(out, size, "%d", b->quantiles);
		return;
	}
	for (int d = 0; d < 3 && o < size; d++) {
		o += (size_t)snprintf(out + o, size - o, "%s%c:", d ? ";" : "", dim_letter[d]);
		for (int i = 0; i < b->n_edges[d] && o < size; i++) {
			char num[40];
			ss_json_format_double(b->edge[d][i], num);
			o += (size_t)snprintf(out + o, size - o, "%s%s", i ? "," : "", num);
		}
	}
}
