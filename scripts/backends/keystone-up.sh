#!/usr/bin/env bash
# keystone-up.sh -- a real OpenStack Keystone (Debian bookworm package `keystone`, 22.x) on a loopback address,
# under uWSGI with a SQLite database, in the background. Touches nothing in /etc/keystone: config, database,
# fernet/credential keys and logs all live in $KEYSTONE_STATE_DIR. Idempotent: when the Keystone of that state dir
# is already up, it re-checks that a token can be issued and prints the credentials again. Stop it with
# keystone-down.sh (same env).
#
# Env (all optional):
#   KEYSTONE_STATE_DIR       ${TMPDIR:-/tmp}/cloudrig-keystone
#   KEYSTONE_HOST            127.0.0.1 (must be a loopback address)
#   KEYSTONE_PORT            5000
#   KEYSTONE_ADMIN_USER      admin
#   KEYSTONE_ADMIN_PASSWORD  ADMINPASS
#   KEYSTONE_ADMIN_PROJECT   admin
#   KEYSTONE_REGION          RegionOne
#   KEYSTONE_WORKERS         2 (uwsgi processes)
#   KEYSTONE_THREADS         1 (threads per process; more makes SQLAlchemy log sqlite cross-thread errors)
#   KEYSTONE_INSTALL         1: install the packages when missing (0: fail instead)
# Writes into the state dir: admin-openrc.sh, existing.json (Rally's classic ExistingCloud config),
#   deployment.json (`rally deployment create --filename`), env-spec.json (`rally env create --spec`);
#   uwsgi.pid (the uWSGI master, leader of the daemon's process group) while it runs.
set -euo pipefail
LOG_TAG=keystone-up
# shellcheck source=scripts/backends/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

STATE=${KEYSTONE_STATE_DIR:-${TMPDIR:-/tmp}/cloudrig-keystone}
HOST=${KEYSTONE_HOST:-127.0.0.1}
PORT=${KEYSTONE_PORT:-5000}
ADMIN_USER=${KEYSTONE_ADMIN_USER:-admin}
ADMIN_PASS=${KEYSTONE_ADMIN_PASSWORD:-ADMINPASS}
ADMIN_PROJECT=${KEYSTONE_ADMIN_PROJECT:-admin}
REGION=${KEYSTONE_REGION:-RegionOne}
WORKERS=${KEYSTONE_WORKERS:-2}
THREADS=${KEYSTONE_THREADS:-1}
URL="http://${HOST}:${PORT}/v3/"
PIDFILE="$STATE/uwsgi.pid"
INI="$STATE/uwsgi.ini"
T0=$(now_ms)

