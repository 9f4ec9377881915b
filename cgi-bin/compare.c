/* compare.c: two stored analyses side by side: GET /history/{a}/compare/{b}
 * (JSON), .../customers.csv, the page /analyses/{a}/compare/{b}, the GET
 * form that leads there, and reference= on an upload. The comparison itself
 * is lib's (compare/stored.h); this file formats it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compare/stored.h"
#include "fmt.h"
#include "render.h"
#include "handlers.h"
#include "lang.h"
#include "web.h"

int reference_apply(const struct app *app, struct req *r, bson_t **doc, ss_error *err)
{
	const struct field *f = &r->fields[KEY_REFERENCE];
	ss_store *store = app->store;
	bson_t *out;

	if (!f->present || !f->valid || f->raw[0] == '\0')
		return 0;
	if (store == NULL)
		return ss_error_set(err, SS_ESTORE, "%s", app->store_err.msg);
	if ((out = bson_new()) == NULL)
		return ss_error_set(err, SS_ENOMEM, "out of memory");
	if (ss_compare_align_stored(store, f->raw, *doc, r->fields[KEY_NEW_PERSONAS].present &&
	                            r->fields[KEY_NEW_PERSONAS].valid && r->fields[KEY_NEW_PERSONAS].parsed.i,
	                            out, err) != 0) {
		bson_destroy(out);
		if (err->code == SS_ENOTFOUND)
			ss_error_set(err, SS_ENOTFOUND, "the reference analysis %s does not exist", f->raw);
		return -1;
	}
	bson_destroy(*doc);
	*doc = out;
	return 0;
}

/* Runs the comparison of r->id and r->id2; csv may be NULL. */
static int run(const struct app *app, struct req *r, ss_json_sink csv, void *ctx, ss_comparison *c,
               ss_error *err)
{
	if (app->store == NULL)
		return ss_error_set(err, SS_ESTORE, "%s", app->store_err.msg);
	return ss_compare_stored(app->store, r->id, r->id2, csv, ctx, c, err);
}

void api_compare(struct app *app, struct req *r)
{
	ss_comparison *c = malloc(sizeof(*c));
	bson_t out = BSON_INITIALIZER;
	ss_error err = { 0 };

	if (c == NULL) {
		reply_json_error(r, 500, "out of memory");
		return;
	}
	if (run(app, r, NULL, NULL, c, &err) != 0)
		reply_json_error(r, http_status(err.code), err.msg);
	else if (ss_compare_to_bson(c, &out, &err) != 0)
		reply_json_error(r, 500, err.msg);
	else {
		reply_head(r, 200, CT_JSON, true, NULL);
		ss_json_write(&out, sink_reply, r);
	}
	bson_destroy(&out);
	free(c);
}

struct csvctx {
	struct req *r;
	bool started;
};

/* headers with the first byte, so a refusal before it is still a 404/422 */
static int csv_sink(void *ctx, const char *buf, size_t len)
{
	struct csvctx *c = ctx;

	if (!c->started) {
		char extra[200];
		c->started = true;
		snprintf(extra, sizeof(extra), "Content-Disposition: attachment; "
		         "filename=\"smartseg-%s-vs-%s.csv\"\r\n", c->r->id, c->r->id2);
		reply_head(c->r, 200, CT_CSV, true, extra);
		if (ss_compare_csv_header(sink_reply, c->r) != 0)
			return -1;
	}
	return web_write(c->r, buf, len);
}

void api_compare_csv(struct app *app, struct req *r)
{
	ss_comparison *c = malloc(sizeof(*c));
	struct csvctx cx = { .r = r };
	ss_error err = { 0 };

	if (c == NULL) {
		reply_json_error(r, 500, "out of memory");
		return;
	}
	if (run(app, r, csv_sink, &cx, c, &err) != 0 && !cx.started)
		reply_json_error(r, http_status(err.code), err.msg);
	else if (!cx.started) {   /* nobody in either: the header alone */
		reply_head(r, 200, CT_CSV, true, NULL);
		ss_compare_csv_header(sink_reply, r);
	}
	free(c);
}

/* GET /analyses/compare?a=&b=: the history's form; 303 to the page. */
void page_compare_form(struct app *app, struct req *r)
{
	char loc[1200];

	form_validate(r);   /* the query string is already parsed */
	const struct field *a = &r->fields[KEY_A], *b = &r->fields[KEY_B];
	if (!a->present || !b->present || !a->valid || !b->valid || !a->raw[0] || !b->raw[0]) {
		page_error(app, r, 422, tr(r, "msg.pick_two"));
		return;
	}
	snprintf(loc, sizeof(loc), "Location: %s/analyses/%s/compare/%s%s%s\r\n", r->base, a->raw, b->raw,
	         r->lang_query ? "?lang=" : "", r->lang_query ? lang_code(r->lang) : "");
	reply_head(r, 303, CT_NONE, false, loc);
}

/* ---- the page ---- */

