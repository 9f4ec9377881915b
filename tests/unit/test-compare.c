/* test-compare.c: the transition matrices, the Hungarian matching against
 * brute force, the stable numbering and the streamed merge. */
#include <stdlib.h>
#include "check.h"
#include "compare/compare.h"

/* a head with k clusters at the given R, F, M means, named "c<i>" */
static void make_head(bson_t *h, const char *oid, int k, const double (*mean)[3])
{
	bson_t arr, item;
	bson_oid_t o;
	char key[16], name[16];

	bson_init(h);
	bson_oid_init_from_string(&o, oid);
	BSON_APPEND_OID(h, "_id", &o);
	BSON_APPEND_ARRAY_BEGIN(h, "summary", &arr);
	for (int c = 0; c < k; c++) {
		snprintf(key, sizeof(key), "%d", c);
		snprintf(name, sizeof(name), "%s%d", oid[23] == 'a' ? "A" : "B", c);
		BSON_APPEND_DOCUMENT_BEGIN(&arr, key, &item);
		BSON_APPEND_INT32(&item, "Cluster", c);
		BSON_APPEND_DOUBLE(&item, "Recency", mean[c][0]);
		BSON_APPEND_DOUBLE(&item, "Frequency", mean[c][1]);
		BSON_APPEND_DOUBLE(&item, "Monetary", mean[c][2]);
		BSON_APPEND_UTF8(&item, "AI_Marketing_Name", name);
		bson_append_document_end(&arr, &item);
	}
	bson_append_array_end(h, &arr);
}

typedef struct crow { const char *id; int cluster; const char *seg; double m; } crow;

static void make_rows(bson_t *doc, const crow *r, int n)
{
	bson_t arr, row;
	char key[16];

	BSON_APPEND_ARRAY_BEGIN(doc, "raw_data", &arr);
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "%d", i);
		BSON_APPEND_DOCUMENT_BEGIN(&arr, key, &row);
		BSON_APPEND_UTF8(&row, "CustomerID", r[i].id);
		BSON_APPEND_INT32(&row, "Recency", 10 + i);
		BSON_APPEND_INT32(&row, "Frequency", 1 + i);
		BSON_APPEND_DOUBLE(&row, "Monetary", r[i].m);
		BSON_APPEND_INT32(&row, "Cluster", r[i].cluster);
		BSON_APPEND_UTF8(&row, "RFM_Score", "111");
		BSON_APPEND_UTF8(&row, "RFM_Segment", r[i].seg);
		bson_append_document_end(&arr, &row);
	}
	bson_append_array_end(doc, &arr);
}

static const double two[2][3] = { { 10, 5, 500 }, { 200, 1, 50 } };

typedef struct buf { char s[4096]; size_t n; } buf;

static int buf_sink(void *ctx, const char *p, size_t len)
{
	buf *b = ctx;
	if (b->n + len >= sizeof(b->s))
		return -1;
	memcpy(b->s + b->n, p, len);
	b->n += len;
	b->s[b->n] = '\0';
	return 0;
}

static int run(const crow *ra, int na, const crow *rb, int nb, ss_comparison *c,
               ss_error *err, buf *csv)
{
	bson_t a, b;
	ss_doc_rows da, db;
	int rc;

	make_head(&a, "00000000000000000000000a", 2, two);
	make_head(&b, "00000000000000000000000b", 2, two);
	make_rows(&a, ra, na);
	make_rows(&b, rb, nb);
	ss_doc_rows_init(&da, &a);
	ss_doc_rows_init(&db, &b);
	rc = ss_compare_run(&a, &b, (ss_row_reader){ ss_doc_rows_next, &da },
	                    (ss_row_reader){ ss_doc_rows_next, &db }, csv ? buf_sink : NULL, csv, c, err);
	bson_destroy(&a);
	bson_destroy(&b);
	return rc;
}

/* brute force: every injection of the smaller side into the larger */
static double brute(const double *cost, int nr, int nc, int row, int used, double acc)
{
	double best = 1e300;
	int need = nr < nc ? nr : nc, assigned = __builtin_popcount((unsigned)used);

	if (assigned == need || row == nr)
		return assigned == need ? acc : 1e300;
	/* row left unassigned (only when rows outnumber columns) */
	if (nr - row - 1 >= need - assigned) {
		double v = brute(cost, nr, nc, row + 1, used, acc);
		if (v < best) best = v;
	}
	for (int j = 0; j < nc; j++)
		if (!(used & (1 << j))) {
			double v = brute(cost, nr, nc, row + 1, used | (1 << j), acc + cost[row * nc + j]);
			if (v < best) best = v;
		}
	return best;
}

