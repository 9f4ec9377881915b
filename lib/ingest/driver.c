/* driver.c: ingest of a whole file or source: opens it, detects the
 * delimiter, and runs the parse engine on one thread or two. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ingest/ingest.h"
#include "ingest/detect.h"
#include "ingest/private.h"

#define BLOCK SS_ING_BLOCK
#define PARALLEL_MIN ((size_t)4 << 20)  /* smaller files: one thread */

/* The smallest file read by two threads (0: always one thread): by
 * default only when this process may run on two CPUs or more. */
static size_t parallel_min(const ss_ingest_opts *opts)
{
	size_t min = opts ? opts->min_parallel_bytes : 0;
	if (min == SIZE_MAX)
		return 0;
	if (min == 0) {
		cpu_set_t cpus;
		if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) < 2)
			return 0;
		min = PARALLEL_MIN;
	}
	return min;
}

/* The delimiter asked for is one ingest reads; else SS_EPARAM. */
static bool delimiter_ok(const ss_ingest_opts *opts, ss_error *err)
{
	char delim = opts ? opts->delimiter : 0;

	if (delim && !strchr(SS_DELIMS, delim)) {
		ss_error_set(err, SS_EPARAM, "unsupported delimiter (use , ; tab or |)");
		return false;
	}
	return true;
}

ss_rfm *ss_ingest_file(const char *path, const ss_ingest_opts *opts,
                       ss_quality *q, ss_error *err)
{
	return ingest__file(path, opts, q, err, NULL);
}

