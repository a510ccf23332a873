"""The demo account end to end: every seeded trigger status and every seeded problem, in the
report that `lambdatui audit` writes, valid against the schema — and nothing on clean functions."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from lambdatui.commands.main import main
from tests.account_builders import make_eu_function
from tests.builders import (
    Client,
    OncePerModule,
    demo_ids,
    demo_keys_in_environment,
    read_only_report,
    validate_report,
)

# (source, a part of the source ARN or None, qualifier, status), per function: what seed.py wired.
EXPECTED_TRIGGERS = {
    "img-resize": [("s3", ":::demo-uploads", "live", "ok")],
    "thumbnailer": [
        ("s3", ":::demo-media", None, "missing-permission"),
        ("s3", ":::demo-archive", None, "not-wired"),
    ],
    "legacy-import": [("s3", ":::demo-deleted-bucket", None, "source-missing")],
    "notify": [
        ("sns", ":order-events", None, "ok"),
        ("sns", ":old-alerts", None, "not-wired"),
        ("iot", "rule/device_telemetry", None, "ok"),
        ("cloudwatch", "alarm:orders-errors", None, "ok"),
    ],
    "audit-log": [
        ("sns", ":audit-events", None, "missing-permission"),
        ("sns", ":gone-topic", None, "source-missing"),
    ],
    "nightly-report": [
        ("events", "rule/nightly", None, "ok"),
        ("events", "rule/hourly-sync", None, "missing-permission"),
        ("events", "rule/orders-bus/order-placed", None, "ok"),
        ("events", "rule/retired-rule", None, "source-missing"),
        ("events", "rule/weekly-cleanup", None, "not-wired"),
    ],
    "orders-api": [
        ("apigateway", "{orders}/*/GET/orders", None, "ok"),
        ("apigateway", "{orders}/*/POST/orders", None, "missing-permission"),
        ("apigateway", "deadbeef00/", None, "source-missing"),
        ("apigateway", "{ops-http}/", None, "not-wired"),
    ],
    "log-shipper": [
        ("logs", "log-group:/app/orders:*", None, "ok"),
        ("logs", "log-group:/app/payments:*", None, "missing-permission"),
        ("logs", "log-group:/app/retired:*", None, "source-missing"),
        ("logs", "log-group:/app/inventory:*", None, "not-wired"),
    ],
    "cognito-hooks": [
        ("cognito-idp", "{demo-users}", None, "ok"),
        ("cognito-idp", "{demo-partners}", None, "missing-permission"),
        ("cognito-idp", "us-east-1_Gone00000", None, "source-missing"),
        ("cognito-idp", "{demo-staff}", None, "not-wired"),
    ],
    "public-echo": [("function-url", None, None, "ok")],
    "orders-worker": [("sqs", ":orders-queue", None, "ok")],
    "stream-processor": [
        ("kinesis", "stream/clickstream", None, "ok"),
        ("dynamodb", "table/orders/stream/", None, "ok"),
    ],
    "partner-hook": [("events", None, None, "not-wired")],
    "billing-calc": [
        ("events", "rule/weekly-cleanup", None, "ok"),
        ("sqs", ":billing-queue", None, "ok"),
        ("states", "stateMachine:billing-run", None, "ok"),
    ],
    "queue-drainer": [
        ("sqs", ":drain-queue", None, "ok"),
        ("states", "stateMachine:nightly-export", None, "missing-permission"),
        ("iot", "rule/sensor_alerts", None, "missing-permission"),
        ("scheduler", "schedule/default/drain-hourly", None, "missing-permission"),
    ],
}

# rule → how many findings, per function: every problem seed.py planted, and no other.
EXPECTED_FINDINGS = {
    "img-resize": {},
    "stream-processor": {},
    "billing-calc": {},
    "thumbnailer": {"broken-trigger": 1, "stale-permission": 1},
    "legacy-import": {
        "orphaned-permission": 1,
        "s3-without-source-account": 1,
        "deprecated-runtime": 1,
    },
    "notify": {"stale-permission": 1},
    "audit-log": {"broken-trigger": 1, "destination-unusable": 1, "orphaned-permission": 1},
    "nightly-report": {
        "broken-trigger": 1,
        "no-failure-destination": 1,
        "orphaned-permission": 1,
        "stale-permission": 1,
    },
    "orders-api": {
        "broken-trigger": 1,
        "wildcard-source": 2,
        "orphaned-permission": 1,
        "stale-permission": 1,
    },
    "log-shipper": {
        "broken-trigger": 1,
        "no-failure-destination": 1,
        "orphaned-permission": 1,
        "stale-permission": 1,
    },
    "cognito-hooks": {"broken-trigger": 1, "orphaned-permission": 1, "stale-permission": 1},
    "public-echo": {"function-url-public": 1, "function-url-cors-wildcard": 1},
    "orders-worker": {"public-invoke": 1},
    "queue-drainer": {
        "pull-source-unreadable": 1,
        "destination-unusable": 1,
        "invoker-role-denied": 2,
        "broken-trigger": 1,
    },
    "partner-hook": {
        "secrets-in-environment": 2,
        "service-without-source-arn": 1,
        "cross-account-invoke": 1,
        "stale-permission": 1,
    },
}


@pytest.fixture(scope="module")
def kept() -> OncePerModule:
    return OncePerModule()


@pytest.fixture
def report(demo_endpoint: str, kept: OncePerModule) -> dict:  # type: ignore[type-arg]
    """The audit of the demo, read once for the module (every test gets the same seeded demo)."""
    return kept.get("report", lambda: read_only_report(demo_endpoint))


@pytest.fixture
def ids(demo_endpoint: str, boto: Client, kept: OncePerModule) -> dict[str, str]:
    return kept.get("ids", lambda: demo_ids(boto))


def resolve(fragment: str | None, ids: dict[str, str]) -> str | None:
    if fragment is None:
        return None
    for name, value in ids.items():
        fragment = fragment.replace("{" + name + "}", value)
    return fragment


def test_every_trigger_status_matches_what_was_seeded(
    report: dict,  # type: ignore[type-arg]
    ids: dict[str, str],
) -> None:
    functions = {f["name"]: f for f in report["functions"]}
    assert set(functions) == set(EXPECTED_TRIGGERS)
    for name, expected in EXPECTED_TRIGGERS.items():
        triggers = functions[name]["triggers"]
        assert len(triggers) == len(expected), name
        for source, fragment, qualifier, status in expected:
            wanted = resolve(fragment, ids)
            matches = [
                t for t in triggers
                if t["source"] == source and t["qualifier"] == qualifier
                and ((t["source_arn"] is None) if wanted is None else wanted in (t["source_arn"] or ""))
            ]  # fmt: skip
            assert [t["status"] for t in matches] == [status], (name, source, fragment)


def test_findings_are_exactly_the_seeded_problems(report: dict) -> None:  # type: ignore[type-arg]
    found: dict[str, Counter[str]] = {name: Counter() for name in EXPECTED_FINDINGS}
    for finding in report["findings"]:
        found[finding["function_arn"].split(":")[6]][finding["rule"]] += 1
    assert {name: dict(c) for name, c in found.items()} == EXPECTED_FINDINGS


def test_report_is_valid_and_carries_no_secret(report: dict) -> None:  # type: ignore[type-arg]
    validate_report(report)
    text = json.dumps(report)
    assert "Vq7#pL2m" not in text and "sk_live_51Hq" not in text
    assert report["errors"] == []


def test_audit_command_writes_every_format_and_exits_on_findings(
    endpoint: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh = tmp_path / "report.json"
    assert main(["audit", "--demo", "--format", "json", "--output", str(fresh)]) == 1
    assert capsys.readouterr().err == ""  # not a terminal: no progress, no noise
    report = json.loads(fresh.read_text())
    validate_report(report)

    # The other formats of that report, without auditing the demo again: `--cached` answers
    # from the report the run above kept for the demo's account and region (the emulator only
    # says which account the keys belong to).
    demo_keys_in_environment(monkeypatch)
    cached = ["audit", "--endpoint-url", endpoint, "--region", "us-east-1", "--cached"]
    outputs = {fmt: tmp_path / f"report.{fmt}" for fmt in ("markdown", "sarif")}
    for fmt, path in outputs.items():
        assert main([*cached, "--format", fmt, "--output", str(path)]) == 1, fmt
    assert "| critical |" in outputs["markdown"].read_text()
    sarif = json.loads(outputs["sarif"].read_text())
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == len(report["findings"]) > 0
    # The demo has critical findings (a public statement, secrets): 'critical' still fails.
    assert main([*cached, "--fail-on", "critical", "--output", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert err.count("cached report of 123456789012 in us-east-1") == 3  # not read afresh


def test_audit_reads_every_region_asked(
    demo_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_eu_function(demo_endpoint)
    demo_keys_in_environment(monkeypatch)
    out = tmp_path / "report.json"
    argv = ["audit", "--endpoint-url", demo_endpoint]
    argv += ["--region", "us-east-1", "--region", "eu-west-1"]
    assert main([*argv, "--output", str(out), "--fail-on", "info"]) == 1
    report = json.loads(out.read_text())
    validate_report(report)
    assert report["regions"] == ["us-east-1", "eu-west-1"]
    assert {f["region"] for f in report["functions"]} == {"us-east-1", "eu-west-1"}
    assert len(report["functions"]) == 16
