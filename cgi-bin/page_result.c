/* page_result.c: GET /analyses/{id}: summary, metrics, one card per
 * segment and the SVG charts, from the stored document. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "charts.h"
#include "handlers.h"
#include "lang.h"
#include "persona/llm.h"
#include "render.h"
#include "result.h"

/* Per-segment numbers read from the document's summary. */
struct seg {
	int64_t count;
	double share;             /* 0..1 */
	double mean[3];
	double z[3];              /* Standardized: z-scores of the means */
	double vs[3];             /* Vs_Global: fraction above the global mean */
	double orders, revenue, rshare, aov;  /* Orders, Revenue, RevenueShare, AOV */
	double median[3];         /* RecencyMedian... */
	double ratio[3], ratio_med[3], ratio_aov; /* Ratio_To_Base */
	char note[700];           /* Persona_Note */
	char name[256];
	char description[1700];
	char action[1300];
	char source[16];
	int64_t seen;             /* rows met so far while sampling */
	int64_t quota;            /* rows to draw */
};

/* One pass over the stored customers: the scatter's sample. */
struct pass {
	struct seg *segs;
	int k;
	int64_t n;
	struct chart_point *points;
	size_t npoints;
};

static const char *const rfm_keys[3] = { "Recency", "Frequency", "Monetary" };

static double num(const bson_t *doc, const char *key, double def)
{
	bson_iter_t it;

	if (bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_NUMBER(&it))
		return bson_iter_as_double(&it);
	return def;
}

/* A stored number as an integer in [lo, hi]; def when it is missing, NaN
 * or outside (a corrupt record must not overflow anything). */
static int64_t num_in(const bson_t *doc, const char *key, int64_t def, int64_t lo, int64_t hi)
{
	double v = num(doc, key, NAN);

	return v >= (double)lo && v <= (double)hi ? (int64_t)v : def;
}

/* Draws row j of its cluster when the even spread of quota over count
 * steps past it: deterministic, quota rows per cluster exactly. */
static int row_cb(void *ctx, const bson_t *row)
{
	struct pass *p = ctx;
	double v[3];
	int c;

	for (int f = 0; f < 3; f++) {
		v[f] = num(row, rfm_keys[f], NAN);
		if (!isfinite(v[f]))
			return 0;
	}
	p->n++;
	c = (int)num_in(row, "Cluster", -1, 0, INT_MAX);
	if (c < 0 || c >= p->k)
		return 0;
	struct seg *s = &p->segs[c];
	int64_t j = s->seen++;
	if (s->count > 0 && j < s->count && (j + 1) * s->quota / s->count > j * s->quota / s->count &&
	    p->npoints < CHART_MAX_POINTS) {
		p->points[p->npoints].monetary = v[2];
		p->points[p->npoints].frequency = v[1];
		p->points[p->npoints].cluster = c;
		p->npoints++;
	}
	return 0;
}

static const char *silhouette_reading(const struct req *r, double s)
{
	if (!isfinite(s))
		return tr(r, "reading.undefined");
	if (s >= 0.7)
		return tr(r, "reading.strong");
	if (s >= 0.5)
		return tr(r, "reading.reasonable");
	if (s >= 0.25)
		return tr(r, "reading.weak");
	return tr(r, "reading.none");
}

/* "12% above the mean" from the document's fraction above the global mean. */
static void versus(const struct req *r, char *buf, size_t size, double rel)
{
	char pct_s[32], loc[64];

	if (!isfinite(rel)) {
		snprintf(buf, size, "%s", "");
		return;
	}
	double pct = 100.0 * rel;
	snprintf(pct_s, sizeof(pct_s), "%.0f%%", fabs(pct));
	LNUM(r, loc, pct_s);
	if (fabs(pct) < 0.5)
		snprintf(buf, size, "%s", tr(r, "vs.about"));
	else
		trf(r, buf, size, pct > 0 ? "vs.above" : "vs.below", (const char *const[]){ loc, NULL });
}

