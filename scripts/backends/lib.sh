# shellcheck shell=bash
# lib.sh -- functions shared by the scripts in scripts/backends/ (sourced, not run).
# Daemons are started under setsid, each in its own session and process group, with a pid file; a stop signals
# that process group only (see "daemons" below).

# Callers set LOG_TAG before sourcing.
log() { echo "[${LOG_TAG:-backends}] $*" >&2; }
die() { echo "[${LOG_TAG:-backends}] ERROR: $*" >&2; exit 1; }

now_ms() { date +%s%3N; }
# elapsed T0 -> "12.3 s" since T0 (from now_ms)
elapsed() { local d=$(( $(now_ms) - $1 )); printf '%d.%d s' $((d / 1000)) $(((d % 1000) / 100)); }

require_loopback() { # NAME VALUE
  case "$2" in
    127.*|localhost) ;;
    *) die "$1=$2 is not a loopback address; these test backends bind 127.0.0.1 only" ;;
  esac
}

require_port() { # NAME VALUE
  case "$2" in
    ''|*[!0-9]*) die "$1 must be a TCP port number 1-65535, got '$2'" ;;
  esac
  [ "$2" -ge 1 ] && [ "$2" -le 65535 ] || die "$1 must be a TCP port number 1-65535, got '$2'"
}

