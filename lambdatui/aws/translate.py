"""Translate botocore exceptions into `lambdatui.core.errors` at the `aws/` boundary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
    SSOTokenLoadError,
    TokenRetrievalError,
    UnauthorizedSSOTokenError,
)
from botocore.parsers import ResponseParserError

from lambdatui.core import errors
from lambdatui.core.model import ReadError

_ACCESS_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
}
_NOT_FOUND = {
    "ResourceNotFoundException",
    "NoSuchBucket",
    "NotFound",
    "NotFoundException",
    "NoSuchEntity",
    "404",
    "TargetGroupNotFound",
    "TargetGroupNotFoundException",
    "RuleDoesNotExist",  # SES receipt rule
    "RuleSetDoesNotExist",  # SES receipt rule set
}
_THROTTLED = {
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
    "429",
}
_EXPIRED = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"}


def translate(
    exc: Exception, *, service: str = "", operation: str = "", resource: str | None = None
) -> errors.AwsError:
    """Return the typed error for a botocore exception (or pass a typed one through)."""
    if isinstance(exc, errors.AwsError):
        return exc
    where = dict(service=service, operation=operation, resource=resource)
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        code = str(err.get("Code") or "")
        message = errors.one_line(str(err.get("Message") or exc))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        operation = operation or getattr(exc, "operation_name", "")
        where["operation"] = operation
        if code in _ACCESS_DENIED or status == 403:
            cls: type[errors.AwsError] = errors.AccessDenied
            if code in {"UnrecognizedClientException", "InvalidClientTokenId"}:
                message = f"the credentials were rejected ({code}): {message}"
        elif code in _EXPIRED:
            cls = errors.ExpiredCredentials
            message = f"the credentials have expired ({code}); sign in again"
        elif code in _THROTTLED:
            cls = errors.Throttled
            message = f"AWS kept throttling {operation or 'the call'} after retries ({code})"
        elif code in _NOT_FOUND or status == 404:
            cls = errors.NotFound
        elif status in {405, 501} or (status == 500 and not code):
            cls = errors.NotSupported
            message = f"the endpoint does not implement {operation or 'this operation'}"
        else:
            cls = errors.AwsError
        return cls(message, code=code or str(status or ""), **where)
    if isinstance(exc, (UnauthorizedSSOTokenError, SSOTokenLoadError, TokenRetrievalError)):
        return errors.ExpiredCredentials(
            "the SSO session has expired or is missing: run `aws sso login`",
            code=type(exc).__name__,
            **where,
        )
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return errors.NoCredentials(
            "no AWS credentials found: set a profile (--profile / AWS_PROFILE), "
            "store keys with `lambdatui creds set`, or export AWS_ACCESS_KEY_ID",
            code=type(exc).__name__,
            **where,
        )
    if isinstance(exc, ProfileNotFound):
        return errors.NoCredentials(str(exc), code="ProfileNotFound", **where)
    if isinstance(exc, NoRegionError):
        return errors.NoCredentials(
            "no region configured: pass --region or set AWS_REGION", code="NoRegion", **where
        )
    if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)):
        return errors.Unreachable(
            f"cannot reach the AWS endpoint: {exc}", code=type(exc).__name__, **where
        )
    if isinstance(exc, (BotoCoreError, ResponseParserError)):
        # Emulators answer unimplemented operations with HTML that botocore cannot parse.
        return errors.NotSupported(
            f"{operation or 'the call'} failed: {errors.one_line(str(exc))}",
            code=type(exc).__name__,
            **where,
        )
    return errors.AwsError(errors.one_line(str(exc)), code=type(exc).__name__, **where)


def api_name(operation: str) -> str:
    """The API's own name of a boto3 method: `list_functions` → `ListFunctions`."""
    return "".join(part.title() for part in operation.split("_"))


@contextmanager
def aws_call(service: str, operation: str, resource: str | None = None) -> Iterator[None]:
    """Run a block of boto3 calls, re-raising any failure as a typed `AwsError`."""
    try:
        yield
    except errors.AwsError:
        raise
    except (ClientError, BotoCoreError, ResponseParserError) as exc:
        raise translate(exc, service=service, operation=operation, resource=resource) from exc


def read_error(exc: errors.AwsError) -> ReadError:
    """The report's record of a failed read."""
    return ReadError(
        service=exc.service,
        operation=exc.operation,
        code=exc.code,
        message=exc.message,
        resource=exc.resource,
    )
