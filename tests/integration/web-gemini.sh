#!/usr/bin/env bash
# web-gemini.sh: persona sources on the result page, with a local fake
# Gemini server and a local fake OpenAI-compatible server: "named by Gemini
# 3.8 Flash" (or the model of the list that answered) when Gemini answers,
# "named by qwen2.5:7b (OpenAI-compatible endpoint)" for a local model,
# "named by rules: <reason>" when either fails; model text is escaped like
# any other.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)

source "$(dirname "$0")/lib/fake-gemini.sh"
gemini_loopback_env
fake_gemini_start "$out"
fake=$FAKE_GEMINI_PID
mkdir -p "$out/o"
fake_openai_start "$out/o"
ofake=$FAKE_OPENAI_PID
trap 'kill $fake $ofake 2>/dev/null; web_stop_all; rm -rf "$T_TMP"' EXIT
base=$FAKE_GEMINI_URL
obase=$FAKE_OPENAI_URL
web_start 2 LLM_PROVIDER=openai OPENAI_BASE_URL="$obase/v1" OPENAI_MODEL=qwen2.5:7b OPENAI_TIMEOUT_S=3
OPENAI_WEB_URL=$WEB_URL
web_start 2 GEMINI_API_KEY=web-test-key GEMINI_BASE_URL="$base" GEMINI_TIMEOUT_S=3

# post MODE: runs an analysis through the form with the fake in MODE;
# the result page lands in $out/page.html
post() { # MODE [FAKE_URL [WEB_URL]]
	curl -s -X POST "${2-$base}/__mode/$1" >/dev/null
	local loc web=${3-$WEB_URL}
	loc=$(curl -s -o /dev/null -D - -F "file=@$csv" -F k=3 "$web/analyses" |
		grep -i '^location:' | tr -d '\r' | cut -d' ' -f2)
	curl -s -o "$out/page.html" "$web$loc"
	curl -s -o "$out/doc.json" "$web/history/${loc##*/}"
}
ai() { $py -c 'import json,sys; a=json.load(open(sys.argv[1]))["ai"]; print("%s|%s" % (a["source"], a["model"]))' "$out/doc.json"; }

post valid
check "Gemini answers: the page says named by Gemini 3.8 Flash" grep -q 'named by Gemini 3.8 Flash' "$out/page.html"
check "Gemini's names are on the page" grep -q 'Gemini name 0' "$out/page.html"
check "the document says the source is gemini" grep -q '"source":"gemini"' "$out/doc.json"
check "no customer id went to Gemini (its request logged)" \
	bash -c "grep -q ':generateContent' '$out/log' && ! grep -q '12347' '$out/log'"

post error500
check "Gemini fails: named by rules with the reason" grep -q 'named by rules: [^<]' "$out/page.html"
check "Gemini fails: no Gemini names on its result page" \
	bash -c "grep -q 'named by rules' '$out/page.html' && ! grep -q 'Gemini name' '$out/page.html'"

curl -s -X POST "$base/__retired/gemini-3.8-flash" >/dev/null
post valid
check "3.8 Flash retired: named by the next model of the list, on the page" \
	grep -q 'named by Gemini Flash Latest' "$out/page.html"
check "3.8 Flash retired: the document records the model that answered" \
	[ "$(ai)" = "gemini|gemini-flash-latest" ]
curl -s -X POST "$base/__retired/" >/dev/null

post quota_day
check "per-day quota: named by rules, the quota on the page" \
	grep -q 'named by rules: HTTP 429 after 1 try, per-day quota exhausted (GenerateRequestsPerDayPerProjectPerModel-FreeTier)' "$out/page.html"

# More answers of the fakes, through the web: the page's source line.
post old_api
check "Gemini 400 (unknown field): named by rules with the API's text" \
	grep -q 'named by rules: HTTP 400 after 1 try: Invalid JSON payload received. Unknown name &quot;thinkingLevel&quot;' "$out/page.html"
