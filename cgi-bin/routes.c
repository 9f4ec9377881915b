/* routes.c: the route table: path patterns, allowed methods, API or page. */
#include <stdio.h>
#include <string.h>
#include "web.h"

struct route {
	const char *pattern;      /* '*' stands for one path segment, the id */
	unsigned methods;         /* M(METHOD_x) bits; OPTIONS added for APIs */
	bool api;                 /* JSON + CORS; errors as {"detail"} */
};

static const struct route routes[PAGE__MAX] = {
	{ "/", M(METHOD_GET), false },                              /* PAGE_INDEX */
	{ "/analyses", M(METHOD_GET) | M(METHOD_POST), false },     /* PAGE_ANALYSES */
	{ "/analyses/*", M(METHOD_GET), false },                    /* PAGE_ANALYSIS */
	{ "/analyses/*/delete", M(METHOD_GET) | M(METHOD_POST), false }, /* PAGE_DELETE */
	{ "/analyze", M(METHOD_POST), true },                       /* PAGE_API_ANALYZE */
	{ "/history", M(METHOD_GET), true },                        /* PAGE_API_HISTORY */
	{ "/history/*", M(METHOD_GET) | M(METHOD_DELETE), true },   /* PAGE_API_ITEM */
	{ "/history/*/customers.csv", M(METHOD_GET), true },        /* PAGE_API_CSV */
	{ "/healthz", M(METHOD_GET), true },                        /* PAGE_HEALTHZ */
	{ "/openapi.json", M(METHOD_GET), true },                   /* PAGE_OPENAPI */
	{ "/static/*", M(METHOD_GET), false },                      /* PAGE_STATIC */
};

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

/* Matches path against pattern; the '*' segment is copied into id. */
static bool match(const char *pattern, const char *path, char *id, size_t idsize)
{
	while (*pattern != '\0') {
		if (*pattern == '*') {
			size_t n = strcspn(path, "/");
			if (n == 0)
				return false;
			/* an over-long segment still names the route: an unknown id */
			if (n >= idsize)
				id[0] = '\0';
			else {
				memcpy(id, path, n);
				id[n] = '\0';
			}
			path += n;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	/* one trailing slash is forgiven ("/history/") */
	return *path == '\0' || (path[0] == '/' && path[1] == '\0' && pattern[-1] != '/');
}

enum page route_match(const char *path, char *id, size_t idsize)
{
	id[0] = '\0';
	for (int p = 0; p < PAGE__MAX; p++)
		if (match(routes[p].pattern, path, id, idsize))
			return (enum page)p;
	return PAGE__MAX;
}

unsigned route_methods(enum page p)
{
	return routes[p].methods | (routes[p].api ? M(METHOD_OPTIONS) : 0) |
	       ((routes[p].methods & M(METHOD_GET)) ? M(METHOD_HEAD) : 0);
}

bool route_is_api(enum page p)
{
	return p < PAGE__MAX && routes[p].api;
}

void route_allow(enum page p, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (p >= PAGE__MAX)
		return;
	for (int m = 0; m < METHOD__MAX; m++) {
		if (!(route_methods(p) & M(m)))
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", methods[m]);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

/* A stored id is 24 lowercase or uppercase hex digits. */
bool id_valid(const char *id)
{
	size_t n = strspn(id, "0123456789abcdefABCDEF");
	return n == 24 && id[24] == '\0';
}
