#!/usr/bin/env bash
# web-limits.sh: uploads over the limit get 413 with a reason (from nginx
# and from the program), the workers keep serving; a store that cannot
# open gives 503 with the reason.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)
is_detail() { $py -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["detail"]' "$1"; }

# the default limit (100 MB): a 150 MB upload is stopped by nginx
web_start 2
head -c $((150 * 1024 * 1024)) /dev/zero >"$out/big.csv"
code=$(curl -s -o "$out/big.json" -D "$out/big.h" -w '%{http_code}' -F "file=@$out/big.csv" "$WEB_URL/analyze")
check "a 150 MB upload gets 413" [ "$code" = 413 ]
check "the 413 says why, as {\"detail\"}" is_detail "$out/big.json"
check "the 413 carries CORS" grep -qi '^access-control-allow-origin: \*' "$out/big.h"
code=$(curl -s -o "$out/big.html" -D "$out/bigp.h" -w '%{http_code}' -F "file=@$out/big.csv" "$WEB_URL/analyses")
check "the form posting 150 MB gets a 413 page" [ "$code" = 413 ]
check "the 413 page is HTML with a way back" bash -c "grep -qi '^content-type: text/html' '$out/bigp.h' && grep -q 'href=\"/\"' '$out/big.html'"
rm -f "$out/big.csv"
code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/healthz")
check "the workers keep serving (healthz 200)" [ "$code" = 200 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$csv" "$WEB_URL/analyze")
check "and an upload still succeeds" [ "$code" = 200 ]
web_stop_all

# a 1 MB limit: the program itself refuses the 19 MB file (nginx lets
# 2 MB through; the program counts the file's bytes)
WEB_MAX_MB=1 web_start 2
head -c $((1536 * 1024)) "$csv" >"$out/mid.csv"
code=$(curl -s -o "$out/mid.json" -w '%{http_code}' -F "file=@$out/mid.csv" "$WEB_URL/analyze")
check "a 1.5 MB file over a 1 MB limit: 413 from the program" [ "$code" = 413 ]
check "the program's 413 names the limit" grep -q '1 MB' "$out/mid.json"
code=$(curl -s -o "$out/mid.html" -w '%{http_code}' -F "file=@$out/mid.csv" -F k=4 "$WEB_URL/analyses")
check "the form post over the limit: the form again with 413" [ "$code" = 413 ]
check "the form says the file is too large, beside the file field" grep -q 'id="file-error"' "$out/mid.html"
code=$(curl -s -o "$out/huge.json" -w '%{http_code}' -F "file=@$csv" "$WEB_URL/analyze")
check "the 19 MB file: 413 (nginx)" [ "$code" = 413 ]
head -c $((512 * 1024)) "$csv" | head -n -1 >"$out/small.csv"
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$out/small.csv" "$WEB_URL/analyze")
check "a file under the limit still succeeds" [ "$code" = 200 ]
check "no temp file left behind" empty_dir "$WEB_DIR/upload"
web_stop_all

# a store that cannot open: 503 with the reason
: >"$out/not-a-dir"  # a path through a file: no one, not even root, can create it
web_start 1 SMARTSEG_DB="$out/not-a-dir/x.db"
code=$(curl -s -o "$out/hz.json" -w '%{http_code}' "$WEB_URL/healthz")
check "healthz with no store: 503" [ "$code" = 503 ]
check "healthz 503 says why" is_detail "$out/hz.json"
code=$(curl -s -o "$out/h.json" -w '%{http_code}' "$WEB_URL/history")
check "GET /history with no store: 503" [ "$code" = 503 ]
check "GET /history 503 says why" is_detail "$out/h.json"
code=$(curl -s -o "$out/p.json" -w '%{http_code}' -F "file=@$out/small.csv" "$WEB_URL/analyze")
check "POST /analyze with no store: 503" [ "$code" = 503 ]
code=$(curl -s -o "$out/g.json" -w '%{http_code}' "$WEB_URL/history/0123456789abcdef01234567")
check "GET /history/{id} with no store: 503" [ "$code" = 503 ]
code=$(curl -s -o "$out/a.html" -w '%{http_code}' "$WEB_URL/analyses")
check "the history page with no store: 503 page" [ "$code" = 503 ]
code=$(curl -s -o "$out/i.html" -w '%{http_code}' "$WEB_URL/")
check "the form page still answers 200" [ "$code" = 200 ]
check "the form page says the history is unavailable" grep -q 'history is unavailable' "$out/i.html"
done_testing
