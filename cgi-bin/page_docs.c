/* page_docs.c: GET /docs: the API reference as a page, read from the same
 * static/openapi.json that GET /openapi.json serves (one source): every
 * route with its parameters, request fields, responses and a curl command
 * against this server's own base URL; then the schemas' fields. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "handlers.h"
#include "lang.h"
#include "render.h"

#define SPEC_MAX (1 << 20)

/* The string at key of the document it iterates, or "". */
static const char *str_at(const bson_t *doc, const char *dotkey)
{
	bson_iter_t it, f;

	if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, dotkey, &f) && BSON_ITER_HOLDS_UTF8(&f))
		return bson_iter_utf8(&f, NULL);
	return "";
}

static bool sub_doc(const bson_iter_t *it, bson_t *out)
{
	const uint8_t *data;
	uint32_t len;

	if (!BSON_ITER_HOLDS_DOCUMENT(it) && !BSON_ITER_HOLDS_ARRAY(it))
		return false;
	if (BSON_ITER_HOLDS_DOCUMENT(it))
		bson_iter_document(it, &len, &data);
	else
		bson_iter_array(it, &len, &data);
	return bson_init_static(out, data, len);
}

/* "#/components/schemas/Analysis" -> "Analysis" */
static const char *ref_name(const char *ref)
{
	const char *s = strrchr(ref, '/');
	return s != NULL ? s + 1 : ref;
}

/* A schema's type in a few words: "string", "integer", "array of Segment". */
static void type_of(const bson_t *schema, char *out, size_t size)
{
	const char *ref = str_at(schema, "$ref"), *type = str_at(schema, "type");

	if (ref[0] != '\0')
		snprintf(out, size, "%s", ref_name(ref));
	else if (strcmp(type, "array") == 0) {
		const char *iref = str_at(schema, "items.$ref"), *itype = str_at(schema, "items.type");
		snprintf(out, size, "array of %s", iref[0] ? ref_name(iref) : itype[0] ? itype : "values");
	} else
		snprintf(out, size, "%s", type[0] ? type : "any");
	const char *fmt = str_at(schema, "format");
	if (fmt[0] != '\0' && strlen(out) + strlen(fmt) + 4 < size) {
		strcat(out, " (");
		strcat(out, fmt);
		strcat(out, ")");
	}
}

/* Parameters of an operation or a path item into prefix.params.N. */
static int params(HDF *hdf, const char *prefix, const bson_t *holder, int n)
{
	char nb[HNAME_MAX], type[128];
	bson_iter_t it, arr;
	bson_t p, schema;

	if (!bson_iter_init_find(&it, holder, "parameters") || !bson_iter_recurse(&it, &arr))
		return n;
	while (bson_iter_next(&arr)) {
		if (!sub_doc(&arr, &p))
			continue;
		bson_iter_t s;
		type[0] = '\0';
		if (bson_iter_init_find(&s, &p, "schema") && sub_doc(&s, &schema))
			type_of(&schema, type, sizeof(type));
		hset_str(hdf, hname(nb, "%s.params.%d.name", prefix, n), str_at(&p, "name"));
		hset_str(hdf, hname(nb, "%s.params.%d.in", prefix, n), str_at(&p, "in"));
		hset_str(hdf, hname(nb, "%s.params.%d.type", prefix, n), type);
		hset_str(hdf, hname(nb, "%s.params.%d.description", prefix, n), str_at(&p, "description"));
		bson_iter_t q;
		if (bson_iter_init_find(&q, &p, "required") && BSON_ITER_HOLDS_BOOL(&q) && bson_iter_bool(&q))
			hset_str(hdf, hname(nb, "%s.params.%d.required", prefix, n), "1");
		n++;
	}
	return n;
}

/* The properties of an object schema into prefix.N.name/type/description
 * (required ones marked). */
static void fields(HDF *hdf, const char *prefix, const bson_t *schema)
{
	char nb[HNAME_MAX], type[128];
	bson_iter_t it, props, req;
	int n = 0;

	if (!bson_iter_init_find(&it, schema, "properties") || !bson_iter_recurse(&it, &props))
		return;
	while (bson_iter_next(&props)) {
		bson_t prop;
		if (!sub_doc(&props, &prop))
			continue;
		const char *name = bson_iter_key(&props);
		type_of(&prop, type, sizeof(type));
		hset_str(hdf, hname(nb, "%s.%d.name", prefix, n), name);
		hset_str(hdf, hname(nb, "%s.%d.type", prefix, n), type);
		hset_str(hdf, hname(nb, "%s.%d.description", prefix, n), str_at(&prop, "description"));
		const char *def = str_at(&prop, "default");
		if (def[0] != '\0')
			hset_str(hdf, hname(nb, "%s.%d.default", prefix, n), def);
		if (bson_iter_init_find(&req, schema, "required") && bson_iter_recurse(&req, &it))
			while (bson_iter_next(&it))
				if (BSON_ITER_HOLDS_UTF8(&it) && strcmp(bson_iter_utf8(&it, NULL), name) == 0)
					hset_str(hdf, hname(nb, "%s.%d.required", prefix, n), "1");
		n++;
	}
}

