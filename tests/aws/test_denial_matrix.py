"""What could not be read stays unknown: the denial matrix (issue 11 §1).

Over the demo account, every read the audit makes is denied alone (AccessDenied, through a
botocore `before-call` hook, as IAM would answer), the audit runs, and against the clean run:
- no finding appears that the clean run did not have (a failed read is never a verdict);
- no trigger status appears that the clean run did not have, other than `unverified`, and every
  trigger that became unverified names the denied read and the IAM action that would let it pass;
- the denied read is in the report's `errors`, with the IAM action to grant.

`AUDIT_READS` is every read a clean audit of the demo makes; a test fails when the audit starts
making one it does not name, so a new read joins the matrix. The demo is seeded once; each audit
only reads it.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied
from lambdatui.demo.seed import seed
from lambdatui.demo.server import DEMO_ACCOUNT, DemoServer
from tests.builders import audit_report, validate_report
from tests.conftest import make_spec

AUDIT_READS = (
    "apigateway:GetResources",
    "apigateway:GetRestApi",
    "apigateway:GetRestApis",
    "apigateway:GetStages",
    "apigatewayv2:GetApi",
    "apigatewayv2:GetApis",
    "apigatewayv2:GetIntegrations",
    "cloudformation:ListStacks",
    "cloudfront:ListDistributions",
    "cloudwatch:DescribeAlarms",
    "cognito-idp:DescribeUserPool",
    "cognito-idp:ListUserPools",
    "config:DescribeConfigRules",
    "elbv2:DescribeTargetGroups",
    "events:DescribeRule",
    "events:ListEventBuses",
    "events:ListRules",
    "events:ListTargetsByRule",
    "firehose:ListDeliveryStreams",
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:ListRolePolicies",
    "iam:SimulatePrincipalPolicy",
    "iot:GetTopicRule",
    "iot:ListTopicRules",
    "kinesis:DescribeStreamSummary",
    "lambda:GetPolicy",
    "lambda:ListAliases",
    "lambda:ListEventSourceMappings",
    "lambda:ListFunctionEventInvokeConfigs",
    "lambda:ListFunctionUrlConfigs",
    "lambda:ListFunctions",
    "lexv2-models:ListBots",
    "logs:DescribeLogGroups",
    "logs:DescribeSubscriptionFilters",
    "pipes:ListPipes",
    "s3:GetBucketNotificationConfiguration",
    "s3:HeadBucket",
    "s3:ListBuckets",
    "scheduler:GetSchedule",
    "scheduler:ListSchedules",
    "secretsmanager:ListSecrets",
    "ses:DescribeActiveReceiptRuleSet",
    "sns:GetTopicAttributes",
    "sns:ListSubscriptions",
    "sqs:GetQueueUrl",
    "sqs:GetQueueAttributes",
    "stepfunctions:DescribeStateMachine",
    "stepfunctions:ListStateMachines",
    "sts:GetCallerIdentity",
)
# Without these nothing can be audited: the scan stops with the typed error (exit 2, a sentence).
FATAL = ("lambda:ListFunctions", "sts:GetCallerIdentity")
# Reads with a fallback that answers the same question: denying one must change nothing at all.
# (The IAM simulator: the role's policies as read decide when it does not answer — moto never
# does, so the clean run already takes the fallback.)
FALLBACK = ("iam:SimulatePrincipalPolicy",)
# Reads whose use differs when every log group is scanned rather than those policies name.
LOGS_READS = ("logs:DescribeLogGroups", "logs:DescribeSubscriptionFilters")

ARN = f"arn:aws:{{}}:us-east-1:{DEMO_ACCOUNT}:{{}}"


@dataclass(frozen=True)
class Audit:
    report: dict[str, Any]
    calls: Counter[str]

    def triggers(self, function: str) -> list[dict[str, Any]]:
        return next(f["triggers"] for f in self.report["functions"] if f["name"] == function)

    def rules(self, function: str) -> Counter[str]:
        return Counter(
            f["rule"] for f in self.report["findings"] if f["function_arn"].endswith(function)
        )

    def errors_of(self, operation: str) -> list[dict[str, Any]]:
        return [e for e in self.report["errors"] if f"{e['service']}:{e['operation']}" == operation]


DENIED = ("AccessDeniedException", 403)
# Other failures are unknowns too: throttled past the retries, a server error.
FAILURES = (("ThrottlingException", 400), ("ServiceUnavailable", 503))


def deny(
    operation: str, code: str = DENIED[0], status: int = DENIED[1]
) -> Callable[..., tuple[AWSResponse, dict[str, Any]] | None]:
    """A `before-call` hook answering `operation` (`service:Operation`) with an AWS error
    (AccessDenied by default, as IAM would)."""

    def handler(model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if f"{model.service_model.service_name}:{model.name}" != operation:
            return None
        response = AWSResponse("https://denied.invalid", status, {}, None)
        return response, {
            "Error": {"Code": code, "Message": f"{code}: {operation}"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }

    return handler


def run_audit(
    endpoint: str,
    *,
    denied: str | None = None,
    all_log_groups: bool = False,
    failure: tuple[str, int] = DENIED,
) -> Audit:
    # one attempt: a throttled or failing read is what "past the retries" leaves
    session = AwsSession(make_spec(endpoint, read_only=True, max_attempts=1))
    if denied:
        session.boto.events.register("before-call", deny(denied, *failure))
    return Audit(audit_report(session, all_log_groups=all_log_groups), session.calls)


@pytest.fixture(scope="module")
def audit(moto_server: DemoServer) -> Iterator[Callable[..., Audit]]:
    """`audit(denied=None, all_log_groups=False)`: the audit of the demo, seeded once for the
    whole matrix, each answer kept (several tests look at the same denial)."""
    moto_server.reset()
    seed(moto_server.endpoint_url)

    @functools.cache
    def cached(
        denied: str | None = None, all_log_groups: bool = False, failure: tuple[str, int] = DENIED
    ) -> Audit:
        return run_audit(
            moto_server.endpoint_url,
            denied=denied,
            all_log_groups=all_log_groups,
            failure=failure,
        )

    yield cached
    moto_server.reset()


def findings(report: dict[str, Any]) -> Counter[tuple[str, str, str | None]]:
    return Counter((f["function_arn"], f["rule"], f["resource"]) for f in report["findings"])


def keyed_triggers(report: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for fn in report["functions"]:
        for t in fn["triggers"]:
            yield (fn["name"], t["kind"], t["source"], t["source_arn"], t["qualifier"]), t


def assert_unknown_stays_unknown(
    clean: Audit, denied: Audit, operation: str, code: str = DENIED[0]
) -> None:
    report = denied.report
    validate_report(report)

    new_findings = findings(report) - findings(clean.report)
    assert not new_findings, f"denying {operation} made findings: {sorted(new_findings)}"

    before: dict[tuple[Any, ...], set[str]] = {}
    for key, t in keyed_triggers(clean.report):
        before.setdefault(key, set()).add(t["status"])
    for key, t in keyed_triggers(report):
        if t["status"] in before.get(key, set()):
            continue
        assert t["status"] == "unverified", f"denying {operation}: {key} became {t['status']}"
        failed = t["detail"].get("failed_read")
        assert failed, f"denying {operation}: {key} is unverified without the failed read"
        assert f"{failed['service']}:{failed['operation']}" == operation, (key, failed)
        assert failed["grant"] == f"grant {failed['iam_action']} on {failed['iam_resource']}"

    errors = denied.errors_of(operation)
    assert errors, f"denying {operation} left no trace in errors: {report['errors']}"
    assert all(e["code"] == code and e["iam_action"] for e in errors), errors


# -- the matrix ------------------------------------------------------------------------------------
def test_the_matrix_names_every_read_of_a_clean_audit(audit: Callable[..., Audit]) -> None:
    for all_log_groups in (False, True):
        clean = audit(all_log_groups=all_log_groups)
        assert clean.report["errors"] == []
        made = set(clean.calls)
        assert made - set(AUDIT_READS) == set(), "add these reads to AUDIT_READS"
        assert set(AUDIT_READS) - made == set(), "the audit no longer makes these reads"


@pytest.mark.parametrize("operation", [op for op in AUDIT_READS if op not in FATAL + FALLBACK])
def test_a_denied_read_is_unknown_never_a_verdict(
    audit: Callable[..., Audit], operation: str
) -> None:
    assert_unknown_stays_unknown(audit(), audit(operation), operation)


@pytest.mark.parametrize("failure", FAILURES, ids=lambda f: f"{f[0]}")
@pytest.mark.parametrize(
    "operation",
    [
        "s3:GetBucketNotificationConfiguration",
        "lambda:GetPolicy",
        "sns:GetTopicAttributes",
        "sqs:GetQueueUrl",
        "iam:GetRolePolicy",
    ],
)
def test_a_throttled_or_failing_read_is_unknown_too(
    audit: Callable[..., Audit], operation: str, failure: tuple[str, int]
) -> None:
    denied = audit(operation, failure=failure)
    assert_unknown_stays_unknown(audit(), denied, operation, code=failure[0])


@pytest.mark.parametrize("operation", FALLBACK)
def test_a_denied_read_with_a_fallback_changes_nothing(
    audit: Callable[..., Audit], operation: str
) -> None:
    clean, denied = audit(), audit(operation)
    assert operation in denied.calls
    assert findings(denied.report) == findings(clean.report)
    assert sorted((k, t["status"]) for k, t in keyed_triggers(denied.report)) == sorted(
        (k, t["status"]) for k, t in keyed_triggers(clean.report)
    )


@pytest.mark.parametrize("operation", LOGS_READS)
def test_a_denied_logs_read_is_unknown_when_every_log_group_is_scanned(
    audit: Callable[..., Audit], operation: str
) -> None:
    clean = audit(all_log_groups=True)
    assert_unknown_stays_unknown(clean, audit(operation, all_log_groups=True), operation)


@pytest.mark.parametrize("operation", FATAL)
def test_without_the_account_or_its_functions_the_audit_stops_naming_the_read(
    audit: Callable[..., Audit], operation: str
) -> None:
    with pytest.raises(AccessDenied) as raised:
        audit(operation)
    assert f"{raised.value.service}:{raised.value.operation}" == operation


# -- the cases issue 11 names ----------------------------------------------------------------------
def _trigger(audit: Audit, function: str, source: str, fragment: str) -> dict[str, Any]:
    [found] = [
        t
        for t in audit.triggers(function)
        if t["source"] == source and fragment in (t["source_arn"] or "")
    ]
    return found


def test_a_denied_bucket_notification_leaves_a_working_trigger_unverified_not_stale(
    audit: Callable[..., Audit],
) -> None:
    denied = audit("s3:GetBucketNotificationConfiguration")
    trigger = _trigger(denied, "img-resize", "s3", "demo-uploads")
    assert trigger["status"] == "unverified"
    assert trigger["statement_sid"] == "s3-demo-uploads"
    failed = trigger["detail"]["failed_read"]
    # the IAM action is not the API's name
    assert failed["grant"] == "grant s3:GetBucketNotification on arn:aws:s3:::demo-uploads"
    assert (
        "grant s3:GetBucketNotification on arn:aws:s3:::demo-uploads" in trigger["detail"]["note"]
    )
    assert denied.rules("img-resize") == Counter()  # no stale-permission to "fix"


def test_a_denied_subscription_filter_read_leaves_a_working_logs_trigger_unverified(
    audit: Callable[..., Audit],
) -> None:
    denied = audit("logs:DescribeSubscriptionFilters")
    trigger = _trigger(denied, "log-shipper", "logs", "/app/orders")
    assert trigger["status"] == "unverified"
    group = ARN.format("logs", "log-group:/app/orders")
    assert trigger["detail"]["failed_read"]["grant"] == (
        f"grant logs:DescribeSubscriptionFilters on {group}"
    )
    assert "stale-permission" not in denied.rules("log-shipper")


def test_a_denied_policy_read_makes_no_trigger_missing_permission(
    audit: Callable[..., Audit],
) -> None:
    clean, denied = audit(), audit("lambda:GetPolicy")
    # every trigger the resource policy decides (not a role-based invoker's own role)
    by_policy = {
        key
        for key, t in keyed_triggers(clean.report)
        if t["kind"] == "push" and t["detail"].get("permission") != "the invoker's role"
    }
    after = {key: t["status"] for key, t in keyed_triggers(denied.report) if key in by_policy}
    assert after and "missing-permission" not in after.values()
    assert all(status == "unverified" for status in after.values()), after
    assert "broken-trigger" not in Counter(f["rule"] for f in denied.report["findings"])
    notify = _trigger(denied, "notify", "sns", "order-events")
    assert notify["status"] == "unverified"
    assert notify["detail"]["failed_read"]["grant"] == (
        f"grant lambda:GetPolicy on {ARN.format('lambda', 'function:notify')}"
    )


def test_a_denied_alias_listing_still_checks_the_trigger_on_alias_live(
    audit: Callable[..., Audit],
) -> None:
    denied = audit("lambda:ListAliases")
    # the alias the bucket names has its policy read anyway: the verdict is the real one
    assert _trigger(denied, "img-resize", "s3", "demo-uploads")["status"] == "ok"
    assert "broken-trigger" not in denied.rules("img-resize")
    assert denied.errors_of("lambda:ListAliases")


def test_a_denied_topic_read_is_in_errors_and_makes_no_failure_destination_finding(
    audit: Callable[..., Audit],
) -> None:
    clean, denied = audit(), audit("sns:GetTopicAttributes")
    old_alerts = _trigger(denied, "notify", "sns", "old-alerts")
    assert old_alerts["status"] == "unverified"
    topic = ARN.format("sns", "old-alerts")
    assert (
        old_alerts["detail"]["failed_read"]["grant"] == f"grant sns:GetTopicAttributes on {topic}"
    )
    assert topic in {e["resource"] for e in denied.errors_of("sns:GetTopicAttributes")}
    assert denied.rules("notify")["no-failure-destination"] == 0
    assert denied.rules("audit-log") == clean.rules("audit-log") - Counter(["orphaned-permission"])


def test_a_denied_queue_read_is_in_errors_instead_of_a_silent_pass(
    audit: Callable[..., Audit],
) -> None:
    clean, denied = audit(), audit("sqs:GetQueueUrl")
    assert clean.rules("audit-log")["destination-unusable"] == 1
    assert denied.rules("audit-log")["destination-unusable"] == 0  # unknown, not fine
    queue = ARN.format("sqs", "audit-log-failures")
    [error] = [e for e in denied.errors_of("sqs:GetQueueUrl") if e["resource"] == queue]
    assert error["grant"] == f"grant sqs:GetQueueUrl on {queue}"
