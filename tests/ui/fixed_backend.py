"""A backend of fixed, hand-made data, for pictures that must not change between runs.

It implements the UI's `Backend` protocol over model dataclasses (policies in the real AWS shape
from tests/fixtures/aws-shapes); nothing here stands in for boto3.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lambdatui.core.crosscheck import Coverage, function_triggers
from lambdatui.core.model import (
    Destination,
    EventSourceMapping,
    Function,
    FunctionDetail,
    Identity,
    WiredTrigger,
)
from lambdatui.core.policy import parse_policy
from tests.conftest import FIXTURES

ACCOUNT = "123456789012"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:"


def _function(name: str, runtime: str, memory: int, **more: object) -> Function:
    return Function(
        name=name,
        arn=ARN + name,
        region="us-east-1",
        runtime=runtime,
        handler="app.handler",
        role=f"arn:aws:iam::{ACCOUNT}:role/{name}-role",
        memory_mb=memory,
        timeout_s=30,
        architectures=("arm64",),
        last_modified="2026-11-01T10:00:00.000+0000",
        **more,  # type: ignore[arg-type]
    )


@dataclass
class FixedWiring:
    by_function: dict[str, list[WiredTrigger]] = field(default_factory=dict)


class FixedBackend:
    region = "us-east-1"

    def __init__(self) -> None:
        shapes = FIXTURES / "aws-shapes"
        mixed = (shapes / "mixed.policy.json").read_text().replace(":orders", ":orders-api")
        scoped = (shapes / "s3-scoped.policy.json").read_text()
        self.functions = [
            _function("img-resize", "python3.12", 1024),
            _function("orders-api", "python3.12", 512, environment={"DB_PASSWORD": "hunter2"}),
            _function("legacy-import", "python3.7", 256),
        ]
        self.wiring_ = FixedWiring(
            {
                ARN + "img-resize": [
                    WiredTrigger("s3", "arn:aws:s3:::my-bucket", ARN + "img-resize", "s3.amazonaws.com", ACCOUNT, {"events": ["s3:ObjectCreated:*"]}),
                    WiredTrigger("s3", "arn:aws:s3:::other-bucket", ARN + "img-resize", "s3.amazonaws.com", ACCOUNT, {"events": ["s3:ObjectRemoved:*"]}),
                ],
                ARN + "orders-api": [
                    WiredTrigger("events", f"arn:aws:events:us-east-1:{ACCOUNT}:rule/nightly", ARN + "orders-api", "events.amazonaws.com", ACCOUNT, {"rule": "nightly"}),
                ],
            }
        )  # fmt: skip
        self.policies = {
            "img-resize": [parse_policy(scoped, qualifier=None, revision_id="r1")],
            "orders-api": [
                parse_policy(json.dumps(self._only(mixed, None)), qualifier=None, revision_id="r2"),
                parse_policy(json.dumps(self._only(mixed, "live")), qualifier="live", revision_id="r3"),
            ],
        }  # fmt: skip
        self.destinations = {
            "orders-api": [
                Destination(None, None, f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-dlq", 2)
            ]
        }
        self.mappings = {
            "img-resize": [
                EventSourceMapping("0b1c", f"arn:aws:sqs:us-east-1:{ACCOUNT}:resize-jobs", ARN + "img-resize", "Enabled", 10)
            ]
        }  # fmt: skip

    @staticmethod
    def _only(policy_json: str, qualifier: str | None) -> dict:  # type: ignore[type-arg]
        doc = json.loads(policy_json)
        suffix = f":{qualifier}" if qualifier else ""
        doc["Statement"] = [
            s for s in doc["Statement"] if s["Resource"] == ARN + "orders-api" + suffix
        ]
        return doc

    def identity(self) -> Identity:
        return Identity(account=ACCOUNT, arn=f"arn:aws:iam::{ACCOUNT}:user/auditor")

    def invalidate(self) -> None:
        pass

    def function_pages(self) -> Iterator[list[Function]]:
        yield self.functions

    def wiring(self, progress=None) -> FixedWiring:  # type: ignore[no-untyped-def]
        return self.wiring_

    def detail(self, function: Function, *, triggers: bool = True) -> FunctionDetail:
        name = function.name
        detail = FunctionDetail(
            function=function,
            policies=tuple(self.policies.get(name, ())),
            destinations=tuple(self.destinations.get(name, ())),
            event_source_mappings=tuple(self.mappings.get(name, ())),
        )
        found = function_triggers(
            wired=self.wiring_.by_function.get(function.arn, []),
            policies=detail.policies,
            mappings=detail.event_source_mappings,
            coverage=Coverage(scanned=frozenset({"s3", "events", "sns", "apigateway", "logs"})),
            exists=lambda source, arn: "nightly" in arn,
        )
        return replace(detail, triggers=tuple(found))
