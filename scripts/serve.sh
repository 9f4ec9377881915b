#!/usr/bin/env bash
# serve.sh: `make run`: nginx on 127.0.0.1:PORT in front of two supervised
# pools of FastCGI workers (scripts/fcgi-pool.sh: spawn-fcgi + multiwatch),
# "quick" for reads and pages, "analyse" for uploads, in the foreground.
#   scripts/serve.sh BUILD PORT
# Ctrl-C (or SIGTERM) stops all: nginx finishes the requests in flight
# (SMARTSEG_GRACE_S, 3 s), then the workers leave; whatever is left after
# that is killed. A pool whose workers all fail to start is started again
# after a pause that doubles up to 30 s. Run state (config, pid files, logs,
# temp files, sockets) lives in var/ (SMARTSEG_VAR).
set -uo pipefail
build=${1:-build}
port=${2:-8000}
root=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/smartseg.fcgi
var=${SMARTSEG_VAR:-$root/var}
grace=${SMARTSEG_GRACE_S:-3}

[ -x "$bin" ] || { echo "serve.sh: $bin is not built (run make)" >&2; exit 1; }
for tool in nginx spawn-fcgi multiwatch; do
	command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
		{ echo "serve.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done
PATH=$PATH:/usr/sbin

# the upload limit: environment first, then .env, else 100 MB
max_mb=${SMARTSEG_MAX_UPLOAD_MB:-}
if [ -z "$max_mb" ] && [ -f "$root/.env" ]; then
	max_mb=$(sed -n 's/^[[:space:]]*\(export[[:space:]]\+\)\?SMARTSEG_MAX_UPLOAD_MB=["'\'']\?\([0-9]\+\).*/\2/p' "$root/.env" | tail -1)
fi
max_mb=${max_mb:-100}

cores=$(nproc 2>/dev/null || echo 2)
[ "$cores" -ge 2 ] || cores=2
declare -A listen workers
listen[quick]=${SMARTSEG_QUICK_LISTEN:-unix:$var/quick.sock}
listen[analyse]=${SMARTSEG_ANALYSE_LISTEN:-unix:$var/analyse.sock}
workers[quick]=${SMARTSEG_QUICK_WORKERS:-$cores}
workers[analyse]=${SMARTSEG_ANALYSE_WORKERS:-$cores}
pools="quick analyse"

mkdir -p "$var/tmp" "$var/logs" || exit 1
for f in nginx quick analyse; do
	p=$(cat "$var/$f.pid" 2>/dev/null) || continue
	if kill -0 "$p" 2>/dev/null && grep -qE 'smartseg|nginx|multiwatch' "/proc/$p/cmdline" 2>/dev/null; then
		echo "serve.sh: already running (pid $p); stop it first" >&2; exit 1
	fi
done
sockets() { for p in $pools; do case ${listen[$p]} in unix:*) echo "${listen[$p]#unix:}" ;; /*) echo "${listen[$p]}" ;; esac; done; }
rm -f $(sockets) "$var/nginx.pid" "$var/quick.pid" "$var/analyse.pid"
"$root/scripts/nginx-conf.sh" "$var" "$port" "${listen[quick]}" "${listen[analyse]}" "$max_mb" off \
	>"$var/nginx.conf" || exit 1

log() { local p=$1; shift; echo "$(date -u +%FT%TZ) serve.sh: $*" >>"$var/logs/$p.log"; }

# starts one pool in its own session (the terminal's Ctrl-C reaches only
# this script, which stops everything in order)
declare -A pid backoff due started
start_pool() {
	local p=$1
	# workers run from the repository root: .env, templates/ and static/ are
	# there; libmongoc's monitoring counters stay in memory
	# (MONGOC_DISABLE_SHM), so a killed worker leaves no /dev/shm file behind
	(cd "$root" && SMARTSEG_TMPDIR=${SMARTSEG_TMPDIR:-$var/tmp} SMARTSEG_MAX_UPLOAD_MB=$max_mb \
		MONGOC_DISABLE_SHM=1 exec setsid "$root/scripts/fcgi-pool.sh" "$p" "${listen[$p]}" \
		"${workers[$p]}" "$bin" >>"$var/logs/$p.log" 2>&1) &
	pid[$p]=$!
	started[$p]=$SECONDS
	echo "${pid[$p]}" >"$var/$p.pid"
	log "$p" "pool $p started on ${listen[$p]}: ${workers[$p]} workers under multiwatch (pid ${pid[$p]})"
}

alive() { [ -n "$1" ] && [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
# wait_gone SECONDS PID...: until every pid has left or the time is up
wait_gone() {
	local end=$((SECONDS + $1)) p left; shift
	while :; do
		left=0
		for p in "$@"; do alive "$p" && left=1; done
		[ "$left" = 0 ] && return 0
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}

nginx_pid=
stopping=
stop() {
	local rc=${1:-0}
	trap - INT TERM EXIT
	stopping=1
	echo "stopping..."
	local p kids=""
	# nginx stops taking connections and finishes what it has in flight
	[ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null
	wait_gone "$grace" $nginx_pid
	for p in $pools; do
		[ -n "${pid[$p]:-}" ] || continue
		kids="$kids $(pgrep -P "${pid[$p]}" | tr '\n' ' ')"
		kill -TERM "${pid[$p]}" 2>/dev/null
		log "$p" "stopping pool $p (SIGTERM to multiwatch ${pid[$p]})"
	done
	wait_gone 2 ${pid[quick]:-} ${pid[analyse]:-} $kids
	for p in $nginx_pid ${pid[quick]:-} ${pid[analyse]:-} $kids; do
		alive "$p" && kill -KILL "$p" 2>/dev/null && echo "serve.sh: killed $p, still running after the grace period"
	done
	wait 2>/dev/null
	rm -f $(sockets) "$var/quick.pid" "$var/analyse.pid"
	echo "stopped"
	exit "$rc"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

for p in $pools; do start_pool "$p"; backoff[$p]=1; due[$p]=0; done
setsid nginx -p "$var" -c "$var/nginx.conf" -e "$var/logs/error.log" &
nginx_pid=$!
sleep 0.5
if ! alive "$nginx_pid"; then
	echo "serve.sh: nginx did not start (is port $port free?); see $var/logs/error.log" >&2
	tail -5 "$var/logs/error.log" >&2 || true
	exit 1
fi
echo "SmartSeg on http://127.0.0.1:$port/ (FastCGI pools: quick ${workers[quick]} workers," \
	"analyse ${workers[analyse]}; upload limit $max_mb MB; logs in $var/logs); Ctrl-C stops"

# watch: nginx gone ends the run; a pool gone (multiwatch gave up on every
# worker) is started again after its pause
while :; do
	sleep 1 & wait $! 2>/dev/null
	[ -n "$stopping" ] && break
	alive "$nginx_pid" || { echo "serve.sh: nginx exited; see $var/logs/error.log" >&2; stop 1; }
	for p in $pools; do
		alive "${pid[$p]}" && continue
		if [ "${due[$p]}" = 0 ]; then
			wait "${pid[$p]}" 2>/dev/null
			# a pool that ran a while starts again at once
			[ $((SECONDS - started[$p])) -gt 60 ] && backoff[$p]=1
			due[$p]=$((SECONDS + backoff[$p]))
			log "$p" "pool $p exited (its workers kept failing to start); starting it again in ${backoff[$p]} s"
			echo "serve.sh: pool $p exited; see $var/logs/$p.log" >&2
		elif [ $SECONDS -ge "${due[$p]}" ]; then
			start_pool "$p"
			due[$p]=0
			backoff[$p]=$((backoff[$p] * 2 > 30 ? 30 : backoff[$p] * 2))
		fi
	done
done
