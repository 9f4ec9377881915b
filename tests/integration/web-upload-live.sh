#!/usr/bin/env bash
# web-upload-live.sh: the worker parses an upload while it arrives, before
# it has seen the fields after the file. Checked here: the fields still rule
# (a delimiter sent after the file is obeyed, or the file is read again),
# the result does not depend on the field order, and an upload cut short
# leaves the worker serving.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 1
csv=$(retail_csv)
out=$T_TMP

# (--form-string: curl -F would read "delimiter=;" as an empty value)
post() { # name, curl -F arguments...: the body in $out/name.json, prints the status
	local name=$1; shift
	curl -s -o "$out/$name.json" -w '%{http_code}' "$@" -F k=3 "$WEB_URL/analyze"
}
# python3 - name...: prints "delimiter detected customers" of each, one line each
quality() {
	/usr/bin/python3 - "$@" <<'PY'
import json, sys
for f in sys.argv[1:]:
    d = json.load(open(f))
    q = d["data_quality"]
    print(q["delimiter"], q["delimiter_detected"], len(d["raw_data"]))
PY
}
# the customer tables of two bodies are equal (id, R, F, M, cluster)
same_rows() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(f))["raw_data"] for f in sys.argv[1:3])
key = lambda r: (r["CustomerID"], r["Recency"], r["Frequency"], r["Monetary"], r["Cluster"])
sys.exit(0 if a and list(map(key, a)) == list(map(key, b)) else 1)
PY
}

check "delimiter after the file: 200" [ "$(post after -F "file=@$csv" --form-string 'delimiter=,')" = 200 ]
check "delimiter before the file: 200" [ "$(post before --form-string 'delimiter=,' -F "file=@$csv")" = 200 ]
check "no delimiter: 200" [ "$(post none -F "file=@$csv")" = 200 ]
check "a delimiter sent after the file counts as given, not detected" \
	[ "$(quality "$out/after.json")" = ", False 2974" ]
check "a delimiter sent before the file: the same" [ "$(quality "$out/before.json")" = ", False 2974" ]
check "no delimiter: detected" [ "$(quality "$out/none.json")" = ", True 2974" ]
check "field order does not change the customers (after = before)" same_rows "$out/after.json" "$out/before.json"
check "nor does detection (after = none)" same_rows "$out/after.json" "$out/none.json"

# the same file with ';' (big enough for two threads): detected while it
# arrives, then the field decides
semi=$out/retail_semicolon.csv
/usr/bin/python3 - "$csv" "$semi" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="latin-1") as f, \
     open(sys.argv[2], "w", newline="", encoding="latin-1") as g:
    csv.writer(g, delimiter=";").writerows(csv.reader(f))
PY
check "';' file, delimiter=';' after the file: 200" [ "$(post semi -F "file=@$semi" --form-string 'delimiter=;')" = 200 ]
check "';' file read as given" [ "$(quality "$out/semi.json")" = "; False 2974" ]
check "';' file: the customers of the ',' file" same_rows "$out/after.json" "$out/semi.json"
code=$(post semi_comma -F "file=@$semi" --form-string 'delimiter=,')
check "';' file, delimiter=',' after the file: 422 (read again with ',')" [ "$code" = 422 ]
check "the 422 names the delimiter that would work" grep -q "seems to use ';'" "$out/semi_comma.json"
code=$(post comma_semi -F "file=@$csv" --form-string 'delimiter=;')
check "',' file, delimiter=';' after the file: 422" [ "$code" = 422 ]
check "that 422 names ','" grep -q "seems to use ','" "$out/comma_semi.json"

# an answer too big to format in memory before the save (over 8 MiB of
# JSON: 120,000 customers) is streamed after it, whole
many=$out/many_customers.csv
/usr/bin/python3 - "$many" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("InvoiceNo,InvoiceDate,Quantity,UnitPrice,CustomerID\n")
    for i in range(120000):
        f.write("%d,2011-%02d-%02d 10:00,%d,%d.%02d,%d\n" % (600000 + i, 1 + i % 12, 1 + i % 28,
                1 + i % 7, i % 50, i % 100, 100000 + i))
PY
check "120,000 customers: 200" [ "$(post many -F "file=@$many")" = 200 ]
bytes=$(stat -c %s "$out/many.json")
check "the answer is over 8 MiB ($bytes bytes)" [ "$bytes" -gt $((8 << 20)) ]
mid=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/many.json" 2>/dev/null)
curl -s -o "$out/many_get.json" "$WEB_URL/history/$mid"
check "it is whole JSON with every customer, as stored" /usr/bin/python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(0 if len(a["raw_data"]) == 120000 and a == b else 1)' "$out/many.json" "$out/many_get.json"

# file names: 128 x "é" (256 bytes, cut to 255 between characters) and
# Latin-1 bytes come back as valid UTF-8
head -n 3000 "$csv" >"$out/small.csv"
long=$(/usr/bin/python3 -c 'print("é" * 128 + ".csv")')
check "a 260-byte UTF-8 file name: 200" [ "$(post longname -F "file=@$out/small.csv;filename=$long")" = 200 ]
printf -v latin 'caf\xe9.csv'
check "a Latin-1 file name: 200" [ "$(post latin -F "file=@$out/small.csv;filename=$latin")" = 200 ]
check "both answers are strict UTF-8, the names cut between characters or re-encoded" /usr/bin/python3 -c '
import json, sys
a = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))["file_info"]["name"]
b = json.loads(open(sys.argv[2], "rb").read().decode("utf-8"))["file_info"]["name"]
sys.exit(0 if a == "é" * 127 and len(a.encode()) == 254 and b == "café.csv" else 1)' "$out/longname.json" "$out/latin.json"

# a chunked upload (no Content-Length): read to the end of the FastCGI stream
code=$(curl -s -o "$out/chunked.json" -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
	-F "file=@$csv" --form-string 'delimiter=,' -F k=3 "$WEB_URL/analyze")
check "a chunked upload of 19 MB: 200" [ "$code" = 200 ]
check "a chunked upload: the customers of the same file sent with a length" \
	same_rows "$out/after.json" "$out/chunked.json"

# an upload cut short: announced 12 MB, 5 MB sent, connection closed
/usr/bin/python3 - "$WEB_PORT" "$csv" <<'PY'
import socket, sys
port, path = int(sys.argv[1]), sys.argv[2]
b = "----cut7d2a"
head = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n" % b).encode()
s = socket.create_connection(("127.0.0.1", port))
s.sendall(("POST /analyze HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
           "Content-Length: %d\r\n\r\n" % (b, 12 << 20)).encode() + head)
with open(path, "rb") as f:
    s.sendall(f.read(5 << 20))
s.close()
PY
sleep 0.5
code=$(curl -s -o "$out/h.json" -w '%{http_code}' "$WEB_URL/healthz")
check "after an upload cut short the worker still answers" [ "$code" = 200 ]
check "and still analyses" [ "$(post again -F "file=@$csv" --form-string 'delimiter=,')" = 200 ]
check "and the cut upload left no temp file" empty_dir "$WEB_DIR/upload"
n=$(curl -s "$WEB_URL/history?limit=200" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
check "only the finished analyses are stored (9)" [ "$n" = 9 ]
web_stop_all
done_testing
