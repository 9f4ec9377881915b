/* bare_parse.c: the speed floor of ingest: a libcsv parse in 64 KiB blocks
 * that only counts fields and rows.  Usage: bare_parse FILE [DELIM] */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct counts { long long fields, rows; } counts;

static void on_field(void *s, size_t n, void *ud)
{
	(void)s, (void)n;
	((counts *)ud)->fields++;
}

static void on_row(int c, void *ud)
{
	(void)c;
	((counts *)ud)->rows++;
}

int main(int argc, char **argv)
{
	static char buf[64 << 10];
	struct csv_parser p;
	counts c = {0, 0};
	size_t n;

	if (argc < 2) {
		fprintf(stderr, "usage: bare_parse FILE [DELIM]\n");
		return 2;
	}
	FILE *fp = fopen(argv[1], "rb");
	if (fp == NULL || csv_init(&p, 0) != 0) {
		perror(argv[1]);
		return 1;
	}
	if (argc > 2)
		csv_set_delim(&p, (unsigned char)(argv[2][0] == 't' ? '\t' : argv[2][0]));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
			fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	csv_fini(&p, on_field, on_row, &c);
	csv_free(&p);
	fclose(fp);
	printf("%lld rows, %lld fields\n", c.rows, c.fields);
	return 0;
}
