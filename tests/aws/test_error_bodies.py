"""An error body that is not AWS's JSON or XML (an emulator's or a proxy's HTML 500 page) becomes
one sentence, never the page (issue 12 §5). The page is served over HTTP by a local server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.aws.translate import aws_call
from lambdatui.core.errors import AwsError, one_line

PAGE = (
    b"<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
    b"<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was "
    b"unable to complete your request.</p>\n"
)


class HtmlErrors(BaseHTTPRequestHandler):
    def answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(500)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    do_GET = do_POST = do_PUT = do_DELETE = answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def html_endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), HtmlErrors)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


CALLS: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("sts", "GetCallerIdentity", lambda c: c.get_caller_identity()),  # query protocol (XML)
    ("lambda", "ListFunctions", lambda c: c.list_functions()),  # REST JSON
    ("events", "ListRules", lambda c: c.list_rules()),  # JSON 1.1
    ("sns", "ListSubscriptions", lambda c: c.list_subscriptions()),  # query protocol
]


@pytest.mark.parametrize(("service", "operation", "call"), CALLS)
def test_an_html_error_page_is_one_sentence(
    html_endpoint: str, service: str, operation: str, call: Callable[[Any], Any]
) -> None:
    session = AwsSession(
        SessionSpec(
            region="us-east-1",
            endpoint_url=html_endpoint,
            access_key_id="AKIAEXAMPLEEXAMPLE00",
            secret_access_key="x",
            pace=False,
            max_attempts=1,
        )
    )
    with pytest.raises(AwsError) as caught, aws_call(service, operation):
        call(session.client(service))
    text = str(caught.value)
    assert "\n" not in text and "<" not in text
    assert "the endpoint answered with a web page (500 Internal Server Error)" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("line one\nline two\r\n\tthree", "line one line two three"),
        ("clear \x1b[2J screen", "clear [2J screen"),
        (
            "<HTML><TITLE>Bad\nGateway</TITLE></HTML>",
            "the endpoint answered with a web page (Bad Gateway), not an AWS error",
        ),
        (
            "<html><body>no title</body></html>",
            "the endpoint answered with a web page, not an AWS error",
        ),
    ],
)
def test_one_line(raw: str, expected: str) -> None:
    assert one_line(raw) == expected


def test_one_line_is_short() -> None:
    text = one_line("x" * 5000)
    assert len(text) == 300 and text.endswith("…")
