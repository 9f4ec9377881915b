#!/usr/bin/env bash
# web-idempotency.sh: POST /analyze and the form's POST /analyses with an
# Idempotency-Key (header or idempotency_key field), through real nginx and
# FastCGI workers, on SQLite and on MongoDB (the FerretDB of the suite): a
# retry returns the first result and stores nothing more, concurrent
# duplicates store one analysis, bad keys are 422s, no key keeps the old
# behaviour (every upload stored).
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
head -n 20001 "$(retail_csv)" >"$out/part.csv"
csv=$out/part.csv
mongo=$WEB_ROOT/scripts/mongo-server.sh
py() { /usr/bin/python3 - "$@"; }

count() { # the number of stored analyses
	curl -s -o "$out/history.json" "$WEB_URL/history?limit=200"
	py "$out/history.json" <<<'import json, sys; print(len(json.load(open(sys.argv[1]))))'
}
idof() { py "$1" <<<'import json, sys; print(json.load(open(sys.argv[1]))["_id"])' 2>/dev/null; }
post() { # OUT ARGS... (curl arguments): prints the status; headers in OUT.h
	local o=$1; shift
	curl -s -o "$o" -D "$o.h" -w '%{http_code}' "$@" -F "file=@$csv" -F k=3 "$WEB_URL/analyze"
}

