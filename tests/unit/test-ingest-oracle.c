/* test-ingest-oracle.c: ingest of the real Online Retail file must match the
 * pandas reference per customer (Recency, Frequency exact; Monetary 1e-6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "ingest/ingest.h"

/* gunzips src into a new temp file; returns its malloc'ed path or NULL. */
static char *gunzip_tmp(const char *src)
{
	char *path = strdup("/tmp/ss-oracle-XXXXXX");
	char cmd[256];
	int fd = path ? mkstemp(path) : -1;
	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "gzip -dc '%s' > '%s'", src, path);
	if (system(cmd) != 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

int main(void)
{
	char *data = gunzip_tmp("tests/data/online_retail.csv.gz");
	char *oracle = gunzip_tmp("tests/data/online_retail_rfm_k3.csv.gz");
	ss_quality q;
	ss_error err;
	ss_rfm *t = NULL;

	CHECK(data != NULL && oracle != NULL, "test data gunzipped (run from the repo root)");
	if (data)
		t = ss_ingest_file(data, NULL, &q, &err);
	CHECK(t != NULL, "ingest succeeds (%s)", t ? "" : err.msg);
	if (t == NULL)
		goto done;
	CHECK(q.rows_read == 240007, "240,007 data rows read (%lld)", (long long)q.rows_read);
	CHECK(q.rows_kept == 172782, "172,782 rows kept (%lld)", (long long)q.rows_kept);
	CHECK(q.dropped[SS_DROP_MISSING_CUSTOMER] == 67225, "67,225 rows without CustomerID");
	CHECK(t->n == 2974, "2,974 customers (%zu)", t->n);
	CHECK(q.delimiter == ',' && q.delimiter_detected, "comma detected");
	CHECK(q.date_order == SS_DATE_MONTH_FIRST && !q.date_order_assumed,
	      "month-first told by the data");
	CHECK(q.has_invoice && !q.has_amount_column, "invoices and Quantity x UnitPrice used");
	CHECK(q.return_rows > 0 && q.cancelled_rows > 0, "returns and cancellations counted");
	CHECK_STR(q.col_customer, "CustomerID", "CustomerID column named");
	CHECK_STR(q.col_date, "InvoiceDate", "InvoiceDate column named");
	/* 2011-06-26 10:59 UTC */
	CHECK(t->max_ts == 1309085940, "latest purchase 2011-06-26 10:59 (%lld)", (long long)t->max_ts);

	FILE *fp = fopen(oracle, "r");
	char line[256];
	size_t i = 0, rows = 0, bad_id = 0, bad_r = 0, bad_f = 0, bad_m = 0;
	double worst = 0;
	CHECK(fp != NULL && fgets(line, sizeof(line), fp) != NULL, "oracle readable");
	while (fp && fgets(line, sizeof(line), fp)) {
		char id[64];
		long long r, f;
		double m;
		if (sscanf(line, "%63[^,],%lld,%lld,%lf", id, &r, &f, &m) != 4)
			continue;
		rows++;
		if (i >= t->n || strcmp(t->customer_id[i], id) != 0) {
			bad_id++;
			i++;
			continue;
		}
		bad_r += t->recency[i] != r;
		bad_f += t->frequency[i] != f;
		double d = fabs(t->monetary[i] - m);
		if (d > worst)
			worst = d;
		bad_m += d > 1e-6;
		i++;
	}
	if (fp)
		fclose(fp);
	CHECK(rows == 2974 && i == t->n, "oracle has the same customer count (%zu)", rows);
	CHECK(bad_id == 0, "same customer ids in the same (sorted) order (%zu differ)", bad_id);
	CHECK(bad_r == 0, "every Recency equals the reference (%zu differ)", bad_r);
	CHECK(bad_f == 0, "every Frequency equals the reference (%zu differ)", bad_f);
	CHECK(bad_m == 0, "every Monetary within 1e-6 (%zu differ, worst %g)", bad_m, worst);
	ss_rfm_free(t);
done:
	if (data)
		unlink(data);
	if (oracle)
		unlink(oracle);
	free(data);
	free(oracle);
	return CHECK_DONE();
}
