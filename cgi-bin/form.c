/* form.c: input keys, their validators, and reading them from the query
 * string, a urlencoded body or a multipart body (the upload streams to an
 * anonymous temp file, and its watcher is told as it grows). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "ingest/text.h"
#include "model/params.h"
#include "multipart.h"
#include "persona/persona.h"
#include "request.h"

#define URLENCODED_MAX (64 * 1024)
#define BODY_SLACK (1024 * 1024)  /* multipart overhead allowed over the file limit */

typedef int (*validator)(struct field *);

/* Copies s into dst with anything but printable ASCII shown as '?', so an
 * echoed value is always valid UTF-8 and one line. */
static void safe_copy(char *dst, size_t size, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < max && i + 1 < size; i++)
		dst[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	dst[i] = '\0';
	if (s[i] != '\0' && i + 4 < size)
		strcpy(dst + i, "...");
}

static int refuse(struct field *f, const char *what)
{
	char shown[64];

	safe_copy(shown, sizeof(shown), f->raw, 40);
	snprintf(f->error, sizeof(f->error), "%s (got \"%s\")", what, shown);
	return 0;
}

static int parse_ll(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	if (*s == '\0' || isspace((unsigned char)*s))
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

static int valid_file(struct field *f)
{
	(void)f;
	return 1;     /* the upload itself is checked by the handler */
}

static int valid_text(struct field *f)
{
	f->parsed.s = f->raw;  /* what it names is the handler's to say */
	return 1;
}

static int valid_delimiter(struct field *f)
{
	ss_error err;

	if (ss_parse_delimiter(f->raw, &f->parsed.c, &err) != 0) {
		snprintf(f->error, sizeof(f->error), "%.300s", err.msg);
		return 0;
	}
	return 1;
}

static int valid_k(struct field *f)
{
	ss_error err;
	int k;

	if (ss_parse_k(f->raw, &k, &err) != 0) {
		char what[96];
		snprintf(what, sizeof(what), "k must be an integer from %d to %d, or auto",
		         SS_K_MIN, SS_K_MAX);
		return refuse(f, what);
	}
	f->parsed.i = k;
	return 1;
}

static int valid_transform(struct field *f)
{
	ss_error err;
	ss_transform t;

	if (ss_parse_transform(f->raw, &t, &err) != 0)
		return refuse(f, "transform must be none or log");
	f->parsed.i = t;
	return 1;
}

static int valid_lang(struct field *f)
{
	ss_lang l;

	if (ss_lang_parse(f->raw, &l) != 0)
		return refuse(f, "lang must be en or fr");
	f->parsed.i = l;
	return 1;
}

/* An integer in [lo, hi], or refused with what. */
static int in_range(struct field *f, long long lo, long long hi, const char *what)
{
	return parse_ll(f->raw, lo, hi, &f->parsed.i) ? 1 : refuse(f, what);
}

static int valid_seed(struct field *f)
{
	/* the CLI's range: a stored seed can be given to the CLI again */
	return in_range(f, 0, UINT32_MAX, "seed must be a whole number from 0 to 4294967295");
}

static int valid_limit(struct field *f)
{
	return in_range(f, 1, 200, "limit must be an integer from 1 to 200");
}

static int valid_offset(struct field *f)
{
	return in_range(f, 0, 1000000000, "offset must be a non-negative integer");
}

static int valid_page(struct field *f)
{
	return in_range(f, 1, 10000000, "page must be a positive integer");
}

static int valid_confirm(struct field *f)
{
	if (strcmp(f->raw, "yes") != 0)
		return refuse(f, "confirm must be yes");
	return 1;
}

/* an analysis id, or empty for none (the store says whether it exists) */
static int valid_id(struct field *f)
{
	size_t n = strlen(f->raw);
	if (n != 0 && (n != 24 || strspn(f->raw, "0123456789abcdefABCDEF") != 24))
		return refuse(f, "an analysis id is 24 hex digits");
	f->parsed.s = f->raw;
	return 1;
}

static int valid_yes(struct field *f)
{
	if (strcmp(f->raw, "yes") != 0 && strcmp(f->raw, "") != 0)
		return refuse(f, "new_personas must be yes or empty");
	f->parsed.i = f->raw[0] != '\0';
	return 1;
}

/* The lib's message (which already quotes the value, made safe) as the
 * field's error. */
static int refuse_msg(struct field *f, const ss_error *err)
{
	snprintf(f->error, sizeof(f->error), "%.300s", err->msg);
	return 0;
}

static int valid_returns(struct field *f)
{
	ss_error err;
	ss_returns v;

	if (ss_parse_returns(f->raw, &v, &err) != 0)
		return refuse_msg(f, &err);
	f->parsed.i = v;
	return 1;
}

static int valid_nonpositive(struct field *f)
{
	ss_error err;
	ss_nonpositive v;

	if (ss_parse_nonpositive(f->raw, &v, &err) != 0)
		return refuse_msg(f, &err);
	f->parsed.i = v;
	return 1;
}

static int valid_cap(struct field *f)
{
	ss_error err;

	return ss_parse_cap(f->raw, &f->parsed.d, &err) != 0 ? refuse_msg(f, &err) : 1;
}

/* the bins themselves are parsed again from raw by params_from_fields */
static int valid_bins(struct field *f)
{
	ss_error err;
	ss_bins b;

	return ss_parse_bins(f->raw, &b, &err) != 0 ? refuse_msg(f, &err) : 1;
}

static int valid_snapshot(struct field *f)
{
	ss_error err;
	bool set;
	int64_t day;

	if (ss_parse_day(f->raw, "snapshot", &set, &day, &err) != 0)
		return refuse_msg(f, &err);
	f->parsed.i = set ? day : INT64_MIN;  /* none: the day after the latest purchase */
	return 1;
}

static int valid_idempotency_key(struct field *f)
{
	if (!ss_store_key_valid(f->raw))
		return refuse(f, "idempotency_key (or the Idempotency-Key header) is 1 to 200 "
		                 "printable ASCII characters without spaces");
	f->parsed.s = f->raw;
	return 1;
}

/* a sheet name as ss_params holds it; whether it exists, the workbook says */
static int valid_sheet(struct field *f)
{
	if (strlen(f->raw) >= sizeof(((ss_params *)0)->sheet))
		return refuse(f, "a sheet name is at most 127 bytes");
	f->parsed.s = f->raw;
	return 1;
}

static int valid_clv(struct field *f)
{
	ss_error err;
	bool on;

	if (ss_parse_clv(f->raw, &on, &err) != 0)
		return refuse_msg(f, &err);
	f->parsed.i = on;
	return 1;
}

static int valid_horizon(struct field *f)
{
	ss_error err;
	int days;

	if (ss_parse_horizon(f->raw, &days, &err) != 0)
		return refuse_msg(f, &err);
	f->parsed.i = days;
	return 1;
}

static int valid_discount(struct field *f)
{
	ss_error err;

	return ss_parse_discount(f->raw, &f->parsed.d, &err) != 0 ? refuse_msg(f, &err) : 1;
}

static int valid_holdout(struct field *f)
{
	ss_error err;
	bool set;
	int64_t day;

	if (ss_parse_day(f->raw, "holdout", &set, &day, &err) != 0)
		return refuse_msg(f, &err);
	f->parsed.i = set ? day : INT64_MIN;
	return 1;
}

static const struct {
	const char *name;
	validator valid;
} keys[KEY__MAX] = {
	{ "file", valid_file },           /* KEY_FILE */
	{ "delimiter", valid_delimiter }, /* KEY_DELIMITER */
	{ "k", valid_k },                 /* KEY_K */
	{ "transform", valid_transform }, /* KEY_TRANSFORM */
	{ "lang", valid_lang },           /* KEY_LANG */
	{ "seed", valid_seed },           /* KEY_SEED */
	{ "limit", valid_limit },         /* KEY_LIMIT */
	{ "offset", valid_offset },       /* KEY_OFFSET */
	{ "page", valid_page },           /* KEY_PAGE */
	{ "confirm", valid_confirm },     /* KEY_CONFIRM */
	{ "reference", valid_id },        /* KEY_REFERENCE */
	{ "new_personas", valid_yes },    /* KEY_NEW_PERSONAS */
	{ "a", valid_id },                /* KEY_A */
	{ "b", valid_id },                /* KEY_B */
	{ "returns", valid_returns },     /* KEY_RETURNS */
	{ "nonpositive", valid_nonpositive }, /* KEY_NONPOSITIVE */
	{ "cap", valid_cap },             /* KEY_CAP */
	{ "bins", valid_bins },           /* KEY_BINS */
	{ "segment", valid_text },        /* KEY_SEGMENT */
	{ "snapshot", valid_snapshot },   /* KEY_SNAPSHOT */
	{ "idempotency_key", valid_idempotency_key }, /* KEY_IDEMPOTENCY_KEY */
	{ "sheet", valid_sheet },         /* KEY_SHEET */
	{ "clv", valid_clv },             /* KEY_CLV */
	{ "horizon", valid_horizon },     /* KEY_HORIZON */
	{ "discount", valid_discount },   /* KEY_DISCOUNT */
	{ "holdout", valid_holdout },     /* KEY_HOLDOUT */
};

const char *key_name(enum key k)
{
	return keys[k].name;
}

static int key_find(const char *name)
{
	for (int k = 0; k < KEY__MAX; k++)
		if (strcmp(keys[k].name, name) == 0)
			return k;
	return -1;
}

int form_validate(struct req *r)
{
	int bad = 0;

	for (int k = 0; k < KEY__MAX; k++) {
		struct field *f = &r->fields[k];
		if (!f->present)
			continue;
		f->valid = keys[k].valid(f) != 0;
		bad += !f->valid;
	}
	return bad;
}

_Static_assert(KEY__MAX <= 32, "form_keep's mask holds one bit per key");

void form_keep(struct req *r, unsigned long used)
{
	for (int k = 0; k < KEY__MAX; k++)
		if (!(used & (1UL << k)))
			r->fields[k].present = false;
}

/* Records one text value; a duplicate key or an over-long value is
 * malformed (-1, msg filled). Unknown keys are ignored. */
static int field_set(struct req *r, const char *name, const char *value,
                     size_t len, char *msg, size_t msgsize)
{
	int k = key_find(name);
	struct field *f;

	if (k < 0 || k == KEY_FILE)
		return 0;
	f = &r->fields[k];
	if (f->present) {
		snprintf(msg, msgsize, "the field \"%s\" is given more than once", keys[k].name);
		return -1;
	}
	f->present = true;
	if (len >= sizeof(f->raw)) {
		snprintf(msg, msgsize, "the field \"%s\" is too long", keys[k].name);
		return -1;
	}
	memcpy(f->raw, value, len);
	f->raw[len] = '\0';
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes %XX and '+' in place; returns the new length. */
static size_t url_decode(char *s)
{
	char *o = s;

	for (char *p = s; *p != '\0'; p++) {
		if (*p == '+') {
			*o++ = ' ';
		} else if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			*o++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return (size_t)(o - s);
}

/* Parses "a=1&b=2" (modified in place) into r->fields. */
static int parse_urlencoded(struct req *r, char *s, bool query, char *msg, size_t msgsize)
{
	char *pair, *save = NULL;

	for (pair = strtok_r(s, "&", &save); pair != NULL; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		const char *value = "";
		size_t vlen = 0;
		if (eq != NULL) {
			*eq = '\0';
			value = eq + 1;
			vlen = url_decode(eq + 1);
		}
		url_decode(pair);
		/* the query's lang is the page language (lang.c), the body's the
		 * personas' */
		if (query && strcmp(pair, "lang") == 0)
			continue;
		if (memchr(value, '\0', vlen) != NULL) {
			snprintf(msg, msgsize, "a field value holds a NUL byte");
			return -1;
		}
		if (field_set(r, pair, value, vlen, msg, msgsize) != 0)
			return -1;
	}
	return 0;
}

enum req_code form_query(struct req *r, char *msg, size_t msgsize)
{
	const char *q = env_get(r, "QUERY_STRING");
	char *copy;
	int rc;

	if (q == NULL || *q == '\0')
		return REQ_OK;
	if (strlen(q) > URLENCODED_MAX) {
		snprintf(msg, msgsize, "the query string is too long");
		return REQ_EMALFORMED;  /* as every other bad query string */
	}
	if ((copy = strdup(q)) == NULL) {
		snprintf(msg, msgsize, "out of memory");
		return REQ_ENOMEM;
	}
	rc = parse_urlencoded(r, copy, true, msg, msgsize);
	free(copy);
	return rc != 0 ? REQ_EMALFORMED : REQ_OK;
}

/* ---- the upload ---- */

/* Creates the anonymous temp file; its name is removed at once where the
 * system lets lib reopen it through /proc/self/fd. */
static int upload_open(struct req *r, const char *tmpdir)
{
	int n = snprintf(r->upload_name_tmp, sizeof(r->upload_name_tmp),
	                 "%s/smartseg-upload-XXXXXX", tmpdir);
	if (n < 0 || (size_t)n >= sizeof(r->upload_name_tmp))
		return -1;
	r->upload_fd = mkstemp(r->upload_name_tmp);
	if (r->upload_fd < 0) {
		r->upload_name_tmp[0] = '\0';
		return -1;
	}
	snprintf(r->upload_path, sizeof(r->upload_path), "/proc/self/fd/%d", r->upload_fd);
	if (access(r->upload_path, R_OK) == 0) {
		unlink(r->upload_name_tmp);
		r->upload_name_tmp[0] = '\0';
	} else {
		snprintf(r->upload_path, sizeof(r->upload_path), "%s", "");
	}
	return 0;
}

void upload_discard(struct req *r)
{
	/* the watcher may be reading the file: stop it before closing */
	if (r->watch != NULL && r->watch->stop != NULL)
		r->watch->stop(r);
	r->watch = NULL;
	if (r->upload_fd >= 0)
		close(r->upload_fd);
	r->upload_fd = -1;
	if (r->upload_name_tmp[0] != '\0')
		unlink(r->upload_name_tmp);
	r->upload_name_tmp[0] = '\0';
	r->upload_path[0] = '\0';
}

/* Multipart state: which field is being read. */
struct mpctx {
	const struct app *app;
	struct req *r;
	int key;                  /* -1: ignored part */
	bool file;
	char value[FIELD_MAX];
	size_t vlen;
	bool too_long;
	char *msg;
	size_t msgsize;
};

static int mp_begin(void *ctx, const char *name, const char *filename, bool has_filename)
{
	struct mpctx *c = ctx;
	struct req *r = c->r;

	c->key = key_find(name);
	c->file = false;
	c->vlen = 0;
	c->too_long = false;
	if (c->key < 0)
		return 0;
	if (c->key == KEY_FILE) {
		if (r->fields[KEY_FILE].present) {
			snprintf(c->msg, c->msgsize, "the field \"file\" is given more than once");
			return REQ_EMALFORMED;
		}
		r->fields[KEY_FILE].present = true;
		if (!has_filename) {
			snprintf(c->msg, c->msgsize, "the field \"file\" must be a file upload");
			return REQ_EMALFORMED;
		}
		/* the client's name is kept as data (never used as a path):
		 * control characters dropped, bytes that are not UTF-8 read as
		 * Latin-1, cut between characters */
		char raw[MP_FILENAME_MAX], fixed[3 * MP_FILENAME_MAX + 1];
		size_t o = 0;
		for (const char *p = filename; *p != '\0' && o < sizeof(raw); p++) {
			/* browsers send a '"' in the name as %22 (the HTML standard's
			 * multipart encoding): shown as the user wrote it */
			if (strncmp(p, "%22", 3) == 0) {
				raw[o++] = '"';
				p += 2;
			} else if ((unsigned char)*p >= 0x20 && *p != 0x7f)
				raw[o++] = *p;
		}
		size_t fl = ss_utf8_fix(raw, o, fixed);
		size_t keep = ss_utf8_cut(fixed, fl, sizeof(r->upload_name) - 1);
		memcpy(r->upload_name, fixed, keep);
		r->upload_name[keep] = '\0';
		snprintf(r->fields[KEY_FILE].raw, sizeof(r->fields[KEY_FILE].raw), "%s", r->upload_name);
		if (upload_open(r, c->app->tmpdir) != 0) {
			/* the path is the server's business: not in the answer */
			snprintf(c->msg, c->msgsize, "the server cannot store the upload: its "
			         "temporary directory is not writable (%s)", strerror(errno));
			return REQ_EIO;
		}
		c->file = true;
		if (r->watch != NULL && r->watch->begin != NULL)
			r->watch->begin(r);
	}
	return 0;
}

static int mp_data(void *ctx, const char *buf, size_t len)
{
	struct mpctx *c = ctx;
	struct req *r = c->r;

	if (r->body_read > c->app->max_upload + BODY_SLACK) {
		snprintf(c->msg, c->msgsize, "the upload is larger than the limit of %lld MB",
		         (long long)(c->app->max_upload >> 20));
		return REQ_ETOOLARGE;
	}
	if (c->key < 0)
		return 0;
	if (c->file) {
		r->upload_size += (int64_t)len;
		if (r->upload_size > c->app->max_upload) {
			snprintf(c->msg, c->msgsize, "the file is larger than the limit of %lld MB",
			         (long long)(c->app->max_upload >> 20));
			return REQ_ETOOLARGE;
		}
		while (len > 0) {
			ssize_t n = write(r->upload_fd, buf, len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				snprintf(c->msg, c->msgsize, "could not write the upload to a temporary file");
				return REQ_EIO;
			}
			buf += n;
			len -= (size_t)n;
		}
		if (r->watch != NULL && r->watch->grow != NULL)
			r->watch->grow(r);
		return 0;
	}
	if (c->vlen + len >= sizeof(c->value)) {
		c->too_long = true;
		return 0;
	}
	memcpy(c->value + c->vlen, buf, len);
	c->vlen += len;
	return 0;
}

static int mp_end(void *ctx)
{
	struct mpctx *c = ctx;

	if (c->file && c->r->watch != NULL && c->r->watch->end != NULL)
		c->r->watch->end(c->r);
	if (c->key < 0 || c->file)
		return 0;
	if (c->too_long) {
		snprintf(c->msg, c->msgsize, "the field \"%s\" is too long", keys[c->key].name);
		return REQ_EMALFORMED;
	}
	if (memchr(c->value, '\0', c->vlen) != NULL) {
		snprintf(c->msg, c->msgsize, "the field \"%s\" holds a NUL byte", keys[c->key].name);
		return REQ_EMALFORMED;
	}
	return field_set(c->r, keys[c->key].name, c->value, c->vlen, c->msg, c->msgsize) ?
	       REQ_EMALFORMED : REQ_OK;
}

static ssize_t mp_read(void *ctx, void *buf, size_t len)
{
	return web_read(ctx, buf, len);
}

enum req_code form_body(const struct app *app, struct req *r, const struct upload_watch *w,
                        char *msg, size_t msgsize)
{
	const char *ctype = env_get(r, "CONTENT_TYPE");
	char boundary[80];

	r->watch = w;
	if (r->content_length > app->max_upload + BODY_SLACK) {
		snprintf(msg, msgsize, "the upload (%lld bytes) is larger than the limit of %lld MB",
		         (long long)r->content_length, (long long)(app->max_upload >> 20));
		return REQ_ETOOLARGE;
	}
	if (ctype != NULL && strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0) {
		char *buf;
		ssize_t n;
		size_t len = 0;
		int rc;
		if ((buf = malloc(URLENCODED_MAX + 1)) == NULL) {
			snprintf(msg, msgsize, "out of memory");
			return REQ_ENOMEM;
		}
		while ((n = web_read(r, buf + len, URLENCODED_MAX - len)) > 0)
			if ((len += (size_t)n) == URLENCODED_MAX)
				break;
		if (r->body_stalled) {
			free(buf);
			snprintf(msg, msgsize, "the form stopped arriving: nothing came for %d s",
			         r->body_timeout_s);
			return REQ_ETIMEOUT;
		}
		if (len == URLENCODED_MAX) {
			free(buf);
			snprintf(msg, msgsize, "the form body is too large");
			return REQ_ETOOLARGE;
		}
		buf[len] = '\0';
		rc = parse_urlencoded(r, buf, false, msg, msgsize);
		free(buf);
		return rc ? REQ_EMALFORMED : REQ_OK;
	}
	if (mp_boundary(ctype, boundary, sizeof(boundary)) != 0) {
		char shown[64];
		safe_copy(shown, sizeof(shown), ctype ? ctype : "none", 40);
		snprintf(msg, msgsize, "the request must be multipart/form-data with a boundary "
		         "(Content-Type: %s)", shown);
		return REQ_EMALFORMED;
	}
	struct mpctx c = { .app = app, .r = r, .key = -1, .msg = msg, .msgsize = msgsize };
	static const struct mp_callbacks cb = { mp_begin, mp_data, mp_end };
	int rc = mp_parse(boundary, mp_read, r, &cb, &c, msg, msgsize);
	if (r->body_stalled) {
		snprintf(msg, msgsize, "the upload stopped arriving: nothing came for %d s "
		         "(%lld bytes had arrived)", r->body_timeout_s, (long long)r->body_read);
		return REQ_ETIMEOUT;
	}
	/* the body ended before its CONTENT_LENGTH, or none came at all (no
	 * client sends an empty multipart body): the server, not the file */
	if ((rc == MP_EMALFORMED || rc == MP_EREAD) && r->content_length > 0 &&
	    r->body_read < r->content_length) {
		snprintf(msg, msgsize, "the upload was cut short: %lld of its %lld bytes arrived; "
		         "the web server or the connection stopped passing it on",
		         (long long)r->body_read, (long long)r->content_length);
		return REQ_EMALFORMED;
	}
	if (rc == MP_EMALFORMED && r->body_read == 0) {
		snprintf(msg, msgsize, "the upload arrived empty: the web server passed no request "
		         "body on (Apache's mod_fcgid does so for a body over LimitRequestBody; as "
		         "plain CGI a body also needs a Content-Length, which a chunked upload lacks)");
		return REQ_EMALFORMED;
	}
	if (rc == MP_EMALFORMED || rc == MP_EREAD)
		return REQ_EMALFORMED;
	if (rc != 0)
		return (enum req_code)rc;
	if (r->upload_fd >= 0 && lseek(r->upload_fd, 0, SEEK_SET) < 0) {
		snprintf(msg, msgsize, "could not rewind the upload");
		return REQ_EIO;
	}
	return REQ_OK;
}
