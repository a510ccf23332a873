"""The Lambda reader: real reads from the emulator, and pagination over a real multi-page stream.

moto answers Lambda list calls in one page, so the multi-page behaviour is checked with botocore's
Stubber on the reader's own client — the one thing the emulator cannot serve.
"""

from __future__ import annotations

from botocore.stub import Stubber

from lambdatui.aws.lambda_reader import LambdaReader

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"


def test_reads_functions_mappings_aliases_policies_destinations_urls(aws, demo_endpoint) -> None:  # type: ignore[no-untyped-def]
    reader = LambdaReader(aws)
    functions = {f.name: f for page in reader.function_pages() for f in page}
    assert len(functions) == 15
    hook = functions["partner-hook"]
    assert hook.environment["LOG_LEVEL"] == "INFO" and hook.region == "us-east-1"
    assert functions["notify"].dead_letter_target.endswith(":notify-dlq")

    mappings = reader.event_source_mappings()
    stream = {m.source: m for m in mappings[ARN + "stream-processor"]}
    assert set(stream) == {"kinesis", "dynamodb"}
    assert stream["kinesis"].on_failure.endswith(":stream-dlq")
    assert stream["kinesis"].batch_size == 100

    assert [a.name for a in reader.aliases("img-resize")] == ["live"]
    assert [v.version for v in reader.versions("img-resize")] == ["1"]
    live = reader.policy("img-resize", "live")
    assert live is not None and [s.qualifier for s in live.statements] == ["live"]
    assert reader.policy("img-resize") is None  # no statement on the unqualified function
    assert reader.policy("stream-processor") is None

    [on_alias] = reader.invoke_configs("img-resize")
    assert on_alias.qualifier == "live" and on_alias.on_failure.endswith(":img-resize-failures")
    [url] = reader.function_urls("public-echo")
    assert url.auth_type == "NONE" and url.cors_allow_origins == ("*",)


def _function(name: str) -> dict:  # type: ignore[type-arg]
    return {"FunctionName": name, "FunctionArn": ARN + name, "Runtime": "python3.12"}


def test_function_pages_follow_next_markers(aws) -> None:  # type: ignore[no-untyped-def]
    reader = LambdaReader(aws)
    with Stubber(reader.client) as stub:
        stub.add_response(
            "list_functions",
            {"Functions": [_function("a"), _function("b")], "NextMarker": "m1"},
            {},
        )
        stub.add_response(
            "list_functions", {"Functions": [_function("c")], "NextMarker": "m2"}, {"Marker": "m1"}
        )
        stub.add_response("list_functions", {"Functions": [_function("d")]}, {"Marker": "m2"})
        pages = [[f.name for f in page] for page in reader.function_pages()]
        stub.assert_no_pending_responses()
    assert pages == [["a", "b"], ["c"], ["d"]]  # rows can appear as each page arrives


def test_every_list_is_paginated(aws) -> None:  # type: ignore[no-untyped-def]
    reader = LambdaReader(aws)

    def mapping(uuid: str, fn: str) -> dict:  # type: ignore[type-arg]
        return {
            "UUID": uuid,
            "FunctionArn": ARN + fn,
            "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q",
            "State": "Enabled",
        }

    def config(qualifier: str) -> dict:  # type: ignore[type-arg]
        return {
            "FunctionArn": f"{ARN}f:{qualifier}",
            "DestinationConfig": {"OnFailure": {}, "OnSuccess": {}},
        }

    with Stubber(reader.client) as stub:
        stub.add_response(
            "list_event_source_mappings",
            {
                "EventSourceMappings": [mapping("11111111-1111-1111-1111-111111111111", "f")],
                "NextMarker": "x",
            },
            {},
        )
        stub.add_response(
            "list_event_source_mappings",
            {"EventSourceMappings": [mapping("22222222-2222-2222-2222-222222222222", "g")]},
            {"Marker": "x"},
        )
        stub.add_response(
            "list_aliases",
            {
                "Aliases": [{"Name": "live", "AliasArn": ARN + "f:live", "FunctionVersion": "1"}],
                "NextMarker": "y",
            },
            {"FunctionName": "f"},
        )
        stub.add_response(
            "list_aliases",
            {"Aliases": [{"Name": "beta", "AliasArn": ARN + "f:beta", "FunctionVersion": "2"}]},
            {"FunctionName": "f", "Marker": "y"},
        )
        stub.add_response(
            "list_versions_by_function",
            {
                "Versions": [{"Version": "$LATEST", "FunctionArn": ARN + "f:$LATEST"}],
                "NextMarker": "z",
            },
            {"FunctionName": "f"},
        )
        stub.add_response(
            "list_versions_by_function",
            {"Versions": [{"Version": "1", "FunctionArn": ARN + "f:1"}]},
            {"FunctionName": "f", "Marker": "z"},
        )
        stub.add_response(
            "list_function_event_invoke_configs",
            {"FunctionEventInvokeConfigs": [config("$LATEST")], "NextMarker": "w"},
            {"FunctionName": "f"},
        )
        stub.add_response(
            "list_function_event_invoke_configs",
            {"FunctionEventInvokeConfigs": [config("live")]},
            {"FunctionName": "f", "Marker": "w"},
        )
        mappings = reader.event_source_mappings()
        aliases = reader.aliases("f")
        versions = reader.versions("f")
        configs = reader.invoke_configs("f")
        stub.assert_no_pending_responses()
    assert sorted(mappings) == [ARN + "f", ARN + "g"]
    assert [a.name for a in aliases] == ["live", "beta"]
    assert [v.version for v in versions] == ["1"]
    assert [c.qualifier for c in configs] == [None, "live"]
