/* table.c: arena, interning string table and pair set of ingest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/table.h"

struct ss_arena_blk {
	ss_arena_blk *next;
	char data[];
};

#define ARENA_BLOCK ((size_t)1 << 20)

char *ss_arena_put(ss_arena *a, const char *s, size_t n)
{
	if (a->head == NULL || a->cap - a->used < n + 1) {
		size_t cap = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
		ss_arena_blk *b = malloc(sizeof(*b) + cap);
		if (b == NULL)
			return NULL;
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->cap = cap;
	}
	char *p = a->head->data + a->used;
	memcpy(p, s, n);
	p[n] = '\0';
	a->used += n + 1;
	a->total += n + 1;
	return p;
}

void ss_arena_free(ss_arena *a)
{
	ss_arena_blk *b = a->head;
	while (b) {
		ss_arena_blk *next = b->next;
		free(b);
		b = next;
	}
	memset(a, 0, sizeof(*a));
}

uint32_t ss_hash_bytes(const char *s, size_t n)
{
	/* FNV-1a, then a final avalanche so low bits spread well */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return h;
}

static int strtab_grow(ss_strtab *t)
{
	size_t nslots = t->slot ? (t->mask + 1) * 2 : 1024;
	uint64_t *slot = calloc(nslots, sizeof(*slot));
	if (slot == NULL)
		return -1;
	size_t mask = nslots - 1;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = t->v[i].hash & mask;
		while (slot[j])
			j = (j + 1) & mask;
		slot[j] = (uint64_t)t->v[i].hash << 32 | (uint64_t)(i + 1);
	}
	free(t->slot);
	t->slot = slot;
	t->mask = mask;
	return 0;
}

