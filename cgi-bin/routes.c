/* routes.c: the dispatch table and its walker. */
#include <stdio.h>
#include <string.h>
#include "routes.h"

const struct route routes[] = {
	{ METHOD_GET,    "/",                            page_index,          ROUTE_STORE },
	{ METHOD_GET,    "/analyses",                    page_analyses,       ROUTE_STORE },
	{ METHOD_GET,    "/analyses/compare",            page_compare_form,   0 },
	{ METHOD_POST,   "/analyses",                    page_create,         ROUTE_STORE },
	{ METHOD_GET,    "/analyses/{id}",               page_analysis,       ROUTE_STORE },
	{ METHOD_GET,    "/analyses/{id}/delete",        page_delete_confirm, ROUTE_STORE },
	{ METHOD_POST,   "/analyses/{id}/delete",        page_delete,         ROUTE_STORE },
	{ METHOD_POST,   "/analyze",                     api_analyze,         ROUTE_API | ROUTE_STORE },
	{ METHOD_GET,    "/history",                     api_history,         ROUTE_API | ROUTE_STORE },
	{ METHOD_GET,    "/history/{id}",                api_item,            ROUTE_API | ROUTE_STORE },
	{ METHOD_DELETE, "/history/{id}",                api_delete,          ROUTE_API | ROUTE_STORE },
	{ METHOD_GET,    "/history/{id}/customers.csv",  api_customers_csv,   ROUTE_API | ROUTE_STORE },
	{ METHOD_GET,    "/healthz",                     api_healthz,         ROUTE_API | ROUTE_STORE },
	{ METHOD_GET,    "/openapi.json",                api_openapi,         ROUTE_API },
	{ METHOD_GET,    "/docs",                        page_docs,           0 },
	{ METHOD_GET,    "/static/{name}",               static_file,         0 },
	{ METHOD_GET,    "/analyses/{id}/compare/{b}",   page_compare,        ROUTE_STORE },
	{ METHOD_GET,    "/history/{id}/compare/{b}",    api_compare,         ROUTE_API | ROUTE_STORE },
	{ METHOD_GET,    "/history/{id}/compare/{b}/customers.csv", api_compare_csv, ROUTE_API | ROUTE_STORE },
};
const size_t routes_n = sizeof(routes) / sizeof(routes[0]);

static const char *const methods[METHOD__MAX] = {
	"GET",                    /* METHOD_GET */
	"HEAD",                   /* METHOD_HEAD */
	"POST",                   /* METHOD_POST */
	"DELETE",                 /* METHOD_DELETE */
	"OPTIONS",                /* METHOD_OPTIONS */
};

enum method method_parse(const char *s)
{
	for (int m = 0; s != NULL && m < METHOD__MAX; m++)
		if (strcmp(s, methods[m]) == 0)
			return (enum method)m;
	return METHOD__MAX;
}

const char *method_name(enum method m)
{
	return m < METHOD__MAX ? methods[m] : "?";
}

/* Matches path against pattern; the first {...} segment is copied into
 * id, a second into id2. */
static bool match(const char *pattern, const char *path, char *id, char *id2, size_t idsize)
{
	while (*pattern != '\0') {
		if (*pattern == '{') {
			size_t n = strcspn(path, "/");
			const char *close = strchr(pattern, '}');
			if (n == 0 || close == NULL)
				return false;
			/* an over-long segment still names the route: an unknown id */
			if (n >= idsize)
				id[0] = '\0';
			else {
				memcpy(id, path, n);
				id[n] = '\0';
			}
			path += n;
			pattern = close + 1;
			id = id2;     /* the next {...} fills id2 */
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	/* one trailing slash is forgiven ("/history/") */
	return *path == '\0' || (path[0] == '/' && path[1] == '\0' && pattern[-1] != '/');
}

/* The methods in mask as an Allow value, in enum order. */
static void allow_text(unsigned mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int m = 0; m < METHOD__MAX; m++) {
		if (!(mask & M(m)))
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", methods[m]);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

enum route_verdict route_find(const struct route *table, size_t n, enum method m,
                              const char *path, struct route_hit *hit)
{
	unsigned mask = 0;
	char id[sizeof(hit->id)], id2[sizeof(hit->id2)];

	memset(hit, 0, sizeof(*hit));
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &table[i];
		id[0] = id2[0] = '\0';
		if (!match(rt->pattern, path, id, id2, sizeof(id)))
			continue;
		if (!hit->matched) {
			memcpy(hit->id, id, sizeof(id));
			memcpy(hit->id2, id2, sizeof(id2));
		}
		hit->matched = true;
		hit->api = hit->api || (rt->flags & ROUTE_API);
		mask |= M(rt->method) | (rt->method == METHOD_GET ? M(METHOD_HEAD) : 0) |
		        (rt->flags & ROUTE_API ? M(METHOD_OPTIONS) : 0);
		if (hit->route == NULL &&
		    (rt->method == m || (m == METHOD_HEAD && rt->method == METHOD_GET)))
			hit->route = rt;
	}
	if (!hit->matched)
		return ROUTE_NOT_FOUND;
	allow_text(mask, hit->allow, sizeof(hit->allow));
	if (hit->route == NULL)
		return m == METHOD_OPTIONS && hit->api ? ROUTE_PREFLIGHT : ROUTE_NO_METHOD;
	if (strstr(hit->route->pattern, "{id}") != NULL && !id_valid(hit->id))
		return ROUTE_BAD_ID;
	if (strstr(hit->route->pattern, "{b}") != NULL && !id_valid(hit->id2))
		return ROUTE_BAD_ID;
	return ROUTE_FOUND;
}

bool id_valid(const char *id)
{
	size_t n = strspn(id, "0123456789abcdefABCDEF");
	return n == 24 && id[24] == '\0';
}
