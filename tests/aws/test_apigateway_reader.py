from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.apigateway_reader import ApiGatewayReader, lambda_target, route_path
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied, AwsError
from lambdatui.core.model import ReadError, WiredTrigger
from tests.reader_builders import ACCOUNT, FN, REGION, edit_answer, fail_call

EXECUTE = f"arn:aws:execute-api:{REGION}:{ACCOUNT}"
PRINCIPAL = "apigateway.amazonaws.com"


def invocation(target: str) -> str:
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{target}/invocations"


def rest_api(boto: Any, name: str, methods: list[tuple[str, str, str | None]]) -> str:
    """A REST API whose methods are (path, HTTP method, Lambda target or None for HTTP)."""
    ag = boto("apigateway")
    api_id = ag.create_rest_api(name=name)["id"]
    ids = {"/": ag.get_resources(restApiId=api_id)["items"][0]["id"]}
    for path, method, target in methods:
        parent = "/"
        for part in path.strip("/").split("/") if path != "/" else ():
            full = f"{parent.rstrip('/')}/{part}"
            if full not in ids:
                made = ag.create_resource(restApiId=api_id, parentId=ids[parent], pathPart=part)
                ids[full] = made["id"]
            parent = full
        kwargs = dict(restApiId=api_id, resourceId=ids[path], httpMethod=method)
        ag.put_method(**kwargs, authorizationType="NONE")
        if target:
            ag.put_integration(
                **kwargs, type="AWS_PROXY", integrationHttpMethod="POST", uri=invocation(target)
            )
        else:
            ag.put_integration(
                **kwargs, type="HTTP", integrationHttpMethod="GET", uri="https://example.com/"
            )
    return api_id


@pytest.fixture
def shop(boto: Any) -> str:
    api_id = rest_api(
        boto,
        "shop",
        [("/", "GET", FN), ("/orders", "ANY", f"{FN}:live"), ("/orders/{id}", "GET", None)],
    )
    boto("apigateway").create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def test_reads_rest_api_lambda_integrations(aws: AwsSession, shop: str) -> None:
    reader = ApiGatewayReader(aws)
    triggers = sorted(reader.wired_triggers(), key=lambda t: t.source_arn)

    common = {"api_id": shop, "api_name": "shop", "api_type": "REST"}
    assert triggers == [
        WiredTrigger(
            source="apigateway",
            source_arn=f"{EXECUTE}:{shop}/*/*/orders",
            target_arn=f"{FN}:live",
            principal=PRINCIPAL,
            source_account=ACCOUNT,
            detail=common
            | {"route": "ANY /orders", "method": "ANY", "path": "/orders"}
            | {"integration_type": "AWS_PROXY", "stages": ("prod",)},
        ),
        WiredTrigger(
            source="apigateway",
            source_arn=f"{EXECUTE}:{shop}/*/GET/",
            target_arn=FN,
            principal=PRINCIPAL,
            source_account=ACCOUNT,
            detail=common
            | {"route": "GET /", "method": "GET", "path": "/"}
            | {"integration_type": "AWS_PROXY", "stages": ("prod",)},
        ),
    ]
    assert reader.errors == []


def test_a_stage_variable_target_gives_one_trigger_per_stage(aws: AwsSession, boto: Any) -> None:
    api_id = rest_api(boto, "items", [("/items", "POST", f"{FN}:${{stageVariables.alias}}")])
    ag = boto("apigateway")
    ag.create_deployment(restApiId=api_id, stageName="prod", variables={"alias": "live"})
    ag.create_deployment(restApiId=api_id, stageName="dev", variables={"alias": "dev"})
    ag.create_deployment(restApiId=api_id, stageName="bare")  # no variable: cannot invoke

    triggers = ApiGatewayReader(aws).wired_triggers()

    assert [(t.source_arn, t.target_arn, t.detail["stages"]) for t in triggers] == [
        (f"{EXECUTE}:{api_id}/dev/POST/items", f"{FN}:dev", ("dev",)),
        (f"{EXECUTE}:{api_id}/prod/POST/items", f"{FN}:live", ("prod",)),
    ]


def test_methods_not_embedded_fall_back_to_get_integration(aws: AwsSession, shop: str) -> None:
    def drop_methods(parsed: dict[str, Any]) -> None:
        for item in parsed.get("items", []):
            item["resourceMethods"] = {m: {} for m in item.get("resourceMethods", {})}

    edit_answer(aws.client("apigateway"), "GetResources", drop_methods)
    triggers = ApiGatewayReader(aws).wired_triggers()

    assert sorted(t.source_arn for t in triggers) == [
        f"{EXECUTE}:{shop}/*/*/orders",
        f"{EXECUTE}:{shop}/*/GET/",
    ]
    assert aws.calls["apigateway:GetIntegration"] == 3


