#!/usr/bin/env bash
# web-concurrency.sh: 20 uploads in parallel through nginx to the FastCGI
# workers all answer 200, and all 20 are in the history after.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 4
csv=$(retail_csv)
out=$T_TMP
pids=()
for i in $(seq 1 20); do
	curl -s -o "$out/r$i.json" -w '%{http_code}' -F "file=@$csv;filename=parallel-$i.csv" \
		-F "k=$((2 + i % 7))" "$WEB_URL/analyze" >"$out/code$i" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
n200=0
for i in $(seq 1 20); do [ "$(cat "$out/code$i")" = 200 ] && n200=$((n200 + 1)); done
check "20 parallel uploads: all answer 200 ($n200)" [ "$n200" = 20 ]
ids_ok=0
for i in $(seq 1 20); do
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["file_info"]["name"] == "parallel-%s.csv" % sys.argv[2] and len(d["raw_data"]) == 2974
' "$out/r$i.json" "$i" 2>/dev/null && ids_ok=$((ids_ok + 1))
done
check "each answer is its own upload's full document ($ids_ok)" [ "$ids_ok" = 20 ]
curl -s -o "$out/list.json" "$WEB_URL/history?limit=50"
check "all 20 are in the history after" /usr/bin/python3 -c '
import json, sys
names = sorted(i["file_info"]["name"] for i in json.load(open(sys.argv[1])))
assert names == sorted("parallel-%d.csv" % i for i in range(1, 21)), names
' "$out/list.json"
check "upload temp files are gone" empty_dir "$WEB_DIR/upload"
# meanwhile reads: 20 parallel history reads
for i in $(seq 1 20); do
	curl -s -o /dev/null -w '%{http_code}\n' "$WEB_URL/history?limit=20" >>"$out/reads" &
done
wait
check "20 parallel history reads all answer 200" [ "$(grep -c '^200$' "$out/reads")" = 20 ]

# SIGTERM to the supervisors while a worker holds an upload: that request
# completes, then every worker leaves
{ cat "$csv"; tail -n +2 "$csv"; tail -n +2 "$csv"; } >"$out/triple.csv"
curl -s -o "$out/t.json" -w '%{http_code}' -F "file=@$out/triple.csv" -F k=auto \
	"$WEB_URL/analyze" >"$out/tcode" &
req=$!
busy=
for _ in $(seq 1 600); do
	for p in $(web_workers analyse); do
		ls -l "/proc/$p/fd" 2>/dev/null | grep -q 'smartseg-upload' && busy=$p
	done
	[ -n "$busy" ] && break
	sleep 0.05
done
check "a worker holds the upload" [ -n "$busy" ]
workers="$(web_workers quick) $(web_workers analyse)"
for p in $(cat "$WEB_DIR/fcgi.pid"); do kill -TERM "$p"; done
wait "$req"
check "the request in hand still answers 200 after SIGTERM" [ "$(cat "$out/tcode")" = 200 ]
left=0
for p in $workers $(cat "$WEB_DIR/fcgi.pid"); do
	for _ in $(seq 1 100); do alive "$p" || break; sleep 0.1; done
	alive "$p" && left=$((left + 1))
done
check "every worker has left after SIGTERM ($left still running)" [ "$left" = 0 ]
done_testing
