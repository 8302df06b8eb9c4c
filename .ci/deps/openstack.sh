#!/usr/bin/env bash
# .ci/deps/openstack.sh -- install the Debian packages of the local OpenStack that the OpenStackProvider tests run
# (scripts/backends/openstack-up.sh: MariaDB, RabbitMQ, Keystone, Placement, Glance, neutron-server, Nova with the
# fake driver). Idempotent: nothing happens when all are installed. Starts no daemon (the packages' postinst service
# starts are blocked by a temporary policy-rc.d); the tests or a test-run wrapper start and stop the stack.
set -euo pipefail
script=$(cd "$(dirname "$0")/../../scripts/backends" && pwd)/openstack-packages.sh
if [ "$(id -u)" = 0 ]; then
  bash "$script"
else
  sudo -n bash "$script"
fi
echo "openstack.sh: OpenStack packages installed (nova $(dpkg-query -W -f='${Version}' nova-api 2>/dev/null || echo '?'))"
