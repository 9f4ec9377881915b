#!/usr/bin/env bash
# scale-out.sh: two SmartSeg hosts behind one nginx, one shared store.
# Each host is a network namespace made (and removed) here, with its own
# FastCGI pools listening on TCP; nginx (scripts/nginx-conf.sh, given lists)
# has both as upstreams; one FerretDB, in a namespace of its own, is the
# store both reach over a second link each. The load (tests/tools/
# scale_load.py) goes only to this nginx.
#   - 30 s of mixed load; host A's workers killed at second 10 and started
#     again at second 20: no GET fails, an upload that failed is retried
#     with its Idempotency-Key, and every upload that got a 200 is in the
#     history exactly once.
#   - host A's link to the store down for 5 s: A answers 503 with the
#     reason (its own address, nginx passes GETs on to B), then serves again
#     with the same workers, no restart.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP network namespaces need root (CI runs as root)"; exit 0; }
command -v ip >/dev/null || { echo "Bail out! ip (iproute2) is not installed"; exit 1; }
[ -x "$WEB_BIN" ] || { echo "Bail out! $WEB_BIN is not built"; exit 1; }
mongo=$WEB_ROOT/scripts/mongo-server.sh
"$mongo" build >"$out/build.log" 2>&1 || { tail -n 5 "$out/build.log"; echo "Bail out! no FerretDB"; exit 1; }

tag=$$
ns=(ssa$tag ssb$tag)
STORE_NS=ssm$tag
STORE_IP=10.233.0.1
DB=smartseg_scale_$tag
SECONDS_LOAD=${SCALE_SECONDS:-30}

cleanup() {
	local i
	for i in 0 1; do stop_host "$i" 2>/dev/null; done
	[ -n "${NGINX_DIR:-}" ] && [ -f "$NGINX_DIR/nginx.pid" ] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null
	"$mongo" stop "$out/mongo" 2>/dev/null
	for i in 0 1; do ip netns del "${ns[$i]}" 2>/dev/null; ip link del "ssf$i$tag" 2>/dev/null; ip link del "sss$i$tag" 2>/dev/null; done
	ip netns del "$STORE_NS" 2>/dev/null
	if ls "$out"/asan.* "$out"/ubsan.* >/dev/null 2>&1; then
		echo "not ok - sanitizer report from a worker:"; cat "$out"/asan.* "$out"/ubsan.* | head -40 | sed 's/^/# /'
	fi
	rm -rf "$T_TMP"
}
trap cleanup EXIT

