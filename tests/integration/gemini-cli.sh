#!/usr/bin/env bash
# gemini-cli.sh: `smartseg analyze` with a local fake Gemini and a local fake
# OpenAI-compatible server: their names reach the document with the model
# that answered, nothing from the upload but aggregates reaches either, a
# retired model gives way to the next of the list, a per-day quota or a
# dead server still gives a clean analysis with rule-based names and the
# reason.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
BUILD=${BUILD:-build}
BIN=$root/$BUILD/smartseg
PY=/usr/bin/python3
source tests/integration/lib/fake-gemini.sh
gemini_test_begin
if [ ! -x "$BIN" ]; then echo "not ok 1 - $BIN is built"; exit 1; fi

# Invoices of 30 customers in three clear groups, with distinctive ids,
# products and a distinctive file name, none of which may reach Gemini.
csv=$tmp/secret-upload-name.csv
$PY - "$csv" <<'EOF'
import sys
rows = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"]
inv = 700000
# Per group: invoices, months used, unit price: lapsed, regular, best.
groups = [(1, [1], 5.0), (4, [5, 6, 7, 8], 20.0), (12, list(range(1, 13)), 90.0)]
for c in range(30):
    n_inv, months, price = groups[c % 3]
    for i in range(n_inv):
        inv += 1
        rows.append("%d,ZX%d,SECRET WIDGET %d,3,%d/%d/11 10:%02d,%.2f,%d,Atlantis"
                    % (inv, c, c, months[i], 1 + (c + i) % 9, i, price, 424200 + c))
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
EOF

fake_gemini_start "$tmp"
t "fake Gemini server listens" [ -n "$FAKE_GEMINI_URL" ] || exit 1
base=$FAKE_GEMINI_URL

analyze() { # mode args...: runs the CLI from an empty directory (no .env)
	local mode=$1; shift
	curl -fsS -X POST "$base/__mode/$mode" >/dev/null 2>&1
	: >"$tmp/log"
	rm -f "$tmp/doc.json"   # no check may read the previous run's document
	(cd "$tmp" && GEMINI_API_KEY=cli-key GEMINI_BASE_URL=$base GEMINI_TIMEOUT_S=2 \
		timeout 60 "$BIN" analyze "$csv" --k 3 --out "$tmp/doc.json" "$@" 2>"$tmp/err")
	rc=$?
}
# Prints source|model|error-present|name0;name1;name2 from the document.
doc() {
	$PY - "$tmp/doc.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ai = d.get("ai", {})
names = ";".join(s["AI_Marketing_Name"] for s in sorted(d["summary"], key=lambda s: s["Cluster"]))
print("%s|%s|%s|%s" % (ai.get("source"), ai.get("model"), "error" if ai.get("error") else "", names))
EOF
}

analyze valid
t "valid: exit 0, nothing on stderr" clean_run
t "valid: Gemini's names in the document" [ "$(doc)" = "gemini|gemini-3.8-flash||Gemini name 0;Gemini name 1;Gemini name 2" ]
t "valid: one request with the key" grep -q '"x-goog-api-key": "cli-key"' "$tmp/log"
# Nothing from the upload: no customer id, product, country or file name.
t "request: no customer id, row, product or file name" $PY - "$tmp/log" <<'EOF'
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
body = "".join(r["body"] for r in reqs)
bad = [w for w in ["secret-upload-name", ".csv", "SECRET WIDGET", "ZX1", "Atlantis", "70000"]
       + [str(424200 + c) for c in range(30)] if w in body]
print("# %d request(s); found: %s" % (len(reqs), bad))
sys.exit(0 if reqs and not bad else 1)
EOF

analyze valid --lang fr
t "French: exit 0, names in French" [ "$rc/$(doc)" = "0/gemini|gemini-3.8-flash||Nom Gemini 0;Nom Gemini 1;Nom Gemini 2" ]

analyze missing
t "missing cluster: mixed, cluster 2 keeps a rule name" $PY - "$tmp/doc.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = sorted(d["summary"], key=lambda s: s["Cluster"])
ok = (d["ai"]["source"] == "mixed" and "cluster 2" in d["ai"]["error"]
      and s[0]["AI_Marketing_Name"] == "Gemini name 0" and "Gemini" not in s[2]["AI_Marketing_Name"]
      and s[2]["AI_Marketing_Name"] and s[2]["AI_Description"] and s[2]["AI_Action"])
sys.exit(0 if ok else 1)
EOF

# The pinned model retired: the alias of the default list answers, and the
# document says which model that was.
curl -fsS -X POST "$base/__retired/gemini-3.8-flash" >/dev/null
analyze valid
t "retired default model: named by the next of the list, recorded" \
	[ "$rc/$(doc)" = "0/gemini|gemini-flash-latest||Gemini name 0;Gemini name 1;Gemini name 2" ]
curl -fsS -X POST "$base/__retired/" >/dev/null
analyze quota_day
t "per-day quota: rule names, the reason in ai.error, one request" $PY - "$tmp/doc.json" "$tmp/log" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(1 for l in open(sys.argv[2]) if l.strip())
ok = (d["ai"]["source"] == "rules" and "per-day quota exhausted" in d["ai"]["error"]
      and all("Gemini" not in s["AI_Marketing_Name"] for s in d["summary"]) and n == 1)
print("# %s, %d request(s)" % (d["ai"], n))
sys.exit(0 if ok else 1)
EOF

