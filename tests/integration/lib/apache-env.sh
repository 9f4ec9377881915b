# apache-env.sh: sourced (after web-env.sh) by the Apache tests. apache_start
# builds the README's shared-hosting layout (its layout, .env and .htaccess
# blocks, extracted from README.md) under a temp dir and starts Debian's
# apache2 on a free loopback port with its own ServerRoot and config there,
# as an unprivileged user (www-data when run as root). Never touches
# /etc/apache2 or the system service. Everything stops on EXIT.
# Sets AP_DIR, AP_URL (http://127.0.0.1:PORT/smartseg), AP_SITE (the
# uploaded folder), AP_DB and AP_TMP (the .env's store and temp dir),
# AP_LOG (error log), AP_ACCESS (access log).

AP_MODULES=/usr/lib/apache2/modules
AP_BIN=$(command -v apache2 || echo /usr/sbin/apache2)
AP_DIRS=()

# readme_block NAME: the indented block between "<!-- apache-test: NAME -->"
# and the next "<!-- apache-test: end -->" of README.md, unindented.
readme_block() {
	awk -v name="$1" '
		$0 == "<!-- apache-test: " name " -->" { on = 1; next }
		on && $0 == "<!-- apache-test: end -->" { found = 1; exit }
		on && /^    / { print substr($0, 5); n++; next }
		on && /^$/ { if (n) print ""; next }
		on { bad = 1 }
		END { exit !(found && n && !bad) }' "$WEB_ROOT/README.md"
}

# The user Apache's children (and so the program) run as.
ap_user() {
	if [ "$(id -u)" = 0 ]; then
		getent passwd www-data >/dev/null && echo www-data || echo nobody
	else
		id -un
	fi
}

