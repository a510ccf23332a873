"""Every report format says which read failed and what to grant so that it succeeds."""

from __future__ import annotations

import json

import jsonschema

from lambdatui.audit import report_json
from lambdatui.audit.report_markdown import render_markdown
from lambdatui.audit.report_sarif import render_sarif
from lambdatui.core.model import ReadError
from tests.conftest import FIXTURES

DENIED = ReadError(
    "s3",
    "GetBucketNotificationConfiguration",
    "AccessDenied",
    "Access Denied",
    resource="uploads",
    iam_action="s3:GetBucketNotification",
    iam_resource="arn:aws:s3:::uploads",
)
GRANT = "grant s3:GetBucketNotification on arn:aws:s3:::uploads"


def test_every_format_names_the_grant_a_failed_read_needs() -> None:
    report = report_json.build_report(
        account="123456789012", regions=["us-east-1"], functions=[], findings=[], errors=[DENIED]
    )
    jsonschema.validate(report, json.loads((FIXTURES / "audit-report.schema.json").read_text()))
    [error] = report["errors"]
    assert error["iam_action"] == "s3:GetBucketNotification"
    assert error["iam_resource"] == "arn:aws:s3:::uploads"
    assert error["grant"] == GRANT
    assert GRANT in render_markdown(report)
    assert GRANT in render_sarif(report)


def test_a_read_error_without_a_known_action_still_says_what_to_grant() -> None:
    error = ReadError("sns", "ListSubscriptions", "AuthorizationError", "denied")
    assert error.grant == "grant sns:ListSubscriptions on *"
