#!/usr/bin/env bash
# fuzz-smoke.sh: every fuzz target (fuzz/) on its committed corpus, the
# findings fixed so far included. In the ASan build's pass: the libFuzzer
# targets, built by clang with ASan + UBSan (make fuzz-build), each for a
# fixed number of mutated inputs (SMOKE_RUNS; a smoke test, not a fuzzing
# campaign: `make fuzz` is that). In the other builds: the same targets as
# plain programs of that build replaying the corpus.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
n=0 failed=0
targets=()
for f in fuzz/fuzz-*.c; do t=${f#fuzz/fuzz-}; targets+=("${t%.c}"); done
# slow targets (a whole analysis, a 160 KiB file per input) run fewer
runs_of() {
	case $1 in
	document|ingest-split|ingest-live) echo "${SMOKE_RUNS_SLOW:-150}" ;;
	*) echo "${SMOKE_RUNS:-3000}" ;;
	esac
}
report() { # ok? description [log]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"
	else echo "not ok $n - $2"; failed=1; [ -n "${3:-}" ] && tail -n 30 "$3" | sed 's/^/# /'; fi
}
log=$(mktemp); trap 'rm -f "$log"' EXIT
case $BUILD in
*asan*)
	fb=${FUZZ_BUILD:-build-fuzz}
	make --no-print-directory -j2 fuzz-build FUZZ_BUILD="$fb" >"$log" 2>&1
	report $? "the libFuzzer targets build (clang, -fsanitize=fuzzer,address,undefined)" "$log"
	for t in "${targets[@]}"; do
		runs=$(runs_of "$t")
		work=$(mktemp -d)
		cp fuzz/corpus/"$t"/* "$work"/
		"$fb/fuzz/fuzz-$t" -runs="$runs" -seed=1 -timeout=20 -rss_limit_mb=1024 \
			-artifact_prefix="$work/" -print_final_stats=1 "$work" >"$log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		[ "$rc" = 0 ] && [ "${execs:-0}" -ge "$runs" ]
		report $? "fuzz-$t: $runs mutated inputs (${execs:-0} run) under ASan + UBSan, no finding" "$log"
		rm -rf "$work"
	done
	;;
*)
	for t in "${targets[@]}"; do
		out=$("$BUILD/fuzz/replay-$t" fuzz/corpus/"$t" 2>&1)
		rc=$?
		echo "$out" >"$log"
		report $rc "replay-$t ($BUILD): the corpus of fuzz-$t ($(tail -n 1 <<<"$out")) passes its checks" "$log"
	done
	;;
esac
echo "1..$n"
exit $failed
