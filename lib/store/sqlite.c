/* sqlite.c: the SQLite store: WAL, versioned schema, one analysis
 * row (head and list item as BSON) plus one row per customer. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "store/private.h"

/* Schema migrations, applied in order; PRAGMA user_version counts them. */
static const char *const migrations[] = {
	/* 1: analyses and their customers */
	"CREATE TABLE analyses ("
	"  seq INTEGER PRIMARY KEY,"       /* customers refer to it */
	"  id TEXT NOT NULL UNIQUE,"       /* ObjectId, 24 lowercase hex */
	"  created_at INTEGER NOT NULL,"   /* Unix ms */
	"  n_customers INTEGER NOT NULL,"
	"  item BLOB NOT NULL,"            /* BSON: the history list item */
	"  head BLOB NOT NULL);"           /* BSON: the document minus raw_data */
	"CREATE INDEX analyses_newest ON analyses(created_at DESC, id DESC);"
	"CREATE TABLE customers ("
	"  analysis INTEGER NOT NULL,"     /* analyses.seq */
	"  ord INTEGER NOT NULL,"          /* position in raw_data */
	"  row BLOB NOT NULL,"             /* BSON: one raw_data row */
	"  PRIMARY KEY (analysis, ord)) WITHOUT ROWID;",
	/* 2: idempotency keys of retried uploads, one analysis per key */
	"ALTER TABLE analyses ADD COLUMN idem_key TEXT;"
	"CREATE UNIQUE INDEX analyses_idem_key ON analyses(idem_key) WHERE idem_key IS NOT NULL;",
	/* 3: analyses of the same second listed in the order they were saved
	 * (ids made by different workers sort at random) */
	"DROP INDEX analyses_newest;"
	"CREATE INDEX analyses_newest ON analyses(created_at DESC, seq DESC);",
};
#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

enum q {
	Q_BEGIN_IMMEDIATE, Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
	Q_INSERT_ANALYSIS, Q_INSERT_CUSTOMER, Q_LIST, Q_COUNT, Q_HEAD, Q_SEQ,
	Q_CUSTOMERS, Q_DELETE_CUSTOMERS, Q_DELETE_ANALYSIS, Q_HEALTH, Q_FIND_KEY,
	Q__MAX
};

static const char *const sql[Q__MAX] = {
	[Q_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
	[Q_BEGIN] = "BEGIN",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_INSERT_ANALYSIS] = "INSERT INTO analyses (id, created_at, n_customers, item, head, idem_key) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_INSERT_CUSTOMER] = "INSERT INTO customers (analysis, ord, row) VALUES (?, ?, ?)",
	[Q_LIST] = "SELECT item FROM analyses ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
	[Q_COUNT] = "SELECT count(*) FROM analyses",
	[Q_HEAD] = "SELECT head FROM analyses WHERE id = ?",
	[Q_SEQ] = "SELECT seq FROM analyses WHERE id = ?",
	[Q_CUSTOMERS] = "SELECT row FROM customers WHERE analysis = ? ORDER BY ord",
	[Q_DELETE_CUSTOMERS] = "DELETE FROM customers WHERE analysis = ?",
	[Q_DELETE_ANALYSIS] = "DELETE FROM analyses WHERE seq = ?",
	[Q_HEALTH] = "SELECT 1 FROM analyses LIMIT 1",
	[Q_FIND_KEY] = "SELECT id FROM analyses WHERE idem_key = ?",
};

typedef struct sqlite_store {
	ss_store base;
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[Q__MAX];   /* prepared on first use */
	dev_t dev;                    /* the file opened: a path that names */
	ino_t ino;                    /* another (or none) means it was deleted */
} sqlite_store;

/* The file at the path is still the one this handle has open. SQLite
 * would go on writing into a deleted file, where no other worker will
 * ever read it: each transaction and the health check ask first. */
static int file_same(sqlite_store *st, ss_error *err)
{
	struct stat now;

	if (stat(st->path, &now) == 0 && now.st_dev == st->dev && now.st_ino == st->ino)
		return 0;
	return ss_error_set(err, SS_ESTORE, "the store file %s was deleted or replaced while "
	                    "the server ran: restart the server", st->path);
}

static int fail(sqlite_store *st, ss_error *err, const char *what)
{
	return ss_error_set(err, SS_ESTORE, "SQLite %s: %s (%s)", what,
	                    sqlite3_errmsg(st->db), st->path);
}

