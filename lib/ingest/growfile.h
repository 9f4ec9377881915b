/* growfile.h: a file one thread is still writing (an upload arriving) while
 * others read it. It only tracks how many bytes are there; the writer owns
 * the file itself, and the caller owns the ss_growfile (one writer, any
 * number of readers; every call is thread-safe). */
#ifndef SMARTSEG_GROWFILE_H
#define SMARTSEG_GROWFILE_H
#include <stddef.h>
#include <stdint.h>

typedef struct ss_growfile ss_growfile;

/* expect: the size the file is likely to reach (a hint, 0 when unknown).
 * NULL on out of memory. */
ss_growfile *ss_growfile_new(uint64_t expect);
void ss_growfile_free(ss_growfile *g);

uint64_t ss_growfile_expect(const ss_growfile *g);

/* The writer: size bytes are now in the file (never less than before);
 * finish: that is all of it; abort: the rest will never come. */
void ss_growfile_extend(ss_growfile *g, uint64_t size);
void ss_growfile_finish(ss_growfile *g, uint64_t size);
void ss_growfile_abort(ss_growfile *g);

/* A reader: waits until bytes [off, off + want) are in the file or the file
 * is complete. Returns how many of them there are (fewer than want only at
 * the end of the file), or -1 when the writer aborted. */
int64_t ss_growfile_wait(ss_growfile *g, uint64_t off, size_t want);

/* A reader: waits until the file is complete; its size, or -1 when the
 * writer aborted. */
int64_t ss_growfile_wait_done(ss_growfile *g);

#endif
