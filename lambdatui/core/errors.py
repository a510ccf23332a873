"""Typed errors the rest of the program sees instead of botocore's exceptions.

`lambdatui.aws.translate.translate` turns `ClientError`/`BotoCoreError` into one of these at the
`aws/` boundary, keeping the AWS error code. This module imports nothing from botocore so the UI
can catch and describe these errors without importing it.
"""

from __future__ import annotations


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
