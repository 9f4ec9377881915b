#!/usr/bin/env bash
# The smartseg command line end to end: the Online Retail oracle, options,
# exit codes, the customers CSV, and every kind of bad input (each a clear
# error or a clean result, never a crash or a hang).
set -u
source "$(dirname "$0")/lib/cli-env.sh"

# the last run ended cleanly: 65 with a reason, or 0 with a JSON document;
# never a sanitizer report
clean_end() {
	grep -q 'runtime error\|AddressSanitizer' "$T/err.txt" && return 1
	if [ "$rc" -eq 65 ]; then [ -n "$err" ]
	elif [ "$rc" -eq 0 ]; then py "$T/out.json" <<<'import json, sys; assert json.load(open(sys.argv[1]))["raw_data"]'
	else return 1; fi
}

gzip -dc "$ROOT"/tests/data/online_retail.csv.gz > "$T/online_retail.csv"
gzip -dc "$ROOT"/tests/data/online_retail_rfm_k3.csv.gz > "$T/oracle.csv"

# --- the oracle, through the whole CLI ---
run "$T/online_retail.csv" --k 3 --customers-csv "$T/customers.csv"
check "online retail k=3 exits 0 ($err)" [ "$rc" -eq 0 ]
check "document and CSV agree with scikit-learn's oracle" py "$T/out.json" "$T/oracle.csv" "$T/customers.csv" <<'PY'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
oracle = {r["CustomerID"]: r for r in csv.DictReader(open(sys.argv[2]))}
rows = {r["CustomerID"]: r for r in doc["raw_data"]}
assert len(rows) == len(oracle) == 2974, len(rows)
for cid, o in oracle.items():
    r = rows[cid]
    assert r["Recency"] == int(o["Recency"]) and r["Frequency"] == int(o["Frequency"]), cid
    assert abs(r["Monetary"] - float(o["Monetary"])) <= 1e-6, cid
pairs = {(rows[c]["Cluster"], int(o["Cluster"])) for c, o in oracle.items()}
assert len(pairs) == 3, pairs  # a bijection between the partitions
m = doc["kmeans_metrics"]
assert abs(m["inertia"] - 3768.7188) <= 3768.7188 * 0.001, m["inertia"]
assert abs(m["silhouette_score"] - 0.502338) <= 1e-6, m["silhouette_score"]
assert doc["file_info"]["rows_processed"] == 2974 and doc["data_quality"]["rows_kept"] == 172782
assert [s["Cluster"] for s in doc["summary"]] == [0, 1, 2]
exp = list(csv.DictReader(open(sys.argv[3])))
assert len(exp) == 2974 and set(exp[0]) >= {"CustomerID", "Cluster", "RFM_Score"}
PY
check "global standard deviations and standardized cluster means agree with the oracle" \
	py "$T/out.json" "$T/oracle.csv" <<'PY'
import csv, json, statistics, sys
doc = json.load(open(sys.argv[1]))
oracle = list(csv.DictReader(open(sys.argv[2])))
for f in ("Recency", "Frequency", "Monetary"):
    col = [float(o[f]) for o in oracle]
    mu, sd = statistics.fmean(col), statistics.pstdev(col)
    assert abs(doc["global_means"][f] - mu) <= 1e-9 * max(1, abs(mu)), (f, doc["global_means"][f], mu)
    assert abs(doc["global_std"][f] - sd) <= 1e-9 * sd, (f, doc["global_std"][f], sd)
    for s in doc["summary"]:
        z = (s[f] - mu) / sd
        assert abs(s["Standardized"][f] - z) <= 1e-9, (f, s["Standardized"][f], z)
        assert abs(s["Vs_Global"][f] - (s[f] - mu) / abs(mu)) <= 1e-9, (f, s["Vs_Global"][f])
        # without a transform the clustering's space is this one
        assert abs(s["Profile"][f] - z) <= 1e-9, (f, s["Profile"][f], z)
