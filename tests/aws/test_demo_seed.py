"""The demo account: seeded once per module into the emulator and read back through boto3."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from lambdatui.demo.seed import FUNCTION_NAMES, seed
from lambdatui.demo.server import DEMO_ACCOUNT, DEMO_CREDENTIALS, DEMO_REGION, DemoServer
from tests.policy_builders import SHAPES

Client = Callable[[str], Any]
ARN = f"arn:aws:lambda:{DEMO_REGION}:{DEMO_ACCOUNT}:function"


def _arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{DEMO_REGION}:{DEMO_ACCOUNT}:{resource}"


@pytest.fixture(scope="module")
def seeded(moto_server: DemoServer) -> Iterator[Client]:
    """Seed once per module; the client factory does not reset the emulator."""
    session = boto3.Session(
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        region_name=DEMO_REGION,
    )
    clients: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in clients:
            clients[service] = session.client(service, endpoint_url=moto_server.endpoint_url)
        return clients[service]

    moto_server.reset()
    seed(moto_server.endpoint_url, DEMO_REGION)
    yield client
    moto_server.reset()


@pytest.fixture
def demo(seeded: Client, moto_server: DemoServer) -> Client:
    """The seeded account, seeded again if a test of another module emptied the emulator."""
    names = {f["FunctionName"] for f in seeded("lambda").list_functions()["Functions"]}
    if names != set(FUNCTION_NAMES):
        moto_server.reset()
        seed(moto_server.endpoint_url, DEMO_REGION)
    return seeded


def _statements(demo: Client, function: str, qualifier: str | None = None) -> dict[str, Any]:
    params = {"FunctionName": function} | ({"Qualifier": qualifier} if qualifier else {})
    policy = json.loads(demo("lambda").get_policy(**params)["Policy"])
    return {statement["Sid"]: statement for statement in policy["Statement"]}


def _source_arns(demo: Client, function: str) -> set[str]:
    return {
        s["Condition"]["ArnLike"]["AWS:SourceArn"]
        for s in _statements(demo, function).values()
        if "ArnLike" in s.get("Condition", {})
    }


def _mappings(demo: Client, function: str) -> list[dict[str, Any]]:
    answer = demo("lambda").list_event_source_mappings(FunctionName=function)
    return list(answer["EventSourceMappings"])


def _invoke_configs(demo: Client, function: str) -> dict[str, dict[str, Any]]:
    answer = demo("lambda").list_function_event_invoke_configs(FunctionName=function)
    return {c["FunctionArn"]: c for c in answer["FunctionEventInvokeConfigs"]}


# --- functions -----------------------------------------------------------------------------------


def test_every_function_of_the_table_exists_with_its_own_settings(demo: Client) -> None:
    functions = {f["FunctionName"]: f for f in demo("lambda").list_functions()["Functions"]}

    assert len(functions) >= 12
    assert set(functions) == set(FUNCTION_NAMES)
    assert functions["legacy-import"]["Runtime"] == "python3.7"
    assert functions["nightly-report"]["Runtime"] == "python3.11"
    assert {functions[n]["Runtime"] for n in ("notify", "public-echo")} == {"nodejs22.x"}
    assert functions["notify"]["Handler"] == "index.handler"
    assert functions["img-resize"]["Handler"] == "app.handler"
    assert len({f["MemorySize"] for f in functions.values()}) >= 5
    assert len({f["Timeout"] for f in functions.values()}) >= 5
    assert all(f["Description"] for f in functions.values())
    roles = {name: f["Role"].rsplit("/", 1)[1] for name, f in functions.items()}
    assert roles.pop("queue-drainer") == "demo-drainer-role"  # the role's half, broken
    assert set(roles.values()) == {"demo-lambda-role"}


def test_dead_letter_queue_on_notify_only(demo: Client) -> None:
    functions = {f["FunctionName"]: f for f in demo("lambda").list_functions()["Functions"]}
    with_dlq = {n: f["DeadLetterConfig"] for n, f in functions.items() if "DeadLetterConfig" in f}
    assert with_dlq == {"notify": {"TargetArn": _arn("sqs", "notify-dlq")}}


def test_partner_hook_environment_holds_fake_secrets(demo: Client) -> None:
    config = demo("lambda").get_function_configuration(FunctionName="partner-hook")
    variables = config["Environment"]["Variables"]

    assert set(variables) == {"DB_PASSWORD", "STRIPE_API_KEY", "LOG_LEVEL"}
    assert variables["LOG_LEVEL"] == "INFO"
    key = variables["STRIPE_API_KEY"]
    assert key.startswith("sk_live_")
    assert len(key) == len("sk_live_") + 24 and key[len("sk_live_") :].isalnum()
    password = variables["DB_PASSWORD"]
    assert len(password) >= 12 and not password.isalnum()


# --- S3 ------------------------------------------------------------------------------------------


def test_upload_bucket_keeps_all_four_notification_kinds(demo: Client) -> None:
    answer = demo("s3").get_bucket_notification_configuration(Bucket="demo-uploads")

    assert answer["EventBridgeConfiguration"] == {}
    assert [q["QueueArn"] for q in answer["QueueConfigurations"]] == [_arn("sqs", "uploads-audit")]
    assert [t["TopicArn"] for t in answer["TopicConfigurations"]] == [_arn("sns", "uploads-topic")]
    (resize,) = answer["LambdaFunctionConfigurations"]
    assert resize["LambdaFunctionArn"] == f"{ARN}:img-resize:live"
    assert resize["Events"] == ["s3:ObjectCreated:*"]
    assert resize["Filter"]["Key"]["FilterRules"] == [
        {"Name": "Prefix", "Value": "raw/"},
        {"Name": "Suffix", "Value": ".jpg"},
    ]


def test_img_resize_grant_is_on_the_alias(demo: Client) -> None:
    aliases = demo("lambda").list_aliases(FunctionName="img-resize")["Aliases"]
    assert [(a["Name"], a["FunctionVersion"]) for a in aliases] == [("live", "1")]

    statement = _statements(demo, "img-resize", "live")["s3-demo-uploads"]

    assert statement["Resource"] == f"{ARN}:img-resize:live"
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Condition"] == {
        "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::demo-uploads"},
        "StringEquals": {"AWS:SourceAccount": DEMO_ACCOUNT},
    }


def test_broken_and_stale_s3_wiring(demo: Client) -> None:
    s3 = demo("s3")
    media = s3.get_bucket_notification_configuration(Bucket="demo-media")
    assert [c["LambdaFunctionArn"] for c in media["LambdaFunctionConfigurations"]] == [
        f"{ARN}:thumbnailer"
    ]
    assert _source_arns(demo, "thumbnailer") == {"arn:aws:s3:::demo-archive"}
    archive = s3.get_bucket_notification_configuration(Bucket="demo-archive")
    assert (
        "LambdaFunctionConfigurations" not in archive or not archive["LambdaFunctionConfigurations"]
    )

    buckets = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert {"demo-uploads", "demo-media", "demo-archive"} <= buckets
    assert "demo-deleted-bucket" not in buckets
    legacy = _statements(demo, "legacy-import")["s3-demo-deleted-bucket"]
    assert legacy["Condition"] == {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::demo-deleted-bucket"}}


# --- SNS, EventBridge, API Gateway, Logs, Cognito --------------------------------------------------


def test_sns_subscriptions_and_grants(demo: Client) -> None:
    sns = demo("sns")
    subscriptions = {
        (s["TopicArn"].rsplit(":", 1)[1], s["Protocol"], s["Endpoint"])
        for s in sns.list_subscriptions()["Subscriptions"]
    }
    assert subscriptions == {
        ("order-events", "lambda", f"{ARN}:notify"),
        ("audit-events", "lambda", f"{ARN}:audit-log"),
    }
    topics = {t["TopicArn"] for t in sns.list_topics()["Topics"]}
    assert _arn("sns", "old-alerts") in topics and _arn("sns", "gone-topic") not in topics
    assert _source_arns(demo, "notify") == {
        _arn("sns", "order-events"),
        _arn("sns", "old-alerts"),
        _arn("iot", "rule/device_telemetry"),
        _arn("cloudwatch", "alarm:orders-errors"),
    }
    assert _source_arns(demo, "audit-log") == {_arn("sns", "gone-topic")}


def test_eventbridge_rules_and_grants(demo: Client) -> None:
    events = demo("events")
    targets = {}
    for bus in ("default", "orders-bus"):
        for rule in events.list_rules(EventBusName=bus)["Rules"]:
            answer = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=bus)
            targets[rule["Arn"]] = [t["Arn"] for t in answer["Targets"]]
    report, billing = f"{ARN}:nightly-report", f"{ARN}:billing-calc"
    assert targets == {
        _arn("events", "rule/nightly"): [report],
        _arn("events", "rule/hourly-sync"): [report],
        _arn("events", "rule/weekly-cleanup"): [billing],
        _arn("events", "rule/orders-bus/order-placed"): [report],
    }
    assert _source_arns(demo, "nightly-report") == {
        _arn("events", "rule/nightly"),
        _arn("events", "rule/retired-rule"),
        _arn("events", "rule/weekly-cleanup"),
        _arn("events", "rule/orders-bus/order-placed"),
    }
    assert _source_arns(demo, "billing-calc") == {_arn("events", "rule/weekly-cleanup")}


def test_api_gateway_integrations_and_grants(demo: Client) -> None:
    apigw = demo("apigateway")
    (api,) = apigw.get_rest_apis()["items"]
    assert api["name"] == "orders"
    resource = next(
        r for r in apigw.get_resources(restApiId=api["id"])["items"] if r["path"] == "/orders"
    )
    uri = (
        f"arn:aws:apigateway:{DEMO_REGION}:lambda:path/2015-03-31/functions/"
        f"{ARN}:orders-api/invocations"
    )
    for method in ("GET", "POST"):
        integration = apigw.get_integration(
            restApiId=api["id"], resourceId=resource["id"], httpMethod=method
        )
        assert (integration["type"], integration["uri"]) == ("AWS_PROXY", uri)

    (ops,) = demo("apigatewayv2").get_apis()["Items"]
    assert ops["Name"] == "ops-http"
    assert _source_arns(demo, "orders-api") == {
        _arn("execute-api", f"{api['id']}/*/GET/orders"),
        _arn("execute-api", "deadbeef00/*/*/*"),
        _arn("execute-api", f"{ops['ApiId']}/*/*"),
    }


def test_log_subscription_filters_and_grants(demo: Client) -> None:
    logs = demo("logs")
    groups = [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]
    assert sorted(groups) == ["/app/inventory", "/app/orders", "/app/payments"]
    filters = {
        group: [f["destinationArn"] for f in answer["subscriptionFilters"]]
        for group in groups
        for answer in [logs.describe_subscription_filters(logGroupName=group)]
    }
    shipper = f"{ARN}:log-shipper"
    assert filters == {"/app/orders": [shipper], "/app/payments": [shipper], "/app/inventory": []}
    statements = _statements(demo, "log-shipper")
    assert statements["logs-app-orders"]["Condition"] == {
        "ArnLike": {"AWS:SourceArn": _arn("logs", "log-group:/app/orders:*")},
        "StringEquals": {"AWS:SourceAccount": DEMO_ACCOUNT},
    }
    assert _source_arns(demo, "log-shipper") == {
        _arn("logs", f"log-group:{group}:*")
        for group in ("/app/orders", "/app/retired", "/app/inventory")
    }


def test_cognito_pools_and_grants(demo: Client) -> None:
    idp = demo("cognito-idp")
    pools = {}
    for pool in idp.list_user_pools(MaxResults=60)["UserPools"]:
        pools[pool["Name"]] = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    hooks = f"{ARN}:cognito-hooks"
    assert set(pools) == {"demo-users", "demo-partners", "demo-staff"}
    assert pools["demo-users"]["LambdaConfig"] == {"PreSignUp": hooks}
    assert pools["demo-partners"]["LambdaConfig"] == {"PostConfirmation": hooks}
    assert not pools["demo-staff"].get("LambdaConfig")
    assert _source_arns(demo, "cognito-hooks") == {
        pools["demo-users"]["Arn"],
        pools["demo-staff"]["Arn"],
        _arn("cognito-idp", "userpool/us-east-1_Gone00000"),
    }


# --- function URL, public and cross-account grants ----------------------------------------------


def test_public_function_url_and_its_two_statements(demo: Client) -> None:
    lam = demo("lambda")
    (url,) = lam.list_function_url_configs(FunctionName="public-echo")["FunctionUrlConfigs"]
    assert url["AuthType"] == "NONE"
    assert url["Cors"] == {"AllowOrigins": ["*"]}
    assert url["FunctionUrl"].endswith(".lambda-url.us-east-1.on.aws/")

    reference = json.loads((SHAPES / "function-url-public.policy.json").read_text())
    expected = [
        s | {"Resource": s["Resource"].replace("function:echo", "function:public-echo")}
        for s in reference["Statement"]
    ]
    statements = json.loads(lam.get_policy(FunctionName="public-echo")["Policy"])["Statement"]
    assert statements == expected


def test_public_cross_account_and_unscoped_grants(demo: Client) -> None:
    anyone = _statements(demo, "orders-worker")["anyone"]
    assert anyone["Principal"] == "*" and "Condition" not in anyone

    partner = _statements(demo, "partner-hook")
    assert partner["partner-account"]["Principal"] == {"AWS": "arn:aws:iam::987654321098:root"}
    assert partner["events-any-rule"]["Principal"] == {"Service": "events.amazonaws.com"}
    assert "Condition" not in partner["events-any-rule"]


# --- event source mappings and async configs -------------------------------------------------


def test_event_source_mappings(demo: Client) -> None:
    (orders,) = _mappings(demo, "orders-worker")
    assert (orders["EventSourceArn"], orders["BatchSize"]) == (_arn("sqs", "orders-queue"), 10)

    streams = {m["EventSourceArn"].split(":")[2]: m for m in _mappings(demo, "stream-processor")}
    assert set(streams) == {"kinesis", "dynamodb"}
    kinesis = streams["kinesis"]
    assert kinesis["EventSourceArn"] == _arn("kinesis", "stream/clickstream")
    assert (kinesis["StartingPosition"], kinesis["BatchSize"]) == ("LATEST", 100)
    assert kinesis["DestinationConfig"] == {"OnFailure": {"Destination": _arn("sqs", "stream-dlq")}}
    table = demo("dynamodb").describe_table(TableName="orders")["Table"]
    assert streams["dynamodb"]["EventSourceArn"] == table["LatestStreamArn"]

    (billing,) = _mappings(demo, "billing-calc")
    assert billing["EventSourceArn"] == _arn("sqs", "billing-queue")


def test_async_invoke_configs_on_function_and_alias(demo: Client) -> None:
    notify = _invoke_configs(demo, "notify")
    assert list(notify) == [f"{ARN}:notify:$LATEST"]
    config = notify[f"{ARN}:notify:$LATEST"]
    assert config["MaximumRetryAttempts"] == 1
    assert config["DestinationConfig"] == {
        "OnSuccess": {"Destination": _arn("sns", "notify-success")},
        "OnFailure": {"Destination": _arn("sqs", "notify-failures")},
    }

    resize = _invoke_configs(demo, "img-resize")
    assert list(resize) == [f"{ARN}:img-resize:live"]
    assert resize[f"{ARN}:img-resize:live"]["DestinationConfig"]["OnFailure"] == {
        "Destination": _arn("sqs", "img-resize-failures")
    }

    billing = _invoke_configs(demo, "billing-calc")
    assert [c["DestinationConfig"]["OnFailure"] for c in billing.values()] == [
        {"Destination": _arn("sqs", "billing-failures")}
    ]
    audit = _invoke_configs(demo, "audit-log")
    assert [c["DestinationConfig"]["OnFailure"] for c in audit.values()] == [
        {"Destination": _arn("sqs", "audit-log-failures")}  # a queue that was never created
    ]
    queues = {url.rsplit("/", 1)[1] for url in demo("sqs").list_queues().get("QueueUrls", [])}
    assert "audit-log-failures" not in queues
    for name in ("thumbnailer", "nightly-report", "log-shipper"):
        assert _invoke_configs(demo, name) == {}, name


def test_destination_queues_and_topics_exist(demo: Client) -> None:
    queues = {url.rsplit("/", 1)[1] for url in demo("sqs").list_queues()["QueueUrls"]}
    assert {
        "img-resize-failures",
        "notify-failures",
        "notify-dlq",
        "stream-dlq",
        "billing-failures",
        "orders-queue",
        "billing-queue",
    } <= queues
    topics = {t["TopicArn"] for t in demo("sns").list_topics()["Topics"]}
    assert _arn("sns", "notify-success") in topics


# --- determinism ---------------------------------------------------------------------------------


def test_seed_repeats_ids(demo: Client, moto_server: DemoServer) -> None:
    def ids() -> tuple[str, str, list[str]]:
        api = demo("apigateway").get_rest_apis()["items"][0]["id"]
        url = demo("lambda").get_function_url_config(FunctionName="public-echo")["FunctionUrl"]
        pools = sorted(
            p["Id"] for p in demo("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
        )
        return api, url, pools

    before = ids()
    moto_server.reset()
    seed(moto_server.endpoint_url, DEMO_REGION)
    assert ids() == before