@pytest.fixture
def http_api(boto: Any) -> str:
    v2 = boto("apigatewayv2")
    api_id = v2.create_api(Name="orders-http", ProtocolType="HTTP")["ApiId"]
    to_fn = v2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=f"{FN}:live"
    )["IntegrationId"]
    to_web = v2.create_integration(
        ApiId=api_id,
        IntegrationType="HTTP_PROXY",
        IntegrationMethod="ANY",
        IntegrationUri="https://example.com",
    )["IntegrationId"]
    for key, target in [("GET /orders", to_fn), ("ANY /any", to_fn), ("$default", to_fn)]:
        v2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{target}")
    v2.create_route(ApiId=api_id, RouteKey="GET /web", Target=f"integrations/{to_web}")
    v2.create_route(ApiId=api_id, RouteKey="GET /nothing")
    v2.create_stage(ApiId=api_id, StageName="$default")
    return api_id


def test_reads_http_api_routes(aws: AwsSession, http_api: str) -> None:
    triggers = sorted(ApiGatewayReader(aws).wired_triggers(), key=lambda t: t.source_arn)

    assert [(t.source_arn, t.target_arn) for t in triggers] == [
        (f"{EXECUTE}:{http_api}/*/$default", f"{FN}:live"),
        (f"{EXECUTE}:{http_api}/*/*/any", f"{FN}:live"),
        (f"{EXECUTE}:{http_api}/*/GET/orders", f"{FN}:live"),
    ]
    assert triggers[2].detail == {
        "api_id": http_api,
        "api_name": "orders-http",
        "api_type": "HTTP",
        "route": "GET /orders",
        "integration_id": triggers[2].detail["integration_id"],
        "stages": ("$default",),
    }


def test_reads_websocket_routes(aws: AwsSession, boto: Any) -> None:
    v2 = boto("apigatewayv2")
    api_id = v2.create_api(
        Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    integration = v2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=invocation(FN)
    )["IntegrationId"]
    v2.create_route(ApiId=api_id, RouteKey="$connect", Target=f"integrations/{integration}")

    [trigger] = ApiGatewayReader(aws).wired_triggers()

    assert (trigger.source_arn, trigger.target_arn) == (f"{EXECUTE}:{api_id}/*/$connect", FN)
    assert trigger.detail["api_type"] == "WEBSOCKET" and trigger.detail["stages"] == ()


def test_an_api_that_cannot_be_read_is_recorded(aws: AwsSession, boto: Any, shop: str) -> None:
    other = rest_api(boto, "other", [("/", "GET", FN)])
    fail_call(
        aws.client("apigateway"),
        "GetResources",
        code="AccessDeniedException",
        when=lambda params: params["restApiId"] == shop,
    )
    reader = ApiGatewayReader(aws)

    assert [t.detail["api_id"] for t in reader.wired_triggers()] == [other]
    assert reader.errors == [
        ReadError(
            service="apigateway",
            operation="GetResources",
            code="AccessDeniedException",
            message="AccessDeniedException (test)",
            resource=shop,
            iam_action="apigateway:GET",
            iam_resource=f"arn:aws:apigateway:{REGION}::/restapis/{shop}/resources",
        )
    ]
    # every route of that API is unknown
    assert [(u.source, u.covers) for u in reader.unread] == [("apigateway", f"{EXECUTE}:{shop}/*")]


def test_a_denied_api_listing_raises(aws: AwsSession, shop: str) -> None:
    fail_call(aws.client("apigatewayv2"), "GetApis", code="AccessDeniedException")
    with pytest.raises(AccessDenied):
        ApiGatewayReader(aws).wired_triggers()


def test_source_exists(aws: AwsSession, shop: str, http_api: str) -> None:
    reader = ApiGatewayReader(aws)
    assert reader.source_exists(f"{EXECUTE}:{shop}/*/GET/") is True
    assert reader.source_exists(f"{EXECUTE}:{shop}/prod/*/orders/*") is True
    assert reader.source_exists(f"{EXECUTE}:{http_api}/*/$default") is True
    assert reader.source_exists(f"{EXECUTE}:gone123456/*/GET/") is False
    assert reader.source_exists(f"arn:aws:sns:{REGION}:{ACCOUNT}:{shop}") is False
    with pytest.raises(AwsError) as wildcard:
        reader.source_exists(f"{EXECUTE}:*/*/GET/")
    assert wildcard.value.code == "WildcardSourceArn"


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        (invocation(f"{FN}:live"), f"{FN}:live"),
        (FN, FN),
        (invocation(f"{FN}:${{stageVariables.alias}}"), f"{FN}:${{stageVariables.alias}}"),
        ("arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue", None),
        ("https://example.com/", None),
        (None, None),
    ],
)
def test_lambda_target(uri: str | None, expected: str | None) -> None:
    assert lambda_target(uri) == expected


@pytest.mark.parametrize(
    ("protocol", "key", "expected"),
    [
        ("HTTP", "GET /orders/{id}", "GET/orders/{id}"),
        ("HTTP", "ANY /{proxy+}", "*/{proxy+}"),
        ("HTTP", "GET /", "GET/"),
        ("HTTP", "$default", "$default"),
        ("WEBSOCKET", "sendMessage", "sendMessage"),
    ],
)
def test_route_path(protocol: str, key: str, expected: str) -> None:
    assert route_path(protocol, key) == expected
