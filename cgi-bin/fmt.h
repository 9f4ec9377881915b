/* fmt.h: number formatting and a growable text buffer with HTML escaping,
 * for the CSV export and the SVG charts. */
#ifndef SMARTSEG_FMT_H
#define SMARTSEG_FMT_H
#include <stdbool.h>
#include <stddef.h>
#include "strbuf.h"

/* Shortest text that reads back as v ("" for NaN or infinity). */
void fmt_double(char *buf, size_t size, double v);
/* v with decimals places and thousands separators ("1,237.07"). */
void fmt_fixed(char *buf, size_t size, double v, int decimals);

/* The languages of lang_number / lang_date: lang.h's LANG_EN, LANG_FR. */
enum { FMT_EN = 0, FMT_FR = 1 };
/* s (numbers written the English way: "1,234.56", "12.5%", "-3") in the
 * language's conventions into out: French "1 234,56", "12,5 %" (narrow
 * no-break spaces, U+202F); English unchanged. Text around numbers is
 * kept. Returns out. */
const char *lang_number(int lang, const char *s, char *out, size_t size);
/* An ISO 8601 UTC time ("2026-12-02T10:11:12.345Z") as the language
 * writes it: French "02/12/2026 10:11"; English unchanged; anything that
 * is not such a time unchanged. Returns out. */
const char *lang_date(int lang, const char *s, char *out, size_t size);

/* t with {1}..{9} replaced by args[0..] (a NULL-terminated array), into
 * out (cut to size); a marker without its value stays. Returns out. */
const char *lang_fill(const char *t, const char *const *args, char *out, size_t size);

/* Appends s to b with & < > " ' escaped (text and attribute values). */
void sbuf_escape(ss_strbuf *b, const char *s);

#endif
