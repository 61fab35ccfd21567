#!/usr/bin/python3
"""A signature-checking proxy in front of a local S3 server (s3rver).

s3rver does not verify AWS Signature V4, so a green test against it alone
proves nothing about signing. This proxy recomputes every request's signature
with botocore's reference signer (Debian's python3-botocore), using the
request's own x-amz-date and signed headers and a canonical query rebuilt
the AWS way (decode, RFC 3986-encode, sort). It also checks that the path is
canonically encoded and that x-amz-content-sha256 matches the body. Bad
requests get 403 SignatureDoesNotMatch and are recorded; good ones are
forwarded to the upstream server.

Virtual-hosted requests (Host: <bucket>.localhost:<port>) are checked as
sent and forwarded path-style. Faults can be scripted for tests through
POST /__proxy/fault; GET /__proxy/stats returns the request log and the
rejections; POST /__proxy/reset clears the log and the faults; POST
/__proxy/ack clears the rejections (after a test that provoked them on
purpose).
"""

import hashlib
import http.client
import http.server
import json
import re
import threading
import time
import urllib.parse

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
    r"SignedHeaders=([a-z0-9;\-]+), Signature=([0-9a-f]{64})$")
SAFE = "-_.~"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}


class State:
    def __init__(self, access_key, secret_key, region):
        self.access_key = access_key
        self.secret_key = secret_key
        self.region = region
        self.lock = threading.Lock()
        self.log = []          # {"method", "path", "query", "status"} in arrival order.
        self.rejections = []   # Human-readable reasons.
        self.faults = []       # Dicts, see add_fault.
        self.checked = 0       # Requests whose signature verified, in all.

    def add_fault(self, fault):
        fault = dict(fault)
        fault.setdefault("method", "")
        fault.setdefault("path_contains", "")
        fault.setdefault("nth", 1)
        fault.setdefault("count", 1)
        fault.setdefault("delay", 5.0)
        fault["seen"] = 0
        with self.lock:
            self.faults.append(fault)

    def take_fault(self, method, path):
        """Returns the fault to apply to this request, if any.

        A fault hits the `nth` request matching its method and path filter,
        then that same path again (its retries) until it has failed `count`
        times in all; other paths pass meanwhile.
        """
        with self.lock:
            for fault in self.faults:
                if fault.get("hits", 0) >= fault["count"]:
                    continue
                if fault.get("target"):
                    if fault["target"] == (method, path):
                        fault["hits"] += 1
                        return fault
                    continue
                if fault["method"] and fault["method"] != method:
                    continue
                if fault["path_contains"] not in path:
                    continue
                fault["seen"] += 1
                if fault["seen"] == fault["nth"]:
                    fault["target"] = (method, path)
                    fault["hits"] = 1
                    return fault
        return None


def canonical_path_problem(raw_path):
    """Why `raw_path` is not in the canonical (RFC 3986) form, or None."""
    for segment in raw_path.split("/"):
        canonical = urllib.parse.quote(urllib.parse.unquote(segment), safe=SAFE)
        if canonical != segment:
            return f"path segment {segment!r} is not canonical (expected {canonical!r})"
    return None


