#!/usr/bin/env bash
# store.sh: store figures on SQLite and on FerretDB (MongoDB wire protocol):
# save/stream/get of a 1M-customer analysis, history-list latency with
# 10,000 analyses stored. Usage: bench/store.sh [BUILD] (default build).
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TOOL=$BUILD/tools/store_bench
N=${STORE_BENCH_CUSTOMERS:-1000000}
M=${STORE_BENCH_ANALYSES:-10000}
[ -x "$TOOL" ] || make --no-print-directory "$TOOL" BUILD="$BUILD"
tmp=$(mktemp -d)
trap 'scripts/mongo-server.sh stop "$tmp/mongo" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
unset MONGO_URI DB_NAME

echo "== store: SQLite (WAL, synchronous=FULL) on $(df -P "$tmp" | awk 'NR==2 {print $1}')"
SMARTSEG_DB=$tmp/bench.db "$TOOL" big "$N"
SMARTSEG_DB=$tmp/bench.db "$TOOL" history "$M"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
scripts/mongo-server.sh start "$tmp/mongo" "$port"
echo "== store: FerretDB $("$(ls "${SMARTSEG_TOOLS:-$HOME/.cache/smartseg}"/bin/ferretdb-* | head -n1)" --version 2>/dev/null | awk '/version/ {print $2; exit}') (SQLite backend), MongoDB wire protocol on 127.0.0.1:$port"
MONGO_URI=mongodb://127.0.0.1:$port DB_NAME=bench "$TOOL" big "$N"
MONGO_URI=mongodb://127.0.0.1:$port DB_NAME=bench "$TOOL" history "$M"
