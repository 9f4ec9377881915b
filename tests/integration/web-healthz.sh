#!/usr/bin/env bash
# web-healthz.sh: /healthz checks what a request needs (the store, the temp
# directory writable, the templates readable): 503 naming what is wrong
# (checked here: the temp directory and the templates; without these the
# pages are a 503 saying so and the API still serves),
# never a server path; an unwritable temp directory is a 503 for uploads
# too, without the path (it was a 500 naming it).
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
head -n 2000 "$(retail_csv)" >"$out/small.csv"
: >"$out/not-a-dir"   # a path through a file: no one, not even root, can write there
no_path() { ! grep -q "$out\|/tmp/" "$1"; }
detail_has() { grep -qi -- "$2" "$1"; }

web_start 1
code=$(curl -s -o "$out/ok.json" -w '%{http_code}' "$WEB_URL/healthz")
check "healthz with everything in place: 200 (got $code)" [ "$code" = 200 ]
web_stop_all

web_start 1 SMARTSEG_TMPDIR="$out/not-a-dir/tmp"
code=$(curl -s -o "$out/hz.json" -w '%{http_code}' "$WEB_URL/healthz")
check "healthz with an unwritable temp dir: 503 (got $code)" [ "$code" = 503 ]
check "it names the temp directory" detail_has "$out/hz.json" 'temporary directory is not writable'
check "without a server path" no_path "$out/hz.json"
code=$(curl -s -o "$out/up.json" -w '%{http_code}' -F "file=@$out/small.csv" "$WEB_URL/analyze")
check "an upload then: 503 (got $code)" [ "$code" = 503 ]
check "saying why, without a server path" bash -c "grep -q 'temporary directory' '$out/up.json' && ! grep -q '$out' '$out/up.json'"
web_stop_all

web_start 1 SMARTSEG_TEMPLATES="$out/no-templates"
code=$(curl -s -o "$out/hz.json" -w '%{http_code}' "$WEB_URL/healthz")
check "healthz without the templates directory: 503 (got $code)" [ "$code" = 503 ]
check "it names the templates" detail_has "$out/hz.json" 'templates cannot be read'
check "without a server path" no_path "$out/hz.json"
for u in / /analyses; do
	code=$(curl -s -o "$out/page.txt" -w '%{http_code}' "$WEB_URL$u")
	check "the page $u without templates: 503 (got $code)" [ "$code" = 503 ]
	check "the page $u says the templates cannot be read" detail_has "$out/page.txt" 'templates cannot be read'
done
code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/history")
check "the JSON API still serves without templates (got $code)" [ "$code" = 200 ]
web_stop_all

done_testing