ss_rfm *ingest__file(const char *path, const ss_ingest_opts *opts, ss_quality *q,
                    ss_error *err, int *split)
{
	ingest__src src = { .fd = -1, .name = path };
	ss_quality qlocal;
	ss_rfm *res;

	if (q == NULL)
		q = &qlocal;
	memset(q, 0, sizeof(*q));
	ss_error_clear(err);
	if (split)
		*split = SS_SPLIT_NONE;
	if (!delimiter_ok(opts, err))
		return NULL;
	do
		src.fd = open(path, O_RDONLY | O_CLOEXEC);
	while (src.fd < 0 && errno == EINTR);
	if (src.fd < 0) {
		ss_error_set(err, SS_EIO, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	res = ingest__src_run(&src, opts, q, err, split);
	close(src.fd);
	return res;
}

/* What the first bytes say the file is (never its name). */
enum sniff { SNIFF_TEXT, SNIFF_GZIP, SNIFF_ZIP, SNIFF_OLE2 };

static int sniff(const char *b, size_t n)
{
	if (n >= 2 && (unsigned char)b[0] == 0x1f && (unsigned char)b[1] == 0x8b)
		return SNIFF_GZIP;
	if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
		return SNIFF_ZIP;
	if (n >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return SNIFF_OLE2;
	return SNIFF_TEXT;
}

/* Starts CSV parsing on the first block buf[0..n) (eof: nothing follows):
 * a BOM is skipped, the delimiter detected when delim is 0, the parser set
 * up. Returns how many bytes to skip, or -1 (error set). */
static long csv_begin(ingest__state *g, char delim, const char *buf, size_t n, bool eof)
{
	size_t skip = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	if (delim == 0) {
		delim = ss_detect_delimiter(buf + skip, n - skip, eof);
		g->q->delimiter_detected = true;
	}
	g->q->delimiter = delim;
	g->q->date_order = SS_DATE_MONTH_FIRST;
	g->comma_ok = delim != ',';
	if (ingest__parser_init(g, delim) < 0) {
		ss_error_set(g->err, SS_ENOMEM, "out of memory");
		return -1;
	}
	return (long)skip;
}

/* A gzip-compressed CSV: inflated block by block into buf, on one thread.
 * *parser_ok is set once the parser needs csv_free. */
static int run_gzip(ingest__state *g, ingest__src *src, char delim, char *buf, size_t n,
                    int *parser_ok)
{
	ingest__gz z;
	int rc = -1;

	g->q->container = SS_CONTAINER_GZIP;
	if (ingest__gz_open(&z, src, buf, n, g->err) < 0)
		return -1;
	ssize_t got = ingest__gz_read(&z, buf, BLOCK, g->err);
	long skip = got < 0 ? -1 : csv_begin(g, delim, buf, (size_t)got, (size_t)got < BLOCK);
	if (skip >= 0) {
		*parser_ok = 1;
		rc = ingest__feed(g, buf + skip, (size_t)got - (size_t)skip);
		while (rc == 0 && got == (ssize_t)BLOCK) {
			got = ingest__gz_read(&z, buf, BLOCK, g->err);
			rc = got < 0 ? -1 : ingest__feed(g, buf, (size_t)got);
		}
	}
	ingest__gz_close(&z);
	if (rc < 0)
		g->stop = 1;
	return rc;
}

ss_rfm *ingest__src_run(ingest__src *src, const ss_ingest_opts *opts, ss_quality *q,
                       ss_error *err, int *split)
{
	ss_quality qlocal;
	ingest__state g;
	char *buf = NULL;
	ss_rfm *res = NULL;
	int parser_ok = 0;

	if (q == NULL)
		q = &qlocal;
	memset(q, 0, sizeof(*q));
	ingest__prog prog;
	ingest__init(&g, q, err);
	ingest__set_opts(&g, opts);
	if (opts != NULL && opts->progress != NULL) {
		prog.fn = opts->progress;
		prog.ctx = opts->progress_ctx;
		atomic_init(&prog.bytes, 0);
		atomic_init(&prog.rows, 0);
		g.prog = &prog;
		g.prog_tells = true;
	}
	ss_error_clear(err);
	char delim = opts ? opts->delimiter : 0;
	if (!delimiter_ok(opts, err))
		return NULL;
	buf = malloc(BLOCK);
	if (buf == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto out;
	}

	ssize_t got = ingest__src_read(src, buf, BLOCK);
	if (got < 0) {
		ingest__read_failed(&g, src);
		goto out;
	}
	size_t n = (size_t)got;
	switch (sniff(buf, n)) {
	case SNIFF_OLE2:
		ss_error_set(err, SS_EDATA, "this is an Excel 97-2003 workbook (.xls), which "
		             "SmartSeg does not read: open it in a spreadsheet and save it as "
		             ".xlsx or CSV, then upload that");
		goto out;
	case SNIFF_ZIP:
		/* a parser that never sees a byte, so that ingest__result can end it */
		if (ingest__parser_init(&g, ',') < 0) {
			ss_error_set(err, SS_ENOMEM, "out of memory");
			goto out;
		}
		parser_ok = 1;
		if (ingest__xlsx_run(&g, src, opts) == 0)
			res = ingest__result(&g);
		goto out;
	case SNIFF_GZIP:
		if (run_gzip(&g, src, delim, buf, n, &parser_ok) == 0)
			res = ingest__result(&g);
		goto out;
	default:
		break;
	}
	long skip_l = csv_begin(&g, delim, buf, n, n < BLOCK);
	if (skip_l < 0)
		goto out;
	size_t skip = (size_t)skip_l;
	parser_ok = 1;

	/* Two threads for a big file: split where a row starts near the
	 * middle. A growing file expected big enough (or of unknown size) is
	 * split once it is complete (end 0), so its first part is parsed while
	 * the rest arrives. */
	size_t min = parallel_min(opts), end = 0;
	bool lazy = min > 0 && src->grow != NULL &&
	            (ss_growfile_expect(src->grow) == 0 || ingest__split_mid(src, min) > 0);
	if (min > 0 && src->grow == NULL)
		end = ingest__split_point(src, min);
	if (end > skip || lazy) {
		/* the first part up to its last newline; the second part may go
		 * to another thread once the header is known */
		size_t first = end > 0 && end < n ? end : n;
		if (ingest__feed(&g, buf + skip, first - skip) < 0 ||
		    ingest__split(&g, src, buf, n, first, end, min) < 0)
			goto out;
	} else {
		if (ingest__feed(&g, buf + skip, n - skip) < 0)
			goto out;
		if (n == BLOCK && ingest__read_rest(&g, src, buf) < 0)
			goto out;
	}
	res = ingest__result(&g);
out:
	/* the last row (one without a final newline) */
	if (g.prog != NULL && res != NULL)
		ingest__progress(&g, 0);
	if (split)
		*split = g.split;
	if (parser_ok)
		csv_free(&g.p);
	ingest__free(&g);
	free(buf);
	return res;
}
