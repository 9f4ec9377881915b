/* text.h: byte-level helpers of ingest: UTF-8 repair, trimming,
 * missing-value tokens, customer id and header name normalisation, numbers. */
#ifndef SMARTSEG_INGEST_TEXT_H
#define SMARTSEG_INGEST_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is valid UTF-8 without NUL bytes. */
bool ss_utf8_valid(const char *s, size_t n);

/* Length of the longest prefix of the valid UTF-8 string s[0..n) that
 * is at most max bytes and does not cut a character. */
size_t ss_utf8_cut(const char *s, size_t n, size_t max);

/* Copies s[0..n) to out as valid UTF-8: valid sequences are kept, every
 * other byte is read as Latin-1 and NUL becomes U+FFFD. out must hold
 * 3 * n + 1 bytes; it is NUL-terminated. Returns the length written. */
size_t ss_utf8_fix(const char *s, size_t n, char *out);

/* Narrows [*s, *s + *n) past leading and trailing spaces, tabs, CR, LF. */
void ss_trim(const char **s, size_t *n);

/* True when the (trimmed) value is empty or a missing-value token as
 * pandas reads them: NA, N/A, NaN, NULL, None, #N/A, ... */
bool ss_is_missing(const char *s, size_t n);

/* Customer ids are text; a purely numeric id with a zero fraction
 * ("17850.0") is the integer ("17850"). Returns the new length of s. */
size_t ss_customer_norm(const char *s, size_t n);

/* Header key: ASCII lower case without spaces, tabs and underscores,
 * written to out (cap bytes, NUL-terminated, truncated). */
void ss_header_key(const char *s, size_t n, char *out, size_t cap);

/* Parses a decimal number ([+-]digits[.digits][e[+-]digits]) with
 * surrounding spaces. With comma_ok, a decimal comma is accepted ("2,55")
 * and, when both ',' and '.' occur, the last one is the decimal separator
 * and the other a thousands separator ("1.234,56"); *used_comma tells.
 * Returns false for anything else, including inf/nan and overflow. */
bool ss_parse_number(const char *s, size_t n, bool comma_ok, double *out,
                     bool *used_comma);

#endif
