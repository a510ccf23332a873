"""API Gateway integrations that invoke Lambda: REST APIs (v1) and HTTP/WebSocket APIs (v2).

A permission for API Gateway names an execute-api ARN, `arn:aws:execute-api:R:A:{apiId}/{stage}/
{METHOD}/{path}` for REST and HTTP routes, `{apiId}/{stage}/{routeKey}` for WebSocket routes and
HTTP `$default`. A wired trigger's `source_arn` uses `*` for the stage, except when the integration
names its function through a stage variable (`function:fn:${stageVariables.alias}`): then there
is one trigger per stage that resolves it, with that stage's name in the ARN.
"""

from __future__ import annotations

import re
from typing import Any

from lambdatui.aws.trigger_sources import TriggerReader, is_function_arn
from lambdatui.core.model import WiredTrigger

V2 = "apigatewayv2"
_INVOCATION = re.compile(r":lambda:path/[^/]+/functions/(?P<fn>.+)/invocations$")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")

Stages = dict[str, dict[str, str]]  # stage name -> stage variables


def lambda_target(uri: str | None) -> str | None:
    """The function an integration URI invokes, or None when it is not a Lambda integration.

    REST (and WebSocket) URIs wrap the function ARN in an invocation path
    (`arn:aws:apigateway:R:lambda:path/2015-03-31/functions/{arn}/invocations`); HTTP APIs store
    the function ARN itself. Stage-variable placeholders are kept.
    """
    if not uri:
        return None
    match = _INVOCATION.search(uri)
    fn = match.group("fn") if match else uri
    return fn if is_function_arn(fn) else None


def route_path(protocol: str, route_key: str) -> str:
    """The part of an execute-api ARN after the stage, for a route key: `METHOD /path` (REST and
    HTTP APIs; `ANY` becomes `*`), `$default`, or a WebSocket route key."""
    if protocol == "WEBSOCKET" or route_key == "$default":
        return route_key
    method, _, path = route_key.partition(" ")
    return f"{'*' if method == 'ANY' else method}/{path.lstrip('/')}"


