"""The account picture as frozen dataclasses.

Everything the `aws/` readers return and everything the UI, the audit and the reports consume is
one of these. They hold no boto3 objects and do no I/O, so they can cross threads and be tested
without AWS. Collections are tuples (or read-only mappings) so a value shared between a worker and
the UI cannot change under either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lambdatui.core.arn import (
    account_of,
    function_arn_qualifier,
    parse_arn,
    resource_name,
    unqualified_function_arn,
)
from lambdatui.core.remedy import Remedy


class TriggerStatus(StrEnum):
    """Whether a trigger can actually invoke the function (docs/architecture.md §7)."""

    OK = "ok"
    MISSING_PERMISSION = "missing-permission"
    NOT_WIRED = "not-wired"
    SOURCE_MISSING = "source-missing"
    UNVERIFIED = "unverified"

    @property
    def healthy(self) -> bool:
        return self is TriggerStatus.OK


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: critical 4 … info 0."""
        return list(reversed(Severity)).index(self)


@dataclass(frozen=True, slots=True)
class Identity:
    account: str
    arn: str
    user_id: str = ""


@dataclass(frozen=True, slots=True)
class Layer:
    arn: str
    code_size: int | None = None


@dataclass(frozen=True, slots=True)
class Function:
    """One Lambda function as ListFunctions returns it (the $LATEST configuration)."""

    name: str
    arn: str
    region: str
    runtime: str | None = None
    handler: str | None = None
    role: str | None = None
    memory_mb: int | None = None
    timeout_s: int | None = None
    architectures: tuple[str, ...] = ()
    layers: tuple[Layer, ...] = ()
    environment: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Values may be secrets: kept out of repr, so no traceback or log line shows them."""
    last_modified: str | None = None
    code_size: int | None = None
    package_type: str | None = None
    description: str = ""
    dead_letter_target: str | None = None
    state: str | None = None
    revision_id: str | None = None
    """Moves when the function's code or configuration changes; a policy change (AddPermission)
    moves only the policy's own RevisionId (GetPolicy), so a cached picture also asks CloudTrail."""

    @property
    def account(self) -> str:
        return account_of(self.arn) or ""


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    arn: str
    function_version: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Version:
    version: str
    arn: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class EventSourceMapping:
    uuid: str
    event_source_arn: str | None
    function_arn: str
    state: str
    batch_size: int | None = None
    on_failure: str | None = None
    filter_patterns: tuple[str, ...] = ()
    starting_position: str | None = None
    maximum_batching_window_s: int | None = None
    self_managed_kafka_servers: tuple[str, ...] = ()
    state_transition_reason: str = ""
    """Why the mapping is in its state ("User action", "USER_INITIATED" …)."""
    last_processing_result: str = ""
    """What the last poll did: "OK", "PROBLEM: …" (a role that cannot read, a missing source)."""

    @property
    def source(self) -> str:
        """The service the mapping reads from: sqs, kinesis, dynamodb, kafka, mq, docdb, other."""
        arn = self.event_source_arn or ""
        if self.self_managed_kafka_servers:
            return "kafka"
        parsed = parse_arn(arn)
        service = parsed.service if parsed else ""
        return {"kafka": "kafka", "mq": "mq", "rds": "docdb"}.get(
            service, service if service in {"sqs", "kinesis", "dynamodb"} else "other"
        )

    @property
    def qualifier(self) -> str | None:
        """The alias or version the mapping invokes, or None for the unqualified function."""
        return function_arn_qualifier(self.function_arn)


@dataclass(frozen=True, slots=True)
class PolicyStatement:
    """One statement of a function's resource-based policy, normalised.

    `principal` is the single normalised principal string the report shows ('*', a service such
    as 's3.amazonaws.com', or an IAM ARN); `principals` keeps every principal when a statement
    names several. Condition values that AWS allows as a list are kept as tuples.
    """

    sid: str | None
    effect: str
    principal: str
    action: tuple[str, ...]
    resource: str | None = None
    qualifier: str | None = None
    source_arn: str | None = None
    source_account: str | None = None
    principal_org_id: str | None = None
    function_url_auth_type: str | None = None
    conditions: Mapping[str, Any] = field(default_factory=dict)
    principals: tuple[str, ...] = ()
    source_arns: tuple[str, ...] = ()
    source_accounts: tuple[str, ...] = ()
    invoked_via_function_url: bool = False
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def service_principals(self) -> tuple[str, ...]:
        return tuple(p for p in (self.principals or (self.principal,)) if p.endswith(".com"))


@dataclass(frozen=True, slots=True)
class Policy:
    """A function's resource-based policy for one qualifier (None = unqualified)."""

    qualifier: str | None
    revision_id: str | None
    statements: tuple[PolicyStatement, ...]
    raw_json: str = ""

    @property
    def size_bytes(self) -> int:
        return len(self.raw_json.encode())


@dataclass(frozen=True, slots=True)
class Destination:
    """An async invoke config (ListFunctionEventInvokeConfigs) for one qualifier."""

    qualifier: str | None
    on_success: str | None
    on_failure: str | None
    maximum_retry_attempts: int | None = None
    maximum_event_age_seconds: int | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FunctionUrl:
    qualifier: str | None
    url: str
    auth_type: str
    cors_allow_origins: tuple[str, ...] = ()
    invoke_mode: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """Something that invokes a function, and whether it can.

    Push triggers are wired on the sending service's side and need a policy statement; pull
    triggers are event source mappings and need none.
    """

    kind: str  # "push" | "pull"
    source: str  # s3, sns, events, apigateway, elb, logs, cognito-idp, function-url, sqs, …
    source_arn: str | None
    qualifier: str | None
    status: TriggerStatus
    statement_sid: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    failed_read: ReadError | None = None
    """For an `unverified` trigger: the read whose failure left it unknown (None when nothing
    failed: the service is not scanned, or the source cannot be checked with one read)."""
    invoker_role: str | None = None
    """For an invoker that calls with its own role (Step Functions, Firehose, Pipes,
    Scheduler): that role, whose policies (not the function's) decide the status."""

    @property
    def label(self) -> str:
        """A short human name for the source: bucket, topic, rule, API route, log group, …"""
        arn = self.source_arn or ""
        if not arn:
            return self.source
        parsed = parse_arn(arn)
        if parsed is not None and parsed.service == "execute-api":
            return parsed.resource
        return resource_name(arn)


