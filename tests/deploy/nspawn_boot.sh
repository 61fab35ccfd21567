#!/usr/bin/env bash
# Boots a tree provisioned by deploy/ansible/provision.yml (see
# chroot_provision.sh) with systemd-nspawn, so the units run under a real
# systemd, sandbox included, with no network but loopback. fake-wporg stands
# in for WordPress.org inside. A probe unit then: runs the pipeline service,
# reaches `serve` through wppackages.socket (socket activation), restarts
# the server, goes through Caddy over HTTPS (internal CA for
# packages.localhost), checks the server's user, no-new-privileges and
# seccomp, the seven timers, the backup service skipped without a bucket,
# runs deploy/ansible/deploy.yml inside (ansible-core, local connection)
# while clients keep requesting /health, none of which may fail, and powers
# the machine off.
#
#   tests/deploy/nspawn_boot.sh ROOT BUILD_DIR
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=$(cd "${1:?usage: nspawn_boot.sh ROOT BUILD_DIR}" && pwd)
BUILD=$(cd "${2:?usage: nspawn_boot.sh ROOT BUILD_DIR}" && pwd)
command -v systemd-nspawn > /dev/null || { echo "SKIP: systemd-nspawn not installed (apt install systemd-container)"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }

install -m 0755 "$BUILD/fake-wporg" "$ROOT/usr/local/bin/fake-wporg"
release_mounts() {
  local m
  for m in dev/pts dev proc; do
    if mountpoint -q "$ROOT/$m"; then umount -l "$ROOT/$m"; fi
  done
}
trap release_mounts EXIT
# deploy.yml runs inside the booted machine: Ansible there, the kit, a "new" binary.
if ! chroot "$ROOT" sh -c 'command -v ansible-playbook' > /dev/null; then
  mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
  mountpoint -q "$ROOT/dev" || mount --bind /dev "$ROOT/dev"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    ansible-core > "$ROOT/../ansible-core.log" 2>&1 || { tail "$ROOT/../ansible-core.log"; echo "FAIL: ansible-core in the tree"; exit 1; }
fi
rm -rf "$ROOT/opt/kit"
mkdir -p "$ROOT/opt/kit"
cp -r "$SRC/deploy" "$ROOT/opt/kit/deploy"
cp -r "$SRC/testdata" "$ROOT/opt/kit/testdata"
install -m 0755 "$BUILD/wppackages" "$ROOT/opt/kit/wppackages.new"
cat > "$ROOT/usr/local/bin/hammer" <<'PY'
#!/usr/bin/python3
# hammer URL STOPFILE: new connections to URL until STOPFILE exists; prints "ok failed".
import http.client, os, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
ok = failed = 0
while not os.path.exists(sys.argv[2]):
    try:
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        c.request("GET", u.path)
        if c.getresponse().status == 200:
            ok += 1
        else:
            failed += 1
        c.close()
    except OSError as e:
        failed += 1
        print(repr(e), file=sys.stderr)
print(ok, failed)
PY
chmod 0755 "$ROOT/usr/local/bin/hammer"
cat > "$ROOT/etc/systemd/system/fake-wporg.service" <<'UNIT'
[Unit]
Description=fake WordPress.org for the boot test
[Service]
ExecStart=/usr/local/bin/fake-wporg --addr 127.0.0.1:8089 --fixtures /opt/kit/testdata
DynamicUser=yes
[Install]
WantedBy=multi-user.target
UNIT
cat >> "$ROOT/etc/wppackages/wppackages.env" <<'ENV'
WPORG_API_URL=http://127.0.0.1:8089/api
WPORG_PLUGINS_SVN_URL=http://127.0.0.1:8089/plugins-svn
WPORG_THEMES_SVN_URL=http://127.0.0.1:8089/themes-svn
ENV
sed -i 's/^Environment=APP_DOMAIN=.*/Environment=APP_DOMAIN=packages.localhost/' \
  "$ROOT/etc/systemd/system/caddy.service.d/wppackages.conf"
cat > "$ROOT/usr/local/bin/http-get" <<'PY'
#!/usr/bin/python3
# http-get URL [HEADER]: prints the body (or the header's value); fails on non-2xx.
import http.client, socket, ssl, sys, urllib.parse


class Loopback(http.client.HTTPSConnection):
    # TLS to 127.0.0.1 with the site name as SNI (no DNS inside).
    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


u = urllib.parse.urlsplit(sys.argv[1])
if u.scheme == "https":
    c = Loopback(u.hostname, 443, context=ssl._create_unverified_context(), timeout=30)
else:
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
c.request("GET", u.path or "/", headers={"Host": u.hostname})
r = c.getresponse()
body = r.read().decode(errors="replace")
if r.status // 100 != 2:
    sys.exit("HTTP %d for %s" % (r.status, sys.argv[1]))
