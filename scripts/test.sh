#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need (Debian packages via .ci/deps/*.sh,
# Maven via the wrapper), then builds and runs every module's tests against the real components.
set -euo pipefail
cd "$(dirname "$0")/.."
for dep in .ci/deps/*.sh; do
  [ -e "$dep" ] || continue
  echo "[test] dependency: $dep"
  bash "$dep"
done
MVN=./mvnw
[ -x "$MVN" ] || MVN=mvn
exec "$MVN" -B -ntp verify "$@"
