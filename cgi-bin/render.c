/* render.c: ClearSilver rendering and the BSON -> HDF walker. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fmt.h"
#include "handlers.h"
#include "json_out.h"
#include "render.h"

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
		e = cs_parse_file(cs, tpl);
	if (e == STATUS_OK)
		e = cs_render(cs, &out, collect);
	if (e != STATUS_OK) {
		STRING why;
		string_init(&why);
		nerr_error_string(e, &why);
		fprintf(stderr, "smartseg.fcgi: template %s: %s\n", tpl, why.buf ? why.buf : "?");
		string_clear(&why);
		nerr_ignore(&e);
		reply_head(r, 500, CT_TEXT, false, NULL);
		web_puts(r, "The page could not be rendered (template error).\n");
	} else {
		reply_head(r, status, CT_HTML, false, extra);
		web_write(r, out.buf, out.len);
	}
	cs_destroy(&cs);
	string_clear(&out);
}
