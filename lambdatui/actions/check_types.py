"""Facts about the account as typed values: a plan's preconditions and verifications.

Each is a frozen dataclass naming what it is about; `lambdatui.actions.checks.evaluate` re-reads
the account to tell whether it holds, dispatching on the type. Operations say which of these
prove they took effect (`ApiCall.checks`). `kind` is a label for JSON and messages only.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from lambdatui.actions.api_call import plain


@dataclass(frozen=True)
class Fact:
    """What checks and snapshots share: a kind (a label for JSON and messages) and fields."""

    kind: ClassVar[str] = "fact"

    @property
    def params(self) -> dict[str, Any]:
        """The fields, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "params": plain(self.params)}


@dataclass(frozen=True)
class Check(Fact):
    """A fact about the account, checked by re-reading it."""

    kind: ClassVar[str] = "check"


# -- the resource policy -------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRevision(Check):
    """The qualifier's policy still has the RevisionId read when the plan was made."""

    kind: ClassVar[str] = "policy-revision"
    function: str
    qualifier: str | None
    revision_id: str | None


@dataclass(frozen=True)
class StatementPresent(Check):
    """Statement `sid` is in the policy (and is exactly `expect`, when given: see
    `permissions.statement_matches`)."""

    kind: ClassVar[str] = "statement-present"
    function: str
    qualifier: str | None
    sid: str
    expect: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class StatementAbsent(Check):
    kind: ClassVar[str] = "statement-absent"
    function: str
    qualifier: str | None
    sid: str


@dataclass(frozen=True)
class Permits(Check):
    """Some statement lets `principal` invoke the function from `source_arn` (a trigger works)."""

    kind: ClassVar[str] = "permits"
    function: str
    qualifier: str | None
    principal: str
    source_arn: str | None = None
    source_account: str | None = None
    action: str = "lambda:InvokeFunction"


# -- S3 bucket notifications ---------------------------------------------------------------------


@dataclass(frozen=True)
class BucketConfigUnchanged(Check):
    """The bucket's notification configuration is exactly `configuration` (a Put body)."""

    kind: ClassVar[str] = "bucket-config-unchanged"
    bucket: str
    configuration: Mapping[str, Any]


@dataclass(frozen=True)
class BucketEntryPresent(Check):
    kind: ClassVar[str] = "bucket-entry-present"
    bucket: str
    entry: Mapping[str, Any]


@dataclass(frozen=True)
class BucketEntriesPreserved(Check):
    """Every entry of `configuration` but `except_ids` is still there, unchanged."""

    kind: ClassVar[str] = "bucket-entries-preserved"
    bucket: str
    configuration: Mapping[str, Any]
    except_ids: tuple[str, ...] = ()


# -- async invocation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InvokeConfigUnchanged(Check):
    """The async invoke config is `config` as read (None: there was none)."""

    kind: ClassVar[str] = "invoke-config-unchanged"
    function: str
    qualifier: str | None
    config: Mapping[str, Any] | None


@dataclass(frozen=True)
class InvokeConfigDestination(Check):
    """The async invoke config has these values (`on_success`, `on_failure`,
    `maximum_retry_attempts`, `maximum_event_age_seconds`; those not named are not checked)."""

    kind: ClassVar[str] = "invoke-config-destination"
    function: str
    qualifier: str | None
    wanted: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InvokeConfigAbsent(Check):
    kind: ClassVar[str] = "invoke-config-absent"
    function: str
    qualifier: str | None


# -- URLs and mappings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlAuthType(Check):
    kind: ClassVar[str] = "url-auth-type"
    function: str
    qualifier: str | None
    auth_type: str


@dataclass(frozen=True)
class MappingOnFailure(Check):
    kind: ClassVar[str] = "mapping-on-failure"
    uuid: str
    destination: str | None


# -- EventBridge and SNS -------------------------------------------------------------------------


@dataclass(frozen=True)
class EventsTarget(Check):
    """Target `id` of rule `rule` is there (pointing at `arn`, when given) or not."""

    kind: ClassVar[str] = "events-target"
    rule: str
    bus: str
    id: str
    present: bool
    arn: str | None = None


@dataclass(frozen=True)
class EventsRule(Check):
    kind: ClassVar[str] = "rule"
    name: str
    bus: str
    present: bool


@dataclass(frozen=True)
class SnsSubscription(Check):
    """A subscription exists or not: named by its ARN, or by topic and endpoint."""

    kind: ClassVar[str] = "sns-subscription"
    present: bool
    topic_arn: str | None = None
    endpoint: str | None = None
    subscription_arn: str | None = None


@dataclass(frozen=True)
class RolePolicyPresent(Check):
    """The role's inline policy `name` exists and is exactly `document`."""

    kind: ClassVar[str] = "role-policy-present"
    role: str
    name: str
    document: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RolePolicyAbsent(Check):
    kind: ClassVar[str] = "role-policy-absent"
    role: str
    name: str


# -- snapshots: what a plan records before and after it ------------------------------------------


@dataclass(frozen=True)
class Snapshot(Fact):
    """Something the journal records before and after a plan, read by `checks.read_snapshot`."""

    kind: ClassVar[str] = "snapshot"


@dataclass(frozen=True)
class PolicySnapshot(Snapshot):
    kind: ClassVar[str] = "policy"
    function: str
    qualifier: str | None = None


@dataclass(frozen=True)
class BucketNotificationSnapshot(Snapshot):
    kind: ClassVar[str] = "bucket-notification"
    bucket: str


@dataclass(frozen=True)
class InvokeConfigSnapshot(Snapshot):
    kind: ClassVar[str] = "invoke-config"
    function: str
    qualifier: str | None = None


@dataclass(frozen=True)
class UrlConfigSnapshot(Snapshot):
    kind: ClassVar[str] = "url-config"
    function: str
    qualifier: str | None = None


@dataclass(frozen=True)
class MappingSnapshot(Snapshot):
    kind: ClassVar[str] = "mapping"
    uuid: str


_SNAPSHOTS = {
    cls.kind: cls
    for cls in (
        PolicySnapshot,
        BucketNotificationSnapshot,
        InvokeConfigSnapshot,
        UrlConfigSnapshot,
        MappingSnapshot,
    )
}


def snapshot_from_dict(data: Mapping[str, Any]) -> Snapshot | None:
    """A snapshot as `to_dict` wrote it into the journal (None: a kind this version lacks)."""
    cls = _SNAPSHOTS.get(str(data.get("kind")))
    if cls is None:
        return None
    try:
        return cls(**dict(data.get("params") or {}))
    except TypeError:
        return None