/* This server's own base URL: the request's scheme and Host (checked to be
 * a host name), then the links' prefix. */
static void base_url(const struct req *r, char *out, size_t size)
{
	const char *https = env_get(r, "HTTPS"), *scheme = env_get(r, "REQUEST_SCHEME");
	const char *host = env_get(r, "HTTP_HOST");
	char hostbuf[300];

	if (host == NULL || *host == '\0' || strlen(host) > 255 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(host)) {
		const char *sn = env_get(r, "SERVER_NAME"), *sp = env_get(r, "SERVER_PORT");
		snprintf(hostbuf, sizeof(hostbuf), "%s%s%s", sn && *sn ? sn : "127.0.0.1",
		         sp && *sp ? ":" : "", sp && *sp ? sp : "");
		host = hostbuf;
	}
	if (scheme == NULL || (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0))
		scheme = https != NULL && strcasecmp(https, "on") == 0 ? "https" : "http";
	snprintf(out, size, "%s://%s%s", scheme, host, r->base);
}

/* The curl command for one operation. */
static void curl_for(const char *base, const char *method, const char *path, const bson_t *op,
                     char *out, size_t size)
{
	char url[1024];
	size_t o = 0;

	/* path parameters become example ids */
	for (const char *p = path; *p != '\0' && o + 30 < sizeof(url);) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (close == NULL)
				break;
			bool second = p > path && strstr(path, "{a}") != NULL && strncmp(p, "{b}", 3) == 0;
			o += (size_t)snprintf(url + o, sizeof(url) - o, "%s",
			                      second ? "ANALYSIS_ID_B" : strncmp(p, "{name}", 6) == 0 ? "style.css"
			                                                                            : "ANALYSIS_ID");
			p = close + 1;
			continue;
		}
		url[o++] = *p++;
	}
	url[o] = '\0';
	if (strcmp(method, "post") == 0 && strcmp(path, "/analyze") == 0)
		snprintf(out, size, "curl -F file=@invoices.csv -F k=3 -F lang=en '%s%s'", base, url);
	else if (strcmp(method, "post") == 0 && strcmp(path, "/analyses") == 0)
		snprintf(out, size, "curl -i -F file=@invoices.csv -F k=auto '%s%s'", base, url);
	else if (strcmp(method, "post") == 0)
		snprintf(out, size, "curl -i -d confirm=yes '%s%s'", base, url);
	else if (strcmp(method, "delete") == 0)
		snprintf(out, size, "curl -X DELETE '%s%s'", base, url);
	else if (strcmp(method, "options") == 0)
		snprintf(out, size, "curl -i -X OPTIONS -H 'Origin: http://localhost:3000' '%s%s'", base, url);
	else if (strcmp(path, "/history") == 0)
		snprintf(out, size, "curl '%s%s?limit=20&offset=0'", base, url);
	else if (strstr(path, ".csv") != NULL)
		snprintf(out, size, "curl -o customers.csv '%s%s'", base, url);
	else
		snprintf(out, size, "curl '%s%s'", base, url);
	(void)op;
}

/* One operation into docs.route.N. */
static void operation(HDF *hdf, int n, const char *base, const char *path, const char *method,
                      const bson_t *item, const bson_t *op)
{
	char nb[HNAME_MAX], pre[64], up[16], cmd[2200], type[128];
	bson_iter_t it, sub;
	bson_t schema, resp;
	int np;

	snprintf(pre, sizeof(pre), "docs.route.%d", n);
	size_t i;
	for (i = 0; method[i] != '\0' && i + 1 < sizeof(up); i++)
		up[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 'a' + 'A' : method[i]);
	up[i] = '\0';
	hset_str(hdf, hname(nb, "%s.method", pre), up);
	hset_str(hdf, hname(nb, "%s.path", pre), path);
	hset(hdf, hname(nb, "%s.anchor", pre), "%s-%d", method, n);
	hset_str(hdf, hname(nb, "%s.summary", pre), str_at(op, "summary"));
	hset_str(hdf, hname(nb, "%s.description", pre), str_at(op, "description"));
	np = params(hdf, pre, item, 0);
	params(hdf, pre, op, np);
	if (bson_iter_init(&it, op) && bson_iter_find_descendant(&it, "requestBody.content", &sub) &&
	    bson_iter_recurse(&sub, &it) && bson_iter_next(&it)) {
		hset_str(hdf, hname(nb, "%s.body_type", pre), bson_iter_key(&it));
		bson_t ct;
		bson_iter_t s;
		if (sub_doc(&it, &ct) && bson_iter_init_find(&s, &ct, "schema") && sub_doc(&s, &schema)) {
			char fp[96];
			snprintf(fp, sizeof(fp), "%s.body", pre);
			fields(hdf, fp, &schema);
			type_of(&schema, type, sizeof(type));
			hset_str(hdf, hname(nb, "%s.body_schema", pre), type);
		}
	}
	if (bson_iter_init_find(&it, op, "responses") && bson_iter_recurse(&it, &sub)) {
		int m = 0;
		while (bson_iter_next(&sub)) {
			if (!sub_doc(&sub, &resp))
				continue;
			hset_str(hdf, hname(nb, "%s.responses.%d.code", pre, m), bson_iter_key(&sub));
			hset_str(hdf, hname(nb, "%s.responses.%d.description", pre, m), str_at(&resp, "description"));
			bson_iter_t c, s2;
			bson_t ct, sch;
			if (bson_iter_init(&c, &resp) && bson_iter_find_descendant(&c, "content", &s2) &&
			    bson_iter_recurse(&s2, &c) && bson_iter_next(&c)) {
				hset_str(hdf, hname(nb, "%s.responses.%d.type", pre, m), bson_iter_key(&c));
				bson_iter_t s3;
				if (sub_doc(&c, &ct) && bson_iter_init_find(&s3, &ct, "schema") && sub_doc(&s3, &sch)) {
					type_of(&sch, type, sizeof(type));
					hset_str(hdf, hname(nb, "%s.responses.%d.schema", pre, m), type);
				}
			}
			m++;
		}
	}
	curl_for(base, method, path, op, cmd, sizeof(cmd));
	hset_str(hdf, hname(nb, "%s.curl", pre), cmd);
}

