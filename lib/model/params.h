/* params.h: the parameters of one analysis, their defaults and the parsing
 * of their text forms (shared by the CLI and the web front). */
#ifndef SMARTSEG_PARAMS_H
#define SMARTSEG_PARAMS_H
#include <stddef.h>
#include <stdint.h>
#include "persona/persona.h"
#include "ss_error.h"

#define SS_K_MIN 2
#define SS_K_MAX 20
#define SS_K_AUTO 0           /* ss_params.k: choose k by silhouette */
#define SS_AUTO_K_LO 2
#define SS_AUTO_K_HI 8

typedef enum ss_transform { SS_TRANSFORM_NONE = 0, SS_TRANSFORM_LOG } ss_transform;

typedef struct ss_params {
	int k;                    /* SS_K_MIN..SS_K_MAX, or SS_K_AUTO */
	ss_transform transform;
	uint64_t seed;            /* default 42; k-means uses its low 32 bits, as numpy does */
	ss_lang lang;
	char delimiter;           /* 0 = detect */
	size_t silhouette_max;    /* exact silhouette up to this many customers (50,000) */
	int n_init;               /* 10 */
	int max_iter;             /* 300 */
	double tol;               /* 1e-4, relative to the mean feature variance */
} ss_params;

/* Fills p with the defaults above. Cannot fail. */
void ss_params_default(ss_params *p);

/* "auto" or 2..20 -> k (SS_K_AUTO for auto); -1 with err set otherwise. */
int ss_parse_k(const char *s, int *k, ss_error *err);
/* The delimiter's text forms, for the CLI and the web alike: "," ";" "|",
 * a tab as "tab" (any case), "\t" or a real tab character, and "auto" (any
 * case) or "" for detection (*c = 0). -1 with err set (SS_EPARAM, one
 * message listing every form) otherwise. */
int ss_parse_delimiter(const char *s, char *c, ss_error *err);
/* "none" / "log" -> transform; -1 with err set otherwise. */
int ss_parse_transform(const char *s, ss_transform *t, ss_error *err);
const char *ss_transform_name(ss_transform t);

#endif
