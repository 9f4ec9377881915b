/* test-web-request.c: the request layer's error codes: the query string,
 * urlencoded and multipart bodies and the upload give REQ_OK or the right
 * enum req_code (never an HTTP status), the upload watcher is told in
 * order, and the validators refuse with their one message. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "../../cgi-bin/request.c"
#include "../../cgi-bin/multipart.c"
#include "../../cgi-bin/form.c"

static char tmpdir[] = "/tmp/smartseg-test-req-XXXXXX";
static struct app app;
static char *envp[4];
static char env_ct[256], env_qs[70 * 1024];

/* A fresh request whose body (CGI stdin) is body, with that Content-Type. */
static void setup(struct req *r, const char *ctype, const char *body, size_t len)
{
	char path[128];
	int fd;

	memset(r, 0, sizeof(*r));
	r->upload_fd = -1;
	r->envp = envp;
	snprintf(env_ct, sizeof(env_ct), "CONTENT_TYPE=%s", ctype ? ctype : "");
	envp[0] = env_ct;
	envp[1] = env_qs;
	envp[2] = NULL;
	snprintf(path, sizeof(path), "%s/body", tmpdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, body, len) != (ssize_t)len)
		abort();
	lseek(fd, 0, SEEK_SET);
	dup2(fd, STDIN_FILENO);
	close(fd);
	unlink(path);
	r->content_length = (int64_t)len;
}

static enum req_code body(struct req *r, const char *ctype, const char *b,
                          const struct upload_watch *w, char *msg)
{
	setup(r, ctype, b, strlen(b));
	msg[0] = '\0';
	return form_body(&app, r, w, msg, 600);
}

static enum req_code query(struct req *r, const char *qs, char *msg)
{
	setup(r, NULL, "", 0);
	snprintf(env_qs, sizeof(env_qs), "QUERY_STRING=%s", qs);
	msg[0] = '\0';
	return form_query(r, msg, 600);
}

#define MP "multipart/form-data; boundary=XX"
#define PART(name, value) "--XX\r\nContent-Disposition: form-data; name=\"" name "\"\r\n\r\n" value "\r\n"
#define FILEPART(content) "--XX\r\nContent-Disposition: form-data; name=\"file\"; " \
	"filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n" content "\r\n"
#define END "--XX--\r\n"

/* The watcher's hooks, as a string of what was called. */
static char seen[256];
static void w_begin(struct req *r) { (void)r; strcat(seen, "begin;"); }
static void w_grow(struct req *r)
{
	char b[32];
	snprintf(b, sizeof(b), "grow %lld;", (long long)r->upload_size);
	strcat(seen, b);
}
static void w_end(struct req *r) { (void)r; strcat(seen, "end;"); }
static void w_stop(struct req *r) { (void)r; strcat(seen, "stop;"); }
static const struct upload_watch watch = { w_begin, w_grow, w_end, w_stop };