/* The persona source line of the document's ai block. */
static void ai_source(const struct req *r, HDF *hdf, const char *seg_source, char *out, size_t size)
{
	const char *src = hdf_get_value(hdf, "doc.ai.source", "rules");
	const char *model = hdf_get_value(hdf, "doc.ai.model", "");
	const char *why = hdf_get_value(hdf, "doc.ai.error", "");
	char label[160];

	if (seg_source[0] != '\0')
		src = seg_source;
	if (strcmp(src, "gemini") == 0) {
		/* documents stored before the model was recorded were 2.5 Flash */
		ss_llm_model_label(src, model[0] ? model : "gemini-2.5-flash", label, sizeof(label));
		trf(r, out, size, "source.model", (const char *const[]){ label, NULL });
	} else if (strcmp(src, "openai") == 0) {
		trf(r, out, size, "source.openai",
		    (const char *const[]){ model[0] ? model : tr(r, "source.a_model"), NULL });
	} else {
		trf(r, out, size, "source.rules",
		    (const char *const[]){ why[0] ? why : tr(r, "source.no_key"), NULL });
	}
}

/* The Recency, Frequency and Monetary of the sub-document key of doc. */
static void read_rfm(const bson_t *doc, const char *key, double out[3], double def)
{
	bson_iter_t it, sub;

	for (int f = 0; f < 3; f++)
		out[f] = def;
	if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_DOCUMENT(&it) ||
	    !bson_iter_recurse(&it, &sub))
		return;
	while (bson_iter_next(&sub))
		for (int f = 0; f < 3; f++)
			if (strcmp(bson_iter_key(&sub), rfm_keys[f]) == 0 && BSON_ITER_HOLDS_NUMBER(&sub))
				out[f] = bson_iter_as_double(&sub);
}

/* Steps arr to its next element that is a document, viewed as item. */
static bool next_item(bson_iter_t *arr, bson_t *item)
{
	while (bson_iter_next(arr)) {
		const uint8_t *data;
		uint32_t len;
		if (!BSON_ITER_HOLDS_DOCUMENT(arr))
			continue;
		bson_iter_document(arr, &len, &data);
		if (bson_init_static(item, data, len))
			return true;
	}
	return false;
}

static const char *const med_keys[3] = { "RecencyMedian", "FrequencyMedian", "MonetaryMedian" };

/* The KPIs of a summary or rfm_segments entry (NaN where missing: a
 * document saved before they existed). */
static void read_kpis(const bson_t *item, double *orders, double *revenue, double *rshare,
                      double *aov, double median[3], double ratio[3], double ratio_med[3],
                      double *ratio_aov)
{
	bson_iter_t it, sub;

	*orders = num(item, "Orders", NAN);
	*revenue = num(item, "Revenue", NAN);
	*rshare = num(item, "RevenueShare", NAN);
	*aov = num(item, "AOV", NAN);
	for (int f = 0; f < 3; f++) {
		median[f] = num(item, med_keys[f], NAN);
		ratio[f] = ratio_med[f] = NAN;
	}
	*ratio_aov = NAN;
	if (!bson_iter_init_find(&it, item, "Ratio_To_Base") || !BSON_ITER_HOLDS_DOCUMENT(&it) ||
	    !bson_iter_recurse(&it, &sub))
		return;
	while (bson_iter_next(&sub)) {
		const char *key = bson_iter_key(&sub);
		double v = BSON_ITER_HOLDS_NUMBER(&sub) ? bson_iter_as_double(&sub) : NAN;
		for (int f = 0; f < 3; f++) {
			if (strcmp(key, rfm_keys[f]) == 0)
				ratio[f] = v;
			if (strcmp(key, med_keys[f]) == 0)
				ratio_med[f] = v;
		}
		if (strcmp(key, "AOV") == 0)
			*ratio_aov = v;
	}
}

/* "1.8x" ("" when undefined). */
static void ratio_text(char *buf, size_t size, double ratio)
{
	if (isfinite(ratio))
		snprintf(buf, size, "%.*fx", fabs(ratio) < 10 ? 1 : 0, ratio);
	else
		snprintf(buf, size, "%s", "");
}

