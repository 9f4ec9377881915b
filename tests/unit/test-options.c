/* test-options.c: the analysis options on small made-up data: the text
 * forms of returns, nonpositive, cap and bins (and their messages), the
 * exclusion of returns at ingest (one thread and two), the customers set
 * aside, the caps, threshold bins and their refusals, 3 and 4 quantile
 * bins on the segment grid, and the document's echo of all of it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "document/document.h"
#include "ingest_tmp.h"
#include "model/analysis.h"
#include "model/cap.h"
#include "model/params.h"
#include "model/scale.h"

static void parse_forms(void)
{
	ss_error err = { 0 };
	ss_returns r = SS_RETURNS_NET;
	ss_nonpositive v = SS_NONPOSITIVE_KEEP;
	double cap = -1;
	ss_bins b;
	char text[160];

	CHECK(ss_parse_returns("exclude", &r, &err) == 0 && r == SS_RETURNS_EXCLUDE, "returns=exclude");
	CHECK(ss_parse_returns("net", &r, &err) == 0 && r == SS_RETURNS_NET, "returns=net");
	CHECK(ss_parse_returns("Exclude", &r, &err) == -1 && err.code == SS_EPARAM &&
	      strstr(err.msg, "net") && strstr(err.msg, "exclude") && strstr(err.msg, "'Exclude'"),
	      "returns=Exclude refused, the message names both values: %s", err.msg);
	CHECK(ss_parse_nonpositive("aside", &v, &err) == 0 && v == SS_NONPOSITIVE_ASIDE, "nonpositive=aside");
	CHECK(ss_parse_nonpositive("drop", &v, &err) == -1 && strstr(err.msg, "keep") &&
	      strstr(err.msg, "aside"), "nonpositive=drop refused: %s", err.msg);
	CHECK(ss_parse_cap("99", &cap, &err) == 0 && cap == 99, "cap=99");
	CHECK(ss_parse_cap("99.5", &cap, &err) == 0 && cap == 99.5, "cap=99.5");
	CHECK(ss_parse_cap("off", &cap, &err) == 0 && cap == 0, "cap=off");
	CHECK(ss_parse_cap("", &cap, &err) == 0 && cap == 0, "cap empty is off");
	const char *bad_caps[] = { "100", "49", "abc", "99%", " 99", "nan", "-5", "1e9" };
	for (size_t i = 0; i < sizeof(bad_caps) / sizeof(*bad_caps); i++) {
		cap = -1;
		CHECK(ss_parse_cap(bad_caps[i], &cap, &err) == -1 && cap == -1 &&
		      strstr(err.msg, "percentile from 50 to 99.99"), "cap=%s refused: %s", bad_caps[i],
		      err.msg);
	}
	for (int q = 3; q <= 5; q++) {
		char s[2] = { (char)('0' + q), 0 };
		CHECK(ss_parse_bins(s, &b, &err) == 0 && b.quantiles == q, "bins=%d: quantiles", q);
	}
	CHECK(ss_parse_bins("R:30,90,180,365;F:1,2,4,8;M:250,500,1000,3000", &b, &err) == 0 &&
	      b.quantiles == 0 && b.n_edges[0] == 4 && b.edge[0][3] == 365 && b.edge[1][0] == 1 &&
	      b.edge[2][2] == 1000, "thresholds for R, F and M");
	ss_bins_format(&b, text, sizeof(text));
	CHECK_STR(text, "R:30,90,180,365;F:1,2,4,8;M:250,500,1000,3000", "their canonical text");
	CHECK(ss_parse_bins(" m: 100.5 , 200 ; r:10,20 ;F:1,3", &b, &err) == 0 && b.n_edges[0] == 2 &&
	      b.n_edges[1] == 2 && b.n_edges[2] == 2 && b.edge[2][0] == 100.5,
	      "any order, any case, spaces, 3 scores each");
	ss_bins_format(&b, text, sizeof(text));
	CHECK_STR(text, "R:10,20;F:1,3;M:100.5,200", "canonical order R;F;M");
	static const struct { const char *s, *why; } bad[] = {
		{ "6", "must be 3, 4 or 5" }, { "2", "must be 3, 4 or 5" }, { "", "must be 3, 4 or 5" },
		{ "R:30,20,40;F:1,2;M:1,2", "Recency thresholds must increase strictly, but 20 follows 30" },
		{ "R:10,20;F:2,2;M:1,2", "Frequency thresholds must increase strictly" },
		{ "R:10,20;F:1,2", "thresholds for Monetary are missing" },
		{ "R:10;F:1,2;M:1,2", "Recency needs at least 2 thresholds" },
		{ "R:1,2,3,4,5;F:1,2;M:1,2", "at most 4 thresholds for Recency" },
		{ "R:1,2;R:1,2;F:1,2;M:1,2", "Recency is given twice" },
		{ "R:1,x;F:1,2;M:1,2", "Recency thresholds must be numbers" },
		{ "X:1,2", "must be 3, 4 or 5 (quantiles) or thresholds" },
		{ "R:1,2;X:1,2", "expected R:, F: or M:" },
		{ "R:1,2 F:1,2;M:1,2", "separated by ';'" },
		{ "R:1,inf;F:1,2;M:1,2", "must be numbers" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		ss_bins_default(&b);
		CHECK(ss_parse_bins(bad[i].s, &b, &err) == -1 && err.code == SS_EPARAM && b.quantiles == 5 &&
		      strstr(err.msg, bad[i].why) != NULL, "bins '%s' refused: %s", bad[i].s, err.msg);
	}
}

/* c1 buys twice, returns once; c2 only returns and cancels; c3 has a
 * cancelled invoice with a positive line; c4 a negative price line. */
