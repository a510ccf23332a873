"""The runtime table against AWS's Lambda runtimes page, and the deprecated-runtime rule on it.

PAGE below is the table as read from https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
and the per-language pages on 2026-12-01 (research note: /tmp/research/runtimes.md; the newest
AWS dates, which cfn-lint's LmbdRuntimeLifecycle.json of 2026-06 also carries). When AWS moves a
date, change it here and in lambdatui/audit/runtimes.py together, with READ_ON.
"""

from __future__ import annotations

from datetime import date

import botocore.session
import pytest

from lambdatui.audit import runtimes
from lambdatui.audit.rules import evaluate_function
from lambdatui.core.model import Function, FunctionDetail

READ_ON = date(2026, 12, 1)

# identifier: (deprecation, block function create, block function update); None = not scheduled.
PAGE: dict[str, tuple[str, str | None, str | None]] = {
    # Supported on 2026-12-01
    "nodejs24.x": ("2028-04-30", "2028-06-01", "2028-07-01"),
    "nodejs22.x": ("2027-04-30", "2027-06-01", "2027-07-01"),
    "python3.14": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "python3.13": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "python3.12": ("2028-10-31", "2028-11-30", "2029-01-10"),
    "python3.11": ("2027-06-30", "2027-07-31", "2027-08-31"),
    "java25": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "java21": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "java17.al2023": ("2029-06-30", None, None),
    "java11.al2023": ("2029-06-30", None, None),
    "java8.al2023": ("2029-06-30", None, None),
    "java17": ("2027-06-30", "2027-07-31", "2027-08-31"),
    "java11": ("2027-06-30", "2027-07-31", "2027-08-31"),
    "java8.al2": ("2027-06-30", "2027-07-31", "2027-08-31"),
    "dotnet10": ("2028-11-14", "2028-12-14", "2029-01-15"),
    "ruby4.0": ("2029-03-31", "2029-04-30", "2029-05-31"),
    "ruby3.4": ("2028-03-31", "2028-04-30", "2028-05-31"),
    "ruby3.3": ("2027-03-31", "2027-04-30", "2027-05-31"),
    "provided.al2023": ("2029-06-30", "2029-07-31", "2029-08-31"),
    # Deprecated on 2026-12-01
    "dotnet8": ("2026-11-10", "2027-02-01", "2027-03-03"),
    "dotnet9": ("2026-11-10", None, None),
    "python3.10": ("2026-10-31", "2027-02-01", "2027-03-03"),
    "provided.al2": ("2026-07-31", "2027-02-01", "2027-03-03"),
    "nodejs20.x": ("2026-04-30", "2027-02-01", "2027-03-03"),
    "ruby3.2": ("2026-03-31", "2027-02-01", "2027-03-03"),
    "python3.9": ("2025-12-15", "2027-02-01", "2027-03-03"),
    "nodejs18.x": ("2025-09-01", "2027-02-01", "2027-03-03"),
    "dotnet6": ("2024-12-20", "2027-02-01", "2027-03-03"),
    "python3.8": ("2024-10-14", "2027-02-01", "2027-03-03"),
    "nodejs16.x": ("2024-06-12", "2027-02-01", "2027-03-03"),
    "dotnet7": ("2024-05-14", None, None),
    "java8": ("2024-01-08", "2024-02-08", "2027-03-03"),
    "go1.x": ("2024-01-08", "2024-02-08", "2027-03-03"),
    "provided": ("2024-01-08", "2024-02-08", "2027-03-03"),
    "ruby2.7": ("2023-12-07", "2024-01-09", "2027-03-03"),
    "nodejs14.x": ("2023-12-04", "2024-01-09", "2027-03-03"),
    "python3.7": ("2023-12-04", "2024-01-09", "2027-03-03"),
    "dotnetcore3.1": ("2023-04-03", "2023-04-03", "2023-05-03"),
    "nodejs12.x": ("2023-03-31", "2023-03-31", "2023-04-30"),
    "python3.6": ("2022-07-18", "2022-07-18", "2022-08-29"),
    "dotnet5.0": ("2022-05-10", None, None),
    "dotnetcore2.1": ("2022-01-05", "2022-01-05", "2022-04-13"),
    "nodejs10.x": ("2021-07-30", "2021-07-30", "2022-02-14"),
    "ruby2.5": ("2021-07-30", "2021-07-30", "2022-03-31"),
    "python2.7": ("2021-07-15", "2021-07-15", "2022-05-30"),
    "nodejs8.10": ("2020-03-06", "2020-02-04", "2020-03-06"),
    "nodejs4.3": ("2020-03-05", "2020-02-03", "2020-03-05"),
    "nodejs4.3-edge": ("2020-03-05", "2019-03-31", "2019-04-30"),
    "nodejs6.10": ("2019-08-12", "2019-07-12", "2019-08-12"),
    "dotnetcore1.0": ("2019-06-27", "2019-06-30", "2019-07-30"),
    "dotnetcore2.0": ("2019-05-30", "2019-04-30", "2019-05-30"),
    "nodejs": ("2016-08-30", "2016-09-30", "2016-10-31"),
}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def test_the_table_was_read_from_the_aws_page_on_the_pinned_day() -> None:
    assert runtimes.READ_ON == READ_ON
    assert (
        runtimes.SOURCE_URL == "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
    )


