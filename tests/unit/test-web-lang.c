/* test-web-lang.c: the page catalogues (templates/lang/en.hdf, fr.hdf) have the
 * same keys, every key a template or the C code names exists in both; the
 * choice of language (?lang=, Accept-Language, English); {1} fill-ins; the
 * French conventions for numbers ("1 234,56", "12,5 %") and dates
 * ("02/12/2026"). Run from the repository's root (tests/run.sh does). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "../../cgi-bin/fmt.c"
#include "../../cgi-bin/lang.c"

#define NN "\xe2\x80\xaf"   /* U+202F */

/* request.c's, over the test's own environment list */
const char *env_get(const struct req *r, const char *name)
{
	size_t n = strlen(name);
	for (char **e = r->envp; e != NULL && *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

struct keys {
	char **v;
	size_t n, cap;
};

static void keys_add(struct keys *k, const char *s)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 256;
		k->v = realloc(k->v, k->cap * sizeof(*k->v));
		if (k->v == NULL)
			abort();
	}
	k->v[k->n++] = strdup(s);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every node with a value under node, as dotted names. */
static void leaves(HDF *node, const char *prefix, struct keys *k)
{
	for (HDF *c = hdf_obj_child(node); c != NULL; c = hdf_obj_next(c)) {
		char name[512];
		snprintf(name, sizeof(name), "%s%s%s", prefix, prefix[0] ? "." : "", hdf_obj_name(c));
		if (hdf_obj_value(c) != NULL)
			keys_add(k, name);
		leaves(c, name, k);
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* Keys named in a template: t.X inside <?cs ... ?>. */
static void template_keys(const char *text, struct keys *k)
{
	for (const char *p = strstr(text, "<?cs"); p != NULL; p = strstr(p, "<?cs")) {
		const char *end = strstr(p, "?>");
		if (end == NULL)
			break;
		for (const char *q = p + 4; q + 2 < end; q++)
			if (q[0] == 't' && q[1] == '.' && !is_key_char(q[-1]) && q[-1] != '_' &&
			    !(q[-1] >= 'A' && q[-1] <= 'Z')) {
				char key[128];
				size_t n = 0;
				for (const char *s = q + 2; s < end && is_key_char(*s) && n + 1 < sizeof(key); s++)
					key[n++] = *s;
				key[n] = '\0';
				if (n > 0)
					keys_add(k, key);
			}
		p = end;
	}
}

/* Keys named in C: the first string literal of tr( and TRF( calls. */
static void c_keys(const char *text, struct keys *k)
{
	static const char *const calls[] = { " tr(", "(tr(", "TRF(", "trf(" };
	for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++)
		for (const char *p = strstr(text, calls[c]); p != NULL; p = strstr(p + 1, calls[c])) {
			const char *semi = strpbrk(p, ";{");
			const char *q = strchr(p, '"');
			if (q == NULL || (semi != NULL && q > semi))
				continue;
			char key[128];
			size_t n = 0;
			for (q++; *q != '"' && n + 1 < sizeof(key); q++)
				key[n++] = *q;
			key[n] = '\0';
			if (strchr(key, '.') != NULL && strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_.") == n)
				keys_add(k, key);
		}
}

static void scan_dir(const char *dir, const char *ext, void (*fn)(const char *, struct keys *),
                     struct keys *k, int *files)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name), el = strlen(ext);
		if (n <= el || strcmp(e->d_name + n - el, ext) != 0)
			continue;
		char path[600];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		char *text = slurp(path);
		if (text != NULL) {
			fn(text, k);
			(*files)++;
		}
		free(text);
	}
	if (d != NULL)
		closedir(d);
}

static bool has(const struct keys *k, const char *key)
{
	return bsearch(&key, k->v, k->n, sizeof(*k->v), cmp) != NULL;
}

