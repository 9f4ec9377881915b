/* chart_bars.c: segment sizes (horizontal bars) and each segment's
 * standardized R/F/M profile (bars around zero). */
#include <math.h>
#include <stdio.h>
#include "charts.h"

#define W 640

void chart_sizes(const struct chart_data *d, ss_strbuf *o)
{
	int row = 26, h = 16 + row * d->k, label = 200;
	int64_t max = 1;

	for (int c = 0; c < d->k; c++)
		if (d->count[c] > max)
			max = d->count[c];
	ss_strbuf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	            "role=\"img\" aria-labelledby=\"sizes-title\">"
	            "<title id=\"sizes-title\">", W, h);
	chart_text(d, CHT_SIZES_TITLE, o);
	ss_strbuf_printf(o, "</title>");
	for (int c = 0; c < d->k; c++) {
		double share = 100.0 * d->share[c];
		double bw = (W - label - 120) * (double)d->count[c] / (double)max;
		int y = 8 + row * c;
		ss_strbuf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">",
		            label - 8, y + 13);
		sbuf_escape(o, d->names[c]);
		char en[64];
		snprintf(en, sizeof(en), "%lld (%.1f%%)", (long long)d->count[c], share);
		ss_strbuf_printf(o, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>"
		            "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">",
		            label, y, bw, chart_colour(c), label + bw + 6, y + 13);
		chart_num(d, en, o);
		ss_strbuf_printf(o, "</text>");
	}
	ss_strbuf_printf(o, "</svg>");
}

static const char *const feature_colour[3] = { "#4e79a7", "#f28e2b", "#59a14f" };
static const enum chart_text feature_name[3] = { CHT_RECENCY, CHT_FREQUENCY, CHT_MONETARY };

void chart_profile(const struct chart_data *d, ss_strbuf *o)
{
	int h = 300, mt = 24, mb = 60, ml = 48, group;
	double zmax = 1;

	for (int c = 0; c < d->k; c++)
		for (int f = 0; f < 3; f++)
			if (isfinite(d->z[c][f]) && fabs(d->z[c][f]) > zmax)
				zmax = fabs(d->z[c][f]);
	zmax = ceil(zmax);
	group = d->k > 0 ? (W - ml - 16) / d->k : 1;
	double y0 = mt + (h - mt - mb) / 2.0, scale = (h - mt - mb) / (2 * zmax);
	ss_strbuf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	            "role=\"img\" aria-labelledby=\"profile-title profile-desc\">"
	            "<title id=\"profile-title\">", W, h);
	chart_text(d, CHT_PROFILE_TITLE, o);
	ss_strbuf_printf(o, "</title><desc id=\"profile-desc\">");
	chart_text(d, CHT_PROFILE_DESC, o);
	ss_strbuf_printf(o, "</desc>");
	ss_strbuf_printf(o, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>",
	            ml, y0, W - 16, y0);
	ss_strbuf_printf(o, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">+%.0f</text>"
	            "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">0</text>"
	            "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">-%.0f</text>",
	            ml - 6, (double)mt + 4, zmax, ml - 6, y0 + 4, ml - 6, (double)(h - mb) + 4, zmax);
	for (int c = 0; c < d->k; c++) {
		double gx = ml + group * c, bw = group / 4.0;
		for (int f = 0; f < 3; f++) {
			double z = isfinite(d->z[c][f]) ? d->z[c][f] : 0;
			double bh = fabs(z) * scale;
			ss_strbuf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
			            gx + bw * (f + 0.5), z >= 0 ? y0 - bh : y0, bw * 0.9, bh, feature_colour[f]);
		}
		ss_strbuf_printf(o, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
		            gx + group / 2.0, h - mb + 16);
		sbuf_escape(o, d->names[c]);
		ss_strbuf_printf(o, "</text>");
	}
	for (int f = 0; f < 3; f++) {
		ss_strbuf_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
		            "<text x=\"%d\" y=\"%d\" font-size=\"11\">",
		            ml + 110 * f, h - 22, feature_colour[f], ml + 110 * f + 14, h - 13);
		chart_text(d, feature_name[f], o);
		ss_strbuf_printf(o, "</text>");
	}
	ss_strbuf_printf(o, "</svg>");
}
