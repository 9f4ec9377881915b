/* lang.c: the catalogues, the choice of language per request, lookups and
 * the French conventions for numbers and dates. */
#include <ClearSilver.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "lang.h"
#include "request.h"

static const char *const codes[LANG__MAX] = {
	"en",                     /* LANG_EN */
	"fr",                     /* LANG_FR */
};

int lang_load(struct app *app, char *why, size_t size)
{
	for (int l = 0; l < LANG__MAX; l++) {
		char path[1200];
		NEOERR *e;
		snprintf(path, sizeof(path), "%s/lang/%s.hdf", app->tpldir, codes[l]);
		if ((e = hdf_init(&app->cat[l])) == STATUS_OK)
			e = hdf_read_file(app->cat[l], path);
		if (e != STATUS_OK) {
			STRING s;
			string_init(&s);
			nerr_error_string(e, &s);
			snprintf(why, size, "the catalogue %s: %s", path, s.buf ? s.buf : "unreadable");
			string_clear(&s);
			nerr_ignore(&e);
			return -1;
		}
	}
	return 0;
}

void lang_free(struct app *app)
{
	for (int l = 0; l < LANG__MAX; l++)
		if (app->cat[l] != NULL)
			hdf_destroy(&app->cat[l]);
}

const char *lang_code(int lang)
{
	return lang >= 0 && lang < LANG__MAX ? codes[lang] : codes[LANG_EN];
}

int lang_parse(const char *s)
{
	for (int l = 0; s != NULL && l < LANG__MAX; l++)
		if (strcmp(s, codes[l]) == 0)
			return l;
	return -1;
}

int lang_accept(const char *h)
{
	int best = -1;
	double best_q = 0;

	while (h != NULL && *h != '\0') {
		size_t n = strcspn(h, ",");
		char item[96];
		snprintf(item, sizeof(item), "%.*s", (int)(n < sizeof(item) - 1 ? n : sizeof(item) - 1), h);
		h += n + (h[n] == ',');
		/* "fr-CA;q=0.8": the tag, then its weight (1 when absent) */
		char *p = item;
		while (*p == ' ' || *p == '\t')
			p++;
		size_t tl = strcspn(p, "-_; \t");
		double q = 1;
		char *semi = strchr(p, ';');
		if (semi != NULL) {
			char *qs = strstr(semi, "q=");
			if (qs != NULL) {
				char *end;
				q = strtod(qs + 2, &end);
				if (end == qs + 2 || q < 0 || q > 1)
					q = 0;
			}
		}
		for (int l = 0; l < LANG__MAX; l++)
			if (tl == 2 && strncasecmp(p, codes[l], 2) == 0 && q > best_q) {
				best = l;
				best_q = q;
			}
	}
	return best;
}

void lang_choose(const struct app *app, struct req *r)
{
	const char *q = env_get(r, "QUERY_STRING");

	r->lang = LANG_EN;
	r->lang_query = false;
	/* the first lang= of the query that names a language we have */
	while (q != NULL && *q != '\0') {
		size_t n = strcspn(q, "&");
		for (int l = 0; l < LANG__MAX && !r->lang_query; l++)
			if (n == 7 && strncmp(q, "lang=", 5) == 0 && strncmp(q + 5, codes[l], 2) == 0) {
				r->lang = l;
				r->lang_query = true;
			}
		q += n + (q[n] == '&');
	}
	if (!r->lang_query) {
		int l = lang_accept(env_get(r, "HTTP_ACCEPT_LANGUAGE"));
		if (l >= 0)
			r->lang = l;
	}
	r->cat = app->cat[r->lang];
}

const char *tr(const struct req *r, const char *key)
{
	const char *v = r->cat != NULL ? hdf_get_value(r->cat, key, NULL) : NULL;
	return v != NULL ? v : key;
}

const char *trf(const struct req *r, char *out, size_t size, const char *key,
                const char *const *args)
{
	return lang_fill(tr(r, key), args, out, size);
}

