"""Plans that add a trigger: S3 bucket notification, SNS subscription, EventBridge rule target.

Always the permission first (S3 even checks it when the configuration is written), then the
wiring on the service's side. These planners read the current state through the session (what
they must preserve or must not duplicate); boto3 is imported only when they run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lambdatui.actions.bucket_config import entries_overlap
from lambdatui.actions.check_types import (
    BucketConfigUnchanged,
    BucketEntriesPreserved,
    BucketEntryPresent,
    BucketNotificationSnapshot,
    Check,
    EventsRule,
    EventsTarget,
    SnsSubscription,
)
from lambdatui.actions.permissions import (
    grant_call,
    grant_step,
    on,
    permits_check,
    policy_guard,
    policy_snapshot,
    qualified_arn,
    revision_for,
)
from lambdatui.actions.plan import InvalidForm, Plan, PlanError, Step
from lambdatui.actions.service_calls import (
    events_delete_rule,
    events_put_rule,
    events_put_targets,
    events_remove_targets,
    put_bucket_notification_configuration,
    sns_subscribe,
)
from lambdatui.actions.validate import destination_kind, schedule_error, validate_trigger_form
from lambdatui.core.arn import parse_arn, partition_of
from lambdatui.core.evaluator import already_permitted
from lambdatui.core.model import FunctionDetail

if TYPE_CHECKING:
    from lambdatui.aws.session import AwsSession

_RULE_NAME = re.compile(r"[.\-_A-Za-z0-9]{1,64}")


def _digest(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8]


def _check_qualifier(detail: FunctionDetail, qualifier: str | None) -> None:
    if qualifier and qualifier not in detail.qualifiers:
        raise PlanError(f"{detail.function.name} has no alias or version {qualifier}")


def _grant(
    detail: FunctionDetail, source: str, principal: str, source_arn: str, q: str | None
) -> tuple[list[Step], list[Check]]:
    """The AddPermission step (none when a statement already permits it) and its checks."""
    account = detail.function.account if source == "s3" else None
    if account is None:
        parsed = parse_arn(source_arn)
        account = parsed.account if parsed else None
    # The evaluator over every policy that covers `q` (a `function:NAME:*` statement of the
    # unqualified policy too): a grant already there is not added again.
    if already_permitted(
        detail, principal=principal, source_arn=source_arn, source_account=account, qualifier=q
    ):
        return [], []
    call = grant_call(
        detail,
        source=source,
        principal=principal,
        source_arn=source_arn,
        qualifier=q,
        revision_id=revision_for(detail, q),
    )
    step = grant_step(
        call, f"Let {principal} invoke {detail.function.name}{on(q)} from {source_arn}"
    )
    return [step], [*call.checks(), permits_check(detail, call)]


def _read(session: AwsSession, service: str, operation: str, **params: Any) -> Any:
    from lambdatui.actions.reads import read_or_none

    return read_or_none(session, service, operation, **params)


# -- S3 ----------------------------------------------------------------------------------------


def add_s3_trigger_plan(
    session: AwsSession,
    detail: FunctionDetail,
    *,
    bucket: str,
    events: Sequence[str],
    prefix: str | None = None,
    suffix: str | None = None,
    qualifier: str | None = None,
) -> Plan:
    """Permission, then the bucket's configuration as read now plus only our entry."""
    from lambdatui.actions.reads import bucket_configuration
    from lambdatui.core.errors import NotFound

    f, q = detail.function, qualifier
    _check_qualifier(detail, q)
    events = list(dict.fromkeys(e.strip() for e in events if e.strip()))
    if not events or not all(e.startswith("s3:") for e in events):
        raise PlanError("name the S3 events, such as s3:ObjectCreated:*")
    try:
        current = bucket_configuration(session, bucket)
    except NotFound:
        raise PlanError(f"bucket {bucket} does not exist (or is not readable here)") from None
    target = qualified_arn(detail, q)
    ours: dict[str, Any] = {
        "Id": f"lambdatui-{f.name}{'-' + q if q else ''}-{_digest(target, events, prefix, suffix)}"[
            -64:
        ],
        "LambdaFunctionArn": target,
        "Events": events,
    }
    filters = [{"Name": n, "Value": v} for n, v in (("Prefix", prefix), ("Suffix", suffix)) if v]
    if filters:
        ours["Filter"] = {"Key": {"FilterRules": filters}}
    others = [
        e for e in current.get("LambdaFunctionConfigurations", []) if e.get("Id") != ours["Id"]
    ]
    if len(others) != len(current.get("LambdaFunctionConfigurations", [])):
        raise PlanError(f"bucket {bucket} already has this trigger (entry {ours['Id']})")
    warnings = [
        f"Entry {e.get('Id')} of the bucket may match the same objects: S3 refuses overlapping "
        "configurations, so the write would fail (and the permission be rolled back)."
        for key in ("LambdaFunctionConfigurations", "QueueConfigurations", "TopicConfigurations")
        for e in current.get(key, [])
        if entries_overlap(ours, e)
    ]
    partition = partition_of(f.arn)
    grant_steps, grant_checks = _grant(
        detail, "s3", "s3.amazonaws.com", f"arn:{partition}:s3:::{bucket}", q
    )
    new = {**current, "LambdaFunctionConfigurations": [*others, ours]}
    write = Step(
        put_bucket_notification_configuration(
            bucket, new, expected_owner=f.account, region=f.region
        ),
        f"Write bucket {bucket}'s notification configuration with our entry {ours['Id']} added",
        put_bucket_notification_configuration(
            bucket, current, expected_owner=f.account, region=f.region
        ),
    )
    kept = sum(len(v) for v in current.values() if isinstance(v, list))
    return Plan(
        title=f"Add an S3 trigger: bucket {bucket} → {f.name}{on(q)}",
        why=f"Bucket {bucket} will invoke {f.name}{on(q)} on {', '.join(events)}"
        + (f" for keys {prefix or ''}…{suffix or ''}" if filters else "")
        + f". The write replaces the whole configuration, so the {kept} other entries"
        + (" and EventBridge delivery" if "EventBridgeConfiguration" in current else "")
        + " are written back exactly as read.",
        function_arn=f.arn,
        steps=(*grant_steps, write),
        preconditions=(
            *(policy_guard(detail, q) if grant_steps else ()),
            BucketConfigUnchanged(bucket, current),
        ),
        verify=(
            *grant_checks,
            BucketEntryPresent(bucket, ours),
            BucketEntriesPreserved(bucket, current, (ours["Id"],)),
        ),
        warnings=tuple(warnings),
        snapshots=(policy_snapshot(detail, q), BucketNotificationSnapshot(bucket)),
    )


