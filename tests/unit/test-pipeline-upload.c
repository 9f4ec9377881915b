/* test-pipeline-upload.c: ss_pipeline_run_upload, the one call that
 * decides whether the live parse of an upload stands: it does when it used
 * the delimiter asked for (or none was asked), its verdict on bad data
 * stands too, and another delimiter reads the file again. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest_tmp.h"
#include "pipeline.h"

/* A ';' file of 12 customers in three clear groups. */
static size_t semi_file(char *buf, size_t size)
{
	size_t o = (size_t)snprintf(buf, size, "CustomerID;InvoiceNo;InvoiceDate;Quantity;UnitPrice\n");

	for (int c = 0; c < 12; c++)
		for (int i = 0; i <= c % 3 * 4; i++)
			o += (size_t)snprintf(buf + o, size - o, "%d;%d%d;2024-0%d-1%d 10:00;%d;2,50\n",
			                      1000 + c, c, i, 1 + c % 3 * 3, i % 10, 1 + (c % 3) * 20);
	return o;
}

/* The descriptor the last live parse reads: closed once the pipeline has
 * joined and freed it. */
static int live_fd = -1;

/* Starts a live parse of path (asked delimiter asked_live), finished. */
static ss_ingest_live *live_of(const char *path, size_t n, char asked_live)
{
	ss_ingest_opts o = { .delimiter = asked_live };
	ss_error err;
	ss_ingest_live *l;

	if (live_fd >= 0)
		close(live_fd);
	live_fd = open(path, O_RDONLY);
	l = live_fd >= 0 ? ss_ingest_live_start(live_fd, "up.csv", n, &o, &err) : NULL;
	if (l != NULL)
		ss_ingest_live_finish(l, n);
	return l;
}

static const char *quality_str(const bson_t *doc, const char *key, char *buf, size_t size)
{
	bson_iter_t it;
	char path[64];

	snprintf(path, sizeof(path), "data_quality.%s", key);
	buf[0] = '\0';
	if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &it)) {
		if (BSON_ITER_HOLDS_UTF8(&it))
			snprintf(buf, size, "%s", bson_iter_utf8(&it, NULL));
		else if (BSON_ITER_HOLDS_BOOL(&it))
			snprintf(buf, size, "%s", bson_iter_bool(&it) ? "true" : "false");
	}
	return buf;
}

int main(void)
{
	static char data[65536];
	size_t n = semi_file(data, sizeof(data));
	char *path = write_tmp(data, n);
	/* another file at the path the pipeline would read again: a result
	 * from it shows the live parse was not used */
	char *comma = write_tmp("CustomerID,InvoiceDate,Amount\n1,2024-01-01,5\n", 46);
	ss_file_info fi = { .name = "up.csv", .size = (int64_t)n };
	ss_params p;
	ss_error err;
	char d[8], det[8];
	bson_t *doc;

	ss_params_default(&p);
	p.k = 3;

	/* nothing asked: the live parse's detection stands */
	doc = ss_pipeline_run_upload(live_of(path, n, 0), comma, &fi, &p, NULL, NULL, 0, &err);
	CHECK(doc != NULL && strcmp(quality_str(doc, "delimiter", d, sizeof(d)), ";") == 0 &&
	      strcmp(quality_str(doc, "delimiter_detected", det, sizeof(det)), "true") == 0,
	      "no delimiter asked: the live result, ';' detected (%s)", doc ? "" : err.msg);
	bson_destroy(doc);

	/* ';' asked after the live parse detected ';': its table stands, the
	 * delimiter counts as given */
	p.delimiter = ';';
	doc = ss_pipeline_run_upload(live_of(path, n, 0), comma, &fi, &p, NULL, NULL, 0, &err);
	CHECK(doc != NULL && strcmp(quality_str(doc, "delimiter", d, sizeof(d)), ";") == 0 &&
	      strcmp(quality_str(doc, "delimiter_detected", det, sizeof(det)), "false") == 0,
	      "';' asked, ';' detected: the live result, delimiter given (%s)", doc ? "" : err.msg);
	bson_destroy(doc);

	/* ',' asked: the file is read again with ',', which does not fit */
	p.delimiter = ',';
	doc = ss_pipeline_run_upload(live_of(path, n, 0), path, &fi, &p, NULL, NULL, 0, &err);
	CHECK(doc == NULL && err.code == SS_EDATA && strstr(err.msg, "';'") != NULL,
	      "',' asked after ';' was detected: read again, refused naming ';' (%s)", err.msg);

	/* a live parse that used ',' (asked before the file) and failed: its
	 * verdict stands */
	doc = ss_pipeline_run_upload(live_of(path, n, ','), comma, &fi, &p, NULL, NULL, 0, &err);
	CHECK(doc == NULL && err.code == SS_EDATA && strstr(err.msg, "';'") != NULL,
	      "the live parse's verdict on the data stands (%s)", err.msg);

	/* no live parse: the file is read */
	p.delimiter = 0;
	doc = ss_pipeline_run_upload(NULL, path, &fi, &p, NULL, NULL, 0, &err);
	CHECK(doc != NULL, "without a live parse the file is read (%s)", doc ? "" : err.msg);
	bson_destroy(doc);

	/* a live parse of another file, asked ';' and given ',' : read again */
	p.delimiter = ';';
	doc = ss_pipeline_run_upload(live_of(comma, 46, 0), path, &fi, &p, NULL, NULL, 0, &err);
	CHECK(doc != NULL && strcmp(quality_str(doc, "delimiter", d, sizeof(d)), ";") == 0,
	      "a live parse with another delimiter is not used: the file at path is read");
	bson_destroy(doc);
	if (live_fd >= 0)
		close(live_fd);
	unlink(comma);
	free(comma);
	unlink(path);
	free(path);
	return CHECK_DONE();
}
