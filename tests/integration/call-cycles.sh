#!/usr/bin/env bash
# call-cycles.sh: the files of lib/ call each other in one direction only:
# no two files, of one module or of two, depend on each other, directly or
# through others (scripts/call-cycles.py over the objects of $BUILD/lib).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$(/usr/bin/python3 scripts/call-cycles.py "$BUILD/lib" lib 2>&1)
rc=$?
summary=$(tail -n 1 <<<"$out")
# the summary line proves the objects were read: a run that read nothing fails
if [ "$rc" = 0 ] && [[ $summary =~ ^([0-9]+)\ files,\ [0-9]+\ dependencies,\ 0\ cycles$ ]] &&
	[ "${BASH_REMATCH[1]}" -ge 30 ]; then
	echo "ok 1 - no call cycle between the files of lib/ ($summary)"
	echo "1..1"
else
	echo "not ok 1 - call cycles between the files of lib/ (exit $rc)"
	sed 's/^/# /' <<<"$out"
	echo "1..1"
	exit 1
fi
