#!/usr/bin/env bash
# Excel workbooks through the smartseg command line: the committed fixtures
# (written by XlsxWriter and openpyxl) give the CSV's results; value types,
# both date systems, sheets by name; and every defence (zip bomb, damaged
# archive, DTD entity expansion, 16,384 columns, 1,048,576 rows in bounded
# memory): a clear exit 65, never a crash or a hang.
set -u
CLI_TIMEOUT=300
source "$(dirname "$0")/lib/cli-env.sh"
# same_rfm A B: the same customers with the same R, F, M and clusters
same_rfm() {
	py "$@" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ra = [(r["CustomerID"], r["Recency"], r["Frequency"], r["Monetary"], r["Cluster"]) for r in a["raw_data"]]
rb = [(r["CustomerID"], r["Recency"], r["Frequency"], r["Monetary"], r["Cluster"]) for r in b["raw_data"]]
assert ra == rb and ra, (ra[:3], rb[:3])
for k in ("summary", "kmeans_metrics", "rfm_segments", "global_means", "global_std"):
    assert a[k] == b[k], k
qa, qb = a["data_quality"], b["data_quality"]
for k in ("rows_read", "rows_kept", "rows_dropped", "return_rows", "cancelled_rows"):
    assert qa[k] == qb[k], (k, qa[k], qb[k])
PY
}

# --- the Online Retail subset written by XlsxWriter against the same rows as CSV ---
py "$ROOT/tests/tools" "$ROOT/tests/data/online_retail.csv.gz" "$T/subset.csv" <<'PY'
import csv, gzip, sys
sys.path.insert(0, sys.argv[1])
from make_xlsx import subset_rows
with gzip.open(sys.argv[2], "rt", encoding="utf-8", newline="") as f:
    rows = subset_rows(list(csv.reader(f)))
with open(sys.argv[3], "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(rows)
PY
run "$T/subset.csv" --k 3
cp "$T/out.json" "$T/subset.json"
run "$ROOT/tests/data/online_retail_subset.xlsx" --k 3
check "online_retail_subset.xlsx: exit 0 ($err)" [ "$rc" -eq 0 ]
check "the workbook gives the CSV's customers, R, F, M, clusters and drop counts" same_rfm "$T/subset.json" "$T/out.json"
check "data_quality: container xlsx, sheet 'Online Retail', 1900 system" py "$T/out.json" <<'PY'
import json, sys
q = json.load(open(sys.argv[1]))["data_quality"]
assert (q["container"], q["sheet"], q["date_system"], q["input_kind"]) == \
       ("xlsx", "Online Retail", "1900", "invoice_lines"), q
assert q["rows_dropped"]["missing_customer_id"] > 0 and q["rows_read"] == 8274, q
PY
cp "$ROOT/tests/data/online_retail_subset.xlsx" "$T/workbook.data"
run "$T/workbook.data" --k 3
check "told by its bytes, not its name" same_rfm "$T/subset.json" "$T/out.json"

# --- the 1904 date system, a second sheet (openpyxl) ---
py "$ROOT/tests/tools" "$T/d1904.csv" <<'PY'
import csv, sys
sys.path.insert(0, sys.argv[1])
from make_xlsx import DATES_1904
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["CustomerID", "InvoiceNo", "InvoiceDate", "Quantity", "UnitPrice"])
    w.writerows(DATES_1904)
PY
run "$T/d1904.csv" --k 2
cp "$T/out.json" "$T/d1904.json"
run "$ROOT/tests/data/dates_1904.xlsx" --k 2 --sheet Lines
check "dates_1904.xlsx --sheet Lines: exit 0 ($err)" [ "$rc" -eq 0 ]
check "1904 serials read as the CSV's dates (same R, F, M)" same_rfm "$T/d1904.json" "$T/out.json"
check "data_quality: sheet Lines, date_system 1904" py "$T/out.json" <<'PY'
import json, sys
q = json.load(open(sys.argv[1]))["data_quality"]
assert q["sheet"] == "Lines" and q["date_system"] == "1904", q
PY
expect "the first sheet by default (Notes has no invoice columns)" 65 "missing column" "$ROOT/tests/data/dates_1904.xlsx" --k 2
expect "an unknown sheet: exit 65, lists the sheets" 65 "no sheet named 'Nope' \(its sheets: 'Notes', 'Lines'\)" "$ROOT/tests/data/dates_1904.xlsx" --sheet Nope

