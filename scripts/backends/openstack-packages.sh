#!/usr/bin/env bash
# openstack-packages.sh -- install the Debian bookworm packages of the local OpenStack (openstack-up.sh), only those
# missing. Idempotent: does nothing when all are installed. Starts no daemon: a temporary /usr/sbin/policy-rc.d
# exiting 101 (only when the machine has none) turns the packages' `invoke-rc.d ... start` into a no-op, so no
# service comes up on all interfaces from /etc.
# --no-install-recommends: about 200 packages instead of 440 (Recommends pull libguestfs with a kernel image,
# grub, exim, matplotlib/scipy ...); what the stack needs beyond Depends is named below.
# Env: OPENSTACK_PACKAGES_CHECK_ONLY=1 (fail when something is missing instead of installing),
#      OPENSTACK_PACKAGES_EXTRA (more package names), APT_LOCK_TIMEOUT (s to wait for the dpkg lock, default 600).
set -euo pipefail
LOG_TAG=openstack-packages
# shellcheck source=scripts/backends/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

# keystone: identity (keystone-up.sh); placement-api, glance-api, neutron-server, nova-*: the services;
# nova-compute-ironic: the lightest package that satisfies nova-compute's hypervisor dependency (the fake driver
# itself is part of python3-nova); uwsgi-plugin-python3: Keystone and Placement run under uwsgi_python3;
# python3-pymysql: the driver of the mysql+pymysql:// URLs; curl: the HTTP readiness checks.
# shellcheck disable=SC2206
PKGS=(keystone placement-api glance-api neutron-server nova-api nova-conductor nova-scheduler nova-compute
  nova-compute-ironic rabbitmq-server mariadb-server uwsgi-plugin-python3 python3-pymysql curl
  ${OPENSTACK_PACKAGES_EXTRA:-})

if installed "${PKGS[@]}"; then
  exit 0
fi
if [ "${OPENSTACK_PACKAGES_CHECK_ONLY:-0}" = 1 ]; then
  missing=""
  for p in "${PKGS[@]}"; do installed "$p" || missing="$missing $p"; done
  die "packages missing:$missing (run $0 as root, or set OPENSTACK_INSTALL=1)"
fi
t0=$(now_ms)
apt_install "${PKGS[@]}"
log "installed in $(elapsed "$t0")"