/* The KPIs of card c, formatted: seg.C.orders, revenue, revenue_share,
 * aov, aov_x (against all customers), and per feature the median and the
 * ratios of the mean and the median (seg.C.Recency_x, Recency_med...). */
static void card_kpis(HDF *hdf, int c, const struct seg *s)
{
	char nb[HNAME_MAX], buf[64];

	fmt_fixed(buf, sizeof(buf), s->orders, 0);
	hset_str(hdf, hname(nb, "seg.%d.orders", c), buf);
	fmt_fixed(buf, sizeof(buf), s->revenue, 2);
	hset_str(hdf, hname(nb, "seg.%d.revenue", c), buf);
	if (isfinite(s->rshare))
		snprintf(buf, sizeof(buf), "%.1f%%", 100 * s->rshare);
	else
		buf[0] = '\0';
	hset_str(hdf, hname(nb, "seg.%d.revenue_share", c), buf);
	fmt_fixed(buf, sizeof(buf), s->aov, 2);
	hset_str(hdf, hname(nb, "seg.%d.aov", c), buf);
	ratio_text(buf, sizeof(buf), s->ratio_aov);
	hset_str(hdf, hname(nb, "seg.%d.aov_x", c), buf);
	for (int f = 0; f < 3; f++) {
		fmt_fixed(buf, sizeof(buf), s->median[f], f == 2 ? 2 : 1);
		hset_str(hdf, hname(nb, "seg.%d.%s_med", c, rfm_keys[f]), buf);
		ratio_text(buf, sizeof(buf), s->ratio[f]);
		hset_str(hdf, hname(nb, "seg.%d.%s_x", c, rfm_keys[f]), buf);
		ratio_text(buf, sizeof(buf), s->ratio_med[f]);
		hset_str(hdf, hname(nb, "seg.%d.%s_medx", c, rfm_keys[f]), buf);
	}
	hset_str(hdf, hname(nb, "seg.%d.note", c), s->note);
}

static void read_summary(const bson_t *head, struct seg *segs, int *k)
{
	bson_iter_t it, arr;

	*k = 0;
	if (!bson_iter_init_find(&it, head, "summary") || !BSON_ITER_HOLDS_ARRAY(&it) ||
	    !bson_iter_recurse(&it, &arr))
		return;
	bson_t item;
	while (*k < CHART_MAX_K && next_item(&arr, &item)) {
		bson_iter_t f;
		struct seg *s = &segs[*k];
		s->count = num_in(&item, "Count", 0, 0, INT64_C(1) << 53);
		s->share = num(&item, "Share", 0);
		for (int i = 0; i < 3; i++)
			s->mean[i] = num(&item, rfm_keys[i], NAN);
		read_rfm(&item, "Standardized", s->z, 0);
		read_rfm(&item, "Vs_Global", s->vs, NAN);
		read_kpis(&item, &s->orders, &s->revenue, &s->rshare, &s->aov, s->median, s->ratio,
		          s->ratio_med, &s->ratio_aov);
		if (bson_iter_init_find(&f, &item, "Persona_Note") && BSON_ITER_HOLDS_UTF8(&f))
			snprintf(s->note, sizeof(s->note), "%s", bson_iter_utf8(&f, NULL));
		if (bson_iter_init_find(&f, &item, "AI_Marketing_Name") && BSON_ITER_HOLDS_UTF8(&f))
			snprintf(s->name, sizeof(s->name), "%s", bson_iter_utf8(&f, NULL));
		else
			snprintf(s->name, sizeof(s->name), "Segment %d", *k);
		if (bson_iter_init_find(&f, &item, "AI_Description") && BSON_ITER_HOLDS_UTF8(&f))
			snprintf(s->description, sizeof(s->description), "%s", bson_iter_utf8(&f, NULL));
		if (bson_iter_init_find(&f, &item, "AI_Action") && BSON_ITER_HOLDS_UTF8(&f))
			snprintf(s->action, sizeof(s->action), "%s", bson_iter_utf8(&f, NULL));
		if (bson_iter_init_find(&f, &item, "Persona_Source") && BSON_ITER_HOLDS_UTF8(&f))
			snprintf(s->source, sizeof(s->source), "%s", bson_iter_utf8(&f, NULL));
		(*k)++;
	}
}

