# fake-gemini.sh (sourced): loopback-only settings and the local fake Gemini
# and OpenAI-compatible servers shared by the language-model tests.

# No proxy from the caller's environment may step in, and no real settings.
gemini_loopback_env() {
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
	export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1
	unset GEMINI_API_KEY GEMINI_MODEL GEMINI_BASE_URL GEMINI_TIMEOUT_S LLM_PROVIDER \
		OPENAI_BASE_URL OPENAI_API_KEY OPENAI_MODEL OPENAI_TIMEOUT_S
}

# What the Gemini tests start with: loopback settings, a temp dir in $tmp,
# the fake server stopped and $tmp removed at exit, and the TAP counter.
gemini_test_begin() {
	gemini_loopback_env
	tmp=$(mktemp -d)
	FAKE_GEMINI_PID=
	FAKE_OPENAI_PID=
	trap 'fake_gemini_stop; fake_openai_stop; rm -rf "$tmp"' EXIT
	n=0
}

# t DESCRIPTION COMMAND...: runs the command, prints one TAP line.
t() {
	local d=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $d"; else echo "not ok $n - $d"; fi
}

# gemini_check_begin: gemini_test_begin for the tests of the client tool
# $BUILD/tools/gemini_check (sets CHECK and PY); a failure when it is not built.
gemini_check_begin() {
	BUILD=${BUILD:-build}
	CHECK=$BUILD/tools/gemini_check
	PY=/usr/bin/python3
	gemini_test_begin
	[ -x "$CHECK" ] || { echo "not ok 1 - $CHECK is built"; exit 1; }
}

# What the client checks read: a key of the client's output ($tmp/out) or
# of the request summary ($tmp/req); is GOT WANT and has TEXT PART say what
# they got when they fail.
get() { sed -n "s/^$1=//p" "$tmp/out" | head -n 1; }
req() { sed -n "s/^$1=//p" "$tmp/req" | head -n 1; }
is() { [ "$1" = "$2" ] || { echo "#   got '$1', want '$2'"; return 1; }; }
has() { case $1 in *"$2"*) return 0;; esac; echo "#   '$1' lacks '$2'"; return 1; }

# clean_run: the last run ($rc, its stderr in $tmp/err) exited 0 and wrote
# nothing on stderr; else says what it got. A sanitizer report or a crash
# shows as a failure here.
clean_run() {
	[ "$rc" = 0 ] && [ ! -s "$tmp/err" ] && return 0
	echo "#   exit $rc"; sed 's/^/#   /' "$tmp/err" | head -n 20
	return 1
}

# Stops the fake server, if it runs (its port then refuses connections).
fake_gemini_stop() {
	[ -n "${FAKE_GEMINI_PID:-}" ] && kill "$FAKE_GEMINI_PID" 2>/dev/null &&
		wait "$FAKE_GEMINI_PID" 2>/dev/null
	FAKE_GEMINI_PID=
}

# fake_gemini_start DIR [fake_gemini.py args...]: starts the server with its
# port file and request log in DIR; sets FAKE_GEMINI_PID and FAKE_GEMINI_URL
# (empty when it did not come up within 10 s).
fake_gemini_start() {
	local dir=$1 here
	shift
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
	/usr/bin/python3 "$here/tests/tools/fake_gemini.py" --port-file "$dir/port" \
		--log "$dir/log" "$@" >/dev/null 2>&1 &
	FAKE_GEMINI_PID=$!
	for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
	FAKE_GEMINI_URL=
	[ -s "$dir/port" ] && FAKE_GEMINI_URL=http://127.0.0.1:$(cat "$dir/port")
}

fake_openai_stop() {
	[ -n "${FAKE_OPENAI_PID:-}" ] && kill "$FAKE_OPENAI_PID" 2>/dev/null &&
		wait "$FAKE_OPENAI_PID" 2>/dev/null
	FAKE_OPENAI_PID=
}

# fake_openai_start DIR [fake_openai.py args...]: as fake_gemini_start, for
# the OpenAI-compatible fake; sets FAKE_OPENAI_PID and FAKE_OPENAI_URL (the
# server root; the API base is $FAKE_OPENAI_URL/v1).
fake_openai_start() {
	local dir=$1 here
	shift
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
	/usr/bin/python3 "$here/tests/tools/fake_openai.py" --port-file "$dir/port" \
		--log "$dir/log" "$@" >/dev/null 2>&1 &
	FAKE_OPENAI_PID=$!
	for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
	FAKE_OPENAI_URL=
	[ -s "$dir/port" ] && FAKE_OPENAI_URL=http://127.0.0.1:$(cat "$dir/port")
}
