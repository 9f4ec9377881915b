/* test-params.c: the text forms of the analysis parameters, as the CLI and
 * the web front both read them: the delimiter's spellings and its one
 * error message. */
#include <string.h>
#include "check.h"
#include "model/params.h"

static void accepts(const char *s, char want, const char *what)
{
	ss_error err = { 0 };
	char c = 'x';
	int rc = ss_parse_delimiter(s, &c, &err);

	CHECK(rc == 0 && c == want, "delimiter %s is accepted as %d (got rc %d, %d)", what, want,
	      rc, c);
}

static void refuses(const char *s, const char *what)
{
	ss_error err = { 0 };
	char c = 'x';
	int rc = ss_parse_delimiter(s, &c, &err);

	CHECK(rc == -1 && err.code == SS_EPARAM && c == 'x', "delimiter %s is refused (SS_EPARAM)",
	      what);
	/* the one message names every accepted form */
	CHECK(strstr(err.msg, "\",\"") && strstr(err.msg, "\";\"") && strstr(err.msg, "\"|\"") &&
	      strstr(err.msg, "tab") && strstr(err.msg, "TAB") && strstr(err.msg, "\\t") &&
	      strstr(err.msg, "auto"), "the message for %s lists , ; | tab TAB \\t auto: %s", what,
	      err.msg);
}

int main(void)
{
	ss_error err = { 0 };
	char c;

	accepts(",", ',', "','");
	accepts(";", ';', "';'");
	accepts("|", '|', "'|'");
	accepts("tab", '\t', "'tab'");
	accepts("TAB", '\t', "'TAB'");
	accepts("Tab", '\t', "'Tab'");
	accepts("\\t", '\t', "'\\t' (backslash t)");
	accepts("\t", '\t', "a real tab character");
	accepts("auto", 0, "'auto'");
	accepts("AUTO", 0, "'AUTO'");
	accepts("", 0, "'' (the form's empty choice)");

	refuses("x", "'x'");
	refuses(",,", "',,'");
	refuses(" ,", "' ,'");
	refuses("tabs", "'tabs'");
	refuses(":", "':'");
	refuses("\\n", "'\\n'");
	refuses(NULL, "NULL");

	/* what was given is echoed, cut and made printable */
	ss_parse_delimiter("<\x01\n>", &c, &err);
	CHECK(strstr(err.msg, "(got '<?\?>')") != NULL, "control characters echo as '?': %s",
	      err.msg);
	char longv[200];
	memset(longv, 'a', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	ss_parse_delimiter(longv, &c, &err);
	CHECK(strstr(err.msg, "aaa...')") != NULL && strlen(err.msg) < 200,
	      "a long value is cut: %s", err.msg);
	return CHECK_DONE();
}
