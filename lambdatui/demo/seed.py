"""The demo account (123456789012, us-east-1) that `lambdatui --demo` opens and the tests reuse.

`seed(endpoint_url)` builds it with plain boto3 calls against the emulator. Names are fixed, and
the emulator's random generator is seeded first, so API ids, pool ids and URL hosts repeat too.

| function         | runtime    | what it demonstrates                                           |
|------------------|------------|----------------------------------------------------------------|
| img-resize       | python3.12 | S3 trigger aimed at alias `live` (ok); async config on alias   |
| thumbnailer      | python3.12 | S3 trigger without grant; grant for a bucket not wired to it   |
| legacy-import    | python3.7  | deprecated runtime; S3 grant for a gone bucket, no account     |
| notify           | nodejs22.x | SNS ok and not-wired; OnSuccess + OnFailure; DLQ               |
| audit-log        | python3.12 | SNS sub. without grant; gone topic; OnFailure to a gone queue  |
| nightly-report   | python3.11 | EventBridge: ok, missing-permission, source-missing, not-wired |
| orders-api       | python3.12 | API Gateway REST (ok, missing-permission), HTTP API, gone API  |
| log-shipper      | python3.12 | CloudWatch Logs filters: all four trigger states               |
| cognito-hooks    | python3.12 | Cognito user pool triggers: all four trigger states            |
| public-echo      | nodejs22.x | public function URL (AuthType NONE, CORS `*`, two statements)  |
| orders-worker    | python3.12 | SQS mapping; statement open to `*` with no condition           |
| stream-processor | python3.12 | Kinesis mapping with OnFailure; DynamoDB stream mapping        |
| partner-hook     | python3.12 | cross-account grant; service grant without SourceArn; secrets  |
| billing-calc     | python3.12 | clean: SQS mapping, EventBridge ok, OnFailure destination      |
| queue-drainer    | python3.12 | the role's half: role cannot read its queue nor write OnFailure |
|                  |            | a state machine whose role cannot invoke; IoT rule, no grant   |

In detail:
- img-resize: alias `live` on version 1. Bucket `demo-uploads` notifies `img-resize:live`
  (s3:ObjectCreated:*, raw/ … .jpg) next to other teams' entries: queue `uploads-audit`, topic
  `uploads-topic` and EventBridge. S3 grant on `live` with SourceArn and SourceAccount → ok.
  Async config on the alias: OnFailure → SQS `img-resize-failures`.
- thumbnailer: bucket `demo-media` notifies it, no grant → missing-permission. S3 grant (with
  SourceAccount) for `demo-archive`, which notifies only a queue → not-wired.
- legacy-import: grant for `demo-deleted-bucket` (no such bucket) without SourceAccount →
  source-missing, s3-without-source-account.
- notify: topic `order-events` subscribed + grant → ok; grant for topic `old-alerts` (no
  subscription) → not-wired. Async config ($LATEST): OnSuccess → SNS `notify-success`,
  OnFailure → SQS `notify-failures`, 1 retry. DeadLetterConfig → SQS `notify-dlq`.
- audit-log: topic `audit-events` subscribed, no grant → missing-permission; grant for topic
  `gone-topic` → source-missing.
- nightly-report: rule `nightly` (cron) + grant → ok; rule `hourly-sync` (rate) without grant →
  missing-permission; grant for `retired-rule` → source-missing; grant for `weekly-cleanup`
  (which targets billing-calc) → not-wired; rule `order-placed` on bus `orders-bus` + grant → ok.
- orders-api: REST API `orders`, GET /orders + grant → ok, POST /orders without grant →
  missing-permission; grant for API `deadbeef00` → source-missing; HTTP API `ops-http` with a
  grant but no integration → not-wired.
- log-shipper: filter on `/app/orders` + grant → ok; on `/app/payments` without grant →
  missing-permission; grant for `/app/retired` → source-missing; grant for `/app/inventory`
  (no filter) → not-wired.
- cognito-hooks: pool `demo-users` PreSignUp + grant → ok; pool `demo-partners`
  PostConfirmation without grant → missing-permission; grant for `us-east-1_Gone00000` →
  source-missing; pool `demo-staff` (no triggers) with a grant → not-wired.
- orders-worker: SQS mapping from `orders-queue` (batch 10); statement `anyone` (Principal `*`).
- stream-processor: Kinesis `clickstream` (LATEST, batch 100, OnFailure → SQS `stream-dlq`)
  and DynamoDB table `orders` stream mappings.
- partner-hook: grant to account 987654321098; events.amazonaws.com without SourceArn;
  environment `DB_PASSWORD`, `STRIPE_API_KEY` (fake live key) and harmless `LOG_LEVEL`.
- billing-calc: SQS mapping from `billing-queue`, rule `weekly-cleanup` + grant → ok, async
  OnFailure → SQS `billing-failures`; state machine `billing-run` invokes it with a role that
  may (ok).
- queue-drainer and the other invokers: see `seed_roles.py` (the execution role's half, role
  invokers, IoT rules; notify also has a healthy IoT rule `device_telemetry`).

moto accepts a Logs subscription filter whose function has no grant for CloudWatch Logs (AWS
refuses it), which is how `/app/payments` gets its broken trigger; in a real account the same
state comes from removing the grant after the filter was made.
"""

