#!/bin/sh
# nginx-conf.sh: prints an nginx config from the one template,
# scripts/nginx-run.conf.in (lines marked "#run " are for the runtime config
# only, "#prod " for the production example only, the rest for both).
#   scripts/nginx-conf.sh DIR PORT QUICK ANALYSE MAX_UPLOAD_MB on|off
#       the runtime config of `make run` and the web tests: DIR gets logs/
#       and tmp/ (made here); every path nginx touches is in DIR. QUICK and
#       ANALYSE are the two pools' FastCGI addresses as nginx writes them
#       (unix:/path/quick.sock, or 127.0.0.1:9001 over TCP)
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
sed -e "/^#$drop\( \|\$\)/d" -e "s/^#$mode \{0,1\}//" \
    -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@QUICK@|$quick|g" -e "s|@ANALYSE@|$analyse|g" \
    -e "s|@ROOT@|$root|g" -e "s|@MAX_MB@|$max_mb|g" -e "s|@BODY_MB@|$((max_mb + 1))|g" \
    -e "s|@DAEMON@|$daemon|g" -e "s|@USER@|$user|g" "$here/scripts/nginx-run.conf.in"
