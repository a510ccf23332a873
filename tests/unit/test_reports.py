"""The report writers: JSON against its schema, Markdown for people, SARIF for code scanning."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lambdatui.audit import report_json
from lambdatui.audit.report_markdown import cell, render_markdown
from lambdatui.audit.report_sarif import FINGERPRINT, build_sarif, render_sarif
from lambdatui.audit.rules import RULES, evaluate_function
from lambdatui.core.model import (
    Destination,
    EventSourceMapping,
    Finding,
    Function,
    FunctionDetail,
    FunctionUrl,
    ReadError,
    Severity,
    Trigger,
    TriggerStatus,
)
from lambdatui.core.policy import parse_policy

FIXTURES = Path(__file__).parents[1] / "fixtures"
SCHEMA = json.loads((FIXTURES / "audit-report.schema.json").read_text())
ACCOUNT = "123456789012"
TODAY = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
PASSWORD = "Vq7#pL2m!Rx9-orders-prod"
STRIPE = "sk_" + "live_" + "51Hq8ZxD2mVb7RtK9pLw3NcY"
BUCKET = "arn:aws:s3:::demo-uploads"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:order-events"
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-queue"


def fn_arn(name: str) -> str:
    return f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}"


def partner_hook() -> FunctionDetail:
    policy = parse_policy(
        (FIXTURES / "aws-shapes" / "mixed.policy.json").read_text(),
        qualifier=None,
        revision_id="rev-1",
    )
    return FunctionDetail(
        function=Function(
            "partner-hook",
            fn_arn("partner-hook"),
            "us-east-1",
            runtime="python3.7",
            role=f"arn:aws:iam::{ACCOUNT}:role/demo",
            environment={"DB_PASSWORD": PASSWORD, "STRIPE_API_KEY": STRIPE, "LOG_LEVEL": "INFO"},
            dead_letter_target=None,
        ),
        policies=(policy,),
        triggers=(
            Trigger("push", "s3", BUCKET, "live", TriggerStatus.MISSING_PERMISSION),
            Trigger(
                "push",
                "events",
                policy.statements[4].source_arn,
                None,
                TriggerStatus.OK,
                "nightly-rule",
            ),
            Trigger("pull", "sqs", QUEUE, None, TriggerStatus.OK, detail={"uuid": "u-1"}),
        ),
        event_source_mappings=(
            EventSourceMapping("u-1", QUEUE, fn_arn("partner-hook"), "Enabled", 10),
        ),
        destinations=(Destination("live", TOPIC, None, 2, 3600),),
        function_urls=(
            FunctionUrl(None, "https://x.lambda-url.us-east-1.on.aws/", "NONE", ("*",)),
        ),
    )


def clean() -> FunctionDetail:
    return FunctionDetail(
        Function("billing-calc", fn_arn("billing-calc"), "us-east-1", runtime="python3.12")
    )


PIPE_ERROR = ReadError("sns", "ListSubscriptions", "AccessDenied", "denied | not allowed", None)


@pytest.fixture
def report() -> dict[str, Any]:
    details = [partner_hook(), clean()]
    findings = [f for d in details for f in evaluate_function(d, today=TODAY.date())]
    findings.append(
        Finding("stale-permission", Severity.LOW, fn_arn("billing-calc"), "a|b pipes", "sid|x")
    )
    return report_json.build_report(
        account=ACCOUNT,
        regions=["us-east-1"],
        functions=details,
        findings=findings,
        errors=[PIPE_ERROR],
        generated_at=TODAY,
    )


# -- JSON ----------------------------------------------------------------------------------------


def test_json_report_validates_against_the_schema(report: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(report, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert {f["rule"] for f in report["findings"]} >= {"secrets-in-environment", "broken-trigger"}
    text = report_json.render(report)
    jsonschema.validate(json.loads(text), SCHEMA, cls=jsonschema.Draft202012Validator)


def test_the_schema_check_catches_a_broken_report(report: dict[str, Any]) -> None:
    report["findings"][0]["severity"] = "severe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, SCHEMA, cls=jsonschema.Draft202012Validator)


# -- Markdown ------------------------------------------------------------------------------------


def test_markdown_has_summary_counts_and_finding_rows(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    counts = {s: sum(f["severity"] == s for f in report["findings"]) for s in ("critical", "high")}
    assert counts["critical"] >= 3  # two secrets and the public statement
    assert f"| critical | {counts['critical']} |" in md
    assert f"| high | {counts['high']} |" in md
    assert "| `secrets-in-environment` | critical | 2 |" in md
    rows = [
        line for line in md.splitlines() if line.startswith("| ") and "| partner-hook |" in line
    ]
    assert len(rows) == sum(f["function_arn"] == fn_arn("partner-hook") for f in report["findings"])
    assert "account 123456789012" in md and "us-east-1" in md and "2026-01-15T12:00:00Z" in md


def test_markdown_escapes_pipes_in_cells(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    assert "a\\|b pipes" in md
    assert "`sid\\|x`" in md
    assert "denied \\| not allowed" in md
    for line in md.splitlines():
        if line.startswith("|"):  # every table row keeps its column count
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            assert len(cells) in (2, 3, 5), line


def test_markdown_lists_fix_commands_triggers_and_failed_reads(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    assert "```sh\naws lambda add-permission --function-name partner-hook" in md
    assert "| BROKEN (missing permission) | s3 | `arn:aws:s3:::demo-uploads` | live | — |" in md
    assert "### billing-calc (us-east-1, python3.12)" in md
    assert "No triggers." in md
    assert "NOT reported clean" in md
    assert "| sns | ListSubscriptions | `AccessDenied` |" in md


def test_no_report_format_ever_shows_a_secret_value(report: dict[str, Any]) -> None:
    outputs = [report_json.render(report), render_markdown(report), render_sarif(report)]
    assert any("DB_PASSWORD" in text for text in outputs)
    for text in outputs:
        assert PASSWORD not in text
        assert STRIPE not in text
        assert json.dumps(PASSWORD)[1:-1] not in text


def test_cell_escapes_markdown_specials() -> None:
    assert cell("a|b") == "a\\|b"
    assert cell("*/GET/*") == "\\*/GET/\\*"
    assert cell("two\nlines") == "two lines"
    assert cell(None) == "—"


def test_markdown_of_an_empty_account() -> None:
    empty = report_json.build_report(
        account=ACCOUNT, regions=["eu-west-1"], functions=[], findings=[], errors=[]
    )
    md = render_markdown(empty)
    assert "No findings." in md
    assert "None: every read succeeded." in md
    assert "| critical | 0 |" in md


# -- SARIF ---------------------------------------------------------------------------------------


def test_sarif_has_what_github_code_scanning_requires(report: dict[str, Any]) -> None:
    sarif = json.loads(render_sarif(report))
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lambdatui"
    assert driver["informationUri"].startswith("https://")
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", driver["semanticVersion"])
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [r.id for r in RULES]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert float(rule["properties"]["security-severity"]) > 0
        assert "security" in rule["properties"]["tags"]
    assert len(run["results"]) == len(report["findings"])
    for result in run["results"]:
        assert result["ruleId"] in ids
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert re.fullmatch(r"aws/lambda/us-east-1/[a-z-]+", uri)
        (logical,) = location["logicalLocations"]
        assert logical["kind"] == "resource"
        assert logical["fullyQualifiedName"].startswith("arn:aws:lambda:")
        assert uri.endswith("/" + logical["name"])
        assert re.fullmatch(r"[0-9a-f]{64}(:\d+)?", result["partialFingerprints"][FINGERPRINT])


def test_sarif_levels_follow_severity(report: dict[str, Any]) -> None:
    sarif = build_sarif(report)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["public-invoke"]["defaultConfiguration"]["level"] == "error"
    assert rules["public-invoke"]["properties"]["security-severity"] == "9.0"
    assert rules["broken-trigger"]["properties"]["security-severity"] == "7.5"
    assert rules["wildcard-source"]["defaultConfiguration"]["level"] == "warning"
    assert rules["wildcard-source"]["properties"]["security-severity"] == "5.0"
    assert rules["stale-permission"]["defaultConfiguration"]["level"] == "note"
    assert rules["stale-permission"]["properties"]["security-severity"] == "3.0"
    levels = {(r["ruleId"], r["level"]) for r in sarif["runs"][0]["results"]}
    assert ("secrets-in-environment", "error") in levels


def test_sarif_fingerprints_are_stable_and_distinct(report: dict[str, Any]) -> None:
    first = build_sarif(report)["runs"][0]["results"]
    again = build_sarif(json.loads(json.dumps(report)))["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT] for r in first]
    assert prints == [r["partialFingerprints"][FINGERPRINT] for r in again]
    assert len(set(prints)) == len(prints)


def test_sarif_reports_failed_reads(report: dict[str, Any]) -> None:
    (invocation,) = build_sarif(report)["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert "ListSubscriptions" in note["message"]["text"]
    assert "not reported clean" in note["message"]["text"]
