#!/usr/bin/env bash
# web-supervise.sh: the workers are supervised (scripts/fcgi-pool.sh:
# spawn-fcgi + multiwatch, two pools). kill -9 of one worker, then of all
# at once: replacements serve; a request whose worker died gets nginx's 502
# as {"detail"} with CORS (a page on the form route); a 30 s mixed load
# with a worker killed every 5 s: no GET fails and every upload that got a
# 200 is in the history; a worker that cannot start is given up after a
# few tries, not restarted in a loop; SIGTERM lets the request in hand
# finish. Timings are printed, not asserted (hang bounds only).
set -u
source "$(dirname "$0")/lib/web-env.sh"
py=/usr/bin/python3
out=$T_TMP
csv=$(retail_csv)
head -n 20000 "$csv" >"$out/small.csv"
web_start 2

json_502() { # FILE HEADERS: a 502 with {"detail"} and CORS
	$py -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["detail"]' "$1" 2>/dev/null &&
		grep -qi '^access-control-allow-origin: \*' "$2"
}
# until_serves POOL N: waits (up to 10 s) for N live workers in POOL and a
# /healthz 200; prints the seconds it took
until_serves() {
	local t0 i
	t0=$(date +%s.%N)
	for i in $(seq 1 100); do
		[ "$(web_workers "$1" | wc -w)" -ge "$2" ] &&
			[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$WEB_URL/healthz")" = 200 ] && break
		sleep 0.1
	done
	echo "$(date +%s.%N) - $t0" | bc
}

for pool in quick analyse; do
	set -- $(web_workers $pool)
	kill -KILL "$1"
	s=$(until_serves $pool 2)
	check "kill -9 of one $pool worker: a replacement serves (${s} s)" bash -c \
		"[ \$(echo '$s < 10' | bc) = 1 ] && ! echo ' $(web_workers $pool) ' | grep -q ' $1 '"
	old=$(web_workers $pool)
	kill -KILL $old
	s=$(until_serves $pool 2)
	check "kill -9 of every $pool worker at once: replacements serve (${s} s)" [ "$(echo "$s < 10" | bc)" = 1 ]
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -F "file=@$out/small.csv" "$WEB_URL/analyze")
	check "an upload after the $pool kills: 200 (got $code)" [ "$code" = 200 ]
done
check "multiwatch logged the deaths" grep -Eq 'died|next try' "$WEB_DIR/quick.log"
check "the replacements logged their start" bash -c "[ \$(grep -c 'ready' '$WEB_DIR/analyse.log') -ge 5 ]"

# the worker dies while it holds an upload: that client gets a JSON 502
# with CORS (the API), a 502 page (the form)
busy_worker() { # the analyse worker holding an upload temp file
	local p
	for _ in $(seq 1 600); do
		for p in $(web_workers analyse); do
			ls -l "/proc/$p/fd" 2>/dev/null | grep -q 'smartseg-upload' && { echo "$p"; return; }
		done
		sleep 0.02
	done
}
{ cat "$csv"; tail -n +2 "$csv"; } >"$out/big.csv"
curl -s -o "$out/died.json" -D "$out/died.h" -w '%{http_code}' --limit-rate 2M -F "file=@$out/big.csv" \
	"$WEB_URL/analyze" >"$out/died.code" &
req=$!
p=$(busy_worker)
[ -n "$p" ] && kill -KILL "$p"
wait "$req"
check "POST /analyze whose worker was killed: 502 (got $(cat "$out/died.code"))" [ "$(cat "$out/died.code")" = 502 ]
check "that 502 is {\"detail\"} with CORS" json_502 "$out/died.json" "$out/died.h"
check "that 502 has nosniff and X-Frame-Options" bash -c \
	"grep -qi '^x-content-type-options: nosniff' '$out/died.h' && grep -qi '^x-frame-options: deny' '$out/died.h'"
curl -s -o "$out/died.html" -D "$out/diedp.h" -w '%{http_code}' --limit-rate 2M -F "file=@$out/big.csv" \
	"$WEB_URL/analyses" >"$out/died.code" &
