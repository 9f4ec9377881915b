/* fuzz-text.c: number parsing and ingest's text helpers. A number that
 * parses is finite and, without commas, exactly what strtod reads (the
 * fast path must round as correctly as the C library); UTF-8 repair gives
 * valid UTF-8, a cut never splits a character, trimming stays inside. */
#include <math.h>
#include "fuzz.h"
#include "ingest/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	double v;
	bool comma;
	char buf[512], fixed[3 * 512 + 1], key[64];

	if (size >= sizeof(buf))
		return 0;
	for (int ok = 0; ok < 2; ok++)
		if (ss_parse_number(s, size, ok, &v, &comma)) {
			FUZZ_CHECK(isfinite(v), "not finite");
			FUZZ_CHECK(ok || !comma, "comma used when not allowed");
			if (!memchr(s, ',', size)) {
				const char *t = s;
				size_t n = size;
				ss_trim(&t, &n);
				memcpy(buf, t, n);
				buf[n] = '\0';
				double w = strtod(buf, NULL);
				FUZZ_CHECK(memcmp(&v, &w, sizeof(v)) == 0, "\"%s\": %.17g, strtod %.17g", buf,
				           v, w);
			}
		}
	size_t n = ss_utf8_fix(s, size, fixed);
	FUZZ_CHECK(n == strlen(fixed) && ss_utf8_valid(fixed, n), "ss_utf8_fix");
	if (ss_utf8_valid(s, size))
		FUZZ_CHECK(n == size && memcmp(fixed, s, size) == 0, "valid text changed");
	size_t cut = ss_utf8_cut(fixed, n, size % 17);
	FUZZ_CHECK(cut <= size % 17 && ss_utf8_valid(fixed, cut), "ss_utf8_cut");
	const char *t = s;
	size_t tn = size;
	ss_trim(&t, &tn);
	FUZZ_CHECK(t >= s && t + tn <= s + size, "ss_trim");
	(void)ss_is_missing(s, size);
	memcpy(buf, s, size);
	size_t cn = ss_customer_norm(buf, size);
	FUZZ_CHECK(cn <= size, "ss_customer_norm grew");
	ss_header_key(s, size, key, sizeof(key));
	FUZZ_CHECK(strlen(key) < sizeof(key), "ss_header_key");
	return 0;
}
