#!/bin/sh
# fcgi-pool.sh: one pool of SmartSeg FastCGI workers: spawn-fcgi binds the
# socket and execs Debian's multiwatch, which forks WORKERS copies of
# smartseg.fcgi on it, restarts any that dies and passes SIGTERM / SIGINT
# on as SIGINT (a worker finishes the request in hand, then leaves).
#   scripts/fcgi-pool.sh NAME LISTEN WORKERS BIN [spawn-fcgi options...]
# LISTEN: a unix socket path (unix:/run/x.sock or /run/x.sock) or HOST:PORT
# for FastCGI over TCP. Runs in the foreground (exec): `make run`, the web
# tests and the systemd unit all start pools this way.
# A worker dying within a second of its start counts as a failed start; after
# 3 in a row multiwatch stops forking it (no tight restart loop) and, once
# every worker is given up, exits 1: the caller restarts the pool later.
set -eu
[ $# -ge 4 ] || { echo "usage: $0 NAME LISTEN WORKERS BIN [spawn-fcgi options...]" >&2; exit 2; }
name=$1 listen=$2 workers=$3 bin=$4
shift 4
PATH=$PATH:/usr/sbin:/usr/bin
case $listen in
unix:*) set -- -s "${listen#unix:}" -M "${SMARTSEG_SOCKET_MODE:-0600}" "$@" ;;
/*) set -- -s "$listen" -M "${SMARTSEG_SOCKET_MODE:-0600}" "$@" ;;
*:*) set -- -a "${listen%:*}" -p "${listen##*:}" "$@" ;;
*) echo "fcgi-pool.sh: LISTEN is a socket path or HOST:PORT (got $listen)" >&2; exit 2 ;;
esac
export SMARTSEG_POOL=$name
# -s QUIT: Debian's multiwatch 1.0.0 sends the signal's place in its list
# (HUP INT QUIT TERM USR1 USR2, from 0) as the signal number, so "QUIT"
# reaches the workers as SIGINT ("TERM" would be SIGQUIT, "USR1" SIGILL);
# the worker takes SIGTERM, SIGINT and SIGQUIT alike as "finish, then leave"
exec spawn-fcgi -n "$@" -- /usr/bin/multiwatch -f "$workers" -s QUIT -r 3 -t 1000 -- "$bin"
