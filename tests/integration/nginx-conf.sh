#!/usr/bin/env bash
# nginx-conf.sh: one source for the nginx configs. The committed production
# example nginx.conf is what `scripts/nginx-conf.sh --production` writes from
# the runtime template, and nginx accepts it (`nginx -t`, its system paths
# moved into a temp dir), as it accepts the runtime config.
set -u
cd "$(dirname "$0")/../.."
PATH=$PATH:/usr/sbin:/sbin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
t() { local d=$1; shift; n=$((n + 1)); if "$@"; then echo "ok $n - $d"; else echo "not ok $n - $d"; fi; }

scripts/nginx-conf.sh --production >"$tmp/prod.conf"
t "nginx.conf is what scripts/nginx-conf.sh --production writes" cmp -s nginx.conf "$tmp/prod.conf"
cmp -s nginx.conf "$tmp/prod.conf" || diff nginx.conf "$tmp/prod.conf" | head -20 | sed 's/^/# /'
t "nginx.conf is the production one (www-data, /srv/smartseg, buffered uploads)" bash -c \
	"grep -q '^user www-data;' nginx.conf && grep -q 'alias /srv/smartseg/static/;' nginx.conf &&
	 ! grep -q 'request_buffering off' nginx.conf && ! grep -q '@[A-Z_]*@\|^#run\|^#prod' nginx.conf"

# the same file with its system paths under $tmp (nginx -t opens the logs)
mkdir -p "$tmp/log" "$tmp/run"
sed -e "s|/var/log/nginx/|$tmp/log/|g" -e "s|/run/|$tmp/run/|g" nginx.conf >"$tmp/prod-t.conf"
t "nginx -t accepts the production config" nginx -t -q -e "$tmp/log/early.log" -c "$tmp/prod-t.conf"
[ -s "$tmp/log/early.log" ] && sed 's/^/# /' "$tmp/log/early.log" | tail -5

scripts/nginx-conf.sh "$tmp/rt" 8000 "unix:$tmp/rt/quick.sock" 127.0.0.1:9001 100 on >"$tmp/rt.conf"
t "nginx -t accepts the runtime config" nginx -t -q -p "$tmp/rt" -e "$tmp/rt/logs/early.log" -c "$tmp/rt.conf"
t "the runtime config keeps every path in its directory, uploads unbuffered" bash -c \
	"grep -q 'pid $tmp/rt/nginx.pid;' '$tmp/rt.conf' && grep -q 'fastcgi_request_buffering off;' '$tmp/rt.conf' &&
	 ! grep -q '/var/log\|/srv/\|^#run\|^#prod' '$tmp/rt.conf'"
echo "1..$n"