static void pct(char *buf, size_t size, int64_t part, int64_t whole)
{
	if (whole <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.0f%%", 100.0 * (double)part / (double)whole);
}

/* The SVG heatmap of a matrix (rows A, columns B, then new/gone): cell
 * darkness is the row share. Every label is escaped. */
static void heatmap(ss_strbuf *b, const char *const *rows, int nr, const char *const *cols, int nc,
                    const int64_t *m, int stride, const int64_t *gone, const int64_t *newc,
                    const int *same)
{
	const int cw = 62, ch = 30, left = 170, top = 130;
	/* room on the right for the last slanted column label */
	int w = left + (nc + 1) * cw + 110, h = top + (nr + 1) * ch + 10;

	ss_strbuf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	                 "role=\"img\" aria-label=\"Transition matrix: rows are segments in A, columns segments in B\" "
	                 "font-family=\"sans-serif\" font-size=\"12\">", w, h, w, h);
	for (int j = 0; j <= nc; j++) {
		ss_strbuf_printf(b, "<text transform=\"translate(%d,%d) rotate(-40)\">", left + j * cw + cw / 2, top - 6);
		sbuf_escape(b, j < nc ? cols[j] : "gone from B");
		ss_strbuf_append(b, "</text>", 7);
	}
	for (int i = 0; i <= nr; i++) {
		int64_t sum = 0;
		if (i < nr) {
			for (int j = 0; j < nc; j++)
				sum += m[i * stride + j];
			sum += gone[i];
		} else {
			for (int j = 0; j < nc; j++)
				sum += newc[j];
		}
		ss_strbuf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, top + i * ch + ch / 2 + 4);
		sbuf_escape(b, i < nr ? rows[i] : "new in B");
		ss_strbuf_append(b, "</text>", 7);
		for (int j = 0; j <= nc; j++) {
			int64_t v = i < nr ? (j < nc ? m[i * stride + j] : gone[i]) : (j < nc ? newc[j] : -1);
			if (v < 0)
				continue;
			double share = sum > 0 ? (double)v / (double)sum : 0;
			int diag = i < nr && j < nc && same[i] == j;   /* stayed */
			ss_strbuf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
			                 "fill-opacity=\"%.3f\" stroke=\"#ccc\"><title>%lld (%.0f%%)</title></rect>",
			                 left + j * cw, top + i * ch, cw, ch, diag ? "#2b7a3d" : (j == nc || i == nr) ? "#888" : "#1f5fa8",
			                 v > 0 ? 0.08 + 0.92 * share : 0.0, (long long)v, share * 100);
			if (v > 0)
				ss_strbuf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%lld</text>",
				                 left + j * cw + cw / 2, top + i * ch + ch / 2 + 4, share > 0.5 ? "#fff" : "#000",
				                 (long long)v);
		}
	}
	ss_strbuf_append(b, "</svg>", 6);
}

struct move {
	int i, j;
	int64_t n;
};

static int move_cmp(const void *x, const void *y)
{
	const struct move *a = x, *b = y;
	return a->n < b->n ? 1 : a->n > b->n ? -1 : 0;
}

/* The biggest movements between different segments, one sentence each. */
static void movements(HDF *hdf, const ss_comparison *c)
{
	char nb[HNAME_MAX];
	struct move mv[SS_CMP_SEGMENTS * SS_CMP_SEGMENTS];
	int n = 0;
	char share[16];

	for (int i = 0; i < SS_CMP_SEGMENTS; i++)
		for (int j = 0; j < SS_CMP_SEGMENTS; j++)
			if (i != j && c->seg[i][j] > 0)
				mv[n++] = (struct move){ i, j, c->seg[i][j] };
	qsort(mv, (size_t)n, sizeof(mv[0]), move_cmp);
	for (int t = 0; t < n && t < 6; t++) {
		int64_t row = 0;
		for (int j = 0; j < SS_CMP_SEGMENTS; j++)
			row += c->seg[mv[t].i][j];
		pct(share, sizeof(share), mv[t].n, row);
		hset_str(hdf, hname(nb, "moves.%d.from", t), ss_compare_segment_label(mv[t].i));
		hset_str(hdf, hname(nb, "moves.%d.to", t), ss_compare_segment_label(mv[t].j));
		char count[24];
		snprintf(count, sizeof(count), "%lld", (long long)mv[t].n);
		hset_str(hdf, hname(nb, "moves.%d.count", t), count);
		hset_str(hdf, hname(nb, "moves.%d.share", t), share);
	}
}

static void money(char *buf, size_t size, double v)
{
	fmt_fixed(buf, size, v, 2);
}

