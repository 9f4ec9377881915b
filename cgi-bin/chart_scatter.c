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
	ss_strbuf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	            "role=\"img\" aria-labelledby=\"scatter-title scatter-desc\">"
	            "<title id=\"scatter-title\">Monetary against Frequency, coloured by segment</title>"
	            "<desc id=\"scatter-desc\">%zu customers drawn (of %lld), both axes logarithmic; "
	            "spend below 1 is drawn at 1.</desc>", W, H, d->npoints, (long long)d->total);
	/* axes and decade ticks */
	ss_strbuf_printf(o, "<g class=\"axis\" stroke=\"#888\" fill=\"none\">"
	            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
	            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>",
	            ML, H - MB, W - MR, H - MB, ML, MT, ML, H - MB);
	for (int t = 0; t <= (int)xmax; t++) {
		double x = ML + (W - ML - MR) * t / xmax;
		ss_strbuf_printf(o, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%.0f</text>",
		            x, H - MB + 16, pow(10, t));
	}
	for (int t = 0; t <= (int)ymax; t++) {
		double y = (H - MB) - (H - MB - MT) * t / ymax;
		ss_strbuf_printf(o, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.0f</text>",
		            ML - 6, y + 4, pow(10, t));
	}
	ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">Monetary (log)</text>"
	            "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
	            "transform=\"rotate(-90 14 %d)\">Frequency (log)</text>",
	            (W + ML) / 2, H - 8, (H - MB + MT) / 2, (H - MB + MT) / 2);
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
