/* live.c: ingest__src_run on its own thread over a growing file. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/private.h"
#include "ingest/live.h"

struct ss_ingest_live {
	pthread_t th;
	bool joined;
	ss_growfile *grow;
	ingest__src src;
	ss_ingest_opts opts;
	char *name, *sheet;   /* copies: the thread outlives the caller's strings */
	/* the thread's result, read after the join */
	ss_rfm *rfm;
	ss_quality q;
	ss_error err;
};

static void *run(void *arg)
{
	ss_ingest_live *l = arg;

	l->rfm = ingest__src_run(&l->src, &l->opts, &l->q, &l->err, NULL);
	return NULL;
}

static void release(ss_ingest_live *l)
{
	ss_growfile_free(l->grow);
	free(l->name);
	free(l->sheet);
	free(l);
}

ss_ingest_live *ss_ingest_live_start(int fd, const char *name, uint64_t expect,
                                     const ss_ingest_opts *opts, ss_error *err)
{
	ss_ingest_live *l = calloc(1, sizeof(*l));

	if (l == NULL || (l->grow = ss_growfile_new(expect)) == NULL ||
	    (l->name = strdup(name ? name : "the upload")) == NULL) {
		if (l != NULL)
			release(l);
		ss_error_set(err, SS_ENOMEM, "out of memory");
		return NULL;
	}
	if (opts != NULL)
		l->opts = *opts;
	if (l->opts.sheet != NULL) {
		if ((l->sheet = strdup(l->opts.sheet)) == NULL) {
			release(l);
			ss_error_set(err, SS_ENOMEM, "out of memory");
			return NULL;
		}
		l->opts.sheet = l->sheet;
	}
	l->src.fd = fd;
	l->src.grow = l->grow;
	l->src.name = l->name;
	if (pthread_create(&l->th, NULL, run, l) != 0) {
		release(l);
		ss_error_set(err, SS_ENOMEM, "cannot start the ingest thread");
		return NULL;
	}
	return l;
}

void ss_ingest_live_extend(ss_ingest_live *l, uint64_t size)
{
	ss_growfile_extend(l->grow, size);
}

void ss_ingest_live_finish(ss_ingest_live *l, uint64_t size)
{
	ss_growfile_finish(l->grow, size);
}

static void join(ss_ingest_live *l)
{
	if (!l->joined) {
		pthread_join(l->th, NULL);
		l->joined = true;
	}
}

ss_rfm *ss_ingest_live_join(ss_ingest_live *l, ss_quality *q, ss_error *err)
{
	ss_rfm *t;

	join(l);
	if (q != NULL)
		*q = l->q;
	*err = l->err;
	t = l->rfm;
	l->rfm = NULL;
	if (t == NULL && err->code == SS_OK)
		ss_error_set(err, SS_EIO, "the ingest result was already taken");
	return t;
}

void ss_ingest_live_free(ss_ingest_live *l)
{
	if (l == NULL)
		return;
	ss_growfile_abort(l->grow);
	join(l);
	ss_rfm_free(l->rfm);
	release(l);
}
