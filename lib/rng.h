/* rng.h: a small seeded generator (xoshiro256**), owned by its caller. */
#ifndef SMARTSEG_RNG_H
#define SMARTSEG_RNG_H
#include <stdint.h>

typedef struct ss_rng { uint64_t s[4]; } ss_rng;

/* Seeds r from seed with splitmix64; the same seed gives the same stream. */
void ss_rng_seed(ss_rng *r, uint64_t seed);
uint64_t ss_rng_next(ss_rng *r);
/* Uniform double in [0, 1). */
double ss_rng_uniform(ss_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t ss_rng_below(ss_rng *r, uint64_t n);

#endif