/* The statement for q, reset and unbound, or NULL with err set. */
static sqlite3_stmt *stmt(sqlite_store *st, enum q q, ss_error *err)
{
	if (st->stmt[q] == NULL) {
		if (sqlite3_prepare_v3(st->db, sql[q], -1, SQLITE_PREPARE_PERSISTENT,
		                       &st->stmt[q], NULL) != SQLITE_OK) {
			fail(st, err, "prepare");
			return NULL;
		}
	} else {
		sqlite3_reset(st->stmt[q]);
		sqlite3_clear_bindings(st->stmt[q]);
	}
	return st->stmt[q];
}

/* Steps a bound statement that returns no rows. */
static int step_done(sqlite_store *st, sqlite3_stmt *s, const char *what, ss_error *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : fail(st, err, what);
}

/* Runs a statement without parameters that returns no rows. */
static int exec_q(sqlite_store *st, enum q q, ss_error *err)
{
	sqlite3_stmt *s = stmt(st, q, err);

	return s == NULL ? -1 : step_done(st, s, sql[q], err);
}

static void rollback(sqlite_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec_q(st, Q_ROLLBACK, NULL);
}

/* Before any transaction starts: a transaction some failure left open
 * would turn every later BEGIN into "cannot start a transaction within a
 * transaction", so end it; and ROLLBACK is prepared now, so that ending
 * this one never needs memory that may by then be short (out of memory,
 * its prepare failed and left the handle wedged). */
static int before_begin(sqlite_store *st, ss_error *err)
{
	if (file_same(st, err) != 0 || stmt(st, Q_ROLLBACK, err) == NULL)
		return -1;
	rollback(st);
	return sqlite3_get_autocommit(st->db) ? 0 : fail(st, err, "ROLLBACK");
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Takes the write lock. The busy timeout waits for other writers; when
 * SQLite still says busy (a timeout, or a lock it will not wait on), back
 * off with jitter and try again, so that concurrent workers queue up
 * instead of showing users "database is locked". */
static int begin_write(sqlite_store *st, ss_error *err)
{
	if (before_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, Q_BEGIN_IMMEDIATE, err);
	long backoff = 20;
	unsigned jitter = (unsigned)getpid() * 2654435761u;
	int rc = SQLITE_BUSY;

	if (s == NULL)
		return -1;
	for (int attempt = 0; attempt < 8; attempt++) {
		sqlite3_reset(s);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		jitter = jitter * 1103515245u + 12345u;
		sleep_ms(backoff + (long)(jitter >> 16) % backoff);
		if (backoff < 1000)
			backoff *= 2;
	}
	return fail(st, err, "could not start a write transaction");
}

static int commit(sqlite_store *st, ss_error *err)
{
	if (exec_q(st, Q_COMMIT, err) == 0)
		return 0;
	rollback(st);
	return -1;
}

/* ---- opening and the schema ---- */

/* mkdir -p of the directory part of path. */
static int make_parent(const char *path, ss_error *err)
{
	char *dir = strdup(path), *p;

	if (dir == NULL)
		return ss_error_set(err, SS_ENOMEM, "out of memory");
	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
				ss_error_set(err, SS_ESTORE, "cannot create directory %s: %s", dir, strerror(errno));
				free(dir);
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return 0;
}

static int pragma_int(sqlite_store *st, const char *q, int *out, ss_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK)
		return fail(st, err, q);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : fail(st, err, q);
}

static int migrate(sqlite_store *st, ss_error *err)
{
	int version;
	char buf[64];

	if (pragma_int(st, "PRAGMA user_version", &version, err) != 0)
		return -1;
	if (version == N_MIGRATIONS)
		return 0;
	if (begin_write(st, err) != 0)
		return -1;
	/* another process may have migrated while we waited for the lock */
	if (pragma_int(st, "PRAGMA user_version", &version, err) != 0) {
		rollback(st);
		return -1;
	}
	if (version > N_MIGRATIONS) {
		rollback(st);
		return ss_error_set(err, SS_ESTORE, "database %s has schema version %d, newer than this program's %d",
		                    st->path, version, N_MIGRATIONS);
	}
	for (; version < N_MIGRATIONS; version++) {
		if (sqlite3_exec(st->db, migrations[version], NULL, NULL, NULL) != SQLITE_OK) {
			fail(st, err, "schema migration");
			rollback(st);
			return -1;
		}
	}
	snprintf(buf, sizeof(buf), "PRAGMA user_version = %d", N_MIGRATIONS);
	if (sqlite3_exec(st->db, buf, NULL, NULL, NULL) != SQLITE_OK) {
		fail(st, err, "schema migration");
		rollback(st);
		return -1;
	}
	return commit(st, err);
}