static void read_curve(const struct req *r, const bson_t *head, struct chart_data *d, HDF *hdf)
{
	char nb[HNAME_MAX];
	struct chart_kpoint *curve = d->curve;
	char v[64];
	bson_iter_t it, arr;

	d->ncurve = 0;
	if (!bson_iter_init_find(&it, head, "k_curve") || !BSON_ITER_HOLDS_ARRAY(&it) ||
	    !bson_iter_recurse(&it, &arr))
		return;
	bson_t item;
	while (d->ncurve < 64 && next_item(&arr, &item)) {
		struct chart_kpoint *p = &curve[d->ncurve];
		p->k = (int)num_in(&item, "k", 0, 0, 1000);
		p->inertia = num(&item, "inertia", NAN);
		p->silhouette = num(&item, "silhouette", num(&item, "silhouette_score", NAN));
		snprintf(v, sizeof(v), "%d", p->k);
		hset_str(hdf, hname(nb, "kcurve.%zu.k", d->ncurve), v);
		fmt_fixed(v, sizeof(v), p->inertia, 2);
		hset_str(hdf, hname(nb, "kcurve.%zu.inertia", d->ncurve), v);
		if (isfinite(p->silhouette))
			snprintf(v, sizeof(v), "%.4f", p->silhouette);
		else
			snprintf(v, sizeof(v), "%s", tr(r, "result.undefined"));
		hset_str(hdf, hname(nb, "kcurve.%zu.silhouette", d->ncurve), v);
		double small = num(&item, "smallest_share", NAN);
		if (isfinite(small))
			snprintf(v, sizeof(v), "%.2f%%", 100 * small);
		else
			snprintf(v, sizeof(v), "%s", "");
		hset_str(hdf, hname(nb, "kcurve.%zu.smallest", d->ncurve), v);
		bson_iter_t f;
		if (bson_iter_init_find(&f, &item, "chosen") && BSON_ITER_HOLDS_BOOL(&f) && bson_iter_bool(&f))
			hset_str(hdf, hname(nb, "kcurve.%zu.chosen", d->ncurve), "1");
		d->ncurve++;
	}
}

/* GET /analyses/{id}: 200, 404, 503. */
/* The latest analyses older than this one, for the "compare with an
 * earlier analysis" form; nothing when the list cannot be read. */
static void others(HDF *hdf, ss_store *store, const char *id, const bson_t *head)
{
	bson_t list = BSON_INITIALIZER;
	bson_iter_t it, arr, f;
	int64_t mine = INT64_MAX;
	int n = 0;

	if (bson_iter_init_find(&it, head, "created_at") && BSON_ITER_HOLDS_DATE_TIME(&it))
		mine = bson_iter_date_time(&it);
	if (ss_store_list(store, 50, 0, &list, NULL) == 0 && bson_iter_init(&arr, &list)) {
		while (bson_iter_next(&arr) && n < 20) {
			bson_t item;
			const uint8_t *data;
			uint32_t len;
			char hex[25] = "", key[32];
			if (!BSON_ITER_HOLDS_DOCUMENT(&arr))
				continue;
			bson_iter_document(&arr, &len, &data);
			if (!bson_init_static(&item, data, len))
				continue;
			if (bson_iter_init_find(&f, &item, "_id") && BSON_ITER_HOLDS_OID(&f))
				bson_oid_to_string(bson_iter_oid(&f), hex);
			if (strcasecmp(hex, id) == 0 || (bson_iter_init_find(&f, &item, "created_at") &&
			                                 BSON_ITER_HOLDS_DATE_TIME(&f) && bson_iter_date_time(&f) > mine))
				continue;
			snprintf(key, sizeof(key), "others.%d", n++);
			hdf_from_bson(hdf, key, &item);
		}
	}
	bson_destroy(&list);
}

