#!/usr/bin/env bash
# Input formats through the smartseg command line: a gzip-compressed CSV,
# a per-customer table and Excel workbooks give the documents the CSV gives;
# damaged or foreign files end with exit 65 and a reason, never a crash.
set -u
CLI_TIMEOUT=120
source "$(dirname "$0")/lib/cli-env.sh"
# same_doc A B KIND CONTAINER: B is A's analysis read from another input:
# every customer, cluster, metric and persona equal; B's data_quality says
# what was read
same_doc() {
	py "$@" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
kind, container = sys.argv[3], sys.argv[4]
assert b["data_quality"]["input_kind"] == kind, b["data_quality"]
assert b["data_quality"]["container"] == container, b["data_quality"]
assert a["data_quality"]["container"] == "csv"
for k in ("summary", "kmeans_metrics", "rfm_segments", "k_curve", "global_means",
          "global_std", "k_used"):
    assert a[k] == b[k], k
assert len(a["raw_data"]) == len(b["raw_data"]) > 0
for x, y in zip(a["raw_data"], b["raw_data"]):
    assert x == y, (x, y)
assert a["ai"]["personas"] == b["ai"]["personas"] if "personas" in a["ai"] else True
PY
}

gzip -dc "$ROOT"/tests/data/online_retail.csv.gz > "$T/online_retail.csv"
run "$T/online_retail.csv" --k 3 --customers-csv "$T/customers.csv"
cp "$T/out.json" "$T/csv.json"
check "the CSV: exit 0, input_kind invoice_lines, container csv ($err)" py "$T/csv.json" <<'PY'
import json, sys
q = json.load(open(sys.argv[1]))["data_quality"]
assert q["input_kind"] == "invoice_lines" and q["container"] == "csv", q
PY

# --- gzip ---
run "$ROOT"/tests/data/online_retail.csv.gz --k 3
check "online_retail.csv.gz: exit 0 ($err)" [ "$rc" -eq 0 ]
check "the .csv.gz gives the CSV's document (customers, clusters, metrics)" \
	same_doc "$T/csv.json" "$T/out.json" invoice_lines gzip
cp "$ROOT"/tests/data/online_retail.csv.gz "$T/no-suffix.bin"
run "$T/no-suffix.bin" --k 3
check "gzip told by its bytes, not its name" same_doc "$T/csv.json" "$T/out.json" invoice_lines gzip
head -c 1000000 "$ROOT"/tests/data/online_retail.csv.gz > "$T/truncated.csv.gz"
expect "a truncated gzip: exit 65, says truncated" 65 "gzip file is truncated" "$T/truncated.csv.gz" --k 3
head -c 10 "$ROOT"/tests/data/online_retail.csv.gz > "$T/header-only.csv.gz"
expect "a gzip cut inside its header: exit 65" 65 "truncated" "$T/header-only.csv.gz" --k 3
py "$ROOT"/tests/data/online_retail.csv.gz "$T/corrupt.csv.gz" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(20000, 20100):
    b[i] ^= 0x5A
open(sys.argv[2], "wb").write(bytes(b))
PY
expect "corrupt deflate data: exit 65, says corrupt" 65 "gzip data is corrupt" "$T/corrupt.csv.gz" --k 3
printf 'CustomerID,InvoiceNo,InvoiceDate,Quantity,UnitPrice\n1,A,2011-01-01,1,2\n' | gzip > "$T/a.gz"
printf '2,B,2011-01-02,1,3\n3,C,2011-01-03,1,4\n' | gzip >> "$T/a.gz"
run "$T/a.gz" --k 2
check "a gzip of two members is read as one stream (3 customers)" py "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [r["CustomerID"] for r in d["raw_data"]] == ["1", "2", "3"], d["raw_data"]
PY
gzip -c /dev/null > "$T/empty.gz"
expect "an empty gzip: exit 65, the file is empty" 65 "empty" "$T/empty.gz" --k 3

# --- a per-customer table ---
# the CLI's own --customers-csv of the CSV: CustomerID, Cluster, Recency,
# Frequency, Monetary, RFM_Score, RFM_Segment (the extra columns unused)
run "$T/customers.csv" --k 3
check "the CLI's customers CSV read back as a table: exit 0 ($err)" [ "$rc" -eq 0 ]
check "a per-customer table of the CSV's own RFM gives the CSV's clusters and metrics" \
	same_doc "$T/csv.json" "$T/out.json" customer_table csv
check "data_quality of a table: rows = customers, its columns named, Frequency as given" \
	py "$T/out.json" <<'PY'
import json, sys
q = json.load(open(sys.argv[1]))["data_quality"]
assert q["rows_read"] == q["rows_kept"] == 2974, q
assert q["frequency_counts"] == "as given", q
c = q["columns"]
assert (c["customer_id"], c["recency"], c["frequency"], c["monetary"], c["t"]) == \
       ("CustomerID", "Recency", "Frequency", "Monetary", ""), c
