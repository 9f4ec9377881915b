/* render.c: ClearSilver rendering and the BSON -> HDF walker. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fmt.h"
#include "handlers.h"
#include "json_out.h"
#include "lang.h"
#include "render.h"
#include "request.h"

void hset_str(HDF *hdf, const char *name, const char *s)
{
	NEOERR *e = hdf_set_value(hdf, name, s ? s : "");
	nerr_ignore(&e);
}

void hset(HDF *hdf, const char *name, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hset_str(hdf, name, buf);
}

const char *hname(char nb[HNAME_MAX], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(nb, HNAME_MAX, fmt, ap);
	va_end(ap);
	return nb;
}

HDF *render_hdf(const struct app *app, const struct req *r)
{
	HDF *hdf = NULL;
	NEOERR *e = hdf_init(&hdf);

	if (e != STATUS_OK) {
		nerr_ignore(&e);
		return NULL;
	}
	hset_str(hdf, "Config.VarEscapeMode", "html");
	hset_str(hdf, "hdf.loadpaths.0", app->tpldir);
	hset_str(hdf, "base", r->base);
	/* the catalogue under "t"; lq / la carry ?lang= on into links */
	if (r->cat != NULL) {
		NEOERR *e2 = hdf_copy(hdf, "t", r->cat);
		if (e2 != STATUS_OK) {
			nerr_ignore(&e2);
			hdf_destroy(&hdf);
			return NULL;
		}
	}
	hset_str(hdf, "lang", lang_code(r->lang));
	/* this page again, in the other language (a form's answer: the form) */
	hset_str(hdf, "self", r->method == METHOD_POST || r->path == NULL ? "/" : r->path);
	if (r->method != METHOD_POST) {
		const char *q = env_get(r, "QUERY_STRING");
		char kept[1024];
		size_t o = 0;
		while (q != NULL && *q != '\0') {
			size_t n = strcspn(q, "&");
			if (n > 0 && strncmp(q, "lang=", 5) != 0 && o + n + 2 < sizeof(kept)) {
				if (o > 0)
					kept[o++] = '&';
				memcpy(kept + o, q, n);
				o += n;
			}
			q += n + (q[n] == '&');
		}
		kept[o] = '\0';
		if (o > 0)
			hset_str(hdf, "self_q", kept);
	}
	if (r->lang_query) {
		hset(hdf, "lq", "?lang=%s", lang_code(r->lang));
		hset(hdf, "la", "&lang=%s", lang_code(r->lang));
	}
	return hdf;
}

HDF *render_hdf_doc(const struct app *app, struct req *r, const char *prefix,
                    const bson_t *doc)
{
	HDF *hdf = render_hdf(app, r);

	if (hdf == NULL) {
		page_error(app, r, 500, "out of memory");
		return NULL;
	}
	hdf_from_bson(hdf, prefix, doc);
	return hdf;
}

/* A BSON key as an HDF name component. */
static void hdf_key(char *out, size_t size, const char *key)
{
	size_t i;

	for (i = 0; key[i] != '\0' && i + 1 < size; i++) {
		unsigned char ch = (unsigned char)key[i];
		out[i] = ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		          (ch >= '0' && ch <= '9') || ch == '_') ? (char)ch : '_';
	}
	out[i] = '\0';
	if (i == 0)
		snprintf(out, size, "_");
}

static void walk(HDF *node, bson_iter_t *it, int depth)
{
	char key[128], val[64];

	while (bson_iter_next(it)) {
		const char *k = bson_iter_key(it);
		bson_iter_t sub;
		if (depth == 0 && strcmp(k, "raw_data") == 0)
			continue;
		hdf_key(key, sizeof(key), k);
		val[0] = '\0';
		switch (bson_iter_type(it)) {
		case BSON_TYPE_DOCUMENT:
		case BSON_TYPE_ARRAY: {
			HDF *child = NULL;
			NEOERR *e = hdf_get_node(node, key, &child);
			if (e != STATUS_OK) {
				nerr_ignore(&e);
				continue;
			}
			if (depth < 8 && bson_iter_recurse(it, &sub))
				walk(child, &sub, depth + 1);
			continue;
		}
		case BSON_TYPE_UTF8:
			hset_str(node, key, bson_iter_utf8(it, NULL));
			continue;
		case BSON_TYPE_INT32:
			snprintf(val, sizeof(val), "%d", bson_iter_int32(it));
			break;
		case BSON_TYPE_INT64:
			snprintf(val, sizeof(val), "%lld", (long long)bson_iter_int64(it));
			break;
		case BSON_TYPE_DOUBLE: {
			double v = bson_iter_double(it);
			if (!isfinite(v))
				snprintf(val, sizeof(val), "%s", "");
			else if (fabs(v) >= 1e6 || v == floor(v))
				snprintf(val, sizeof(val), "%.0f", v);
			else
				snprintf(val, sizeof(val), "%.6g", v);
			break;
		}
		case BSON_TYPE_BOOL:
			snprintf(val, sizeof(val), "%s", bson_iter_bool(it) ? "yes" : "no");
			break;
		case BSON_TYPE_DATE_TIME:
			ss_json_iso_date(bson_iter_date_time(it), val, sizeof(val));
			break;
		case BSON_TYPE_OID:
			bson_oid_to_string(bson_iter_oid(it), val);
			break;
		default:
			break;
		}
		hset_str(node, key, val);
	}
}