port_open() { # HOST PORT: true when something accepts connections there
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

http_code() { # URL -> HTTP status, or 000
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

http_is() { # URL CODE: true when GET URL answers CODE
  [ "$(http_code "$1")" = "$2" ]
}

installed() { # PKG...: true when all are installed
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || return 1
  done
}

# apt_install PKG...: installs the missing ones with --no-install-recommends. Package postinst scripts would start
# their services (on all interfaces, from /etc): a temporary /usr/sbin/policy-rc.d exiting 101 stops that when the
# machine has none. Waits for the dpkg lock (others may be installing) up to APT_LOCK_TIMEOUT s.
apt_install() {
  local missing="" p rc=0 made_policy=0
  for p in "$@"; do installed "$p" || missing="$missing $p"; done
  [ -n "$missing" ] || return 0
  [ "$(id -u)" = 0 ] || die "not root: cannot install$missing (apt-get install --no-install-recommends$missing)"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, from cloudrig scripts/backends: no service start during install\nexit 101\n' \
      > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local lock=(-o "DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT:-600}")
  log "apt-get install --no-install-recommends$missing"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${lock[@]}" $missing >/dev/null || {
    log "install failed; apt-get update and one retry"
    DEBIAN_FRONTEND=noninteractive apt-get update -q "${lock[@]}" >/dev/null || true
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${lock[@]}" $missing >/dev/null || rc=$?
  }
  [ "$made_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d
  [ "$rc" = 0 ] || die "apt-get install failed for$missing"
  for p in "$@"; do installed "$p" || die "package $p still not installed"; done
}

# --- daemons ------------------------------------------------------------------------------------------------
# A pid file holds "PID STARTTIME": the session/process-group leader and its start time (field 22 of
# /proc/PID/stat, clock ticks since boot). The pair names one process for the machine's uptime, so a recycled pid or a
# stale pid file never leads to signalling a process these scripts did not start. (An environment marker would not
# do: setproctitle, which neutron and others use, overwrites /proc/PID/environ.)

proc_field() { # PID N: field N of /proc/PID/stat (N >= 3; the command name may contain blanks and parentheses)
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- "$2" $rest
  local n=$(( $1 - 1 ))
  echo "${!n}"
}

# owned_pid PIDFILE: prints the pid when PIDFILE names a live process with the recorded start time.
owned_pid() {
  local pidfile=$1 pid start now state
  [ -s "$pidfile" ] || return 1
  read -r pid start < "$pidfile" || true
  case "$pid$start" in ''|*[!0-9]*) return 1 ;; esac
  now=$(proc_field "$pid" 22) || return 1
  state=$(proc_field "$pid" 3) || return 1
  [ "$now" = "$start" ] && [ "$state" != Z ] || return 1
  echo "$pid"
}

# group_members PIDFILE: pids of the live processes in the process group recorded in PIDFILE, and of their
# descendants that moved to a session of their own (Erlang's erl_child_setup does), that started no earlier than the
# leader. Workers stay ours even when the leader has died.
group_members() {
  local pidfile=$1 pg start pid t
  [ -s "$pidfile" ] || return 0
  read -r pg start < "$pidfile" || true
  case "$pg$start" in ''|*[!0-9]*) return 0 ;; esac
  for pid in $(ps -eo pid=,ppid=,pgid=,stat= | awk -v pg="$pg" '
      $4 !~ /^Z/ { parent[$1] = $2; if ($3 == pg) mine[$1] = 1 }
      END {
        do { grew = 0
             for (p in parent) if (!(p in mine) && (parent[p] in mine)) { mine[p] = 1; grew = 1 }
        } while (grew)
        for (p in mine) print p
      }'); do
    t=$(proc_field "$pid" 22) || continue
    [ "$t" -ge "$start" ] && echo "$pid"
  done
  return 0
}

# start_daemon PIDFILE LOGFILE CMD...: runs CMD in a new session (setsid) in the background, stdin from /dev/null,
# output appended to LOGFILE; PIDFILE gets "PID STARTTIME" of the session leader (= the process group id).
start_daemon() {
  local pidfile=$1 logfile=$2 pid="" start=""; shift 2
  rm -f "$pidfile" "$pidfile.new"
  # shellcheck disable=SC2016
  # fds 3-9 closed: a daemon must not inherit the caller's lock (openstack-up.sh holds $STATE/.lock on fd 9)
  setsid /bin/sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile.new" "$@" </dev/null >>"$logfile" 2>&1 \
    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  for _ in $(seq 1 100); do
    [ -s "$pidfile.new" ] && pid=$(tr -dc '0-9' < "$pidfile.new") && [ -n "$pid" ] && break
    sleep 0.05
  done
  [ -n "$pid" ] || die "could not start $* (no pid written)"
  start=$(proc_field "$pid" 22) || die "$* exited at once; see $logfile"
  echo "$pid $start" > "$pidfile"
  rm -f "$pidfile.new"
}

# stop_daemon NAME PIDFILE [TIMEOUT_S]: SIGTERM to the recorded process group, SIGKILL after TIMEOUT_S (default 20)
# to what is left of it; then removes PIDFILE.
stop_daemon() {
  local name=$1 pidfile=$2 timeout=${3:-20} pg left
  left=$(group_members "$pidfile")
  if [ -z "$left" ]; then
    [ -e "$pidfile" ] && log "$name: not running (stale $pidfile)"
    rm -f "$pidfile"
    return 0
  fi
  read -r pg _ < "$pidfile"
  if owned_pid "$pidfile" >/dev/null; then
    kill -TERM -- "-$pg" 2>/dev/null || true
  else
    # shellcheck disable=SC2086
    kill -TERM $left 2>/dev/null || true
  fi
  for _ in $(seq 1 $((timeout * 5))); do
    left=$(group_members "$pidfile")
    [ -n "$left" ] || break
    sleep 0.2
  done
  if [ -n "$left" ]; then
    log "$name: still alive after ${timeout} s; SIGKILL to $(echo "$left" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "$name: stopped (process group $pg)"
}

# wait_until SECONDS DESCRIPTION PIDFILE CMD...: polls CMD every 0.5 s; fails early when PIDFILE's daemon died.
wait_until() {
  local secs=$1 what=$2 pidfile=$3; shift 3
  for _ in $(seq 1 $((secs * 2))); do
    "$@" && return 0
    if [ -n "$pidfile" ] && ! owned_pid "$pidfile" >/dev/null; then
      log "$what: the daemon of $pidfile exited"
      return 1
    fi
    sleep 0.5
  done
  log "$what: not ready after $secs s"
  return 1
}

safe_purge() { # DIR: rm -rf, refusing obvious system paths
  case "$1" in
    ""|/|/tmp|/tmp/|/root|/etc|/var|/usr|/home|"$HOME") die "refusing to purge '$1'" ;;
  esac
  rm -rf "$1"
}
