#!/usr/bin/env bash
# web-compare.sh: two stored analyses compared, on SQLite and on MongoDB
# (FerretDB): A on the Online Retail file cut at 2011-06-01 (rows after it
# dropped, as a snapshot would), B on the whole file. The matrices, new and
# gone are checked against counts made here from the two documents'
# raw_data; the CSV, the page, the forms leading to it, the errors, and
# reference=A on a re-run of B.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
csv=$(retail_csv)
py=/usr/bin/python3
$py - "$csv" "$out/cut.csv" "$out/other.csv" <<'PY'
import csv, sys
from datetime import datetime
src, cut, other = sys.argv[1:4]
with open(src, newline='') as f, open(cut, 'w', newline='') as c, open(other, 'w', newline='') as o:
    r = csv.reader(f); wc = csv.writer(c); wo = csv.writer(o)
    h = next(r); wc.writerow(h); wo.writerow(h)
    for row in r:
        if datetime.strptime(row[4], '%m/%d/%y %H:%M') < datetime(2011, 6, 1):
            wc.writerow(row)
            if row[6]:
                row[6] = 'X' + row[6]   # nobody in common with the real ids
            wo.writerow(row)
PY

post() {  # post FILE [extra -F...]: prints the new id
	local f=$1; shift
	curl -s -o "$out/post.json" -F "file=@$f" -F k=3 "$@" "$WEB_URL/analyze"
	$py -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/post.json" 2>/dev/null
}

