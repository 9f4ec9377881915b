/* web.h: the types every layer of the web front shares: the application
 * state (built once per process, handed to every handler) and the request
 * (one per HTTP request, freed by main when it is answered).
 *
 * The layers, bottom up, each with its header:
 *   reply.h     the response: status line, common headers, body writers,
 *               JSON error bodies (reply.c); calls nothing above it
 *   request.h   the request: environment and body reads, query string,
 *               urlencoded and multipart forms, the upload (request.c,
 *               form.c, multipart.c); returns enum req_code, never HTTP
 *   handlers.h  the API and page handlers (api.c, export_csv.c, pages.c,
 *               page_result.c, page_error.c, analyze.c, static_files.c),
 *               with render.h, charts.h and fmt.h for the pages
 *   routes.h    the one dispatch table and its walker (routes.c)
 *   main.c      the process: settings, the FastCGI loop, one request
 * No analysis logic lives in cgi-bin/: it parses, calls lib/, formats. */
#ifndef SMARTSEG_WEB_H
#define SMARTSEG_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <fcgiapp.h>
#include "config.h"
#include "ss_error.h"
#include "store/store.h"

/* Request methods we name; anything else is METHOD__MAX (405). */
enum method {
	METHOD_GET = 0,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_DELETE,
	METHOD_OPTIONS,
	METHOD__MAX
};
#define M(x) (1u << (x))

/* Input keys from the query string or the form body. */
enum key {
	KEY_FILE = 0,         /* the upload (multipart only) */
	KEY_DELIMITER,        /* as ss_parse_delimiter: , ; | tab auto ... */
	KEY_K,                /* 2..20 or "auto" */
	KEY_TRANSFORM,        /* "none" / "log" */
	KEY_LANG,             /* "en" / "fr" */
	KEY_SEED,             /* 0..4294967295 (the CLI's range) */
	KEY_LIMIT,            /* 1..200 */
	KEY_OFFSET,           /* >= 0 */
	KEY_PAGE,             /* >= 1 */
	KEY_CONFIRM,          /* "yes" */
	KEY_REFERENCE,        /* an analysis id to number clusters after, or "" */
	KEY_NEW_PERSONAS,     /* "yes": with reference, name matched clusters afresh */
	KEY_A,                /* the compare form's earlier analysis */
	KEY_B,                /* and later one */
	KEY_RETURNS,          /* "net" / "exclude" */
	KEY_NONPOSITIVE,      /* "keep" / "aside" */
	KEY_CAP,              /* "off" or a percentile, 50..99.99 */
	KEY_BINS,             /* as ss_parse_bins: 3, 4, 5 or R:..;F:..;M:.. */
	KEY_SEGMENT,          /* a segment's name (the customers export), or "" */
	KEY_SNAPSHOT,         /* "" or YYYY-MM-DD: the analysis date */
	KEY_IDEMPOTENCY_KEY,  /* a retried upload's key (or the Idempotency-Key header) */
	KEY_SHEET,            /* an .xlsx workbook's sheet, or "" (the first) */
	KEY_CLV,              /* "on" / "off": lifetime value */
	KEY_HORIZON,          /* days, 1..3650 */
	KEY_DISCOUNT,         /* annual rate, 0..1 */
	KEY_HOLDOUT,          /* "" or YYYY-MM-DD: the backtest's calibration end */
	KEY__MAX
};

/* Response body types; the table in reply.c gives each Content-Type. */
enum ctype {
	CT_NONE = 0,
	CT_JSON,
	CT_HTML,
	CT_CSV,
	CT_CSS,
	CT_TEXT,
	CT__MAX
};

#define FIELD_MAX 256         /* longest text field value kept */

/* One input value: raw text as sent, then typed by its validator. */
struct field {
	bool present;
	bool valid;
	char raw[FIELD_MAX];
	union {
		long long i;
		double d;
		char c;
		const char *s;
	} parsed;
	char error[320];          /* why the validator refused it */
};

/* Process-wide state, built once by main and passed to every handler (no
 * request data). main opens the store before a handler that needs it. */
struct app {
	ss_config *cfg;
	ss_store *store;          /* NULL when it could not be opened: then
	                           * store_err says why; retried next request */
	ss_error store_err;
	const char *tmpdir;       /* upload temp files */
	const char *tpldir;       /* ClearSilver templates */
	const char *staticdir;    /* CSS, openapi.json */
	int64_t max_upload;       /* bytes */
	int body_timeout_s;       /* a request body that stops arriving for this
	                           * long is refused (SMARTSEG_BODY_TIMEOUT_S) */
	bool cgi;                 /* started as plain CGI */
	struct _hdf *cat[2];      /* the catalogues, one per page language
	                           * (lang.h: LANG_EN, LANG_FR) */
};

struct upload_watch;          /* request.h */

/* One request; main frees it, with its upload, once it is answered. */
struct req {
	FCGX_Stream *in, *out;    /* NULL in CGI mode: stdin / stdout */
	char **envp;
	enum method method;
	const char *path;         /* routed path, starts with '/' */
	char id[32];              /* the {id} or {name} segment of the route */
	char id2[32];             /* the second one ({b} of a comparison) */
	char base[256];           /* prefix for links (SCRIPT_NAME under CGI) */
	char allow[64];           /* "GET, HEAD": sent as Allow with a 405 */
	bool want_html;           /* errors as pages, not JSON */
	int64_t content_length;   /* CONTENT_LENGTH; 0 when absent (-1 under
	                           * FastCGI: read to the stream's end) */
	int64_t body_read;        /* bytes of the body consumed so far */
	int body_timeout_s;       /* app->body_timeout_s (CGI reads wait this long) */
	bool body_stalled;        /* a body read timed out */
	struct field fields[KEY__MAX];
	/* the upload (KEY_FILE): an anonymous temp file */
	int upload_fd;            /* -1 when none */
	char upload_path[64];     /* what lib opens: /proc/self/fd/N or the name */
	char upload_name_tmp[512];/* the temp file's name while it still has one */
	char upload_name[256];    /* the client's file name (data, never a path) */
	int64_t upload_size;
	const struct upload_watch *watch; /* told as the upload arrives, or NULL */
	void *watch_state;        /* the watcher's own (e.g. the live parse) */
	int lang;                 /* the page language (lang.h) */
	bool lang_query;          /* chosen by ?lang=: links and forms keep it */
	struct _hdf *cat;         /* its catalogue (app's) */
	bool head_sent;
	bool body_off;            /* HEAD: headers only */
	int status;
};

#endif
