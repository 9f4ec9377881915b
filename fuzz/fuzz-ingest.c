/* fuzz-ingest.c: the CSV ingest on one thread, any bytes as the file
 * (delimiter detected). */
#include "ingest_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ss_ingest_opts one = {.min_parallel_bytes = SIZE_MAX};
	ss_quality q;
	ss_error err;
	const char *path = fuzz_file(data, size, NULL, 0, 0);

	ss_rfm *t = ss_ingest_file(path, &one, &q, &err);
	ingest_check(t, &q, &err);
	ss_rfm_free(t);
	return 0;
}