post error503
check "Gemini 503: named by rules, overloaded" \
	grep -q 'named by rules: HTTP 503 after [123] tr[a-z]*: The model is overloaded' "$out/page.html"
curl -s -X POST "$base/__retired/gemini-3.8-flash,gemini-flash-latest" >/dev/null
post valid
check "Gemini 404 for every model of the list: named by rules, both named" \
	grep -q 'named by rules: gemini-3.8-flash: HTTP 404 after 1 try: models/gemini-3.8-flash is not found.*; gemini-flash-latest: HTTP 404' "$out/page.html"
curl -s -X POST "$base/__retired/" >/dev/null
post no_json_schema "$obase" "$OPENAI_WEB_URL"
check "local model without json_schema (400): named by rules, the server's text" \
	grep -q "named by rules: HTTP 400 after 1 try: Invalid parameter: &#39;response_format&#39; of type &#39;json_schema&#39;" "$out/page.html"
post quota "$obase" "$OPENAI_WEB_URL"
check "OpenAI insufficient_quota (429): named by rules at once" \
	grep -q 'named by rules: HTTP 429 after 1 try, quota exhausted (insufficient_quota)' "$out/page.html"

post valid "$obase" "$OPENAI_WEB_URL"
check "local model answers: named by qwen2.5:7b on the page" \
	grep -q 'named by qwen2.5:7b (OpenAI-compatible endpoint)' "$out/page.html"
check "local model answers: its names on the page" grep -q 'LLM name 0' "$out/page.html"
check "local model answers: the document says openai and the model" [ "$(ai)" = "openai|qwen2.5:7b" ]
check "no customer id went to the local model (its request logged)" \
	bash -c "[ -s '$out/o/log' ] && ! grep -q '12347' '$out/o/log'"
post refusal "$obase" "$OPENAI_WEB_URL"
check "local model refuses: named by rules with its words" \
	grep -q "named by rules: the model refused: I&#39;m sorry, I can&#39;t help with that request." "$out/page.html"
post error503 "$obase" "$OPENAI_WEB_URL"
check "local model overloaded: named by rules, the server's message" \
	grep -q 'named by rules: HTTP 503 after [23] tries' "$out/page.html"

post markup_loyal
check "a model's name refused by the truth check: its note, the findings, the revenue chart escape it" $py -c '
import json, re, sys
doc = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read()
assert "<script>alert(" not in page, "raw markup on the page"
notes = [s["Persona_Note"] for s in doc["summary"] if "Persona_Note" in s]
kept = [s["AI_Marketing_Name"] for s in doc["summary"] if s["Persona_Source"] == "gemini"]
assert notes and kept, (notes, kept)
esc = lambda v: v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("\x27", "&#39;")
for n in notes:
    assert "&lt;script&gt;alert(" in n.replace("<", "&lt;").replace(">", "&gt;")
    assert re.search(r"<p class=\"note\">[^<]*&lt;script&gt;alert\(\d\)&lt;/script&gt; Loyal", page), "note"
findings = re.search(r"<p class=\"findings-text\">([^<]*)</p>", page).group(1)
revenue = re.search(r"<svg[^>]*id=\"revenue-chart\".*?</svg>", page, re.S).group(0)
for v in kept:
    e = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert e in revenue, ("revenue chart", v)
assert "&lt;script&gt;" in findings or all(v not in findings for v in kept), findings
' "$out/doc.json" "$out/page.html"

post markup
check "model text with markup: on the page escaped, never as markup" $py -c '
import json, sys
doc = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read()
assert doc["ai"]["source"] == "gemini" and "named by Gemini" in page, doc["ai"]
tagged = 0
for s in doc["summary"]:
    for f in ("AI_Marketing_Name", "AI_Description", "AI_Action"):
        v = s[f]
        if "<" in v:
            tagged += 1
            assert v not in page, v
            assert v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in page \
                or v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;") in page, v
assert tagged == 9, tagged
assert "<script" not in page.lower()
' "$out/doc.json" "$out/page.html"
done_testing
