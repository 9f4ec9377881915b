/* public_msg.c: server paths cut out of the messages sent to clients. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "public_msg.h"

static bool path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '/' || c == '.' || c == '_' || c == '-' || c == '+';
}

/* The length of an absolute path starting at msg[i] (a '/' that starts a
 * word, two slashes or more, not ending in one), or 0: "multipart/form-data",
 * dates and URLs are not paths. */
static size_t path_at(const char *msg, size_t i)
{
	size_t n = 0, slashes = 0;

	if (msg[i] != '/' || (i > 0 && msg[i - 1] != ' ' && msg[i - 1] != '(' &&
	                      msg[i - 1] != '\'' && msg[i - 1] != '"'))
		return 0;
	while (path_char(msg[i + n]))
		slashes += msg[i + n++] == '/';
	return slashes >= 2 && msg[i + n - 1] != '/' ? n : 0;
}

const char *public_msg(const char *msg, char *out, size_t size)
{
	size_t o = 0, i, n;
	bool cut = false;

	for (i = 0; msg[i] != '\0' && o + 1 < size; i++) {
		if ((n = path_at(msg, i)) > 0) {
			size_t last = i + n;
			while (msg[last - 1] != '/')
				last--;
			for (size_t j = last; j < i + n && o + 1 < size; j++)
				out[o++] = msg[j];
			i += n - 1;
			cut = true;
		} else {
			out[o++] = msg[i];
		}
	}
	if (!cut || size == 0)
		return msg;
	out[o] = '\0';
	fprintf(stderr, "smartseg.fcgi: %s\n", msg);
	return out;
}