require_loopback KEYSTONE_HOST "$HOST"
require_port KEYSTONE_PORT "$PORT"
case "$WORKERS" in ''|*[!0-9]*|0) die "KEYSTONE_WORKERS must be a positive integer, got '$WORKERS'" ;; esac
case "$THREADS" in ''|*[!0-9]*|0) die "KEYSTONE_THREADS must be a positive integer, got '$THREADS'" ;; esac
case "$STATE" in /*) ;; *) die "KEYSTONE_STATE_DIR must be an absolute path, got '$STATE'" ;; esac

# keystone-manage prints an 'Exception ignored ... getcurrent' traceback from eventlet at exit: noise, filtered.
kmanage() {
  local out rc=0
  out=$(keystone-manage --config-file "$STATE/keystone.conf" "$@" 2>&1) || rc=$?
  printf '%s\n' "$out" | grep -v -e '^Exception ignored in' -e '^Traceback (most recent' -e '^  File "' \
    -e "AttributeError: 'NoneType' object has no attribute 'getcurrent'" -e '^$' >&2 || true
  return $rc
}

# A uWSGI of this state dir: ours by marker, or one started by an older copy of this script (its ini on the
# command line).
running_pid() {
  local pid
  if pid=$(owned_pid "$PIDFILE"); then echo "$pid"; return 0; fi
  [ -s "$PIDFILE" ] || return 1
  read -r pid _ < "$PIDFILE" || true; pid=$(printf %s "$pid" | tr -dc 0-9)
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$INI" || return 1
  echo "$pid"
}

token_code() {
  /usr/bin/python3 - "$URL" "$ADMIN_USER" "$ADMIN_PASS" "$ADMIN_PROJECT" <<'EOF'
import json, sys, urllib.request, urllib.error
url, user, password, project = sys.argv[1:5]
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
    "name": user, "domain": {"name": "Default"}, "password": password}}},
    "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}}
req = urllib.request.Request(url + "auth/tokens", data=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=20) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
EOF
}

# 1. packages ---------------------------------------------------------------------------------------------
if ! command -v keystone-manage >/dev/null 2>&1 || ! [ -x /usr/bin/uwsgi_python3 ]; then
  [ "${KEYSTONE_INSTALL:-1}" = 1 ] || die "keystone is not installed and KEYSTONE_INSTALL=${KEYSTONE_INSTALL}"
  apt_install keystone uwsgi-plugin-python3 curl
  command -v keystone-manage >/dev/null || die "keystone-manage still missing after the install"
fi
mkdir -p "$STATE/log"

# 2. running already? --------------------------------------------------------------------------------------
if pid=$(running_pid); then
  log "already running (uWSGI master pid $pid, $PIDFILE)"
else
  rm -f "$PIDFILE"
  port_open "$HOST" "$PORT" && die "$HOST:$PORT is already in use by a process this script did not start"

  # 3. config, database, keys, bootstrap; each step skipped once done ----------------------------------------
  cat > "$STATE/keystone.conf" <<EOF
[DEFAULT]
log_dir = $STATE/log
log_file = keystone.log
[database]
connection = sqlite:///$STATE/keystone.db
[fernet_tokens]
key_repository = $STATE/fernet-keys
[credential]
key_repository = $STATE/credential-keys
[token]
provider = fernet
EOF
  if [ ! -f "$STATE/.db_synced" ] || [ ! -s "$STATE/keystone.db" ]; then
    log "keystone-manage db_sync"
    kmanage db_sync
    touch "$STATE/.db_synced"
  fi
  # SQLite in WAL mode: in the default rollback journal a failed password check (Keystone records
  # failed_auth_count while a read transaction is open) waits on its own lock, and after 5 s the client gets
  # HTTP 500 or an empty reply instead of 401.
  /usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("PRAGMA journal_mode=WAL").fetchone()[0])' \
    "$STATE/keystone.db" | grep -qx wal || die "cannot put $STATE/keystone.db in WAL journal mode"
  if [ ! -f "$STATE/fernet-keys/0" ]; then
    log "keystone-manage fernet_setup"
    kmanage fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  fi
  if [ ! -f "$STATE/credential-keys/0" ]; then
    log "keystone-manage credential_setup"
    kmanage credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  fi
  # bootstrap again whenever the admin, region or URL changed (it updates the password and endpoints)
  want=$(printf '%s\n' "$ADMIN_USER" "$ADMIN_PASS" "$ADMIN_PROJECT" "$REGION" "$URL" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$STATE/.bootstrapped" 2>/dev/null || true)" != "$want" ]; then
    log "keystone-manage bootstrap (admin user, project and role; identity service and endpoints $URL)"
    kmanage bootstrap --bootstrap-username "$ADMIN_USER" --bootstrap-password "$ADMIN_PASS" \
      --bootstrap-project-name "$ADMIN_PROJECT" --bootstrap-role-name admin \
      --bootstrap-service-name keystone --bootstrap-region-id "$REGION" \
      --bootstrap-admin-url "$URL" --bootstrap-internal-url "$URL" --bootstrap-public-url "$URL"
    echo "$want" > "$STATE/.bootstrapped"
  fi

  # 4. uWSGI ----------------------------------------------------------------------------------------------------
  cat > "$INI" <<EOF
[uwsgi]
http-socket = $HOST:$PORT
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$STATE
master = true
processes = $WORKERS
threads = $THREADS
enable-threads = true
lazy-apps = true
die-on-term = true
no-orphans = true
skip-atexit-teardown = true
buffer-size = 65535
# uWSGI's http-socket closes the connection after each response yet answers HTTP/1.1 without saying so:
# keep-alive clients (python-requests, the JDK HttpClient) then write into a closed socket and see resets.
add-header = Connection: close
chdir = $STATE
EOF
  log "starting uWSGI on $HOST:$PORT (log $STATE/log/uwsgi.log)"
  start_daemon "$PIDFILE" "$STATE/log/uwsgi.log" /usr/bin/uwsgi_python3 --ini "$INI"
  wait_until 90 "keystone on $URL" "$PIDFILE" http_is "$URL" 200 || {
    tail -n 20 "$STATE/log/uwsgi.log" >&2 || true
    die "keystone did not come up on $URL; see $STATE/log/uwsgi.log and $STATE/log/keystone.log"
  }
  pid=$(running_pid) || die "keystone answers on $URL but the uWSGI of $PIDFILE is gone"
fi

# 5. a token can be issued; helper files; credentials ------------------------------------------------------
code=$(token_code)
[ "$code" = 201 ] || die "POST ${URL}auth/tokens as $ADMIN_USER returned HTTP $code, expected 201"

umask 077
cat > "$STATE/admin-openrc.sh" <<EOF
export OS_AUTH_URL=$URL
export OS_USERNAME=$ADMIN_USER
export OS_PASSWORD=$ADMIN_PASS
export OS_PROJECT_NAME=$ADMIN_PROJECT
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=$REGION
export OS_IDENTITY_API_VERSION=3
export OS_INTERFACE=public
EOF
/usr/bin/python3 - "$STATE" "$URL" "$REGION" "$ADMIN_USER" "$ADMIN_PASS" "$ADMIN_PROJECT" <<'EOF'
import json, os, sys
state, url, region, user, password, project = sys.argv[1:7]
creds = {"auth_url": url, "region_name": region, "endpoint_type": "public",
         "admin": {"username": user, "password": password, "user_domain_name": "Default",
                   "project_name": project, "project_domain_name": "Default"},
         "https_insecure": False, "https_cacert": ""}
for name, doc in (("existing.json", {"type": "ExistingCloud", "creds": {"openstack": creds}}),
                  ("deployment.json", {"openstack": creds}),
                  ("env-spec.json", {"existing@openstack": creds})):
    with open(os.path.join(state, name), "w") as f:
        json.dump(doc, f)
        f.write("\n")
EOF

cat <<EOF
keystone is up: $URL  (uWSGI master pid $pid, $PIDFILE; $(elapsed "$T0"))
  admin user:     $ADMIN_USER   (password in $STATE/admin-openrc.sh)
  admin project:  $ADMIN_PROJECT   (user and project domain: Default)
  region:         $REGION
  openrc:         source $STATE/admin-openrc.sh
  rally config:   $STATE/deployment.json  (rally deployment create --name X --filename ...)
                  $STATE/existing.json    (classic {"type": "ExistingCloud", ...} form)
  rally env spec: $STATE/env-spec.json    (rally env create --name X --spec ...)
  logs:           $STATE/log/uwsgi.log, $STATE/log/keystone.log
  stop:           KEYSTONE_STATE_DIR=$STATE $(dirname "$0")/keystone-down.sh [--purge]
EOF
