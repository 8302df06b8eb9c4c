#!/usr/bin/env bash
# keystone-down.sh -- stop the Keystone that keystone-up.sh started for $KEYSTONE_STATE_DIR, and nothing else:
# SIGTERM to the process group of the uWSGI master in $KEYSTONE_STATE_DIR/uwsgi.pid (after checking that the
# process is ours), SIGKILL to what is left after 20 s. Idempotent: exits 0 when nothing runs.
# Usage: keystone-down.sh [--purge]    --purge also deletes $KEYSTONE_STATE_DIR (database, keys, logs).
# Env: KEYSTONE_STATE_DIR (default ${TMPDIR:-/tmp}/cloudrig-keystone), as for keystone-up.sh.
set -euo pipefail
LOG_TAG=keystone-down
# shellcheck source=scripts/backends/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

STATE=${KEYSTONE_STATE_DIR:-${TMPDIR:-/tmp}/cloudrig-keystone}
PIDFILE="$STATE/uwsgi.pid"
INI="$STATE/uwsgi.ini"
purge=0
for a in "$@"; do
  case "$a" in
    --purge) purge=1 ;;
    *) die "unknown argument '$a' (expected: --purge or nothing)" ;;
  esac
done

if owned_pid "$PIDFILE" >/dev/null; then
  stop_daemon keystone "$PIDFILE" 20
elif [ -s "$PIDFILE" ]; then
  # a uWSGI started by an older keystone-up.sh (daemonized, no marker): recognised by its ini on the command line
  read -r pid _ < "$PIDFILE" || true; pid=$(printf %s "$pid" | tr -dc 0-9)
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$INI"; then
    children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' ' ' || true)
    log "stopping uWSGI master $pid (workers:${children:- none})"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
    if [ -d "/proc/$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    for c in $children; do
      if [ -r "/proc/$c/cmdline" ] && tr '\0' ' ' < "/proc/$c/cmdline" | grep -qF -- "$INI"; then
        kill -KILL "$c" 2>/dev/null || true
      fi
    done
    log "stopped"
  else
    log "not running (stale $PIDFILE)"
  fi
  rm -f "$PIDFILE"
else
  log "not running (no $PIDFILE)"
fi

if [ "$purge" = 1 ] && [ -d "$STATE" ]; then
  safe_purge "$STATE"
  log "purged $STATE"
fi
