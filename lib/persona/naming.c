/* naming.c: one distinct, truthful name per cluster. Candidates for a
 * cluster are the RFM segments holding at least a third of its customers,
 * most common first (a segment that covers fewer does not describe the
 * cluster), then its profile name (persona.c); the first one that does not contradict
 * the numbers and is not taken wins. Clusters choose in order of revenue,
 * so the segment that brings the most keeps the plain name; a cluster
 * left without a free candidate gets its best candidate qualified by its
 * profile ("Champions, Loyal Big Spenders"), then by its spend against the
 * average ("Champions, 28x average spend"), and only then a number. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "persona/persona.h"

static int taken(const ss_persona *out, const int *done, int k, const char *name)
{
	for (int c = 0; c < k; c++)
		if (done[c] && strcasecmp(out[c].name, name) == 0)
			return 1;
	return 0;
}

/* The cluster's RFM segments by customers, most first (ties: segment
 * order); returns how many hold anyone. */
static int by_count(const int64_t *count, int order[SS_SEG__MAX])
{
	int n = 0;

	for (int s = 0; s < SS_SEG__MAX; s++) {
		if (count[s] <= 0)
			continue;
		int j = n++;
		while (j > 0 && count[order[j - 1]] < count[s]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = s;
	}
	return n;
}

/* " They bring 23.1% of revenue; average order 818.95 (2.4x all
 * customers'). Largest RFM segment: Champions (71%)." */
static void describe_kpis(ss_persona *p, const ss_cluster_stats *c, const ss_cluster_stats *base,
                          int seg, double seg_share, ss_lang lang)
{
	size_t len = strlen(p->description);
	char *d = p->description + len;
	size_t room = sizeof(p->description) - len;
	double ratio = isfinite(c->aov) && isfinite(base->aov) && base->aov > 0 ? c->aov / base->aov : NAN;

	if (isfinite(c->revenue_share) && isfinite(ratio))
		len = (size_t)snprintf(d, room, lang == SS_LANG_FR
		        ? " Ils apportent %.1f %% du chiffre d'affaires ; panier moyen %.2f (%.1fx celui de tous les clients)."
		        : " They bring %.1f%% of revenue; average order %.2f (%.1fx all customers').",
		        100 * c->revenue_share, c->aov, ratio);
	else
		len = 0;
	if (len >= room)
		return;
	if (seg >= 0)
		snprintf(d + len, room - len, lang == SS_LANG_FR ? " Segment RFM le plus présent : %s (%.0f %%)."
		                                                 : " Largest RFM segment: %s (%.0f%%).",
		         ss_segment_label((ss_segment)seg, lang), 100 * seg_share);
}

void ss_persona_name_all(const ss_cluster_stats *c, int k, const ss_cluster_stats *base,
                         const int64_t *seg_count, ss_lang lang, ss_persona *out)
{
	int order[64], done[64] = { 0 };
	char why[256];

	if (k > 64)
		k = 64;
	for (int i = 0; i < k; i++) {
		ss_persona_rules(&c[i], base->mean, lang, &out[i]);
		out[i].note[0] = '\0';
		int j = i;  /* by revenue, most first; ties: cluster order */
		while (j > 0 && c[order[j - 1]].revenue < c[i].revenue) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (int n = 0; n < k; n++) {
		int ci = order[n], segs[SS_SEG__MAX], nseg = by_count(seg_count + (size_t)ci * SS_SEG__MAX, segs);
		const ss_cluster_stats *s = &c[ci];
		ss_persona *p = &out[ci];
		char profile[sizeof(p->name)], first[sizeof(p->name)] = "";
		int chosen = -1, first_seg = -1;

		snprintf(profile, sizeof(profile), "%s", p->name);
		for (int j = 0; j < nseg && chosen < 0; j++) {
			if (3 * seg_count[(size_t)ci * SS_SEG__MAX + segs[j]] < s->count)
				break;
			const char *label = ss_segment_label((ss_segment)segs[j], lang);
			if (ss_persona_contradicts(label, s, base->mean, why, sizeof(why)))
				continue;
			if (first[0] == '\0') {
				snprintf(first, sizeof(first), "%s", label);
				first_seg = segs[j];
			}
			if (!taken(out, done, k, label)) {
				snprintf(p->name, sizeof(p->name), "%s", label);
				chosen = segs[j];
			}
		}
		if (chosen < 0 && taken(out, done, k, profile)) {
			/* qualified: the best truthful segment with the profile, or a number */
			const char *stem = first[0] ? first : profile;
			double spend = base->mean[2] > 0 ? s->mean[2] / base->mean[2] : NAN;
			if (first[0] != '\0')
				snprintf(p->name, sizeof(p->name), "%.120s, %.120s", first, profile);
			if (taken(out, done, k, p->name) && isfinite(spend) && spend > 0)
				snprintf(p->name, sizeof(p->name), lang == SS_LANG_FR ? "%.120s, %.*fx la dépense moyenne"
				                                                      : "%.120s, %.*fx average spend",
				         stem, spend < 10 ? 1 : 0, spend);
			for (int num = 2; taken(out, done, k, p->name) && num < 100; num++)
				snprintf(p->name, sizeof(p->name), "%.240s %d", first[0] ? first : profile, num);
			chosen = first_seg;
		}
		if (chosen >= 0) {
			snprintf(p->action, sizeof(p->action), "%s", ss_segment_action((ss_segment)chosen, lang));
		}
		int main_seg = nseg > 0 ? segs[0] : -1;
		double main_share = main_seg >= 0 && s->count > 0
		        ? (double)seg_count[(size_t)ci * SS_SEG__MAX + main_seg] / (double)s->count : 0;
		describe_kpis(p, s, base, main_seg, main_share, lang);
		done[ci] = 1;
	}
}
