/* async.c: ss_store_save on a thread of its own. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

struct ss_store_saving {
	ss_store *s;
	const bson_t *doc;
	const char *key;
	char existing[25];
	pthread_t th;
	bool threaded;
	int rc;
	ss_error err;
};

static void *run(void *arg)
{
	ss_store_saving *sv = arg;

	sv->rc = ss_store_save_keyed(sv->s, sv->doc, sv->key, sv->existing, &sv->err);
	return NULL;
}

ss_store_saving *ss_store_save_start(ss_store *s, const bson_t *doc)
{
	return ss_store_save_start_keyed(s, doc, NULL);
}

ss_store_saving *ss_store_save_start_keyed(ss_store *s, const bson_t *doc, const char *key)
{
	ss_store_saving *sv = calloc(1, sizeof(*sv));

	if (sv == NULL)
		return NULL;
	sv->s = s;
	sv->doc = doc;
	sv->key = key;
	if (pthread_create(&sv->th, NULL, run, sv) == 0)
		sv->threaded = true;
	else
		run(sv);
	return sv;
}

int ss_store_save_wait(ss_store_saving *sv, ss_error *err)
{
	return ss_store_save_wait_keyed(sv, NULL, err);
}

int ss_store_save_wait_keyed(ss_store_saving *sv, char existing[25], ss_error *err)
{
	int rc;

	if (sv == NULL)
		return ss_error_set(err, SS_ENOMEM, "out of memory starting the save");
	if (sv->threaded)
		pthread_join(sv->th, NULL);
	rc = sv->rc;
	if (rc == 1 && existing != NULL)
		memcpy(existing, sv->existing, 25);
	if (rc != 0 && err != NULL)
		*err = sv->err;
	free(sv);
	return rc;
}
