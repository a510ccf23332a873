"""botocore failures become typed errors with a sentence for a person and the AWS code kept."""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    UnauthorizedSSOTokenError,
)
from botocore.parsers import ResponseParserError

from lambdatui.aws.translate import aws_call, read_error, translate
from lambdatui.core import errors


def client_error(code: str, status: int, message: str = "m") -> ClientError:
    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, "GetPolicy")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (
            client_error("AccessDeniedException", 403, "no lambda:GetPolicy"),
            errors.AccessDenied,
            "no lambda:GetPolicy",
        ),
        (client_error("ExpiredTokenException", 400), errors.ExpiredCredentials, "expired"),
        (
            client_error("TooManyRequestsException", 429),
            errors.Throttled,
            "throttling GetPolicy after retries",
        ),
        (client_error("ResourceNotFoundException", 404), errors.NotFound, "m"),
        (
            client_error("UnrecognizedClientException", 403),
            errors.AccessDenied,
            "credentials were rejected",
        ),
        (
            EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
            errors.Unreachable,
            "cannot reach",
        ),
        (NoCredentialsError(), errors.NoCredentials, "lambdatui creds set"),
        (UnauthorizedSSOTokenError(), errors.ExpiredCredentials, "aws sso login"),
        (ResponseParserError("<html>500</html>"), errors.NotSupported, "failed"),
    ],
)
def test_translate_gives_a_typed_error_and_a_sentence(
    exc: Exception, kind: type, words: str
) -> None:
    error = translate(exc, service="lambda", operation="GetPolicy", resource="fn")
    assert type(error) is kind
    assert words in str(error)
    assert error.service == "lambda" and error.resource == "fn"
    assert "Traceback" not in str(error)


def test_aws_call_keeps_the_aws_code_in_the_report_record() -> None:
    with pytest.raises(errors.AccessDenied) as raised, aws_call("s3", "ListBuckets"):
        raise client_error("AccessDenied", 403)
    record = read_error(raised.value)
    assert (record.service, record.operation, record.code) == ("s3", "ListBuckets", "AccessDenied")
