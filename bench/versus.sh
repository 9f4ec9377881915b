#!/usr/bin/env bash
# versus.sh: this tree's CLI against an earlier revision's, side by side in
# one run (make bench-versus REV=...). For each file the two CLIs run in
# turn (old, new, old, new...) so that a load on the machine falls on both
# alike; then valgrind counts the instructions of one run of each, a figure
# no load changes. Prints medians and new/old ratios;
# asserts nothing.
#   bench/versus.sh REV [BUILD]
set -euo pipefail
cd "$(dirname "$0")/.."
REV=${1:?usage: bench/versus.sh REV [BUILD]}
BUILD=${2:-build}
RUNS=${VERSUS_RUNS:-7}
work=var/bench
old_tree=$work/rev-$(git rev-parse --short "$REV")
mkdir -p "$work"

if [ ! -x "$old_tree/build/smartseg" ]; then
	rm -rf "$old_tree"
	git worktree prune
	git worktree add --detach "$old_tree" "$REV" >/dev/null
	make -C "$old_tree" --no-print-directory -j2 build/smartseg >/dev/null
fi
old=$old_tree/build/smartseg
new=$BUILD/smartseg

gzip -dc tests/data/online_retail.csv.gz >"$work/online_retail.csv"
[ -s "$work/synthetic_1000000.csv" ] || "$BUILD/tools/gen_invoices" 1000000 >"$work/synthetic_1000000.csv"

# alternate RUNS runs of each: "old_median new_median"
alternate() {
	/usr/bin/python3 - "$RUNS" "$old" "$new" "$@" <<'PY'
import os, subprocess, sys, time
runs, old, new, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
env = {k: v for k, v in os.environ.items() if not k.startswith(("GEMINI_", "OPENAI_", "LLM_"))}
t = {old: [], new: []}
for _ in range(runs):
    for exe in (old, new):
        t0 = time.perf_counter()
        subprocess.run([exe] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env, check=True)
        t[exe].append(time.perf_counter() - t0)
med = lambda v: sorted(v)[len(v) // 2]
print("%.3f %.3f" % (med(t[old]), med(t[new])))
PY
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }

echo "CLI of $(git rev-parse --short "$REV") (old) against this tree (new): median wall of $RUNS alternating runs, k=3"
printf '%-26s %10s %10s %10s\n' file old_s new_s new/old
for f in "$work/online_retail.csv" "$work/synthetic_1000000.csv"; do
	read -r o n < <(alternate analyze "$f" --k 3 --out /dev/null)
	printf '%-26s %10s %10s %10s\n' "$(basename "$f")" "$o" "$n" "$(ratio "$n" "$o")"
	read -r o n < <(alternate analyze "$f" --k auto --transform log --out /dev/null)
	printf '%-26s %10s %10s %10s\n' "  k=auto transform=log" "$o" "$n" "$(ratio "$n" "$o")"
done

if command -v valgrind >/dev/null; then
	echo
	echo "instructions of one run, k=3 (valgrind --tool=callgrind)"
	ir() {
		local out=$work/callgrind.$$
		env -u GEMINI_API_KEY valgrind --tool=callgrind --callgrind-out-file="$out" \
			"$1" analyze "$2" --k 3 --out /dev/null 2>&1 |
			awk '/Collected :/ { print $NF }'
		rm -f "$out"
	}
	printf '%-26s %14s %14s %10s\n' file old_Ir new_Ir new/old
	for f in "$work/online_retail.csv" "$work/synthetic_1000000.csv"; do
		o=$(ir "$old" "$f"); n=$(ir "$new" "$f")
		printf '%-26s %14s %14s %10s\n' "$(basename "$f")" "$o" "$n" "$(ratio "$n" "$o")"
	done
fi
