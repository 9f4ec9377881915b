#!/usr/bin/env bash
# make bench: SmartSeg's CLI (and its ingest alone) against the pandas +
# scikit-learn pipeline and a bare libcsv parse of the same files, side by
# side, with wall time, peak RSS and ratios; the streaming table
# (bench/stream.sh); then the exact silhouette of 50,000 customers, and the
# lifetime value (bench/clv.sh), web and store benchmarks when present.
# Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
ROWS_LIST=${BENCH_ROWS:-"1000000 10000000"}
work=var/bench
mkdir -p "$work"

gzip -dc tests/data/online_retail.csv.gz > "$work/online_retail.csv"
for rows in $ROWS_LIST; do
	f="$work/synthetic_$rows.csv"
	[ -s "$f" ] || "$BUILD/tools/gen_invoices" "$rows" > "$f"
done

# measure RUNS CMD...: "median_seconds peak_kib" over RUNS runs
measure() { bench/measure.py "$@"; }

# runs per file: more for small files, where noise matters most
runs_for() {
	local size
	size=$(stat -c %s "$1")
	if [ "$size" -lt 100000000 ]; then echo 7; else echo 3; fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "wall time: median of 7 runs (files < 100 MB) or 3; pandas: 1 run"
printf '%-26s %10s %10s %10s %10s %12s %12s %10s %12s %10s\n' file bare_s ingest_s cli_s pandas_s \
	cli_rss_MB pandas_rss_MB pandas/cli ingest/bare cli/bare
for f in "$work/online_retail.csv" $(for r in $ROWS_LIST; do echo "$work/synthetic_$r.csv"; done); do
	runs=$(runs_for "$f")
	read -r bare_s _ < <(measure "$runs" "$BUILD/tools/bare_parse" "$f")
	read -r ing_s _ < <(measure "$runs" "$BUILD/tools/ingest_rfm" "$f" -q)
	read -r cli_s cli_kb < <(measure "$runs" env -u GEMINI_API_KEY "$BUILD/smartseg" analyze "$f" --k 3 --out /dev/null)
	read -r pd_s pd_kb < <(measure 1 /usr/bin/python3 bench/seed_pipeline.py "$f" --k 3)
	printf '%-26s %10s %10s %10s %10s %12d %12d %10s %12s %10s\n' "$(basename "$f")" "$bare_s" "$ing_s" \
		"$cli_s" "$pd_s" $((cli_kb / 1024)) $((pd_kb / 1024)) "$(ratio "$pd_s" "$cli_s")x" \
		"$(ratio "$ing_s" "$bare_s")x" "$(ratio "$cli_s" "$bare_s")x"
done

echo
bench/stream.sh "$BUILD"
echo
"$BUILD/tools/silhouette_bench" 50000
for extra in bench/options.sh bench/clv.sh bench/web.sh bench/store.sh bench/compare.sh; do
	if [ -x "$extra" ]; then
		echo
		"$extra" "$BUILD"
	fi
done