int64_t ss_strtab_intern(ss_strtab *t, const char *s, size_t n, int *added)
{
	uint32_t h = ss_hash_bytes(s, n);
	*added = 0;
	if (n > UINT32_MAX)
		return -1;
	if ((t->slot == NULL || (t->n + 1) * 2 > t->mask + 1) && strtab_grow(t) < 0)
		return -1;
	size_t j = h & t->mask;
	while (t->slot[j]) {
		/* the hash lives in the slot: other strings are skipped unread */
		if ((uint32_t)(t->slot[j] >> 32) == h) {
			size_t i = (uint32_t)t->slot[j] - 1;
			const ss_str *e = &t->v[i];
			size_t k = n < sizeof(e->head) ? n : sizeof(e->head);
			if (e->len == n && memcmp(e->head, s, k) == 0 &&
			    (n == k || memcmp(e->s + k, s + k, n - k) == 0))
				return (int64_t)i;
		}
		j = (j + 1) & t->mask;
	}
	if (t->n >= INT32_MAX)
		return -1;
	if (t->n == t->vcap) {
		size_t cap = t->vcap ? t->vcap * 2 : 256;
		ss_str *v = realloc(t->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		t->v = v;
		t->vcap = cap;
	}
	const char *copy = ss_arena_put(&t->arena, s, n);
	if (copy == NULL)
		return -1;
	ss_str *e = &t->v[t->n];
	*e = (ss_str){copy, (uint32_t)n, h, {0}};
	memcpy(e->head, s, n < sizeof(e->head) ? n : sizeof(e->head));
	t->slot[j] = (uint64_t)h << 32 | (uint64_t)(t->n + 1);
	t->n++;
	*added = 1;
	return (int64_t)t->n - 1;
}

void ss_strtab_free(ss_strtab *t)
{
	free(t->v);
	free(t->slot);
	ss_arena_free(&t->arena);
	memset(t, 0, sizeof(*t));
}

static size_t pair_hash(uint32_t owner, int64_t val)
{
	uint64_t x = (uint64_t)val * 0x9E3779B97F4A7C15u ^ owner;
	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9u;
	x ^= x >> 29;
	return (size_t)x;
}

/* Doubles an open-addressing table of ENT (first 4096 slots), moving each
 * entry (owner1 != 0) to its slot by (owner1, KEY): one body for the
 * pair and day tables, whose entries differ. Zeroed by writing, not
 * calloc: a fresh calloc'd table's pages, read first by the probes, map
 * the shared zero page, and the first write to each then costs a
 * copy-on-write fault and a TLB flush on every thread. */
#define DEFINE_GROW(FN, SET, ENT, KEY)                                        \
	static int FN(SET *s)                                                 \
	{                                                                     \
		size_t nslots = s->slot ? (s->mask + 1) * 2 : 4096;           \
		ENT *slot = nslots <= SIZE_MAX / sizeof(*slot)                \
		            ? malloc(nslots * sizeof(*slot)) : NULL;          \
		if (slot == NULL)                                             \
			return -1;                                            \
		memset(slot, 0, nslots * sizeof(*slot));                      \
		size_t mask = nslots - 1;                                     \
		for (size_t i = 0; s->slot && i <= s->mask; i++) {            \
			if (!s->slot[i].owner1)                               \
				continue;                                     \
			size_t j = pair_hash(s->slot[i].owner1, s->slot[i].KEY) & mask; \
			while (slot[j].owner1)                                \
				j = (j + 1) & mask;                           \
			slot[j] = s->slot[i];                                 \
		}                                                             \
		free(s->slot);                                                \
		s->slot = slot;                                               \
		s->mask = mask;                                               \
		return 0;                                                     \
	}

DEFINE_GROW(pairset_grow, ss_pairset, ss_pair, val)
DEFINE_GROW(dayset_grow, ss_dayset, ss_dayent, key)

/* Finds (owner, val[, str]); returns its slot, empty when absent. */
static ss_pair *pair_find(ss_pairset *s, uint32_t owner1, int64_t val,
                          const char *str, size_t n)
{
	size_t j = pair_hash(owner1, val) & s->mask;
	while (s->slot[j].owner1) {
		ss_pair *e = &s->slot[j];
		if (e->owner1 == owner1 && e->val == val &&
		    (str == NULL || (e->len == n && memcmp(e->s, str, n) == 0)))
			return e;
		j = (j + 1) & s->mask;
	}
	return &s->slot[j];
}

int ss_pairset_add(ss_pairset *s, uint32_t owner, int64_t val)
{
	if ((s->slot == NULL || (s->n + 1) * 2 > s->mask + 1) && pairset_grow(s) < 0)
		return -1;
	ss_pair *e = pair_find(s, owner + 1, val, NULL, 0);
	if (e->owner1)
		return 0;
	*e = (ss_pair){val, NULL, owner + 1, 0};
	s->n++;
	return 1;
}

int ss_pairset_add_str(ss_pairset *s, uint32_t owner, const char *str, size_t n)
{
	/* FNV-1a 64: the full hash doubles as a cheap first comparison */
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)str[i]) * 1099511628211u;
	if (n > UINT32_MAX)
		return -1;
	if ((s->slot == NULL || (s->n + 1) * 2 > s->mask + 1) && pairset_grow(s) < 0)
		return -1;
	ss_pair *e = pair_find(s, owner + 1, (int64_t)h, str, n);
	if (e->owner1)
		return 0;
	const char *copy = ss_arena_put(&s->arena, str, n);
	if (copy == NULL)
		return -1;
	*e = (ss_pair){(int64_t)h, copy, owner + 1, (uint32_t)n};
	s->n++;
	return 1;
}

void ss_pairset_free(ss_pairset *s)
{
	free(s->slot);
	ss_arena_free(&s->arena);
	memset(s, 0, sizeof(*s));
}

int ss_dayset_add(ss_dayset *s, uint32_t owner, int64_t key, double v)
{
	if ((s->slot == NULL || (s->n + 1) * 2 > s->mask + 1) && dayset_grow(s) < 0)
		return -1;
	uint32_t o1 = owner + 1;
	size_t j = pair_hash(o1, key) & s->mask;
	while (s->slot[j].owner1) {
		ss_dayent *e = &s->slot[j];
		if (e->owner1 == o1 && e->key == key) {
			e->v += v;
			return 0;
		}
		j = (j + 1) & s->mask;
	}
	s->slot[j] = (ss_dayent){key, v, o1};
	s->n++;
	return 0;
}

void ss_dayset_free(ss_dayset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}
