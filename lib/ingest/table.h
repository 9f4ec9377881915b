/* table.h: the aggregation structures of ingest: a string arena,
 * an interning string table and a set of (customer, value) pairs, both
 * open addressing with linear probing. Private to ingest. */
#ifndef SMARTSEG_INGEST_TABLE_H
#define SMARTSEG_INGEST_TABLE_H
#include <stddef.h>
#include <stdint.h>

/* Append-only storage of strings in large blocks (strings never move). */
typedef struct ss_arena_blk ss_arena_blk;
typedef struct ss_arena {
	ss_arena_blk *head;
	size_t used, cap;  /* of the head block */
	size_t total;      /* bytes handed out */
} ss_arena;

/* Copies s[0..n) plus a NUL; NULL on out of memory. */
char *ss_arena_put(ss_arena *a, const char *s, size_t n);
void ss_arena_free(ss_arena *a);

/* Interned strings, numbered 0..n-1 in first-seen order. */
typedef struct ss_str {
	const char *s;
	uint32_t len, hash;
	char head[16];     /* the first bytes, compared before s is read */
} ss_str;

typedef struct ss_strtab {
	ss_str *v;
	size_t n, vcap;
	uint64_t *slot;    /* hash << 32 | (index + 1); 0 = empty */
	size_t mask;       /* slot count - 1 (power of two) */
	ss_arena arena;
} ss_strtab;

uint32_t ss_hash_bytes(const char *s, size_t n);

/* Index of s (added when new: *added = 1). -1 on out of memory or when
 * more than 2^31 strings are asked for. */
int64_t ss_strtab_intern(ss_strtab *t, const char *s, size_t n, int *added);
void ss_strtab_free(ss_strtab *t);

/* A set of (uint32 owner, int64 value) or (uint32 owner, string) pairs
 * (one kind per set): distinct invoices or timestamps per customer. */
typedef struct ss_pair {
	int64_t val;       /* the value, or the 64-bit hash of the string */
	const char *s;     /* the string (in the arena), NULL for values */
	uint32_t owner1;   /* owner + 1; 0 = empty slot */
	uint32_t len;
} ss_pair;

typedef struct ss_pairset {
	ss_pair *slot;
	size_t n, mask;
	ss_arena arena;
} ss_pairset;

/* 1 when added, 0 when already there, -1 on out of memory. */
int ss_pairset_add(ss_pairset *s, uint32_t owner, int64_t val);
/* The same for a string (copied on insert); strings are compared whole. */
int ss_pairset_add_str(ss_pairset *s, uint32_t owner, const char *str, size_t n);
void ss_pairset_free(ss_pairset *s);

/* (uint32 owner, int64 key) -> summed double: the positive amount of each
 * purchase day of each customer (lifetime value inputs). */
typedef struct ss_dayent {
	int64_t key;
	double v;
	uint32_t owner1;   /* owner + 1; 0 = empty slot */
} ss_dayent;

typedef struct ss_dayset {
	ss_dayent *slot;
	size_t n, mask;
} ss_dayset;

/* Adds v to (owner, key)'s sum, making it when new. -1 on out of memory. */
int ss_dayset_add(ss_dayset *s, uint32_t owner, int64_t key, double v);
void ss_dayset_free(ss_dayset *s);

#endif
