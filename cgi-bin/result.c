/* result.c: the result page's findings sentence, RFM segment table and
 * grid, and its data quality and parameters in plain words. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang.h"
#include "render.h"
#include "result.h"

static double num(const bson_t *doc, const char *key, double def)
{
	bson_iter_t it;

	if (bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_NUMBER(&it))
		return bson_iter_as_double(&it);
	return def;
}

static const char *str(const bson_t *doc, const char *key, const char *def)
{
	bson_iter_t it;

	if (bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_UTF8(&it))
		return bson_iter_utf8(&it, NULL);
	return def;
}

/* Entry i of array key of doc, viewed as item; false when absent. */
static bool entry(const bson_t *doc, const char *key, int i, bson_t *item)
{
	bson_iter_t it, arr;
	char idx[16];

	snprintf(idx, sizeof(idx), "%d", i);
	if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_ARRAY(&it) ||
	    !bson_iter_recurse(&it, &arr) || !bson_iter_find(&arr, idx) ||
	    !BSON_ITER_HOLDS_DOCUMENT(&arr))
		return false;
	const uint8_t *data;
	uint32_t len;
	bson_iter_document(&arr, &len, &data);
	return bson_init_static(item, data, len);
}

static void pct(char *buf, size_t size, double share)
{
	if (isfinite(share))
		snprintf(buf, size, "%.1f%%", 100 * share);
	else
		snprintf(buf, size, "%s", "n/a");
}

/* The mean Recency of all customers, formatted. */
static void read_base_recency(const bson_t *head, char *buf, size_t size)
{
	bson_iter_t it, g;

	buf[0] = '\0';
	if (bson_iter_init_find(&it, head, "global_means") && BSON_ITER_HOLDS_DOCUMENT(&it) &&
	    bson_iter_recurse(&it, &g) && bson_iter_find(&g, "Recency") && BSON_ITER_HOLDS_NUMBER(&g))
		fmt_fixed(buf, size, bson_iter_as_double(&g), 0);
}

void result_findings(HDF *hdf, const struct req *r, const bson_t *head, const char *const *names, int k)
{
	bson_iter_t it;
	bson_t fb, big, rich, risk;
	char text[2048], part[1024], n1[32], n2[32], n3[32], n4[32], l1[32], l2[32], l3[32], l4[32];

	if (!bson_iter_init_find(&it, head, "findings") || !BSON_ITER_HOLDS_DOCUMENT(&it))
		return;
	const uint8_t *data;
	uint32_t dlen;
	bson_iter_document(&it, &dlen, &data);
	if (!bson_init_static(&fb, data, dlen))
		return;
	int nseg = (int)num(&fb, "segments", k);
	int ib = (int)num(&fb, "largest_by_customers", -1);
	int ir = (int)num(&fb, "largest_by_revenue", -1);
	int ik = (int)num(&fb, "at_risk", -1);
	if (ib < 0 || ib >= k || ir < 0 || ir >= k || !entry(head, "summary", ib, &big) ||
	    !entry(head, "summary", ir, &rich))
		return;
	snprintf(n1, sizeof(n1), "%d", nseg);
	TRF(r, text, "result.find.intro", n1);
	fmt_fixed(n1, sizeof(n1), num(&big, "Count", 0), 0);
	pct(n2, sizeof(n2), num(&big, "Share", NAN));
	pct(n3, sizeof(n3), num(&rich, "RevenueShare", NAN));
	pct(n4, sizeof(n4), num(&rich, "Share", NAN));
	LNUM(r, l1, n1);
	LNUM(r, l2, n2);
	LNUM(r, l3, n3);
	LNUM(r, l4, n4);
	if (ib == ir)
		TRF(r, part, "result.find.same", names[ib], l1, l2, l3);
	else
		TRF(r, part, "result.find.two", names[ib], l1, l2, names[ir], l3, l4);
	strncat(text, " ", sizeof(text) - strlen(text) - 1);
	strncat(text, part, sizeof(text) - strlen(text) - 1);
	if (ik >= 0 && ik < k && entry(head, "summary", ik, &risk)) {
		fmt_fixed(n1, sizeof(n1), num(&risk, "Count", 0), 0);
		fmt_fixed(n2, sizeof(n2), num(&risk, "Recency", NAN), 0);
		read_base_recency(head, n3, sizeof(n3));
		pct(n4, sizeof(n4), num(&risk, "RevenueShare", NAN));
		LNUM(r, l1, n1);
		LNUM(r, l2, n2);
		LNUM(r, l3, n3);
		LNUM(r, l4, n4);
		TRF(r, part, "result.find.risk", names[ik], l1, l2, l3, l4);
	} else {
		snprintf(part, sizeof(part), "%s", tr(r, "result.find.norisk"));
	}
	strncat(text, " ", sizeof(text) - strlen(text) - 1);
	strncat(text, part, sizeof(text) - strlen(text) - 1);
	hset_str(hdf, "findings.text", text);
}