# -- SNS ---------------------------------------------------------------------------------------


def add_sns_trigger_plan(
    session: AwsSession, detail: FunctionDetail, *, topic_arn: str, qualifier: str | None = None
) -> Plan:
    """Permission scoped to the topic, then the `lambda` subscription."""
    from lambdatui.actions.reads import subscribed

    f, q = detail.function, qualifier
    _check_qualifier(detail, q)
    parsed = parse_arn(topic_arn)
    if destination_kind(topic_arn) != "sns" or parsed is None:
        raise PlanError(f"{topic_arn} is not an SNS topic ARN")
    if parsed.region != f.region:
        raise PlanError(f"the topic is in {parsed.region}; subscribe it from that region")
    if _read(session, "sns", "get_topic_attributes", TopicArn=topic_arn) is None:
        raise PlanError(f"topic {topic_arn} does not exist")
    target = qualified_arn(detail, q)
    grant_steps, grant_checks = _grant(detail, "sns", "sns.amazonaws.com", topic_arn, q)
    if subscribed(session, topic_arn, target):
        if not grant_steps:
            raise PlanError(f"{target} is already subscribed to {topic_arn} and permitted")
        subscribe: list[Step] = []
    else:
        subscribe = [
            Step(
                sns_subscribe(topic_arn, target, region=f.region),
                f"Subscribe {f.name}{on(q)} to {parsed.resource}",
            )
        ]
    where = {"topic_arn": topic_arn, "endpoint": target}
    return Plan(
        title=f"Add an SNS trigger: topic {parsed.resource} → {f.name}{on(q)}",
        why=f"Messages published to {parsed.resource} will invoke {f.name}{on(q)}.",
        function_arn=f.arn,
        steps=(*grant_steps, *subscribe),
        preconditions=(
            *(policy_guard(detail, q) if grant_steps else ()),
            *((SnsSubscription(False, **where),) if subscribe else ()),
        ),
        verify=(*grant_checks, SnsSubscription(True, **where)),
        snapshots=(policy_snapshot(detail, q),),
    )


# -- EventBridge -------------------------------------------------------------------------------


