/* async.c: ss_store_save on a thread of its own. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "store/store.h"

struct ss_store_saving {
	ss_store *s;
	const bson_t *doc;
	pthread_t th;
	bool threaded;
	int rc;
	ss_error err;
};

static void *run(void *arg)
{
	ss_store_saving *sv = arg;

	sv->rc = ss_store_save(sv->s, sv->doc, &sv->err);
	return NULL;
}

ss_store_saving *ss_store_save_start(ss_store *s, const bson_t *doc)
{
	ss_store_saving *sv = calloc(1, sizeof(*sv));

	if (sv == NULL)
		return NULL;
	sv->s = s;
	sv->doc = doc;
	if (pthread_create(&sv->th, NULL, run, sv) == 0)
		sv->threaded = true;
	else
		run(sv);
	return sv;
}

int ss_store_save_wait(ss_store_saving *sv, ss_error *err)
{
	int rc;

	if (sv == NULL)
		return ss_error_set(err, SS_ENOMEM, "out of memory starting the save");
	if (sv->threaded)
		pthread_join(sv->th, NULL);
	rc = sv->rc;
	if (rc != 0 && err != NULL)
		*err = sv->err;
	free(sv);
	return rc;
}