void page_analysis(struct app *app, struct req *r)
{
	char nb[HNAME_MAX];
	ss_error err = { 0 };
	struct seg segs[CHART_MAX_K];
	struct chart_data d;
	struct pass p;
	ss_strbuf svg = { 0 };
	struct chart_kpoint curve[64];
	char buf[256];
	bson_t head;
	HDF *hdf = NULL;
	int k;

	memset(segs, 0, sizeof(segs));
	memset(&d, 0, sizeof(d));
	memset(&p, 0, sizeof(p));
	bson_init(&head);
	if (page_load_head(app, r, &head) != 0)
		goto out;
	if ((hdf = render_hdf_doc(app, r, "doc", &head)) == NULL)
		goto out;
	if ((p.points = calloc(CHART_MAX_POINTS, sizeof(*p.points))) == NULL) {
		page_error(app, r, 500, "out of memory");
		goto out;
	}
	result_quality(hdf, r);
	result_parameters(hdf, r);
	read_summary(&head, segs, &k);

	/* sample quotas: every segment drawn, at most CHART_MAX_POINTS */
	int64_t total = 0;
	for (int c = 0; c < k; c++)
		total += segs[c].count;
	for (int c = 0; c < k; c++) {
		int64_t q = total > 0 ? 1 + (int64_t)((double)(CHART_MAX_POINTS - k) *
		                                      (double)segs[c].count / (double)total) : 0;
		segs[c].quota = q < segs[c].count ? q : segs[c].count;
	}
	p.segs = segs;
	p.k = k;
	if (ss_store_each_customer(app->store, r->id, row_cb, &p, &err) != 0) {
		page_error(app, r, http_status(err.code),
		           err.msg[0] ? err.msg : "reading the customers failed");
		goto out;
	}

	double gmean[3];
	read_rfm(&head, "global_means", gmean, NAN);
	for (int f = 0; f < 3; f++) {
		fmt_fixed(buf, sizeof(buf), gmean[f], 2);
		hset_str(hdf, hname(nb, "global.%s", rfm_keys[f]), buf);
	}

	/* the charts' words in the page's language */
	static const char *const chart_keys[CHT__MAX] = {
		"chart.sizes_title", "chart.profile_title", "chart.profile_desc", "chart.kcurve_title",
		"chart.scatter_title", "chart.scatter_desc", "chart.axis_monetary", "chart.axis_frequency",
		"chart.silhouette", "rfm.recency", "rfm.frequency", "rfm.monetary",
	};
	d.lang = r->lang;
	for (int t = 0; t < CHT__MAX; t++)
		d.text[t] = tr(r, chart_keys[t]);

	/* one card per segment */
	d.k = k;
	d.total = total;
	for (int c = 0; c < k; c++) {
		struct seg *s = &segs[c];
		d.names[c] = s->name;
		d.count[c] = s->count;
		d.share[c] = s->share;
		d.revenue_share[c] = s->rshare;
		card_kpis(hdf, c, s);
		snprintf(buf, sizeof(buf), "%d", c);
		hset_str(hdf, hname(nb, "seg.%d.cluster", c), buf);
		hset_str(hdf, hname(nb, "seg.%d.name", c), s->name);
		hset_str(hdf, hname(nb, "seg.%d.description", c), s->description);
		hset_str(hdf, hname(nb, "seg.%d.action", c), s->action);
		snprintf(buf, sizeof(buf), "%lld", (long long)s->count);
		hset_str(hdf, hname(nb, "seg.%d.count", c), buf);
		snprintf(buf, sizeof(buf), "%.1f%%", 100.0 * s->share);
		hset_str(hdf, hname(nb, "seg.%d.share", c), buf);
		hset_str(hdf, hname(nb, "seg.%d.colour", c), chart_colour(c));
		for (int f = 0; f < 3; f++) {
			fmt_fixed(buf, sizeof(buf), s->mean[f], f == 2 ? 2 : 1);
			hset_str(hdf, hname(nb, "seg.%d.%s", c, rfm_keys[f]), buf);
			versus(r, buf, sizeof(buf), s->vs[f]);
			hset_str(hdf, hname(nb, "seg.%d.%s_vs", c, rfm_keys[f]), buf);
			d.z[c][f] = s->z[f];
			snprintf(buf, sizeof(buf), "%+.2f", d.z[c][f]);
			hset_str(hdf, hname(nb, "seg.%d.z%s", c, rfm_keys[f]), buf);
		}
		/* room for the whole reason (ai.error holds up to 511 bytes) */
		char line[768];
		ai_source(r, hdf, s->source, line, sizeof(line));
		hset_str(hdf, hname(nb, "seg.%d.source", c), line);
	}

	/* metrics in plain words */
	double sil = num(&head, "silhouette_score", NAN);
	bson_iter_t it, m;
	if (bson_iter_init_find(&it, &head, "kmeans_metrics") && bson_iter_recurse(&it, &m) &&
	    bson_iter_find(&m, "silhouette_score") && BSON_ITER_HOLDS_NUMBER(&m))
		sil = bson_iter_as_double(&m);
	hset_str(hdf, "metrics.silhouette", tr(r, "result.undefined"));
	if (isfinite(sil))
		hset(hdf, "metrics.silhouette", "%.4f", sil);
	hset_str(hdf, "metrics.reading", silhouette_reading(r, sil));
	if (bson_iter_init_find(&it, &head, "kmeans_metrics") && bson_iter_recurse(&it, &m) &&
	    bson_iter_find(&m, "feature_importance") && bson_iter_recurse(&m, &it)) {
		while (bson_iter_next(&it))
			if (BSON_ITER_HOLDS_NUMBER(&it)) {
				snprintf(buf, sizeof(buf), "%.1f%%", 100 * bson_iter_as_double(&it));
				hset_str(hdf, hname(nb, "metrics.fi.%s", bson_iter_key(&it)), buf);
			}
	}

	/* charts: text inside is escaped by the chart code */
	d.points = p.points;
	d.npoints = p.npoints;
	d.k_chosen = (int)num_in(&head, "k_used", k, 0, 1000);
	hset(hdf, "charts.drawn", "%zu", p.npoints);
	hset(hdf, "charts.total", "%lld", (long long)p.n);
	chart_scatter(&d, &svg);
	hset_str(hdf, "charts.scatter", svg.oom ? "" : svg.p);
	svg.len = 0;
	chart_sizes(&d, &svg);
	hset_str(hdf, "charts.sizes", svg.oom ? "" : svg.p);
	svg.len = 0;
	chart_profile(&d, &svg);
	hset_str(hdf, "charts.profile", svg.oom ? "" : svg.p);
	svg.len = 0;
	d.revenue_title = tr(r, "result.chart.revenue_title");
	d.of_revenue = tr(r, "result.chart.of_revenue");
	chart_revenue(&d, &svg);
	hset_str(hdf, "charts.revenue", svg.oom ? "" : svg.p);
	{
		struct chart_grid g;
		if (result_rfm(hdf, &head, &g) > 0) {
			g.title = tr(r, "result.chart.grid_title");
			g.desc = tr(r, "result.chart.grid_desc");
			g.r_axis = tr(r, "result.chart.r_axis");
			g.fm_axis = tr(r, "result.chart.fm_axis");
			g.customers = tr(r, "result.chart.customers");
			svg.len = 0;
			chart_rfm_grid(&g, &svg);
			hset_str(hdf, "charts.grid", svg.oom ? "" : svg.p);
		}
	}
	result_findings(hdf, r, &head, d.names, k);
	d.curve = curve;
	read_curve(r, &head, &d, hdf);
	if (d.ncurve > 0) {
		svg.len = 0;
		chart_kcurve(&d, &svg);
		hset_str(hdf, "charts.kcurve", svg.oom ? "" : svg.p);
	}
	ss_strbuf_free(&svg);
	hset_str(hdf, "id", r->id);
	others(hdf, app->store, r->id, &head);
	hset_str(hdf, "title", TRF(r, buf, "result.title", hdf_get_value(hdf, "doc.file_info.name", "")));
	render_send(r, 200, hdf, "result.cs", NULL);
out:
	free(p.points);
	if (hdf != NULL)
		hdf_destroy(&hdf);
	bson_destroy(&head);
}
