#!/usr/bin/env bash
# snapshot.sh: the snapshot option (the analysis date) end to end, on the
# CLI and through nginx + FastCGI on the Online Retail file: rows after it
# ignored and counted, Recency measured to it (checked against the pandas
# reference of tests/tools/sql_reference.py, committed in
# tests/data/online_retail_sql_ref.csv.gz), the field read before or after
# the file, and a clear refusal of a bad date (exit 2, 422 beside the field).
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)
case $BUILD in /*) cli=$BUILD/smartseg ;; *) cli=$WEB_ROOT/$BUILD/smartseg ;; esac
ref=$out/ref.csv
gzip -dc "$WEB_ROOT/tests/data/online_retail_sql_ref.csv.gz" > "$ref"

# same_as_ref DOC VARIANT: every customer's Recency, Frequency, Monetary as the reference's
same_as_ref() {
	$py - "$1" "$ref" "$2" <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1]))
want = {r["CustomerID"]: r for r in csv.DictReader(open(sys.argv[2])) if r["Variant"] == sys.argv[3]}
got = {r["CustomerID"]: r for r in d["raw_data"]}
assert set(got) == set(want), (len(got), len(want))
for c, r in got.items():
    w = want[c]
    assert r["Recency"] == int(w["Recency"]) and r["Frequency"] == int(w["Frequency"]), c
    assert abs(r["Monetary"] - float(w["Monetary"])) <= 1e-6 * max(1, abs(float(w["Monetary"]))), c
PY
}
doc() { $py -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }

"$cli" analyze "$csv" --snapshot 2011-06-01 --out "$out/cli.json" 2> "$out/err.txt" </dev/null
check "CLI --snapshot 2011-06-01: exit 0" [ $? -eq 0 ]
check "CLI: 2767 customers with the reference's Recency, Frequency, Monetary" same_as_ref "$out/cli.json" snapshot
check "CLI: 23729 rows after the snapshot counted, the rows add up, snapshot echoed" doc "$out/cli.json" \
	'd["data_quality"]["after_snapshot_rows"] == 23729 and d["data_quality"]["rows_read"] == d["data_quality"]["rows_kept"] + d["data_quality"]["excluded_rows"] + 23729 + sum(d["data_quality"]["rows_dropped"].values()) and d["parameters"]["snapshot"] == "2011-06-01"'
"$cli" analyze "$csv" --snapshot 2011-06-01 --returns exclude --out "$out/cli-x.json" 2>/dev/null </dev/null
check "CLI --snapshot with --returns exclude: the reference's numbers" same_as_ref "$out/cli-x.json" snap_excl
"$cli" analyze "$csv" --out "$out/cli-def.json" 2>/dev/null </dev/null
check "CLI without --snapshot: no snapshot fields, the default reference" bash -c \
	"$py -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(\"snapshot\" in d[\"parameters\"] or \"after_snapshot_rows\" in d[\"data_quality\"])' '$out/cli-def.json'"
for bad in 2011-13-01 2011-02-30 11-06-01 2011/06/01 yesterday " 2011-06-01"; do
	"$cli" analyze "$csv" --snapshot "$bad" > /dev/null 2> "$out/err.txt" </dev/null
	rc=$?
	check "CLI --snapshot '$bad': exit 2 saying a date YYYY-MM-DD ($(head -c 100 "$out/err.txt" | head -1))" \
		bash -c "[ $rc -eq 2 ] && grep -q 'snapshot must be a date YYYY-MM-DD' '$out/err.txt'"
done
"$cli" analyze "$csv" --snapshot 2009-01-01 > /dev/null 2> "$out/err.txt" </dev/null
rc=$?
check "CLI: every row after the snapshot: exit 65 with the reason" \
	bash -c "[ $rc -eq 65 ] && grep -q 'after it are ignored' '$out/err.txt'"

web_start 2
post() { # post NAME curl-args...: the status; the body in $out/NAME.json
	local name=$1; shift
	curl -s -o "$out/$name.json" -w '%{http_code}' "$@" "$WEB_URL/analyze"
}
check "API snapshot after the file: 200" [ "$(post sa -F "file=@$csv" -F snapshot=2011-06-01)" = 200 ]
check "API snapshot before the file (read by the live parse): 200" [ "$(post sb -F snapshot=2011-06-01 -F "file=@$csv")" = 200 ]
for n in sa sb; do
	check "API $n: the reference's 2767 customers" same_as_ref "$out/$n.json" snapshot
done
check "API without snapshot: the original document (no snapshot fields)" bash -c \
	"[ \"\$(curl -s -o '$out/def.json' -w '%{http_code}' -F 'file=@$csv' '$WEB_URL/analyze')\" = 200 ] && $py -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(\"snapshot\" in d[\"parameters\"] or d[\"file_info\"][\"rows_processed\"] != 2974)' '$out/def.json'"
check "API snapshot=2011-02-30: 422" [ "$(post bad -F "file=@$csv" -F snapshot=2011-02-30)" = 422 ]
check "API: the reason names the field and the form" grep -q 'snapshot must be a date YYYY-MM-DD' "$out/bad.json"
check "API snapshot before every purchase: 422 with the reason" bash -c \
	"[ \"\$(curl -s -o '$out/early.json' -w '%{http_code}' -F 'file=@$csv' -F snapshot=2001-01-01 '$WEB_URL/analyze')\" = 422 ] && grep -q 'after it are ignored' '$out/early.json'"
code=$(curl -s -o "$out/form.html" -w '%{http_code}' -F "file=@$csv" -F snapshot=2011-99-01 "$WEB_URL/analyses")
check "form snapshot=2011-99-01: 422, the form back with the reason beside the field, Advanced open" \
	bash -c "[ $code = 422 ] && grep -q 'id=\"snapshot-error\"' '$out/form.html' && grep -q 'value=\"2011-99-01\"' '$out/form.html' && grep -q '<details open' '$out/form.html'"
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F "file=@$csv" -F snapshot=2011-06-01 "$WEB_URL/analyses")
check "form snapshot=2011-06-01: the analysis is made (redirect to its page)" [ -n "$loc" ]
done_testing
