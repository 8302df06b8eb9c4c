#!/bin/sh
# Installs Debian's OpenSSH server (sshd + ssh-keygen) for the DevstackEngine/SSH tests. Idempotent: does nothing
# when /usr/sbin/sshd and ssh-keygen are already there. No daemon is started; the tests run their own sshd.
set -eu
if [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends openssh-server openssh-client
