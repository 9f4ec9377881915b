/* test-fault-io.c: the SQLite store when the disk lets it down. Disk full
 * (RLIMIT_FSIZE below what a save needs), a store file that may not be
 * written (read-only to the worker's user), and the store file deleted
 * under a running worker: each a clear SS_ESTORE (the web's 503), nothing
 * half-written (the file passes PRAGMA integrity_check and holds exactly
 * the analyses saved whole), and the handle usable again once the fault
 * is gone. The faults run in child processes, so the limits and the user
 * change stay there. */
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "config.h"
#include "store/store.h"
#include "store_docs.h"

static char dir[] = "/tmp/ss-fault-io-XXXXXX";
static char db_path[256];
static ss_config *cfg;

static ss_store *open_store(ss_error *err)
{
	return ss_store_open(cfg, err);
}

static bson_t *doc_n(int i, int64_t customers)
{
	bson_oid_t oid;
	char hex[25];
	snprintf(hex, sizeof(hex), "65a1b2c3d4e5f607182930%02x", i);
	bson_oid_init_from_string(&oid, hex);
	return docs_make(&oid, 1764738000000 + i, customers, 3, "io.csv");
}

static void hex_n(int i, char hex[25])
{
	snprintf(hex, 25, "65a1b2c3d4e5f607182930%02x", i);
}

/* PRAGMA integrity_check on the file, from a connection of its own. */
static int file_intact(void)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int ok = 0;

	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK) {
		ok = sqlite3_step(q) == SQLITE_ROW &&
		     strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return ok;
}

/* The analyses stored, as a count, and whether analysis i is there whole
 * (every customer row as written). */
static int64_t stored_count(void)
{
	ss_error err;
	int64_t n = -1;
	ss_store *st = open_store(&err);
	if (st == NULL || ss_store_count(st, &n, &err) != 0)
		n = -1;
	ss_store_close(st);
	return n;
}

typedef struct rows { int64_t n, bad; } rows;

static int count_row(void *ctx, const bson_t *row)
{
	rows *r = ctx;
	r->bad += !docs_row_ok(row, r->n, 3);
	r->n++;
	return 0;
}

/* 1 whole, 0 absent, -1 partial or unreadable. */
static int stored_whole(int i, int64_t customers)
{
	ss_error err;
	char hex[25];
	rows r = {0, 0};
	ss_store *st = open_store(&err);
	int res = -1;

	hex_n(i, hex);
	if (st != NULL) {
		if (ss_store_each_customer(st, hex, count_row, &r, &err) == 0)
			res = r.n == customers && r.bad == 0 ? 1 : -1;
		else if (err.code == SS_ENOTFOUND)
			res = 0;
	}
	ss_store_close(st);
	return res;
}

/* Child exit codes: 0 as expected; 10 + step otherwise. */
static int child_disk_full(void)
{
	ss_error err;
	struct rlimit rl;
	struct stat sb;
	ss_store *st = open_store(&err);

	if (st == NULL || stat(db_path, &sb) != 0 || getrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 10;
	signal(SIGXFSZ, SIG_IGN);  /* writes past the limit fail with EFBIG */
	struct rlimit low = {(rlim_t)sb.st_size + 64 * 1024, rl.rlim_max};
	if (setrlimit(RLIMIT_FSIZE, &low) != 0)
		return 11;
	bson_t *big = doc_n(2, 60000);  /* several MB: past the limit */
	int rc = ss_store_save(st, big, &err);
	bson_destroy(big);
	if (rc == 0 || err.code != SS_ESTORE)
		return 12;
	fprintf(stderr, "# disk full: %s\n", err.msg);
	/* room again: the same handle takes the next save */
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 13;
	bson_t *small = doc_n(3, 50);
	rc = ss_store_save(st, small, &err);
	bson_destroy(small);
	ss_store_close(st);
	return rc == 0 ? 0 : 14;
}

static int child_read_only(void)
{
	ss_error err;

	/* root writes any file: be the unprivileged user a worker runs as */
	if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
		return 10;
	ss_store *st = open_store(&err);
	if (st != NULL) {
		bson_t *d = doc_n(4, 50);
		int rc = ss_store_save(st, d, &err);
		bson_destroy(d);
		ss_store_close(st);
		if (rc == 0)
			return 11;
	}
	fprintf(stderr, "# read-only: %s\n", err.msg);
	return err.code == SS_ESTORE ? 0 : 12;
}

static int child_deleted(void)
{
	ss_error err;
	char side[300];
	ss_store *st = open_store(&err);

	if (st == NULL)
		return 10;
	/* the worker is running; someone removes the store */
	unlink(db_path);
	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
	bson_t *d = doc_n(5, 50);
	int rc = ss_store_save(st, d, &err);
	bson_destroy(d);
	if (rc == 0 || err.code != SS_ESTORE || strstr(err.msg, "deleted") == NULL)
		return 11;
	fprintf(stderr, "# deleted: %s\n", err.msg);
	ss_error herr;
	int h = ss_store_health(st, &herr);
	ss_store_close(st);
	return h != 0 && herr.code == SS_ESTORE ? 0 : 12;
}

static int in_child(int (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

int main(void)
{
	ss_error err;
	char side[300];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mkdtemp(dir) == NULL || chmod(dir, 0755) != 0) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(db_path, sizeof(db_path), "%s/io.db", dir);
	setenv("SMARTSEG_DB", db_path, 1);
	unsetenv("MONGO_URI");
	cfg = ss_config_load("/nonexistent/.env", &err);
	ss_store *st = cfg ? open_store(&err) : NULL;
	bson_t *d1 = doc_n(1, 500);
	CHECK(st != NULL && ss_store_save(st, d1, &err) == 0, "a store with one analysis");
	bson_destroy(d1);
	ss_store_close(st);

	int rc = in_child(child_disk_full);
	CHECK(rc == 0, "disk full (RLIMIT_FSIZE) during a save: SS_ESTORE, then the same handle "
	      "saves once there is room (child %d)", rc);
	CHECK(file_intact(), "after the disk filled: the file passes PRAGMA integrity_check");
	CHECK(stored_whole(2, 60000) == 0, "the analysis that did not fit: not stored at all");
	CHECK(stored_whole(1, 500) == 1 && stored_whole(3, 50) == 1 && stored_count() == 2,
	      "the analyses saved before and after: whole, and nothing else (%lld stored)",
	      (long long)stored_count());

	/* read-only: owned by root, 0644, and the worker is another user */
	struct stat before, after;
	stat(db_path, &before);
	rc = in_child(child_read_only);
	stat(db_path, &after);
	CHECK(rc == 0, "a store file the worker may not write: SS_ESTORE, no save (child %d)", rc);
	CHECK(before.st_size == after.st_size && before.st_mtime == after.st_mtime && file_intact() &&
	      stored_count() == 2, "the read-only file is unchanged");

	rc = in_child(child_deleted);
	CHECK(rc == 0, "the store file deleted under a running worker: the next save and the "
	      "health check are SS_ESTORE saying so, not written into the deleted file (child %d)",
	      rc);

	ss_config_free(cfg);
	ss_store_process_cleanup();
	unlink(db_path);
	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
	rmdir(dir);
	return CHECK_DONE();
}
