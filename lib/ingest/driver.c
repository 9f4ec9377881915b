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
	ingest__init(&g, q, err);
	g.exclude = opts != NULL && opts->exclude_returns;
	q->returns_excluded = g.exclude;
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
	size_t skip = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (delim == 0) {
		delim = ss_detect_delimiter(buf + skip, n - skip, n < BLOCK);
		q->delimiter_detected = true;
	}
	q->delimiter = delim;
	q->date_order = SS_DATE_MONTH_FIRST;
	g.comma_ok = delim != ',';
	if (ingest__parser_init(&g, delim) < 0) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto out;
	}
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
	if (split)
		*split = g.split;
	if (parser_ok)
		csv_free(&g.p);
	ingest__free(&g);
	free(buf);
	return res;
}
