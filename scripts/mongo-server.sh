#!/usr/bin/env bash
# Runs a MongoDB-compatible server (FerretDB 1.x on its SQLite backend) on loopback for tests.
#   scripts/mongo-server.sh build            build FerretDB once into the tools cache
#   scripts/mongo-server.sh start DIR PORT   start it on 127.0.0.1:PORT, data in DIR; waits until it accepts connections
#   scripts/mongo-server.sh stop DIR         stop it (TERM, then KILL) and wait until it is gone
#   scripts/mongo-server.sh kill DIR         kill it at once (SIGKILL), as a crash would
# The binary lives in ${SMARTSEG_TOOLS:-$HOME/.cache/smartseg}/bin; the build log next to it.
set -euo pipefail

FERRET_VERSION=${FERRET_VERSION:-v1.24.0}
FERRET_MODULE=github.com/FerretDB/FerretDB
TOOLS=${SMARTSEG_TOOLS:-$HOME/.cache/smartseg}
BIN=$TOOLS/bin/ferretdb-$FERRET_VERSION
LOG=$TOOLS/ferretdb-build.log

die() { echo "mongo-server: $*" >&2; exit 1; }
# Go installed by hand lives here, off the default PATH
PATH=$PATH:/usr/local/go/bin

# Builds from the module source: `go install` alone leaves out the generated
# build/version/version.txt, without which the binary refuses to start.
build() {
	if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then return 0; fi
	command -v go >/dev/null || die "the Go toolchain is needed to build FerretDB (apt-get install golang-go, or go.dev/dl)"
	mkdir -p "$TOOLS/bin" "$TOOLS/src"
	exec 9>"$TOOLS/build.lock"
	flock 9   # another test run may be building it right now
	if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then return 0; fi
	echo "mongo-server: building FerretDB $FERRET_VERSION (log: $LOG)" >&2
	local start=$SECONDS src dir
	{
		echo "== $(date -u +%FT%TZ) building $FERRET_MODULE@$FERRET_VERSION; GOPROXY=$(go env GOPROXY)"
		dir=$(cd "$TOOLS" && GOFLAGS=-mod=mod go mod download -json "$FERRET_MODULE@$FERRET_VERSION" |
			sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
		[ -n "$dir" ] && [ -d "$dir" ] || { echo "module download failed"; exit 1; }
		src=$TOOLS/src/ferretdb-$FERRET_VERSION
		rm -rf "$src"; cp -r "$dir" "$src"; chmod -R u+w "$src"
		echo "$FERRET_VERSION" >"$src/build/version/version.txt"
		(cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb)
		mv "$BIN.tmp" "$BIN"
		echo "== built in $((SECONDS - start)) s"
	} >>"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; die "FerretDB build failed (see $LOG)"; }
	echo "mongo-server: built $BIN in $((SECONDS - start)) s" >&2
}

# MONGO_LISTEN: the address to listen on (default 127.0.0.1; the scale-out
# test gives the store an address of its own that other hosts reach)
LISTEN=${MONGO_LISTEN:-127.0.0.1}
port_open() { (exec 3<>"/dev/tcp/$LISTEN/$1") 2>/dev/null; }

start() {
	local dir=$1 port=$2 pid
	build
	mkdir -p "$dir/data"
	dir=$(cd "$dir" && pwd)
	if [ -f "$dir/ferretdb.pid" ] && kill -0 "$(cat "$dir/ferretdb.pid")" 2>/dev/null; then
		die "already running in $dir (pid $(cat "$dir/ferretdb.pid"))"
	fi
	port_open "$port" && die "port $port is already in use"
	"$BIN" --handler=sqlite --sqlite-url="file:$dir/data/" --state-dir="$dir" \
		--listen-addr="$LISTEN:$port" --debug-addr=- --telemetry=disable \
		--log-level=warn >>"$dir/ferretdb.log" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$dir/ferretdb.pid"
	echo "$port" >"$dir/ferretdb.port"
	for _ in $(seq 1 300); do
		if port_open "$port"; then return 0; fi
		kill -0 "$pid" 2>/dev/null || { tail -n 20 "$dir/ferretdb.log" >&2; die "FerretDB exited at start"; }
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	die "FerretDB did not accept connections on port $port within 30 s"
}

stop() { # dir signal
	local dir=$1 sig=$2 pid
	[ -f "$dir/ferretdb.pid" ] || return 0
	pid=$(cat "$dir/ferretdb.pid")
	if kill -0 "$pid" 2>/dev/null; then
		kill "-$sig" "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL "$pid" 2>/dev/null || true
			for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		fi
	fi
	rm -f "$dir/ferretdb.pid"
}

case ${1:-} in
build) build ;;
start) [ $# -eq 3 ] || die "usage: $0 start DIR PORT"; start "$2" "$3" ;;
stop)  [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" TERM ;;
kill)  [ $# -eq 2 ] || die "usage: $0 kill DIR"; stop "$2" KILL ;;
*) die "usage: $0 build | start DIR PORT | stop DIR | kill DIR" ;;
esac
