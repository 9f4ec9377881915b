/* test-web-multipart.c: the web front's streaming multipart parser, fed in
 * pieces of every size so boundaries fall across reads. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "../../cgi-bin/multipart.c"

struct src {
	const char *data;
	size_t len, pos, step;
};

static ssize_t rd(void *ctx, void *buf, size_t len)
{
	struct src *s = ctx;
	size_t n = s->len - s->pos;

	if (n > s->step)
		n = s->step;
	if (n > len)
		n = len;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

/* What the callbacks saw: "name[filename]=content;" per part. */
struct seen {
	char out[200000];
	size_t len;
};

static void add(struct seen *s, const char *p, size_t n)
{
	if (s->len + n < sizeof(s->out)) {
		memcpy(s->out + s->len, p, n);
		s->len += n;
		s->out[s->len] = '\0';
	}
}

static int on_begin(void *ctx, const char *name, const char *filename, bool has_filename)
{
	add(ctx, name, strlen(name));
	if (has_filename) {
		add(ctx, "[", 1);
		add(ctx, filename, strlen(filename));
		add(ctx, "]", 1);
	}
	add(ctx, "=", 1);
	return 0;
}

static int on_data(void *ctx, const char *buf, size_t len)
{
	add(ctx, buf, len);
	return 0;
}

static int on_end(void *ctx)
{
	add(ctx, ";", 1);
	return 0;
}

static const struct mp_callbacks cb = { on_begin, on_data, on_end };

static int parse(const char *body, size_t len, size_t step, struct seen *seen, char *msg)
{
	struct src s = { body, len, 0, step };

	memset(seen, 0, sizeof(*seen));
	return mp_parse("XyZ", rd, &s, &cb, seen, msg, 200);
}

int main(void)
{
	char msg[200], b[80];
	struct seen *seen = malloc(sizeof(*seen));
	static const char body[] =
		"preamble\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\\\"b.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\n"
		"x,y\r\n1,2\r\n--XyQ\r\n\r\n--Xy\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n3"
		"\r\n--XyZ\r\ncontent-disposition: form-data; name=\"empty\"\r\n\r\n"
		"\r\n--XyZ--\r\nepilogue";
	const char *want = "file[a\"b.csv]=x,y\r\n1,2\r\n--XyQ\r\n\r\n--Xy;k=3;empty=;";
	int all = 1;

	if (seen == NULL)
		return 1;
	for (size_t step = 1; step <= sizeof(body); step++) {
		int rc = parse(body, sizeof(body) - 1, step, seen, msg);
		if (rc != 0 || strcmp(seen->out, want) != 0) {
			all = 0;
			printf("# step %zu: rc %d, saw \"%s\"\n", step, rc, seen->out);
			break;
		}
	}
	CHECK(all, "parts, names, file name and content survive every read size");

	/* a large part: data arrives in pieces, whole */
	size_t big = 150000;
	char *large = malloc(big + 200);
	if (large == NULL)
		return 1;
	int n = sprintf(large, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n");
	for (size_t i = 0; i < big; i++)
		large[n + i] = (char)('a' + i % 26);
	strcpy(large + n + big, "\r\n--XyZ--\r\n");
	CHECK(parse(large, n + big + 11, 70000, seen, msg) == 0 &&
	      seen->len == strlen("file[f]=") + big + 1 &&
	      memcmp(seen->out + 8, large + n, big) == 0, "a 150 kB part arrives whole");
	free(large);

	static const char *const bad[] = {
		"no boundary at all",
		"--XyZ\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n3",
		"--XyZ\r\nContent-Disposition: form-data; name=\"k\"",
		"--XyZ\r\nContent-Type: text/plain\r\n\r\n3\r\n--XyZ--",
	};
	static const char *const why[] = { "no boundary", "truncated", "headers cut", "no name" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(parse(bad[i], strlen(bad[i]), 7, seen, msg) == MP_EMALFORMED && msg[0] != '\0',
		      "malformed (%s) is refused with a reason", why[i]);

	/* part headers over 8 KiB, whether they arrive in one read or many:
	 * refused, never copied past the header buffer */
	for (size_t pad = 8000; pad <= 60000; pad += 52000 / 4) {
		char *h = malloc(pad + 200);
		if (h == NULL)
			return 1;
		int hn = sprintf(h, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		                 "filename=\"a.csv\"\r\nX-Pad: ");
		memset(h + hn, 'p', pad);
		hn += (int)pad;
		hn += sprintf(h + hn, "\r\n\r\nx\r\n--XyZ--\r\n");
		int one = parse(h, (size_t)hn, 65536, seen, msg);
		int many = parse(h, (size_t)hn, 1000, seen, msg);
		int fits = hn - (int)pad < 200 && pad + 100 < 8192;
		CHECK(fits ? one == 0 && many == 0 : one == MP_EMALFORMED && many == MP_EMALFORMED,
		      "part headers of %zu bytes: %s in one read (%d) and in 1000-byte reads (%d)",
		      pad, fits ? "read" : "refused", one, many);
		free(h);
	}

	CHECK(mp_boundary("multipart/form-data; boundary=abc", b, sizeof(b)) == 0 &&
	      strcmp(b, "abc") == 0, "boundary parameter");
	CHECK(mp_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"", b, sizeof(b)) == 0 &&
	      strcmp(b, "a b") == 0, "quoted boundary after another parameter");
	CHECK(mp_boundary("application/json", b, sizeof(b)) != 0, "not multipart: no boundary");
	CHECK(mp_boundary("multipart/form-data", b, sizeof(b)) != 0, "multipart without boundary");
	CHECK(mp_boundary("multipart/form-data; boundary=", b, sizeof(b)) != 0, "empty boundary");
	free(seen);
	return CHECK_DONE();
}
