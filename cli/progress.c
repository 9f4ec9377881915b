/* progress.c: the reading progress line of the command line. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "progress.h"

#define EVERY 0.25  /* seconds between lines: a few a second */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_attach(cli_progress *p, ss_ingest_opts *io)
{
	/* the first block shows a line at once; then one every EVERY s */
	*p = (cli_progress){ .start = now_s() };
	p->last = p->start - EVERY;
	if (!isatty(STDERR_FILENO))
		return;
	io->progress = cli_progress_tell;
	io->progress_ctx = p;
}

static void line(cli_progress *p, double t)
{
	double mb = (double)p->bytes / 1e6, secs = t - p->start;
	/* \r and erase to the end: the line shrinks as well as grows */
	fprintf(stderr, "\rread %lld rows, %.1f MB, %.1f MB/s\033[K", (long long)p->rows, mb,
	        secs > 0 ? mb / secs : 0.0);
	fflush(stderr);
	p->shown = true;
}

void cli_progress_tell(const ss_ingest_progress *now, void *ctx)
{
	cli_progress *p = ctx;
	double t = now_s();

	p->bytes = now->bytes;
	p->rows = now->rows;
	if (t - p->last < EVERY)
		return;
	p->last = t;
	line(p, t);
}

void cli_progress_end(cli_progress *p)
{
	if (!p->shown)
		return;
	line(p, now_s());
	fputc('\n', stderr);
}
