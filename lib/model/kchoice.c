/* kchoice.c: silhouette alone favours splitting off a handful of outliers
 * at k = 2; a marketer needs segments big enough to address, and more than
 * two of them when that costs little separation. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "model/kchoice.h"

static void add(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strnlen(buf, size);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static int usable(const ss_kpoint *p, int all_small)
{
	return !isnan(p->silhouette) && (all_small || p->smallest_share >= SS_AUTO_MIN_SHARE);
}

int ss_k_choose(const ss_kpoint *curve, size_t n, char *reason, size_t size)
{
	int all_small = 1, best = -1, pick;

	if (size > 0)
		reason[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!isnan(curve[i].silhouette) && curve[i].smallest_share >= SS_AUTO_MIN_SHARE)
			all_small = 0;
	for (size_t i = 0; i < n; i++)
		if (usable(&curve[i], all_small) && (best < 0 || curve[i].silhouette > curve[best].silhouette))
			best = (int)i;
	if (best < 0)
		return -1;
	pick = best;
	if (curve[best].k < 3)
		for (size_t i = 0; i < n; i++)
			if (curve[i].k >= 3 && usable(&curve[i], all_small) &&
			    curve[i].silhouette >= curve[best].silhouette - SS_AUTO_CLOSE &&
			    curve[i].silhouette >= SS_AUTO_FLOOR &&
			    (pick == best || curve[i].silhouette > curve[pick].silhouette))
				pick = (int)i;
	if (pick != best)
		add(reason, size, "k=%d: its silhouette (%.3f) is within %.2f of the best, k=%d's (%.3f), "
		    "and more segments give more to plan campaigns with.", curve[pick].k,
		    curve[pick].silhouette, SS_AUTO_CLOSE, curve[best].k, curve[best].silhouette);
	else if (all_small)
		add(reason, size, "k=%d: the best silhouette (%.3f); every k tried has a segment under "
		    "%.0f%% of the customers.", curve[pick].k, curve[pick].silhouette, 100 * SS_AUTO_MIN_SHARE);
	else
		add(reason, size, "k=%d: the best silhouette (%.3f) among the k whose segments all hold "
		    "at least %.0f%% of the customers.", curve[pick].k, curve[pick].silhouette,
		    100 * SS_AUTO_MIN_SHARE);
	if (!all_small) {
		int first = 1;
		for (size_t i = 0; i < n; i++)
			if (!isnan(curve[i].silhouette) && curve[i].smallest_share < SS_AUTO_MIN_SHARE &&
			    curve[i].silhouette > curve[pick].silhouette) {
				/* two decimals: 1.99% must not read 2.0% */
				add(reason, size, "%s k=%d (%.3f, smallest segment %.2f%%)",
				    first ? " Set aside for a segment under 2% of the customers:" : ",",
				    curve[i].k, curve[i].silhouette, 100 * curve[i].smallest_share);
				first = 0;
			}
		if (!first)
			add(reason, size, ".");
	}
	return pick;
}
