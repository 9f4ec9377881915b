/* main.c: smartseg.fcgi: a FastCGI worker, or a plain CGI program when a web
 * server starts it without FastCGI. One request: path -> the dispatch
 * table's verdict (404, 405, pre-flight, or a route) -> its handler with the
 * application state. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "lang.h"
#include "persona/llm.h"
#include "routes.h"

extern char **environ;

/* The request path and the prefix for links. FastCGI under nginx: the
 * REQUEST_URI, links from "/". CGI: PATH_INFO ("/" when absent), links
 * under SCRIPT_NAME. SMARTSEG_BASE_URL overrides the prefix (a rewrite
 * that hides the script). */
static const char *req_path(const struct app *app, struct req *r, char *buf, size_t size)
{
	const char *pi = env_get(r, "PATH_INFO"), *sn = env_get(r, "SCRIPT_NAME");
	const char *b = ss_config_get(app->cfg, "SMARTSEG_BASE_URL", NULL);
	const char *path;

	if ((pi != NULL && *pi != '\0') || app->cgi) {
		path = (pi != NULL && *pi != '\0') ? pi : "/";
		if (b == NULL)
			b = sn;
	} else {
		const char *u = env_get(r, "REQUEST_URI");
		if (u == NULL || *u == '\0')
			u = "/";
		snprintf(buf, size, "%.*s", (int)strcspn(u, "?"), u);
		path = buf;
	}
	snprintf(r->base, sizeof(r->base), "%s", b ? b : "");
	/* the base goes into Location headers: no control characters */
	for (const char *c = r->base; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			r->base[0] = '\0';
			break;
		}
	size_t n = strlen(r->base);
	if (n > 0 && r->base[n - 1] == '/')
		r->base[n - 1] = '\0';
	return path;
}

/* Errors of a route as its kind (page or JSON); of no route, by Accept. */
static bool wants_html(const struct req *r, const struct route_hit *hit)
{
	const char *accept = env_get(r, "HTTP_ACCEPT");

	if (hit->matched)
		return !hit->api;
	return accept != NULL && strstr(accept, "text/html") != NULL;
}

/* The store, opened on the first request that needs it and reopened after
 * a failure; handlers read app->store (NULL: app->store_err says why). */
static void store_ready(struct app *app)
{
	if (app->store == NULL) {
		ss_error_clear(&app->store_err);
		app->store = ss_store_open(app->cfg, &app->store_err);
	}
}

/* Serves one request: everything it allocates is freed before return. */
static void handle(struct app *app, FCGX_Stream *in, FCGX_Stream *out, char **envp)
{
	struct req *r;
	char pathbuf[2048], msg[600];
	struct route_hit hit;
	enum req_code rc;
	const char *cl;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return;
	r->in = in;
	r->out = out;
	r->envp = envp;
	r->upload_fd = -1;
	r->body_timeout_s = app->body_timeout_s;
	/* absent or garbled: no body; but FastCGI marks the body's end itself,
	 * so there an absent length (a chunked upload) means "read to the end" */
	r->content_length = 0;
	cl = env_get(r, "CONTENT_LENGTH");
	if (in != NULL && (cl == NULL || *cl == '\0'))
		r->content_length = -1;
	if (cl != NULL && *cl != '\0') {
		char *end;
		errno = 0;
		long long v = strtoll(cl, &end, 10);
		if (errno == 0 && *end == '\0' && v > 0)
			r->content_length = v;
	}
	r->method = method_parse(env_get(r, "REQUEST_METHOD"));
	r->path = req_path(app, r, pathbuf, sizeof(pathbuf));
	lang_choose(app, r);

	enum route_verdict v = route_find(routes, routes_n, r->method, r->path, &hit);
	r->want_html = wants_html(r, &hit);
	memcpy(r->id, hit.id, sizeof(r->id));
	memcpy(r->id2, hit.id2, sizeof(r->id2));
	switch (v) {
	case ROUTE_NOT_FOUND:
		reply_error_t(app, r, 404, "msg.no_page");
		goto done;
	case ROUTE_NO_METHOD:
		snprintf(r->allow, sizeof(r->allow), "%s", hit.allow);
		reply_error_t(app, r, 405, "msg.no_method");
		goto done;
	case ROUTE_PREFLIGHT:
		reply_head(r, 204, CT_NONE, true, NULL);
		goto done;
	case ROUTE_BAD_ID:
		reply_error_t(app, r, 404, "msg.no_id");
		goto done;
	case ROUTE_FOUND:
		break;
	}
	if ((rc = form_query(r, msg, sizeof(msg))) != REQ_OK) {
		reply_error(app, r, http_status_req(rc), msg);
		goto done;
	}
	if (hit.route->flags & ROUTE_STORE)
		store_ready(app);
	hit.route->handler(app, r);
done:
	body_drain(r);
	upload_discard(r);
	free(r);
}