# apache_start HANDLER [FCGID_SERVER_CONF]: HANDLER cgi (mod_cgi, prefork
# MPM), cgid (mod_cgid, event MPM: what Debian enables for CGI with its
# default MPM) or fcgid (mod_fcgid, event MPM); the second argument is the
# server-level mod_fcgid config (e.g. the README's block), "" for defaults.
apache_start() {
	local handler=$1 fcgid_conf=${2:-} user group d port block name rest
	[ -x "$WEB_BIN" ] || { echo "Bail out! $WEB_BIN is not built"; exit 1; }
	[ -x "$AP_BIN" ] || { echo "Bail out! apache2 is not installed (make deps)"; exit 1; }
	user=$(ap_user)
	group=$(id -gn "$user")
	d=$(mktemp -d /tmp/smartseg-apache.XXXXXX)
	AP_DIRS+=("$d")
	AP_DIR=$d
	chmod 755 "$d"
	mkdir -p "$d/logs" "$d/run" "$d/san" "$d/public_html" "$d/home"
	# the layout, entry by entry, as the README lists it
	block=$(readme_block layout) || { echo "Bail out! no layout block in README.md"; exit 1; }
	local top=${block%%/*} site
	site=$d/public_html/$top
	mkdir -p "$site"
	while read -r name rest; do
		case $name in
		"$top/") ;;
		smartseg.fcgi) cp "$WEB_BIN" "$site/$name" && chmod 755 "$site/$name" ;;
		.htaccess | .env)
			readme_block "$name" >"$site/$name" ||
				{ echo "Bail out! no $name block in README.md"; exit 1; } ;;
		templates/ | static/) cp -r "$WEB_ROOT/${name%/}" "$site/" ;;
		*) echo "Bail out! the README's layout names $name, unknown to this test"; exit 1 ;;
		esac
	done <<<"$block"
	# the .env's /home/USER is this run's home; the user creates the data
	# dir the store is in, the program its temp dir
	sed -i "s|/home/USER|$d/home|g" "$site/.env"
	AP_DB=$(sed -n 's/^SMARTSEG_DB=//p' "$site/.env")
	AP_TMP=$(sed -n 's/^SMARTSEG_TMPDIR=//p' "$site/.env")
	case $AP_DB$AP_TMP in "$d"/home/*"$d"/home/*) ;; *)
		echo "Bail out! the README's .env puts SMARTSEG_DB or SMARTSEG_TMPDIR outside /home/USER"; exit 1 ;;
	esac
	mkdir -p "$(dirname "$AP_DB")"
	if [ "$handler" = fcgid ]; then
		# the README's alternative handler line, uncommented; mod_cgi's off
		sed -i -e 's|^AddHandler cgi-script \.fcgi$|# &|' \
			-e 's|^# \(AddHandler fcgid-script \.fcgi\)$|\1|' "$site/.htaccess"
		grep -q '^AddHandler fcgid-script \.fcgi$' "$site/.htaccess" &&
			! grep -q '^AddHandler cgi-script' "$site/.htaccess" ||
			{ echo "Bail out! the README's .htaccess has no fcgid-script line to switch to"; exit 1; }
	fi
	for name in .htaccess .env smartseg.fcgi templates static; do
		[ -e "$site/$name" ] || { echo "Bail out! the README's layout lacks $name"; exit 1; }
	done
	chown -R "$user:$group" "$d/home" "$d/san" 2>/dev/null || true
	AP_SITE=$site
	AP_LOG=$d/logs/error.log
	AP_ACCESS=$d/logs/access.log
	port=$(free_port)
	AP_URL=http://127.0.0.1:$port/$top
	# sanitizer reports go to files this test reads (stderr would be
	# Apache's error log, mixed with everything else)
	local san="ASAN_OPTIONS detect_leaks=1:log_path=$d/san/asan" ubsan="UBSAN_OPTIONS print_stacktrace=1:log_path=$d/san/ubsan"
	{
		echo "ServerRoot $d"
		echo "ServerName 127.0.0.1"
		echo "Listen 127.0.0.1:$port"
		echo "PidFile $d/run/httpd.pid"
		echo "DefaultRuntimeDir $d/run"
		echo "ErrorLog $AP_LOG"
		echo "LogLevel warn"
		if [ "$(id -u)" = 0 ]; then echo "User $user"; echo "Group $group"; fi
		local m mods="authz_core mime dir rewrite alias env"
		if [ "$handler" = fcgid ]; then
			mods="mpm_event $mods fcgid"
		elif [ "$handler" = cgid ]; then
			mods="mpm_event $mods cgid"
		else
			mods="mpm_prefork $mods cgi"
		fi
		for m in $mods; do echo "LoadModule ${m}_module $AP_MODULES/mod_$m.so"; done
		echo 'LogFormat "%h %t \"%r\" %>s %b" common'
		echo "CustomLog $AP_ACCESS common"
		echo "TypesConfig /etc/mime.types"
		echo "DocumentRoot $d/public_html"
		# a host's usual defaults: nothing outside the web root; .htaccess
		# allowed only what the README's needs (FollowSymLinks: mod_rewrite)
		echo "<Directory />"
		echo "    AllowOverride None"
		echo "    Require all denied"
		echo "</Directory>"
		echo "<Directory $d/public_html>"
		echo "    Options FollowSymLinks"
		echo "    AllowOverride AuthConfig FileInfo Indexes Options"
		echo "    Require all granted"
		echo "</Directory>"
		# Apache hands the program none of the test's environment: libmongoc's
		# counters in memory, as tests/run.sh sets (a stale /dev/shm file
		# from a killed process would otherwise warn on stderr)
		if [ "$handler" = fcgid ]; then
			echo "FcgidIPCDir $d/run/fcgid"
			echo "FcgidProcessTableFile $d/run/fcgid.shm"
			echo "FcgidInitialEnv $san"
			echo "FcgidInitialEnv $ubsan"
			echo "FcgidInitialEnv MONGOC_DISABLE_SHM 1"
			printf '%s\n' "$fcgid_conf"
		else
			[ "$handler" = cgid ] && echo "ScriptSock $d/run/cgid.sock"
			echo "SetEnv $san"
			echo "SetEnv $ubsan"
			echo "SetEnv MONGOC_DISABLE_SHM 1"
		fi
	} >"$d/httpd.conf"
	"$AP_BIN" -f "$d/httpd.conf" -k start >"$d/start.log" 2>&1 || {
		echo "Bail out! apache2 failed to start: $(cat "$d/start.log" "$AP_LOG" 2>/dev/null)"; exit 1; }
	local i
	for i in $(seq 1 100); do
		curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
		sleep 0.1
	done
	echo "Bail out! apache2 on port $port did not answer: $(cat "$AP_LOG")"
	exit 1
}

# ap_workers PREFIX: the pids of the processes whose command line starts
# with PREFIX (mod_fcgid's workers run the script by its full path)
ap_workers() {
	local p c
	for p in /proc/[0-9]*; do
		c=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
		case $c in "$1"*) echo "${p#/proc/}" ;; esac
	done
}

# Stops one Apache (and its FastCGI workers), fails the test on a
# sanitizer report, removes the dir.
apache_stop_dir() {
	local d=$1 pid i
	if [ -f "$d/run/httpd.pid" ]; then
		pid=$(cat "$d/run/httpd.pid")
		kill -TERM "$pid" 2>/dev/null
		for i in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
		alive "$pid" && kill -KILL "$pid" 2>/dev/null
	fi
	# workers mod_fcgid started leave on SIGTERM, running their leak check
	for i in $(seq 1 50); do
		[ -n "$(ap_workers "$d/public_html/")" ] || break
		sleep 0.1
	done
	if ls "$d"/san/* >/dev/null 2>&1; then
		echo "not ok - sanitizer report from the program under Apache:"
		cat "$d"/san/* 2>/dev/null | head -40 | sed 's/^/# /'
		T_FAIL=$((T_FAIL + 1))
	fi
	rm -rf "$d"
}

apache_stop_all() {
	local d
	for d in "${AP_DIRS[@]}"; do apache_stop_dir "$d"; done
	AP_DIRS=()
}

trap 'apache_stop_all; web_stop_all; rm -rf "$T_TMP"' EXIT

apache_done() {
	apache_stop_all
	done_testing
}
