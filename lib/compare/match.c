/* match.c: cluster matching (Hungarian assignment on standardized
 * centroid distances) and the stable numbering it gives. */
#include <float.h>
#include <math.h>
#include <string.h>
#include "compare/match.h"

int ss_cluster_side_read(const bson_t *doc, ss_cluster_side *out, ss_error *err)
{
	static const char *const feat[3] = { "Recency", "Frequency", "Monetary" };
	bson_iter_t it, arr, item;

	memset(out, 0, sizeof(*out));
	if (!bson_iter_init_find(&it, doc, "summary") || !BSON_ITER_HOLDS_ARRAY(&it) ||
	    !bson_iter_recurse(&it, &arr))
		return ss_error_set(err, SS_EDATA, "the analysis has no summary of its clusters");
	while (bson_iter_next(&arr)) {
		int c = out->k;

		if (c >= SS_MATCH_MAX_K)
			return ss_error_set(err, SS_EDATA, "the analysis has more than %d clusters", SS_MATCH_MAX_K);
		if (!BSON_ITER_HOLDS_DOCUMENT(&arr) || !bson_iter_recurse(&arr, &item))
			return ss_error_set(err, SS_EDATA, "cluster %d of the summary is not a document", c);
		while (bson_iter_next(&item)) {
			const char *key = bson_iter_key(&item);
			for (int f = 0; f < 3; f++)
				if (strcmp(key, feat[f]) == 0)
					out->mean[c][f] = BSON_ITER_HOLDS_NUMBER(&item) ? bson_iter_as_double(&item) : NAN;
			if (strcmp(key, "Count") == 0 && BSON_ITER_HOLDS_NUMBER(&item))
				out->count[c] = bson_iter_as_int64(&item);
			else if (strcmp(key, "AI_Marketing_Name") == 0 && BSON_ITER_HOLDS_UTF8(&item)) {
				uint32_t len;
				const char *s = bson_iter_utf8(&item, &len);
				size_t n = len < sizeof(out->name[c]) - 1 ? len : sizeof(out->name[c]) - 1;
				while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
					n--;   /* never cut inside a UTF-8 character */
				memcpy(out->name[c], s, n);
				out->name[c][n] = '\0';
			}
		}
		out->k++;
	}
	if (out->k == 0)
		return ss_error_set(err, SS_EDATA, "the analysis has no clusters");
	return 0;
}

/* e-maxx's O(n^2 m) Hungarian algorithm for n <= m rows x columns,
 * 1-based potentials. */
