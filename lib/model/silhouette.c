/* silhouette.c: O(n^2) distance sums computed once per pair. Points are
 * grouped by cluster, so the sums of row i over cluster c and the sums of
 * the rows j > i towards i's cluster are contiguous, vectorised loops. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "model/mt19937.h"
#include "model/silhouette.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define MAX_THREADS 16

struct sil {
	const double *xs, *ys, *zs; /* coordinates, grouped by cluster */
	const size_t *start;        /* cluster c occupies [start[c], start[c+1]) */
	const int *lab;             /* grouped labels */
	int k;
	size_t m;
	size_t lo, hi;              /* rows i this thread pairs with every j > i */
	double *rows;               /* shared, m x k: sum over j > i, row i, cluster c */
	double *cols;               /* own, k x m: sum over i < j of d(i, j), i in c */
};

/* For j in [a, b): d = |p - x_j|; returns the sum of d and adds d to col[j]. */
typedef double (*pair_fn)(const double *xs, const double *ys, const double *zs,
                          size_t a, size_t b, double px, double py, double pz, double *col);

static double pairs_scalar(const double *xs, const double *ys, const double *zs,
                           size_t a, size_t b, double px, double py, double pz, double *col)
{
	double s = 0;

	for (size_t j = a; j < b; j++) {
		double dx = xs[j] - px, dy = ys[j] - py, dz = zs[j] - pz;
		double d = sqrt(dx * dx + dy * dy + dz * dz);
		s += d;
		col[j] += d;
	}
	return s;
}

#if defined(__x86_64__)
__attribute__((target("avx")))
static double pairs_avx(const double *xs, const double *ys, const double *zs,
                        size_t a, size_t b, double px, double py, double pz, double *col)
{
	__m256d vx = _mm256_set1_pd(px), vy = _mm256_set1_pd(py), vz = _mm256_set1_pd(pz);
	__m256d acc = _mm256_setzero_pd();
	double lanes[4];
	size_t j = a;

	for (; j + 4 <= b; j += 4) {
		__m256d dx = _mm256_sub_pd(_mm256_loadu_pd(xs + j), vx);
		__m256d dy = _mm256_sub_pd(_mm256_loadu_pd(ys + j), vy);
		__m256d dz = _mm256_sub_pd(_mm256_loadu_pd(zs + j), vz);
		__m256d d = _mm256_sqrt_pd(_mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(dx, dx),
		                                                       _mm256_mul_pd(dy, dy)),
		                                         _mm256_mul_pd(dz, dz)));
		acc = _mm256_add_pd(acc, d);
		_mm256_storeu_pd(col + j, _mm256_add_pd(_mm256_loadu_pd(col + j), d));
	}
	_mm256_storeu_pd(lanes, acc);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3] +
	       pairs_scalar(xs, ys, zs, j, b, px, py, pz, col);
}
#endif

static pair_fn pick_pairs(void)
{
#if defined(__x86_64__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx"))
		return pairs_avx;
#endif
	return pairs_scalar;
}

static void *pair_rows(void *arg)
{
	struct sil *s = arg;
	pair_fn pairs = pick_pairs();

	for (size_t i = s->lo; i < s->hi; i++) {
		double *col = s->cols + (size_t)s->lab[i] * s->m;
		for (int c = 0; c < s->k; c++) {
			size_t a = s->start[c] > i + 1 ? s->start[c] : i + 1, b = s->start[c + 1];
			if (a < b)
				s->rows[i * (size_t)s->k + c] = pairs(s->xs, s->ys, s->zs, a, b, s->xs[i],
				                                      s->ys[i], s->zs[i], col);
		}
	}
	return NULL;
}

/* Mean silhouette from the complete sums total[i][c] (m x k). */
static double mean_silhouette(const double *total, const size_t *start, const int *lab,
                              int k, size_t m)
{
	double sum = 0;

	for (size_t i = 0; i < m; i++) {
		int own = lab[i];
		size_t own_n = start[own + 1] - start[own];
		double a, b = INFINITY;

		if (own_n <= 1)
			continue; /* a singleton scores 0 */
		a = total[i * (size_t)k + own] / (double)(own_n - 1);
		for (int c = 0; c < k; c++) {
			size_t cn = start[c + 1] - start[c];
			if (c != own && cn > 0 && total[i * (size_t)k + c] / (double)cn < b)
				b = total[i * (size_t)k + c] / (double)cn;
		}
		double mx = a < b ? b : a;
		sum += mx > 0 ? (b - a) / mx : 0;
	}
	return sum / (double)m;
}

