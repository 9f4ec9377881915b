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
