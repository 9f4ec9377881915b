/* live.h: ingest of an upload while it is still arriving. The
 * caller writes the file; a thread of this module parses the bytes already
 * written and waits for the rest, so parsing overlaps the transfer. The
 * result is the one ss_ingest_file gives on the finished file. */
#ifndef SMARTSEG_INGEST_LIVE_H
#define SMARTSEG_INGEST_LIVE_H
#include <stdint.h>
#include "ingest/ingest.h"

typedef struct ss_ingest_live ss_ingest_live;

/* Starts ingesting fd, which the caller is writing and keeps open until
 * ss_ingest_live_free. name is copied (for messages); expect is the size
 * the file will probably reach (it decides the two-thread split; 0 when
 * unknown). NULL with err set when the thread cannot start. */
ss_ingest_live *ss_ingest_live_start(int fd, const char *name, uint64_t expect,
                                     const ss_ingest_opts *opts, ss_error *err);

/* The writer: size bytes are now in the file; finish: that is all. */
void ss_ingest_live_extend(ss_ingest_live *l, uint64_t size);
void ss_ingest_live_finish(ss_ingest_live *l, uint64_t size);

/* Waits for the ingest and hands over its result (call it after finish:
 * before, it waits for bytes that only this thread could announce):
 * the table (the caller frees it with ss_rfm_free), or NULL with err set;
 * q as ss_ingest_file fills it. Once only. */
ss_rfm *ss_ingest_live_join(ss_ingest_live *l, ss_quality *q, ss_error *err);

/* Stops the ingest if it still runs (its reads fail), waits for it and
 * frees everything, a result not taken included. NULL is fine. */
void ss_ingest_live_free(ss_ingest_live *l);

#endif
