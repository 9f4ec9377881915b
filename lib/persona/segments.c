/* segments.c: the ten RFM segments in English and French, with the action
 * a CRM team usually takes for each. */
#include "persona/persona.h"

static const char *const label_fr[SS_SEG__MAX] = {
	"Champions",                  /* SS_SEG_CHAMPIONS */
	"Clients fidèles",            /* SS_SEG_LOYAL */
	"Fidèles potentiels",         /* SS_SEG_POTENTIAL_LOYALIST */
	"Nouveaux clients",           /* SS_SEG_NEW */
	"Prometteurs",                /* SS_SEG_PROMISING */
	"À surveiller",               /* SS_SEG_NEED_ATTENTION */
	"Bientôt endormis",           /* SS_SEG_ABOUT_TO_SLEEP */
	"À risque",                   /* SS_SEG_AT_RISK */
	"À ne pas perdre",            /* SS_SEG_CANT_LOSE */
	"Perdus",                     /* SS_SEG_LOST */
};

static const char *const action_en[SS_SEG__MAX] = {
	/* SS_SEG_CHAMPIONS */ "Reward them: early access, exclusive offers and a referral programme.",
	/* SS_SEG_LOYAL */ "Upsell higher-value products and invite them into the loyalty programme.",
	/* SS_SEG_POTENTIAL_LOYALIST */ "Offer membership or loyalty points to turn the next orders into a habit.",
	/* SS_SEG_NEW */ "Send a welcome series and an incentive for the second order.",
	/* SS_SEG_PROMISING */ "Build awareness with recommendations and a free-shipping threshold.",
	/* SS_SEG_NEED_ATTENTION */ "Send time-limited offers based on their past purchases.",
	/* SS_SEG_ABOUT_TO_SLEEP */ "Reconnect with popular products and a small discount before they lapse.",
	/* SS_SEG_AT_RISK */ "Win them back with a personal message and a strong, time-limited offer.",
	/* SS_SEG_CANT_LOSE */ "Call or email them personally; offer their favourite products and premium service.",
	/* SS_SEG_LOST */ "Try one low-cost reactivation campaign, then stop spending on them.",
};

static const char *const action_fr[SS_SEG__MAX] = {
	/* SS_SEG_CHAMPIONS */ "Récompensez-les : avant-premières, offres exclusives et parrainage.",
	/* SS_SEG_LOYAL */ "Proposez des produits de gamme supérieure et le programme de fidélité.",
	/* SS_SEG_POTENTIAL_LOYALIST */ "Offrez une adhésion ou des points pour faire des prochaines commandes une habitude.",
	/* SS_SEG_NEW */ "Envoyez une série de bienvenue et une incitation à la deuxième commande.",
	/* SS_SEG_PROMISING */ "Faites-vous connaître : recommandations et seuil de livraison offerte.",
	/* SS_SEG_NEED_ATTENTION */ "Envoyez des offres limitées dans le temps d'après leurs achats passés.",
	/* SS_SEG_ABOUT_TO_SLEEP */ "Reprenez contact avec les produits phares et une petite remise avant qu'ils décrochent.",
	/* SS_SEG_AT_RISK */ "Reconquérez-les par un message personnel et une offre forte et limitée.",
	/* SS_SEG_CANT_LOSE */ "Appelez-les ou écrivez-leur personnellement ; produits favoris et service premium.",
	/* SS_SEG_LOST */ "Tentez une campagne de réactivation peu coûteuse, puis cessez d'investir.",
};

const char *ss_segment_label(ss_segment s, ss_lang lang)
{
	if ((int)s < 0 || s >= SS_SEG__MAX)
		return "";
	return lang == SS_LANG_FR ? label_fr[s] : ss_segment_name(s);
}

const char *ss_segment_action(ss_segment s, ss_lang lang)
{
	if ((int)s < 0 || s >= SS_SEG__MAX)
		return "";
	return lang == SS_LANG_FR ? action_fr[s] : action_en[s];
}
