"""Regions are read side by side (the quotas are per region), and the audit report counts the
calls the scan sent."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from lambdatui.aws.session import AwsSession
from lambdatui.commands.main import main
from lambdatui.demo.server import DEMO_CREDENTIALS
from lambdatui.inventory.parallel import interleaved, scan_regions
from tests.account_builders import make_functions
from tests.builders import validate_report
from tests.conftest import make_spec


def test_every_region_is_scanned_at_once(endpoint: str, boto: Any) -> None:
    """Each region's first call waits at a barrier for the other region's: scanned one after
    the other, the barrier would break and the scan fail."""
    make_functions(boto, 2)
    sessions = [AwsSession(make_spec(endpoint, region=r)) for r in ("us-east-1", "eu-west-1")]
    barrier = threading.Barrier(len(sessions), timeout=10)
    met: list[str] = []

    for session in sessions:

        def meet(model: Any, session: AwsSession = session, **_: Any) -> None:
            if session.spec.region not in met:
                met.append(session.spec.region or "")
                barrier.wait()

        session.boto.events.register("before-call", meet)

    scans = scan_regions(sessions)

    assert sorted(met) == ["eu-west-1", "us-east-1"]
    pictures = [s.picture.result() for s in scans]
    assert [p.region for p in pictures] == ["us-east-1", "eu-west-1"]
    assert [len(p.functions) for p in pictures] == [2, 0]
    assert scans[0].session.calls["lambda:ListAliases"] == 2
    assert scans[1].session.calls["lambda:ListAliases"] == 0


def test_a_failing_region_keeps_its_error_and_the_others_their_pictures(endpoint: str) -> None:
    bad = AwsSession(make_spec("http://127.0.0.1:9", region="eu-west-1", max_attempts=1))
    good = AwsSession(make_spec(endpoint))
    scans = scan_regions([good, bad])
    assert scans[0].picture.result().functions == ()
    assert scans[1].picture.exception() is not None


def test_interleaved_gives_every_item_of_every_stream_and_then_the_failure() -> None:
    def broken() -> Any:
        yield 10
        raise ValueError("region down")

    got: list[int] = []
    with pytest.raises(ValueError, match="region down"):
        for item in interleaved([lambda: iter([1, 2, 3]), broken, lambda: iter([4])]):
            got.append(item)
    assert sorted(got) == [1, 2, 3, 4, 10]


def test_audit_report_counts_calls_and_verbose_prints_them(
    endpoint: str, boto: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    make_functions(boto, 3)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DEMO_CREDENTIALS["access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DEMO_CREDENTIALS["secret_access_key"])
    out = tmp_path / "report.json"
    argv = ["audit", "--endpoint-url", endpoint, "--region", "us-east-1", "--region", "eu-west-1"]
    main([*argv, "--output", str(out), "--verbose"])

    report = json.loads(out.read_text())
    validate_report(report)
    calls = report["metadata"]["calls"]
    assert calls["lambda:ListAliases"] == 3
    assert calls["lambda:ListFunctions"] == 2  # one sweep per region (moto: one page each)
    assert "lambda:ListVersionsByFunction" not in calls
    err = capsys.readouterr().err
    assert f"AWS calls: {sum(calls.values())}" in err
    assert "lambda:ListAliases" in err


def test_the_lists_of_several_regions_are_read_at_once(endpoint: str, boto: Any) -> None:
    from lambdatui.inventory.account import Inventory
    from lambdatui.inventory.multi_region import MultiRegionInventory

    make_functions(boto, 2)
    sessions = [AwsSession(make_spec(endpoint, region=r)) for r in ("us-east-1", "eu-west-1")]
    barrier = threading.Barrier(len(sessions), timeout=10)

    def meet(**_: Any) -> None:
        barrier.wait()  # each region's ListFunctions waits for the other's

    for session in sessions:
        session.boto.events.register("before-call.lambda.ListFunctions", meet)
    both = MultiRegionInventory([Inventory(s) for s in sessions])

    names = sorted(f.name for page in both.function_pages() for f in page)

    assert names == ["fn-00", "fn-01"]
    assert [s.calls["lambda:ListFunctions"] for s in sessions] == [1, 1]
