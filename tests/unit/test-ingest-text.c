/* test-ingest-text.c: numbers, UTF-8 repair, ids, missing tokens, header keys. */
#include "check.h"
#include "ingest/text.h"

static double v;
static bool comma;

static bool N(const char *s, bool comma_ok)
{
	v = -12345;
	return ss_parse_number(s, strlen(s), comma_ok, &v, &comma);
}

int main(void)
{
	CHECK(N("2.55", false) && v == 2.55, "plain decimal");
	CHECK(N("-6", false) && v == -6.0, "negative integer");
	CHECK(N(" 3.39 ", false) && v == 3.39, "spaces around");
	CHECK(N("1e3", false) && v == 1000.0, "exponent");
	CHECK(N(".5", false) && v == 0.5, "leading dot");
	CHECK(N("0.1", false) && v == 0.1, "0.1 correctly rounded");
	CHECK(N("123456789012345678901234", false) && v == 123456789012345678901234.0,
	      "long mantissa via strtod");
	CHECK(N("2,55", true) && v == 2.55 && comma, "decimal comma when allowed");
	CHECK(!N("2,55", false), "decimal comma refused with a comma delimiter");
	CHECK(N("1.234,56", true) && v == 1234.56 && comma, "1.234,56: dot thousands, comma decimal");
	CHECK(N("1,234.56", true) && v == 1234.56 && !comma, "1,234.56: comma thousands");
	CHECK(N("1,234,567", true) && v == 1234567.0 && !comma, "several commas are thousands");
	CHECK(!N("inf", false) && !N("nan", false) && !N("Infinity", false), "inf and nan refused");
	CHECK(!N("1e999", false), "overflow to infinity refused");
	CHECK(!N("0x10", false), "hex refused");
	CHECK(!N("12abc", false) && !N("", false) && !N("-", false) && !N("1e", false),
	      "junk, empty, lone sign, bare exponent refused");

	char out[64];
	CHECK(ss_utf8_valid("caf\xc3\xa9", 5), "valid UTF-8 accepted");
	CHECK(!ss_utf8_valid("caf\xe9", 4), "Latin-1 byte is not UTF-8");
	CHECK(!ss_utf8_valid("a\0b", 3), "NUL is not accepted");
	CHECK(!ss_utf8_valid("\xc0\xaf", 2), "overlong form refused");
	CHECK(ss_utf8_fix("caf\xe9", 4, out) == 5 && strcmp(out, "caf\xc3\xa9") == 0,
	      "Latin-1 e-acute re-encoded to UTF-8");
	CHECK(ss_utf8_fix("\xc3\xa9\xe9", 3, out) == 4 && strcmp(out, "\xc3\xa9\xc3\xa9") == 0,
	      "valid sequences kept, invalid byte re-encoded");
	CHECK(ss_utf8_fix("a\0b", 3, out) == 5 && strcmp(out, "a\xef\xbf\xbd" "b") == 0,
	      "NUL becomes U+FFFD");
	CHECK(ss_utf8_cut("ab\xc3\xa9", 4, 3) == 2, "cut does not split a character");

	CHECK(ss_customer_norm("17850.0", 7) == 5, "17850.0 -> 17850");
	CHECK(ss_customer_norm("17850.000", 9) == 5, "17850.000 -> 17850");
	CHECK(ss_customer_norm("17850.5", 7) == 7, "17850.5 kept");
	CHECK(ss_customer_norm("A17.0", 5) == 5, "non-numeric id kept");
	CHECK(ss_customer_norm("17850", 5) == 5, "integer id kept");

	CHECK(ss_is_missing("", 0) && ss_is_missing("   ", 3), "empty and blank are missing");
	CHECK(ss_is_missing("NA", 2) && ss_is_missing("NaN", 3) && ss_is_missing("NULL", 4) &&
	      ss_is_missing("#N/A", 4) && ss_is_missing(" nan ", 5), "NA tokens are missing");
	CHECK(!ss_is_missing("NAB", 3) && !ss_is_missing("17850", 5) && !ss_is_missing("-1", 2),
	      "ordinary values are not missing");

	char key[64];
	ss_header_key("Customer ID", 11, key, sizeof(key));
	CHECK_STR(key, "customerid", "header key drops spaces, lowers case");
	ss_header_key("customer_id", 11, key, sizeof(key));
	CHECK_STR(key, "customerid", "header key drops underscores");
	return CHECK_DONE();
}
