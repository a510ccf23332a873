"""What a scan costs, counted over the emulator: versions from one ListFunctions(ALL) sweep, at
most three other control-plane calls per function, and each source read once per scan, the
reads of one function's many sources made concurrently."""

from __future__ import annotations

import json
import threading
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_REGION
from lambdatui.inventory.account import Inventory
from tests.account_builders import Client, handler_zip, make_functions
from tests.conftest import make_spec

# Lambda's control-plane calls that share AWS's "everything else" quota of 15/s.
OTHER_CONTROL_PLANE = {
    "ListAliases",
    "ListVersionsByFunction",
    "ListFunctionEventInvokeConfigs",
    "ListFunctionUrlConfigs",
    "GetFunctionConfiguration",
}


def _zip() -> bytes:
    """The `index` handler package (tests/ui/test_list_scale.py and test_picture_refresh.py,
    other sessions' files, import it from here)."""
    return handler_zip("index")


def grant_topic(boto: Client, function: str, topic_arn: str, sid: str) -> None:
    boto("lambda").add_permission(
        FunctionName=function,
        StatementId=sid,
        Action="lambda:InvokeFunction",
        Principal="sns.amazonaws.com",
        SourceArn=topic_arn,
    )


def scan(endpoint: str) -> tuple[AwsSession, Any]:
    session = AwsSession(make_spec(endpoint))
    picture = Inventory(session).scan()
    return session, picture


def lambda_calls(session: AwsSession) -> dict[str, int]:
    return {
        op.removeprefix("lambda:"): n for op, n in session.calls.items() if op.startswith("lambda:")
    }


def test_versions_come_from_one_sweep_and_each_function_costs_three_other_calls(
    endpoint: str, boto: Client
) -> None:
    names = make_functions(boto, 6)
    session, picture = scan(endpoint)

    calls = lambda_calls(session)
    assert "ListVersionsByFunction" not in calls
    assert calls["ListFunctions"] == 1  # moto answers in one page; AWS: one per 50 versions
    other = sum(n for op, n in calls.items() if op in OTHER_CONTROL_PLANE)
    assert other == 3 * len(names)
    for op in ("ListAliases", "ListFunctionEventInvokeConfigs", "ListFunctionUrlConfigs"):
        assert calls[op] == len(names)
    # the versions are still every function's own: $LATEST is the function, 1 and 2 its versions
    by_name = {d.function.name: d for d in picture.functions}
    assert sorted(by_name) == names
    for name, detail in by_name.items():
        assert [v.version for v in detail.versions] == ["1", "2"]
        assert all(v.arn.endswith(f":function:{name}:{v.version}") for v in detail.versions)
        assert detail.function.arn.endswith(f":function:{name}")
    # one GetPolicy per qualifier: the function, its alias and its two versions
    assert calls["GetPolicy"] == 4 * len(names)


def test_a_topic_named_by_many_functions_is_read_once(endpoint: str, boto: Client) -> None:
    names = make_functions(boto, 5)
    sns = boto("sns")
    topics = [sns.create_topic(Name=f"t{i}")["TopicArn"] for i in range(2)]
    gone = f"arn:aws:sns:{DEMO_REGION}:{DEMO_ACCOUNT}:gone"
    for i, name in enumerate(names):
        grant_topic(boto, name, topics[i % 2], "a")
        grant_topic(boto, name, gone, "b")

    session, picture = scan(endpoint)

    assert session.calls["sns:GetTopicAttributes"] == 3
    statuses = {
        (d.function.name, t.source_arn): t.status.value
        for d in picture.functions
        for t in d.triggers
    }
    assert statuses[(names[0], topics[0])] == "not-wired"
    assert statuses[(names[1], topics[1])] == "not-wired"
    assert all(statuses[(n, gone)] == "source-missing" for n in names)


def test_one_function_with_many_statements_reads_its_sources_concurrently(
    endpoint: str, boto: Client
) -> None:
    """Two existence reads must be in flight at once: each waits at a barrier for another one,
    so serial reads would break it (and the scan would see the checks fail)."""
    role = boto("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    boto("lambda").create_function(
        FunctionName="busy",
        Runtime="python3.12",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": _zip()},
    )
    topics = [f"arn:aws:sns:{DEMO_REGION}:{DEMO_ACCOUNT}:missing-{i:02d}" for i in range(12)]
    for i, arn in enumerate(topics):
        grant_topic(boto, "busy", arn, f"s{i}")

    session = AwsSession(make_spec(endpoint))
    barrier = threading.Barrier(2, timeout=10)
    met: list[bool] = []

    def meet(model: Any, **_: Any) -> None:
        if model.name == "GetTopicAttributes" and not met:
            barrier.wait()  # raises BrokenBarrierError if no second read comes meanwhile
            met.append(True)

    session.boto.events.register("before-call.sns.GetTopicAttributes", meet)
    inventory = Inventory(session)
    function = next(f for page in inventory.function_pages() for f in page)
    detail = inventory.detail(function)

    assert met
    assert session.calls["sns:GetTopicAttributes"] == len(topics)
    assert {t.source_arn for t in detail.triggers} == set(topics)
    assert {t.status.value for t in detail.triggers} == {"source-missing"}
    assert json.loads(detail.policies[0].raw_json)["Statement"]
