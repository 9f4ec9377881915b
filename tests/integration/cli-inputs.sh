#!/usr/bin/env bash
# Input formats through the smartseg command line: a gzip-compressed CSV,
# a per-customer table and Excel workbooks give the documents the CSV gives;
# damaged or foreign files end with exit 65 and a reason, never a crash.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
BIN="$ROOT/$BUILD/smartseg"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset GEMINI_API_KEY LLM_PROVIDER OPENAI_BASE_URL
cd "$T"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
py() { /usr/bin/python3 - "$@"; }

# run FILE ARGS...: sets rc and err; the document in $T/out.json
run() {
	timeout 120 "$BIN" analyze "$@" > "$T/out.json" 2> "$T/err.txt"
	rc=$?
	err=$(cat "$T/err.txt")
}
expect() { # name rc pattern ARGS...
	local name=$1 want=$2 pat=$3; shift 3
	run "$@"
	if [ "$rc" -eq "$want" ] && grep -qiE "$pat" "$T/err.txt" && ! grep -q 'runtime error\|AddressSanitizer' "$T/err.txt"; then
		ok "$name (exit $rc: $(head -c 200 "$T/err.txt" | tr '\n' ' '))"
	else
		nok "$name: exit $rc, want $want /$pat/: $(head -c 400 "$T/err.txt")"
	fi
}
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

# --- .xls (BIFF in OLE2) ---
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' > "$T/old.xls"
head -c 4000 /dev/zero >> "$T/old.xls"
expect "an .xls workbook: exit 65, save it as .xlsx or CSV" 65 "save it as .xlsx or CSV" "$T/old.xls" --k 3

echo "1..$n"
