/* test-naming.c: the truth rules for segment names (English and French,
 * rules' and models' names alike), and the naming of a whole analysis:
 * distinct names that never contradict their numbers, drawn from the RFM
 * segments, on made-up clusters and on the test data for k = 2..8. */
#include <math.h>
#include <string.h>
#include "check.h"
#include "model/analysis.h"
#include "oracle.h"

static struct oracle o;
static const double gm[3] = { 70, 3.5, 1219 };

static ss_cluster_stats stats(double r, double f, double m)
{
	ss_cluster_stats c;
	memset(&c, 0, sizeof(c));
	c.count = 100;
	c.mean[0] = r;
	c.mean[1] = f;
	c.mean[2] = m;
	return c;
}

static int says(const char *name, double r, double f, double m, char *why, size_t size)
{
	ss_cluster_stats c = stats(r, f, m);
	return ss_persona_contradicts(name, &c, gm, why, size);
}

static void truth(void)
{
	char why[300];

	CHECK(says("Loyal Customers", 143, 5, 2000, why, sizeof(why)) &&
	      strcmp(why, "\"Loyal\" says these customers bought more recently than average, but their "
	             "mean is 143.00 days since the last purchase against 70.00 for all customers") == 0,
	      "no \"Loyal\" on a recency worse than the base's: %s", why);
	CHECK(says("Loyal Customers", 40, 3, 2000, why, sizeof(why)) && strstr(why, "order more often"),
	      "nor on a frequency below it: %s", why);
	CHECK(!says("Loyal Customers", 40, 3.8, 1200, why, sizeof(why)) && why[0] == '\0',
	      "\"Loyal\" on recent, frequent customers is fine");
	CHECK(!says("Potential Loyalist", 20, 1.6, 400, why, sizeof(why)),
	      "\"Potential Loyalist\" claims recency only (not frequency)");
	CHECK(says("Champions", 10, 8, 900, why, sizeof(why)) && strstr(why, "spend more"),
	      "\"Champions\" needs spend above average: %s", why);
	CHECK(says("Dormant Bargain Hunters", 30, 1, 300, why, sizeof(why)) && strstr(why, "\"Dormant\""),
	      "no \"Dormant\" on recent customers");
	CHECK(says("Dormant Bargain Hunters", 140, 1, 3000, why, sizeof(why)) && strstr(why, "\"Bargain\""),
	      "no \"Bargain\" above the average spend: %s", why);
	CHECK(says("VIP big spenders", 10, 8, 800, why, sizeof(why)) && strstr(why, "\"big spender\""),
	      "case-insensitive, the name's own spelling in the reason: %s", why);
	CHECK(says("At Risk", 30, 2, 500, why, sizeof(why)) && says("Can't Lose Them", 140, 2, 500, why, sizeof(why)) &&
	      !says("Can't Lose Them", 140, 2, 5000, why, sizeof(why)), "\"At Risk\", \"Can't Lose Them\"");
	CHECK(says("New Customers", 10, 6, 500, why, sizeof(why)) && strstr(why, "less often"),
	      "\"New\" on frequent buyers contradicts");
	CHECK(!says("Disloyal royalty", 140, 1, 100, why, sizeof(why)), "phrases count at the start of a word only");
	CHECK(!says("Gift Lovers", 140, 1, 100, why, sizeof(why)) && !says("", 1, 1, 1, why, sizeof(why)),
	      "a name without claims never contradicts");
	CHECK(says("Gros acheteurs fidèles", 140, 6, 5000, why, sizeof(why)) && strstr(why, "\"fidèle\""),
	      "French: \"fidèle\" on lapsed customers: %s", why);
	CHECK(says("À risque", 20, 2, 500, why, sizeof(why)) && says("Petits paniers", 20, 2, 5000, why, sizeof(why)),
	      "French: \"À risque\", \"Petits paniers\"");
	CHECK(!says("Fidèles potentiels", 20, 1.2, 300, why, sizeof(why)), "French: \"Fidèles potentiels\" claims recency only");
	char tiny[8];
	CHECK(says("Loyal Customers", 143, 5, 2000, tiny, sizeof(tiny)) && strlen(tiny) == 7, "reason cut to its buffer");
}

