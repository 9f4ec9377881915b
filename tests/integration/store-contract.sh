#!/usr/bin/env bash
# store-contract.sh: the store contract suite against SQLite and against a
# MongoDB-compatible server (FerretDB, over the wire protocol on loopback):
# contract, 4 concurrent writer processes, persistence across a restart,
# JSON output, and (MongoDB) the server dying mid-save and coming back.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
TOOL=$BUILD/tools/store_contract
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
unset MONGO_URI DB_NAME SMARTSEG_DB
if [ ! -x "$TOOL" ]; then
	echo "not ok 1 - $TOOL is not built"
	exit 1
fi
tmp=$(mktemp -d)
mongo_dir=$tmp/mongo
cleanup() {
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	scripts/mongo-server.sh stop "$mongo_dir" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

n=0
tap() { # status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# Runs a TAP-printing command and renumbers its lines under a label; a
# non-zero exit without a "not ok" line counts as a failure.
sub() { # label command...
	local label=$1 rc line bad=0
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) tap 0 "$label: ${line#* - }" ;;
		"not ok "*) tap 1 "$label: ${line#* - }"; bad=1 ;;
		"#"*) echo "$line" ;;
		"Bail out!"*) tap 1 "$label: $line"; bad=1 ;;
		esac
	done <"$tmp/out"
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		tap 1 "$label: exited with status $rc"
	fi
	[ "$rc" -ne 0 ] && sed 's/^/# stderr: /' "$tmp/err" | tail -n 20
	return 0
}

wait_file() { # path seconds
	local i
	for ((i = 0; i < $2 * 10; i++)); do [ -e "$1" ] && return 0; sleep 0.1; done
	return 1
}

# Four processes, each with its own store, save 25 analyses at once.
concurrent() { # label
	local label=$1 pids=() rc=0 i
	for i in 1 2 3 4; do
		"$TOOL" save-many 25 >"$tmp/ids.$i" 2>"$tmp/err.$i" &
		pids+=($!)
	done
	for i in 0 1 2 3; do
		wait "${pids[$i]}" || { rc=1; sed 's/^/# /' "$tmp/err.$((i + 1))" | tail -n 5; }
	done
	tap "$rc" "$label: 4 processes saving 25 analyses each all succeed"
	sub "$label concurrent" "$TOOL" verify "$tmp"/ids.1 "$tmp"/ids.2 "$tmp"/ids.3 "$tmp"/ids.4
	rm -f "$tmp"/ids.* "$tmp"/err.*
}

# Eight processes save a new analysis each under one idempotency key at
# once: one stores, the seven others get its id.
concurrent_key() { # label
	local label=$1 pids=() rc=0 i
	for i in 1 2 3 4 5 6 7 8; do
		"$TOOL" save-keyed same-key >"$tmp/key.$i" 2>"$tmp/kerr.$i" &
		pids+=($!)
	done
	for i in 0 1 2 3 4 5 6 7; do
		wait "${pids[$i]}" || { rc=1; sed 's/^/# /' "$tmp/kerr.$((i + 1))" | tail -n 5; }
	done
	tap "$rc" "$label: 8 processes saving under one idempotency key at once all succeed"
	local saved existing ids
	saved=$(cat "$tmp"/key.* | grep -c '^saved ')
	existing=$(cat "$tmp"/key.* | grep -c '^existing ')
	ids=$(cut -d' ' -f2 "$tmp"/key.* | sort -u)
	[ "$saved" = 1 ] && [ "$existing" = 7 ] && [ "$(wc -l <<<"$ids")" = 1 ]
	tap $? "$label: exactly one stored ($saved), the other $existing were given its id"
	sub "$label one key" "$TOOL" key-check same-key "$(head -n 1 <<<"$ids")"
	rm -f "$tmp"/key.* "$tmp"/kerr.*
}