@dataclass(frozen=True, slots=True)
class ReadError:
    """A read that failed: the section it would have filled is unknown, not empty."""

    service: str
    operation: str
    code: str
    message: str
    resource: str | None = None
    iam_action: str = ""
    """The IAM action that would let the read succeed (it can differ from the API's name:
    GetBucketNotificationConfiguration needs s3:GetBucketNotification)."""
    iam_resource: str = "*"
    """The resource that action must be granted on."""

    @property
    def grant(self) -> str:
        """What to grant so the read succeeds: 'grant s3:GetBucketNotification on arn:…'."""
        action = self.iam_action or f"{self.service}:{self.operation}"
        return f"grant {action} on {self.iam_resource}"


@dataclass(frozen=True, slots=True)
class FindingFix:
    """A remedy's plan as words and AWS CLI commands (without RevisionId), for reports and
    screens. Only `lambdatui.actions.remedies.finding_fix` makes one."""

    description: str
    cli: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem an audit rule found. `remedy` says what would fix it (see `core.remedy`);
    `fix` is the plan `lambdatui.actions.remedies` made from that remedy when the finding was
    made (None when there is no remedy or no plan), the one `lambdatui fix` applies."""

    rule: str
    severity: Severity
    function_arn: str
    message: str
    resource: str | None = None
    fix: FindingFix | None = None
    remedy: Remedy | None = None


@dataclass(frozen=True, slots=True)
class FunctionDetail:
    """Everything lambdatui knows about one function."""

    function: Function
    aliases: tuple[Alias, ...] = ()
    versions: tuple[Version, ...] = ()
    policies: tuple[Policy, ...] = ()
    destinations: tuple[Destination, ...] = ()
    function_urls: tuple[FunctionUrl, ...] = ()
    event_source_mappings: tuple[EventSourceMapping, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    errors: tuple[ReadError, ...] = ()
    destination_exists: Mapping[str, bool | None] = field(default_factory=dict)
    role_checks: tuple[RoleCheck, ...] = ()
    """The execution role's half: may it read each pull source and write to each destination."""
    """Destination ARN (async, DLQ, mapping OnFailure) → whether it exists; None = unknown."""

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """Aliases, then published versions (never $LATEST)."""
        return tuple(a.name for a in self.aliases) + tuple(
            v.version for v in self.versions if v.version != "$LATEST"
        )

    @property
    def statements(self) -> tuple[PolicyStatement, ...]:
        return tuple(s for p in self.policies for s in p.statements)

    def errors_for(self, operation: str) -> tuple[ReadError, ...]:
        return tuple(e for e in self.errors if e.operation == operation)


@dataclass(frozen=True, slots=True)
class WiredTrigger:
    """A trigger as the sending service stores it (bucket notification, subscription, target…).

    `source_arn` is the ARN a permission's `SourceArn` must match for this trigger to work;
    `target_arn` is the function ARN the service invokes, qualified when it names an alias or
    version; `principal` is the service principal that needs `lambda:InvokeFunction`.
    """

    source: str
    source_arn: str
    target_arn: str
    principal: str
    source_account: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def qualifier(self) -> str | None:
        return function_arn_qualifier(self.target_arn)

    @property
    def function_arn(self) -> str:
        """The unqualified ARN of the target function."""
        return unqualified_function_arn(self.target_arn)


@dataclass(frozen=True)
class RoleInvoker:
    """A service that invokes a function with its own role, not through the resource policy:
    a Step Functions state machine, a Firehose transform, an EventBridge Pipe or a Scheduler
    schedule. It works when `role_arn` may `lambda:InvokeFunction` on `target_arn`."""

    source: str
    """states, firehose, pipes, scheduler"""
    source_arn: str
    target_arn: str
    """The function ARN it invokes, qualified when it names an alias or version."""
    role_arn: str | None
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleCheck:
    """Whether one role may do what one wiring needs, on one resource."""

    role_arn: str
    purpose: str
    """What the access is for: 'read the source', 'write to the destination', 'invoke'."""
    resource: str
    actions: tuple[str, ...]
    allowed: bool | None
    """True, False, or None when it could not be decided (a read failed)."""
    missing: tuple[str, ...] = ()
    """The actions the role may not perform (explicitly denied or never allowed)."""
    denied_by: tuple[str, ...] = ()
    """Names of the policies whose Deny statements refuse an action."""
    failed: ReadError | None = None
    caveat: str = ""
    source: str = ""
    """The kind of resource: sqs, kinesis, sns, states, firehose …"""
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        role = resource_name(self.role_arn)
        if self.allowed is None:
            why = self.failed.message if self.failed else self.caveat or "not decided"
            return f"unverified: whether role {role} may {self.purpose} ({why})"
        if self.allowed:
            return f"role {role} may {self.purpose}"
        return f"role {role} may not {self.purpose}: missing {', '.join(self.missing)}"
