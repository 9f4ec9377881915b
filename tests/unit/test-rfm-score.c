/* test-rfm-score.c: quintile scores as pandas gives them (pd.cut of
 * rank(method="min") at linspace(1, n, 6)), Recency reversed, ties kept
 * together, and the named segments. */
#include "check.h"
#include "model/rfm_score.h"

int main(void)
{
	enum { N = 10 };
	ss_rfm *t = ss_rfm_new(N, 0);   /* no ids: the scores read R, F, M only */
	ss_rfm_scores *s;

	CHECK(t != NULL, "table allocated");
	if (t == NULL)
		return CHECK_DONE();
	for (int i = 0; i < N; i++) {
		t->recency[i] = 100 - i * 10;   /* customer 9 is the most recent */
		t->frequency[i] = i < 5 ? 1 : i; /* ties among the first five */
		t->monetary[i] = i * 100.0;
	}
	s = ss_rfm_scores_compute(t, NULL, NULL);
	CHECK(s != NULL, "scores computed");
	if (s != NULL) {
		/* pandas: qcut(Series(range(1, 11)), 5, labels=1..5) -> 1 1 2 2 3 3 4 4 5 5 */
		static const int expect_m[N] = { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 };
		int ok = 1;
		for (int i = 0; i < N; i++)
			ok &= s->m[i] == expect_m[i];
		CHECK(ok, "monetary quintiles equal qcut's bins");
		CHECK(s->r[9] == 5 && s->r[0] == 1, "recency reversed: most recent scores 5");
		/* F = 1 1 1 1 1 5 6 7 8 9: rank(min) 1 1 1 1 1 6 7 8 9 10 -> 1 1 1 1 1 3 4 4 5 5 */
		static const int expect_f[N] = { 1, 1, 1, 1, 1, 3, 4, 4, 5, 5 };
		ok = 1;
		for (int i = 0; i < N; i++)
			ok &= s->f[i] == expect_f[i];
		CHECK(ok, "ties share one score (the lowest rank's), the rest spread over 3-5");
		CHECK(s->bin[1][1].count == 0 && s->bin[1][0].count == 5 && s->bin[1][0].max == 1,
		      "the bins of F: score 1 holds the five F=1, score 2 is empty");
		CHECK(s->segment[9] == SS_SEG_CHAMPIONS, "R5 F5 M5 is a Champion");
		CHECK(s->segment[0] == SS_SEG_LOST, "R1 F1 M1 is Lost");
		int64_t total = 0;
		for (int g = 0; g < SS_SEG__MAX; g++)
			total += s->count[g];
		CHECK(total == N, "segment counts add up to the customers");
	}
	CHECK_STR(ss_segment_name(SS_SEG_CANT_LOSE), "Can't Lose Them", "segment names");
	CHECK_STR(ss_segment_name(SS_SEG__MAX), "Unknown", "out-of-range segment name");
	ss_rfm_scores_free(s);
	ss_rfm_free(t);
	return CHECK_DONE();
}
