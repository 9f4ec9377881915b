/* test-store-sqlite: what only the SQLite store has: its file, schema
 * version, WAL mode, all-or-nothing saves, waiting out other writers. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include "check.h"
#include "config.h"
#include "store/store.h"
#include "store_docs.h"

static char dir[] = "/tmp/ss-store-sqlite-XXXXXX";

static ss_store *open_at(const char *path, ss_error *err)
{
	ss_config *cfg = ss_config_load("/nonexistent/.env", err);
	ss_store *s;

	if (cfg == NULL)
		return NULL;
	setenv("SMARTSEG_DB", path, 1);
	s = ss_store_open(cfg, err);
	ss_config_free(cfg);
	return s;
}

static int sql_int(const char *path, const char *q)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_TEXT
		    ? strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0
		    : sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static int sql_exec(const char *path, const char *q)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, q, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static bson_t *new_doc(int64_t n, char hex[25])
{
	bson_oid_t o;

	bson_oid_init(&o, NULL);
	bson_oid_to_string(&o, hex);
	return docs_make(&o, 1795000000000LL, n, 3, "t.csv");
}

int main(void)
{
	char path[256], hex[25], hex2[25];
	ss_error err = { 0 };
	ss_store *s;
	bson_t *d;
	int64_t count = -1;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/var/deeper/smartseg.db", dir);

	s = open_at(path, &err);
	CHECK(s != NULL, "opens, creating the missing directories (%s)", err.msg);
	if (s == NULL)
		return CHECK_DONE();
	CHECK_STR(ss_store_backend(s), "sqlite", "the backend is sqlite");
	CHECK(sql_int(path, "PRAGMA journal_mode") == 1, "the file is in WAL mode");
	CHECK(sql_int(path, "PRAGMA user_version") == 3, "schema version 3");
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'analyses_idem_key'") == 1,
	      "idempotency keys have their unique index");
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'analyses_newest'") == 1,
	      "analyses are indexed newest first");
	d = new_doc(100, hex);
	CHECK(ss_store_save(s, d, &err) == 0, "saves (%s)", err.msg);
	bson_destroy(d);
	CHECK(sql_int(path, "SELECT count(*) FROM customers") == 100, "one customers row per customer");
	ss_store_close(s);

	s = open_at(path, &err);
	CHECK(s != NULL && ss_store_count(s, &count, &err) == 0 && count == 1,
	      "reopening keeps the analysis and migrates nothing twice");
	CHECK(sql_int(path, "PRAGMA user_version") == 3, "still schema version 3");

	/* two analyses of the same second are listed newest saved first,
	 * whatever their ids (two workers' ObjectIds sort at random) */
	{
		static const char *ids[2] = { "ffffffffffffffffffffff01", "00000000000000000000ff02" };
		bson_oid_t o;
		bson_t list = BSON_INITIALIZER;
		bson_iter_t it;
		char first[25] = "";
		int saved = 0;

		for (int i = 0; i < 2; i++) {
			bson_oid_init_from_string(&o, ids[i]);
			d = docs_make(&o, 1795000000000LL, 5, 3, "t.csv");
			saved += ss_store_save(s, d, &err) == 0;
			bson_destroy(d);
		}
		if (ss_store_list(s, 1, 0, &list, &err) == 0 && bson_iter_init(&it, &list) && bson_iter_next(&it) &&
		    BSON_ITER_HOLDS_DOCUMENT(&it)) {
			bson_iter_t f;

			if (bson_iter_recurse(&it, &f) && bson_iter_find(&f, "_id") && BSON_ITER_HOLDS_OID(&f))
				bson_oid_to_string(bson_iter_oid(&f), first);
		}
		CHECK(saved == 2 && strcmp(first, ids[1]) == 0,
		      "of two analyses saved in the same second the later is listed first (%s)", first);
		bson_destroy(&list);
		for (int i = 0; i < 2; i++)
			ss_store_delete(s, ids[i], &err);
	}

	/* a save that fails halfway through its customers leaves nothing */
	CHECK(sql_exec(path, "CREATE TRIGGER fail50 BEFORE INSERT ON customers WHEN NEW.ord = 50 "
	                     "BEGIN SELECT RAISE(ABORT, 'injected failure'); END") == 0, "a failure is injected at customer 50");
	d = new_doc(100, hex2);
	CHECK(ss_store_save(s, d, &err) == -1 && err.code == SS_ESTORE && strstr(err.msg, "injected"),
	      "the save fails with SS_ESTORE and the reason: %s", err.msg);
	CHECK(ss_store_count(s, &count, &err) == 0 && count == 1 &&
	      sql_int(path, "SELECT count(*) FROM customers") == 100, "and leaves no trace: no analysis, no customers");
	CHECK(ss_store_get_head(s, hex2, &(bson_t)BSON_INITIALIZER, &err) == -1 && err.code == SS_ENOTFOUND,
	      "the failed analysis is not found");
	CHECK(sql_exec(path, "DROP TRIGGER fail50") == 0 && ss_store_save(s, d, &err) == 0,
	      "the same save succeeds once the failure is gone (%s)", err.msg);
	bson_destroy(d);

	/* another process holds the write lock for a second: the save waits,
	 * backing off and retrying past a short busy timeout */
	ss_store_close(s);
	setenv("SMARTSEG_DB_BUSY_MS", "100", 1);
	s = open_at(path, &err);
	{
		int pipefd[2];
		pid_t pid;
		char c;

		if (pipe(pipefd) != 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			sqlite3 *db;

			close(pipefd[0]);
			sqlite3_open(path, &db);
			sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
			if (write(pipefd[1], "x", 1) != 1)
				_exit(1);
			sleep(1);
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			sqlite3_close(db);
			_exit(0);
		}
		close(pipefd[1]);
		CHECK(read(pipefd[0], &c, 1) == 1, "another process takes the write lock");
		d = new_doc(20, hex2);
		CHECK(s != NULL && ss_store_save(s, d, &err) == 0, "a save waits for it instead of failing (%s)", err.msg);
		bson_destroy(d);
		waitpid(pid, NULL, 0);
		close(pipefd[0]);
	}
	ss_store_close(s);
	unsetenv("SMARTSEG_DB_BUSY_MS");

	/* a newer schema is refused, not damaged */
	CHECK(sql_exec(path, "PRAGMA user_version = 99") == 0, "the file claims schema version 99");
	s = open_at(path, &err);
	CHECK(s == NULL && err.code == SS_ESTORE && strstr(err.msg, "newer"), "opening it fails: %s", err.msg);
	ss_store_close(s);

	/* a path that cannot be a database */
	s = open_at("/proc/version/x.db", &err);
	CHECK(s == NULL && err.code == SS_ESTORE, "an impossible path is SS_ESTORE: %s", err.msg);
	ss_store_close(s);

	ss_store_process_cleanup();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	return CHECK_DONE();
}
