"""Pacing under Lambda's quotas, scaled by LAMBDATUI_PACING_SCALE (1 = AWS, 0 = off)."""

from __future__ import annotations

import pytest
from botocore.hooks import HierarchicalEmitter

from lambdatui.aws import pacing
from lambdatui.core.errors import UsageError


@pytest.mark.parametrize(
    ("raw", "configured", "expected"),
    [("", None, 1.0), ("", 2.5, 2.5), ("5", None, 5.0), ("0", 3.0, 0.0), (" 0.5 ", None, 0.5)],
)
def test_scale_comes_from_the_environment_then_the_config(raw, configured, expected):
    assert pacing.pacing_scale({pacing.SCALE_VARIABLE: raw}, configured) == expected


@pytest.mark.parametrize("raw", ["-1", "fast", "nan", "inf", "1e400"])
def test_a_scale_that_is_not_a_number_at_least_zero_is_a_sentence(raw):
    with pytest.raises(UsageError, match="LAMBDATUI_PACING_SCALE"):
        pacing.pacing_scale({pacing.SCALE_VARIABLE: raw})


def test_the_rates_are_the_quotas_times_the_scale_with_headroom():
    pacer = pacing.Pacer(scale=5)
    assert pacer.buckets["GetFunction"].rate == pytest.approx(500 * pacing.HEADROOM)
    assert pacer.buckets["GetPolicy"].rate == pytest.approx(75 * pacing.HEADROOM)
    assert pacer.other.rate == pytest.approx(75 * pacing.HEADROOM)
    assert pacing.HEADROOM < 1  # never the full quota: arrivals bunch up on the way
    # a full bucket lets half a second of calls through at once, never a whole second's
    assert pacer.other.capacity == pytest.approx(pacer.other.rate * pacing.BURST_SECONDS)


def test_scale_zero_installs_no_pacer_and_one_installs_aws_quotas():
    events = HierarchicalEmitter()
    assert pacing.install(events, scale=0) is None
    pacer = pacing.install(events, scale=1)
    assert pacer is not None and pacer.buckets["GetPolicy"].rate == pytest.approx(15 * 0.9)


def test_a_bucket_makes_the_call_past_its_burst_wait_for_the_rate():
    bucket = pacing.TokenBucket(rate=1000.0, burst=1.0)
    assert bucket.take() == 0.0
    waited = bucket.take()  # the burst is spent: the next token comes 1 ms later
    assert 0.0 < waited <= 0.002


def test_the_config_files_pacing_scale_applies_and_the_environment_wins(
    private_home, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    config = private_home / ".config" / "lambdatui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[pacing]\nscale = 0\n")
    monkeypatch.delenv(pacing.SCALE_VARIABLE, raising=False)
    assert pacing.configured_scale() == 0
    assert pacing.install(HierarchicalEmitter()) is None  # 0: no pacing
    monkeypatch.setenv(pacing.SCALE_VARIABLE, "2")
    assert pacing.configured_scale() == 2


def test_a_bad_scale_is_a_usage_error_before_any_session(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from lambdatui.commands.main import main

    monkeypatch.setenv(pacing.SCALE_VARIABLE, "fast")
    assert main(["audit", "--region", "us-east-1"]) == 2
    err = capsys.readouterr().err
    assert "LAMBDATUI_PACING_SCALE" in err and len(err.strip().splitlines()) == 1
