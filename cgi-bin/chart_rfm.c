/* chart_rfm.c: the RFM grid (Recency score x Frequency-Monetary score,
 * cells coloured by the ten named segments, labelled with their customers)
 * and revenue share by segment (horizontal bars). */
#include <math.h>
#include <stdio.h>
#include "charts.h"

#define W 640

/* One colour per RFM segment, in ss_segment order: greens for the best,
 * ambers for the ones to watch, reds for the ones slipping away. */
static const char *const seg_colour[10] = {
	"#1a7f37", /* Champions */
	"#4caf50", /* Loyal Customers */
	"#8bc34a", /* Potential Loyalist */
	"#64b5f6", /* New Customers */
	"#90caf9", /* Promising */
	"#ffd54f", /* Need Attention */
	"#ffb74d", /* About To Sleep */
	"#e57373", /* At Risk */
	"#c62828", /* Can't Lose Them */
	"#9e9e9e", /* Lost */
};

const char *chart_segment_colour(int s)
{
	return s >= 0 && s < 10 ? seg_colour[s] : "#cccccc";
}

void chart_rfm_grid(const struct chart_grid *g, ss_strbuf *o)
{
	int cell = 96, ml = 70, mt = 34, legend = 130;
	int w = ml + 5 * cell + 16 + legend, h = mt + 5 * cell + 48;

	const char *customers = g->customers ? g->customers : "customers";

	ss_strbuf_printf(o, "<svg class=\"chart\" id=\"rfm-grid\" xmlns=\"http://www.w3.org/2000/svg\" "
	                 "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"grid-title grid-desc\">"
	                 "<title id=\"grid-title\">", w, h);
	sbuf_escape(o, g->title ? g->title : "RFM grid: customers by Recency score and "
	            "Frequency-Monetary score");
	ss_strbuf_printf(o, "</title><desc id=\"grid-desc\">");
	sbuf_escape(o, g->desc ? g->desc : "Rows: Recency score, 5 (bought most recently) at the top. "
	            "Columns: the mean of the Frequency and Monetary scores, 1 to 5. Each cell is "
	            "coloured by its named segment and shows its customers.");
	ss_strbuf_printf(o, "</desc>");
	for (int r = 5; r >= 1; r--) {
		int y = mt + (5 - r) * cell;
		ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">R %d</text>",
		                 ml - 8, y + cell / 2 + 4, r);
		for (int fm = 1; fm <= 5; fm++) {
			const struct chart_cell *c = &g->cell[5 - r][fm - 1];
			int x = ml + (fm - 1) * cell;
			ss_strbuf_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
			                 "stroke=\"#fff\" stroke-width=\"2\"><title>", x, y, cell, cell,
			                 chart_segment_colour(c->segment));
			sbuf_escape(o, c->label ? c->label : "");
			ss_strbuf_printf(o, ": R %d, FM %d, %lld ", r, fm, (long long)c->count);
			sbuf_escape(o, customers);
			ss_strbuf_printf(o, "</title></rect>");
			ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"18\" font-weight=\"600\" "
			                 "text-anchor=\"middle\">%lld</text>", x + cell / 2, y + cell / 2 + 6,
			                 (long long)c->count);
		}
	}
	for (int fm = 1; fm <= 5; fm++)
		ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">FM %d</text>",
		                 ml + (fm - 1) * cell + cell / 2, mt + 5 * cell + 18, fm);
	ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">",
	                 ml + 5 * cell / 2, mt + 5 * cell + 38);
	sbuf_escape(o, g->fm_axis ? g->fm_axis : "Frequency-Monetary score (higher: buys more often, spends more)");
	ss_strbuf_printf(o, "</text><text x=\"%d\" y=\"%d\" font-size=\"12\">", 8, mt - 14);
	sbuf_escape(o, g->r_axis ? g->r_axis : "Recency score (5: most recent)");
	ss_strbuf_printf(o, "</text>");
	for (int s = 0; s < 10; s++) {
		int y = mt + 8 + s * 24, x = ml + 5 * cell + 16;
		ss_strbuf_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
		                 "<text x=\"%d\" y=\"%d\" font-size=\"11\">", x, y, chart_segment_colour(s),
		                 x + 20, y + 11);
		sbuf_escape(o, g->labels[s] ? g->labels[s] : "");
		ss_strbuf_printf(o, "</text>");
	}
	ss_strbuf_printf(o, "</svg>");
}

void chart_revenue(const struct chart_data *d, ss_strbuf *o)
{
	int row = 26, h = 16 + row * d->k, label = 220;
	double max = 0.01;

	for (int c = 0; c < d->k; c++)
		if (isfinite(d->revenue_share[c]) && d->revenue_share[c] > max)
			max = d->revenue_share[c];
	ss_strbuf_printf(o, "<svg class=\"chart\" id=\"revenue-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	                 "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"revenue-title\">"
	                 "<title id=\"revenue-title\">", W, h);
	sbuf_escape(o, d->revenue_title ? d->revenue_title : "Share of revenue per segment");
	ss_strbuf_printf(o, "</title>");
	for (int c = 0; c < d->k; c++) {
		double rs = isfinite(d->revenue_share[c]) ? d->revenue_share[c] : 0;
		double bw = rs > 0 ? (W - label - 150) * rs / max : 0;
		int y = 8 + row * c;
		ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">",
		                 label - 8, y + 13);
		sbuf_escape(o, d->names[c]);
		ss_strbuf_printf(o, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>"
		                 "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%.1f%% ",
		                 label, y, bw, chart_colour(c), label + bw + 6, y + 13, 100 * rs);
		sbuf_escape(o, d->of_revenue ? d->of_revenue : "of revenue");
		ss_strbuf_printf(o, "</text>");
	}
	ss_strbuf_printf(o, "</svg>");
}
