/* test-kchoice.c: the k=auto rule on made-up curves: segments under 2%
 * set aside (unless every k has one), k >= 3 preferred when within 0.10
 * of the best and reasonable, ties to the smaller k, undefined silhouettes
 * skipped, and the reason given. */
#include <math.h>
#include "check.h"
#include "model/kchoice.h"

/* A curve k = 2..8 from silhouettes and smallest shares. */
static int pick(const double sil[7], const double small[7], char *why, size_t size)
{
	ss_kpoint c[7];

	for (int i = 0; i < 7; i++)
		c[i] = (ss_kpoint){ i + 2, 100.0 - i, sil[i], small[i] };
	int j = ss_k_choose(c, 7, why, size);
	return j < 0 ? -1 : c[j].k;
}

int main(void)
{
	char why[512];
	static const double big[7] = { .3, .2, .1, .1, .1, .05, .05 };

	/* the test data as it was: k=2 splits off 25 customers (0.8%) */
	double s1[7] = { .87, .50, .51, .52, .47, .48, .46 };
	double m1[7] = { .008, .008, .05, .04, .03, .03, .03 };
	CHECK(pick(s1, m1, why, sizeof(why)) == 5 && strstr(why, "k=5") &&
	      strstr(why, "Set aside") && strstr(why, "k=2 (0.870, smallest segment 0.80%)") &&
	      strstr(why, "k=3") == NULL, "a best silhouette with a segment under 2%% is set aside: %s", why);

	/* every k has a tiny segment: the best silhouette stands, and says so */
	double m2[7] = { .008, .008, .001, .001, .001, .001, .001 };
	CHECK(pick(s1, m2, why, sizeof(why)) == 2 && strstr(why, "every k tried"),
	      "every k with a segment under 2%%: best silhouette (%s)", why);

	/* exactly 2% is big enough */
	double m3[7] = { .02, .01, .01, .01, .01, .01, .01 };
	CHECK(pick(s1, m3, why, sizeof(why)) == 2, "a smallest segment of exactly 2%% is kept");

	/* k=2 best, k=3 and k=4 within 0.10: the better of them */
	double s4[7] = { .58, .49, .50, .41, .40, .40, .40 };
	CHECK(pick(s4, big, why, sizeof(why)) == 4 && strstr(why, "within 0.10") && strstr(why, "k=2's (0.580)"),
	      "k >= 3 within 0.10 of k=2: the best of them (%s)", why);

	/* further than 0.10: k=2 stays */
	double s5[7] = { .58, .479, .47, .41, .40, .40, .40 };
	CHECK(pick(s5, big, why, sizeof(why)) == 2 && strstr(why, "the best silhouette (0.580)"),
	      "k >= 3 more than 0.10 below: k=2 (%s)", why);

	/* within 0.10 but below the 0.25 floor of a reasonable structure */
	double s6[7] = { .30, .24, .22, .20, .20, .20, .20 };
	CHECK(pick(s6, big, why, sizeof(why)) == 2, "k >= 3 under a silhouette of 0.25 is not preferred");

	/* the best is already k >= 3: nothing to prefer */
	double s7[7] = { .40, .45, .44, .30, .30, .30, .30 };
	CHECK(pick(s7, big, why, sizeof(why)) == 3, "best at k=3 stays");

	/* ties go to the smaller k */
	double s8[7] = { .30, .45, .45, .45, .30, .30, .30 };
	CHECK(pick(s8, big, why, sizeof(why)) == 3, "ties: the smaller k");

	/* undefined silhouettes are skipped; none defined: -1 */
	double s9[7] = { NAN, NAN, .3, NAN, NAN, NAN, NAN };
	CHECK(pick(s9, big, why, sizeof(why)) == 4, "undefined silhouettes skipped");
	double s10[7] = { NAN, NAN, NAN, NAN, NAN, NAN, NAN };
	CHECK(pick(s10, big, why, sizeof(why)) == -1, "no silhouette defined: no k");

	/* the reason fits any buffer */
	char tiny[16];
	CHECK(pick(s1, m1, tiny, sizeof(tiny)) == 5 && strlen(tiny) == 15, "reason cut to its buffer");
	return CHECK_DONE();
}
