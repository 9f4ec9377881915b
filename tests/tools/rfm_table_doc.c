/* rfm_table_doc.c: analyses a per-customer table (CSV with the columns
 * CustomerID, Recency, Frequency, Monetary first, as the queries in sql/ write it)
 * with the default parameters and prints the result document as JSON.
 * A test tool for tests/integration/sql-engines.sh, until the CLI reads
 * such tables itself: the rows go straight into the ss_rfm table that
 * ingest would have made, so the model, personas and document are the
 * CLI's. Usage: rfm_table_doc TABLE.csv [K] */
#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_out.h"
#include "pipeline.h"

#define MAXCOLS 4

typedef struct row {
	char *id;
	int64_t r, f;
	double m;
} row;

typedef struct reader {
	row *rows;
	size_t n, cap, col, line, id_bytes;
	char *cell[MAXCOLS];
	int bad;
} reader;

static void on_field(void *s, size_t len, void *ud)
{
	reader *g = ud;
	if (g->col < MAXCOLS) {
		char *c = malloc(len + 1);
		if (c == NULL) {
			g->bad = 1;
		} else {
			memcpy(c, s, len);
			c[len] = '\0';
		}
		g->cell[g->col] = c;
	}
	g->col++;
}

static int to_i64(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static void on_row(int term, void *ud)
{
	reader *g = ud;
	(void)term;
	size_t k = g->col < MAXCOLS ? g->col : MAXCOLS;
	if (g->line++ > 0 && !g->bad) {
		row x = {0};
		char *end = NULL;
		if (k < MAXCOLS || to_i64(g->cell[1], &x.r) || to_i64(g->cell[2], &x.f) ||
		    (x.m = strtod(g->cell[3], &end), end == g->cell[3] || *end)) {
			fprintf(stderr, "rfm_table_doc: bad row %zu\n", g->line);
			g->bad = 1;
		} else if (g->n == g->cap) {
			size_t cap = g->cap ? 2 * g->cap : 1024;
			row *r = realloc(g->rows, cap * sizeof(*r));
			if (r == NULL)
				g->bad = 1;
			else
				g->rows = r, g->cap = cap;
		}
		if (!g->bad) {
			x.id = g->cell[0];
			g->cell[0] = NULL;
			g->id_bytes += strlen(x.id) + 1;
			g->rows[g->n++] = x;
		}
	}
	for (size_t i = 0; i < k; i++) {
		free(g->cell[i]);
		g->cell[i] = NULL;
	}
	g->col = 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: rfm_table_doc TABLE.csv [K]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (f == NULL) {
		perror(argv[1]);
		return 66;
	}
	struct csv_parser p;
	reader g = {0};
	char buf[65536];
	size_t got;
	if (csv_init(&p, 0) != 0)
		return 1;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, got, on_field, on_row, &g) != got)
			g.bad = 1;
	csv_fini(&p, on_field, on_row, &g);
	csv_free(&p);
	fclose(f);

	int rc = 1;
	ss_rfm *t = g.bad ? NULL : ss_rfm_new(g.n, g.id_bytes);
	if (t != NULL) {
		for (size_t i = 0; i < g.n; i++) {
			if (ss_rfm_set_id(t, i, g.rows[i].id, strlen(g.rows[i].id)) != 0)
				break;
			t->recency[i] = g.rows[i].r;
			t->frequency[i] = g.rows[i].f;
			t->monetary[i] = g.rows[i].m;
		}
		ss_params prm;
		ss_params_default(&prm);
		if (argc > 2)
			prm.k = atoi(argv[2]);
		ss_quality q;
		memset(&q, 0, sizeof(q));
		q.rows_read = q.rows_kept = (int64_t)g.n;
		ss_file_info fi = {argv[1], 0};
		ss_error err;
		bson_t *doc = ss_pipeline_run_rfm(t, &q, &fi, &prm, NULL, NULL, 0, &err);
		if (doc == NULL) {
			fprintf(stderr, "rfm_table_doc: %s\n", err.msg);
		} else {
			rc = ss_json_write(doc, ss_json_sink_file, stdout) == 0 ? 0 : 1;
			bson_destroy(doc);
		}
	}
	for (size_t i = 0; i < g.n; i++)
		free(g.rows[i].id);
	free(g.rows);
	return rc;
}
