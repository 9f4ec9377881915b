/* test-ingest-parallel.c: the two-thread ingest (file split at the middle)
 * gives exactly the one-thread result: on the Online Retail file and on
 * generated files made to hit each case of the split (merge, redo, errors). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest/ingest.h"
#include "ingest/private.h"
#include "ingest_same.h"
#include "ingest_tmp.h"

/* What a generated file looks like. */
typedef struct spec {
	char delim;          /* ',' or ';' (';' writes decimal commas) */
	int crlf;            /* CRLF line ends */
	int invoice;         /* an InvoiceNo column */
	int amount;          /* Amount instead of Quantity and UnitPrice */
	int slash;           /* A/B/YYYY dates, ambiguous unless decided below */
	long decide_at[2];   /* rows with a date that tells the order (-1: none) */
	int decide_order[2]; /* SS_DATE_MONTH_FIRST or SS_DATE_DAY_FIRST */
	int latin1;          /* some customer ids in Latin-1 */
	int drop_all;        /* every row lacks its customer */
	int no_final_newline;
} spec;

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* One data row. */
static void row(FILE *f, const spec *sp, long i, uint32_t *s)
{
	char d = sp->delim;
	unsigned cust = 10000 + rnd(s) % 1500; /* customers recur in both halves */
	int qty = (int)(rnd(s) % 24) - 3;
	unsigned cents = 5 + rnd(s) % 2000;
	unsigned day = 1 + rnd(s) % 12, mon = 1 + rnd(s) % 12, year = 2010 + rnd(s) % 2;
	unsigned hh = rnd(s) % 24, mm = rnd(s) % 60;

	if (sp->invoice)
		fprintf(f, "%s%ld%c", rnd(s) % 50 == 0 ? "C" : "", 536000 + i / 7, d);
	int decide = -1;
	for (int k = 0; k < 2; k++)
		if (i == sp->decide_at[k])
			decide = sp->decide_order[k];
	if (sp->drop_all || (decide < 0 && rnd(s) % 30 == 0))
		fputc(d, f);
	else if (sp->latin1 && rnd(s) % 40 == 0)
		fprintf(f, "Caf\xe9-%u%c", cust % 50, d);
	else
		fprintf(f, "%u%s%c", cust, rnd(s) % 3 == 0 ? ".0" : "", d);
	/* A/B/Y: a 13 first can only be a day, a 13 second only a day too */
	if (sp->slash && decide == SS_DATE_DAY_FIRST)
		fprintf(f, "13/%u/%u %u:%02u%c", mon, year, hh, mm, d);
	else if (sp->slash && decide == SS_DATE_MONTH_FIRST)
		fprintf(f, "%u/13/%u %u:%02u%c", mon, year, hh, mm, d);
	else if (sp->slash)
		fprintf(f, "%u/%u/%u %u:%02u%c", mon, day, year, hh, mm, d);
	else
		fprintf(f, "%u-%02u-%02u %02u:%02u:00%c", year, mon, day, hh, mm, d);
	if (rnd(s) % 9 == 0)
		fprintf(f, "\"BAG%c RED \"\"RETRO\"\"\"%c", d, d);
	else
		fprintf(f, "PARTY BUNTING%c", d);
	long a = (long)qty * (long)cents;
	if (sp->amount)
		fprintf(f, "%s%ld%c%02ld", a < 0 ? "-" : "", labs(a) / 100, d == ';' ? ',' : '.',
		        labs(a) % 100);
	else
		fprintf(f, "%d%c%u%c%02u", qty, d, cents / 100, d == ';' ? ',' : '.', cents % 100);
	fputs(sp->crlf ? "\r\n" : "\n", f);
}

static void header(FILE *f, const spec *sp)
{
	char d = sp->delim;
	if (sp->invoice)
		fprintf(f, "InvoiceNo%c", d);
	fprintf(f, "CustomerID%cInvoiceDate%cDescription%c", d, d, d);
	if (sp->amount)
		fputs("Amount", f);
	else
		fprintf(f, "Quantity%cUnitPrice", d);
	fputs(sp->crlf ? "\r\n" : "\n", f);
}

