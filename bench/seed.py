"""A scaled account for the bench: N functions with aliases, policies, mappings and destinations,
and buckets, topics, rules, APIs and log groups in proportion.

Seeded straight into the emulator (not through the proxy) with plain boto3 on a few threads;
one zip is built once. What each function gets is fixed by its index, so a run is repeatable:

- every 5th function: a published version and an alias `live` (more qualifiers, more GetPolicy)
- every function: a statement for one topic (every 2nd subscribed: ok; else not-wired) — so a
  topic is named by ~50 functions and must still be read once
- N/50 buckets, topics and rules, each wired to a few functions (every 7th wiring left
  without its statement: missing-permission); N/250 REST APIs; N/100 log groups
- every 20th function: an SQS mapping; every 10th: an OnFailure destination (every 30th to a
  queue that does not exist)
- every 25th function: a statement for a topic that does not exist (source-missing)
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config

from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_CREDENTIALS, DEMO_REGION

REGION, ACCOUNT = DEMO_REGION, DEMO_ACCOUNT
THREADS = 8


@dataclass(frozen=True)
class Shape:
    """How many of each thing a seeded account of `functions` functions has."""

    functions: int

    @property
    def buckets(self) -> int:
        return max(2, self.functions // 50)

    @property
    def topics(self) -> int:
        return max(2, self.functions // 50)

    @property
    def rules(self) -> int:
        return max(2, self.functions // 50)

    @property
    def apis(self) -> int:
        return max(1, self.functions // 250)

    @property
    def log_groups(self) -> int:
        return max(1, self.functions // 100)

    @property
    def queues(self) -> int:
        return max(1, self.functions // 20)

    def qualifiers(self) -> int:
        """GetPolicy calls a scan makes: the function, and alias + version on every 5th."""
        return self.functions + 2 * len(range(0, self.functions, 5))


def name(i: int) -> str:
    return f"fn-{i:05d}"


def function_arn(i: int) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name(i)}"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


class Seeder:
    def __init__(self, endpoint: str, shape: Shape) -> None:
        self.shape = shape
        self.session = boto3.Session(
            aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
            aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
            region_name=REGION,
        )
        self.config = Config(max_pool_connections=THREADS * 2, retries={"max_attempts": 4})
        self.endpoint = endpoint
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.session.client(
                service, endpoint_url=self.endpoint, config=self.config
            )
        return self._clients[service]

    def each(
        self, work: Callable[[int], None], indexes: Iterable[int], threads: int = THREADS
    ) -> None:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(work, indexes))

    def permit(self, i: int, sid: str, principal: str, source: str, **extra: Any) -> None:
        self.client("lambda").add_permission(
            FunctionName=name(i),
            StatementId=sid,
            Action="lambda:InvokeFunction",
            Principal=principal,
            SourceArn=source,
            **extra,
        )

    # -- the account ------------------------------------------------------------------------------
    def seed(self) -> None:
        for service in ("lambda", "iam", "s3", "sns", "events", "apigateway", "logs", "sqs"):
            self.client(service)  # built once, before the threads share them
        n = self.shape.functions
        role = self.client("iam").create_role(RoleName="bench", AssumeRolePolicyDocument="{}")
        self.role, self.code = role["Role"]["Arn"], _zip()
        self.queue_arns = self._queues()
        self.each(self._function, range(n))
        # one thread: moto's SNS answers 500 when subscriptions are made concurrently
        self.each(self._topic, range(self.shape.topics), threads=1)
        self.each(self._bucket, range(self.shape.buckets))
        self.each(self._rule, range(self.shape.rules))
        self.each(self._api, range(self.shape.apis))
        self.each(self._log_group, range(self.shape.log_groups))

    def _queues(self) -> list[str]:
        sqs = self.client("sqs")
        arns = []
        for q in range(self.shape.queues):
            url = sqs.create_queue(QueueName=f"bench-q{q:04d}")["QueueUrl"]
            arns.append(f"arn:aws:sqs:{REGION}:{ACCOUNT}:" + url.rsplit("/", 1)[-1])
        return arns

    def _function(self, i: int) -> None:
        lam = self.client("lambda")
        lam.create_function(
            FunctionName=name(i),
            Runtime="python3.12",
            Role=self.role,
            Handler="index.handler",
            Code={"ZipFile": self.code},
            Description=f"bench function {i}",
        )
        if i % 5 == 0:
            lam.publish_version(FunctionName=name(i))
            lam.create_alias(FunctionName=name(i), Name="live", FunctionVersion="1")
        topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:bench-t{i % self.shape.topics:04d}"
        self.permit(i, "sns", "sns.amazonaws.com", topic)
        if i % 25 == 0:
            self.permit(i, "gone", "sns.amazonaws.com", f"{topic}-gone")
        if i % 20 == 0:
            queue = self.queue_arns[(i // 20) % len(self.queue_arns)]
            lam.create_event_source_mapping(FunctionName=name(i), EventSourceArn=queue)
        if i % 10 == 0:
            target = self.queue_arns[i % len(self.queue_arns)]
            if i % 30 == 0:
                target = f"arn:aws:sqs:{REGION}:{ACCOUNT}:bench-missing"
            lam.put_function_event_invoke_config(
                FunctionName=name(i), DestinationConfig={"OnFailure": {"Destination": target}}
            )

    def _topic(self, t: int) -> None:
        sns = self.client("sns")
        arn = sns.create_topic(Name=f"bench-t{t:04d}")["TopicArn"]
        for i in range(t, self.shape.functions, self.shape.topics * 2):
            sns.subscribe(TopicArn=arn, Protocol="lambda", Endpoint=function_arn(i))

    def _wired(self, k: int, count: int) -> list[int]:
        """Three functions wired to source `k` of `count`."""
        n = self.shape.functions
        return sorted({(k + j * count) % n for j in range(3)})

    def _bucket(self, b: int) -> None:
        bucket = f"bench-b{b:04d}"
        self.client("s3").create_bucket(Bucket=bucket)
        wired = self._wired(b, self.shape.buckets)
        self.client("s3").put_bucket_notification_configuration(
            Bucket=bucket,
            NotificationConfiguration={
                "LambdaFunctionConfigurations": [
                    {
                        "LambdaFunctionArn": function_arn(i),
                        "Events": ["s3:ObjectCreated:*"],
                        "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": f"{i}/"}]}},
                    }
                    for i in wired
                ]
            },
        )
        for j, i in enumerate(wired):
            if (b + j) % 7:
                self.permit(
                    i,
                    f"s3-{b}",
                    "s3.amazonaws.com",
                    f"arn:aws:s3:::{bucket}",
                    SourceAccount=ACCOUNT,
                )

    def _rule(self, r: int) -> None:
        events = self.client("events")
        arn = events.put_rule(Name=f"bench-r{r:04d}", ScheduleExpression="rate(1 hour)")["RuleArn"]
        wired = self._wired(r, self.shape.rules)
        events.put_targets(
            Rule=f"bench-r{r:04d}",
            Targets=[{"Id": f"t{i}", "Arn": function_arn(i)} for i in wired],
        )
        for j, i in enumerate(wired):
            if (r + j) % 7:
                self.permit(i, f"events-{r}", "events.amazonaws.com", arn)

    def _api(self, a: int) -> None:
        apigw = self.client("apigateway")
        api = apigw.create_rest_api(name=f"bench-api{a:03d}")["id"]
        root = next(
            x["id"] for x in apigw.get_resources(restApiId=api)["items"] if x["path"] == "/"
        )
        for i in self._wired(a, self.shape.apis):
            resource = apigw.create_resource(restApiId=api, parentId=root, pathPart=name(i))["id"]
            apigw.put_method(
                restApiId=api, resourceId=resource, httpMethod="GET", authorizationType="NONE"
            )
            apigw.put_integration(
                restApiId=api,
                resourceId=resource,
                httpMethod="GET",
                type="AWS_PROXY",
                integrationHttpMethod="POST",
                uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                f"{function_arn(i)}/invocations",
            )
            source = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/*/GET/{name(i)}"
            self.permit(i, f"apigw-{a}", "apigateway.amazonaws.com", source)

    def _log_group(self, g: int) -> None:
        logs = self.client("logs")
        group = f"/bench/g{g:04d}"
        logs.create_log_group(logGroupName=group)
        i = self._wired(g, self.shape.log_groups)[0]
        source = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}:*"
        self.permit(i, f"logs-{g}", "logs.amazonaws.com", source, SourceAccount=ACCOUNT)
        logs.put_subscription_filter(
            logGroupName=group,
            filterName="to-lambda",
            filterPattern="",
            destinationArn=function_arn(i),
        )


def seed_account(endpoint: str, functions: int) -> Shape:
    shape = Shape(functions)
    Seeder(endpoint, shape).seed()
    return shape