from __future__ import annotations

import json
import urllib.request

from lambdatui.demo.builder import ROLE_NAME, AccountBuilder
from lambdatui.demo.seed_roles import (
    execution_role_access,
    invokers_of_healthy_functions,
    queue_drainer,
)

RANDOM_SEED = 20251130
PARTNER_ACCOUNT = "987654321098"
# Split so that the source holds no string that secret scanners take for a live Stripe key.
FAKE_STRIPE_KEY = "sk_" + "live_" + "51Hq8ZxD2mVb7RtK9pLw3NcY"
FAKE_DB_PASSWORD = "Vq7#pL2m!Rx9-orders-prod"


def _role(a: AccountBuilder) -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    a.client("iam").create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(trust))
    execution_role_access(a, ROLE_NAME)


def _img_resize(a: AccountBuilder) -> None:
    a.function("img-resize", "python3.12", "Resizes uploaded images", 1024, 30)
    lam = a.client("lambda")
    version = lam.publish_version(FunctionName="img-resize", Description="first release")
    lam.create_alias(FunctionName="img-resize", Name="live", FunctionVersion=version["Version"])
    queue, topic = a.queue("uploads-audit"), a.topic("uploads-topic")
    raw_jpg = [{"Name": "Prefix", "Value": "raw/"}, {"Name": "Suffix", "Value": ".jpg"}]
    a.bucket(
        "demo-uploads",
        {
            "LambdaFunctionConfigurations": [
                {
                    "Id": "resize-raw",
                    "LambdaFunctionArn": a.function_arn("img-resize:live"),
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": raw_jpg}},
                }
            ],
            "QueueConfigurations": [
                {"Id": "uploads-audit", "QueueArn": queue, "Events": ["s3:ObjectRemoved:*"]}
            ],
            "TopicConfigurations": [
                {"Id": "uploads-restore", "TopicArn": topic, "Events": ["s3:ObjectRestore:*"]}
            ],
            "EventBridgeConfiguration": {},
        },
    )
    a.permit(
        "img-resize",
        "s3-demo-uploads",
        "s3.amazonaws.com",
        "arn:aws:s3:::demo-uploads",
        a.account,
        qualifier="live",
    )
    lam.put_function_event_invoke_config(
        FunctionName="img-resize",
        Qualifier="live",
        DestinationConfig={"OnFailure": {"Destination": a.queue("img-resize-failures")}},
    )


def _thumbnailer(a: AccountBuilder) -> None:
    arn = a.function("thumbnailer", "python3.12", "Makes thumbnails of media uploads", 512, 15)
    created = [{"Id": "thumbnails", "LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:Put"]}]
    a.bucket("demo-media", {"LambdaFunctionConfigurations": created})
    archive_events = [
        {
            "Id": "archive-events",
            "QueueArn": a.queue("archive-events"),
            "Events": ["s3:ObjectCreated:*"],
        }
    ]
    a.bucket("demo-archive", {"QueueConfigurations": archive_events})
    a.permit(
        "thumbnailer", "s3-demo-archive", "s3.amazonaws.com", "arn:aws:s3:::demo-archive", a.account
    )


def _legacy_import(a: AccountBuilder) -> None:
    a.function("legacy-import", "python3.7", "Nightly CSV import (legacy)", 256, 300)
    a.permit(
        "legacy-import",
        "s3-demo-deleted-bucket",
        "s3.amazonaws.com",
        "arn:aws:s3:::demo-deleted-bucket",
    )


def _notify(a: AccountBuilder) -> None:
    arn = a.function(
        "notify",
        "nodejs22.x",
        "Sends order e-mails",
        256,
        10,
        DeadLetterConfig={"TargetArn": a.queue("notify-dlq")},
    )
    orders = a.topic("order-events")
    a.client("sns").subscribe(TopicArn=orders, Protocol="lambda", Endpoint=arn)
    a.permit("notify", "sns-order-events", "sns.amazonaws.com", orders)
    a.topic("old-alerts")
    a.permit("notify", "sns-old-alerts", "sns.amazonaws.com", a.arn("sns", "old-alerts"))
    a.client("lambda").put_function_event_invoke_config(
        FunctionName="notify",
        MaximumRetryAttempts=1,
        DestinationConfig={
            "OnSuccess": {"Destination": a.topic("notify-success")},
            "OnFailure": {"Destination": a.queue("notify-failures")},
        },
    )


