/* document.c: the analysis as the one BSON result document. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "document/document.h"

/* Appends helpers that stop at the first failure (bson_append_* returns
 * false only when the document would exceed its maximum size). */
struct doc {
	bool ok;
};

static void put_double(struct doc *d, bson_t *b, const char *key, double v)
{
	if (!isfinite(v)) /* never a NaN or Infinity: null says undefined */
		d->ok = d->ok && bson_append_null(b, key, -1);
	else
		d->ok = d->ok && bson_append_double(b, key, -1, v);
}

static void put_int(struct doc *d, bson_t *b, const char *key, int64_t v)
{
	if (v >= INT32_MIN && v <= INT32_MAX)
		d->ok = d->ok && bson_append_int32(b, key, -1, (int32_t)v);
	else
		d->ok = d->ok && bson_append_int64(b, key, -1, v);
}

static void put_str(struct doc *d, bson_t *b, const char *key, const char *s)
{
	d->ok = d->ok && bson_append_utf8(b, key, -1, s, -1);
}

static const char *delimiter_text(char c, char buf[2])
{
	buf[0] = c;
	buf[1] = '\0';
	return buf;
}

/* The KPIs shared by summary and rfm_segments entries (see README, "The
 * document"), and each against the whole base. */
static void put_kpis(struct doc *d, bson_t *item, const ss_cluster_stats *s,
                     const ss_cluster_stats *base)
{
	static const char *const med[3] = { "RecencyMedian", "FrequencyMedian", "MonetaryMedian" };
	static const char *const feat[3] = { "Recency", "Frequency", "Monetary" };
	ss_kpi_ratio r;
	bson_t sub;

	put_int(d, item, "Orders", s->orders);
	put_double(d, item, "Revenue", s->revenue);
	put_double(d, item, "RevenueShare", s->revenue_share);
	put_double(d, item, "CustomerShare", s->share);
	put_double(d, item, "AOV", s->aov);
	for (int f = 0; f < 3; f++)
		put_double(d, item, med[f], s->median[f]);
	ss_kpi_ratio_of(s, base, &r);
	d->ok = d->ok && bson_append_document_begin(item, "Ratio_To_Base", -1, &sub);
	for (int f = 0; f < 3; f++)
		put_double(d, &sub, feat[f], r.mean[f]);
	for (int f = 0; f < 3; f++)
		put_double(d, &sub, med[f], r.median[f]);
	put_double(d, &sub, "AOV", r.aov);
	d->ok = d->ok && bson_append_document_end(item, &sub);
}