PY
run "$T/online_retail.csv" --k 3
cp "$T/out.json" "$T/first.json"
run "$T/online_retail.csv" --k 3
check "same seed, same clusters" py "$T/first.json" "$T/out.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [r["Cluster"] for r in a["raw_data"]] == [r["Cluster"] for r in b["raw_data"]]
PY
run "$T/online_retail.csv" --k auto --transform log --lang fr --seed 7 --out "$T/auto.json"
check "k=auto, log, fr: a curve of k=2..8 and French personas" py "$T/auto.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["k"] for p in d["k_curve"]] == list(range(2, 9))
chosen = [p for p in d["k_curve"] if p["chosen"]]
assert len(chosen) == 1 and chosen[0]["k"] == d["k_used"] == d["k_choice"]["k"], chosen
assert all(0 < p["smallest_share"] <= 0.5 for p in d["k_curve"])
assert d["k_choice"]["reason"].startswith("k=%d: " % d["k_used"]), d["k_choice"]
assert d["parameters"]["transform"] == "log" and d["parameters"]["lang"] == "fr"
assert any(w in d["summary"][0]["AI_Description"] for w in ("clients", "commandes"))
PY

# k=auto + log on the test data without its return lines and cancelled
# invoices (what the form's defaults analyse): a k a marketer can use
py "$T/online_retail.csv" "$T/noret.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="latin-1") as f, open(sys.argv[2], "w", newline="", encoding="latin-1") as g:
    r, w = csv.reader(f), csv.writer(g)
    w.writerow(next(r))
    for row in r:
        if not row[0].startswith("C") and not row[3].startswith("-"):
            w.writerow(row)
PY
run "$T/noret.csv" --k auto --transform log --out "$T/noret.json"
# the form's own defaults, through the option that gives them
run "$T/online_retail.csv" --preset marketing --out "$T/preset.json"
for doc in noret preset; do
check "k=auto, log, no returns ($doc): k from 3 to 8, no segment under 2%, distinct names, KPIs add up" py "$T/$doc.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
k, s, b = d["k_used"], d["summary"], d["base_kpis"]
assert 3 <= k <= 8, d["k_choice"]
assert min(x["CustomerShare"] for x in s) >= 0.02, [x["CustomerShare"] for x in s]
names = [x["AI_Marketing_Name"] for x in s]
assert len(set(names)) == k, names
assert sum(x["Count"] for x in s) == b["Count"] and sum(x["Orders"] for x in s) == b["Orders"]
assert abs(sum(x["Revenue"] for x in s) - b["Revenue"]) <= 1e-9 * b["Revenue"]
assert abs(sum(x["CustomerShare"] for x in s) - 1) < 1e-12 and abs(sum(x["RevenueShare"] for x in s) - 1) < 1e-12
PY
done

# --- usage errors: exit 2 ---
for k in 1 0 -3 21 abc; do
	expect "k=$k is a usage error" 2 "k" "$T/online_retail.csv" --k "$k"
done
expect "unknown option" 2 "unknown option" "$T/online_retail.csv" --frobnicate 1
expect "bad delimiter" 2 "delimiter" "$T/online_retail.csv" --delimiter x
expect "bad delimiter: every accepted value named" 2 '",".*";".*"\|".*tab.*auto' "$T/online_retail.csv" --delimiter x
expect "no file" 2 "no input file"
expect "missing file" 66 "No such file" "$T/nope.csv"

