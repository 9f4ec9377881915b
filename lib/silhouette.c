/* silhouette.c: O(n^2) distance sums, points grouped by cluster so that
 * each (point, cluster) sum is one contiguous, vectorised loop. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "rng.h"
#include "silhouette.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

struct sil {
	const double *xs, *ys, *zs; /* coordinates, grouped by cluster */
	const size_t *start;        /* cluster c occupies [start[c], start[c+1]) */
	const int *lab;             /* grouped labels */
	int k;
	size_t lo, hi;              /* rows this thread scores */
	double sum;                 /* sum of their silhouettes */
};

static double row_sum_scalar(const double *xs, const double *ys, const double *zs,
                             size_t a, size_t b, double px, double py, double pz)
{
	double s = 0;

	for (size_t j = a; j < b; j++) {
		double dx = xs[j] - px, dy = ys[j] - py, dz = zs[j] - pz;
		s += sqrt(dx * dx + dy * dy + dz * dz);
	}
	return s;
}

#if defined(__x86_64__)
__attribute__((target("avx")))
static double row_sum_avx(const double *xs, const double *ys, const double *zs,
                          size_t a, size_t b, double px, double py, double pz)
{
	__m256d vx = _mm256_set1_pd(px), vy = _mm256_set1_pd(py), vz = _mm256_set1_pd(pz);
	__m256d acc = _mm256_setzero_pd();
	double lanes[4];
	size_t j = a;

	for (; j + 4 <= b; j += 4) {
		__m256d dx = _mm256_sub_pd(_mm256_loadu_pd(xs + j), vx);
		__m256d dy = _mm256_sub_pd(_mm256_loadu_pd(ys + j), vy);
		__m256d dz = _mm256_sub_pd(_mm256_loadu_pd(zs + j), vz);
		__m256d d2 = _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy)),
		                           _mm256_mul_pd(dz, dz));
		acc = _mm256_add_pd(acc, _mm256_sqrt_pd(d2));
	}
	_mm256_storeu_pd(lanes, acc);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3] +
	       row_sum_scalar(xs, ys, zs, j, b, px, py, pz);
}
#endif

typedef double (*row_sum_fn)(const double *, const double *, const double *,
                             size_t, size_t, double, double, double);

static row_sum_fn pick_row_sum(void)
{
#if defined(__x86_64__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx"))
		return row_sum_avx;
#endif
	return row_sum_scalar;
}

static void *score_rows(void *arg)
{
	struct sil *s = arg;
	row_sum_fn row_sum = pick_row_sum();
	double total = 0;

	for (size_t i = s->lo; i < s->hi; i++) {
		int own = s->lab[i];
		size_t own_n = s->start[own + 1] - s->start[own];
		double a = 0, b = INFINITY, sil;

		if (own_n <= 1)
			continue; /* a singleton scores 0 */
		for (int c = 0; c < s->k; c++) {
			size_t cn = s->start[c + 1] - s->start[c];
			if (cn == 0)
				continue;
			double sum = row_sum(s->xs, s->ys, s->zs, s->start[c], s->start[c + 1],
			                     s->xs[i], s->ys[i], s->zs[i]);
			if (c == own)
				a = sum / (double)(cn - 1);
			else if (sum / (double)cn < b)
				b = sum / (double)cn;
		}
		sil = (a < b ? b : a) > 0 ? (b - a) / (a < b ? b : a) : 0;
		total += sil;
	}
	s->sum = total;
	return NULL;
}

double ss_silhouette(const double *x, size_t n, const int *labels, int k,
                     size_t max_exact, uint64_t seed, int threads, size_t *used)
{
	size_t m = n, *idx = NULL, *start = NULL, nonempty = 0;
	double *buf = NULL, result = -2;
	int *lab = NULL;
	struct sil parts[16];
	pthread_t tid[16];

	if (used != NULL)
		*used = 0;
	if (n > max_exact && max_exact > 0)
		m = max_exact;
	idx = malloc((n ? n : 1) * sizeof(size_t));
	start = calloc((size_t)k + 2, sizeof(size_t));
	buf = malloc((m ? m : 1) * 3 * sizeof(double));
	lab = malloc((m ? m : 1) * sizeof(int));
	if (idx == NULL || start == NULL || buf == NULL || lab == NULL)
		goto out;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	if (m < n) { /* seeded partial Fisher-Yates: the first m are the sample */
		ss_rng rng;
		ss_rng_seed(&rng, seed);
		for (size_t i = 0; i < m; i++) {
			size_t j = i + (size_t)ss_rng_below(&rng, n - i), t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
	}
	/* counting sort of the sample by label */
	for (size_t i = 0; i < m; i++)
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
	{
		size_t *fill = calloc((size_t)k + 1, sizeof(size_t));
		if (fill == NULL)
			goto out;
		memcpy(fill, start, ((size_t)k + 1) * sizeof(size_t));
		for (size_t i = 0; i < m; i++) {
			int l = labels[idx[i]];
			size_t pos = fill[l]++;
			buf[pos] = x[idx[i] * 3];
			buf[m + pos] = x[idx[i] * 3 + 1];
			buf[2 * m + pos] = x[idx[i] * 3 + 2];
			lab[pos] = l;
		}
		free(fill);
	}
	if (threads < 1)
		threads = 1;
	if (threads > 16)
		threads = 16;
	if ((size_t)threads > m / 256 + 1)
		threads = (int)(m / 256 + 1);
	for (int t = 0; t < threads; t++) {
		parts[t] = (struct sil){ buf, buf + m, buf + 2 * m, start, lab, k,
		                         m * (size_t)t / (size_t)threads,
		                         m * (size_t)(t + 1) / (size_t)threads, 0 };
	}
	{
		int started = 0;
		for (int t = 1; t < threads; t++) {
			if (pthread_create(&tid[t], NULL, score_rows, &parts[t]) != 0)
				break;
			started = t;
		}
		/* rows of threads that failed to start are scored here */
		for (int t = started + 1; t < threads; t++)
			score_rows(&parts[t]);
		score_rows(&parts[0]);
		for (int t = 1; t <= started; t++)
			pthread_join(tid[t], NULL);
	}
	result = 0;
	for (int t = 0; t < threads; t++)
		result += parts[t].sum;
	result /= (double)m;
	if (used != NULL)
		*used = m;
out:
	free(idx);
	free(start);
	free(buf);
	free(lab);
	return result;
}
