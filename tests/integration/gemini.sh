#!/usr/bin/env bash
# gemini.sh: the Gemini client (BUILD/tools/gemini_check) against a local fake
# Gemini server, one answer mode per case; checks personas, ai.source and the
# request as the server received it.
set -u
cd "$(dirname "$0")/../.."
source tests/integration/lib/fake-gemini.sh
gemini_check_begin
fake_gemini_start "$tmp" --hang-s 30
t "fake Gemini server listens" [ -n "$FAKE_GEMINI_URL" ] || exit 1
base=$FAKE_GEMINI_URL
port=${base##*:}

# case MODE [gemini_check args...]: sets the mode, runs one naming, then
# summarises the requests the server saw.
case_run() {
	local mode=$1; shift
	curl -fsS -X POST "$base/__mode/$mode" >/dev/null || echo "# cannot set mode $mode"
	: >"$tmp/log"
	SECONDS=0
	GEMINI_API_KEY=${KEY-test-key-0123} GEMINI_BASE_URL=${URL-$base} GEMINI_TIMEOUT_S=${TMO-2} \
		"$CHECK" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	elapsed=$SECONDS
	$PY tests/tools/gemini_requests.py "$tmp/log" >"$tmp/req"
	t "$mode: gemini_check exits 0, nothing on stderr" clean_run
}
names() { # prefix: every persona's name and source, "gemini" or "rules" per cluster
	local i out=
	for i in 0 1 2; do out="$out$(get persona.$i.source):$(get persona.$i.name);"; done
	echo "$out"
}
G_EN="gemini:Gemini name 0;gemini:Gemini name 1;gemini:Gemini name 2;"
G_FR="gemini:Nom Gemini 0;gemini:Nom Gemini 1;gemini:Nom Gemini 2;"
RULES="rules:Rule name 0;rules:Rule name 1;rules:Rule name 2;"

case_run valid --lang en
t "valid: exit 0, source gemini, no error" is "$rc/$(get ai.source)/$(get ai.error)" "0/gemini/"
t "valid: every cluster named by Gemini (en)" is "$(names)" "$G_EN"
t "valid: description and action taken" is "$(get persona.1.description)|$(get persona.1.action)" \
	"Gemini description of cluster 1.|Gemini action for cluster 1."
t "valid: default model recorded, display label" is "$(get ai.model)|$(get ai.label)" "gemini-3.8-flash|Gemini 3.8 Flash"
t "request: one POST to /v1beta/models/gemini-3.8-flash:generateContent" \
	is "$(req count)|$(req path)" "1|/v1beta/models/gemini-3.8-flash:generateContent"
t "request: key in x-goog-api-key" is "$(req key)" "test-key-0123"
t "request: JSON mime type and response schema" is "$(req mime)|$(req schema)|$(req required)" \
	"application/json|ARRAY:cluster/INTEGER,name/STRING,description/STRING,action/STRING|cluster,name,description,action"
t "request (3.x): thinkingLevel low, temperature left at its default" \
	is "$(req thinking)|$(req temperature)" "level:low|none"
t "request: English asked, 3 segments sent" is "$(req language)|$(req instruction_lang)|$(req segments)" "en|en|3"
t "request: one body read, no customer id, row or file name in it" is "$(req count)|$(req leak)" "1|"
t "request: the cluster aggregates are sent" grep -q '1234.50' "$tmp/log"

GEMINI_MODEL=gemini-2.5-flash case_run routed
t "routed elsewhere: the model the answer names is recorded (modelVersion)" \
	is "$(get ai.source)|$(get ai.model)|$(get ai.label)" "gemini|gemini-3.5-flash-lite|Gemini 3.5 Flash Lite"

case_run valid --lang fr
t "valid fr: named in French" is "$(get ai.source)|$(names)" "gemini|$G_FR"
t "request fr: French asked" is "$(req language)|$(req instruction_lang)" "fr|fr"

case_run fenced
t "code fence: source gemini" is "$(get ai.source)|$(names)" "gemini|$G_EN"

case_run missing
t "missing cluster: mixed, cluster 2 keeps its rule persona" \
	is "$(get ai.source)|$(names)" "mixed|gemini:Gemini name 0;gemini:Gemini name 1;rules:Rule name 2;"
t "missing cluster: the reason names cluster 2" has "$(get ai.error)" "cluster 2"
t "missing cluster: rule description kept too" is "$(get persona.2.description)" "Rule description 2"

case_run extra
t "extra cluster: ignored, source gemini" is "$(get ai.source)|$(names)" "gemini|$G_EN"

case_run duplicate
t "duplicated cluster: mixed, cluster 0 keeps its rule persona" \
	is "$(get ai.source)|$(names)" "mixed|rules:Rule name 0;gemini:Gemini name 1;gemini:Gemini name 2;"
t "duplicated cluster: the reason names cluster 0" has "$(get ai.error)" "cluster 0"

case_run invalid_json
t "invalid JSON: rules" is "$(get ai.source)|$(names)" "rules|$RULES"
t "invalid JSON: reason says so" has "$(get ai.error)" "not valid JSON"

case_run empty_candidates
t "empty candidates: rules with reason" is "$(get ai.source)|$(names)|$(get ai.error)" \
	"rules|$RULES|the answer has no candidates"

case_run safety
t "finishReason SAFETY: rules" is "$(get ai.source)|$(names)" "rules|$RULES"
t "finishReason SAFETY: reason" has "$(get ai.error)" "finishReason SAFETY"

case_run blocked
t "promptFeedback block: rules with reason" is "$(get ai.source)|$(names)|$(get ai.error)" \
	"rules|$RULES|the prompt was blocked (SAFETY)"

case_run max_tokens
t "finishReason MAX_TOKENS: rules" is "$(get ai.source)|$(names)" "rules|$RULES"
t "finishReason MAX_TOKENS: reason" has "$(get ai.error)" "MAX_TOKENS"

# Retries need room: the waits alone may take up to 2.25 s.
TMO=10 case_run rate_limit
t "429 then success: source gemini" is "$(get ai.source)|$(names)" "gemini|$G_EN"
t "429 then success: two requests" is "$(req count)" "2"
# RetryInfo "1s" in error.details is honoured: the retry comes no sooner
# than a second later (backoff alone would retry within 0.75 s).
t "429 then success: RetryInfo retryDelay honoured" $PY -c "import sys; sys.exit(not float('$(req gap_s)') >= 0.95)"

TMO=10 case_run rate_limit_long
t "429 asking for 58 s with 10 s left: rules at once, one request" \
	is "$(get ai.source)|$(req count)" "rules|1"
t "429 asking for 58 s: the reason says so" has "$(get ai.error)" "retry in 58 s, beyond the 10 s budget"
t "429 asking for 58 s: no waiting" [ "$elapsed" -lt 5 ]

TMO=30 case_run quota_day
t "per-day quota: rules at once, one request (its RetryInfo 20 s would fit)" \
	is "$(get ai.source)|$(req count)" "rules|1"
t "per-day quota: the reason names the quota" \
	has "$(get ai.error)" "per-day quota exhausted (GenerateRequestsPerDayPerProjectPerModel-FreeTier)"
t "per-day quota: Google's message kept" has "$(get ai.error)" "exceeded your current quota"

TMO=10 case_run error503
t "503 three times: rules, exactly 3 tries" is "$(get ai.source)|$(req count)" "rules|3"
t "503 three times: reason with Google's message" has "$(get ai.error)" "HTTP 503 after 3 tries: The model is overloaded"

case_run old_api
t "400 for an unknown field: rules, not retried" is "$(get ai.source)|$(req count)" "rules|1"
t "400 for an unknown field: the API's text in the reason" has "$(get ai.error)" \
	"HTTP 400 after 1 try: Invalid JSON payload received. Unknown name \"thinkingLevel\" at 'generation_config.thinking_config': Cannot find field."

TMO=10 case_run error500
t "500 three times: rules" is "$(get ai.source)|$(names)" "rules|$RULES"
t "500 three times: exactly 3 tries" is "$(req count)" "3"
t "500 three times: reason" has "$(get ai.error)" "HTTP 500 after 3 tries"

case_run forbidden
t "403: rules, not retried" is "$(get ai.source)|$(req count)" "rules|1"
t "403: Google's message in the reason" has "$(get ai.error)" "API key not valid"

case_run hang
t "never answers: rules" is "$rc|$(get ai.source)|$(names)" "0|rules|$RULES"
t "never answers: ended by the timeout" has "$(get ai.error)" "no answer within 2 s"
t "never answers: the call returned (well before the server's 30 s)" [ "$elapsed" -lt 15 ]

case_run huge
t "10 MB answer: rules" is "$(get ai.source)|$(names)" "rules|$RULES"
t "10 MB answer: reason" has "$(get ai.error)" "larger than"

case_run dirty
t "dirty strings: source gemini" is "$(get ai.source)" "gemini"
# Caps (60/400/300 code points), no control or bidi characters, valid UTF-8.
t "dirty strings: capped and cleaned" $PY - "$tmp/out" <<'EOF'
import sys, unicodedata
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")            # raises on invalid UTF-8
vals = dict(l.split("=", 1) for l in text.splitlines() if "=" in l)
ok = True
for c in range(3):
    for field, cap in (("name", 60), ("description", 400), ("action", 300)):
        v = vals["persona.%d.%s" % (c, field)]
        bad = [ch for ch in v if unicodedata.category(ch) == "Cc" or ch in "\u202e"]
        if len(v) != cap or bad or v != v.strip():
            print("# persona %d %s: %d chars, bad %r" % (c, field, len(v), bad))
            ok = False
sys.exit(0 if ok else 1)
EOF
t "dirty strings: words kept, controls gone" has "$(get persona.0.name)" "Gift Lovers"

case_run same_names
t "repeated names: numbered so each card has its own title" is "$(names)" \
	"gemini:Gift Lovers;gemini:Gift Lovers 2;gemini:Gift Lovers 3;"

# "Loyal" on clusters 0 and 1, whose frequency (3.5, 4.5) is not above the
# mean (4.5): the rule-based names stay there, and the reason says so
case_run contradict
t "a name that contradicts the numbers falls back to the rules' (only there)" is "$(names)|$(get ai.source)" \
	"rules:Rule name 0;rules:Rule name 1;gemini:Loyal Customers;|mixed"
t "the reason names the cluster, the refused name and the numbers" has "$(get ai.error)" \
	'cluster 0: the model'"'"'s name "Loyal Customers" was replaced by the rules'"'"': "Loyal" says these customers order more often than average, but their mean is 3.50 orders against 4.50 for all customers; cluster 1: '


# Settings: the .env file, another model, a bad base URL, no key.
printf 'GEMINI_API_KEY=from-dotenv\nGEMINI_BASE_URL=%s\n' "$base" >"$tmp/env"
curl -fsS -X POST "$base/__mode/valid" >/dev/null
: >"$tmp/log"
env -u GEMINI_API_KEY -u GEMINI_BASE_URL GEMINI_TIMEOUT_S=2 "$CHECK" --dotenv "$tmp/env" >"$tmp/out" 2>"$tmp/err"
rc=$?
t ".env: gemini_check exits 0, nothing on stderr" clean_run
$PY tests/tools/gemini_requests.py "$tmp/log" >"$tmp/req"
t ".env: key and base URL read from the file" is "$(get ai.source)|$(req key)" "gemini|from-dotenv"

# Each family gets the request its documentation asks for; the fake
# rejects what a model of that family would (thinkingLevel on 2.5, budget 0
# on 2.5 Pro, a level the model lacks), so source gemini means accepted.
fam() { # model thinking temperature
	GEMINI_MODEL=$1 case_run valid
	t "$1: accepted, reported; thinking $2, temperature $3" \
		is "$(get ai.source)|$(req path)|$(get ai.model)|$(req thinking)|$(req temperature)" \
		"gemini|/v1beta/models/$1:generateContent|$1|$2|$3"
}
fam gemini-2.5-flash budget:0 0.25
fam gemini-2.5-flash-lite budget:0 0.25
fam gemini-2.5-pro default 0.25
fam gemini-3.8-flash level:low none
fam gemini-3.5-flash-lite level:low none
fam gemini-3.1-pro-preview level:low none
fam gemini-flash-latest level:low none

# Model lists: the next model when one is not found or retired (404).
curl -fsS -X POST "$base/__retired/gemini-2.5-flash" >/dev/null
GEMINI_MODEL="gemini-2.5-flash, gemini-flash-latest" case_run valid
t "list, first retired: the second answers and is recorded" \
	is "$(get ai.source)|$(get ai.model)|$(get ai.error)|$(names)" "gemini|gemini-flash-latest||$G_EN"
t "list, first retired: one request each, in order" is "$(req paths)" \
	"/v1beta/models/gemini-2.5-flash:generateContent /v1beta/models/gemini-flash-latest:generateContent"
t "list, first retired: each request fits its model (2.5 budget, then level)" \
	$PY -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; g=[json.loads(x["body"])["generationConfig"]["thinkingConfig"] for x in r]; sys.exit(g != [{"thinkingBudget": 0}, {"thinkingLevel": "low"}])' "$tmp/log"
curl -fsS -X POST "$base/__retired/gemini-3.8-flash" >/dev/null
case_run valid
t "default list, gemini-3.8-flash retired: gemini-flash-latest takes over" \
	is "$(get ai.source)|$(get ai.model)|$(req count)" "gemini|gemini-flash-latest|2"
curl -fsS -X POST "$base/__retired/gemini-3.8-flash,gemini-flash-latest" >/dev/null
case_run valid
t "every model retired: rules, the last one recorded" \
	is "$(get ai.source)|$(get ai.model)|$(req count)|$(names)" "rules|gemini-flash-latest|2|$RULES"
t "every model retired: the reason names each with Google's 404" has "$(get ai.error)" \
	"gemini-3.8-flash: HTTP 404 after 1 try: models/gemini-3.8-flash is not found for API version v1beta"
t "every model retired: ... and the second" has "$(get ai.error)" "; gemini-flash-latest: HTTP 404"
curl -fsS -X POST "$base/__retired/" >/dev/null
GEMINI_MODEL=gemini-9-ultra case_run valid
t "unknown model, alone: rules with the 404 message, one request" \
	is "$(get ai.source)|$(req count)|$(get ai.model)" "rules|1|gemini-9-ultra"
t "unknown model: reason" has "$(get ai.error)" "HTTP 404 after 1 try: models/gemini-9-ultra is not found"

# The fake itself answers as the API does for what the client never sends.
fake_post() { curl -s -o "$tmp/fake" -w '%{http_code}' -H 'Content-Type: application/json' \
	-X POST "$base/v1beta/models/$1:generateContent" -d "$2"; }
body='{"contents":[{"parts":[{"text":"{}"}]}],"generationConfig":{"temprature":0.2}}'
t "fake: an unknown field is a 400 with the API's text" \
	is "$(fake_post gemini-3.8-flash "$body")|$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"]["message"])' "$tmp/fake")" \
	"400|Invalid JSON payload received. Unknown name \"temprature\" at 'generation_config': Cannot find field."
