/* ingest_tmp.h: test helper: run ingest on bytes written to a temp file. */
#ifndef SMARTSEG_INGEST_TMP_H
#define SMARTSEG_INGEST_TMP_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ingest.h"

/* Writes data[0..n) to a mkstemp file, ingests it with the given delimiter
 * (0: detect), removes the file. */
static inline ss_rfm *ingest_bytes(const char *data, size_t n, char delim,
                            ss_quality *q, ss_error *err)
{
	char path[] = "/tmp/ss-ingest-XXXXXX";
	int fd = mkstemp(path);
	ss_ingest_opts o = {delim};
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(fd, data + off, n - off);
		if (w <= 0) {
			perror("write");
			exit(2);
		}
		off += (size_t)w;
	}
	close(fd);
	ss_rfm *t = ss_ingest_file(path, &o, q, err);
	unlink(path);
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