static const char csv[] =
	"InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
	"1,2,2024-01-01,10,c1\n"
	"2,1,2024-01-05,10,c1\n"
	"C3,-1,2024-01-06,10,c1\n"
	"C4,-5,2024-01-10,10,c2\n"
	"5,3,2024-01-02,4,c3\n"
	"C6,1,2024-01-20,4,c3\n"
	"7,1,2024-01-03,-3,c4\n"
	"8,1,2024-01-04,5,c4\n";

static void exclude_returns(void)
{
	char *path = write_tmp(csv, strlen(csv));
	ss_ingest_opts net = { .min_parallel_bytes = SIZE_MAX };
	ss_ingest_opts ex1 = { .exclude_returns = true, .min_parallel_bytes = SIZE_MAX };
	ss_ingest_opts ex2 = { .exclude_returns = true, .min_parallel_bytes = 1 };
	ss_quality qn, q1, q2;
	ss_error err;
	ss_rfm *tn = ss_ingest_file(path, &net, &qn, &err);
	ss_rfm *t1 = ss_ingest_file(path, &ex1, &q1, &err);
	ss_rfm *t2 = ss_ingest_file(path, &ex2, &q2, &err);
	char why[300] = "";

	CHECK(tn && t1 && t2, "ingested three ways");
	if (tn && t1 && t2) {
		CHECK(tn->n == 4 && qn.rows_kept == 8 && qn.excluded_rows == 0 && !qn.returns_excluded,
		      "net: 4 customers, every row kept");
		CHECK(t1->n == 3 && rfm_find(t1, "c2") < 0, "exclude: c2 (only a cancelled return) is gone");
		CHECK(q1.rows_kept == 4 && q1.excluded_rows == 4 && q1.returns_excluded &&
		      q1.rows_read == q1.rows_kept + q1.excluded_rows,
		      "exclude: 4 rows kept, 4 excluded, read = kept + excluded (%lld %lld)",
		      (long long)q1.rows_kept, (long long)q1.excluded_rows);
		CHECK(q1.cancelled_rows == 3 && q1.return_rows == 2,
		      "exclude: the excluded rows counted as cancelled (3) and returns (2): %lld %lld",
		      (long long)q1.cancelled_rows, (long long)q1.return_rows);
		long c1 = rfm_find(t1, "c1"), c3 = rfm_find(t1, "c3"), c4 = rfm_find(t1, "c4");
		CHECK(c1 >= 0 && t1->frequency[c1] == 2 && t1->monetary[c1] == 30,
		      "c1: 2 invoices, 30 (its return left out)");
		CHECK(c3 >= 0 && t1->frequency[c3] == 1 && t1->monetary[c3] == 12,
		      "c3: the cancelled invoice left out whole, even its positive line");
		CHECK(c4 >= 0 && t1->frequency[c4] == 1 && t1->monetary[c4] == 5,
		      "c4: the negative-price line left out");
		/* latest kept purchase 2024-01-05: Recency to 2024-01-06 */
		CHECK(c1 >= 0 && t1->recency[c1] == 1 && c3 >= 0 && t1->recency[c3] == 4,
		      "Recency measured from the latest kept purchase");
		long n1 = rfm_find(tn, "c1");
		CHECK(n1 >= 0 && tn->monetary[n1] == 20 && tn->frequency[n1] == 3, "net: c1 is 20 over 3 invoices");
		CHECK(rfm_same(t1, t2, why, sizeof(why)) && q2.excluded_rows == q1.excluded_rows &&
		      q2.cancelled_rows == q1.cancelled_rows && q2.return_rows == q1.return_rows,
		      "two threads exclude the same: %s", why);
	}
	ss_rfm_free(tn);
	ss_rfm_free(t1);
	ss_rfm_free(t2);
	unlink(path);
	free(path);
}

