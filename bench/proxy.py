"""A small HTTP proxy in front of the emulator that behaves like AWS's Lambda control plane under
load: it adds latency to every request and enforces Lambda's per-region quotas, scaled.

Quotas (per account and region, not raisable): GetFunction 100/s, GetPolicy 15/s, every other
control-plane call together 15/s, each times `--scale`. A call over its quota is answered as AWS
does: HTTP 429 `TooManyRequestsException` with AWS's JSON body. Lambda's data plane (Invoke) is
not limited here. The operation is identified from Lambda's REST API (method and path); the
service and region from the request's SigV4 credential scope. ListFunctions is answered in AWS's
pages of 50 (moto ignores pagination), each page a call under the quota.

`python -m bench.proxy --target URL [--latency 0.03] [--scale 10]` prints its URL on the first
line of stdout and serves on 127.0.0.1 until stdin closes. `GET /__bench__/stats` gives the
counts as JSON; `POST /__bench__/reset` zeroes them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

QUOTAS = {"GetFunction": 100.0, "GetPolicy": 15.0}
OTHER_QUOTA = 15.0

# (method, path pattern) -> operation, for Lambda's REST API (the calls a scan makes, and more)
_FN = r"/[^/]+/functions/[^/]+"
LAMBDA_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    (m, re.compile(p + r"/?$"), op)
    for m, p, op in [
        ("GET", r"/[^/]+/functions", "ListFunctions"),
        ("POST", r"/[^/]+/functions", "CreateFunction"),
        ("GET", _FN + "/policy", "GetPolicy"),
        ("POST", _FN + "/policy", "AddPermission"),
        ("DELETE", _FN + "/policy/[^/]+", "RemovePermission"),
        ("GET", _FN + "/configuration", "GetFunctionConfiguration"),
        ("PUT", _FN + "/configuration", "UpdateFunctionConfiguration"),
        ("GET", _FN + "/aliases", "ListAliases"),
        ("GET", _FN + "/aliases/[^/]+", "GetAlias"),
        ("GET", _FN + "/versions", "ListVersionsByFunction"),
        ("POST", _FN + "/versions", "PublishVersion"),
        ("GET", _FN + "/event-invoke-config/list", "ListFunctionEventInvokeConfigs"),
        ("GET", _FN + "/event-invoke-config", "GetFunctionEventInvokeConfig"),
        ("GET", _FN + "/urls", "ListFunctionUrlConfigs"),
        ("GET", _FN + "/url", "GetFunctionUrlConfig"),
        ("POST", _FN + "/invocations", "Invoke"),
        ("GET", _FN, "GetFunction"),
        ("GET", r"/[^/]+/event-source-mappings", "ListEventSourceMappings"),
        ("GET", r"/[^/]+/event-source-mappings/[^/]+", "GetEventSourceMapping"),
        ("GET", r"/[^/]+/account-settings", "GetAccountSettings"),
        ("GET", r"/[^/]+/tags/.+", "ListTags"),
    ]
]
DATA_PLANE = {"Invoke"}
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


def lambda_operation(method: str, path: str) -> str:
    """Lambda's operation for a REST request ('Other' when the route is not known here)."""
    path = urlsplit(path).path
    for m, pattern, op in LAMBDA_ROUTES:
        if m == method and pattern.match(path):
            return op
    return "Other"


class Bucket:
    """A token bucket that refuses (rather than waits) when empty, as AWS does."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = rate  # a burst of one second's worth
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens < 1:
                return False
            self.tokens -= 1
            return True


class Quotas:
    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.lock = threading.Lock()
        self.buckets: dict[tuple[str, str], Bucket] = {}

    def allow(self, region: str, operation: str) -> bool:
        if self.scale <= 0 or operation in DATA_PLANE:
            return True
        family = operation if operation in QUOTAS else "other"
        with self.lock:
            bucket = self.buckets.get((region, family))
            if bucket is None:
                rate = QUOTAS.get(family, OTHER_QUOTA) * self.scale
                bucket = self.buckets[(region, family)] = Bucket(rate)
        return bucket.take()


class Pages:
    """ListFunctions in AWS's pages (50 by default; moto answers with everything at once): the
    answer to a first request is kept and handed out page by page against its NextMarker."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lists: dict[str, list[Any]] = {}

    def first(self, body: bytes, size: int) -> bytes:
        answer = json.loads(body)
        if "NextMarker" in answer:  # the emulator pages as AWS does: its pages go as they are
            return body
        items = answer.get("Functions", [])
        token = uuid.uuid4().hex
        with self.lock:
            self.lists[token] = items
        return self._page(token, 0, size)

    def next(self, marker: str, size: int) -> bytes | None:
        token, _, offset = marker.partition(".")
        with self.lock:
            known = token in self.lists
        return self._page(token, int(offset or 0), size) if known else None

    def _page(self, token: str, offset: int, size: int) -> bytes:
        with self.lock:
            items = self.lists[token]
            if offset + size >= len(items):
                del self.lists[token]  # the last page: forget the list
        answer: dict[str, Any] = {"Functions": items[offset : offset + size]}
        if offset + size < len(items):
            answer["NextMarker"] = f"{token}.{offset + size}"
        return json.dumps(answer).encode()