body='{"contents":[],"generationConfig":{"thinkingConfig":{"thinkingLevel":"low"}}}'
t "fake: thinkingLevel on 2.5 is a 400" is "$(fake_post gemini-2.5-flash "$body")" "400"
body='{"contents":[],"generationConfig":{"thinkingConfig":{"thinkingBudget":0}}}'
t "fake: budget 0 on 2.5 Pro is a 400" is "$(fake_post gemini-2.5-pro "$body")" "400"
body='{"contents":[],"generationConfig":{"thinkingConfig":{"thinkingLevel":"minimal"}}}'
t "fake: MINIMAL on 3.8 Flash is a 400" is "$(fake_post gemini-3.8-flash "$body")" "400"

URL=ftp://127.0.0.1:$port case_run valid
t "bad GEMINI_BASE_URL: rules, no request" is "$(get ai.source)|$(req count)" "rules|0"

KEY= case_run valid
t "no key: rules at once, no request, no model" is "$(get ai.source)|$(req count)|$(get ai.model)" "rules|0|"
t "no key: reason" has "$(get ai.error)" "GEMINI_API_KEY"

# The server gone: the same port now refuses connections.
fake_gemini_stop
: >"$tmp/log"
GEMINI_API_KEY=k GEMINI_BASE_URL=$base GEMINI_TIMEOUT_S=2 "$CHECK" >"$tmp/out" 2>"$tmp/err"
rc=$?
t "server down: gemini_check exits 0, nothing on stderr" clean_run
t "server down: rules" is "$(get ai.source)|$(names)" "rules|$RULES"
t "server down: reason is a network error" has "$(get ai.error)" "network error"

echo "1..$n"