# --- hand-made parts: every cell type, the 1900 quirk, gaps ---
# mkxlsx OUT SHEET_XML [SST_XML] [STYLES_XML] [WORKBOOK_EXTRA]: a minimal workbook
cat > "$T/mk.py" <<'PY'
import sys, zipfile
def make(out, sheet, sst=None, styles=None, wbpr="", method=zipfile.ZIP_DEFLATED):
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' + wbpr +
          '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wrels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
             '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
             '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    with zipfile.ZipFile(out, "w", method) as z:
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wrels)
        if sst is not None:
            z.writestr("xl/sharedStrings.xml", sst)
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        if callable(sheet):
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                sheet(f)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet)
NS = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
END = '</sheetData></worksheet>'
STYLES = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-409]d\\-mmm\\-yy"/></numFmts>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')
PY
py "$T" "$T/types.xlsx" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from mk import *
sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       '<si><t>CustomerID</t></si><si><r><t>Invoice</t></r><r><t>Date</t></r></si>'
       '<si><t>Quan</t><rPh><t>phonetic</t></rPh><t>tity</t></si><si><t>A&amp;1</t></si></sst>')
rows = [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>UnitPrice</t></is></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t>Flag</t></is></c></row>',
    # serial 59 = 1900-02-28 (style 14: a built-in date), with a time of 12:00
    '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>59.5</v></c><c r="C2"><v>2.5</v></c><c r="D2"><v>2</v></c><c r="E2" t="b"><v>1</v></c></row>',
    # serial 60: the 1900-02-29 that never was: a bad date, dropped
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="2"><v>60</v></c><c r="C3"><v>1</v></c><c r="D3"><v>1</v></c></row>',
    # serial 61 = 1900-03-01 (a custom date format); no E cell, no C cell reference order gap
    '<row r="4"><c r="A4" t="inlineStr"><is><t>B2</t></is></c><c r="B4" s="2"><v>61</v></c><c r="D4"><v>4</v></c><c r="C4"><v>1</v></c></row>',
    # a date as text (t="str" formula result) and an error in an unused column
    '<row r="6"><c r="A6" t="str"><f>X</f><v>C3</v></c><c r="B6" t="str"><v>1900-03-01 00:00:00</v></c><c r="C6"><v>1E1</v></c><c r="D6"><v>3</v></c><c r="E6" t="e"><v>#N/A</v></c></row>',
    # an error where the customer is: missing, as pandas reads #N/A
    '<row r="7"><c r="A7" t="e"><v>#N/A</v></c><c r="B7" s="1"><v>61</v></c><c r="C7"><v>1</v></c><c r="D7"><v>1</v></c></row>',
    '<row r="8"/>',
]
make(sys.argv[2], NS + "".join(rows) + END, sst, STYLES)
PY
expect "cells out of order in a row: exit 65" 65 "cells out of order" "$T/types.xlsx" --k 2
py "$T" "$T/types2.xlsx" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from mk import *
sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       '<si><t>CustomerID</t></si><si><r><t>Invoice</t></r><r><t>Date</t></r></si>'
       '<si><t>Quan</t><rPh><t>phonetic</t></rPh><t>tity</t></si><si><t>A&amp;1</t></si></sst>')