int main(void)
{
	struct req r;
	char msg[600], big[70 * 1024];

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	app.tmpdir = tmpdir;
	app.max_upload = 1 << 20;
	env_qs[0] = '\0';

	/* ---- the query string ---- */
	CHECK(query(&r, "limit=5&offset=10", msg) == REQ_OK && strcmp(r.fields[KEY_LIMIT].raw, "5") == 0 &&
	      strcmp(r.fields[KEY_OFFSET].raw, "10") == 0, "query: two fields");
	CHECK(query(&r, "k=3&k=4", msg) == REQ_EMALFORMED && strstr(msg, "more than once"),
	      "query: a field twice is REQ_EMALFORMED (%s)", msg);
	CHECK(query(&r, "k=a%00b", msg) == REQ_EMALFORMED && strstr(msg, "NUL"),
	      "query: a NUL byte is REQ_EMALFORMED (%s)", msg);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "k=", 2);
	CHECK(query(&r, big, msg) == REQ_EMALFORMED && strstr(msg, "too long"),
	      "query: over 64 KiB is REQ_EMALFORMED (%s)", msg);
	big[FIELD_MAX + 10] = '\0';
	CHECK(query(&r, big, msg) == REQ_EMALFORMED && strstr(msg, "too long"),
	      "query: a value over %d bytes is REQ_EMALFORMED (%s)", FIELD_MAX, msg);
	CHECK(query(&r, "unknown=1&k=auto", msg) == REQ_OK && r.fields[KEY_K].present,
	      "query: unknown keys are ignored");
	env_qs[0] = '\0';

	/* ---- urlencoded bodies ---- */
	CHECK(body(&r, "application/x-www-form-urlencoded", "confirm=yes", NULL, msg) == REQ_OK &&
	      strcmp(r.fields[KEY_CONFIRM].raw, "yes") == 0, "urlencoded: a field");
	CHECK(body(&r, "application/x-www-form-urlencoded", "confirm=yes&confirm=no", NULL, msg) ==
	      REQ_EMALFORMED, "urlencoded: a field twice is REQ_EMALFORMED");
	{
		static char huge[65 * 1024 + 1];
		memset(huge, 'x', sizeof(huge) - 1);
		CHECK(body(&r, "application/x-www-form-urlencoded", huge, NULL, msg) == REQ_ETOOLARGE,
		      "urlencoded: a body over 64 KiB is REQ_ETOOLARGE (%s)", msg);
	}

	/* ---- multipart bodies ---- */
	CHECK(body(&r, "text/plain", "x", NULL, msg) == REQ_EMALFORMED && strstr(msg, "multipart"),
	      "not multipart: REQ_EMALFORMED (%s)", msg);
	CHECK(body(&r, "multipart/form-data", "x", NULL, msg) == REQ_EMALFORMED,
	      "multipart without a boundary: REQ_EMALFORMED");
	CHECK(body(&r, MP, PART("k", "3") "--XX\r\nbroken", NULL, msg) == REQ_EMALFORMED,
	      "a body cut short: REQ_EMALFORMED (%s)", msg);
	CHECK(body(&r, MP, PART("k", "3") PART("k", "4") END, NULL, msg) == REQ_EMALFORMED,
	      "multipart: a field twice is REQ_EMALFORMED");
	CHECK(body(&r, MP, PART("file", "abc") END, NULL, msg) == REQ_EMALFORMED &&
	      strstr(msg, "file upload"), "multipart: a file field that is no file is REQ_EMALFORMED");
	CHECK(body(&r, MP, FILEPART("a") FILEPART("b") END, NULL, msg) == REQ_EMALFORMED &&
	      strstr(msg, "more than once"), "multipart: two files are REQ_EMALFORMED");
	upload_discard(&r);
	setup(&r, MP, "", 0);
	r.content_length = app.max_upload + (2 << 20);
	CHECK(form_body(&app, &r, NULL, msg, sizeof(msg)) == REQ_ETOOLARGE,
	      "a Content-Length over the limit is REQ_ETOOLARGE before reading");
	app.max_upload = 4;
	CHECK(body(&r, MP, FILEPART("123456") END, NULL, msg) == REQ_ETOOLARGE &&
	      strstr(msg, "limit"), "a file over the limit is REQ_ETOOLARGE (%s)", msg);
	upload_discard(&r);
	app.max_upload = 1 << 20;
	app.tmpdir = "/nonexistent/dir";
	CHECK(body(&r, MP, FILEPART("abc") END, NULL, msg) == REQ_EIO && strstr(msg, "temporary"),
	      "no temp file: REQ_EIO (%s)", msg);
	app.tmpdir = tmpdir;

	/* a good upload: fields, the file, the watcher told in order */
	seen[0] = '\0';
	CHECK(body(&r, MP, PART("k", "4") FILEPART("a,b\n1,2\n") PART("delimiter", "TAB") END,
	           &watch, msg) == REQ_OK, "a good multipart body: REQ_OK (%s)", msg);
	CHECK(r.upload_fd >= 0 && r.upload_size == 8 && strcmp(r.upload_name, "a.csv") == 0 &&
	      strcmp(r.fields[KEY_K].raw, "4") == 0, "the upload and the fields are kept");
	CHECK(strncmp(seen, "begin;grow ", 11) == 0 && strstr(seen, "grow 8;end;") != NULL &&
	      strstr(seen, "stop") == NULL, "the watcher: begin, grow to 8 bytes, end (%s)", seen);
	CHECK(form_validate(&r) == 0 && r.fields[KEY_DELIMITER].parsed.c == '\t',
	      "the validators accept k=4 and delimiter=TAB");
	upload_discard(&r);
	CHECK(strstr(seen, "end;stop;") != NULL && r.upload_fd == -1 && r.watch == NULL,
	      "upload_discard stops the watcher, then closes the file (%s)", seen);
	upload_discard(&r);
	CHECK(strstr(seen, "stop;stop;") == NULL, "a second upload_discard does nothing");
	seen[0] = '\0';
	CHECK(body(&r, MP, "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	           "filename=\"a.csv\"\r\n\r\nabc,def", &watch, msg) == REQ_EMALFORMED,
	      "an upload cut short: REQ_EMALFORMED");
	upload_discard(&r);
	CHECK(strncmp(seen, "begin;", 6) == 0 && strstr(seen, "end;") == NULL &&
	      strstr(seen, "stop;") != NULL, "cut short: the watcher is stopped, never ended (%s)",
	      seen);

	/* ---- validators: one message per key ---- */
	CHECK(query(&r, "delimiter=x&k=99&seed=-1&limit=0", msg) == REQ_OK &&
	      form_validate(&r) == 4, "four bad values, four failures");
	CHECK(strstr(r.fields[KEY_DELIMITER].error, "tab (tab, TAB, \\t or a tab character)") &&
	      strstr(r.fields[KEY_DELIMITER].error, "\"|\""), "the delimiter's message is lib's: %s",
	      r.fields[KEY_DELIMITER].error);
	CHECK(strstr(r.fields[KEY_SEED].error, "4294967295") != NULL, "seed range: %s",
	      r.fields[KEY_SEED].error);
	CHECK(query(&r, "delimiter=%09", msg) == REQ_OK && form_validate(&r) == 0 &&
	      r.fields[KEY_DELIMITER].parsed.c == '\t', "a real tab character is a delimiter");
	env_qs[0] = '\0';
	rmdir(tmpdir);
	return CHECK_DONE();
}
