#!/usr/bin/env bash
# Runs every test against each build directory given and prints one summary.
# Unit tests are the programs in BUILD/tests/; integration tests are the
# executables in tests/integration/ (they read $BUILD). Each test prints TAP
# lines ("ok ..." / "not ok ..."); a test that exits non-zero without a
# "not ok" line counts as one failure. "ok ... # SKIP reason" (or a plan
# "1..0 # SKIP") counts as skipped, not passed. By hand skips are allowed;
# with SMARTSEG_NO_SKIP=1 (as `make test` and CI run it) any skip fails the run.
set -u
cd "$(dirname "$0")/.."
# libmongoc keeps counters in /dev/shm/mongoc-PID from the moment it is
# loaded; a process killed hard leaves its file, and a later process given
# the same PID warns on stderr, which tests read. The counters are only for
# monitoring tools: keep them in memory.
export MONGOC_DISABLE_SHM=1
pass=0; fail=0; skip=0; failed_names=(); skipped_names=()
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

run_one() { # build name command...
	local build=$1 name=$2; shift 2
	local out="$log_dir/out" rc p f s
	echo "# [$build] $name"
	BUILD="$build" timeout 1200 "$@" >"$out" 2>&1
	rc=$?
	s=$(grep -ciE '^ok .*[[:space:]]#[[:space:]]*skip' "$out")
	p=$(($(grep -c '^ok ' "$out") - s)); f=$(grep -c '^not ok ' "$out")
	# a plan of 1..0 with a SKIP: the whole test was skipped
	if [ "$p" -eq 0 ] && [ "$s" -eq 0 ] && grep -qiE '^1\.\.0[[:space:]]*#[[:space:]]*skip' "$out"; then s=1; fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $name exited with $rc"; fi
	if [ "$rc" -ne 0 ] || [ "$f" -gt 0 ]; then
		sed 's/^/    /' "$out" | tail -n 60
		failed_names+=("[$build] $name")
	else
		grep -E '^(not )?ok |^1\.\.0' "$out" | sed 's/^/    /'
	fi
	[ "$s" -gt 0 ] && skipped_names+=("[$build] $name")
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}

for build in "$@"; do
	for t in "$build"/tests/test-*; do
		[ -x "$t" ] || continue
		run_one "$build" "$(basename "$t")" "$t"
	done
	for t in tests/integration/*; do
		[ -x "$t" ] && [ -f "$t" ] || continue
		run_one "$build" "$(basename "$t")" "$t"
	done
done

if [ ${#failed_names[@]} -gt 0 ]; then
	echo "# failing: ${failed_names[*]}"
fi
if [ ${#skipped_names[@]} -gt 0 ]; then
	echo "# skipping: ${skipped_names[*]}"
	[ "${SMARTSEG_NO_SKIP:-0}" = 1 ] && echo "# SMARTSEG_NO_SKIP=1: a skip fails the run"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ] && { [ "$skip" -eq 0 ] || [ "${SMARTSEG_NO_SKIP:-0}" != 1 ]; }
