"""Plans over destinations: async OnSuccess/OnFailure per qualifier, and mapping OnFailure; and
the (non-blocking) warnings about a destination the execution role may not be able to use."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lambdatui.actions.calls import (
    UNCHANGED,
    put_event_invoke_config,
    update_event_invoke_config,
    update_mapping_on_failure,
)
from lambdatui.actions.check_types import (
    InvokeConfigDestination,
    InvokeConfigSnapshot,
    InvokeConfigUnchanged,
    MappingOnFailure,
    MappingSnapshot,
)
from lambdatui.actions.permissions import on
from lambdatui.actions.plan import Plan, PlanError, Step
from lambdatui.actions.service_calls import delete_event_invoke_config
from lambdatui.actions.validate import destination_kind
from lambdatui.core.arn import (
    arn_like,
    region_of,
    resource_name,
    string_like,
    unqualified_function_arn,
)
from lambdatui.core.model import EventSourceMapping, FunctionDetail

if TYPE_CHECKING:
    from lambdatui.aws.session import AwsSession

SUCCESS_KINDS = ("sqs", "sns", "events", "lambda")
FAILURE_KINDS = (*SUCCESS_KINDS, "s3")
MAPPING_SOURCES = ("kinesis", "dynamodb", "kafka")
MAPPING_KINDS = ("sqs", "sns", "s3")
_KIND_NAMES = {
    "sqs": "an SQS queue",
    "sns": "an SNS topic",
    "events": "an EventBridge bus",
    "lambda": "a Lambda function",
    "s3": "an S3 bucket",
}


def _kinds(kinds: Iterable[str]) -> str:
    names = [_KIND_NAMES[k] for k in kinds]
    return ", ".join(names[:-1]) + f" or {names[-1]}"


def _check_target(detail: FunctionDetail, which: str, arn: Any, kinds: tuple[str, ...]) -> None:
    if arn is UNCHANGED or arn is None:
        return
    if destination_kind(arn) not in kinds:
        raise PlanError(f"{which} must be {_kinds(kinds)} ARN; {arn} is not")
    if unqualified_function_arn(arn) == detail.function.arn:
        raise PlanError("a function cannot be its own destination")


def set_destination_plan(
    detail: FunctionDetail,
    *,
    qualifier: str | None,
    on_success: str | None = UNCHANGED,
    on_failure: str | None = UNCHANGED,
) -> Plan:
    """Set (an ARN) or clear (None) async destinations; `UNCHANGED` leaves one as it is.

    Uses UpdateFunctionEventInvokeConfig when the qualifier has a config (retry settings
    survive), PutFunctionEventInvokeConfig only when it has none.
    """
    f, q = detail.function, qualifier
    if q and q not in detail.qualifiers:
        raise PlanError(f"{f.name} has no alias or version {q}")
    if detail.errors_for("ListFunctionEventInvokeConfigs"):
        raise PlanError("the async invoke configs could not be read; refresh and try again")
    _check_target(detail, "OnSuccess", on_success, SUCCESS_KINDS)
    _check_target(detail, "OnFailure", on_failure, FAILURE_KINDS)
    existing = next((d for d in detail.destinations if d.qualifier == q), None)
    before = (existing.on_success, existing.on_failure) if existing else (None, None)
    success = before[0] if on_success is UNCHANGED else on_success
    failure = before[1] if on_failure is UNCHANGED else on_failure
    if (success, failure) == before:
        raise PlanError("the destinations are already so: nothing to change")
    if existing:
        call = update_event_invoke_config(
            f.name, qualifier=q, on_success=success, on_failure=failure, region=f.region
        )
        undo = update_event_invoke_config(
            f.name, qualifier=q, on_success=before[0], on_failure=before[1], region=f.region
        )
        kept = {
            "maximum_retry_attempts": existing.maximum_retry_attempts,
            "maximum_event_age_seconds": existing.maximum_event_age_seconds,
        }
        config: dict[str, Any] | None = {"on_success": before[0], "on_failure": before[1], **kept}
        how = "Update (not Put), so the retry settings stay as they are."
    else:
        call = put_event_invoke_config(
            f.name, qualifier=q, on_success=success, on_failure=failure, region=f.region
        )
        undo = delete_event_invoke_config(f.name, qualifier=q, region=f.region)
        kept, config = {}, None
        how = f"{f.name}{on(q)} has no async invoke config yet, so one is created."
    changes = [
        f"{name}: {old or 'none'} → {new or 'none'}"
        for name, old, new in (("OnSuccess", before[0], success), ("OnFailure", before[1], failure))
        if old != new
    ]
    return Plan(
        title=f"Set the async destinations of {f.name}{on(q)}",
        why=f"{'; '.join(changes)}. {how}",
        function_arn=f.arn,
        steps=(Step(call, f"{'; '.join(changes)} on {f.name}{on(q)}", undo),),
        preconditions=(InvokeConfigUnchanged(f.name, q, config),),
        verify=(
            InvokeConfigDestination(
                f.name, q, {"on_success": success, "on_failure": failure, **kept}
            ),
        ),
        snapshots=(InvokeConfigSnapshot(f.name, q),),
    )


def mapping_on_failure_plan(mapping: EventSourceMapping, destination: str | None) -> Plan:
    """Set (or, with None, clear) the OnFailure destination of a Kinesis/DynamoDB/Kafka mapping."""
    if mapping.source not in MAPPING_SOURCES:
        raise PlanError(
            f"only Kinesis, DynamoDB and Kafka mappings have an OnFailure destination, "
            f"not {mapping.source}"
        )
    if destination is not None and destination_kind(destination) not in MAPPING_KINDS:
        raise PlanError(f"OnFailure must be {_kinds(MAPPING_KINDS)} ARN; {destination} is not")
    if destination == mapping.on_failure:
        raise PlanError("the mapping already sends its failures there: nothing to change")
    region = region_of(mapping.function_arn)
    source = resource_name(mapping.event_source_arn or mapping.uuid)
    call = update_mapping_on_failure(mapping.uuid, destination, region=region)
    undo = update_mapping_on_failure(mapping.uuid, mapping.on_failure, region=region)
    change = f"OnFailure: {mapping.on_failure or 'none'} → {destination or 'none'}"
    return Plan(
        title=f"Set the OnFailure destination of the {mapping.source} mapping {source}",
        why=f"{change}. Records that still fail after the retries are "
        + ("sent there." if destination else "dropped."),
        function_arn=unqualified_function_arn(mapping.function_arn),
        steps=(Step(call, f"{change} on mapping {mapping.uuid}", undo),),
        preconditions=(MappingOnFailure(mapping.uuid, mapping.on_failure),),
        verify=call.checks(),
        snapshots=(MappingSnapshot(mapping.uuid),),
    )


# -- warnings ----------------------------------------------------------------------------------


def _needs(kind: str, arn: str) -> list[tuple[str, str]]:
    """(action, resource) pairs the execution role needs to send to a destination."""
    return {
        "sqs": [("sqs:SendMessage", arn)],
        "sns": [("sns:Publish", arn)],
        "events": [("events:PutEvents", arn)],
        "lambda": [("lambda:InvokeFunction", arn)],
        "s3": [("s3:PutObject", f"{arn}/*"), ("s3:ListBucket", arn)],
    }[kind]


def _simulate(session: AwsSession, role_arn: str, needs: list[tuple[str, str]]) -> list[Any]:
    """The needs IAM's simulation does not allow; raises `AwsError` when it cannot answer."""
    from botocore.parsers import ResponseParserError

    from lambdatui.aws.translate import aws_call
    from lambdatui.core.errors import NotSupported

    denied = []
    for action, resource in needs:
        try:
            with aws_call("iam", "SimulatePrincipalPolicy", role_arn):
                answer = session.client("iam").simulate_principal_policy(
                    PolicySourceArn=role_arn, ActionNames=[action], ResourceArns=[resource]
                )
        except ResponseParserError as exc:  # an HTML error page (emulators); not a BotoCoreError
            raise NotSupported(str(exc), code="ResponseParserError", service="iam") from exc
        results = answer.get("EvaluationResults") or [{}]
        if results[0].get("EvalDecision") != "allowed":
            denied.append((action, resource))
    return denied


