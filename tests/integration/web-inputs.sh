#!/usr/bin/env bash
# web-inputs.sh: the upload routes (POST /analyze, the form's POST /analyses)
# on real nginx + FastCGI take every input format, told by its bytes: a
# gzip CSV, a per-customer table, an .xlsx workbook (its sheet by the field
# sheet, before or after the file); .xls, a truncated gzip, a damaged or
# bomb workbook are clear 422s, and the workers live on.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
out=$T_TMP
py=/usr/bin/python3
gz=$WEB_ROOT/tests/data/online_retail.csv.gz
xlsx=$WEB_ROOT/tests/data/online_retail_subset.xlsx
d1904=$WEB_ROOT/tests/data/dates_1904.xlsx

post() { # name, curl -F arguments...: the body in $out/name.json, prints the status
	local name=$1; shift
	curl -s -o "$out/$name.json" -w '%{http_code}' "$@" -F k=3 "$WEB_URL/analyze"
}
# kind NAME KIND CONTAINER [SHEET]: what data_quality says was read
kind() {
	$py - "$out/$1.json" "$2" "$3" "${4:-}" <<'PY'
import json, sys
q = json.load(open(sys.argv[1]))["data_quality"]
assert (q["input_kind"], q["container"]) == (sys.argv[2], sys.argv[3]), q
assert not sys.argv[4] or q["sheet"] == sys.argv[4], q
PY
}
same_rows() {
	$py - "$out/$1.json" "$out/$2.json" <<'PY'
import json, sys
a, b = (json.load(open(f))["raw_data"] for f in sys.argv[1:3])
key = lambda r: (r["CustomerID"], r["Recency"], r["Frequency"], r["Monetary"], r["Cluster"])
sys.exit(0 if a and list(map(key, a)) == list(map(key, b)) else 1)
PY
}
detail_has() { $py -c 'import json,sys; d=json.load(open(sys.argv[1]))["detail"]; sys.exit(0 if sys.argv[2].lower() in d.lower() else 1)' "$out/$1.json" "$2"; }

csv=$(retail_csv)
check "the CSV: 200" [ "$(post csv -F "file=@$csv")" = 200 ]
check "the .csv.gz: 200" [ "$(post gz -F "file=@$gz;filename=upload.bin")" = 200 ]
check "the .csv.gz: kind invoice_lines, container gzip" kind gz invoice_lines gzip
check "the .csv.gz: the CSV's customers and clusters" same_rows csv gz
# a per-customer table: the document's own rows as CustomerID, Recency, Frequency, Monetary
$py - "$out/csv.json" "$out/table.csv" <<'PY'
import csv, json, sys
rows = json.load(open(sys.argv[1]))["raw_data"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["CustomerID", "Recency", "Frequency", "Monetary"])
    for r in rows:
        w.writerow([r["CustomerID"], r["Recency"], r["Frequency"], repr(float(r["Monetary"]))])
PY
check "a per-customer table: 200" [ "$(post table -F "file=@$out/table.csv")" = 200 ]
check "a per-customer table: kind customer_table" kind table customer_table csv
check "a per-customer table of the CSV's RFM: the same clusters" same_rows csv table
check "an .xlsx workbook: 200" [ "$(post xlsx -F "file=@$xlsx")" = 200 ]
check "an .xlsx workbook: kind invoice_lines, container xlsx, its first sheet" kind xlsx invoice_lines xlsx "Online Retail"
check "sheet=Lines before the file: 200" [ "$(post before --form-string sheet=Lines -F "file=@$d1904")" = 200 ]
check "sheet=Lines after the file (read again): 200" [ "$(post after -F "file=@$d1904" --form-string sheet=Lines)" = 200 ]
check "sheet=Lines before or after the file: the sheet Lines, the same rows" \
	bash -c "$(declare -f kind same_rows); py=$py out=$out; kind before invoice_lines xlsx Lines && kind after invoice_lines xlsx Lines && same_rows before after"
