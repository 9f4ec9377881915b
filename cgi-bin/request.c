/* request.c: the request's environment and body reads (FastCGI streams or
 * CGI stdio). */
#include <errno.h>
#include <poll.h>
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
	if (r->body_stalled)
		return -1;
	if (r->in != NULL) {
		/* the connection's receive timeout (main) ends a stalled read */
		n = FCGX_GetStr(buf, (int)len, r->in);
		int e = FCGX_GetError(r->in);
		if (n < (ssize_t)len && (e == EAGAIN || e == EWOULDBLOCK))
			r->body_stalled = true;
	} else {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int pr;
		do
			pr = poll(&pfd, 1, r->body_timeout_s > 0 ? r->body_timeout_s * 1000 : -1);
		while (pr < 0 && errno == EINTR);
		if (pr == 0) {
			r->body_stalled = true;
			return -1;
		}
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
