/* chart_scatter.c: Monetary x Frequency scatter on log axes, one colour per
 * segment. */
#include <math.h>
#include <stdio.h>
#include "charts.h"

static const char *const palette[] = {
	"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
	"#e6ab02", "#a6761d", "#666666", "#1f78b4", "#b2df8a",
};

const char *chart_colour(int c)
{
	return palette[(unsigned)c % (sizeof(palette) / sizeof(palette[0]))];
}

static const char *const english[CHT__MAX] = {
	"Customers per segment",                                          /* CHT_SIZES_TITLE */
	"Standardized Recency, Frequency and Monetary means per segment", /* CHT_PROFILE_TITLE */
	"Bars above the line are above the mean of all customers, in standard deviations.", /* CHT_PROFILE_DESC */
	"Silhouette score for each k tried; k = {1} was chosen",          /* CHT_KCURVE_TITLE */
	"Monetary against Frequency, coloured by segment",                /* CHT_SCATTER_TITLE */
	"{1} customers drawn (of {2}), both axes logarithmic; spend below 1 is drawn at 1.", /* CHT_SCATTER_DESC */
	"Monetary (log)",                                                 /* CHT_AXIS_MONETARY */
	"Frequency (log)",                                                /* CHT_AXIS_FREQUENCY */
	"silhouette",                                                     /* CHT_SILHOUETTE */
	"Recency",                                                        /* CHT_RECENCY */
	"Frequency",                                                      /* CHT_FREQUENCY */
	"Monetary",                                                       /* CHT_MONETARY */
};

void chart_text(const struct chart_data *d, enum chart_text t, ss_strbuf *out)
{
	sbuf_escape(out, d->text[t] != NULL ? d->text[t] : english[t]);
}

void chart_textf(const struct chart_data *d, enum chart_text t, const char *a, const char *b,
                 ss_strbuf *out)
{
	char buf[512];
	const char *args[] = { a, b, NULL };

	lang_fill(d->text[t] != NULL ? d->text[t] : english[t], args, buf, sizeof(buf));
	sbuf_escape(out, buf);
}

void chart_num(const struct chart_data *d, const char *en, ss_strbuf *out)
{
	char buf[128];

	sbuf_escape(out, lang_number(d->lang, en, buf, sizeof(buf)));
}

/* printf'd text in d's language */
static void num_printf(const struct chart_data *d, ss_strbuf *out, const char *fmt, double v)
{
	char en[64];

	snprintf(en, sizeof(en), fmt, v);
	chart_num(d, en, out);
}

#define W 640
#define H 420
#define ML 64   /* margins: room for tick labels */
#define MR 36
#define MT 16
#define MB 48

/* log10 of v, with values below 1 drawn at 1 (refunds, zero spend). */
static double lg(double v)
{
	return log10(v < 1 ? 1 : v);
}

void chart_scatter(const struct chart_data *d, ss_strbuf *o)
{
	double xmax = 1, ymax = 1;
	size_t i;

	for (i = 0; i < d->npoints; i++) {
		if (!isfinite(d->points[i].monetary) || !isfinite(d->points[i].frequency))
			continue;
		if (lg(d->points[i].monetary) > xmax) xmax = lg(d->points[i].monetary);
		if (lg(d->points[i].frequency) > ymax) ymax = lg(d->points[i].frequency);
	}
	xmax = ceil(xmax);
	ymax = ceil(ymax);
	char drawn[32], total[32], ld[64], lt[64];
	snprintf(drawn, sizeof(drawn), "%zu", d->npoints);
	snprintf(total, sizeof(total), "%lld", (long long)d->total);
	ss_strbuf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	            "role=\"img\" aria-labelledby=\"scatter-title scatter-desc\">"
	            "<title id=\"scatter-title\">", W, H);
	chart_text(d, CHT_SCATTER_TITLE, o);
	ss_strbuf_printf(o, "</title><desc id=\"scatter-desc\">");
	chart_textf(d, CHT_SCATTER_DESC, lang_number(d->lang, drawn, ld, sizeof(ld)),
	            lang_number(d->lang, total, lt, sizeof(lt)), o);
	ss_strbuf_printf(o, "</desc>");
	/* axes and decade ticks */
	ss_strbuf_printf(o, "<g class=\"axis\" stroke=\"#888\" fill=\"none\">"
	            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
	            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>",
	            ML, H - MB, W - MR, H - MB, ML, MT, ML, H - MB);
	for (int t = 0; t <= (int)xmax; t++) {
		double x = ML + (W - ML - MR) * t / xmax;
		ss_strbuf_printf(o, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
		            x, H - MB + 16);
		num_printf(d, o, "%.0f", pow(10, t));
		ss_strbuf_printf(o, "</text>");
	}
	for (int t = 0; t <= (int)ymax; t++) {
		double y = (H - MB) - (H - MB - MT) * t / ymax;
		ss_strbuf_printf(o, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">",
		            ML - 6, y + 4);
		num_printf(d, o, "%.0f", pow(10, t));
		ss_strbuf_printf(o, "</text>");
	}
	ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">",
	            (W + ML) / 2, H - 8);
	chart_text(d, CHT_AXIS_MONETARY, o);
	ss_strbuf_printf(o, "</text><text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
	            "transform=\"rotate(-90 14 %d)\">", (H - MB + MT) / 2, (H - MB + MT) / 2);
	chart_text(d, CHT_AXIS_FREQUENCY, o);
	ss_strbuf_printf(o, "</text>");
	for (i = 0; i < d->npoints; i++) {
		const struct chart_point *p = &d->points[i];
		if (!isfinite(p->monetary) || !isfinite(p->frequency))
			continue;
		double x = ML + (W - ML - MR) * lg(p->monetary) / xmax;
		double y = (H - MB) - (H - MB - MT) * lg(p->frequency) / ymax;
		ss_strbuf_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\" fill-opacity=\"0.6\"/>",
		            x, y, chart_colour(p->cluster));
	}
	/* legend */
	for (int c = 0; c < d->k; c++) {
		int y = MT + 4 + 16 * c;
		ss_strbuf_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
		            "<text x=\"%d\" y=\"%d\" font-size=\"11\">", ML + 12, y, chart_colour(c),
		            ML + 26, y + 9);
		sbuf_escape(o, d->names[c]);
		ss_strbuf_printf(o, "</text>");
	}
	ss_strbuf_printf(o, "</svg>");
}
