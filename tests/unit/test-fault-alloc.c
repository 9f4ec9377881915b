/* test-fault-alloc.c: out-of-memory injection, as SQLite tests itself: a
 * countdown allocator fails the Nth allocation (once, then also every
 * one after it: "persistent", as memory stays short), for every N through one
 * analysis (ingest -> RFM -> k-means -> personas -> document) and one
 * SQLite save, and each run must end in an error (SS_ENOMEM, or the
 * store's SS_ESTORE) or in the very document of a run without faults;
 * never a crash, never a leak (the ASan build asks LeakSanitizer after
 * every N), never a half-saved analysis, and the store handle must work
 * on the next request (no transaction left open).
 *
 * The allocations counted and failed: every malloc/calloc/realloc/strdup
 * of lib/ (the link wraps them: -Wl,--wrap=..., see the Makefile; lib/
 * has no hook of its own), libcsv's buffers (ingest hands it lib's
 * realloc) and SQLite's (sqlite3_config(SQLITE_CONFIG_MALLOC)). Not
 * failed: libbson's, which aborts the process on out of memory by design
 * (bson_malloc), so no caller can see one.
 *
 * FAULT_STRIDE=s tests every s-th N (default 1: all of them);
 * FAULT_FROM=a starts at N = a; FAULT_FULL=1 (`make fault-full`) adds
 * two sweeps of an analysis with k chosen automatically. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "config.h"
#include "json_out.h"
#include "pipeline.h"
#include "store/store.h"
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

/* ---- the countdown ---- */

static atomic_long fault_count;    /* allocations seen while armed */
static atomic_long fault_at;       /* fail the allocation with this number; 0: none */
static atomic_int fault_fired;     /* the allocation numbered fault_at came, and failed */
static atomic_int fault_armed;
static int fault_persist;          /* 1: the allocations after it fail too */

/* 1 when this allocation is the one to fail. */
static int fault_now(void)
{
	if (!atomic_load(&fault_armed))
		return 0;
	long n = atomic_fetch_add(&fault_count, 1) + 1, at = atomic_load(&fault_at);
	if (n == at || (fault_persist && at > 0 && n > at)) {
		atomic_store(&fault_fired, 1);
		return 1;
	}
	return 0;
}

static void fault_arm(long at)
{
	atomic_store(&fault_count, 0);
	atomic_store(&fault_fired, 0);
	atomic_store(&fault_at, at);
	atomic_store(&fault_armed, 1);
}

static void fault_disarm(void)
{
	atomic_store(&fault_armed, 0);
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n)
{
	return fault_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fault_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fault_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fault_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fault_now() ? NULL : __real_strndup(s, n);
}

/* SQLite's allocator, counted on the same countdown. */
static sqlite3_mem_methods sqlite_mem;

static void *sq_malloc(int n)
{
	return fault_now() ? NULL : sqlite_mem.xMalloc(n);
}

static void *sq_realloc(void *p, int n)
{
	return fault_now() ? NULL : sqlite_mem.xRealloc(p, n);
}

static void sq_hook(void)
{
	sqlite3_mem_methods m;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK) {
		printf("Bail out! SQLITE_CONFIG_GETMALLOC\n");
		exit(1);
	}
	m = sqlite_mem;
	m.xMalloc = sq_malloc;
	m.xRealloc = sq_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
		printf("Bail out! SQLITE_CONFIG_MALLOC\n");
		exit(1);
	}
}

/* ---- the work under test ---- */

/* in memory when possible: each run commits, and fsyncs cost nothing there */
static char dir[] = "/dev/shm/ss-fault-XXXXXX";
static char csv_path[256], db_path[256];

/* 40 customers over 130 rows, with what ingest has to handle: a
 * delimiter to detect, a dropped row, a Latin-1 id, a return, a
 * cancelled invoice, slash dates. */
static void write_csv(void)
{
	FILE *f = fopen(csv_path, "w");
	if (f == NULL) {
		printf("Bail out! %s\n", csv_path);
		exit(1);
	}
	fprintf(f, "InvoiceNo;StockCode;Quantity;InvoiceDate;UnitPrice;CustomerID\n");
	for (int i = 0; i < 130; i++)
		fprintf(f, "%s%d;S%d;%d;%d/%d/2011 10:%02d;%d,%02d;%s%d\n", i % 29 == 5 ? "C" : "",
		        500 + i / 3, i % 7, i % 31 == 0 ? -2 : 1 + i % 9, 1 + i % 12, 1 + i % 28, i % 60,
		        1 + i % 17, i % 100, i % 37 == 3 ? "\xe9t\xe9" : "C", (i * 7) % 40);
	fprintf(f, "9;S;1;not a date;1;C1\n");
	fclose(f);
}

static int params_k;

