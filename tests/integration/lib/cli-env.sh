# cli-env.sh: sourced by the command-line tests. Sets ROOT, BUILD, BIN
# (the smartseg binary) and T (a temp directory, the working directory,
# removed at exit); runs where no developer .env can switch a language
# model on; gives the TAP helpers and run/expect. CLI_TIMEOUT (seconds,
# default 60) bounds each run so that a hang fails instead of stalling.
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
ROOT=$PWD
BUILD=${BUILD:-build}
BIN="$ROOT/$BUILD/smartseg"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset GEMINI_API_KEY LLM_PROVIDER OPENAI_BASE_URL
cd "$T"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
n=0; fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
py() { /usr/bin/python3 - "$@"; }

# run ARGS...: smartseg analyze ARGS; sets rc and err (stderr text); the
# document in $T/out.json
run() {
	timeout "${CLI_TIMEOUT:-60}" "$BIN" analyze "$@" > "$T/out.json" 2> "$T/err.txt"
	rc=$?
	err=$(cat "$T/err.txt")
}
# expect NAME RC PATTERN ARGS...: the run ends with RC and a stderr matching
# PATTERN (extended, any case), and no sanitizer report
expect() {
	local name=$1 want=$2 pat=$3; shift 3
	run "$@"
	if [ "$rc" -eq "$want" ] && grep -qiE "$pat" "$T/err.txt" && ! grep -q 'runtime error\|AddressSanitizer' "$T/err.txt"; then
		ok "$name (exit $rc: $(head -c 200 "$T/err.txt" | tr '\n' ' '))"
	else
		nok "$name: exit $rc, want $want /$pat/: $(head -c 400 "$T/err.txt")"
	fi
}
