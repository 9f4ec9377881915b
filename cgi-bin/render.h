/* render.h: the pages' ClearSilver side: an HDF filled from BSON and
 * request values, rendered with every var: HTML-escaped, sent through the
 * response layer. */
#ifndef SMARTSEG_RENDER_H
#define SMARTSEG_RENDER_H
#include <ClearSilver.h>
#include <bson/bson.h>
#include "reply.h"
#include "web.h"

/* A new HDF with the settings every page needs (escaping on, template
 * path, base URL). NULL on out of memory. Free with hdf_destroy(). */
HDF *render_hdf(const struct app *app, const struct req *r);
/* render_hdf with doc copied under prefix (hdf_from_bson); on out of
 * memory the 500 error page is sent and NULL returned. */
HDF *render_hdf_doc(const struct app *app, struct req *r, const char *prefix,
                    const bson_t *doc);
/* The setters take the name, then the value. Out-of-memory errors are
 * ignored (the value is then missing from the page). A name built from
 * parts comes from hname(): hset_str(hdf, hname(nb, "seg.%d.name", c), s). */
#define HNAME_MAX 256
/* Formats a node name into nb (HNAME_MAX bytes) and returns nb. */
const char *hname(char nb[HNAME_MAX], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* name = the printf-formatted value. */
void hset(HDF *hdf, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets name to s as is (text: escaped by the template). */
void hset_str(HDF *hdf, const char *name, const char *s);
/* Copies every element of doc under prefix ("doc.summary.0.Count"), skipping
 * raw_data. Keys are reduced to [A-Za-z0-9_]. */
void hdf_from_bson(HDF *hdf, const char *prefix, const bson_t *doc);
/* Renders templates/<tpl> and sends it with status (and extra headers).
 * On a template failure sends a plain 500 instead. */
void render_send(struct req *r, int status, HDF *hdf, const char *tpl,
                 const char *extra);

#endif
