#!/usr/bin/env bash
# bench/compare.sh BUILD: two stored analyses compared (the streamed merge
# of both customer lists in CustomerID order) on SQLite, 300,000 and
# 1,000,000 customers each, and on MongoDB (a local FerretDB) with 300,000;
# with and without the per-customer CSV. Wall time: median of 3 runs of
# the whole process (open, both heads, both cursors, merge, JSON); peak
# RSS from GNU time. Memory does not grow with the customers: the merge
# holds one row of each list and k x k counts (the bound stated in the
# README), so 300k and 1M should show the same RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
work=var/bench/compare
rm -rf "$work"; mkdir -p "$work"
tool=$BUILD/tools/compare_stored

row() {  # row BACKEND N A B: one line of the table
	local be=$1 n=$2 a=$3 b=$4 s kb s2 kb2
	read -r s kb < <(bench/measure.py 3 "$tool" compare "$a" "$b")
	read -r s2 kb2 < <(bench/measure.py 3 "$tool" compare "$a" "$b" "$work/customers.csv")
	printf '%-8s %12s %12s %10s %12s %14s %16s\n' "$be" "$n" "$n" "$s" $((kb / 1024)) "$s2" $((kb2 / 1024))
}

echo "compare two stored analyses: median of 3 runs; RSS = peak of the process"
printf '%-8s %12s %12s %10s %12s %14s %16s\n' store customers_a customers_b compare_s peak_RSS_MB with_csv_s csv_peak_RSS_MB
export SMARTSEG_DB=$work/bench.db
unset MONGO_URI
for n in 300000 1000000; do
	a=$("$tool" gen "$n" 1); b=$("$tool" gen "$n" 2)
	row sqlite "$n" "$a" "$b"
done
mongo=scripts/mongo-server.sh
if [ -x "$mongo" ] && "$mongo" build >"$work/mongo-build.log" 2>&1; then
	port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$mongo" start "$work/mongo" "$port"
	trap '"$mongo" stop "$work/mongo"' EXIT
	export MONGO_URI="mongodb://127.0.0.1:$port" DB_NAME=smartseg_bench_compare
	a=$("$tool" gen 300000 1); b=$("$tool" gen 300000 2)
	row mongodb 300000 "$a" "$b"
else
	echo "mongodb: no MongoDB-compatible server could be built here"
fi