static bson_t *analyse(ss_error *err)
{
	ss_params p;
	bson_oid_t oid;
	ss_file_info fi = {.name = "fault.csv", .size = 4096};

	ss_params_default(&p);
	p.k = params_k;
	bson_oid_init_from_string(&oid, "65a1b2c3d4e5f60718293a4b");
	return ss_pipeline_run(csv_path, &fi, &p, NULL, &oid, 1764738000000, err);
}

/* The document as JSON text (a comparison that sees every value). */
static char *text_of(const bson_t *doc)
{
	char *s = ss_json_to_string(doc, NULL);
	if (s == NULL) {
		printf("Bail out! JSON of a document\n");
		exit(1);
	}
	return s;
}

/* LeakSanitizer's check stops every thread: after each sweep by default
 * (its report names the leaked blocks' allocation stacks), after every
 * run with FAULT_LEAK_EACH=1 (to tell which N leaked). */
static int leak_each;

static int leaks_found(void)
{
#ifdef __SANITIZE_ADDRESS__
	return __lsan_do_recoverable_leak_check();
#else
	return 0;
#endif
}

/* What one run with the allocation number `at` failing did. */
typedef struct outcome {
	int fired;          /* the allocation came and failed */
	int ok;             /* the run behaved */
	char why[600];
} outcome;

/* The analysis then the save (what POST /analyze does), allocation `at`
 * failing; then, without faults, the store must be as before or hold the
 * whole analysis, and still take a save. */
static void run_one(ss_store *st, long at, const char *want, outcome *o)
{
	ss_error err = {0}, e2 = {0};
	int saved = 0;
	bson_t got;

	o->ok = 1;
	o->why[0] = '\0';
	fault_arm(at);
	bson_t *doc = analyse(&err);
	if (doc != NULL) {
		saved = ss_store_save(st, doc, &err) == 0;
	}
	fault_disarm();
	o->fired = atomic_load(&fault_fired);

	if (doc == NULL) {
		if (err.code != SS_ENOMEM) {
			o->ok = 0;
			snprintf(o->why, sizeof(o->why), "analysis: error %s: %s", ss_code_name(err.code),
			         err.msg);
		}
	} else {
		char *t = text_of(doc);
		if (strcmp(t, want) != 0) {
			o->ok = 0;
			snprintf(o->why, sizeof(o->why), "analysis succeeded with another document");
		}
		free(t);
		if (!saved && err.code != SS_ENOMEM && err.code != SS_ESTORE) {
			o->ok = 0;
			snprintf(o->why, sizeof(o->why), "save: error %s: %s", ss_code_name(err.code),
			         err.msg);
		}
	}

	/* all or nothing, and the handle still works */
	bson_init(&got);
	int rc = ss_store_get(st, "65a1b2c3d4e5f60718293a4b", &got, &e2);
	if (saved && rc != 0) {
		o->ok = 0;
		snprintf(o->why, sizeof(o->why), "saved, then not found: %s", e2.msg);
	} else if (!saved && rc == 0) {
		o->ok = 0;
		snprintf(o->why, sizeof(o->why), "a failed save left an analysis behind");
	} else if (!saved && e2.code != SS_ENOTFOUND) {
		o->ok = 0;
		snprintf(o->why, sizeof(o->why), "after a failed save, the store: %s: %s",
		         ss_code_name(e2.code), e2.msg);
	}
	bson_destroy(&got);
	if (doc != NULL && !saved && o->ok && ss_store_save(st, doc, &e2) != 0) {
		o->ok = 0;
		snprintf(o->why, sizeof(o->why), "the next save fails: %s", e2.msg);
	}
	if ((saved || o->ok) && doc != NULL) {
		bson_init(&got);
		if (ss_store_get(st, "65a1b2c3d4e5f60718293a4b", &got, &e2) != 0) {
			o->ok = 0;
			snprintf(o->why, sizeof(o->why), "stored analysis unreadable: %s", e2.msg);
		} else {
			char *t = text_of(&got);
			if (strcmp(t, want) != 0) {
				o->ok = 0;
				snprintf(o->why, sizeof(o->why), "the stored analysis differs");
			}
			free(t);
		}
		bson_destroy(&got);
		if (ss_store_delete(st, "65a1b2c3d4e5f60718293a4b", &e2) != 0) {
			o->ok = 0;
			snprintf(o->why, sizeof(o->why), "delete: %s", e2.msg);
		}
	}
	bson_destroy(doc);
	if (leak_each && leaks_found()) {
		o->ok = 0;
		snprintf(o->why, sizeof(o->why), "leak (LeakSanitizer report above)");
	}
}

static long env_long(const char *name, long def)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : def;
}

static ss_store *open_store(const ss_config *cfg)
{
	ss_error err;
	ss_store *st = ss_store_open(cfg, &err);
	if (st == NULL) {
		printf("Bail out! store: %s\n", err.msg);
		exit(1);
	}
	return st;
}

