#!/usr/bin/env bash
# smartseg compare and analyze --reference end to end on the Online Retail
# file (A cut at 2011-06-01, B whole): the answer against counts made here
# from both documents, the CSV, exit codes, and the names kept by
# --reference (reused, or new with --new-personas).
set -u
source "$(dirname "$0")/lib/cli-env.sh"

gzip -dc "$ROOT/tests/data/online_retail.csv.gz" > full.csv
/usr/bin/python3 - <<'PY'
import csv
from datetime import datetime
with open('full.csv', newline='') as f, open('cut.csv', 'w', newline='') as o:
    r = csv.reader(f); w = csv.writer(o); w.writerow(next(r))
    for row in r:
        if datetime.strptime(row[4], '%m/%d/%y %H:%M') < datetime(2011, 6, 1):
            w.writerow(row)
PY
"$BIN" analyze cut.csv --out A.json && "$BIN" analyze full.csv --out B.json
check "A and B analysed" [ -s A.json -a -s B.json ]
"$BIN" compare A.json B.json --out C.json --customers-csv C.csv 2> err.txt
rc=$?
check "compare exits 0" [ "$rc" = 0 ]
check "the answer equals counts made from both documents; the CSV has every customer of A or B" /usr/bin/python3 - <<'PY'
import csv, json
a, b, c = (json.load(open(p)) for p in ("A.json", "B.json", "C.json"))
ra = {r["CustomerID"]: r for r in a["raw_data"]}; rb = {r["CustomerID"]: r for r in b["raw_data"]}
both = ra.keys() & rb.keys()
seg = c["rfm_segments"]; L = seg["labels"]
for i, la in enumerate(L):
    assert sum(seg["matrix"][i]) == sum(1 for k in both if ra[k]["RFM_Segment"] == la)
for j, lb in enumerate(L):
    assert seg["new"][j] == sum(1 for k in rb.keys() - ra.keys() if rb[k]["RFM_Segment"] == lb)
rows = list(csv.DictReader(open("C.csv", newline="")))
assert len(rows) == len(ra.keys() | rb.keys())
PY
"$BIN" compare A.json A.json > /dev/null 2> err.txt
rc=$?
check "A against itself: exit 65 saying so" bash -c "[ $rc = 65 ] && grep -q itself err.txt"
"$BIN" compare A.json missing.json > /dev/null 2> err.txt
check "a missing document: exit 66" [ $? = 66 ]
echo '{"summary": 3' > bad.json
"$BIN" compare A.json bad.json > /dev/null 2> err.txt
check "a document that is not JSON: exit 65" [ $? = 65 ]
"$BIN" compare A.json > /dev/null 2> err.txt
check "one document only: usage, exit 2" [ $? = 2 ]
"$BIN" compare A.json B.json --k 3 > /dev/null 2> err.txt
check "an analyze option on compare: exit 2" [ $? = 2 ]
"$BIN" analyze full.csv --new-personas > /dev/null 2> err.txt
check "--new-personas without --reference: exit 2" [ $? = 2 ]
"$BIN" analyze full.csv --reference A.json --out R.json
"$BIN" analyze full.csv --reference A.json --new-personas --out N.json
check "--reference keeps A's names for matched clusters; --new-personas keeps B's own" /usr/bin/python3 - <<'PY'
import json
a, b, r, nw = (json.load(open(p)) for p in ("A.json", "B.json", "R.json", "N.json"))
m = [x for x in r["reference"]["matching"] if x["reference_cluster"] is not None]
assert m and r["reference"]["personas"] == "reused"
for x in m:
    assert r["summary"][x["cluster"]]["AI_Marketing_Name"] == a["summary"][x["reference_cluster"]]["AI_Marketing_Name"]
assert nw["reference"]["personas"] == "new"
# same partition as B, renumbered; names then are B's own for each cluster
perm = {}
rb = {x["CustomerID"]: x["Cluster"] for x in b["raw_data"]}
for x in nw["raw_data"]:
    assert perm.setdefault(x["Cluster"], rb[x["CustomerID"]]) == rb[x["CustomerID"]]
for new, old in perm.items():
    assert nw["summary"][new]["AI_Marketing_Name"] == b["summary"][old]["AI_Marketing_Name"]
PY
echo "1..$n"
[ "$fail" -eq 0 ]