int result_rfm(HDF *hdf, const bson_t *head, struct chart_grid *g)
{
	static const char *const mean[3] = { "Recency", "Frequency", "Monetary" };
	char nb[HNAME_MAX], buf[64];
	bson_t item;
	int cells = 0;

	memset(g, 0, sizeof(*g));
	for (int s = 0; s < 10 && entry(head, "rfm_segments", s, &item); s++) {
		const char *label = str(&item, "label", str(&item, "segment", ""));
		g->labels[s] = label;
		hset_str(hdf, hname(nb, "rfm.%d.label", s), label);
		hset_str(hdf, hname(nb, "rfm.%d.action", s), str(&item, "action", ""));
		hset_str(hdf, hname(nb, "rfm.%d.colour", s), chart_segment_colour(s));
		fmt_fixed(buf, sizeof(buf), num(&item, "count", 0), 0);
		hset_str(hdf, hname(nb, "rfm.%d.count", s), buf);
		pct(buf, sizeof(buf), num(&item, "share", NAN));
		hset_str(hdf, hname(nb, "rfm.%d.share", s), buf);
		fmt_fixed(buf, sizeof(buf), num(&item, "Orders", NAN), 0);
		hset_str(hdf, hname(nb, "rfm.%d.orders", s), buf);
		fmt_fixed(buf, sizeof(buf), num(&item, "Revenue", NAN), 2);
		hset_str(hdf, hname(nb, "rfm.%d.revenue", s), buf);
		pct(buf, sizeof(buf), num(&item, "RevenueShare", NAN));
		hset_str(hdf, hname(nb, "rfm.%d.revenue_share", s), buf);
		fmt_fixed(buf, sizeof(buf), num(&item, "AOV", NAN), 2);
		hset_str(hdf, hname(nb, "rfm.%d.aov", s), buf);
		for (int f = 0; f < 3; f++) {
			fmt_fixed(buf, sizeof(buf), num(&item, mean[f], NAN), f == 2 ? 2 : 1);
			hset_str(hdf, hname(nb, "rfm.%d.%s", s, mean[f]), buf);
		}
	}
	for (int i = 0; i < 25 && entry(head, "rfm_grid", i, &item); i++) {
		int r = (int)num(&item, "R", 0), fm = (int)num(&item, "FM", 0);
		int seg = (int)num(&item, "segment_index", -1);
		if (r < 1 || r > 5 || fm < 1 || fm > 5 || seg < 0 || seg > 9)
			continue;
		struct chart_cell *c = &g->cell[5 - r][fm - 1];
		c->segment = seg;
		c->label = g->labels[seg] ? g->labels[seg] : "";
		c->count = (int64_t)num(&item, "count", 0);
		cells++;
	}
	return cells;
}

/* The catalogue's words for a document key (result.q.KEY), or the key
 * made readable ("rows_dropped" -> "Rows dropped") for a newer one. */