/* A table of n customers: R = i + 1, F = 1 + i % 4, M = m(i). */
static ss_rfm *table(size_t n, double (*m)(size_t))
{
	ss_rfm *t = ss_rfm_new(n, n * 8);
	char id[8];

	for (size_t i = 0; t != NULL && i < n; i++) {
		snprintf(id, sizeof(id), "c%03u", (unsigned)(i % 1000));
		ss_rfm_set_id(t, i, id, strlen(id));
		t->recency[i] = (int64_t)i + 1;
		t->frequency[i] = 1 + (int64_t)(i % 4);
		t->monetary[i] = m(i);
	}
	return t;
}

static double m_mixed(size_t i) { return i % 10 == 0 ? -(double)i : i % 10 == 5 ? 0 : 10.0 * (double)i; }
static double m_linear(size_t i) { return (double)i + 1; }

static void aside_and_caps(void)
{
	ss_rfm *t = table(100, m_mixed);
	ss_rfm *aside = t ? ss_rfm_take_nonpositive(t) : NULL;
	int ok = 1;

	CHECK(aside != NULL && aside->n == 20 && t->n == 80, "20 customers with M <= 0 set aside, 80 kept");
	for (size_t i = 0; aside && i < aside->n; i++)
		ok &= aside->monetary[i] <= 0 && strlen(aside->customer_id[i]) == 4;
	for (size_t i = 0; t && i < t->n; i++)
		ok &= t->monetary[i] > 0 && (i == 0 || strcmp(t->customer_id[i - 1], t->customer_id[i]) < 0);
	CHECK(ok, "the aside all <= 0 with their ids, the rest > 0 and still in id order");
	CHECK(aside && strcmp(aside->customer_id[1], "c005") == 0 && aside->recency[1] == 6,
	      "an aside customer keeps its id and R");
	ss_rfm_free(aside);
	ss_rfm_free(t);

	/* numpy: np.percentile(range(1, 101), 99) = 99.01; of F = 1..4 cyclic: 4 */
	ss_caps c;
	t = table(100, m_linear);
	CHECK(t && ss_caps_compute(t, 99, &c) == 0, "caps computed");
	CHECK_NEAR(c.value[2], 99.01, 1e-9, "Monetary cap = numpy's percentile 99 of 1..100 (99.01)");
	CHECK(c.capped[2] == 1 && c.value[1] == 4 && c.capped[1] == 0 && isinf(c.value[0]),
	      "one customer above the M cap, none above F's (4), R never capped");
	CHECK(ss_caps_compute(t, 0, &c) == 0 && c.percentile == 0 && isinf(c.value[2]), "cap 0 is off");
	/* the clustering sees the capped values: the scaled maximum drops */
	double x[300], y[300];
	ss_caps_compute(t, 90, &c);
	ss_scale(t, 0, x, NULL, NULL);
	ss_scale_capped(t, 0, c.value, y, NULL, NULL);
	CHECK(x[99 * 3 + 2] > y[99 * 3 + 2] && y[99 * 3 + 2] == y[95 * 3 + 2] && t->monetary[99] == 100,
	      "scaled M capped at the 90th percentile (the top customers equal), the table unchanged");
	ss_rfm_free(t);
}

static void threshold_bins(void)
{
	ss_rfm *t = table(100, m_linear);
	ss_error err = { 0 };
	ss_bins b;
	ss_rfm_scores *s;

	ss_parse_bins("R:10,50;F:1,2,3;M:25,50,75,90", &b, &err);
	s = ss_rfm_scores_compute(t, &b, &err);
	CHECK(s != NULL, "threshold scores computed");
	if (s != NULL) {
		CHECK(s->nbins[0] == 3 && s->nbins[1] == 4 && s->nbins[2] == 5, "3, 4 and 5 scores");
		/* R = i + 1: <= 10 scores 3 (most recent), 11..50 2, > 50 1 */
		CHECK(s->r[0] == 3 && s->r[9] == 3 && s->r[10] == 2 && s->r[49] == 2 && s->r[50] == 1,
		      "R by thresholds, reversed, edges included");
		CHECK(s->bin[0][2].count == 10 && s->bin[0][1].count == 40 && s->bin[0][0].count == 50 &&
		      s->bin[0][0].min == 51 && s->bin[0][0].max == 100, "R bins: counts and ranges");
		CHECK(s->f[0] == 1 && s->f[1] == 2 && s->f[3] == 4 && s->m[24] == 1 && s->m[25] == 2 &&
		      s->m[90] == 5, "F and M by thresholds");
		/* c003: R 3 of 3 -> 5 on the grid, F 4 of 4 -> 5, M 1 of 5 -> 1:
		 * FM round(3) = 3, R5 x FM3 = Potential Loyalist; c060: R 1 of 3
		 * -> 1, F 1 of 4 -> 1, M 61 -> 3 of 5 -> 3: FM 2, Lost */
		CHECK(s->segment[3] == SS_SEG_POTENTIAL_LOYALIST && s->segment[60] == SS_SEG_LOST,
		      "scores of 3 and 4 bins put on the 1-5 grid (%d %d)", s->segment[3], s->segment[60]);
	}
	ss_rfm_scores_free(s);
	ss_parse_bins("R:10,50;F:1.5,1.8,3;M:25,50,75,90", &b, &err);
	s = ss_rfm_scores_compute(t, &b, &err);
	CHECK(s == NULL && err.code == SS_EPARAM &&
	      strstr(err.msg, "no customer has a Frequency above 1.5 and at most 1.8"),
	      "an empty threshold bin is refused with its range: %s", err.msg);
	ss_parse_bins("R:50,50.5;F:1,2;M:25,50", &b, &err);
	s = ss_rfm_scores_compute(t, &b, &err);
	CHECK(s == NULL && strstr(err.msg, "Recency above 50 and at most 50.5 (Recency score 2"),
	      "an empty Recency bin is named in file units: %s", err.msg);
	ss_rfm_free(t);
}

