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

bool persona__llm_auth_header(char *hdr, size_t size, const char *prefix, const char *key,
                              const char *var, char *err, size_t errsize)
{
	if (!persona__llm_header_ok(key)) {
		snprintf(err, errsize, "%s holds invalid characters", var);
		return false;
	}
	if (snprintf(hdr, size, "%s%s", prefix, key) >= (int)size) {
		snprintf(err, errsize, "%s is too long", var);
		return false;
	}
	return true;
}

bool persona__llm_base_ok(const char *base, const char *var, char *err, size_t errsize)
{
	if (strncmp(base, "http://", 7) == 0 || strncmp(base, "https://", 8) == 0)
		return true;
	snprintf(err, errsize, "%s must start with http:// or https://", var);
	return false;
}