static void catalogues(void)
{
	struct app app;
	char why[1400] = "";
	struct keys en = { 0 }, fr = { 0 }, used = { 0 };
	int files = 0;

	memset(&app, 0, sizeof(app));
	app.tpldir = "templates";
	CHECK(lang_load(&app, why, sizeof(why)) == 0, "both catalogues load (%s)", why);
	if (app.cat[0] == NULL || app.cat[1] == NULL)
		return;
	leaves(app.cat[LANG_EN], "", &en);
	leaves(app.cat[LANG_FR], "", &fr);
	qsort(en.v, en.n, sizeof(*en.v), cmp);
	qsort(fr.v, fr.n, sizeof(*fr.v), cmp);
	CHECK(en.n > 100, "the English catalogue has its texts (%zu keys)", en.n);
	size_t only_en = 0, only_fr = 0;
	for (size_t i = 0; i < en.n; i++)
		if (!has(&fr, en.v[i])) {
			only_en++;
			printf("# only in en.hdf: %s\n", en.v[i]);
		}
	for (size_t i = 0; i < fr.n; i++)
		if (!has(&en, fr.v[i])) {
			only_fr++;
			printf("# only in fr.hdf: %s\n", fr.v[i]);
		}
	CHECK(only_en == 0 && only_fr == 0, "en.hdf and fr.hdf have the same %zu keys", en.n);
	size_t same = 0;
	for (size_t i = 0; i < en.n; i++) {
		const char *a = hdf_get_value(app.cat[LANG_EN], en.v[i], "");
		const char *b = hdf_get_value(app.cat[LANG_FR], en.v[i], "");
		same += a[0] == '\0' || b[0] == '\0';
	}
	CHECK(same == 0, "no text is empty in either catalogue");

	scan_dir("templates", ".cs", template_keys, &used, &files);
	CHECK(files >= 8 && used.n > 100, "the templates name their texts (%d files, %zu uses)", files, used.n);
	files = 0;
	size_t tpl = used.n;
	scan_dir("cgi-bin", ".c", c_keys, &used, &files);
	CHECK(used.n > tpl, "the C code names texts too (%zu uses)", used.n - tpl);
	size_t missing = 0;
	for (size_t i = 0; i < used.n; i++)
		if (!has(&en, used.v[i]) || !has(&fr, used.v[i])) {
			missing++;
			printf("# named but not in both catalogues: %s\n", used.v[i]);
		}
	CHECK(missing == 0, "every key a template or the C code names is in both catalogues");

	struct req r;
	memset(&r, 0, sizeof(r));
	r.cat = app.cat[LANG_FR];
	CHECK_STR(tr(&r, "nav.history"), "Historique", "tr: French text");
	CHECK_STR(tr(&r, "no.such.key"), "no.such.key", "tr: a missing key shows as itself");
	char buf[64];
	CHECK_STR(TRF(&r, buf, "result.title", "a<b.csv"), "Analyse de a<b.csv", "TRF fills {1}");
	for (size_t i = 0; i < en.n; i++)
		free(en.v[i]);
	for (size_t i = 0; i < fr.n; i++)
		free(fr.v[i]);
	for (size_t i = 0; i < used.n; i++)
		free(used.v[i]);
	free(en.v);
	free(fr.v);
	free(used.v);
	lang_free(&app);
}