static void test_hungarian(void)
{
	double cost[64];
	int col[8], bad = 0, bad_valid = 0, cases = 0;

	srand(7);
	for (int t = 0; t < 300; t++) {
		int nr = 1 + rand() % 6, nc = 1 + rand() % 6, seen = 0;
		for (int i = 0; i < nr * nc; i++)
			cost[i] = (rand() % 1000) / 10.0 + (t % 3 == 0 ? (rand() % 3) : 0);
		double h = ss_hungarian(cost, nr, nc, col);
		double b = brute(cost, nr, nc, 0, 0, 0);
		double sum = 0;
		int n = 0;
		for (int i = 0; i < nr; i++)
			if (col[i] >= 0) {
				if (seen & (1 << col[i])) bad_valid++;
				seen |= 1 << col[i];
				sum += cost[i * nc + col[i]];
				n++;
			}
		if (n != (nr < nc ? nr : nc) || fabs(sum - h) > 1e-9) bad_valid++;
		if (fabs(h - b) > 1e-9) bad++;
		cases++;
	}
	CHECK(bad == 0, "Hungarian total equals brute force on %d random matrices up to 6 x 6", cases);
	CHECK(bad_valid == 0, "Hungarian gives a one-to-one assignment of min(rows, cols) pairs");
}

static void test_matching(void)
{
	ss_cluster_side a = { .k = 3 }, b = { .k = 3 };
	ss_cluster_match m;
	const double sc[3] = { 100, 2, 1000 };
	/* B's clusters are A's in another order, slightly moved */
	const double am[3][3] = { { 10, 8, 3000 }, { 200, 1, 100 }, { 60, 3, 800 } };
	const double bm[3][3] = { { 205, 1.2, 120 }, { 58, 3.1, 760 }, { 12, 7.5, 2900 } };

	memcpy(a.mean, am, sizeof(am));
	memcpy(b.mean, bm, sizeof(bm));
	ss_match_clusters(&a, &b, sc, &m);
	CHECK(m.a_of_b[0] == 1 && m.a_of_b[1] == 2 && m.a_of_b[2] == 0, "B's permuted clusters matched to A's (%d %d %d)",
	      m.a_of_b[0], m.a_of_b[1], m.a_of_b[2]);
	CHECK(m.order[0] == 2 && m.order[1] == 0 && m.order[2] == 1, "stable numbering gives B's clusters A's numbers");
	CHECK_NEAR(m.dist[0], sqrt(0.05 * 0.05 + 0.1 * 0.1 + 0.02 * 0.02), 1e-12, "distance in A's standard deviations");
	/* a B cluster far from every A cluster is new, and numbered last */
	b.k = 4;
	b.mean[3][0] = 900; b.mean[3][1] = 40; b.mean[3][2] = 90000;
	ss_match_clusters(&a, &b, sc, &m);
	CHECK(m.a_of_b[3] == -1 && m.order[3] == 3, "a far cluster is new and numbered after the matched ones");
	/* fewer clusters in B: the unmatched A cluster is gone */
	b.k = 2;
	ss_match_clusters(&a, &b, sc, &m);
	CHECK(m.b_of_a[0] == -1 && m.b_of_a[1] == 0 && m.b_of_a[2] == 1, "an A cluster without counterpart is gone");
	CHECK(m.order[0] == 0 && m.order[1] == 1, "numbering follows A's order when B has fewer clusters");
	/* an outlying cluster may move further than 1 sd and still match */
	{
		ss_cluster_side oa = { .k = 2 }, ob = { .k = 2 };
		const double om[2][3] = { { 30, 2, 500 }, { 5, 60, 90000 } }, nm[2][3] = { { 31, 2, 510 }, { 6, 60, 70000 } };
		memcpy(oa.mean, om, sizeof(om));
		memcpy(ob.mean, nm, sizeof(nm));
		ss_match_clusters(&oa, &ob, sc, &m);
		CHECK(m.a_of_b[1] == 1 && m.dist[1] > 10, "an outlying cluster that moved %.1f sd (far less than its separation) still matches",
		      m.dist[1]);
	}
	/* moved too far: matched by Hungarian but beyond the threshold -> new */
	b.k = 3;
	b.mean[1][0] = 60 + 150;
	ss_match_clusters(&a, &b, sc, &m);
	CHECK(m.a_of_b[1] == -1 && m.dist[1] > SS_MATCH_NEW_DIST, "a pair farther than %.1f is no match", SS_MATCH_NEW_DIST);
}

