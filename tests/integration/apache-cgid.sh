#!/usr/bin/env bash
# apache-cgid.sh: the README's shared-hosting layout, .env and .htaccess
# under Debian's Apache with mod_cgid and the event MPM (what Debian enables
# for CGI with its default MPM): the same checks as under mod_cgi.
set -u
source "$(dirname "$0")/lib/web-env.sh"
source "$(dirname "$0")/lib/apache-env.sh"
source "$(dirname "$0")/lib/apache-checks.sh"

apache_start cgid
apache_site_checks mod_cgid
apache_log_checks mod_cgid
apache_done
