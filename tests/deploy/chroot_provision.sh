#!/usr/bin/env bash
# Applies deploy/ansible/provision.yml to a fresh Debian 12 (bookworm) made
# by debootstrap, through Ansible's chroot connection, then checks what
# landed: the binary (and that it runs there, so its libraries were
# installed), the units and enabled timers (verified by the chroot's own
# systemd-analyze), the Caddyfile (validated by the chroot's caddy), the
# folders and their owners, the environment file, the migrated database,
# logrotate; a second run must change nothing. Services are enabled, not
# started (no systemd runs in a chroot). Needs root and a Debian mirror;
# slow (a few minutes), so it is not part of `make test`. Then, unless
# BOOT=0, tests/deploy/nspawn_boot.sh boots the tree with systemd-nspawn.
#
#   sudo tests/deploy/chroot_provision.sh BUILD_DIR
# Environment: DEBIAN_MIRROR (default: the first Debian mirror this host's
# apt sources name),
# KEEP_CHROOT=1 to keep the tree for a look afterwards.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:?usage: chroot_provision.sh BUILD_DIR}" && pwd)
BIN=$BUILD/wppackages
host_mirror() {  # The first http(s) URI of the host's apt sources (deb822 or one-line).
  cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list \
    2> /dev/null | grep -v '^#' | grep -oE 'https?://[^ ]+' | head -1
}
MIRROR=${DEBIAN_MIRROR:-$(host_mirror)}
[ -n "$MIRROR" ] || { echo "SKIP: no Debian mirror (set DEBIAN_MIRROR)"; exit 77; }
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot)"
for tool in debootstrap ansible-playbook curl; do
  command -v $tool > /dev/null || skip "$tool not installed"
done
[ -x "$BIN" ] || fail "no binary at $BIN"
curl -sf -o /dev/null --max-time 20 "$MIRROR/dists/bookworm/Release" || skip "Debian mirror $MIRROR unreachable"

WORK=$(mktemp -d /var/tmp/wpp-chroot.XXXXXX)
ROOT=$WORK/root
cleanup() {
  for m in "$ROOT/proc" "$ROOT/dev/pts" "$ROOT/dev"; do
    mountpoint -q "$m" 2> /dev/null && umount -l "$m"
  done
  if [ "${KEEP_CHROOT:-0}" = 1 ]; then echo "chroot kept in $ROOT"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "debootstrap bookworm into $ROOT"
start=$(date +%s)
debootstrap --variant=minbase --include=python3,ca-certificates bookworm "$ROOT" "$MIRROR" \
  > "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap"; }
echo "debootstrap: $(($(date +%s) - start)) s"
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# No daemon starts inside the chroot (Debian's invoke-rc.d policy hook).
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"

cat > "$WORK/inventory.yml" <<YAML
all:
  hosts:
    debian12:
      ansible_connection: community.general.chroot
      ansible_host: $ROOT
      ansible_python_interpreter: /usr/bin/python3
      ansible_become: false
YAML
cat > "$WORK/vault.yml" <<'YAML'
vault_telemetry_secret: chroot-test-secret
YAML
export ANSIBLE_LOCAL_TEMP=$WORK/ansible-tmp ANSIBLE_NOCOLOR=1 ANSIBLE_CONFIG=$SRC/deploy/ansible/ansible.cfg
run_provision() {
  ansible-playbook -i "$WORK/inventory.yml" "$SRC/deploy/ansible/provision.yml" \
    -e "wppackages_binary_src=$BIN" -e wppackages_manage_services=false \
    -e app_domain=packages.test -e "@$WORK/vault.yml"
}
start=$(date +%s)
run_provision > "$WORK/provision.log" 2>&1 || { tail -40 "$WORK/provision.log"; fail "provision.yml"; }
echo "provision.yml: $(($(date +%s) - start)) s, $(grep -E '^debian12 ' "$WORK/provision.log")"

