#!/usr/bin/env bash
# web-cgi.sh: the same binary as a plain CGI program (no FastCGI): started
# with CGI environment variables it serves /history, an upload, a page.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)
mkdir -p "$out/cwd" "$out/upload"
[ -x "$WEB_BIN" ] || { echo "Bail out! $WEB_BIN is not built"; exit 1; }

# cgi METHOD PATH_INFO QUERY [CONTENT_TYPE BODYFILE]: response in $out/resp
# (CGI_LEN overrides the CONTENT_LENGTH, for a body shorter than announced)
cgi() {
	local method=$1 path=$2 query=$3 ctype=${4:-} body=${5:-/dev/null} len=0
	[ "$body" != /dev/null ] && len=${CGI_LEN:-$(stat -c %s "$body")}
	(cd "$out/cwd" && env -i PATH=/usr/bin:/bin \
		GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 SERVER_NAME=localhost \
		REQUEST_METHOD="$method" SCRIPT_NAME=/cgi-bin/smartseg.fcgi PATH_INFO="$path" \
		QUERY_STRING="$query" CONTENT_TYPE="$ctype" CONTENT_LENGTH="$len" \
		REQUEST_URI="/cgi-bin/smartseg.fcgi$path${query:+?$query}" \
		SMARTSEG_DB="$out/cgi.db" SMARTSEG_TMPDIR="$out/upload" \
		SMARTSEG_TEMPLATES="$WEB_ROOT/templates" SMARTSEG_STATIC="$WEB_ROOT/static" \
		ASAN_OPTIONS="detect_leaks=1" \
		"$WEB_BIN" <"$body" >"$out/resp" 2>>"$out/stderr")
}
status() { head -1 "$out/resp" | tr -d '\r'; }
# the body after the blank line that ends the headers
body() { $py -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.stdout.buffer.write(d.split(b"\r\n\r\n",1)[1])' "$out/resp" >"$1"; }

# a multipart body exactly as the React client sends it
$py - "$csv" "$out/form.bin" <<'PY'
import sys
b = b"----smartsegCGItest"
with open(sys.argv[1], "rb") as f:
    data = f.read()
parts = [b"--" + b + b'\r\nContent-Disposition: form-data; name="file"; filename="online_retail.csv"\r\nContent-Type: text/csv\r\n\r\n' + data + b"\r\n",
         b"--" + b + b'\r\nContent-Disposition: form-data; name="delimiter"\r\n\r\n,\r\n',
         b"--" + b + b'\r\nContent-Disposition: form-data; name="k"\r\n\r\n3\r\n',
         b"--" + b + b"--\r\n"]
open(sys.argv[2], "wb").write(b"".join(parts))
PY
mtype='multipart/form-data; boundary=----smartsegCGItest'

cgi GET /history limit=5
check "CGI GET /history: Status 200" [ "$(status)" = "Status: 200 OK" ]
body "$out/h0.json"
check "CGI GET /history: an empty array" [ "$(cat "$out/h0.json")" = "[]" ]

cgi POST /analyze "" "$mtype" "$out/form.bin"
check "CGI POST /analyze: Status 200" [ "$(status)" = "Status: 200 OK" ]
check "CGI POST /analyze: CORS" grep -qi '^access-control-allow-origin: \*' "$out/resp"
body "$out/post.json"
contract full "$out/post.json" 3 2974 online_retail.csv "$(stat -c %s "$csv")" ,
id=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/post.json" 2>/dev/null)
check "CGI upload temp files are gone" empty_dir "$out/upload"

cgi GET /history limit=5
body "$out/h1.json"
contract list "$out/h1.json" 5 1
check "CGI GET /history lists the upload" grep -q "$id" "$out/h1.json"
cgi GET "/history/$id" ""
body "$out/get.json"
contract same "$out/get.json" "$out/post.json"

cgi GET / ""
check "CGI GET /: Status 200" [ "$(status)" = "Status: 200 OK" ]
check "CGI pages link under the script name" grep -q 'action="/cgi-bin/smartseg.fcgi/analyses"' "$out/resp"
check "CGI GET /: lists the analysis" grep -q "/cgi-bin/smartseg.fcgi/analyses/$id" "$out/resp"
cgi GET "" ""
check "CGI without PATH_INFO serves the form" grep -q 'action="/cgi-bin/smartseg.fcgi/analyses"' "$out/resp"
cgi POST /analyses "" "$mtype" "$out/form.bin"
check "CGI POST /analyses: 303" [ "$(status)" = "Status: 303 See Other" ]
check "CGI 303 under the script name" grep -qi '^location: /cgi-bin/smartseg.fcgi/analyses/[0-9a-f]\{24\}' "$out/resp"
cgi GET "/analyses/$id" ""
check "CGI result page: 200 with an svg" bash -c "head -1 '$out/resp' | grep -q 200 && grep -q '<svg' '$out/resp'"
# a body the server stopped passing on: fewer bytes than CONTENT_LENGTH
head -c 300000 "$out/form.bin" >"$out/short.bin"
CGI_LEN=$(stat -c %s "$out/form.bin") cgi POST /analyses "" "$mtype" "$out/short.bin"
check "CGI body cut short: the form again, 400" [ "$(status)" = "Status: 400 Bad Request" ]
check "CGI body cut short: the form says so, with the bytes that arrived" \
	grep -q "the upload was cut short: 300000 of its $(stat -c %s "$out/form.bin") bytes arrived" "$out/resp"
CGI_LEN=$(stat -c %s "$out/form.bin") cgi POST /analyze "" "$mtype" "$out/short.bin"
check "CGI body cut short: /analyze answers 400 with the reason" \
	bash -c "grep -q '^Status: 400' '$out/resp' && grep -q '\"detail\": \"the upload was cut short' '$out/resp'"
# CONTENT_LENGTH 0 (as mod_fcgid gives a body over LimitRequestBody): no body
CGI_LEN=0 cgi POST /analyses "" "$mtype" "$out/short.bin"
check "CGI multipart post without CONTENT_LENGTH: the form says no body arrived" \
	bash -c "grep -q '^Status: 400' '$out/resp' && grep -q 'the upload arrived empty: the web server passed no request body on' '$out/resp'"
check "CGI body cut short: no temp file left" [ -z "$(ls -A "$out/upload")" ]
cgi GET /static/style.css ""
check "CGI serves the stylesheet" bash -c "head -1 '$out/resp' | grep -q 200 && grep -qi '^content-type: text/css' '$out/resp'"
cgi GET /openapi.json ""
check "CGI serves openapi.json" bash -c "head -1 '$out/resp' | grep -q 200 && grep -q '\"openapi\"' '$out/resp'"
cgi GET /history/nope ""
check "CGI unknown id: 404" [ "$(status)" = "Status: 404 Not Found" ]
cgi PATCH /history ""
check "CGI PATCH: 405" [ "$(status)" = "Status: 405 Method Not Allowed" ]
cgi DELETE "/history/$id" ""
check "CGI DELETE: 200" [ "$(status)" = "Status: 200 OK" ]
check "CGI wrote nothing to stderr (no sanitizer or leak report)" [ ! -s "$out/stderr" ]
[ -s "$out/stderr" ] && head -40 "$out/stderr" | sed "s/^/# /"
done_testing
