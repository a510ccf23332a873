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


# API operations whose IAM action has another name (the rest: `prefix:Operation`).
_IAM_ACTIONS = {
    "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "s3:HeadBucket": "s3:ListBucket",
    "s3:ListBuckets": "s3:ListAllMyBuckets",
}
# boto3 client names whose IAM service prefix differs; API Gateway authorises by HTTP method.
_IAM_PREFIXES = {
    "elbv2": "elasticloadbalancing",
    "apigatewayv2": "apigateway",
    "lexv2-models": "lex",
    "stepfunctions": "states",
}


def iam_action(service: str, operation: str) -> str:
    """The IAM action a read needs: `s3:GetBucketNotificationConfiguration` needs
    `s3:GetBucketNotification`, every API Gateway read `apigateway:GET`."""
    if service in {"apigateway", "apigatewayv2"}:
        return "apigateway:GET"
    key = f"{service}:{operation}"
    return _IAM_ACTIONS.get(key) or f"{_IAM_PREFIXES.get(service, service)}:{operation}"


def read_error(exc: errors.AwsError, *, iam_resource: str | None = None) -> ReadError:
    """The report's record of a failed read, naming what to grant so that it succeeds.

    `iam_resource` is the ARN the IAM action must be granted on; by default the error's own
    resource when that is an ARN, else `*`.
    """
    if iam_resource is None:
        iam_resource = exc.resource if (exc.resource or "").startswith("arn:") else "*"
    return ReadError(
        service=exc.service,
        operation=exc.operation,
        code=exc.code,
        message=exc.message,
        resource=exc.resource,
        iam_action=iam_action(exc.service, exc.operation) if exc.operation else "",
        iam_resource=iam_resource or "*",
    )
