#!/usr/bin/env bash
# openstack-check.sh -- end-to-end check of the OpenStack that openstack-up.sh runs for $OPENSTACK_STATE_DIR, over
# REST with /usr/bin/python3 (standard library only): admin and non-admin tokens and the catalog; neutron answers;
# a server of flavor m1.tiny booted with "networks": "none" (OpenStack-API-Version: compute 2.37) becomes ACTIVE
# and is 404 after DELETE; a server of flavor huge (bigger than the fake host) ends in ERROR with a fault message;
# a keypair is created and deleted; an image is uploaded to Glance and deleted; the instances quota of a project
# is set and restored. Prints PASS/FAIL per check with its duration; exit status 0 only when all pass.
# Env: OPENSTACK_STATE_DIR (default ${TMPDIR:-/tmp}/cloudrig-openstack), OPENSTACK_CHECK_TIMEOUT (s per wait, 120).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${OPENSTACK_STATE_DIR:-${TMPDIR:-/tmp}/cloudrig-openstack}
if [ ! -s "$STATE/openstack.json" ]; then
  echo "[openstack-check] ERROR: no $STATE/openstack.json: run openstack-up.sh first (same OPENSTACK_STATE_DIR)" >&2
  exit 1
fi
exec /usr/bin/python3 "$HERE/openstack_api.py" check "$STATE"
