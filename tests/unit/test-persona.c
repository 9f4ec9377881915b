/* test-persona.c: rule-based names, descriptions and actions. */
#include "check.h"
#include "persona/persona.h"

int main(void)
{
	const double global[3] = { 70, 3.3, 1219 };
	ss_cluster_stats vip = { 1, 24, 0.008, { 6, 42.7, 34976 }, { 4, 35, 20000 }, { -1, 5, 6 } };
	ss_cluster_stats lapsed = { 2, 1004, 0.34, { 142.6, 1.5, 378 }, { 140, 1, 250 }, { 1, -0.5, -0.3 } };
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
	return CHECK_DONE();
}
