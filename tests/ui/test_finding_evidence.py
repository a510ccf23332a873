"""The evidence beside a finding: the record its resource names, as read; never a secret."""

from __future__ import annotations

import json

from lambdatui.audit.rules import evaluate_function
from lambdatui.ui.screens.finding_evidence import evidence
from tests.ui.fixed_backend import FixedBackend


def findings_of(name: str):  # type: ignore[no-untyped-def]
    backend = FixedBackend()
    detail = backend.detail(next(f for f in backend.functions if f.name == name))
    return detail, {f.rule: f for f in evaluate_function(detail)}


def test_a_statement_finding_shows_the_statement_as_aws_wrote_it() -> None:
    detail, found = findings_of("orders-api")
    [(title, text)] = [e for e in evidence(detail, found["public-invoke"]) if "statement" in e[0]]
    assert title == "Policy statement anyone"
    assert json.loads(text) == dict(next(s for s in detail.statements if s.sid == "anyone").raw)


def test_a_broken_trigger_shows_the_services_entry() -> None:
    detail, found = findings_of("img-resize")
    records = evidence(detail, found["broken-trigger"])
    assert [title for title, _ in records] == ["s3 trigger as the service has it"]
    entry = json.loads(records[0][1])
    assert entry["source_arn"] == "arn:aws:s3:::other-bucket"
    assert entry["events"] == ["s3:ObjectRemoved:*"] and entry["status"] == "missing-permission"


def test_a_secret_is_named_never_shown() -> None:
    detail, found = findings_of("orders-api")
    records = evidence(detail, found["secrets-in-environment"])
    assert records and all("hunter2" not in text for _, text in records)
    assert json.loads(records[0][1]) == {"name": "DB_PASSWORD", "value": "(masked)"}


def test_nothing_is_invented_without_a_detail_or_a_resource() -> None:
    detail, found = findings_of("legacy-import")
    finding = found["deprecated-runtime"]
    assert evidence(None, finding) == []
    assert json.loads(evidence(detail, finding)[0][1])["runtime"] == "python3.7"
