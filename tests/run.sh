#!/usr/bin/env bash
# Runs every test against each build directory given and prints one summary.
# Unit tests are the programs in BUILD/tests/; integration tests are the
# executables in tests/integration/ (they read $BUILD). Each test prints TAP
# lines ("ok ..." / "not ok ..."); a test that exits non-zero without a
# "not ok" line counts as one failure.
set -u
cd "$(dirname "$0")/.."
# libmongoc keeps counters in /dev/shm/mongoc-PID from the moment it is
# loaded; a process killed hard leaves its file, and a later process given
# the same PID warns on stderr, which tests read. The counters are only for
# monitoring tools: keep them in memory.
export MONGOC_DISABLE_SHM=1
pass=0; fail=0; failed_names=()
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

run_one() { # build name command...
	local build=$1 name=$2; shift 2
	local out="$log_dir/out" rc p f
	echo "# [$build] $name"
	BUILD="$build" timeout 1200 "$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out"); f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $name exited with $rc"; fi
	if [ "$rc" -ne 0 ] || [ "$f" -gt 0 ]; then
		sed 's/^/    /' "$out" | tail -n 60
		failed_names+=("[$build] $name")
	else
		grep -E '^(not )?ok ' "$out" | sed 's/^/    /'
	fi
	pass=$((pass + p)); fail=$((fail + f))
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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