/* The whole base's figures, which the ratios divide by. */
static void put_base(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	static const char *const med[3] = { "RecencyMedian", "FrequencyMedian", "MonetaryMedian" };
	static const char *const feat[3] = { "Recency", "Frequency", "Monetary" };
	const ss_cluster_stats *s = &a->base;
	bson_t b;

	d->ok = d->ok && bson_append_document_begin(doc, "base_kpis", -1, &b);
	put_int(d, &b, "Count", s->count);
	put_int(d, &b, "Orders", s->orders);
	put_double(d, &b, "Revenue", s->revenue);
	put_double(d, &b, "AOV", s->aov);
	for (int f = 0; f < 3; f++)
		put_double(d, &b, feat[f], s->mean[f]);
	for (int f = 0; f < 3; f++)
		put_double(d, &b, med[f], s->median[f]);
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

static void put_summary(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	static const char *const feat[3] = { "Recency", "Frequency", "Monetary" };
	bson_t arr, item, sub;
	char key[24];

	d->ok = d->ok && bson_append_array_begin(doc, "summary", -1, &arr);
	for (int c = 0; d->ok && c < a->k; c++) {
		const ss_cluster_stats *s = &a->clusters[c];
		const ss_persona *p = &a->personas[c];
		snprintf(key, sizeof(key), "%d", c);
		d->ok = bson_append_document_begin(&arr, key, -1, &item);
		put_int(d, &item, "Cluster", c);
		for (int f = 0; f < 3; f++)
			put_double(d, &item, feat[f], s->mean[f]);
		put_int(d, &item, "Count", s->count);
		put_str(d, &item, "AI_Marketing_Name", p->name);
		put_str(d, &item, "AI_Description", p->description);
		put_str(d, &item, "AI_Action", p->action);
		put_str(d, &item, "Persona_Source", p->source);
		if (p->note[0] != '\0')
			put_str(d, &item, "Persona_Note", p->note);
		put_double(d, &item, "Share", s->share);
		d->ok = d->ok && bson_append_document_begin(&item, "Median", -1, &sub);
		for (int f = 0; f < 3; f++)
			put_double(d, &sub, feat[f], s->median[f]);
		d->ok = d->ok && bson_append_document_end(&item, &sub);
		d->ok = d->ok && bson_append_document_begin(&item, "Profile", -1, &sub);
		for (int f = 0; f < 3; f++)
			put_double(d, &sub, feat[f], s->zmean[f]);
		d->ok = d->ok && bson_append_document_end(&item, &sub);
		d->ok = d->ok && bson_append_document_begin(&item, "Standardized", -1, &sub);
		for (int f = 0; f < 3; f++)
			put_double(d, &sub, feat[f], a->zscore[c * 3 + f]);
		d->ok = d->ok && bson_append_document_end(&item, &sub);
		d->ok = d->ok && bson_append_document_begin(&item, "Vs_Global", -1, &sub);
		for (int f = 0; f < 3; f++)
			put_double(d, &sub, feat[f], a->vs_global[c * 3 + f]);
		d->ok = d->ok && bson_append_document_end(&item, &sub);
		put_kpis(d, &item, s, &a->base);
		d->ok = d->ok && bson_append_document_end(&arr, &item);
	}
	d->ok = d->ok && bson_append_array_end(doc, &arr);
}

static void put_raw_data(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	const ss_rfm *t = a->rfm;
	const ss_rfm_scores *sc = a->scores;
	bson_t arr, row;
	char key[24], score[4];

	d->ok = d->ok && bson_append_array_begin(doc, "raw_data", -1, &arr);
	for (size_t i = 0; d->ok && i < t->n; i++) {
		const char *k;
		bson_uint32_to_string((uint32_t)i, &k, key, sizeof(key));
		d->ok = bson_append_document_begin(&arr, k, -1, &row);
		put_str(d, &row, "CustomerID", t->customer_id[i]);
		put_int(d, &row, "Recency", t->recency[i]);
		put_int(d, &row, "Frequency", t->frequency[i]);
		put_double(d, &row, "Monetary", t->monetary[i]);
		put_int(d, &row, "Cluster", a->labels[i]);
		score[0] = (char)('0' + sc->r[i]);
		score[1] = (char)('0' + sc->f[i]);
		score[2] = (char)('0' + sc->m[i]);
		score[3] = '\0';
		put_str(d, &row, "RFM_Score", score);
		put_str(d, &row, "RFM_Segment", ss_segment_name((ss_segment)sc->segment[i]));
		if (a->clv != NULL) {  /* null where undefined, never NaN */
			put_double(d, &row, "p_alive", a->clv->p_alive ? a->clv->p_alive[i] : NAN);
			put_double(d, &row, "expected_purchases", a->clv->expected ? a->clv->expected[i] : NAN);
			put_double(d, &row, "expected_value", a->clv->value ? a->clv->value[i] : NAN);
			put_double(d, &row, "clv", a->clv->clv ? a->clv->clv[i] : NAN);
		}
		d->ok = d->ok && bson_append_document_end(&arr, &row);
	}
	d->ok = d->ok && bson_append_array_end(doc, &arr);
}

static void put_metrics(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	bson_t m, arr, fi;
	char key[24];

	d->ok = d->ok && bson_append_document_begin(doc, "kmeans_metrics", -1, &m);
	put_double(d, &m, "inertia", a->inertia);
	put_double(d, &m, "silhouette_score", a->silhouette);
	put_int(d, &m, "silhouette_sample_size", (int64_t)a->silhouette_sample);
	put_int(d, &m, "silhouette_exact_limit", (int64_t)a->params.silhouette_max);
	d->ok = d->ok && bson_append_array_begin(&m, "cluster_distribution", -1, &arr);
	for (int c = 0; d->ok && c < a->k; c++) {
		snprintf(key, sizeof(key), "%d", c);
		put_int(d, &arr, key, a->cluster_count[c]);
	}
	d->ok = d->ok && bson_append_array_end(&m, &arr);
	d->ok = d->ok && bson_append_document_begin(&m, "feature_importance", -1, &fi);
	put_double(d, &fi, "Recency", a->feature_importance[0]);
	put_double(d, &fi, "Frequency", a->feature_importance[1]);
	put_double(d, &fi, "Monetary", a->feature_importance[2]);
	d->ok = d->ok && bson_append_document_end(&m, &fi);
	d->ok = d->ok && bson_append_document_end(doc, &m);
}

static void put_file_info(struct doc *d, bson_t *doc, const ss_analysis *a,
                          const ss_file_info *fi, int64_t created_ms)
{
	bson_t f;
	char delim[2];

	d->ok = d->ok && bson_append_document_begin(doc, "file_info", -1, &f);
	put_str(d, &f, "name", fi->name != NULL ? fi->name : "");
	put_int(d, &f, "size", fi->size);
	put_int(d, &f, "rows_processed", (int64_t)a->rfm->n);
	put_str(d, &f, "separator", delimiter_text(a->quality.delimiter, delim));
	d->ok = d->ok && bson_append_date_time(&f, "upload_date", -1, created_ms);
	d->ok = d->ok && bson_append_document_end(doc, &f);
}

static void put_quality(struct doc *d, bson_t *doc, const ss_quality *q)
{
	bson_t b, drop, cols;
	char delim[2];

	d->ok = d->ok && bson_append_document_begin(doc, "data_quality", -1, &b);
	put_str(d, &b, "input_kind", ss_input_kind_name(q->input_kind));
	put_str(d, &b, "container", ss_container_name(q->container));
	if (q->container == SS_CONTAINER_XLSX) {
		put_str(d, &b, "sheet", q->sheet);
		put_str(d, &b, "date_system", q->date1904 ? "1904" : "1900");
	}
	put_int(d, &b, "rows_read", q->rows_read);
	put_int(d, &b, "rows_kept", q->rows_kept);
	d->ok = d->ok && bson_append_document_begin(&b, "rows_dropped", -1, &drop);
	for (int r = 0; r < SS_DROP__MAX; r++)
		put_int(d, &drop, ss_drop_name((ss_drop)r), q->dropped[r]);
	d->ok = d->ok && bson_append_document_end(&b, &drop);
	put_int(d, &b, "return_rows", q->return_rows);
	put_int(d, &b, "cancelled_rows", q->cancelled_rows);
	put_int(d, &b, "excluded_rows", q->excluded_rows);
	if (q->snapshot_set)  /* only then: the default documents stay as they were */
		put_int(d, &b, "after_snapshot_rows", q->after_snapshot_rows);
	put_int(d, &b, "non_utf8_fields", q->non_utf8_fields);
	if (q->unclosed_quote_row > 0)  /* only then: the documents before it stay the same */
		put_int(d, &b, "unclosed_quote_row", q->unclosed_quote_row);
	put_str(d, &b, "delimiter", delimiter_text(q->delimiter, delim));
	d->ok = d->ok && bson_append_bool(&b, "delimiter_detected", -1, q->delimiter_detected);
	d->ok = d->ok && bson_append_bool(&b, "decimal_comma", -1, q->decimal_comma);
	put_str(d, &b, "date_order", q->date_order == SS_DATE_DAY_FIRST ? "day-first" : "month-first");
	d->ok = d->ok && bson_append_bool(&b, "date_order_assumed", -1, q->date_order_assumed);
	put_str(d, &b, "frequency_counts", q->input_kind == SS_INPUT_CUSTOMER_TABLE ? "as given" :
	        q->has_invoice ? "invoices" : "purchase timestamps");
	d->ok = d->ok && bson_append_document_begin(&b, "columns", -1, &cols);
	put_str(d, &cols, "customer_id", q->col_customer);
	put_str(d, &cols, "invoice", q->col_invoice);
	put_str(d, &cols, "date", q->col_date);
	put_str(d, &cols, "quantity", q->col_quantity);
	put_str(d, &cols, "unit_price", q->col_price);
	put_str(d, &cols, "amount", q->col_amount);
	if (q->input_kind == SS_INPUT_CUSTOMER_TABLE) {
		put_str(d, &cols, "recency", q->col_recency);
		put_str(d, &cols, "frequency", q->col_frequency);
		put_str(d, &cols, "monetary", q->col_monetary);
		put_str(d, &cols, "t", q->col_t);
		put_str(d, &cols, "monetary_mean", q->col_monetary_mean);
	}
	d->ok = d->ok && bson_append_document_end(&b, &cols);
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

static void put_parameters(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	const ss_params *p = &a->params;
	bson_t b;
	char delim[2];

	d->ok = d->ok && bson_append_document_begin(doc, "parameters", -1, &b);
	if (a->k_auto)
		put_str(d, &b, "k_requested", "auto");
	else
		put_int(d, &b, "k_requested", a->k);
	put_int(d, &b, "k", a->k);
	put_str(d, &b, "transform", ss_transform_name(p->transform));
	put_int(d, &b, "seed", (int64_t)p->seed);
	put_str(d, &b, "lang", ss_lang_name(p->lang));
	put_str(d, &b, "delimiter_requested", p->delimiter ? delimiter_text(p->delimiter, delim) : "auto");
	put_int(d, &b, "n_init", p->n_init);
	put_int(d, &b, "max_iter", p->max_iter);
	put_double(d, &b, "tol", p->tol);
	put_str(d, &b, "returns", ss_returns_name(p->returns));
	put_str(d, &b, "nonpositive", ss_nonpositive_name(p->nonpositive));
	if (p->cap > 0)
		put_double(d, &b, "cap", p->cap);
	else
		d->ok = d->ok && bson_append_null(&b, "cap", -1);
	{
		char bins[160];
		ss_bins_format(&p->bins, bins, sizeof(bins));
		put_str(d, &b, "bins", bins);
	}
	if (p->snapshot_set) {
		char day[11];
		ss_format_day(p->snapshot_day, day);
		put_str(d, &b, "snapshot", day);
	}
	if (p->clv) {  /* only then: the default documents stay as they were */
		put_str(d, &b, "clv", "on");
		put_int(d, &b, "horizon", p->horizon);
		put_double(d, &b, "discount", p->discount);
		if (p->holdout_set) {
			char day[11];
			ss_format_day(p->holdout_day, day);
			put_str(d, &b, "holdout", day);
		}
	}
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

/* rfm_bins: for R, F and M, the scores' method, thresholds and ranges. */
static void put_bins(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	static const char *const feat[3] = { "Recency", "Frequency", "Monetary" };
	const ss_rfm_scores *sc = a->scores;
	bson_t b, dim, arr, item;
	char key[24];

	d->ok = d->ok && bson_append_document_begin(doc, "rfm_bins", -1, &b);
	put_str(d, &b, "method", sc->bins.quantiles ? "quantiles" : "thresholds");
	for (int f = 0; d->ok && f < 3; f++) {
		int nb = sc->nbins[f];
		d->ok = bson_append_document_begin(&b, feat[f], -1, &dim);
		put_int(d, &dim, "bins", nb);
		/* upper bounds of the bins in value order (for Recency the
		 * highest score first): the given thresholds, or for quantiles
		 * the largest value of each bin but the last */
		d->ok = d->ok && bson_append_array_begin(&dim, "thresholds", -1, &arr);
		for (int i = 0; d->ok && i < nb - 1; i++) {
			snprintf(key, sizeof(key), "%d", i);
			if (!sc->bins.quantiles)
				put_double(d, &arr, key, sc->bins.edge[f][i]);
			else
				put_double(d, &arr, key, sc->bin[f][f == 0 ? nb - 1 - i : i].max);
		}
		d->ok = d->ok && bson_append_array_end(&dim, &arr);
		d->ok = d->ok && bson_append_array_begin(&dim, "scores", -1, &arr);
		for (int i = 0; d->ok && i < nb; i++) {
			const ss_score_bin *c = &sc->bin[f][i];
			snprintf(key, sizeof(key), "%d", i);
			d->ok = bson_append_document_begin(&arr, key, -1, &item);
			put_int(d, &item, "score", i + 1);
			put_int(d, &item, "count", c->count);
			put_double(d, &item, "min", c->min);
			put_double(d, &item, "max", c->max);
			d->ok = d->ok && bson_append_document_end(&arr, &item);
		}
		d->ok = d->ok && bson_append_array_end(&dim, &arr);
		d->ok = d->ok && bson_append_document_end(&b, &dim);
	}
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

/* caps (cap on): the percentile, each capped feature's cap and how many
 * customers were above it. */
static void put_caps(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	static const char *const feat[3] = { "Recency", "Frequency", "Monetary" };
	bson_t b, v;

	if (a->caps.percentile <= 0)
		return;
	d->ok = d->ok && bson_append_document_begin(doc, "caps", -1, &b);
	put_double(d, &b, "percentile", a->caps.percentile);
	for (int f = 1; d->ok && f < 3; f++) {
		d->ok = bson_append_document_begin(&b, feat[f], -1, &v);
		put_double(d, &v, "cap", a->caps.value[f]);
		put_int(d, &v, "customers_capped", a->caps.capped[f]);
		d->ok = d->ok && bson_append_document_end(&b, &v);
	}
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

/* set_aside (nonpositive=aside): the customers not clustered, with their
 * totals; they are in no summary, raw_data or rfm_segments entry. */
static void put_aside(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	const ss_rfm *t = a->aside;
	bson_t b, arr, row;
	double sum = 0, comp = 0;
	char key[24];

	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) { /* Neumaier, as ingest sums */
		double x = t->monetary[i], s = sum + x;
		comp += fabs(sum) >= fabs(x) ? (sum - s) + x : (x - s) + sum;
		sum = s;
	}
	d->ok = d->ok && bson_append_document_begin(doc, "set_aside", -1, &b);
	put_str(d, &b, "name", SS_SEGMENT_ASIDE);
	put_str(d, &b, "rule", "net Monetary <= 0");
	put_int(d, &b, "count", (int64_t)t->n);
	put_double(d, &b, "share", (double)t->n / (double)(t->n + a->rfm->n));
	put_double(d, &b, "monetary_sum", sum + comp);
	d->ok = d->ok && bson_append_array_begin(&b, "customers", -1, &arr);
	for (size_t i = 0; d->ok && i < t->n; i++) {
		const char *k;
		bson_uint32_to_string((uint32_t)i, &k, key, sizeof(key));
		d->ok = bson_append_document_begin(&arr, k, -1, &row);
		put_str(d, &row, "CustomerID", t->customer_id[i]);
		put_int(d, &row, "Recency", t->recency[i]);
		put_int(d, &row, "Frequency", t->frequency[i]);
		put_double(d, &row, "Monetary", t->monetary[i]);
		d->ok = d->ok && bson_append_document_end(&arr, &row);
	}
	d->ok = d->ok && bson_append_array_end(&b, &arr);
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

static void put_segments(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	bson_t arr, item;
	char key[24];

	d->ok = d->ok && bson_append_array_begin(doc, "rfm_segments", -1, &arr);
	for (int s = 0; d->ok && s < SS_SEG__MAX; s++) {
		snprintf(key, sizeof(key), "%d", s);
		d->ok = bson_append_document_begin(&arr, key, -1, &item);
		put_str(d, &item, "segment", ss_segment_name((ss_segment)s));
		put_str(d, &item, "label", ss_segment_label((ss_segment)s, a->params.lang));
		put_str(d, &item, "action", ss_segment_action((ss_segment)s, a->params.lang));
		put_int(d, &item, "count", a->scores->count[s]);
		put_double(d, &item, "share", a->rfm->n ? (double)a->scores->count[s] / (double)a->rfm->n : 0);
		put_double(d, &item, "Recency", a->segments[s].mean[0]);
		put_double(d, &item, "Frequency", a->segments[s].mean[1]);
		put_double(d, &item, "Monetary", a->segments[s].mean[2]);
		put_kpis(d, &item, &a->segments[s], &a->base);
		d->ok = d->ok && bson_append_document_end(&arr, &item);
	}
	d->ok = d->ok && bson_append_array_end(doc, &arr);
}

/* rfm_grid: the 25 cells of the R x FM grid, R 5..1 then FM 1..5, each
 * with its named segment and customers. */
static void put_grid(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	bson_t arr, item;
	char key[24];
	int n = 0;

	d->ok = d->ok && bson_append_array_begin(doc, "rfm_grid", -1, &arr);
	for (int r = 5; d->ok && r >= 1; r--)
		for (int fm = 1; d->ok && fm <= 5; fm++) {
			ss_segment s = ss_segment_at(r, fm);
			snprintf(key, sizeof(key), "%d", n++);
			d->ok = bson_append_document_begin(&arr, key, -1, &item);
			put_int(d, &item, "R", r);
			put_int(d, &item, "FM", fm);
			put_int(d, &item, "segment_index", (int)s);
			put_str(d, &item, "segment", ss_segment_name(s));
			put_str(d, &item, "label", ss_segment_label(s, a->params.lang));
			put_int(d, &item, "count", a->scores->grid[5 - r][fm - 1]);
			d->ok = d->ok && bson_append_document_end(&arr, &item);
		}
	d->ok = d->ok && bson_append_array_end(doc, &arr);
}

/* findings: what the page says first. The largest cluster by customers
 * and by revenue, and the one at risk: of the clusters whose customers
 * bought longer ago than the base on average, the one that brings the
 * most revenue (null when none did). Ties: the lower cluster number. */
static void put_findings(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	int big = 0, rich = 0, risk = -1;
	bson_t b;

	for (int c = 1; c < a->k; c++) {
		if (a->clusters[c].count > a->clusters[big].count)
			big = c;
		if (a->clusters[c].revenue > a->clusters[rich].revenue)
			rich = c;
	}
	for (int c = 0; c < a->k; c++)
		if (a->clusters[c].mean[0] > a->base.mean[0] &&
		    (risk < 0 || a->clusters[c].revenue > a->clusters[risk].revenue))
			risk = c;
	d->ok = d->ok && bson_append_document_begin(doc, "findings", -1, &b);
	put_int(d, &b, "segments", a->k);
	put_int(d, &b, "largest_by_customers", big);
	put_int(d, &b, "largest_by_revenue", rich);
	if (risk >= 0)
		put_int(d, &b, "at_risk", risk);
	else
		d->ok = d->ok && bson_append_null(&b, "at_risk", -1);
	put_str(d, &b, "at_risk_rule", "the cluster with the most revenue among those whose mean Recency "
	        "is worse than all customers'");
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

static void put_group(struct doc *d, bson_t *b, const ss_clv_group *g)
{
	put_int(d, b, "customers", (int64_t)g->customers);
	put_double(d, b, "expected_purchases", g->expected_purchases);
	put_double(d, b, "expected_revenue", g->expected_revenue);
	put_double(d, b, "mean_p_alive", g->mean_p_alive);
}

static void put_backtest(struct doc *d, bson_t *doc, const ss_clv_backtest *bt)
{
	bson_t b, m, arr, w;
	char day[11], key[16];

	d->ok = d->ok && bson_append_document_begin(doc, "backtest", -1, &b);
	ss_format_day(bt->calibration_end, day);
	put_str(d, &b, "calibration_end", day);
	put_int(d, &b, "holdout_days", bt->holdout_days);
	d->ok = d->ok && bson_append_bool(&b, "converged", -1, bt->converged);
	put_int(d, &b, "customers", (int64_t)bt->customers);
	put_double(d, &b, "predicted", bt->converged ? bt->predicted : NAN);
	put_double(d, &b, "actual", bt->converged ? bt->actual : NAN);
	put_double(d, &b, "error", bt->converged ? bt->error : NAN);
	put_double(d, &b, "mean_absolute_error", bt->converged ? bt->mae : NAN);
	d->ok = d->ok && bson_append_document_begin(&b, "model", -1, &m);
	put_double(d, &m, "r", bt->model.r);
	put_double(d, &m, "alpha", bt->model.alpha);
	put_double(d, &m, "a", bt->model.a);
	put_double(d, &m, "b", bt->model.b);
	d->ok = d->ok && bson_append_document_end(&b, &m);
	d->ok = d->ok && bson_append_array_begin(&b, "weeks", -1, &arr);
	for (int i = 0; i < bt->weeks; i++) {
		snprintf(key, sizeof(key), "%d", i);
		d->ok = d->ok && bson_append_document_begin(&arr, key, -1, &w);
		put_int(d, &w, "week", i + 1);
		put_double(d, &w, "predicted", bt->week_predicted[i]);
		put_double(d, &w, "actual", bt->week_actual[i]);
		d->ok = d->ok && bson_append_document_end(&arr, &w);
	}
	d->ok = d->ok && bson_append_array_end(&b, &arr);
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

/* clv (clv=on): the models, the totals per cluster and RFM segment, the
 * customers most worth a call, the backtest. Durations in days. */
static void put_clv(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	const ss_clv_result *r = a->clv;
	bson_t b, m, bg, gg, arr, it, t;
	char key[16];

	if (r == NULL)
		return;
	d->ok = d->ok && bson_append_document_begin(doc, "clv", -1, &b);
	d->ok = d->ok && bson_append_bool(&b, "supported", -1, r->supported);
	d->ok = d->ok && bson_append_bool(&b, "value_supported", -1, r->value_supported);
	if (r->note[0])
		put_str(d, &b, "note", r->note);
	else
		d->ok = d->ok && bson_append_null(&b, "note", -1);
	put_int(d, &b, "horizon_days", r->horizon);
	put_double(d, &b, "discount", r->discount);
	put_str(d, &b, "formula", r->discount > 0
	        ? "clv = expected_value x sum over 30-day steps s of (E[purchases to s] - E[purchases "
	          "to the step before]) / (1 + discount)^(s / 365), to horizon_days"
	        : "clv = expected_value x expected_purchases over horizon_days");
	d->ok = d->ok && bson_append_document_begin(&b, "model", -1, &m);
	d->ok = d->ok && bson_append_document_begin(&m, "bgnbd", -1, &bg);
	put_double(d, &bg, "r", r->bgnbd.r);
	put_double(d, &bg, "alpha", r->bgnbd.alpha);
	put_double(d, &bg, "a", r->bgnbd.a);
	put_double(d, &bg, "b", r->bgnbd.b);
	put_double(d, &bg, "loglik", r->bgnbd.loglik);
	d->ok = d->ok && bson_append_bool(&bg, "converged", -1, r->bgnbd.converged);
	put_int(d, &bg, "evaluations", r->bgnbd.evaluations);
	put_int(d, &bg, "iterations", r->bgnbd.iterations);
	put_int(d, &bg, "customers", (int64_t)r->bgnbd.n);
	d->ok = d->ok && bson_append_document_end(&m, &bg);
	d->ok = d->ok && bson_append_document_begin(&m, "gamma_gamma", -1, &gg);
	put_double(d, &gg, "p", r->gg.p);
	put_double(d, &gg, "q", r->gg.q);
	put_double(d, &gg, "gamma", r->gg.gamma);
	put_double(d, &gg, "loglik", r->gg.loglik);
	d->ok = d->ok && bson_append_bool(&gg, "converged", -1, r->gg.converged);
	put_int(d, &gg, "customers", (int64_t)r->gg.n);
	put_double(d, &gg, "corr_frequency_monetary", r->corr_fm);
	d->ok = d->ok && bson_append_document_end(&m, &gg);
	d->ok = d->ok && bson_append_document_end(&b, &m);
	d->ok = d->ok && bson_append_document_begin(&b, "totals", -1, &t);
	put_group(d, &t, &r->total);
	d->ok = d->ok && bson_append_document_end(&b, &t);
	d->ok = d->ok && bson_append_array_begin(&b, "per_segment", -1, &arr);
	for (int c = 0; r->clusters && c < r->k; c++) {
		snprintf(key, sizeof(key), "%d", c);
		d->ok = d->ok && bson_append_document_begin(&arr, key, -1, &it);
		put_int(d, &it, "cluster", c);
		put_str(d, &it, "name", a->personas[c].name);
		put_group(d, &it, &r->clusters[c]);
		d->ok = d->ok && bson_append_document_end(&arr, &it);
	}
	d->ok = d->ok && bson_append_array_end(&b, &arr);
	d->ok = d->ok && bson_append_array_begin(&b, "per_rfm_segment", -1, &arr);
	for (int s = 0, j = 0; r->segments && s < r->nseg; s++) {
		if (r->segments[s].customers == 0)
			continue;
		snprintf(key, sizeof(key), "%d", j++);
		d->ok = d->ok && bson_append_document_begin(&arr, key, -1, &it);
		put_str(d, &it, "segment", ss_segment_name((ss_segment)s));
		put_group(d, &it, &r->segments[s]);
		d->ok = d->ok && bson_append_document_end(&arr, &it);
	}
	d->ok = d->ok && bson_append_array_end(&b, &arr);
	d->ok = d->ok && bson_append_array_begin(&b, "to_call", -1, &arr);
	for (int j = 0; j < r->ncalls; j++) {
		size_t i = r->calls[j];
		snprintf(key, sizeof(key), "%d", j);
		d->ok = d->ok && bson_append_document_begin(&arr, key, -1, &it);
		put_str(d, &it, "CustomerID", a->rfm->customer_id[i]);
		put_double(d, &it, "Monetary", a->rfm->monetary[i]);
		put_int(d, &it, "Recency", a->rfm->recency[i]);
		put_double(d, &it, "p_alive", r->p_alive[i]);
		put_double(d, &it, "clv", r->clv[i]);
		d->ok = d->ok && bson_append_document_end(&arr, &it);
	}
	d->ok = d->ok && bson_append_array_end(&b, &arr);
	if (r->has_backtest)
		put_backtest(d, &b, &r->bt);
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

static void put_curve(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	bson_t arr, item;
	char key[24];

	d->ok = d->ok && bson_append_array_begin(doc, "k_curve", -1, &arr);
	for (size_t i = 0; d->ok && i < a->curve_n; i++) {
		snprintf(key, sizeof(key), "%zu", i);
		d->ok = bson_append_document_begin(&arr, key, -1, &item);
		put_int(d, &item, "k", a->curve[i].k);
		put_double(d, &item, "inertia", a->curve[i].inertia);
		put_double(d, &item, "silhouette", a->curve[i].silhouette);
		put_double(d, &item, "smallest_share", a->curve[i].smallest_share);
		d->ok = d->ok && bson_append_bool(&item, "chosen", -1, a->curve[i].k == a->k);
		d->ok = d->ok && bson_append_document_end(&arr, &item);
	}
	d->ok = d->ok && bson_append_array_end(doc, &arr);
	if (a->k_auto) {
		bson_t c;
		d->ok = d->ok && bson_append_document_begin(doc, "k_choice", -1, &c);
		put_int(d, &c, "k", a->k);
		put_str(d, &c, "reason", a->k_reason);
		put_double(d, &c, "min_share", SS_AUTO_MIN_SHARE);
		put_double(d, &c, "close", SS_AUTO_CLOSE);
		d->ok = d->ok && bson_append_document_end(doc, &c);
	}
}

static void put_globals_and_ai(struct doc *d, bson_t *doc, const ss_analysis *a)
{
	bson_t b;

	d->ok = d->ok && bson_append_document_begin(doc, "global_means", -1, &b);
	put_double(d, &b, "Recency", a->global_mean[0]);
	put_double(d, &b, "Frequency", a->global_mean[1]);
	put_double(d, &b, "Monetary", a->global_mean[2]);
	d->ok = d->ok && bson_append_document_end(doc, &b);
	d->ok = d->ok && bson_append_document_begin(doc, "global_std", -1, &b);
	put_double(d, &b, "Recency", a->global_std[0]);
	put_double(d, &b, "Frequency", a->global_std[1]);
	put_double(d, &b, "Monetary", a->global_std[2]);
	d->ok = d->ok && bson_append_document_end(doc, &b);
	d->ok = d->ok && bson_append_document_begin(doc, "ai", -1, &b);
	put_str(d, &b, "source", a->ai.source[0] ? a->ai.source : "rules");
	if (a->ai.model[0])
		put_str(d, &b, "model", a->ai.model);
	else
		d->ok = d->ok && bson_append_null(&b, "model", -1);
	if (a->ai.error[0])
		put_str(d, &b, "error", a->ai.error);
	else
		d->ok = d->ok && bson_append_null(&b, "error", -1);
	d->ok = d->ok && bson_append_document_end(doc, &b);
}

bson_t *ss_document_build(const ss_analysis *a, const ss_file_info *fi,
                          const bson_oid_t *id, int64_t created_ms, ss_error *err)
{
	bson_t *doc = bson_new();
	struct doc d = { true };
	char hex[25];

	if (doc == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory building the document");
		return NULL;
	}
	bson_oid_to_string(id, hex);
	d.ok = bson_append_oid(doc, "_id", -1, id);
	put_str(&d, doc, "analysis_id", hex);
	put_str(&d, doc, "status", "success");
	d.ok = d.ok && bson_append_date_time(doc, "created_at", -1, created_ms);
	put_int(&d, doc, "k_used", a->k);
	put_summary(&d, doc, a);
	put_metrics(&d, doc, a);
	put_file_info(&d, doc, a, fi, created_ms);
	put_quality(&d, doc, &a->quality);
	put_parameters(&d, doc, a);
	put_segments(&d, doc, a);
	put_grid(&d, doc, a);
	put_findings(&d, doc, a);
	put_bins(&d, doc, a);
	put_caps(&d, doc, a);
	put_aside(&d, doc, a);
	put_curve(&d, doc, a);
	put_globals_and_ai(&d, doc, a);
	put_base(&d, doc, a);
	put_clv(&d, doc, a);
	put_raw_data(&d, doc, a); /* last: readers can stop before it */
	if (!d.ok) {
		bson_destroy(doc);
		ss_error_set(err, SS_EDATA, "the result document is too large (%zu customers)", a->rfm->n);
		return NULL;
	}
	return doc;
}

int ss_document_each_row(const bson_t *doc, int (*row_cb)(void *ctx, const bson_t *row),
                         void *ctx)
{
	bson_iter_t it, rows;

	if (!bson_iter_init_find(&it, doc, "raw_data") || !BSON_ITER_HOLDS_ARRAY(&it) ||
	    !bson_iter_recurse(&it, &rows))
		return 0;
	while (bson_iter_next(&rows)) {
		const uint8_t *data;
		uint32_t len;
		bson_t row;

		if (!BSON_ITER_HOLDS_DOCUMENT(&rows))
			return -1;
		bson_iter_document(&rows, &len, &data);
		if (!bson_init_static(&row, data, len) || row_cb(ctx, &row) != 0)
			return -1;
	}
	return 0;
}
