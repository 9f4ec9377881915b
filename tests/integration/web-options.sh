#!/usr/bin/env bash
# web-options.sh: the analysis options of POST /analyze (returns,
# nonpositive, cap, bins) through nginx + FastCGI on the Online Retail
# file: the numbers against pandas (bench/options_oracle.py, as in
# tests/unit/test-options-oracle.c), the choices echoed in the document,
# the defaults unchanged, the option read whether it comes before or after
# the file, and a 422 with the reason for every bad value.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)

post() { # post NAME curl-args...: the status; the body in $out/NAME.json
	local name=$1; shift
	curl -s -o "$out/$name.json" -w '%{http_code}' "$@" "$WEB_URL/analyze"
}
# doc NAME PYTHON-EXPR: the expression is true of the document d
doc() { $py -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$out/$1.json"; }

check "defaults: 200" [ "$(post def -F "file=@$csv")" = 200 ]
check "defaults: returns net, nonpositive keep, cap null, bins 5, nothing excluded" doc def \
	'd["parameters"]["returns"] == "net" and d["parameters"]["nonpositive"] == "keep" and d["parameters"]["cap"] is None and d["parameters"]["bins"] == "5" and d["data_quality"]["excluded_rows"] == 0 and "caps" not in d and "set_aside" not in d'
check "defaults: the original numbers (2974 customers, inertia 3768.7188)" doc def \
	'd["file_info"]["rows_processed"] == 2974 and abs(d["kmeans_metrics"]["inertia"] - 3768.7188) < 1e-3 and d["data_quality"]["rows_kept"] == 172782'

# returns=exclude after the file (as the client orders its fields: the
# live parse read it with net, the pipeline reads it again) and before it
check "returns=exclude after the file: 200" [ "$(post exa -F "file=@$csv" -F returns=exclude)" = 200 ]
check "returns=exclude before the file: 200" [ "$(post exb -F returns=exclude -F "file=@$csv")" = 200 ]
for n in exa exb; do
	check "$n: 168675 rows kept, 4107 excluded, 2931 customers (pandas)" doc $n \
		'd["data_quality"]["rows_kept"] == 168675 and d["data_quality"]["excluded_rows"] == 4107 and d["file_info"]["rows_processed"] == 2931 and len(d["raw_data"]) == 2931 and d["parameters"]["returns"] == "exclude"'
	check "$n: sums of R, F, M equal pandas' (207212, 8590, 3888971.741)" doc $n \
		'sum(r["Recency"] for r in d["raw_data"]) == 207212 and sum(r["Frequency"] for r in d["raw_data"]) == 8590 and abs(sum(r["Monetary"] for r in d["raw_data"]) - 3888971.741) < 1e-4'
done
check "exclude: the same customers and clusters either way" $py -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert [(r["CustomerID"], r["Cluster"]) for r in a["raw_data"]] == [(r["CustomerID"], r["Cluster"]) for r in b["raw_data"]]
' "$out/exa.json" "$out/exb.json"

check "nonpositive=aside: 200" [ "$(post as -F "file=@$csv" -F nonpositive=aside)" = 200 ]
check "aside: 53 customers set aside (pandas' 52 and one at exactly 0), 2921 clustered" doc as \
	'd["set_aside"]["count"] == 53 and d["file_info"]["rows_processed"] == 2921 and len(d["raw_data"]) == 2921 and sum(s["Count"] for s in d["summary"]) == 2921 and all(r["Monetary"] > 0 for r in d["raw_data"])'
check "aside: their Monetary sums to pandas' -5766.06, each listed once" doc as \
	'abs(d["set_aside"]["monetary_sum"] + 5766.06) < 1e-6 and len({c["CustomerID"] for c in d["set_aside"]["customers"]}) == 53 and d["set_aside"]["name"] == "Returned everything"'

check "cap=99: 200" [ "$(post cap -F "file=@$csv" -F cap=99)" = 200 ]
check "cap=99: the caps are np.percentile's (23, 11061.8345) with 29 and 30 customers above" doc cap \
	'd["parameters"]["cap"] == 99 and d["caps"]["Frequency"]["cap"] == 23 and abs(d["caps"]["Monetary"]["cap"] - 11061.8345) < 1e-6 and d["caps"]["Frequency"]["customers_capped"] == 29 and d["caps"]["Monetary"]["customers_capped"] == 30'
check "cap=99: the summary keeps the real means (the caps only feed the clustering)" doc cap \
	'abs(sum(s["Monetary"] * s["Count"] for s in d["summary"]) - sum(r["Monetary"] for r in d["raw_data"])) < 1e-3'

check "bins=3: 200" [ "$(post b3 -F "file=@$csv" -F bins=3)" = 200 ]
check "bins=3: customers per score as pandas (R 988/988/998, F 1185/960/829)" doc b3 \
	'[s["count"] for s in d["rfm_bins"]["Recency"]["scores"]] == [988, 988, 998] and [s["count"] for s in d["rfm_bins"]["Frequency"]["scores"]] == [1185, 960, 829] and d["parameters"]["bins"] == "3"'
check "bins=3: Lost 729, Champions 600 (pandas)" doc b3 \
	'{s["segment"]: s["count"] for s in d["rfm_segments"]}["Lost"] == 729 and {s["segment"]: s["count"] for s in d["rfm_segments"]}["Champions"] == 600'
spec='R:30,60,90,180;F:1,2,4,8;M:250,500,1000,3000'
check "bins=thresholds: 200" [ "$(post bt -F "file=@$csv" --form-string "bins=$spec")" = 200 ]
check "thresholds: echoed, and every customer scored by them" doc bt \
	'd["parameters"]["bins"] == "'"$spec"'" and d["rfm_bins"]["method"] == "thresholds" and d["rfm_bins"]["Frequency"]["thresholds"] == [1, 2, 4, 8] and all((int(r["RFM_Score"][1]) == 1) == (r["Frequency"] <= 1) for r in d["raw_data"])'
check "defaults: frequency ties share a score (every F=1 customer scores 1)" doc def \
	'all(r["RFM_Score"][1] == "1" for r in d["raw_data"] if r["Frequency"] == 1) and len({r["RFM_Score"][1] for r in d["raw_data"]}) == 4'

# 422s, each with the reason
expect422() { # expect422 WHAT GREP curl-args...
	local what=$1 want=$2; shift 2
	local code
	code=$(post bad "$@")
	check "$what: 422 (got $code)" [ "$code" = 422 ]
	check "$what: the reason says \"$want\"" grep -qF -- "$want" "$out/bad.json"
}
expect422 "returns=all" "returns must be net" -F "file=@$csv" -F returns=all
expect422 "nonpositive=drop" "nonpositive must be keep" -F "file=@$csv" -F nonpositive=drop
expect422 "cap=100" "cap must be off or a percentile from 50 to 99.99" -F "file=@$csv" -F cap=100
expect422 "cap=abc" "cap must be off" -F "file=@$csv" -F cap=abc
expect422 "bins=7" "bins must be 3, 4 or 5" -F "file=@$csv" -F bins=7
expect422 "bins not increasing" "Frequency thresholds must increase strictly, but 2 follows 4" \
	-F "file=@$csv" --form-string 'bins=R:30,90;F:1,4,2;M:100,200'
expect422 "bins missing a dimension" "thresholds for Monetary are missing" \
	-F "file=@$csv" --form-string 'bins=R:30,90;F:1,4'
expect422 "an empty threshold bin" "no customer has a Frequency above 500" \
	-F "file=@$csv" --form-string 'bins=R:30,90;F:1,500;M:100,200'
expect422 "a value with markup" "(got '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e')" -F "file=@$csv" --form-string 'returns=<script>alert(1)</script>'
check "markup in a value comes back inside JSON text only" $py -c '
import json, sys
d = json.load(open(sys.argv[1])); assert set(d) == {"detail"}, d' "$out/bad.json"

# --- the customers export: scores, segment, orders, revenue; one segment ---
aid=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/as.json")
code=$(curl -s -o "$out/all.csv" -w '%{http_code}' "$WEB_URL/history/$aid/customers.csv")
check "export of the analysis with customers set aside: 200" [ "$code" = 200 ]
check "every customer once: 2921 clustered with their scores, segment, orders, revenue, then the 53 set aside" $py -c '
import csv, json, sys
d = json.load(open(sys.argv[1])); rows = list(csv.DictReader(open(sys.argv[2], newline="")))
name = {s["Cluster"]: s["AI_Marketing_Name"] for s in d["summary"]}
raw = {r["CustomerID"]: r for r in d["raw_data"]}
assert len(rows) == 2921 + 53, len(rows)
for r in rows[:2921]:
    o = raw[r["CustomerID"]]
    assert r["R_Score"] + r["F_Score"] + r["M_Score"] == o["RFM_Score"] and r["RFM_Segment"] == o["RFM_Segment"]
    assert r["Segment"] == name[o["Cluster"]] and int(r["Orders"]) == o["Frequency"] and abs(float(r["Revenue"]) - o["Monetary"]) < 1e-9
aside = {c["CustomerID"] for c in d["set_aside"]["customers"]}
assert {r["CustomerID"] for r in rows[2921:]} == aside and all(r["Segment"] == "Returned everything" and r["Cluster"] == "" for r in rows[2921:])
' "$out/as.json" "$out/all.csv"
urlenc() { $py -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
$py -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join(s["AI_Marketing_Name"] for s in d["summary"]))' "$out/as.json" >"$out/names"
i=0
while IFS= read -r name; do
	code=$(curl -s -o "$out/seg$i.csv" -D "$out/seg$i.h" -w '%{http_code}' "$WEB_URL/history/$aid/customers.csv?segment=$(urlenc "$name")")
	check "segment=$name: 200, its customers only, as many as its Count" bash -c "[ '$code' = 200 ] && $py -c '
import csv, json, sys
d = json.load(open(sys.argv[1])); rows = list(csv.DictReader(open(sys.argv[2], newline=\"\")))
s = [x for x in d[\"summary\"] if x[\"AI_Marketing_Name\"] == sys.argv[3]][0]
assert len(rows) == s[\"Count\"] and all(r[\"Cluster\"] == str(s[\"Cluster\"]) for r in rows), len(rows)
' '$out/as.json' '$out/seg$i.csv' \"\$1\"" _ "$name"
	i=$((i + 1))
done <"$out/names"
check "a segment's export is named after it" grep -qi '^content-disposition: attachment; filename="smartseg-[0-9a-f]*-[a-z0-9-]*\.csv"' "$out/seg0.h"
code=$(curl -s -o "$out/cant.csv" -w '%{http_code}' "$WEB_URL/history/$aid/customers.csv?segment=$(urlenc "Can't Lose Them")")
check "segment=Can't Lose Them (an RFM segment): 200 and as many as rfm_segments counts" bash -c "[ '$code' = 200 ] && $py -c '
import csv, json, sys
d = json.load(open(sys.argv[1])); rows = list(csv.DictReader(open(sys.argv[2], newline=\"\")))
want = [s[\"count\"] for s in d[\"rfm_segments\"] if s[\"segment\"] == \"Can\x27t Lose Them\"][0]
assert len(rows) == want and all(r[\"RFM_Segment\"] == \"Can\x27t Lose Them\" for r in rows), (len(rows), want)
' '$out/as.json' '$out/cant.csv'"
code=$(curl -s -o "$out/ret.csv" -w '%{http_code}' "$WEB_URL/history/$aid/customers.csv?segment=Returned%20everything")
check "segment=Returned everything: the 53 set aside" bash -c "[ '$code' = 200 ] && [ \$(wc -l <'$out/ret.csv') = 54 ]"
code=$(curl -s -o "$out/unk.json" -w '%{http_code}' "$WEB_URL/history/$aid/customers.csv?segment=%3Cscript%3ENobody")
check "an unknown segment: 422 in JSON, naming the segments there are" bash -c "[ '$code' = 422 ] && grep -q 'unknown segment' '$out/unk.json' && grep -q 'Returned everything' '$out/unk.json' && ! grep -q '<script' '$out/unk.json'"
code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/history/0123456789abcdef01234567/customers.csv?segment=Lost")
check "an unknown analysis with a segment: 404" [ "$code" = 404 ]

# --- the HTML form ---
curl -s -o "$out/index.html" "$WEB_URL/"
check "form defaults: k auto, transform log selected" bash -c "grep -q '<option value=\"auto\" selected>auto' '$out/index.html' && grep -q '<option value=\"log\" selected>' '$out/index.html'"
check "form defaults: returns exclude, nonpositive aside, cap off, bins 5" bash -c "grep -q '<option value=\"exclude\" selected>' '$out/index.html' && grep -q '<option value=\"aside\" selected>' '$out/index.html' && grep -q 'name=\"cap\" value=\"off\"' '$out/index.html' && grep -q 'name=\"bins\" value=\"5\"' '$out/index.html'"
check "the options sit in a closed <details> Advanced section, no script" $py -c '
import re, sys
p = open(sys.argv[1]).read()
m = re.search(r"<details>\s*<summary>Advanced</summary>(.*?)</details>", p, re.S)
assert m, "no closed details"
for name in ("returns", "nonpositive", "cap", "bins"):
    assert ("name=\"%s\"" % name) in m.group(1), name
assert "<script" not in p.lower()' "$out/index.html"

# the form's own fields, in the browser's order (file first): the preset
code=$(curl -s -o /dev/null -D "$out/f.h" -w '%{http_code}' -F "file=@$csv" -F k=auto -F delimiter=auto \
	-F transform=log -F lang=en -F returns=exclude -F nonpositive=aside -F cap=off -F bins=5 "$WEB_URL/analyses")
check "the form with its defaults: 303" [ "$code" = 303 ]
floc=$(grep -i '^location:' "$out/f.h" | tr -d '\r' | cut -d' ' -f2)
curl -s -o "$out/form.json" "$WEB_URL/history/${floc##*/}"
check "its analysis: k auto, log, exclude, aside; 2931 customers as the pandas filter" doc form \
	'd["parameters"]["k_requested"] == "auto" and d["parameters"]["transform"] == "log" and d["parameters"]["returns"] == "exclude" and d["parameters"]["nonpositive"] == "aside" and d["file_info"]["rows_processed"] == 2931 and d["data_quality"]["excluded_rows"] == 4107 and d["set_aside"]["count"] == 0'
check "the preset on the web is the CLI's --preset marketing" bash -c "
	'$WEB_ROOT/$BUILD/smartseg' analyze '$csv' --preset marketing --out '$out/cli.json' && $py -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert a[\"k_used\"] == b[\"k_used\"] and [s[\"Count\"] for s in a[\"summary\"]] == [s[\"Count\"] for s in b[\"summary\"]]
' '$out/form.json' '$out/cli.json'"

# the result page says what the options did
code=$(curl -s -o /dev/null -D "$out/o.h" -w '%{http_code}' -F "file=@$csv" -F k=3 -F transform=none \
	-F returns=net -F nonpositive=aside -F cap=99 -F bins=4 "$WEB_URL/analyses")
oloc=$(grep -i '^location:' "$out/o.h" | tr -d '\r' | cut -d' ' -f2)
curl -s -o "$out/opage.html" "$WEB_URL$oloc"
curl -s -o "$out/opage.json" "$WEB_URL/history/${oloc##*/}"
check "result page: the customers set aside, their total and the link to their list" bash -c "grep -q '<h2 id=\"aside-title\">Set aside: Returned everything</h2>' '$out/opage.html' && grep -q '<p>53 customers spent 0 or less' '$out/opage.html' && grep -q 'customers.csv?segment=Returned%20everything\">Their list (CSV)' '$out/opage.html'"
check "result page: the caps beside their counts, as in the document" $py -c '
import json, sys
d = json.load(open(sys.argv[1])); p = open(sys.argv[2]).read()
for f in ("Frequency", "Monetary"):
    c = d["caps"][f]
    row = "<tr><th scope=\"row\">%s</th><td>%.6g</td><td>%d</td></tr>" % (f, c["cap"], c["customers_capped"])
    assert row in p, row' "$out/opage.json" "$out/opage.html"
check "result page: the 4 x 3 score bins, each with its range and customers, as in rfm_bins" $py -c '
import json, sys
d = json.load(open(sys.argv[1])); p = open(sys.argv[2]).read()
for f in ("Recency", "Frequency", "Monetary"):
    for s in d["rfm_bins"][f]["scores"]:
        lo, hi = "%.6g" % s["min"], "%.6g" % s["max"]
        rng = lo if lo == hi else lo + " to " + hi
        row = "<tr><th scope=\"row\">%s</th><td>%d</td><td>%s</td><td>%d</td></tr>" % (f, s["score"], rng, s["count"])
        assert row in p, row
sec = p.split("id=\"bins-title\"")[1].split("</section>")[0]
assert sec.count("<th scope=\"row\">Frequency</th>") == 4' "$out/opage.json" "$out/opage.html"
curl -s -o "$out/fpage.html" "$WEB_URL/analyses/${floc##*/}"
check "the form defaults' page (nobody set aside, no cap): the bins, no set-aside or caps section" bash -c "grep -q 'id=\"bins-title\"' '$out/fpage.html' && ! grep -q 'aside-title\|caps-title' '$out/fpage.html'"

# an error: the choices come back, the Advanced section open, the reason beside the field
code=$(curl -s -o "$out/ferr.html" -w '%{http_code}' -F "file=@$csv" -F k=4 -F transform=none \
	-F returns=net -F nonpositive=keep -F cap=abc -F bins=3 "$WEB_URL/analyses")
check "form with cap=abc: 422" [ "$code" = 422 ]
check "the choices kept: k 4, none, net, keep, cap abc, bins 3" bash -c "grep -q '<option value=\"4\" selected>' '$out/ferr.html' && grep -q '<option value=\"none\" selected>' '$out/ferr.html' && grep -q '<option value=\"net\" selected>' '$out/ferr.html' && grep -q '<option value=\"keep\" selected>' '$out/ferr.html' && grep -q 'name=\"cap\" value=\"abc\"' '$out/ferr.html' && grep -q 'name=\"bins\" value=\"3\"' '$out/ferr.html'"
check "the Advanced section open, the reason beside cap" bash -c "grep -q '<details open>' '$out/ferr.html' && grep -q 'id=\"cap-error\">cap must be off or a percentile' '$out/ferr.html'"
code=$(curl -s -o "$out/ferr2.html" -w '%{http_code}' -F "file=@$csv" -F k=3 -F cap=95 \
	--form-string 'bins=R:30,90;F:1,500;M:100,200' "$WEB_URL/analyses")
check "form with an empty threshold bin: 422" [ "$code" = 422 ]
check "the reason beside bins, the thresholds and the cap kept" bash -c "grep -q 'id=\"bins-error\">bins: no customer has a Frequency above 500' '$out/ferr2.html' && grep -q 'value=\"R:30,90;F:1,500;M:100,200\"' '$out/ferr2.html' && grep -q 'name=\"cap\" value=\"95\"' '$out/ferr2.html' && grep -q '<details open>' '$out/ferr2.html'"
evil='"><script>alert(1)</script>'
for f in returns nonpositive cap bins; do
	curl -s -o "$out/x-$f.html" -F "file=@$csv" --form-string "$f=$evil" "$WEB_URL/analyses"
	check "form: $f=<script> comes back escaped, never as markup" bash -c "! grep -q '<script>alert' '$out/x-$f.html' && grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' '$out/x-$f.html'"
done
done_testing
