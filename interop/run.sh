#!/usr/bin/env bash
# interop/run.sh runs authspec against stock servers from Debian's packages:
# nginx, Apache httpd (Basic and Digest), lighttpd (Basic and Digest), Caddy,
# HAProxy and Squid as a forward proxy. Each one gets a throwaway
# configuration in a temporary folder, listens on a free loopback port and
# runs as a foreground child of this script; the suite then runs through
# `make run`, the path a user takes, and interop/verify compares its
# results.json with interop/expected.json.
#
# Usage: bash interop/run.sh            run everything (what `make interop` does)
#        bash interop/run.sh --serve    start the servers, print the targets file, wait for Ctrl-C
# INTEROP_DEBUG=1 also logs how long each server took to stop.
#
# Exit codes: 0 all verdicts as expected; 1 a mismatch, or a server would not
# start; 2 a package is missing and this script cannot install it.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO
readonly INTEROP="$REPO/interop"
readonly REPORTS_KEEP="$REPO/reports/interop"
readonly START_TIMEOUT=20 # seconds one server may take to answer
readonly STOP_TIMEOUT=5   # seconds one server may take to stop before SIGKILL

MODE=run
case "${1:-}" in
"") ;;
--serve) MODE=serve ;;
*)
	echo "usage: bash interop/run.sh [--serve]" >&2
	exit 2
	;;
esac

