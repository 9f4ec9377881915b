#!/usr/bin/env bash
# web-errors.sh: every JSON error code from a real request through nginx +
# FastCGI, in {"detail": ...} with CORS; a bad file never yields 500.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)

# expect STATUS DESCRIPTION curl-args...: status, JSON detail, CORS
expect() {
	local want=$1 what=$2; shift 2
	local code
	code=$(curl -s -o "$out/body" -D "$out/head" -w '%{http_code}' "$@")
	check "$what: $want (got $code)" [ "$code" = "$want" ]
	check "$what: body is {\"detail\": text}" $py -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, dict) and isinstance(d["detail"], str) and d["detail"], d
' "$out/body"
	check "$what: CORS header" grep -qi '^access-control-allow-origin: \*' "$out/head"
}
detail_has() { grep -qi -- "$1" "$out/body"; }

# 400: malformed requests
expect 400 "POST /analyze urlencoded" -d 'k=3' "$WEB_URL/analyze"
expect 400 "POST /analyze JSON body" -H 'Content-Type: application/json' -d '{"k":3}' "$WEB_URL/analyze"
expect 400 "POST /analyze without a file field" -F k=3 -F 'delimiter=,' "$WEB_URL/analyze"
check "the reason names the file field" detail_has 'file'
expect 400 "POST /analyze multipart without a closing boundary" \
	-H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary $'--XyZ\r\nContent-Disposition: form-data; name="k"\r\n\r\n3\r\n' "$WEB_URL/analyze"
expect 400 "POST /analyze with k given twice" -F "file=@$csv" -F k=3 -F k=4 "$WEB_URL/analyze"
expect 400 "POST /analyze with file as a text field" -F 'file=hello' "$WEB_URL/analyze"

# 422: unusable data, each saying what
printf 'Name,Amount\nalice,3\nbob,4\n' >"$out/cols.csv"
expect 422 "missing columns" -F "file=@$out/cols.csv" "$WEB_URL/analyze"
check "the reason names a missing column and the columns found" bash -c "grep -qi 'customer' '$out/body' && grep -q 'Name' '$out/body'"
printf 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,x,1,,2.5,,UK\n2,B,y,abc,zz,,,UK\n' >"$out/norows.csv"
expect 422 "no valid rows" -F "file=@$out/norows.csv" "$WEB_URL/analyze"
expect 422 "k out of range (99)" -F "file=@$csv" -F k=99 "$WEB_URL/analyze"
check "the reason names k" detail_has 'k '
expect 422 "k out of range (1)" -F "file=@$csv" -F k=1 "$WEB_URL/analyze"
expect 422 "k not a number" -F "file=@$csv" -F k=three "$WEB_URL/analyze"
printf 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,x,1,12/1/10 8:26,2.5,100,UK\n2,A,x,2,12/2/10 8:26,2.5,101,UK\n' >"$out/two.csv"
expect 422 "fewer customers than k" -F "file=@$out/two.csv" -F k=3 "$WEB_URL/analyze"
expect 422 "a bad delimiter" -F "file=@$csv" -F 'delimiter=x' "$WEB_URL/analyze"
check "the reason names every accepted delimiter" $py -c '
import json, sys
d = json.load(open(sys.argv[1]))["detail"]
q = chr(34)
assert all(q + c + q in d for c in ",;|") and "tab" in d and "auto" in d, d
' "$out/body"
expect 422 "a bad transform" -F "file=@$csv" -F 'transform=cube' "$WEB_URL/analyze"
expect 422 "a bad lang" -F "file=@$csv" -F 'lang=de' "$WEB_URL/analyze"
expect 422 "a bad seed" -F "file=@$csv" -F 'seed=-1' "$WEB_URL/analyze"
expect 422 "a seed beyond the CLI's range" -F "file=@$csv" -F 'seed=4294967296' "$WEB_URL/analyze"
check "the reason gives the range" detail_has '4294967295'
expect 422 "k with a leading space" -F "file=@$csv" --form-string 'k= 3' "$WEB_URL/analyze"
# part headers over 8 KiB arriving in one read: refused, the worker unharmed
$py - "$out/fat_headers.body" <<'PY'
import sys
open(sys.argv[1], "wb").write(b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
    b"X-Pad: " + b"p" * 9000 + b"\r\n\r\nx\r\n--B--\r\n")
PY
for i in 1 2 3; do
	expect 400 "part headers of 9 kB (try $i)" -H 'Content-Type: multipart/form-data; boundary=B' \
		--data-binary "@$out/fat_headers.body" "$WEB_URL/analyze"
done
check "the reason names the headers" detail_has 'headers are too long'
printf 'CustomerID,InvoiceDate,Amount\n1,2011-01-01,10\n2,2011-01-02,20\n3,2011-01-03,30\n4,2011-01-04,1e308\n4,2011-01-05,1e308\n' >"$out/overflow.csv"
for t in none log; do
	expect 422 "amounts that overflow (transform $t)" -F "file=@$out/overflow.csv" -F "transform=$t" "$WEB_URL/analyze"
	check "the reason names the customer" detail_has 'customer 4 '
