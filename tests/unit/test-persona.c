/* test-persona.c: rule-based names, descriptions and actions, and the
 * edges of the +-25% bands on both sides. */
#include <math.h>
#include "check.h"
#include "persona/persona.h"

/* What the description says of each dimension at level LOW, MID, HIGH. */
static const char *const phrase[3][3] = {
	{ "(more recently than the typical", "(about as recently as the typical",
	  "(longer ago than the typical" },
	{ "orders (less often than average)", "orders (about as often as average)",
	  "orders (more often than average)" },
	{ "spent (less than average)", "spent (about as much as average)",
	  "spent (more than average)" },
};

/* The level (-1, 0, +1) the rules give dimension dim at value, the other
 * two at their global mean; 9 when the description names none. */
static int level(int dim, double value, const double global[3])
{
	ss_cluster_stats c = { 0, 10, 0.1, { global[0], global[1], global[2] },
	                       { global[0], global[1], global[2] }, { 0, 0, 0 }, 33, 12190, 0.1, 369.4 };
	ss_persona p;

	c.mean[dim] = value;
	ss_persona_rules(&c, global, SS_LANG_EN, &p);
	for (int l = 0; l < 3; l++)
		if (strstr(p.description, phrase[dim][l]) != NULL)
			return l - 1;
	return 9;
}

/* Both sides of both edges of each dimension's band around its mean. */
static void band_edges(const double global[3])
{
	static const char *const dim_name[3] = { "Recency", "Frequency", "Monetary" };

	for (int d = 0; d < 3; d++) {
		double hi = 1.25 * global[d], lo = 0.75 * global[d];
		CHECK(level(d, hi, global) == 0, "%s exactly 25%% above the mean (%g) is about average",
		      dim_name[d], hi);
		CHECK(level(d, nextafter(hi, INFINITY), global) == 1, "%s just over 25%% above is above",
		      dim_name[d]);
		CHECK(level(d, lo, global) == 0, "%s exactly 25%% below the mean (%g) is about average",
		      dim_name[d], lo);
		CHECK(level(d, nextafter(lo, -INFINITY), global) == -1, "%s just under 25%% below is below",
		      dim_name[d]);
	}
}

int main(void)
{
	const double global[3] = { 70, 3.3, 1219 };
	ss_cluster_stats vip = { 1, 24, 0.008, { 6, 42.7, 34976 }, { 4, 35, 20000 }, { -1, 5, 6 }, 1025, 839424, 0.23, 819 };
	ss_cluster_stats lapsed = { 2, 1004, 0.34, { 142.6, 1.5, 378 }, { 140, 1, 250 }, { 1, -0.5, -0.3 }, 1506, 379512, 0.1, 252 };
	ss_persona p, q;
	ss_lang lang;

	ss_persona_rules(&vip, global, SS_LANG_EN, &p);
	CHECK_STR(p.name, "Loyal Big Spenders", "recent, frequent, high spend");
	CHECK(strstr(p.description, "24 customers") != NULL, "description states the size");
	CHECK(strstr(p.action, "VIP") != NULL, "action for the best customers");
	CHECK_STR(p.source, "rules", "source is rules");
	ss_persona_rules(&lapsed, global, SS_LANG_EN, &p);
	CHECK_STR(p.name, "Dormant Bargain Hunters", "lapsed, rare, low spend");
	CHECK(strstr(p.action, "win-back") != NULL, "win-back action for lapsed customers");
	ss_persona_rules(&lapsed, global, SS_LANG_FR, &q);
	CHECK_STR(q.name, "Petits paniers endormis", "French name");
	CHECK(strstr(q.description, "clients") != NULL, "French description");
	ss_persona_rules(&lapsed, global, SS_LANG_EN, &q);
	CHECK(strcmp(p.description, q.description) == 0, "deterministic");
	CHECK(ss_lang_parse("fr", &lang) == 0 && lang == SS_LANG_FR, "lang fr parses");
	CHECK(ss_lang_parse("de", &lang) == -1, "unknown lang refused");

	band_edges(global);
	band_edges((const double[3]){ 100, 4, 1000 });
	/* a mean of zero or below (returns outweigh sales): any difference counts */
	const double neg[3] = { 70, 3.3, -50 };
	CHECK(level(2, -50, neg) == 0, "Monetary mean -50: -50 is about average");
	CHECK(level(2, nextafter(-50, INFINITY), neg) == 1, "Monetary mean -50: just above is above");
	CHECK(level(2, nextafter(-50, -INFINITY), neg) == -1, "Monetary mean -50: just below is below");
	const double zero[3] = { 70, 3.3, 0 };
	CHECK(level(2, 0, zero) == 0, "Monetary mean 0: 0 is about average");
	CHECK(level(2, 1e-9, zero) == 1 && level(2, -1e-9, zero) == -1,
	      "Monetary mean 0: a cent either way counts");
	/* the band decides the name too: just over the spend edge is a big spender */
	ss_cluster_stats edge = { 0, 10, 0.1, { 70, 3.3, nextafter(1.25 * 1219, INFINITY) },
	                          { 70, 3.3, 1219 }, { 0, 0, 0 }, 33, 15238, 0.1, 461.7 };
	ss_persona_rules(&edge, global, SS_LANG_EN, &p);
	CHECK_STR(p.name, "Steady Big Spenders", "average R and F, spend just over the edge");
	edge.mean[2] = 1.25 * 1219;
	ss_persona_rules(&edge, global, SS_LANG_EN, &p);
	CHECK_STR(p.name, "Steady Customers", "spend exactly on the edge: about average");
	return CHECK_DONE();
}