class ApiGatewayReader(TriggerReader):
    source = "apigateway"
    principal = "apigateway.amazonaws.com"
    service = "apigateway"

    def wired_triggers(self) -> list[WiredTrigger]:
        """GetRestApis → per API GetResources(embed=methods) and, when it has Lambda
        integrations, GetStages; GetApis (v2) → per API GetIntegrations and, when one is a Lambda
        integration, GetRoutes and GetStages."""
        self.reset()
        triggers: list[WiredTrigger] = []
        for api in self.pages("get_rest_apis", "items"):
            triggers += self._rest_api(api)
        for api in self.pages("get_apis", "Items", service=V2):
            triggers += self._v2_api(api)
        return triggers

    # -- REST APIs ---------------------------------------------------------------------------------
    def _rest_api(self, api: dict[str, Any]) -> list[WiredTrigger]:
        api_id = api["id"]
        resources = self.read(
            "GetResources",
            api_id,
            lambda: list(self.pages("get_resources", "items", restApiId=api_id, embed=["methods"])),
            missing_ok=True,
            covers=self._routes_of(api_id),
            iam_resource=self._iam_path(f"/restapis/{api_id}/resources"),
        )
        found: list[tuple[str, str, dict[str, Any]]] = []  # (route key, target, detail)
        for res in resources or ():
            path = res.get("path", "/")
            for method, body in (res.get("resourceMethods") or {}).items():
                # With `embed=methods` AWS returns the method and its integration; an empty body
                # means the endpoint did not embed it, so ask for the integration itself.
                integration = (
                    body.get("methodIntegration")
                    if body
                    else self._integration(api_id, res["id"], method)
                ) or {}
                if fn := lambda_target(integration.get("uri")):
                    kind = integration.get("type")
                    extra = {"method": method, "path": path, "integration_type": kind}
                    found.append((f"{method} {path}", fn, extra))
        if not found:
            return []
        stages = self._stages(api_id)
        about = {"api_id": api_id, "api_name": api.get("name"), "api_type": "REST"}
        return [t for key, fn, extra in found for t in self._expand(about, key, fn, stages, extra)]

    def _integration(self, api_id: str, resource_id: str, method: str) -> dict[str, Any] | None:
        client = self.client()
        return self.read(
            "GetIntegration",
            f"{api_id}/{resource_id}/{method}",
            lambda: client.get_integration(
                restApiId=api_id, resourceId=resource_id, httpMethod=method
            ),
            missing_ok=True,  # a method without an integration
            covers=self._routes_of(api_id),
            iam_resource=self._iam_path(
                f"/restapis/{api_id}/resources/{resource_id}/methods/{method}/integration"
            ),
        )

    # -- HTTP and WebSocket APIs -------------------------------------------------------------------
    def _v2_api(self, api: dict[str, Any]) -> list[WiredTrigger]:
        api_id, protocol = api["ApiId"], api.get("ProtocolType", "HTTP")

        def listing(operation: str) -> list[dict[str, Any]]:
            return list(self.pages(operation, "Items", service=V2, ApiId=api_id))

        integrations = self.read(
            "GetIntegrations",
            api_id,
            lambda: listing("get_integrations"),
            service=V2,
            covers=self._routes_of(api_id),
            iam_resource=self._iam_path(f"/apis/{api_id}/integrations"),
        )
        targets = {
            i["IntegrationId"]: fn
            for i in integrations or ()
            if (fn := lambda_target(i.get("IntegrationUri")))
        }
        if not targets:
            return []
        routes = self.read(
            "GetRoutes",
            api_id,
            lambda: listing("get_routes"),
            service=V2,
            covers=self._routes_of(api_id),
            iam_resource=self._iam_path(f"/apis/{api_id}/routes"),
        )
        stages = self._stages(api_id, v2=True)
        about = {"api_id": api_id, "api_name": api.get("Name"), "api_type": protocol}
        triggers: list[WiredTrigger] = []
        for route in routes or ():
            integration_id = (route.get("Target") or "").removeprefix("integrations/")
            if fn := targets.get(integration_id):
                extra = {"integration_id": integration_id}
                triggers += self._expand(about, route["RouteKey"], fn, stages, extra)
        return triggers

    # -- shared ------------------------------------------------------------------------------------
    def _routes_of(self, api_id: str) -> str:
        """The execute-api ARN pattern of every route of one API (what a failed read hides)."""
        return f"arn:{self.partition}:execute-api:{self.region}:{self.account()}:{api_id}/*"

    def _iam_path(self, path: str) -> str:
        """The IAM resource of an API Gateway read: `arn:aws:apigateway:R::/restapis/…`."""
        return f"arn:{self.partition}:apigateway:{self.region}::{path}"

    def _stages(self, api_id: str, *, v2: bool = False) -> Stages | None:
        """Stage names and variables of one API; None when they could not be read."""

        def v1_stages() -> list[tuple[str, dict[str, str] | None]]:
            answer = self.client().get_stages(restApiId=api_id)
            return [(s["stageName"], s.get("variables")) for s in answer.get("item") or ()]

        def v2_stages() -> list[tuple[str, dict[str, str] | None]]:
            items = self.pages("get_stages", "Items", service=V2, ApiId=api_id)
            return [(s["StageName"], s.get("StageVariables")) for s in items]

        stages = self.read(
            "GetStages",
            api_id,
            v2_stages if v2 else v1_stages,
            service=V2 if v2 else None,
            covers=self._routes_of(api_id),
            iam_resource=self._iam_path(f"/{'apis' if v2 else 'restapis'}/{api_id}/stages"),
        )
        return None if stages is None else {name: variables or {} for name, variables in stages}

    def _expand(
        self,
        about: dict[str, Any],
        route_key: str,
        fn: str,
        stages: Stages | None,
        extra: dict[str, Any],
    ) -> list[WiredTrigger]:
        """The trigger(s) of one route: per stage when a stage variable names the target."""
        account = self.account()
        base = f"arn:{self.partition}:execute-api:{self.region}:{account}:{about['api_id']}"
        route = route_path(about["api_type"], route_key)
        detail = about | {"route": route_key} | extra

        def wired(stage: str, target: str, extra: dict[str, Any]) -> WiredTrigger:
            return WiredTrigger(
                source=self.source,
                source_arn=f"{base}/{stage}/{route}",
                target_arn=target,
                principal=self.principal,
                source_account=account,
                detail=detail | extra,
            )

        if "${stageVariables." in fn and stages:
            resolved = [
                (stage, _STAGE_VARIABLE.sub(lambda m, v=variables: v.get(m[1], m[0]), fn))
                for stage, variables in sorted(stages.items())
            ]
            per_stage = [
                wired(stage, target, {"stages": (stage,), "integration_target": fn})
                for stage, target in resolved
                if "${" not in target and is_function_arn(target)
            ]
            if per_stage:
                return per_stage
        return [wired("*", fn, {"stages": tuple(sorted(stages or ()))})]

    def source_exists(self, arn: str) -> bool:
        """GetRestApi for the API id of an execute-api ARN, else (v2) GetApi."""
        parsed = self.scoped_arn(arn, "execute-api")
        if parsed is None:
            return False
        api_id = parsed.resource.split("/", 1)[0]
        self.refuse_wildcards(api_id, arn)
        if not api_id:
            return False
        v1, v2 = self.client(), self.client(V2)
        if self.exists("GetRestApi", api_id, lambda: v1.get_rest_api(restApiId=api_id)):
            return True
        return self.exists("GetApi", api_id, lambda: v2.get_api(ApiId=api_id), service=V2)