static double hungarian_wide(const double *a, int n, int m, int *col_of_row)
{
	double u[SS_MATCH_MAX_K + 1] = { 0 }, v[SS_MATCH_MAX_K + 1] = { 0 };
	double minv[SS_MATCH_MAX_K + 1];
	int p[SS_MATCH_MAX_K + 1] = { 0 }, way[SS_MATCH_MAX_K + 1] = { 0 };
	int used[SS_MATCH_MAX_K + 1];
	double total = 0;

	for (int i = 1; i <= n; i++) {
		int j0 = 0;
		p[0] = i;
		for (int j = 0; j <= m; j++) {
			minv[j] = DBL_MAX;
			used[j] = 0;
		}
		do {
			int i0 = p[j0], j1 = 0;
			double delta = DBL_MAX;
			used[j0] = 1;
			for (int j = 1; j <= m; j++)
				if (!used[j]) {
					double cur = a[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
					if (cur < minv[j]) {
						minv[j] = cur;
						way[j] = j0;
					}
					if (minv[j] < delta) {
						delta = minv[j];
						j1 = j;
					}
				}
			for (int j = 0; j <= m; j++)
				if (used[j]) {
					u[p[j]] += delta;
					v[j] -= delta;
				} else {
					minv[j] -= delta;
				}
			j0 = j1;
		} while (p[j0] != 0);
		do {
			int j1 = way[j0];
			p[j0] = p[j1];
			j0 = j1;
		} while (j0);
	}
	for (int i = 0; i < n; i++)
		col_of_row[i] = -1;
	for (int j = 1; j <= m; j++)
		if (p[j] != 0) {
			col_of_row[p[j] - 1] = j - 1;
			total += a[(p[j] - 1) * m + (j - 1)];
		}
	return total;
}

double ss_hungarian(const double *cost, int n_rows, int n_cols, int *col_of_row)
{
	double t[SS_MATCH_MAX_K * SS_MATCH_MAX_K] = { 0 };
	int row_of_col[SS_MATCH_MAX_K];
	double total;

	if (n_rows <= 0 || n_cols <= 0) {
		for (int i = 0; i < n_rows; i++)
			col_of_row[i] = -1;
		return 0;
	}
	if (n_rows <= n_cols)
		return hungarian_wide(cost, n_rows, n_cols, col_of_row);
	/* more rows than columns: assign the columns to rows instead */
	for (int i = 0; i < n_rows; i++)
		for (int j = 0; j < n_cols; j++)
			t[j * n_rows + i] = cost[i * n_cols + j];
	total = hungarian_wide(t, n_cols, n_rows, row_of_col);
	for (int i = 0; i < n_rows; i++)
		col_of_row[i] = -1;
	for (int j = 0; j < n_cols; j++)
		if (row_of_col[j] >= 0)
			col_of_row[row_of_col[j]] = j;
	return total;
}

void ss_match_clusters(const ss_cluster_side *a, const ss_cluster_side *b,
                       const double scale[3], ss_cluster_match *m)
{
	double cost[SS_MATCH_MAX_K * SS_MATCH_MAX_K];
	int n = 0;

	memset(m, 0, sizeof(*m));
	for (int f = 0; f < 3; f++)
		m->scale[f] = isfinite(scale[f]) && scale[f] > 0 ? scale[f] : 1.0;
	for (int j = 0; j < b->k; j++)
		for (int i = 0; i < a->k; i++) {
			double d2 = 0;
			for (int f = 0; f < 3; f++) {
				double d = (b->mean[j][f] - a->mean[i][f]) / m->scale[f];
				d2 += isfinite(d) ? d * d : 1e12;
			}
			cost[j * a->k + i] = sqrt(d2);
		}
	ss_hungarian(cost, b->k, a->k, m->a_of_b);
	/* how far each A cluster is from its nearest other A cluster */
	double sep[SS_MATCH_MAX_K];
	for (int i = 0; i < a->k; i++) {
		sep[i] = INFINITY;
		for (int i2 = 0; i2 < a->k; i2++) {
			double d2 = 0;
			if (i2 == i)
				continue;
			for (int f = 0; f < 3; f++) {
				double d = (a->mean[i][f] - a->mean[i2][f]) / m->scale[f];
				d2 += isfinite(d) ? d * d : 0;
			}
			if (sqrt(d2) < sep[i])
				sep[i] = sqrt(d2);
		}
	}
	for (int i = 0; i < SS_MATCH_MAX_K; i++)
		m->b_of_a[i] = -1;
	for (int j = 0; j < b->k; j++) {
		int i = m->a_of_b[j];
		m->dist[j] = i >= 0 ? cost[j * a->k + i] : NAN;
		if (i >= 0 && !(m->dist[j] <= SS_MATCH_NEW_DIST || m->dist[j] < 0.5 * sep[i]))
			m->a_of_b[j] = i = -1;   /* the nearest free one is too far */
		if (i >= 0)
			m->b_of_a[i] = j;
	}
	/* stable numbering: matched clusters in A's order, then the new ones */
	for (int i = 0; i < a->k; i++)
		if (m->b_of_a[i] >= 0)
			m->order[n++] = m->b_of_a[i];
	for (int j = 0; j < b->k; j++)
		if (m->a_of_b[j] < 0)
			m->order[n++] = j;
}
