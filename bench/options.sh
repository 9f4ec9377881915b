#!/usr/bin/env bash
# options.sh: what the analysis options (snapshot, returns, nonpositive,
# cap, bins) cost the CLI on the 1M-row synthetic file, side by side in one
# run: the plain k=3 analysis and the same with every option set, in turn
# (plain, options, plain...) so that a load on the machine falls on both
# alike; then valgrind's instruction counts of one run of each, a figure no
# load changes. The goal is at most 1.05x. Prints; asserts nothing.
#   bench/options.sh [BUILD]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${OPTIONS_RUNS:-7}
work=var/bench
mkdir -p "$work"
f=$work/synthetic_1000000.csv
[ -s "$f" ] || "$BUILD/tools/gen_invoices" 1000000 >"$f"
cli=$BUILD/smartseg
plain=(analyze "$f" --k 3 --clv off --out /dev/null)
# every option set, keeping every row (the snapshot after the file's last
# day, returns netted) so that the time is the options' own cost
opts=(analyze "$f" --k 3 --clv off --out /dev/null --snapshot 2011-12-31 --returns net
      --nonpositive keep --cap 99 --bins 4)

/usr/bin/python3 - "$RUNS" "$cli" "${#plain[@]}" "${plain[@]}" "${opts[@]}" <<'PY'
import os, subprocess, sys, time
runs, cli, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
plain, opts = sys.argv[4:4 + n], sys.argv[4 + n:]
env = {k: v for k, v in os.environ.items() if not k.startswith(("GEMINI_", "OPENAI_", "LLM_"))}
t = {"plain": [], "options": []}
for _ in range(runs):
    for name, args in (("plain", plain), ("options", opts)):
        t0 = time.perf_counter()
        subprocess.run([cli] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env, check=True)
        t[name].append(time.perf_counter() - t0)
med = lambda v: sorted(v)[len(v) // 2]
p, o = med(t["plain"]), med(t["options"])
print("analysis options on %s: median wall of %d alternating runs, k=3" % (os.path.basename(plain[1]), runs))
print("%-40s %10s" % ("plain", "%.3f s" % p))
print("%-40s %10s" % ("snapshot, returns, nonpositive, cap, bins", "%.3f s" % o))
print("%-40s %10s   (goal <= 1.05x)" % ("options / plain", "%.3fx" % (o / p)))
PY
if command -v valgrind >/dev/null; then
	ir() {
		local out=$work/callgrind.$$
		env -u GEMINI_API_KEY valgrind --tool=callgrind --callgrind-out-file="$out" "$cli" "$@" 2>&1 |
			awk '/Collected :/ { print $NF }'
		rm -f "$out"
	}
	a=$(ir "${plain[@]}"); b=$(ir "${opts[@]}")
	awk -v a="$a" -v b="$b" 'BEGIN { printf "instructions (callgrind): plain %.0f, options %.0f, %.3fx\n", a, b, b / a }'
fi
