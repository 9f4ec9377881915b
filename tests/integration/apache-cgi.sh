#!/usr/bin/env bash
# apache-cgi.sh: shared hosting as the README describes it, for real: Debian's
# Apache (mod_cgi, prefork MPM) on a free loopback port, its own ServerRoot in
# a temp dir, running the program as an unprivileged user, with the layout,
# .env and .htaccess taken from README.md itself.
set -u
source "$(dirname "$0")/lib/web-env.sh"
source "$(dirname "$0")/lib/apache-env.sh"
source "$(dirname "$0")/lib/apache-checks.sh"
out=$T_TMP

apache_start cgi
apache_site_checks mod_cgi

# without SMARTSEG_BASE_URL the links go through the script's own URL (each
# CGI request reads .env afresh)
sed -i '/^SMARTSEG_BASE_URL=/d' "$AP_SITE/.env"
code=$(curl -s -o "$out/index2.html" -w '%{http_code}' "$AP_URL/smartseg.fcgi/")
check "mod_cgi, no SMARTSEG_BASE_URL: the form posts to /smartseg/smartseg.fcgi/analyses" \
	bash -c "[ '$code' = 200 ] && grep -q 'action=\"/smartseg/smartseg.fcgi/analyses\"' '$out/index2.html'"
code=$(curl -s -o "$out/res2.html" -w '%{http_code}' "$AP_URL/smartseg.fcgi/analyses/$A_ID")
check "mod_cgi, no SMARTSEG_BASE_URL: the result page links under the script's URL" \
	bash -c "[ '$code' = 200 ] && grep -q 'href=\"/smartseg/smartseg.fcgi/history/$A_ID/customers.csv\"' '$out/res2.html'"
code=$(curl -s -o "$out/hist2.html" -w '%{http_code}' "$AP_URL/smartseg.fcgi/analyses")
check "mod_cgi, no SMARTSEG_BASE_URL: history links under the script's URL" \
	bash -c "[ '$code' = 200 ] && grep -q 'href=\"/smartseg/smartseg.fcgi/analyses/$A_ID\"' '$out/hist2.html'"

apache_log_checks mod_cgi
apache_done