json_check() { # label id customers
	local label=$1 id=$2 rows=$3
	"$TOOL" json "$id" >"$tmp/doc.json" 2>"$tmp/err"
	tap $? "$label: json writes analysis $id"
	/usr/bin/python3 - "$tmp/doc.json" "$id" "$rows" <<'PY'
import json, sys
path, oid, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = json.load(open(path))
need = ["status", "analysis_id", "_id", "created_at", "k_used", "summary", "raw_data",
        "kmeans_metrics", "file_info"]
missing = [k for k in need if k not in d]
assert not missing, "missing keys %s" % missing
assert d["_id"] == oid, d["_id"]
assert d["created_at"].endswith("Z") and d["file_info"]["upload_date"].endswith("Z")
assert len(d["raw_data"]) == rows, len(d["raw_data"])
r = d["raw_data"][7]
assert r["CustomerID"] == "C0000007" and r["Recency"] == 7 and r["Cluster"] == 7 % 4, r
assert isinstance(d["k_used"], int) and isinstance(d["summary"][0]["Count"], int)
PY
	tap $? "$label: the JSON parses, has every contract key and all $rows customers"
}

gunzip -c tests/data/online_retail.csv.gz >"$tmp/online_retail.csv"

# ---- SQLite ----
export SMARTSEG_DB=$tmp/sqlite/contract.db
sub "sqlite" env EXPECT_BACKEND=sqlite "$TOOL" suite
SMARTSEG_DB=$tmp/sqlite/real.db sub "sqlite real" "$TOOL" real "$tmp/online_retail.csv"
export SMARTSEG_DB=$tmp/sqlite/concurrent.db
concurrent "sqlite"
export SMARTSEG_DB=$tmp/sqlite/keyed.db
concurrent_key "sqlite"
export SMARTSEG_DB=$tmp/sqlite/persist.db
id=$("$TOOL" save-one 5000 2>"$tmp/err")
tap $? "sqlite: an analysis of 5000 customers saves"
sub "sqlite after reopening" "$TOOL" check "$id" 5000
json_check "sqlite" "$id" 5000
mode=$(sqlite3 "$SMARTSEG_DB" 'PRAGMA journal_mode' 2>/dev/null)
ver=$(sqlite3 "$SMARTSEG_DB" 'PRAGMA user_version' 2>/dev/null)
[ "$mode" = wal ] && [ "$ver" -ge 1 ]
tap $? "sqlite: the file is in WAL mode with schema version $ver"
unset SMARTSEG_DB

# ---- MongoDB (FerretDB) ----
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if ! scripts/mongo-server.sh start "$mongo_dir" "$port" >"$tmp/mongo.log" 2>&1; then
	sed 's/^/# /' "$tmp/mongo.log"
	tap 1 "mongodb: the MongoDB-compatible server starts on 127.0.0.1:$port"
	exit 1
fi
tap 0 "mongodb: the MongoDB-compatible server starts on 127.0.0.1:$port"
export MONGO_URI="mongodb://127.0.0.1:$port"

DB_NAME=contract sub "mongodb" env EXPECT_BACKEND=mongodb "$TOOL" suite
DB_NAME=real sub "mongodb real" "$TOOL" real "$tmp/online_retail.csv"
export DB_NAME=concurrent
concurrent "mongodb"
export DB_NAME=keyed
concurrent_key "mongodb"
export DB_NAME=persist
id=$("$TOOL" save-one 5000 2>"$tmp/err")
tap $? "mongodb: an analysis of 5000 customers saves"
scripts/mongo-server.sh stop "$mongo_dir" && scripts/mongo-server.sh start "$mongo_dir" "$port"
tap $? "mongodb: the server restarts"
sub "mongodb after a server restart" "$TOOL" check "$id" 5000
json_check "mongodb" "$id" 5000

# The server dies in the middle of a save, then comes back: see fault() in
# tests/tools/store_contract.c for the other half of this exchange.
export DB_NAME=fault
fdir=$tmp/fault
mkdir -p "$fdir"
"$TOOL" fault "$fdir" >"$tmp/fault.out" 2>"$tmp/fault.err" &
fpid=$!
if wait_file "$fdir/saving" 120; then
	sleep 0.3   # into the 1M-customer save
	scripts/mongo-server.sh kill "$mongo_dir"
	touch "$fdir/down"
	if wait_file "$fdir/checked" 120; then
		scripts/mongo-server.sh start "$mongo_dir" "$port" >"$tmp/mongo.log" 2>&1
		touch "$fdir/restarted"
	fi
fi
wait "$fpid"
frc=$?
sub "mongodb fault" sh -c "cat '$tmp/fault.out'; exit $frc"
[ "$frc" -ne 0 ] && sed 's/^/# stderr: /' "$tmp/fault.err" | tail -n 20
echo "1..$n"
