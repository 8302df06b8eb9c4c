#!/usr/bin/env bash
# .ci/deps/keystone.sh -- install and pre-check the real Keystone the ExistingCloud/Keystone tests use (Debian
# bookworm `keystone`), with the repository's own scripts/backends/keystone-up.sh and keystone-down.sh.
# Idempotent. The package is installed once (with a temporary policy-rc.d, so that its init script does not start
# a Keystone on all interfaces); a Keystone is then started on 127.0.0.1, must issue a token, and is stopped and
# purged again: the tests start their own (KeystoneTestServer, port ${CLOUDRIG_KEYSTONE_PORT:-25357}).
# Env: CLOUDRIG_KEYSTONE_WARM_PORT (default 25359) for this check.
set -euo pipefail
backends=$(cd "$(dirname "$0")/../../scripts/backends" && pwd)

export KEYSTONE_STATE_DIR=${TMPDIR:-/tmp}/cloudrig-keystone-ci-warm
export KEYSTONE_PORT=${CLOUDRIG_KEYSTONE_WARM_PORT:-25359}
# a check killed half-way leaves its uWSGI and state behind: keystone-down.sh stops exactly that one first
bash "$backends/keystone-down.sh" --purge >/dev/null 2>&1 || true
bash "$backends/keystone-up.sh" >/dev/null
bash "$backends/keystone-down.sh" --purge
echo "keystone.sh: keystone package installed and verified ($(dpkg-query -W -f='${Version}' keystone 2>/dev/null || echo '?'))"
