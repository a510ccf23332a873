"""The baseline: the same reads as a scan, made the naive way — plain boto3, one call at a time,
one ListVersionsByFunction per function and one existence read per statement (no memo).

It stops at a time budget and projects the whole account from the functions it finished (the
account-wide listings are timed in full), saying so in its result.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from lambdatui.demo.account import DEMO_CREDENTIALS, DEMO_REGION


def _pages(client: Any, operation: str, key: str, **params: Any) -> list[Any]:
    return [x for page in client.get_paginator(operation).paginate(**params) for x in page[key]]


def _quiet(call: Any, **params: Any) -> Any:
    """A read whose not-found (or other refusal) is an answer, not a failure."""
    try:
        return call(**params)
    except ClientError:
        return None


class NaiveScan:
    def __init__(self, endpoint: str) -> None:
        session = boto3.Session(
            aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
            aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
            region_name=DEMO_REGION,
        )
        config = Config(
            retries={"mode": "standard", "max_attempts": 5}, s3={"addressing_style": "path"}
        )
        self.calls: Counter[str] = Counter()
        session.events.register("before-call", self._count)
        self.c = {
            s: session.client(s, endpoint_url=endpoint, config=config)
            for s in ("lambda", "s3", "sns", "events", "apigateway", "logs", "sqs")
        }

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[f"{model.service_model.service_name}:{model.name}"] += 1

    def account_wide(self) -> list[dict[str, Any]]:
        c = self.c
        functions = _pages(c["lambda"], "list_functions", "Functions")
        _pages(c["lambda"], "list_event_source_mappings", "EventSourceMappings")
        for bucket in c["s3"].list_buckets()["Buckets"]:
            c["s3"].get_bucket_notification_configuration(Bucket=bucket["Name"])
        _pages(c["sns"], "list_subscriptions", "Subscriptions")
        for rule in _pages(c["events"], "list_rules", "Rules"):
            c["events"].list_targets_by_rule(Rule=rule["Name"])
        for api in _pages(c["apigateway"], "get_rest_apis", "items"):
            _pages(
                c["apigateway"], "get_resources", "items", restApiId=api["id"], embed=["methods"]
            )
        for group in _pages(c["logs"], "describe_log_groups", "logGroups"):
            c["logs"].describe_subscription_filters(logGroupName=group["logGroupName"])
        return functions

    def function(self, name: str) -> None:
        lam = self.c["lambda"]
        versions = _pages(lam, "list_versions_by_function", "Versions", FunctionName=name)
        aliases = _pages(lam, "list_aliases", "Aliases", FunctionName=name)
        qualifiers = [None, *(a["Name"] for a in aliases)]
        qualifiers += [v["Version"] for v in versions if v["Version"] != "$LATEST"]
        for q in qualifiers:
            answer = _quiet(lam.get_policy, FunctionName=name, **({"Qualifier": q} if q else {}))
            if not answer:
                continue
            for statement in json.loads(answer["Policy"]).get("Statement", []):
                source = (statement.get("Condition") or {}).get("ArnLike", {}).get("AWS:SourceArn")
                self.exists(source)
        configs = _pages(
            lam,
            "list_function_event_invoke_configs",
            "FunctionEventInvokeConfigs",
            FunctionName=name,
        )
        for config in configs:
            for where in (config.get("DestinationConfig") or {}).values():
                self.exists(where.get("Destination"))
        _pages(lam, "list_function_url_configs", "FunctionUrlConfigs", FunctionName=name)

    def exists(self, arn: str | None) -> None:
        if not arn or not arn.startswith("arn:"):
            return
        parts = arn.split(":")
        service, resource = parts[2], parts[5] if len(parts) > 5 else ""
        if service == "sns":
            _quiet(self.c["sns"].get_topic_attributes, TopicArn=arn)
        elif service == "s3":
            _quiet(self.c["s3"].head_bucket, Bucket=resource)
        elif service == "events":
            _quiet(self.c["events"].describe_rule, Name=resource.removeprefix("rule/"))
        elif service == "sqs":
            _quiet(self.c["sqs"].get_queue_url, QueueName=resource)


def run(endpoint: str, budget_s: float) -> dict[str, Any]:
    """Scan for at most `budget_s` seconds; the whole account's time is projected if cut short."""
    scan = NaiveScan(endpoint)
    started = time.perf_counter()
    functions = scan.account_wide()
    fixed = time.perf_counter() - started
    done = 0
    for f in functions:
        if time.perf_counter() - started > budget_s:
            break
        scan.function(f["FunctionName"])
        done += 1
    elapsed = time.perf_counter() - started
    per_function = (elapsed - fixed) / done if done else 0.0
    whole = fixed + per_function * len(functions)
    return {
        "seconds": whole,
        "projected": done < len(functions),
        "functions_done": done,
        "functions": len(functions),
        "calls": dict(scan.calls),
    }
