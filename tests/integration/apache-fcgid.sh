#!/usr/bin/env bash
# apache-fcgid.sh: the README's shared-hosting layout under Debian's Apache
# with mod_fcgid (event MPM): the same binary as a persistent FastCGI worker.
# With the README's mod_fcgid settings everything works, the 19 MB upload
# included; with mod_fcgid's default FcgidMaxRequestLen, Apache itself
# refuses any body over 128 KB with its 500 page, before the program sees it.
set -u
source "$(dirname "$0")/lib/web-env.sh"
source "$(dirname "$0")/lib/apache-env.sh"
source "$(dirname "$0")/lib/apache-checks.sh"
out=$T_TMP
csv=$(retail_csv)

settings=$(readme_block fcgid) || { echo "Bail out! no fcgid block in README.md"; exit 1; }
apache_start fcgid "$settings"
max=$(awk '$1 == "FcgidMaxRequestLen" { print $2 }' <<<"$settings")
limit=$(awk '$1 == "LimitRequestBody" { print $2 }' "$AP_SITE/.htaccess")
check "the README's FcgidMaxRequestLen ($max) is at least its LimitRequestBody ($limit)" \
	bash -c "[ -n '$max' ] && [ -n '$limit' ] && [ '$max' -ge '$limit' ]"
check "the README sets FcgidIOTimeout" grep -q '^FcgidIOTimeout [0-9]' <<<"$settings"
apache_site_checks mod_fcgid
workers=$(ap_workers "$AP_SITE/smartseg.fcgi")
check "mod_fcgid: the program keeps running between requests, as $(ap_user)" \
	bash -c "[ -n '$workers' ] && for p in $workers; do [ \"\$(stat -c %U /proc/\$p)\" = '$(ap_user)' ] || exit 1; done"
apache_log_checks mod_fcgid
# the next Apache reuses the names; this one stops at the end
first_site=$AP_SITE

# mod_fcgid's defaults: what a host that did not set the README's values gives
apache_start fcgid ""
check "mod_fcgid defaults: a second Apache, its own dir" [ "$AP_SITE" != "$first_site" ]
{ head -c 100000 "$csv"; } | sed '$d' >"$out/small.csv"
code=$(curl -s -o /dev/null -D "$out/small.h" -w '%{http_code}' -F "file=@$out/small.csv" -F k=3 "$AP_URL/analyses")
check "mod_fcgid defaults: a 100 KB upload still works (303)" [ "$code" = 303 ]
code=$(curl -s -o "$out/d500.html" -D "$out/d500.h" -w '%{http_code}' -F "file=@$csv" -F k=3 "$AP_URL/analyses")
check "mod_fcgid defaults: the 19 MB form post gets a 500" [ "$code" = 500 ]
check "mod_fcgid defaults: the 500 page is Apache's own, not the program's" \
	bash -c "grep -qi '^content-type: text/html; charset=iso-8859-1' '$out/d500.h' && ! grep -qi '^x-frame-options' '$out/d500.h'"
check "mod_fcgid defaults: the error log names FcgidMaxRequestLen's default" \
	grep -q 'mod_fcgid: HTTP request length [0-9]* (so far) exceeds MaxRequestLen (131072)' "$AP_LOG"
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$csv" -F k=3 "$AP_URL/analyze")
check "mod_fcgid defaults: POST /analyze of 19 MB: 500 too" [ "$code" = 500 ]
curl -s -o "$out/dlist.json" "$AP_URL/history"
check "mod_fcgid defaults: the program never saw the refused uploads (only the small one is stored)" \
	/usr/bin/python3 -c 'import json,sys; sys.exit(len(json.load(open(sys.argv[1]))) != 1)' "$out/dlist.json"
check "mod_fcgid defaults: no temp file left" \
	bash -c "[ -z \"\$(ls -A '$AP_TMP')\" ]"
# an ErrorDocument pointing at the program does not help: the redirected
# request carries the same body, and mod_fcgid refuses it again
echo "ErrorDocument 500 /smartseg/smartseg.fcgi/" >>"$AP_SITE/.htaccess"
curl -s -o "$out/d500b.html" -F "file=@$csv" -F k=3 "$AP_URL/analyses"
check "mod_fcgid defaults: an ErrorDocument at the program fails the same way" \
	grep -q 'error was encountered while trying to use an ErrorDocument' "$out/d500b.html"
apache_done
