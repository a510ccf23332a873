"""The bench's proxy behaves as AWS's Lambda control plane would: operations told from the REST
path, quotas enforced with AWS's 429 answer, ListFunctions in pages of 50."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from bench.proxy import lambda_operation, serve
from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_CREDENTIALS, DEMO_REGION
from tests.account_builders import handler_zip


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [
        ("GET", "/2015-03-31/functions/", "ListFunctions"),
        ("GET", "/2015-03-31/functions/?FunctionVersion=ALL&Marker=x", "ListFunctions"),
        ("GET", "/2015-03-31/functions/fn/policy?Qualifier=live", "GetPolicy"),
        ("GET", "/2015-03-31/functions/fn", "GetFunction"),
        ("GET", "/2015-03-31/functions/fn/configuration", "GetFunctionConfiguration"),
        ("GET", "/2015-03-31/functions/fn/aliases", "ListAliases"),
        (
            "GET",
            "/2019-09-25/functions/fn/event-invoke-config/list",
            "ListFunctionEventInvokeConfigs",
        ),
        ("GET", "/2021-10-31/functions/fn/urls", "ListFunctionUrlConfigs"),
        ("GET", "/2015-03-31/event-source-mappings/", "ListEventSourceMappings"),
        ("POST", "/2015-03-31/functions/fn/invocations", "Invoke"),
    ],
)
def test_operations_are_told_from_lambdas_rest_paths(
    method: str, path: str, operation: str
) -> None:
    assert lambda_operation(method, path) == operation


@pytest.fixture
def through_proxy(endpoint: str) -> Iterator[Callable[..., Any]]:
    servers = []

    def client(scale: float, **config: Any) -> Any:
        server, stats = serve(endpoint, latency=0.0, scale=scale)
        servers.append(server)
        host, port = server.server_address[:2]
        lam = boto3.client(
            "lambda",
            endpoint_url=f"http://{host}:{port}",
            region_name=DEMO_REGION,
            aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
            aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
            config=Config(**config),
        )
        return lam, stats

    yield client
    for server in servers:
        server.shutdown()
        server.server_close()


def test_over_the_quota_is_answered_429_too_many_requests(
    boto: Callable[[str], Any], through_proxy: Callable[..., Any]
) -> None:
    lam, stats = through_proxy(0.1, retries={"total_max_attempts": 1})  # 1.5 calls/s for "other"
    boto("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")
    lam_direct = boto("lambda")
    lam_direct.create_function(
        FunctionName="fn",
        Runtime="python3.12",
        Role=f"arn:aws:iam::{DEMO_ACCOUNT}:role/r",
        Handler="index.handler",
        Code={"ZipFile": handler_zip("index")},
    )
    lam.list_aliases(FunctionName="fn")  # the bucket holds 1.5 calls: one passes
    with pytest.raises(ClientError) as refused:
        for _ in range(3):
            lam.list_aliases(FunctionName="fn")
    assert refused.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert stats.snapshot()["throttled"] == {"lambda:ListAliases": 1}


def test_list_functions_comes_in_pages_of_50(
    boto: Callable[[str], Any], through_proxy: Callable[..., Any]
) -> None:
    role = boto("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = handler_zip("index")
    for i in range(120):
        boto("lambda").create_function(
            FunctionName=f"f{i:03d}",
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code},
        )
    lam, stats = through_proxy(0)
    pages = list(lam.get_paginator("list_functions").paginate())
    assert [len(p["Functions"]) for p in pages] == [50, 50, 20]
    names = [f["FunctionName"] for p in pages for f in p["Functions"]]
    assert sorted(names) == [f"f{i:03d}" for i in range(120)]
    assert stats.snapshot()["requests"]["lambda:ListFunctions"] == 3
