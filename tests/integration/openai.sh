#!/usr/bin/env bash
# openai.sh: the client with LLM_PROVIDER=openai (BUILD/tools/gemini_check)
# against a local fake OpenAI-compatible server (one answer mode per case)
# and against the fake Gemini's own OpenAI-compatible endpoint; checks
# personas, ai.* and the requests as the servers received them.
set -u
cd "$(dirname "$0")/../.."
source tests/integration/lib/fake-gemini.sh
gemini_check_begin
mkdir -p "$tmp/o" "$tmp/g"
fake_openai_start "$tmp/o" --hang-s 30 --key local-secret
t "fake OpenAI-compatible server listens" [ -n "$FAKE_OPENAI_URL" ] || exit 1
obase=$FAKE_OPENAI_URL
fake_gemini_start "$tmp/g"
t "fake Gemini server listens" [ -n "$FAKE_GEMINI_URL" ] || exit 1
gbase=$FAKE_GEMINI_URL

clean_run() {
	[ "$rc" = 0 ] && [ ! -s "$tmp/err" ] && return 0
	echo "#   exit $rc"; sed 's/^/#   /' "$tmp/err" | head -n 20
	return 1
}
# case_run MODE [gemini_check args...]: one naming through the OpenAI
# fake; MODEL, KEY, URL, TMO override the settings.
case_run() {
	local mode=$1; shift
	curl -fsS -X POST "$obase/__mode/$mode" >/dev/null || echo "# cannot set mode $mode"
	: >"$tmp/o/log"
	SECONDS=0
	LLM_PROVIDER=openai OPENAI_BASE_URL=${URL-$obase/v1} OPENAI_MODEL=${MODEL-qwen2.5:7b} \
		OPENAI_API_KEY=${KEY-local-secret} OPENAI_TIMEOUT_S=${TMO-2} \
		"$CHECK" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	elapsed=$SECONDS
	$PY tests/tools/gemini_requests.py "$tmp/o/log" >"$tmp/req"
	t "$mode: gemini_check exits 0, nothing on stderr" clean_run
}
names() {
	local i out=
	for i in 0 1 2; do out="$out$(get persona.$i.source):$(get persona.$i.name);"; done
	echo "$out"
}
L_EN="openai:LLM name 0;openai:LLM name 1;openai:LLM name 2;"
L_FR="openai:Nom LLM 0;openai:Nom LLM 1;openai:Nom LLM 2;"
RULES="rules:Rule name 0;rules:Rule name 1;rules:Rule name 2;"

case_run valid
t "valid: source openai, no error, model recorded as given" \
	is "$(get ai.source)|$(get ai.error)|$(get ai.model)|$(get ai.label)" "openai||qwen2.5:7b|qwen2.5:7b"
t "valid: every cluster named by the model" is "$(names)" "$L_EN"
t "valid: description and action taken" is "$(get persona.2.description)|$(get persona.2.action)" \
	"LLM description of cluster 2.|LLM action for cluster 2."
t "request: one POST to {base}/chat/completions with the key as Bearer" \
	is "$(req count)|$(req path)|$(req auth)" "1|/v1/chat/completions|Bearer local-secret"
t "request: system then user message, model as given" is "$(req roles)|$(req model)" "system,user|qwen2.5:7b"
t "request: strict json_schema, an object at the root, no temperature" \
	is "$(req rf)|$(req strict)|$(req root)|$(req temperature)" "json_schema|True|object|none"
t "request: English asked, 3 segments, nothing from customers" \
	is "$(req language)|$(req instruction_lang)|$(req segments)|$(req leak)" "en|en|3|"
t "request: the cluster aggregates are sent" grep -q '1234.50' "$tmp/o/log"

case_run routed
t "the answer names another model: that one is recorded" is "$(get ai.source)|$(get ai.model)" \
	"openai|qwen2.5:14b"

