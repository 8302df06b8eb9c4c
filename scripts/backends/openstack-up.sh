#!/usr/bin/env bash
# openstack-up.sh -- a small real OpenStack on 127.0.0.1 for the OpenStackProvider tests, from Debian bookworm
# packages: MariaDB, RabbitMQ, Keystone (keystone-up.sh), Placement (uWSGI), Glance API, an agent-less
# neutron-server (ML2 without mechanism drivers; no networks), and Nova api/conductor/scheduler/compute with
# compute_driver = fake.FakeDriver (servers become ACTIVE without any hypervisor; they get no IP address).
# Each daemon runs under setsid in its own process group with a pid file in $OPENSTACK_STATE_DIR/run; configs,
# databases, images and logs all live in $OPENSTACK_STATE_DIR; nothing in /etc is changed. openstack-down.sh
# stops exactly what this started. Idempotent: on a running stack it re-checks every daemon, starts only what is
# missing, re-checks the catalog, flavors and image, and exits 0.
#
# Env (all optional):
#   OPENSTACK_STATE_DIR         ${TMPDIR:-/tmp}/cloudrig-openstack
#   OPENSTACK_PORT_BASE         36000; the ports are BASE+0 keystone, +1 placement, +2 glance, +3 neutron,
#                               +4 nova-api, +5 mariadb, +6 rabbitmq (AMQP), +7 rabbitmq (Erlang distribution),
#                               +8 epmd; each can be set alone: OPENSTACK_{KEYSTONE,PLACEMENT,GLANCE,NEUTRON,NOVA,
#                               MARIADB,RABBIT,RABBIT_DIST,EPMD}_PORT
#   OPENSTACK_ADMIN_PASSWORD    ADMINPASS (user admin, project admin, domain Default, region RegionOne)
#   OPENSTACK_DEMO_PASSWORD     DEMOPASS  (user demo, project demo: roles member and reader)
#   OPENSTACK_SERVICE_PASSWORD  cloudrig-service (MariaDB user openstack, RabbitMQ user openstack, service users)
#   OPENSTACK_REGION            RegionOne
#   OPENSTACK_COMPUTE_HOST      cloudrig-compute (nova-compute's host = the fake hypervisor's node name)
#   OPENSTACK_DEBUG             0; 1: debug logging in the OpenStack services (takes effect when they (re)start)
#   OPENSTACK_INSTALL           1: install missing packages first (openstack-packages.sh); 0: fail instead
# Writes into the state dir: openstack.json (endpoints, users, flavors, image, ports), admin-openrc.sh,
#   demo-openrc.sh, existing.json (Rally ExistingCloud with admin and users), timings.txt.
set -euo pipefail
LOG_TAG=openstack-up
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/backends/lib.sh
. "$HERE/lib.sh"

