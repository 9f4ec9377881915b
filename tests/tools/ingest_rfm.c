/* ingest_rfm.c: runs ingest on a file and prints the RFM table as CSV
 * (CustomerID,Recency,Frequency,Monetary) and the quality block on stderr.
 * Usage: ingest_rfm FILE [DELIM] [-q] (-q: summary only, for benchmarks) */
#include <stdio.h>
#include <string.h>
#include "ingest/ingest.h"

int main(int argc, char **argv)
{
	ss_ingest_opts o = {0};
	ss_quality q;
	ss_error err;
	int quiet = 0;
	const char *path = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0)
			quiet = 1;
		else if (path == NULL)
			path = argv[i];
		else
			o.delimiter = argv[i][0] == 't' ? '\t' : argv[i][0];
	}
	if (path == NULL) {
		fprintf(stderr, "usage: ingest_rfm FILE [DELIM] [-q]\n");
		return 2;
	}
	ss_rfm *t = ss_ingest_file(path, &o, &q, &err);
	fprintf(stderr, "rows_read=%lld rows_kept=%lld returns=%lld cancelled=%lld "
	        "non_utf8=%lld delimiter=%d%s date_order=%s%s\n",
	        (long long)q.rows_read, (long long)q.rows_kept, (long long)q.return_rows,
	        (long long)q.cancelled_rows, (long long)q.non_utf8_fields, q.delimiter,
	        q.delimiter_detected ? "(detected)" : "",
	        q.date_order == SS_DATE_DAY_FIRST ? "day-first" : "month-first",
	        q.date_order_assumed ? "(assumed)" : "");
	for (int k = 0; k < SS_DROP__MAX; k++)
		if (q.dropped[k])
			fprintf(stderr, "dropped %s=%lld\n", ss_drop_name((ss_drop)k),
			        (long long)q.dropped[k]);
	if (t == NULL) {
		fprintf(stderr, "error: %s: %s\n", ss_code_name(err.code), err.msg);
		return 1;
	}
	fprintf(stderr, "customers=%zu max_ts=%lld\n", t->n, (long long)t->max_ts);
	if (!quiet) {
		printf("CustomerID,Recency,Frequency,Monetary\n");
		for (size_t i = 0; i < t->n; i++)
			printf("%s,%lld,%lld,%.10g\n", t->customer_id[i], (long long)t->recency[i],
			       (long long)t->frequency[i], t->monetary[i]);
	}
	ss_rfm_free(t);
	return 0;
}
