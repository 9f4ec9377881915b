/* pipeline.c: the one place the web front runs an analysis on an upload
 * and gets the result document back. */
#include <stdio.h>
#include <string.h>
#include "pipeline.h"
#include "web.h"

void params_from_fields(const struct req *r, ss_params *p)
{
	const struct field *f = r->fields;

	ss_params_default(p);
	p->k = 3;  /* the client's default when it sends none */
	if (f[KEY_K].present && f[KEY_K].valid)
		p->k = (int)f[KEY_K].parsed.i;
	if (f[KEY_DELIMITER].present && f[KEY_DELIMITER].valid)
		p->delimiter = f[KEY_DELIMITER].parsed.c;
	if (f[KEY_TRANSFORM].present && f[KEY_TRANSFORM].valid)
		p->transform = (ss_transform)f[KEY_TRANSFORM].parsed.i;
	if (f[KEY_LANG].present && f[KEY_LANG].valid)
		p->lang = (ss_lang)f[KEY_LANG].parsed.i;
	if (f[KEY_SEED].present && f[KEY_SEED].valid)
		p->seed = (uint64_t)f[KEY_SEED].parsed.i;
}

bson_t *pipeline_run(struct req *r, const ss_params *params, ss_error *err)
{
	const char *path = r->upload_path[0] ? r->upload_path : r->upload_name_tmp;
	ss_file_info fi = { .name = r->upload_name, .size = r->upload_size };

	if (r->live != NULL) {
		ss_quality q;
		ss_error lerr;
		ss_rfm *rfm = ss_ingest_live_join(r->live, &q, &lerr);
		/* it read the file with the delimiter the request asks for: its
		 * table, or its verdict on the data, stands (the file is read
		 * again only for another delimiter, or after a read fault) */
		if (params->delimiter == 0 || params->delimiter == q.delimiter) {
			if (rfm != NULL) {
				if (params->delimiter != 0)
					q.delimiter_detected = false;
				return ss_pipeline_run_rfm(rfm, &q, &fi, params, r->app->cfg, NULL, 0, err);
			}
			if (lerr.code == SS_EDATA) {
				*err = lerr;
				return NULL;
			}
		}
		ss_rfm_free(rfm);
	}
	return ss_pipeline_run(path, &fi, params, r->app->cfg, NULL, 0, err);
}
