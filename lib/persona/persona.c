/* persona.c: rule-based personas from a cluster's means against the global
 * means: recency (recent / lapsed), frequency (frequent / rare) and spend
 * (high / low), in English or French. */
#include <stdio.h>
#include <string.h>
#include "persona/persona.h"

/* Each dimension is judged -1 (below), 0 (about average) or +1 (above). */
enum { LOW = -1, MID = 0, HIGH = 1 };

static int judge(double value, double global)
{
	if (global <= 0)
		return value > global ? HIGH : value < global ? LOW : MID;
	if (value > 1.25 * global)
		return HIGH;
	if (value < 0.75 * global)
		return LOW;
	return MID;
}

/* Activity word from recency (HIGH = long ago) and frequency. */
enum activity { ACT_LOYAL, ACT_NEW, ACT_ACTIVE, ACT_REGULAR, ACT_STEADY,
                ACT_OCCASIONAL, ACT_SLIPPING, ACT_DORMANT, ACT__MAX };

static enum activity activity_of(int rec, int freq)
{
	if (rec == LOW) /* bought recently */
		return freq == HIGH ? ACT_LOYAL : freq == LOW ? ACT_NEW : ACT_ACTIVE;
	if (rec == MID)
		return freq == HIGH ? ACT_REGULAR : freq == LOW ? ACT_OCCASIONAL : ACT_STEADY;
	return freq == HIGH ? ACT_SLIPPING : ACT_DORMANT;
}

struct words {
	const char *activity[ACT__MAX];
	const char *value[3];       /* LOW, MID, HIGH spend */
	const char *action[ACT__MAX];
	const char *value_action[3];
	const char *recency[3], *frequency[3], *spend[3];
	const char *describe;       /* printf: count, share, R, rec, F, freq, M, spend */
};

static const struct words en = {
	{ "Loyal", "New", "Active", "Regular", "Steady", "Occasional", "Slipping", "Dormant" },
	{ "Bargain Hunters", "Customers", "Big Spenders" },
	{ "Reward them with a VIP programme: early access and exclusive offers.",
	  "Send a welcome series with an incentive for the second order.",
	  "Recommend complementary products while they are engaged.",
	  "Offer loyalty points that unlock a reward on the next orders.",
	  "Keep them engaged with a monthly newsletter and seasonal picks.",
	  "Nudge them with personalised reminders around their usual needs.",
	  "Reach out now with a personal check-in and a time-limited offer.",
	  "Run a win-back campaign with a strong, time-limited discount." },
	{ " Push bundles and free-shipping thresholds to lift basket size.",
	  "",
	  " Protect this value with premium service and priority support." },
	{ "more recently than", "about as recently as", "longer ago than" },
	{ "less often than", "about as often as", "more often than" },
	{ "less than", "about as much as", "more than" },
	"%lld customers (%.1f%%). Last purchase %.0f days ago on average (%s the typical "
	"customer), %.1f orders (%s average), %.2f spent (%s average).",
};

static const struct words fr = {
	{ "fidèles", "nouveaux", "actifs", "réguliers", "stables", "occasionnels",
	  "en perte de vitesse", "endormis" },
	{ "Petits paniers", "Clients", "Gros acheteurs" },
	{ "Récompensez-les avec un programme VIP : avant-premières et offres exclusives.",
	  "Envoyez une série de bienvenue avec une incitation à la deuxième commande.",
	  "Recommandez des produits complémentaires tant qu'ils sont engagés.",
	  "Proposez des points de fidélité qui débloquent une récompense.",
	  "Entretenez le lien avec une newsletter mensuelle et des sélections de saison.",
	  "Relancez-les avec des rappels personnalisés autour de leurs besoins habituels.",
	  "Contactez-les maintenant avec un message personnel et une offre limitée dans le temps.",
	  "Lancez une campagne de reconquête avec une remise forte et limitée dans le temps." },
	{ " Mettez en avant des lots et un seuil de livraison offerte pour augmenter le panier.",
	  "",
	  " Protégez cette valeur avec un service premium et un support prioritaire." },
	{ "plus récemment que", "à peu près comme", "plus anciennement que" },
	{ "moins souvent que la", "à peu près comme la", "plus souvent que la" },
	{ "moins que la", "à peu près comme la", "plus que la" },
	"%lld clients (%.1f %%). Dernier achat il y a %.0f jours en moyenne (%s le client "
	"type), %.1f commandes (%s moyenne), %.2f dépensés (%s moyenne).",
};

void ss_persona_rules(const ss_cluster_stats *c, const double global_mean[3],
                      ss_lang lang, ss_persona *out)
{
	const struct words *w = lang == SS_LANG_FR ? &fr : &en;
	int rec = judge(c->mean[0], global_mean[0]);
	int freq = judge(c->mean[1], global_mean[1]);
	int spend = judge(c->mean[2], global_mean[2]);
	enum activity act = activity_of(rec, freq);

	if (lang == SS_LANG_FR)
		snprintf(out->name, sizeof(out->name), "%s %s", w->value[spend + 1], w->activity[act]);
	else
		snprintf(out->name, sizeof(out->name), "%s %s", w->activity[act], w->value[spend + 1]);
	/* recency: LOW means more recent, which reads as "more recently" */
	snprintf(out->description, sizeof(out->description), w->describe,
	         (long long)c->count, c->share * 100, c->mean[0], w->recency[rec + 1],
	         c->mean[1], w->frequency[freq + 1], c->mean[2], w->spend[spend + 1]);
	snprintf(out->action, sizeof(out->action), "%s%s", w->action[act],
	         w->value_action[spend + 1]);
	snprintf(out->source, sizeof(out->source), "rules");
}

int ss_lang_parse(const char *s, ss_lang *lang)
{
	if (s != NULL && strcmp(s, "en") == 0)
		*lang = SS_LANG_EN;
	else if (s != NULL && strcmp(s, "fr") == 0)
		*lang = SS_LANG_FR;
	else
		return -1;
	return 0;
}

const char *ss_lang_name(ss_lang lang)
{
	return lang == SS_LANG_FR ? "fr" : "en";
}