static void test_merge(void)
{
	/* "10" < "9" as text, 9 < 10 as numbers: text order (bytewise) rules */
	const crow a[] = { { "1", 0, "Champions", 10 }, { "10", 0, "Champions", 20 }, { "2", 1, "Lost", 5 },
	                   { "9", 1, "At Risk", 7 }, { "\xc3\xa9t\xc3\xa9", 0, "Lost", 1 } };
	const crow b[] = { { "10", 1, "At Risk", 30 }, { "2", 1, "Lost", 6 }, { "3", 0, "New Customers", 2 },
	                   { "9", 0, "Champions", 8 }, { "Z", 0, "Champions", 9 } };
	ss_comparison c;
	ss_error err;
	buf csv = { .n = 0 };

	CHECK(run(a, 5, b, 5, &c, &err, &csv) == 0, "merge of two sorted lists");
	CHECK(c.n_a == 5 && c.n_b == 5 && c.n_common == 3, "5 in A, 5 in B, 3 in both (%lld)", (long long)c.n_common);
	CHECK(c.seg[0][7] == 1 && c.seg[9][9] == 1 && c.seg[7][0] == 1, "Champions->At Risk, Lost->Lost, At Risk->Champions");
	CHECK(c.seg_gone[0] == 1 && c.seg_gone[9] == 1, "gone: the Champion \"1\" and the Lost \"\xc3\xa9t\xc3\xa9\"");
	CHECK(c.seg_new[3] == 1 && c.seg_new[0] == 1, "new: \"3\" (New Customers) and \"Z\" (Champions)");
	int64_t rows = 0, total = 0;
	for (int i = 0; i < 10; i++)
		for (int j = 0; j < 10; j++)
			total += c.seg[i][j];
	for (int j = 0; j < 10; j++)
		rows += c.seg[0][j];
	CHECK(total == c.n_common && rows == 1, "matrix sums to the customers in both");
	CHECK(c.clu[0][1] == 1 && c.clu[1][1] == 1 && c.clu[1][0] == 1 && c.clu_gone[0] == 2 && c.clu_new[0] == 2,
	      "cluster matrix, new and gone");
	CHECK(c.seg_total[0].count_a == 2 && c.seg_total[0].count_b == 2 && c.seg_total[0].revenue_a == 30 &&
	      c.seg_total[0].revenue_b == 17, "per segment customers and revenue in A and B");
	CHECK(strstr(csv.s, "10,Champions,At Risk,0,1,11,2,20,10,1,30\r\n") != NULL, "CSV line of a customer in both");
	CHECK(strstr(csv.s, "1,Champions,,0,,10,1,10,,,\r\n") != NULL && strstr(csv.s, "Z,,Champions,,0,,,,14,5,9\r\n") != NULL,
	      "CSV lines of a customer only in A and only in B");

	/* no customer in common: a valid answer */
	const crow x[] = { { "A1", 0, "Lost", 1 } }, y[] = { { "B1", 1, "Lost", 1 } };
	CHECK(run(x, 1, y, 1, &c, &err, NULL) == 0 && c.n_common == 0 && c.seg_gone[9] == 1 && c.seg_new[9] == 1,
	      "no customer in common: everyone new or gone");
	/* duplicates and disorder refused */
	const crow dup[] = { { "1", 0, "Lost", 1 }, { "1", 0, "Lost", 1 } };
	CHECK(run(dup, 2, y, 1, &c, &err, NULL) != 0 && err.code == SS_EDATA && strstr(err.msg, "twice") != NULL,
	      "a duplicate id is refused: %s", err.msg);
	const crow num[] = { { "9", 0, "Lost", 1 }, { "10", 0, "Lost", 1 } };
	CHECK(run(y, 1, num, 2, &c, &err, NULL) != 0 && err.code == SS_EDATA && strstr(err.msg, "not sorted") != NULL,
	      "numeric order (9 before 10) is refused as unsorted: %s", err.msg);
	const crow badseg[] = { { "1", 0, "Nobody", 1 } };
	CHECK(run(badseg, 1, y, 1, &c, &err, NULL) != 0 && err.code == SS_EDATA, "an unknown segment is refused");
	const crow badcl[] = { { "1", 5, "Lost", 1 } };
	CHECK(run(badcl, 1, y, 1, &c, &err, NULL) != 0 && err.code == SS_EDATA, "a cluster beyond k is refused");
}