/* Reads the OpenAPI document: a new bson_t, or NULL. */
static bson_t *spec_load(const struct app *app, char *why, size_t size)
{
	char path[1200];
	bson_error_t berr;
	bson_t *doc;
	char *buf;
	ssize_t n;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/openapi.json", app->staticdir);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || (buf = malloc(SPEC_MAX)) == NULL) {
		if (fd >= 0)
			close(fd);
		snprintf(why, size, "%s cannot be read", path);
		return NULL;
	}
	while (len < SPEC_MAX && (n = read(fd, buf + len, SPEC_MAX - len)) > 0)
		len += (size_t)n;
	close(fd);
	doc = bson_new_from_json((const uint8_t *)buf, (ssize_t)len, &berr);
	free(buf);
	if (doc == NULL)
		snprintf(why, size, "%.600s is not valid JSON: %.300s", path, berr.message);
	return doc;
}

/* GET /docs: 200; 500 when openapi.json cannot be read. */
void page_docs(struct app *app, struct req *r)
{
	static const char *const methods[] = { "get", "post", "delete", "options" };
	char nb[HNAME_MAX], why[1400], base[600];
	bson_iter_t it, paths, item_it;
	bson_t *spec;
	HDF *hdf;
	int n = 0;

	if ((spec = spec_load(app, why, sizeof(why))) == NULL) {
		page_error(app, r, 500, why);
		return;
	}
	if ((hdf = render_hdf(app, r)) == NULL) {
		bson_destroy(spec);
		page_error(app, r, 500, "out of memory");
		return;
	}
	base_url(r, base, sizeof(base));
	hset_str(hdf, "docs.base", base);
	hset_str(hdf, "docs.title", str_at(spec, "info.title"));
	hset_str(hdf, "docs.version", str_at(spec, "info.version"));
	hset_str(hdf, "docs.openapi", str_at(spec, "openapi"));
	hset_str(hdf, "docs.description", str_at(spec, "info.description"));
	if (bson_iter_init_find(&it, spec, "paths") && bson_iter_recurse(&it, &paths))
		while (bson_iter_next(&paths)) {
			bson_t item;
			if (!sub_doc(&paths, &item))
				continue;
			for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
				bson_t op;
				if (bson_iter_init_find(&item_it, &item, methods[m]) && sub_doc(&item_it, &op))
					operation(hdf, n++, base, bson_iter_key(&paths), methods[m], &item, &op);
			}
		}
	if (bson_iter_init(&it, spec) && bson_iter_find_descendant(&it, "components.schemas", &paths) &&
	    bson_iter_recurse(&paths, &it)) {
		int s = 0;
		while (bson_iter_next(&it)) {
			bson_t schema;
			if (!sub_doc(&it, &schema))
				continue;
			char pre[64];
			hset_str(hdf, hname(nb, "docs.schema.%d.name", s), bson_iter_key(&it));
			hset_str(hdf, hname(nb, "docs.schema.%d.description", s), str_at(&schema, "description"));
			snprintf(pre, sizeof(pre), "docs.schema.%d.fields", s);
			fields(hdf, pre, &schema);
			s++;
		}
	}
	bson_destroy(spec);
	hset_str(hdf, "title", tr(r, "docs.title"));
	render_send(r, 200, hdf, "docs.cs", NULL);
	hdf_destroy(&hdf);
}
