/* test-dates.c: every date format ingest reads, one check each. */
#include "check.h"
#include "ingest/date.h"

#define DAY (INT64_C(86400) * 1000000)
#define SEC INT64_C(1000000)

static ss_date d;

static ss_date_kind P(const char *s)
{
	return ss_date_parse(s, strlen(s), &d);
}

/* Microseconds of y-m-d h:mi:s UTC, from the calendar function. */
static int64_t U(int y, unsigned m, unsigned dd, int h, int mi, int s)
{
	return ss_days_from_civil(y, m, dd) * DAY + ((h * 60 + mi) * 60 + s) * SEC;
}

int main(void)
{
	CHECK(ss_days_from_civil(1970, 1, 1) == 0, "1970-01-01 is day 0");
	CHECK(ss_days_from_civil(2000, 3, 1) == 11017, "2000-03-01 is day 11017");
	CHECK(ss_days_from_civil(2011, 6, 26) == 15151, "2011-06-26 is day 15151");
	CHECK(ss_days_from_civil(1969, 12, 31) == -1, "1969-12-31 is day -1");
	CHECK(ss_days_from_civil(2024, 3, 1) - ss_days_from_civil(2024, 2, 28) == 2,
	      "leap year 2024 has Feb 29");

	CHECK(P("2011-06-26") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 0, 0, 0), "ISO date");
	CHECK(P("2011-06-26 10:59:01") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 10, 59, 1),
	      "ISO date time with a space");
	CHECK(P("2011-06-26T10:59") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 10, 59, 0),
	      "ISO date time with T, no seconds");
	CHECK(P("2011-06-26T10:59:00Z") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 10, 59, 0),
	      "ISO with Z");
	CHECK(P("2011-06-26T10:59:00+01:00") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 9, 59, 0),
	      "ISO with +01:00 converted to UTC");
	CHECK(P("2011-06-26T00:30:00-0230") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 3, 0, 0),
	      "ISO with -0230 converted to UTC");
	CHECK(P("2011-06-26T10:59:00.250") == SS_DATE_FIXED &&
	      d.us[0] == U(2011, 6, 26, 10, 59, 0) + 250000, "ISO with fractional seconds");
	CHECK(P("2011/06/26") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 0, 0, 0),
	      "year-first with slashes is ISO-like");
	CHECK(P("20110626") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 0, 0, 0), "YYYYMMDD");
	CHECK(P("26.06.2011") == SS_DATE_FIXED && d.us[0] == U(2011, 6, 26, 0, 0, 0),
	      "D.M.YYYY is day-first");
	CHECK(P("1.2.2011 08:05") == SS_DATE_FIXED && d.us[0] == U(2011, 2, 1, 8, 5, 0),
	      "D.M.YYYY with time");

	CHECK(P("12/1/10 8:26") == SS_DATE_SLASH && d.ok[0] && d.ok[1] &&
	      d.us[0] == U(2010, 12, 1, 8, 26, 0) && d.us[1] == U(2010, 1, 12, 8, 26, 0),
	      "M/D/YY H:MM: both readings kept");
	CHECK(P("6/26/2011 10:59:30") == SS_DATE_SLASH && d.ok[0] && !d.ok[1] &&
	      d.us[0] == U(2011, 6, 26, 10, 59, 30), "M/D/YYYY H:MM:SS: only month-first valid");
	CHECK(P("26/6/2011") == SS_DATE_SLASH && !d.ok[0] && d.ok[1] &&
	      d.us[1] == U(2011, 6, 26, 0, 0, 0), "D/M/YYYY: only day-first valid");
	CHECK(P("1/2/2011 1:05 PM") == SS_DATE_SLASH && d.us[0] == U(2011, 1, 2, 13, 5, 0),
	      "PM adds 12 hours");
	CHECK(P("1/2/2011 12:05 AM") == SS_DATE_SLASH && d.us[0] == U(2011, 1, 2, 0, 5, 0),
	      "12 AM is midnight");
	ss_date a, b;
	ss_date_parse("1/2/2011 10:00", 14, &a);
	ss_date_parse("2/1/2011 10:00", 14, &b);
	CHECK(a.key != b.key, "order-free keys differ for 1/2 and 2/1");
	CHECK(a.key < U(1, 1, 1, 0, 0, 0), "slash keys sit below every real instant");

	CHECK(P("1/1/69") == SS_DATE_SLASH && d.us[0] == U(1969, 1, 1, 0, 0, 0), "%%y 69 -> 1969");
	CHECK(P("1/1/68") == SS_DATE_SLASH && d.us[0] == U(2068, 1, 1, 0, 0, 0), "%%y 68 -> 2068");
	CHECK(P("1/1/00") == SS_DATE_SLASH && d.us[0] == U(2000, 1, 1, 0, 0, 0), "%%y 00 -> 2000");
	CHECK(P("  2011-06-26  ") == SS_DATE_FIXED, "surrounding spaces allowed");

	CHECK(P("") == SS_DATE_BAD, "empty is bad");
	CHECK(P("2011-02-29") == SS_DATE_BAD, "Feb 29 in a common year is bad");
	CHECK(P("2012-02-29") == SS_DATE_FIXED, "Feb 29 in a leap year is fine");
	CHECK(P("13/13/2011") == SS_DATE_BAD, "13/13 is bad under both readings");
	CHECK(P("2011-06-26 25:00") == SS_DATE_BAD, "hour 25 is bad");
	CHECK(P("2011-06-26 10:60") == SS_DATE_BAD, "minute 60 is bad");
	CHECK(P("2011-13-01") == SS_DATE_BAD, "month 13 is bad");
	CHECK(P("yesterday") == SS_DATE_BAD, "words are bad");
	CHECK(P("1/2/201") == SS_DATE_BAD, "three-digit year is bad");
	CHECK(P("2011-06-26 10:59 junk") == SS_DATE_BAD, "trailing junk is bad");
	CHECK(P("2011-06-26T10:59:00+25:00") == SS_DATE_BAD, "offset +25:00 is bad");
	CHECK(ss_date_parse("2011-06-26\0x", 12, &d) == SS_DATE_BAD, "NUL byte inside is bad");
	CHECK(P("201106261") == SS_DATE_BAD, "nine digits are bad");
	return CHECK_DONE();
}
