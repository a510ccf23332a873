"""What could not be read stays unknown: the denial matrix (issue 11 §1).

Over the demo account, every read the audit may make is denied alone (AccessDenied, through a
botocore `before-call` hook, as IAM would answer), the audit runs, and against the clean run:
- no finding appears that the clean run did not have (a failed read is never a verdict);
- no trigger status appears that the clean run did not have, other than `unverified`, and every
  trigger that became unverified names the denied read and the IAM action that would let it pass;
- the denied read is in the report's `errors`, with the IAM action to grant.

The reads are the read-only guard's allowlist: the audit runs under the guard, so it can make no
read outside it (`test_the_matrix_covers_every_read_of_a_clean_audit` checks that too).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema
import pytest
from botocore.awsrequest import AWSResponse

from lambdatui.audit import report_json
from lambdatui.audit.rules import evaluate
from lambdatui.aws.guard import ALLOWED
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied
from lambdatui.demo.seed import seed
from lambdatui.demo.server import DemoServer
from lambdatui.inventory.account import Inventory
from tests.conftest import FIXTURES, make_spec

SCHEMA = json.loads((FIXTURES / "audit-report.schema.json").read_text())
READS = sorted(ALLOWED)
# Without these nothing can be audited: the scan stops with the typed error (exit 2, a sentence).
FATAL = {"sts:GetCallerIdentity", "lambda:ListFunctions"}
# Reads whose use depends on whether every log group is scanned or only those policies name.
LOGS_READS = sorted(op for op in READS if op.startswith("logs:"))


@dataclass(frozen=True)
class Audit:
    report: dict[str, Any]
    calls: Counter[str]


def deny(operation: str) -> Callable[..., tuple[AWSResponse, dict[str, Any]] | None]:
    """A `before-call` hook answering `operation` (`service:Operation`) with AccessDenied."""

    def handler(model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if f"{model.service_model.service_name}:{model.name}" != operation:
            return None
        response = AWSResponse("https://denied.invalid", 403, {}, None)
        return response, {
            "Error": {"Code": "AccessDeniedException", "Message": f"not authorized: {operation}"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        }

    return handler


def run_audit(endpoint: str, *, denied: str | None = None, all_log_groups: bool = False) -> Audit:
    session = AwsSession(make_spec(endpoint, read_only=True))
    if denied:
        session.boto.events.register("before-call", deny(denied))
    picture = Inventory(session, scan_all_log_groups=all_log_groups).scan()
    report = report_json.build_report(
        account=picture.identity.account,
        regions=[picture.region],
        functions=picture.functions,
        findings=evaluate(picture),
        errors=picture.errors,
    )
    return Audit(report, session.calls)


@pytest.fixture(scope="module")
def demo(moto_server: DemoServer) -> Iterator[str]:
    """The demo account, seeded once for the whole matrix (the audit only reads it)."""
    moto_server.reset()
    seed(moto_server.endpoint_url)
    yield moto_server.endpoint_url
    moto_server.reset()


@pytest.fixture(scope="module")
def clean(demo: str) -> dict[bool, Audit]:
    """The clean audit, by whether every log group is scanned."""
    return {logs: run_audit(demo, all_log_groups=logs) for logs in (False, True)}


def findings(report: dict[str, Any]) -> Counter[tuple[str, str, str | None]]:
    return Counter((f["function_arn"], f["rule"], f["resource"]) for f in report["findings"])


def triggers(report: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for fn in report["functions"]:
        for t in fn["triggers"]:
            yield (fn["name"], t["kind"], t["source"], t["source_arn"], t["qualifier"]), t


def assert_unknown_stays_unknown(clean: Audit, denied: Audit, operation: str) -> None:
    report = denied.report
    jsonschema.validate(report, SCHEMA)

    new_findings = findings(report) - findings(clean.report)
    assert not new_findings, f"denying {operation} made findings: {sorted(new_findings)}"

    before: dict[tuple[Any, ...], set[str]] = {}
    for key, t in triggers(clean.report):
        before.setdefault(key, set()).add(t["status"])
    for key, t in triggers(report):
        if t["status"] in before.get(key, set()):
            continue
        assert t["status"] == "unverified", f"denying {operation}: {key} became {t['status']}"
        failed = t["detail"].get("failed_read")
        assert failed, f"denying {operation}: {key} is unverified without the failed read"
        assert f"{failed['service']}:{failed['operation']}" == operation, (key, failed)
        assert failed["grant"].startswith(f"grant {failed['iam_action']} on "), failed

    if operation in clean.calls:
        errors = [e for e in report["errors"] if f"{e['service']}:{e['operation']}" == operation]
        assert errors, f"denying {operation} left no trace in errors: {report['errors']}"
        assert all(e["code"] == "AccessDeniedException" and e["iam_action"] for e in errors)
    else:  # a read the audit does not make here: denying it changes nothing
        assert findings(report) == findings(clean.report)
        assert report["errors"] == []


def test_the_matrix_covers_every_read_of_a_clean_audit(clean: dict[bool, Audit]) -> None:
    for audit in clean.values():
        assert set(audit.calls) <= set(READS), set(audit.calls) - set(READS)
        assert audit.report["errors"] == []
        assert set(audit.calls) >= FATAL
        # the matrix means something only if the audit reads every kind of wiring
        assert {"lambda:GetPolicy", "s3:GetBucketNotificationConfiguration"} <= set(audit.calls)


@pytest.mark.parametrize("operation", [op for op in READS if op not in FATAL])
def test_a_denied_read_is_unknown_never_a_verdict(
    demo: str, clean: dict[bool, Audit], operation: str
) -> None:
    denied = run_audit(demo, denied=operation)
    assert_unknown_stays_unknown(clean[False], denied, operation)


@pytest.mark.parametrize("operation", LOGS_READS)
def test_a_denied_logs_read_is_unknown_when_every_log_group_is_scanned(
    demo: str, clean: dict[bool, Audit], operation: str
) -> None:
    denied = run_audit(demo, denied=operation, all_log_groups=True)
    assert_unknown_stays_unknown(clean[True], denied, operation)


@pytest.mark.parametrize("operation", sorted(FATAL))
def test_without_the_account_or_its_functions_the_audit_stops_with_the_read(
    demo: str, operation: str
) -> None:
    with pytest.raises(AccessDenied) as raised:
        run_audit(demo, denied=operation)
    assert f"{raised.value.service}:{raised.value.operation}" == operation
