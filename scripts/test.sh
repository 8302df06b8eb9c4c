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
if command -v terraform >/dev/null 2>&1; then
  echo "[test] terraform fmt -check"
  TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -recursive terraform
else
  echo "[test] terraform not installed: skipping the Terraform format check"
fi
MVN=./mvnw
[ -x "$MVN" ] || MVN=mvn
# clean: a resource or class removed from the sources must not linger in target/ from an earlier build
exec "$MVN" -B -ntp clean verify "$@"
