/* progress.h: the reading progress on a terminal's stderr, one line
 * rewritten in place; nothing when stderr is not a terminal. */
#ifndef SMARTSEG_CLI_PROGRESS_H
#define SMARTSEG_CLI_PROGRESS_H
#include <stdbool.h>
#include "ingest/ingest.h"

typedef struct cli_progress {
	double start, last;   /* monotonic seconds: the read began, last line */
	uint64_t bytes;       /* the latest figures told */
	int64_t rows;
	bool shown;           /* a line is on the terminal */
} cli_progress;

/* Sets the options to report to p when stderr is a terminal; leaves them
 * alone otherwise (pipes, files, a web server's log). */
void cli_progress_attach(cli_progress *p, ss_ingest_opts *io);

/* ss_ingest_progress_fn: at most a few lines a second. */
void cli_progress_tell(const ss_ingest_progress *now, void *ctx);

/* Ends the line, when one was shown, with the final figures. */
void cli_progress_end(cli_progress *p);
#endif