in_root() { chroot "$ROOT" "$@"; }
# The binary, runnable with the libraries provision installed.
[ -x "$ROOT/usr/local/bin/wppackages" ] || fail "binary missing"
cmp -s "$BIN" "$ROOT/usr/local/bin/wppackages" || fail "binary differs from the build"
in_root /usr/local/bin/wppackages --help > /dev/null || fail "the binary does not run on Debian 12 as provisioned: $(in_root ldd /usr/local/bin/wppackages | grep 'not found')"
# The user and the folders.
in_root id wppackages > /dev/null || fail "no wppackages user"
check_dir() { # PATH OWNER MODE
  [ -d "$ROOT$1" ] || fail "folder $1 missing"
  local got
  got=$(in_root stat -c '%U %a' "$1")
  [ "$got" = "$2 $3" ] || fail "$1 is '$got', expected '$2 $3'"
}
check_dir /srv/wppackages root 750
check_dir /srv/wppackages/storage wppackages 750
check_dir /etc/wppackages root 750
check_dir /var/log/wppackages wppackages 750
# Secrets file: readable by the service group only, values from the vault.
[ "$(in_root stat -c '%U:%G %a' /etc/wppackages/wppackages.env)" = "root:wppackages 640" ] ||
  fail "wppackages.env ownership/mode"
grep -qx 'TELEMETRY_SECRET=chroot-test-secret' "$ROOT/etc/wppackages/wppackages.env" || fail "secret not in env file"
grep -qx 'APP_URL=https://packages.test' "$ROOT/etc/wppackages/wppackages.env" || fail "APP_URL not set"
# The database was migrated by the wppackages user.
[ "$(in_root stat -c '%U' /srv/wppackages/storage/wppackages.db)" = wppackages ] || fail "database missing or not owned by wppackages"
# Units, enabled as on a server.
for f in "$SRC"/deploy/systemd/*; do
  cmp -s "$f" "$ROOT/etc/systemd/system/$(basename "$f")" || fail "unit $(basename "$f") not installed"
done
[ -L "$ROOT/etc/systemd/system/sockets.target.wants/wppackages.socket" ] || fail "socket not enabled"
[ -L "$ROOT/etc/systemd/system/multi-user.target.wants/wppackages.service" ] || fail "service not enabled"
for t in pipeline aggregate-installs check-status cleanup-sessions generate-og db-backup advisories; do
  [ -L "$ROOT/etc/systemd/system/timers.target.wants/wppackages-$t.timer" ] || fail "timer $t not enabled"
done
out=$(cd "$ROOT" && in_root sh -c 'SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no /etc/systemd/system/wppackages*.service /etc/systemd/system/wppackages*.socket /etc/systemd/system/wppackages*.timer' 2>&1) ||
  fail "systemd-analyze verify in the chroot: $out"
[ -z "$out" ] || fail "systemd-analyze verify in the chroot warned: $out"
# Caddy: the Caddyfile and its environment drop-in, validated by the chroot's caddy.
cmp -s "$SRC/deploy/Caddyfile" "$ROOT/etc/caddy/Caddyfile" || fail "Caddyfile not installed"
grep -qx 'Environment=APP_DOMAIN=packages.test' "$ROOT/etc/systemd/system/caddy.service.d/wppackages.conf" ||
  fail "caddy drop-in missing"
in_root env HOME=/tmp APP_DOMAIN=packages.test caddy validate --config /etc/caddy/Caddyfile --adapter caddyfile \
  > "$WORK/caddy-validate.log" 2>&1 || { cat "$WORK/caddy-validate.log"; fail "caddy validate in the chroot"; }
[ -L "$ROOT/etc/systemd/system/multi-user.target.wants/caddy.service" ] || fail "caddy not enabled"
cmp -s "$SRC/deploy/logrotate/wppackages" "$ROOT/etc/logrotate.d/wppackages" || fail "logrotate config missing"
in_root logrotate -d /etc/logrotate.d/wppackages > "$WORK/logrotate.log" 2>&1 || { cat "$WORK/logrotate.log"; fail "logrotate -d in the chroot"; }

# Idempotent: a second run changes nothing.
run_provision > "$WORK/provision2.log" 2>&1 || { tail -40 "$WORK/provision2.log"; fail "second provision.yml"; }
recap=$(grep -E '^debian12 ' "$WORK/provision2.log")
echo "$recap" | grep -q 'changed=0 ' || { grep -B3 'changed:' "$WORK/provision2.log" | head -40; fail "second run changed something: $recap"; }
# Then boot it under systemd-nspawn and exercise the running units.
if [ "${BOOT:-1}" = 1 ]; then
  rc=0
  "$SRC/tests/deploy/nspawn_boot.sh" "$ROOT" "$BUILD" || rc=$?
  [ $rc = 0 ] || [ $rc = 77 ] || fail "nspawn boot"
fi
echo "chroot provision: ok (binary runs, 14 units verified, 6 timers enabled, Caddyfile valid; second run: $recap)"
