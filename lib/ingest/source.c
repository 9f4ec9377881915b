/* source.c: how ingest reads its file: pread on a shared descriptor,
 * waiting for the bytes of a file still being written; and where a file is
 * split between two threads. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ingest/private.h"

#define SCAN_MAX ((size_t)1 << 20)  /* no '\n' this far past the middle: one thread */
#define SCAN_STEP 4096

ssize_t ingest__src_read(ingest__src *s, char *buf, size_t want)
{
	size_t got = 0;

	if (s->grow != NULL) {
		int64_t avail = ss_growfile_wait(s->grow, s->off, want);
		if (avail < 0)
			return -1;
		want = (size_t)avail;
	}
	while (got < want) {
		ssize_t k = pread(s->fd, buf + got, want - got, (off_t)(s->off + got));
		if (k < 0 && errno == ESPIPE && s->grow == NULL)  /* a pipe: read in order */
			k = read(s->fd, buf + got, want - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	s->off += got;
	return (ssize_t)got;
}

void ingest__read_failed(ingest__state *g, const ingest__src *s)
{
	if (s->grow != NULL)
		ss_error_set(g->err, SS_EIO, "the upload of %s did not complete", s->name);
	else
		ss_error_set(g->err, SS_EIO, "cannot read %s", s->name);
	g->stop = 1;
}

uint64_t ingest__split_mid(const ingest__src *src, size_t min_bytes)
{
	uint64_t size;
	struct stat st;

	if (src->grow != NULL) {
		size = ss_growfile_expect(src->grow);
	} else {
		if (src->fd < 0 || fstat(src->fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
			return 0;
		size = (uint64_t)st.st_size;
	}
	if (size < min_bytes || size > SIZE_MAX / 2)
		return 0;
	return size / 2;
}

size_t ingest__row_after(const ingest__src *src, uint64_t from)
{
	ingest__src at = *src;
	char buf[SCAN_STEP];

	at.off = from;
	while (at.off - from < SCAN_MAX) {
		uint64_t pos = at.off;
		ssize_t k = ingest__src_read(&at, buf, sizeof(buf));
		if (k <= 0)
			return 0;
		const char *nl = memchr(buf, '\n', (size_t)k);
		if (nl) {
			/* nothing after it: no second part */
			at.off = pos + (size_t)(nl - buf) + 1;
			size_t end = (size_t)at.off;
			return ingest__src_read(&at, buf, 1) == 1 ? end : 0;
		}
	}
	return 0;
}

size_t ingest__split_point(const ingest__src *src, size_t min_bytes)
{
	uint64_t mid = ingest__split_mid(src, min_bytes);

	return mid ? ingest__row_after(src, mid) : 0;
}

int ingest__read_rest(ingest__state *g, ingest__src *src, char *buf)
{
	ssize_t n;
	do {
		n = ingest__src_read(src, buf, SS_ING_BLOCK);
		if (n < 0) {
			ingest__read_failed(g, src);
			return -1;
		}
		if (ingest__feed(g, buf, (size_t)n) < 0)
			return -1;
	} while (n == (ssize_t)SS_ING_BLOCK);
	return 0;
}