req=$!
p=$(busy_worker)
[ -n "$p" ] && kill -KILL "$p"
wait "$req"
check "the form upload whose worker was killed: a 502 page (got $(cat "$out/died.code"))" bash -c \
	"[ \$(cat '$out/died.code') = 502 ] && grep -qi '^content-type: text/html' '$out/diedp.h' && grep -q 'href=\"/\"' '$out/died.html'"
until_serves analyse 2 >/dev/null

# 30 s of mixed load, a worker of either pool killed every 5 s
$py "$WEB_ROOT/tests/integration/lib/load.py" "$WEB_URL" --seconds 30 --clients 12 --uploaders 3 \
	--file "$out/small.csv" --json "$out/load.json" >"$out/load.txt" &
load=$!
killed=0
for i in 1 2 3 4 5 6; do
	sleep 5
	pool=quick; [ $((i % 2)) = 0 ] && pool=analyse
	set -- $(web_workers $pool)
	[ $# -gt 0 ] && kill -KILL "$1" && killed=$((killed + 1))
done
wait "$load"
sed 's/^/# /' "$out/load.txt"
check "the load ran with $killed workers killed" [ "$killed" -ge 5 ]
check "no GET failed under the kills" $py -c '
import json,sys; d=json.load(open(sys.argv[1]))
bad=[f for f in d["failures"] if f[0].startswith("GET")]
print("# GET failures:", d["get_failures"], bad[:3]); sys.exit(d["get_failures"] != 0 or d["requests"] < 50)' "$out/load.json"
check "every upload that got a 200 is in the history" $py -c '
import json,sys; d=json.load(open(sys.argv[1]))
sys.exit(d["uploads_ok"] == 0 or d["uploads_missing"] != [])' "$out/load.json"
# (or, while its body was still being sent, the connection closed: nginx
# answers the 502 and stops reading, which a client mid-send may see as a
# reset before it reads the answer)
check "an upload that failed got a JSON 502 with CORS" $py -c '
import json,sys; d=json.load(open(sys.argv[1]))
bad=[f for f in d["failures"] if f[0].startswith("POST") and not (f[1] == 502 and f[2]["cors"] == "*" and f[2]["type"] == "application/json") and not (f[1] == 0 and "closed connection" in f[2]["body"])]
print("# failed uploads not a JSON 502:", bad[:3]); sys.exit(bool(bad))' "$out/load.json"

# SIGTERM to a supervisor while its worker holds an upload: the request
# finishes (200), then the pool leaves
curl -s -o /dev/null -w '%{http_code}' --limit-rate 4M -F "file=@$out/big.csv" "$WEB_URL/analyze" >"$out/t.code" &
req=$!
p=$(busy_worker)
sup=$(cat "$WEB_DIR/analyse.pid")
kill -TERM "$sup"
wait "$req"
check "SIGTERM during an upload: that request still answers 200 (got $(cat "$out/t.code"))" [ "$(cat "$out/t.code")" = 200 ]
for _ in $(seq 1 100); do alive "$sup" || break; sleep 0.1; done
both_gone() { ! alive "$1" && ! alive "$2"; }
check "then the supervisor and its workers have left" both_gone "$sup" "$p"
check "the worker logged its leaving when told to stop" grep -q 'leaving when told to stop' "$WEB_DIR/analyse.log"

# a worker that dies at once is tried a few times, then given up (no
# tight loop); the pool then exits for its caller to restart later
SMARTSEG_POOL=crash timeout 60 "$WEB_ROOT/scripts/fcgi-pool.sh" crash "unix:$out/crash.sock" 2 /bin/false \
	>"$out/crash.log" 2>&1
rc=$?
check "a pool whose workers cannot start ends by itself (exit $rc, not the 60 s bound)" [ "$rc" != 124 ]
check "multiwatch gave each up after a few tries" bash -c \
	"[ \$(grep -c 'died to often' '$out/crash.log') = 2 ] && [ \$(grep -c 'next try' '$out/crash.log') -le 8 ]"
done_testing
