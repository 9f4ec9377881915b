/* request.c: the request's environment and body reads (FastCGI streams or
 * CGI stdio). */
#include <errno.h>
#include <unistd.h>
#include "request.h"

const char *env_get(const struct req *r, const char *name)
{
	return FCGX_GetParam(name, r->envp);
}

ssize_t web_read(struct req *r, void *buf, size_t len)
{
	ssize_t n;

	/* never read past CONTENT_LENGTH (CGI's stdin may go on); unknown
	 * (-1) only under FastCGI, whose stream ends with the body */
	if (r->content_length >= 0) {
		if (r->body_read >= r->content_length)
			return 0;
		if ((int64_t)len > r->content_length - r->body_read)
			len = (size_t)(r->content_length - r->body_read);
	}
	if (len > 1 << 30)
		len = 1 << 30;
	if (r->in != NULL) {
		n = FCGX_GetStr(buf, (int)len, r->in);
	} else {
		do
			n = read(STDIN_FILENO, buf, len);
		while (n < 0 && errno == EINTR);
	}
	if (n > 0)
		r->body_read += n;
	return n;
}

void body_drain(struct req *r)
{
	char buf[65536];

	while (web_read(r, buf, sizeof(buf)) > 0)
		;
}
