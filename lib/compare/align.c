/* align.c: a result document renumbered to follow a reference analysis
 * (stable cluster numbers and names across monthly re-runs). */
#include <string.h>
#include "compare/private.h"

/* the name and the action carry over; the description keeps B's own
 * figures (the reference's would quote last month's counts) */
static const char *const persona_keys[] = {
	"AI_Marketing_Name", "AI_Action", "Persona_Source", NULL
};

static int is_persona_key(const char *k)
{
	for (int i = 0; persona_keys[i]; i++)
		if (strcmp(k, persona_keys[i]) == 0)
			return 1;
	return 0;
}

/* the n-th document of array field key of doc, or 0 */
static int nth_doc(const bson_t *doc, const char *key, int n, bson_t *out)
{
	bson_iter_t it, arr;
	const uint8_t *data;
	uint32_t len;
	int i = 0;

	if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &arr))
		return 0;
	while (bson_iter_next(&arr))
		if (i++ == n && BSON_ITER_HOLDS_DOCUMENT(&arr)) {
			bson_iter_document(&arr, &len, &data);
			return bson_init_static(out, data, len);
		}
	return 0;
}

typedef struct al {
	const ss_comparison *c;
	const bson_t *ref, *doc;
	int new_personas;
	int new_of_old[SS_MATCH_MAX_K];
	bool ok;
} al;

static void put_summary(al *a, bson_t *out)
{
	const ss_cluster_match *m = &a->c->match;
	bson_t arr, item, src, ref;
	bson_iter_t it;
	char buf[16];
	const char *key;

	a->ok = a->ok && bson_append_array_begin(out, "summary", -1, &arr);
	for (int n = 0; a->ok && n < a->c->cb.k; n++) {
		int old = m->order[n], ra = m->a_of_b[old];
		int reuse = ra >= 0 && !a->new_personas && nth_doc(a->ref, "summary", ra, &ref);

		a->ok = nth_doc(a->doc, "summary", old, &src) && bson_iter_init(&it, &src);
		bson_uint32_to_string((uint32_t)n, &key, buf, sizeof(buf));
		a->ok = a->ok && bson_append_document_begin(&arr, key, -1, &item);
		while (a->ok && bson_iter_next(&it)) {
			const char *k = bson_iter_key(&it);
			bson_iter_t r;
			if (strcmp(k, "Cluster") == 0)
				a->ok = bson_append_int32(&item, "Cluster", -1, n);
			else if (reuse && is_persona_key(k) && bson_iter_init_find(&r, &ref, k))
				a->ok = bson_append_iter(&item, k, -1, &r);
			else
				a->ok = bson_append_iter(&item, k, -1, &it);
		}
		a->ok = a->ok && bson_append_document_end(&arr, &item);
	}
	a->ok = a->ok && bson_append_array_end(out, &arr);
}

static void put_metrics(al *a, bson_t *out, bson_iter_t *metrics)
{
	bson_t m, arr;
	bson_iter_t it, d;
	char buf[16];
	const char *key;

	a->ok = a->ok && bson_iter_recurse(metrics, &it) && bson_append_document_begin(out, "kmeans_metrics", -1, &m);
	while (a->ok && bson_iter_next(&it)) {
		if (strcmp(bson_iter_key(&it), "cluster_distribution") != 0 || !BSON_ITER_HOLDS_ARRAY(&it)) {
			a->ok = bson_append_iter(&m, NULL, 0, &it);
			continue;
		}
		int64_t counts[SS_MATCH_MAX_K] = { 0 };
		int i = 0;
		a->ok = bson_iter_recurse(&it, &d);
		while (a->ok && bson_iter_next(&d) && i < SS_MATCH_MAX_K)
			counts[i++] = bson_iter_as_int64(&d);
		a->ok = a->ok && bson_append_array_begin(&m, "cluster_distribution", -1, &arr);
		for (int n = 0; a->ok && n < a->c->cb.k; n++) {
			bson_uint32_to_string((uint32_t)n, &key, buf, sizeof(buf));
			a->ok = bson_append_int32(&arr, key, -1, (int32_t)counts[a->c->match.order[n]]);
		}
		a->ok = a->ok && bson_append_array_end(&m, &arr);
	}
	a->ok = a->ok && bson_append_document_end(out, &m);
}

