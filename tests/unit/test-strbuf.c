/* test-strbuf.c: the growable text buffer. */
#include <stdlib.h>
#include "check.h"
#include "strbuf.h"

int main(void)
{
	ss_strbuf b = { 0 };
	char big[10000];

	ss_strbuf_printf(&b, "%d-%s", 42, "x");
	CHECK(b.p != NULL && strcmp(b.p, "42-x") == 0 && b.len == 4, "printf into an empty buffer");
	memset(big, 'a', sizeof(big));
	ss_strbuf_append(&b, big, sizeof(big));
	CHECK(b.len == 4 + sizeof(big) && b.p[b.len] == '\0' && b.p[b.len - 1] == 'a',
	      "append grows past the first block, NUL-terminated");
	CHECK(ss_strbuf_sink(&b, "!", 1) == 0 && b.p[b.len - 1] == '!', "works as a JSON sink");
	CHECK(!b.oom, "no out-of-memory");
	ss_strbuf_free(&b);
	CHECK(b.p == NULL && b.len == 0 && b.cap == 0, "free empties it");
	ss_strbuf_append(&b, "", 0);
	CHECK(b.p != NULL && b.p[0] == '\0', "an empty append gives an empty string");
	ss_strbuf_free(&b);
	return CHECK_DONE();
}
