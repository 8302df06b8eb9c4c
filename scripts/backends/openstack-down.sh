#!/usr/bin/env bash
# openstack-down.sh -- stop the OpenStack that openstack-up.sh started for $OPENSTACK_STATE_DIR, and only that:
# each daemon's process group from its pid file in $OPENSTACK_STATE_DIR/run (checked to be ours), SIGTERM first,
# SIGKILL to what is left after OPENSTACK_STOP_TIMEOUT s (default 15); Keystone through keystone-down.sh.
# The OpenStack services go first, then Keystone, RabbitMQ, epmd and MariaDB. Idempotent: exits 0 when nothing runs.
# Usage: openstack-down.sh [--purge]    --purge also deletes $OPENSTACK_STATE_DIR (databases, images, logs).
# Env: OPENSTACK_STATE_DIR (default ${TMPDIR:-/tmp}/cloudrig-openstack), OPENSTACK_STOP_TIMEOUT.
set -euo pipefail
LOG_TAG=openstack-down
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/backends/lib.sh
. "$HERE/lib.sh"

STATE=${OPENSTACK_STATE_DIR:-${TMPDIR:-/tmp}/cloudrig-openstack}
RUN=$STATE/run
TIMEOUT=${OPENSTACK_STOP_TIMEOUT:-15}
purge=0
for a in "$@"; do
  case "$a" in
    --purge) purge=1 ;;
    *) die "unknown argument '$a' (expected: --purge or nothing)" ;;
  esac
done
T0=$(now_ms)
if [ -d "$STATE" ]; then
  exec 9>"$STATE/.lock"
  flock -w 900 9 || die "another openstack-up.sh/openstack-down.sh holds $STATE/.lock"
fi

stop_all() { # NAME...: stops the daemons NAME (pid files $RUN/NAME.pid) in parallel
  local n pids=()
  for n in "$@"; do
    [ -e "$RUN/$n.pid" ] || continue
    stop_daemon "$n" "$RUN/$n.pid" "$TIMEOUT" & pids+=($!)
  done
  for n in "${pids[@]}"; do wait "$n" || true; done
}

if [ -d "$RUN" ]; then
  stop_all nova-compute nova-api nova-scheduler nova-conductor neutron-server glance-api placement
  # anything else a newer openstack-up.sh may have started, except the infrastructure below
  others=()
  for f in "$RUN"/*.pid; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .pid)
    case "$n" in rabbitmq|epmd|mariadb) ;; *) others+=("$n") ;; esac
  done
  [ "${#others[@]}" = 0 ] || stop_all "${others[@]}"
fi
if [ -d "$STATE/keystone" ]; then
  KEYSTONE_STATE_DIR="$STATE/keystone" bash "$HERE/keystone-down.sh"
fi
if [ -d "$RUN" ]; then
  stop_all rabbitmq mariadb
  stop_all epmd
fi
log "stopped in $(elapsed "$T0")"

if [ "$purge" = 1 ] && [ -d "$STATE" ]; then
  safe_purge "$STATE"
  log "purged $STATE"
fi
