#!/usr/bin/env bash
# serve.sh: `make run`: nginx on 127.0.0.1:PORT in front of spawn-fcgi
# workers (one per core, at least two), in the foreground; Ctrl-C stops all.
#   scripts/serve.sh BUILD PORT
# Run state (config, pid files, logs, temp files, socket) lives in var/.
set -euo pipefail
build=${1:-build}
port=${2:-8000}
root=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/smartseg.fcgi
var=$root/var
sock=$var/smartseg.sock

[ -x "$bin" ] || { echo "serve.sh: $bin is not built (run make)" >&2; exit 1; }
for tool in nginx spawn-fcgi; do
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

workers=$(nproc 2>/dev/null || echo 2)
[ "$workers" -ge 2 ] || workers=2

mkdir -p "$var/tmp" "$var/logs"
if [ -f "$var/fcgi.pid" ] || [ -f "$var/nginx.pid" ]; then
	for p in $(cat "$var/fcgi.pid" "$var/nginx.pid" 2>/dev/null); do
		if kill -0 "$p" 2>/dev/null && grep -qE 'smartseg|nginx' "/proc/$p/cmdline" 2>/dev/null; then
			echo "serve.sh: already running (pid $p); stop it first" >&2; exit 1
		fi
	done
fi
rm -f "$sock" "$var/fcgi.pid" "$var/nginx.pid"
"$root/scripts/nginx-conf.sh" "$var" "$port" "$sock" "$max_mb" off >"$var/nginx.conf"

nginx_pid=
stop() {
	trap - INT TERM EXIT
	echo "stopping..."
	[ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null
	for p in $(cat "$var/fcgi.pid" 2>/dev/null); do kill -TERM "$p" 2>/dev/null || true; done
	[ -n "$nginx_pid" ] && wait "$nginx_pid" 2>/dev/null
	for p in $(cat "$var/fcgi.pid" 2>/dev/null); do
		# gone, or a zombie waiting for its reaper
		for _ in $(seq 1 50); do
			grep -qs '^State:[[:space:]]*[^Z]' "/proc/$p/status" || break
			sleep 0.1
		done
	done
	rm -f "$sock" "$var/fcgi.pid"
	echo "stopped"
}
trap stop INT TERM EXIT

# workers run from the repository root: .env, templates/ and static/ are there;
# libmongoc's monitoring counters stay in memory (MONGOC_DISABLE_SHM), so a
# killed worker leaves no /dev/shm file behind
(cd "$root" && SMARTSEG_TMPDIR=${SMARTSEG_TMPDIR:-$var/tmp} SMARTSEG_MAX_UPLOAD_MB=$max_mb \
	MONGOC_DISABLE_SHM=1 spawn-fcgi -s "$sock" -M 0600 -F "$workers" -P "$var/fcgi.pid" -d "$root" -- "$bin" >/dev/null)
nginx -p "$var" -c "$var/nginx.conf" -e "$var/logs/error.log" &
nginx_pid=$!
sleep 0.5
if ! kill -0 "$nginx_pid" 2>/dev/null; then
	echo "serve.sh: nginx did not start (is port $port free?); see $var/logs/error.log" >&2
	tail -5 "$var/logs/error.log" >&2 || true
	exit 1
fi
echo "SmartSeg on http://127.0.0.1:$port/ ($workers FastCGI workers, upload limit $max_mb MB); Ctrl-C stops"
wait "$nginx_pid"