@pytest.mark.parametrize("identifier", sorted(PAGE))
def test_every_runtime_on_the_page_is_dated_as_the_page_says(identifier: str) -> None:
    deprecated, create, update = PAGE[identifier]
    entry = runtimes.RUNTIMES[identifier]
    assert (entry.deprecated, entry.block_create, entry.block_update) == (
        _d(deprecated),
        _d(create),
        _d(update),
    )


def test_the_table_holds_nothing_the_page_does_not() -> None:
    assert set(runtimes.RUNTIMES) == set(PAGE)


def test_every_identifier_the_lambda_api_accepts_is_dated_or_known_undated() -> None:
    # A new identifier in botocore means AWS released a runtime: re-read the page (READ_ON).
    model = botocore.session.get_session().get_service_model("lambda")
    accepted = set(model.shape_for("Runtime").enum)
    assert accepted - set(runtimes.RUNTIMES) - runtimes.UNDATED == set()
    assert runtimes.UNDATED.isdisjoint(runtimes.RUNTIMES)


@pytest.mark.parametrize("target", sorted(runtimes.FAMILY_SUCCESSOR.values()))
def test_each_family_successor_is_the_one_aws_keeps_longest(target: str) -> None:
    assert not runtimes.is_deprecated(target, READ_ON)
    family = runtimes.family(target)
    same_family = [r for r in runtimes.RUNTIMES.values() if runtimes.family(r.identifier) == family]
    assert runtimes.RUNTIMES[target].deprecated == max(r.deprecated for r in same_family)


@pytest.mark.parametrize(
    ("runtime", "target"),
    [
        ("nodejs18.x", "nodejs24.x"),
        ("python3.9", "python3.14"),
        ("dotnet8", "dotnet10"),
        ("dotnetcore3.1", "dotnet10"),
        ("ruby3.2", "ruby4.0"),
        ("go1.x", "provided.al2023"),
        ("provided.al2", "provided.al2023"),
        ("java8", "java25"),
        ("python3.14", None),
        ("rust1.x", None),
        (None, None),
    ],
)
def test_successor_is_the_family_current_runtime(runtime: str | None, target: str | None) -> None:
    assert runtimes.successor(runtime) == target


def _detail(runtime: str | None) -> FunctionDetail:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:orders"
    return FunctionDetail(Function("orders", arn, "us-east-1", runtime=runtime))


