#!/bin/sh
# Node.js and npm for the Terraform wiring test (src-test/as-deployed), which reads terraform/*.tf with HashiCorp's
# own HCL parser (npm @cdktf/hcl2json, installed by the test from the module's package-lock.json). Idempotent.
set -eu
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends nodejs npm
