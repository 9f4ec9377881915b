/* fuzz.h: what the libFuzzer targets share: a per-process scratch file for
 * the inputs read from a path, and a check that aborts (a finding). */
#ifndef SMARTSEG_FUZZ_H
#define SMARTSEG_FUZZ_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding: say what broke, then abort so libFuzzer keeps the input. */
#define FUZZ_CHECK(cond, ...) do { if (!(cond)) { \
	fprintf(stderr, "fuzz check failed: %s: ", #cond); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

/* The scratch file of this process (created once, removed at exit),
 * rewritten with data[0..size) followed by tail[0..tail_size) repeated
 * until the file holds at least min bytes. Returns its path. */
static char fuzz__path[64];

static inline void fuzz__unlink(void)
{
	unlink(fuzz__path);
}

static inline const char *fuzz_file(const uint8_t *data, size_t size, const uint8_t *tail,
                             size_t tail_size, size_t min)
{
	char *path = fuzz__path;
	if (path[0] == '\0') {
		snprintf(fuzz__path, sizeof(fuzz__path), "/tmp/ss-fuzz-%ld.csv", (long)getpid());
		atexit(fuzz__unlink);
	}
	FILE *f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL, "cannot write %s", path);
	size_t total = size;
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	while (tail_size > 0 && total < min) {
		if (fwrite(tail, 1, tail_size, f) != tail_size)
			abort();
		total += tail_size;
	}
	if (fclose(f) != 0)
		abort();
	return path;
}

#endif