def deprecated_on(runtime: str | None, today: date) -> list[str]:
    """The deprecated-runtime messages for a function on `runtime`, with the audit's own clock."""
    findings = evaluate_function(_detail(runtime), today=today)
    return [f.message for f in findings if f.rule == "deprecated-runtime"]


@pytest.mark.parametrize(
    "runtime",
    ["java17", "java11", "java8.al2", "java17.al2023", "python3.11", "nodejs22.x", "ruby3.3"],
)
def test_runtimes_aws_still_supports_on_2026_12_01_are_not_flagged(runtime: str) -> None:
    assert deprecated_on(runtime, READ_ON) == []


@pytest.mark.parametrize("runtime", ["nodejs26.x", "python3.15", "custom", "rust1.x", None])
def test_undated_and_unknown_runtimes_are_not_flagged(runtime: str | None) -> None:
    assert deprecated_on(runtime, READ_ON) == []


@pytest.mark.parametrize(
    ("runtime", "dates", "target"),
    [
        ("python3.9", ("2025-12-15", "2027-02-01", "2027-03-03"), "python3.14"),
        ("nodejs18.x", ("2025-09-01", "2027-02-01", "2027-03-03"), "nodejs24.x"),
        ("python3.10", ("2026-10-31", "2027-02-01", "2027-03-03"), "python3.14"),
        ("provided.al2", ("2026-07-31", "2027-02-01", "2027-03-03"), "provided.al2023"),
        ("dotnet8", ("2026-11-10", "2027-02-01", "2027-03-03"), "dotnet10"),
    ],
)
def test_deprecated_runtimes_are_flagged_with_their_dates_and_successor(
    runtime: str, dates: tuple[str, ...], target: str
) -> None:
    (message,) = deprecated_on(runtime, READ_ON)
    deprecated, create, update = dates
    assert f"deprecated {runtime} on {deprecated}" in message
    assert f"creating functions on it is blocked from {create}" in message
    assert f"updating them is blocked from {update}" in message
    assert f"Move the code to {target}" in message


def test_block_dates_already_past_are_told_in_the_past() -> None:
    (message,) = deprecated_on("python3.7", READ_ON)
    assert "creating functions on it has been blocked since 2024-01-09" in message
    assert "updating them is blocked from 2027-03-03" in message
    (message,) = deprecated_on("python3.7", date(2027, 3, 3))
    assert "updating them has been blocked since 2027-03-03" in message


def test_container_only_runtimes_say_no_block_is_scheduled() -> None:
    (message,) = deprecated_on("dotnet9", READ_ON)
    assert "no date is published to block creating functions on it" in message
    assert "dotnet10" in message


def test_java_on_amazon_linux_2_is_flagged_from_its_own_date_with_the_al2023_step() -> None:
    assert deprecated_on("java17", date(2027, 6, 29)) == []
    (message,) = deprecated_on("java17", date(2027, 6, 30))
    assert "java25 (or java17.al2023, the same version on Amazon Linux 2023)" in message


def test_the_day_of_deprecation_is_the_first_day_flagged() -> None:
    assert deprecated_on("python3.10", date(2026, 10, 30)) == []
    assert len(deprecated_on("python3.10", date(2026, 10, 31))) == 1


@pytest.mark.parametrize(
    "runtime",
    [
        "python2.7",
        "python3.6",
        "python3.7",
        "python3.8",
        "nodejs16.x",
        "nodejs18.x",
        "java8",
        "dotnet6",
        "ruby2.7",
        "go1.x",
        "provided",
    ],
)
def test_runtimes_deprecated_by_the_start_of_2026(runtime: str) -> None:
    assert runtimes.is_deprecated(runtime, date(2026, 1, 15))


def test_current_and_unknown_runtimes_are_not_deprecated() -> None:
    for runtime in ("python3.13", "nodejs22.x", "java21", "provided.al2023", "rust1.x", None):
        assert not runtimes.is_deprecated(runtime, date(2026, 1, 15))