suite() {  # suite BACKEND
	local be=$1 a b c x code loc
	a=$(post "$out/cut.csv"); b=$(post "$csv"); x=$(post "$out/other.csv")
	check "$be: analyses A (cut at 2011-06-01), B (whole file) and X stored" \
		bash -c "[[ '$a' =~ ^[0-9a-f]{24}$ && '$b' =~ ^[0-9a-f]{24}$ && '$x' =~ ^[0-9a-f]{24}$ ]]"
	curl -s -o "$out/a.json" "$WEB_URL/history/$a"
	curl -s -o "$out/b.json" "$WEB_URL/history/$b"
	code=$(curl -s -o "$out/cmp.json" -D "$out/cmp.h" -w '%{http_code}' "$WEB_URL/history/$a/compare/$b")
	check "$be: GET /history/{a}/compare/{b} 200 JSON with CORS" bash -c "[ $code = 200 ] && grep -qi '^access-control-allow-origin' '$out/cmp.h'"
	check "$be: matrices, new and gone equal counts made from both documents' raw_data" $py - "$out/a.json" "$out/b.json" "$out/cmp.json" <<'PY'
import json, sys
a, b, c = (json.load(open(p)) for p in sys.argv[1:4])
ra = {r["CustomerID"]: r for r in a["raw_data"]}
rb = {r["CustomerID"]: r for r in b["raw_data"]}
both, only_a, only_b = ra.keys() & rb.keys(), ra.keys() - rb.keys(), rb.keys() - ra.keys()
assert c["a"] == a["_id"] and c["b"] == b["_id"]
assert c["customers_in_both"] == len(both) and c["customers_new"] == len(only_b) and c["customers_gone"] == len(only_a)
assert len(only_b) > 0 and len(both) > 0, (len(only_b), len(both))
seg = c["rfm_segments"]; L = seg["labels"]
assert len(L) == 10 and len(set(L)) == 10
for i, la in enumerate(L):
    # row sum = A's customers of that segment among those also in B
    assert sum(seg["matrix"][i]) == sum(1 for k in both if ra[k]["RFM_Segment"] == la), la
    assert seg["gone"][i] == sum(1 for k in only_a if ra[k]["RFM_Segment"] == la), la
    for j, lb in enumerate(L):
        assert seg["matrix"][i][j] == sum(1 for k in both if ra[k]["RFM_Segment"] == la and rb[k]["RFM_Segment"] == lb)
for j, lb in enumerate(L):
    assert seg["new"][j] == sum(1 for k in only_b if rb[k]["RFM_Segment"] == lb), lb
cl = c["clusters"]
assert cl["labels_a"] == [s["AI_Marketing_Name"] for s in a["summary"]]
assert cl["labels_b"] == [s["AI_Marketing_Name"] for s in b["summary"]]
for i in range(a["k_used"]):
    assert sum(cl["matrix"][i]) == sum(1 for k in both if ra[k]["Cluster"] == i)
    assert cl["gone"][i] == sum(1 for k in only_a if ra[k]["Cluster"] == i)
    for j in range(b["k_used"]):
        assert cl["matrix"][i][j] == sum(1 for k in both if ra[k]["Cluster"] == i and rb[k]["Cluster"] == j)
for j in range(b["k_used"]):
    assert cl["new"][j] == sum(1 for k in only_b if rb[k]["Cluster"] == j)
assert len(cl["matching"]) == b["k_used"]
for s in c["per_segment"]:
    assert s["customers_a"] == sum(1 for r in a["raw_data"] if r["RFM_Segment"] == s["segment"])
    assert abs(s["revenue_b"] - sum(r["Monetary"] for r in b["raw_data"] if r["RFM_Segment"] == s["segment"])) < 1e-6
PY
	code=$(curl -s -o "$out/cmp.csv" -D "$out/csv.h" -w '%{http_code}' "$WEB_URL/history/$a/compare/$b/customers.csv")
	check "$be: the customers CSV: 200, one line per customer of A or B, segments as in the documents" $py - "$out/a.json" "$out/b.json" "$out/cmp.csv" "$code" <<'PY'
import csv, json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert sys.argv[4] == "200"
rows = list(csv.DictReader(open(sys.argv[3], newline='')))
ra = {r["CustomerID"]: r for r in a["raw_data"]}; rb = {r["CustomerID"]: r for r in b["raw_data"]}
assert len(rows) == len(ra.keys() | rb.keys())
assert [r["CustomerID"] for r in rows] == sorted(ra.keys() | rb.keys(), key=lambda s: s.encode())
for r in rows:
    k = r["CustomerID"]
    assert r["Segment_A"] == (ra[k]["RFM_Segment"] if k in ra else "")
    assert r["Segment_B"] == (rb[k]["RFM_Segment"] if k in rb else "")
    if k in rb: assert int(r["Recency_B"]) == rb[k]["Recency"] and int(r["Cluster_B"]) == rb[k]["Cluster"]
PY
	code=$(curl -s -o "$out/self.json" -w '%{http_code}' "$WEB_URL/history/$a/compare/$a")
	check "$be: an analysis compared with itself: 422 with the reason" bash -c "[ $code = 422 ] && grep -q 'itself' '$out/self.json'"
	code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/history/$a/compare/0123456789abcdef01234567")
	check "$be: unknown id: 404" [ "$code" = 404 ]
	code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/history/nothex/compare/$b/customers.csv")
	check "$be: malformed id on the CSV: 404" [ "$code" = 404 ]
	code=$(curl -s -o "$out/none.json" -w '%{http_code}' "$WEB_URL/history/$a/compare/$x")
	check "$be: no customer in common: 200, said plainly, everyone new or gone" $py -c '
import json, sys
c = json.load(open(sys.argv[1])); assert sys.argv[2] == "200"
assert c["no_customer_in_common"] is True and c["customers_in_both"] == 0
assert c["customers_new"] == c["customers_b"] and c["customers_gone"] == c["customers_a"]
assert sum(map(sum, c["rfm_segments"]["matrix"])) == 0' "$out/none.json" "$code"
	code=$(curl -s -o "$out/none.html" -w '%{http_code}' "$WEB_URL/analyses/$a/compare/$x")
	check "$be: the page says no customer is in both" bash -c "[ $code = 200 ] && grep -q 'No customer is in both' '$out/none.html'"

	code=$(curl -s -o "$out/page.html" -w '%{http_code}' "$WEB_URL/analyses/$a/compare/$b")
	check "$be: the compare page: 200, two SVG heatmaps, movements, the per-segment table, no script" $py - "$out/page.html" "$out/cmp.json" "$code" <<'PY'
import html, json, sys
p = open(sys.argv[1], encoding="utf-8").read(); c = json.load(open(sys.argv[2]))
assert sys.argv[3] == "200"
assert p.count("<svg") == 2 and "<script" not in p.lower()
seg = c["rfm_segments"]; L = seg["labels"]
cells = sorted(((seg["matrix"][i][j], i, j) for i in range(10) for j in range(10) if i != j), reverse=True)
n, i, j = cells[0]
share = round(100 * n / sum(seg["matrix"][i]))
sentence = "%d %s (%d%%) became %s" % (n, L[i], share, L[j])
assert html.escape(sentence, quote=False) in p or html.escape(sentence) in p, sentence
assert "Per segment" in p and "Revenue in A" in p
PY
	code=$(curl -s -o /dev/null -D "$out/form.h" -w '%{http_code}' "$WEB_URL/analyses/compare?a=$a&b=$b")
	loc=$(grep -i '^location:' "$out/form.h" | tr -d '\r' | cut -d' ' -f2)
	check "$be: the compare form: 303 to /analyses/{a}/compare/{b}" bash -c "[ $code = 303 ] && [ '$loc' = '/analyses/$a/compare/$b' ]"
	code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/analyses/compare?a=$a")
	check "$be: the compare form without B: 422" [ "$code" = 422 ]
	curl -s -o "$out/hist.html" "$WEB_URL/analyses"
	check "$be: the history page has the GET compare form with radio columns" bash -c \
		"grep -q 'form id=\"compare\" method=\"get\"' '$out/hist.html' && grep -q 'name=\"a\" value=\"$a\"' '$out/hist.html' && grep -q 'name=\"b\" value=\"$b\"' '$out/hist.html'"
	curl -s -o "$out/res.html" "$WEB_URL/analyses/$b"
	check "$be: the result page of B offers the comparison with the earlier A" bash -c \
		"grep -q 'Compare with an earlier analysis' '$out/res.html' && grep -q 'option value=\"$a\"' '$out/res.html'"

	c=$(post "$csv" -F reference=$a)
	curl -s -o "$out/c.json" "$WEB_URL/history/$c"
	check "$be: B again with reference=A keeps the cluster names (and numbers) of A's matched clusters" $py - "$out/a.json" "$out/b.json" "$out/c.json" <<'PY'
import json, sys
a, b, c = (json.load(open(p)) for p in sys.argv[1:4])
ref = c["reference"]; assert ref["analysis_id"] == a["_id"] and ref["personas"] == "reused"
matched = [m for m in ref["matching"] if m["reference_cluster"] is not None]
assert len(matched) >= 2, ref
for m in matched:
    s = c["summary"][m["cluster"]]
    assert s["AI_Marketing_Name"] == a["summary"][m["reference_cluster"]]["AI_Marketing_Name"]
    if len(a["summary"]) == len(c["summary"]):
        assert m["cluster"] == m["reference_cluster"]
# the same partition as B, only renumbered
perm = {}
rb = {r["CustomerID"]: r["Cluster"] for r in b["raw_data"]}
for r in c["raw_data"]:
    assert perm.setdefault(rb[r["CustomerID"]], r["Cluster"]) == r["Cluster"]
assert sorted(c["kmeans_metrics"]["cluster_distribution"]) == sorted(b["kmeans_metrics"]["cluster_distribution"])
for j, s in enumerate(c["summary"]):
    assert s["Cluster"] == j and c["kmeans_metrics"]["cluster_distribution"][j] == sum(1 for r in c["raw_data"] if r["Cluster"] == j)
PY
	code=$(curl -s -o "$out/ref404.json" -w '%{http_code}' -F "file=@$out/cut.csv" -F reference=0123456789abcdef01234567 "$WEB_URL/analyze")
	check "$be: an unknown reference: 404 with the reason" bash -c "[ $code = 404 ] && grep -q reference '$out/ref404.json'"
}

web_start 2
suite sqlite
web_stop_all

mongo=$WEB_ROOT/scripts/mongo-server.sh
if [ ! -x "$mongo" ] || ! "$mongo" build >"$out/build.log" 2>&1; then
	nok "mongodb: no MongoDB-compatible server could be built here"
else
	mdir=$out/mongo
	mport=$(free_port)
	"$mongo" start "$mdir" "$mport" || { echo "Bail out! FerretDB did not start"; exit 1; }
	trap '"$mongo" stop "$mdir"; web_stop_all; rm -rf "$T_TMP"' EXIT
	web_start 2 MONGO_URI="mongodb://127.0.0.1:$mport/?serverSelectionTimeoutMS=2000" DB_NAME=smartseg_compare_test
	suite mongodb
fi
done_testing