/* Every N (by stride) through the analysis and the save. warm: on one
 * store handle that has saved before (its statements prepared); cold: on
 * a new handle each time, as a worker's first request meets it. */
static void sweep(const ss_config *cfg, const char *label, int persist, int warm)
{
	ss_error err;
	long stride = env_long("FAULT_STRIDE", 1), from = env_long("FAULT_FROM", 1);
	if (stride < 1)
		stride = 1;

	ss_store *st = open_store(cfg);
	if (warm) {
		/* once to warm the caches (SQLite prepares its statements on
		 * first use), then the reference */
		bson_t *w = analyse(&err);
		if (w && ss_store_save(st, w, &err) == 0)
			ss_store_delete(st, "65a1b2c3d4e5f60718293a4b", &err);
		bson_destroy(w);
	}
	/* the reference: no fault, counting the allocations */
	fault_arm(0);
	bson_t *doc = analyse(&err);
	long in_analysis = atomic_load(&fault_count);
	int saved = doc && ss_store_save(st, doc, &err) == 0;
	long total = atomic_load(&fault_count);
	fault_disarm();
	CHECK(doc != NULL && saved, "%s: the analysis runs and saves without faults (%ld allocations"
	      " counted: %ld analysing, %ld saving)", label, total, in_analysis, total - in_analysis);
	if (doc == NULL || !saved) {
		printf("# %s\n", err.msg);
		bson_destroy(doc);
		ss_store_close(st);
		return;
	}
	char *want = text_of(doc);
	bson_destroy(doc);
	ss_store_delete(st, "65a1b2c3d4e5f60718293a4b", &err);

	long runs = 0, bad = 0, fired = 0;
	outcome o;
	fault_persist = persist;
	for (long at = from; at <= total; at += stride) {
		if (!warm) {
			ss_store_close(st);
			st = open_store(cfg);
		}
		run_one(st, at, want, &o);
		runs++;
		fired += o.fired;
		if (!o.ok && bad++ < 10)
			printf("# %s: allocation %ld failing: %s\n", label, at, o.why);
	}
	CHECK(bad == 0, "%s: each of %ld allocations failed in turn (every %ld from %ld): an error "
	      "or the same document, nothing half-saved, the store usable after (%ld bad)", label,
	      runs, stride, from, bad);
#ifdef __SANITIZE_ADDRESS__
	CHECK(!leaks_found(), "%s: nothing leaked (LeakSanitizer)", label);
#endif
	CHECK(fired == runs, "%s: every allocation numbered was reached and failed (%ld of %ld)",
	      label, fired, runs);
	/* one beyond the last: nothing fails, the same document */
	run_one(st, total + 1000, want, &o);
	CHECK(o.ok && !o.fired, "%s: with no allocation failing the result is the reference", label);
	fault_persist = 0;
	free(want);
	ss_store_close(st);
}

int main(void)
{
	ss_error err;

	/* line by line: a leak makes LeakSanitizer end the process at exit */
	setvbuf(stdout, NULL, _IOLBF, 0);
	sq_hook();
	leak_each = env_long("FAULT_LEAK_EACH", 0) != 0;
	if (access("/dev/shm", W_OK) != 0)
		memcpy(dir, "/tmp/ss-fault-XXXXXX", sizeof("/tmp/ss-fault-XXXXXX"));
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(csv_path, sizeof(csv_path), "%s/in.csv", dir);
	snprintf(db_path, sizeof(db_path), "%s/fault.db", dir);
	write_csv();
	setenv("SMARTSEG_DB", db_path, 1);
	unsetenv("MONGO_URI");
	ss_config *cfg = ss_config_load("/nonexistent/.env", &err);
	if (cfg == NULL) {
		printf("Bail out! config: %s\n", err.msg);
		return 1;
	}
	static const struct { int k, persist, warm; const char *label; } sweeps[] = {
		{3, 0, 1, "k=3, warm store, one allocation failing"},
		{3, 1, 1, "k=3, warm store, every allocation failing from the Nth on"},
		{3, 0, 0, "k=3, new store handle, one allocation failing"},
		{3, 1, 0, "k=3, new store handle, every allocation failing from the Nth on"},
		{SS_K_AUTO, 0, 1, "k=auto, warm store, one allocation failing"},
		{SS_K_AUTO, 1, 0, "k=auto, new store handle, every allocation failing from the Nth on"},
	};
	int n = env_long("FAULT_FULL", 0) ? 6 : 4;
	for (int i = 0; i < n; i++) {
		params_k = sweeps[i].k;
		sweep(cfg, sweeps[i].label, sweeps[i].persist, sweeps[i].warm);
	}
	ss_config_free(cfg);
	ss_store_process_cleanup();
	unlink(csv_path);
	unlink(db_path);
	char side[300];
	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
	rmdir(dir);
	return CHECK_DONE();
}
