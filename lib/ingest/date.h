/* date.h: the date formats ingest reads, parsed to UTC microseconds
 * with our own calendar arithmetic (no timegm, no TZ, deterministic). */
#ifndef SMARTSEG_INGEST_DATE_H
#define SMARTSEG_INGEST_DATE_H
#include <stddef.h>
#include <stdint.h>

/* What a date string turned out to be. */
typedef enum ss_date_kind {
	SS_DATE_BAD = 0,   /* does not parse */
	SS_DATE_FIXED,     /* unambiguous: ISO 8601, YYYYMMDD, D.M.Y */
	SS_DATE_SLASH,     /* A/B/Y: month- or day-first, see the flags */
} ss_date_kind;

typedef struct ss_date {
	ss_date_kind kind;
	/* FIXED: us[0] == us[1] is the instant. SLASH: us[0] is the
	 * month-first reading, us[1] the day-first one; ok[i] says whether
	 * that reading is a valid date. */
	int64_t us[2];
	int ok[2];
	/* SLASH: an order-independent key of (A, B, year, time) so distinct
	 * timestamps can be counted before the order is known. */
	int64_t key;
} ss_date;

/* Days since 1970-01-01 of a proleptic Gregorian date (any year). */
int64_t ss_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Parses s[0..n) (surrounding spaces allowed). Formats: YYYY-MM-DD and
 * YYYY/MM/DD [T or space HH:MM[:SS[.frac]]] [Z | +HH[:MM] | -HH[:MM]]
 * (offsets converted to UTC); A/B/YY or A/B/YYYY [H:MM[:SS[.frac]]] [AM|PM];
 * D.M.YYYY (day-first) [time]; YYYYMMDD [time]. Two-digit years follow
 * POSIX %y: 69-99 -> 19xx, 00-68 -> 20xx. Fills *d; returns d->kind. */
ss_date_kind ss_date_parse(const char *s, size_t n, ss_date *d);

#endif