/* Writes rows rows (from row index first) to f. */
static void rows(FILE *f, const spec *sp, long first, long n, uint32_t *s)
{
	for (long i = first; i < first + n; i++)
		row(f, sp, i, s);
}

/* Where a complete file on fd would be split with the smallest minimum. */
static size_t split_at(int fd)
{
	ingest__src src = {.fd = fd, .name = "test"};
	return ingest__split_point(&src, 1);
}

/* A file of header + n rows per spec, in memory. */
static char *gen(const spec *sp, long n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	uint32_t s = 7;
	if (f == NULL)
		exit(2);
	header(f, sp);
	rows(f, sp, 0, n, &s);
	fclose(f);
	if (sp->no_final_newline && *len > 0)
		buf[--*len] = '\0';
	return buf;
}

static const char *split_name(int split)
{
	return split == SS_SPLIT_MERGED ? "merged" : split == SS_SPLIT_REDONE ? "redone" : "one thread";
}

/* Ingests data both ways; checks they agree and that the split went as
 * expected. Returns the one-thread table (caller frees) for more checks. */
static ss_rfm *both(const char *name, const char *data, size_t n, char delim,
                    int want_split, ss_quality *q, ss_error *err)
{
	char *path = write_tmp(data, n);
	char why[600];
	int split = -1;
	ss_rfm *t = NULL;
	int same = ingest_both(path, delim, &t, q, err, &split, why, sizeof(why));
	CHECK(same, "%s: two threads give the one-thread result (%s)", name, why);
	CHECK(split == want_split, "%s: the split was %s (want %s)", name, split_name(split),
	      split_name(want_split));
	unlink(path);
	free(path);
	return t;
}

static const spec base = {',', 0, 1, 0, 0, {-1, -1}, {0, 0}, 0, 0, 0};

