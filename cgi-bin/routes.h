/* routes.h: the one dispatch table (method, path pattern, handler, flags)
 * and the walker main uses: a path no route has is a 404; a path that
 * routes have, but not for this method, a 405 with their methods as Allow
 * (GET brings HEAD, an API route OPTIONS). To add a route: write the
 * handler (handlers.h) and add one line to the table in routes.c. */
#ifndef SMARTSEG_ROUTES_H
#define SMARTSEG_ROUTES_H
#include <stdbool.h>
#include <stddef.h>
#include "handlers.h"
#include "web.h"

enum {
	ROUTE_API = 1u << 0,      /* JSON + CORS, errors as {"detail"}, OPTIONS */
	ROUTE_STORE = 1u << 1,    /* main opens the store before the handler */
};

struct route {
	enum method method;       /* GET also serves HEAD */
	const char *pattern;      /* "/history/{id}": {id} is one segment that
	                           * must be a stored id's form (else 404),
	                           * {name} any one segment */
	handler_fn handler;
	unsigned flags;           /* ROUTE_* */
};

/* What the walk found. */
enum route_verdict {
	ROUTE_FOUND = 0,          /* hit->route serves it */
	ROUTE_PREFLIGHT,          /* OPTIONS on an API path: 204 */
	ROUTE_NOT_FOUND,          /* no route has this path: 404 */
	ROUTE_NO_METHOD,          /* not with this method: 405, hit->allow */
	ROUTE_BAD_ID,             /* {id} is not an id's form: 404 */
};

struct route_hit {
	const struct route *route; /* ROUTE_FOUND, ROUTE_BAD_ID */
	bool matched;             /* some route has this path */
	bool api;                 /* one of them is an API route */
	char id[32];              /* the {id} / {name} segment ("" if too long) */
	char id2[32];             /* a second one ({b} of a comparison) */
	char allow[64];           /* "GET, HEAD, POST": the path's methods */
};

extern const struct route routes[];
extern const size_t routes_n;

/* "GET" -> METHOD_GET...; METHOD__MAX for anything else (or NULL). */
enum method method_parse(const char *s);
const char *method_name(enum method m);
/* Walks table[0..n) for method m on path (which starts with '/'). */
enum route_verdict route_find(const struct route *table, size_t n, enum method m,
                              const char *path, struct route_hit *hit);
/* A stored id: 24 hex digits, either case. */
bool id_valid(const char *id);

#endif