# Every kind of answer the fake gives, through the CLI: the document's
# source and reason. Columns: mode, extra settings, source, part of ai.error.
aiof() { $PY -c 'import json,sys; a=json.load(open(sys.argv[1]))["ai"]; print("%s|%s" % (a["source"], a["error"] or ""))' "$tmp/doc.json"; }
while IFS='|' read -r mode extra source why; do
	curl -fsS -X POST "$base/__mode/$mode" >/dev/null 2>&1
	(cd "$tmp" && env GEMINI_API_KEY=cli-key GEMINI_BASE_URL=$base GEMINI_TIMEOUT_S=10 $extra \
		timeout 60 "$BIN" analyze "$csv" --k 3 --out "$tmp/doc.json" 2>"$tmp/err")
	rc=$?
	got=$(aiof)
	t "gemini $mode ${extra:-}: exit 0, source $source, reason has '$why'" \
		eval '[ "$rc" = 0 ] && [ ! -s "$tmp/err" ] && [ "${got%%|*}" = "$source" ] && case "${got#*|}" in *"$why"*) true;; *) echo "# got $got"; false;; esac'
done <<'CASES'
valid|GEMINI_MODEL=gemini-2.5-flash|gemini|
old_api||rules|Unknown name "thinkingLevel" at 'generation_config.thinking_config'
valid|GEMINI_MODEL=gemini-9-ultra|rules|HTTP 404 after 1 try: models/gemini-9-ultra is not found
rate_limit||gemini|
rate_limit_long||rules|retry in 58 s, beyond the 10 s budget
error503||rules|HTTP 503 after 3 tries: The model is overloaded
CASES

# An OpenAI-compatible server (a local model): its names, model id as given.
mkdir -p "$tmp/o"
fake_openai_start "$tmp/o"
t "fake OpenAI-compatible server listens" [ -n "$FAKE_OPENAI_URL" ]
oanalyze() { # mode args...
	local mode=$1; shift
	curl -fsS -X POST "$FAKE_OPENAI_URL/__mode/$mode" >/dev/null 2>&1
	: >"$tmp/o/log"
	(cd "$tmp" && LLM_PROVIDER=openai OPENAI_BASE_URL=$FAKE_OPENAI_URL/v1 OPENAI_MODEL=qwen2.5:7b \
		OPENAI_TIMEOUT_S=2 timeout 60 "$BIN" analyze "$csv" --k 3 --out "$tmp/doc.json" "$@" 2>"$tmp/err")
	rc=$?
}
oanalyze valid
t "openai: exit 0, nothing on stderr" clean_run
t "openai: the model's names in the document" [ "$(doc)" = "openai|qwen2.5:7b||LLM name 0;LLM name 1;LLM name 2" ]
t "openai: Persona_Source openai per segment" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if all(s["Persona_Source"] == "openai" for s in d["summary"]) else 1)' "$tmp/doc.json"
t "openai request: no customer id, row, product or file name; no key header" $PY - "$tmp/o/log" <<'EOF'
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
body = "".join(r["body"] for r in reqs)
bad = [w for w in ["secret-upload-name", ".csv", "SECRET WIDGET", "ZX1", "Atlantis", "70000"]
       + [str(424200 + c) for c in range(30)] if w in body]
auth = [r["headers"].get("authorization") for r in reqs if r["headers"].get("authorization")]
print("# %d request(s); found: %s; auth %s" % (len(reqs), bad, auth))
sys.exit(0 if len(reqs) == 1 and not bad and not auth else 1)
EOF
while IFS='|' read -r mode extra source why; do
	curl -fsS -X POST "$FAKE_OPENAI_URL/__mode/$mode" >/dev/null 2>&1
	(cd "$tmp" && env LLM_PROVIDER=openai OPENAI_BASE_URL=$FAKE_OPENAI_URL/v1 OPENAI_MODEL=qwen2.5:7b \
		OPENAI_TIMEOUT_S=10 $extra timeout 60 "$BIN" analyze "$csv" --k 3 --out "$tmp/doc.json" 2>"$tmp/err")
	rc=$?
	got=$(aiof)
	t "openai $mode ${extra:-}: exit 0, source $source, reason has '$why'" \
		eval '[ "$rc" = 0 ] && [ ! -s "$tmp/err" ] && [ "${got%%|*}" = "$source" ] && case "${got#*|}" in *"$why"*) true;; *) echo "# got $got"; false;; esac'
done <<'CASES'
no_json_schema||rules|HTTP 400 after 1 try: Invalid parameter: 'response_format' of type 'json_schema'
valid|OPENAI_MODEL=llama3:70b|rules|HTTP 404 after 1 try: The model `llama3:70b` does not exist
rate_limit||openai|
quota||rules|quota exhausted (insufficient_quota)
refusal||rules|the model refused
length||rules|finish_reason length
CASES
oanalyze error503
t "openai 503: the analysis succeeds with rule names and the reason" $PY - "$tmp/doc.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ok = (d["ai"]["source"] == "rules" and "HTTP 503 after" in d["ai"]["error"]
      and d["ai"]["model"] == "qwen2.5:7b" and len(d["summary"]) == 3
      and all("LLM" not in s["AI_Marketing_Name"] for s in d["summary"]))
sys.exit(0 if ok else 1)
EOF
fake_openai_stop

fake_gemini_stop
analyze valid
t "server down: the analysis still succeeds, nothing on stderr" clean_run
t "server down: rule-based names, with the reason" $PY - "$tmp/doc.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
names = [s["AI_Marketing_Name"] for s in d["summary"]]
ok = (d["ai"]["source"] == "rules" and "network error" in d["ai"]["error"]
      and all(n and "Gemini" not in n for n in names) and len(d["summary"]) == 3)
sys.exit(0 if ok else 1)
EOF

echo "1..$n"
