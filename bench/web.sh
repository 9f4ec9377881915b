#!/usr/bin/env bash
# web.sh: web benchmarks (make bench): POST /analyze through nginx against
# the CLI on the same file (target: the request at most 1.2x the CLI), then
# GET /history throughput with wrk. Prints the figures; asserts nothing.
#   bench/web.sh BUILD
set -uo pipefail
cd "$(dirname "$0")/.."
export BUILD=${1:-build}
source tests/integration/lib/web-env.sh
PATH=$PATH:/usr/sbin
runs=${BENCH_WEB_RUNS:-10}
workers=$(nproc 2>/dev/null || echo 2)
[ "$workers" -ge 2 ] || workers=2
web_start "$workers"
cli=$WEB_ROOT/$BUILD/smartseg
case $BUILD in /*) cli=$BUILD/smartseg ;; esac

files=("$(retail_csv)")
for f in var/bench/synthetic_1000000.csv; do
	[ -s "$f" ] && [ "$(stat -c %s "$f")" -lt $((100 * 1024 * 1024)) ] && files+=("$PWD/$f")
done

# mean wall seconds of $runs runs of a command (after one warm-up run)
mean_s() {
	"$@" >/dev/null 2>&1
	/usr/bin/python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
t = []
for _ in range(runs):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    t.append(time.perf_counter() - t0)
t.sort()
print("%.3f" % (sum(t) / len(t)))
PY
}

# mean of $runs POSTs (after one warm-up): the request's time as curl times
# it (time_total: first byte sent to last byte received), and the wall time
# of the whole curl process (its own start-up, about 6 ms, included)
post_s() {
	curl -sf -o /dev/null -F "file=@$1" -F k=3 -F "delimiter=," "$WEB_URL/analyze" || return 1
	/usr/bin/python3 - "$runs" "$1" "$WEB_URL/analyze" <<'PY'
import subprocess, sys, time
runs, f, url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
req, proc = [], []
for _ in range(runs):
    t0 = time.perf_counter()
    r = subprocess.run(["curl", "-sf", "-o", "/dev/null", "-w", "%{time_total}", "-F", "file=@" + f,
                        "-F", "k=3", "-F", "delimiter=,", url], capture_output=True, text=True, check=True)
    proc.append(time.perf_counter() - t0)
    req.append(float(r.stdout))
print("%.3f %.3f" % (sum(req) / len(req), sum(proc) / len(proc)))
PY
}

echo "web: POST /analyze through nginx + FastCGI ($workers workers) against the CLI, k=3, mean of $runs"
echo "(request: curl's time_total for the POST; process: the whole curl run, start-up included)"
printf '%-26s %8s %10s %10s %12s %13s\n' file cli_s request_s process_s request/cli process/cli
for f in "${files[@]}"; do
	# the CLI as the workers run: no Gemini key, no .env
	c=$(cd "$T_TMP" && mean_s env -u GEMINI_API_KEY "$cli" analyze "$f" --k 3 --out /dev/null)
	read -r w p < <(post_s "$f")
	printf '%-26s %8s %10s %10s %11sx %12sx\n' "$(basename "$f")" "$c" "$w" "$p" \
		"$(awk -v a="$w" -v b="$c" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')" \
		"$(awk -v a="$p" -v b="$c" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
done

# fill the history to at least 25 analyses, then read it
n=$(curl -s "$WEB_URL/history?limit=200" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
small=$T_TMP/small.csv
head -n 20000 "$(retail_csv)" >"$small"
while [ "$n" -lt 25 ]; do curl -sf -o /dev/null -F "file=@$small" "$WEB_URL/analyze"; n=$((n + 1)); done
echo
if command -v wrk >/dev/null; then
	for q in "limit=3" "limit=20" "limit=50"; do
		printf 'web: GET /history?%-9s ' "$q"
		wrk -t2 -c16 -d5s "$WEB_URL/history?$q" | awk '/Requests\/sec/ { rps = $2 } /Latency/ { lat = $2 }
			END { printf "%s req/s, mean latency %s (wrk -t2 -c16 -d5s)\n", rps, lat }'
	done
else
	echo "web: wrk is not installed (make bench-deps); GET /history throughput skipped"
fi
web_stop_all
