#!/usr/bin/env bash
# golden.sh: the CLI's JSON document and the HTML result pages of the test
# data, byte for byte against the committed files in tests/golden/ (ids,
# dates and times masked). A change to either shows up here as a diff; one
# made on purpose is committed with `tests/integration/golden.sh --update`.
set -u
source "$(dirname "$0")/lib/web-env.sh"
golden=$WEB_ROOT/tests/golden
update=0; [ "${1:-}" = --update ] && update=1
case $BUILD in /*) cli=$BUILD/smartseg ;; *) cli=$WEB_ROOT/$BUILD/smartseg ;; esac
csv=$(retail_csv)
out=$T_TMP

# ids (24 hex digits), ISO timestamps and the pages' dates vary per run
mask() {
	sed -E -e 's/[0-9a-f]{24}/ID/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}( UTC)?/TIME/g'
}

compare() { # NAME FILE: FILE (masked) equals tests/golden/NAME.gz
	local name=$1 file=$2
	mask <"$file" >"$out/$name.masked"
	if [ "$update" = 1 ]; then
		gzip -9n <"$out/$name.masked" >"$golden/$name.gz"
		ok "$name written"
		return
	fi
	if gzip -dc "$golden/$name.gz" | cmp -s - "$out/$name.masked"; then
		ok "$name is byte-identical to tests/golden/$name.gz"
	else
		nok "$name differs from tests/golden/$name.gz"
		gzip -dc "$golden/$name.gz" | diff - "$out/$name.masked" | head -${GOLDEN_DIFF_LINES:-20} | sed 's/^/# /'
	fi
}

"$cli" analyze "$csv" --clv off --out "$out/cli.json" </dev/null
compare analyze-k3.json "$out/cli.json"
"$cli" analyze "$csv" --clv off --k auto --transform log --out "$out/cli-auto.json" </dev/null
compare analyze-auto-log.json "$out/cli-auto.json"

web_start 2
page() { # NAME FORM-FIELDS...: posts the form, compares the result page
	local name=$1 loc code; shift
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F "file=@$csv" "$@" "$WEB_URL/analyses")
	code=$(curl -s -o "$out/$name" -w '%{http_code}' "$loc")
	check "$name answers 200" [ "$code" = 200 ]
	compare "$name" "$out/$name"
}
page result-k3.html -F k=3 -F delimiter=auto -F transform=none -F lang=en
page result-auto-log.html -F k=auto -F delimiter=auto -F transform=log -F lang=fr
code=$(curl -s -o "$out/index.html" -w '%{http_code}' "$WEB_URL/")
check "index.html answers 200" [ "$code" = 200 ]
compare index.html "$out/index.html"
code=$(curl -s -o "$out/history.html" -w '%{http_code}' "$WEB_URL/analyses")
check "history.html answers 200" [ "$code" = 200 ]
compare history.html "$out/history.html"
done_testing