print(r.getheader(sys.argv[2]) if len(sys.argv) > 2 else body)
PY
chmod 0755 "$ROOT/usr/local/bin/http-get"
cat > "$ROOT/usr/local/bin/boot-probe" <<'PROBE'
#!/bin/bash
exec > /var/tmp/boot-probe.log 2>&1
set -x
result=fail
# SIGRTMIN+4 asks systemd to power off (no D-Bus in a minimal system).
trap 'echo $result > /var/tmp/boot-probe.result; kill -s SIGRTMIN+4 1' EXIT
for _ in $(seq 100); do http-get http://127.0.0.1:8089/ > /dev/null && break; sleep 0.2; done
systemctl start wppackages-pipeline.service
rc=$?
journalctl -u wppackages-pipeline --no-pager | tail -40
[ $rc = 0 ] || exit 1
systemctl is-active wppackages.service && { echo "serve started before the first request"; }
http-get http://127.0.0.1:8080/health || exit 1
[ "$(systemctl is-active wppackages.service)" = active ] || exit 1
http-get http://127.0.0.1:8080/p2/wp-plugin/akismet.json | grep -q '"wp-plugin/akismet"' || exit 1
pid=$(systemctl show -p MainPID --value wppackages.service)
[ "$(stat -c %U /proc/$pid)" = wppackages ] || exit 1
grep -q '^NoNewPrivs:[[:space:]]*1' /proc/$pid/status || exit 1
grep -q '^Seccomp:[[:space:]]*2' /proc/$pid/status || exit 1
systemctl restart wppackages.service || exit 1
http-get http://127.0.0.1:8080/health || exit 1
[ "$(systemctl show -p MainPID --value wppackages.service)" != "$pid" ] || exit 1
# Caddy with its internal CA (packages.localhost is not a public name).
for _ in $(seq 100); do http-get https://packages.localhost/health > /dev/null && break; sleep 0.2; done
http-get https://packages.localhost/p2/wp-plugin/akismet.json | grep -q '"wp-plugin/akismet"' || exit 1
http-get https://packages.localhost/health Strict-Transport-Security | grep -q max-age || exit 1
[ "$(systemctl list-timers --all --no-legend 'wppackages-*' | wc -l)" = 7 ] || exit 1
systemctl start wppackages-cleanup-sessions.service || exit 1
systemctl start wppackages-db-backup.service || exit 1
systemctl is-failed wppackages-db-backup.service && exit 1
# deploy.yml, under load: no request may fail.
rm -f /tmp/stop
hammer http://127.0.0.1:8080/health /tmp/stop > /tmp/hammer.out &
hammer_pid=$!
before=$(systemctl show -p MainPID --value wppackages.service)
ANSIBLE_LOCAL_TEMP=/tmp/ansible ansible-playbook -i localhost, -c local \
  /opt/kit/deploy/ansible/deploy.yml -e ansible_become=false \
  -e wppackages_binary_src=/opt/kit/wppackages.new || exit 1
touch /tmp/stop
wait $hammer_pid
cat /tmp/hammer.out
read -r ok failed < /tmp/hammer.out
[ "$failed" = 0 ] && [ "$ok" -gt 0 ] || exit 1
[ "$(systemctl show -p MainPID --value wppackages.service)" != "$before" ] || exit 1
[ -x /usr/local/bin/wppackages.prev ] || exit 1
[ "$(systemctl list-timers --no-legend 'wppackages-*' | wc -l)" = 7 ] || exit 1
echo "deploy under load: $ok requests, $failed failed" > /var/tmp/boot-probe.deploy
ls -l /var/log/wppackages /srv/wppackages/storage
result=ok
PROBE
chmod 0755 "$ROOT/usr/local/bin/boot-probe"
cat > "$ROOT/etc/systemd/system/boot-probe.service" <<'UNIT'
[Unit]
Description=wppackages boot test probe
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/bin/boot-probe
TimeoutStartSec=600
[Install]
WantedBy=default.target
UNIT
for u in fake-wporg boot-probe; do
  ln -sf "/etc/systemd/system/$u.service" "$ROOT/etc/systemd/system/multi-user.target.wants/$u.service"
done
rm -f "$ROOT/usr/sbin/policy-rc.d" "$ROOT"/var/tmp/boot-probe.*

# systemd-nspawn brings its own /proc and /dev.
release_mounts
echo "booting $ROOT"
start=$(date +%s)
timeout 600 systemd-nspawn -q -D "$ROOT" --boot --private-network --register=no --keep-unit --console=pipe \
  > "$ROOT/../nspawn.log" 2>&1 || true
echo "boot and probe: $(($(date +%s) - start)) s"
if [ "$(cat "$ROOT/var/tmp/boot-probe.result" 2>/dev/null)" != ok ]; then
  tail -40 "$ROOT/../nspawn.log"
  tail -40 "$ROOT/var/tmp/boot-probe.log" 2> /dev/null || true
  echo "FAIL: the booted server did not pass the probe"
  exit 1
fi
echo "nspawn boot: ok (pipeline service, socket activation, restart, Caddy HTTPS, sandbox, timers; $(cat "$ROOT/var/tmp/boot-probe.deploy"))"
