#!/usr/bin/env bash
# Installs libvirt for the VirshProvider tests and starts libvirtd (QEMU driver, TCG) without systemd.
# Idempotent; needs root. Used by .ci/run before `mvn verify`.
#  - libvirt0: the client library (contains the `test` driver used by most Virsh* tests, no daemon needed)
#  - libvirt-daemon + libvirt-daemon-driver-qemu + qemu-system-x86: a real hypervisor (qemu:///system) whose
#    defined domains persist across connections and processes (VirshCrossProcessTest)
#  - libvirt-clients: virsh, for debugging only
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "libvirt.sh: must run as root" >&2
  exit 1
fi

PKGS="libvirt0 libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "libvirt.sh: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The QEMU driver refuses to load without its user and groups (normally made by the package's postinst/systemd).
getent group kvm >/dev/null || groupadd -r kvm
getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
getent group libvirt >/dev/null || groupadd -r libvirt
id libvirt-qemu >/dev/null 2>&1 || useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu

# When /dev/kvm exists but the qemu user cannot open it (root:root 0600 in many containers), libvirtd re-probes
# every QEMU binary's capabilities on each define (about 40 s per call). Give it to the kvm group, as udev would.
if [ -c /dev/kvm ]; then
  chgrp kvm /dev/kvm && chmod 0660 /dev/kvm || echo "libvirt.sh: warning: cannot open /dev/kvm to group kvm; defines will be slow" >&2
fi

mkdir -p /var/log/libvirt /run/libvirt /var/lib/libvirt/qemu /var/cache/libvirt
SOCK=/run/libvirt/libvirt-sock
PIDFILE=/run/libvirtd.pid
LOGD_PIDFILE=/run/virtlogd.pid

# QEMU domains log through virtlogd; without it `start` fails ("virtlogd-sock: No such file").
if ! { [ -f "$LOGD_PIDFILE" ] && kill -0 "$(cat "$LOGD_PIDFILE")" 2>/dev/null && [ -S /run/libvirt/virtlogd-sock ]; }; then
  if [ -S /run/libvirt/virtlogd-sock ] && pgrep -x virtlogd >/dev/null; then
    :  # started by someone else without our pidfile
  else
    rm -f "$LOGD_PIDFILE"
    virtlogd -d -p "$LOGD_PIDFILE"
    for _ in $(seq 1 50); do [ -S /run/libvirt/virtlogd-sock ] && break; sleep 0.1; done
  fi
fi

running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && [ -S "$SOCK" ]
}

if running; then
  echo "libvirt.sh: libvirtd already running (pid $(cat "$PIDFILE"))"
else
  rm -f "$PIDFILE"
  libvirtd -d -p "$PIDFILE"
  for _ in $(seq 1 100); do
    if running && virsh -c qemu:///system version >/dev/null 2>&1; then
      break
    fi
    sleep 0.1
  done
  if ! running; then
    echo "libvirt.sh: libvirtd did not start; see /var/log/libvirt" >&2
    exit 1
  fi
  echo "libvirt.sh: libvirtd started (pid $(cat "$PIDFILE"))"
fi
virsh -c qemu:///system version