def _audit_log(a: AccountBuilder) -> None:
    arn = a.function("audit-log", "python3.12", "Writes audit events to the archive", 128, 5)
    audit = a.topic("audit-events")
    a.client("sns").subscribe(TopicArn=audit, Protocol="lambda", Endpoint=arn)
    a.permit("audit-log", "sns-gone-topic", "sns.amazonaws.com", a.arn("sns", "gone-topic"))
    # OnFailure names a queue that was never created: failed events would be lost.
    a.client("lambda").put_function_event_invoke_config(
        FunctionName="audit-log",
        DestinationConfig={"OnFailure": {"Destination": a.arn("sqs", "audit-log-failures")}},
    )


def _nightly_report(a: AccountBuilder) -> None:
    arn = a.function("nightly-report", "python3.11", "Builds the nightly sales report", 2048, 900)
    events = "events.amazonaws.com"
    nightly = a.rule("nightly", arn, ScheduleExpression="cron(0 2 * * ? *)")
    a.permit("nightly-report", "events-nightly", events, nightly)
    a.rule("hourly-sync", arn, ScheduleExpression="rate(1 hour)")
    a.permit("nightly-report", "events-retired-rule", events, a.arn("events", "rule/retired-rule"))
    a.permit(
        "nightly-report", "events-weekly-cleanup", events, a.arn("events", "rule/weekly-cleanup")
    )
    a.client("events").create_event_bus(Name="orders-bus")
    pattern = {"source": ["demo.orders"], "detail-type": ["OrderPlaced"]}
    placed = a.rule("order-placed", arn, bus="orders-bus", EventPattern=json.dumps(pattern))
    a.permit("nightly-report", "events-orders-bus-order-placed", events, placed)


def _orders_api(a: AccountBuilder) -> None:
    arn = a.function("orders-api", "python3.12", "Orders REST API backend", 512, 29)
    apigw = a.client("apigateway")
    api = apigw.create_rest_api(name="orders", description="Public orders API")["id"]
    root = next(r["id"] for r in apigw.get_resources(restApiId=api)["items"] if r["path"] == "/")
    orders = apigw.create_resource(restApiId=api, parentId=root, pathPart="orders")["id"]
    uri = f"arn:aws:apigateway:{a.region}:lambda:path/2015-03-31/functions/{arn}/invocations"
    for method in ("GET", "POST"):
        apigw.put_method(
            restApiId=api, resourceId=orders, httpMethod=method, authorizationType="NONE"
        )
        apigw.put_integration(
            restApiId=api,
            resourceId=orders,
            httpMethod=method,
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=uri,
        )
    principal = "apigateway.amazonaws.com"
    a.permit(
        "orders-api", "apigw-orders-get", principal, a.arn("execute-api", f"{api}/*/GET/orders")
    )
    a.permit("orders-api", "apigw-deadbeef00", principal, a.arn("execute-api", "deadbeef00/*/*/*"))
    ops = a.client("apigatewayv2").create_api(Name="ops-http", ProtocolType="HTTP")["ApiId"]
    a.permit("orders-api", "apigw-ops-http", principal, a.arn("execute-api", f"{ops}/*/*"))


def _log_shipper(a: AccountBuilder) -> None:
    arn = a.function("log-shipper", "python3.12", "Ships application logs to the SIEM", 256, 60)
    logs = a.client("logs")
    for group in ("/app/orders", "/app/payments", "/app/inventory"):
        logs.create_log_group(logGroupName=group)

    def log_group(name: str) -> str:
        return a.arn("logs", f"log-group:{name}:*")

    a.permit(
        "log-shipper", "logs-app-orders", "logs.amazonaws.com", log_group("/app/orders"), a.account
    )
    for group in ("/app/orders", "/app/payments"):
        logs.put_subscription_filter(
            logGroupName=group, filterName="to-siem", filterPattern="", destinationArn=arn
        )
    for group in ("/app/retired", "/app/inventory"):
        sid = "logs" + group.replace("/", "-")
        a.permit("log-shipper", sid, "logs.amazonaws.com", log_group(group), a.account)


def _cognito_hooks(a: AccountBuilder) -> None:
    arn = a.function("cognito-hooks", "python3.12", "Cognito sign-up checks", 128, 5)
    idp = a.client("cognito-idp")
    principal = "cognito-idp.amazonaws.com"
    users = idp.create_user_pool(PoolName="demo-users", LambdaConfig={"PreSignUp": arn})
    a.permit("cognito-hooks", "cognito-demo-users", principal, users["UserPool"]["Arn"])
    idp.create_user_pool(PoolName="demo-partners", LambdaConfig={"PostConfirmation": arn})
    gone = a.arn("cognito-idp", "userpool/us-east-1_Gone00000")
    a.permit("cognito-hooks", "cognito-gone-pool", principal, gone)
    staff = idp.create_user_pool(PoolName="demo-staff")["UserPool"]["Arn"]
    a.permit("cognito-hooks", "cognito-demo-staff", principal, staff)