def add_events_trigger_plan(
    session: AwsSession,
    detail: FunctionDetail,
    *,
    rule_name: str | None = None,
    schedule: str | None = None,
    bus: str = "default",
    qualifier: str | None = None,
) -> Plan:
    """An existing rule (`rule_name`) or a new schedule (`schedule`, named `rule_name` or after
    the function): permission, [PutRule,] PutTargets."""
    f, q = detail.function, qualifier
    _check_qualifier(detail, q)
    schedule = (schedule or "").strip() or None
    if not (rule_name or schedule):
        raise PlanError("name an existing rule or give a schedule")
    if schedule and (problem := schedule_error(schedule)):
        raise PlanError(problem)
    if schedule and bus != "default":
        raise PlanError("scheduled rules live on the default event bus")
    name = rule_name or f"lambdatui-{f.name}{'-' + q if q else ''}-{_digest(schedule)}"[-64:]
    if not _RULE_NAME.fullmatch(name):
        raise PlanError("a rule name is 1-64 letters, digits, '.', '-' or '_'")
    bus_params = {"EventBusName": bus} if bus != "default" else {}
    existing = _read(session, "events", "describe_rule", Name=name, **bus_params)
    if schedule and existing is not None:
        raise PlanError(f"rule {name} already exists: add it as an existing rule instead")
    if not schedule and existing is None:
        raise PlanError(f"rule {name} does not exist on bus {bus}")
    path = f"rule/{name}" if bus == "default" else f"rule/{bus}/{name}"
    partition = partition_of(f.arn)
    rule_arn = (existing or {}).get("Arn") or (
        f"arn:{partition}:events:{f.region}:{f.account}:{path}"
    )
    target = qualified_arn(detail, q)
    target_id = f"lambdatui-{f.name}{'-' + q if q else ''}"[-55:] + f"-{_digest(target)}"
    listed = _read(session, "events", "list_targets_by_rule", Rule=name, **bus_params) or {}
    targeted = any(t.get("Arn") == target for t in listed.get("Targets") or ())
    grant_steps, grant_checks = _grant(detail, "events", "events.amazonaws.com", rule_arn, q)
    if targeted and not grant_steps:
        raise PlanError(f"rule {name} already targets {target} and is permitted")
    steps = list(grant_steps)
    if schedule:
        steps.append(
            Step(
                events_put_rule(
                    name,
                    schedule=schedule,
                    bus=bus,
                    description=f"Invokes {f.name} (added by lambdatui)",
                    region=f.region,
                ),
                f"Create the rule {name} ({schedule})",
                events_delete_rule(name, bus=bus, region=f.region),
            )
        )
    if not targeted:
        steps.append(
            Step(
                events_put_targets(
                    name, [{"Id": target_id, "Arn": target}], bus=bus, region=f.region
                ),
                f"Make {f.name}{on(q)} a target of rule {name}",
                events_remove_targets(name, [target_id], bus=bus, region=f.region),
            )
        )
    return Plan(
        title=f"Add an EventBridge trigger: rule {name} → {f.name}{on(q)}",
        why=(
            f"A new rule {name} will invoke {f.name}{on(q)} on {schedule}."
            if schedule
            else f"Events matching rule {name} (bus {bus}) will invoke {f.name}{on(q)}."
        ),
        function_arn=f.arn,
        steps=tuple(steps),
        preconditions=(
            *(policy_guard(detail, q) if grant_steps else ()),
            EventsRule(name, bus, present=not schedule),
            EventsTarget(name, bus, target_id, present=False),
        ),
        verify=(
            *grant_checks,
            *(c for s in steps[len(grant_steps) :] for c in s.call.checks()),
        ),
        snapshots=(policy_snapshot(detail, q),),
    )


# -- from the form -------------------------------------------------------------------------------


def add_trigger_plan(
    session: AwsSession, detail: FunctionDetail, kind: str, form: Mapping[str, Any]
) -> Plan:
    """The trigger form's values (strings, as typed) → the plan for an S3, SNS or EventBridge
    trigger. S3 events are comma-separated (default `s3:ObjectCreated:*`). Raises
    `InvalidForm` (field → message) for values AWS would refuse, before anything is read."""
    if errors := validate_trigger_form(kind, form):
        raise InvalidForm(errors)
    qualifier = form.get("qualifier")
    if kind == "s3":
        events = [e.strip() for e in (form.get("events") or "s3:ObjectCreated:*").split(",")]
        return add_s3_trigger_plan(
            session,
            detail,
            bucket=form["bucket"],
            events=[e for e in events if e],
            prefix=form.get("prefix"),
            suffix=form.get("suffix"),
            qualifier=qualifier,
        )
    if kind == "sns":
        return add_sns_trigger_plan(
            session, detail, topic_arn=form["topic_arn"], qualifier=qualifier
        )
    if kind == "events":
        return add_events_trigger_plan(
            session,
            detail,
            rule_name=form.get("rule_name"),
            schedule=form.get("schedule"),
            bus=form.get("bus") or "default",
            qualifier=qualifier,
        )
    raise PlanError(f"lambdatui cannot add a {kind} trigger (S3, SNS or EventBridge)")