static void per_segment(HDF *hdf, const ss_comparison *c)
{
	char nb[HNAME_MAX];
	char buf[64];

	for (int s = 0; s < SS_CMP_SEGMENTS; s++) {
		const ss_cmp_total *t = &c->seg_total[s];
		hset_str(hdf, hname(nb, "segs.%d.name", s), ss_compare_segment_label(s));
		snprintf(buf, sizeof(buf), "%lld", (long long)t->count_a);
		hset_str(hdf, hname(nb, "segs.%d.count_a", s), buf);
		snprintf(buf, sizeof(buf), "%lld", (long long)t->count_b);
		hset_str(hdf, hname(nb, "segs.%d.count_b", s), buf);
		snprintf(buf, sizeof(buf), "%+lld", (long long)(t->count_b - t->count_a));
		hset_str(hdf, hname(nb, "segs.%d.count_change", s), buf);
		money(buf, sizeof(buf), t->revenue_a);
		hset_str(hdf, hname(nb, "segs.%d.revenue_a", s), buf);
		money(buf, sizeof(buf), t->revenue_b);
		hset_str(hdf, hname(nb, "segs.%d.revenue_b", s), buf);
		double d = t->revenue_b - t->revenue_a;
		buf[0] = d >= 0 ? '+' : '-';
		money(buf + 1, sizeof(buf) - 1, fabs(d));
		hset_str(hdf, hname(nb, "segs.%d.revenue_change", s), buf);
	}
}

static void clusters(HDF *hdf, const ss_comparison *c)
{
	char nb[HNAME_MAX];
	char buf[64];

	for (int j = 0; j < c->cb.k; j++) {
		int i = c->match.a_of_b[j];
		hset_str(hdf, hname(nb, "match.%d.b_name", j), c->cb.name[j]);
		snprintf(buf, sizeof(buf), "%d", j);
		hset_str(hdf, hname(nb, "match.%d.b", j), buf);
		if (i >= 0) {
			hset_str(hdf, hname(nb, "match.%d.a_name", j), c->ca.name[i]);
			snprintf(buf, sizeof(buf), "%d", i);
			hset_str(hdf, hname(nb, "match.%d.a", j), buf);
		}
		fmt_fixed(buf, sizeof(buf), c->match.dist[j], 2);
		hset_str(hdf, hname(nb, "match.%d.dist", j), buf);
	}
}

void page_compare(struct app *app, struct req *r)
{
	ss_comparison *c = malloc(sizeof(*c));
	ss_error err = { 0 };
	ss_strbuf svg = { 0 };
	HDF *hdf = NULL;
	bson_t ha = BSON_INITIALIZER, hb = BSON_INITIALIZER;
	ss_store *store;
	const char *seg_labels[SS_CMP_SEGMENTS], *ca[SS_MATCH_MAX_K], *cb[SS_MATCH_MAX_K];

	if (c == NULL) {
		reply_error(app, r, 500, "out of memory");
		return;
	}
	if (run(app, r, NULL, NULL, c, &err) != 0) {
		page_error(app, r, http_status(err.code), err.msg);
		goto out;
	}
	if ((store = app->store) == NULL || ss_store_get_head(store, r->id, &ha, &err) != 0 ||
	    ss_store_get_head(store, r->id2, &hb, &err) != 0) {
		page_error(app, r, http_status(err.code), err.msg);
		goto out;
	}
	if ((hdf = render_hdf(app, r)) == NULL) {
		reply_error(app, r, 500, "out of memory");
		goto out;
	}
	hdf_from_bson(hdf, "a", &ha);
	hdf_from_bson(hdf, "b", &hb);
	hset_str(hdf, "a_id", r->id);
	hset_str(hdf, "b_id", r->id2);
	hset(hdf, "n.a", "%lld", (long long)c->n_a);
	hset(hdf, "n.b", "%lld", (long long)c->n_b);
	hset(hdf, "n.both", "%lld", (long long)c->n_common);
	hset(hdf, "n.new", "%lld", (long long)(c->n_b - c->n_common));
	hset(hdf, "n.gone", "%lld", (long long)(c->n_a - c->n_common));
	if (c->n_common == 0)
		hset(hdf, "n.none_in_common", "1");
	int same[SS_MATCH_MAX_K];
	for (int s = 0; s < SS_CMP_SEGMENTS; s++) {
		seg_labels[s] = ss_compare_segment_label(s);
		same[s] = s;
	}
	heatmap(&svg, seg_labels, SS_CMP_SEGMENTS, seg_labels, SS_CMP_SEGMENTS, &c->seg[0][0], SS_CMP_SEGMENTS,
	        c->seg_gone, c->seg_new, same);
	hset_str(hdf, "charts.segments", svg.oom ? "" : svg.p);
	svg.len = 0;
	for (int i = 0; i < c->ca.k; i++)
		ca[i] = c->ca.name[i];
	for (int j = 0; j < c->cb.k; j++)
		cb[j] = c->cb.name[j];
	for (int i = 0; i < c->ca.k; i++)
		same[i] = c->match.b_of_a[i];   /* the matched cluster counts as staying */
	heatmap(&svg, ca, c->ca.k, cb, c->cb.k, &c->clu[0][0], SS_MATCH_MAX_K, c->clu_gone, c->clu_new, same);
	hset_str(hdf, "charts.clusters", svg.oom ? "" : svg.p);
	movements(hdf, c);
	per_segment(hdf, c);
	clusters(hdf, c);
	hset_str(hdf, "title", tr(r, "compare.page_title"));
	render_send(r, 200, hdf, "compare.cs", NULL);
out:
	ss_strbuf_free(&svg);
	if (hdf != NULL)
		hdf_destroy(&hdf);
	bson_destroy(&ha);
	bson_destroy(&hb);
	free(c);
}
