#!/usr/bin/env bash
# web-mongo.sh: the web front on the MongoDB backend (a local FerretDB
# server): the contract round trip, then the server dies: 503 with the
# reason, and service comes back with the server.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
csv=$(retail_csv)
mongo=$WEB_ROOT/scripts/mongo-server.sh
if [ ! -x "$mongo" ] || ! "$mongo" build >"$out/build.log" 2>&1; then
	sed 's/^/# /' "$out/build.log" | tail -n 5
	echo "ok 1 - the MongoDB web path # SKIP no MongoDB-compatible server could be built here"
	exit 0
fi
mdir=$out/mongo
mport=$(free_port)
"$mongo" start "$mdir" "$mport" || { echo "Bail out! FerretDB did not start"; exit 1; }
trap '"$mongo" stop "$mdir"; web_stop_all; rm -rf "$T_TMP"' EXIT
web_start 2 MONGO_URI="mongodb://127.0.0.1:$mport/?serverSelectionTimeoutMS=2000" DB_NAME=smartseg_web_test

code=$(curl -s -o "$out/h.json" -w '%{http_code}' "$WEB_URL/healthz")
check "healthz on MongoDB: 200" [ "$code" = 200 ]
check "healthz names the mongodb backend" grep -q mongodb "$out/h.json"
code=$(curl -s -o "$out/post.json" -w '%{http_code}' -F "file=@$csv" -F 'delimiter=,' -F k=3 "$WEB_URL/analyze")
check "POST /analyze on MongoDB: 200" [ "$code" = 200 ]
contract full "$out/post.json" 3 2974 online_retail.csv "$(stat -c %s "$csv")" ,
id=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/post.json" 2>/dev/null)
curl -s -o "$out/get.json" "$WEB_URL/history/$id"
contract same "$out/get.json" "$out/post.json"
curl -s -o "$out/list.json" "$WEB_URL/history?limit=3"
contract list "$out/list.json" 3 1
code=$(curl -s -o "$out/page.html" -w '%{http_code}' "$WEB_URL/analyses/$id")
check "the result page from MongoDB: 200 with an svg" bash -c "[ $code = 200 ] && grep -q '<svg' '$out/page.html'"

"$mongo" kill "$mdir"
code=$(curl -s -o "$out/down.json" -w '%{http_code}' "$WEB_URL/healthz")
check "the server is gone: healthz 503" [ "$code" = 503 ]
check "the 503 says why" /usr/bin/python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["detail"]' "$out/down.json"
code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/history")
check "the server is gone: GET /history 503" [ "$code" = 503 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$csv" "$WEB_URL/analyze")
check "the server is gone: POST /analyze 503 (not 500)" [ "$code" = 503 ]

"$mongo" start "$mdir" "$mport" || { echo "Bail out! FerretDB did not restart"; exit 1; }
ok_again=
for _ in $(seq 1 50); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/healthz")" = 200 ] && { ok_again=1; break; }
	sleep 0.2
done
check "the server is back: healthz 200 again" [ -n "$ok_again" ]
# each worker reconnects on its own: one that answered 503 waits out
# libmongoc's cool-down (5 s) before it tries the server again
for _ in $(seq 1 60); do
	code=$(curl -s -o "$out/get2.json" -w '%{http_code}' "$WEB_URL/history/$id")
	[ "$code" = 503 ] || break
	sleep 0.25
done
check "the stored analysis is still there (got $code)" [ "$code" = 200 ]
done_testing
