/* truth.c: a segment name must not say what its numbers deny. Each phrase
 * carries the claims it makes; a claim is checked against the base's mean.
 * Phrases are matched at the start of a word, case-insensitively (ASCII
 * letters folded; French accents written as they are), longest first: a
 * matched phrase is blanked so that "potential loyalist" does not also
 * count as "loyal". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "persona/persona.h"

enum claim {
	RECENT = 1,     /* recency mean below the base's */
	LAPSED = 2,     /* above it */
	FREQUENT = 4,   /* frequency mean above the base's */
	RARE = 8,       /* below it */
	HIGH_SPEND = 16, /* monetary mean above the base's */
	LOW_SPEND = 32, /* below it */
};

static const struct phrase {
	const char *text;   /* lower case */
	int claims;
} phrases[] = {
	/* longer phrases first */
	{ "potential loyal", RECENT },
	{ "fidèles potentiels", RECENT },
	{ "fidèle potentiel", RECENT },
	{ "can't lose", LAPSED | HIGH_SPEND },
	{ "can\xe2\x80\x99t lose", LAPSED | HIGH_SPEND },
	{ "cannot lose", LAPSED | HIGH_SPEND },
	{ "ne pas perdre", LAPSED | HIGH_SPEND },
	{ "about to sleep", LAPSED },
	{ "at risk", LAPSED },
	{ "à risque", LAPSED },
	{ "À risque", LAPSED },   /* "À": fold() leaves accented capitals */
	{ "en perte de vitesse", LAPSED },
	{ "big spender", HIGH_SPEND },
	{ "top spender", HIGH_SPEND },
	{ "high spend", HIGH_SPEND },
	{ "high value", HIGH_SPEND },
	{ "high-value", HIGH_SPEND },
	{ "gros acheteur", HIGH_SPEND },
	{ "gros panier", HIGH_SPEND },
	{ "low spend", LOW_SPEND },
	{ "low value", LOW_SPEND },
	{ "low-value", LOW_SPEND },
	{ "petits paniers", LOW_SPEND },
	{ "petit panier", LOW_SPEND },
	{ "one-time", RARE },
	{ "one-off", RARE },
	/* single words */
	{ "champion", RECENT | FREQUENT | HIGH_SPEND },
	{ "loyal", RECENT | FREQUENT },
	{ "fidèle", RECENT | FREQUENT },
	{ "fidélisé", RECENT | FREQUENT },
	{ "active", RECENT },
	{ "actif", RECENT },
	{ "recent", RECENT },
	{ "récent", RECENT },
	{ "engaged", RECENT },
	{ "engagé", RECENT },
	{ "new", RECENT | RARE },
	{ "nouveau", RECENT | RARE },
	{ "nouvelle", RECENT | RARE },
	{ "promising", RECENT },
	{ "prometteur", RECENT },
	{ "dormant", LAPSED },
	{ "lost", LAPSED },
	{ "lapsed", LAPSED },
	{ "sleep", LAPSED },
	{ "slipping", LAPSED },
	{ "inactive", LAPSED },
	{ "churn", LAPSED },
	{ "endormi", LAPSED },
	{ "perdu", LAPSED },
	{ "inactif", LAPSED },
	{ "frequent", FREQUENT },
	{ "fréquent", FREQUENT },
	{ "regular", FREQUENT },
	{ "régulier", FREQUENT },
	{ "occasional", RARE },
	{ "occasionnel", RARE },
	{ "vip", HIGH_SPEND },
	{ "whale", HIGH_SPEND },
	{ "premium", HIGH_SPEND },
	{ "bargain", LOW_SPEND },
};

/* Lower-cases ASCII letters of s into out (other bytes kept). */
static void fold(const char *s, char *out, size_t size)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

/* The first occurrence of p in s that starts a word, or NULL. */
static char *word_start(char *s, const char *p)
{
	for (char *at = strstr(s, p); at != NULL; at = strstr(at + 1, p))
		if (at == s || !(isalnum((unsigned char)at[-1]) || ((unsigned char)at[-1] & 0x80)))
			return at;
	return NULL;
}

static const struct check {
	int claim, feature, above;  /* the claim holds when mean[feature] is above (1) or below (0) */
	const char *what;
} checks[] = {
	{ RECENT, 0, 0, "bought more recently than average" },
	{ LAPSED, 0, 1, "bought longer ago than average" },
	{ FREQUENT, 1, 1, "order more often than average" },
	{ RARE, 1, 0, "order less often than average" },
	{ HIGH_SPEND, 2, 1, "spend more than average" },
	{ LOW_SPEND, 2, 0, "spend less than average" },
};

static const char *const unit[3] = { "days since the last purchase", "orders", "spent" };

int ss_persona_contradicts(const char *name, const ss_cluster_stats *c, const double gm[3],
                           char *why, size_t size)
{
	char low[512];

	if (size > 0)
		why[0] = '\0';
	if (name == NULL || c == NULL || gm == NULL)
		return 0;
	fold(name, low, sizeof(low));
	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		char *at = word_start(low, phrases[i].text);
		if (at == NULL)
			continue;
		size_t len = strlen(phrases[i].text);
		for (size_t j = 0; j < sizeof(checks) / sizeof(checks[0]); j++) {
			const struct check *k = &checks[j];
			double v = c->mean[k->feature], g = gm[k->feature];
			if (!(phrases[i].claims & k->claim))
				continue;
			if (k->above ? v > g : v < g)
				continue;
			snprintf(why, size, "\"%.*s\" says these customers %s, but their mean is "
			         "%.2f %s against %.2f for all customers", (int)len,
			         name + (at - low), k->what, v, unit[k->feature], g);
			return 1;
		}
		memset(at, ' ', len);
	}
	return 0;
}
