"""`audit --cached`: the kept report at once, marked with its age and with CloudTrail's changes
since; the cache file is private and holds no secret."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from lambdatui.aws.cloudtrail_reader import CloudTrailReader
from lambdatui.aws.session import AwsSession
from lambdatui.commands.main import main
from lambdatui.demo.server import DEMO_CREDENTIALS
from lambdatui.inventory import cache
from tests.account_builders import make_functions
from tests.builders import validate_report
from tests.conftest import make_spec

SECRET = "Zt8#qM3n!Wy4-billing-prod"


def test_the_cache_file_is_private_and_read_back_whole(tmp_path: Path) -> None:
    report = {"account": "123456789012", "regions": ["us-east-1"], "findings": [], "x": [1]}
    path = cache.save(report, folder=tmp_path / "reports")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    kept = cache.load("123456789012", ["us-east-1"], folder=tmp_path / "reports")
    assert kept is not None and kept.report == report
    assert 0 <= kept.age_seconds() < 60
    assert cache.load("123456789012", ["eu-west-1"], folder=tmp_path / "reports") is None
    path.write_text("{not json")
    assert cache.load("123456789012", ["us-east-1"], folder=tmp_path / "reports") is None


def _event(source: str, name: str, when: datetime, *resources: str, read: bool = False) -> dict:  # type: ignore[type-arg]
    return {
        "EventId": f"{name}-{when.timestamp()}",
        "EventName": name,
        "EventSource": f"{source}.amazonaws.com",
        "EventTime": when,
        "ReadOnly": "true" if read else "false",
        "Resources": [{"ResourceType": "x", "ResourceName": r} for r in resources],
    }


def test_cloudtrail_changes_are_the_wiring_writes_of_the_watched_sources(endpoint: str) -> None:
    """moto does not serve LookupEvents: botocore's Stubber answers as CloudTrail would."""
    session = AwsSession(make_spec(endpoint))
    since = datetime(2026, 12, 1, 10, tzinfo=UTC)
    t = [since + timedelta(minutes=m) for m in range(6)]
    pages = {
        "lambda": [
            {
                "Events": [
                    _event("lambda", "GetFunction20150331v2", t[1], "fn-a", read=True),
                    _event("lambda", "AddPermission20150331v2", t[2], "fn-a"),
                ],
                "NextToken": "more",
            },
            {"Events": [_event("lambda", "UpdateFunctionConfiguration20150331v2", t[3], "fn-b")]},
        ],
        "s3": [{"Events": [_event("s3", "PutBucketNotification", t[4], "uploads")]}],
        "sns": [{"Events": [_event("sns", "Publish", t[1], "topic")]}],  # not wiring
        "events": [{"Events": [_event("events", "PutTargets", t[5], "nightly")]}],
    }
    client = session.client("cloudtrail")
    with Stubber(client) as stub:
        for source, answers in pages.items():
            for i, answer in enumerate(answers):
                expected = {
                    "LookupAttributes": [
                        {"AttributeKey": "EventSource", "AttributeValue": f"{source}.amazonaws.com"}
                    ],
                    "StartTime": since,
                    "MaxResults": 50,
                } | ({"NextToken": "more"} if i else {})
                stub.add_response("lookup_events", answer, expected)
        changes = CloudTrailReader(session).changes_since(since)
        stub.assert_no_pending_responses()  # five calls: two pages for Lambda, one each other

    assert changes.known and changes.complete
    assert [(c.source, c.event, c.resources) for c in changes.changes] == [
        ("events", "PutTargets", ("nightly",)),
        ("s3", "PutBucketNotification", ("uploads",)),
        ("lambda", "UpdateFunctionConfiguration20150331v2", ("fn-b",)),
        ("lambda", "AddPermission20150331v2", ("fn-a",)),
    ]


def test_a_read_only_session_may_look_up_cloudtrail(endpoint: str) -> None:
    session = AwsSession(make_spec(endpoint, read_only=True, max_attempts=1))
    changes = CloudTrailReader(session).changes_since(datetime.now(UTC))
    # moto does not serve it: the guard let it through, and the failure is an unknown, said so
    assert not changes.known and changes.error is not None
    assert changes.error.operation == "LookupEvents"


@pytest.fixture
def audit_env(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DEMO_CREDENTIALS["access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DEMO_CREDENTIALS["secret_access_key"])
    return ["audit", "--endpoint-url", endpoint, "--region", "us-east-1", "--fail-on", "critical"]


def test_a_fresh_audit_keeps_its_report_and_cached_shows_it_with_its_age(
    audit_env: list[str], boto: Callable[[str], Any], tmp_path: Path, capsys: Any
) -> None:
    make_functions(boto, 2)
    boto("lambda").update_function_configuration(
        FunctionName="fn-00", Environment={"Variables": {"DB_PASSWORD": SECRET}}
    )
    fresh, cached = tmp_path / "fresh.json", tmp_path / "cached.json"
    assert main([*audit_env, "--output", str(fresh)]) == 1  # the secret is a critical finding
    boto("lambda").delete_function(FunctionName="fn-01")  # the cache cannot know

    assert main([*audit_env, "--cached", "--output", str(cached)]) == 1
    err = capsys.readouterr().err

    report = json.loads(cached.read_text())
    validate_report(report)
    assert [f["name"] for f in report["functions"]] == ["fn-00", "fn-01"]
    assert report["findings"] == json.loads(fresh.read_text())["findings"]
    kept = report["metadata"]["cached"]
    assert 0 <= kept["age_seconds"] < 600
    assert "CloudTrail could not be read" in kept["changes_unknown"]  # moto: no LookupEvents
    assert "cached report of 123456789012 in us-east-1" in err and "unknown" in err
    files = list((Path.home() / ".cache" / "lambdatui" / "reports").iterdir())
    assert [stat.S_IMODE(f.stat().st_mode) for f in files] == [0o600]
    assert SECRET not in files[0].read_text()


def test_cached_without_a_kept_report_reads_fresh_and_says_so(
    audit_env: list[str], boto: Callable[[str], Any], tmp_path: Path, capsys: Any
) -> None:
    make_functions(boto, 1)
    out = tmp_path / "r.json"
    assert main([*audit_env, "--cached", "--output", str(out)]) == 0
    assert "no report kept for 123456789012 in us-east-1 yet: reading it fresh" in (
        capsys.readouterr().err
    )
    report = json.loads(out.read_text())
    assert "cached" not in report["metadata"] and report["metadata"]["calls"]
    assert cache.load("123456789012", ["us-east-1"]) is not None