suite() { # label
	local L=$1 c0 code id1 id2 i
	c0=$(count)
	code=$(post "$out/a1.json" -H 'Idempotency-Key: order-2026-12-03-a')
	id1=$(idof "$out/a1.json")
	check "$L: POST /analyze with an Idempotency-Key: 200 with an id ($code)" \
		bash -c "[ $code = 200 ] && [ -n '$id1' ]"
	check "$L: the first answer is no replay" bash -c "! grep -qi '^Idempotent-Replayed' '$out/a1.json.h'"
	code=$(post "$out/a2.json" -H 'Idempotency-Key: order-2026-12-03-a')
	id2=$(idof "$out/a2.json")
	check "$L: the retry with the same key: 200, the first analysis' id ($id2)" \
		bash -c "[ $code = 200 ] && [ '$id1' = '$id2' ]"
	check "$L: the retry says it is a replay (Idempotent-Replayed: true)" \
		grep -qi '^Idempotent-Replayed: true' "$out/a2.json.h"
	check "$L: the retry's document is the first one's, field for field" py "$out/a1.json" "$out/a2.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a == b, [k for k in a if a.get(k) != b.get(k)]
PY
	check "$L: one analysis stored for the two requests" [ "$(count)" = $((c0 + 1)) ]
	code=$(post "$out/a3.json" -F 'idempotency_key=order-2026-12-03-a')
	check "$L: the same key as a form field: the first analysis again" \
		bash -c "[ $code = 200 ] && [ '$(idof "$out/a3.json")' = '$id1' ]"
	code=$(post "$out/e1.json" -H 'Idempotency-Key: one' -F 'idempotency_key=two')
	check "$L: header and field that differ: 422 saying so" \
		bash -c "[ $code = 422 ] && grep -q 'differ' '$out/e1.json'"
	code=$(post "$out/e2.json" -H 'Idempotency-Key: has space')
	check "$L: a key with a space: 422 naming the rule" \
		bash -c "[ $code = 422 ] && grep -q 'printable ASCII' '$out/e2.json'"
	code=$(post "$out/e3.json" -H "Idempotency-Key: $(printf 'k%.0s' $(seq 1 201))")
	check "$L: a key of 201 characters: 422" [ "$code" = 422 ]
	check "$L: refusals stored nothing" [ "$(count)" = $((c0 + 1)) ]

	# six duplicates at once: one analysis, every answer its id
	local pids=()
	for i in 1 2 3 4 5 6; do
		post "$out/c$i.json" -H 'Idempotency-Key: order-2026-12-03-b' >"$out/c$i.code" &
		pids+=($!)
	done
	wait "${pids[@]}"
	check "$L: 6 concurrent uploads with one key: all 200 with one id" py "$out" <<'PY'
import json, sys
d = sys.argv[1]
codes = [open("%s/c%d.code" % (d, i)).read() for i in range(1, 7)]
assert codes == ["200"] * 6, codes
ids = {json.load(open("%s/c%d.json" % (d, i)))["_id"] for i in range(1, 7)}
assert len(ids) == 1, ids
PY
	check "$L: and exactly one more analysis stored" [ "$(count)" = $((c0 + 2)) ]
	local replays
	replays=$(cat "$out"/c[1-6].json.h | grep -ci '^Idempotent-Replayed: true')
	check "$L: five of the six answers are replays ($replays)" [ "$replays" = 5 ]

	# the form: 303 to the same result page
	local loc1 loc2 loc3
	loc1=$(curl -s -o /dev/null -w '%{redirect_url}' -F "file=@$csv" -F k=3 -F idempotency_key=form-c "$WEB_URL/analyses")
	loc2=$(curl -s -o /dev/null -w '%{redirect_url}' -F "file=@$csv" -F k=3 -F idempotency_key=form-c "$WEB_URL/analyses")
	loc3=$(curl -s -o /dev/null -w '%{redirect_url}' -H 'Idempotency-Key: form-c' -F "file=@$csv" -F k=3 "$WEB_URL/analyses")
	check "$L: the form with idempotency_key: 303 to a result page ($loc1)" \
		bash -c "[[ '$loc1' == */analyses/* ]]"
	check "$L: the form retried (field, then header): the same result page" \
		bash -c "[ '$loc1' = '$loc2' ] && [ '$loc1' = '$loc3' ]"
	check "$L: one analysis for the three form posts" [ "$(count)" = $((c0 + 3)) ]
	code=$(curl -s -o "$out/f.html" -w '%{http_code}' -F "file=@$csv" -F idempotency_key='a b' "$WEB_URL/analyses")
	check "$L: the form with a bad key: 422, the form again with the reason" \
		bash -c "[ $code = 422 ] && grep -q 'printable ASCII' '$out/f.html'"

	# without a key nothing changes: two uploads, two analyses
	post "$out/n1.json" >/dev/null; post "$out/n2.json" >/dev/null
	check "$L: without a key every upload is stored" \
		bash -c "[ '$(idof "$out/n1.json")' != '$(idof "$out/n2.json")' ] && [ $(count) = $((c0 + 5)) ]"
	# deleting the analysis frees its key
	curl -s -o /dev/null -X DELETE "$WEB_URL/history/$id1"
	code=$(post "$out/a4.json" -H 'Idempotency-Key: order-2026-12-03-a')
	check "$L: after deleting it, the key stores a new analysis" \
		bash -c "[ $code = 200 ] && [ '$(idof "$out/a4.json")' != '$id1' ] && [ -n '$(idof "$out/a4.json")' ]"
	code=$(curl -s -o /dev/null -D "$out/pre.h" -w '%{http_code}' -X OPTIONS "$WEB_URL/analyze")
	check "$L: the pre-flight lets a browser send Idempotency-Key and read Idempotent-Replayed" \
		bash -c "grep -qi '^Access-Control-Allow-Headers:.*Idempotency-Key' '$out/pre.h' &&
		         grep -qi '^Access-Control-Expose-Headers:.*Idempotent-Replayed' '$out/pre.h'"
}

web_start 3
suite sqlite
web_stop_all

if [ ! -x "$mongo" ] || ! "$mongo" build >"$out/build.log" 2>&1; then
	sed 's/^/# /' "$out/build.log" | tail -n 5
	echo "ok $((T_N + 1)) - the MongoDB half # SKIP no MongoDB-compatible server could be built here"
	done_testing
	exit
fi
mdir=$out/mongo
mport=$(free_port)
"$mongo" start "$mdir" "$mport" || { echo "Bail out! FerretDB did not start"; exit 1; }
trap '"$mongo" stop "$mdir"; web_stop_all; rm -rf "$T_TMP"' EXIT
web_start 3 MONGO_URI="mongodb://127.0.0.1:$mport/?serverSelectionTimeoutMS=2000" DB_NAME=smartseg_idem_test
suite mongodb
done_testing