def verify(state, method, raw_path, raw_query, headers, body):
    """Returns None when the request is correctly signed, else the reason."""
    auth = headers.get("authorization", "")
    match = AUTH_RE.match(auth)
    if not match:
        return "missing or malformed Authorization header"
    key_id, date, region, service, signed, signature = match.groups()
    if key_id != state.access_key:
        return f"unknown access key {key_id!r}"
    amz_date = headers.get("x-amz-date", "")
    if not amz_date.startswith(date) or service != "s3":
        return "credential scope does not match x-amz-date / service"
    if state.region and region != state.region:
        return f"signed for region {region!r}, expected {state.region!r}"
    signed_names = signed.split(";")
    for required in ("host", "x-amz-content-sha256", "x-amz-date"):
        if required not in signed_names:
            return f"{required} is not signed"
    content_sha = headers.get("x-amz-content-sha256", "")
    if content_sha != hashlib.sha256(body).hexdigest():
        return "x-amz-content-sha256 does not match the body"
    problem = canonical_path_problem(raw_path)
    if problem:
        return problem
    params = urllib.parse.parse_qsl(raw_query, keep_blank_values=True)
    request = AWSRequest(method=method, url=f"http://{headers.get('host', '')}{raw_path}",
                         data=body, params=params,
                         headers={name: headers.get(name, "") for name in signed_names})
    request.context["timestamp"] = amz_date
    signer = S3SigV4Auth(Credentials(state.access_key, state.secret_key), "s3", region)
    if signer.signed_headers(signer.headers_to_sign(request)) != signed:
        return (f"signed header list differs from the reference signer's: {signed} vs "
                f"{signer.signed_headers(signer.headers_to_sign(request))}")
    canonical = signer.canonical_request(request)
    expected = signer.signature(signer.string_to_sign(request, canonical), request)
    if expected != signature:
        return f"signature mismatch; reference canonical request:\n{canonical}"
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sigv4-proxy"

    def log_message(self, *args):  # Quiet: the test output is the report.
        pass

    def _reply(self, status, body=b"", headers=()):
        self.send_response(status)
        sent = set()
        for name, value in headers:
            if name.lower() in HOP_BY_HOP or name.lower() == "content-length":
                continue
            self.send_header(name, value)
            sent.add(name.lower())
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _s3_error(self, status, code, message):
        body = (f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
                f"<Message>{message}</Message></Error>").encode()
        self._reply(status, body, [("Content-Type", "application/xml")])

    def _control(self, raw_path, body):
        state = self.server.state
        if raw_path == "/__proxy/stats":
            with state.lock:
                data = {"requests": list(state.log), "rejections": list(state.rejections),
                        "checked": state.checked}
            return self._reply(200, json.dumps(data).encode(), [("Content-Type", "application/json")])
        if raw_path == "/__proxy/fault":
            state.add_fault(json.loads(body or b"{}"))
        elif raw_path == "/__proxy/reset":
            with state.lock:
                state.log.clear()
                state.faults.clear()
        elif raw_path == "/__proxy/ack":
            with state.lock:
                state.rejections.clear()
        else:
            return self._reply(404)
        self._reply(200, b"{}")

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        raw_path, _, raw_query = self.path.partition("?")
        if raw_path.startswith("/__proxy/"):
            return self._control(raw_path, body)
        state = self.server.state
        headers = {k.lower(): v for k, v in self.headers.items()}
        host = headers.get("host", "")
        bucket_host = host.split(":")[0]
        upstream_path = raw_path
        if bucket_host.endswith(".localhost"):
            upstream_path = "/" + bucket_host[: -len(".localhost")] + raw_path
        problem = verify(state, self.command, raw_path, raw_query, headers, body)
        entry = {"method": self.command, "path": urllib.parse.unquote(upstream_path),
                 "query": raw_query, "status": 0, "time": time.time()}
        if problem:
            entry["status"] = 403
            with state.lock:
                state.log.append(entry)
                state.rejections.append(f"{self.command} {self.path}: {problem}")
            return self._s3_error(403, "SignatureDoesNotMatch", "rejected by sigv4_proxy")
        with state.lock:
            state.checked += 1
        fault = state.take_fault(self.command, entry["path"])
        if fault:
            return self._apply_fault(fault, entry)
        status, reply_headers, reply_body = self._forward(upstream_path, raw_query, body)
        entry["status"] = status
        with state.lock:
            state.log.append(entry)
        self._reply(status, reply_body, reply_headers)

    def _apply_fault(self, fault, entry):
        action = fault["action"]
        entry["status"] = -1 if action == "timeout" else int(action)
        entry["fault"] = action
        with self.server.state.lock:
            self.server.state.log.append(entry)
        if action == "timeout":
            time.sleep(float(fault["delay"]))
            self.close_connection = True
            return
        code = {"403": "AccessDenied", "404": "NoSuchBucket"}.get(action, "InternalError")
        self._s3_error(int(action), code, "fault injected by sigv4_proxy")

    def _forward(self, path, query, body):
        conn = http.client.HTTPConnection(self.server.upstream, timeout=30)
        try:
            forwarded = {k: v for k, v in self.headers.items()
                         if k.lower() not in HOP_BY_HOP and k.lower() != "host"}
            forwarded["Host"] = self.server.upstream
            conn.request(self.command, path + ("?" + query if query else ""), body=body,
                         headers=forwarded)
            response = conn.getresponse()
            data = response.read()
            return response.status, response.getheaders(), data
        finally:
            conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


class ProxyServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream, state, host="127.0.0.1", port=0):
        super().__init__((host, port), Handler)
        self.upstream = upstream
        self.state = state


def start(upstream, access_key, secret_key, region=""):
    """Starts a proxy on a free port in a background thread; returns it."""
    server = ProxyServer(upstream, State(access_key, secret_key, region))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="host:port of the S3 server")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--access-key", default="S3RVER")
    parser.add_argument("--secret-key", default="S3RVER")
    parser.add_argument("--region", default="")
    parser.add_argument("--port-file", help="write the listening port here")
    args = parser.parse_args()
    srv = ProxyServer(args.upstream, State(args.access_key, args.secret_key, args.region),
                      port=args.port)
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(str(srv.server_address[1]))
    print(f"sigv4_proxy listening on 127.0.0.1:{srv.server_address[1]}", flush=True)
    srv.serve_forever()
