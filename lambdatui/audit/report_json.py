"""The `lambdatui.audit/v1` JSON report (see shared/schemas/audit-report.schema.json).

A finding's `fix` is the plan its remedy made (`lambdatui.actions.remedies.finding_fix`), the
same plan `lambdatui fix` applies, printed without `RevisionId` (see `report_commands`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from lambdatui.core.model import (
    Destination,
    EventSourceMapping,
    Finding,
    FunctionDetail,
    FunctionUrl,
    PolicyStatement,
    ReadError,
    Trigger,
)

SCHEMA = "lambdatui.audit/v1"


def trigger_json(t: Trigger) -> dict[str, Any]:
    return {
        "kind": t.kind,
        "source": t.source,
        "source_arn": t.source_arn,
        "qualifier": t.qualifier,
        "status": t.status.value,
        "statement_sid": t.statement_sid,
        "detail": {k: v for k, v in t.detail.items() if k != "match_arns"}
        | ({"note": t.note} if t.note else {})
        | ({"failed_read": error_json(t.failed_read)} if t.failed_read else {}),
    }


def mapping_json(m: EventSourceMapping) -> dict[str, Any]:
    return {
        "uuid": m.uuid,
        "event_source_arn": m.event_source_arn,
        "function_arn": m.function_arn,
        "state": m.state,
        "state_transition_reason": m.state_transition_reason or None,
        "last_processing_result": m.last_processing_result or None,
        "batch_size": m.batch_size,
        "on_failure": m.on_failure,
    }


def statement_json(s: PolicyStatement) -> dict[str, Any]:
    return {
        "sid": s.sid,
        "effect": s.effect,
        "principal": s.principal,
        "action": list(s.action),
        "resource": s.resource,
        "qualifier": s.qualifier,
        "source_arn": s.source_arn,
        "source_account": s.source_account,
        "principal_org_id": s.principal_org_id,
        "function_url_auth_type": s.function_url_auth_type,
        "conditions": dict(s.conditions),
    }


def destination_json(d: Destination) -> dict[str, Any]:
    return {
        "qualifier": d.qualifier,
        "on_success": d.on_success,
        "on_failure": d.on_failure,
        "maximum_retry_attempts": d.maximum_retry_attempts,
        "maximum_event_age_seconds": d.maximum_event_age_seconds,
    }


def url_json(u: FunctionUrl) -> dict[str, Any]:
    return {
        "qualifier": u.qualifier,
        "url": u.url,
        "auth_type": u.auth_type,
        "cors_allow_origins": list(u.cors_allow_origins),
    }


def function_json(d: FunctionDetail) -> dict[str, Any]:
    f = d.function
    unqualified = next((p for p in d.policies if p.qualifier is None), None)
    return {
        "name": f.name,
        "arn": f.arn,
        "region": f.region,
        "runtime": f.runtime,
        "role": f.role,
        "last_modified": f.last_modified,
        "qualifiers": list(d.qualifiers),
        "triggers": [trigger_json(t) for t in d.triggers],
        "event_source_mappings": [mapping_json(m) for m in d.event_source_mappings],
        "policy": {
            "revision_id": unqualified.revision_id if unqualified else None,
            "size_bytes": sum(p.size_bytes for p in d.policies),
            "statements": [statement_json(s) for s in d.statements],
        },
        "destinations": [destination_json(x) for x in d.destinations],
        "function_urls": [url_json(u) for u in d.function_urls],
        "dead_letter_target": f.dead_letter_target,
    }


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "function_arn": f.function_arn,
        "resource": f.resource,
        "message": f.message,
        "fix": {"description": f.fix.description, "cli": list(f.fix.cli)} if f.fix else None,
    }


def error_json(e: ReadError) -> dict[str, Any]:
    return {
        "service": e.service,
        "operation": e.operation,
        "code": e.code,
        "message": e.message,
        "resource": e.resource,
        "iam_action": e.iam_action,
        "iam_resource": e.iam_resource,
        "grant": e.grant,
    }


def build_report(
    *,
    account: str,
    regions: Sequence[str],
    functions: Iterable[FunctionDetail],
    findings: Iterable[Finding],
    errors: Iterable[ReadError],
    generated_at: datetime | None = None,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report as a dict; function-level read errors are folded into `errors`.

    `metadata` (e.g. `{"calls": {"lambda:ListAliases": 12, …}}`, the AWS calls the scan sent) is
    added as the report's `metadata` when given; the schema allows it beside the fields it names.
    """
    functions = list(functions)
    all_errors = [*errors, *(e for d in functions for e in d.errors)]
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for e in all_errors:
        key = (e.service, e.operation, e.code, e.resource)
        if key not in seen:
            seen.add(key)
            unique.append(e)
    when = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "schema": SCHEMA,
        "generated_at": when,
        "account": account,
        "regions": list(regions),
        "functions": [function_json(d) for d in functions],
        "findings": [finding_json(f) for f in findings],
        "errors": [error_json(e) for e in unique],
    } | ({"metadata": metadata} if metadata is not None else {})


def render(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, sort_keys=False) + "\n"
