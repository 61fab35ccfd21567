#!/usr/bin/python3
"""Runs a command against a real local S3 server with every request checked.

Starts s3rver (from the project's node_modules, pinned in package.json) on a
free 127.0.0.1 port with the buckets `repo` and `backups`, puts
sigv4_proxy in front of it, runs the command with the environment below,
and fails when the command fails or when the proxy rejected a request that
no test acknowledged (see sigv4_proxy.py):

  R2_ENDPOINT        http://127.0.0.1:<proxy port>   (what the code under test uses)
  R2_ACCESS_KEY_ID   S3RVER      R2_SECRET_ACCESS_KEY  (SECRET below)
  R2_BUCKET          repo        LITESTREAM_BUCKET     backups
  S3_TEST_CONTROL    http://127.0.0.1:<proxy port>/__proxy
  S3_TEST_UPSTREAM   http://127.0.0.1:<s3rver port>  (unchecked, for benchmarks)

Usage: harness.py [--direct] -- COMMAND [ARGS...]
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sigv4_proxy  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
S3RVER = os.path.join(ROOT, "node_modules", ".bin", "s3rver")
BUCKETS = ("repo", "backups")
# s3rver checks only the access key id; the proxy checks signatures with this
# secret, distinctive enough for tests to assert it never reaches a log.
SECRET = "wpp-s3-test-secret-5c1e9d"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def start_s3rver(data_dir, log):
    if not os.path.exists(S3RVER):
        sys.exit(f"harness: {S3RVER} is missing; run `make setup` (npm install)")
    # s3rver 3.7 builds ListObjectsV2 continuation tokens with DES, which
    # OpenSSL 3 (Node >= 17) only offers through its legacy provider.
    env = dict(os.environ, NODE_OPTIONS="--openssl-legacy-provider")
    for _ in range(5):
        port = free_port()
        args = [S3RVER, "-d", data_dir, "-a", "127.0.0.1", "-p", str(port), "--silent"]
        for bucket in BUCKETS:
            args += ["--configure-bucket", bucket]
        proc = subprocess.Popen(args, stdout=log, stderr=log, env=env)
        if wait_for_port(port, proc):
            return proc, port
        proc.kill()
        proc.wait()
    sys.exit("harness: s3rver did not start")


def scratch_root():
    """tmpfs when there is one: s3rver writes three files per object."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def main(argv):
    direct = "--direct" in argv[: argv.index("--")] if "--" in argv else False
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        sys.exit(__doc__)
    command = argv[argv.index("--") + 1:]
    with tempfile.TemporaryDirectory(prefix="wpp-s3-", dir=scratch_root()) as tmp, \
            open(os.path.join(tmp, "s3rver.log"), "wb") as log:
        s3rver, s3_port = start_s3rver(os.path.join(tmp, "data"), log)
        proxy = sigv4_proxy.start(f"127.0.0.1:{s3_port}", "S3RVER", SECRET, region="auto")
        proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"
        upstream_url = f"http://127.0.0.1:{s3_port}"
        env = dict(os.environ,
                   R2_ENDPOINT=upstream_url if direct else proxy_url,
                   R2_ACCESS_KEY_ID="S3RVER", R2_SECRET_ACCESS_KEY=SECRET,
                   R2_BUCKET="repo", LITESTREAM_BUCKET="backups",
                   S3_TEST_CONTROL=proxy_url + "/__proxy", S3_TEST_UPSTREAM=upstream_url)
        env.pop("WP_PACKAGES_DEPLOY_R2", None)
        env.pop("WP_COMPOSER_DEPLOY_R2", None)
        try:
            rc = subprocess.call(command, env=env)
        finally:
            with urllib.request.urlopen(proxy_url + "/__proxy/stats") as r:
                stats = json.load(r)
            proxy.shutdown()
            s3rver.terminate()
            try:
                s3rver.wait(timeout=5)
            except subprocess.TimeoutExpired:
                s3rver.kill()
                s3rver.wait()
    if stats["rejections"]:
        print("harness: the SigV4 checker rejected requests no test expected:", file=sys.stderr)
        for reason in stats["rejections"]:
            print("  " + reason, file=sys.stderr)
        return 1
    print(f"harness: {stats['checked']} requests passed the SigV4 checker", file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
