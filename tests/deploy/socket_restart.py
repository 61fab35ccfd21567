#!/usr/bin/env python3
"""Restarting `serve` under socket activation drops no connection.

Does what systemd does with deploy/systemd/wppackages.socket: holds one
listening socket and hands it to `wppackages serve` as fd 3 (LISTEN_FDS=1,
LISTEN_PID). While clients keep opening new connections and asking for
/health, the server gets SIGTERM (what `systemctl restart wppackages` sends)
and a second server is started on the same socket, twice. Every request must
get a 200: those in flight are drained by the old process, the ones that
arrive in between wait in the socket's backlog for the new one.

    tests/deploy/socket_restart.py WPPACKAGES_BINARY
"""
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading

RESTARTS = 2
CLIENTS = 4


def start(binary, listener, db, log):
    # sh's $$ is the pid that exec keeps, so LISTEN_PID names the server.
    return subprocess.Popen(
        ["sh", "-c", 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" "$@"', binary, "--db", db, "serve"],
        pass_fds=(3,), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
        preexec_fn=lambda: os.dup2(listener.fileno(), 3) and None)


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp()
    db = os.path.join(work, "wpp.db")
    subprocess.run([binary, "--db", db, "migrate"], check=True, capture_output=True)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    # fd 3 in the child must be the listener: move it out of the way first.
    if listener.fileno() == 3:
        listener = socket.socket(fileno=os.dup(listener.detach()))
    port = listener.getsockname()[1]
    log = open(os.path.join(work, "serve.log"), "w")

    stop = threading.Event()
    lock = threading.Lock()
    counts = {"ok": 0, "failed": 0, "errors": []}

    def client():
        while not stop.is_set():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/health")
                status = conn.getresponse().status
                conn.close()
                with lock:
                    if status == 200:
                        counts["ok"] += 1
                    else:
                        counts["failed"] += 1
                        counts["errors"].append("status %d" % status)
            except OSError as e:
                with lock:
                    counts["failed"] += 1
                    counts["errors"].append(repr(e))

    def served_at_least(n):
        # Waits (without a timer) until n more requests have been answered.
        with lock:
            target = counts["ok"] + counts["failed"] + n
        while True:
            with lock:
                if counts["ok"] + counts["failed"] >= target:
                    return
            threading.Event().wait(0.01)

    server = start(binary, listener, db, log)
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    try:
        served_at_least(200)
        for _ in range(RESTARTS):
            server.send_signal(signal.SIGTERM)
            rc = server.wait(timeout=60)
            if rc != 0:
                print("FAIL: serve exited %d on SIGTERM" % rc)
                return 1
            server = start(binary, listener, db, log)
            served_at_least(200)
    finally:
        stop.set()
        for t in threads:
            t.join()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    if counts["failed"] or counts["ok"] == 0:
        print("FAIL: %d of %d requests failed across %d restarts: %s" %
              (counts["failed"], counts["ok"] + counts["failed"], RESTARTS,
               sorted(set(counts["errors"]))[:5]))
        print(open(os.path.join(work, "serve.log")).read()[-2000:])
        return 1
    print("socket restart: %d requests, %d restarts, none failed" % (counts["ok"], RESTARTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
