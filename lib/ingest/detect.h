/* detect.h: guessing the delimiter from the first lines of a CSV. */
#ifndef SMARTSEG_INGEST_DETECT_H
#define SMARTSEG_INGEST_DETECT_H
#include <stdbool.h>
#include <stddef.h>

/* Candidate delimiters, in order of preference on ties. */
#define SS_DELIMS ",;\t|"

/* Looks at up to the first 20 records of buf[0..n) (eof: buf ends the
 * file, so a last unterminated record counts). Counts each candidate
 * outside double quotes per record; a candidate present in the header
 * with the same count in every other record is consistent. Picks the
 * consistent candidate with the most header occurrences, else the one
 * with the most header occurrences, else ','. */
char ss_detect_delimiter(const char *buf, size_t n, bool eof);

#endif
