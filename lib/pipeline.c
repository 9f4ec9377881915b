/* pipeline.c: one analysis from file to document. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "persona/llm.h"
#include "pipeline.h"

int64_t ss_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return (int64_t)time(NULL) * 1000;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Personas: rules are already in place; a language model may replace them (only the
 * cluster aggregates are sent). It never fails the analysis. */
static void name_segments(ss_analysis *a, const ss_config *cfg)
{
	ss_llm_name(cfg, a->clusters, a->k, a->global_mean, a->params.lang,
	               a->personas, &a->ai);
}

/* Names the segments of a and builds its document; frees a. */
static bson_t *finish(ss_analysis *a, const ss_file_info *fi, const ss_config *cfg,
                      const bson_oid_t *id, int64_t created_ms, ss_error *err)
{
	bson_oid_t oid;
	bson_t *doc;

	if (a == NULL)
		return NULL;
	name_segments(a, cfg);
	if (id == NULL) {
		bson_oid_init(&oid, NULL);
		id = &oid;
	}
	/* whole seconds: the dates read as the original service wrote them */
	doc = ss_document_build(a, fi, id, created_ms ? created_ms : ss_now_ms() / 1000 * 1000, err);
	ss_analysis_free(a);
	return doc;
}

bson_t *ss_pipeline_run(const char *path, const ss_file_info *fi, const ss_params *p,
                        const ss_config *cfg, const bson_oid_t *id, int64_t created_ms,
                        ss_error *err)
{
	return finish(ss_analyze_file(path, p, err), fi, cfg, id, created_ms, err);
}

bson_t *ss_pipeline_run_rfm(ss_rfm *rfm, const ss_quality *q, const ss_file_info *fi,
                            const ss_params *p, const ss_config *cfg, const bson_oid_t *id,
                            int64_t created_ms, ss_error *err)
{
	return finish(ss_analyze_rfm(rfm, q, p, err), fi, cfg, id, created_ms, err);
}

bson_t *ss_pipeline_run_upload(ss_ingest_live *live, const char *path, const ss_file_info *fi,
                               const ss_params *p, const ss_config *cfg, const bson_oid_t *id,
                               int64_t created_ms, ss_error *err)
{
	if (live != NULL) {
		ss_quality q;
		ss_error lerr;
		ss_rfm *rfm = ss_ingest_live_join(live, &q, &lerr);

		ss_ingest_live_free(live);
		/* it read the file with the delimiter and the returns asked
		 * for: its table, or its verdict on the data, stands (the file
		 * is read again only for another delimiter or returns, or
		 * after a read fault) */
		if ((p->delimiter == 0 || p->delimiter == q.delimiter) &&
		    q.returns_excluded == (p->returns == SS_RETURNS_EXCLUDE) &&
		    q.snapshot_set == p->snapshot_set &&
		    (!p->snapshot_set || q.snapshot_day == p->snapshot_day) &&
		    q.clv_collected == p->clv && q.holdout_set == (p->clv && p->holdout_set) &&
		    (!q.holdout_set || q.holdout_day == p->holdout_day) &&
		    (q.container != SS_CONTAINER_XLSX || p->sheet[0] == '\0' ||
		     strcmp(p->sheet, q.sheet) == 0)) {
			if (rfm != NULL) {
				if (p->delimiter != 0)
					q.delimiter_detected = false;
				return ss_pipeline_run_rfm(rfm, &q, fi, p, cfg, id, created_ms, err);
			}
			if (lerr.code == SS_EDATA) {
				*err = lerr;
				return NULL;
			}
		}
		ss_rfm_free(rfm);
	}
	return ss_pipeline_run(path, fi, p, cfg, id, created_ms, err);
}