/* Sums every pair once with up to `threads` threads; rows receives the
 * complete m x k sums. Returns 0 or -1 on out of memory. */
static int pair_sums(struct sil *base, int threads, double *rows)
{
	size_t m = base->m, k = (size_t)base->k;
	struct sil parts[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	int started = 0, rc = 0;

	for (int t = 0; t < threads; t++) {
		/* equal numbers of pairs: row i has m - i - 1 of them */
		double f0 = 1 - sqrt(1 - (double)t / threads), f1 = 1 - sqrt(1 - (double)(t + 1) / threads);
		parts[t] = *base;
		parts[t].lo = t == 0 ? 0 : (size_t)(f0 * (double)m);
		parts[t].hi = t == threads - 1 ? m : (size_t)(f1 * (double)m);
		parts[t].rows = rows;
		parts[t].cols = calloc(k * m, sizeof(double));
		if (parts[t].cols == NULL) {
			for (int u = 0; u < t; u++)
				free(parts[u].cols);
			return -1;
		}
	}
	for (int t = 1; t < threads; t++) {
		if (pthread_create(&tid[t], NULL, pair_rows, &parts[t]) != 0)
			break;
		started = t;
	}
	for (int t = started + 1; t < threads; t++) /* threads that did not start */
		pair_rows(&parts[t]);
	pair_rows(&parts[0]);
	for (int t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	for (int t = 0; t < threads; t++) {
		for (size_t c = 0; c < k; c++)
			for (size_t j = 0; j < m; j++)
				rows[j * k + c] += parts[t].cols[c * m + j];
		free(parts[t].cols);
	}
	return rc;
}

double ss_silhouette(const double *x, size_t n, const int *labels, int k,
                     size_t max_exact, uint64_t seed, int threads, size_t *used)
{
	size_t m = n, *idx = NULL, *start = NULL, *fill = NULL, nonempty = 0;
	double *buf = NULL, *rows = NULL, result = -2;
	int *lab = NULL;

	if (used != NULL)
		*used = 0;
	if (n > max_exact && max_exact > 0)
		m = max_exact;
	idx = malloc((n ? n : 1) * sizeof(size_t));
	start = calloc((size_t)k + 2, sizeof(size_t));
	fill = calloc((size_t)k + 1, sizeof(size_t));
	buf = malloc((m ? m : 1) * 3 * sizeof(double));
	lab = malloc((m ? m : 1) * sizeof(int));
	rows = calloc((m ? m : 1) * (size_t)k, sizeof(double));
	if (idx == NULL || start == NULL || fill == NULL || buf == NULL || lab == NULL || rows == NULL)
		goto out;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	if (m < n) { /* seeded partial Fisher-Yates: the first m are the sample */
		ss_mt rng;
		ss_mt_seed(&rng, (uint32_t)seed);
		for (size_t i = 0; i < m; i++) {
			size_t j = i + (size_t)ss_mt_below(&rng, n - i), t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
	}
	for (size_t i = 0; i < m; i++) /* counting sort of the sample by label */
		start[labels[idx[i]] + 1]++;
	for (int c = 0; c < k; c++)
		if (start[c + 1] > 0)
			nonempty++;
	if (nonempty < 2 || nonempty > m - 1) {
		result = NAN;
		goto out;
	}
	for (int c = 0; c < k; c++)
		start[c + 1] += start[c];
	memcpy(fill, start, ((size_t)k + 1) * sizeof(size_t));
	for (size_t i = 0; i < m; i++) {
		int l = labels[idx[i]];
		size_t pos = fill[l]++;
		buf[pos] = x[idx[i] * 3];
		buf[m + pos] = x[idx[i] * 3 + 1];
		buf[2 * m + pos] = x[idx[i] * 3 + 2];
		lab[pos] = l;
	}
	threads = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
	if ((size_t)threads > m / 512 + 1)
		threads = (int)(m / 512 + 1);
	{
		struct sil base = { buf, buf + m, buf + 2 * m, start, lab, k, m, 0, 0, NULL, NULL };
		if (pair_sums(&base, threads, rows) != 0)
			goto out;
	}
	result = mean_silhouette(rows, start, lab, k, m);
	if (used != NULL)
		*used = m;
out:
	free(idx);
	free(start);
	free(fill);
	free(buf);
	free(lab);
	free(rows);
	return result;
}
