/* fuzz-ingest-split.c: the two-thread ingest against the one-thread one:
 * the input (first line, then the rest repeated past 160 KiB so the file
 * is split) must give the same table, quality block or error both ways. */
#include "ingest_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ss_ingest_opts one = {.min_parallel_bytes = SIZE_MAX};
	ss_ingest_opts two = {.min_parallel_bytes = 1};
	ss_quality q1, q2;
	ss_error e1, e2;

	if (size == 0)
		return 0;
	const char *path = ingest_big_file(data, size);
	ss_rfm *t1 = ss_ingest_file(path, &one, &q1, &e1);
	ss_rfm *t2 = ss_ingest_file(path, &two, &q2, &e2);
	ingest_check(t2, &q2, &e2);
	ingest_same_result(t1, &q1, &e1, t2, &q2, &e2, "two threads");
	ss_rfm_free(t1);
	ss_rfm_free(t2);
	return 0;
}
