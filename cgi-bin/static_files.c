/* static_files.c: GET /static/{name} and /openapi.json: files from the
 * static directory (nginx serves them itself; this is for CGI deployments). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "handlers.h"

/* 200 with the file, or 404; ct CT__MAX: from the name's extension. */
static void send_file(const struct app *app, struct req *r, const char *name, enum ctype ct)
{
	char path[1200], buf[16384];
	const char *dot = strrchr(name, '.');
	ssize_t n;
	int fd;

	if (name[0] == '.' || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                                   "0123456789._-") != strlen(name) || dot == NULL) {
		reply_error(app, r, 404, "no such file");
		return;
	}
	if (ct == CT__MAX)
		ct = strcmp(dot, ".css") == 0 ? CT_CSS : strcmp(dot, ".json") == 0 ? CT_JSON :
		     strcmp(dot, ".txt") == 0 ? CT_TEXT : CT__MAX;
	snprintf(path, sizeof(path), "%s/%s", app->staticdir, name);
	if (ct == CT__MAX || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		reply_error(app, r, 404, "no such file");
		return;
	}
	reply_head(r, 200, ct, ct == CT_JSON, "Cache-Control: public, max-age=3600\r\n");
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (web_write(r, buf, (size_t)n) != 0)
			break;
	close(fd);
}

/* GET /openapi.json: 200. */
void api_openapi(struct app *app, struct req *r)
{
	send_file(app, r, "openapi.json", CT_JSON);
}

/* GET /static/{name}: 200, 404. */
void static_file(struct app *app, struct req *r)
{
	send_file(app, r, r->id, CT__MAX);
}