log() { printf 'interop: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}
now_ms() { date +%s%3N; }
T0=$(now_ms)
readonly T0
elapsed() { echo "$((($(now_ms) - T0) / 1000)).$(((($(now_ms) - T0) % 1000) / 100))s"; }

# --- packages ---------------------------------------------------------------

# binary:package pairs; the binaries live in sbin on Debian, which a
# non-root PATH may lack.
readonly NEEDED=(
	nginx:nginx
	apache2:apache2
	htpasswd:apache2-utils
	lighttpd:lighttpd
	caddy:caddy
	haproxy:haproxy
	squid:squid
)
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

missing_packages() {
	local pair missing=()
	for pair in "${NEEDED[@]}"; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
	done
	[[ -x /usr/lib/squid/basic_ncsa_auth ]] || missing+=(squid)
	[[ -f /usr/lib/apache2/modules/mod_auth_digest.so ]] || missing+=(apache2)
	# unique, stable order
	((${#missing[@]})) && printf '%s\n' "${missing[@]}" | sort -u | paste -sd' '
	return 0
}

# install_packages installs the given packages without letting their
# maintainer scripts start (or leave running) the system services, which
# would take port 80 and outlive this script.
install_packages() {
	local policy=/usr/sbin/policy-rc.d backup=""
	if [[ -e $policy ]]; then
		backup=$(mktemp)
		cp -p "$policy" "$backup"
	fi
	printf '#!/bin/sh\n# written by authspec interop/run.sh for the install\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	local rc=0
	{
		apt-get update -qq &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
	} >"$REPO/reports/interop-apt.log" 2>&1 || rc=$?
	if [[ -n $backup ]]; then
		cp -p "$backup" "$policy"
		rm -f "$backup"
	else
		rm -f "$policy"
	fi
	if ((rc != 0)); then
		tail -n 20 "$REPO/reports/interop-apt.log" >&2
		die "apt-get install $* failed (exit $rc); full log in reports/interop-apt.log"
	fi
	# Belt and braces: where an init system did start a service anyway,
	# stop it and keep it from coming back at boot.
	if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
		local svc
		for svc in nginx apache2 apache-htcacheclean lighttpd caddy haproxy squid; do
			systemctl disable --now "$svc" >/dev/null 2>&1 || true
		done
	fi
}

ensure_packages() {
	local missing
	missing=$(missing_packages)
	[[ -z $missing ]] && return 0
	if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
		log "missing packages: $missing"
		log "install them first, e.g.: sudo apt-get install --no-install-recommends $missing"
		exit 2
	fi
	log "installing $missing ($(elapsed))"
	mkdir -p "$REPO/reports"
	# shellcheck disable=SC2086 # a list of package names
	install_packages $missing
	missing=$(missing_packages)
	if [[ -n $missing ]]; then
		log "still missing after install: $missing"
		exit 2
	fi
	log "installed ($(elapsed))"
}

# --- temporary folder, children and cleanup ---------------------------------

TMP=""
PIDS=()  # server pids; each is also its process group's id (setsid)
NAMES=() # server name for each pid, same order

stop_servers() {
	local i pid deadline t
	for pid in "${PIDS[@]}"; do
		kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	done
	deadline=$(($(date +%s) + STOP_TIMEOUT))
	for i in "${!PIDS[@]}"; do
		pid=${PIDS[$i]}
		t=$(now_ms)
		while kill -0 "$pid" 2>/dev/null && (($(date +%s) < deadline)); do
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "${NAMES[$i]} did not stop within ${STOP_TIMEOUT}s: killing it"
		fi
		# Kill the group anyway: helpers (squid's auth children, apache's
		# workers) may outlive their parent.
		kill -KILL -- "-$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		[[ -n ${INTEROP_DEBUG:-} ]] && log "${NAMES[$i]} stopped in $(($(now_ms) - t))ms"
	done
	PIDS=()
	NAMES=()
}

# cleanup runs on every exit: it stops the servers, keeps the reports (and,
# after a failure, the server logs) in reports/interop/, and removes the
# temporary folder. Nothing in it may stop it half-way, so errexit is off.
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	set +e
	stop_servers
	if [[ -n $TMP && -d $TMP ]]; then
		stop_leftovers
		if [[ $MODE == run ]]; then
			keep_reports "$rc"
		fi
		rm -rf "$TMP" || log "could not remove $TMP"
	fi
	exit "$rc"
}

# stop_leftovers kills what still runs from the temporary folder once the
# servers are gone: helpers that left their server's process group, such as
# squid's basic_ncsa_auth, which squid starts in a session of its own.
stop_leftovers() {
	local pid deadline=$(($(date +%s) + 2))
	while pgrep -f -- "$TMP/" >/dev/null && (($(date +%s) < deadline)); do
		sleep 0.1
	done
	for pid in $(pgrep -f -- "$TMP/"); do
		log "killing leftover process $pid: $(ps -o args= -p "$pid")"
		kill -KILL "$pid" 2>/dev/null
	done
}

keep_reports() {
	local rc=$1 f
	rm -rf "$REPORTS_KEEP" && mkdir -p "$REPORTS_KEEP" || return
	if [[ -d $TMP/reports ]]; then
		cp -r "$TMP/reports/." "$REPORTS_KEEP/"
	fi
	# The targets file names credentials only as ${VAR} references.
	cp "$TMP/targets.yaml" "$REPORTS_KEEP/" 2>/dev/null
	if ((rc != 0)); then
		# Server logs explain a start failure (they name users, never
		# passwords); keep them with the reports.
		mkdir -p "$REPORTS_KEEP/logs"
		for f in "$TMP"/*/*.log; do
			[[ -f $f ]] && cp "$f" "$REPORTS_KEEP/logs/$(basename "$(dirname "$f")")-$(basename "$f")"
		done
	fi
	log "reports kept in ${REPORTS_KEEP#"$REPO"/}/"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME COMMAND... runs a server as a child of this script, in its own
# process group so that stopping it also stops the helpers it forks.
start() {
	local name=$1
	shift
	setsid "$@" >"$TMP/$name/stdout.log" 2>&1 </dev/null &
	PIDS+=("$!")
	NAMES+=("$name")
}

# answers PORT reports whether something speaks HTTP on the loopback port.
answers() {
	curl -s -o /dev/null --max-time 1 --noproxy '*' "http://127.0.0.1:$1/" 2>/dev/null
}

# wait_all waits, bounded, until every started server answers on its port.
wait_all() {
	local i pid name port deadline=$(($(date +%s) + START_TIMEOUT))
	for i in "${!PIDS[@]}"; do
		pid=${PIDS[$i]}
		name=${NAMES[$i]}
		port=${PORT[$name]}
		until answers "$port"; do
			if ! kill -0 "$pid" 2>/dev/null; then
				tail -n 20 "$TMP/$name"/*.log >&2 || true
				die "$name exited before answering on 127.0.0.1:$port"
			fi
			if (($(date +%s) >= deadline)); then
				tail -n 20 "$TMP/$name"/*.log >&2 || true
				die "$name did not answer on 127.0.0.1:$port within ${START_TIMEOUT}s"
			fi
			sleep 0.1
		done
	done
}

# --- ports and credentials --------------------------------------------------

declare -A PORT=()

# pick_port NAME chooses a loopback port that nothing listens on and that no
# other server of this run got. Ports come from below Linux's ephemeral
# range so that outgoing connections do not take them meanwhile.
pick_port() {
	local p try taken
	for try in $(seq 1 200); do
		p=$((20000 + (RANDOM % 12000)))
		taken=0
		for q in "${PORT[@]}"; do [[ $q == "$p" ]] && taken=1; done
		((taken)) && continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			PORT[$1]=$p
			return 0
		fi
	done
	die "no free loopback port found for $1 after $try tries"
}

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# htdigest_line USER REALM HASHER reads the password on stdin and prints a
# line of an htdigest file: USER:REALM:H(USER:REALM:PASSWORD), with HASHER
# md5sum (what htdigest writes; htdigest itself insists on a terminal) or
# sha256sum (lighttpd's SHA-256 Digest).
htdigest_line() {
	local pass
	IFS= read -r pass
	printf '%s:%s:%s\n' "$1" "$2" "$(printf '%s:%s:%s' "$1" "$2" "$pass" | "$3" | cut -d' ' -f1)"
}

# --- configurations -----------------------------------------------------------
# Realms are distinct per location so that a challenge in a report names its
# server. Each protected location serves a one-line text file.

docroot() {
	local dir=$1
	shift
	local loc
	mkdir -p "$dir/root/open"
	printf 'open\n' >"$dir/root/open/index.html"
	for loc in "$@"; do
		mkdir -p "$dir/root/$loc"
		printf 'authenticated\n' >"$dir/root/$loc/index.html"
	done
}

write_nginx() {
	local d=$TMP/nginx
	mkdir -p "$d/tmp"
	docroot "$d" basic
	# bcrypt through glibc's crypt(3) (libxcrypt), which nginx calls.
	htpasswd -niB -C 5 "$USER_NAME" <<<"$USER_PASS" >"$d/htpasswd" 2>/dev/null
	local user_line=""
	[[ $(id -u) -eq 0 ]] && user_line="user root;"
	cat >"$d/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 256; }
http {
    access_log $d/access.log;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    default_type text/plain;
    server {
        listen 127.0.0.1:${PORT[nginx]};
        root $d/root;
        location /open/ { }
        location /basic/ {
            auth_basic "authspec nginx";
            auth_basic_user_file $d/htpasswd;
        }
    }
}
EOF
}

write_apache() {
	local d=$TMP/apache m=/usr/lib/apache2/modules
	mkdir -p "$d/run"
	docroot "$d" basic digest
	htpasswd -niB -C 5 "$USER_NAME" <<<"$USER_PASS" >"$d/htpasswd" 2>/dev/null
	htdigest_line "$USER_NAME" "authspec apache digest" md5sum <<<"$USER_PASS" >"$d/htdigest"
	local user_lines=""
	if [[ $(id -u) -eq 0 ]]; then
		# httpd refuses to serve as root: its children run as www-data,
		# which must read the password files and the document root.
		user_lines=$'User www-data\nGroup www-data'
		chown -R root:www-data "$d"
		chmod -R g+rX,o-rwx "$d"
	fi
	cat >"$d/httpd.conf" <<EOF
ServerRoot $d
ServerName 127.0.0.1
Listen 127.0.0.1:${PORT[apache]}
PidFile $d/httpd.pid
DefaultRuntimeDir $d/run
ErrorLog $d/error.log
LogLevel warn
$user_lines
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule authz_user_module $m/mod_authz_user.so
LoadModule authn_core_module $m/mod_authn_core.so
LoadModule authn_file_module $m/mod_authn_file.so
LoadModule auth_basic_module $m/mod_auth_basic.so
LoadModule auth_digest_module $m/mod_auth_digest.so
LoadModule mime_module $m/mod_mime.so
LoadModule dir_module $m/mod_dir.so
TypesConfig /etc/mime.types
StartServers 1
ServerLimit 1
ThreadsPerChild 25
MaxRequestWorkers 25
DocumentRoot $d/root
<Directory $d/root>
    Require all granted
</Directory>
<Location /basic/>
    AuthType Basic
    AuthName "authspec apache"
    AuthBasicProvider file
    AuthUserFile $d/htpasswd
    Require valid-user
</Location>
<Location /digest/>
    AuthType Digest
    AuthName "authspec apache digest"
    AuthDigestProvider file
    AuthDigestDomain /digest/
    AuthUserFile $d/htdigest
    Require valid-user
</Location>
EOF
}

write_lighttpd() {
	local d=$TMP/lighttpd
	docroot "$d" basic digest
	# Apache's MD5 ($apr1$), which lighttpd implements itself.
	htpasswd -nim "$USER_NAME" <<<"$USER_PASS" >"$d/htpasswd" 2>/dev/null
	# Digest offers SHA-256 first and MD5 second (two challenges): the
	# htdigest file holds a line of each hash for the same user and realm.
	{
		htdigest_line "$USER_NAME" "authspec lighttpd digest" sha256sum <<<"$USER_PASS"
		htdigest_line "$USER_NAME" "authspec lighttpd digest" md5sum <<<"$USER_PASS"
	} >"$d/htdigest"
	cat >"$d/lighttpd.conf" <<EOF
server.document-root = "$d/root"
server.bind = "127.0.0.1"
server.port = ${PORT[lighttpd]}
server.errorlog = "$d/error.log"
server.modules = ( "mod_auth", "mod_authn_file" )
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html" )
auth.backend = "htpasswd"
auth.backend.htpasswd.userfile = "$d/htpasswd"
auth.backend.htdigest.userfile = "$d/htdigest"
auth.require = (
    "/basic/" => ( "method" => "basic", "realm" => "authspec lighttpd", "require" => "valid-user" ),
    "/digest/" => ( "method" => "digest", "algorithm" => "SHA-256|MD5", "realm" => "authspec lighttpd digest", "require" => "valid-user" ),
)
\$HTTP["url"] =^ "/digest/" {
    auth.backend = "htdigest"
}
EOF
}

write_caddy() {
	local d=$TMP/caddy
	mkdir -p "$d/data" "$d/config"
	docroot "$d" basic
	# Caddy checks bcrypt itself (Go); a low cost keeps the run fast.
	local hash
	hash=$(htpasswd -niB -C 5 "$USER_NAME" <<<"$USER_PASS" 2>/dev/null | cut -d: -f2-)
	cat >"$d/Caddyfile" <<EOF
{
    admin off
    auto_https off
    storage file_system $d/data
}
http://127.0.0.1:${PORT[caddy]} {
    bind 127.0.0.1
    root * $d/root
    basicauth /basic/* bcrypt "authspec caddy" {
        $USER_NAME $(printf '%s' "$hash" | base64 -w0)
    }
    file_server
}
EOF
}

write_haproxy() {
	local d=$TMP/haproxy hash
	mkdir -p "$d"
	# SHA-512 crypt, checked through crypt(3).
	hash=$(openssl passwd -6 -stdin <<<"$USER_PASS")
	cat >"$d/haproxy.cfg" <<EOF
global
    maxconn 256
defaults
    mode http
    timeout connect 5s
    timeout client 10s
    timeout server 10s
userlist interop_users
    user $USER_NAME password $hash
frontend interop
    bind 127.0.0.1:${PORT[haproxy]}
    http-request auth realm "authspec haproxy" if { path_beg /basic/ } !{ http_auth(interop_users) }
    http-request return status 200 content-type text/plain string "authenticated"
EOF
}

write_squid() {
	local d=$TMP/squid
	mkdir -p "$d"
	htpasswd -nim "$USER_NAME" <<<"$USER_PASS" >"$d/passwd" 2>/dev/null
	local user_line=""
	if [[ $(id -u) -eq 0 ]]; then
		# Squid will not run as root: it drops to the proxy user, which
		# must write its logs and read the password file.
		user_line="cache_effective_user proxy"
		chown -R proxy:proxy "$d"
	fi
	cat >"$d/squid.conf" <<EOF
# A forward proxy that only ever talks to 127.0.0.1: everything else is
# denied before authentication, and DNS goes nowhere but loopback.
http_port 127.0.0.1:${PORT[squid]}
visible_hostname authspec-interop
$user_line
pid_filename $d/squid.pid
cache_log $d/cache.log
access_log stdio:$d/access.log
cache_store_log none
netdb_filename none
coredump_dir $d
cache deny all
cache_mem 8 MB
shutdown_lifetime 0 seconds
pinger_enable off
dns_nameservers 127.0.0.1
hosts_file none
auth_param basic program /usr/lib/squid/basic_ncsa_auth $d/passwd
auth_param basic children 2 startup=1 idle=1
auth_param basic realm authspec squid
acl to_loopback dst 127.0.0.1/32
acl authenticated proxy_auth REQUIRED
http_access deny !to_loopback
http_access allow authenticated
http_access deny all
EOF
}

# write_targets writes the targets file, one target a row: name, url,
# resource, kind, the proxy it goes through, its timeout (- for none,
# and for the default) and origin-credentials where the proxy's origin
# gets the user too (- for none). Caddy gets 30s: for a user it does not know it
# still checks the password against a fixed bcrypt hash of cost 14 (so that
# timing tells no names), about 0.8 s of CPU a request, and the probes that
# send random users' credentials run several at once; on a loaded 2-core
# machine that took over 5 s (timeouts, an error instead of its verdict).
write_targets() {
	local f=$TMP/targets.yaml
	cat >"$f" <<EOF
# Written by interop/run.sh: stock servers on loopback, for this run only.
defaults:
  timeout: 5s
targets:
EOF
	local name url path kind through timeout origin
	while read -r name url path kind through timeout origin; do
		cat >>"$f" <<EOF
  - name: $name
    url: $url
    kind: $kind
EOF
		[[ $through != - ]] && printf '    through: %s\n' "$through" >>"$f"
		[[ $timeout != - ]] && printf '    timeout: %s\n' "$timeout" >>"$f"
		cat >>"$f" <<EOF
    resources: [$path]
    credentials:
      username: \${AUTHSPEC_INTEROP_USER}
      password: \${AUTHSPEC_INTEROP_PASS}
EOF
		# The origin behind a proxy knows the same user: its
		# Authentication-Info is compared through the proxy and directly.
		if [[ $origin == origin-credentials ]]; then
			cat >>"$f" <<EOF
    origin_credentials:
      username: \${AUTHSPEC_INTEROP_USER}
      password: \${AUTHSPEC_INTEROP_PASS}
EOF
		fi
	done <<EOF
nginx-basic http://127.0.0.1:${PORT[nginx]} /basic/ origin - - -
apache-basic http://127.0.0.1:${PORT[apache]} /basic/ origin - - -
apache-digest http://127.0.0.1:${PORT[apache]} /digest/ origin - - -
lighttpd-basic http://127.0.0.1:${PORT[lighttpd]} /basic/ origin - - -
lighttpd-digest http://127.0.0.1:${PORT[lighttpd]} /digest/ origin - - -
caddy-basic http://127.0.0.1:${PORT[caddy]} /basic/ origin - 30s -
haproxy-basic http://127.0.0.1:${PORT[haproxy]} /basic/ origin - - -
squid-basic http://127.0.0.1:${PORT[squid]} /open/ proxy http://127.0.0.1:${PORT[nginx]}/ - -
squid-apache-digest http://127.0.0.1:${PORT[squid]} /digest/ proxy http://127.0.0.1:${PORT[apache]}/ - origin-credentials
EOF
}

# check_no_secret fails the run when the password, or the Basic credentials
# that carry it, appear in the reports or in what the suite printed.
check_no_secret() {
	local basic
	basic=$(printf '%s:%s' "$USER_NAME" "$USER_PASS" | base64 -w0)
	if grep -rlF -e "$USER_PASS" -e "$basic" "$@" >&2; then
		die "the files above contain the run's password or Basic credentials: the suite must redact them"
	fi
}

# --- main ----------------------------------------------------------------------

main() {
	ensure_packages
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/authspec-interop.XXXXXX")
	# Servers that drop privileges (apache, squid) must reach their folders.
	chmod 711 "$TMP"

	USER_NAME=interop
	USER_PASS=$(random_hex 16)
	export AUTHSPEC_INTEROP_USER=$USER_NAME AUTHSPEC_INTEROP_PASS=$USER_PASS

	local s
	for s in nginx apache lighttpd caddy haproxy squid; do
		pick_port "$s"
		mkdir -p "$TMP/$s"
	done
	write_nginx
	write_apache
	write_lighttpd
	write_caddy
	write_haproxy
	write_squid
	write_targets

	start nginx nginx -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -g 'daemon off;'
	start apache apache2 -f "$TMP/apache/httpd.conf" -DFOREGROUND
	start lighttpd lighttpd -D -f "$TMP/lighttpd/lighttpd.conf"
	start caddy env HOME="$TMP/caddy" XDG_DATA_HOME="$TMP/caddy/data" XDG_CONFIG_HOME="$TMP/caddy/config" \
		caddy run --adapter caddyfile --config "$TMP/caddy/Caddyfile"
	start haproxy haproxy -db -f "$TMP/haproxy/haproxy.cfg"
	start squid squid -N -f "$TMP/squid/squid.conf"
	wait_all
	log "servers up ($(elapsed)): $(for s in "${!PORT[@]}"; do printf '%s=%s ' "$s" "${PORT[$s]}"; done)"

	if [[ $MODE == serve ]]; then
		(umask 077 && printf '%s\n' "$USER_PASS" >"$TMP/password")
		cat "$TMP/targets.yaml"
		log "user=$USER_NAME; the password is in $TMP/password (removed on exit). Ctrl-C stops the servers."
		while :; do sleep 1; done
	fi

	# The suite exits 1 here on purpose (Caddy fails a rule): what counts is
	# whether its results are the expected ones.
	local run_rc=0
	make -C "$REPO" --no-print-directory run TARGETS="$TMP/targets.yaml" REPORTS="$TMP/reports" 2>&1 |
		tee "$TMP/suite.out" || run_rc=$?
	log "suite finished with exit $run_rc ($(elapsed))"
	if ((run_rc == 2)); then
		die "the suite could not run (exit 2: a configuration or usage error, see above)"
	fi
	[[ -f $TMP/reports/results.json ]] || die "the suite wrote no results.json"
	stop_servers
	check_no_secret "$TMP/reports" "$TMP/suite.out"
	(cd "$REPO" && go run ./interop/verify -results "$TMP/reports/results.json" -expected "$INTEROP/expected.json")
	(cd "$REPO" && go run ./interop/verify -markdown -expected "$INTEROP/expected.json") >"$TMP/reports/servers.md"
	log "interop passed ($(elapsed)); README table in ${REPORTS_KEEP#"$REPO"/}/servers.md"
}

main
