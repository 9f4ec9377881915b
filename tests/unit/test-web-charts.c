/* test-web-charts.c: the web front's SVG charts escape every text they
 * embed, draw what they are given, and survive odd numbers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "../../cgi-bin/fmt.c"
#include "../../cgi-bin/chart_scatter.c"
#undef W
#undef H
#include "../../cgi-bin/chart_bars.c"
#undef W
#include "../../cgi-bin/chart_kcurve.c"
#include "../../cgi-bin/chart_rfm.c"

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

int main(void)
{
	struct chart_point pts[3] = { { 100, 2, 0 }, { -5, 0, 1 }, { NAN, 1, 1 } };
	struct chart_kpoint curve[3] = { { 2, 10, 0.5 }, { 3, 8, NAN }, { 4, 7, -0.2 } };
	struct chart_data d = { 0 };
	ss_strbuf o = { 0 };
	char buf[64];

	d.k = 2;
	d.names[0] = "<script>alert(1)</script>";
	d.names[1] = "A & \"B\" 'C'";
	d.count[0] = 1;
	d.count[1] = 2;
	d.total = 3;
	d.share[0] = 1.0 / 3;
	d.share[1] = 2.0 / 3;
	d.z[1][2] = NAN;
	d.points = pts;
	d.npoints = 3;
	d.curve = curve;
	d.ncurve = 3;
	d.k_chosen = 2;

	chart_scatter(&d, &o);
	chart_sizes(&d, &o);
	chart_profile(&d, &o);
	chart_kcurve(&d, &o);
	CHECK(!o.oom && o.p != NULL, "four charts drawn");
	CHECK(strstr(o.p, "<script") == NULL, "no raw script tag from a name");
	CHECK(count(o.p, "&lt;script&gt;alert(1)&lt;/script&gt;") == 3, "the name is escaped in each chart");
	CHECK(strstr(o.p, "A &amp; &quot;B&quot; &#39;C&#39;") != NULL, "& \" ' are escaped");
	CHECK(count(o.p, "<circle") >= 3, "the scatter draws its points");
	CHECK(strstr(o.p, "nan") == NULL && strstr(o.p, "inf") == NULL, "no NaN or infinity in the SVG");
	CHECK(count(o.p, "<svg") == 4 && count(o.p, "</svg>") == 4, "four whole svg elements");
	ss_strbuf_free(&o);

	d.k = 0;
	d.npoints = 0;
	d.ncurve = 0;
	chart_scatter(&d, &o);
	chart_sizes(&d, &o);
	chart_profile(&d, &o);
	CHECK(!o.oom && count(o.p, "</svg>") == 3, "empty data still draws empty charts");
	ss_strbuf_free(&o);

	/* the RFM grid and revenue share: labels and names escaped, NaN drawn as 0 */
	struct chart_grid g;
	memset(&g, 0, sizeof(g));
	for (int s = 0; s < 10; s++)
		g.labels[s] = s == 8 ? "Can't <Lose>" : "Seg";
	for (int r = 0; r < 5; r++)
		for (int c = 0; c < 5; c++)
			g.cell[r][c] = (struct chart_cell){ 8, g.labels[8], r * 5 + c };
	chart_rfm_grid(&g, &o);
	d.k = 2;
	d.revenue_share[0] = 0.25;
	d.revenue_share[1] = NAN;
	chart_revenue(&d, &o);
	CHECK(!o.oom && count(o.p, "</svg>") == 2 && count(o.p, "<rect") >= 25 + 10 + 2, "grid and revenue drawn");
	CHECK(strstr(o.p, "<Lose>") == NULL && count(o.p, "Can&#39;t &lt;Lose&gt;") == 26,
	      "grid labels escaped (25 cells and the legend)");
	CHECK(strstr(o.p, ": R 1, FM 5, 24 customers") != NULL && strstr(o.p, "25.0% of revenue") != NULL &&
	      strstr(o.p, "0.0% of revenue") != NULL && strstr(o.p, "nan") == NULL,
	      "cells labelled with customers, NaN share drawn as 0");
	CHECK(strstr(o.p, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL && strstr(o.p, "<script") == NULL,
	      "the revenue chart escapes the names");
	ss_strbuf_free(&o);

	fmt_fixed(buf, sizeof(buf), 1234567.891, 2);
	CHECK_STR(buf, "1,234,567.89", "thousands separators");
	fmt_fixed(buf, sizeof(buf), -1234.5, 1);
	CHECK_STR(buf, "-1,234.5", "negative with separators");
	fmt_fixed(buf, sizeof(buf), 2.5e98, 2);
	CHECK_STR(buf, "2.5e+98", "a huge value in exponent form, not cut digits");
	fmt_fixed(buf, sizeof(buf), NAN, 1);
	CHECK_STR(buf, "n/a", "NaN reads n/a");
	fmt_double(buf, sizeof(buf), 0.1);
	CHECK_STR(buf, "0.1", "shortest round-trip form");
	fmt_double(buf, sizeof(buf), 1.0 / 3);
	CHECK(strtod(buf, NULL) == 1.0 / 3, "round-trips exactly");
	return CHECK_DONE();
}
