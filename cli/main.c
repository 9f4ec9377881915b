/* main.c: the smartseg command line: analyze a CSV, print the document. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "compare/compare.h"
#include "document/customers_csv.h"
#include "persona/llm.h"
#include "json_out.h"
#include "pipeline.h"
#include "progress.h"

/* sysexits.h values */
enum { EXIT_USAGE = 2, EXIT_DATAERR = 65, EXIT_NOINPUT = 66, EXIT_SOFTWARE = 70,
       EXIT_OSERR = 71, EXIT_CANTCREAT = 73 };

static const char usage_text[] =
	"usage: smartseg analyze FILE [--k N|auto] [--delimiter C|auto] [--transform none|log]\n"
	"                        [--seed N] [--lang en|fr] [--out FILE.json]\n"
	"                        [--customers-csv FILE.csv [--segment NAME]] [--silhouette-max N]\n"
	"                        [--reference A.json [--new-personas]]\n"
	"                        [--preset marketing] [--returns net|exclude]\n"
	"                        [--nonpositive keep|aside] [--cap P|off] [--bins SPEC]\n"
	"                        [--snapshot YYYY-MM-DD] [--sheet NAME] [--clv on|off]\n"
	"                        [--horizon DAYS] [--discount RATE] [--holdout YYYY-MM-DD]\n"
	"       smartseg compare A.json B.json [--out FILE.json] [--customers-csv FILE.csv]\n"
	"  --k N|auto          clusters, 2 to 20, or auto (best silhouette of 2..8); default 3\n"
	"  --delimiter C|auto  , ; tab | or auto (detected); default auto\n"
	"  --sheet NAME        the sheet of an .xlsx workbook to read; default the first\n"
	"  --transform T       none (default) or log (signed log1p before scaling)\n"
	"  --seed N            k-means seed, default 42\n"
	"  --lang en|fr        language of the personas, default en\n"
	"  --out FILE.json     write the document there instead of standard output\n"
	"  --customers-csv F   also write one row per customer: cluster, segment, RFM\n"
	"                      scores, orders, revenue\n"
	"  --segment NAME      with --customers-csv: only that segment's customers (a\n"
	"                      cluster's name, an RFM segment, or Returned everything)\n"
	"  --silhouette-max N  exact silhouette up to N customers, sampled beyond; default 50000\n"
	"  --reference A.json  number and name the clusters as in that earlier analysis\n"
	"  --new-personas      with --reference: name matched clusters afresh\n"
	"  --preset marketing  k auto, transform log, returns exclude, nonpositive aside\n"
	"                      (the web form's defaults); options given beside it win\n"
	"  --returns R         net (default: returns reduce Monetary) or exclude (negative\n"
	"                      lines and cancelled invoices left out)\n"
	"  --nonpositive V     keep (default) or aside: customers with net Monetary <= 0\n"
	"                      set apart, not clustered\n"
	"  --cap P|off         cap Frequency and Monetary at percentile P (50 to 99.99)\n"
	"                      before scaling; default off\n"
	"  --bins SPEC         RFM score bins: 5 (default), 4, 3, or thresholds\n"
	"                      R:30,90,180,365;F:1,2,4,8;M:250,500,1000,3000\n"
	"  --snapshot DATE     the analysis date: rows after it ignored, Recency to it;\n"
	"                      default the day after the latest purchase\n"
	"  --clv on|off        lifetime value (BG/NBD + Gamma-Gamma); default on\n"
	"  --horizon DAYS      lifetime value horizon, 1 to 3650 days; default 90\n"
	"  --discount RATE     annual discount rate of the CLV, 0 to 1; default 0\n"
	"  --holdout DATE      backtest: fit up to DATE, compare with the purchases after\n"
	"compare: who moved between the RFM segments and clusters of analysis A (earlier)\n"
	"  and B (later), customers matched by CustomerID; --customers-csv: one row each\n";