def _document(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(unquote(value))
    return value if isinstance(value, dict) else {}


def _role_documents(session: AwsSession, role_name: str) -> list[dict[str, Any]]:
    """The role's inline and attached (default version) policy documents."""
    from lambdatui.aws.translate import aws_call

    iam = session.client("iam")
    docs = []
    with aws_call("iam", "GetRole", role_name):
        iam.get_role(RoleName=role_name)
    with aws_call("iam", "ListRolePolicies", role_name):
        names = [
            n
            for page in iam.get_paginator("list_role_policies").paginate(RoleName=role_name)
            for n in page.get("PolicyNames") or ()
        ]
        for name in names:
            answer = iam.get_role_policy(RoleName=role_name, PolicyName=name)
            docs.append(_document(answer.get("PolicyDocument")))
    with aws_call("iam", "ListAttachedRolePolicies", role_name):
        pages = iam.get_paginator("list_attached_role_policies").paginate(RoleName=role_name)
        for arn in [p["PolicyArn"] for page in pages for p in page.get("AttachedPolicies") or ()]:
            version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
            answer = iam.get_policy_version(PolicyArn=arn, VersionId=version)
            docs.append(_document(answer["PolicyVersion"].get("Document")))
    return docs


def _listed(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or ()]


def _matches(statement: dict[str, Any], action: str, resource: str) -> bool:
    def act(pattern: str) -> bool:
        return string_like(pattern.lower(), action.lower())

    def res(pattern: str) -> bool:
        return pattern == "*" or arn_like(pattern, resource)

    if "NotAction" in statement:
        action_ok = not any(act(p) for p in _listed(statement["NotAction"]))
    else:
        action_ok = any(act(p) for p in _listed(statement.get("Action")))
    if "NotResource" in statement:
        return action_ok and not any(res(p) for p in _listed(statement["NotResource"]))
    return action_ok and any(res(p) for p in _listed(statement.get("Resource")))


def _allowed(docs: list[dict[str, Any]], action: str, resource: str) -> bool:
    statements = [s for d in docs for s in _statements(d)]
    if any(s.get("Effect") == "Deny" and _matches(s, action, resource) for s in statements):
        return False
    return any(s.get("Effect") == "Allow" and _matches(s, action, resource) for s in statements)


def _statements(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found = doc.get("Statement") or []
    return [found] if isinstance(found, dict) else [s for s in found if isinstance(s, dict)]


def destination_warnings(session: AwsSession, role_arn: str | None, target_arn: str) -> list[str]:
    """Why a destination might not receive events: it does not exist, or the execution role
    cannot write to it (IAM simulation when it answers, else the role's policies as read;
    conditions and permission boundaries are not considered). Warnings only, never blocking."""
    from lambdatui.aws.destination_reader import DestinationReader
    from lambdatui.core.errors import AwsError

    kind = destination_kind(target_arn)
    if kind is None:
        return [f"{target_arn} is not a queue, topic, bus, function or bucket ARN."]
    warnings = []
    exists = DestinationReader(session).exists(target_arn)
    if exists is False:
        warnings.append(f"{target_arn} does not exist: events sent to it would be lost.")
    elif exists is None:
        warnings.append(f"Could not check whether {target_arn} exists.")
    if not role_arn:
        return [*warnings, "The function has no execution role to check."]
    needs = _needs(kind, target_arn)
    role_name = role_arn.rsplit("/", 1)[-1]
    try:
        denied = _simulate(session, role_arn, needs)
    except AwsError:
        try:
            docs = _role_documents(session, role_name)
        except AwsError as exc:
            actions = " and ".join(a for a, _ in needs)
            return [
                *warnings,
                f"Could not read the policies of the execution role {role_name} "
                f"({exc.message}): check that it may {actions} on {target_arn}.",
            ]
        denied = [(a, r) for a, r in needs if not _allowed(docs, a, r)]
    warnings += [
        f"The execution role {role_name} may not {action} on {resource}: the destination "
        "would not receive events. Grant it in the role's policy."
        for action, resource in denied
    ]
    return warnings
