/* mt19937.c: MT19937 with numpy's legacy seeding and sampling. */
#include "model/mt19937.h"

#define N 624
#define M 397

void ss_mt_seed(ss_mt *m, uint32_t seed)
{
	for (int i = 0; i < N; i++) {
		m->key[i] = seed;
		seed = 1812433253U * (seed ^ (seed >> 30)) + (uint32_t)i + 1;
	}
	m->pos = N;
}

static void regenerate(ss_mt *m)
{
	uint32_t *k = m->key, y;
	int i;

	for (i = 0; i < N - M; i++) {
		y = (k[i] & 0x80000000U) | (k[i + 1] & 0x7fffffffU);
		k[i] = k[i + M] ^ (y >> 1) ^ (-(y & 1U) & 0x9908b0dfU);
	}
	for (; i < N - 1; i++) {
		y = (k[i] & 0x80000000U) | (k[i + 1] & 0x7fffffffU);
		k[i] = k[i + (M - N)] ^ (y >> 1) ^ (-(y & 1U) & 0x9908b0dfU);
	}
	y = (k[N - 1] & 0x80000000U) | (k[0] & 0x7fffffffU);
	k[N - 1] = k[M - 1] ^ (y >> 1) ^ (-(y & 1U) & 0x9908b0dfU);
	m->pos = 0;
}

uint32_t ss_mt_next32(ss_mt *m)
{
	uint32_t y;

	if (m->pos == N)
		regenerate(m);
	y = m->key[m->pos++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

double ss_mt_double(ss_mt *m)
{
	uint32_t a = ss_mt_next32(m) >> 5, b = ss_mt_next32(m) >> 6;
	return (a * 67108864.0 + b) / 9007199254740992.0;
}

uint32_t ss_mt_below(ss_mt *m, uint64_t n)
{
	uint32_t rng, mask, v;

	if (n <= 1)
		return 0;
	rng = (uint32_t)(n - 1);
	mask = rng;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	while ((v = ss_mt_next32(m) & mask) > rng)
		;
	return v;
}
