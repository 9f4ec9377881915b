#!/usr/bin/env bash
# fuzz/run.sh BUILD SECONDS [TARGET...]: runs each libFuzzer target of
# BUILD/fuzz (all of them by default) for SECONDS on a working copy of its
# seed corpus (BUILD/fuzz-work/NAME: it grows from run to run; the
# committed fuzz/corpus/NAME is never written). Findings go to
# BUILD/fuzz-findings/NAME/. Prints one line per target: executions,
# coverage, corpus size, findings. Exit 1 when a target found something.
set -u
cd "$(dirname "$0")/.."
build=${1:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
secs=${2:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in fuzz/fuzz-*.c; do n=${f#fuzz/fuzz-}; targets+=("${n%.c}"); done
fi
status=0
for t in "${targets[@]}"; do
	work="$build/fuzz-work/$t" found="$build/fuzz-findings/$t"
	mkdir -p "$work" "$found"
	cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null
	log="$build/fuzz-findings/$t.log"
	"$build/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$found/" -print_final_stats=1 "$work" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
	n=$(find "$found" -type f | wc -l)
	echo "$t: ${execs:-0} executions, ${cov:-cov: ?}, corpus $(ls "$work" | wc -l) inputs, exit $rc, findings in $found: $n"
	if [ "$rc" -ne 0 ]; then
		grep -E 'ERROR|fuzz check|SUMMARY|#[0-9]+ +in ' "$log" | head -n 20 | sed 's/^/    /'
		status=1
	fi
done
exit $status