PY
# the columns the warehouse queries of sql/ write, T and MonetaryMean with
# empty cells (a customer without a positive line), ';' and CRLF, gzip
py "$T/customers.csv" "$T/table.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(["Customer_ID", "T", "Recency", "Frequency", "Monetary", "MonetaryMean"])
    for i, r in enumerate(rows):
        m = r["Monetary"].replace(".", ",")
        t, mm = ("", "") if i % 7 == 0 else (str(int(r["Recency"]) + 30), "12,5")
        w.writerow([r["CustomerID"], t, r["Recency"], r["Frequency"], m, mm])
PY
gzip -c "$T/table.csv" > "$T/table.csv.gz"
run "$T/table.csv.gz" --k 3
check "the sql/ columns (T, MonetaryMean, some empty), ';', decimal comma, gzip: the same clusters ($err)" \
	same_doc "$T/csv.json" "$T/out.json" customer_table gzip
check "T and MonetaryMean are named in data_quality.columns" py "$T/out.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["data_quality"]["columns"]
assert c["t"] == "T" and c["monetary_mean"] == "MonetaryMean" and c["customer_id"] == "Customer_ID", c
PY
# the warehouse queries' committed reference (pandas + lifetimes), as a
# query of sql/ writes it: the same clusters as the invoice lines
py "$ROOT/tests/data/online_retail_sql_ref.csv.gz" "$T/sql_table.csv" <<'PY'
import csv, gzip, sys
with gzip.open(sys.argv[1], "rt", newline="") as f, open(sys.argv[2], "w", newline="") as o:
    w = csv.writer(o)
    w.writerow(["CustomerID", "Recency", "Frequency", "Monetary", "T", "MonetaryMean"])
    for r in csv.DictReader(f):
        if r["Variant"] == "default":
            w.writerow([r[k] for k in ("CustomerID", "Recency", "Frequency", "Monetary", "T", "MonetaryMean")])
PY
run "$T/sql_table.csv" --k 3
check "the sql/ reference table (default variant) gives the CSV's customers and clusters ($err)" \
	py "$T/csv.json" "$T/out.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert b["data_quality"]["input_kind"] == "customer_table"
assert len(a["raw_data"]) == len(b["raw_data"]) == 2974
for x, y in zip(a["raw_data"], b["raw_data"]):  # pandas sums Monetary in another order
    assert (x["CustomerID"], x["Recency"], x["Frequency"], x["Cluster"]) == \
           (y["CustomerID"], y["Recency"], y["Frequency"], y["Cluster"]), (x, y)
    assert abs(x["Monetary"] - y["Monetary"]) <= 1e-6, (x, y)
assert a["kmeans_metrics"]["cluster_distribution"] == b["kmeans_metrics"]["cluster_distribution"]
assert abs(a["kmeans_metrics"]["inertia"] - b["kmeans_metrics"]["inertia"]) <= 1e-6
PY
printf 'CustomerID,Recency,Frequency,Monetary\n1,3,2,10\n2,5,1,4\n1,7,1,1\n' > "$T/dup.csv"
expect "a CustomerID twice in a table: exit 65, names it and the row" 65 "CustomerID '1' is on data row 3 again" "$T/dup.csv" --k 2
printf 'CustomerID,Recency,Frequency\n1,3,2\n' > "$T/part.csv"
expect "a table without Monetary: exit 65, names the missing column" 65 "per-customer table: Monetary" "$T/part.csv" --k 2
printf 'CustomerID,Recency,Frequency,Monetary,T\n1,3,2,10,9\n2,1.5,1,4,3\n3,4,-1,4,3\n4,2,1,x,3\n5,2,1,3,-4\n6,,1,3,1\n,1,1,1,1\n7,2,1,5\n8,1,1,2,5\n9,6,3,7,\n' > "$T/bad.csv"
run "$T/bad.csv" --k 2
check "a table's bad rows are dropped by reason (fractional/negative counts, bad numbers, negative T, empties, short)" \
	py "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
q = d["data_quality"]
assert [r["CustomerID"] for r in d["raw_data"]] == ["1", "8", "9"], d["raw_data"]
assert q["rows_read"] == 10 and q["rows_kept"] == 3, q
dr = q["rows_dropped"]
assert (dr["bad_number"], dr["missing_amount"], dr["missing_customer_id"], dr["short_row"]) == (4, 1, 1, 1), dr
PY

# --- .xls (BIFF in OLE2) ---
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' > "$T/old.xls"
head -c 4000 /dev/zero >> "$T/old.xls"
expect "an .xls workbook: exit 65, save it as .xlsx or CSV" 65 "save it as .xlsx or CSV" "$T/old.xls" --k 3

echo "1..$n"
