"""Rules make no finding that rests on an unknown: an unverified trigger or a destination whose
existence could not be read is neither a problem nor a clean bill."""

from __future__ import annotations

from dataclasses import replace

from lambdatui.core.model import Destination, ReadError, TriggerStatus
from tests.unit.test_rules import QUEUE, TOPIC, detail, push, run

DENIED = ReadError("sns", "GetTopicAttributes", "AuthorizationError", "denied", TOPIC)


def test_an_unverified_async_source_makes_no_failure_destination_finding() -> None:
    unverified = replace(
        push("sns", TOPIC, TriggerStatus.UNVERIFIED, sid="sns-orders"), failed_read=DENIED
    )
    assert run("no-failure-destination", detail(triggers=[unverified])) == []


def test_a_working_async_source_without_a_failure_destination_is_a_finding() -> None:
    working = push("sns", TOPIC, TriggerStatus.OK, sid="sns-orders")
    [finding] = run("no-failure-destination", detail(triggers=[working]))
    assert "sns" in finding.message


def test_only_the_known_sources_are_named() -> None:
    working = push("sns", TOPIC, TriggerStatus.OK, sid="sns-orders")
    unverified = push("s3", "arn:aws:s3:::uploads", TriggerStatus.UNVERIFIED, sid="s3-uploads")
    [finding] = run("no-failure-destination", detail(triggers=[working, unverified]))
    assert "uploads" not in finding.message


def test_a_destination_whose_existence_is_unknown_is_not_called_missing() -> None:
    async_config = Destination(qualifier=None, on_success=None, on_failure=QUEUE)
    unknown = detail(destinations=(async_config,), destination_exists={QUEUE: None})
    gone = detail(destinations=(async_config,), destination_exists={QUEUE: False})
    assert [f for f in run("destination-unusable", unknown) if f.resource == QUEUE] == []
    assert [f.resource for f in run("destination-unusable", gone)] == [QUEUE]