/* The whole analysis with every option, and the document's echo. */
static void analysis_echo(void)
{
	ss_rfm *t = table(200, m_mixed);
	ss_params p;
	ss_error err = { 0 };
	ss_analysis *a;
	bson_oid_t oid;
	ss_file_info fi = { "x.csv", 1 };
	bson_t *doc = NULL;
	bson_iter_t it;

	ss_params_default(&p);
	p.nonpositive = SS_NONPOSITIVE_ASIDE;
	p.cap = 95;
	ss_parse_bins("4", &p.bins, &err);
	a = ss_analyze_rfm(t, NULL, &p, &err);
	CHECK(a != NULL, "analysed with aside, cap 95, 4 bins: %s", err.msg);
	if (a == NULL)
		return;
	CHECK(a->rfm->n == 160 && a->aside != NULL && a->aside->n == 40,
	      "160 clustered, 40 set aside (%zu)", a->rfm->n);
	bson_oid_init(&oid, NULL);
	doc = ss_document_build(a, &fi, &oid, 1000, &err);
	CHECK(doc != NULL, "document built");
	if (doc != NULL) {
		CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "parameters.bins", &it) &&
		      strcmp(bson_iter_utf8(&it, NULL), "4") == 0,
		      "parameters.bins = \"4\"");
		CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "parameters.cap", &it) &&
		      bson_iter_double(&it) == 95, "parameters.cap = 95");
		CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "parameters.nonpositive", &it) &&
		      strcmp(bson_iter_utf8(&it, NULL), "aside") == 0, "parameters.nonpositive = aside");
		CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "set_aside.count", &it) &&
		      bson_iter_as_int64(&it) == 40, "set_aside.count = 40");
		CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "file_info.rows_processed", &it) &&
		      bson_iter_as_int64(&it) == 160, "rows_processed counts the clustered customers only");
		CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "caps.Monetary.cap", &it) &&
		      BSON_ITER_HOLDS_DOUBLE(&it), "caps.Monetary.cap shown");
		CHECK(bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "rfm_bins.Frequency.bins", &it) &&
		      bson_iter_as_int64(&it) == 4, "rfm_bins.Frequency.bins = 4");
		CHECK(bson_iter_init(&it, doc) &&
		      bson_iter_find_descendant(&it, "rfm_bins.Monetary.thresholds.2", &it),
		      "rfm_bins.Monetary has 3 thresholds");
		int64_t rows = 0;
		if (bson_iter_init_find(&it, doc, "raw_data")) {
			bson_iter_t r;
			bson_iter_recurse(&it, &r);
			while (bson_iter_next(&r))
				rows++;
		}
		CHECK(rows == 160, "raw_data holds the clustered customers only (%lld)", (long long)rows);
	}
	bson_destroy(doc);
	ss_analysis_free(a);

	/* everyone set aside: nothing to segment */
	ss_params_default(&p);
	p.nonpositive = SS_NONPOSITIVE_ASIDE;
	t = table(10, m_mixed);
	for (size_t i = 0; i < t->n; i++)
		t->monetary[i] = -1;
	a = ss_analyze_rfm(t, NULL, &p, &err);
	CHECK(a == NULL && err.code == SS_EDATA && strstr(err.msg, "nobody is left"),
	      "every customer aside: a data error: %s", err.msg);
}

int main(void)
{
	parse_forms();
	exclude_returns();
	aside_and_caps();
	threshold_bins();
	analysis_echo();
	return CHECK_DONE();
}
