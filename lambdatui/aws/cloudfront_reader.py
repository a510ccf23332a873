"""CloudFront distributions' Lambda@Edge associations.

Lambda@Edge runs replicas of a published version of a function in us-east-1; it needs no
resource-policy statement. What it needs is the function's execution role to trust
`edgelambda.amazonaws.com` (beside `lambda.amazonaws.com`), since the replicas assume it. The
invoker's `role_arn` is therefore left empty and the check is made on the function's own role
(`lambdatui.inventory.roles`). CloudFront is global, and Lambda@Edge functions live only in
us-east-1: in any other region there is nothing to find, and nothing is read.

CloudFront Functions are not Lambda functions: they never appear here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lambdatui.aws.role_invokers import RoleInvokerReader
from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import is_function_arn
from lambdatui.core.model import RoleInvoker

EDGE_REGION = "us-east-1"


def associations(distribution: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(path pattern, event type, function version ARN) of every Lambda@Edge association."""
    behaviours = [("*", distribution.get("DefaultCacheBehavior") or {})]
    behaviours += [
        (b.get("PathPattern", ""), b)
        for b in (distribution.get("CacheBehaviors") or {}).get("Items") or ()
    ]
    for path, behaviour in behaviours:
        for item in (behaviour.get("LambdaFunctionAssociations") or {}).get("Items") or ():
            arn = item.get("LambdaFunctionARN")
            if is_function_arn(arn):
                yield path, item.get("EventType", ""), arn


class CloudFrontReader(RoleInvokerReader):
    source = "cloudfront"
    service = "cloudfront"

    def invokers(self) -> list[RoleInvoker]:
        """ListDistributions (paginated; each summary carries its cache behaviours)."""
        self.errors = []
        if self.session.region != EDGE_REGION:
            return []
        client = self.client()
        found: list[RoleInvoker] = []
        with aws_call(self.service, "ListDistributions"):
            for page in client.get_paginator("list_distributions").paginate():
                for distribution in (page.get("DistributionList") or {}).get("Items") or ():
                    for path, event, target in associations(distribution):
                        found.append(
                            RoleInvoker(
                                source=self.source,
                                source_arn=distribution["ARN"],
                                target_arn=target,
                                role_arn=None,
                                detail={
                                    "distribution": distribution.get("Id"),
                                    "domain": distribution.get("DomainName"),
                                    "path": path,
                                    "event_type": event,
                                },
                            )
                        )
        return found
