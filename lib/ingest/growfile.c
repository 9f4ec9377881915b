/* growfile.c: a byte count behind a mutex, and a condition readers wait on. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "ingest/growfile.h"

struct ss_growfile {
	pthread_mutex_t mu;
	pthread_cond_t more;      /* signalled on every change */
	uint64_t size, expect;
	bool done, aborted;
};

ss_growfile *ss_growfile_new(uint64_t expect)
{
	ss_growfile *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	if (pthread_mutex_init(&g->mu, NULL) != 0) {
		free(g);
		return NULL;
	}
	if (pthread_cond_init(&g->more, NULL) != 0) {
		pthread_mutex_destroy(&g->mu);
		free(g);
		return NULL;
	}
	g->expect = expect;
	return g;
}

void ss_growfile_free(ss_growfile *g)
{
	if (g == NULL)
		return;
	pthread_cond_destroy(&g->more);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

uint64_t ss_growfile_expect(const ss_growfile *g)
{
	return g->expect;  /* set once, before any other thread sees g */
}

static void update(ss_growfile *g, uint64_t size, bool done, bool aborted)
{
	pthread_mutex_lock(&g->mu);
	if (size > g->size)
		g->size = size;
	g->done |= done;
	g->aborted |= aborted;
	pthread_cond_broadcast(&g->more);
	pthread_mutex_unlock(&g->mu);
}

void ss_growfile_extend(ss_growfile *g, uint64_t size)
{
	update(g, size, false, false);
}

void ss_growfile_finish(ss_growfile *g, uint64_t size)
{
	update(g, size, true, false);
}

void ss_growfile_abort(ss_growfile *g)
{
	update(g, 0, false, true);
}

int64_t ss_growfile_wait(ss_growfile *g, uint64_t off, size_t want)
{
	int64_t n;

	pthread_mutex_lock(&g->mu);
	while (!g->aborted && !g->done && g->size < off + want)
		pthread_cond_wait(&g->more, &g->mu);
	if (g->aborted)
		n = -1;
	else if (g->size <= off)
		n = 0;
	else
		n = (int64_t)(g->size - off < want ? g->size - off : want);
	pthread_mutex_unlock(&g->mu);
	return n;
}

int64_t ss_growfile_wait_done(ss_growfile *g)
{
	int64_t n;

	pthread_mutex_lock(&g->mu);
	while (!g->aborted && !g->done)
		pthread_cond_wait(&g->more, &g->mu);
	n = g->aborted ? -1 : (int64_t)g->size;
	pthread_mutex_unlock(&g->mu);
	return n;
}