/* fmt NULL: the usage text alone. */
static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fputs("smartseg: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

static int parse_unsigned(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (*s == '\0' || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' || *out > max ? -1 : 0;
}

struct cli {
	const char *file, *file_b, *out, *customers_csv, *reference, *segment;
	int compare, new_personas;
	ss_params params;
};

static int parse_args(int argc, char **argv, struct cli *c)
{
	ss_error err;
	unsigned long long v;

	ss_params_default(&c->params);
	c->params.clv = true;  /* on for the CLI (off by default on the API) */
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return usage(NULL);
	/* the preset first, wherever it is: the options given beside it win */
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], "--preset") == 0 && strcmp(argv[i + 1], "marketing") == 0)
			ss_params_marketing(&c->params);
	c->compare = strcmp(argv[1], "compare") == 0;
	if (strcmp(argv[1], "analyze") != 0 && !c->compare)
		return usage("unknown command '%s' (the commands are: analyze, compare)", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (opt[0] != '-' || strcmp(opt, "-") == 0) {
			if (c->compare && c->file != NULL && c->file_b == NULL) {
				c->file_b = opt;
				continue;
			}
			if (c->file != NULL)
				return usage("more than one input file: '%s'", opt);
			c->file = opt;
			continue;
		}
		if (strcmp(opt, "--new-personas") == 0 && !c->compare) {
			c->new_personas = 1;
			continue;
		}
		if (val == NULL)
			return usage("option %s needs a value", opt);
		i++;
		if (c->compare && strcmp(opt, "--out") != 0 && strcmp(opt, "--customers-csv") != 0)
			return usage("compare takes only --out and --customers-csv (got '%s')", opt);
		if (strcmp(opt, "--reference") == 0) {
			c->reference = val;
		} else if (strcmp(opt, "--k") == 0) {
			if (ss_parse_k(val, &c->params.k, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--delimiter") == 0) {
			if (ss_parse_delimiter(val, &c->params.delimiter, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--sheet") == 0) {
			if (strlen(val) >= sizeof(c->params.sheet))
				return usage("--sheet: a sheet name of at most %zu bytes",
				             sizeof(c->params.sheet) - 1);
			strcpy(c->params.sheet, val);
		} else if (strcmp(opt, "--transform") == 0) {
			if (ss_parse_transform(val, &c->params.transform, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--seed") == 0) {
			if (parse_unsigned(val, 4294967295ULL, &v) != 0)
				return usage("--seed must be a whole number from 0 to 4294967295 (got '%s')", val);
			c->params.seed = v;
		} else if (strcmp(opt, "--lang") == 0) {
			if (ss_lang_parse(val, &c->params.lang) != 0)
				return usage("--lang must be en or fr (got '%s')", val);
		} else if (strcmp(opt, "--silhouette-max") == 0) {
			if (parse_unsigned(val, 200000ULL, &v) != 0 || v < 2)
				return usage("--silhouette-max must be a whole number from 2 to 200000 (got '%s')", val);
			c->params.silhouette_max = (size_t)v;
		} else if (strcmp(opt, "--preset") == 0) {
			if (strcmp(val, "marketing") != 0)
				return usage("--preset must be marketing (got '%s')", val);
		} else if (strcmp(opt, "--returns") == 0) {
			if (ss_parse_returns(val, &c->params.returns, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--nonpositive") == 0) {
			if (ss_parse_nonpositive(val, &c->params.nonpositive, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--cap") == 0) {
			if (ss_parse_cap(val, &c->params.cap, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--bins") == 0) {
			if (ss_parse_bins(val, &c->params.bins, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--snapshot") == 0) {
			if (ss_parse_day(val, "--snapshot", &c->params.snapshot_set,
			                 &c->params.snapshot_day, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--clv") == 0) {
			if (ss_parse_clv(val, &c->params.clv, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--horizon") == 0) {
			if (ss_parse_horizon(val, &c->params.horizon, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--discount") == 0) {
			if (ss_parse_discount(val, &c->params.discount, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--holdout") == 0) {
			if (ss_parse_day(val, "--holdout", &c->params.holdout_set,
			                 &c->params.holdout_day, &err) != 0)
				return usage("%s", err.msg);
		} else if (strcmp(opt, "--out") == 0) {
			c->out = val;
		} else if (strcmp(opt, "--customers-csv") == 0) {
			c->customers_csv = val;
		} else if (strcmp(opt, "--segment") == 0) {
			c->segment = val;
		} else {
			return usage("unknown option '%s'", opt);
		}
	}
	if (c->file == NULL)
		return usage("no input file given");
	if (c->compare && c->file_b == NULL)
		return usage("compare needs two analysis documents (A.json B.json)");
	if (c->segment != NULL && c->customers_csv == NULL)
		return usage("--segment goes with --customers-csv");
	if (c->new_personas && c->reference == NULL)
		return usage("--new-personas goes with --reference");
	if (ss_params_check_dates(&c->params, &err) != 0)
		return usage("%s", err.msg);
	return 0;
}

static int exit_code_of(ss_code code)
{
	switch (code) {
	case SS_EDATA:
	case SS_EPARAM:
		return EXIT_DATAERR;
	case SS_EIO:
		return EXIT_NOINPUT;
	case SS_ENOMEM:
		return EXIT_OSERR;
	default:
		return EXIT_SOFTWARE;
	}
}

/* Writes the document (or its customers as CSV, those of segment when it
 * is not NULL) to path, "-" = stdout. */
static int write_output(const char *path, const bson_t *doc, int as_csv, const char *segment)
{
	ss_customers_export x;
	ss_error err;
	FILE *f;
	int rc;

	/* an unknown segment before the file is made */
	if (as_csv && ss_customers_export_init(&x, doc, segment, &err) != 0) {
		fprintf(stderr, "smartseg: --segment: %s\n", err.msg);
		return EXIT_DATAERR;
	}
	f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "smartseg: cannot write %s: %s\n", path, strerror(errno));
		return EXIT_CANTCREAT;
	}
	rc = as_csv ? ss_customers_csv_write(doc, segment, ss_json_sink_file, f, &err)
	            : ss_json_write(doc, ss_json_sink_file, f);
	if (rc == 0 && !as_csv)
		rc = fputc('\n', f) == EOF ? -1 : 0;
	if ((f == stdout ? fflush(f) : fclose(f)) != 0)
		rc = -1;
	if (rc != 0) {
		fprintf(stderr, "smartseg: cannot write %s\n", path);
		return EXIT_CANTCREAT;
	}
	return 0;
}

/* A saved analysis document (the JSON the CLI or the API wrote). */
static bson_t *load_document(const char *path, int *rc)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	bson_error_t e;
	bson_t *doc;

	if (f == NULL) {
		fprintf(stderr, "smartseg: cannot read %s: %s\n", path, strerror(errno));
		*rc = EXIT_NOINPUT;
		return NULL;
	}
	do {
		if (len + 65536 > cap) {
			char *t = realloc(text, cap = cap * 2 + 65536);
			if (t == NULL) {
				free(text);
				fclose(f);
				fprintf(stderr, "smartseg: out of memory reading %s\n", path);
				*rc = EXIT_OSERR;
				return NULL;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	doc = bson_new_from_json((const uint8_t *)text, (ssize_t)len, &e);
	free(text);
	if (doc == NULL) {
		fprintf(stderr, "smartseg: %s is not an analysis document: %s\n", path, e.message);
		*rc = EXIT_DATAERR;
	}
	return doc;
}

/* Compares documents a and b; csv (may be NULL) gets the customers. */
static int compare_docs(const bson_t *a, const bson_t *b, FILE *csv, ss_comparison *c, ss_error *err)
{
	ss_doc_rows da, db;

	ss_doc_rows_init(&da, a);
	ss_doc_rows_init(&db, b);
	if (csv != NULL && ss_compare_csv_header(ss_json_sink_file, csv) != 0)
		return ss_error_set(err, SS_EIO, "the customers CSV could not be written");
	return ss_compare_run(a, b, (ss_row_reader){ ss_doc_rows_next, &da },
	                      (ss_row_reader){ ss_doc_rows_next, &db },
	                      csv ? ss_json_sink_file : NULL, csv, c, err);
}

static int run_compare(const struct cli *c)
{
	bson_t *a, *b, out = BSON_INITIALIZER;
	ss_comparison *cmp = malloc(sizeof(*cmp));
	FILE *csv = NULL;
	ss_error err;
	int rc = 0;

	if (cmp == NULL)
		return EXIT_OSERR;
	if ((a = load_document(c->file, &rc)) == NULL) {
		free(cmp);
		return rc;
	}
	if ((b = load_document(c->file_b, &rc)) == NULL) {
		bson_destroy(a);
		free(cmp);
		return rc;
	}
	if (c->customers_csv != NULL && (csv = fopen(c->customers_csv, "w")) == NULL) {
		fprintf(stderr, "smartseg: cannot write %s: %s\n", c->customers_csv, strerror(errno));
		rc = EXIT_CANTCREAT;
	} else if (compare_docs(a, b, csv, cmp, &err) != 0) {
		fprintf(stderr, "smartseg: compare %s %s: %s\n", c->file, c->file_b, err.msg);
		rc = err.code == SS_EIO ? EXIT_CANTCREAT : EXIT_DATAERR;
	} else if (ss_compare_to_bson(cmp, &out, &err) != 0) {
		rc = EXIT_OSERR;
	} else {
		if (cmp->n_common == 0)
			fprintf(stderr, "smartseg: no customer in common: everyone in B is new, everyone in A gone\n");
		rc = write_output(c->out != NULL ? c->out : "-", &out, 0, NULL);
	}
	if (csv != NULL && fclose(csv) != 0 && rc == 0) {
		fprintf(stderr, "smartseg: cannot write %s\n", c->customers_csv);
		rc = EXIT_CANTCREAT;
	}
	bson_destroy(&out);
	bson_destroy(a);
	bson_destroy(b);
	free(cmp);
	return rc;
}

/* doc renumbered after the reference document at path; replaces *doc. */
static int apply_reference(const struct cli *c, bson_t **doc)
{
	ss_comparison *cmp = malloc(sizeof(*cmp));
	bson_t *ref, *out;
	ss_error err;
	int rc = 0;

	if (cmp == NULL)
		return EXIT_OSERR;
	if ((ref = load_document(c->reference, &rc)) == NULL) {
		free(cmp);
		return rc;
	}
	out = bson_new();
	if (compare_docs(ref, *doc, NULL, cmp, &err) != 0 ||
	    ss_compare_align(cmp, ref, *doc, c->new_personas, out, &err) != 0) {
		fprintf(stderr, "smartseg: --reference %s: %s\n", c->reference, err.msg);
		rc = err.code == SS_ENOMEM ? EXIT_OSERR : EXIT_DATAERR;
		bson_destroy(out);
	} else {
		bson_destroy(*doc);
		*doc = out;
	}
	bson_destroy(ref);
	free(cmp);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	ss_error err;
	ss_config *cfg;
	struct stat st;
	bson_t *doc;
	int rc;

	if ((rc = parse_args(argc, argv, &c)) != 0)
		return rc;
	if (c.compare)
		return run_compare(&c);
	if (stat(c.file, &st) != 0) {
		fprintf(stderr, "smartseg: cannot read %s: %s\n", c.file, strerror(errno));
		return EXIT_NOINPUT;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "smartseg: cannot read %s: not a regular file\n", c.file);
		return EXIT_NOINPUT;
	}
	cfg = ss_config_load(".env", &err);
	if (cfg == NULL) {
		fprintf(stderr, "smartseg: %s\n", err.msg);
		return exit_code_of(err.code);
	}
	/* libcurl (and its TLS library) only when a language model will be
	 * asked; a failure here just leaves the personas to the rules */
	int curl_ready = ss_llm_configured(cfg) && ss_llm_global_init() == 0;
	{
		const char *base = strrchr(c.file, '/');
		ss_file_info fi = { base != NULL ? base + 1 : c.file, (int64_t)st.st_size };
		ss_ingest_opts io;
		ss_quality q;
		cli_progress prog;
		ss_params_ingest_opts(&c.params, &io);
		cli_progress_attach(&prog, &io);
		ss_rfm *rfm = ss_ingest_file(c.file, &io, &q, &err);
		cli_progress_end(&prog);
		doc = rfm == NULL ? NULL
		                  : ss_pipeline_run_rfm(rfm, &q, &fi, &c.params, cfg, NULL, 0, &err);
	}
	if (doc == NULL) {
		fprintf(stderr, "smartseg: %s: %s\n", c.file, err.msg);
		rc = exit_code_of(err.code);
	} else {
		rc = c.reference != NULL ? apply_reference(&c, &doc) : 0;
		if (rc == 0)
			rc = write_output(c.out != NULL ? c.out : "-", doc, 0, NULL);
		if (rc == 0 && c.customers_csv != NULL)
			rc = write_output(c.customers_csv, doc, 1, c.segment);
		bson_destroy(doc);
	}
	ss_config_free(cfg);
	if (curl_ready)
		ss_llm_global_cleanup();
	return rc;
}