/* Names of made-up clusters: two with one profile, the richer first. */
static void made_up(void)
{
	ss_cluster_stats c[4] = { stats(10, 9, 4000), stats(12, 8, 3900), stats(150, 1, 200), stats(20, 1.2, 300) };
	ss_cluster_stats base = stats(70, 3.5, 1219);
	int64_t seg[4][SS_SEG__MAX] = { { 0 } };
	ss_persona p[4];

	base.aov = 350;
	for (int i = 0; i < 4; i++) {
		c[i].cluster = i;
		c[i].revenue = c[i].mean[2] * 100;
		c[i].orders = (int64_t)(c[i].mean[1] * 100);
		c[i].aov = c[i].revenue / (double)c[i].orders;
		c[i].revenue_share = c[i].revenue / 850000;
	}
	c[1].revenue = 390001; /* cluster 1 brings less than cluster 0 */
	seg[0][SS_SEG_CHAMPIONS] = 90, seg[0][SS_SEG_LOYAL] = 10;
	seg[1][SS_SEG_CHAMPIONS] = 80, seg[1][SS_SEG_LOYAL] = 20;
	seg[2][SS_SEG_LOST] = 60, seg[2][SS_SEG_AT_RISK] = 40;
	seg[3][SS_SEG_CHAMPIONS] = 50, seg[3][SS_SEG_POTENTIAL_LOYALIST] = 50;
	ss_persona_name_all(c, 4, &base, &seg[0][0], SS_LANG_EN, p);
	CHECK_STR(p[0].name, "Champions", "the richer Champions cluster keeps the plain name");
	CHECK_STR(p[1].name, "Loyal Big Spenders", "the other takes its profile name");
	CHECK_STR(p[2].name, "Lost", "a lapsed cluster takes its RFM segment's name");
	CHECK_STR(p[3].name, "Potential Loyalist", "a segment that contradicts (Champions: low spend) is skipped");
	CHECK_STR(p[2].action, ss_segment_action(SS_SEG_LOST, SS_LANG_EN), "the named segment's action");
	CHECK(strstr(p[0].description, "They bring 47.1% of revenue; average order 444.44 (1.3x all customers'). "
	                               "Largest RFM segment: Champions (90%).") != NULL,
	      "the description gives revenue share, AOV against the base, main RFM segment: %s", p[0].description);
	ss_persona_name_all(c, 4, &base, &seg[0][0], SS_LANG_FR, p);
	CHECK_STR(p[2].name, "Perdus", "French segment names");
	CHECK(strstr(p[3].description, "Segment RFM le plus présent") != NULL, "French description");
	/* identical clusters: segment, profile, both, the spend multiple, a number */
	ss_cluster_stats same[5] = { c[0], c[0], c[0], c[0], c[0] };
	int64_t seg2[5][SS_SEG__MAX] = { { 0 } };
	for (int i = 0; i < 5; i++) {
		same[i].cluster = i;
		seg2[i][SS_SEG_CHAMPIONS] = 100;
	}
	ss_persona q[5];
	ss_persona_name_all(same, 5, &base, &seg2[0][0], SS_LANG_EN, q);
	CHECK(strcmp(q[0].name, "Champions") == 0 && strcmp(q[1].name, "Loyal Big Spenders") == 0 &&
	      strcmp(q[2].name, "Champions, Loyal Big Spenders") == 0 &&
	      strcmp(q[3].name, "Champions, 3.3x average spend") == 0 && strcmp(q[4].name, "Champions 2") == 0,
	      "identical clusters: %s / %s / %s / %s / %s", q[0].name, q[1].name, q[2].name, q[3].name, q[4].name);
}

/* The test data, k = 2..8, both transforms: distinct and truthful. */
static void real(void)
{
	for (int tr = 0; tr < 2; tr++)
		for (int k = 2; k <= 8; k++) {
			ss_params p;
			ss_error err;
			ss_params_default(&p);
			p.k = k;
			p.transform = tr ? SS_TRANSFORM_LOG : SS_TRANSFORM_NONE;
			ss_analysis *a = ss_analyze_rfm(oracle_table(&o), NULL, &p, &err);
			int distinct = a != NULL, truthful = a != NULL;
			char why[300] = "", names[1024] = "";
			for (int c = 0; a != NULL && c < k; c++) {
				for (int d = 0; d < c; d++)
					distinct &= strcmp(a->personas[c].name, a->personas[d].name) != 0;
				truthful &= !ss_persona_contradicts(a->personas[c].name, &a->clusters[c],
				                                    a->global_mean, why, sizeof(why));
				strncat(names, a->personas[c].name, sizeof(names) - strlen(names) - 3);
				strcat(names, "; ");
			}
			CHECK(distinct && truthful, "test data, k=%d, %s: distinct, truthful names (%s) %s", k,
			      tr ? "log" : "none", names, why);
			ss_analysis_free(a);
		}
}

int main(void)
{
	truth();
	made_up();
	CHECK(oracle_load(&o) == 0, "oracle loaded");
	real();
	CHECK_STR(ss_segment_label(SS_SEG_CANT_LOSE, SS_LANG_FR), "À ne pas perdre", "French RFM labels");
	CHECK(ss_segment_action(SS_SEG__MAX, SS_LANG_EN)[0] == '\0', "out-of-range action");
	return CHECK_DONE();
}
