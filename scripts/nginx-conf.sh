#!/bin/sh
# nginx-conf.sh: prints the runtime nginx config for a run directory.
#   scripts/nginx-conf.sh DIR PORT SOCKET MAX_UPLOAD_MB on|off
# DIR gets logs/ and tmp/ (made here); paths in the template are filled in.
set -eu
[ $# -eq 5 ] || { echo "usage: $0 DIR PORT SOCKET MAX_UPLOAD_MB on|off" >&2; exit 2; }
dir=$1 port=$2 socket=$3 max_mb=$4 daemon=$5
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir/logs" "$dir/tmp"
# as root the workers would run as nobody, who cannot reach the run directory
if [ "$(id -u)" = 0 ]; then user="user root root;"; else user=""; fi
sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@SOCKET@|$socket|g" \
    -e "s|@ROOT@|$root|g" -e "s|@MAX_MB@|$max_mb|g" -e "s|@BODY_MB@|$((max_mb + 1))|g" \
    -e "s|@DAEMON@|$daemon|g" -e "s|@USER@|$user|g" "$root/scripts/nginx-run.conf.in"
