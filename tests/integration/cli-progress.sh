#!/usr/bin/env bash
# The reading progress of the command line: a line rewritten in place (\r)
# on stderr when it is a terminal (a pty from util-linux script), nothing
# on stderr when it is a file or a pipe; the document the same either way.
set -u
CLI_TIMEOUT=120
source "$(dirname "$0")/lib/cli-env.sh"
rows=200000
"$ROOT/$BUILD/tools/gen_invoices" $rows > "$T/lines.csv"
# same_doc A B: the same analysis (only its id and date differ)
same_doc() {
	py "$@" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    for k in ("_id", "analysis_id", "created_at"):
        d.pop(k, None)
    d["file_info"].pop("upload_date", None)
diff = [k for k in set(a) | set(b) if a.get(k) != b.get(k)]
assert not diff, [(k, str(a.get(k))[:300], str(b.get(k))[:300]) for k in diff]
PY
}
has_progress() { grep -qaE 'read [0-9]+ rows, [0-9.]+ MB, [0-9.]+ MB/s' "$1"; }

# on a terminal: the document to a file, the terminal's output kept
timeout "$CLI_TIMEOUT" script -qec "'$BIN' analyze '$T/lines.csv' --k 3 --out '$T/tty.json'" \
	/dev/null > "$T/tty.txt"
check "a terminal: the progress line is shown" has_progress "$T/tty.txt"
check "a terminal: the line is rewritten in place (\\r)" grep -qa $'\r''read ' "$T/tty.txt"
check "a terminal: the last line has every row ($rows)" grep -qa "read $rows rows" "$T/tty.txt"
check "a terminal: no sanitizer report" bash -c "! grep -qa 'runtime error\|AddressSanitizer' '$T/tty.txt'"

# stderr to a file, even with stdout on a terminal
timeout "$CLI_TIMEOUT" script -qec "'$BIN' analyze '$T/lines.csv' --k 3 --out '$T/file.json' 2> '$T/file.err'" \
	/dev/null > "$T/file.txt"
check "stderr to a file: no progress there" bash -c "! has() { grep -qaE 'rows,|MB/s' \"\$1\"; }; ! has '$T/file.err' && ! has '$T/file.txt'"
check "stderr to a file: it is empty" test ! -s "$T/file.err"

# stderr to a pipe
timeout "$CLI_TIMEOUT" "$BIN" analyze "$T/lines.csv" --k 3 --out "$T/pipe.json" 2>&1 | cat > "$T/pipe.err"
check "stderr to a pipe: no progress there" bash -c "! grep -qaE 'rows,|MB/s' '$T/pipe.err'"
check "stderr to a pipe: it is empty" test ! -s "$T/pipe.err"

check "the document is the same on a terminal and off it" same_doc "$T/tty.json" "$T/file.json"
check "the document is the same with stderr to a pipe" same_doc "$T/tty.json" "$T/pipe.json"

echo "1..$n"
[ "$fail" -eq 0 ]
