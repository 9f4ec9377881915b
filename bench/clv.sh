#!/usr/bin/env bash
# bench/clv.sh BUILD: lifetime value on a million customers (BENCH_CLV_CUSTOMERS)
# bought as the BG/NBD and Gamma-Gamma models assume (gen_invoices --customers:
# most buy once, some repeat). Side by side: the CLI end to end with --clv off
# and --clv on (goal: on at most 1.5x off), the fits alone (tools/clv_fit, goal:
# at most 2 s), and lifetimes 0.11 (PyPI, in BUILD/venv-lifetimes) on the same
# file: its per-customer summary, BetaGeoFitter and GammaGammaFitter, stopped
# after BENCH_CLV_TIMEOUT seconds (600). Wall time: median of BENCH_CLV_RUNS
# runs (3); lifetimes: 1 run. Prints the figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
n=${BENCH_CLV_CUSTOMERS:-1000000}
runs=${BENCH_CLV_RUNS:-3}
limit=${BENCH_CLV_TIMEOUT:-600}
work=var/bench
mkdir -p "$work"
f=$work/clv_$n.csv
[ -s "$f" ] || "$BUILD/tools/gen_invoices" --customers "$n" >"$f"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }
cli() { bench/measure.py "$runs" env -u GEMINI_API_KEY "$BUILD/smartseg" analyze "$f" --k 3 --out /dev/null "$@"; }

read -r off_s off_kb < <(cli --clv off)
read -r on_s on_kb < <(cli --clv on)
read -r rd_s bg_s gg_s fit_s _ customers repeat r al a b p q v conv < <("$BUILD/tools/clv_fit" "$f" "$runs")
echo "lifetime value: $customers customers ($repeat repeat buyers)," \
	"$(($(wc -l <"$f") - 1)) lines, $(($(stat -c %s "$f") / 1000000)) MB; median of $runs runs"
printf '%-30s %10s %12s\n' "CLI end to end" seconds peak_RSS_MB
printf '%-30s %10s %12d\n' "--clv off" "$off_s" $((off_kb / 1024))
printf '%-30s %10s %12d   on/off %s (goal <= 1.50x)\n' "--clv on" "$on_s" $((on_kb / 1024)) \
	"$(ratio "$on_s" "$off_s")"
printf 'SmartSeg fit: BG/NBD + Gamma-Gamma %s s (goal <= 2 s), %s\n' "$fit_s" "$conv"
printf '  BG/NBD r %s alpha %s days a %s b %s; Gamma-Gamma p %s q %s gamma %s\n' \
	"$r" "$al" "$a" "$b" "$p" "$q" "$v"

# lifetimes 0.11.3 from PyPI, once, into the build folder
venv=$BUILD/venv-lifetimes
if ! "$venv/bin/python" -c "import lifetimes; assert lifetimes.__version__ == '0.11.3'" 2>/dev/null; then
	{ /usr/bin/python3 -m venv "$venv" && "$venv/bin/pip" install -q lifetimes==0.11.3; } \
		>"$work/venv-lifetimes.log" 2>&1 || { echo "lifetimes: not installed (see $work/venv-lifetimes.log)"; exit 0; }
fi
out=$work/clv_lifetimes.out
rc=0
timeout "$limit" "$venv/bin/python" bench/clv_lifetimes.py "$f" >"$out" 2>"$work/clv_lifetimes.err" || rc=$?
stage() { awk -v s="$1" '$1 == s { print $2 }' "$out"; }
note() { awk -v s="$1" '$1 == s && $3 != "" { print " (" $3 ")" }' "$out"; }
ls_read=$(stage read) ls_sum=$(stage summary) ls_bg=$(stage bgnbd) ls_gg=$(stage gamma_gamma)
printf '%-34s %12s %12s %20s\n' stage smartseg_s lifetimes_s lifetimes/smartseg
row() {  # row NAME SMARTSEG_S LIFETIMES_S [NOTE]
	if [ -n "$3" ]; then
		printf '%-34s %12s %12s %20s%s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")" "${4:-}"
	else
		printf '%-34s %12s %12s\n' "$1" "$2" "-"
	fi
}
ls_rs=
[ -n "$ls_read" ] && [ -n "$ls_sum" ] && ls_rs=$(awk -v a="$ls_read" -v b="$ls_sum" 'BEGIN { printf "%.3f", a + b }')
row "read + per-customer summary" "$rd_s" "$ls_rs"
row "BG/NBD fit" "$bg_s" "$ls_bg" "$(note bgnbd)"
row "Gamma-Gamma fit" "$gg_s" "$ls_gg" "$(note gamma_gamma)"
ls_fit=
[ -n "$ls_bg" ] && [ -n "$ls_gg" ] && ls_fit=$(awk -v a="$ls_bg" -v b="$ls_gg" 'BEGIN { printf "%.3f", a + b }')
row "both fits" "$fit_s" "$ls_fit"
if [ "$rc" = 124 ]; then
	echo "lifetimes: did not finish within $limit s (stages above: those it ended)"
elif [ "$rc" != 0 ]; then
	echo "lifetimes: failed (exit $rc): $(tail -n 1 "$work/clv_lifetimes.err")"
else
	awk '$1 == "params" { printf "  lifetimes BG/NBD r %s alpha %s days a %s b %s; Gamma-Gamma p %s q %s gamma %s\n", $4, $5, $6, $7, $8, $9, $10 }' "$out"
fi
