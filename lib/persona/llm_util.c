/* llm_util.c: small string helpers of the language-model clients (calls
 * nothing else of persona, so every client file may use them). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/private.h"

bool persona__llm_header_ok(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x21 || (unsigned char)*v == 0x7f)
			return false;
	return true;
}

char *persona__llm_join_url(const char *base, const char *path)
{
	size_t n = strlen(base), size;
	char *url;

	while (n > 0 && base[n - 1] == '/')
		n--;
	size = n + strlen(path) + 1;
	url = malloc(size);
	if (url != NULL)
		snprintf(url, size, "%.*s%s", (int)n, base, path);
	return url;
}

void persona__llm_cat(char *dst, size_t size, const char *s)
{
	size_t n = strlen(dst), m = strlen(s);

	if (n + 1 >= size)
		return;
	if (m > size - n - 1) {
		m = size - n - 1;
		/* never inside a UTF-8 sequence: s[m] would continue it */
		while (m > 0 && ((unsigned char)s[m] & 0xc0) == 0x80)
			m--;
	}
	memcpy(dst + n, s, m);
	dst[n + m] = '\0';
}
