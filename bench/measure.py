#!/usr/bin/python3
"""measure.py RUNS CMD...: runs CMD RUNS times (output discarded) and prints
"median_wall_seconds peak_rss_kib", the peak being the largest of the runs
(read through GNU time). Exits 1 if any run fails."""
import os, subprocess, sys, tempfile, time

runs, cmd = int(sys.argv[1]), sys.argv[2:]
walls, peak = [], 0
with tempfile.NamedTemporaryFile(mode="r") as rss:
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
        if r.returncode != 0:
            sys.exit("failed: " + " ".join(cmd))
        rss.seek(0)
        peak = max(peak, int(rss.read().split()[-1]))
walls.sort()
print("%.3f %d" % (walls[len(walls) // 2], peak))