static void readable(const struct req *r, char *out, size_t size, const char *prefix, const char *key)
{
	char full[160];
	size_t i;

	snprintf(full, sizeof(full), "%s%s", prefix, key);
	const char *t = r != NULL && prefix[0] ? tr(r, full) : full;
	if (strcmp(t, full) != 0) {
		snprintf(out, size, "%s", t);
		return;
	}
	for (i = 0; key[i] != '\0' && i + 1 < size; i++)
		out[i] = key[i] == '_' ? ' ' : key[i];
	out[i] = '\0';
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

void result_quality(HDF *hdf, const struct req *r)
{
	char nb[HNAME_MAX], lab[256];
	int n = 0;

	for (HDF *c = hdf_obj_child(hdf_get_obj(hdf, "doc.data_quality")); c != NULL;
	     c = hdf_obj_next(c), n++) {
		readable(r, lab, sizeof(lab), "result.q.", hdf_obj_name(c));
		hset_str(hdf, hname(nb, "quality.%d.label", n), lab);
		hset_str(hdf, hname(nb, "quality.%d.value", n), hdf_obj_value(c) ? hdf_obj_value(c) : "");
		int m = 0;
		for (HDF *g = hdf_obj_child(c); g != NULL; g = hdf_obj_next(g), m++) {
			readable(r, lab, sizeof(lab), "result.q.", hdf_obj_name(g));
			hset_str(hdf, hname(nb, "quality.%d.items.%d.label", n, m), lab);
			hset_str(hdf, hname(nb, "quality.%d.items.%d.value", n, m),
			         hdf_obj_value(g) ? hdf_obj_value(g) : "");
		}
	}
}

static int param_row(HDF *hdf, int n, const char *label, const char *value)
{
	char nb[HNAME_MAX];

	hset_str(hdf, hname(nb, "params.%d.label", n), label);
	hset_str(hdf, hname(nb, "params.%d.value", n), value);
	return n + 1;
}

void result_parameters(HDF *hdf, const struct req *r)
{
	static const char *const known[] = { "k_requested", "k", "transform", "seed", "lang",
		"delimiter_requested", "n_init", "max_iter", "tol", "returns", "nonpositive", "cap", "bins" };
	char v[512], l1[64], l2[64], l3[64];
	int n = 0;
#define P(key) hdf_get_value(hdf, "doc.parameters." key, "")
	TRF(r, v, strcmp(P("k_requested"), "auto") == 0 ? "result.p.k_auto" : "result.p.k_asked", P("k"));
	n = param_row(hdf, n, tr(r, "result.p.k"), v);
	LNUM(r, l1, P("n_init"));
	LNUM(r, l2, P("max_iter"));
	LNUM(r, l3, P("tol"));
	TRF(r, v, "result.p.clustering_text", l1, l2, l3);
	n = param_row(hdf, n, tr(r, "result.p.clustering"), v);
	n = param_row(hdf, n, tr(r, "result.p.scaling"), tr(r, strcmp(P("transform"), "log") == 0
	              ? "result.p.scaling_log" : "result.p.scaling_none"));
	TRF(r, v, "result.p.seed_text", P("seed"));
	n = param_row(hdf, n, tr(r, "result.p.seed"), v);
	n = param_row(hdf, n, tr(r, "result.p.lang"),
	              tr(r, strcmp(P("lang"), "fr") == 0 ? "result.p.lang_fr" : "result.p.lang_en"));
	n = param_row(hdf, n, tr(r, "result.p.sep"), strcmp(P("delimiter_requested"), "auto") == 0
	              ? tr(r, "result.p.sep_auto") : P("delimiter_requested"));
	if (P("returns")[0])
		n = param_row(hdf, n, tr(r, "result.p.returns"), tr(r, strcmp(P("returns"), "exclude") == 0
		              ? "result.p.returns_exclude" : "result.p.returns_net"));
	if (P("nonpositive")[0])
		n = param_row(hdf, n, tr(r, "result.p.aside"), tr(r, strcmp(P("nonpositive"), "aside") == 0
		              ? "result.p.aside_aside" : "result.p.aside_keep"));
	if (hdf_get_obj(hdf, "doc.parameters.cap") != NULL) {
		if (P("cap")[0] && strcmp(P("cap"), "null") != 0) {
			LNUM(r, l1, P("cap"));
			TRF(r, v, "result.p.cap_on", l1);
		} else {
			snprintf(v, sizeof(v), "%s", tr(r, "result.p.cap_off"));
		}
		n = param_row(hdf, n, tr(r, "result.p.cap"), v);
	}
	if (P("bins")[0])
		n = param_row(hdf, n, tr(r, "result.p.bins"), P("bins"));
	/* anything newer, as it is */
	for (HDF *c = hdf_obj_child(hdf_get_obj(hdf, "doc.parameters")); c != NULL; c = hdf_obj_next(c)) {
		size_t i;
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strcmp(known[i], hdf_obj_name(c)) == 0)
				break;
		if (i < sizeof(known) / sizeof(known[0]))
			continue;
		char lab[128];
		readable(NULL, lab, sizeof(lab), "", hdf_obj_name(c));
		n = param_row(hdf, n, lab, hdf_obj_value(c) ? hdf_obj_value(c) : "");
	}
#undef P
}
