"""Typed errors the rest of the program sees instead of botocore's exceptions.

`lambdatui.aws.translate.translate` turns `ClientError`/`BotoCoreError` into one of these at the
`aws/` boundary, keeping the AWS error code. This module imports nothing from botocore so the UI
can catch and describe these errors without importing it.
"""

from __future__ import annotations

import re


class LambdaTuiError(Exception):
    """Base of every error lambdatui raises on purpose. `str()` is a sentence for a person."""


class AwsError(LambdaTuiError):
    """A failed AWS call. `code` is the AWS error code (e.g. AccessDeniedException)."""

    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        service: str = "",
        operation: str = "",
        resource: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).__name__
        self.service = service
        self.operation = operation
        self.resource = resource


class AccessDenied(AwsError):
    kind = "access-denied"


class NotFound(AwsError):
    kind = "not-found"


class Throttled(AwsError):
    kind = "throttled"


class ExpiredCredentials(AwsError):
    kind = "expired-credentials"


class NoCredentials(AwsError):
    kind = "no-credentials"


class Unreachable(AwsError):
    kind = "unreachable"


class NotSupported(AwsError):
    """The endpoint does not implement this operation (some emulators)."""

    kind = "not-supported"


class ReadOnlyViolation(AwsError):
    """The read-only guard refused a call before it reached the network."""

    kind = "read-only"


class UsageError(LambdaTuiError):
    """A command-line or configuration mistake; exit code 2."""


_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
MESSAGE_LIMIT = 300


def one_line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """An error text from an endpoint as one readable line.

    An HTML page (an emulator's or a proxy's 500 page) becomes a sentence naming its title, not
    the page; any other text has its line breaks and control characters turned into spaces and
    is cut at `limit` characters.
    """
    lowered = text.lower()
    if "<html" in lowered or "<!doctype html" in lowered:
        found = _TITLE.search(text)
        title = " ".join(found.group(1).split()) if found else ""
        named = f" ({title[:80]})" if title else ""
        return f"the endpoint answered with a web page{named}, not an AWS error"
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
