#!/usr/bin/env bash
# .ci/deps/keystone.sh -- pre-warm the real Keystone the ExistingCloud/Keystone tests use (Debian bookworm `keystone`).
# Idempotent. Installs the package once (keystone-up.sh does it with a temporary policy-rc.d so that the package's
# init script does not start a Keystone on all interfaces), checks that one starts and issues a token, then stops it:
# the tests (KeystoneTestServer) start their own on 127.0.0.1:${CLOUDRIG_KEYSTONE_PORT:-35357}.
# Env: CLOUDRIG_KEYSTONE_UP (path to keystone-up.sh; default: shared/tools/keystone-up.sh next to or above the repo).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
up=${CLOUDRIG_KEYSTONE_UP:-}
if [ -z "$up" ]; then
  d=$here
  while [ "$d" != / ]; do
    for c in "$d/shared/tools/keystone-up.sh" "$d/../shared/tools/keystone-up.sh"; do
      if [ -f "$c" ]; then up=$c; break 2; fi
    done
    d=$(dirname "$d")
  done
fi
[ -n "$up" ] && [ -f "$up" ] || { echo "keystone.sh: cannot find shared/tools/keystone-up.sh; set CLOUDRIG_KEYSTONE_UP" >&2; exit 1; }
down="$(dirname "$up")/keystone-down.sh"

export KEYSTONE_STATE_DIR=${TMPDIR:-/tmp}/cloudrig-keystone-ci-warm
export KEYSTONE_PORT=${CLOUDRIG_KEYSTONE_WARM_PORT:-35358}
# a warm-up killed half-way leaves its uwsgi behind: clear it before starting again
bash "$down" --purge >/dev/null 2>&1 || true
pkill -f "$KEYSTONE_STATE_DIR/uwsgi.ini" 2>/dev/null || true
bash "$up" >/dev/null
bash "$down" --purge
echo "keystone.sh: keystone package installed and verified ($(dpkg-query -W -f='${Version}' keystone 2>/dev/null || echo '?'))"
