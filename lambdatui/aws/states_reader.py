"""Step Functions state machines whose tasks invoke Lambda functions (with the machine's role)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lambdatui.aws.role_invokers import RoleInvokerReader
from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import is_function_arn
from lambdatui.core.model import RoleInvoker

# Task resources that call Lambda through the service integration (FunctionName in Parameters).
_LAMBDA_INTEGRATIONS = ("arn:aws:states:::lambda:invoke",)


def functions_in_definition(definition: Any) -> Iterator[tuple[str, str]]:
    """(state name, function) for every Task state invoking Lambda, in branches and maps too.

    A Task's `Resource` is either the function's ARN (the legacy form) or the Lambda integration
    (`arn:aws:states:::lambda:invoke[.waitForTaskToken]`) with `FunctionName` in `Parameters`
    (JSONPath) or `Arguments` (JSONata). A FunctionName computed at run time (`FunctionName.$`)
    cannot be known and is skipped.
    """
    states = definition.get("States") if isinstance(definition, dict) else None
    for name, state in (states or {}).items():
        if not isinstance(state, dict):
            continue
        resource = state.get("Resource")
        if state.get("Type") == "Task" and isinstance(resource, str):
            if is_function_arn(resource):
                yield name, resource
            elif resource.startswith(_LAMBDA_INTEGRATIONS):
                for key in ("Parameters", "Arguments"):
                    target = (state.get(key) or {}).get("FunctionName")
                    if isinstance(target, str) and not target.startswith("{%"):
                        yield name, target
        for branch in state.get("Branches") or ():
            yield from functions_in_definition(branch)
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                yield from functions_in_definition(state[key])


class StatesReader(RoleInvokerReader):
    source = "states"
    service = "stepfunctions"

    def invokers(self) -> list[RoleInvoker]:
        """ListStateMachines (paginated), DescribeStateMachine per machine."""
        self.errors = []
        client = self.client()
        with aws_call(self.service, "ListStateMachines"):
            machines = [
                m
                for page in client.get_paginator("list_state_machines").paginate()
                for m in page.get("stateMachines") or ()
            ]
        found: list[RoleInvoker] = []
        for machine in machines:
            arn = machine["stateMachineArn"]
            described = self.read(
                "DescribeStateMachine",
                arn,
                lambda arn=arn: client.describe_state_machine(stateMachineArn=arn),
            )
            if described is None:
                continue
            try:
                definition = json.loads(described.get("definition") or "{}")
            except ValueError:
                continue
            for state, target in functions_in_definition(definition):
                found.append(
                    RoleInvoker(
                        source=self.source,
                        source_arn=arn,
                        target_arn=self.target(target),
                        role_arn=described.get("roleArn"),
                        detail={"state_machine": machine.get("name"), "state": state},
                    )
                )
        return found
