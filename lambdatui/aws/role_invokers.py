"""Services that invoke Lambda with their own role: the readers' registry and their base.

Step Functions, Firehose, EventBridge Pipes and Scheduler do not go through the function's
resource policy: they call `lambda:InvokeFunction` with a role of their own. One reader per
service (`lambdatui.aws.<name>_reader`) lists what targets a function (`invokers()`), with the role
it uses; whether that role may invoke is decided later from the role's policies
(`lambdatui.core.role_access`). A failed per-resource read is recorded on `errors`; a failed
listing raises the typed `AwsError`, so the service is unknown, never empty.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import aws_call, read_error
from lambdatui.aws.trigger_sources import function_arn, is_function_arn
from lambdatui.core.errors import AwsError, NotFound
from lambdatui.core.model import ReadError, RoleInvoker

T = TypeVar("T")

_READER_CLASSES = {
    "states": "states_reader:StatesReader",
    "firehose": "firehose_reader:FirehoseReader",
    "pipes": "pipes_reader:PipesReader",
    "scheduler": "scheduler_reader:SchedulerReader",
    "cloudfront": "cloudfront_reader:CloudFrontReader",
    "cloudformation": "cloudformation_reader:CloudFormationReader",
}


def role_invoker_readers() -> dict[str, type[RoleInvokerReader]]:
    """source → reader class (modules imported on first use)."""
    readers = {}
    for source, path in _READER_CLASSES.items():
        module, _, cls = path.partition(":")
        readers[source] = getattr(importlib.import_module(f"lambdatui.aws.{module}"), cls)
    return readers


class RoleInvokerReader:
    source: ClassVar[str]
    service: ClassVar[str]

    def __init__(self, session: AwsSession) -> None:
        self.session = session
        self.errors: list[ReadError] = []

    def invokers(self) -> list[RoleInvoker]:
        raise NotImplementedError

    def client(self) -> Any:
        return self.session.client(self.service)

    def read(self, operation: str, resource: str, call: Callable[[], T]) -> T | None:
        """One per-resource read: a failure is recorded (naming the resource) and gives None;
        a resource deleted meanwhile gives None silently."""
        try:
            with aws_call(self.service, operation, resource):
                return call()
        except NotFound:
            return None
        except AwsError as exc:
            self.errors.append(read_error(exc))
            return None

    def target(self, value: str) -> str:
        """A full function ARN for a target given as an ARN, a partial ARN or a name."""
        if is_function_arn(value):
            return value
        from botocore.exceptions import UnknownRegionError

        region = self.session.region
        try:
            partition = self.session.boto.get_partition_for_region(region)
        except UnknownRegionError:
            partition = "aws"
        return function_arn(
            value, partition=partition, region=region, account=self.session.identity().account
        )