done
# Quantity x UnitPrice beyond the largest double: said to overflow, not "a bad number"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,2011-01-01,2,1e308\n' >"$out/product.csv"
expect 422 "a Quantity x UnitPrice that overflows" -F "file=@$out/product.csv" "$WEB_URL/analyze"
check "the reason says it overflows" detail_has 'overflows'
printf '1,2011-01-02,1,3\n2,2011-01-03,1,4\n3,2011-01-04,1,5\n4,2011-01-05,1,6\n' >>"$out/product.csv"
code=$(curl -s -o "$out/body" -w '%{http_code}' -F "file=@$out/product.csv" "$WEB_URL/analyze")
check "one overflowing row among good ones: 200 (got $code)" [ "$code" = 200 ]
check "the quality block counts it as amount_overflows, not bad_number" $py -c '
import json, sys
d = json.load(open(sys.argv[1]))["data_quality"]["rows_dropped"]
assert d["amount_overflows"] == 1 and d["bad_number"] == 0, d
' "$out/body"
: >"$out/empty.csv"
expect 422 "an empty file" -F "file=@$out/empty.csv" "$WEB_URL/analyze"
head -c 200000 /dev/urandom >"$out/noise.bin"
expect 422 "binary noise" -F "file=@$out/noise.bin" "$WEB_URL/analyze"
printf '\xff\xfe\x00I\x00n\x00v\x00' >"$out/utf16.csv"
expect 422 "UTF-16 bytes" -F "file=@$out/utf16.csv" "$WEB_URL/analyze"
expect 422 "limit=0" "$WEB_URL/history?limit=0"
expect 422 "limit=201" "$WEB_URL/history?limit=201"
expect 422 "limit=abc" "$WEB_URL/history?limit=abc"
expect 422 "offset=-1" "$WEB_URL/history?offset=-1"

# parameters a route does not read are ignored, not refused
code=$(curl -s -o "$out/body" -w '%{http_code}' "$WEB_URL/history?k=abc")
check "GET /history?k=abc ignores k: 200 (got $code)" [ "$code" = 200 ]
code=$(curl -s -o "$out/body" -w '%{http_code}' -F "file=@$csv" "$WEB_URL/analyze?limit=0&page=abc")
check "POST /analyze?limit=0&page=abc ignores them: 200 (got $code)" [ "$code" = 200 ]

# errors nginx gives itself, before the request reaches a worker
expect 414 "a 20 kB request address" "$WEB_URL/history?x=$(head -c 20000 /dev/zero | tr '\0' a)"
check "414: nosniff and X-Frame-Options" bash -c "grep -qi '^x-content-type-options: nosniff' '$out/head' && grep -qi '^x-frame-options: ' '$out/head'"
port=${WEB_URL##*:}; port=${port%%/*}
$py - "$port" "$out/raw400" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /history HTTP/1.1\r\nHost: x\r\nA header line without a colon\r\n\r\n")
got = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    got += b
head, _, body = got.partition(b"\r\n\r\n")
open(sys.argv[2] + ".head", "wb").write(head.replace(b"\r\n", b"\n") + b"\n")
open(sys.argv[2] + ".body", "wb").write(body)
PY
check "a malformed header line on /history: nginx's 400" grep -q '^HTTP/1.1 400 ' "$out/raw400.head"
check "400: {\"detail\"} JSON" $py -c 'import json, sys; assert json.load(open(sys.argv[1]))["detail"]' "$out/raw400.body"
check "400: CORS, nosniff, X-Frame-Options" bash -c "grep -qi '^access-control-allow-origin: \*' '$out/raw400.head' && grep -qi '^x-content-type-options: nosniff' '$out/raw400.head' && grep -qi '^x-frame-options: ' '$out/raw400.head'"

# 404: unknown and malformed ids, unknown paths
expect 404 "unknown id" "$WEB_URL/history/0123456789abcdef01234567"
expect 404 "malformed id" "$WEB_URL/history/not-an-id"
expect 404 "over-long id" "$WEB_URL/history/$(printf 'a%.0s' $(seq 1 300))"
expect 404 "unknown id CSV" "$WEB_URL/history/0123456789abcdef01234567/customers.csv"
expect 404 "DELETE unknown id" -X DELETE "$WEB_URL/history/0123456789abcdef01234567"
expect 404 "unknown path" "$WEB_URL/nothing/here"

# 405 with Allow
expect 405 "GET /analyze" "$WEB_URL/analyze"
check "405 names the allowed methods" grep -qi '^allow:.*POST' "$out/head"
expect 405 "PUT /history" -X PUT "$WEB_URL/history"
expect 405 "POST /history/{id}" -X POST "$WEB_URL/history/0123456789abcdef01234567"

# nothing above was a server fault, and the workers still serve
check "no 500 in the access log (which holds the 4xx above)" \
	bash -c "grep -q '\" 422 ' '$WEB_DIR/logs/access.log' && ! grep -q '\" 500 ' '$WEB_DIR/logs/access.log'"
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$csv" "$WEB_URL/analyze")
check "an upload still works after all that" [ "$code" = 200 ]
check "upload temp files are gone" empty_dir "$WEB_DIR/upload"
done_testing
