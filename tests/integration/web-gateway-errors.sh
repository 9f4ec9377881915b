#!/usr/bin/env bash
# web-gateway-errors.sh: a 504 nginx gives itself (a worker that accepts the
# request and never answers) is the API's {"detail"} JSON with CORS and the
# security headers, as its other errors are (web-errors.sh).
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
web_start 1
# the analysing pool's socket taken over by a listener that never replies,
# and nginx told to wait 2 s for an answer
mute=$WEB_DIR/mute.sock
$py - "$mute" <<'PY' &
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(8)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
PY
mute_pid=$!
for _ in $(seq 1 50); do [ -S "$mute" ] && break; sleep 0.1; done
sed -i "s|unix:$WEB_DIR/analyse.sock|unix:$mute|; s|fastcgi_read_timeout 600s|fastcgi_read_timeout 2s|" "$WEB_DIR/nginx.conf"
nginx -p "$WEB_DIR" -c "$WEB_DIR/nginx.conf" -e "$WEB_DIR/logs/error.log" -s reload
sleep 1  # the reload takes effect in new nginx workers
printf 'CustomerID,InvoiceDate,Amount\n1,2011-01-01,3\n' >"$out/a.csv"
code=$(curl -s -o "$out/body" -D "$out/head" -w '%{http_code}' -F "file=@$out/a.csv" "$WEB_URL/analyze")
check "a worker that never answers: 504 (got $code)" [ "$code" = 504 ]
check "504: {\"detail\"} JSON" $py -c 'import json, sys; assert json.load(open(sys.argv[1]))["detail"]' "$out/body"
check "504: CORS, nosniff, X-Frame-Options" bash -c "grep -qi '^access-control-allow-origin: \\*' '$out/head' && grep -qi '^x-content-type-options: nosniff' '$out/head' && grep -qi '^x-frame-options: ' '$out/head'"
kill "$mute_pid" 2>/dev/null
wait "$mute_pid" 2>/dev/null
done_testing
