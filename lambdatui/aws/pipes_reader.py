"""EventBridge Pipes whose target or enrichment is a Lambda function (the pipe's role)."""

from __future__ import annotations

from lambdatui.aws.role_invokers import RoleInvokerReader
from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import is_function_arn
from lambdatui.core.model import RoleInvoker


class PipesReader(RoleInvokerReader):
    source = "pipes"
    service = "pipes"

    def invokers(self) -> list[RoleInvoker]:
        """ListPipes (paginated; it names targets), DescribePipe only for Lambda ones (the role)."""
        self.errors = []
        client = self.client()
        with aws_call(self.service, "ListPipes"):
            pipes = [
                p
                for page in client.get_paginator("list_pipes").paginate()
                for p in page.get("Pipes") or ()
            ]
        found: list[RoleInvoker] = []
        for pipe in pipes:
            roles = {"target": pipe.get("Target"), "enrichment": pipe.get("Enrichment")}
            if not any(is_function_arn(v) for v in roles.values()):
                continue
            name = pipe["Name"]
            described = self.read(
                "DescribePipe", pipe["Arn"], lambda name=name: client.describe_pipe(Name=name)
            )
            if described is None:
                continue
            for as_, target in (
                ("target", described.get("Target")),
                ("enrichment", described.get("Enrichment")),
            ):
                if is_function_arn(target):
                    found.append(
                        RoleInvoker(
                            source=self.source,
                            source_arn=pipe["Arn"],
                            target_arn=target,
                            role_arn=described.get("RoleArn"),
                            detail={"pipe": name, "as": as_},
                        )
                    )
        return found
