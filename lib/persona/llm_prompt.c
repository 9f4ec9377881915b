/* llm_prompt.c: what every model is told: the instruction and the cluster
 * aggregates. Nothing else goes in. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"
#include "strbuf.h"

static const char *const instruction_en =
	"You are a senior CRM marketer. You receive customer segments found by "
	"RFM k-means clustering: for each cluster its size, its share of all "
	"customers, its orders, revenue, share of all revenue and average order "
	"value, and the mean and median Recency (days since the last "
	"purchase), Frequency (number of invoices) and Monetary (total spend, in "
	"the file's currency), with the same figures over all customers for "
	"comparison. A name must not contradict the numbers (no \"loyal\" or "
	"\"active\" for customers who bought longer ago than average, no \"big "
	"spenders\" below the average spend), and no two clusters may share a name. "
	"For every cluster give exactly one entry: a short memorable segment name "
	"(at most 5 words), a description of who these customers are (one or two "
	"sentences, grounded in the numbers), and one concrete marketing action "
	"for this segment. Answer only with the JSON described by the schema, one "
	"object per cluster, using the cluster numbers given.";

static const char *const language_line[] = {
	" Write every name, description and action in English.",  /* SS_LANG_EN */
	" Write every name, description and action in French (français).", /* SS_LANG_FR */
};

char *persona__llm_instruction(ss_lang lang)
{
	const char *line = language_line[lang == SS_LANG_FR ? 1 : 0];
	size_t a = strlen(instruction_en), b = strlen(line);
	char *s = malloc(a + b + 1);

	if (s != NULL) {
		memcpy(s, instruction_en, a);
		memcpy(s + a, line, b + 1);
	}
	return s;
}

/* A JSON number with two decimals (null when not finite). */
static void buf_num(ss_strbuf *b, const char *key, double v, const char *sep)
{
	if (isfinite(v))
		ss_strbuf_printf(b, "\"%s\":%.2f%s", key, v, sep);
	else
		ss_strbuf_printf(b, "\"%s\":null%s", key, sep);
}

static void buf_rfm(ss_strbuf *b, const char *key, const double v[3], const char *sep)
{
	ss_strbuf_printf(b, "\"%s\":{", key);
	buf_num(b, "recency_days", v[0], ",");
	buf_num(b, "frequency", v[1], ",");
	buf_num(b, "monetary", v[2], "");
	ss_strbuf_printf(b, "}%s", sep);
}

/* Written by hand rather than through libbson so that numbers read 33.79,
 * not 33.789999999999999147: it holds only numbers and fixed keys, so
 * there is nothing to escape. */
char *persona__llm_segments_json(const ss_cluster_stats *c, int k, const double gm[3],
                                 ss_lang lang)
{
	ss_strbuf b = { 0 };
	int64_t total = 0, orders = 0;
	double revenue = 0;
	int i;

	for (i = 0; i < k; i++) {
		total += c[i].count;
		orders += c[i].orders;
		revenue += c[i].revenue;
	}
	ss_strbuf_printf(&b, "{\"language\":\"%s\",\"clusters\":%d,\"customers\":%lld,",
	           lang == SS_LANG_FR ? "fr" : "en", k, (long long)total);
	ss_strbuf_printf(&b, "\"orders\":%lld,", (long long)orders);
	buf_num(&b, "revenue", revenue, ",");
	buf_num(&b, "average_order_value", orders > 0 ? revenue / (double)orders : NAN, ",");
	buf_rfm(&b, "global_mean", gm, ",");
	ss_strbuf_printf(&b, "\"segments\":[");
	for (i = 0; i < k; i++) {
		ss_strbuf_printf(&b, "{\"cluster\":%d,\"customers\":%lld,", c[i].cluster,
		           (long long)c[i].count);
		if (isfinite(c[i].share))
			ss_strbuf_printf(&b, "\"share\":%.4f,", c[i].share);
		else
			ss_strbuf_printf(&b, "\"share\":null,");
		ss_strbuf_printf(&b, "\"orders\":%lld,", (long long)c[i].orders);
		buf_num(&b, "revenue", c[i].revenue, ",");
		if (isfinite(c[i].revenue_share))
			ss_strbuf_printf(&b, "\"revenue_share\":%.4f,", c[i].revenue_share);
		else
			ss_strbuf_printf(&b, "\"revenue_share\":null,");
		buf_num(&b, "average_order_value", c[i].aov, ",");
		buf_rfm(&b, "mean", c[i].mean, ",");
		buf_rfm(&b, "median", c[i].median, "");
		ss_strbuf_printf(&b, "}%s", i + 1 < k ? "," : "");
	}
	ss_strbuf_printf(&b, "]}");
	if (b.oom) {
		ss_strbuf_free(&b);
		return NULL;
	}
	return b.p;
}
