#!/usr/bin/env bash
# web-api.sh: the JSON contract through real nginx + FastCGI workers on the
# Online Retail test data: every field the client reads, with its type.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
csv=$(retail_csv)
size=$(stat -c %s "$csv")
out=$T_TMP

code=$(curl -s -o "$out/post.json" -D "$out/post.h" -w '%{http_code}' \
	-F "file=@$csv" -F "delimiter=," -F "k=3" "$WEB_URL/analyze")
check "POST /analyze answers 200" [ "$code" = 200 ]
check "POST /analyze is application/json" grep -qi '^content-type: application/json' "$out/post.h"
check "POST /analyze has CORS" grep -qi '^access-control-allow-origin: \*' "$out/post.h"
check "POST /analyze has nosniff" grep -qi '^x-content-type-options: nosniff' "$out/post.h"
contract full "$out/post.json" 3 2974 online_retail.csv "$size" ,
id=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/post.json" 2>/dev/null)

code=$(curl -s -o "$out/get.json" -D "$out/get.h" -w '%{http_code}' "$WEB_URL/history/$id")
check "GET /history/{id} answers 200" [ "$code" = 200 ]
check "GET /history/{id} has CORS" grep -qi '^access-control-allow-origin: \*' "$out/get.h"
contract full "$out/get.json" 3 2974 online_retail.csv "$size" ,
contract same "$out/get.json" "$out/post.json"

# a second analysis: k from the slider's other end, delimiter left out
code=$(curl -s -o "$out/post2.json" -w '%{http_code}' -F "file=@$csv" -F "k=8" "$WEB_URL/analyze")
check "POST /analyze without delimiter (detected), k=8: 200" [ "$code" = 200 ]
contract full "$out/post2.json" 8 2974 online_retail.csv "$size" ,
id2=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/post2.json" 2>/dev/null)

for limit in 3 50; do
	code=$(curl -s -o "$out/list.json" -D "$out/list.h" -w '%{http_code}' "$WEB_URL/history?limit=$limit")
	check "GET /history?limit=$limit answers 200" [ "$code" = 200 ]
	check "GET /history?limit=$limit has CORS" grep -qi '^access-control-allow-origin: \*' "$out/list.h"
	contract list "$out/list.json" "$limit" 2
done
first=$(/usr/bin/python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print(len(l), l[0]["_id"], l[1]["_id"])' "$out/list.json" 2>/dev/null)
check "history lists both, newest first" [ "$first" = "2 $id2 $id" ]
curl -s -o "$out/l1.json" "$WEB_URL/history?limit=1&offset=1"
check "offset skips the newest" grep -q "\"$id\"" "$out/l1.json"
check "offset: one item" [ "$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$out/l1.json")" = 1 ]
curl -s -o "$out/l0.json" "$WEB_URL/history"
check "limit defaults (both listed)" [ "$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$out/l0.json")" = 2 ]

# pre-flight
code=$(curl -s -o /dev/null -D "$out/opt.h" -w '%{http_code}' -X OPTIONS \
	-H 'Origin: http://localhost:5173' -H 'Access-Control-Request-Method: POST' "$WEB_URL/analyze")
check "OPTIONS /analyze answers 204" [ "$code" = 204 ]
check "pre-flight allows POST" grep -qi '^access-control-allow-methods:.*POST' "$out/opt.h"
check "pre-flight allows Content-Type" grep -qi '^access-control-allow-headers:.*content-type' "$out/opt.h"
check "pre-flight has the origin header" grep -qi '^access-control-allow-origin: \*' "$out/opt.h"
code=$(curl -s -o /dev/null -w '%{http_code}' -X OPTIONS "$WEB_URL/history/$id")
check "OPTIONS /history/{id} answers 204" [ "$code" = 204 ]

# gzip for JSON through nginx
curl -s -H 'Accept-Encoding: gzip' -D "$out/gz.h" -o "$out/gz.bin" "$WEB_URL/history/$id"
check "JSON is gzipped when asked" grep -qi '^content-encoding: gzip' "$out/gz.h"
check "gzipped JSON is the same document" cmp -s <(gzip -dc "$out/gz.bin") "$out/get.json"

# per-customer CSV export
code=$(curl -s -o "$out/c.csv" -D "$out/c.h" -w '%{http_code}' "$WEB_URL/history/$id/customers.csv")
check "GET customers.csv answers 200" [ "$code" = 200 ]
check "customers.csv is text/csv" grep -qi '^content-type: text/csv' "$out/c.h"
check "customers.csv has a header and one line per customer" [ "$(wc -l <"$out/c.csv")" = 2975 ]
check "customers.csv header names CustomerID and Cluster" bash -c "head -1 '$out/c.csv' | grep -q 'CustomerID.*Cluster'"

# health and the OpenAPI description
code=$(curl -s -o "$out/h.json" -w '%{http_code}' "$WEB_URL/healthz")
check "GET /healthz answers 200" [ "$code" = 200 ]
code=$(curl -s -o "$out/o.json" -w '%{http_code}' "$WEB_URL/openapi.json")
check "GET /openapi.json answers 200" [ "$code" = 200 ]
check "openapi.json is OpenAPI 3.1 naming every endpoint" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["openapi"].startswith("3.1")
for p in ("/analyze", "/history", "/history/{id}", "/history/{id}/customers.csv", "/healthz",
          "/analyses", "/analyses/{id}", "/analyses/{id}/delete", "/"):
    assert p in d["paths"], p
' "$out/o.json"

# delete
code=$(curl -s -o "$out/d.json" -w '%{http_code}' -X DELETE "$WEB_URL/history/$id")
check "DELETE /history/{id} answers 200" [ "$code" = 200 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/history/$id")
check "the deleted analysis is gone (404)" [ "$code" = 404 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$WEB_URL/history/$id")
check "deleting it again: 404" [ "$code" = 404 ]
code=$(curl -s -o "$out/l2.json" -w '%{http_code}' "$WEB_URL/history?limit=50")
check "history no longer lists it (200, the other one still listed)" \
	bash -c "[ '$code' = 200 ] && grep -q '\"$id2\"' '$out/l2.json' && ! grep -q '$id' '$out/l2.json'"
check "upload temp files are gone" empty_dir "$WEB_DIR/upload"
done_testing