check "no sheet field: the first sheet, which has no invoice columns: 422" [ "$(post first -F "file=@$d1904")" = 422 ]
check "an unknown sheet: 422" [ "$(post nosheet -F "file=@$d1904" --form-string sheet=Nope)" = 422 ]
check "the 422 lists the sheets" detail_has nosheet "its sheets: 'Notes', 'Lines'"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' > "$out/old.xls"; head -c 3000 /dev/zero >> "$out/old.xls"
check "an .xls: 422" [ "$(post xls -F "file=@$out/old.xls")" = 422 ]
check "the .xls 422 says to save it as .xlsx or CSV" detail_has xls "save it as .xlsx or CSV"
head -c 1500000 "$gz" > "$out/cut.csv.gz"
check "a truncated gzip: 422" [ "$(post cut -F "file=@$out/cut.csv.gz")" = 422 ]
check "the 422 says truncated" detail_has cut "truncated"
head -c 100000 "$xlsx" > "$out/cut.xlsx"
check "a truncated workbook: 422" [ "$(post cutx -F "file=@$out/cut.xlsx")" = 422 ]
check "the 422 says damaged" detail_has cutx "damaged"
$py - "$out/bomb.xlsx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="s.xml"/></Relationships>')
    with z.open("xl/s.xml", "w") as f:
        f.write(b"<worksheet><sheetData>")
        for _ in range(64):
            f.write(b" " * (1 << 20))
        f.write(b"</sheetData></worksheet>")
PY
check "a zip bomb: 422" [ "$(post bomb -F "file=@$out/bomb.xlsx")" = 422 ]
check "the 422 names the zip bomb" detail_has bomb "zip bomb"
# the form
code=$(curl -s -o "$out/form.html" -w '%{http_code}' -F "file=@$xlsx" -F k=3 "$WEB_URL/analyses")
check "the form takes an .xlsx: 303" [ "$code" = 303 ]
code=$(curl -s -o "$out/form422.html" -w '%{http_code}' -F "file=@$out/old.xls" -F k=3 "$WEB_URL/analyses")
check "the form answers an .xls with 422 and the advice" bash -c "[ $code = 422 ] && grep -q 'save it as .xlsx or CSV' '$out/form422.html'"
check "the form's file input accepts .csv, .gz and .xlsx" bash -c \
	"curl -s '$WEB_URL/' | grep -q 'accept=\".csv,.gz,.xlsx,text/csv,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"'"
check "the form offers a sheet box and the tab and | delimiters" bash -c \
	"curl -s '$WEB_URL/' >'$out/index.html' && grep -q 'name=\"sheet\"' '$out/index.html' &&
	 grep -q 'option value=\"tab\"' '$out/index.html' && grep -q 'option value=\"|\"' '$out/index.html'"
code=$(curl -s -o /dev/null -w '%{http_code}' --form-string sheet=Lines -F "file=@$d1904" -F k=3 "$WEB_URL/analyses")
check "the form's sheet box reads the named sheet: 303" [ "$code" = 303 ]
code=$(curl -s -o "$out/nosheet.html" -w '%{http_code}' --form-string sheet=Nope -F "file=@$d1904" -F k=3 "$WEB_URL/analyses")
check "an unknown sheet in the form: 422, the sheets listed, the name kept in the box" bash -c \
	"[ $code = 422 ] && grep -q 'its sheets: &#39;Notes&#39;, &#39;Lines&#39;' '$out/nosheet.html' &&
	 grep -q 'name=\"sheet\" value=\"Nope\"' '$out/nosheet.html'"
printf 'CustomerID|InvoiceNo|InvoiceDate|Quantity|UnitPrice\n1|A1|2011-01-01 10:00|2|3.5\n2|A2|2011-01-02 10:00|1|9\n3|A3|2011-01-03 10:00|4|1\n' >"$out/pipe.csv"
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$out/pipe.csv" -F delimiter='|' -F k=2 "$WEB_URL/analyses")
check "the form's | delimiter: 303" [ "$code" = 303 ]
check "the workers still serve" [ "$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/healthz")" = 200 ]
done_testing
