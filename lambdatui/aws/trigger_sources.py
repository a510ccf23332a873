"""Service-side trigger discovery: the readers' registry and what they share.

Each push service stores its own wiring to Lambda (a bucket notification, a subscription, a rule
target …). One reader per service, in `lambdatui.aws.<name>_reader`, scans the region for it
(`wired_triggers()`) and checks that one source ARN exists (`source_exists(arn)`). They share the
`TriggerReader` base below: per-resource failures become `ReadError`s on `reader.errors` (with
the IAM action and resource to grant) and the scan goes on; what each one hides is on
`reader.unread` (the ARN pattern of the sources it would have told about), so no statement for
them is taken for not-wired; a failed top-level listing raises the typed `AwsError`.
`source_fact(arn)` answers existence as found, absent, or unknown with the read that failed.

`READERS` (source name -> reader class) is built on first use, so importing this module (or one
reader) does not import every reader.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, ClassVar, TypeVar

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import api_name, aws_call, read_error
from lambdatui.core.arn import Arn, function_arn, parse_arn  # function_arn: its readers' import
from lambdatui.core.errors import AwsError, NotFound
from lambdatui.core.facts import ABSENT, FOUND, Fact, Unread
from lambdatui.core.model import ReadError, WiredTrigger

T = TypeVar("T")
Item = TypeVar("Item")

PER_RESOURCE_READS = 8
"""Per-resource reads (a bucket's notifications, a rule's targets) one reader has in flight."""

_READER_CLASSES = {
    "s3": "s3_reader:S3Reader",
    "sns": "sns_reader:SnsReader",
    "events": "events_reader:EventsReader",
    "apigateway": "apigateway_reader:ApiGatewayReader",
    "elb": "elb_reader:ElbReader",
    "logs": "logs_reader:LogsReader",
    "cognito-idp": "cognito_reader:CognitoReader",
    "iot": "iot_reader:IotReader",
    "ses": "ses_reader:SesReader",
    "cloudwatch": "alarms_reader:AlarmsReader",
    "config": "config_rules_reader:ConfigRulesReader",
    "secretsmanager": "secrets_reader:SecretsReader",
    "lex": "lex_reader:LexReader",
}


def _load_readers() -> dict[str, type[TriggerReader]]:
    readers: dict[str, type[TriggerReader]] | None = globals().get("READERS")
    if readers is None:
        readers = {}
        for source, path in _READER_CLASSES.items():
            module, _, cls = path.partition(":")
            readers[source] = getattr(importlib.import_module(f"lambdatui.aws.{module}"), cls)
        globals()["READERS"] = readers
    return readers


def __getattr__(name: str) -> Any:
    """`READERS`, built on first access (PEP 562)."""
    if name == "READERS":
        return _load_readers()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def reader_for_principal(principal: str) -> type[TriggerReader] | None:
    """The reader class for a service principal (`logs.<region>.amazonaws.com` included)."""
    p = principal.strip().lower().removesuffix(".cn")
    if p.startswith("logs.") and p.endswith(".amazonaws.com"):
        p = "logs.amazonaws.com"
    return next((cls for cls in _load_readers().values() if cls.principal == p), None)


# -- target ARNs ------------------------------------------------------------------------------


def is_function_arn(value: Any) -> bool:
    """Whether `value` is a full Lambda function ARN (qualified or not)."""
    parsed = parse_arn(value) if isinstance(value, str) else None
    return (
        parsed is not None
        and parsed.service == "lambda"
        and parsed.resource.startswith("function:")
    )


# -- the shared base --------------------------------------------------------------------------


class TriggerReader:
    """Base of the service readers: client, identity, error collection and scope checks."""

    source: ClassVar[str]
    principal: ClassVar[str]
    service: ClassVar[str]
    """The boto3 client name (also the `service` of errors)."""

    def __init__(self, session: AwsSession) -> None:
        self.session = session
        self.errors: list[ReadError] = []
        """Per-resource reads that failed during the last `wired_triggers()`."""
        self.unread: list[Unread] = []
        """What those failures leave unknown: the source ARNs each resource would have covered."""
        self._partition: str | None = None

    def reset(self) -> None:
        """Forget the failures of an earlier scan (each `wired_triggers()` starts with it)."""
        self.errors = []
        self.unread = []

    @property
    def region(self) -> str:
        return self.session.region

    @property
    def partition(self) -> str:
        if self._partition is None:
            from botocore.exceptions import UnknownRegionError

            try:
                self._partition = self.session.boto.get_partition_for_region(self.region)
            except UnknownRegionError:  # a region botocore does not know: assume commercial
                self._partition = "aws"
        return self._partition

    def account(self) -> str:
        """Our account id (sts:GetCallerIdentity, which the session asks once)."""
        return self.session.identity().account

    def wired(
        self,
        source_arn: str,
        target: str,
        detail: Mapping[str, Any],
        *,
        account: str | None = None,
    ) -> WiredTrigger:
        """This service's trigger from `source_arn` to `target` (an ARN, a partial ARN or a
        name); the account is the source ARN's unless given."""
        if account is None:
            parsed = parse_arn(source_arn)
            account = parsed.account if parsed else None
        return WiredTrigger(
            source=self.source,
            source_arn=source_arn,
            target_arn=function_arn(
                target, partition=self.partition, region=self.region, account=account
            ),
            principal=self.principal,
            source_account=account,
            detail=detail,
        )

    def client(self, service: str | None = None) -> Any:
        return self.session.client(service or self.service)

    def pages(
        self, operation: str, key: str, *, service: str | None = None, **params: Any
    ) -> Iterator[dict[str, Any]]:
        """The items under `key` of every page of a paginated operation (snake_case name).

        A failure raises the typed `AwsError` naming the operation.
        """
        with aws_call(service or self.service, api_name(operation)):
            client = self.client(service)  # building a client can fail too (a bad region)
            for page in client.get_paginator(operation).paginate(**params):
                yield from page.get(key) or ()

    def read(
        self,
        operation: str,
        resource: str | None,
        call: Callable[[], T],
        *,
        service: str | None = None,
        missing_ok: bool = False,
        covers: str | None = None,
        iam_resource: str | None = None,
    ) -> T | None:
        """One per-resource read. A failure is recorded on `errors` (naming `resource`, and
        `iam_resource` as what the IAM action must be granted on) and gives None; with
        `missing_ok`, a resource that no longer exists gives None silently.

        `covers` is the ARN pattern of the trigger sources the read would have told about: a
        failure is also recorded on `unread`, so no statement for them is called not-wired.
        """
        try:
            with aws_call(service or self.service, operation, resource):
                return call()
        except AwsError as exc:
            if not (missing_ok and isinstance(exc, NotFound)):
                error = replace(
                    read_error(exc, iam_resource=iam_resource or covers),
                    resource=resource or exc.resource,
                )
                self.errors.append(error)
                if covers:
                    self.unread.append(Unread(self.source, covers, error))
        return None

    def read_each(self, items: list[Item], read: Callable[[Item], T]) -> list[T]:
        """`read(item)` for every item, a few at a time, in the items' order: one round trip per
        bucket or rule, one after the other, kept the opened function's triggers waiting for
        seconds (minutes for an account with hundreds of buckets). These are not Lambda calls,
        so no Lambda quota is spent."""
        if len(items) < 2:
            return [read(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(PER_RESOURCE_READS, len(items))) as pool:
            return list(pool.map(read, items))

    def source_exists(self, arn: str) -> bool:
        """Whether the source `arn` exists; a read that fails raises the typed `AwsError`
        (each reader implements it)."""
        raise NotImplementedError

    def source_fact(self, arn: str) -> Fact:
        """Whether the source `arn` exists: found, absent, or unknown — with the read that failed
        and what to grant for it. A refusal before any call (wildcards, another region or
        account) is unknown without a failed read."""
        try:
            return FOUND if self.source_exists(arn) else ABSENT
        except AwsError as exc:
            failed = read_error(exc, iam_resource=self.iam_resource(arn)) if exc.operation else None
            return Fact.unknown(failed, why=exc.message)
        except ValueError as exc:
            return Fact.unknown(why=str(exc))
        except NotImplementedError:
            return Fact.unknown(why=f"lambdatui does not check whether {self.source} sources exist")

    def iam_resource(self, arn: str) -> str:
        """The resource an existence read of `arn` needs its IAM action granted on."""
        return arn

    def exists(
        self, operation: str, resource: str, call: Callable[[], object], *, service: str = ""
    ) -> bool:
        """True when `call` succeeds, False on not-found; other failures raise typed."""
        try:
            with aws_call(service or self.service, operation, resource):
                call()
        except NotFound:
            return False
        return True

    def scoped_arn(self, arn: str, service: str, *, any_account: bool = False) -> Arn | None:
        """Parse a source ARN for `source_exists`; None when it is not an ARN of `service`.

        Raises a typed `AwsError` when one read could not give a trustworthy answer: wildcards in
        the region or account, another region (the client would say not-found), or another
        account for services that only read our own.
        """
        parsed = parse_arn(arn)
        if parsed is None or parsed.service != service:
            return None
        self.refuse_wildcards(parsed.region + parsed.account, arn)
        if parsed.region and parsed.region != self.region:
            raise AwsError(
                f"{arn} is in {parsed.region}; this session reads {self.region}, so it was not "
                "checked",
                code="SourceInOtherRegion",
                service=self.service,
                resource=arn,
            )
        if not any_account and parsed.account and parsed.account != self.account():
            raise AwsError(
                f"{arn} belongs to account {parsed.account}; only this account's resources can "
                "be checked",
                code="SourceInOtherAccount",
                service=self.service,
                resource=arn,
            )
        return parsed

    def refuse_wildcards(self, name: str, arn: str) -> None:
        """Raise a typed `AwsError` when a source ARN names its resource with IAM wildcards."""
        if "*" in name or "?" in name:
            raise AwsError(
                f"{arn} uses wildcards; its existence cannot be checked with one read",
                code="WildcardSourceArn",
                service=self.service,
                resource=arn,
            )