rows = [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>UnitPrice</t></is></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t>Flag</t></is></c></row>',
    '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>59.5</v></c><c r="C2"><v>2.5</v></c><c r="D2"><v>2</v></c><c r="E2" t="b"><v>1</v></c></row>',
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="2"><v>60</v></c><c r="C3"><v>1</v></c><c r="D3"><v>1</v></c></row>',
    '<row r="4"><c r="A4" t="inlineStr"><is><t>B2</t></is></c><c r="B4" s="2"><v>61</v></c><c r="C4"><v>0</v></c><c r="D4"><v>4</v></c></row>',
    '<row r="6"><c r="A6" t="str"><f>X</f><v>C3</v></c><c r="B6" t="str"><v>1900-03-01 00:00:00</v></c><c r="C6"><v>1E1</v></c><c r="D6"><v>3</v></c><c r="E6" t="e"><v>#N/A</v></c></row>',
    '<row r="7"><c r="A7" t="e"><v>#N/A</v></c><c r="B7" s="1"><v>61</v></c><c r="C7"><v>1</v></c><c r="D7"><v>1</v></c></row>',
    '<row r="8"/>',
]
make(sys.argv[2], NS + "".join(rows) + END, sst, STYLES)
PY
run "$T/types2.xlsx" --k 2
check "cell types: shared (rich, phonetic runs left out) and inline strings, numbers, booleans, errors, formula strings; serials 59.5 / 60 / 61 ($err)" \
	py "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
q = d["data_quality"]
rows = {r["CustomerID"]: (r["Recency"], r["Frequency"], r["Monetary"]) for r in d["raw_data"]}
# latest line 1900-03-01 00:00; A&1 bought 1900-02-28 12:00 -> 1 day (floor of 1.5)
assert rows == {"A&1": (1, 1, 5.0), "B2": (1, 1, 0.0), "C3": (1, 1, 30.0)}, rows
assert q["rows_read"] == 5 and q["rows_kept"] == 3, q
assert q["rows_dropped"]["bad_date"] == 1, q["rows_dropped"]          # serial 60
assert q["rows_dropped"]["missing_customer_id"] == 1, q["rows_dropped"]  # #N/A
assert q["columns"]["date"] == "InvoiceDate" and q["columns"]["quantity"] == "Quantity", q["columns"]
PY

# --- defences ---
py "$T" "$T/bomb.xlsx" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from mk import *
def sheet(f):
    f.write(NS.encode())
    block = b" " * (1 << 20)
    for _ in range(200):          # 200 MiB of blanks deflate about 1000:1
        f.write(block)
    f.write(END.encode())
make(sys.argv[2], sheet)
PY
expect "a zip bomb (200 MiB of XML in $(stat -c %s "$T/bomb.xlsx") bytes): exit 65, refused as a zip bomb" 65 "zip bomb" "$T/bomb.xlsx"
head -c 150000 "$ROOT/tests/data/online_retail_subset.xlsx" > "$T/cut.xlsx"
expect "a truncated archive (no central directory): exit 65, damaged" 65 "damaged" "$T/cut.xlsx"
py "$ROOT/tests/data/online_retail_subset.xlsx" "$T/flipped.xlsx" <<'PY'
import sys, zipfile
b = bytearray(open(sys.argv[1], "rb").read())
z = zipfile.ZipFile(sys.argv[1])
info = z.getinfo("xl/worksheets/sheet1.xml")
start = info.header_offset + 30 + len(info.filename) + len(info.extra)
for i in range(start + 5000, start + 5400):
    b[i] ^= 0xA5
open(sys.argv[2], "wb").write(bytes(b))
PY
expect "corrupt compressed sheet data: exit 65, damaged or malformed" 65 "damaged|malformed XML" "$T/flipped.xlsx"
printf 'PK\003\004 not really a zip' > "$T/fake.xlsx"
expect "ZIP magic and nothing else: exit 65" 65 "damaged|not a readable" "$T/fake.xlsx"
py "$T" "$T/nowb.xlsx" <<'PY'
import zipfile, sys
with zipfile.ZipFile(sys.argv[2], "w") as z:
    z.writestr("hello.txt", "a zip, not a workbook")
PY
expect "a ZIP that is not a workbook: exit 65, says so" 65 "not an Excel workbook" "$T/nowb.xlsx"
py "$T" "$T/laughs.xlsx" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from mk import *
dtd = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">' + "".join(
    '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i else "&lol;") * 10) for i in range(10)) + ']>'
