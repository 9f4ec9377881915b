#!/usr/bin/env bash
# serve-stop.sh: `make run` stops on Ctrl-C (SIGINT to its whole process
# group, as a terminal sends it): nginx, both pools' supervisors and every
# worker are gone within 5 s, and `make run` starts again afterwards (issue:
# the workers stayed and the next run refused to start).
set -u
source "$(dirname "$0")/lib/web-env.sh"
var=$T_TMP/var
san=
case $BUILD in *asan*) san="SAN=1 OPT=-O1" ;; esac

# a terminal's foreground job: its own process group, SIGINT not ignored
# (a shell's background job would ignore it)
run() {
	/usr/bin/python3 -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.setpgid(0, 0)
os.execvp(sys.argv[1], sys.argv[1:])' "$@" &
	RUN_PID=$!
}
# every process of the run: nginx, the supervisors, their children
members() {
	local p
	for p in $(cat "$var/nginx.pid" "$var/quick.pid" "$var/analyse.pid" 2>/dev/null); do
		echo "$p"; pgrep -P "$p"
	done
}
start() {
	port=$(free_port)
	run env SMARTSEG_VAR="$var" SMARTSEG_TMPDIR="$var/tmp" SMARTSEG_DB="$var/smartseg.db" \
		make -s --no-print-directory -C "$WEB_ROOT" run BUILD="$BUILD" PORT="$port" $san \
		>>"$T_TMP/run.log" 2>&1
	code=
	for _ in $(seq 1 300); do
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
		[ "$code" = 200 ] && [ "$(members | wc -l)" -ge 8 ] && break
		alive "$RUN_PID" || break
		sleep 0.2
	done
}
# ctrl_c: SIGINT to the group; prints how many of its processes are left after 5 s
ctrl_c() {
	local procs p left
	procs=$(members)
	kill -INT -- "-$RUN_PID"
	for _ in $(seq 1 50); do
		left=0
		for p in $procs $RUN_PID; do alive "$p" && left=$((left + 1)); done
		[ "$left" = 0 ] && break
		sleep 0.1
	done
	echo "$left"
	for p in $procs $RUN_PID; do alive "$p" && kill -KILL "$p" 2>/dev/null; done
	wait "$RUN_PID" 2>/dev/null
}

start
check "make run serves /healthz (got $code)" [ "$code" = 200 ]
check "two pools of supervised workers run (multiwatch)" bash -c \
	"[ \$(pgrep -c -P \$(cat '$var/quick.pid')) -ge 2 ] && [ \$(pgrep -c -P \$(cat '$var/analyse.pid')) -ge 2 ]"
left=$(ctrl_c)
check "Ctrl-C: no process of the run left after 5 s ($left left)" [ "$left" = 0 ]
check "Ctrl-C: no socket left behind" bash -c "! ls '$var'/*.sock 2>/dev/null | grep -q ."

start
check "make run again starts and serves /healthz (got $code)" [ "$code" = 200 ]
left=$(ctrl_c)
check "the second Ctrl-C stops it too ($left left)" [ "$left" = 0 ]
check "the pool logs record the starts and the stop" bash -c \
	"grep -q 'pool quick started' '$var/logs/quick.log' && grep -q 'stopping pool analyse' '$var/logs/analyse.log'"
done_testing
