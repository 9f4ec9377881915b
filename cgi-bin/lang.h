/* lang.h: the pages' language. Every text of the pages lives in one
 * catalogue per language (templates/lang/en.hdf, fr.hdf: ClearSilver HDF),
 * read once per process. Per request the language is ?lang= (en or fr),
 * else the best of Accept-Language, else English; the page's HDF gets the
 * catalogue under "t" (templates write <?cs var:t.nav.history ?>), and C
 * code that builds a sentence looks its words up with tr() / TRF().
 * Numbers and dates are written the English way by the C code and turned
 * into the page language's conventions by lang_number() / lang_date() (the
 * templates' num() and date() functions). */
#ifndef SMARTSEG_LANG_H
#define SMARTSEG_LANG_H
#include <stdbool.h>
#include <stddef.h>
#include "fmt.h"
#include "web.h"

enum page_lang {
	LANG_EN = 0,              /* the same values as lib's ss_lang */
	LANG_FR,
	LANG__MAX
};

/* Reads tpldir/lang/<code>.hdf for every language into app->cat: 0, or -1
 * with why filled (a missing or malformed file). lang_free(app) frees
 * them (and does nothing for catalogues never read). */
int lang_load(struct app *app, char *why, size_t size);
void lang_free(struct app *app);
/* "en", "fr"; the code of an unknown value is "en". */
const char *lang_code(int lang);
/* The language named by s ("en", "fr", exactly), or -1. */
int lang_parse(const char *s);
/* The language of an Accept-Language value: the highest q among the
 * languages we have (primary subtag, any case; ties: the first listed),
 * or -1 when none is acceptable or the header is absent. */
int lang_accept(const char *header);
/* Sets r->lang, r->lang_query and r->cat from the query string's lang=
 * and the Accept-Language header. Cannot fail. */
void lang_choose(const struct app *app, struct req *r);

/* The catalogue's text for key ("form.k.label"), or key itself when the
 * catalogue lacks it (a test looks for raw keys on every page). The text
 * belongs to the catalogue: do not free. */
const char *tr(const struct req *r, const char *key);
/* The text of key with {1}..{9} replaced by args[0..] (a NULL-terminated
 * array), into out (cut to size); returns out. */
const char *trf(const struct req *r, char *out, size_t size, const char *key,
                const char *const *args);
#define TRF(r, buf, key, ...) trf((r), (buf), sizeof(buf), (key), (const char *const[]){ __VA_ARGS__, NULL })

/* lang_number / lang_date (fmt.h) for r's language. */
#define LNUM(r, buf, s) lang_number((r)->lang, (s), (buf), sizeof(buf))
#define LDATE(r, buf, s) lang_date((r)->lang, (s), (buf), sizeof(buf))

#endif
