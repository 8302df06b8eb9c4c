#!/usr/bin/env bash
# rally-local.sh -- runs Debian's `rally` (package rally + python3-rally-openstack) with state of its own: a config
# file whose [database] connection is a SQLite file in $RALLY_STATE_DIR, and HOME set to a directory there (Rally
# keeps the deployment in use and openrc files under ~/.rally). Nothing in /etc/rally or the caller's home is read
# or written: Debian's /etc/rally/rally.conf names `sqlite:///var/lib/rally/rally.db <None>`, which does not open.
#   scripts/backends/rally-local.sh deployment list
#   RALLY_STATE_DIR=/tmp/r2 scripts/backends/rally-local.sh deployment create --name x --fromenv
# The database is created on first use (`rally db create`). Env:
#   RALLY_STATE_DIR  ${TMPDIR:-/tmp}/cloudrig-rally (absolute)
#   RALLY_BIN        rally
set -euo pipefail
STATE=${RALLY_STATE_DIR:-${TMPDIR:-/tmp}/cloudrig-rally}
RALLY=${RALLY_BIN:-rally}
case "$STATE" in /*) ;; *) echo "rally-local: RALLY_STATE_DIR must be an absolute path, got '$STATE'" >&2; exit 2 ;; esac
command -v "$RALLY" >/dev/null 2>&1 || {
  echo "rally-local: '$RALLY' is not installed (apt-get install rally python3-rally-openstack)" >&2; exit 3; }
mkdir -p "$STATE/home"
chmod 700 "$STATE"
CONF="$STATE/rally.conf"
if [ ! -s "$CONF" ]; then
  cat > "$CONF" <<EOF
[DEFAULT]
log_dir = $STATE
[database]
connection = sqlite:///$STATE/rally.sqlite
EOF
fi
export HOME="$STATE/home"
if [ ! -s "$STATE/rally.sqlite" ]; then
  "$RALLY" --config-file "$CONF" db create >/dev/null 2>"$STATE/db-create.err" || {
    cat "$STATE/db-create.err" >&2; echo "rally-local: rally db create failed" >&2; exit 1; }
fi
exec "$RALLY" --config-file "$CONF" "$@"