case_run valid --lang fr
t "French: named in French" is "$(get ai.source)|$(names)|$(req language)" "openai|$L_FR|fr"
MODEL=Qwen/Qwen2.5-7B-Instruct case_run valid
t "a model id with '/': sent as is" is "$(get ai.source)|$(req model)|$(get ai.model)" \
	"openai|Qwen/Qwen2.5-7B-Instruct|Qwen/Qwen2.5-7B-Instruct"

case_run fenced
t "fenced content: accepted" is "$(get ai.source)|$(names)" "openai|$L_EN"
case_run missing
t "missing cluster: mixed, cluster 2 keeps its rule persona" \
	is "$(get ai.source)|$(names)" "mixed|openai:LLM name 0;openai:LLM name 1;rules:Rule name 2;"
t "missing cluster: the reason names it" has "$(get ai.error)" "cluster 2: missing"
case_run invalid_json
t "invalid JSON: rules with the reason" is "$(get ai.source)|$(names)" "rules|$RULES"
t "invalid JSON: reason" has "$(get ai.error)" "not valid JSON"
case_run length
t "finish_reason length: rules with the reason" is "$(get ai.source)|$(get ai.error)" \
	"rules|the answer stopped early (finish_reason length)"
case_run content_filter
t "finish_reason content_filter: rules with the reason" is "$(get ai.source)|$(get ai.error)" \
	"rules|the answer stopped early (finish_reason content_filter)"
case_run refusal
t "refusal: rules, the model's words in the reason" is "$(get ai.source)|$(get ai.error)" \
	"rules|the model refused: I'm sorry, I can't help with that request."
case_run no_choices
t "no choices: rules with the reason" is "$(get ai.source)|$(get ai.error)" "rules|the answer has no choices"
case_run no_json_schema
t "json_schema unsupported (400): rules, not retried, the server's text" \
	is "$(get ai.source)|$(req count)" "rules|1"
t "json_schema unsupported: reason" has "$(get ai.error)" \
	"HTTP 400 after 1 try: Invalid parameter: 'response_format' of type 'json_schema' is not supported"

TMO=10 case_run rate_limit
t "429 then success: source openai, two requests" is "$(get ai.source)|$(req count)" "openai|2"
t "429 then success: Retry-After 1 honoured" $PY -c "import sys; sys.exit(not float('$(req gap_s)') >= 0.95)"
TMO=10 case_run rate_limit_long
t "429 asking for 58 s with 10 s left: rules at once" is "$(get ai.source)|$(req count)" "rules|1"
t "429 asking for 58 s: reason" has "$(get ai.error)" "retry in 58 s, beyond the 10 s budget"
TMO=10 case_run quota
t "429 insufficient_quota: rules at once, one request" is "$(get ai.source)|$(req count)" "rules|1"
t "429 insufficient_quota: reason" has "$(get ai.error)" "quota exhausted (insufficient_quota), not retried: You exceeded"
TMO=10 case_run error503
t "503 three times: rules, 3 tries, the server's message" \
	is "$(get ai.source)|$(req count)|$(get ai.error)" \
	"rules|3|HTTP 503 after 3 tries: The server is overloaded or not ready yet."
case_run hang
t "never answers: rules, ended by the timeout, quickly" \
	is "$(get ai.source)|$(names)|$([ "$elapsed" -lt 15 ] && echo fast)" "rules|$RULES|fast"
t "never answers: reason" has "$(get ai.error)" "no answer within 2 s"
case_run huge
t "10 MB answer: rules" is "$(get ai.source)|$(names)" "rules|$RULES"

KEY=wrong case_run valid
t "wrong key: 401, rules, not retried" is "$(get ai.source)|$(req count)" "rules|1"
t "wrong key: OpenAI's message" has "$(get ai.error)" "HTTP 401 after 1 try: Incorrect API key provided"
MODEL=llama3:70b case_run valid
t "unknown model: 404 with the server's message" \
	is "$(get ai.source)|$(req count)|$(get ai.model)" "rules|1|llama3:70b"
t "unknown model: reason" has "$(get ai.error)" "The model \`llama3:70b\` does not exist"
MODEL="llama3:70b,qwen2.5:7b" case_run valid
t "model list: the next model after a 404, recorded" \
	is "$(get ai.source)|$(get ai.model)|$(req count)" "openai|qwen2.5:7b|2"