def _public_echo(a: AccountBuilder) -> None:
    a.function("public-echo", "nodejs22.x", "Echoes requests (public URL)", 128, 3)
    a.client("lambda").create_function_url_config(
        FunctionName="public-echo", AuthType="NONE", Cors={"AllowOrigins": ["*"]}
    )
    a.permit(
        "public-echo",
        "FunctionURLAllowPublicAccess",
        "*",
        action="lambda:InvokeFunctionUrl",
        FunctionUrlAuthType="NONE",
    )
    a.permit("public-echo", "FunctionURLInvokeAllowPublicAccess", "*", InvokedViaFunctionUrl=True)


def _orders_worker(a: AccountBuilder) -> None:
    a.function("orders-worker", "python3.12", "Processes queued orders", 512, 60)
    a.client("lambda").create_event_source_mapping(
        FunctionName="orders-worker", EventSourceArn=a.queue("orders-queue"), BatchSize=10
    )
    a.permit("orders-worker", "anyone", "*")


def _stream_processor(a: AccountBuilder) -> None:
    a.function(
        "stream-processor", "python3.12", "Aggregates clickstream and order changes", 1024, 120
    )
    lam = a.client("lambda")
    kinesis = a.client("kinesis")
    kinesis.create_stream(StreamName="clickstream", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="clickstream")
    lam.create_event_source_mapping(
        FunctionName="stream-processor",
        EventSourceArn=stream["StreamDescriptionSummary"]["StreamARN"],
        StartingPosition="LATEST",
        BatchSize=100,
        DestinationConfig={"OnFailure": {"Destination": a.queue("stream-dlq")}},
    )
    table = a.client("dynamodb").create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    lam.create_event_source_mapping(
        FunctionName="stream-processor",
        EventSourceArn=table["TableDescription"]["LatestStreamArn"],
        StartingPosition="TRIM_HORIZON",
        BatchSize=100,
    )


def _partner_hook(a: AccountBuilder) -> None:
    environment = {
        "DB_PASSWORD": FAKE_DB_PASSWORD,
        "STRIPE_API_KEY": FAKE_STRIPE_KEY,
        "LOG_LEVEL": "INFO",
    }
    a.function(
        "partner-hook",
        "python3.12",
        "Webhook for partner order updates",
        256,
        20,
        Environment={"Variables": environment},
    )
    a.permit("partner-hook", "partner-account", f"arn:aws:iam::{PARTNER_ACCOUNT}:root")
    a.permit("partner-hook", "events-any-rule", "events.amazonaws.com")


def _billing_calc(a: AccountBuilder) -> None:
    arn = a.function("billing-calc", "python3.12", "Computes monthly invoices", 1536, 300)
    lam = a.client("lambda")
    lam.create_event_source_mapping(
        FunctionName="billing-calc", EventSourceArn=a.queue("billing-queue"), BatchSize=10
    )
    weekly = a.rule("weekly-cleanup", arn, ScheduleExpression="cron(0 3 ? * SUN *)")
    a.permit("billing-calc", "events-weekly-cleanup", "events.amazonaws.com", weekly)
    lam.put_function_event_invoke_config(
        FunctionName="billing-calc",
        DestinationConfig={"OnFailure": {"Destination": a.queue("billing-failures")}},
    )


STEPS = (
    _img_resize,
    _thumbnailer,
    _legacy_import,
    _notify,
    _audit_log,
    _nightly_report,
    _orders_api,
    _log_shipper,
    _cognito_hooks,
    _public_echo,
    _orders_worker,
    _stream_processor,
    _partner_hook,
    _billing_calc,
    queue_drainer,
)
"""One step per demo function, in the order of the table above."""

FUNCTION_NAMES = tuple(step.__name__.lstrip("_").replace("_", "-") for step in STEPS)


def _seed_random(endpoint_url: str) -> None:
    """Seed moto's id generator (`POST /moto-api/seed`) so ids and URLs repeat from run to run."""
    request = urllib.request.Request(f"{endpoint_url}/moto-api/seed?a={RANDOM_SEED}", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


def seed(endpoint_url: str, region: str = "us-east-1") -> None:
    """Create the demo account in the emulator at `endpoint_url` (it should be empty)."""
    _seed_random(endpoint_url)
    account = AccountBuilder(endpoint_url, region)
    _role(account)
    for step in STEPS:
        step(account)
    invokers_of_healthy_functions(account)
