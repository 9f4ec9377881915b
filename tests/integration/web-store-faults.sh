#!/usr/bin/env bash
# web-store-faults.sh: the SQLite store file deleted under real nginx +
# FastCGI workers: an API 503 with {"detail"} saying so and CORS, for the
# upload and for the history, and nothing written into the deleted file.
# (Disk full and a read-only file: tests/unit/test-fault-io.c.)
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
csv=$out/small.csv
{
	echo "CustomerID,InvoiceNo,InvoiceDate,Quantity,UnitPrice"
	for i in $(seq 1 60); do echo "C$((i % 20)),$i,2011-0$((1 + i % 9))-1$((i % 9)),$((1 + i % 5)),$((i % 7)).5"; done
} >"$csv"
post() { curl -s -o "$out/r.json" -D "$out/r.h" -w '%{http_code}' -F "file=@$1" -F k=3 "$WEB_URL/analyze"; }
detail() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["detail"])' "$out/r.json" 2>/dev/null; }
count() { sqlite3 "$1" 'SELECT count(*) FROM analyses' 2>/dev/null; }

# --- the store file deleted under the running workers ---
web_start 1
code=$(post "$csv")
check "a first analysis is stored (200)" [ "$code" = 200 ]
rm -f "$WEB_DIR/smartseg.db" "$WEB_DIR/smartseg.db-wal" "$WEB_DIR/smartseg.db-shm"
code=$(post "$csv")
d=$(detail)
check "store file deleted under the worker: POST /analyze answers 503 ($code)" [ "$code" = 503 ]
check "with a {\"detail\"} saying the file was deleted ($d)" grep -q 'deleted' <<<"$d"
check "and CORS" grep -qi '^access-control-allow-origin: \*' "$out/r.h"
check "the answer names no server path ($d)" bash -c "! grep -qF '$WEB_DIR' '$out/r.json'"
check "the server's log keeps the path" grep -qF "$WEB_DIR/smartseg.db" "$WEB_DIR"/*.log
check "nothing was written into the deleted file: no new store appeared" [ ! -e "$WEB_DIR/smartseg.db" ]

code=$(curl -s -o "$out/r.json" -D "$out/r.h" -w '%{http_code}' "$WEB_URL/history?limit=5")
d=$(detail)
check "GET /history after the file was deleted: 503 ($code) saying so ($d)" \
	[ "$code" = 503 ] && grep -q deleted <<<"$d"
check "GET /history: no server path in the answer" bash -c "! grep -qF '$WEB_DIR' '$out/r.json'"
web_stop_all
done_testing
