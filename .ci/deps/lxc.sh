#!/usr/bin/env bash
# .ci/deps/lxc.sh -- installs LXC for the LxcProvider/LxcEngine tests and checks that a container can be made.
# Idempotent; needs root (or password-less sudo). What the tests need:
#  - lxc (lxc-create, lxc-copy, lxc-start, lxc-attach, lxc-info, lxc-ls, lxc-stop, lxc-destroy; LXC 5 on Debian 12)
#  - busybox-static: the `busybox` template (containers where a full distribution is not needed)
#  - lxc-templates: the `sshd` template (a container that runs only OpenSSH's sshd, the host's binaries bind-mounted)
#  - openssh-server: the sshd the `sshd` template starts in the container
#  - uidmap + subordinate id ranges for root: unprivileged containers (lxc.idmap)
# No network of the host is touched: the tests give containers `lxc.net.0.type = empty` or `none` (see
# docs/providers/lxc.md). Package postinst scripts start nothing on these machines (policy-rc.d); the apparmor error
# some LXC packages print on a kernel without AppArmor is harmless (LXC then uses its nop LSM).
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi

PKGS="lxc busybox-static lxc-templates uidmap openssh-server"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "lxc.sh: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $missing >/dev/null 2>&1 || {
    # a postinst that fails only for AppArmor leaves the packages unpacked: configure what can be configured
    $SUDO dpkg --configure -a >/dev/null 2>&1 || true
    for p in $missing; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
        echo "lxc.sh: could not install $p" >&2; exit 1; }
    done
  }
fi

# Subordinate ids for unprivileged containers run by root (200000-265535, as docs/providers/lxc.md says).
for f in /etc/subuid /etc/subgid; do
  [ -f "$f" ] || $SUDO touch "$f"
done
if ! grep -q '^root:200000:65536$' /etc/subuid || ! grep -q '^root:200000:65536$' /etc/subgid; then
  $SUDO usermod --add-subuids 200000-265535 --add-subgids 200000-265535 root
fi

# A container's rootfs lives under /var/lib/lxc; the unprivileged ones need it traversable by the mapped root.
$SUDO mkdir -p /var/lib/lxc
$SUDO chmod 0755 /var/lib/lxc

# Smoke check: create, start, attach, destroy a busybox container without any network.
name="cloudrig-ci-smoke-$$"
conf=$(mktemp)
trap '$SUDO lxc-stop -k -n "$name" >/dev/null 2>&1 || true; $SUDO lxc-destroy -n "$name" >/dev/null 2>&1 || true; rm -f "$conf"' EXIT
printf 'lxc.net.0.type = empty\n' > "$conf"
$SUDO lxc-create -q -n "$name" -t busybox -f "$conf" >/dev/null
$SUDO lxc-start -n "$name"
$SUDO lxc-wait -n "$name" -s RUNNING -t 10
$SUDO lxc-attach -n "$name" -- /bin/true
$SUDO lxc-stop -k -n "$name"
$SUDO lxc-destroy -n "$name" >/dev/null
echo "lxc.sh: $(lxc-create --version 2>/dev/null | head -n 1 | sed 's/^/LXC /') works (busybox container created, started, attached, destroyed)"
