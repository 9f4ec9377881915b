/* ingest_tmp.h: test helper: run ingest on bytes written to a temp file. */
#ifndef SMARTSEG_INGEST_TMP_H
#define SMARTSEG_INGEST_TMP_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest/ingest.h"
#include "ingest_same.h"

/* Writes data[0..n) to a new mkstemp file; returns its path (the caller
 * unlinks and frees it). Exits on failure: a test cannot go on. */
static inline char *write_tmp(const char *data, size_t n)
{
	char *path = strdup("/tmp/ss-ingest-XXXXXX");
	int fd = path ? mkstemp(path) : -1;
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	for (size_t off = 0; off < n; ) {
		ssize_t w = write(fd, data + off, n - off);
		if (w <= 0) {
			perror("write");
			exit(2);
		}
		off += (size_t)w;
	}
	close(fd);
	return path;
}

/* Writes data[0..n) to a mkstemp file, ingests it with the given delimiter
 * (0: detect) with one thread, checks that the forced two-thread split
 * gives the same, removes the file. */
static inline ss_rfm *ingest_bytes(const char *data, size_t n, char delim,
                            ss_quality *q, ss_error *err)
{
	char *path = write_tmp(data, n);
	ss_rfm *t;
	char why[600];
	int split;
	int same = ingest_both(path, delim, &t, q, err, &split, why, sizeof(why));
	CHECK(same, "two threads (%s) give the same: %s",
	      split == SS_SPLIT_MERGED ? "merged" : split == SS_SPLIT_REDONE ? "redone" : "one",
	      why);
	unlink(path);
	free(path);
	return t;
}

#define INGEST(str, delim, q, err) ingest_bytes((str), strlen(str), (delim), (q), (err))

/* Row index of a customer id in t, -1 when absent. */
static inline long rfm_find(const ss_rfm *t, const char *id)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (strcmp(t->customer_id[i], id) == 0)
			return (long)i;
	return -1;
}

#endif
