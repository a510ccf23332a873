"""CloudFormation custom resources backed by a Lambda function (their `ServiceToken`).

CloudFormation invokes a custom resource's function when the stack is created, updated or
deleted, with the stack's service role (`RoleARN`) when it has one — that role must be allowed
`lambda:InvokeFunction` — and otherwise with the credentials of whoever changes the stack, which
no read can know (the invoker's `role_arn` is then None and its trigger stays unverified).

The token lives only in the template: ListStacks, then GetTemplate per live stack; a token
written as `!GetAtt Fn.Arn` is resolved through ListStackResources, and the role is read with
DescribeStacks — both only for stacks that have a custom resource.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml

from lambdatui.aws.role_invokers import RoleInvokerReader
from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import is_function_arn
from lambdatui.core.model import RoleInvoker

_GONE = "DELETE_COMPLETE"


class _TemplateLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (`!GetAtt a.b`, `!Ref x`, `!Sub …`)."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {"Ref" if suffix == "Ref" else f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _tag)


def parse_template(body: Any) -> dict[str, Any]:
    """A template body as GetTemplate returns it (a parsed dict for JSON, text for YAML)."""
    if isinstance(body, dict):
        return body
    if not isinstance(body, str):
        return {}
    try:
        parsed = json.loads(body)
    except ValueError:
        try:
            parsed = yaml.load(body, Loader=_TemplateLoader)
        except yaml.YAMLError:
            return {}
    return parsed if isinstance(parsed, dict) else {}


def service_tokens(template: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(logical id, ServiceToken) of every custom resource in the template."""
    for logical, resource in (template.get("Resources") or {}).items():
        if not isinstance(resource, dict):
            continue
        kind = str(resource.get("Type", ""))
        if kind == "AWS::CloudFormation::CustomResource" or kind.startswith("Custom::"):
            token = (resource.get("Properties") or {}).get("ServiceToken")
            if token is not None:
                yield logical, token


class CloudFormationReader(RoleInvokerReader):
    source = "cloudformation"
    service = "cloudformation"

    def invokers(self) -> list[RoleInvoker]:
        self.errors = []
        client = self.client()
        with aws_call(self.service, "ListStacks"):
            stacks = [
                s
                for page in client.get_paginator("list_stacks").paginate()
                for s in page.get("StackSummaries") or ()
                if s.get("StackStatus") != _GONE
            ]
        found: list[RoleInvoker] = []
        for stack in stacks:
            found.extend(self._stack(client, stack))
        return found

    def _stack(self, client: Any, stack: dict[str, Any]) -> list[RoleInvoker]:
        stack_id = stack["StackId"]
        answer = self.read(
            "GetTemplate",
            stack_id,
            lambda: client.get_template(StackName=stack_id, TemplateStage="Original"),
        )
        if answer is None:
            return []
        tokens = list(service_tokens(parse_template(answer.get("TemplateBody"))))
        if not tokens:
            return []
        physical: dict[str, str] = {}
        if any(isinstance(t, dict) for _, t in tokens):
            resources = self.read(
                "ListStackResources",
                stack_id,
                lambda: [
                    r
                    for page in client.get_paginator("list_stack_resources").paginate(
                        StackName=stack_id
                    )
                    for r in page.get("StackResourceSummaries") or ()
                ],
            )
            physical = {
                r["LogicalResourceId"]: r.get("PhysicalResourceId", "")
                for r in resources or ()
                if r.get("ResourceType") == "AWS::Lambda::Function"
            }
        described = self.read(
            "DescribeStacks", stack_id, lambda: client.describe_stacks(StackName=stack_id)
        )
        role = ((described or {}).get("Stacks") or [{}])[0].get("RoleARN")
        found = []
        for logical, token in tokens:
            target = self._target(token, physical)
            if target is None:
                continue
            found.append(
                RoleInvoker(
                    source=self.source,
                    source_arn=stack_id,
                    target_arn=target,
                    role_arn=role,
                    detail={"stack": stack.get("StackName"), "resource": logical},
                )
            )
        return found

    def _target(self, token: Any, physical: dict[str, str]) -> str | None:
        if isinstance(token, str):
            return token if is_function_arn(token) else None
        attribute = token.get("Fn::GetAtt") if isinstance(token, dict) else None
        if isinstance(attribute, list) and len(attribute) == 2 and attribute[1] == "Arn":
            name = physical.get(str(attribute[0]))
            return self.target(name) if name else None
        return None  # an SNS-backed resource, or a token built at deploy time