# host i: front link 10.231.(i+1).0/30 (nginx here -> its workers), store
# link 10.232.(i+1).0/30 (its workers -> the store's namespace, whose own
# address STORE_IP FerretDB listens on)
front_ip() { echo "10.231.$(($1 + 1)).2"; }
make_host() {
	local i=$1 n=$(($1 + 1)) s=${ns[$1]}
	ip netns add "$s" && ip -n "$s" link set lo up &&
	ip link add "ssf$i$tag" type veth peer name "ssF$i$tag" && ip link set "ssF$i$tag" netns "$s" &&
	ip addr add "10.231.$n.1/30" dev "ssf$i$tag" && ip link set "ssf$i$tag" up &&
	ip -n "$s" addr add "10.231.$n.2/30" dev "ssF$i$tag" && ip -n "$s" link set "ssF$i$tag" up &&
	ip link add "sss$i$tag" type veth peer name "ssS$i$tag" && ip link set "ssS$i$tag" netns "$s" &&
	ip link set "sss$i$tag" netns "$STORE_NS" &&
	ip -n "$STORE_NS" addr add "10.232.$n.1/30" dev "sss$i$tag" && ip -n "$STORE_NS" link set "sss$i$tag" up &&
	ip -n "$s" addr add "10.232.$n.2/30" dev "ssS$i$tag" && ip -n "$s" link set "ssS$i$tag" up &&
	ip -n "$s" route add "$STORE_IP/32" via "10.232.$n.1"
}
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# the host's two pools of workers (scripts/fcgi-pool.sh: spawn-fcgi +
# multiwatch, as `make run` and the systemd unit run them) on TCP: quick on
# port 9001, analyse on 9002; the same program and settings on both hosts,
# nothing of their own but a temp directory
start_host() {
	local i=$1 d=$out/host$1 pool port
	mkdir -p "$d/upload" "$d/cwd"
	for pool in quick analyse; do
		[ $pool = quick ] && port=9001 || port=9002
		(cd "$d/cwd" && exec ip netns exec "${ns[$i]}" env -u GEMINI_API_KEY -u SMARTSEG_DB \
			MONGO_URI="mongodb://$STORE_IP:$MPORT/?serverSelectionTimeoutMS=2000" DB_NAME="$DB" \
			SMARTSEG_TMPDIR="$d/upload" SMARTSEG_TEMPLATES="$WEB_ROOT/templates" \
			SMARTSEG_STATIC="$WEB_ROOT/static" MONGOC_DISABLE_SHM=1 \
			ASAN_OPTIONS="detect_leaks=1:log_path=$out/asan" UBSAN_OPTIONS="print_stacktrace=1:log_path=$out/ubsan" \
			"$WEB_ROOT/scripts/fcgi-pool.sh" $pool "$(front_ip "$i"):$port" 2 "$WEB_BIN") \
			>>"$d/pool.log" 2>&1 &
		echo $! >>"$d/pools.pid"
		disown $!  # killed on purpose below: no job notice
	done
	for _ in $(seq 1 100); do
		tcp_open "$(front_ip "$i")" 9001 && tcp_open "$(front_ip "$i")" 9002 && return 0
		sleep 0.1
	done
	return 1
}
# the pools' processes: multiwatch and its workers
host_pids() { local p; for p in $(cat "$out/host$1/pools.pid" 2>/dev/null); do echo "$p"; pgrep -P "$p"; done | sort; }
stop_host() { # i [signal]
	local pid pids
	pids=$(host_pids "$1")
	if [ "${2:-TERM}" = KILL ]; then
		for pid in $pids; do kill -KILL "$pid" 2>/dev/null; done
	else
		for pid in $(cat "$out/host$1/pools.pid" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null; done
	fi
	for pid in $pids; do for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done; done
	rm -f "$out/host$1/pools.pid"
}

ip netns add "$STORE_NS" && ip -n "$STORE_NS" link set lo up &&
	ip -n "$STORE_NS" addr add "$STORE_IP/32" dev lo ||
	{ echo "Bail out! cannot make the store's namespace"; exit 1; }
make_host 0 && make_host 1 || { echo "Bail out! cannot make the network namespaces"; exit 1; }
MPORT=$(free_port)
MONGO_LISTEN=$STORE_IP ip netns exec "$STORE_NS" "$mongo" start "$out/mongo" "$MPORT" || { echo "Bail out! FerretDB did not start"; exit 1; }
start_host 0 && start_host 1 || { echo "Bail out! the workers did not start: $(cat "$out"/host*/spawn.log)"; exit 1; }

NGINX_DIR=$out/nginx
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
"$WEB_ROOT/scripts/nginx-conf.sh" "$NGINX_DIR" "$PORT" "$(front_ip 0):9001,$(front_ip 1):9001" \
	"$(front_ip 0):9002,$(front_ip 1):9002" 100 on >"$out/nginx.conf" || { echo "Bail out! nginx-conf.sh failed"; exit 1; }
# a second listener straight to host A, to see what A itself answers
APORT=$(free_port)
/usr/bin/python3 - "$out/nginx.conf" "$APORT" "$(front_ip 0)" <<'PY' || { echo "Bail out! cannot add the direct listener"; exit 1; }
import sys
p, port, host = sys.argv[1:]
s = open(p).read()
direct = ("\tserver {\n\t\tlisten 127.0.0.1:%s;\n\t\tlocation / {\n\t\t\tfastcgi_pass %s:9001;\n"
          "\t\t\tfastcgi_param REQUEST_METHOD $request_method;\n\t\t\tfastcgi_param QUERY_STRING $query_string;\n"
          "\t\t\tfastcgi_param REQUEST_URI $request_uri;\n\t\t\tfastcgi_param SCRIPT_NAME \"\";\n\t\t}\n\t}\n}\n") % (port, host)
i = s.rstrip().rindex("}")
open(p, "w").write(s[:i] + direct)
PY
nginx -p "$NGINX_DIR" -c "$out/nginx.conf" -e "$NGINX_DIR/logs/error.log" 2>"$out/nginx.start" ||
	{ echo "Bail out! nginx failed: $(cat "$out/nginx.start")"; exit 1; }
for _ in $(seq 1 100); do curl -s -o /dev/null "$URL/healthz" && break; sleep 0.1; done

small=$out/small.csv
head -n 3000 "$(retail_csv)" >"$small"
code=$(curl -s -o "$out/seed.json" -w '%{http_code}' -F "file=@$small" "$URL/analyze")
check "an upload through nginx to either host: 200" [ "$code" = 200 ]
seed=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/seed.json" 2>/dev/null)
a=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APORT/history/$seed")
check "host A reads what the store holds from either host (shared history)" [ "$a" = 200 ]

# the same Idempotency-Key twice: one analysis
key=first-$tag
c1=$(curl -s -o "$out/k1.json" -w '%{http_code}' -H "Idempotency-Key: $key" -F "file=@$small" "$URL/analyze")
c2=$(curl -s -o "$out/k2.json" -w '%{http_code}' -H "Idempotency-Key: $key" -F "file=@$small" "$URL/analyze")
same=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"] == json.load(open(sys.argv[2]))["_id"])' "$out/k1.json" "$out/k2.json" 2>/dev/null)
same_analysis() { [ "$c1" = 200 ] && [ "$c2" = 200 ] && [ "$same" = True ]; }
check "a retried upload with the same Idempotency-Key returns the first analysis ($c1, $c2)" same_analysis

# 30 s of load; host A's workers killed at 10 s, started again at 20 s
/usr/bin/python3 "$WEB_ROOT/tests/tools/scale_load.py" "$URL" "$SECONDS_LOAD" "$small" "$out/load.json" "$seed" &
load=$!
sleep $((SECONDS_LOAD / 3))
stop_host 0 KILL
sleep $((SECONDS_LOAD / 3))
start_host 0 || nok "host A's workers started again"
wait "$load"
check "the load finished and wrote its record" [ -s "$out/load.json" ]

/usr/bin/python3 - "$out/load.json" "$URL" "$seed" "$key" <<'PY'
import json, sys, urllib.request
rec, url, seed, key = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
failed = 0
def check(ok, what):
    global failed
    failed += not ok
    print(("ok" if ok else "not ok") + " - " + what)
g, up = rec["gets"], rec["uploads"]
check(g["count"] > 20 and not g["failed"],
      "no GET failed while host A died and came back (%d GETs, failed: %s)" % (g["count"], g["failed"][:5]))
done = [u for u in up if u["status"] == 200]
check(len(done) >= 4, "uploads got through during the load (%d of %d)" % (len(done), len(up)))
check(all(u["status"] == 200 for u in up[:-2] if u["tries"] < 8),
      "every upload either got a 200 or was still retrying at the end: %s" %
      [u["statuses"] for u in up if u["status"] != 200][:5])
retried = [u for u in up if u["tries"] > 1]
print("# %d uploads retried with their key: %s" % (len(retried), [u["statuses"] for u in retried][:5]))
check(all(u["json_detail"] for u in up), "every failed upload answer was JSON {\"detail\"}")
ids = []
while True:  # the whole history, a page of 200 at a time
    page = json.load(urllib.request.urlopen(url + "/history?limit=200&offset=%d" % len(ids)))
    ids += [h["_id"] for h in page]
    if len(page) < 200:
        break
check(len(ids) == len(set(ids)), "the history lists each analysis once")
want = [u["id"] for u in done] + [seed]
check(all(ids.count(i) == 1 for i in want), "every upload that got a 200 is in the history exactly once")
# the seed, the keyed pair (one analysis) and the load's: a retry stored nothing twice
check(len(ids) == len(set(want)) + 1, "nothing else was stored (history %d, accepted %d + 1 keyed)" % (len(ids), len(set(want))))
sys.exit(1 if failed else 0)
PY
[ $? -eq 0 ] || T_FAIL=$((T_FAIL + 1))

# host A's link to the store down for 5 s
pids_before=$(host_pids 0)
ip -n "$STORE_NS" link set "sss0$tag" down
sleep 1
a=$(curl -s -m 20 -o "$out/down.json" -w '%{http_code}' "http://127.0.0.1:$APORT/history?limit=3")
check "store unreachable from host A: A answers 503 (got $a)" [ "$a" = 503 ]
check "the 503 says why, without addresses" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["detail"]
assert d and "10.233" not in d and "/tmp" not in d, d' "$out/down.json"
g=0
for _ in $(seq 1 6); do
	[ "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$URL/history?limit=3")" = 200 ] && g=$((g + 1))
done
check "meanwhile GETs through nginx are answered (by host B): $g of 6" [ "$g" = 6 ]
sleep 4
ip -n "$STORE_NS" link set "sss0$tag" up
back=
for _ in $(seq 1 60); do
	[ "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APORT/history?limit=3")" = 200 ] && { back=1; break; }
	sleep 0.25
done
check "the link back: host A serves again" [ -n "$back" ]
check "with the same workers (no restart)" [ "$(host_pids 0)" = "$pids_before" ]
for pid in $pids_before; do alive "$pid" || nok "worker $pid of host A is alive"; done
done_testing