# --- unusable data: exit 65 with a reason ---
: > "$T/empty.csv"
expect "empty file" 65 "empty" "$T/empty.csv"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n' > "$T/header.csv"
expect "header only" 65 "no data rows|no valid rows" "$T/header.csv"
printf 'Customer,When,Qty,Price\n1,1/2/2011,1,2\n' > "$T/missing.csv"
expect "missing columns named, with the columns found" 65 "CustomerID.*(found|columns).*Customer" "$T/missing.csv"
printf 'CustomerID;InvoiceDate;Quantity;UnitPrice\n1;1/2/2011;1;2\n2;1/3/2011;1;3\n' > "$T/semi.csv"
expect "wrong delimiter: says which one works" 65 "';'" "$T/semi.csv" --delimiter ,
python3 -c "
h = ['x%d' % i for i in range(5000)] + ['CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice']
print(','.join(h)); print(','.join([''] * 5000 + ['1', '2011-01-01', '1', '2']))" >"$T/wide.csv"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice,Description\n1,2011-01-01,1,2,x\n2,2011-01-02,1,3,y\n3,2011-01-03,1,4,"open\n4,2011-01-04,1,5,z\n5,2011-01-05,1,6,w\n' >"$T/openquote.csv"
run "$T/openquote.csv" --k 2
check "a quote left open: the quality block gives the row where it opens (exit $rc)" py "$T/out.json" <<<'import json, sys; q = json.load(open(sys.argv[1]))["data_quality"]; assert q["unclosed_quote_row"] == 3, q'
expect "required columns past column 4,096: the limit named" 65 "first 4096 of its 5004 columns" "$T/wide.csv"
# amounts past what can be scaled, or a sum that overflows: named, not a crash
printf 'CustomerID,InvoiceDate,Amount\n1,2011-01-01,10\n2,2011-01-02,20\n3,2011-01-03,30\n4,2011-01-04,1e308\n4,2011-01-05,1e308\n' > "$T/overflow.csv"
expect "a sum that overflows: the customer named" 65 "customer 4 .*beyond 1e150" "$T/overflow.csv" --k 3
expect "the same with the log transform" 65 "customer 4 " "$T/overflow.csv" --k 3 --transform log
printf 'CustomerID,InvoiceDate,Amount\n1,2011-01-01,10\n2,2011-01-02,20\n3,2011-01-03,30\n4,2011-01-04,1e160\n' > "$T/huge.csv"
expect "an amount too large to scale" 65 "customer 4 " "$T/huge.csv" --k 3
printf 'CustomerID,InvoiceDate,Amount\n1,2011-01-01,10\n2,2011-01-02,20\n3,2011-01-03,30\n4,2011-01-04,1e149\n' > "$T/big.csv"
run "$T/big.csv" --k 3
check "an amount of 1e149 is still analysed ($rc: $err)" [ "$rc" -eq 0 ]
head -c 200000 /dev/urandom > "$T/garbage.bin"
expect "binary garbage" 65 "." "$T/garbage.bin"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,1/2/2011,1,2\n\0\0\0,\0,1,1\n' > "$T/nul.csv"
run "$T/nul.csv" --k 2
check "NUL bytes: clean error or result ($rc: $err)" clean_end
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,1/2/2011,1,2\n2,"1/3/2011,1,2\n' > "$T/quote.csv"
run "$T/quote.csv" --k 2
check "unterminated quote: clean error or result ($rc: $err)" clean_end
{ printf 'CustomerID,InvoiceDate,Quantity,UnitPrice,Note\n1,1/2/2011,1,2,'; head -c 10485760 /dev/zero | tr '\0' x; printf '\n2,1/3/2011,1,3,a\n3,1/4/2011,2,3,b\n'; } > "$T/long.csv"
run "$T/long.csv" --k 2
check "a 10 MB line: clean error or result ($rc: $err)" clean_end
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,yesterday,1,2\n2,soon,1,3\n' > "$T/dates.csv"
expect "every date unparsable" 65 "date" "$T/dates.csv"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n,1/2/2011,1,2\n2,1/3/2011,x,3\n' > "$T/dropped.csv"
expect "every row dropped" 65 "no valid rows" "$T/dropped.csv"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,1/2/2011,1,2\n2,1/3/2011,1,3\n' > "$T/two.csv"
expect "fewer customers than k" 65 "fewer customers" "$T/two.csv" --k 3
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,1/2/2011,1,2\n2,1/2/2011,1,2\n3,1/2/2011,1,2\n' > "$T/same.csv"
expect "all customers identical" 65 "distinct|same" "$T/same.csv" --k 2
expect "all customers identical, k=auto" 65 "nothing to segment" "$T/same.csv" --k auto
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,1/2/2011,-1,2\n2,1/3/2011,0,3\n3,1/4/2011,1,0\n4,1/5/2011,2,5\n' > "$T/neg.csv"
run "$T/neg.csv" --k 2
check "negative and zero totals: a clean result ($err)" py "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = {r["CustomerID"]: r["Monetary"] for r in d["raw_data"]}
assert m == {"1": -2, "2": 0, "3": 0, "4": 10}, m
PY
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice,Description\n\xe9t\xe9,1/2/2011,1,2,caf\xe9\nA,1/3/2011,1,3,x\nB,1/4/2011,2,3,y\n' > "$T/latin1.csv"
run "$T/latin1.csv" --k 2
check "latin-1 bytes kept as UTF-8 ($err)" py "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert "été" in {r["CustomerID"] for r in d["raw_data"]}
PY
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n=cmd|calc,1/2/2011,1,2\n+1,1/3/2011,1,3\n@x,1/4/2011,2,3\n' > "$T/formula.csv"
run "$T/formula.csv" --k 2 --customers-csv "$T/formula_out.csv"
check "customers CSV neutralises formulas" py "$T/formula_out.csv" <<'PY'
import csv, sys
ids = [r["CustomerID"] for r in csv.DictReader(open(sys.argv[1]))]
assert sorted(ids) == ["'+1", "'=cmd|calc", "'@x"], ids
PY

