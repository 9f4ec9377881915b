/* fuzz-date.c: date parsing. Any bytes: a kind, and for a fixed date one
 * instant; a date that parses also parses with spaces around it, to the
 * same instant; the calendar arithmetic agrees with itself day by day. */
#include "fuzz.h"
#include "ingest/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ss_date d, d2;
	char buf[256];

	ss_date_kind k = ss_date_parse((const char *)data, size, &d);
	FUZZ_CHECK(k == d.kind && k >= SS_DATE_BAD && k <= SS_DATE_SLASH, "kind %d/%d", k, d.kind);
	if (k == SS_DATE_FIXED)
		FUZZ_CHECK(d.us[0] == d.us[1], "fixed date with two readings");
	if (k == SS_DATE_SLASH)
		FUZZ_CHECK(d.ok[0] || d.ok[1], "slash date with no valid reading");
	if (k != SS_DATE_BAD && size + 2 < sizeof(buf)) {
		buf[0] = ' ';
		memcpy(buf + 1, data, size);
		buf[size + 1] = ' ';
		FUZZ_CHECK(ss_date_parse(buf, size + 2, &d2) == k && d2.us[0] == d.us[0] &&
		           d2.us[1] == d.us[1] && d2.key == d.key, "spaces around change the date");
	}
	/* consecutive days of any year are consecutive day numbers */
	if (size >= 6) {
		int64_t y = (int64_t)(int32_t)((uint32_t)data[0] | (uint32_t)data[1] << 8 |
		                               (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24);
		unsigned m = 1 + data[4] % 12, dd = 1 + data[5] % 27;
		int64_t a = ss_days_from_civil(y, m, dd);
		FUZZ_CHECK(ss_days_from_civil(y, m, dd + 1) == a + 1, "%lld-%u-%u", (long long)y, m, dd);
		FUZZ_CHECK(ss_days_from_civil(y + 400, m, dd) - a == 146097,
		           "400 years from %lld-%u-%u", (long long)y, m, dd);
	}
	return 0;
}