/* mkdir -p; errors are left for mkstemp to report. */
static void mkdirs(const char *dir)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	mkdir(path, 0700);
}

/* Settings that hold for the whole process. */
static int app_init(struct app *app)
{
	ss_error err;

	memset(app, 0, sizeof(*app));
	app->cgi = FCGX_IsCGI();
	app->cfg = ss_config_load(".env", &err);
	if (app->cfg == NULL) {
		fprintf(stderr, "smartseg.fcgi: settings: %s\n", err.msg);
		return -1;
	}
	app->tpldir = ss_config_get(app->cfg, "SMARTSEG_TEMPLATES", "templates");
	app->staticdir = ss_config_get(app->cfg, "SMARTSEG_STATIC", "static");
	app->max_upload = (int64_t)ss_config_get_long(app->cfg, "SMARTSEG_MAX_UPLOAD_MB",
	                                              100, 1, 1L << 20) << 20;
	app->body_timeout_s = (int)ss_config_get_long(app->cfg, "SMARTSEG_BODY_TIMEOUT_S",
	                                              60, 1, 3600);
	app->tmpdir = ss_config_get(app->cfg, "SMARTSEG_TMPDIR", "var/tmp");
	mkdirs(app->tmpdir);
	char why[1400];
	/* without the templates the worker still serves the API; the pages
	 * and /healthz answer 503 saying so */
	if (lang_load(app, why, sizeof(why)) != 0) {
		fprintf(stderr, "smartseg.fcgi: %s (the pages answer 503)\n", why);
		lang_free(app);
	}
	return 0;
}

/* SIGTERM / SIGINT / SIGQUIT (what supervisors send: multiwatch passes a
 * stop on as SIGINT) stop the worker between requests: the signals are
 * blocked while a request is served and delivered only while the worker
 * waits in accept(), which they interrupt (no SA_RESTART). Telling libfcgi
 * mid-request would cut the request's reads short. */
static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

/* One line on stderr (the pool's log): UTC time, pid, pool, event. Only
 * under scripts/fcgi-pool.sh (SMARTSEG_POOL set): under another FastCGI
 * manager (Apache's mod_fcgid) stderr is the web server's error log, which
 * should hold errors, not every start and stop. */
static void log_event(const char *fmt, const char *arg, long n)
{
	char when[32], what[200];
	time_t now = time(NULL);
	struct tm tm;
	const char *pool = getenv("SMARTSEG_POOL");

	if (pool == NULL)
		return;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	snprintf(what, sizeof(what), fmt, arg, n);
	fprintf(stderr, "%s smartseg.fcgi[%ld] %s: %s\n", when, (long)getpid(), pool, what);
}

/* Reads of a request's body from the web server give up after timeout_s
 * without data: a stalled upload cannot hold the worker for ever. */
static void body_timeout(int fd, int timeout_s)
{
	struct timeval tv = { .tv_sec = timeout_s, .tv_usec = 0 };

	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/* The FastCGI accept loop; returns when told to stop. */
static int serve_fastcgi(struct app *app)
{
	FCGX_Request rq;
	struct sigaction sa;
	sigset_t stopset;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGTERM);
	sigaddset(&stopset, SIGINT);
	sigaddset(&stopset, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stopset, NULL);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&rq, 0, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		fprintf(stderr, "smartseg.fcgi: FastCGI setup failed\n");
		return -1;
	}
	long served = 0;
	log_event("%sready (body timeout %ld s)", "", app->body_timeout_s);
	for (;;) {
		sigprocmask(SIG_UNBLOCK, &stopset, NULL);  /* a pending stop lands here */
		int rc = stopping ? -1 : FCGX_Accept_r(&rq);
		sigprocmask(SIG_BLOCK, &stopset, NULL);
		if (rc < 0)
			break;
		body_timeout(rq.ipcFd, app->body_timeout_s);
		handle(app, rq.in, rq.out, rq.envp);
		FCGX_Finish_r(&rq);
		served++;
	}
	log_event("leaving%s after %ld requests", stopping ? " when told to stop" : "", served);
	FCGX_Free(&rq, 1);
	return 0;
}

int main(void)
{
	struct app app;
	int rc = 0;

	/* a client gone mid-answer must not kill the worker (libcurl, CGI) */
	signal(SIGPIPE, SIG_IGN);
	if (app_init(&app) != 0)
		return 1;
	ss_llm_global_init();  /* failure only means personas by rules */
	if (app.cgi) {
		handle(&app, NULL, NULL, environ);
		fflush(stdout);
	} else if (serve_fastcgi(&app) != 0) {
		rc = 1;
	}
	if (app.store != NULL)
		ss_store_close(app.store);
	ss_store_process_cleanup();
	ss_llm_global_cleanup();
	lang_free(&app);
	ss_config_free(app.cfg);
	return rc;
}