static void test_self_and_bson(void)
{
	bson_t a, out = BSON_INITIALIZER;
	ss_doc_rows d1, d2;
	ss_comparison c;
	ss_error err;
	const crow r[] = { { "1", 0, "Lost", 1 } };

	make_head(&a, "00000000000000000000000a", 2, two);
	make_rows(&a, r, 1);
	ss_doc_rows_init(&d1, &a);
	ss_doc_rows_init(&d2, &a);
	CHECK(ss_compare_run(&a, &a, (ss_row_reader){ ss_doc_rows_next, &d1 }, (ss_row_reader){ ss_doc_rows_next, &d2 },
	                     NULL, NULL, &c, &err) != 0 && err.code == SS_EPARAM && strstr(err.msg, "itself"),
	      "an analysis compared with itself is refused: %s", err.msg);
	bson_destroy(&a);
	const crow ra[] = { { "1", 0, "Champions", 10 } }, rb[] = { { "1", 1, "At Risk", 10 } };
	CHECK(run(ra, 1, rb, 1, &c, &err, NULL) == 0 && ss_compare_to_bson(&c, &out, &err) == 0, "comparison as BSON");
	char *json = bson_as_relaxed_extended_json(&out, NULL);
	CHECK(json && strstr(json, "\"labels\" : [ \"Champions\", \"Loyal Customers\"") &&
	      strstr(json, "\"matrix\" : [ [ 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 ]") && strstr(json, "\"matching\""),
	      "JSON has labels, matrix rows and the matching");
	bson_free(json);
	bson_destroy(&out);
}

/* B's clusters renumbered after A's: summary, distribution and rows move
 * together, A's names and actions carry over, descriptions stay B's */
static void test_align(void)
{
	const double am[2][3] = { { 10, 5, 500 }, { 200, 1, 50 } }, bm[2][3] = { { 190, 1, 60 }, { 12, 5, 480 } };
	const crow ra[] = { { "1", 0, "Champions", 10 }, { "2", 1, "Lost", 5 } };
	const crow rb[] = { { "1", 1, "Champions", 10 }, { "2", 0, "Lost", 5 }, { "3", 0, "Lost", 1 } };
	bson_t a, b, out = BSON_INITIALIZER, dist;
	ss_doc_rows da, db;
	ss_comparison c;
	ss_error err;

	make_head(&a, "00000000000000000000000a", 2, am);
	make_head(&b, "00000000000000000000000b", 2, bm);
	make_rows(&a, ra, 2);
	BSON_APPEND_DOCUMENT_BEGIN(&b, "kmeans_metrics", &dist);
	{
		bson_t arr;
		BSON_APPEND_ARRAY_BEGIN(&dist, "cluster_distribution", &arr);
		BSON_APPEND_INT32(&arr, "0", 2);
		BSON_APPEND_INT32(&arr, "1", 1);
		bson_append_array_end(&dist, &arr);
	}
	bson_append_document_end(&b, &dist);
	make_rows(&b, rb, 3);
	ss_doc_rows_init(&da, &a);
	ss_doc_rows_init(&db, &b);
	CHECK(ss_compare_run(&a, &b, (ss_row_reader){ ss_doc_rows_next, &da }, (ss_row_reader){ ss_doc_rows_next, &db },
	                     NULL, NULL, &c, &err) == 0 && ss_compare_align(&c, &a, &b, 0, &out, &err) == 0,
	      "align B to A");
	char *j = bson_as_relaxed_extended_json(&out, NULL);
	CHECK(j && strstr(j, "\"Cluster\" : 0, \"Recency\" : 12.0") && strstr(j, "\"AI_Marketing_Name\" : \"A0\"") &&
	      strstr(j, "\"Cluster\" : 1, \"Recency\" : 190.0") && strstr(j, "\"AI_Marketing_Name\" : \"A1\""),
	      "summary renumbered after A, with A's names");
	CHECK(j && strstr(j, "\"cluster_distribution\" : [ 1, 2 ]"), "cluster_distribution follows the new numbers");
	CHECK(j && strstr(j, "\"CustomerID\" : \"1\", \"Recency\" : 10, \"Frequency\" : 1, \"Monetary\" : 10.0, \"Cluster\" : 0") &&
	      strstr(j, "\"CustomerID\" : \"3\", \"Recency\" : 12, \"Frequency\" : 3, \"Monetary\" : 1.0, \"Cluster\" : 1"),
	      "each row's Cluster renumbered");
	CHECK(j && strstr(j, "\"reference\" : { \"analysis_id\" : \"00000000000000000000000a\", \"personas\" : \"reused\""),
	      "the document names its reference");
	bson_free(j);
	bson_reinit(&out);
	ss_compare_align(&c, &a, &b, 1, &out, &err);
	j = bson_as_relaxed_extended_json(&out, NULL);
	CHECK(j && strstr(j, "\"AI_Marketing_Name\" : \"B1\"") && strstr(j, "\"personas\" : \"new\""),
	      "new personas asked for: B's own names kept");
	bson_free(j);
	bson_destroy(&out);
	bson_destroy(&a);
	bson_destroy(&b);
}

int main(void)
{
	test_hungarian();
	test_matching();
	test_merge();
	test_self_and_bson();
	test_align();
	return CHECK_DONE();
}
