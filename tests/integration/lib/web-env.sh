# web-env.sh: sourced by the web integration tests. web_start starts a real
# nginx and two supervised pools of workers running $BUILD/smartseg.fcgi on a free port
# in a temp dir (SQLite store there too); everything stops on EXIT.
# Sets WEB_DIR, WEB_PORT, WEB_URL, WEB_SOCKET. Also TAP helpers ok/nok.
# Under ASan the workers check for leaks at exit (they leave cleanly on
# SIGTERM); any sanitizer report fails the test.

: "${BUILD:=build}"
PATH=$PATH:/usr/sbin:/sbin
WEB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
case $BUILD in /*) WEB_BIN=$BUILD/smartseg.fcgi ;; *) WEB_BIN=$WEB_ROOT/$BUILD/smartseg.fcgi ;; esac
T_N=0
T_FAIL=0
WEB_DIRS=()

ok()  { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
nok() { T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_N - $*"; }
# check DESCRIPTION COMMAND...: ok when the command succeeds
check() { local d=$1; shift; if "$@"; then ok "$d"; else nok "$d"; fi; }
# empty_dir DIR: DIR exists and holds nothing (a missing one is no proof)
empty_dir() { [ -d "$1" ] && [ -z "$(ls -A "$1")" ]; }

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# web_start [WORKERS] [extra VAR=value env for the workers...]
# Two pools as `make run` has them (scripts/fcgi-pool.sh: spawn-fcgi +
# multiwatch), WORKERS workers each: quick (reads) on $WEB_DIR/quick.sock,
# analyse (uploads) on $WEB_DIR/analyse.sock (WEB_ANALYSE_LISTEN=HOST:PORT
# puts it on TCP). Each supervisor's pid is in $WEB_DIR/POOL.pid, both in
# fcgi.pid; web_workers POOL lists its workers.
web_start() {
	local workers=${1:-4}; shift || true
	[ -x "$WEB_BIN" ] || { echo "Bail out! $WEB_BIN is not built"; exit 1; }
	WEB_DIR=$(mktemp -d /tmp/smartseg-web.XXXXXX)
	WEB_DIRS+=("$WEB_DIR")
	WEB_PORT=$(free_port)
	WEB_SOCKET=$WEB_DIR/quick.sock
	WEB_URL=http://127.0.0.1:$WEB_PORT
	local analyse=${WEB_ANALYSE_LISTEN:-unix:$WEB_DIR/analyse.sock}
	mkdir -p "$WEB_DIR/upload" "$WEB_DIR/cwd"
	"$WEB_ROOT/scripts/nginx-conf.sh" "$WEB_DIR" "$WEB_PORT" "unix:$WEB_SOCKET" "$analyse" \
		"${WEB_MAX_MB:-100}" on >"$WEB_DIR/nginx.conf"
	# workers: no .env (cwd is empty), no Gemini key, everything in WEB_DIR;
	# each pool in its own session, as serve.sh starts them
	local pool listen
	for pool in quick analyse; do
		listen=unix:$WEB_SOCKET
		[ "$pool" = analyse ] && listen=$analyse
		# started from a subshell that returns at once: not a job of the
		# test's shell, so a test's bare `wait` does not wait for the pools
		(cd "$WEB_DIR/cwd" || exit 1; env -u GEMINI_API_KEY -u MONGO_URI \
			SMARTSEG_DB="$WEB_DIR/smartseg.db" SMARTSEG_TMPDIR="$WEB_DIR/upload" \
			SMARTSEG_TEMPLATES="$WEB_ROOT/templates" SMARTSEG_STATIC="$WEB_ROOT/static" \
			SMARTSEG_MAX_UPLOAD_MB="${WEB_MAX_MB:-100}" \
			ASAN_OPTIONS="detect_leaks=1:log_path=$WEB_DIR/asan" \
			UBSAN_OPTIONS="print_stacktrace=1:log_path=$WEB_DIR/ubsan" \
			"$@" \
			setsid "$WEB_ROOT/scripts/fcgi-pool.sh" "$pool" "$listen" "$workers" "$WEB_BIN" \
			>>"$WEB_DIR/$pool.log" 2>&1 &
			echo $! >"$WEB_DIR/$pool.pid")
		cat "$WEB_DIR/$pool.pid" >>"$WEB_DIR/fcgi.pid"
	done
	nginx -p "$WEB_DIR" -c "$WEB_DIR/nginx.conf" -e "$WEB_DIR/logs/error.log" 2>"$WEB_DIR/nginx.start" || {
		echo "Bail out! nginx failed: $(cat "$WEB_DIR/nginx.start")"; exit 1; }
	local i
	for i in $(seq 1 100); do
		[ "$(web_workers quick | wc -w)" -ge "$workers" ] &&
			[ "$(web_workers analyse | wc -w)" -ge "$workers" ] &&
			curl -s -o /dev/null "$WEB_URL/healthz" && return 0
		sleep 0.1
	done
	echo "Bail out! the server on $WEB_URL did not answer: $(cat "$WEB_DIR"/*.log)"
	exit 1
}

# web_workers POOL [DIR]: the pids of the pool's live workers
web_workers() {
	local d=${2:-$WEB_DIR}
	pgrep -P "$(cat "$d/$1.pid")" 2>/dev/null | tr '\n' ' '
}

# True while pid runs (a zombie left for a reaper counts as gone).
alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Stops the nginx and workers of one run directory and removes it.
web_stop_dir() {
	local d=$1 pid i
	if [ -f "$d/nginx.pid" ]; then
		pid=$(cat "$d/nginx.pid")
		kill "$pid" 2>/dev/null
		for i in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
	fi
	# the supervisors pass SIGTERM on; the workers finish and leave
	if [ -f "$d/fcgi.pid" ]; then
		local kids=""
		for pid in $(cat "$d/fcgi.pid"); do kids="$kids $(pgrep -P "$pid" | tr '\n' ' ')"; done
		for pid in $(cat "$d/fcgi.pid"); do kill -TERM "$pid" 2>/dev/null; done
		for pid in $(cat "$d/fcgi.pid") $kids; do
			for i in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
			alive "$pid" && kill -KILL "$pid" 2>/dev/null
		done
	fi
	# sanitizer reports from the workers fail the test
	if ls "$d"/asan.* "$d"/ubsan.* >/dev/null 2>&1; then
		echo "not ok - sanitizer report from a worker:"
		cat "$d"/asan.* "$d"/ubsan.* 2>/dev/null | head -40 | sed 's/^/# /'
		T_FAIL=$((T_FAIL + 1))
	fi
	rm -rf "$d"
}

web_stop_all() {
	local d
	for d in "${WEB_DIRS[@]}"; do web_stop_dir "$d"; done
	WEB_DIRS=()
}

# The test's own temp dir (data files) and the EXIT trap.
T_TMP=$(mktemp -d /tmp/smartseg-test.XXXXXX)
trap 'web_stop_all; rm -rf "$T_TMP"' EXIT

# Ends the test: stops the servers; the exit status says if all passed.
done_testing() {
	web_stop_all
	echo "# $T_N checks here, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}

# Runs the contract checker; its failures count here too.
contract() {
	/usr/bin/python3 "$WEB_ROOT/tests/integration/lib/contract.py" "$@" || T_FAIL=$((T_FAIL + 1))
}

# The Online Retail test file, unpacked once per test.
retail_csv() {
	[ -f "$T_TMP/online_retail.csv" ] ||
		gzip -dc "$WEB_ROOT/tests/data/online_retail.csv.gz" >"$T_TMP/online_retail.csv"
	echo "$T_TMP/online_retail.csv"
}
