/* fuzz-multipart.c: the upload's multipart/form-data parser. Input: one
 * byte picking the read sizes, the Content-Type line, then the body. The
 * body read in one go and in small pieces must give the same parts, bytes
 * and verdict; callbacks come in begin (data)* end order. */
#include <stdbool.h>
#include "fuzz.h"
#include "multipart.h"

typedef struct reader {
	const uint8_t *p;
	size_t left;
	size_t step;      /* bytes per read; 0: all that fits */
	unsigned turn;
} reader;

static ssize_t rd(void *ctx, void *buf, size_t len)
{
	reader *r = ctx;
	size_t n = r->left < len ? r->left : len;
	if (r->step && n > r->step + r->turn % 3)
		n = r->step + r->turn % 3;
	r->turn++;
	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	return (ssize_t)n;
}

/* What the parser reported, folded into a hash (FNV-1a), in order. */
typedef struct seen {
	uint64_t h;
	bool in_part;
	size_t parts;
} seen;

static void mix(seen *s, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		s->h = (s->h ^ b[i]) * 0x100000001b3ULL;
}

static int on_begin(void *ctx, const char *name, const char *filename, bool has_filename)
{
	seen *s = ctx;
	FUZZ_CHECK(!s->in_part, "begin inside a part");
	FUZZ_CHECK(strlen(filename) <= MP_FILENAME_MAX, "file name of %zu bytes", strlen(filename));
	s->in_part = true;
	s->parts++;
	mix(s, "B", 1);
	mix(s, name, strlen(name) + 1);
	mix(s, filename, strlen(filename) + 1);
	mix(s, &has_filename, sizeof(has_filename));
	return 0;
}

static int on_data(void *ctx, const char *buf, size_t len)
{
	seen *s = ctx;
	FUZZ_CHECK(s->in_part, "data outside a part");
	mix(s, buf, len);   /* pieces may be cut anywhere: only the bytes count */
	return 0;
}

static int on_end(void *ctx)
{
	seen *s = ctx;
	FUZZ_CHECK(s->in_part, "end outside a part");
	s->in_part = false;
	mix(s, "E", 1);
	return 0;
}

static const struct mp_callbacks cb = {on_begin, on_data, on_end};

static int parse(const char *boundary, const uint8_t *body, size_t n, size_t step, seen *s,
                 char *msg, size_t msgsize)
{
	reader r = {.p = body, .left = n, .step = step};
	memset(s, 0, sizeof(*s));
	s->h = 0xcbf29ce484222325ULL;
	msg[0] = '\0';
	int rc = mp_parse(boundary, rd, &r, &cb, s, msg, msgsize);
	FUZZ_CHECK(rc == 0 || rc == MP_EMALFORMED, "mp_parse returned %d", rc);
	FUZZ_CHECK(rc != 0 || !s->in_part, "success inside an open part");
	FUZZ_CHECK(rc == 0 || msg[0] != '\0', "error without a message");
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t steps[] = {1, 2, 5, 13, 64, 1000, 4093};
	char ctype[512], boundary[80], m1[256], m2[256];

	if (size < 2)
		return 0;
	size_t step = steps[data[0] % (sizeof(steps) / sizeof(steps[0]))];
	const uint8_t *p = data + 1, *nl = memchr(p, '\n', size - 1);
	size_t clen = nl ? (size_t)(nl - p) : size - 1;
	if (clen >= sizeof(ctype))
		return 0;
	memcpy(ctype, p, clen);
	ctype[clen] = '\0';
	if (mp_boundary(ctype, boundary, sizeof(boundary)) != 0)
		return 0;
	FUZZ_CHECK(boundary[0] != '\0' && strlen(boundary) <= 70, "boundary \"%s\"", boundary);
	const uint8_t *body = nl ? nl + 1 : p + clen;
	size_t blen = (size_t)(data + size - body);

	seen whole, bits;
	int r1 = parse(boundary, body, blen, 0, &whole, m1, sizeof(m1));
	int r2 = parse(boundary, body, blen, step, &bits, m2, sizeof(m2));
	FUZZ_CHECK(r1 == r2 && whole.h == bits.h && whole.parts == bits.parts &&
	           strcmp(m1, m2) == 0,
	           "read whole: %d, %zu parts \"%s\"; in pieces of %zu: %d, %zu parts \"%s\"", r1,
	           whole.parts, m1, step, r2, bits.parts, m2);
	return 0;
}
