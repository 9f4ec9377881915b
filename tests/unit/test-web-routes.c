/* test-web-routes.c: the dispatch table and its walker: every route is
 * reached by its method and path, a path without the method is a 405 whose
 * Allow lists the path's methods, an unknown path a 404, {id} must have an
 * id's form, and the response layer sends that Allow with the 405. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "../../cgi-bin/routes.c"
#include "../../cgi-bin/reply.c"
#include "../../cgi-bin/public_msg.c"

/* The handlers the table names, recording which one ran. */
static const char *ran;
#define RECORD(fn) void fn(struct app *app, struct req *r) { (void)app; (void)r; ran = #fn; }
RECORD(page_index) RECORD(page_analyses) RECORD(page_create) RECORD(page_analysis)
RECORD(page_delete_confirm) RECORD(page_delete) RECORD(api_analyze) RECORD(api_history)
RECORD(api_item) RECORD(api_delete) RECORD(api_customers_csv) RECORD(api_healthz)
RECORD(api_openapi) RECORD(static_file) RECORD(page_compare) RECORD(page_compare_form)
RECORD(api_compare) RECORD(api_compare_csv) RECORD(page_docs)

#define ID "0123456789abcdef01234567"

/* Walks the real table; runs the handler found, if any. */
static enum route_verdict walk(enum method m, const char *path, struct route_hit *hit)
{
	enum route_verdict v = route_find(routes, routes_n, m, path, hit);

	ran = NULL;
	if (v == ROUTE_FOUND)
		hit->route->handler(NULL, NULL);
	return v;
}

static void found(enum method m, const char *path, const char *handler)
{
	struct route_hit hit;
	enum route_verdict v = walk(m, path, &hit);

	CHECK(v == ROUTE_FOUND && ran != NULL && strcmp(ran, handler) == 0,
	      "%s %s -> %s (got verdict %d, %s)", method_name(m), path, handler, v,
	      ran ? ran : "none");
}

static void refused(enum method m, const char *path, const char *allow)
{
	struct route_hit hit;
	enum route_verdict v = walk(m, path, &hit);

	CHECK(v == ROUTE_NO_METHOD && strcmp(hit.allow, allow) == 0 && ran == NULL,
	      "%s %s -> 405, Allow: %s (got verdict %d, '%s')", method_name(m), path, allow, v,
	      hit.allow);
}

static void missing(enum method m, const char *path)
{
	struct route_hit hit;
	enum route_verdict v = walk(m, path, &hit);

	CHECK(v == ROUTE_NOT_FOUND && !hit.matched && ran == NULL, "%s %s -> 404 (got %d)",
	      method_name(m), path, v);
}

/* What reply_head writes for r, read back from stdout (CGI mode). */
static void head_text(struct req *r, int status, enum ctype ct, bool cors, char *out, size_t size)
{
	FILE *f = tmpfile();
	int saved = dup(STDOUT_FILENO);
	size_t n = 0;

	out[0] = '\0';
	if (f == NULL || saved < 0)
		return;
	fflush(stdout);
	dup2(fileno(f), STDOUT_FILENO);
	reply_head(r, status, ct, cors, NULL);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
}

