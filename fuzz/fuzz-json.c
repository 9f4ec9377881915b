/* fuzz-json.c: the JSON writer on any BSON, corrupt documents included:
 * it writes or refuses (-1), never reads out of bounds; what it writes
 * for a valid UTF-8 document is valid JSON. */
#include "json_check.h"
#include "json_out.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bson_t doc;
	size_t off;

	if (!bson_init_static(&doc, data, size))
		return 0;
	ss_strbuf sb = {0};
	int rc = ss_json_write(&doc, ss_strbuf_sink, &sb);
	FUZZ_CHECK(!sb.oom, "out of memory");
	if (rc == 0 && bson_validate(&doc, BSON_VALIDATE_UTF8, &off))
		bson_destroy(json_check(sb.p ? sb.p : "{}", sb.p ? sb.len : 2));
	ss_strbuf_free(&sb);
	return 0;
}