static void put_rows(al *a, bson_t *out, bson_iter_t *rows_it)
{
	bson_t arr, row, src;
	bson_iter_t rows, it;
	const uint8_t *data;
	uint32_t len;

	a->ok = a->ok && bson_iter_recurse(rows_it, &rows) && bson_append_array_begin(out, "raw_data", -1, &arr);
	while (a->ok && bson_iter_next(&rows)) {
		a->ok = BSON_ITER_HOLDS_DOCUMENT(&rows);
		if (!a->ok)
			break;
		bson_iter_document(&rows, &len, &data);
		a->ok = bson_init_static(&src, data, len) && bson_iter_init(&it, &src) &&
		        bson_append_document_begin(&arr, bson_iter_key(&rows), -1, &row);
		while (a->ok && bson_iter_next(&it)) {
			if (strcmp(bson_iter_key(&it), "Cluster") == 0 && BSON_ITER_HOLDS_NUMBER(&it)) {
				int64_t old = bson_iter_as_int64(&it);
				a->ok = old >= 0 && old < a->c->cb.k &&
				        bson_append_int32(&row, "Cluster", -1, a->new_of_old[old]);
			} else {
				a->ok = bson_append_iter(&row, NULL, 0, &it);
			}
		}
		a->ok = a->ok && bson_append_document_end(&arr, &row);
	}
	a->ok = a->ok && bson_append_array_end(out, &arr);
}

static void put_reference(al *a, bson_t *out)
{
	const ss_cluster_match *m = &a->c->match;
	bson_t b, arr, item;
	char buf[16];
	const char *key;

	a->ok = a->ok && bson_append_document_begin(out, "reference", -1, &b);
	a->ok = a->ok && bson_append_utf8(&b, "analysis_id", -1, a->c->a, -1);
	a->ok = a->ok && bson_append_utf8(&b, "personas", -1, a->new_personas ? "new" : "reused", -1);
	a->ok = a->ok && bson_append_array_begin(&b, "matching", -1, &arr);
	for (int n = 0; a->ok && n < a->c->cb.k; n++) {
		int old = m->order[n], ra = m->a_of_b[old];
		bson_uint32_to_string((uint32_t)n, &key, buf, sizeof(buf));
		a->ok = bson_append_document_begin(&arr, key, -1, &item);
		a->ok = a->ok && bson_append_int32(&item, "cluster", -1, n);
		a->ok = a->ok && (ra >= 0 ? bson_append_int32(&item, "reference_cluster", -1, ra)
		                          : bson_append_null(&item, "reference_cluster", -1));
		a->ok = a->ok && (m->dist[old] == m->dist[old] ? bson_append_double(&item, "distance", -1, m->dist[old])
		                                               : bson_append_null(&item, "distance", -1));
		a->ok = a->ok && bson_append_document_end(&arr, &item);
	}
	a->ok = a->ok && bson_append_array_end(&b, &arr);
	a->ok = a->ok && bson_append_document_end(out, &b);
}

int ss_compare_align(const ss_comparison *c, const bson_t *ref_head, const bson_t *doc,
                     int new_personas, bson_t *out, ss_error *err)
{
	al a = { .c = c, .ref = ref_head, .doc = doc, .new_personas = new_personas, .ok = true };
	bson_iter_t it;

	for (int n = 0; n < c->cb.k; n++)
		a.new_of_old[c->match.order[n]] = n;
	if (!bson_iter_init(&it, doc))
		return ss_error_set(err, SS_EDATA, "the document to align is corrupt");
	while (a.ok && bson_iter_next(&it)) {
		const char *k = bson_iter_key(&it);
		if (strcmp(k, "summary") == 0)
			put_summary(&a, out);
		else if (strcmp(k, "kmeans_metrics") == 0 && BSON_ITER_HOLDS_DOCUMENT(&it))
			put_metrics(&a, out, &it);
		else if (strcmp(k, "raw_data") == 0 && BSON_ITER_HOLDS_ARRAY(&it)) {
			put_reference(&a, out);   /* before raw_data, which stays last */
			put_rows(&a, out, &it);
		} else if (strcmp(k, "reference") != 0)
			a.ok = bson_append_iter(out, NULL, 0, &it);
	}
	if (!a.ok)
		return ss_error_set(err, SS_ENOMEM, "out of memory aligning the document to its reference");
	return 0;
}
