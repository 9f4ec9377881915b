#!/usr/bin/env bash
# bench/stream.sh [BUILD]: streaming one big file: the same 400,000
# customers in 10M rows and, with BENCH_BIG=1, 100M rows (about 7.9 GB,
# made here and removed after: a few minutes), each beside a bare libcsv
# parse: wall time, MB/s, peak RSS. What memory follows shows here: the
# customers, and their orders and purchase days (the distinct invoices and
# days Frequency and the lifetime value count), not the lines. One run each.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
work=var/bench
mkdir -p "$work"
rows_list="10000000"
[ "${BENCH_BIG:-0}" = 1 ] && rows_list="10000000 100000000"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "streaming, 400000 customers in each file, one run each (BENCH_BIG=1 adds 100M rows, 7.9 GB)"
printf '%-24s %8s %8s %9s %8s %9s %8s %11s %11s %12s\n' file MB bare_s ingest_s cli_s cli_MB/s \
	cli/bare ingest_MB cli_rss_MB cli_clvoff_MB
for rows in $rows_list; do
	f="$work/stream_$rows.csv"
	[ -s "$f" ] || "$BUILD/tools/gen_invoices" "$rows" 1 400000 > "$f"
	mb=$(( $(stat -c %s "$f") / 1000000 ))
	read -r bare_s _ < <(bench/measure.py 1 "$BUILD/tools/bare_parse" "$f")
	read -r ing_s ing_kb < <(bench/measure.py 1 "$BUILD/tools/ingest_rfm" "$f" -q)
	read -r cli_s cli_kb < <(bench/measure.py 1 env -u GEMINI_API_KEY "$BUILD/smartseg" analyze "$f" \
		--k 3 --out /dev/null)
	read -r _ off_kb < <(bench/measure.py 1 env -u GEMINI_API_KEY "$BUILD/smartseg" analyze "$f" \
		--k 3 --clv off --out /dev/null)
	printf '%-24s %8d %8s %9s %8s %9s %8s %11d %11d %12d\n' "$(basename "$f")" "$mb" "$bare_s" \
		"$ing_s" "$cli_s" "$(ratio "$mb" "$cli_s")" "$(ratio "$cli_s" "$bare_s")x" \
		$((ing_kb / 1024)) $((cli_kb / 1024)) $((off_kb / 1024))
	# the big file is only worth its disk space while measured
	if [ "$rows" -ge 100000000 ]; then rm -f "$f"; fi
done
