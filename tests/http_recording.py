"""Count what reached the emulator, at the HTTP level, with moto's own request recorder."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Recording:
    requests: list[dict] = field(default_factory=list)  # type: ignore[type-arg]

    def operations(self) -> list[str]:
        return [describe(r) for r in self.requests]

    def writes(self) -> list[str]:
        """Requests that change something: every non-GET/HEAD REST call, and every query/JSON
        protocol call whose action is not a read."""
        return [describe(r) for r in self.requests if is_write(r)]


def _post(endpoint: str, path: str) -> bytes:
    request = urllib.request.Request(f"{endpoint}/moto-api/recorder/{path}", method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read()


@contextmanager
def recording(endpoint: str) -> Iterator[Recording]:
    result = Recording()
    _post(endpoint, "reset-recording")
    _post(endpoint, "start-recording")
    try:
        yield result
    finally:
        _post(endpoint, "stop-recording")
        with urllib.request.urlopen(
            f"{endpoint}/moto-api/recorder/download-recording", timeout=10
        ) as answer:
            lines = answer.read().decode().splitlines()
        result.requests.extend(json.loads(line) for line in lines if line.strip())


def _action(request: dict) -> str | None:  # type: ignore[type-arg]
    headers = {k.lower(): v for k, v in request.get("headers", {}).items()}
    target = headers.get("x-amz-target")
    if target:
        return target.rsplit(".", 1)[-1]
    body = request.get("body") or ""
    if request.get("body_encoded"):
        import base64

        body = base64.b64decode(body).decode(errors="replace")
    values = urllib.parse.parse_qs(body) if isinstance(body, str) else {}
    return values.get("Action", [None])[0]


READ_PREFIXES = ("Get", "List", "Describe", "Head")
# Reads whose names do not say so, and REST reads sent as POST (Lex V2 lists with a POST body).
READ_ACTIONS = frozenset({"SimulatePrincipalPolicy", "SimulateCustomPolicy"})
READ_POSTS = re.compile(r"^/bots/(?:[^/]+/botaliases/)?$")


def describe(request: dict) -> str:  # type: ignore[type-arg]
    path = urllib.parse.urlparse(request["url"]).path
    return f"{request['method']} {path} {_action(request) or ''}".strip()


def is_write(request: dict) -> bool:  # type: ignore[type-arg]
    method = request["method"]
    if method in {"GET", "HEAD"}:
        return False
    action = _action(request)
    if action is None:
        # A REST POST/PUT/DELETE is a write (Lambda, S3, API Gateway), but for a few listed reads.
        path = urllib.parse.urlparse(request["url"]).path
        return not (method == "POST" and READ_POSTS.match(path))
    return not (action.startswith(READ_PREFIXES) or action in READ_ACTIONS)