static void choice(void)
{
	struct app app;
	struct req r;

	CHECK(lang_accept("fr-FR,fr;q=0.9,en;q=0.8") == LANG_FR, "Accept-Language fr-FR first: French");
	CHECK(lang_accept("en-GB,en;q=0.9,fr;q=0.8") == LANG_EN, "en-GB first: English");
	CHECK(lang_accept("de-DE,de;q=0.9,fr;q=0.5") == LANG_FR, "German first, French acceptable: French");
	CHECK(lang_accept("de,es") == -1, "no language we have: none");
	CHECK(lang_accept("fr;q=0, en;q=0.1") == LANG_EN, "q=0 refuses French");
	CHECK(lang_accept("FR") == LANG_FR, "any case");
	CHECK(lang_accept("en;q=0.5, fr;q=0.5") == LANG_EN, "a tie: the first listed");
	CHECK(lang_accept("fry, frr") == -1, "fry is not French");
	CHECK(lang_accept(NULL) == -1 && lang_accept("") == -1, "no header: none");

	memset(&app, 0, sizeof(app));
	memset(&r, 0, sizeof(r));
	char *env1[] = { "QUERY_STRING=page=2&lang=fr", "HTTP_ACCEPT_LANGUAGE=en", NULL };
	r.envp = env1;
	lang_choose(&app, &r);
	CHECK(r.lang == LANG_FR && r.lang_query, "?lang=fr wins over Accept-Language");
	char *env2[] = { "QUERY_STRING=lang=de", "HTTP_ACCEPT_LANGUAGE=fr-CA", NULL };
	r.envp = env2;
	lang_choose(&app, &r);
	CHECK(r.lang == LANG_FR && !r.lang_query, "an unknown ?lang= falls back to Accept-Language");
	char *env3[] = { "QUERY_STRING=xlang=fr", NULL };
	r.envp = env3;
	lang_choose(&app, &r);
	CHECK(r.lang == LANG_EN && !r.lang_query, "neither: English");
}

static void formats(void)
{
	char out[128];

	CHECK_STR(lang_number(FMT_FR, "1,234.56", out, sizeof(out)), "1" NN "234,56", "1,234.56 -> 1 234,56");
	CHECK_STR(lang_number(FMT_FR, "1234.56", out, sizeof(out)), "1" NN "234,56", "1234.56 -> 1 234,56");
	CHECK_STR(lang_number(FMT_FR, "-1,234,567", out, sizeof(out)), "-1" NN "234" NN "567", "negative millions");
	CHECK_STR(lang_number(FMT_FR, "12.5%", out, sizeof(out)), "12,5" NN "%", "a share: 12,5 %%");
	CHECK_STR(lang_number(FMT_FR, "0.502338", out, sizeof(out)), "0,502338", "decimals are not grouped");
	CHECK_STR(lang_number(FMT_FR, "+0.25", out, sizeof(out)), "+0,25", "a signed z-score");
	CHECK_STR(lang_number(FMT_FR, "974", out, sizeof(out)), "974", "three digits stay");
	CHECK_STR(lang_number(FMT_FR, "2974 (12.5%)", out, sizeof(out)), "2" NN "974 (12,5" NN "%)", "text around numbers is kept");
	CHECK_STR(lang_number(FMT_FR, "undefined", out, sizeof(out)), "undefined", "no number: unchanged");
	CHECK_STR(lang_number(FMT_FR, "a1234", out, sizeof(out)), "a1234", "digits inside a word stay");
	CHECK_STR(lang_number(FMT_EN, "1,234.56", out, sizeof(out)), "1,234.56", "English unchanged");
	CHECK_STR(lang_number(FMT_FR, "1234567", out, 6), "1" NN "2", "cut to the buffer, never split a character");
	CHECK_STR(lang_date(FMT_FR, "2026-12-02T10:11:12Z", out, sizeof(out)), "02/12/2026 10:11", "2026-12-02T10:11:12Z -> 02/12/2026 10:11");
	CHECK_STR(lang_date(FMT_FR, "2026-12-02T10:11:12.345Z", out, sizeof(out)), "02/12/2026 10:11", "with milliseconds");
	CHECK_STR(lang_date(FMT_EN, "2026-12-02T10:11:12Z", out, sizeof(out)), "2026-12-02T10:11:12Z", "English: ISO kept");
	CHECK_STR(lang_date(FMT_FR, "yesterday", out, sizeof(out)), "yesterday", "not a time: unchanged");
	const char *args[] = { "x", "y", NULL };
	CHECK_STR(lang_fill("{2} then {1}, {3} {x}", args, out, sizeof(out)), "y then x, {3} {x}", "fill: order free, unknown markers kept");
}

int main(void)
{
	catalogues();
	choice();
	formats();
	return CHECK_DONE();
}
