#!/usr/bin/env bash
# web-gemini.sh: persona sources on the result page, with a local fake
# Gemini server: "named by Gemini 2.5 Flash" when it answers, "named by
# rules: <reason>" when it fails; model text is escaped like any other.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)

source "$(dirname "$0")/lib/fake-gemini.sh"
fake_gemini_start "$out"
fake=$FAKE_GEMINI_PID
trap 'kill $fake 2>/dev/null; web_stop_all; rm -rf "$T_TMP"' EXIT
base=$FAKE_GEMINI_URL
web_start 2 GEMINI_API_KEY=web-test-key GEMINI_BASE_URL="$base" GEMINI_TIMEOUT_S=3

# post MODE: runs an analysis through the form with the fake in MODE;
# the result page lands in $out/page.html
post() {
	curl -s -X POST "$base/__mode/$1" >/dev/null
	local loc
	loc=$(curl -s -o /dev/null -D - -F "file=@$csv" -F k=3 "$WEB_URL/analyses" |
		grep -i '^location:' | tr -d '\r' | cut -d' ' -f2)
	curl -s -o "$out/page.html" "$WEB_URL$loc"
	curl -s -o "$out/doc.json" "$WEB_URL/history/${loc##*/}"
}

post valid
check "Gemini answers: the page says named by Gemini 2.5 Flash" grep -q 'named by Gemini 2.5 Flash' "$out/page.html"
check "Gemini's names are on the page" grep -q 'Gemini name 0' "$out/page.html"
check "the document says the source is gemini" grep -q '"source":"gemini"' "$out/doc.json"
check "no customer id went to Gemini" bash -c "! grep -q '12347' '$out/log'"

post error500
check "Gemini fails: named by rules with the reason" grep -q 'named by rules: [^<]' "$out/page.html"
check "Gemini fails: no Gemini names" bash -c "! grep -q 'Gemini name' '$out/page.html'"

post dirty
check "model text with markup: no unescaped tag from the model" $py -c '
import json, re, sys
doc = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read()
for s in doc["summary"]:
    for f in ("AI_Marketing_Name", "AI_Description", "AI_Action"):
        v = s[f]
        if "<" in v:
            assert v not in page, v
assert "<script" not in page.lower()
' "$out/doc.json" "$out/page.html"
done_testing
