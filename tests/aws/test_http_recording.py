"""The HTTP recorder the read-only proof relies on does see writes (so the proof can fail)."""

from __future__ import annotations

from tests.http_recording import recording


def test_recorder_tells_writes_from_reads(demo_endpoint: str, boto) -> None:  # type: ignore[no-untyped-def]
    with recording(demo_endpoint) as seen:
        boto("lambda").list_functions()
        boto("sns").list_subscriptions()
        boto("lambda").add_permission(
            FunctionName="notify",
            StatementId="probe",
            Action="lambda:InvokeFunction",
            Principal="sns.amazonaws.com",
        )
        boto("sns").create_topic(Name="probe-topic")
    assert len(seen.requests) == 4
    writes = seen.writes()
    assert len(writes) == 2
    assert writes[0].startswith("POST /2015-03-31/functions/notify/policy")
    assert writes[1].endswith("CreateTopic")
