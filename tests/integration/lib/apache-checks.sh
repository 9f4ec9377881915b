# apache-checks.sh: what a shared-hosting user does, through an Apache that
# apache_start (apache-env.sh) started with the README's layout, .env and
# .htaccess: the form post of the test data, the result page and every
# link on it, history, POST /analyze against the client contract, .env and
# templates/ refused, static files, the 413s, deleting. $1 names the
# handler in the check names. Leaves A_ID (the form's analysis) and
# A_API_ID (the API's) for the caller.

apache_site_checks() {
	local h=$1 csv size out=$T_TMP py=/usr/bin/python3 code loc host
	csv=$(retail_csv)
	size=$(stat -c %s "$csv")
	host=${AP_URL%/smartseg}

	# the form, links under SMARTSEG_BASE_URL (/smartseg, no script name)
	code=$(curl -s -o "$out/index.html" -w '%{http_code}' "$AP_URL/")
	check "$h: GET /smartseg/ serves the form" [ "$code" = 200 ]
	check "$h: the form posts to /smartseg/analyses (SMARTSEG_BASE_URL)" \
		grep -q 'action="/smartseg/analyses" enctype="multipart/form-data"' "$out/index.html"

	# the form post of the Online Retail data (19 MB)
	code=$(curl -s -o /dev/null -D "$out/post.h" -w '%{http_code}' \
		-F "file=@$csv" -F k=3 -F delimiter=auto -F transform=none -F lang=en "$AP_URL/analyses")
	check "$h: the form post of the 19 MB file answers 303" [ "$code" = 303 ]
	loc=$(grep -i '^location:' "$out/post.h" | tr -d '\r' | cut -d' ' -f2)
	A_ID=${loc##*/}
	check "$h: 303 to /smartseg/analyses/{id}" bash -c "[[ '$loc' =~ ^/smartseg/analyses/[0-9a-f]{24}$ ]]"

	code=$(curl -s -o "$out/result.html" -w '%{http_code}' "$host$loc")
	check "$h: the result page answers 200" [ "$code" = 200 ]
	check "$h: the result page has its SVG charts" grep -q '<svg' "$out/result.html"
	curl -s -o "$out/doc.json" "$AP_URL/history/$A_ID"
	check "$h: the result page shows 2974 customers and each persona name" $py -c '
import html, json, sys
doc = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
names = [c["AI_Marketing_Name"] for c in doc["summary"]]
sys.exit(not (len(names) == 3 and all(html.escape(n, quote=True) in page for n in names)
              and "2974" in page))' "$out/doc.json" "$out/result.html"
	# every link of the page: under /smartseg/ without the script's name,
	# and each one answers through the README's rewrite
	check "$h: every link on the result page is under /smartseg/ and answers 200" $py -c '
import re, sys, urllib.request
page, host = open(sys.argv[1]).read(), sys.argv[2]
links = sorted(set(re.findall(r"(?:href|action|src)=\"(/[^\"]*)\"", page)))
bad = [l for l in links if not l.startswith("/smartseg/") or "smartseg.fcgi" in l]
for l in links:
    try:
        with urllib.request.urlopen(host + l.replace("&amp;", "&")) as r:
            r.read()  # the whole answer: a close before it is a 500 in the log
            code = r.status
    except Exception as e:
        code = e
    if code != 200:
        bad.append("%s: %s" % (l, code))
for b in bad:
    print("# " + b)
sys.exit(len(links) < 7 or bool(bad))' "$out/result.html" "$host"

	code=$(curl -s -o "$out/history.html" -w '%{http_code}' "$AP_URL/analyses")
	check "$h: the history page lists the analysis" \
		bash -c "[ '$code' = 200 ] && grep -q 'href=\"/smartseg/analyses/$A_ID\"' '$out/history.html'"

	# the React client's API under /smartseg
	code=$(curl -s -o "$out/api.json" -D "$out/api.h" -w '%{http_code}' \
		-F "file=@$csv" -F "delimiter=," -F "k=3" "$AP_URL/analyze")
	check "$h: POST /smartseg/analyze answers 200" [ "$code" = 200 ]
	check "$h: POST /smartseg/analyze has CORS" grep -qi '^access-control-allow-origin: \*' "$out/api.h"
	contract full "$out/api.json" 3 2974 online_retail.csv "$size" ,
	A_API_ID=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/api.json" 2>/dev/null)
	curl -s -o "$out/list.json" "$AP_URL/history?limit=5"
	contract list "$out/list.json" 5
	check "$h: GET /smartseg/history lists both analyses, newest first" $py -c '
import json, sys
l = json.load(open(sys.argv[1])); sys.exit([i["_id"] for i in l] != sys.argv[2:])' \
		"$out/list.json" "$A_API_ID" "$A_ID"
	curl -s -o "$out/get.json" "$AP_URL/history/$A_API_ID"
	contract same "$out/get.json" "$out/api.json"

	# what is not for the public
	code=$(curl -s -o "$out/env.out" -w '%{http_code}' "$AP_URL/.env")
	check "$h: .env is refused (403) and not shown" \
		bash -c "[ '$code' = 403 ] && ! grep -q SMARTSEG_ '$out/env.out'"
	code=$(curl -s -o "$out/env.out" -w '%{http_code}' "$AP_URL/%2e%65nv")
	check "$h: .env spelt with %-escapes is refused too" \
		bash -c "[ '$code' = 403 ] && ! grep -q SMARTSEG_ '$out/env.out'"
	code=$(curl -s -o "$out/tpl.out" -w '%{http_code}' "$AP_URL/templates/index.cs")
	check "$h: templates/index.cs is 404 and not shown" \
		bash -c "[ '$code' = 404 ] && ! grep -q '<?cs' '$out/tpl.out'"
	code=$(curl -s -o /dev/null -w '%{http_code}' "$AP_URL/templates/")
	check "$h: templates/ is 404" [ "$code" = 404 ]
	curl -s -o "$out/bin.out" "$AP_URL/smartseg.fcgi"
	check "$h: the program is run, never sent" bash -c "! head -c 4 '$out/bin.out' | grep -q ELF"

	# static files: by Apache itself (the rewrite leaves files alone)
	code=$(curl -s -o "$out/style.css" -D "$out/style.h" -w '%{http_code}' "$AP_URL/static/style.css")
	check "$h: static/style.css served, text/css, the repository's file" \
		bash -c "[ '$code' = 200 ] && grep -qi '^content-type: text/css' '$out/style.h' && cmp -s '$out/style.css' '$WEB_ROOT/static/style.css'"
	check "$h: static/style.css comes from Apache, not the program" \
		bash -c "! grep -qi '^x-frame-options' '$out/style.h'"
	code=$(curl -s -o "$out/openapi.json" -w '%{http_code}' "$AP_URL/openapi.json")
	check "$h: /smartseg/openapi.json answers 200" \
		bash -c "[ '$code' = 200 ] && grep -q '\"openapi\"' '$out/openapi.json'"

	# 413: the .htaccess's LimitRequestBody (101 MiB), then the program's
	# own limit (SMARTSEG_MAX_UPLOAD_MB=100) for a file just over 100 MiB
	truncate -s 110000000 "$out/huge.bin"
	code=$(curl -s -o "$out/huge.out" -w '%{http_code}' -H 'Content-Type: multipart/form-data; boundary=x' \
		--data-binary "@$out/huge.bin" "$AP_URL/analyses")
	if [ "$h" != mod_fcgid ]; then
		check "$h: a 110 MB body is refused by LimitRequestBody: 413" [ "$code" = 413 ]
	else
		# mod_fcgid hands the program an empty body (CONTENT_LENGTH=0)
		# instead of Apache's 413; the program can tell, and says so
		check "$h: a 110 MB body over LimitRequestBody reaches the program empty: the form again, 400" \
			[ "$code" = 400 ]
		check "$h: the form says the server passed no body on" \
			grep -q 'the upload arrived empty: the web server passed no request body on' "$out/huge.out"
	fi
	rm -f "$out/huge.bin"
	{ head -1 "$csv"; yes '536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom'; } |
		head -c 104857700 >"$out/big.csv"
	code=$(curl -s -o "$out/big.html" -w '%{http_code}' -F "file=@$out/big.csv" -F k=3 "$AP_URL/analyses")
	check "$h: a file over SMARTSEG_MAX_UPLOAD_MB: the form again, 413" [ "$code" = 413 ]
	check "$h: the form says the file is over the 100 MB limit" \
		grep -q 'the file is larger than the limit of 100 MB' "$out/big.html"
	code=$(curl -s -o "$out/big.json" -w '%{http_code}' -F "file=@$out/big.csv" "$AP_URL/analyze")
	check "$h: the same through /analyze: 413 {\"detail\"}" \
		bash -c "[ '$code' = 413 ] && grep -q '\"detail\": \"the file is larger than the limit of 100 MB\"' '$out/big.json'"
	rm -f "$out/big.csv"

	# deleting through the pages
	code=$(curl -s -o "$out/del.html" -w '%{http_code}' "$AP_URL/analyses/$A_API_ID/delete")
	check "$h: the delete confirmation posts under /smartseg/" \
		bash -c "[ '$code' = 200 ] && grep -q 'action=\"/smartseg/analyses/$A_API_ID/delete\"' '$out/del.html'"
	code=$(curl -s -o /dev/null -D "$out/del.h" -w '%{http_code}' -d confirm=yes "$AP_URL/analyses/$A_API_ID/delete")
	check "$h: confirmed delete: 303 to /smartseg/analyses" \
		bash -c "[ '$code' = 303 ] && grep -qi '^location: /smartseg/analyses' '$out/del.h'"
	code=$(curl -s -o /dev/null -w '%{http_code}' "$AP_URL/history/$A_API_ID")
	check "$h: the deleted analysis is gone: 404" [ "$code" = 404 ]

	# the program as the unprivileged user, leaving nothing behind
	check "$h: the store belongs to the user the program ran as ($(ap_user))" \
		[ "$(stat -c %U "$AP_DB")" = "$(ap_user)" ]
	check "$h: the program created its temp dir and left it empty" \
		bash -c "[ -d '$AP_TMP' ] && [ -z \"\$(ls -A '$AP_TMP')\" ]"
}

# No 500 in the access log, nothing but Apache's own notices and the
# refusals asked for in the error log (a crash or a message on the
# program's stderr lands there): .env denied, and under mod_cgi(d) the
# LimitRequestBody refusal (the program has been started when the limit
# stops the body: AH01225 / AH01270 with APR_ENOSPC, "-102").
apache_log_checks() {
	local h=$1 expected='AH01630: client denied by server configuration: .*/\.env$|\(-102\)Unknown error -102: .*AH0(1225|1270): Error reading request entity data'
	check "$h: no 500 in the access log" bash -c "! grep -q '\" 500 ' '$AP_ACCESS'"
	check "$h: the error log holds nothing unexpected" bash -c "! grep -v -e ':notice\]' \
		'$AP_LOG' | grep -Ev '$expected' | grep -q ."
	grep -v -e ':notice\]' "$AP_LOG" | grep -Ev "$expected" | head -20 | sed 's/^/# /'
}