static void plain_cases(void)
{
	ss_quality q;
	ss_error err;
	size_t n;
	spec sp = base;
	char *d = gen(&sp, 8000, &n);
	ss_rfm *t = both("invoices, ISO dates", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(t && t->n > 1000 && q.rows_kept > 7000 && q.cancelled_rows > 0 &&
	      q.return_rows > 0 && q.dropped[SS_DROP_MISSING_CUSTOMER] > 0,
	      "invoices: a real table (%zu customers, %lld kept)", t ? t->n : 0,
	      (long long)q.rows_kept);
	ss_rfm_free(t);
	free(d);

	sp.crlf = 1;
	d = gen(&sp, 8000, &n);
	t = both("CRLF", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(t && q.rows_read == 8000, "CRLF: 8000 rows read (%lld)", (long long)q.rows_read);
	ss_rfm_free(t);
	free(d);

	sp = base;
	sp.invoice = 0;
	sp.amount = 1;
	sp.delim = ';';
	d = gen(&sp, 8000, &n);
	t = both("no invoices, Amount, ';' and decimal commas", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(t && !q.has_invoice && q.has_amount_column && q.decimal_comma && q.delimiter == ';',
	      "no invoices: timestamps counted, decimal commas read");
	ss_rfm_free(t);
	free(d);

	sp = base;
	sp.latin1 = 1;
	sp.no_final_newline = 1;
	d = gen(&sp, 8000, &n);
	t = both("Latin-1 ids, no final newline", d, n, ',', SS_SPLIT_MERGED, &q, &err);
	CHECK(t && q.non_utf8_fields > 0 && q.rows_read == 8000,
	      "Latin-1: %lld fields repaired", (long long)q.non_utf8_fields);
	ss_rfm_free(t);
	free(d);

	sp = base;
	sp.drop_all = 1;
	d = gen(&sp, 8000, &n);
	t = both("every row dropped", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(!t && err.code == SS_EDATA && strstr(err.msg, "no valid rows: 8000 dropped"),
	      "every row dropped: %s", err.msg);
	ss_rfm_free(t);
	free(d);
}

static void date_cases(void)
{
	ss_quality q;
	ss_error err;
	size_t n;
	spec sp = base;
	sp.slash = 1;
	char *d = gen(&sp, 8000, &n);
	ss_rfm *t = both("slash dates never decided", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(t && q.date_order_assumed && q.date_order == SS_DATE_MONTH_FIRST,
	      "undecided: month-first assumed");
	ss_rfm_free(t);
	free(d);

	/* decided in the second half only: the first half's rows take the
	 * order the second half found */
	sp.decide_at[0] = 7000;
	sp.decide_order[0] = SS_DATE_DAY_FIRST;
	d = gen(&sp, 8000, &n);
	t = both("day-first told in the second half", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(t && !q.date_order_assumed && q.date_order == SS_DATE_DAY_FIRST,
	      "day-first from the second half");
	ss_rfm_free(t);
	free(d);

	sp.decide_at[0] = 100;
	d = gen(&sp, 8000, &n);
	t = both("day-first told in the first half", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(t && q.date_order == SS_DATE_DAY_FIRST, "day-first from the first half");
	ss_rfm_free(t);
	free(d);

	/* both halves decide, the same way */
	sp.decide_at[1] = 7500;
	sp.decide_order[1] = SS_DATE_DAY_FIRST;
	d = gen(&sp, 8000, &n);
	t = both("day-first told in both halves", d, n, 0, SS_SPLIT_MERGED, &q, &err);
	CHECK(t && q.date_order == SS_DATE_DAY_FIRST && q.dropped[SS_DROP_BAD_DATE] == 0,
	      "same order twice: no bad date");
	ss_rfm_free(t);
	free(d);

	/* opposite orders: the second half's decider is a bad date for one
	 * thread; the split cannot know, so it is redone */
	sp.decide_order[1] = SS_DATE_MONTH_FIRST;
	d = gen(&sp, 8000, &n);
	t = both("opposite orders in the two halves", d, n, 0, SS_SPLIT_REDONE, &q, &err);
	CHECK(t && q.date_order == SS_DATE_DAY_FIRST && q.dropped[SS_DROP_BAD_DATE] == 1,
	      "opposite orders: the later one is a bad date (%lld)",
	      (long long)q.dropped[SS_DROP_BAD_DATE]);
	ss_rfm_free(t);
	free(d);
}

/* A file whose middle falls inside one quoted, multi-line field. */
static void straddle_case(void)
{
	ss_quality q;
	ss_error err;
	char *buf = NULL;
	size_t n;
	FILE *f = open_memstream(&buf, &n);
	uint32_t s = 11;
	spec sp = base;
	if (f == NULL)
		exit(2);
	header(f, &sp);
	rows(f, &sp, 0, 4000, &s);
	long at = ftell(f);
	fputs("536999,12345,2011-05-01 10:00,\"", f);
	for (int i = 0; i < 3000; i++) /* 90 KB of lines that look like rows */
		fprintf(f, "%d,77,2011-05-02 11:00,x,1,1.00\n", 20000 + i);
	fputs("\",2,3.50\n", f);
	long after = ftell(f);
	s = 11;
	rows(f, &sp, 4001, 4000, &s);
	fclose(f);
	char *path = write_tmp(buf, n);
	int fd = open(path, O_RDONLY);
	size_t end = split_at(fd);
	close(fd);
	unlink(path);
	free(path);
	CHECK(end > (size_t)at && end < (size_t)after,
	      "the middle newline is inside the quoted field (%zu in %ld..%ld)", end, at, after);
	ss_rfm *t = both("quoted newlines across the middle", buf, n, 0, SS_SPLIT_REDONE, &q, &err);
	CHECK(t && q.rows_read == 8001, "quoted field: one row (%lld rows)", (long long)q.rows_read);
	CHECK(t && rfm_find(t, "12345") >= 0 && rfm_find(t, "77") < 0,
	      "quoted field: its lines are not rows");
	ss_rfm_free(t);
	free(buf);
}

/* An error in the second half: the same message as one thread, with the
 * row number counted from the start of the file. */
static void error_case(void)
{
	ss_quality q;
	ss_error err;
	char *buf = NULL;
	size_t n;
	FILE *f = open_memstream(&buf, &n);
	uint32_t s = 3;
	spec sp = base;
	if (f == NULL)
		exit(2);
	header(f, &sp);
	rows(f, &sp, 0, 30000, &s);
	fputs("536999,12345,2011-05-01 10:00,\"", f);
	for (int i = 0; i < (5 << 20) / 64 / 4; i++)
		fputs("an unterminated quote swallows all this text, line after line\n", f);
	fclose(f);
	ss_rfm *t = both("unterminated quote in the second half", buf, n, 0, SS_SPLIT_REDONE, &q,
	                 &err);
	CHECK(!t && err.code == SS_EDATA && strstr(err.msg, "near data row 30001"),
	      "error row counted from the file start: %s", err.msg);
	ss_rfm_free(t);
	free(buf);
}

static void oracle_case(void)
{
	char path[] = "/tmp/ss-par-or-XXXXXX";
	char cmd[128];
	int fd = mkstemp(path);
	ss_quality q;
	ss_error err;
	if (fd < 0)
		exit(2);
	close(fd);
	snprintf(cmd, sizeof(cmd), "gzip -dc tests/data/online_retail.csv.gz > '%s'", path);
	CHECK(system(cmd) == 0, "Online Retail gunzipped (run from the repo root)");
	char why[600];
	int split = -1;
	ss_rfm *t = NULL;
	int same = ingest_both(path, 0, &t, &q, &err, &split, why, sizeof(why));
	CHECK(same, "Online Retail: two threads give the one-thread result bit for bit (%s)", why);
	CHECK(split == SS_SPLIT_MERGED, "Online Retail: the halves were merged (%s)",
	      split_name(split));
	CHECK(t && t->n == 2974 && q.rows_read == 240007, "Online Retail: 2974 customers");
	ss_rfm_free(t);
	/* the default threshold (4 MiB) splits this 19 MB file */
	ss_ingest_opts def = {0};
	t = ingest__file(path, &def, &q, &err, &split);
	CHECK(t && split == SS_SPLIT_MERGED, "default options split a 19 MB file");
	ss_rfm_free(t);
	unlink(path);
}

static void small_and_odd(void)
{
	ss_quality q;
	ss_error err;
	size_t n;
	int split = -1;
	spec sp = base;
	char *d = gen(&sp, 2000, &n);
	char *path = write_tmp(d, n);
	ss_ingest_opts def = {0};
	ss_rfm *t = ingest__file(path, &def, &q, &err, &split);
	CHECK(t && split == SS_SPLIT_NONE, "default options: a %zu-byte file is read by one thread",
	      n);
	ss_rfm_free(t);
	unlink(path);
	free(path);
	free(d);
	int p[2];
	CHECK(pipe(p) == 0 && split_at(p[0]) == 0, "a pipe is never split");
	close(p[0]);
	close(p[1]);
	/* a file whose only newline after the middle is its last byte */
	static const char one[] = "CustomerID,InvoiceDate,Amount\n"
	                          "1,2011-01-01,3.0000000000000000000000000000000000000\n";
	path = write_tmp(one, strlen(one));
	int fd = open(path, O_RDONLY);
	CHECK(split_at(fd) == 0, "nothing after the middle newline: not split");
	close(fd);
	unlink(path);
	free(path);
}

int main(void)
{
	oracle_case();
	plain_cases();
	date_cases();
	straddle_case();
	error_case();
	small_and_odd();
	return CHECK_DONE();
}