def page_request(path: str) -> tuple[str | None, int]:
    """The Marker and the page size (MaxItems, default 50) of a ListFunctions request."""
    query = parse_qs(urlsplit(path).query)
    size = int((query.get("MaxItems") or ["50"])[0])
    return (query.get("Marker") or [None])[0], max(1, min(size, 10_000))


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.throttled: Counter[str] = Counter()
        self.listing_s = 0.0
        """The longest the emulator took to answer a first ListFunctions request (the first row
        waits for it; later pages are asked while other reads load the emulator)."""

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": dict(self.requests),
                "throttled": dict(self.throttled),
                "total": sum(self.requests.values()),
                "throttled_total": sum(self.throttled.values()),
                "listing_s": self.listing_s,
            }

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.throttled.clear()
            self.listing_s = 0.0


def make_handler(target: str, latency: float, quotas: Quotas, stats: Stats) -> type:
    upstream = urlsplit(target)
    local = threading.local()
    pages = Pages()

    def connection() -> http.client.HTTPConnection:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(
                upstream.hostname, upstream.port, timeout=60
            )
            conn.connect()
            # Small writes must not wait for a delayed ACK (Nagle): 40 ms a request otherwise.
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _bench(self) -> bool:
            if not self.path.startswith("/__bench__/"):
                return False
            if self.path == "/__bench__/reset":
                stats.reset()
            self._reply(200, json.dumps(stats.snapshot()).encode(), {})
            return True

        def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self._bench():
                return
            scope = _SCOPE.search(self.headers.get("Authorization", ""))
            region, service = scope.groups() if scope else ("", "")
            operation = lambda_operation(self.command, self.path) if service == "lambda" else ""
            key = f"{service}:{operation}" if operation else service or "unsigned"
            with stats.lock:
                stats.requests[key] += 1
            time.sleep(latency)
            if service == "lambda" and not quotas.allow(region, operation):
                with stats.lock:
                    stats.throttled[key] += 1
                self._reply(
                    429,
                    json.dumps(
                        {
                            "Reason": "CallerRateLimitExceeded",
                            "Type": "User",
                            "message": "Rate exceeded",
                        }
                    ).encode(),
                    {
                        "Content-Type": "application/json",
                        "x-amzn-ErrorType": "TooManyRequestsException",
                        "Retry-After": "1",
                    },
                )
                return
            json_type = {"Content-Type": "application/json"}
            if operation == "ListFunctions":
                marker, size = page_request(self.path)
                if marker is not None:
                    page = pages.next(marker, size)
                    if page is not None:
                        self._reply(200, page, json_type)
                        return
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            asked = time.perf_counter()
            for attempt in range(2):  # a kept-alive upstream connection may have been closed
                conn = connection()
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    answer = conn.getresponse()
                    data = answer.read()
                    break
                except (OSError, http.client.HTTPException):
                    conn.close()
                    local.conn = None
                    if attempt:
                        self._reply(502, b"upstream failed", {})
                        return
            out = {k: v for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP}
            out.pop("Content-Length", None)
            out.pop("content-length", None)
            if operation == "ListFunctions" and answer.status == 200:
                marker, size = page_request(self.path)
                data = pages.first(data, size)
                if marker is None:
                    with stats.lock:
                        stats.listing_s = max(stats.listing_s, time.perf_counter() - asked)
            self._reply(answer.status, data, out)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle

    return Handler


def serve(target: str, latency: float, scale: float) -> tuple[ThreadingHTTPServer, Stats]:
    stats = Stats()
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), make_handler(target, latency, Quotas(scale), stats)
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="proxy").start()
    return server, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--latency", type=float, default=0.03)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if urlsplit(args.target).hostname != "127.0.0.1":
        parser.error("the proxy forwards to 127.0.0.1 only")
    server, _ = serve(args.target, args.latency, args.scale)
    host, port = server.server_address[:2]
    print(f"http://{host}:{port}", flush=True)
    sys.stdin.read()  # until the parent closes our stdin or exits
    server.shutdown()


if __name__ == "__main__":
    main()