# A local server without a key: no Authorization header at all.
fake_openai_stop
mkdir -p "$tmp/o2"
fake_openai_start "$tmp/o2"
obase=$FAKE_OPENAI_URL
: >"$tmp/o2/log"
LLM_PROVIDER=openai OPENAI_BASE_URL=$obase/v1/ OPENAI_MODEL=qwen2.5:7b OPENAI_TIMEOUT_S=2 \
	"$CHECK" >"$tmp/out" 2>"$tmp/err"
rc=$?
t "no key: gemini_check exits 0, nothing on stderr" clean_run
$PY tests/tools/gemini_requests.py "$tmp/o2/log" >"$tmp/req"
t "no key (local server), trailing '/' in the base: named, no Authorization header" \
	is "$(get ai.source)|$(req path)|$(req auth)" "openai|/v1/chat/completions|"

# The fake itself answers as OpenAI does for what the client never sends.
body='{"model":"qwen2.5:7b","messages":[{"role":"user","content":"x"}],"temprature":0}'
code=$(curl -s -o "$tmp/fake" -w '%{http_code}' -X POST "$obase/v1/chat/completions" -d "$body")
t "fake: an unknown field is a 400 with OpenAI's text" \
	is "$code|$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"]["message"])' "$tmp/fake")" \
	"400|Unrecognized request argument supplied: temprature"
body='{"model":"qwen2.5:7b","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","strict":true,"schema":{"type":"array","items":{}}}}}'
code=$(curl -s -o "$tmp/fake" -w '%{http_code}' -X POST "$obase/v1/chat/completions" -d "$body")
t "fake: a strict schema with an array root is a 400" is "$code" "400"
body='{"model":"qwen2.5:7b","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","strict":true,"schema":{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}}}}'
code=$(curl -s -o "$tmp/fake" -w '%{http_code}' -X POST "$obase/v1/chat/completions" -d "$body")
t "fake: a strict schema with an optional property is a 400" is "$code" "400"

# Gemini's own OpenAI-compatible endpoint through the same client.
gcase() { # mode [model]
	curl -fsS -X POST "$gbase/__mode/$1" >/dev/null
	: >"$tmp/g/log"
	LLM_PROVIDER=openai OPENAI_BASE_URL=$gbase/v1beta/openai/ OPENAI_MODEL=${2-gemini-3.8-flash} \
		OPENAI_API_KEY=gemini-test-key OPENAI_TIMEOUT_S=${TMO-2} "$CHECK" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	$PY tests/tools/gemini_requests.py "$tmp/g/log" >"$tmp/req"
	t "Gemini compat $1: gemini_check exits 0, nothing on stderr" clean_run
}
gcase valid
t "Gemini compat: named, POST /v1beta/openai/chat/completions with Bearer key" \
	is "$(get ai.source)|$(req path)|$(req auth)|$(names)" \
	"openai|/v1beta/openai/chat/completions|Bearer gemini-test-key|$L_EN"
gcase valid gemini-9-ultra
t "Gemini compat, unknown model: the array-shaped 404 read" has "$(get ai.error)" \
	"HTTP 404 after 1 try: models/gemini-9-ultra is not found"
TMO=10 gcase rate_limit
t "Gemini compat 429: RetryInfo in the array-shaped error honoured" \
	is "$(get ai.source)|$(req count)|$($PY -c "print(float('$(req gap_s)') >= 0.95)")" "openai|2|True"
TMO=30 gcase quota_day
t "Gemini compat per-day quota: rules at once, one request" is "$(get ai.source)|$(req count)" "rules|1"
t "Gemini compat per-day quota: reason" has "$(get ai.error)" \
	"per-day quota exhausted (GenerateRequestsPerDayPerProjectPerModel-FreeTier)"
TMO=10 gcase error503
t "Gemini compat 503: 3 tries, Google's message" is "$(req count)|$(get ai.error)" \
	"3|HTTP 503 after 3 tries: The model is overloaded. Please try again later."

echo "1..$n"