/* journal_mode=WAL needs a moment alone with the file; retry while busy. */
static int set_wal(sqlite_store *st, ss_error *err)
{
	for (int attempt = 0; ; attempt++) {
		sqlite3_stmt *s;
		int rc, wal = 0;

		if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &s, NULL) != SQLITE_OK)
			return fail(st, err, "PRAGMA journal_mode");
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			wal = strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
		sqlite3_finalize(s);
		if (wal)
			return 0;
		if (rc != SQLITE_BUSY || attempt >= 20)
			return fail(st, err, "could not switch to WAL mode");
		sleep_ms(50);
	}
}

static const store__ops sqlite_ops;

ss_store *store__open_sqlite(const char *path, long busy_ms, ss_error *err)
{
	sqlite_store *st;

	if (path == NULL || path[0] == '\0') {
		ss_error_set(err, SS_ESTORE, "SMARTSEG_DB is empty");
		return NULL;
	}
	if (make_parent(path, err) != 0)
		return NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		ss_error_set(err, SS_ENOMEM, "out of memory opening the store");
		return NULL;
	}
	st->base.ops = &sqlite_ops;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		if (st->db == NULL)
			ss_error_set(err, SS_ENOMEM, "out of memory opening %s", path);
		else
			fail(st, err, "open");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, (int)busy_ms);
	struct stat sb;
	if (stat(path, &sb) != 0) {
		ss_error_set(err, SS_ESTORE, "the store file %s: %s", path, strerror(errno));
		goto fail;
	}
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	/* SQLite opens a file it may not write read-only, without a word:
	 * say so now rather than at the first save */
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		ss_error_set(err, SS_ESTORE, "the store file %s is read-only", path);
		goto fail;
	}
	if (set_wal(st, err) != 0)
		goto fail;
	/* FULL: a saved analysis survives a power cut, not just a crash */
	if (sqlite3_exec(st->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK) {
		fail(st, err, "PRAGMA");
		goto fail;
	}
	if (migrate(st, err) != 0)
		goto fail;
	return &st->base;
fail:
	sqlite_ops.close(&st->base);
	return NULL;
}