void hdf_from_bson(HDF *hdf, const char *prefix, const bson_t *doc)
{
	HDF *node = NULL;
	NEOERR *e = hdf_get_node(hdf, prefix, &node);
	bson_iter_t it;

	if (e != STATUS_OK) {
		nerr_ignore(&e);
		return;
	}
	if (bson_iter_init(&it, doc))
		walk(node, &it, 0);
}

/* The templates' num() and date(): lang_number / lang_date, one pair of
 * functions per language (ClearSilver's string functions get no context). */
static NEOERR *localize(int lang, bool date, const char *s, char **ret)
{
	size_t size = 4 * strlen(s) + 32;

	if ((*ret = malloc(size)) == NULL)
		return nerr_raise(NERR_NOMEM, "out of memory");
	if (date)
		lang_date(lang, s, *ret, size);
	else
		lang_number(lang, s, *ret, size);
	return STATUS_OK;
}
static NEOERR *num_en(const char *s, char **ret) { return localize(LANG_EN, false, s, ret); }
static NEOERR *num_fr(const char *s, char **ret) { return localize(LANG_FR, false, s, ret); }
static NEOERR *date_en(const char *s, char **ret) { return localize(LANG_EN, true, s, ret); }
static NEOERR *date_fr(const char *s, char **ret) { return localize(LANG_FR, true, s, ret); }

/* fill(text, a), fill2(text, a, b), fill3(text, a, b, c): text (a
 * catalogue sentence) with {1}, {2}, {3} replaced, as lang_fill. */
static NEOERR *fill_n(CSPARSE *parse, CSARG *args, CSARG *result, int n)
{
	static const char *const fmts[4] = { "", "ss", "sss", "ssss" };
	char *a[4] = { NULL, NULL, NULL, NULL };
	NEOERR *e = n == 1 ? cs_arg_parse(parse, args, fmts[n], &a[0], &a[1]) :
	            n == 2 ? cs_arg_parse(parse, args, fmts[n], &a[0], &a[1], &a[2]) :
	                     cs_arg_parse(parse, args, fmts[n], &a[0], &a[1], &a[2], &a[3]);
	if (e == STATUS_OK) {
		const char *vals[4] = { NULL, NULL, NULL, NULL };
		size_t size = 1;
		for (int i = 0; i <= n; i++)
			size += a[i] ? strlen(a[i]) : 0;
		size *= 2;
		for (int i = 1; i <= n; i++)
			vals[i - 1] = a[i] ? a[i] : "";
		result->op_type = CS_TYPE_STRING;
		if ((result->s = malloc(size)) == NULL)
			e = nerr_raise(NERR_NOMEM, "out of memory");
		else {
			lang_fill(a[0] ? a[0] : "", vals, result->s, size);
			result->alloc = 1;
		}
	}
	for (int i = 0; i < 4; i++)
		free(a[i]);
	return e;
}
static NEOERR *fill1(CSPARSE *p, CS_FUNCTION *f, CSARG *a, CSARG *r) { (void)f; return fill_n(p, a, r, 1); }
static NEOERR *fill2(CSPARSE *p, CS_FUNCTION *f, CSARG *a, CSARG *r) { (void)f; return fill_n(p, a, r, 2); }
static NEOERR *fill3(CSPARSE *p, CS_FUNCTION *f, CSARG *a, CSARG *r) { (void)f; return fill_n(p, a, r, 3); }

static NEOERR *register_local(CSPARSE *cs, int lang)
{
	char num[] = "num", date[] = "date";
	NEOERR *e = cs_register_strfunc(cs, num, lang == LANG_FR ? num_fr : num_en);

	if (e == STATUS_OK)
		e = cs_register_strfunc(cs, date, lang == LANG_FR ? date_fr : date_en);
	if (e == STATUS_OK)
		e = cs_register_function(cs, "fill", 2, fill1);
	if (e == STATUS_OK)
		e = cs_register_function(cs, "fill2", 3, fill2);
	if (e == STATUS_OK)
		e = cs_register_function(cs, "fill3", 4, fill3);
	return e;
}

static NEOERR *collect(void *ctx, char *s)
{
	return string_append(ctx, s);
}

void render_send(struct req *r, int status, HDF *hdf, const char *tpl,
                 const char *extra)
{
	CSPARSE *cs = NULL;
	STRING out;
	NEOERR *e;

	string_init(&out);
	e = cs_init(&cs, hdf);
	if (e == STATUS_OK)
		e = cgi_register_strfuncs(cs);
	if (e == STATUS_OK)
		e = register_local(cs, r->lang);
	if (e == STATUS_OK)
		e = cs_parse_file(cs, tpl);
	if (e == STATUS_OK)
		e = cs_render(cs, &out, collect);
	if (e != STATUS_OK) {
		STRING why;
		string_init(&why);
		nerr_error_string(e, &why);
		fprintf(stderr, "smartseg.fcgi: template %s: %s\n", tpl, why.buf ? why.buf : "?");
		string_clear(&why);
		bool gone = nerr_match(e, NERR_NOT_FOUND) || nerr_match(e, NERR_IO);
		nerr_ignore(&e);
		reply_head(r, gone ? 503 : 500, CT_TEXT, false, NULL);
		web_puts(r, gone ? "The pages are unavailable: their templates cannot be read.\n"
		                 : "The page could not be rendered (template error).\n");
	} else {
		/* the language may come from the header: caches must key on it */
		char head[1024];
		snprintf(head, sizeof(head), "Vary: Accept-Language\r\n%s", extra ? extra : "");
		reply_head(r, status, CT_HTML, false, head);
		web_write(r, out.buf, out.len);
	}
	cs_destroy(&cs);
	string_clear(&out);
}