int main(void)
{
	struct route_hit hit;
	char path[128];

	/* every route of the table is reached by its own method and path */
	for (size_t i = 0; i < routes_n; i++) {
		const struct route *rt = &routes[i];
		const char *p = rt->pattern;
		size_t o = 0;
		while (*p != '\0' && o + 32 < sizeof(path)) {
			if (strncmp(p, "{id}", 4) == 0) {
				o += (size_t)snprintf(path + o, sizeof(path) - o, "%s", ID);
				p += 4;
			} else if (strncmp(p, "{b}", 3) == 0) {
				o += (size_t)snprintf(path + o, sizeof(path) - o, "%s", "abcdefabcdefabcdefabcdef");
				p += 3;
			} else if (strncmp(p, "{name}", 6) == 0) {
				o += (size_t)snprintf(path + o, sizeof(path) - o, "%s", "style.css");
				p += 6;
			} else {
				path[o++] = *p++;
			}
		}
		path[o] = '\0';
		enum route_verdict v = route_find(routes, routes_n, rt->method, path, &hit);
		CHECK(v == ROUTE_FOUND && hit.route == rt, "route %zu: %s %s is reached", i,
		      method_name(rt->method), path);
		CHECK(hit.api == ((rt->flags & ROUTE_API) != 0), "route %zu: API %s", i,
		      hit.api ? "yes" : "no");
	}

	/* the methods of one path go to their handlers; HEAD goes to GET */
	found(METHOD_GET, "/", "page_index");
	found(METHOD_GET, "/analyses", "page_analyses");
	found(METHOD_HEAD, "/analyses", "page_analyses");
	found(METHOD_POST, "/analyses", "page_create");
	found(METHOD_GET, "/analyses/" ID "/delete", "page_delete_confirm");
	found(METHOD_POST, "/analyses/" ID "/delete", "page_delete");
	found(METHOD_GET, "/history/" ID, "api_item");
	found(METHOD_DELETE, "/history/" ID, "api_delete");
	found(METHOD_GET, "/history/" ID "/customers.csv", "api_customers_csv");
	found(METHOD_GET, "/history/", "api_history");    /* one trailing slash forgiven */
	found(METHOD_GET, "/static/app.css", "static_file");
	found(METHOD_GET, "/analyses/compare", "page_compare_form");
	found(METHOD_GET, "/analyses/" ID "/compare/abcdefabcdefabcdefabcdef", "page_compare");
	found(METHOD_GET, "/history/" ID "/compare/abcdefabcdefabcdefabcdef", "api_compare");
	found(METHOD_GET, "/history/" ID "/compare/abcdefabcdefabcdefabcdef/customers.csv", "api_compare_csv");
	CHECK(route_find(routes, routes_n, METHOD_GET, "/history/" ID "/compare/abcdefabcdefabcdefabcdef", &hit) ==
	      ROUTE_FOUND && strcmp(hit.id, ID) == 0 && strcmp(hit.id2, "abcdefabcdefabcdefabcdef") == 0,
	      "a comparison's two ids: {id} and {b}");
	CHECK(route_find(routes, routes_n, METHOD_GET, "/history/" ID "/compare/nothex", &hit) == ROUTE_BAD_ID,
	      "a malformed {b}: 404");

	/* 405 with the path's methods, in a fixed order */
	refused(METHOD__MAX, "/analyses", "GET, HEAD, POST");
	refused(METHOD_DELETE, "/analyses", "GET, HEAD, POST");
	refused(METHOD_POST, "/", "GET, HEAD");
	refused(METHOD_OPTIONS, "/", "GET, HEAD");        /* pages have no pre-flight */
	refused(METHOD_DELETE, "/analyses/" ID, "GET, HEAD");
	refused(METHOD_GET, "/analyze", "POST, OPTIONS");
	refused(METHOD_POST, "/history/" ID, "GET, HEAD, DELETE, OPTIONS");
	refused(METHOD_DELETE, "/history/" ID "/customers.csv", "GET, HEAD, OPTIONS");
	refused(METHOD__MAX, "/healthz", "GET, HEAD, OPTIONS");

	/* OPTIONS on an API path: the pre-flight, no handler */
	CHECK(walk(METHOD_OPTIONS, "/analyze", &hit) == ROUTE_PREFLIGHT && ran == NULL,
	      "OPTIONS /analyze -> pre-flight");
	CHECK(walk(METHOD_OPTIONS, "/history/" ID, &hit) == ROUTE_PREFLIGHT,
	      "OPTIONS /history/{id} -> pre-flight");

	/* 404: no route has the path */
	missing(METHOD_GET, "/nope");
	missing(METHOD_GET, "");
	missing(METHOD_GET, "/history//");
	missing(METHOD_GET, "/analyses/" ID "/delete/x");
	missing(METHOD_GET, "/history/" ID "/customers.json");
	missing(METHOD_GET, "/analysesX");
	missing(METHOD_POST, "/static/");
	CHECK(walk(METHOD_GET, "/healthz", &hit) == ROUTE_FOUND && hit.api,
	      "an API path says so (errors as JSON)");
	CHECK(walk(METHOD_GET, "/nope", &hit) == ROUTE_NOT_FOUND && !hit.api,
	      "an unknown path is no API path (errors by Accept)");

	/* {id}: the segment is captured and must have an id's form */
	CHECK(walk(METHOD_GET, "/analyses/" ID, &hit) == ROUTE_FOUND && strcmp(hit.id, ID) == 0,
	      "{id} captured");
	CHECK(walk(METHOD_GET, "/analyses/xyz", &hit) == ROUTE_BAD_ID && ran == NULL &&
	      strcmp(hit.id, "xyz") == 0 && hit.route != NULL &&
	      hit.route->handler == page_analysis, "a malformed id -> 404, its handler not run");
	CHECK(walk(METHOD_GET, "/history/" ID "0000000000000000/customers.csv", &hit) ==
	      ROUTE_BAD_ID && hit.id[0] == '\0', "an over-long id -> 404");
	CHECK(walk(METHOD_GET, "/history/0123456789ABCDEF01234567", &hit) == ROUTE_FOUND,
	      "upper-case hex is an id");
	CHECK(walk(METHOD_DELETE, "/analyses/xyz", &hit) == ROUTE_NO_METHOD,
	      "the method is checked before the id (405, not 404)");
	CHECK(walk(METHOD_GET, "/static/not-an-id.css", &hit) == ROUTE_FOUND &&
	      strcmp(hit.id, "not-an-id.css") == 0, "{name} takes any segment");

	CHECK(method_parse("GET") == METHOD_GET && method_parse("DELETE") == METHOD_DELETE,
	      "methods parse");
	CHECK(method_parse("get") == METHOD__MAX && method_parse("PATCH") == METHOD__MAX &&
	      method_parse(NULL) == METHOD__MAX, "unknown methods are METHOD__MAX");

	/* the response layer sends the walker's Allow with a 405, only then */
	struct req r;
	char out[2048];
	memset(&r, 0, sizeof(r));
	walk(METHOD_DELETE, "/analyses", &hit);
	snprintf(r.allow, sizeof(r.allow), "%s", hit.allow);
	head_text(&r, 405, CT_JSON, true, out, sizeof(out));
	CHECK(strncmp(out, "Status: 405 Method Not Allowed\r\n", 32) == 0 &&
	      strstr(out, "\r\nAllow: GET, HEAD, POST\r\n") != NULL &&
	      strstr(out, "X-Content-Type-Options: nosniff\r\n") != NULL &&
	      strstr(out, "X-Frame-Options: DENY\r\n") != NULL &&
	      strcmp(out + strlen(out) - 4, "\r\n\r\n") == 0, "405 head: status, Allow, nosniff, "
	      "X-Frame-Options, blank line");
	memset(&r, 0, sizeof(r));
	snprintf(r.allow, sizeof(r.allow), "GET");
	head_text(&r, 404, CT_HTML, false, out, sizeof(out));
	CHECK(strstr(out, "Allow:") == NULL && strstr(out, "Content-Security-Policy") != NULL &&
	      strstr(out, "Access-Control") == NULL, "404 page head: no Allow, CSP, no CORS");
	head_text(&r, 200, CT_HTML, false, out, sizeof(out));
	CHECK(out[0] == '\0', "the head is written once per request");

	char shown[256];
	const char *plain = "not multipart/form-data; date 12/1/10; see http://a.example/b/c";
	CHECK(public_msg(plain, shown, sizeof(shown)) == plain, "no path: the message as it is");
	CHECK_STR(public_msg("the store file /var/lib/smartseg/smartseg.db is read-only (x)", shown,
	                     sizeof(shown)), "the store file smartseg.db is read-only (x)",
	          "a server path cut to its file name");
	return CHECK_DONE();
}
