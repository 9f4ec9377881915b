#!/usr/bin/env bash
# web-healthz.sh: /healthz checks what a request needs (the store, the temp
# directory writable, the templates readable): 503 naming what is wrong
# (checked here: the temp directory),
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

done_testing
