"""The emulator's snapshot and restore (lambdatui/demo/emulator/snapshot.py), behind demo_endpoint.

A restore must give back exactly the freshly seeded account, however much a test changed it, and
ids made after it (revision ids, function URL hosts) must be those made after a fresh seed.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from lambdatui.demo.seed import FUNCTION_NAMES
from tests.conftest import Emulator

Boto = Callable[[str], Any]


def account_state(boto: Boto) -> dict[str, Any]:
    """What the demo's wiring is made of, as the APIs answer it."""
    lam, s3, sns, events, sqs = (boto(s) for s in ("lambda", "s3", "sns", "events", "sqs"))
    functions = lam.list_functions()["Functions"]
    policies = {}
    for function in functions:
        try:
            policies[function["FunctionName"]] = lam.get_policy(
                FunctionName=function["FunctionName"]
            )
        except lam.exceptions.ResourceNotFoundException:
            policies[function["FunctionName"]] = None
    buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    return {
        "functions": functions,
        "policies": {name: p and (p["Policy"], p["RevisionId"]) for name, p in policies.items()},
        "mappings": lam.list_event_source_mappings()["EventSourceMappings"],
        "notifications": {
            b: {k: v for k, v in s3.get_bucket_notification_configuration(Bucket=b).items()}
            for b in buckets
        },
        "subscriptions": sns.list_subscriptions()["Subscriptions"],
        "rules": events.list_rules()["Rules"],
        "queues": sqs.list_queues().get("QueueUrls", []),
    }


def without_metadata(state: dict[str, Any]) -> dict[str, Any]:
    """The state without botocore's per-response metadata (request ids differ per call)."""
    if isinstance(state, dict):
        return {k: without_metadata(v) for k, v in state.items() if k != "ResponseMetadata"}
    if isinstance(state, list):
        return [without_metadata(v) for v in state]
    return state


def mutate(boto: Boto) -> None:
    lam, s3, sqs = boto("lambda"), boto("s3"), boto("sqs")
    lam.delete_function(FunctionName="notify")
    lam.remove_permission(FunctionName="partner-hook", StatementId="partner-account")
    s3.put_bucket_notification_configuration(Bucket="demo-uploads", NotificationConfiguration={})
    sqs.create_queue(QueueName="made-by-a-test")


def test_a_restore_after_changes_gives_exactly_the_seeded_account(
    demo_endpoint: str, boto: Boto, emulator: Emulator
) -> None:
    seeded = without_metadata(account_state(boto))
    assert sorted(f["FunctionName"] for f in seeded["functions"]) == sorted(FUNCTION_NAMES)
    assert seeded["notifications"]["demo-uploads"]["LambdaFunctionConfigurations"]

    mutate(boto)
    changed = without_metadata(account_state(boto))
    assert changed != seeded
    assert "notify" not in {f["FunctionName"] for f in changed["functions"]}

    emulator.server.restore()
    assert without_metadata(account_state(boto)) == seeded

    # A restore can be repeated: the snapshot itself was not handed out.
    mutate(boto)
    emulator.server.restore()
    assert without_metadata(account_state(boto)) == seeded


def test_ids_made_after_a_restore_are_those_made_after_the_seed(
    demo_endpoint: str, boto: Boto, emulator: Emulator
) -> None:
    def make_probe() -> tuple[str, str, str]:
        lam = boto("lambda")
        role = lam.get_function(FunctionName="notify")["Configuration"]["Role"]
        created = lam.create_function(
            FunctionName="probe",
            Runtime="python3.12",
            Role=role,
            Handler="app.handler",
            Code={"ZipFile": _zip()},
        )
        url = lam.create_function_url_config(FunctionName="probe", AuthType="AWS_IAM")
        lam.add_permission(
            FunctionName="probe",
            StatementId="probe-s3",
            Action="lambda:InvokeFunction",
            Principal="s3.amazonaws.com",
        )
        revision = lam.get_policy(FunctionName="probe")["RevisionId"]
        return created["FunctionArn"], revision, url["FunctionUrl"]

    first = make_probe()
    emulator.server.restore()
    assert make_probe() == first


def test_a_function_read_by_arn_after_a_restore_is_the_one_in_the_account(
    demo_endpoint: str, boto: Boto, emulator: Emulator
) -> None:
    """moto keeps functions by ARN in a weak index too: after a restore it must point at the
    restored functions, not at those of before (which an update by name would not reach)."""
    emulator.server.restore()
    lam = boto("lambda")
    arn = lam.get_function(FunctionName="notify")["Configuration"]["FunctionArn"]
    lam.update_function_configuration(FunctionName="notify", Description="after the restore")
    assert lam.get_function(FunctionName=arn)["Configuration"]["Description"] == "after the restore"
    lam.delete_function(FunctionName=arn)
    names = {f["FunctionName"] for f in lam.list_functions()["Functions"]}
    assert names == set(FUNCTION_NAMES) - {"notify"}


def test_the_snapshot_endpoints_answer_post_only(demo_endpoint: str) -> None:
    request = urllib.request.Request(f"{demo_endpoint}/lambdatui/restore", method="GET")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405


def test_a_restore_after_a_reset_brings_the_demo_back(
    demo_endpoint: str, boto: Boto, emulator: Emulator
) -> None:
    """The snapshot outlives moto's reset (what `endpoint` does before every test)."""
    emulator.server.reset()
    assert boto("lambda").list_functions()["Functions"] == []
    emulator.server.restore()
    names = {f["FunctionName"] for f in boto("lambda").list_functions()["Functions"]}
    assert names == set(FUNCTION_NAMES)


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()