STATE=${OPENSTACK_STATE_DIR:-${TMPDIR:-/tmp}/cloudrig-openstack}
case "$STATE" in /*) ;; *) die "OPENSTACK_STATE_DIR must be an absolute path, got '$STATE'" ;; esac
BASE=${OPENSTACK_PORT_BASE:-36000}
require_port OPENSTACK_PORT_BASE "$BASE"
P_KEYSTONE=${OPENSTACK_KEYSTONE_PORT:-$((BASE + 0))}
P_PLACEMENT=${OPENSTACK_PLACEMENT_PORT:-$((BASE + 1))}
P_GLANCE=${OPENSTACK_GLANCE_PORT:-$((BASE + 2))}
P_NEUTRON=${OPENSTACK_NEUTRON_PORT:-$((BASE + 3))}
P_NOVA=${OPENSTACK_NOVA_PORT:-$((BASE + 4))}
P_MARIADB=${OPENSTACK_MARIADB_PORT:-$((BASE + 5))}
P_RABBIT=${OPENSTACK_RABBIT_PORT:-$((BASE + 6))}
P_RABBIT_DIST=${OPENSTACK_RABBIT_DIST_PORT:-$((BASE + 7))}
P_EPMD=${OPENSTACK_EPMD_PORT:-$((BASE + 8))}
for v in P_KEYSTONE P_PLACEMENT P_GLANCE P_NEUTRON P_NOVA P_MARIADB P_RABBIT P_RABBIT_DIST P_EPMD; do
  require_port "OPENSTACK_${v#P_}_PORT" "${!v}"
done
ADMIN_PASS=${OPENSTACK_ADMIN_PASSWORD:-ADMINPASS}
DEMO_PASS=${OPENSTACK_DEMO_PASSWORD:-DEMOPASS}
SERVICE_PASS=${OPENSTACK_SERVICE_PASSWORD:-cloudrig-service}
REGION=${OPENSTACK_REGION:-RegionOne}
COMPUTE_HOST=${OPENSTACK_COMPUTE_HOST:-cloudrig-compute}
case "${OPENSTACK_DEBUG:-0}" in 1) DEBUG=true ;; 0) DEBUG=false ;; *) die "OPENSTACK_DEBUG must be 0 or 1, got '${OPENSTACK_DEBUG}'" ;; esac
for v in ADMIN_PASS DEMO_PASS SERVICE_PASS; do
  case "${!v}" in *[!A-Za-z0-9._-]*|'') die "passwords may hold only A-Z a-z 0-9 . _ - (they go into URLs and SQL); check OPENSTACK_${v%_PASS}_PASSWORD" ;; esac
done
case "$COMPUTE_HOST" in *[!A-Za-z0-9.-]*|'') die "OPENSTACK_COMPUTE_HOST must be a host name, got '$COMPUTE_HOST'" ;; esac

H=127.0.0.1
KS_URL="http://$H:$P_KEYSTONE/v3/"
DB="mysql+pymysql://openstack:$SERVICE_PASS@$H:$P_MARIADB"
RABBIT_URL="rabbit://openstack:$SERVICE_PASS@$H:$P_RABBIT/"
ETC=$STATE/etc
RUN=$STATE/run
LOGD=$STATE/log
MARK=$STATE/marks
EMPTY=$ETC/empty.d   # given as --config-dir so that no /etc/<project>/<project>.conf.d is read
SQL_SOCKET=$STATE/mysql/mysqld.sock

T_START=$(now_ms)
mkdir -p "$STATE"
# one openstack-up.sh / openstack-down.sh at a time per state dir (test JVMs may start it concurrently)
exec 9>"$STATE/.lock"
flock -w 900 9 || die "another openstack-up.sh/openstack-down.sh holds $STATE/.lock"
TIMINGS=()
timed() { # NAME CMD...: runs CMD, records its duration
  local name=$1 t0 rc=0; shift
  t0=$(now_ms)
  "$@" || rc=$?
  TIMINGS+=("$(printf '%-34s %s' "$name" "$(elapsed "$t0")")")
  return $rc
}

# 0. packages ------------------------------------------------------------------------------------------------
install_packages() {
  if [ "${OPENSTACK_INSTALL:-1}" = 1 ]; then
    bash "$HERE/openstack-packages.sh"
  else
    OPENSTACK_PACKAGES_CHECK_ONLY=1 bash "$HERE/openstack-packages.sh"
  fi
}
timed "packages" install_packages
mkdir -p "$ETC" "$RUN" "$LOGD" "$MARK" "$EMPTY" "$STATE/mysql/tmp" "$STATE/rabbitmq" "$STATE/glance/images" \
  "$STATE/glance/cache" "$STATE/glance/staging" "$STATE/nova/instances" "$STATE/neutron" "$STATE/lock"
chmod 700 "$STATE"

# a port is free, or held by the daemon of PIDFILE
check_port() { # NAME PORT PIDFILE
  if ! owned_pid "$3" >/dev/null && port_open "$H" "$2"; then
    die "$1: $H:$2 is already in use by a process this script did not start (choose OPENSTACK_PORT_BASE)"
  fi
}
check_port mariadb "$P_MARIADB" "$RUN/mariadb.pid"
check_port rabbitmq "$P_RABBIT" "$RUN/rabbitmq.pid"
check_port rabbitmq-dist "$P_RABBIT_DIST" "$RUN/rabbitmq.pid"
check_port epmd "$P_EPMD" "$RUN/epmd.pid"
check_port placement "$P_PLACEMENT" "$RUN/placement.pid"
check_port glance "$P_GLANCE" "$RUN/glance-api.pid"
check_port neutron "$P_NEUTRON" "$RUN/neutron-server.pid"
check_port nova-api "$P_NOVA" "$RUN/nova-api.pid"
if ! owned_pid "$STATE/keystone/uwsgi.pid" >/dev/null && port_open "$H" "$P_KEYSTONE"; then
  die "keystone: $H:$P_KEYSTONE is already in use by a process this script did not start"
fi

# 1. configuration files (rewritten on every run; the same input gives the same files) ------------------------
umask 077
authtoken() { # USER: a [keystone_authtoken] section
  cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS_URL
auth_url = $KS_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SERVICE_PASS
region_name = $REGION
service_token_roles_required = true
EOF
}
ksauth() { # SECTION USER: keystoneauth options for a client section
  cat <<EOF
[$1]
auth_type = password
auth_url = $KS_URL
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $2
password = $SERVICE_PASS
region_name = $REGION
valid_interfaces = public
EOF
}
common_oslo() { # PROJECT
  mkdir -p "$ETC/$1/policy.d"
  cat <<EOF
[oslo_concurrency]
lock_path = $STATE/lock/$1
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_dirs = $ETC/$1/policy.d
EOF
}

write_configs() {
  mkdir -p "$ETC/mariadb" "$ETC/rabbitmq" "$ETC/placement" "$ETC/glance" "$ETC/neutron" "$ETC/nova"
  cat > "$ETC/mariadb/my.cnf" <<EOF
[mysqld]
user = $(id -un)
datadir = $STATE/mysql/data
tmpdir = $STATE/mysql/tmp
socket = $SQL_SOCKET
pid-file = $STATE/mysql/mariadbd.pid
port = $P_MARIADB
bind-address = $H
skip-name-resolve
skip-log-bin
log-error = $LOGD/mariadb.log
character-set-server = utf8
collation-server = utf8_general_ci
max_connections = 500
performance_schema = OFF
innodb_buffer_pool_size = 64M
# a throw-away test database: durability traded for a faster first schema sync
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
sync_binlog = 0
EOF
  cat > "$ETC/rabbitmq/rabbitmq.conf" <<EOF
listeners.tcp.1 = $H:$P_RABBIT
default_user = openstack
default_pass = $SERVICE_PASS
loopback_users = none
log.console = false
log.file.level = info
disk_free_limit.absolute = 50MB
EOF
  echo '[].' > "$ETC/rabbitmq/enabled_plugins"
  : > "$ETC/rabbitmq/rabbitmq-env.conf"

  { cat <<EOF
[DEFAULT]
debug = $DEBUG
log_dir = $LOGD
log_file = placement-api.log
[api]
auth_strategy = keystone
[placement_database]
connection = $DB/placement?charset=utf8
EOF
    authtoken placement; common_oslo placement; } > "$ETC/placement/placement.conf"
  cat > "$ETC/placement/uwsgi.ini" <<EOF
[uwsgi]
http-socket = $H:$P_PLACEMENT
wsgi-file = /usr/bin/placement-api
env = OS_PLACEMENT_CONFIG_DIR=$ETC/placement
master = true
processes = 1
threads = 1
lazy-apps = true
die-on-term = true
no-orphans = true
buffer-size = 65535
# same keep-alive trap as Keystone's uWSGI: say that the connection closes after each response
add-header = Connection: close
EOF

  { cat <<EOF
[DEFAULT]
bind_host = $H
bind_port = $P_GLANCE
workers = 1
debug = $DEBUG
log_dir = $LOGD
log_file = glance-api.log
image_cache_dir = $STATE/glance/cache
node_staging_uri = file://$STATE/glance/staging
[database]
connection = $DB/glance?charset=utf8
[glance_store]
stores = file,http
default_store = file
filesystem_store_datadir = $STATE/glance/images/
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
EOF
    authtoken glance; common_oslo glance; } > "$ETC/glance/glance-api.conf"

  { cat <<EOF
[DEFAULT]
bind_host = $H
bind_port = $P_NEUTRON
core_plugin = ml2
service_plugins =
auth_strategy = keystone
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 0
transport_url = $RABBIT_URL
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
dhcp_agent_notification = false
state_path = $STATE/neutron
debug = $DEBUG
log_dir = $LOGD
log_file = neutron-server.log
api_paste_config = /etc/neutron/api-paste.ini
[database]
connection = $DB/neutron?charset=utf8
EOF
    authtoken neutron; common_oslo neutron; } > "$ETC/neutron/neutron.conf"
  cat > "$ETC/neutron/ml2_conf.ini" <<EOF
[ml2]
type_drivers = flat,vlan
tenant_network_types =
mechanism_drivers =
extension_drivers =
EOF

  nova_common() { # EXTRA_DEFAULT_LINES: the part of the config that every nova service reads
    cat <<EOF
[DEFAULT]
$1
host = $COMPUTE_HOST
my_ip = $H
state_path = $STATE/nova
instances_path = $STATE/nova/instances
debug = $DEBUG
log_dir = $LOGD
transport_url = $RABBIT_URL
use_rootwrap_daemon = false
[glance]
endpoint_override = http://$H:$P_GLANCE
region_name = $REGION
[upgrade_levels]
compute = auto
[vnc]
enabled = false
[spice]
enabled = false
[serial_console]
enabled = false
EOF
    ksauth placement nova
    ksauth neutron neutron
    common_oslo nova
  }
  { nova_common "enabled_apis = osapi_compute
osapi_compute_listen = $H
osapi_compute_listen_port = $P_NOVA
osapi_compute_workers = 1
metadata_workers = 1"; cat <<EOF
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[api_database]
connection = $DB/nova_api?charset=utf8
[database]
connection = $DB/nova?charset=utf8
[scheduler]
workers = 1
discover_hosts_in_cells_interval = -1
[conductor]
workers = 1
[quota]
# no cores/RAM limit, so that a flavor too big for the host reaches the scheduler (NoValidHost -> ERROR)
# instead of failing quota with HTTP 403; instances keeps its default of 10 (tests set it per project with
# PUT /v2.1/os-quota-sets/{project_id} {"quota_set": {"instances": N}})
cores = -1
ram = -1
EOF
    authtoken nova
  } > "$ETC/nova/nova.conf"
  # nova-compute: no database credentials (it logs an error when it has them); the fake hypervisor
  nova_common "compute_driver = fake.FakeDriver" > "$ETC/nova/nova-compute.conf"
}
timed "configs" write_configs

# 2. MariaDB, RabbitMQ (+ epmd), Keystone -- started in parallel ------------------------------------------------
sql() { mariadb --no-defaults --socket="$SQL_SOCKET" -uroot -N -B "$@"; }
sql_ping() { mariadb-admin --no-defaults --socket="$SQL_SOCKET" -uroot ping >/dev/null 2>&1; }

start_mariadb() {
  if owned_pid "$RUN/mariadb.pid" >/dev/null; then log "mariadb: running"; return 0; fi
  if [ ! -d "$STATE/mysql/data/mysql" ]; then
    log "mariadb: mariadb-install-db"
    mariadb-install-db --defaults-file="$ETC/mariadb/my.cnf" --auth-root-authentication-method=socket \
      --skip-test-db >"$LOGD/mariadb-install-db.log" 2>&1 || { tail -n 20 "$LOGD/mariadb-install-db.log" >&2; return 1; }
  fi
  start_daemon "$RUN/mariadb.pid" "$LOGD/mariadbd.out" /usr/sbin/mariadbd --defaults-file="$ETC/mariadb/my.cnf"
  wait_until 60 "mariadb" "$RUN/mariadb.pid" sql_ping || { tail -n 20 "$LOGD/mariadb.log" >&2; return 1; }
  log "mariadb: up on $H:$P_MARIADB"
}

RABBIT_ENV=(HOME="$STATE/rabbitmq"
  RABBITMQ_CONF_ENV_FILE="$ETC/rabbitmq/rabbitmq-env.conf"
  RABBITMQ_CONFIG_FILE="$ETC/rabbitmq/rabbitmq"
  RABBITMQ_ENABLED_PLUGINS_FILE="$ETC/rabbitmq/enabled_plugins"
  RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia"
  RABBITMQ_LOG_BASE="$LOGD"
  RABBITMQ_NODENAME="rabbit-cloudrig-$P_RABBIT@localhost"
  RABBITMQ_NODE_IP_ADDRESS="$H" RABBITMQ_NODE_PORT="$P_RABBIT" RABBITMQ_DIST_PORT="$P_RABBIT_DIST"
  ERL_EPMD_ADDRESS="$H" ERL_EPMD_PORT="$P_EPMD"
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none")
amqp_ready() { # the broker answers the AMQP 0-9-1 protocol header with a Connection.Start method frame
  /usr/bin/python3 - "$H" "$P_RABBIT" <<'EOF'
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
    s.sendall(b"AMQP\x00\x00\x09\x01")
    head = s.recv(7)
    sys.exit(0 if len(head) == 7 and head[0] == 1 else 1)
except OSError:
    sys.exit(1)
EOF
}
start_rabbit() {
  if ! owned_pid "$RUN/epmd.pid" >/dev/null; then
    # our own epmd on its own port: the one erl would start itself daemonizes out of our process group
    start_daemon "$RUN/epmd.pid" "$LOGD/epmd.out" env HOME="$STATE/rabbitmq" /usr/bin/epmd -address "$H" -port "$P_EPMD"
    wait_until 10 "epmd" "$RUN/epmd.pid" port_open "$H" "$P_EPMD" || return 1
  fi
  if owned_pid "$RUN/rabbitmq.pid" >/dev/null && amqp_ready; then log "rabbitmq: running"; return 0; fi
  if ! owned_pid "$RUN/rabbitmq.pid" >/dev/null; then
    start_daemon "$RUN/rabbitmq.pid" "$LOGD/rabbitmq-server.out" env "${RABBIT_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server
  fi
  wait_until 90 "rabbitmq" "$RUN/rabbitmq.pid" amqp_ready || { tail -n 20 "$LOGD/rabbitmq-server.out" >&2; return 1; }
  log "rabbitmq: up on $H:$P_RABBIT"
}

start_keystone() {
  KEYSTONE_STATE_DIR="$STATE/keystone" KEYSTONE_HOST="$H" KEYSTONE_PORT="$P_KEYSTONE" \
    KEYSTONE_ADMIN_USER=admin KEYSTONE_ADMIN_PASSWORD="$ADMIN_PASS" KEYSTONE_ADMIN_PROJECT=admin \
    KEYSTONE_REGION="$REGION" KEYSTONE_WORKERS="${OPENSTACK_KEYSTONE_WORKERS:-1}" KEYSTONE_THREADS=1 \
    KEYSTONE_INSTALL=0 bash "$HERE/keystone-up.sh" >"$LOGD/keystone-up.out" 2>&1 || {
      tail -n 20 "$LOGD/keystone-up.out" >&2; return 1; }
  log "keystone: up on $KS_URL"
}

# parallel NAME... : runs the functions NAME... as background jobs; fails when any failed
parallel() {
  local pids=() names=() i rc=0 t0
  for f in "$@"; do
    t0=$(now_ms)
    ( "$f" || exit 1; echo "$(elapsed "$t0")" > "$RUN/.time.$f" ) & pids+=($!); names+=("$f")
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
      TIMINGS+=("$(printf '  %-32s %s' "${names[$i]}" "$(cat "$RUN/.time.${names[$i]}" 2>/dev/null)")")
    else
      log "${names[$i]} failed"; rc=1
    fi
    rm -f "$RUN/.time.${names[$i]}"
  done
  return $rc
}
timed "mariadb + rabbitmq + keystone" parallel start_mariadb start_rabbit start_keystone || \
  die "start-up failed; logs in $LOGD (stop what started with openstack-down.sh)"

# 3. databases and schemas, catalog -- in parallel -------------------------------------------------------------
setup_databases() {
  sql <<EOF
CREATE DATABASE IF NOT EXISTS placement;
CREATE DATABASE IF NOT EXISTS glance;
CREATE DATABASE IF NOT EXISTS neutron;
CREATE DATABASE IF NOT EXISTS nova_api;
CREATE DATABASE IF NOT EXISTS nova;
CREATE DATABASE IF NOT EXISTS nova_cell0;
CREATE USER IF NOT EXISTS 'openstack'@'$H' IDENTIFIED BY '$SERVICE_PASS';
ALTER USER 'openstack'@'$H' IDENTIFIED BY '$SERVICE_PASS';
GRANT ALL PRIVILEGES ON placement.* TO 'openstack'@'$H';
GRANT ALL PRIVILEGES ON glance.* TO 'openstack'@'$H';
GRANT ALL PRIVILEGES ON neutron.* TO 'openstack'@'$H';
GRANT ALL PRIVILEGES ON nova_api.* TO 'openstack'@'$H';
GRANT ALL PRIVILEGES ON nova.* TO 'openstack'@'$H';
GRANT ALL PRIVILEGES ON nova_cell0.* TO 'openstack'@'$H';
EOF
}
timed "databases and user" setup_databases

once() { # MARKER LOGNAME CMD...: runs CMD unless MARKER exists; output to $LOGD/LOGNAME
  local marker=$MARK/$1 logf=$LOGD/$2; shift 2
  [ -f "$marker" ] && return 0
  if "$@" >"$logf" 2>&1; then touch "$marker"; else tail -n 20 "$logf" >&2; return 1; fi
}
sync_placement() { once placement-db placement-db-sync.log placement-manage --config-file "$ETC/placement/placement.conf" db sync; }
sync_glance() { once glance-db glance-db-sync.log glance-manage --config-file "$ETC/glance/glance-api.conf" --config-dir "$EMPTY" db_sync; }
sync_neutron() {
  once neutron-db neutron-db-manage.log neutron-db-manage --config-file "$ETC/neutron/neutron.conf" \
    --config-file "$ETC/neutron/ml2_conf.ini" upgrade heads
}
nova_manage() { nova-manage --config-file "$ETC/nova/nova.conf" --config-dir "$EMPTY" "$@"; }
create_cell1() {
  local rc=0
  nova_manage cell_v2 create_cell --name cell1 --verbose || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 2 ]   # 2: a cell with this transport URL and database exists already
}
sync_nova() {
  once nova-api-db nova-api-db-sync.log nova_manage api_db sync &&
  once nova-cell0 nova-cell0.log nova_manage cell_v2 map_cell0 --database_connection "$DB/nova_cell0?charset=utf8" &&
  once nova-cell1 nova-cell1.log create_cell1 &&
  once nova-db nova-db-sync.log nova_manage db sync
}
make_catalog() {
  write_openstack_json || return 1
  # skipped when Keystone's state already holds the catalog for exactly these ports, region and passwords (the
  # marker lives in Keystone's state dir, so it goes with Keystone's database)
  local marker=$STATE/keystone/.cloudrig-catalog want
  want=$(printf '%s\n' catalog-v1 "$KS_URL" "$REGION" "$P_PLACEMENT" "$P_GLANCE" "$P_NEUTRON" "$P_NOVA" \
    "$ADMIN_PASS" "$DEMO_PASS" "$SERVICE_PASS" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$marker" 2>/dev/null || true)" = "$want" ] && grep -q '"project_id"' "$STATE/openstack.json"; then
    return 0
  fi
  OPENSTACK_SERVICE_PASSWORD="$SERVICE_PASS" /usr/bin/python3 "$HERE/openstack_api.py" catalog "$STATE" \
    >"$LOGD/catalog.log" 2>&1 || { cat "$LOGD/catalog.log" >&2; return 1; }
  echo "$want" > "$marker"
}
write_openstack_json() { # ports, endpoints, users; keeps flavors/image/ids of an earlier run
  /usr/bin/python3 - "$STATE" <<EOF
import json, os, sys
state = sys.argv[1]
path = os.path.join(state, "openstack.json")
old = {}
if os.path.exists(path):
    with open(path) as f:
        old = json.load(f)
cfg = {
  "auth_url": "$KS_URL", "region_name": "$REGION", "endpoint_type": "public",
  "admin": {"username": "admin", "password": "$ADMIN_PASS", "user_domain_name": "Default",
            "project_name": "admin", "project_domain_name": "Default"},
  "users": [{"username": "demo", "password": "$DEMO_PASS", "user_domain_name": "Default",
             "project_name": "demo", "project_domain_name": "Default"}],
  "endpoints": {"identity": "$KS_URL", "placement": "http://$H:$P_PLACEMENT", "image": "http://$H:$P_GLANCE",
                "network": "http://$H:$P_NEUTRON", "compute": "http://$H:$P_NOVA/v2.1"},
  "compute_microversion": "2.37",
  "compute_host": "$COMPUTE_HOST",
  "ports": {"keystone": $P_KEYSTONE, "placement": $P_PLACEMENT, "glance": $P_GLANCE, "neutron": $P_NEUTRON,
            "nova": $P_NOVA, "mariadb": $P_MARIADB, "rabbitmq": $P_RABBIT, "rabbitmq_dist": $P_RABBIT_DIST,
            "epmd": $P_EPMD},
  "state_dir": state,
}
for key in ("flavors", "image", "compute_inventory"):
    if key in old:
        cfg[key] = old[key]
for key in ("project_id",):
    if key in old.get("admin", {}):
        cfg["admin"][key] = old["admin"][key]
    for u, o in zip(cfg["users"], old.get("users", [])):
        if key in o and o.get("username") == u["username"]:
            u[key] = o[key]
fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with open(fd, "w") as f:
    json.dump(cfg, f, indent=2)
    f.write("\n")
os.replace(path + ".tmp", path)
EOF
}
timed "schemas + catalog" parallel sync_placement sync_glance sync_neutron sync_nova make_catalog || \
  die "schema sync or catalog failed; logs in $LOGD"

# 4. OpenStack services ------------------------------------------------------------------------------------------
start_svc() { # NAME CMD...: start unless running
  local name=$1; shift
  if owned_pid "$RUN/$name.pid" >/dev/null; then log "$name: running"; return 0; fi
  start_daemon "$RUN/$name.pid" "$LOGD/$name.out" "$@"
}
wait_http() { # NAME URL CODE...
  local name=$1 url=$2; shift 2
  local codes="$*"
  ok() { local c; c=$(http_code "$url"); case " $codes " in *" $c "*) return 0 ;; esac; return 1; }
  wait_until 120 "$name on $url" "$RUN/$name.pid" ok || {
    tail -n 30 "$LOGD/$name.log" "$LOGD/$name.out" 2>/dev/null >&2 || true; return 1; }
}
start_services() {
  start_svc placement /usr/bin/uwsgi_python3 --ini "$ETC/placement/uwsgi.ini"
  start_svc glance-api glance-api --config-file "$ETC/glance/glance-api.conf" --config-dir "$EMPTY"
  start_svc neutron-server neutron-server --config-file "$ETC/neutron/neutron.conf" \
    --config-file "$ETC/neutron/ml2_conf.ini" --config-dir "$EMPTY"
  start_svc nova-conductor nova-conductor --config-file "$ETC/nova/nova.conf" --config-dir "$EMPTY"
  start_svc nova-scheduler nova-scheduler --config-file "$ETC/nova/nova.conf" --config-dir "$EMPTY"
  start_svc nova-api nova-api --config-file "$ETC/nova/nova.conf" --config-dir "$EMPTY"
  if owned_pid "$RUN/nova-compute.pid" >/dev/null; then
    COMPUTE_SINCE=$(date -u -d '-60 seconds' '+%F %T')
  else
    COMPUTE_SINCE=$(date -u -d '-1 seconds' '+%F %T')
  fi
  start_svc nova-compute nova-compute --config-file "$ETC/nova/nova-compute.conf" --config-dir "$EMPTY"
  wait_http placement "http://$H:$P_PLACEMENT/" 200 &&
  wait_http glance-api "http://$H:$P_GLANCE/" 300 200 &&
  wait_http neutron-server "http://$H:$P_NEUTRON/" 200 &&
  wait_http nova-api "http://$H:$P_NOVA/" 200 300
}
timed "services (placement ... nova)" start_services || die "a service did not come up; logs in $LOGD"

# 5. the compute host: registered in the cell, then mapped (discover_hosts) --------------------------------------
# the compute node exists and its nova-compute reported since it started (a warm start finds the old rows at once)
compute_registered() {
  [ -n "$(sql -e "SELECT 1 FROM nova.compute_nodes n JOIN nova.services s ON s.host = n.host
    WHERE n.host='$COMPUTE_HOST' AND n.deleted=0 AND s.deleted=0 AND s.binary='nova-compute'
    AND COALESCE(s.updated_at, s.created_at) >= '$COMPUTE_SINCE' LIMIT 1" 2>/dev/null)" ]
}
host_mapped() {
  [ -n "$(sql -e "SELECT 1 FROM nova_api.host_mappings WHERE host='$COMPUTE_HOST' LIMIT 1" 2>/dev/null)" ]
}
map_compute() {
  wait_until 120 "nova-compute registration of $COMPUTE_HOST" "$RUN/nova-compute.pid" compute_registered || {
    tail -n 30 "$LOGD/nova-compute.log" >&2 || true; return 1; }
  local i
  for i in $(seq 1 20); do
    host_mapped && return 0
    nova_manage cell_v2 discover_hosts --verbose >>"$LOGD/discover-hosts.log" 2>&1 || true
    sleep 1
  done
  log "nova-compute host $COMPUTE_HOST is still not mapped to a cell; see $LOGD/discover-hosts.log"
  return 1
}
timed "compute host mapped" map_compute || die "compute host not mapped"

# 6. flavors and image; credential files ---------------------------------------------------------------------------
placement_ready() {
  OPENSTACK_SERVICE_PASSWORD="$SERVICE_PASS" /usr/bin/python3 "$HERE/openstack_api.py" resources "$STATE" \
    >"$LOGD/resources.log" 2>&1
}
timed "flavors + image" wait_until 60 "flavors and image (placement inventory of $COMPUTE_HOST)" "" placement_ready \
  || { cat "$LOGD/resources.log" >&2; die "flavors/image failed"; }

openrc() { # USER PASSWORD PROJECT
  cat <<EOF
export OS_AUTH_URL=$KS_URL
export OS_USERNAME=$1
export OS_PASSWORD=$2
export OS_PROJECT_NAME=$3
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=$REGION
export OS_IDENTITY_API_VERSION=3
export OS_INTERFACE=public
export OS_COMPUTE_API_VERSION=2.37
EOF
}
openrc admin "$ADMIN_PASS" admin > "$STATE/admin-openrc.sh"
openrc demo "$DEMO_PASS" demo > "$STATE/demo-openrc.sh"
/usr/bin/python3 - "$STATE" <<'EOF'
import json, os, sys
state = sys.argv[1]
with open(os.path.join(state, "openstack.json")) as f:
    cfg = json.load(f)
keep = ("username", "password", "user_domain_name", "project_name", "project_domain_name")
creds = {"auth_url": cfg["auth_url"], "region_name": cfg["region_name"], "endpoint_type": "public",
         "admin": {k: cfg["admin"][k] for k in keep},
         "users": [{k: u[k] for k in keep} for u in cfg["users"]],
         "https_insecure": False, "https_cacert": ""}
with open(os.path.join(state, "existing.json"), "w") as f:
    json.dump({"type": "ExistingCloud", "creds": {"openstack": creds}}, f)
    f.write("\n")
EOF

rss_total_mb() { # RSS of every process of every process group we started
  local f total=0 n=0 kb p
  for f in "$RUN"/*.pid "$STATE/keystone/uwsgi.pid"; do
    [ -e "$f" ] || continue
    owned_pid "$f" >/dev/null || continue
    for p in $(group_members "$f"); do
      kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
      total=$((total + ${kb:-0})); n=$((n + 1))
    done
  done
  echo "$((total / 1024)) MB in $n processes"
}

{
  echo "openstack-up.sh $(date -Is): total $(elapsed "$T_START")"
  printf '  %s\n' "${TIMINGS[@]}"
  echo "  RSS: $(rss_total_mb)"
} | tee "$STATE/timings.txt" >&2

/usr/bin/python3 - "$STATE" <<'EOF'
import json, os, sys
state = sys.argv[1]
with open(os.path.join(state, "openstack.json")) as f:
    c = json.load(f)
e, fl = c["endpoints"], c["flavors"]
print(f"""openstack is up (state {state})
  identity   {e['identity']}   admin/admin and demo/demo, domain Default, region {c['region_name']}
  compute    {e['compute']}   (send OpenStack-API-Version: compute 2.37 and "networks": "none")
  image      {e['image']}
  network    {e['network']}   (no networks, no agents)
  placement  {e['placement']}
  flavors    {fl['tiny']['name']} ({fl['tiny']['id']}), {fl['huge']['name']} ({fl['huge']['id']}: bigger than the fake host -> ERROR)
  image      {c['image']['name']} ({c['image']['id']})
  files      {state}/openstack.json, admin-openrc.sh, demo-openrc.sh, existing.json
  logs       {state}/log
  check      scripts/backends/openstack-check.sh; stop: scripts/backends/openstack-down.sh [--purge]""")
EOF
