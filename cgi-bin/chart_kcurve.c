/* chart_kcurve.c: silhouette against k when k was chosen automatically. */
#include <math.h>
#include <stdio.h>
#include "charts.h"

#define W 640
#define H 260

void chart_kcurve(const struct chart_data *d, ss_strbuf *o)
{
	int ml = 56, mr = 16, mt = 16, mb = 40, kmin = 1 << 30, kmax = 0;
	double smin = 0, smax = 1;

	for (size_t i = 0; i < d->ncurve; i++) {
		if (d->curve[i].k < kmin) kmin = d->curve[i].k;
		if (d->curve[i].k > kmax) kmax = d->curve[i].k;
		if (isfinite(d->curve[i].silhouette) && d->curve[i].silhouette < smin)
			smin = -1;
	}
	if (kmax <= kmin)
		kmax = kmin + 1;
	ss_strbuf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	            "role=\"img\" aria-labelledby=\"kcurve-title\">"
	            "<title id=\"kcurve-title\">", W, H);
	char kc[16];
	snprintf(kc, sizeof(kc), "%d", d->k_chosen);
	chart_textf(d, CHT_KCURVE_TITLE, kc, NULL, o);
	ss_strbuf_printf(o, "</title>");
	ss_strbuf_printf(o, "<g stroke=\"#888\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
	            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>",
	            ml, H - mb, W - mr, H - mb, ml, mt, ml, H - mb);
	ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f</text>"
	            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f</text>"
	            "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">k</text>",
	            ml - 6, mt + 4, smax, ml - 6, H - mb + 4, smin, (W + ml) / 2, H - 6);
	char mid[32];
	snprintf(mid, sizeof(mid), "%.1f", (smin + smax) / 2);
	ss_strbuf_printf(o, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">",
	            ml - 6, (H - mb + mt) / 2.0 + 4);
	chart_num(d, mid, o);
	ss_strbuf_printf(o, "</text><text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
	            "transform=\"rotate(-90 14 %d)\">", (H - mb + mt) / 2, (H - mb + mt) / 2);
	chart_text(d, CHT_SILHOUETTE, o);
	ss_strbuf_printf(o, "</text>");
	ss_strbuf_printf(o, "<polyline fill=\"none\" stroke=\"#4e79a7\" stroke-width=\"2\" points=\"");
	for (size_t i = 0; i < d->ncurve; i++) {
		if (!isfinite(d->curve[i].silhouette))
			continue;
		double x = ml + (W - ml - mr) * (double)(d->curve[i].k - kmin) / (kmax - kmin);
		double y = (H - mb) - (H - mb - mt) * (d->curve[i].silhouette - smin) / (smax - smin);
		ss_strbuf_printf(o, "%.1f,%.1f ", x, y);
	}
	ss_strbuf_printf(o, "\"/>");
	for (size_t i = 0; i < d->ncurve; i++) {
		double x = ml + (W - ml - mr) * (double)(d->curve[i].k - kmin) / (kmax - kmin);
		ss_strbuf_printf(o, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>",
		            x, H - mb + 16, d->curve[i].k);
		if (!isfinite(d->curve[i].silhouette))
			continue;
		double y = (H - mb) - (H - mb - mt) * (d->curve[i].silhouette - smin) / (smax - smin);
		ss_strbuf_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"/>", x, y,
		            d->curve[i].k == d->k_chosen ? "6" : "3.5",
		            d->curve[i].k == d->k_chosen ? "#e15759" : "#4e79a7");
	}
	ss_strbuf_printf(o, "</svg>");
}
