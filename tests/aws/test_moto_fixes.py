"""Each correction of `lambdatui.demo.emulator.patches`, checked through boto3 over HTTP.

Every test asserts the AWS behaviour, which moto 5.2.x without the fix does not give.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from lambdatui.demo import emulator as moto_fixes
from lambdatui.demo.server import DEMO_ACCOUNT, DEMO_CREDENTIALS, DemoServer, start_server
from tests.account_builders import handler_zip

Boto = Callable[[str], Any]
ARN = f"arn:aws:lambda:us-east-1:{DEMO_ACCOUNT}:function"


@pytest.fixture(scope="module")
def inprocess() -> Iterator[DemoServer]:
    """An emulator in this process, for the checks that look inside moto's own objects (the
    shared `endpoint` emulator runs in a process of its own)."""
    server = start_server()
    yield server
    server.stop()


@pytest.fixture
def local_boto(inprocess: DemoServer) -> Boto:
    inprocess.reset()
    session = boto3.Session(
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        region_name="us-east-1",
    )
    return lambda service: session.client(service, endpoint_url=inprocess.endpoint_url)


@pytest.fixture
def lam(boto: Boto) -> Any:
    """A Lambda client with function `fn`, its version 1 and alias `live` → 1."""
    role = boto("iam").create_role(RoleName="fixes-role", AssumeRolePolicyDocument="{}")
    client = boto("lambda")
    client.create_function(
        FunctionName="fn",
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="app.handler",
        Code={"ZipFile": handler_zip(returns="event")},
    )
    version = client.publish_version(FunctionName="fn")["Version"]
    client.create_alias(FunctionName="fn", Name="live", FunctionVersion=version)
    return client


def _statements(lam: Any, qualifier: str | None = None) -> dict[str, dict[str, Any]]:
    params = {"FunctionName": "fn"} | ({"Qualifier": qualifier} if qualifier else {})
    policy = json.loads(lam.get_policy(**params)["Policy"])
    return {statement["Sid"]: statement for statement in policy["Statement"]}


def _error_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


# --- AddPermission conditions ---------------------------------------------------------------


def test_function_url_auth_type_lands_in_condition(lam: Any) -> None:
    lam.add_permission(
        FunctionName="fn",
        StatementId="url",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    statement = _statements(lam)["url"]
    assert "FunctionUrlAuthType" not in statement
    assert statement["Condition"] == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}


def test_invoked_via_function_url_lands_in_condition(lam: Any) -> None:
    lam.add_permission(
        FunctionName="fn",
        StatementId="via-url",
        Action="lambda:InvokeFunction",
        Principal="*",
        InvokedViaFunctionUrl=True,
    )
    statement = _statements(lam)["via-url"]
    assert "InvokedViaFunctionUrl" not in statement
    assert statement["Condition"] == {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}


def test_principal_org_id_kept_next_to_source_account(lam: Any) -> None:
    lam.add_permission(
        FunctionName="fn",
        StatementId="org",
        Action="lambda:InvokeFunction",
        Principal="*",
        PrincipalOrgID="o-a1b2c3d4e5",
        SourceAccount=DEMO_ACCOUNT,
        SourceArn="arn:aws:s3:::bucket",
    )
    assert _statements(lam)["org"]["Condition"] == {
        "StringEquals": {"AWS:SourceAccount": DEMO_ACCOUNT, "aws:PrincipalOrgID": "o-a1b2c3d4e5"},
        "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"},
    }


# --- statement ids and revisions -------------------------------------------------------------


def test_duplicate_statement_id_is_refused_per_qualifier(lam: Any) -> None:
    grant = {"Action": "lambda:InvokeFunction", "Principal": "sns.amazonaws.com"}
    lam.add_permission(FunctionName="fn", StatementId="dup", **grant)
    revision = lam.get_policy(FunctionName="fn")["RevisionId"]

    with pytest.raises(ClientError) as refused:
        lam.add_permission(FunctionName="fn", StatementId="dup", **grant)
    assert _error_code(refused) == "ResourceConflictException"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert lam.get_policy(FunctionName="fn")["RevisionId"] == revision  # nothing changed

    # The alias has a policy of its own in AWS: the same Sid is free there.
    lam.add_permission(FunctionName="fn", StatementId="dup", Qualifier="live", **grant)
    resources = [
        s["Resource"]
        for s in json.loads(lam.get_policy(FunctionName="fn")["Policy"])["Statement"]
        if s["Sid"] == "dup"
    ]
    assert sorted(resources) == [f"{ARN}:fn", f"{ARN}:fn:live"]


def test_remove_permission_with_current_revision_id(lam: Any) -> None:
    grant = {"Action": "lambda:InvokeFunction", "Principal": "sns.amazonaws.com"}
    lam.add_permission(FunctionName="fn", StatementId="keep", **grant)
    lam.add_permission(FunctionName="fn", StatementId="drop", **grant)
    lam.add_permission(FunctionName="fn", StatementId="drop", Qualifier="live", **grant)
    revision = lam.get_policy(FunctionName="fn")["RevisionId"]

    lam.remove_permission(FunctionName="fn", StatementId="drop", RevisionId=revision)

    answer = lam.get_policy(FunctionName="fn")
    assert answer["RevisionId"] != revision  # a removal makes a new revision, as in AWS
    left = [(s["Sid"], s["Resource"]) for s in json.loads(answer["Policy"])["Statement"]]
    assert left == [("keep", f"{ARN}:fn"), ("drop", f"{ARN}:fn:live")]

    with pytest.raises(ClientError) as stale:
        lam.remove_permission(
            FunctionName="fn", StatementId="drop", Qualifier="live", RevisionId=revision
        )
    assert _error_code(stale) == "PreconditionFailedException"

    lam.remove_permission(
        FunctionName="fn", StatementId="drop", Qualifier="live", RevisionId=answer["RevisionId"]
    )
    assert list(_statements(lam)) == ["keep"]

    with pytest.raises(ClientError) as missing:
        lam.remove_permission(FunctionName="fn", StatementId="drop")
    assert _error_code(missing) == "ResourceNotFoundException"


def test_statements_carry_their_qualifier_in_resource(lam: Any) -> None:
    """Not corrected: moto shares one policy between qualifiers; Resource tells them apart."""
    grant = {"Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}
    lam.add_permission(FunctionName="fn", StatementId="plain", **grant)
    lam.add_permission(FunctionName="fn", StatementId="aliased", Qualifier="live", **grant)
    on_alias = _statements(lam, "live")
    assert on_alias["aliased"]["Resource"] == f"{ARN}:fn:live"
    assert on_alias["plain"]["Resource"] == f"{ARN}:fn"  # AWS would not list it for `live`


# --- function URLs -----------------------------------------------------------------------------


def test_list_function_url_configs(lam: Any) -> None:
    assert lam.list_function_url_configs(FunctionName="fn")["FunctionUrlConfigs"] == []
    created = lam.create_function_url_config(
        FunctionName="fn", AuthType="NONE", Cors={"AllowOrigins": ["*"]}
    )

    configs = lam.list_function_url_configs(FunctionName="fn")["FunctionUrlConfigs"]

    assert len(configs) == 1
    config = configs[0]
    assert config["FunctionUrl"] == created["FunctionUrl"]
    assert config["FunctionArn"] == f"{ARN}:fn"
    assert config["AuthType"] == "NONE"
    assert config["Cors"] == {"AllowOrigins": ["*"]}
    assert config["InvokeMode"] == "BUFFERED"
    assert config["CreationTime"] and config["LastModifiedTime"]
    with pytest.raises(ClientError) as missing:
        lam.list_function_url_configs(FunctionName="no-such-function")
    assert _error_code(missing) == "ResourceNotFoundException"


def test_function_url_shape(lam: Any) -> None:
    created = lam.create_function_url_config(FunctionName="fn", AuthType="AWS_IAM")
    read = lam.get_function_url_config(FunctionName="fn")
    for answer in (created, read):
        assert answer["InvokeMode"] == "BUFFERED"
        assert answer["FunctionUrl"].startswith("https://")
        assert answer["FunctionUrl"].endswith(".lambda-url.us-east-1.on.aws/")


# --- asynchronous invocation configs ---------------------------------------------------------


def test_event_invoke_config_per_qualifier(lam: Any) -> None:
    queue = f"arn:aws:sqs:us-east-1:{DEMO_ACCOUNT}:failures"
    topic = f"arn:aws:sns:us-east-1:{DEMO_ACCOUNT}:successes"
    lam.put_function_event_invoke_config(
        FunctionName="fn",
        MaximumRetryAttempts=1,
        DestinationConfig={"OnSuccess": {"Destination": topic}},
    )
    on_alias = lam.put_function_event_invoke_config(
        FunctionName="fn",
        Qualifier="live",
        DestinationConfig={"OnFailure": {"Destination": queue}},
    )
    assert on_alias["FunctionArn"] == f"{ARN}:fn:live"

    listed = lam.list_function_event_invoke_configs(FunctionName="fn")["FunctionEventInvokeConfigs"]
    by_arn = {config["FunctionArn"]: config for config in listed}
    assert set(by_arn) == {f"{ARN}:fn:$LATEST", f"{ARN}:fn:live"}
    assert by_arn[f"{ARN}:fn:$LATEST"]["DestinationConfig"] == {
        "OnSuccess": {"Destination": topic},
        "OnFailure": {},
    }
    assert by_arn[f"{ARN}:fn:live"]["DestinationConfig"]["OnFailure"] == {"Destination": queue}
    assert "MaximumRetryAttempts" not in by_arn[f"{ARN}:fn:live"]

    # A second Put replaces the whole config of its qualifier (and is visible).
    lam.put_function_event_invoke_config(FunctionName="fn", MaximumEventAgeInSeconds=600)
    latest = lam.get_function_event_invoke_config(FunctionName="fn")
    assert latest["MaximumEventAgeInSeconds"] == 600
    assert "MaximumRetryAttempts" not in latest
    assert latest["DestinationConfig"] == {"OnSuccess": {}, "OnFailure": {}}

    # Update changes only what it is given.
    lam.update_function_event_invoke_config(FunctionName="fn", MaximumRetryAttempts=0)
    latest = lam.get_function_event_invoke_config(FunctionName="fn", Qualifier="$LATEST")
    assert (latest["MaximumRetryAttempts"], latest["MaximumEventAgeInSeconds"]) == (0, 600)

    # Delete on the alias leaves the function's config alone.
    lam.delete_function_event_invoke_config(FunctionName="fn", Qualifier="live")
    with pytest.raises(ClientError) as gone:
        lam.get_function_event_invoke_config(FunctionName="fn", Qualifier="live")
    assert _error_code(gone) == "ResourceNotFoundException"
    listed = lam.list_function_event_invoke_configs(FunctionName="fn")["FunctionEventInvokeConfigs"]
    assert [config["FunctionArn"] for config in listed] == [f"{ARN}:fn:$LATEST"]


def test_event_invoke_configs_go_with_their_function_and_alias(lam: Any) -> None:
    lam.put_function_event_invoke_config(FunctionName="fn", MaximumRetryAttempts=1)
    lam.put_function_event_invoke_config(
        FunctionName="fn", Qualifier="live", MaximumRetryAttempts=2
    )

    lam.delete_alias(FunctionName="fn", Name="live")
    listed = lam.list_function_event_invoke_configs(FunctionName="fn")["FunctionEventInvokeConfigs"]
    assert [config["FunctionArn"] for config in listed] == [f"{ARN}:fn:$LATEST"]

    role = lam.get_function_configuration(FunctionName="fn")["Role"]
    lam.delete_function(FunctionName="fn")
    lam.create_function(
        FunctionName="fn",
        Runtime="python3.12",
        Role=role,
        Handler="app.handler",
        Code={"ZipFile": handler_zip(returns="event")},
    )
    assert (
        lam.list_function_event_invoke_configs(FunctionName="fn")["FunctionEventInvokeConfigs"]
        == []
    )


def test_event_invoke_config_validates_qualifier_and_destination(lam: Any) -> None:
    with pytest.raises(ClientError) as unknown:
        lam.put_function_event_invoke_config(
            FunctionName="fn", Qualifier="nope", MaximumRetryAttempts=1
        )
    assert _error_code(unknown) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as invalid:
        lam.put_function_event_invoke_config(
            FunctionName="fn", DestinationConfig={"OnFailure": {"Destination": "not-an-arn"}}
        )
    assert _error_code(invalid) == "ValidationException"


# --- function configuration and mappings ---------------------------------------------------------


def test_dead_letter_config_round_trips(lam: Any) -> None:
    dlq = f"arn:aws:sqs:us-east-1:{DEMO_ACCOUNT}:dlq"
    lam.update_function_configuration(FunctionName="fn", DeadLetterConfig={"TargetArn": dlq})

    assert lam.get_function_configuration(FunctionName="fn")["DeadLetterConfig"] == {
        "TargetArn": dlq
    }
    listed = {f["FunctionName"]: f for f in lam.list_functions()["Functions"]}
    assert listed["fn"]["DeadLetterConfig"] == {"TargetArn": dlq}

    lam.update_function_configuration(FunctionName="fn", DeadLetterConfig={"TargetArn": ""})
    assert "DeadLetterConfig" not in lam.get_function_configuration(FunctionName="fn")


def test_list_event_source_mappings_by_name_or_arn(lam: Any, boto: Boto) -> None:
    queue_url = boto("sqs").create_queue(QueueName="work")["QueueUrl"]
    queue = f"arn:aws:sqs:us-east-1:{DEMO_ACCOUNT}:work"
    assert queue_url.endswith("/work")
    created = lam.create_event_source_mapping(FunctionName="fn", EventSourceArn=queue)

    for name in ("fn", f"{ARN}:fn"):
        found = lam.list_event_source_mappings(FunctionName=name)["EventSourceMappings"]
        assert [m["UUID"] for m in found] == [created["UUID"]], name
    other = lam.list_event_source_mappings(FunctionName=f"{ARN}:other")["EventSourceMappings"]
    assert other == []


# --- S3 ----------------------------------------------------------------------------------------


def test_s3_eventbridge_configuration_round_trips(boto: Boto) -> None:
    s3 = boto("s3")
    s3.create_bucket(Bucket="events-bucket")
    queue = f"arn:aws:sqs:us-east-1:{DEMO_ACCOUNT}:q"
    s3.put_bucket_notification_configuration(
        Bucket="events-bucket",
        NotificationConfiguration={
            "QueueConfigurations": [
                {"Id": "q", "QueueArn": queue, "Events": ["s3:ObjectCreated:*"]}
            ],
            "EventBridgeConfiguration": {},
        },
    )

    answer = s3.get_bucket_notification_configuration(Bucket="events-bucket")

    assert answer["EventBridgeConfiguration"] == {}
    assert [q["QueueArn"] for q in answer["QueueConfigurations"]] == [queue]


def test_s3_filter_rule_names_in_any_case(boto: Boto) -> None:
    s3 = boto("s3")
    s3.create_bucket(Bucket="filter-bucket")
    function = f"{ARN}:fn"
    rules = [{"Name": "Prefix", "Value": "raw/"}, {"Name": "suffix", "Value": ".jpg"}]
    s3.put_bucket_notification_configuration(
        Bucket="filter-bucket",
        NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {
                    "Id": "f",
                    "LambdaFunctionArn": function,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": rules}},
                }
            ]
        },
    )

    answer = s3.get_bucket_notification_configuration(Bucket="filter-bucket")

    (entry,) = answer["LambdaFunctionConfigurations"]
    assert entry["Filter"]["Key"]["FilterRules"] == [
        {"Name": "Prefix", "Value": "raw/"},
        {"Name": "Suffix", "Value": ".jpg"},
    ]
    assert "EventBridgeConfiguration" not in answer


# --- speed patches (behaviour unchanged) ----------------------------------------------------------


def test_user_pools_still_get_their_own_ids_and_a_signing_key(local_boto: Boto) -> None:
    idp = local_boto("cognito-idp")
    first = idp.create_user_pool(PoolName="one")["UserPool"]
    second = idp.create_user_pool(PoolName="two")["UserPool"]
    assert first["Id"] != second["Id"]

    from moto.cognitoidp.models import cognitoidp_backends

    pools = cognitoidp_backends[DEMO_ACCOUNT]["us-east-1"].user_pools
    keys = [pools[pool["Id"]].json_web_key for pool in (first, second)]
    assert keys[0] is keys[1]  # parsed once
    assert keys[0].as_dict(private=False)["kty"] == "RSA"


def test_request_routing_and_models_still_serve_every_service(local_boto: Boto) -> None:
    from moto import backends

    assert "awslambda" in backends.list_of_moto_modules()
    assert "s3" in backends.list_of_moto_modules()
    local_boto("sqs").create_queue(QueueName="routing")
    assert local_boto("sqs").list_queues()["QueueUrls"][0].endswith("/routing")
    assert local_boto("logs").describe_log_groups()["logGroups"] == []


def test_apply_is_idempotent(local_boto: Boto) -> None:
    moto_fixes.apply()  # start_server applied them once already in this process
    moto_fixes.apply()
    role = local_boto("iam").create_role(RoleName="twice", AssumeRolePolicyDocument="{}")
    lam = local_boto("lambda")
    lam.create_function(
        FunctionName="fn",
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="app.handler",
        Code={"ZipFile": handler_zip(returns="event")},
    )
    lam.add_permission(
        FunctionName="fn",
        StatementId="twice",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    assert _statements(lam)["twice"]["Condition"] == {
        "StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}
    }


def test_an_emulator_that_died_is_started_again_on_its_port(emulator) -> None:  # type: ignore[no-untyped-def]
    before = emulator.alive().endpoint_url
    emulator.process.kill()
    emulator.process.wait(timeout=10)
    after = emulator.alive()
    assert after.endpoint_url == before
    after.reset()  # it answers again
