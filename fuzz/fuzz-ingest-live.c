/* fuzz-ingest-live.c: an upload parsed while it arrives (ss_ingest_live,
 * two threads allowed) against the finished file read by one thread. The
 * first input byte picks the size of the pieces written; the rest is the
 * file, its first line then the rest repeated past 160 KiB. */
#include <fcntl.h>
#include "ingest/live.h"
#include "ingest_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ss_ingest_opts one = {.min_parallel_bytes = SIZE_MAX};
	ss_ingest_opts two = {.min_parallel_bytes = 1};
	static const size_t pieces[] = {509, 1000, 4096, 65536, 65537, 100000, 1 << 20};
	ss_quality q1, q2;
	ss_error e1, e2;
	char buf[65536];

	if (size < 2)
		return 0;
	size_t piece = pieces[data[0] % (sizeof(pieces) / sizeof(pieces[0]))];
	const char *path = ingest_big_file(data + 1, size - 1);
	ss_rfm *t1 = ss_ingest_file(path, &one, &q1, &e1);

	/* the upload: a copy of the file written piece by piece */
	char up[] = "/tmp/ss-fuzz-up-XXXXXX";
	int fd = mkstemp(up), in = open(path, O_RDONLY);
	FUZZ_CHECK(fd >= 0 && in >= 0, "temp files");
	unlink(up);
	off_t total = lseek(in, 0, SEEK_END);
	lseek(in, 0, SEEK_SET);
	ss_ingest_live *l = ss_ingest_live_start(fd, "upload", (uint64_t)total, &two, &e2);
	FUZZ_CHECK(l != NULL, "live start: %s", e2.msg);
	uint64_t done = 0;
	ssize_t k;
	while ((k = read(in, buf, piece < sizeof(buf) ? piece : sizeof(buf))) > 0) {
		FUZZ_CHECK(write(fd, buf, (size_t)k) == k, "write");
		done += (uint64_t)k;
		ss_ingest_live_extend(l, done);
	}
	ss_ingest_live_finish(l, done);
	ss_rfm *t2 = ss_ingest_live_join(l, &q2, &e2);
	ss_ingest_live_free(l);
	close(in);
	close(fd);
	ingest_check(t2, &q2, &e2);
	ingest_same_result(t1, &q1, &e1, t2, &q2, &e2, "live upload");
	ss_rfm_free(t1);
	ss_rfm_free(t2);
	return 0;
}