make(sys.argv[2], dtd + NS + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>' + END)
PY
expect "billion laughs (entities in a DTD): exit 65, the DTD refused" 65 "DTD" "$T/laughs.xlsx"
py "$T" "$T/wide.xlsx" "$T/wide_ok.xlsx" "$T/xfe.xlsx" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from mk import *
def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
def cells(row, vals):
    return '<row r="%d">' % row + "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(i), row, v) for i, v in enumerate(vals)) + "</row>"
head = ["x%d" % i for i in range(16384)]
make(sys.argv[2], NS + cells(1, head) + cells(2, ["1"] * 16384) + END)
head[:4] = ["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"]
row = ["7", "2011-01-01", "2", "3"] + [""] * 16380
make(sys.argv[3], NS + cells(1, head) + cells(2, row) + cells(3, ["8", "2011-01-02", "1", "1"]) + END)
make(sys.argv[4], NS + '<row r="1"><c r="XFE1" t="inlineStr"><is><t>x</t></is></c></row>' + END)
PY
expect "16,384 columns without the needed ones: exit 65, missing columns" 65 "missing column" "$T/wide.xlsx" --k 2
run "$T/wide_ok.xlsx" --k 2
check "16,384 columns with the needed ones first: read (2 customers) ($err)" py "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [r["CustomerID"] for r in d["raw_data"]] == ["7", "8"], d["raw_data"]
PY
expect "a cell beyond column XFD: exit 65" 65 "beyond column XFD" "$T/xfe.xlsx"

# --- 1,048,576 rows (Excel's most) stream in bounded memory ---
py "$T" "$T/big.xlsx" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from mk import *
def sheet(f):
    f.write(NS.encode())
    f.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>CustomerID</t></is></c><c r="B1" t="inlineStr"><is><t>InvoiceNo</t></is></c>'
            b'<c r="C1" t="inlineStr"><is><t>InvoiceDate</t></is></c><c r="D1" t="inlineStr"><is><t>Quantity</t></is></c>'
            b'<c r="E1" t="inlineStr"><is><t>UnitPrice</t></is></c></row>')
    buf = []
    for r in range(2, 1048577):
        buf.append('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d</v></c><c r="C%d" s="1"><v>%.5f</v></c>'
                   '<c r="D%d"><v>%d</v></c><c r="E%d"><v>%d.5</v></c></row>'
                   % (r, r, 10000 + r % 1000, r, (r % 1000) * 16 + r // 100000, r, 40000 + r / 5000.0,
                      r, r % 9 + 1, r, r % 13))
        if len(buf) == 4096:
            f.write("".join(buf).encode())
            buf = []
    f.write("".join(buf).encode())
    f.write(END.encode())
make(sys.argv[2], sheet, styles=STYLES)
PY
check "the 1,048,576-row workbook was written ($(stat -c %s "$T/big.xlsx") bytes)" [ -s "$T/big.xlsx" ]
# peak FILE: "rc peak_rss_KiB rows_read customers" of one analysis (a fresh
# child: RUSAGE_CHILDREN is the largest child so far)
peak() {
	py "$BIN" "$1" <<'PY'
import json, resource, subprocess, sys
p = subprocess.run([sys.argv[1], "analyze", sys.argv[2], "--k", "3"], capture_output=True)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
d = json.loads(p.stdout) if p.returncode == 0 else {}
print(p.returncode, rss, d.get("data_quality", {}).get("rows_read"), len(d.get("raw_data", [])))
PY
}
read rc0 small _ _ < <(peak "$ROOT/tests/data/online_retail_subset.xlsx")
read rc big rows custs < <(peak "$T/big.xlsx")
check "1,048,576 rows: exit 0, every data row read, 1,000 customers (rows $rows, customers $custs)" \
	[ "$rc" = 0 ] && [ "$rows" = 1048575 ] && [ "$custs" = 1000 ]
# the bound: a sheet of 150 MiB of XML may not take more than 32 MiB beyond
# what 8,274 rows take (one row, the styles, 1,000 customers and their
# 11,000 invoices are held)
check "1,048,576 rows stream: peak RSS ${big} KiB against ${small} KiB for 8,274 rows (bound +32 MiB)" \
	[ "$big" -le $((small + 32768)) ]

echo "1..$n"
