/* fuzz-document.c: a whole analysis of any CSV (k = 2, one k-means run)
 * to its result document and that document's JSON: either a clear error
 * or a document whose JSON reads back with one raw_data row per customer. */
#include "json_check.h"
#include "json_out.h"
#include "pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ss_params p;
	ss_error err;
	bson_iter_t it, arr;
	ss_file_info fi = {.name = "fuzz.csv", .size = (int64_t)size};

	ss_params_default(&p);
	p.k = 2;
	p.n_init = 1;
	p.silhouette_max = 200;
	const char *path = fuzz_file(data, size, NULL, 0, 0);
	bson_t *doc = ss_pipeline_run(path, &fi, &p, NULL, NULL, 1, &err);
	if (doc == NULL) {
		FUZZ_CHECK(err.code == SS_EDATA || err.code == SS_EPARAM, "error %d: %s", err.code,
		           err.msg);
		FUZZ_CHECK(err.msg[0] && ss_utf8_valid(err.msg, strlen(err.msg)), "message");
		return 0;
	}
	size_t len;
	char *json = ss_json_to_string(doc, &len);
	FUZZ_CHECK(json != NULL, "JSON of a document");
	bson_t *back = json_check(json, len);
	uint32_t rows = 0, cust = 0;
	if (bson_iter_init_find(&it, back, "raw_data") && bson_iter_recurse(&it, &arr))
		while (bson_iter_next(&arr))
			rows++;
	FUZZ_CHECK(bson_iter_init_find(&it, doc, "raw_data") && bson_iter_recurse(&it, &arr),
	           "no raw_data");
	while (bson_iter_next(&arr))
		cust++;
	FUZZ_CHECK(rows == cust && rows >= 2, "raw_data: %u rows read back of %u", rows, cust);
	bson_destroy(back);
	free(json);
	bson_destroy(doc);
	return 0;
}