# --- the analysis options (numbers against pandas: test-options-oracle.c) ---
expect "--returns all is a usage error" 2 "returns must be net .* or exclude" "$T/online_retail.csv" --returns all
expect "--nonpositive drop is a usage error" 2 "nonpositive must be keep" "$T/online_retail.csv" --nonpositive drop
expect "--cap 100 is a usage error" 2 "cap must be off or a percentile from 50 to 99.99" "$T/online_retail.csv" --cap 100
expect "--bins 7 is a usage error" 2 "bins must be 3, 4 or 5" "$T/online_retail.csv" --bins 7
expect "--bins not increasing is a usage error" 2 "Monetary thresholds must increase strictly, but 5 follows 10" \
	"$T/online_retail.csv" --bins 'R:30,90;F:1,2;M:10,5'
expect "--preset other is a usage error" 2 "preset must be marketing" "$T/online_retail.csv" --preset other
expect "an empty threshold bin is unusable data" 65 "no customer has a Recency above 300" \
	"$T/online_retail.csv" --bins 'R:30,300;F:1,2;M:100,200'
run "$T/online_retail.csv" --preset marketing --k 4 --cap 99 --bins 4
check "--preset marketing with --k 4 --cap 99 --bins 4 ($err)" py "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["parameters"]
assert (p["k_requested"], p["transform"], p["returns"], p["nonpositive"], p["cap"], p["bins"]) == (4, "log", "exclude", "aside", 99, "4"), p
assert d["data_quality"]["excluded_rows"] == 4107 and d["file_info"]["rows_processed"] == 2931, d["file_info"]
assert d["set_aside"]["count"] == 0 and d["caps"]["percentile"] == 99
assert [s["count"] for s in d["rfm_bins"]["Monetary"]["scores"]] and d["rfm_bins"]["Monetary"]["bins"] == 4
PY
run "$T/online_retail.csv" --nonpositive aside --customers-csv "$T/all.csv"
name=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"][0]["AI_Marketing_Name"])' "$T/out.json")
cp "$T/out.json" "$T/aside.json"
run "$T/online_retail.csv" --nonpositive aside --customers-csv "$T/seg.csv" --segment "$name"
check "--segment NAME: the customers of that cluster only, with scores, segment, orders, revenue ($err)" py "$T/aside.json" "$T/seg.csv" "$T/all.csv" "$name" <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1])); seg = list(csv.DictReader(open(sys.argv[2], newline="")))
every = list(csv.DictReader(open(sys.argv[3], newline="")))
s = d["summary"][0]
assert len(seg) == s["Count"] and all(r["Segment"] == sys.argv[4] and r["Cluster"] == "0" for r in seg)
assert len(every) == 2921 + 53 and sum(r["Segment"] == "Returned everything" for r in every) == 53
assert all(r["Orders"] == r["Frequency"] and r["Revenue"] == r["Monetary"] and len(r["R_Score"]) == 1 for r in every[:2921])
PY
expect "--segment unknown: exit 65 naming the segments" 65 "unknown segment \"Nobody\": the segments are \"" \
	"$T/online_retail.csv" --customers-csv "$T/none.csv" --segment Nobody
check "--segment unknown: no file left" [ ! -e "$T/none.csv" ]
expect "--segment without --customers-csv is a usage error" 2 "segment goes with --customers-csv" "$T/online_retail.csv" --segment x
run "$T/online_retail.csv" --k 3 --preset marketing
check "--preset after --k: --k still wins ($err)" py "$T/out.json" <<<'import json, sys; p = json.load(open(sys.argv[1]))["parameters"]; assert p["k_requested"] == 3 and p["returns"] == "exclude", p'
echo "1..$n"