static void sq_close(ss_store *s)
{
	sqlite_store *st = (sqlite_store *)s;

	for (int i = 0; i < Q__MAX; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

/* ---- the operations ---- */

/* The id stored under key into id: 1, 0 none, -1 error. */
static int find_key(sqlite_store *st, const char *key, char id[25], ss_error *err)
{
	sqlite3_stmt *q = stmt(st, Q_FIND_KEY, err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		snprintf(id, 25, "%s", t ? (const char *)t : "");
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(st, err, "idempotency key lookup");
}

static int sq_find_key(ss_store *s, const char *key, char id[25], ss_error *err)
{
	return find_key((sqlite_store *)s, key, id, err);
}

/* Under a key, the lookup and the insert share the write transaction
 * (BEGIN IMMEDIATE: one writer at a time), so of concurrent saves under
 * one key the first stores and the others find it; the unique index on
 * idem_key makes a second row impossible whatever happens. */
static int sq_save(ss_store *s, const bson_t *doc, const char *key, char existing[25],
                   ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	store__parts p;
	sqlite3_stmt *q;
	sqlite3_int64 seq;
	int rc;

	if (store__split(doc, &p, err) != 0)
		return -1;
	if (begin_write(st, err) != 0)
		goto out_err;
	if (key != NULL && (rc = find_key(st, key, existing, err)) != 0) {
		rollback(st);
		store__parts_free(&p);
		return rc;
	}
	if ((q = stmt(st, Q_INSERT_ANALYSIS, err)) == NULL)
		goto rollback;
	sqlite3_bind_text(q, 1, p.hex, 24, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, p.created_ms);
	sqlite3_bind_int64(q, 3, p.n_rows);
	sqlite3_bind_blob(q, 4, bson_get_data(&p.item), (int)p.item.len, SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, bson_get_data(&p.head), (int)p.head.len, SQLITE_STATIC);
	if (key != NULL)
		sqlite3_bind_text(q, 6, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, 6);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		ss_error_set(err, SS_ESTORE, "an analysis with id %s is already stored", p.hex);
		goto rollback;
	}
	if (rc != SQLITE_DONE) {
		fail(st, err, "insert analysis");
		goto rollback;
	}
	seq = sqlite3_last_insert_rowid(st->db);
	if (p.has_rows) {
		bson_iter_t it = p.rows;
		sqlite3_int64 ord = 0;

		if ((q = stmt(st, Q_INSERT_CUSTOMER, err)) == NULL)
			goto rollback;
		sqlite3_bind_int64(q, 1, seq);
		while (bson_iter_next(&it)) {
			const uint8_t *data;
			uint32_t len;

			bson_iter_document(&it, &len, &data);
			sqlite3_bind_int64(q, 2, ord++);
			sqlite3_bind_blob(q, 3, data, (int)len, SQLITE_STATIC);
			rc = sqlite3_step(q);
			sqlite3_reset(q);
			if (rc != SQLITE_DONE) {
				fail(st, err, "insert customer");
				goto rollback;
			}
		}
		sqlite3_clear_bindings(q);
	}
	if (commit(st, err) != 0)
		goto out_err;
	store__parts_free(&p);
	return 0;
rollback:
	rollback(st);
out_err:
	store__parts_free(&p);
	return -1;
}

/* Appends a stored BSON blob to out under key; SS_ESTORE if corrupt. */
static int append_blob(sqlite_store *st, bson_t *out, const char *key,
                       const void *data, int len, ss_error *err)
{
	bson_t b;

	if (data == NULL || len < 5 || !bson_init_static(&b, data, (size_t)len))
		return ss_error_set(err, SS_ESTORE, "corrupt record in %s", st->path);
	if (key == NULL ? !bson_concat(out, &b) : !bson_append_document(out, key, -1, &b))
		return ss_error_set(err, SS_ENOMEM, "out of memory reading %s", st->path);
	return 0;
}

static int sq_list(ss_store *s, int limit, int offset, bson_t *out, ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	if (file_same(st, err) != 0)
		return -1;
	sqlite3_stmt *q = stmt(st, Q_LIST, err);
	uint32_t n = 0;
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int(q, 1, limit);
	sqlite3_bind_int(q, 2, offset);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *key;
		char buf[16];

		bson_uint32_to_string(n++, &key, buf, sizeof(buf));
		if (append_blob(st, out, key, sqlite3_column_blob(q, 0), sqlite3_column_bytes(q, 0), err) != 0) {
			sqlite3_reset(q);
			return -1;
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : fail(st, err, "list");
}

static int sq_count(ss_store *s, int64_t *count, ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	if (file_same(st, err) != 0)
		return -1;
	sqlite3_stmt *q = stmt(st, Q_COUNT, err);
	int rc;

	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : fail(st, err, "count");
}

static int sq_get_head(ss_store *s, const bson_oid_t *oid, const char *hex,
                       bson_t *out, ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	if (file_same(st, err) != 0)
		return -1;
	sqlite3_stmt *q = stmt(st, Q_HEAD, err);
	int rc, ret;

	(void)oid;
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, hex, 24, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		ret = append_blob(st, out, NULL, sqlite3_column_blob(q, 0), sqlite3_column_bytes(q, 0), err);
	else if (rc == SQLITE_DONE)
		ret = ss_error_set(err, SS_ENOTFOUND, "no analysis with id %s", hex);
	else
		ret = fail(st, err, "get");
	sqlite3_reset(q);
	return ret;
}

/* The row number of analysis hex: 0, or -1 with SS_ENOTFOUND or SS_ESTORE. */
static int find_seq(sqlite_store *st, const char *hex, sqlite3_int64 *seq, ss_error *err)
{
	if (file_same(st, err) != 0)
		return -1;
	sqlite3_stmt *q = stmt(st, Q_SEQ, err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, hex, 24, SQLITE_STATIC);
	rc = sqlite3_step(q);
	*seq = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return ss_error_set(err, SS_ENOTFOUND, "no analysis with id %s", hex);
	if (rc != SQLITE_ROW)
		return fail(st, err, "find analysis");
	return 0;
}

/* One read transaction, so the head lookup and the rows agree even when
 * another process deletes the analysis meanwhile. */
static int sq_each_customer(ss_store *s, const bson_oid_t *oid, const char *hex,
                            ss_row_cb row_cb, void *ctx, ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	sqlite3_stmt *q;
	sqlite3_int64 seq;
	int rc, ret = 0;

	(void)oid;
	if (before_begin(st, err) != 0 || exec_q(st, Q_BEGIN, err) != 0)
		return -1;
	if (find_seq(st, hex, &seq, err) != 0)
		goto fail;
	if ((q = stmt(st, Q_CUSTOMERS, err)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, seq);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const void *data = sqlite3_column_blob(q, 0);
		int len = sqlite3_column_bytes(q, 0);
		bson_t row;

		if (data == NULL || len < 5 || !bson_init_static(&row, data, (size_t)len)) {
			ret = ss_error_set(err, SS_ESTORE, "corrupt customer record in %s", st->path);
			break;
		}
		if (row_cb(ctx, &row) != 0) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(st, err, "read customers");
	sqlite3_reset(q);
	rollback(st);   /* read-only: nothing to keep */
	return ret;
fail:
	rollback(st);
	return -1;
}

/* A cursor has its own statement, so two can step at once on one
 * connection (they then share its read snapshot). */
typedef struct sq_cursor {
	ss_store_cursor base;
	sqlite_store *st;
	sqlite3_stmt *q;
	int done;
} sq_cursor;

static ss_store_cursor *sq_cursor_open(ss_store *s, const bson_oid_t *oid, const char *hex,
                                       ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	sqlite3_int64 seq;
	sq_cursor *c;

	(void)oid;
	if (find_seq(st, hex, &seq, err) != 0)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory opening a customer cursor");
		return NULL;
	}
	c->base.ops = s->ops;
	c->st = st;
	if (sqlite3_prepare_v2(st->db, sql[Q_CUSTOMERS], -1, &c->q, NULL) != SQLITE_OK) {
		fail(st, err, "prepare");
		free(c);
		return NULL;
	}
	sqlite3_bind_int64(c->q, 1, seq);
	return &c->base;
}

static int sq_cursor_next(ss_store_cursor *cur, bson_t *row, ss_error *err)
{
	sq_cursor *c = (sq_cursor *)cur;
	int rc;

	if (c->done)
		return 0;
	rc = sqlite3_step(c->q);
	if (rc == SQLITE_DONE) {
		c->done = 1;
		return 0;
	}
	if (rc != SQLITE_ROW)
		return fail(c->st, err, "read customers");
	const void *data = sqlite3_column_blob(c->q, 0);
	int len = sqlite3_column_bytes(c->q, 0);
	if (data == NULL || len < 5 || !bson_init_static(row, data, (size_t)len))
		return ss_error_set(err, SS_ESTORE, "corrupt customer record in %s", c->st->path);
	return 1;
}

static void sq_cursor_close(ss_store_cursor *cur)
{
	sq_cursor *c = (sq_cursor *)cur;

	sqlite3_finalize(c->q);
	free(c);
}

static int sq_delete(ss_store *s, const bson_oid_t *oid, const char *hex, ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	sqlite3_stmt *q;
	sqlite3_int64 seq;

	(void)oid;
	if (begin_write(st, err) != 0)
		return -1;
	if (find_seq(st, hex, &seq, err) != 0)
		goto fail;
	if ((q = stmt(st, Q_DELETE_CUSTOMERS, err)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, seq);
	if (step_done(st, q, "delete customers", err) != 0)
		goto fail;
	if ((q = stmt(st, Q_DELETE_ANALYSIS, err)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, seq);
	if (step_done(st, q, "delete analysis", err) != 0)
		goto fail;
	return commit(st, err);
fail:
	rollback(st);
	return -1;
}

static int sq_health(ss_store *s, ss_error *err)
{
	sqlite_store *st = (sqlite_store *)s;
	if (file_same(st, err) != 0)
		return -1;
	sqlite3_stmt *q = stmt(st, Q_HEALTH, err);
	int rc;

	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(st, err, "health check");
}

static const store__ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.save = sq_save,
	.find_key = sq_find_key,
	.list = sq_list,
	.count = sq_count,
	.get_head = sq_get_head,
	.each_customer = sq_each_customer,
	.cursor_open = sq_cursor_open,
	.cursor_next = sq_cursor_next,
	.cursor_close = sq_cursor_close,
	.delete = sq_delete,
	.health = sq_health,
};
