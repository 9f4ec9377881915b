#!/bin/sh
# nginx-conf.sh: prints an nginx config from the one template,
# scripts/nginx-run.conf.in (lines marked "#run " are for the runtime config
# only, "#prod " for the production example only, the rest for both).
#   scripts/nginx-conf.sh DIR PORT QUICK ANALYSE MAX_UPLOAD_MB on|off
#       the runtime config of `make run` and the web tests: DIR gets logs/
#       and tmp/ (made here); every path nginx touches is in DIR. QUICK and
#       ANALYSE are the two pools' FastCGI addresses as nginx writes them
#       (unix:/path/quick.sock, or 127.0.0.1:9001 over TCP). Several hosts:
#       comma-separated lists ("10.0.0.1:9001,10.0.0.2:9001"), one upstream
#       server each; a host that fails or answers 503 (its store out of
#       reach) is passed over for 5 s, and GETs move on to the next host
#   scripts/nginx-conf.sh --production
#       the production example committed as nginx.conf (/srv/smartseg,
#       unix:/run/smartseg/quick.sock and analyse.sock, port 8000, 100 MB)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$here
if [ $# -eq 1 ] && [ "$1" = --production ]; then
	mode=prod drop=run dir="" port=8000 max_mb=100
	quick=unix:/run/smartseg/quick.sock analyse=unix:/run/smartseg/analyse.sock
	daemon=on user="" root=/srv/smartseg
else
	[ $# -eq 6 ] || { echo "usage: $0 DIR PORT QUICK ANALYSE MAX_UPLOAD_MB on|off | --production" >&2; exit 2; }
	mode=run drop=prod dir=$1 port=$2 quick=$3 analyse=$4 max_mb=$5 daemon=$6
	mkdir -p "$dir/logs" "$dir/tmp"
	# as root the workers would run as nobody, who cannot reach the run directory
	if [ "$(id -u)" = 0 ]; then user="user root root;"; else user=""; fi
fi
# one host: each pool's socket named twice (a retry on another worker);
# several hosts: one server line per host, failing hosts passed over
hosts() { # LIST PLACEHOLDER: awk program lines for that pool
	awk -v list="$1" -v ph="$2" '
	index($0, "server " ph " ") {
		if (list !~ /,/) { sub(ph, list); print; next }
		if (seen[ph]++) next
		n = split(list, a, ",")
		for (i = 1; i <= n; i++) { line = $0; sub(ph " max_fails=0", a[i] " max_fails=1 fail_timeout=5s", line); print line }
		next
	}
	/fastcgi_next_upstream error timeout invalid_header;/ && list ~ /,/ && ph == "@QUICK@" {
		sub(/invalid_header;/, "invalid_header http_503;")
	}
	{ print }'
}
sed -e "/^#$drop\( \|\$\)/d" -e "s/^#$mode \{0,1\}//" \
    -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" \
    -e "s|@ROOT@|$root|g" -e "s|@MAX_MB@|$max_mb|g" -e "s|@BODY_MB@|$((max_mb + 1))|g" \
    -e "s|@DAEMON@|$daemon|g" -e "s|@USER@|$user|g" "$here/scripts/nginx-run.conf.in" |
	hosts "$quick" @QUICK@ | hosts "$analyse" @ANALYSE@
