/* mt19937.h: the Mersenne Twister as numpy's legacy RandomState drives it,
 * so that a seed picks the same k-means++ starts as scikit-learn. */
#ifndef SMARTSEG_MT19937_H
#define SMARTSEG_MT19937_H
#include <stdint.h>

typedef struct ss_mt {
	uint32_t key[624];
	int pos;
} ss_mt;

/* RandomState(seed) for a 32-bit seed. */
void ss_mt_seed(ss_mt *m, uint32_t seed);
uint32_t ss_mt_next32(ss_mt *m);
/* random_sample(): a double in [0, 1) from two 32-bit draws. */
double ss_mt_double(ss_mt *m);
/* randint(n) for 0 < n <= 2^32: masked rejection sampling, as numpy does. */
uint32_t ss_mt_below(ss_mt *m, uint64_t n);

#endif
